"""How our postings lie on disk: Whoosh's W3 codec, with these changes.

- Inlined postings that work. A bigram field has hundreds of thousands of terms, most of
  them in one or two documents. Whoosh writes each term's postings as a block of its own
  (two pickles and a header), the largest cost of a commit and most of the index's size.
  W3 can store short posting lists inside the term's entry instead ("inlinelimit"), and its
  readers handle that, but in 2.7.4 the writer calls a method that does not exist
  (set_inline for set_inlined), so the option has never worked. This fixes the one call,
  and the reader: an inlined posting without a value (an ID field's) reads as None, as it
  does from a block; Whoosh's says '', which its own pool rejects when segments merge.
- PackedPositions: a posting's positions as little-endian 32-bit numbers, written for a
  whole segment at once with numpy (search/whoosh/postings.py) and read with one frombuffer. Whoosh's
  Positions format pickles a list of deltas per posting: Python work per posting, and no
  smaller for the one or two positions most postings hold.
- CharacterCounts: a characters field's postings weigh the character's occurrences in the
  document (Whoosh's Existence keeps the weight but nothing says it counts).
- write_terms: a field's terms written a whole posting list at a time, instead of one add()
  per posting, pickled with protocol 4 (W3's protocol 2 makes positions slow to load).
"""

import struct
from array import array
from pickle import dumps

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3PostingsWriter, W3TermInfo
from whoosh.formats import Existence, Positions
from whoosh.matching import ListMatcher
from whoosh.system import pack_int, pack_long, pack_ushort

INLINE_LIMIT = 8  # terms in fewer documents than this keep their postings in the term entry
BLOCK_LIMIT = 128  # postings per block (W3's default)
# W3 pickles blocks with protocol 2, which stores each bytes value (a posting's positions) as
# a call to codecs.encode: six times slower to load than protocol 4, and nearly twice the
# size. Whoosh's readers load any protocol.
PICKLE_PROTOCOL = 4
_TERMINFO = W3TermInfo._struct
_ENTRY_LENGTHS = struct.Struct("!ii")  # whoosh.filedb.filetables' key and value lengths
POSITION = np.dtype("<u4")


class CharacterCounts(Existence):
    """Which documents hold a character, each posting's weight the number of times it occurs
    there (search.concordance counts occurrences from it); no value. A class of its own so
    that an index whose weights are all 1 (Existence) is seen to need rebuilding."""


class PackedPositions(Positions):
    def encode(self, positions):
        return np.asarray(positions, dtype=POSITION).tobytes()

    def decode_positions(self, valuestring):
        return np.frombuffer(valuestring, dtype=POSITION).tolist()

    def decode_frequency(self, valuestring):
        return len(valuestring) // POSITION.itemsize


class InliningPostingsWriter(W3PostingsWriter):
    def finish_postings(self):
        if self.written() or len(self) >= self._inlinelimit:
            return super().finish_postings()
        terminfo = self._terminfo
        terminfo.add_block(self)
        terminfo.set_inlined(self._ids, self._weights, self._values)
        self._terminfo = None
        return terminfo


class ArchiveCodec(W3Codec):
    def __init__(self, blocklimit=BLOCK_LIMIT, compression=0, inlinelimit=INLINE_LIMIT):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        """W3's reader, except that an inlined posting of a format without values (an ID
        field's) reads as None, as it does from a block. Whoosh's ListMatcher says '', which
        its own pool rejects when a commit merges the segment."""
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return ListMatcher(
                ids, weights, values or (None,) * len(ids), format_, scorer=scorer, term=term, terminfo=terminfo
            )
        return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)

    def postings_writer(self, dbfile, byteids=False):
        return InliningPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


def write_terms(fieldwriter, terms):
    """Write a field's terms, each (term bytes, ascending document numbers, weights, encoded
    positions or None for a format without values, the documents' field lengths as W3 length
    bytes), through a started W3 field writer.

    The bytes are those W3's writer makes posting by posting (the same blocks, statistics,
    inlining and term table entries; tests/test_writer.py compares the files), except that
    pickles are PICKLE_PROTOCOL's. They are built here a
    term at a time without a TermInfo and a block object per term and with the term table's
    add() inlined: a bigram field has a term for most postings."""
    key_prefix = pack_ushort(fieldwriter._fieldid)
    postfile, table = fieldwriter._postfile, fieldwriter._tindex
    tablefile, hashfn, buckets, index_append = table.dbfile, table.hashfn, table.buckets, table.index.append
    position = tablefile.tell()
    key = table.lastkey
    for btext, ids, weights, values, lengths in terms:
        rounded = array("f", weights)  # what W3 keeps of a weight
        total = (
            sum(rounded)
            if len(ids) <= BLOCK_LIMIT
            else sum(sum(rounded[i : i + BLOCK_LIMIT]) for i in range(0, len(ids), BLOCK_LIMIT))
        )  # W3 adds block by block
        stats = (total, len(ids), min(lengths), max(lengths), max(weights), ids[0], ids[-1])
        if len(ids) < INLINE_LIMIT:
            info = _TERMINFO.pack(1, *stats) + dumps((tuple(ids), tuple(rounded), tuple(values or ())), PICKLE_PROTOCOL)
        else:
            start = postfile.tell()
            _write_blocks(postfile, ids, rounded, weights, values, lengths)
            info = _TERMINFO.pack(0, *stats) + pack_long(start) + pack_int(postfile.tell() - start)
        # OrderedHashWriter.add
        key = key_prefix + btext
        index_append(position)
        tablefile.write(_ENTRY_LENGTHS.pack(len(key), len(info)) + key + info)
        h = hashfn(key)
        buckets[h & 255].append((h, position))
        position += _ENTRY_LENGTHS.size + len(key) + len(info)
    table.lastkey = key


def _write_blocks(postfile, ids, rounded, weights, values, lengths):
    """W3PostingsWriter._write_block for each BLOCK_LIMIT postings of one term."""
    postfile.write(WHOOSH3_HEADER_MAGIC)
    for start in range(0, len(ids), BLOCK_LIMIT):
        end = start + BLOCK_LIMIT
        block_ids, block_weights = ids[start:end], rounded[start:end]
        deltas = [block_ids[0]] + [b - a for a, b in zip(block_ids, block_ids[1:])]
        if all(w == 1.0 for w in block_weights):
            mini_weights = None
        elif all(w == block_weights[0] for w in block_weights):
            mini_weights = block_weights[0]
        else:
            mini_weights = tuple(block_weights)
        data = dumps(
            (tuple(deltas), mini_weights, None if values is None else tuple(values[start:end])), PICKLE_PROTOCOL
        )
        block_lengths = lengths[start:end]
        info = dumps(
            (len(block_ids), block_ids[-1], max(weights[start:end]), 0, min(block_lengths), max(block_lengths)),
            PICKLE_PROTOCOL,
        )
        size = len(info) + len(data)
        postfile.write_int(-size if end >= len(ids) else size)
        postfile.write(info)
        postfile.write(data)
