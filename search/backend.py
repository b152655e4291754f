"""haystack's Whoosh backend, with our schema and a writer that never fails silently.

- Fields declared with our field classes (search.fields) get exact or jieba/bigram Whoosh
  fields instead of haystack's stemmed TEXT.
- Every write waits for Whoosh's single-writer lock up to SEARCH_WRITER_TIMEOUT seconds and
  raises LockError after that; haystack's stock backend hides the error and the index goes
  stale. Callers (search.indexing) keep unwritten work queued.
"""
from django.conf import settings
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_ID, ID
from haystack.utils import get_identifier


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

    def writer(self):
        """Whoosh's writer, waiting for the lock instead of failing at once."""
        return self.ready().writer(timeout=settings.SEARCH_WRITER_TIMEOUT, delay=0.05)

    def searcher(self):
        return self.ready().searcher()

    def write(self, index, objects, removed_ids=()):
        """Add or replace `objects` and delete the documents of `removed_ids`, in one commit."""
        writer = self.writer()
        try:
            for pk in removed_ids:
                writer.delete_by_term(DJANGO_ID, str(pk))
            for obj in objects:
                doc = index.full_prepare(obj)
                writer.update_document(**{key: self._from_python(value) for key, value in doc.items()})
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def update(self, index, iterable, commit=True):
        self.write(index, list(iterable))

    def remove(self, obj_or_string, commit=True):
        writer = self.writer()
        writer.delete_by_term(ID, get_identifier(obj_or_string))
        writer.commit()


class ArchiveWhooshEngine(WhooshEngine):
    backend = ArchiveWhooshBackend
    query = WhooshSearchQuery
