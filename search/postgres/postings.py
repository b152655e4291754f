"""The PostgreSQL index's word postings, which rank (search/postgres/ranking.py): for each word
of a story's text and title, the story's id, the word's weighted frequency there (sub-words
count analysis.SUBWORD_WEIGHT) and the number of the write that made it (search_story.texts).

A word is known by a 64-bit hash of it, and lives in one of BUCKETS buckets by that hash. A
search_posting row holds one field's postings of one bucket from one write — or from several,
once merged — compressed: a word's postings are read with a few rows of its bucket, not with
every holder's row, which is what made the commonest words slow to rank with tsvectors
(bench/RESULTS.md). A posting counts only while its write number is the story's texts number:
a story whose texts were written again, or removed, leaves stale postings behind, which merging
drops.
"""
import hashlib
import zlib
from collections import defaultdict

import numpy as np

from search.analysis import words

BUCKETS = 4096
# A bucket with more rows than this is merged into one row (its stale postings dropped) by
# the write that adds the row past it: an ingest adds a row a bucket for every PER_ROW stories,
# an edit a few small ones.
MERGE_AT = 8
PER_ROW = 5000
HEADER = np.dtype("<u4")
WORD, ID, WEIGHT, WRITTEN = np.dtype("<u8"), np.dtype("<i8"), np.dtype("<f4"), np.dtype("<i8")


def word_hash(word):
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def word_weights(text):
    """(word hashes, their weighted frequencies, the field's length in words and sub-words) of
    a text: what a story adds to one field's postings."""
    found = words(text)
    weights = defaultdict(float)
    for _, word, weight in found:
        weights[word] += weight
    hashes = np.fromiter(map(word_hash, weights), WORD, count=len(weights))
    return hashes, np.fromiter(weights.values(), WEIGHT, count=len(weights)), len(found)


class Gathered:
    """One field's postings of many stories, as arrays, until they are cut into rows."""

    def __init__(self):
        self.parts = []

    def add(self, pk, hashes, weights, written):
        self.parts.append((hashes, np.full(len(hashes), pk, ID), weights, np.full(len(hashes), written, WRITTEN)))

    def __len__(self):
        return len(self.parts)

    def rows(self):
        """[(bucket, data)]: the gathered postings by bucket, then emptied."""
        if not self.parts:
            return []
        hashes, ids, weights, written = (np.concatenate(column) for column in zip(*self.parts))
        self.parts = []
        return cut(hashes, ids, weights, written)


def cut(hashes, ids, weights, written):
    """[(bucket, data)] of these postings: a row's worth for each bucket they fall in."""
    buckets = (hashes % BUCKETS).astype(np.int64)
    order = np.lexsort((ids, hashes, buckets))
    hashes, ids, weights, written, buckets = hashes[order], ids[order], weights[order], written[order], buckets[order]
    bounds = np.flatnonzero(np.diff(buckets, prepend=-1, append=BUCKETS)).tolist()
    return [(int(buckets[start]), encode(hashes[start:end], ids[start:end], weights[start:end], written[start:end]))
            for start, end in zip(bounds[:-1], bounds[1:])]


def encode(hashes, ids, weights, written):
    """A row's data: postings sorted by word, then id, as each word once with its count and
    the ids, weights and write numbers, compressed."""
    words_of_row, counts = np.unique(hashes, return_counts=True)
    parts = (np.array([len(words_of_row)], HEADER), words_of_row.astype(WORD), counts.astype(HEADER),
             np.diff(ids, prepend=0).astype(ID), weights.astype(WEIGHT), written.astype(WRITTEN))
    return zlib.compress(b"".join(part.tobytes() for part in parts), 1)


def decode(data):
    """(hashes, ids, weights, written) of a row's postings."""
    raw = zlib.decompress(data)
    count = int(np.frombuffer(raw, HEADER, 1)[0])
    at = HEADER.itemsize
    words_of_row = np.frombuffer(raw, WORD, count, at)
    at += count * WORD.itemsize
    counts = np.frombuffer(raw, HEADER, count, at)
    at += count * HEADER.itemsize
    total = int(counts.sum())
    ids = np.cumsum(np.frombuffer(raw, ID, total, at))
    at += total * ID.itemsize
    weights = np.frombuffer(raw, WEIGHT, total, at)
    written = np.frombuffer(raw, WRITTEN, total, at + total * WEIGHT.itemsize)
    return np.repeat(words_of_row, counts), ids, weights, written
