"""The index's tables (search's migrations 0002 to 0008 create them, on PostgreSQL only).

search_text: a story's fields as search sees them (archive.text.normalise of the text, the
title, the source's name), a row each: what a write compares to know whether a story's texts
changed, and what confirms a query term of three characters or more among the stories whose
grams hold all of its bigrams (strpos): exact, whatever the story's length. search_story: a
row per indexed story — the number of its last write and of the write of its texts (its
postings'), its fields' lengths in words, and the facet and filter values search counts, as the
Whoosh index stores them (search/search_indexes.py prepares both). search_posting: the words'
postings, which rank, and the grams' postings, which match (search/postgres/postings.py), a
field number each."""
import numpy as np

TEXT, TITLE, SOURCE = 0, 1, 2  # search_text.field; the words' search_posting.field (text and title)
GRAM_FIELDS = {TEXT: 3, TITLE: 4, SOURCE: 5}  # search_posting.field of each text field's grams
TABLES = ("search_text", "search_story", "search_posting")
# The (article_id, number) rows of a statement as two values, each one bytea of big-endian
# int8s: two values to fetch instead of a row per story (pairs() reads them).
PAIRS = ("SELECT string_agg(int8send(id), ''::bytea), string_agg(int8send(number), ''::bytea) "
         "FROM ({stories}) AS found(id, number)")


def pairs(cursor):
    """The two arrays of a PAIRS statement just run."""
    return (np.frombuffer(column or b"", ">i8").astype(np.int64) for column in cursor.fetchone())

