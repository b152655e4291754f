"""How the record tells the layers above it which stories changed.

archive/ keeps the stories; a layer above it keeps a copy of each that must follow every change
(search/: its index). archive/ never imports those layers. It calls stories_changed(ids) inside
the change's own transaction, and runs a long job (an ingest, a reextract, clustering) inside
bulk(), calling settle() at its end; each layer above connects a Listener at start-up (its
AppConfig.ready). With none connected, a change is only stored.
"""

import contextlib
from dataclasses import dataclass, field

_listeners = []


@dataclass
class Settled:
    """What settling a long job's changes did (lines for its report), or why it could not: the
    changes are stored either way, and the listener keeps what it has not done."""

    lines: list = field(default_factory=list)
    problem: str | None = None


class Listener:
    """What a layer above the record implements; each method may be left as it is."""

    def stories_changed(self, ids):
        """These stories were added, changed or deleted, in the caller's open transaction."""

    @contextlib.contextmanager
    def bulk(self):
        """Around a long job: its changes may wait for settle()."""
        yield

    def settle(self):
        """At the end of a long job: a Settled."""
        return Settled()


def connect(listener):
    if listener not in _listeners:
        _listeners.append(listener)


def disconnect(listener):
    if listener in _listeners:
        _listeners.remove(listener)


def stories_changed(ids):
    ids = list(ids)
    for listener in _listeners:
        listener.stories_changed(ids)


@contextlib.contextmanager
def bulk():
    with contextlib.ExitStack() as stack:
        for listener in _listeners:
            stack.enter_context(listener.bulk())
        yield


def settle():
    """Every listener's Settled, as one: their lines, and the first problem."""
    lines, problems = [], []
    for listener in _listeners:
        settled = listener.settle()
        lines += settled.lines
        problems += [settled.problem] if settled.problem else []
    return Settled(lines, problems[0] if problems else None)
