"""The index follows the record: archive.changes' listener, connected in SearchConfig.ready.

A change queues its stories (search.indexing.enqueue), in its own transaction; a long job
queues without writing (deferred), has an engine without a writer lock write full commits
while it runs (search.alongside), and settles by writing the rest."""

import contextlib
import time

from archive.changes import Listener, Settled
from search.alongside import indexing_alongside
from search.indexing import deferred, enqueue, flush_or_explain


class IndexListener(Listener):
    def __init__(self):
        self.written_alongside = []  # one Value a bulk job under way, or None

    def stories_changed(self, ids):
        enqueue(ids)

    @contextlib.contextmanager
    def bulk(self):
        with deferred(), indexing_alongside() as written:
            self.written_alongside.append(written)
            try:
                yield
            except BaseException:
                self.written_alongside.pop()  # nothing to settle: the job failed
                raise

    def settle(self):
        written_alongside = self.written_alongside.pop() if self.written_alongside else None
        started = time.monotonic()
        written, problem = flush_or_explain()
        lines = (
            [f"indexed {written_alongside.value} while storing"]
            if written_alongside and written_alongside.value
            else []
        )
        if written:
            lines.append(f"indexed {written} in {time.monotonic() - started:.1f} s")
        return Settled(lines, problem)
