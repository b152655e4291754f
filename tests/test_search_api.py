"""GET /api/search: filters, facets against the database, sorting, pages, errors."""

import pytest
from django.db.models import Count

from archive.models import Article

STRANGE_QUERIES = [
    '"',
    "“",
    '""',
    "-",
    "--",
    "OR",
    "OR OR",
    "| |",
    "title:",
    "source:",
    "-title:",
    "*",
    "?",
    "((",
    ")",
    "a:b:c",
    "\\",
    "\x00",
    "字" * 500,
    "𠀀",
    "<script>alert(1)</script>",
    "%",
    'title:"',
]


def api(client, **params):
    return client.get("/api/search", params)


def ids(response):
    return [r["id"] for r in response.json()["results"]]


@pytest.mark.parametrize("q", STRANGE_QUERIES)
def test_malformed_queries_never_give_a_500(client, seeds, q):
    response = api(client, q=q)
    assert response.status_code in (200, 400)
    assert "count" in response.json() or "error" in response.json()


def test_overlong_query_is_a_400_naming_q(client, seeds):
    response = api(client, q="字" * 501)
    assert response.status_code == 400
    assert response.json()["parameter"] == "q"


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"region": "999999"}, "region"),
        ({"region": "abc"}, "region"),
        ({"source": "no such source"}, "source"),
        ({"source": "99999"}, "source"),
        ({"source": "³"}, "source"),
        ({"source": "9" * 40}, "source"),
        ({"year": "20x0"}, "year"),
        ({"script": "latin"}, "script"),
        ({"date_from": "2020-13-01"}, "date_from"),
        ({"date_to": "yesterday"}, "date_to"),
        ({"date_from": "2021-01-01", "date_to": "2020-01-01"}, "date_from"),
        ({"sort": "random"}, "sort"),
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"year": ["2020", "2021"]}, "year"),
        ({"site": "example\x00.com"}, "site"),
        ({"source": "新华\x00网"}, "source"),
        ({"region": "110\x00000"}, "region"),
    ],
)
def test_bad_filter_is_a_400_with_a_message_naming_it(client, seeds, params, parameter):
    response = api(client, **params)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "bad_parameter" and body["parameter"] == parameter and body["detail"]


def test_result_shape(client, seeds):
    body = api(client, q="代理书记").json()
    assert body["count"] == 1 and body["page"] == 1 and body["page_size"] == 20 and body["regional"] == "on"
    result = body["results"][0]
    assert set(result) == {
        "id",
        "title",
        "title_simplified",
        "title_traditional",
        "date",
        "source",
        "regions",
        "script",
        "snippet",
        "regional_matches",
        "url",
    }
    assert result["url"] == f"/articles/{seeds['000'].pk}/"
    assert "<mark>代理書記</mark>" in result["snippet"]
    assert set(body["facets"]) == {"region", "source", "site", "year", "script", "reposts", "status"}


def test_snippet_escapes_article_html(client, seeds):
    article = seeds["002"]
    article.body_clean = "<script>alert('x')</script> 草莓 <b>"
    article.save()
    from search.indexing import flush

    flush()
    snippet = api(client, q="草莓").json()["results"][0]["snippet"]
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet and "<mark>草莓</mark>" in snippet


def test_filters_year_script_source_and_dates(client, seeds):
    assert set(ids(api(client, year="2020"))) == {seeds["002"].pk, seeds["004"].pk}
    assert set(ids(api(client, script="simplified"))) == {seeds["002"].pk, seeds["003"].pk}
    assert ids(api(client, source="齐鲁网")) == [seeds["004"].pk]
    assert ids(api(client, source=str(seeds["004"].source_id))) == [seeds["004"].pk]
    assert ids(api(client, date_from="2020-03-17", date_to="2020-12-31")) == [seeds["004"].pk]
    assert ids(api(client, date_from="2024-01-01")) == [seeds["003"].pk]


def test_region_filter_includes_everything_under_it(client, seeds):
    assert set(ids(api(client, region="110000"))) == {seeds["000"].pk, seeds["002"].pk}
    assert ids(api(client, region="110111")) == [seeds["000"].pk]
    assert ids(api(client, region="370000")) == [seeds["004"].pk]


def db_region_count(adcode, articles):
    prefix = adcode[:2] if adcode.endswith("0000") else adcode[:4] if adcode.endswith("00") else adcode
    return articles.filter(regions__adcode__startswith=prefix).distinct().count()


@pytest.mark.parametrize(
    "params", [{}, {"q": "社区"}, {"region": "110000"}, {"year": "2020"}, {"q": "疫", "script": "traditional"}]
)
def test_facet_counts_equal_the_database(client, seeds, params):
    body = api(client, **params).json()
    matching = Article.objects.filter(pk__in=[r["id"] for r in api(client, page_size=100, **params).json()["results"]])
    assert body["count"] == matching.count()

    def walk(nodes):
        for node in nodes:
            yield node
            yield from walk(node["children"])

    for node in walk(body["facets"]["region"]):
        assert node["count"] == db_region_count(node["value"], matching), node
    for row in body["facets"]["source"]:
        assert row["count"] == matching.filter(source_id=int(row["value"])).count()
    for row in body["facets"]["year"]:
        assert row["count"] == matching.filter(date__year=int(row["value"])).count()
    assert {r["value"]: r["count"] for r in body["facets"]["script"]} == dict(
        matching.values_list("script").annotate(n=Count("id")).values_list("script", "n")
    )


def test_filter_only_counts_equal_database_filters(client, seeds):
    """Without a query the search is a filter over the record: counts must be the database's."""
    body = api(client, region="110000").json()
    beijing = Article.objects.filter(published=True, regions__adcode__startswith="11").distinct()
    assert body["count"] == beijing.count() == 2
    province = body["facets"]["region"][0]
    assert province["value"] == "110000" and province["count"] == 2
    assert {c["value"]: c["count"] for c in province["children"]} == {
        "110111": 1,
        "110107": 1,
        "110112": 1,
        "110117": 1,
    }


def test_region_facet_is_a_tree_of_provinces(client, seeds):
    regions = api(client).json()["facets"]["region"]
    assert {r["value"] for r in regions} == {"110000", "120000", "310000", "370000"}
    assert all(r["level"] == "province" and r["children"] == [] for r in regions)


def test_sort_by_date_and_pages(client, seeds):
    newest = ids(api(client, q="疫", sort="date"))
    assert newest[:3] == [seeds["003"].pk, seeds["004"].pk, seeds["002"].pk]
    oldest = ids(api(client, q="疫", sort="date_asc"))
    assert oldest[:3] == [seeds["002"].pk, seeds["004"].pk, seeds["003"].pk]
    pages = [ids(api(client, q="疫", page=p, page_size=2)) for p in (1, 2, 3)]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert set(sum(pages, [])) == {a.pk for a in seeds.values()}


def test_page_past_the_end_is_empty_with_the_count(client, seeds):
    body = api(client, q="疫", page=99).json()
    assert body["count"] == 5 and body["results"] == []


def test_whole_word_ranks_above_the_same_characters_inside_a_longer_word(client, db, ingest, tmp_path):
    (tmp_path / "inside.txt").write_text("标题甲\n北京房山区今天开会。", encoding="utf-8")
    (tmp_path / "word.txt").write_text("标题乙\n这里的山区道路很险。", encoding="utf-8")
    ingest(tmp_path)
    found = api(client, q="山区").json()["results"]
    assert [r["title"] for r in found] == ["标题乙", "标题甲"]


def test_one_character_query_finds_a_story_ending_with_it(client, db, ingest, tmp_path):
    (tmp_path / "a.txt").write_text("标题\n最后一个字是疫", encoding="utf-8")
    ingest(tmp_path)
    assert api(client, q="疫").json()["count"] == 1


def test_one_character_queries_equal_brute_force_for_every_character_of_a_story(client, seeds):
    """One character is answered from the word fields, not the bigrams: check it on every
    character of a story's title and its first paragraph, in the body and with title:."""
    from archive.text import normalise

    texts = {a.pk: (normalise(a.searchable_text()), normalise(a.title)) for a in Article.objects.all()}
    sample = seeds["004"].title + seeds["000"].body_clean[:80]
    for char in sorted(set(normalise(sample)) - set(' "“”-')):  # quotes and - are query syntax
        assert set(ids(api(client, q=char, page_size=100))) == {pk for pk, (t, _) in texts.items() if char in t}, char
        titled = set(ids(api(client, q=f"title:{char}", page_size=100)))
        assert titled == {pk for pk, (_, title) in texts.items() if char in title}, char


@pytest.mark.parametrize("params", [{"q": "疫情"}, {"q": "疫"}, {}, {"q": "新闻", "collapse": "reposts"}])
def test_search_of_an_empty_archive_finds_nothing(client, db, params):
    response = api(client, **params)
    assert response.status_code == 200 and response.json()["count"] == 0 and response.json()["results"] == []
