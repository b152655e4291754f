"""Whoosh's W3 codec with inlined postings that work.

A bigram field has hundreds of thousands of terms, most of them in one or two documents.
Whoosh writes each term's postings as a block of its own (two pickles and a header), the
largest cost of a commit and most of the index's size. W3 can store short posting lists
inside the term's entry instead ("inlinelimit"), and its readers handle that, but in 2.7.4
the writer calls a method that does not exist (set_inline for set_inlined), so the option
has never worked. This fixes the one call.
"""
from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter

INLINE_LIMIT = 8  # terms in fewer documents than this keep their postings in the term entry


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
    def __init__(self, blocklimit=128, compression=0, inlinelimit=INLINE_LIMIT):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile, byteids=False):
        return InliningPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                      compression=self._compression, inlinelimit=self._inlinelimit)
