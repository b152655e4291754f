"""Atom feeds of searches (Django's syndication framework): a search's newest matches
(/search/?format=atom, /api/search?format=atom), and a saved search's new matches and changes
of status, reached by its token with no login (/saved/feeds/<token>/new, …/changes).

Entries come newest first by when the archive got the story (search.watch says why); each
links to the story's page (marking the search's terms there), is summarised with its date,
source, regions and a snippet, and a change says which (removed, altered, restored) and when.
Only published stories appear, whoever asks.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from archive.api import bad_parameter
from archive.highlight import snippet
from archive.models import Article
from archive.status import absences
from search import watch
from search.models import SavedSearch
from search.params import SearchParams
from search.query import QueryError

SAVED_FEED_LENGTH = 50
CHANGE_TITLES = {
    Article.REMOVED: lambda title: _("Removed: %(title)s") % {"title": title},
    Article.ALTERED: lambda title: _("Altered: %(title)s") % {"title": title},
    Article.RESTORED: lambda title: _("Restored: %(title)s") % {"title": title},
}


@dataclass
class Watched:
    """What a feed shows: a search (its parameters), how it is named and reached, how many entries."""

    title: str
    subtitle: str
    query: object  # QueryDict of the search's parameters
    link: str  # the search's page
    feed_url: str
    base: str  # scheme and host: entries' ids are absolute
    limit: int
    terms: list  # what a snippet and the story page mark
    marking: str  # the story page's query string that marks them (SearchParams.marking_query)

    @classmethod
    def of(cls, request, query, title, subtitle, limit=None):
        """`limit` entries, or as many as the search's page_size asks."""
        params = SearchParams.from_request(query)  # a bad parameter is a QueryError: a 400
        search = {k: v for k, v in query.lists() if k not in ("format", "page", "page_size", "sort", "show")}
        return cls(
            title=title,
            subtitle=subtitle,
            query=query,
            link=reverse("search") + "?" + urlencode(search, doseq=True),
            feed_url=request.get_full_path(),
            base=request.build_absolute_uri("/").rstrip("/"),
            limit=limit or params.page_size,
            terms=params.query.highlight_terms(),
            marking=params.marking_query(),
        )


@dataclass
class Entry:
    story: Article
    title: str
    link: str
    guid: str
    updated: datetime
    snippet: str  # HTML, the search's terms marked
    change: str | None = None  # the status a change entry reports
    absences: list = field(default_factory=list)  # archive.status.Absence of a removed story


class ArrivalsFeed(Feed):
    """The newest matches of a search, by when the archive got them."""

    feed_type = Atom1Feed
    description_template = "search/feed_entry.html"

    def __init__(self, watched):
        self.watched = watched

    def get_object(self, request):
        return self.watched

    def title(self, obj):
        return obj.title

    def subtitle(self, obj):
        return obj.subtitle

    def link(self, obj):
        return obj.link

    def feed_url(self, obj):
        return obj.feed_url

    def items(self, obj):
        return [self.entry(obj, story) for story in watch.arrivals(obj.query, limit=obj.limit).stories]

    def entry(self, obj, story):
        guid = obj.base + story.get_absolute_url()
        link = story.get_absolute_url() + obj.marking
        return Entry(story, story.title, link, guid, story.created_at, snippet(story.body_clean, obj.terms))

    def get_context_data(self, **kwargs):
        return {"entry": kwargs["item"]}

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.guid

    def item_pubdate(self, item):
        return item.story.created_at

    def item_updateddate(self, item):
        return item.updated

    def item_author_name(self, item):
        return item.story.source.name if item.story.source else None

    def item_categories(self, item):
        return [" › ".join(r.name for r in region.path()) for region in item.story.regions.all()]


class ChangesFeed(ArrivalsFeed):
    """The stories among a search's matches whose status changed, the latest change first."""

    def items(self, obj):
        return [self.entry(obj, story) for story in watch.changes(obj.query, limit=obj.limit).stories]

    def entry(self, obj, story):
        entry = super().entry(obj, story)
        entry.title = CHANGE_TITLES[story.status](story.title)
        entry.guid += f"#{story.status}-{story.status_changed_at:%Y%m%dT%H%M%S%fZ}"
        entry.updated, entry.change = story.status_changed_at, story.status
        entry.absences = absences(story.captures.all())
        return entry


def atom_response(request, feed_class, query, title, subtitle, limit=None):
    """The feed, or a 400 naming the parameter the search cannot use."""
    try:
        return feed_class(Watched.of(request, query, title, subtitle, limit))(request)
    except QueryError as error:
        return bad_parameter(error.param, str(error))


def search_feed(request):
    """/search/ and /api/search with format=atom: the search's newest matches (page_size of them)."""
    q = request.GET.get("q", "").strip()
    title = _("Search: %(q)s") % {"q": q} if q else _("Search: every story")
    subtitle = _("The newest stories matching this search, by when the archive got them.")
    return atom_response(request, ArrivalsFeed, request.GET, title, subtitle)


@require_safe
def saved_arrivals_feed(request, token):
    saved = get_object_or_404(SavedSearch, feed_token=token)
    subtitle = _("Stories matching this saved search, by when the archive got them.")
    return atom_response(request, ArrivalsFeed, saved.search_query(), saved.name, subtitle, SAVED_FEED_LENGTH)


@require_safe
def saved_changes_feed(request, token):
    saved = get_object_or_404(SavedSearch, feed_token=token)
    title = _("%(name)s: removed, altered and restored") % {"name": saved.name}
    subtitle = _("Stories matching this saved search whose status changed, the latest change first.")
    return atom_response(request, ChangesFeed, saved.search_query(), title, subtitle, SAVED_FEED_LENGTH)
