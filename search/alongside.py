"""Index an ingest's stories while it stores the next ones, when the engine allows it (Solr).

An ingest queues every story it stores and writes the index once at the end (indexing.deferred),
because Whoosh takes one writer lock and pays for small commits. An engine without a writer lock
(Engine.writes_alongside) takes documents while the ingest stores: another process writes the
queue whenever a full commit of stories is waiting, so that storing, preparing documents and the
engine's own indexing share the machine's cores. When the storing ends, the process finishes the
commit it is writing and stops; the ingest's own flush writes what is left. Not on SQLite, which
takes one writer at a time: the two processes would wait on each other's writes to the queue.
"""

import contextlib
import logging
import multiprocessing

from django.conf import settings
from django.db import connection, connections

from search.engine import engine
from search.indexing import flush

log = logging.getLogger(__name__)
POLL_SECONDS = 1.0


@contextlib.contextmanager
def indexing_alongside():
    """While the block runs, a process forked from this one writes the queue
    SEARCH_INDEX_ALONGSIDE stories at a time (whole commits only); when the block ends it
    finishes the commit under way, and the caller flushes the rest. Yields a
    multiprocessing.Value of how many it wrote, or None for an engine with a writer lock."""
    every = settings.SEARCH_INDEX_ALONGSIDE
    if not engine().writes_alongside or connection.vendor == "sqlite":
        yield None
        return
    context = multiprocessing.get_context("fork")
    stopping, written = context.Event(), context.Value("q", 0)
    indexer = context.Process(
        target=_write_while_storing, args=(stopping, written, every), name="search-index-alongside"
    )
    indexer.start()
    try:
        yield written
    finally:
        stopping.set()
        indexer.join()


def _write_while_storing(stopping, written, every):
    """The forked process: full commits of the queue until told to stop. A process of its own,
    not a thread, so that it does not share the storing process's interpreter lock."""
    for alias in connections:  # the storing process's connections: left to it (psycopg never closes
        connections[alias].connection = None  # a connection another process opened), a new one here
    # The storing and preparing processes keep the cores busy: analysing the stories here rather
    # than in a pool of this process's own saves sending each story there and its postings back.
    # (This process's settings only: the
    # ingest's own flush at the end, with the cores to itself, still uses the pool.)
    settings.SEARCH_WRITER_PROCESSES = 1
    try:
        while not stopping.wait(POLL_SECONDS):
            written.value += flush(commit_every=every, at_least=every, stop=stopping.is_set)
    except Exception:  # what it did not write stays queued for the ingest's own flush
        log.exception("indexing alongside the ingest stopped; the ingest's flush writes the rest")
    finally:
        connections.close_all()
