"""The single index writer: queued article ids → one Whoosh commit per batch.

Whoosh allows one writer at a time. Every change to an article queues its id (in the
database, inside the change's own transaction); `flush` takes the queue in id order, writes
the current state of those articles (deleting unpublished or deleted ones) in one commit,
and only then removes the rows it wrote. When the lock cannot be had within
SEARCH_WRITER_TIMEOUT, the rows stay queued for the next flush: nothing is lost.
"""
import contextlib
import logging
import threading

from django.db import transaction
from haystack import connections
from whoosh.index import LockError

from archive.models import Article
from search.models import PendingIndexUpdate

log = logging.getLogger(__name__)
BATCH = 500
_process_lock = threading.Lock()
_deferred = threading.local()


def backend():
    return connections["default"].get_backend()


def article_index():
    return connections["default"].get_unified_index().get_index(Article)


def enqueue(article_ids):
    PendingIndexUpdate.objects.bulk_create(PendingIndexUpdate(article_id=pk) for pk in article_ids)
    if not getattr(_deferred, "active", False):
        transaction.on_commit(flush_quietly)


@contextlib.contextmanager
def deferred():
    """Queue changes without flushing after each transaction; flush once at the end (ingest)."""
    previous = getattr(_deferred, "active", False)
    _deferred.active = True
    try:
        yield
    finally:
        _deferred.active = previous
    if not previous:
        flush()


def pending_count():
    return PendingIndexUpdate.objects.count()


def flush():
    """Write everything queued. Returns how many articles were written; raises LockError if
    the index stayed locked (the queue is kept)."""
    written = 0
    with _process_lock:
        while True:
            rows = list(PendingIndexUpdate.objects.order_by("id")[:BATCH])
            if not rows:
                return written
            ids = {row.article_id for row in rows}
            live = list(article_index().index_queryset().filter(pk__in=ids))
            backend().write(article_index(), live, removed_ids=ids - {a.pk for a in live})
            PendingIndexUpdate.objects.filter(pk__in=[row.pk for row in rows]).delete()
            written += len(ids)


def flush_quietly():
    """After a web request's commit: try now; if the index is busy the queue keeps the work."""
    try:
        flush()
    except LockError:
        log.warning("search index locked; %d updates stay queued for the next flush", pending_count())
