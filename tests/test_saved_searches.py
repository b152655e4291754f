"""Saved searches: saving the search one is on, /saved/ with what is new since the last visit,
a user's searches theirs alone, signing in; manage.py send_digests through Django's locmem
e-mail backend (mail.outbox); and the pages in a real browser. The stories and their statuses
are tests/test_status_search.py's, arrived on different days (tests/test_feeds.py's `dated`)."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from search.models import SavedSearch
from tests.conftest import run_command
from tests.test_browser import page, screenshot  # noqa: F401 (a fixture)
from tests.test_feeds import arrive, dated, stories  # noqa: F401 (fixtures)
from tests.test_status_search import JULY, missing

pytestmark = pytest.mark.usefixtures("committed_db", "english")


@pytest.fixture
def reader(db):
    return User.objects.create_user("reader", "reader@example.org", "a long pass phrase")


@pytest.fixture
def signed_in(client, reader):
    client.force_login(reader)
    return client


def saved_of(user, name="区里的事", query="q=区", **fields):
    return SavedSearch.objects.create(user=user, name=name, query=query, **fields)


def test_anonymous_visitors_are_sent_to_sign_in(client, reader):
    saved = saved_of(reader)
    for method, path in [
        ("get", "/saved/"),
        ("post", "/saved/"),
        ("get", f"/saved/{saved.pk}/"),
        ("post", f"/saved/{saved.pk}/token"),
        ("post", f"/saved/{saved.pk}/delete"),
    ]:
        response = getattr(client, method)(path)
        assert response.status_code == 302 and response["Location"] == f"/accounts/login/?next={path}"
    assert SavedSearch.objects.get().feed_token == saved.feed_token


def test_signing_in_leads_to_the_saved_searches(client, reader):
    assert "Sign in" in client.get("/accounts/login/?next=/saved/").content.decode()
    response = client.post("/accounts/login/", {"username": "reader", "password": "a long pass phrase"})
    assert response.status_code == 302 and response["Location"] == "/saved/"
    assert client.get("/saved/").status_code == 200


def test_the_search_page_saves_its_words_and_filters_not_its_page_or_order(signed_in, dated):
    page = signed_in.get("/search/", {"q": "区", "status": "removed", "sort": "date", "page": "1"}).content.decode()
    form = re.search(r'<form method="post" action="/saved/"[^>]*id="save-search">.*?</form>', page, re.S).group(0)
    query = re.search(r'name="query" value="([^"]*)"', form).group(1).replace("&amp;", "&")
    assert query == "q=%E5%8C%BA&status=removed"
    response = signed_in.post("/saved/", {"name": "删了的", "query": query + "&page=3&format=atom"})
    assert response.status_code == 302 and response["Location"] == "/saved/"
    saved = SavedSearch.objects.get()
    assert (saved.name, saved.query, saved.wants_digest) == ("删了的", "q=%E5%8C%BA&status=removed", False)
    assert saved.feed_token and saved.last_visit_at <= timezone.now()


def test_signed_out_the_search_page_offers_to_sign_in_instead(client, dated):
    page = client.get("/search/", {"q": "区"}).content.decode()
    assert 'id="save-search"' not in page
    assert 'href="/accounts/login/?next=/search/%3Fq%3D%25E5%258C%25BA"' in page


@pytest.mark.parametrize(
    "fields, problem", [({"query": "region=999999"}, "region"), ({"query": "q=区", "name": ""}, "name")]
)
def test_a_search_that_cannot_be_saved_is_a_400_saying_why(signed_in, dated, fields, problem):
    response = signed_in.post("/saved/", {"name": "x", **fields})
    assert response.status_code == 400
    assert problem in response.content.decode() or "required" in response.content.decode()
    assert not SavedSearch.objects.exists()


def new_on_the_list(client, saved):
    """(the count of new stories, [their titles], [changes' titles]) shown for `saved` on /saved/."""
    page = client.get("/saved/").content.decode()
    section = re.search(rf'<section class="saved-search" id="saved-{saved.pk}">.*?</section>', page, re.S).group(0)
    count = int(re.search(r'<p class="new-count">(\d+)', section).group(1))
    new = re.search(r'<ol class="hits new-stories">(.*?)</ol>', section, re.S)
    changes = re.search(r'<ol class="hits changes">(.*?)</ol>', section, re.S)
    titles = lambda block: re.findall(r'<a href="/articles/\d+/">([^<]+)</a>', block.group(1)) if block else []  # noqa: E731
    return count, titles(new), titles(changes)


def test_the_list_shows_what_arrived_since_the_last_visit_then_records_the_visit(signed_in, reader, dated):
    saved = saved_of(reader, last_visit_at=dated["removed"].created_at - timedelta(hours=1))
    count, titles, changes = new_on_the_list(signed_in, saved)
    assert count == 3 and titles == [dated[key].title for key in ("present", "altered", "removed")]
    assert set(changes) == {dated[key].title for key in ("altered", "removed", "restored")}  # not the hidden one
    saved.refresh_from_db()
    assert timezone.now() - saved.last_visit_at < timedelta(minutes=1)

    assert new_on_the_list(signed_in, saved) == (0, [], [])
    arrive(dated["restored"], timezone.now())
    missing(dated["present"], "present", JULY)
    assert new_on_the_list(signed_in, saved) == (1, [dated["restored"].title], [dated["present"].title])


def test_an_unpublished_story_is_never_new_on_the_list(signed_in, reader, dated):
    saved = saved_of(reader, last_visit_at=timezone.now() - timedelta(days=30))
    count, titles, changes = new_on_the_list(signed_in, saved)
    assert count == 4 and dated["hidden"].title not in titles + changes


def test_a_user_sees_and_changes_only_their_own(client, reader, dated):
    theirs = saved_of(reader)
    other = User.objects.create_user("other", "other@example.org", "pw")
    mine = saved_of(other, name="我的")
    client.force_login(other)
    page = client.get("/saved/").content.decode()
    assert "我的" in page and "区里的事" not in page and theirs.feed_token not in page
    assert client.get(f"/saved/{theirs.pk}/").status_code == 404
    assert client.post(f"/saved/{theirs.pk}/", {"name": "taken"}).status_code == 404
    assert client.post(f"/saved/{theirs.pk}/token", {"action": "revoke"}).status_code == 404
    assert client.post(f"/saved/{theirs.pk}/delete").status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "区里的事" and theirs.feed_token

    assert client.post(f"/saved/{mine.pk}/", {"name": "改名", "wants_digest": "on"}).status_code == 302
    mine.refresh_from_db()
    assert (mine.name, mine.wants_digest) == ("改名", True)
    assert client.post(f"/saved/{mine.pk}/", {"name": ""}).status_code == 400
    assert client.post(f"/saved/{mine.pk}/delete").status_code == 302
    assert list(SavedSearch.objects.all()) == [theirs]


@pytest.fixture
def digest_users(reader, dated, settings):
    """reader has two saved searches wanting digests and one not; a user without an e-mail
    address wants one too."""
    settings.SITE_URL = "https://archive.example.org"
    since = dated["removed"].created_at - timedelta(hours=1)
    nameless = User.objects.create_user("nameless", "", "pw")
    return {
        "all": saved_of(reader, wants_digest=True, last_digest_at=since),
        "prices": saved_of(reader, "菜价", "q=菜价", wants_digest=True, last_digest_at=since),
        "quiet": saved_of(reader, "不要", "q=区", last_digest_at=since),
        "nameless": saved_of(nameless, wants_digest=True, last_digest_at=since),
    }


def test_send_digests_mails_each_user_once_with_what_is_new_then_moves_on(digest_users, dated):
    result = run_command("send_digests")
    assert not result.failed and "sent 1 digest(s)" in result.out
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.org"] and "区里的事" in message.subject and "菜价" in message.subject
    for key in ("present", "altered", "removed"):  # arrived since the last digest
        assert dated[key].title in message.body
        assert f"https://archive.example.org/articles/{dated[key].pk}/" in message.body
    assert (
        f"- Restored {timezone.localtime(dated['restored'].status_changed_at):%Y-%m-%d %H:%M} UTC+8: 浦东新区地铁新线"
        in message.body
    )  # a change, not an arrival
    assert "https://archive.example.org/saved/" in message.body
    assert "不要" not in message.body
    for saved in digest_users.values():
        saved.refresh_from_db()
    assert all(timezone.now() - digest_users[k].last_digest_at < timedelta(minutes=1) for k in ("all", "prices"))
    assert all(digest_users[k].last_digest_at < timezone.now() - timedelta(days=1) for k in ("quiet", "nameless"))

    again = run_command("send_digests")
    assert "sent 0 digest(s); 1 user(s) had nothing new" in again.out and len(mail.outbox) == 1
    missing(dated["present"], "present", JULY)
    run_command("send_digests")
    assert len(mail.outbox) == 2 and dated["present"].title in mail.outbox[1].body
    assert dated["altered"].title not in mail.outbox[1].body


def test_a_digest_never_names_an_unpublished_story(digest_users, dated):
    run_command("send_digests")
    assert dated["hidden"].title not in mail.outbox[0].body
    assert f"/articles/{dated['hidden'].pk}/" not in mail.outbox[0].body


def test_dry_run_prints_the_digests_and_sends_nothing(digest_users, dated):
    result = run_command("send_digests", "--dry-run")
    assert "To: reader@example.org" in result.out and dated["present"].title in result.out
    assert "would send 1 digest(s)" in result.out
    assert mail.outbox == []
    digest_users["all"].refresh_from_db()
    assert digest_users["all"].last_digest_at < timezone.now() - timedelta(days=1)


@pytest.mark.browser
def test_browser_save_a_search_and_find_it_with_its_feeds(page, live_server, reader, dated):  # noqa: F811
    page.goto(live_server.url + "/search/?q=区")
    page.click("#sign-in-to-save")
    page.fill("#id_username", "reader")
    page.fill("#id_password", "a long pass phrase")
    page.click("#sign-in")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    screenshot(page, "search-save")
    page.fill("#save-name", "区里的事")
    page.click("#save-search button[type=submit]")
    expect(page).to_have_url(live_server.url + "/saved/")
    expect(page.locator(".saved-search h2")).to_have_text("区里的事")
    screenshot(page, "saved-searches")
    page.click(".saved-search .meta a")
    href = page.locator("#feed-changes").get_attribute("href")
    assert href == f"/saved/feeds/{SavedSearch.objects.get().feed_token}/changes"
    page.click("button[value=renew]")
    expect(page.locator("#feed-changes")).not_to_have_attribute("href", href)
