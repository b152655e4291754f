"""Atom feeds: a search's newest matches (/search/?format=atom and /api/search?format=atom) and a
saved search's feeds of new matches and of changes of status, reached by its token. Each feed is
read with feedparser, as a feed reader reads it, and must be valid Atom (no bozo error).
Statuses come from real captures (tests/test_status_search.py's stories)."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.contrib.auth.models import User

from archive.models import Article
from search.models import SavedSearch
from tests.test_status_search import JULY, missing, stories  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("committed_db", "english")
ATOM = "application/atom+xml; charset=utf-8"


def read(response):
    """The feed as a feed reader sees it; it must be valid Atom."""
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == ATOM
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def story_ids(feed):
    return [int(entry.link.split("/articles/")[1].split("/")[0]) for entry in feed.entries]


def arrive(article, when):
    """The story entered the archive at `when` (the index hears of it, as of any save)."""
    article.created_at = when
    article.save()


@pytest.fixture
def dated(stories):  # noqa: F811
    """The stories of tests/test_status_search.py, each arrived on another day: present last."""
    order = ["hidden", "restored", "removed", "altered", "present"]
    start = datetime.now(UTC) - timedelta(days=10)
    for day, key in enumerate(order):
        arrive(stories[key], start + timedelta(days=day))
    return {key: Article.objects.get(pk=article.pk) for key, article in stories.items()}


@pytest.mark.parametrize("path", ["/search/", "/api/search"])
def test_a_search_feed_lists_the_newest_arrivals_first_with_what_a_reader_needs(client, dated, path):
    response = client.get(path, {"format": "atom", "q": "居民"})
    feed = read(response)
    matching = [dated[key] for key in ("present", "restored")]  # 居民 is in these two, newest first
    assert story_ids(feed) == [a.pk for a in matching]
    first, story = feed.entries[0], matching[0]
    assert first.title == story.title
    assert first.link == f"http://testserver/articles/{story.pk}/?q=%E5%B1%85%E6%B0%91"
    assert first.id == f"http://testserver/articles/{story.pk}/"
    assert datetime(*first.published_parsed[:6], tzinfo=UTC) == story.created_at.replace(microsecond=0)
    assert first.updated == first.published
    assert "居民" in first.summary  # marked, though a reader's sanitiser may drop the <mark>:
    assert "<mark>居民</mark>" in feedparser.parse(response.content, sanitize_html=False).entries[0].summary
    assert feed.feed.title == "Search: 居民"
    assert feed.feed.links[0].href.startswith("http://testserver/search/?q=")
    self_link = next(link.href for link in feed.feed.links if link.rel == "self")
    assert self_link.startswith(f"http://testserver{path}?") and "format=atom" in self_link


def test_an_entrys_link_marks_the_search_as_it_was_asked(client, dated):
    feed = read(client.get("/search/", {"format": "atom", "q": "居民", "regional": "off"}))
    assert feed.entries[0].link.endswith("/?q=%E5%B1%85%E6%B0%91&regional=off")


def test_an_entry_names_the_source_and_regions(client, seeds):
    feed = read(client.get("/search/", {"format": "atom", "q": "代理书记"}))
    assert feed.entries
    for entry in feed.entries:
        article = Article.objects.get(pk=story_ids(feed)[feed.entries.index(entry)])
        assert entry.get("author") == (article.source.name if article.source else None)
        paths = [" › ".join(r.name for r in region.path()) for region in article.regions.all()]
        assert [tag.term for tag in entry.get("tags", [])] == paths
        assert (article.source.name if article.source else "") in entry.summary
    assert any(entry.get("tags") for entry in feed.entries)


def test_every_search_parameter_applies_and_page_size_sets_the_length(client, dated):
    removed = read(client.get("/search/", {"format": "atom", "status": "removed"}))
    assert story_ids(removed) == [dated["removed"].pk]
    assert len(read(client.get("/api/search", {"format": "atom", "page_size": "2"})).entries) == 2
    newest = read(client.get("/api/search", {"format": "atom", "page_size": "1"}))
    assert story_ids(newest) == [dated["present"].pk]


@pytest.mark.parametrize(
    "params, parameter",
    [({"region": "999999"}, "region"), ({"status": "gone"}, "status"), ({"page_size": "1000"}, "page_size")],
)
@pytest.mark.parametrize("path", ["/search/", "/api/search"])
def test_a_bad_parameter_is_a_400_naming_it(client, dated, path, params, parameter):
    response = client.get(path, {"format": "atom", **params})
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_the_search_page_links_its_feed_for_readers_to_discover(client, dated):
    page = client.get("/search/", {"q": "居民"}).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert 'href="?q=%E5%B1%85%E6%B0%91&amp;format=atom"' in page


def test_an_unpublished_story_is_in_no_search_feed_even_for_staff(client, dated):
    hidden = dated["hidden"].pk
    staff = User.objects.create_superuser("archivist", "a@example.org", "pw")
    for who in (None, staff):
        if who:
            client.force_login(who)
        for path in ("/search/", "/api/search"):
            feed = read(client.get(path, {"format": "atom", "status": "removed", "page_size": "100"}))
            assert story_ids(feed) == [dated["removed"].pk]
    assert client.get(f"/api/articles/{hidden}").json()["status"] == "removed"  # staff see it elsewhere


@pytest.fixture
def saved(dated):
    user = User.objects.create_user("reader", "reader@example.org", "pw")
    return SavedSearch.objects.create(user=user, name="区里的事", query="q=区")


def test_a_saved_search_feeds_need_no_login_only_the_token(client, saved, dated):
    new = read(client.get(f"/saved/feeds/{saved.feed_token}/new"))
    assert new.feed.title == "区里的事"
    assert story_ids(new) == [dated[key].pk for key in ("present", "altered", "removed", "restored")]
    assert read(client.get(f"/saved/feeds/{saved.feed_token}/changes")).entries
    assert client.get("/saved/feeds/not-a-token/new").status_code == 404


def test_the_changes_feed_says_which_change_and_when_latest_first(client, saved, dated):
    feed = read(client.get(f"/saved/feeds/{saved.feed_token}/changes"))
    changed = [dated[key] for key in ("restored", "removed", "altered")]
    changed.sort(key=lambda a: a.status_changed_at, reverse=True)
    assert story_ids(feed) == [a.pk for a in changed]  # the present story has no change
    for entry, article in zip(feed.entries, changed):
        assert entry.title == f"{article.get_status_display().capitalize()}: {article.title}"
        assert datetime(*entry.updated_parsed[:6], tzinfo=UTC) == article.status_changed_at.replace(microsecond=0)
        assert entry.id.endswith(f"#{article.status}-{article.status_changed_at:%Y%m%dT%H%M%S%fZ}")
    removed = feed.entries[[a.pk for a in changed].index(dated["removed"].pk)]
    assert "news.example.cn" in removed.summary and "HTTP 404" in removed.summary

    missing(dated["present"], "present", JULY)  # removed now: the newest change, first
    assert story_ids(read(client.get(f"/saved/feeds/{saved.feed_token}/changes")))[0] == dated["present"].pk


def test_an_unpublished_story_is_in_neither_saved_feed(client, saved, dated):
    assert dated["hidden"].status == Article.REMOVED  # it would be in both
    for kind in ("new", "changes"):
        feed = read(client.get(f"/saved/feeds/{saved.feed_token}/{kind}"))
        assert dated["hidden"].pk not in story_ids(feed)
    hidden = dated["hidden"]
    hidden.published = True
    hidden.save()
    assert hidden.pk in story_ids(read(client.get(f"/saved/feeds/{saved.feed_token}/changes")))


def test_renewing_or_revoking_the_token_makes_the_old_addresses_404(client, saved):
    old = saved.feed_token
    client.force_login(saved.user)
    assert client.post(f"/saved/{saved.pk}/token", {"action": "renew"}).status_code == 302
    saved.refresh_from_db()
    assert saved.feed_token and saved.feed_token != old and len(saved.feed_token) >= 43
    for kind in ("new", "changes"):
        assert client.get(f"/saved/feeds/{old}/{kind}").status_code == 404
        read(client.get(f"/saved/feeds/{saved.feed_token}/{kind}"))
    current = saved.feed_token
    assert client.post(f"/saved/{saved.pk}/token", {"action": "revoke"}).status_code == 302
    saved.refresh_from_db()
    assert saved.feed_token is None
    assert client.get(f"/saved/feeds/{current}/new").status_code == 404
    assert client.post(f"/saved/{saved.pk}/token", {"action": "drop"}).status_code == 400


def test_a_bad_added_from_in_a_feed_is_a_400_even_beside_added_to(client, dated):
    response = client.get("/api/search", {"format": "atom", "added_from": "abc", "added_to": "2024-01-01"})
    assert response.status_code == 400 and response.json()["parameter"] == "added_from"
