"""Whoosh's BM25F of a word over whole posting arrays, and the best of the selected documents
by their summed scores, with numpy: the Whoosh engine's ranking without a scorer call a posting."""

import math

import numpy as np
from whoosh.util.numeric import byte_to_length

# Whoosh's BM25F defaults (whoosh.scoring.BM25F).
B, K1 = 0.75, 1.2
BYTE_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)  # a length byte's length


def bm25(tf, length, average, holders, documents):
    """The BM25F scores of one word's postings: tf its (weighted) frequency in each holder,
    length each holder's field length, average the field's mean length, holders how many
    documents hold the word, documents how many there are."""
    idf = math.log(documents / (holders + 1)) + 1
    return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * length / (average or 1))))


def best(total, scored, selected, limit):
    """The first `limit` of `selected` (sorted document numbers) by total[number], best first
    (ties: lower number first), among those scored (a mask); only the best are sorted."""
    docs = selected[scored[selected]]
    scores = total[docs]
    if len(docs) > limit:
        edge = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        docs, scores = docs[scores >= edge], scores[scores >= edge]  # ties at the edge stay
    return docs[np.lexsort((docs, -scores))[:limit]].tolist()
