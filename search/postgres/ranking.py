"""Relevance on the PostgreSQL engine: Whoosh's BM25F (search/bm25.py) over the word postings
of the query's rank_parts (search/query.py), read a bucket's rows at a time
(search/postgres/postings.py), as the Whoosh engine ranks over its posting lists.

A story scores the sum of its parts; a part of several words (a phrase, or a term jieba cuts
in two) scores its words' sum in the stories that hold them all — the story matched the exact
text, so no positions are kept. Holders and lengths are those of the stories the process keeps
(search/postgres/columns.py: every story indexed when it first searched, and every one it has
met since).
"""
from dataclasses import dataclass

import numpy as np

from search import bm25 as formula
from search.postgres import postings, schema

FIELDS = {"text": schema.TEXT, "title": schema.TITLE}


@dataclass
class Stories:
    """What ranking needs of the kept stories: the number of the write of each one's texts and
    postings (0: none kept), by article id; each field's lengths as scored (bm25.quantized) and their mean (in
    words and sub-words); how many stories there are."""

    texts: np.ndarray
    lengths: dict
    averages: dict
    count: int

    @classmethod
    def of(cls, texts, lengths):
        """Of the texts numbers and the exact {field: lengths} of every article id."""
        kept = texts != 0
        return cls(texts, {field: formula.quantized(of_field) for field, of_field in lengths.items()},
                   {field: of_field[kept].mean() if kept.any() else 1 for field, of_field in lengths.items()},
                   int(kept.sum()))


def ranked(cursor, parsed, stories, shown, limit):
    """The best `limit` of the shown article ids (a sorted array) that hold a word of the query,
    best first, ties by lower id."""
    parts = parsed.rank_parts()
    if not parts or not len(shown):
        return []
    found = _postings(cursor, {(FIELDS[fieldname], word) for fieldname, words in parts for word in words}, stories)
    total = np.zeros(len(stories.texts))
    scored = np.zeros(len(total), dtype=bool)
    for fieldname, words in parts:
        field = FIELDS[fieldname]
        scores = [_bm25(*found[field, word], stories.lengths[field], stories.averages[field], stories.count)
                  for word in words]
        holders = scores[0][0]
        for ids, _ in scores[1:]:
            holders = np.intersect1d(holders, ids, assume_unique=True)
        for ids, word_scores in scores:
            total[holders] += word_scores[np.searchsorted(ids, holders)]
        scored[holders] = True
    return formula.best(total, scored, shown, limit)


def _bm25(ids, tf, lengths, average, documents):
    return ids, formula.bm25(tf, lengths[ids], average, len(ids), documents)


def _postings(cursor, wanted, stories):
    """{(field, word): (article ids, weighted frequencies)} of the kept stories' current postings,
    ids ascending."""
    hashes = {key: postings.word_hash(key[1]) for key in wanted}
    current = postings.current_postings(cursor, {(field, hashes[field, word]) for field, word in wanted}, stories.texts)
    found = {}
    for (field, word), wanted_hash in hashes.items():
        ids, tf = current[field, wanted_hash]
        found[field, word] = ids, tf.astype(np.float64)
    return found
