"""/api/search and /search/ by where stories were captured: the site facet and filter, and the
capture dates."""

import json
from datetime import UTC, datetime

import pytest

from tests.warcs import page, write_warc

FANGSHAN = "房山区窦店镇的社区干部坚守岗位，守护居民健康。房山区各街道设立检查点，居民纷纷点赞。"
TIANHE = "天河区的社区工作者连续奋战，天河区各街道设立检查点，守护居民健康，居民纷纷表示感谢。"
MAY, JUNE = datetime(2024, 5, 1, 8, tzinfo=UTC), datetime(2024, 6, 3, 8, tzinfo=UTC)


@pytest.fixture
def captured(ingest, tmp_path):
    write_warc(
        tmp_path / "crawl.warc",
        [
            {"url": "http://news.example.cn/1.html", "payload": page("房山区社区防疫", FANGSHAN), "date": MAY},
            {"url": "http://mirror.example.com/1.html", "payload": page("房山区社区防疫", FANGSHAN), "date": JUNE},
            {"url": "http://news.example.cn/2.html", "payload": page("天河区社区防疫", TIANHE), "date": MAY},
        ],
    )
    assert not ingest(tmp_path / "crawl.warc").failed


def titles(client, **params):
    return sorted(r["title"] for r in client.get("/api/search", params).json()["results"])


def test_site_facet_counts_stories_by_the_hosts_they_were_captured_at(client, captured):
    facet = client.get("/api/search", {"q": "社区"}).json()["facets"]["site"]
    assert {v["value"]: v["count"] for v in facet} == {"news.example.cn": 2, "mirror.example.com": 1}


def test_site_filter_keeps_the_stories_captured_there(client, captured):
    assert titles(client, q="社区", site="mirror.example.com") == ["房山区社区防疫"]
    assert titles(client, site="news.example.cn") == ["天河区社区防疫", "房山区社区防疫"]


def test_captured_dates_filter_on_the_newest_capture(client, captured):
    assert titles(client, captured_from="2024-06-01") == ["房山区社区防疫"]
    assert titles(client, captured_to="2024-05-31") == ["天河区社区防疫"]


@pytest.mark.parametrize(
    "params, name",
    [
        ({"site": "nowhere.example"}, "site"),
        ({"captured_from": "2024-13-01"}, "captured_from"),
        ({"captured_from": "2024-06-02", "captured_to": "2024-06-01"}, "captured_from"),
    ],
)
def test_bad_site_or_capture_dates_are_a_400_naming_the_parameter(client, captured, params, name):
    response = client.get("/api/search", params)
    assert response.status_code == 400 and name in response.json()["detail"]


def test_the_search_page_offers_the_site_facet(client, captured):
    html = client.get("/search/", {"q": "社区"}).content.decode()
    assert 'id="site-facet"' in html and "?q=%E7%A4%BE%E5%8C%BA&amp;site=mirror.example.com" in html


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"site": "mirror.example.com"}, ["房山区社区防疫"]),
        ({"captured_to": "2024-05-31"}, ["天河区社区防疫"]),
        ({"captured_from": "2024-06-01"}, ["房山区社区防疫"]),
    ],
)
def test_export_holds_the_stories_of_the_site_and_capture_filters_as_search_does(client, captured, params, expected):
    response = client.get("/api/export", {"format": "json", **params})
    exported = sorted(story["title"] for story in json.loads(b"".join(response.streaming_content)))
    assert exported == expected == titles(client, **params)
