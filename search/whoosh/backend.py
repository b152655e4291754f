"""haystack's Whoosh backend, with our schema and a writer that never fails silently.

- Fields declared with our field classes (search.fields) get exact or jieba/bigram Whoosh
  fields instead of haystack's stemmed TEXT.
- Every write waits for Whoosh's single-writer lock up to SEARCH_WRITER_TIMEOUT seconds and
  raises LockError after that; haystack's stock backend hides the error and the index goes
  stale. Callers (search.indexing) keep unwritten work queued.
"""

import contextlib
import threading

from django.conf import settings
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_ID, ID
from haystack.utils import get_identifier
from whoosh.index import TOC

from search.codec import ArchiveCodec
from search.whoosh.writer import ArchiveMpWriter, ArchiveWriter

_shared = {}  # index path -> the searcher this process's searches share
_shared_lock = threading.Lock()


def _layout(schema):
    return sorted((name, type(field).__name__, type(field.format).__name__) for name, field in schema.items())


class ArchiveWhooshBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for field in fields.values():
            if hasattr(field, "whoosh_field"):
                schema.remove(field.index_fieldname)
                schema.add(field.index_fieldname, field.whoosh_field())
        return content_field_name, schema

    def ready(self):
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        return self.index

    def layout_is_current(self):
        """Whether the index on disk has the fields, field types and posting formats this
        code writes and reads. One written by an older version must be rebuilt
        (check_index --repair): its postings would be misread, and Whoosh writes new
        documents with the schema stored in the index."""
        stored = TOC.read(self.ready().storage, self.index.indexname).schema  # the index's own, not ours
        return _layout(stored) == _layout(self.schema)

    def writer(self, parallel=False):
        """Whoosh's writer, waiting for the lock instead of failing at once.

        It is search/whoosh/writer.py's (text postings gathered per segment), with ArchiveCodec: rare
        terms' postings inlined, blocks not zlib-compressed (compressing a tiny block for each
        of a bigram field's many rare terms was a fifth of a commit's time). Segments are not
        packed into one compound file: a reader copies a compound file's terms and postings
        into memory (BytesIO), so a server held the whole index in RAM; separate files are
        read where they lie."""
        options = dict(
            timeout=settings.SEARCH_WRITER_TIMEOUT, delay=0.05, codec=ArchiveCodec(), limitmb=128, compound=False
        )
        if parallel and settings.SEARCH_WRITER_PROCESSES > 1:
            # Sub-processes analyse and write a segment each; the caller only hands them documents.
            return ArchiveMpWriter(self.ready(), procs=settings.SEARCH_WRITER_PROCESSES, batchsize=256, **options)
        return ArchiveWriter(self.ready(), **options)

    def searcher(self):
        """A new searcher, for the caller to close."""
        return self.ready().searcher()

    @contextlib.contextmanager
    def reading(self):
        """The process's shared searcher, brought up to date. Opening one costs a reader per
        segment, so searches share it, one at a time (Whoosh's readers are not thread-safe)."""
        with _shared_lock:
            current = _shared.get(self.path)
            if current is None:
                current = self.ready().searcher()
            elif not current.up_to_date():
                current = current.refresh()
            _shared[self.path] = current
            yield current

    def write(self, index, ids, objects):
        """Replace the documents of `ids` with `objects` (those of them still to be indexed),
        in one commit.

        Old documents are found with one searcher for the whole batch: Whoosh's
        update_document opens a new reader for every document it replaces. A large batch is
        committed as a segment of its own, unmerged: merging would rewrite every posting."""
        large = len(ids) >= settings.SEARCH_LARGE_BATCH
        writer = self.writer(parallel=large)
        try:
            with writer.searcher() as searcher:
                for pk in ids:
                    for docnum in searcher.document_numbers(**{DJANGO_ID: str(pk)}):
                        writer.delete_document(docnum)
            for obj in objects:
                doc = index.full_prepare(obj)
                writer.add_document(**{key: self._from_python(value) for key, value in doc.items()})
        except BaseException:
            writer.cancel()
            raise
        writer.commit(merge=not large)

    def update(self, index, iterable, commit=True):
        objects = list(iterable)
        self.write(index, [obj.pk for obj in objects], objects)

    def delete_index(self):
        """Clearing the index (rebuild_index, check_index --repair) starts from nothing: forget the
        shared searcher too."""
        with _shared_lock:
            _shared.pop(self.path, None)
        super().delete_index()

    def remove(self, obj_or_string, commit=True):
        writer = self.writer()
        writer.delete_by_term(ID, get_identifier(obj_or_string))
        writer.commit()


class ArchiveWhooshEngine(WhooshEngine):
    backend = ArchiveWhooshBackend
    query = WhooshSearchQuery
