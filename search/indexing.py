"""The index writer: changed article ids → the configured engine (search.engine).

Whoosh allows one writer at a time. Every change to an article queues its id (in the
database, inside the change's own transaction); `flush` takes the queue in id order, writes
the current state of those articles (deleting unpublished or deleted ones) in one commit,
and only then removes the rows it wrote. When the lock cannot be had within
SEARCH_WRITER_TIMEOUT, the rows stay queued for the next flush: nothing is lost.

An engine that is a service of its own (Solr) has no lock to wait for; when it cannot be
reached, its flush fails and the rows stay queued in the same way. An ingest only queues
(deferred()) and flushes at the end: each story written once.
"""

import contextlib
import logging
import threading

from django.db import transaction
from django.db.models import Max, Min
from haystack import connections
from whoosh.index import LockError

from archive.models import Article
from search.engine import EngineUnavailable, engine
from search.models import PendingIndexUpdate

log = logging.getLogger(__name__)
READ_CHUNK = 500  # articles read from the database at a time
# Documents per Whoosh commit, which makes one segment. Whoosh pays per distinct term per
# segment, and a bigram field has hundreds of thousands of terms: big segments are cheap
# per document, small ones dear. Commits this large skip merging (see backend.write).
COMMIT_EVERY = 20_000
_process_lock = threading.Lock()
_deferred = threading.local()


def backend():
    return connections["default"].get_backend()


def article_index():
    return connections["default"].get_unified_index().get_index(Article)


def enqueue(article_ids):
    """Queue these articles for the index, in the caller's transaction; written after it commits
    (or by the caller's own flush, deferred())."""
    ids = list(article_ids)
    deferring = getattr(_deferred, "active", False)
    PendingIndexUpdate.objects.bulk_create(PendingIndexUpdate(article_id=pk) for pk in ids)
    if not deferring:
        transaction.on_commit(flush_quietly)


@contextlib.contextmanager
def deferred():
    """Queue changes without flushing after each transaction; the caller flushes once at the
    end (ingest), in large commits."""
    previous = getattr(_deferred, "active", False)
    _deferred.active = True
    try:
        yield
    finally:
        _deferred.active = previous


def pending_count():
    return PendingIndexUpdate.objects.count()


def live_articles(ids):
    """The published articles among `ids`, READ_CHUNK at a time."""
    for start in range(0, len(ids), READ_CHUNK):
        yield from article_index().index_queryset().filter(pk__in=ids[start : start + READ_CHUNK])


def flush(commit_every=COMMIT_EVERY, at_least=1, stop=lambda: False):
    """Write everything queued, each article once however often it was queued (an ingest queues
    a cluster's members again when its original changes): rewriting a document leaves the old
    one deleted in its segment, which search still reads past. at_least: stop once fewer
    articles than this are queued (search.alongside writes only full commits). stop: a callable
    asked before each commit; once true, the rest stays queued. Returns how many articles were
    written; raises LockError if the index stayed locked (the queue is kept)."""
    written = 0
    with _process_lock:
        while not stop():
            last = PendingIndexUpdate.objects.aggregate(last=Max("id"))["last"]
            if last is None:
                return written
            # Rows queued while we write have higher ids and stay for the next round.
            queued = PendingIndexUpdate.objects.filter(pk__lte=last)
            ids = sorted(
                queued.values("article_id")
                .annotate(first=Min("id"))
                .order_by("first")
                .values_list("article_id", flat=True)[:commit_every]
            )
            if len(ids) < at_least:
                return written
            with transaction.atomic():
                engine().write(article_index(), ids, live_articles(ids))
                for start in range(0, len(ids), READ_CHUNK):
                    queued.filter(article_id__in=ids[start : start + READ_CHUNK]).delete()
            written += len(ids)
        return written


def rebuild(target, progress=None):
    """Write every published story into the engine `target` from nothing, in commits of
    COMMIT_EVERY; returns how many. progress: a tqdm bar to advance a story at a time. The
    configured engine's queue, as it stood when the rebuild began, is settled by it and
    removed; what is queued meanwhile stays for the next flush."""
    settled = PendingIndexUpdate.objects.aggregate(last=Max("id"))["last"] if target is engine() else None
    ids = list(article_index().index_queryset().order_by("pk").values_list("pk", flat=True))
    target.clear()
    if progress is not None:
        progress.reset(total=len(ids))
    for start in range(0, len(ids), COMMIT_EVERY):
        chunk = ids[start : start + COMMIT_EVERY]
        target.write(article_index(), chunk, _counted(live_articles(chunk), progress))
    if settled is not None:
        PendingIndexUpdate.objects.filter(pk__lte=settled).delete()
    return len(ids)


def _counted(articles, progress):
    for article in articles:
        yield article
        if progress is not None:
            progress.update()


def flush_quietly():
    """After a web request's commit: try now; if the index is busy or its engine unreachable, the
    queue keeps the work for the next flush."""
    try:
        flush()
    except (LockError, EngineUnavailable) as error:
        log.warning("search index not written (%s); %d updates stay queued for the next flush", error, pending_count())


def flush_or_explain():
    """(how many were written, None), or (0, why not) for a command to print: the stories are
    stored and stay queued either way."""
    try:
        problem = engine().index_problem()
        if problem:
            return 0, f"the stories are stored, but {problem}; they stay queued: run `manage.py check_index --repair`"
        return flush(), None
    except Exception as error:  # the stories are stored and queued; say so instead of a traceback
        return 0, (
            f"the stories are stored, but the search index could not be updated ({type(error).__name__}: "
            f"{error}); they stay queued: run `manage.py check_index --repair`"
        )
