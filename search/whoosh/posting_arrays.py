"""Whole posting lists as numpy arrays, read straight from W3's blocks: match sets and
phrases without Whoosh's matchers (ranking.py scores them).

Whoosh's matchers hand out one posting at a time and check a phrase document by document
(a phrase of common bigrams took over 100 ms at 100,000 stories; ranking 的 over 90,000
hits, 180 ms). Here a term's list is read whole, one pickle load per block of 128 postings,
and the set and phrase arithmetic is done on arrays. Document numbers are the searcher's
(segment offset added); deleted documents are dropped.
"""

import collections
import itertools
import pickle
import threading
import weakref

import numpy as np
from django.conf import settings
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.reading import TermNotFound
from whoosh.system import unpack_int

from search.codec import POSITION

NONE = np.zeros(0, dtype=np.int64)


class Postings:
    """One term's postings in one segment (its reader, whose documents start at `offset`):
    document numbers (with the offset), weights, and each posting's encoded value
    (positions) when asked for."""

    def __init__(self, reader, offset, docs, weights, values=None):
        self.reader, self.offset = reader, offset
        self.docs, self.weights, self.values = docs, weights, values

    def positions(self):
        """(document number of each position, position), flat."""
        counts = np.fromiter(map(len, self.values), dtype=np.int64, count=len(self.values)) // POSITION.itemsize
        flat = np.frombuffer(b"".join(self.values), dtype=POSITION).astype(np.int64)
        return np.repeat(self.docs, counts), flat


def segment_postings(reader, offset, fieldname, text, values=False):
    """Postings of `text` in one segment reader (whose documents start at `offset`)."""
    if reader.segment() is None:
        return None  # an empty index's reader
    key = (reader.segment().segment_id(), fieldname, text, values)
    entry = _decoded.get(key)
    if entry is None:
        try:
            info = reader._terms.term_info(fieldname, text.encode("utf-8"))
        except (TermNotFound, KeyError):
            return None
        ids, weights, vals = _decode(reader, info)
        entry = _decoded.put(key, ids, weights, vals if values else [])  # values kept only when asked for
    ids, weights, vals = entry
    live = live_mask(reader)
    if live is not None:
        keep = live[ids]
        ids, weights = ids[keep], weights[keep]
        if values:
            vals = list(itertools.compress(vals, keep.tolist()))
    return Postings(reader, offset, ids + offset, weights, vals if values else None)


def _decode(reader, info):
    """(document numbers, weights, values) of one term's postings in one segment."""
    if info.is_inlined():
        ids, weights, vals = info.inlined_postings()
        return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64), list(vals)
    start, length = info.extent()
    length = length[0] if isinstance(length, tuple) else length  # W3TermInfo.from_bytes leaves it unpacked
    return _read_blocks(reader._terms._postfile, start, length)


class DecodedPostings:
    """The postings decoded last, up to a size in bytes, the least recently used leaving first.
    A segment never changes (its deletions are applied after, per reader), so a term's
    decoded postings stay true while the segment lives. Decoding is most of a common word's
    cost (的 in 90,000 of 100,000 stories: ~60 ms over 13 segments)."""

    def __init__(self, limit):
        self.limit, self.size = limit, 0
        self._entries = collections.OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key, ids, weights, vals):
        entry = (ids, weights, vals)
        size = self._size(entry)
        if size <= self.limit:
            with self._lock:
                if key not in self._entries:
                    self._entries[key] = entry
                    self.size += size
                    while self.size > self.limit:
                        self.size -= self._size(self._entries.popitem(last=False)[1])
        return entry

    @staticmethod
    def _size(entry):
        ids, weights, vals = entry
        return ids.nbytes + weights.nbytes + sum(map(len, vals))


_decoded = DecodedPostings(settings.SEARCH_POSTINGS_CACHE_MB * 2**20)
_live_masks = weakref.WeakKeyDictionary()  # segment reader: its live_mask, read once per reader


def live_mask(reader):
    """Whether each of a segment reader's documents is live (not deleted); None when none is
    deleted. A reader's deletions are fixed for its life; a newer reader has its own mask."""
    if not reader.has_deletions():
        return None
    mask = _live_masks.get(reader)
    if mask is None:
        mask = np.ones(reader.doc_count_all(), dtype=bool)
        mask[np.fromiter(reader._perdoc.deleted_docs(), dtype=np.int64)] = False
        _live_masks[reader] = mask
    return mask


def live_docs(searcher):
    """Every document number that is not deleted: what a query without words matches. (Whoosh's
    all_doc_ids asks each document whether it is deleted: 150 ms at 100,000 stories.)"""
    parts = []
    for reader, offset in searcher.reader().leaf_readers():
        docs = np.arange(reader.doc_count_all(), dtype=np.int64)
        live = live_mask(reader)
        parts.append((docs if live is None else docs[live]) + offset)
    return np.concatenate(parts) if parts else NONE


def _read_blocks(postfile, start, length):
    data = postfile.get(start, length)
    if data[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"no posting list at {start}")
    position = 4
    deltas, weights, values, block_sizes = [], [], [], []
    while True:
        size = unpack_int(data[position : position + 4])[0]
        position += 4
        end = position + abs(size)
        # A block is two pickles, its info then its data; loads ignores what follows the
        # first. The info's length is that of the same tuple pickled again with the same
        # protocol (byte 1): one loads of a bytes slice is much faster than load from a stream.
        info = pickle.loads(data[position:end])
        position += len(pickle.dumps(info, data[position + 1]))
        block_ids, block_weights, block_values = pickle.loads(data[position:end])
        count = info[0]
        deltas.extend(block_ids)
        block_sizes.append(count)
        if block_weights is None:
            weights.extend([1.0] * count)
        elif isinstance(block_weights, float):
            weights.extend([block_weights] * count)
        else:
            weights.extend(block_weights)
        if block_values:
            values.extend(block_values)
        if size < 0:
            break
        position = end
    # Each block's ids are deltas from the block's first, which is absolute.
    total = np.cumsum(np.array(deltas, dtype=np.int64))
    sizes = np.array(block_sizes)
    before = np.repeat(np.append(0, total[np.cumsum(sizes)[:-1] - 1]), sizes)
    return total - before, np.array(weights, dtype=np.float64), values


def postings(searcher, fieldname, text, values=False):
    """[Postings] of `text` across the searcher's segments."""
    found = []
    for reader, offset in searcher.reader().leaf_readers():
        part = segment_postings(reader, offset, fieldname, text, values)
        if part is not None and len(part.docs):
            found.append(part)
    return found


def term_docs(searcher, fieldname, text):
    parts = postings(searcher, fieldname, text)
    return np.concatenate([p.docs for p in parts]) if parts else NONE


def phrase_docs(searcher, fieldname, terms):
    """Documents where `terms` stand at consecutive positions."""
    return np.unique(phrase_starts(searcher, fieldname, terms) >> 32)


def phrase_starts(searcher, fieldname, terms, within=None):
    """Where `terms` stand at consecutive positions, as (document << 32) + the first term's
    position, sorted; only in the documents of the sorted array `within` when given."""
    lists = [postings(searcher, fieldname, term, values=True) for term in terms]
    if not all(lists):
        return NONE
    candidates = within
    for parts in lists:
        docs = np.concatenate([p.docs for p in parts])
        candidates = docs if candidates is None else np.intersect1d(candidates, docs, assume_unique=True)
    starts = None
    for index, parts in enumerate(lists):
        docs, where = (np.concatenate(a) for a in zip(*(p.positions() for p in parts)))
        keep = np.isin(docs, candidates) & (where >= index)
        keys = (docs[keep] << 32) + where[keep] - index
        starts = keys if starts is None else np.intersect1d(starts, keys, assume_unique=True)
        if not len(starts):
            return NONE
    return starts
