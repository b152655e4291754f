"""Issue 44: the 404 and 500 pages are pages of the site in the reader's language (JSON under
/api/), with DEBUG off as in production; the admin names django-axes' app and models in the
editors' language; the stories' list and change form fit a laptop's screen, and the source
filter lists only the commonest sources."""

import json
import logging
import re
from datetime import UTC, datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import path

from archive.models import Article, Capture, Source
from archive.urls import handler404, handler500
from archive.urls import urlpatterns as site_urlpatterns
from tests.conftest import ARTIFACTS, SEEDS, run_command
from tests.warcs import page, write_warc

FAILURE = "a bug in a view, not for readers' eyes"


def failing_view(request):
    raise RuntimeError(FAILURE)


# The site with two views that fail (the module is a URLconf: settings.ROOT_URLCONF = __name__).
urlpatterns = [path("boom/", failing_view), path("api/boom", failing_view), *site_urlpatterns]


class OnlyTheFailingViews:
    """A URLconf without the site's pages (the admin stays: ReadFromReplica reverses its URL): the
    500 page must not need the site's URL names, the URLconf may be what failed."""

    urlpatterns = [path("admin/", admin.site.urls), path("boom/", failing_view), path("api/boom", failing_view)]
    handler500 = handler500


@pytest.fixture
def production(settings):
    """A client of the site as production serves it: DEBUG off, errors answered, not raised."""
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


def get(client, url, language=None, **headers):
    if language:
        headers["HTTP_ACCEPT_LANGUAGE"] = language
    return client.get(url, **headers)


# --- 404 and 500 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, html_lang, words",
    [
        (None, "zh-hans", ["找不到页面", "新闻档案库", "返回首页", "每篇报道都按采集时的原样保存"]),
        ("zh-hant", "zh-hant", ["找不到頁面", "新聞檔案庫", "返回首頁"]),
        ("en", "en", ["Page not found", "News archive", "Back to the home page", "There is no page at this address."]),
    ],
)
def test_a_404_is_a_page_of_the_site_in_the_readers_language(production, language, html_lang, words):
    response = get(production, "/no-such-page/", language)
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert f'<html lang="{html_lang}">' in html
    assert 'href="/static/archive/site.css"' in html and 'role="search"' in html  # the site's header and search
    assert 'action="/i18n/setlang/"' in html and "/no-such-page/" in html
    for word in words:
        assert word in html, word
    assert "Not Found" not in html  # Django's bare page


def test_a_missing_or_unpublished_story_gets_the_same_404_page(production, seeds):
    Article.objects.filter(pk=seeds["000"].pk).update(published=False)
    for url in ("/articles/99999/", f"/articles/{seeds['000'].pk}/"):
        response = production.get(url)
        assert response.status_code == 404
        assert "找不到页面" in response.content.decode() and 'href="/search/"' in response.content.decode()


def test_a_404_under_the_api_is_json(production):
    response = production.get("/api/no-such-endpoint")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {"error": "not_found", "detail": "no such endpoint: /api/no-such-endpoint"}


@pytest.mark.parametrize(
    "language, html_lang, words",
    [
        (None, "zh-hans", ["服务器出错", "新闻档案库", "错误已经记录下来", "返回首页"]),
        ("zh-hant", "zh-hant", ["伺服器出錯", "新聞檔案庫", "錯誤已經記錄下來"]),
        ("en", "en", ["Server error", "News archive", "The error has been logged", "Back to the home page"]),
    ],
)
def test_a_500_is_a_page_of_the_site_without_database_or_url_names(
    production, settings, caplog, language, html_lang, words
):
    # No `db` fixture: any query while answering would fail the test. Nor the site's URL names.
    settings.ROOT_URLCONF = OnlyTheFailingViews
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = get(production, "/boom/", language)
    assert response.status_code == 500 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert f'<html lang="{html_lang}">' in html and 'href="/static/archive/site.css"' in html
    assert '<a class="brand" href="/">' in html
    for word in words:
        assert word in html, word
    assert FAILURE not in html and "RuntimeError" not in html and "Server Error (500)" not in html
    assert caplog.records[-1].exc_info[1].args == (FAILURE,)  # the view's error, logged


def test_the_500_page_has_the_sites_header_with_the_full_urlconf_too(production):
    response = production.get("/boom/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500 and "Server error" in response.content.decode()


@pytest.mark.parametrize("urlconf", [__name__, OnlyTheFailingViews])
def test_a_500_under_the_api_is_json(production, settings, urlconf):
    settings.ROOT_URLCONF = urlconf
    response = production.get("/api/boom")
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["error"] == "server_error" and set(body) == {"error", "detail"}
    assert body["detail"] and FAILURE not in body["detail"]


def test_the_sites_urlconf_names_both_error_handlers():
    assert (handler404, handler500) == ("archive.api.not_found", "archive.api.server_error")


# --- the admin's names --------------------------------------------------------------------------


@pytest.fixture
def staff(client, db):
    client.force_login(User.objects.create_superuser("archivist", "a@example.org", "pw"))
    return client


def admin_page(staff, url, language=None, **params):
    if language:
        staff.cookies["django_language"] = language
    response = staff.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize(
    "language, words, english",
    [
        (None, ["新闻档案库管理", "登录保护", "登录尝试", "登录失败", "登录记录"], ["Access attempts", "Access logs"]),
        ("zh-hant", ["新聞檔案庫管理", "登入保護", "登入嘗試", "登入失敗", "登入記錄"], ["Access attempts"]),
        (
            "en",
            ["News archive administration", "Login protection", "Access attempts", "Access failures", "Access logs"],
            [],
        ),
    ],
)
def test_the_admin_names_django_axes_in_the_editors_language(staff, language, words, english):
    html = admin_page(staff, "/admin/", language)
    for word in words:
        assert word in html, word
    for word in english:
        assert word not in html, word
    assert ">Axes<" not in html and "Django 管理" not in html


def test_django_axes_pages_speak_chinese(staff):
    html = admin_page(staff, "/admin/axes/accessattempt/")
    assert "选择 登录尝试 来修改" in html and "以 尝试时间" in html and "以 已锁定" in html
    assert '首页</a>\n&rsaquo; <a href="/admin/axes/">登录保护</a>' in html


def test_the_admin_names_the_archive_app_in_the_editors_language(staff):
    assert "档案库</a>" in admin_page(staff, "/admin/")
    assert "檔案庫</a>" in admin_page(staff, "/admin/", "zh-hant")


def assert_cut(html, opening, whole, length):
    """The element that `opening` starts shows `whole` cut to `length` characters, ellipsis included
    (Django's: "…" in English, "..." in Chinese)."""
    assert opening in html, opening
    shown = html[html.index(opening) + len(opening) :].split("</", 1)[0]
    assert len(shown) == length and shown.endswith(("…", "...")) and whole.startswith(shown.rstrip(".…")), shown


# --- the stories' list --------------------------------------------------------------------------

LONG_TITLE = "房山区窦店镇社区干部坚守岗位守护居民健康" * 4


def test_the_stories_list_has_few_narrow_columns_and_cuts_long_titles(staff, seeds):
    article = seeds["001"]
    Article.objects.filter(pk=article.pk).update(title=LONG_TITLE, edited_fields=["title", "date", "regions"])
    day, month = Article.objects.filter(date__isnull=False).order_by("pk")[:2]
    Article.objects.filter(pk=day.pk).update(date_precision=Article.DAY)
    Article.objects.filter(pk=month.pk).update(date_precision=Article.MONTH)
    html = admin_page(staff, "/admin/archive/article/")
    columns = [
        c
        for c in ("headline", "day", "source_name", "needs_review", "published", "edited", "script", "title")
        if f'class="sortable column-{c}' in html or f'class="column-{c}' in html
    ]
    assert columns == ["headline", "day", "source_name", "needs_review", "published", "edited"]
    assert_cut(html, f'<span title="{LONG_TITLE}">', LONG_TITLE, 40)  # cut, whole in the tooltip
    assert '<span title="标题、日期、地区">标题、日期、地区</span>' not in html and "标题、日期、地区" in html
    # dates as digits, as precise as known
    assert f'<td class="field-day">{day.date.isoformat()}</td>' in html
    assert f'<td class="field-day">{month.date.isoformat()[:7]}</td>' in html


def stories_from(source, count):
    return [
        Article(
            title=f"{source.name}的报道{n}",
            body_raw="正文",
            body_clean="正文",
            script=Article.SIMPLIFIED,
            source=source,
            file_name=f"{source.pk}-{n}.txt",
            encoding="utf-8",
            sha256="0" * 64,
            text_sha256=f"{source.pk:032d}{n:032d}",
        )
        for n in range(count)
    ]


@pytest.fixture
def many_sources(db):
    """22 sources: 20 with two stories each, two with one."""
    common = [Source.objects.create(name=f"常见来源{n:02d}") for n in range(20)]
    rare = [Source.objects.create(name=name) for name in ("罕见的甲网", "罕見的乙網")]
    Source.objects.create(name="没有报道的来源")
    Article.objects.bulk_create(
        [a for s in common for a in stories_from(s, 2)] + [a for s in rare for a in stories_from(s, 1)]
    )
    return common, rare


def test_the_source_filter_lists_the_20_commonest_sources(staff, many_sources):
    common, rare = many_sources
    html = admin_page(staff, "/admin/archive/article/")
    filters = html[html.index('id="changelist-filter"') :]
    assert all(f'?source={s.pk}"' in filters and s.name in filters for s in common)
    assert not any(s.name in filters for s in rare) and "没有报道的来源" not in filters
    assert "报道最多的 20 个来源" in filters and 'href="/admin/archive/source/"' in filters


def test_any_other_source_is_found_by_its_name_or_from_the_sources_list(staff, many_sources):
    rare = many_sources[1][0]
    html = admin_page(staff, "/admin/archive/source/", q="罕见")
    assert f'<a href="/admin/archive/article/?source={rare.pk}">1</a>' in html  # its count links to its stories
    html = admin_page(staff, "/admin/archive/article/", source=rare.pk)
    assert "罕见的甲网的报道0" in html and "常见来源" not in html.split('id="changelist-filter"')[0]
    filters = html[html.index('id="changelist-filter"') :]
    assert re.search(rf'class="selected">\s*<a href="\?source={rare.pk}">罕见的甲网</a>', filters)  # shown, chosen
    html = admin_page(staff, "/admin/archive/article/", q="罕见的乙网")  # its name, in either script
    assert "罕見的乙網的报道0" in html and "罕见的甲网的报道0" not in html


def test_stories_without_a_source_can_be_listed(staff, seeds):
    html = admin_page(staff, "/admin/archive/article/", source="none")
    no_source = Article.objects.filter(source__isnull=True)
    assert no_source and all(a.title[:39] in html for a in no_source)
    assert all(a.title[:20] not in html for a in Article.objects.filter(source__isnull=False))


def test_merging_sources_asks_in_the_editors_language(staff, many_sources):
    common = many_sources[0]
    html = staff.post(
        "/admin/archive/source/", {"action": "merge_sources", "_selected_action": [common[0].pk, common[1].pk]}
    ).content.decode()
    assert "其他来源的全部报道都移到你选择的来源下" in html and "常见来源00（2 篇报道）" in html
    assert 'value="合并"' in html


# --- the change form: captures ------------------------------------------------------------------

URL = (
    "http://news.example-with-a-long-name.cn/2024/05/01/society/local/"
    + "0123456789abcdef" * 6
    + ".html?utm_source=wechat&utm_campaign="
    + "x" * 80
)
HEADERS = [("Set-Cookie", "SESSIONID=" + "abcdef0123456789" * 8 + "; Path=/; HttpOnly"), ("X-Request-Id", "f" * 64)]


@pytest.fixture
def captured(ingest, tmp_path):
    """A story captured twice at long addresses, with long headers."""
    warc = tmp_path / "crawl.warc.gz"
    body = "房山区窦店镇的社区干部坚守岗位，守护居民健康。房山区各街道设立检查点，居民纷纷点赞。" * 3
    write_warc(
        warc,
        [
            {
                "url": URL,
                "payload": page("房山区社区防疫", body),
                "headers": HEADERS,
                "date": datetime(2024, 5, 1, 8, 0, tzinfo=UTC),
            },
            {
                "url": URL.replace("news.", "mirror."),
                "payload": page("房山区社区防疫", body),
                "headers": HEADERS,
                "date": datetime(2024, 6, 1, 8, 0, tzinfo=UTC),
            },
        ],
    )
    assert not ingest(warc).failed
    return Article.objects.get()


def test_captures_are_folded_and_compact_with_everything_still_there(staff, captured):
    html = admin_page(staff, f"/admin/archive/article/{captured.pk}/change/")
    group = html[html.index('id="captures-group"') : html.index('id="versions-group"')]
    assert 'class="module collapse"' in group and "<details><summary>" in group  # the inline folded
    headers = [
        h
        for h in (
            "address",
            "captured_at",
            "answer",
            "record",
            "version_digest",
            "original_url",
            "http_headers",
            "sha256",
            "payload_digest",
            "site",
        )
        if f'class="column-{h}' in group
    ]
    assert headers == ["address", "captured_at", "answer", "record", "version_digest"]
    link = (
        f'<a href="{URL.replace("&", "&amp;")}" title="{URL.replace("&", "&amp;")}" rel="nofollow noopener noreferrer">'
    )
    assert_cut(group, link, URL, 48)  # cut, whole in the link and its tooltip
    capture = captured.captures.get(original_url=URL)
    assert '<details class="capture-details">' in group and "Set-Cookie: SESSIONID=abcdef" in group
    assert capture.sha256 in group and capture.payload_digest in group  # folded, not lost
    assert "200 · text/html" in group and "crawl.warc.gz @ 0" in group
    version = captured.versions.get()
    assert f'{version}\n{version.text_sha256}">{version.text_sha256[:12]}</span>' in group  # whole in the tooltip
    versions = html[html.index('id="versions-group"') :]
    assert f'<span class="digest" title="{version.text_sha256}">{version.text_sha256[:12]}</span>' in versions


def test_the_admin_pages_of_stories_load_their_stylesheet(staff, captured):
    for url in ("/admin/archive/article/", f"/admin/archive/article/{captured.pk}/change/"):
        assert 'href="/static/archive/admin.css"' in admin_page(staff, url)
    css = b"".join(Client().get("/static/archive/admin.css").streaming_content).decode()
    assert "#captures-group" in css and "#result_list" in css


# --- in a real browser: nothing wider than a laptop's screen ------------------------------------


@pytest.mark.browser
@pytest.mark.usefixtures("committed_db")
def test_the_stories_list_and_change_form_fit_a_laptop_screen(chromium, live_server, tmp_path):
    assert not run_command("ingest", str(SEEDS)).failed
    warc = tmp_path / "crawl.warc.gz"
    write_warc(
        warc,
        [
            {
                "url": URL,
                "payload": page(LONG_TITLE, "房山区窦店镇的社区干部坚守岗位，守护居民健康。" * 5),
                "headers": HEADERS,
            }
        ],
    )
    assert not run_command("ingest", str(warc)).failed
    story = Capture.objects.get(original_url=URL).article_id
    User.objects.create_superuser("archivist", "a@example.org", "pw")
    ARTIFACTS.mkdir(exist_ok=True)
    widths = {}
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    tab = context.new_page()
    tab.goto(live_server.url + "/admin/login/")
    tab.fill("#id_username", "archivist")
    tab.fill("#id_password", "pw")
    tab.click("input[type=submit]")
    for name, url in (
        ("admin-stories", "/admin/archive/article/"),
        ("admin-story", f"/admin/archive/article/{story}/change/"),
    ):
        tab.goto(live_server.url + url)
        tab.evaluate("document.querySelectorAll('#captures-group details').forEach(d => d.open = true)")
        widths[name] = tab.evaluate("""() => [document.documentElement.scrollWidth,
            ...[...document.querySelectorAll('#changelist .results, .inline-group')]
               .map(e => e.scrollWidth - e.clientWidth)]""")
        tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    for name, (page_width, *overflows) in widths.items():
        assert page_width <= 1280 and max(overflows) <= 1, (name, page_width, overflows)
    assert (ARTIFACTS / "admin-story.png").exists()
