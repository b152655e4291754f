"""The PostgreSQL index's postings, kept in search_posting as compressed rows by bucket: a
field's postings of one bucket from one write — or from several, once merged — so that a key's
postings are read with a few rows of its bucket, not with every holder's row (which is what
made the commonest words slow to rank with tsvectors, and every gram of an ingest costly to
index with GIN: bench/RESULTS.md).

Two kinds, each a field of its own in search_posting (search/postgres/schema.py):
- words, which rank (ranking.py): for each word of a story's text and title, the story's id and
  the word's weighted frequency there (sub-words count analysis.SUBWORD_WEIGHT); a word is known
  by a 64-bit hash of it;
- grams, which match (matching.py): for each distinct character and bigram of a field's
  normalised text, the story's id; a gram is known by its number (grams.py).
Every posting carries the number of the write that made it, and counts only while that number
is the story's texts number (search_story.texts): a story whose texts were written again, or
removed, leaves stale postings behind, which merging drops.
"""
import hashlib
import zlib
from collections import defaultdict

import numpy as np

from search.analysis import word_frequencies
from search.postgres import schema

BUCKETS = 4096  # a key's bucket: its top 12 bits (words' hashes and grams' numbers spread evenly)
BUCKET_SHIFT = np.uint64(64 - 12)
PER_ROW = 5000  # stories whose postings a write gathers before inserting them
# A bucket with more rows than this is merged into one row (its stale postings dropped) by the
# write that adds the row past it. An ingest adds a row to most buckets at every write (of
# SEARCH_INDEX_ALONGSIDE stories: archive/settings.py); a search reads a bucket's rows for each
# of its words and grams, a few kilobytes each.
MERGE_AT = 32
READ = ("SELECT field, bucket, data FROM search_posting WHERE (field, bucket) IN "
        "(SELECT * FROM unnest(%s::smallint[], %s::int[]))")
HEADER = np.dtype("<u4")
KEY, ID, WEIGHT, WRITTEN = np.dtype("<u8"), np.dtype("<i8"), np.dtype("<f4"), np.dtype("<i8")
# What a kind of postings holds after each posting's story id: the words' weighted frequencies
# and write numbers, the grams' write numbers.
WORDS = (WEIGHT, WRITTEN)
GRAMS = (WRITTEN,)


def kind_of(field):
    """The kind of a search_posting field's postings (WORDS or GRAMS)."""
    return GRAMS if field in schema.GRAM_FIELDS.values() else WORDS


def bucket_of(key):
    return int(np.uint64(key) >> BUCKET_SHIFT)


def word_hash(word):
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


class _WordHashes(dict):
    """word → word_hash(word), emptied when it holds WORD_HASHES_KEPT words: most of a story's
    words are common ones, and looking a hash up costs a third of making it again."""

    def __missing__(self, word):
        if len(self) >= WORD_HASHES_KEPT:
            self.clear()
        self[word] = found = word_hash(word)
        return found


WORD_HASHES_KEPT = 1 << 18  # some 40 MB in a writer's process
_WORD_HASHES = _WordHashes()


def word_weights(text):
    """(word hashes, their weighted frequencies, the field's length in words and sub-words) of
    a text: what a story adds to one field's postings."""
    frequencies, length = word_frequencies(text)
    hashes = np.fromiter(map(_WORD_HASHES.__getitem__, frequencies), KEY, count=len(frequencies))
    return hashes, np.fromiter(frequencies.values(), WEIGHT, count=len(frequencies)), length


class Gathered:
    """One field's postings of many stories, as arrays, until they are cut into rows."""

    def __init__(self, kind):
        self.kind = kind
        self.parts = []

    def add(self, pk, keys, *values, written):
        """A story's postings: its distinct keys, the kind's columns but the last, the write number."""
        values = [np.asarray(column, dtype) for column, dtype in zip(values, self.kind[:-1], strict=True)]
        self.parts.append((pk, (keys, np.full(len(keys), pk, ID), *values, np.full(len(keys), written, WRITTEN))))

    def __len__(self):
        return len(self.parts)

    def rows(self):
        """[(bucket, data)]: the gathered postings by bucket, then emptied."""
        if not self.parts:
            return []
        self.parts.sort(key=lambda part: part[0])  # ids ascending: cut sorts by key alone
        columns = [np.concatenate(column) for column in zip(*(arrays for _, arrays in self.parts))]
        self.parts = []
        return cut(*columns)


def cut(keys, ids, *columns):
    """[(bucket, data)] of these postings: a row for each bucket they fall in, its postings
    sorted by key, then id, as each key once with its count, the ids (as differences from the
    row's previous one) and the kind's columns, compressed. Sorting by key sorts by bucket;
    postings gathered in id order need only a stable sort by key. The rows' parts are made for
    all of them at once, then sliced: a write cuts some 16,000 rows."""
    ascending = not len(ids) or bool((ids[1:] >= ids[:-1]).all())
    order = np.argsort(keys, kind="stable") if ascending else np.lexsort((ids, keys))
    keys, ids = keys[order], ids[order]
    columns = [column[order] for column in columns]
    buckets = (keys >> BUCKET_SHIFT).astype(np.int64)
    rows = np.flatnonzero(np.diff(buckets, prepend=-1, append=BUCKETS)).tolist()  # where each row starts, and the end
    starts = np.flatnonzero(np.diff(keys, prepend=~keys[:1]) != 0)  # where each key's postings start
    distinct, counts = keys[starts], np.diff(starts, append=len(keys)).astype(HEADER)
    row_keys = np.searchsorted(starts, rows).tolist()  # where each row's keys start among the distinct ones
    deltas = np.diff(ids, prepend=0)
    deltas[rows[:-1]] = ids[rows[:-1]]  # a row's first id as it is
    deltas = deltas.astype(ID)
    parts = [distinct.astype(KEY), counts, deltas, *columns]
    return [(int(buckets[start]), zlib.compress(b"".join((
        np.array([keys_end - keys_start], HEADER).tobytes(),
        *(part[keys_start:keys_end].tobytes() for part in parts[:2]),
        *(part[start:end].tobytes() for part in parts[2:]))), 1))
        for start, end, keys_start, keys_end in zip(rows[:-1], rows[1:], row_keys[:-1], row_keys[1:])]


def decode(data, kind):
    """(keys, ids, *the kind's columns) of a row's postings."""
    raw = zlib.decompress(data)
    count = int(np.frombuffer(raw, HEADER, 1)[0])
    at = HEADER.itemsize
    keys_of_row = np.frombuffer(raw, KEY, count, at)
    at += count * KEY.itemsize
    counts = np.frombuffer(raw, HEADER, count, at)
    at += count * HEADER.itemsize
    total = int(counts.sum())
    ids = np.cumsum(np.frombuffer(raw, ID, total, at))
    at += total * ID.itemsize
    columns = []
    for dtype in kind:
        columns.append(np.frombuffer(raw, dtype, total, at))
        at += total * dtype.itemsize
    return (np.repeat(keys_of_row, counts), ids, *columns)


def current_postings(cursor, wanted, texts):
    """{(search_posting field, key): (ids ascending, the kind's columns but the write number)}
    of the current postings of these keys, their buckets' rows read in one statement (`texts`:
    the stories' texts numbers by article id, 0 for none)."""
    buckets = sorted({(field, bucket_of(key)) for field, key in wanted})
    rows = defaultdict(list)  # (field, bucket) -> its rows' postings
    if buckets:
        cursor.execute(READ, [[field for field, _ in buckets], [bucket for _, bucket in buckets]])
        for field, bucket, data in cursor.fetchall():
            rows[field, bucket].append(decode(data, kind_of(field)))
    return {(field, key): _holding(rows[field, bucket_of(key)], key, texts, kind_of(field)) for field, key in wanted}


def is_current(ids, written, texts):
    """Which of these postings (their story ids and write numbers) count: those whose write
    number is their story's texts number (`texts`: by article id, 0 for none). A story past the
    end of `texts`, written after they were read (none read yet, even), does not count yet."""
    current = np.zeros(len(ids), bool)
    known = np.flatnonzero(ids < len(texts))
    current[known] = written[known] == texts[ids[known]]
    return current


def _holding(rows, key, texts, kind):
    """(ids ascending, the kind's columns but the write number) of the current postings of one
    key in these decoded rows of its bucket."""
    parts = []
    for keys, *columns in rows:
        start, end = (np.searchsorted(keys, np.uint64(key), side) for side in ("left", "right"))
        parts.append([column[start:end] for column in columns])
    if not parts:
        return (np.zeros(0, np.int64), *(np.zeros(0, dtype) for dtype in kind[:-1]))
    ids, *values, written = (np.concatenate(column) for column in zip(*parts))
    current = is_current(ids, written, texts)
    order = np.argsort(ids[current], kind="stable")
    return (ids[current][order], *(column[current][order] for column in values))
