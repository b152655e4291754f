"""How many times a term occurs in the matching documents, counted from the index's postings
(search.engine.Engine.occurrences) as str.count counts it on the normalised text: occurrences
that do not overlap one another, found from the left.

A character is its characters field's term, whose postings weigh its occurrences; a
two-character term is one bigram, whose postings weigh its positions; a longer term is the
phrase of its bigrams, whose starts are counted. A term that can overlap itself (哈哈 in
哈哈哈, 一个一 in 一个一个一) is counted from its starts, each taken only where the one
taken before it has ended.
"""

import numpy as np

from search.analysis import query_bigrams
from search.whoosh.matching import CHARACTERS, FIELDS
from search.whoosh.posting_arrays import phrase_starts, postings


def occurrences(searcher, selected, field, text):
    """Occurrences of the normalised `text` in the field ("" title and body, "title") of the
    documents of the sorted array `selected`."""
    fieldname = FIELDS[field]
    if len(text) == 1:
        return weighed(searcher, CHARACTERS[fieldname], text, selected)
    if len(text) == 2 and not overlaps(text):
        return weighed(searcher, fieldname, text, selected)
    starts = phrase_starts(searcher, fieldname, query_bigrams(text), selected)
    return taken_in_turn(starts, len(text)) if overlaps(text) else len(starts)


def weighed(searcher, fieldname, term, selected):
    """The sum of the term's weights over the selected documents, less the field's boost."""
    boost = searcher.schema[fieldname].format.field_boost
    total = 0
    for part in postings(searcher, fieldname, term):
        held = np.isin(part.docs, selected, assume_unique=True)
        total += int(np.rint(part.weights[held] / boost).sum())
    return total


def overlaps(text):
    """Whether two occurrences of text can overlap: some proper prefix of it is also its suffix."""
    return any(text[:k] == text[-k:] for k in range(1, len(text)))


def taken_in_turn(starts, length):
    """How many of the sorted (document << 32) + position starts str.count would count: each
    one at or after the end of the last taken in its document."""
    taken, end = 0, -1
    for start in starts.tolist():
        if start >= end:
            taken += 1
            end = start + length
    return taken
