"""What is new in a search: the stories among its matches that entered the archive last (or
since a time), and those whose status changed (removed, altered, restored). The Atom feeds
(search/feeds.py), the saved searches' page (search/saved/) and the e-mailed digests
(search/saved/digest.py) all read these.

"New" is by when the archive got a story (Article.created_at), not by the story's own date: a
reader watching a search must see a story the day it is collected, even one published years
ago, and many stories have no date at all. The engine matches (every match, as an export
does), narrowed to the days in question by the added_from filter; the database then keeps the
published stories and orders them to the second.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from archive.models import Article
from search.params import SearchParams
from search.query import QueryError
from search.results import matching_ids

CHUNK = 2000  # ids per database query
CHANGED = (Article.REMOVED, Article.ALTERED, Article.RESTORED)
ARRIVAL_KEY, CHANGE_KEY = ("created_at", "pk"), ("status_changed_at", "pk")  # newest first by these
# How far back the newest matches are looked for first (None: the whole archive).
LOOK_BACK = (timedelta(days=7), timedelta(days=90), None)


@dataclass
class Found:
    count: int = 0
    stories: list = field(default_factory=list)  # Article, newest first, at most the limit asked


def stories_for_display():
    """Published stories with what an entry or a list shows of them (source, regions, captures)."""
    return (
        Article.objects.filter(published=True)
        .select_related("source")
        .prefetch_related("regions__parent__parent")
        .with_provenance()
    )


def narrowed(query, since, statuses=()):
    """SearchParams of `query` (a QueryDict) limited to stories added from the day of `since`
    (in the pages' time zone) and, when given, to these statuses: the engine's share of the
    narrowing. None when the query's own filters leave nothing (added_to before that day, or
    none of its statuses among these)."""
    SearchParams.from_request(query)  # the reader's own parameters first: a bad one is their 400
    query = query.copy()
    if since is not None:
        day = timezone.localdate(since).isoformat()
        query["added_from"] = max((query.get("added_from") or "").strip() or day, day)  # both YYYY-MM-DD
    if statuses:
        asked = query.getlist("status")
        query.setlist("status", [s for s in asked if s in statuses] if asked else list(statuses))
        if not query.getlist("status"):
            return None
    try:
        return SearchParams.from_request(query)
    except QueryError as error:
        if error.param == "added_from" and query.get("added_to"):  # added_from after added_to: nothing
            return None
        raise


def _matching(query, since, statuses, **conditions):
    """The published stories matching `query` and these conditions, as a queryset per chunk of
    ids, highest ids first (the newest arrivals)."""
    params = narrowed(query, since, statuses)
    ids = matching_ids(params) if params is not None else []
    for end in range(len(ids), 0, -CHUNK):
        yield Article.objects.filter(pk__in=ids[max(0, end - CHUNK) : end], published=True, **conditions)


def arrivals(query, since=None, limit=20):
    """The stories matching `query` that entered the archive after `since`, newest first: their
    count and the first `limit`. Without `since`, the newest `limit` (count 0): looked for in
    the last week, then the last quarter, then everything, so that a feed of a broad search
    does not have the engine list every story it matches."""
    if since is not None:
        keys = _collect(_matching(query, since, (), created_at__gt=since), ARRIVAL_KEY)
        return Found(len(keys), _newest(keys, limit))
    for window in LOOK_BACK:
        start = timezone.now() - window if window else None
        conditions = {"created_at__gt": start} if start else {}
        keys = _collect(_matching(query, start, (), **conditions), ARRIVAL_KEY, enough=limit)
        if len(keys) >= limit or start is None:
            return Found(0, _newest(keys, limit))


def _collect(chunks, fields, enough=None):
    """(sort key, id) of each story of the chunks; stops at `enough` (the chunks come newest
    first: ids grow as stories arrive)."""
    keys = []
    for chunk in chunks:
        keys += chunk.values_list(*fields)
        if enough is not None and len(keys) >= enough:
            break
    return keys


def _newest(keys, limit):
    return _in_order([pk for _key, pk in sorted(keys, reverse=True)[:limit]])


def changes(query, since=None, limit=20):
    """The stories matching `query` whose status became removed, altered or restored (after
    `since`, when given), the latest change first: their count and the first `limit`."""
    conditions = {"status__in": CHANGED, "status_changed_at__isnull": False}
    if since is not None:
        conditions["status_changed_at__gt"] = since
    keys = _collect(_matching(query, None, CHANGED, **conditions), CHANGE_KEY)
    return Found(len(keys), _newest(keys, limit))


def _in_order(ids):
    stories = stories_for_display().in_bulk(ids)
    return [stories[pk] for pk in ids if pk in stories]
