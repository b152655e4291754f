"""Memento (RFC 7089) and pywb's CDX server API over the stored captures (archive/wayback/):
captures made by ingesting a real WARC, read through Django's test client, and the CDX API read
by cdx_toolkit, a maintained client from PyPI, over a live server."""

import json
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Article, Capture
from archive.wayback.timestamps import span
from tests.conftest import run_command
from tests.recaptures import found_missing
from tests.warcs import page, write_warc

A = "http://news.example.cn/2024/05/a.html"
B = "https://www.news.example.cn/2024/05/b.html"
C = "http://sub.news.example.cn/c.html"
D = "http://other.example.org/d.html"
Q = "http://news.example.cn/show?id=7"
SECRET = "http://news.example.cn/2024/05/secret.html"
TEXT = "房山区窦店镇的社区干部坚守岗位，守护居民健康。各街道设立检查点，居民纷纷点赞。"


def when(month, day=1, hour=8):
    return datetime(2024, month, day, hour, 0, tzinfo=UTC)


@pytest.fixture
def held(db, tmp_path):
    """A crawl ingested: A three times (its text changed in June), B, C, D, Q once each, and an
    unpublished story; then two recaptures that found stories gone (a 404 and a redirect to the
    front page), stored as recapture stores them."""
    records = [
        (A, "房山区社区防疫", TEXT, when(5)),
        (A, "房山区社区防疫", TEXT + "记者补充：窦店镇新增两个检查点。", when(6)),
        (A, "房山区社区防疫", TEXT + "记者补充：窦店镇新增两个检查点。", when(7)),
        (B, "和平区临时党支部", "天津市和平区下沉干部组成临时党支部，协助社区排查登记。" * 3, when(5, 2)),
        (C, "西城区志愿者", "北京市西城区的志愿者为独居老人送去蔬菜和药品。" * 3, when(5, 3)),
        (D, "朝阳区草莓", "朝阳区的草莓大棚迎来采摘季，游客预约入园。" * 3, when(5, 4)),
        (Q, "海淀区图书馆", "海淀区图书馆恢复开放，读者须预约并测量体温。" * 3, when(5, 5)),
        (SECRET, "未发布的稿件", "这是一篇尚未发布的稿件，不应出现在任何地方。" * 3, when(5, 6)),
    ]
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, [{"url": u, "payload": page(t, b), "date": d} for u, t, b, d in records])
    result = run_command("ingest", str(warc))
    assert not result.failed, result.err
    Article.objects.filter(captures__original_url=SECRET).update(published=False)
    gone(A, when(8), "404 Not Found", b"<h1>\xe9\xa1\xb5\xe9\x9d\xa2\xe4\xb8\x8d\xe5\xad\x98\xe5\x9c\xa8</h1>")
    gone(B, when(8, 2), "302 Found", b"", location="/")


def gone(url, at, status, payload, location=None):
    """A capture that found the story missing from its address, as the site answered."""
    article_id = Capture.objects.filter(original_url=url).values_list("article_id", flat=True).first()
    found_missing(article_id, url, at, int(status.split()[0]), payload, location)


def ts(at):
    return at.strftime("%Y%m%d%H%M%S")


def text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def ndjson(response):
    return [json.loads(line) for line in text(response).splitlines()]


def cdx(client, **params):
    return client.get("/wayback/cdx", params)


def assert_bad(response, parameter):
    assert response.status_code == 400, (response.status_code, text(response))
    body = json.loads(text(response))
    assert body["error"] == "bad_parameter" and body["parameter"] == parameter, body
    assert body["detail"]


# --- timestamps ----------------------------------------------------------------------------------


def test_a_timestamp_names_a_span_of_whole_fields():
    assert span("2024") == (datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC))
    assert span("202402")[1] == datetime(2024, 3, 1, tzinfo=UTC)
    assert span("20240229235959") == (datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC), datetime(2024, 3, 1, tzinfo=UTC))
    for bad in ("20230229", "20241301", "12345", "2024x", "", "202405011200000"):
        with pytest.raises(ValueError):
            span(bad)


# --- CDX -------------------------------------------------------------------------------------------


def test_cdx_answers_one_address_in_pywbs_cdxj_by_default(client, held):
    response = cdx(client, url=A)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/x-cdxj")
    lines = text(response).splitlines()
    assert [line.split(" ", 2)[1] for line in lines] == [ts(when(m)) for m in (5, 6, 7, 8)]
    key, stamp, fields = lines[0].split(" ", 2)
    first = Capture.objects.get(original_url=A, captured_at=when(5))
    assert key == "cn,example,news)/2024/05/a.html" and stamp == "20240501080000"
    assert json.loads(fields) == {
        "url": A,
        "mime": "text/html",
        "status": "200",
        "digest": first.payload_digest.removeprefix("sha1:"),
        "length": "-",
        "offset": str(first.warc_offset),
        "filename": "crawl.warc.gz",
    }
    assert json.loads(lines[-1].split(" ", 2)[2])["status"] == "404"


def test_cdx_json_and_text_outputs_with_chosen_fields(client, held):
    lines = ndjson(cdx(client, url=A, output="json"))
    assert [list(line) for line in lines] == [
        ["urlkey", "timestamp", "url", "mime", "status", "digest", "length", "offset", "filename"]
    ] * 4
    assert all(isinstance(value, str) for line in lines for value in line.values())
    response = cdx(client, url=A, output="text", fl="timestamp,statuscode")
    assert response["Content-Type"].startswith("text/plain")
    assert text(response).splitlines() == [
        "20240501080000 200",
        "20240601080000 200",
        "20240701080000 200",
        "20240801080000 404",
    ]
    assert [set(line) for line in ndjson(cdx(client, url=A, output="json", fl="url,digest"))] == [{"url", "digest"}] * 4


def test_cdx_match_types_and_wildcards_follow_surt_order(client, held):
    def urls(**params):
        return [line["url"] for line in ndjson(cdx(client, output="json", **params))]

    assert urls(url="news.example.cn/2024/", matchType="prefix") == [A] * 4 + [B] * 2
    assert urls(url="http://news.example.cn/2024/*") == [A] * 4 + [B] * 2
    assert urls(url="news.example.cn", matchType="host") == [A] * 4 + [B] * 2 + [Q]
    assert urls(url="news.example.cn", matchType="domain") == [A] * 4 + [B] * 2 + [Q, C]
    assert urls(url="*.news.example.cn") == urls(url="news.example.cn", matchType="domain")
    assert urls(url="http://news.example.cn/2024/05/b.html") == [B, B]  # http, https and www: one SURT key
    keys = [line["urlkey"] for line in ndjson(cdx(client, url="news.example.cn", matchType="domain", output="json"))]
    assert keys == sorted(keys)


def test_cdx_from_to_limit_reverse_and_closest(client, held):
    def stamps(**params):
        return [line["timestamp"] for line in ndjson(cdx(client, url=A, output="json", **params))]

    assert stamps(**{"from": "202406", "to": "202407"}) == [ts(when(6)), ts(when(7))]
    assert stamps(to="20240601080000") == [ts(when(5)), ts(when(6))]
    assert stamps(limit="2") == [ts(when(5)), ts(when(6))]
    assert stamps(sort="reverse", limit="2") == [ts(when(8)), ts(when(7))]
    assert stamps(sort="closest", closest="20240620", limit="3") == [ts(when(7)), ts(when(6)), ts(when(8))]
    assert stamps(closest="20240701080000", limit="1") == [ts(when(7))]  # sort=closest is not required (pywb)


def test_cdx_filters_and_collapse(client, held):
    def stamps(*filters, **params):
        return [line["timestamp"] for line in ndjson(cdx(client, url=A, output="json", filter=list(filters), **params))]

    assert stamps("=status:404") == [ts(when(8))]
    assert stamps("!=status:200") == [ts(when(8))]
    assert stamps("status:20") == [ts(when(m)) for m in (5, 6, 7)]  # contains
    assert stamps("~timestamp:2024070") == [ts(when(7))]  # a regular expression from the start
    assert stamps("!~filename:crawl") == [ts(when(8))]
    assert stamps("statuscode:200", "~t:20240[56]") == [ts(when(5)), ts(when(6))]  # pywb's other field names
    assert stamps("20240601") == [ts(when(6))]  # no field: the whole line
    assert stamps(collapse="digest") == [ts(when(m)) for m in (5, 6, 8)]  # July's bytes repeat June's
    assert stamps(collapse="timestamp:6") == [ts(when(m)) for m in (5, 6, 7, 8)]
    lines = ndjson(cdx(client, url="news.example.cn", matchType="domain", output="json", filter="~url:.*b\\.html$"))
    assert {line["url"] for line in lines} == {B}


def test_cdx_pages_as_pywb_documents(client, held):
    count = json.loads(text(cdx(client, url="news.example.cn", matchType="domain", pageSize="3", showNumPages="true")))
    assert count == {"pages": 3, "pageSize": 3, "blocks": 8}
    pages = [
        ndjson(cdx(client, url="news.example.cn", matchType="domain", output="json", pageSize="3", page=str(n)))
        for n in range(3)
    ]
    assert [len(p) for p in pages] == [3, 3, 2]
    whole = ndjson(cdx(client, url="news.example.cn", matchType="domain", output="json"))
    assert [line for p in pages for line in p] == whole
    assert_bad(cdx(client, url="news.example.cn", matchType="domain", pageSize="3", page="3"), "page")


def test_cdx_reads_a_range_of_the_surt_index_with_a_limit(client, held):
    with CaptureQueriesContext(connection) as queries:
        assert len(text(cdx(client, url=A, limit="1")).splitlines()) == 1
    sql = " ".join(q["sql"] for q in queries.captured_queries if "urlkey" in q["sql"])
    assert "urlkey" in sql and ">=" in sql and "LIMIT 1" in sql


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, "url"),
        ({"url": "ftp:nothing"}, "url"),
        ({"url": A, "matchType": "everything"}, "matchType"),
        ({"url": A, "from": "2024-05"}, "from"),
        ({"url": A, "to": "20241301"}, "to"),
        ({"url": A, "limit": "0"}, "limit"),
        ({"url": A, "limit": "many"}, "limit"),
        ({"url": A, "sort": "random"}, "sort"),
        ({"url": A, "sort": "closest"}, "closest"),
        ({"url": A, "closest": "tomorrow"}, "closest"),
        ({"url": A, "output": "xml"}, "output"),
        ({"url": A, "fl": "timestamp,colour"}, "fl"),
        ({"url": A, "filter": "~url:(unclosed"}, "filter"),
        ({"url": A, "filter": "colour:red"}, "filter"),
        ({"url": A, "collapse": "digest:many"}, "collapse"),
        ({"url": A, "page": "-1"}, "page"),
        ({"url": A, "pageSize": "0"}, "pageSize"),
        ({"url": A, "showNumPages": "perhaps"}, "showNumPages"),
    ],
)
def test_cdx_bad_parameters_are_400s_naming_them(client, held, params, parameter):
    assert_bad(cdx(client, **params), parameter)


def test_an_address_never_captured_is_a_404_with_the_closest_held(client, held):
    response = cdx(client, url="http://news.example.cn/2024/05/c.html")
    assert response.status_code == 404
    body = json.loads(text(response))
    assert body["error"] == "not_found" and body["parameter"] == "url"
    # the same host's addresses first (in SURT order), then the nearest elsewhere; never the unpublished
    assert [found["url"] for found in body["closest"]] == [A, B, Q, C, D]
    response = client.get("/wayback/timemap/link/http://other.example.org/e.html")
    assert response.status_code == 404
    assert json.loads(response.content)["closest"][0]["url"] == D


# --- Memento ---------------------------------------------------------------------------------------


def test_timemap_in_link_format(client, held):
    response = client.get(f"/wayback/timemap/link/{A}")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/link-format")
    links = text(response).rstrip("\n").split(",\n")
    assert links[0] == f'<{A}>; rel="original"'
    assert links[1] == (
        f'<http://testserver/wayback/timemap/link/{A}>; rel="self"; type="application/link-format"; '
        'from="Wed, 01 May 2024 08:00:00 GMT"; until="Thu, 01 Aug 2024 08:00:00 GMT"'
    )
    assert links[2] == f'<http://testserver/wayback/{A}>; rel="timegate"'
    assert links[3:] == [
        f'<http://testserver/wayback/20240501080000/{A}>; rel="first memento"; datetime="Wed, 01 May 2024 08:00:00 GMT"',
        f'<http://testserver/wayback/20240601080000/{A}>; rel="memento"; datetime="Sat, 01 Jun 2024 08:00:00 GMT"',
        f'<http://testserver/wayback/20240701080000/{A}>; rel="memento"; datetime="Mon, 01 Jul 2024 08:00:00 GMT"',
        f'<http://testserver/wayback/20240801080000/{A}>; rel="last memento"; datetime="Thu, 01 Aug 2024 08:00:00 GMT"',
    ]
    single = text(client.get(f"/wayback/timemap/link/{D}")).rstrip("\n").split(",\n")
    assert single[3] == (
        f'<http://testserver/wayback/20240504080000/{D}>; rel="first last memento"; '
        'datetime="Sat, 04 May 2024 08:00:00 GMT"'
    )


def test_timemap_in_json_is_pywbs_cdx_json(client, held):
    response = client.get(f"/wayback/timemap/json/{A}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/x-ndjson")
    assert ndjson(response) == ndjson(cdx(client, url=A, output="json"))


def test_timegate_redirects_to_the_nearest_capture(client, held):
    newest = client.get(f"/wayback/{A}")
    assert newest.status_code == 302 and newest["Location"] == f"http://testserver/wayback/20240801080000/{A}"
    assert "accept-datetime" in [name.strip() for name in newest["Vary"].split(",")]
    june = client.get(f"/wayback/{A}", headers={"Accept-Datetime": "Sat, 08 Jun 2024 00:00:00 GMT"})
    assert june.status_code == 302 and june["Location"] == f"http://testserver/wayback/20240601080000/{A}"
    link = june["Link"]
    assert f'<{A}>; rel="original"' in link
    assert f'<http://testserver/wayback/timemap/link/{A}>; rel="timemap"; type="application/link-format"' in link
    assert f'<http://testserver/wayback/20240501080000/{A}>; rel="first prev memento"' in link
    assert f'<http://testserver/wayback/20240701080000/{A}>; rel="next memento"' in link
    assert f'<http://testserver/wayback/20240801080000/{A}>; rel="last memento"' in link
    assert_bad(client.get(f"/wayback/{A}", headers={"Accept-Datetime": "2024-06-20"}), "Accept-Datetime")
    assert client.get("/wayback/http://news.example.cn/never.html").status_code == 404


def test_a_memento_is_served_as_captured_and_sandboxed(client, held):
    capture = Capture.objects.get(original_url=A, captured_at=when(6))
    response = client.get(f"/wayback/20240601080000/{A}")
    assert response.status_code == 200
    assert response.content == bytes(capture.payload)
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Memento-Datetime"] == "Sat, 01 Jun 2024 08:00:00 GMT"
    link = response["Link"]
    for expected in (
        f'<{A}>; rel="original"',
        f'<http://testserver/wayback/{A}>; rel="timegate"',
        f'<http://testserver/wayback/timemap/link/{A}>; rel="timemap"; type="application/link-format"',
        f'<http://testserver/wayback/20240501080000/{A}>; rel="first prev memento"',
        f'<http://testserver/wayback/20240601080000/{A}>; rel="memento"',
        f'<http://testserver/wayback/20240701080000/{A}>; rel="next memento"',
        f'<http://testserver/wayback/20240801080000/{A}>; rel="last memento"',
    ):
        assert expected in link, (expected, link)
    policy = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    assert "sandbox" in policy and "script-src 'none'" in policy
    assert "allow-" not in response["Content-Security-Policy"]


def test_a_memento_sets_and_reads_no_cookie_even_for_a_signed_in_reader(client, held):
    client.force_login(User.objects.create_superuser("archivist", "a@example.org", "pw"))
    client.cookies["django_language"] = "en"
    response = client.get(f"/wayback/20240601080000/{A}")
    assert response.status_code == 200
    assert not response.cookies and "Set-Cookie" not in response
    assert "cookie" not in response.get("Vary", "").lower()
    assert "Content-Language" not in response or response["Content-Language"] == "zh-hans"  # not the cookie's


def test_a_timestamp_that_names_no_capture_exactly_redirects_to_the_nearest(client, held):
    for asked in ("2024", "20240608", "20240601080001"):
        response = client.get(f"/wayback/{asked}/{A}")
        assert response.status_code == 302, asked
        assert (
            response["Location"]
            == f"http://testserver/wayback/{'20240501080000' if asked == '2024' else '20240601080000'}/{A}"
        )


def test_captures_that_found_the_story_missing_are_served_as_answered(client, held):
    missing = client.get(f"/wayback/20240801080000/{A}")
    assert missing.status_code == 404 and "页面不存在" in missing.content.decode()
    assert "sandbox" in missing["Content-Security-Policy"]
    moved = client.get(f"/wayback/20240802080000/{B}")
    assert moved.status_code == 302
    assert moved["Location"] == "http://testserver/wayback/20240802080000/https://www.news.example.cn/"
    assert moved["X-Archive-Orig-Location"] == "/"


def test_the_address_is_the_rest_of_the_path_with_its_query_string(client, held):
    collapsed = client.get("/wayback/20240505080000/http:/news.example.cn/show?id=7")
    assert collapsed.status_code == 200 and "海淀区图书馆" in collapsed.content.decode()
    assert client.get("/wayback/20240505080000/news.example.cn/show?id=7").status_code == 200
    assert client.get("/wayback/20240505080000/http://news.example.cn/show?id=8").status_code == 404
    assert client.get(f"/wayback/timemap/link/{Q}").status_code == 200


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        (f"/wayback/202406010800001/{A}", "timestamp"),
        (f"/wayback/20241301/{A}", "timestamp"),
        ("/wayback/20240601080000/http://", "url"),
        ("/wayback/timemap/link/not-an-address", "url"),
        ("/wayback/timemap/json/http://news.example.cn:99999/", "url"),
        ("/wayback/", "url"),
    ],
)
def test_malformed_memento_requests_are_400s_naming_the_part(client, held, path, parameter):
    assert_bad(client.get(path), parameter)


@pytest.mark.parametrize("signed_in", [False, True])
def test_an_unpublished_storys_captures_appear_nowhere(client, held, signed_in):
    """Not to the public, and not to staff either: these endpoints never look at who asks."""
    if signed_in:
        client.force_login(User.objects.create_superuser("archivist", "a@example.org", "pw"))
    stamp = ts(when(5, 6))
    assert client.get(f"/wayback/timemap/link/{SECRET}").status_code == 404
    assert client.get(f"/wayback/timemap/json/{SECRET}").status_code == 404
    assert client.get(f"/wayback/{SECRET}").status_code == 404
    assert client.get(f"/wayback/{stamp}/{SECRET}").status_code == 404
    assert cdx(client, url=SECRET).status_code == 404
    everything = text(cdx(client, url="example.cn", matchType="domain", output="json"))
    assert "secret" not in everything and len(everything.splitlines()) == 8
    assert all(found["url"] != SECRET for found in json.loads(text(cdx(client, url=SECRET)))["closest"])


# --- the replay host -------------------------------------------------------------------------------


@pytest.fixture
def replay_host(settings):
    settings.REPLAY_HOST = "replay.testserver"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "replay.testserver"]
    return "replay.testserver"


def test_with_a_replay_host_captures_are_served_there_alone(client, held, replay_host):
    memento = f"/wayback/20240601080000/{A}"
    elsewhere = client.get(memento)
    assert elsewhere.status_code == 302 and elsewhere["Location"] == f"http://{replay_host}{memento}"
    there = client.get(memento, HTTP_HOST=replay_host)
    assert there.status_code == 200 and "sandbox" in there["Content-Security-Policy"]
    assert client.get(f"/wayback/{A}")["Location"] == f"http://{replay_host}/wayback/20240801080000/{A}"
    timemap = text(client.get(f"/wayback/timemap/link/{A}"))
    assert f"<http://{replay_host}/wayback/20240501080000/{A}>" in timemap
    assert f'<http://testserver/wayback/{A}>; rel="timegate"' in timemap
    for page_of_the_archive in ("/", "/search/?q=社区", "/api/search?q=社区", "/admin/", "/static/archive/site.css"):
        assert client.get(page_of_the_archive, HTTP_HOST=replay_host).status_code == 404, page_of_the_archive


# --- a real client ---------------------------------------------------------------------------------


@pytest.fixture
def cdx_toolkit(monkeypatch):
    """cdx_toolkit, without its pause of seconds between two requests to one host (its
    CDXT_DEFAULT_MIN_RETRY_INTERVAL, read when it is imported)."""
    monkeypatch.setenv("CDXT_DEFAULT_MIN_RETRY_INTERVAL", "0")
    import cdx_toolkit

    return cdx_toolkit


@pytest.mark.usefixtures("committed_db")
def test_cdx_toolkit_reads_the_cdx_api_over_http(live_server, tmp_path, cdx_toolkit):
    records = [
        {"url": A, "payload": page("房山区社区防疫", TEXT), "date": when(5)},
        {"url": B, "payload": page("和平区临时党支部", "天津市和平区下沉干部组成临时党支部。" * 3), "date": when(5, 2)},
        {"url": D, "payload": page("朝阳区草莓", "朝阳区的草莓大棚迎来采摘季。" * 3), "date": when(5, 4)},
    ]
    write_warc(tmp_path / "crawl.warc", records)
    assert not run_command("ingest", str(tmp_path / "crawl.warc")).failed
    fetcher = cdx_toolkit.CDXFetcher(source=f"{live_server.url}/wayback/cdx")
    got = fetcher.get(A)
    assert [(c["url"], c["timestamp"], c["status"]) for c in got] == [(A, "20240501080000", "200")]
    domain = list(fetcher.iter("news.example.cn", matchType="domain", pageSize=1))  # one request a page
    assert [c["url"] for c in domain] == [A, B]
    assert [c["url"] for c in fetcher.get("*.example.org", filter="=status:200")] == [D]
    assert fetcher.get("http://news.example.cn/never.html") == []  # pywb's 404 with an error: nothing found
    assert fetcher.get_size_estimate("news.example.cn", as_pages=True, matchType="domain") == 2
