"""Text → tsvector and tsquery literals of our own analysis (search/analysis.py), so that no
PostgreSQL text-search parser, dictionary or locale is involved: the database stores and
matches exactly the terms the Whoosh index would hold.

tsvector keeps positions up to 16,383 and 256 positions of a lexeme (the rest are dropped
silently: measured). A bigram field's text is therefore cut into overlapping pieces within
both limits (pieces()), a row each: a query term of up to MAX_QUERY_LENGTH characters lies
whole in some piece, so a story of any length is found exactly.
"""
import numpy as np

from archive.text import normalise
from search.analysis import bigram_keys, bigrams, character_keys, query_bigrams, words
from search.query import MAX_QUERY_LENGTH

MAX_POSITION, MAX_POSITIONS = 16383, 256
# tsvector weights: a whole word counts as B, a dictionary sub-word (search/analysis.words) as
# D; ts_rank's default weights (D 0.1, B 0.4) keep about analysis.SUBWORD_WEIGHT between them.
WHOLE_WORD, SUB_WORD = "B", "D"


def lexeme(text):
    """A lexeme quoted for a tsvector or tsquery literal."""
    return f"'{_escaped(text)}'"


def pieces(normalised, overlap=MAX_QUERY_LENGTH):
    """The text cut into pieces within tsvector's limits — at most MAX_POSITION positions, and
    MAX_POSITIONS of any one bigram — each starting `overlap` - 1 characters before the last one
    ends, so that a query term (at most MAX_QUERY_LENGTH characters) lies whole in some piece.
    Only a run that repeats one bigram MAX_POSITIONS times within `overlap` characters (哈哈哈…)
    gets less overlap: half a piece. Most stories are one piece, seen at once (numpy)."""
    if len(normalised) <= MAX_POSITION and most_of_one_bigram(normalised) <= MAX_POSITIONS:
        return [normalised]
    found, start = [], 0
    while True:
        counts, stop = {}, start  # the piece's bigrams are those starting at start … stop - 1
        while stop < len(normalised) - 1 and stop - start < MAX_POSITION - 1:
            gram = normalised[stop:stop + 2]
            if counts.get(gram, 0) == MAX_POSITIONS:
                break
            counts[gram] = counts.get(gram, 0) + 1
            stop += 1
        found.append(normalised[start:stop + 1])
        if stop >= len(normalised) - 1:
            return found
        start = max(stop + 2 - overlap, start + (stop - start) // 2 + 1)


def most_of_one_bigram(normalised):
    """How often the text's most frequent bigram occurs in it (numpy: no Python step a character)."""
    if len(normalised) < 2:
        return 0
    return int(np.unique(bigram_keys(normalised)[:-1], return_counts=True)[1].max())


def bigram_vector(piece):
    """A piece's bigrams (analysis.bigrams: the last character alone too) with their positions,
    a lexeme a position: PostgreSQL merges a lexeme's positions as it reads the literal (three
    times as fast as grouping them here)."""
    grams = bigrams(piece)
    if "'" in piece or "\\" in piece:
        grams = [_escaped(gram) for gram in grams]
    return " ".join(map("'{}':{}".format, grams, range(1, len(grams) + 1)))


def character_vector(normalised):
    """The distinct characters of a text, without positions."""
    return " ".join(lexeme(chr(code)) for code in character_keys(normalised).tolist())


def word_vector(text):
    """The words of a text (analysis.words) at their positions, sub-words weighted lower, a
    lexeme a position (as bigram_vector). Words only rank (they never decide a match): those
    past tsvector's last position are left out, which also keeps the vector within its size
    limit (1 MB) however long the story, and a word's positions past the 256th are dropped by
    PostgreSQL."""
    found = words(text)
    if "'" in normalise(text) or "\\" in normalise(text):  # (normalise keeps its last answers)
        found = [(position, _escaped(word), weight) for position, word, weight in found]
    return " ".join(f"'{word}':{position + 1}{WHOLE_WORD if weight == 1.0 else SUB_WORD}"
                    for position, word, weight in found if position < MAX_POSITION)


def _escaped(term):
    """A lexeme's text as it goes between quotes in a literal."""
    return term.replace("\\", "\\\\").replace("'", "''")


def substring_query(normalised):
    """A tsquery that a bigram vector matches when its text holds `normalised` (two or more
    characters): the phrase of its bigrams."""
    return " <-> ".join(lexeme(gram) for gram in query_bigrams(normalised))


def prefix_query(character):
    """A tsquery of every bigram that begins with `character` (and the character alone)."""
    return f"{lexeme(character)}:*"


def words_query(word_list):
    """A tsquery of words standing one after another (one word: the word)."""
    return " <-> ".join(lexeme(word) for word in word_list)
