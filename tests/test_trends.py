"""/trends/ and its JSON and CSV twins: every count equals the search's own count for the same
filters, the period's days and the region; undated and unpublished stories; bad input; the
chart and table of the page, in a browser too. Real stories ingested, a real index."""

import csv
import io
from pathlib import Path

import pytest

from archive.models import Article
from search.charts import line_chart, round_step
from search.indexing import flush
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.usefixtures("english")

# (date or None, place, text): places in two provinces, 广东 (广州, 深圳) and 山东 (济南).
STORIES = [
    ("2020-01-05", "广东省广州市天河区", "天河区宣布社会面清零，居民恢复出行。"),
    ("2020-01-20", "山东省济南市历下区", "历下区的清零行动持续，社区全员检测。"),
    ("2020-01-28", "广东省深圳市南山区", "南山区的企业复工，工人返岗。"),
    ("2020-03-02", "广东省广州市天河区", "天河区讨论与病毒共存的办法，也谈到清零。"),
    ("2020-03-15", "山东省济南市历下区", "历下区的菜市场货源充足，价格平稳。"),
    ("2020-04-09", "广东省深圳市南山区", "南山区提出与病毒共存，学校复课。"),
    ("2020-04-30", "山东省济南市历下区", "历下区学者谈共存与清零之争。"),
    (None, "广东省广州市天河区", "天河区一篇没有日期的报道，说到清零。"),
]
HIDDEN = ("2020-03-20", "广东省广州市天河区", "天河区一篇撤下的报道，也说清零与共存。")


def write(folder, number, story):
    date, place, text = story
    head = f"{date} 来源：南方网\n" if date else "来源：南方网\n"
    (folder / f"{number:03d}.txt").write_text(f"{place}新闻第{number}号\n{head}{place}消息。{text}\n", encoding="utf-8")


@pytest.fixture
def stories(ingest, tmp_path):
    """The stories, and one more that mentions both terms and is unpublished."""
    for number, story in enumerate([*STORIES, HIDDEN]):
        write(tmp_path, number, story)
    assert not ingest(tmp_path).failed
    hidden = Article.objects.get(file_name="008.txt")
    hidden.published = False
    hidden.save()
    flush()
    return Article.objects.filter(published=True)


def trend(client, **params):
    response = client.get("/trends/", {**params, "format": "json"})
    assert response.status_code == 200, response.content
    return response.json()


def search_count(client, **params):
    response = client.get("/api/search", params)
    assert response.status_code == 200, response.content
    return response.json()["count"]


def assert_counts_are_the_searchs(client, body, **filters):
    """Every count, and every total, equals /api/search's count for the same filters, the
    period's days and, split, the series' region."""
    assert body["periods"] and body["series"]
    for series in body["series"]:
        for number, (first, last) in enumerate(body["ranges"]):
            search = {**filters, "date_from": first, "date_to": last}
            if series["region"]:
                search["region"] = series["region"]
            assert series["totals"][number] == search_count(client, **search)
            if series["q"]:
                search["q"] = series["q"]
            assert series["counts"][number] == search_count(client, **search), (series["q"], series["region"], first)
    for number, (first, last) in enumerate(body["ranges"]):
        assert body["totals"][number] == search_count(client, **{**filters, "date_from": first, "date_to": last})


@pytest.mark.parametrize(
    "params",
    [
        {"q": ["清零", "共存"], "by": "month"},
        {"q": ["清零", "共存"], "by": "month", "split": "province"},
        {"q": ["清零", "共存 -学校"], "by": "quarter", "region": "440000", "split": "city"},
        {"q": ["清零"], "by": "year", "source": "南方网", "date_from": "2020-01-10", "date_to": "2020-04-10"},
        {"by": "month", "split": "province"},
    ],
)
def test_each_count_equals_the_searchs_own_count(client, stories, params):
    body = trend(client, **params)
    filters = {k: v for k, v in params.items() if k not in ("q", "by", "split")}
    assert_counts_are_the_searchs(client, body, **filters)


def test_the_json_reads_periods_from_first_to_last_with_gaps_and_shares_per_10000(client, stories):
    body = trend(client, q=["清零", "共存"])
    assert body["by"] == "month"
    assert body["periods"] == ["2020-01", "2020-02", "2020-03", "2020-04"]
    assert body["totals"] == [3, 0, 2, 2]
    zero, coexist = body["series"]
    assert (zero["q"], zero["region"], zero["counts"]) == ("清零", None, [2, 0, 1, 1])
    assert zero["per_10k"] == [round(2 * 10000 / 3, 2), None, 5000.0, 5000.0]
    assert coexist["counts"] == [0, 0, 1, 2]


def test_undated_stories_are_counted_apart_never_in_a_period(client, stories):
    body = trend(client, q=["清零"], by="year")
    assert body["periods"] == ["2020"] and body["totals"] == [7]
    assert body["undated"] == 1 and body["series"][0]["undated"] == 1
    assert body["series"][0]["counts"] == [4]
    page = client.get("/trends/", {"q": "清零", "by": "year"}).content.decode()
    assert 'id="trend-undated"' in page and "1 story has no date" in page


def test_a_split_counts_the_regions_directly_under_the_chosen_one(client, stories):
    provinces = trend(client, q="清零", split="province")
    assert [(s["region"], s["region_name"]) for s in provinces["series"]] == [
        ("440000", "广东省"),
        ("370000", "山东省"),
    ]
    assert [s["counts"] for s in provinces["series"]] == [[1, 0, 1, 0], [1, 0, 0, 1]]
    cities = trend(client, q="共存", region="440000", split="city")
    assert {s["region"] for s in cities["series"]} == {"440100", "440300"}


def test_an_unpublished_story_counts_nowhere(client, stories):
    hidden = Article.objects.get(file_name="008.txt")
    body = trend(client, q=["清零", "共存"], split="province")
    march = body["periods"].index("2020-03")
    guangdong = [s for s in body["series"] if s["region"] == "440000"]
    assert body["totals"][march] == 2 and [s["counts"][march] for s in guangdong] == [1, 1]
    hidden.published = True
    hidden.save()
    flush()
    body = trend(client, q=["清零", "共存"], split="province")
    guangdong = [s for s in body["series"] if s["region"] == "440000"]
    assert body["totals"][march] == 3 and [s["counts"][march] for s in guangdong] == [2, 2]


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"by": "week"}, "by"),
        ({"by": ["month", "year"]}, "by"),
        ({"split": "county"}, "split"),
        ({"q": [f"词{n}" for n in range(7)]}, "q"),
        ({"q": "OR"}, "q"),
        ({"q": "字" * 501}, "q"),
        ({"split": "city"}, "split"),
        ({"split": "city", "region": "440100"}, "region"),
        ({"split": "province", "region": "440000"}, "split"),
        ({"region": "999999"}, "region"),
        ({"date_from": "2020-13-01"}, "date_from"),
        ({"measure": "loudness"}, "measure"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, stories, params, parameter):
    response = client.get("/trends/", {**params, "format": "json"})
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter and response.json()["detail"]
    page = client.get("/trends/", params)
    assert page.status_code == 400 and 'id="trend-error"' in page.content.decode()


def test_the_csv_has_one_row_per_period_and_series_and_a_byte_order_mark(client, stories):
    response = client.get("/trends/", {"q": ["清零", "共存"], "split": "province", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert len(rows) == 4 * 2 * 2  # periods × queries × provinces
    row = next(r for r in rows if (r["period"], r["q"], r["region"]) == ("2020-04", "共存", "370000"))
    assert (row["count"], row["total"], row["per_10k"], row["region_name"]) == ("1", "1", "10000.0", "山东省")
    assert row["first_day"] == "2020-04-01" and row["last_day"] == "2020-04-30"


def test_the_page_draws_a_chart_whose_points_link_to_the_searches_they_count(client, stories):
    page = client.get("/trends/", {"q": ["清零", "共存"]}).content.decode()
    assert page.count("<circle") == 3 + 2  # a point for each period a query matched: 清零 in 3, 共存 in 2
    assert "/search/?q=%E6%B8%85%E9%9B%B6&amp;date_from=2020-01-01&amp;date_to=2020-01-31" in page
    assert "<title>清零, 2020-01: 2 (6666.67 / 10,000)</title>" in page
    assert page.count('<figure class="trend-chart">') == 1 and page.count('class="trend-table"') == 1
    assert 'class="legend"' in page and "<td>2</td><td>6666.67</td>" in page
    assert "stories per 10,000 of the period&#x27;s stories" in page and ">month</text>" in page
    counts = client.get("/trends/", {"q": "清零", "measure": "count"}).content.decode()
    assert ">matching stories</text>" in counts


def test_the_chart_scales_to_round_ticks_and_skips_points_of_no_story():
    assert [round_step(peak, 5) for peak in (0, 7, 45, 1234, 0.8)] == [1, 2, 10, 500, 0.2]
    chart = line_chart(
        ["a", "b", "c"],
        [{"name": "x", "values": [4, 0, 9], "links": ["1", "2", "3"], "titles": ["t1", "t2", "t3"]}],
        "y",
        "x",
    )
    assert [t["label"] for t in chart["y_ticks"]] == ["0", "2", "4", "6", "8", "10"]
    assert [p["url"] for p in chart["lines"][0]["points"]] == ["1", "3"]
    assert chart["lines"][0]["path"].count("L") == 2


@pytest.mark.usefixtures("committed_db")
def test_a_reader_follows_a_point_of_the_chart_to_its_search_in_a_browser(chromium, live_server, stories):
    page = chromium.new_page()
    try:
        page.goto(f"{live_server.url}/trends/?q=清零&q=共存&split=province&by=month")
        assert page.locator("figure.trend-chart").count() == 2
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(Path(ARTIFACTS) / "trends.png"), full_page=True)
        point = page.locator("figure.trend-chart").first.locator("a").first
        point.click()
        page.wait_for_url("**/search/**")
        assert "region=440000" in page.url and "date_from=2020-01-01" in page.url
        assert page.locator("#result-count").inner_text().startswith("1 ")
    finally:
        page.close()


def test_a_split_shows_the_first_querys_stories_on_the_map_linked_to_the_next_level(client, stories):
    page = client.get("/trends/", {"q": "清零", "split": "province"}).content.decode()
    assert 'id="region-map"' in page
    # the first query's stories of each province, the undated among them too (2 dated + 1 undated)
    assert 'data-region="440000">广东省</a></th><td>3</td>' in page and "<title>广东省: 3</title>" in page
    assert "region=440000&amp;split=city" in page or "split=city&amp;region=440000" in page
    cities = client.get("/trends/", {"q": "共存", "region": "440000", "split": "city"}).content.decode()
    assert 'id="map-country"' in cities  # the cities of 广东省, with the way back to the whole country
    assert 'id="region-map"' not in client.get("/trends/", {"q": "清零"}).content.decode()  # no split, no map
