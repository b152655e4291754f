"""Words → tsvector and tsquery literals of our own analysis (search/analysis.words), so that
no PostgreSQL text-search parser, dictionary or locale is involved: the database ranks by
exactly the words the Whoosh index would hold. (Matching needs no literal: search_text keeps
the normalised text itself, search/postgres/schema.py.)
"""
from archive.text import normalise
from search.analysis import words

MAX_POSITION = 16383  # tsvector's last position
# tsvector weights, by (in the title, a whole word): the ranking's defaults (A 1.0, B 0.4, C 0.2,
# D 0.1) keep about analysis.SUBWORD_WEIGHT between a sub-word (search/analysis.words) and its
# word, and weigh the title's words 2.5 times the body's (the Whoosh index boosts its title
# field 2 times).
WEIGHT = {(True, True): "A", (True, False): "C", (False, True): "B", (False, False): "D"}
TITLE_WEIGHTS = "AC"


def lexeme(text):
    """A lexeme quoted for a tsvector or tsquery literal."""
    return f"'{_escaped(text)}'"


def word_vector(text, title):
    """The words of a story's text (analysis.words of archive.text.searchable: the title, then the
    body) at their positions, the title's weighted higher, sub-words lower, a lexeme a position
    (PostgreSQL merges a lexeme's positions as it reads the literal: three times as fast as
    grouping them here). Words only rank (they never decide a match): those past tsvector's
    last position are left out, which also keeps the vector within its size limit (1 MB)
    however long the story, and a word's positions past the 256th are dropped by PostgreSQL."""
    found = words(text)
    title_positions = sum(weight == 1.0 for _, _, weight in words(title))  # the title's words come first
    if "'" in normalise(text) or "\\" in normalise(text):  # (normalise keeps its last answers)
        found = [(position, _escaped(word), weight) for position, word, weight in found]
    return " ".join(f"'{word}':{position + 1}{WEIGHT[position < title_positions, weight == 1.0]}"
                    for position, word, weight in found if position < MAX_POSITION)


def _escaped(term):
    """A lexeme's text as it goes between quotes in a literal."""
    return term.replace("\\", "\\\\").replace("'", "''")


def words_query(word_list, weights=""):
    """A tsquery of words standing one after another (one word: the word), at positions of
    these weights only (TITLE_WEIGHTS: in the title) or anywhere."""
    return " <-> ".join(lexeme(word) + (f":{weights}" if weights else "") for word in word_list)
