"""Relevance: Whoosh's BM25F, computed over whole posting lists with numpy.

What is ranked: the query's rank_parts (search/query.py), words of the word fields. A story
scores the sum of its parts, as Whoosh's Or would score it; stories that match the query
but hold no term as a word of its own score nothing and follow (see engine.page_ids).
"""

import threading

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN

from search.whoosh import bm25 as formula
from search.whoosh.posting_arrays import NONE, phrase_docs, postings

_lock = threading.Lock()
_lengths = {}  # (segment id, field) -> each document's field length


def ranked(searcher, parsed, selected, limit):
    """The first `limit` of `selected` (sorted document numbers) by score, best first (ties:
    lower document number first); only documents that score. Scores are summed in an array
    over every document number and only the best are sorted: no sort of all the hits."""
    parts = parsed.rank_parts()
    if not parts:
        return []
    total = np.zeros(searcher.reader().doc_count_all())
    scored = np.zeros(len(total), dtype=bool)
    for fieldname, words in parts:
        docs, scores = part_score(searcher, fieldname, words)
        total[docs] += scores  # a part holds each document once
        scored[docs] = True
    return formula.best(total, scored, selected, limit)


def part_score(searcher, fieldname, words):
    """(documents, scores) of one word, or of a phrase (its words' scores summed where the
    phrase stands)."""
    if len(words) == 1:
        return bm25(searcher, fieldname, words[0])
    docs = phrase_docs(searcher, fieldname, words)
    total = np.zeros(len(docs))
    for word in words:
        word_docs, word_scores = bm25(searcher, fieldname, word)
        total += word_scores[np.searchsorted(word_docs, docs)]
    return docs, total


def field_lengths(reader, fieldname):
    """Each document's length in `fieldname` in one segment (segments never change)."""
    key = (reader.segment().segment_id(), fieldname)
    with _lock:
        found = _lengths.get(key)
    if found is None:
        column = reader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        count = reader.doc_count_all()
        codes = np.fromiter(column, dtype=np.uint8, count=count) if column is not None else np.zeros(count, np.uint8)
        found = formula.BYTE_LENGTH[codes]
        with _lock:
            _lengths[key] = found
    return found


def bm25(searcher, fieldname, text):
    """(document numbers, BM25 scores) of `text` in `fieldname`: Whoosh's BM25F."""
    ixreader = searcher.reader()
    _forget_other_segments({reader.segment().segment_id() for reader, _ in ixreader.leaf_readers()})
    parts = postings(searcher, fieldname, text)
    if not parts:
        return NONE, np.zeros(0)
    documents = ixreader.doc_count_all()
    average = ixreader.field_length(fieldname) / (documents or 1)
    docs = np.concatenate([p.docs for p in parts])
    tf = np.concatenate([p.weights for p in parts])
    length = np.concatenate([field_lengths(p.reader, fieldname)[p.docs - p.offset] for p in parts])
    return docs, formula.bm25(tf, length, average, ixreader.doc_frequency(fieldname, text), documents)


def _forget_other_segments(segment_ids):
    """Merged-away segments' lengths go (another index's come back when next asked for)."""
    with _lock:
        for key in [key for key in _lengths if key[0] not in segment_ids]:
            del _lengths[key]
