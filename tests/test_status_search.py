"""A story's status (present, altered, removed, restored) and the day it entered the archive, where
readers and programs find them: the status facet and filter and added_from/added_to in /api/search
and /search/, /api/articles/<id> and the export, the admin. Statuses come from real captures
(archive/status.py); the index hears of them through archive.changes, as after a recapture."""

import json
import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.db.models import Count

from archive.models import Article
from tests.conftest import ARTIFACTS, run_command
from tests.recaptures import found_missing
from tests.warcs import page, write_warc

pytestmark = pytest.mark.usefixtures("committed_db")

MAY, JUNE, JULY = (datetime(2024, month, 1, 8, tzinfo=UTC) for month in (5, 6, 7))
SITE = "http://news.example.cn/"
TEXTS = {
    "present": ("房山区防疫纪实", "房山区窦店镇的社区干部坚守岗位，守护居民健康，各街道设立检查点。"),
    "altered": ("天河区复工复产", "天河区的工厂陆续复工，工人返岗后先测体温，再进车间，秩序井然。"),
    "removed": ("和平区菜价调查", "和平区各菜市场的蔬菜价格平稳，记者走访了五个市场，摊主说货源充足。"),
    "restored": ("浦东新区地铁新线", "浦东新区的地铁新线今天试运行，沿线居民早早来到站台，体验新线路。"),
    "hidden": ("历下区旧城改造", "历下区的旧城改造进入第二期，三百户居民签约搬迁，新居明年交付。"),
}


def url(key):
    return f"{SITE}{key}.html"


def capture(key, when, text=None):
    title, body = TEXTS[key]
    return {"url": url(key), "payload": page(title, text or body), "date": when}


def missing(article, key, when, why="HTTP 404"):
    """A recapture that found the story gone from its address, and the status it leads to."""
    found_missing(article.pk, url(key), when, why=why)


@pytest.fixture
def stories(ingest, tmp_path):
    """One story of each status, and an unpublished removed one ("hidden")."""
    write_warc(
        tmp_path / "may.warc",
        [capture(key, MAY) for key in TEXTS]
        + [capture("altered", JUNE, "天河区的工厂全部复工，工人返岗后先测体温，再进车间，秩序井然。")],
    )
    assert not ingest(tmp_path / "may.warc").failed
    found = {key: Article.objects.filter(captures__original_url=url(key)).distinct().get() for key in TEXTS}
    for key in ("removed", "restored", "hidden"):
        missing(found[key], key, JUNE)
    write_warc(tmp_path / "july.warc", [capture("restored", JULY)])
    assert not ingest(tmp_path / "july.warc").failed
    found = {key: Article.objects.get(pk=article.pk) for key, article in found.items()}  # as refreshed
    found["hidden"].published = False
    found["hidden"].save()
    return found


def api(client, **params):
    return client.get("/api/search", params)


def ids(response):
    return sorted(r["id"] for r in response.json()["results"])


def test_statuses_follow_the_captures(stories):
    assert {key: article.status for key, article in stories.items()} == {
        "present": Article.PRESENT,
        "altered": Article.ALTERED,
        "removed": Article.REMOVED,
        "restored": Article.RESTORED,
        "hidden": Article.REMOVED,
    }


@pytest.mark.parametrize("params", [{}, {"q": "区"}, {"q": "居民"}, {"status": "removed"}])
def test_the_status_facet_counts_what_its_filter_finds_and_the_database_holds(client, stories, params):
    facet = api(client, **params).json()["facets"]["status"]
    matching = Article.objects.filter(pk__in=ids(api(client, page_size=100, **params)))
    assert {row["value"]: row["count"] for row in facet} == dict(
        matching.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    for row in facet:
        assert api(client, **{**params, "status": row["value"]}).json()["count"] == row["count"]


def test_the_status_facet_names_each_status_and_never_counts_an_unpublished_story(client, stories):
    facet = client.get("/api/search", HTTP_ACCEPT_LANGUAGE="en").json()["facets"]["status"]  # names as read
    assert facet == [
        {"value": "present", "name": "present", "count": 1},
        {"value": "altered", "name": "altered", "count": 1},
        {"value": "removed", "name": "removed", "count": 1},
        {"value": "restored", "name": "restored", "count": 1},
    ]
    assert ids(api(client, status="removed")) == [stories["removed"].pk]


def test_status_may_be_repeated_for_any_of_them(client, stories):
    assert ids(api(client, status=["removed", "restored"])) == sorted([stories["removed"].pk, stories["restored"].pk])
    assert ids(api(client, q="菜价", status=["present", "altered"])) == []


def test_a_status_change_reaches_the_index_and_check_index_sees_one_it_missed(client, stories):
    missing(stories["present"], "present", JULY)  # through archive.changes, as a recapture does
    assert ids(api(client, status="removed")) == sorted([stories["present"].pk, stories["removed"].pk])

    Article.objects.filter(pk=stories["altered"].pk).update(status=Article.REMOVED)  # bypasses signals: stale
    report = run_command("check_index")
    assert report.failed and "missing 0, stale 1, orphaned 0" in report.out
    assert not run_command("check_index", "--repair").failed
    assert stories["altered"].pk in ids(api(client, status="removed"))


def test_added_counts_the_day_a_story_entered_the_archive_in_the_pages_zone(client, stories):
    article = stories["present"]
    article.created_at = datetime(2020, 3, 1, 17, 30, tzinfo=UTC)  # 01:30 on 2 March in UTC+8
    article.save()
    assert ids(api(client, added_from="2020-03-02", added_to="2020-03-02")) == [article.pk]
    assert ids(api(client, added_to="2020-03-01")) == []
    others = {stories[key].pk for key in ("altered", "removed", "restored")}
    assert set(ids(api(client, added_from="2020-03-03"))) == others  # what is new since a day
    assert set(ids(api(client, added_from="2020-03-02", status="removed"))) == {stories["removed"].pk}


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"status": "gone"}, "status"),
        ({"status": ["removed", "Removed"]}, "status"),
        ({"added_from": "2024-13-01"}, "added_from"),
        ({"added_to": "yesterday"}, "added_to"),
        ({"added_from": "2024-06-02", "added_to": "2024-06-01"}, "added_from"),
    ],
)
def test_a_bad_status_or_added_day_is_a_400_naming_it(client, stories, params, parameter):
    for path in ("/api/search", "/api/export"):
        response = client.get(path, params)
        assert response.status_code == 400
        assert response.json()["parameter"] == parameter and parameter in response.json()["detail"]
    assert client.get("/search/", params).status_code == 400


def test_the_article_api_says_when_a_story_was_removed_and_last_seen(client, stories):
    removed = client.get(f"/api/articles/{stories['removed'].pk}").json()
    assert removed["status"] == "removed"
    assert removed["removed_at"] == JUNE.isoformat() and removed["last_seen_at"] == MAY.isoformat()
    assert [c["missing"] for c in removed["captures"]] == [None, "HTTP 404"]
    restored = client.get(f"/api/articles/{stories['restored'].pk}").json()
    assert restored["status"] == "restored" and restored["removed_at"] is None
    assert restored["last_seen_at"] == JULY.isoformat()
    assert [c["missing"] for c in restored["captures"]] == [None, "HTTP 404", None]
    present = client.get(f"/api/articles/{stories['present'].pk}").json()
    assert (present["status"], present["removed_at"], present["last_seen_at"]) == ("present", None, MAY.isoformat())


def test_an_unpublished_story_and_its_status_show_to_staff_only(client, stories):
    hidden = stories["hidden"]
    assert client.get(f"/api/articles/{hidden.pk}").status_code == 404
    assert hidden.pk not in ids(api(client, status="removed", page_size=100))
    assert hidden.pk not in {record["id"] for record in export(client, status="removed")}
    client.force_login(User.objects.create_superuser("archivist", "a@example.org", "pw"))
    assert client.get(f"/api/articles/{hidden.pk}").json()["status"] == "removed"


def export(client, **params):
    response = client.get("/api/export", params)
    return [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]


def test_the_export_carries_the_status_and_filters_on_it(client, stories):
    records = export(client, status="removed", fields="id,status,removed_at,last_seen_at")
    assert records == [
        {
            "id": stories["removed"].pk,
            "status": "removed",
            "removed_at": JUNE.isoformat(),
            "last_seen_at": MAY.isoformat(),
        }
    ]
    everything = export(client)
    assert {r["id"]: r["status"] for r in everything} == {
        stories[key].pk: key for key in ("present", "altered", "removed", "restored")
    }
    assert all({"status", "removed_at", "last_seen_at"} <= set(r) for r in everything)
    assert {r["id"] for r in export(client, added_from="2020-01-01", status="altered")} == {stories["altered"].pk}


def test_the_schema_describes_status_added_and_the_record_fields(client):
    spec = client.get("/api/schema").json()
    parameters = {p["name"]: p for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert parameters["status"]["schema"]["enum"] == ["present", "altered", "removed", "restored"]
    assert {"added_from", "added_to"} <= set(parameters)
    assert {"added_from", "added_to", "status"} <= {
        p["name"] for p in spec["paths"]["/api/export"]["get"]["parameters"]
    }
    article = spec["components"]["schemas"]["Article"]
    assert {"status", "removed_at", "last_seen_at"} <= set(article["required"])
    assert "missing" in article["properties"]["captures"]["items"]["properties"]
    assert "status" in spec["components"]["schemas"]["SearchResponse"]["properties"]["facets"]["required"]


def test_the_search_page_lists_statuses_and_names_the_one_chosen(client, stories):
    client.cookies["django_language"] = "en"
    html = client.get("/search/", {"status": "removed"}).content.decode()
    assert 'id="status-facet"' in html
    assert re.search(r'class="active-filters">.*>removed ✕</a>', html, re.S)  # the chip that removes the filter
    assert "和平区菜价调查" in html and "房山区防疫纪实" not in html
    nothing = client.get("/search/", {"status": "present", "q": "菜价"}).content.decode()
    assert ">present ✕</a>" in nothing  # a status no result has is still named


@pytest.mark.browser
def test_a_reader_narrows_a_search_to_the_removed_stories_in_a_browser(chromium, live_server, stories):
    from playwright.sync_api import expect  # only where the browser tests run

    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    tab = context.new_page()
    tab.goto(live_server.url + "/search/?q=区")
    expect(tab.locator(".hit")).to_have_count(4)
    tab.click("#status-facet a:text-is('removed')")
    expect(tab.locator(".hit")).to_have_count(1)
    expect(tab.locator(".hit h3")).to_contain_text("和平区菜价调查")
    expect(tab.locator(".active-filters")).to_contain_text("removed")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "search-status.png"), full_page=True)
    tab.click(".active-filters a.remove")
    expect(tab.locator(".hit")).to_have_count(4)
    context.close()


def cell(html, name):
    """The texts of the admin's cells of this field, tags and spaces around them dropped."""
    return [
        re.sub(r"<[^>]*>", "", text).strip() for text in re.findall(rf'<td class="field-{name}">(.*?)</td>', html, re.S)
    ]


def test_the_admin_filters_and_shows_statuses_and_captures_that_found_a_story_missing(client, stories):
    client.force_login(User.objects.create_superuser("archivist", "a@example.org", "pw"))
    client.cookies["django_language"] = "en"
    listed = client.get("/admin/archive/article/", {"status__exact": "removed"}).content.decode()
    assert "和平区菜价调查" in listed and "历下区旧城改造" in listed and "房山区防疫纪实" not in listed
    assert listed.count('<small class="status">removed</small>') == 2  # under each title
    change = client.get(f"/admin/archive/article/{stories['removed'].pk}/change/")
    assert change.status_code == 200
    html = change.content.decode()
    assert cell(html, "why_missing") == ["—", "HTTP 404"]
    assert cell(html, "version_digest")[1] == "—" and len(cell(html, "version_digest")[0]) == 12
