"""Words → tsvector and tsquery literals of our own analysis (search/analysis.words), so that
no PostgreSQL text-search parser, dictionary or locale is involved: the database ranks by
exactly the words the Whoosh index would hold. (Matching needs no literal: search_text keeps
the normalised text itself, search/postgres/schema.py.)
"""
from archive.text import normalise
from search.analysis import words

MAX_POSITION = 16383  # tsvector's last position
# tsvector weights: a whole word counts as B, a dictionary sub-word (search/analysis.words) as
# D; ts_rank's default weights (D 0.1, B 0.4) keep about analysis.SUBWORD_WEIGHT between them.
WHOLE_WORD, SUB_WORD = "B", "D"


def lexeme(text):
    """A lexeme quoted for a tsvector or tsquery literal."""
    return f"'{_escaped(text)}'"


def word_vector(text):
    """The words of a text (analysis.words) at their positions, sub-words weighted lower, a
    lexeme a position (PostgreSQL merges a lexeme's positions as it reads the literal: three
    times as fast as grouping them here). Words only rank (they never decide a match): those
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


def words_query(word_list):
    """A tsquery of words standing one after another (one word: the word)."""
    return " <-> ".join(lexeme(word) for word in word_list)
