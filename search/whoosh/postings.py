"""A segment's postings for one text field, gathered as arrays and written term by term.

Whoosh's writer turns every (term, document) pair into a tuple in a sorting pool, spills
the pool to disk as pickles, merges the runs back and looks up each document's field length
per posting. For a bigram field (a posting for nearly every character of every story) that
was most of a commit. Here each document adds its arrays (term keys, and positions and
weights where the field has them); at the end of the segment one stable numpy sort by term
puts them in posting order, frequencies, weights and encoded positions come from array
operations, and search.codec.write_terms writes each term's list in one call. The result is
the W3 segment Whoosh would write, pickled with protocol 4 (search.codec).
"""

import numpy as np
from whoosh.util.numeric import length_to_byte

from archive.text import normalise
from search.analysis import bigram_keys, bigram_term, character_counts, words
from search.codec import POSITION

CHUNK = 1 << 18  # postings turned into Python lists at a time while writing


class FieldPostings:
    """Base: `keys_of(value)` gives a document's (term keys, positions, weights or None),
    `terms(keys)` the bytes of ascending keys."""

    weighted = False
    positional = True

    def __init__(self, fieldname, field):
        self.fieldname = fieldname
        self.boost = field.format.field_boost
        self.scorable = field.scorable
        self.docnums, self.counts, self.scored_lengths = [], [], []
        self.keys, self.positions, self.weights = [], [], []

    def add(self, docnum, value, boost=1.0):
        """Take one document's value; returns its field length (the number of tokens), or 0
        for a field that is not scored."""
        keys, positions, weights = self.keys_of(value)
        if not len(keys):
            return 0
        self.docnums.append(docnum)
        self.counts.append(len(keys))
        self.scored_lengths.append(len(keys) if self.scorable else 0)
        self.keys.append(keys)
        if self.positional:
            self.positions.append(positions)
        if self.weighted:
            self.weights.append(weights * boost)
        elif boost != 1.0:
            raise ValueError(f"{self.fieldname}: per-document boosts are not supported")
        return self.scored_lengths[-1]

    def __bool__(self):
        return bool(self.docnums)

    def _sorted(self):
        """Postings in term, then document order: (term bytes, each term's first posting,
        document numbers, weights, field lengths as W3 length bytes, packed positions,
        each posting's byte offset in them)."""
        keys = np.concatenate(self.keys)
        self.keys = []  # memory: a segment's arrays are the writer's largest
        order = np.argsort(keys, kind="stable")  # stable: documents, then positions, stay in order
        keys = keys[order]
        docs = np.repeat(np.asarray(self.docnums, dtype=np.uint32), self.counts)[order]
        count = len(keys)
        first = np.ones(count, dtype=bool)
        first[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
        starts = np.flatnonzero(first)
        if self.weighted:
            weights = np.add.reduceat(np.concatenate(self.weights)[order], starts) * self.boost
            self.weights = []
        else:
            weights = np.diff(np.append(starts, count)) * self.boost
        weights = weights.astype(np.float32)  # what W3 keeps; also the same whatever order sums were made in
        post_keys, post_docs = keys[starts], docs[starts]
        del keys, docs
        length_bytes = np.array([length_to_byte(n) for n in self.scored_lengths], dtype=np.uint8)
        lengths = length_bytes[np.searchsorted(np.asarray(self.docnums), post_docs)]
        term_starts = np.flatnonzero(np.append(True, post_keys[1:] != post_keys[:-1]))
        terms = self.terms(post_keys[term_starts])
        if not self.positional:
            return terms, term_starts, post_docs, weights, lengths, None, None
        positions = np.concatenate(self.positions)
        self.positions = []
        packed = positions[order].astype(POSITION).tobytes()
        del positions, order
        return terms, term_starts, post_docs, weights, lengths, packed, np.append(starts, count) * POSITION.itemsize

    def term_lists(self):
        """(term bytes, document numbers, weights, encoded positions or None, field length
        bytes) per term, in term order. Once only: the buffer gives up its arrays."""
        if not self:
            return
        terms, term_starts, docs, weights, lengths, packed, offsets = self._sorted()
        bounds = np.append(term_starts, len(docs))
        # Cut into chunks of about CHUNK postings, at term boundaries.
        cuts = np.unique(np.append(np.searchsorted(term_starts, np.arange(0, len(docs), CHUNK)), len(terms)))
        for low, high in zip(cuts[:-1].tolist(), cuts[1:].tolist()):
            first, end = int(bounds[low]), int(bounds[high])
            chunk_docs, chunk_weights = docs[first:end].tolist(), weights[first:end].tolist()
            chunk_lengths = lengths[first:end].tolist()
            chunk_offsets = offsets[first : end + 1].tolist() if packed is not None else None
            term_bounds = (bounds[low : high + 1] - first).tolist()
            for t in range(high - low):
                a, b = term_bounds[t], term_bounds[t + 1]
                values = (
                    None if packed is None else [packed[chunk_offsets[i] : chunk_offsets[i + 1]] for i in range(a, b)]
                )
                yield terms[low + t], chunk_docs[a:b], chunk_weights[a:b], values, chunk_lengths[a:b]

    def items(self):
        """Whoosh's pool items (fieldname, term, docnum, weight, value), for a commit that
        merges older segments and so goes through Whoosh's own pool."""
        for term, docs, weights, values, _ in self.term_lists():
            for posting in zip(docs, weights, values or [None] * len(docs)):
                yield (self.fieldname, term, *posting)


class BigramPostings(FieldPostings):
    def keys_of(self, value):
        text = normalise(value)
        if not text:
            return (), None, None
        return bigram_keys(text), np.arange(len(text), dtype=np.uint32), None

    def terms(self, keys):
        return [bigram_term(key).encode("utf-8") for key in keys.tolist()]


class WordPostings(FieldPostings):
    """Words are numbered as they come (a vocabulary per segment); numbers become ranks in
    term order before sorting."""

    weighted = True

    def __init__(self, fieldname, field):
        super().__init__(fieldname, field)
        self.vocabulary = {}

    def keys_of(self, value):
        tokens = sorted(words(value), key=lambda token: token[0])  # by position; whole words first
        if not tokens:
            return (), None, None
        number = self.vocabulary.setdefault
        vocabulary = self.vocabulary
        keys = np.fromiter((number(word, len(vocabulary)) for _, word, _ in tokens), dtype=np.uint64, count=len(tokens))
        positions = np.fromiter((position for position, _, _ in tokens), dtype=np.uint32, count=len(tokens))
        weights = np.fromiter((weight for _, _, weight in tokens), dtype=np.float64, count=len(tokens))
        return keys, positions, weights

    def _sorted(self):
        ordered = sorted(self.vocabulary)
        rank = np.empty(len(ordered), dtype=np.uint64)
        rank[[self.vocabulary[word] for word in ordered]] = np.arange(len(ordered), dtype=np.uint64)
        self.keys = [rank[keys] for keys in self.keys]
        self._ordered = ordered
        return super()._sorted()

    def terms(self, keys):
        ordered = self._ordered
        return [ordered[key].encode("utf-8") for key in keys.tolist()]


class CharacterPostings(FieldPostings):
    """Which characters a text holds: no positions, one posting per distinct character, its
    weight the character's number of occurrences."""

    positional = False
    weighted = True

    def keys_of(self, value):
        text = normalise(value)
        if not text:
            return (), None, None
        codes, counts = character_counts(text)
        return codes, None, counts.astype(np.float64)

    def terms(self, keys):
        return [chr(key).encode("utf-8") for key in keys.tolist()]
