"""The search page's timeline (search/timeline.py) and map (search/maps.py), through the real
index and Django's test client; the map's boundaries built from GeoJSON (search/map_shapes.py);
both in a real Chromium."""

import datetime
import json
import re
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import expect

from archive.models import Article, Region
from search import map_shapes
from search.indexing import flush
from search.maps import shapes
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.usefixtures("english")

WORD = "防汛"
DATED = [  # a 2021–2022 collection, and one story dated by a birth date in 1950
    datetime.date(2021, 1, 5),
    datetime.date(2021, 1, 20),
    datetime.date(2021, 3, 2),
    datetime.date(2021, 7, 9),
    datetime.date(2022, 2, 14),
    datetime.date(2022, 2, 28),
    datetime.date(1950, 5, 1),
]
REGIONS = ["440106", "440106", "440300", "110105", "110105", "110105", "370100"]


def story(number, date, region, published=True):
    body = f"{WORD}工作第{number}篇报道，各地加强值守。"
    article = Article.objects.create(
        title=f"{WORD}报道{number}",
        body_raw=body,
        body_clean=body,
        script="simplified",
        date=date,
        text_sha256=f"{number:064d}",
        published=published,
    )
    if region:
        article.regions.set([Region.objects.get(adcode=region)])
    return article


@pytest.fixture
def collection(db):
    """Seven dated stories (one in 1950), two undated, and an unpublished one dated 2021-01 in 四川."""
    stories = [story(i, date, region) for i, (date, region) in enumerate(zip(DATED, REGIONS))]
    stories += [story(7, None, "440300"), story(8, None, None)]
    hidden = story(9, datetime.date(2021, 1, 9), "510100", published=False)
    flush()
    return stories, hidden


def page(client, **params):
    response = client.get("/search/", {"q": WORD, **params})
    assert response.status_code == 200
    return response


def found(client, url):
    """The count of the search a link of the page's context leads to (its JSON twin)."""
    query = parse_qs(url.lstrip("?"))
    return client.get("/search/", {**query, "format": "json"}).json()["count"]


def test_a_1950_date_does_not_stretch_the_timeline_and_is_counted_with_a_link(client, collection):
    timeline = page(client).context["timeline"]
    assert (timeline["first"], timeline["last"], timeline["by"]) == ("2021-01", "2022-02", "month")
    assert len(timeline["bars"]) == 14
    assert timeline["before"] == 1 and timeline["after"] == 0
    assert found(client, timeline["before_url"]) == 1
    html = page(client).content.decode()
    assert 'id="timeline-before"' in html and "1 story dated before 2021-01" in html


def test_each_bar_links_to_its_month_and_counts_what_that_search_finds(client, collection):
    bars = page(client).context["timeline"]["bars"]
    counts = {bar["label"]: bar["count"] for bar in bars}
    assert counts["2021-01"] == 2 and counts["2022-02"] == 2 and counts["2021-02"] == 0  # the unpublished not
    january = next(bar for bar in bars if bar["label"] == "2021-01")
    assert "date_from=2021-01-01" in january["url"] and "date_to=2021-01-31" in january["url"]
    for bar in bars:
        if bar["count"]:
            assert found(client, bar["url"]) == bar["count"], bar["label"]
    html = page(client).content.decode()
    assert html.count('<a href="?q=') >= 1 and 'data-period="2021-01"' in html
    assert 'aria-label="2021-01: 2 stories"' in html


def test_a_bar_keeps_the_searchs_own_date_filter(client, collection):
    timeline = page(client, date_from="2021-01-10").context["timeline"]
    january = next(bar for bar in timeline["bars"] if bar["label"] == "2021-01")
    assert "date_from=2021-01-10" in january["url"] and found(client, january["url"]) == 1


def test_the_undated_matches_are_counted(client, collection):
    response = page(client)
    assert response.context["timeline"]["undated"] == 2
    assert "2 matching stories have no date" in response.content.decode()
    only_undated = page(client, q=f"{WORD}工作第8篇")
    assert only_undated.context["timeline"] is None
    assert 'id="timeline-undated"' in only_undated.content.decode()


def test_a_long_range_is_drawn_by_year(client, db):
    for i, year in enumerate(range(2001, 2024, 2)):
        story(i, datetime.date(year, 6, 1), None)
    flush()
    timeline = page(client).context["timeline"]
    assert timeline["by"] == "year" and timeline["first"] == "2001" and timeline["last"] == "2023"
    assert "date_from=2001-01-01" in timeline["bars"][0]["url"] and "date_to=2001-12-31" in timeline["bars"][0]["url"]
    assert [tick["label"] for tick in timeline["year_ticks"]][:2] == ["2001", "2003"]


def facet_counts(nodes):
    return {node["value"]: node["count"] for node in nodes}


def test_the_country_map_carries_the_province_counts_and_links(client, collection):
    response = page(client)
    shown, facet = response.context["region_map"], response.context["facets"]["region"]
    assert shown["province"] is None
    areas = {area["adcode"]: area for area in shown["areas"]}
    assert len(areas) == 34
    assert {code: a["count"] for code, a in areas.items() if a["count"]} == facet_counts(facet)
    assert facet_counts(facet) == {"440000": 4, "110000": 3, "370000": 1}  # the unpublished 四川 story counts nowhere
    assert areas["510000"]["count"] == 0 and areas["510000"]["url"] is None
    assert parse_qs(areas["440000"]["url"].lstrip("?")) == {"q": [WORD], "region": ["440000"]}
    assert [(row["adcode"], row["count"]) for row in shown["rows"]] == [(n["value"], n["count"]) for n in facet]
    assert areas["440000"]["shade"] == 5 and areas["370000"]["shade"] < areas["110000"]["shade"]
    html = response.content.decode()
    table = html[html.index('class="map-table"') :]
    assert re.search(r'data-region="440000">广东省</a></th><td>4</td>', table)


def test_a_chosen_province_maps_its_cities(client, collection):
    response = page(client, region="440000")
    shown = response.context["region_map"]
    assert shown["province"] == "440000" and shown["province_name"] == "广东省"
    areas = {area["adcode"]: area for area in shown["areas"]}
    assert {"440100", "440300", "441900"} <= set(areas)
    guangdong = response.context["facets"]["region"][0]
    assert {code: a["count"] for code, a in areas.items() if a["count"]} == facet_counts(guangdong["children"])
    assert areas["440100"]["count"] == 2 and areas["440300"]["count"] == 2
    assert parse_qs(areas["440300"]["url"].lstrip("?")) == {"q": [WORD], "region": ["440300"]}
    assert parse_qs(shown["country_url"].lstrip("?")) == {"q": [WORD]}
    assert [(r["adcode"], r["count"]) for r in shown["rows"]] == [("440100", 2), ("440300", 2)]
    assert found(client, areas["440300"]["url"]) == 2


def test_a_chosen_city_shows_its_province_and_a_municipality_its_districts(client, collection):
    city = page(client, region="440300").context["region_map"]
    assert city["province"] == "440000" and [a["adcode"] for a in city["areas"] if a["chosen"]] == ["440300"]
    beijing = page(client, region="110000").context["region_map"]
    assert beijing["province"] == "110000" and {"110105": 3} == {r["adcode"]: r["count"] for r in beijing["rows"]}


def test_the_unpublished_count_on_no_map_even_alone(client, collection):
    shown = page(client, region="510000").context["region_map"]
    assert shown["rows"] == [] and all(area["count"] == 0 for area in shown["areas"])


def test_the_boundaries_name_their_data_set_and_are_small(client, collection):
    data = shapes()
    assert data["source"]["package"] == "china-geojson" and data["source"]["licence"] == "MIT"
    country = json.dumps(data["maps"]["china"], ensure_ascii=False).encode()
    assert len(country) < 34 * 1500  # under 1.5 KB a province
    assert "china-geojson 1.0.0 (MIT licence)" in page(client).content.decode()


def test_build_projects_simplifies_and_keys_the_boundaries_by_adcode(tmp_path):
    def square(code, name, west, properties_id=True):
        ring = [[west, 30], [west + 1, 30], [west + 1, 31], [west, 31], [west, 30]]
        properties = {"name": name, **({"id": code} if properties_id else {})}
        return {"type": "Feature", "id": None if properties_id else code, "properties": properties,
                "geometry": {"type": "Polygon", "coordinates": [ring]}}  # fmt: skip

    country = [square("44", "广东", 110), square("45", "广西", 111), square("", "南海诸岛", 112)]
    cities = [square("110228", "密云县", 116, properties_id=False), square("110105", "朝阳区", 117, False)]
    (tmp_path / "china.json").write_text(json.dumps({"type": "FeatureCollection", "features": country}))
    (tmp_path / "bei_jing_geo.json").write_text(json.dumps({"type": "FeatureCollection", "features": cities}))
    built = map_shapes.build(tmp_path)["maps"]
    assert set(built["china"]["areas"]) == {"440000", "450000"} and set(built["china"]["unmatched"]) == {"南海诸岛"}
    assert set(built["110000"]["areas"]) == {"110118", "110105"}  # 密云县 is 密云区 now
    # three 1° squares side by side at 30.5°N: 200 units wide each, 200 / cos(30.5°) = 232 high
    assert built["china"]["width"] == 600 and built["china"]["height"] == 232.1
    assert set(re.findall(r"\d+,\d+", built["china"]["areas"]["440000"])) == {"0,0", "200,0", "200,232", "0,232"}
    assert built["china"]["areas"]["440000"].count(",") == 4  # a square stays four corners


@pytest.mark.browser
@pytest.mark.usefixtures("committed_db")
def test_browser_timeline_and_map(chromium, live_server):
    stories = [story(i, date, region) for i, (date, region) in enumerate(zip(DATED, REGIONS))]
    flush()
    assert len(stories) == 7
    context = chromium.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    browser = context.new_page()
    browser.goto(f"{live_server.url}/search/?q={WORD}")
    expect(browser.locator("#timeline svg a")).to_have_count(4)  # the months with stories, 2021-01 to 2022-02
    expect(browser.locator("#timeline-before")).to_contain_text("2021-01")
    expect(browser.locator("#region-map svg path.map-5")).to_have_count(2)  # 广东 and 北京, 3 each
    ARTIFACTS.mkdir(exist_ok=True)
    browser.screenshot(path=str(ARTIFACTS / "search-timeline-map.png"), full_page=True)
    browser.locator('#region-map svg a[data-region="440000"]').click()
    expect(browser.locator("#region-map figcaption")).to_contain_text("广东省")
    expect(browser.locator(".hit")).to_have_count(3)
    browser.screenshot(path=str(ARTIFACTS / "search-map-province.png"), full_page=True)
    browser.locator('#timeline svg a[data-period="2021-01"]').click()
    expect(browser.locator(".hit")).to_have_count(2)
    context.close()


def test_a_date_filter_with_spaces_is_read_as_the_search_reads_it(client, db):
    assert client.get("/search/", {"q": "社区", "date_from": " "}).status_code == 200
    assert client.get("/search/", {"q": "社区", "date_from": " 2024-01-01"}).status_code == 200
