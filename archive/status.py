"""Whether a story is still where it was captured, derived from its captures.

Each address a story was captured at is, by its newest capture there, either holding the story
or missing it (a capture with `missing` set: archive/removal.py says why). A story is

- removed: missing from every address it was captured at;
- restored: not removed, and some address that had lost it serves it again;
- altered: neither, and it has more than one version (its text changed at an address);
- present: otherwise (a plain file, never looked at again, is present).

Article.status keeps the result for the filters, facets and feeds; it is refreshed whenever a
capture of the story is stored (archive/ingest/store.py, manage.py recapture).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from archive.changes import stories_changed
from archive.models import Article, Capture


@dataclass(frozen=True)
class Absence:
    """A story missing from one address: since when, the last time it was seen there, and why."""

    url: str
    site: str
    since: datetime | None  # the first capture that found it missing (after it was last seen there)
    last_seen: datetime | None  # the last capture that found it there (None: never captured present there)
    why: str


def _when(capture):
    return capture.captured_at or capture.stored_at


def _by_address(captures):
    """{address: [its captures in the order made]} of the captures with an address."""
    found = {}
    for capture in sorted((c for c in captures if c.original_url), key=lambda c: (_when(c), c.pk or 0)):
        found.setdefault(capture.original_url, []).append(capture)
    return found


def absences(captures):
    """The addresses the story is missing from now (their newest capture found it gone)."""
    missing = []
    for url, made in _by_address(captures).items():
        if not made[-1].missing:
            continue
        present = [i for i, c in enumerate(made) if not c.missing]
        since = made[present[-1] + 1] if present else made[0]
        last_seen = _when(made[present[-1]]) if present else None
        missing.append(Absence(url, made[-1].site, _when(since), last_seen, made[-1].missing))
    return missing


@dataclass(frozen=True)
class Return:
    """A story that came back to an address: when it was found missing there, and when it was
    served there again (the latest return, when it went and came back more than once)."""

    url: str
    site: str
    gone: datetime
    back: datetime


def returns(captures):
    """The addresses that serve the story again after a capture found it missing there."""
    found = []
    for url, made in _by_address(captures).items():
        back = [i for i in range(1, len(made)) if made[i - 1].missing and not made[i].missing]
        if back:
            gone = back[-1] - 1
            while gone and made[gone - 1].missing:
                gone -= 1
            found.append(Return(url, made[back[-1]].site, _when(made[gone]), _when(made[back[-1]])))
    return found


def last_seen_at(captures):
    """When the story was last captured present anywhere (None: never)."""
    return max((_when(c) for c in captures if not c.missing), default=None)


def removed_at(captures):
    """When the story was found missing from the last address that still held it, if it is
    missing from all of them; else None."""
    by_address = _by_address(captures)
    gone = absences(captures)
    if not by_address or len(gone) < len(by_address):
        return None
    return max((a.since for a in gone), default=None)


def derive(captures, versions):
    """The status of a story with these captures and this many versions."""
    by_address = _by_address(captures)
    if by_address and len(absences(captures)) == len(by_address):
        return Article.REMOVED
    if returns(captures):
        return Article.RESTORED
    return Article.ALTERED if versions > 1 else Article.PRESENT


def refresh(article_ids):
    """Recompute and store the status of these stories; the index hears of those that changed."""
    changed = []
    with transaction.atomic():
        for article in Article.objects.filter(pk__in=article_ids).only("pk", "status"):
            captures = list(
                Capture.objects.filter(article_id=article.pk).only(
                    "pk", "original_url", "site", "captured_at", "stored_at", "missing"
                )
            )
            status = derive(captures, article.versions.count())
            if status != article.status:
                Article.objects.filter(pk=article.pk).update(status=status, status_changed_at=timezone.now())
                changed.append(article.pk)
        if changed:
            stories_changed(changed)
    return changed
