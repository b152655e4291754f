"""Reading from a streaming read replica (DATABASE_REPLICA_URL): the public pages, searches and
the API read from it; writes, the admin and management commands (ingest reads what it is about
to write) stay on the primary. A replica that cannot be reached is left alone for
RETRY_AFTER seconds, with a warning, and reads go to the primary: a reader never sees a 500
because a replica is down.
"""

import contextvars
import logging
import time

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.urls import reverse

REPLICA = "replica"
RETRY_AFTER = 30.0

log = logging.getLogger(__name__)
_reading = contextvars.ContextVar("reading_from_replica", default=False)
_down_until = 0.0


def replica_reachable():
    """Whether reads may go to the replica now: it is configured, not found down in the last
    RETRY_AFTER seconds, and this thread's connection to it is (or can be) open."""
    global _down_until
    if REPLICA not in connections.settings or time.monotonic() < _down_until:
        return False
    try:
        connections[REPLICA].ensure_connection()
        return True
    except DatabaseError as error:
        _down_until = time.monotonic() + RETRY_AFTER
        log.warning("read replica unreachable, reading from the primary for %d s: %s", RETRY_AFTER, str(error).strip())
        return False


class ReplicaRouter:
    """Reads inside a ReadFromReplica request go to the replica when it is reachable; all else
    to the primary. The replica is never migrated: it replays the primary's schema."""

    def db_for_read(self, model, **hints):
        return REPLICA if _reading.get() and replica_reachable() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first, second, **hints):
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA


class ReadFromReplica:
    """Middleware: a GET or HEAD outside the admin reads from the replica (an editor sees what
    they just saved; a form post reads what it writes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(reverse("admin:index")):
            return self.get_response(request)
        token = _reading.set(True)
        try:
            return self.get_response(request)
        finally:
            _reading.reset(token)
