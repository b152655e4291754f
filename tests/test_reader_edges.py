"""What a new reader tripped over (issue 44): times in one named zone, labels in the script the
reader chose, and /regions/ nested province › city › district so that a district's city shows."""

import re
from datetime import UTC, datetime, timedelta, timezone
from html.parser import HTMLParser

import pytest
from django.conf import settings

from archive.changes import stories_changed
from archive.models import Article, Region
from archive.region_counts import region_story_counts
from search.indexing import flush
from tests.warcs import page, write_warc

URL = "http://news.example.cn/a.html"
# 20:30 UTC on 1 May is 04:30 on 2 May in China: the day turns with the zone.
FIRST, SECOND = datetime(2024, 5, 1, 20, 30, tzinfo=UTC), datetime(2024, 6, 1, 0, 0, tzinfo=UTC)
TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


@pytest.fixture
def captured(ingest, tmp_path):
    """A story captured twice with different text: two captures, two versions."""
    write_warc(
        tmp_path / "a.warc",
        [
            {"url": URL, "payload": page("房山区社区防疫", "房山区窦店镇的社区干部坚守岗位。"), "date": FIRST},
            {"url": URL, "payload": page("房山区社区防疫", "房山区窦店镇新增两个检查点。"), "date": SECOND},
        ],
    )
    assert not ingest(tmp_path / "a.warc").failed
    return Article.objects.get()


def set_language(client, language):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})


# 1. Time zones ---------------------------------------------------------------------------------


def test_the_site_shows_times_in_china_standard_time():
    assert settings.USE_TZ and settings.TIME_ZONE == "Asia/Shanghai"


def test_every_time_on_the_story_page_is_in_utc_plus_8_and_says_so(client, captured):
    html = client.get(f"/articles/{captured.pk}/").content.decode()
    times = [m.group() for m in TIME.finditer(html)]
    assert times, "the story page shows its capture and version times"
    for match in TIME.finditer(html):
        assert html[match.end() : match.end() + 6] == " UTC+8", html[match.start() - 40 : match.end() + 20]
    assert '<td class="time">2024-05-02 04:30 UTC+8</td>' in html  # the capture, in China's day
    assert "<li>2024-05-02 04:30 UTC+8 · 房山区社区防疫</li>" in html  # the first version
    assert ">1 · 2024-05-02 04:30 UTC+8</option>" in html and ">2 · 2024-06-01 08:00 UTC+8</option>" in html
    assert "20:30" not in html


def test_the_api_gives_the_same_instants_in_iso_8601_with_the_utc_offset(client, captured):
    record = client.get(f"/api/articles/{captured.pk}").json()
    assert [c["captured_at"] for c in record["captures"]] == ["2024-05-01T20:30:00+00:00", "2024-06-01T00:00:00+00:00"]
    shown = datetime.fromisoformat(record["captures"][0]["captured_at"]).astimezone(timezone(timedelta(hours=8)))
    assert f"{shown:%Y-%m-%d %H:%M} UTC+8" in client.get(f"/articles/{captured.pk}/").content.decode()


def test_the_admin_shows_capture_and_version_times_in_the_pages_zone(client, captured):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("archivist", "a@example.org", "pw"))
    html = client.get(f"/admin/archive/article/{captured.pk}/change/").content.decode()
    cells = [
        re.sub(r"<[^>]*>|\s+", " ", cell).strip()
        for cell in re.findall(r'<td class="field-(?:captured_at|seen_at)">(.*?)</td>', html, re.DOTALL)
    ]
    assert len(cells) == 4 and all("04:30" in c or "08:00" in c for c in cells), cells
    assert sum("2日 04:30" in c for c in cells) == 2  # 2 May in China, not 1 May 20:30 UTC


def test_the_admin_names_a_version_by_its_time_in_the_pages_zone(client, captured):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("archivist", "a@example.org", "pw"))
    html = client.get(f"/admin/archive/article/{captured.pk}/change/").content.decode()
    assert "房山区社区防疫 (2024-05-02 04:30" in html  # shows "(2024-05-01 20:30)"


def test_the_captured_filter_counts_days_in_the_pages_zone(client, ingest, tmp_path):
    write_warc(
        tmp_path / "late.warc", [{"url": URL, "payload": page("房山区社区防疫", "窦店镇的社区干部。"), "date": FIRST}]
    )
    assert not ingest(tmp_path / "late.warc").failed  # 20:30 UTC on 1 May: 04:30 on 2 May in UTC+8
    found = [
        client.get("/api/search", {"captured_from": day, "captured_to": day}).json()["count"]
        for day in ("2024-05-01", "2024-05-02")
    ]
    assert found == [0, 1]


# 2. Labels in the reader's script --------------------------------------------------------------


def facet_labels(html, section):
    """The labels of one facet list of the search page (its <h2>), in order."""
    part = html.split(f"<h2>{section}</h2>", 1)[1].split("</section>", 1)[0]
    return re.findall(r'class="facet[^"]*"[^>]*>([^<]*)</a>', part)


def chips(html):
    return re.findall(r'<a class="remove"[^>]*>([^<]*) ✕</a>', html)


def hit_regions(html):
    return re.findall(r'<span><a href="\?region=\d+">([^<]*)</a></span>', html)


def test_traditional_shows_regions_sources_and_chips_in_traditional(client, seeds):
    html = client.get("/search/", {"q": "疫", "region": "110000", "show": "traditional"}).content.decode()
    assert '<a href="?q=%E7%96%AB&amp;show=traditional" class="facet active" data-region="110000">北京市</a>' in html
    assert 'data-region="110111">房山區</a>' in html and 'data-region="110107">石景山區</a>' in html
    assert "房山区" not in "".join(facet_labels(html, "地区") + chips(html) + hit_regions(html))
    assert "北京市 › 房山區" in hit_regions(html)
    assert chips(html) == ["北京市"]
    html = client.get("/search/", {"q": "疫", "show": "traditional"}).content.decode()
    assert "山東省" in facet_labels(html, "地区") and "齊魯網" in facet_labels(html, "来源")


def test_simplified_shows_sources_in_simplified_too(client, seeds):
    html = client.get("/search/", {"q": "疫", "show": "simplified"}).content.decode()
    sources = facet_labels(html, "来源")
    assert "齐鲁网" in sources and "房山区委组织部" in sources and "齊魯網" not in sources
    assert "山东省" in facet_labels(html, "地区")


def test_as_published_keeps_the_stored_names_in_a_simplified_interface(client, seeds):
    html = client.get("/search/", {"q": "疫", "region": "110000"}).content.decode()
    assert 'data-region="110111">房山区</a>' in html and "北京市 › 房山区" in hit_regions(html)
    assert chips(html) == ["北京市"]
    assert "房山區委組織部" in facet_labels(html, "来源")  # a site's own name, as it writes it


def test_a_traditional_interface_names_regions_in_traditional_and_sources_as_published(client, seeds):
    set_language(client, "zh-hant")
    html = client.get("/search/", {"q": "疫", "region": "370000"}).content.decode()
    assert "山東省" in chips(html) and 'data-region="370000">山東省</a>' in html
    assert "山東省 › 泰安市" in hit_regions(html)
    assert facet_labels(html, "來源") == ["齊魯網"]
    html = client.get("/search/", {"q": "疫", "show": "simplified"}).content.decode()  # the reader's choice wins
    assert "山东省" in facet_labels(html, "地區") and "齐鲁网" in facet_labels(html, "來源")


def test_chips_name_a_region_without_results_and_a_source_given_by_name(client, seeds):
    city_west = Region.objects.get(adcode="630104")  # 城西区, Xining: no story here
    html = client.get("/search/", {"q": "疫", "region": city_west.adcode, "source": "齐鲁网"}).content.decode()
    assert 'id="no-results"' in html and chips(html) == ["城西区", "齊魯網"]
    html = client.get(
        "/search/", {"q": "疫", "region": city_west.adcode, "source": "齐鲁网", "show": "traditional"}
    ).content.decode()
    assert chips(html) == ["城西區", "齊魯網"]


def test_script_and_repost_chips_are_words_of_the_interface(client, seeds):
    html = client.get("/search/", {"q": "疫", "script": "traditional", "reposts": "originals"}).content.decode()
    assert chips(html) == ["繁体", "只看原文"]
    set_language(client, "en")
    html = client.get("/search/", {"q": "疫", "script": "traditional"}).content.decode()
    assert chips(html) == ["traditional"]


def test_the_json_keeps_the_names_as_stored(client, seeds):
    params = {"q": "疫", "region": "110000", "show": "traditional"}
    for data in (client.get("/search/", {**params, "format": "json"}).json(), client.get("/api/search", params).json()):
        names = [child["name"] for child in data["facets"]["region"][0]["children"]]
        assert "房山区" in names and "房山區" not in names
        assert not any("display_regions" in r for r in data["results"])
        assert not any("label" in node for nodes in data["facets"].values() for node in nodes)


def test_the_story_page_names_its_regions_in_the_interface_script(client, seeds):
    url = f"/articles/{seeds['000'].pk}/"
    assert 'href="/search/?region=110111">北京市 › 房山区</a>' in client.get(url).content.decode()
    set_language(client, "zh-hant")
    assert 'href="/search/?region=110111">北京市 › 房山區</a>' in client.get(url).content.decode()


def test_the_home_page_names_its_places_in_the_interface_script(client, seeds):
    assert 'href="/search/?region=110111">北京市 › 房山区</a>' in client.get("/").content.decode()
    set_language(client, "zh-hant")
    page = client.get("/").content.decode()
    assert 'href="/search/?region=110111">北京市 › 房山區</a>' in page
    assert 'href="/search/?region=110000">北京市</a>' in page


# 3. /regions/ nested ---------------------------------------------------------------------------


class RegionListing(HTMLParser):
    """/regions/ as nested (adcode, name, count, [places]): each province's <section>, each
    place's <li>, with the link and the count they hold and the lists inside them."""

    def __init__(self, html):
        super().__init__()
        self.roots, self.stack, self.field = [], [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (tag == "section" and attrs.get("class") == "province") or (tag == "li" and self.stack):
            node = {"adcode": None, "name": "", "count": "", "places": []}
            (self.stack[-1]["places"] if self.stack else self.roots).append(node)
            self.stack.append(node)
        elif tag == "a" and self.stack and self.stack[-1]["adcode"] is None:
            self.stack[-1]["adcode"] = attrs["href"].split("?region=")[1]
            self.field = "name"
        elif tag == "span" and attrs.get("class") == "count" and self.stack:
            self.field = "count"

    def handle_endtag(self, tag):
        if tag in ("a", "span"):
            self.field = None
        elif tag in ("section", "li") and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.field:
            self.stack[-1][self.field] += data

    @staticmethod
    def plain(nodes):
        return [(n["adcode"], n["name"], int(n["count"]), RegionListing.plain(n["places"])) for n in nodes]

    @property
    def tree(self):
        return self.plain(self.roots)

    def links(self, nodes=None):
        for node in self.tree if nodes is None else nodes:
            yield node[:3]
            yield from self.links(node[3])


@pytest.fixture
def two_taishans(seeds):
    """Two districts named 泰山区, Tai'an's (Shandong) and New Taipei's (Taiwan), each with a story."""
    seeds["004"].regions.add("370902")
    seeds["003"].regions.add("710314")
    stories_changed([seeds["004"].pk, seeds["003"].pk])  # as the admin's save does; the index follows
    flush()
    return seeds


def province(listing, adcode):
    return next(node for node in listing.tree if node[0] == adcode)


def test_regions_nest_cities_under_provinces_and_districts_under_cities(client, two_taishans):
    listing = RegionListing(client.get("/regions/").content.decode())
    assert province(listing, "370000") == (
        "370000",
        "山东省",
        1,
        [("370900", "泰安市", 1, [("370902", "泰山区", 1, [])])],
    )
    taiwan = Region.objects.get(adcode="710000").name
    assert province(listing, "710000") == (
        "710000",
        taiwan,
        1,
        [("710300", "新北市", 1, [("710314", "泰山区", 1, [])])],
    )
    # a municipality's districts sit under it
    assert ("110111", "房山区", 1, []) in province(listing, "110000")[3]


def test_regions_keep_every_link_and_count(client, two_taishans):
    html = client.get("/regions/").content.decode()
    links = list(RegionListing(html).links())
    counts = region_story_counts()
    names = dict(Region.objects.filter(adcode__in=counts).values_list("adcode", "name"))
    assert sorted(links) == sorted((code, names[code], n) for code, n in counts.items())
    assert len(links) == len(set(links))
    for code, name, n in links:
        assert f'<a href="/search/?region={code}">{name}</a> <span class="count">{n}</span>' in html


def test_regions_are_named_in_traditional_in_a_traditional_interface(client, two_taishans):
    set_language(client, "zh-hant")
    listing = RegionListing(client.get("/regions/").content.decode())
    assert province(listing, "370000") == (
        "370000",
        "山東省",
        1,
        [("370900", "泰安市", 1, [("370902", "泰山區", 1, [])])],
    )
    assert ("110111", "房山區", 1, []) in province(listing, "110000")[3]


def test_search_facets_nest_the_same_way_in_traditional(client, two_taishans):
    html = client.get("/search/", {"q": "疫", "region": "370902", "show": "traditional"}).content.decode()
    tree = html.split('<ul class="tree">', 1)[1].split("</section>", 1)[0]
    assert re.search(
        r'data-region="370000">山東省</a>.*data-region="370900">泰安市</a>.*data-region="370902">泰山區</a>',
        tree,
        re.DOTALL,
    )
    assert chips(html) == ["泰山區"]
