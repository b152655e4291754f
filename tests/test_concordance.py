"""/concordance/ and its JSON and CSV twins: every occurrence of a search's terms in the matching
stories, counted as a brute force counts them, shown in the story's own script, sorted, paged,
bounded in time; bad input a 400 naming the parameter; unpublished stories nowhere."""

import csv
import io
import random

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from archive.highlight import folded
from archive.ingest.pipeline import prepare
from archive.ingest.store import store
from archive.models import Article
from archive.text import normalise, searchable
from search import concordance
from search.engine import engine
from search.indexing import flush
from search.params import SearchParams
from search.solr.occurrences import countable as solr_countable
from tests.test_search_promise import FORMS, VOCABULARY, story

pytestmark = pytest.mark.usefixtures("english")


def add(name, title, body):
    """A story stored as ingest stores it; its Article."""
    return Article.objects.get(pk=store(prepare(name, f"{title}\n{body}\n".encode()))[1])


def unpublish(article):
    article.published = False
    article.save()
    flush()


def lines_of(client, **params):
    response = client.get("/concordance/", {"format": "json", "page_size": 1000, **params})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def corpus(db):
    """40 generated stories, each written in one of FORMS, and one unpublished story holding every
    word of the vocabulary; indexed. {id: (normalised title, normalised body)} of the published."""
    rng = random.Random(20261206)
    texts = {}
    for number in range(40):
        title = "".join(rng.choice(VOCABULARY) for _ in range(rng.randint(2, 5)))
        body = "\n".join(story(rng) for _ in range(rng.randint(1, 4)))
        write = FORMS[rng.choice(sorted(FORMS))]
        article = add(f"generated_{number}.txt", write(title), write(body))
        texts[article.pk] = (normalise(article.title), normalise(article.body_clean))
    unpublish(add("hidden.txt", "隐藏的故事", "".join(VOCABULARY) * 3))
    flush()
    return Texts(texts)


class Texts(dict):
    def __repr__(self):
        return f"<{len(self)} stories>"


def brute_force(texts, terms):
    """Occurrences of the terms (normalised) in the stories whose title and body hold all of them
    (as search matches): each term counted on its own, in the title and in the body."""
    matching = [
        (title, body) for title, body in texts.values() if all(t in normalise(searchable(title, body)) for t in terms)
    ]
    return sum(title.count(t) + body.count(t) for title, body in matching for t in set(terms))


def folded_match(line):
    """The line's match folded where it stands (瞭 is 了 in 瞭解, 瞭 on its own): as archive.highlight
    folds the line, the characters that the match's characters became."""
    text = line["left"] + line["match"] + line["right"]
    start, end = len(line["left"]), len(line["left"]) + len(line["match"])
    normalised, origin = folded(text)
    if origin is None:
        return normalised[start:end]
    return "".join(char for char, at in zip(normalised, origin) if start <= at < end)


words = st.one_of(
    st.sampled_from(VOCABULARY),
    st.builds(lambda w, a, b: w[a : a + b] or w, st.sampled_from(VOCABULARY), st.integers(0, 3), st.integers(1, 3)),
    st.sampled_from(["区", "部", "的", "，", "山区", "书记", "干部", "支部书"]),
)
queries = st.tuples(st.lists(words, min_size=1, max_size=2), st.sampled_from(sorted(FORMS)))
PROPERTY = hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(query=queries)
def test_every_occurrence_is_counted_as_a_brute_force_counts_them(client, corpus, query):
    typed, form = query
    q = " ".join(f'"{FORMS[form](t)}"' for t in typed)
    data = lines_of(client, q=q, regional="off")
    terms = [normalise(t) for t in typed]
    assert data["count_complete"]
    assert data["count"] == brute_force(corpus, terms) == len(data["lines"]), q
    for line in data["lines"]:
        assert line["id"] in corpus  # never the unpublished story
        assert folded_match(line) in terms  # the story's own characters, a term when folded in its line


def test_a_query_in_either_script_finds_both_scripts_each_shown_as_written(client, db):
    simplified = add("s.txt", "干部下沉", "社区干部王某说，干部要下沉。")
    traditional = add("t.txt", "幹部下沉", "社區幹部李某說，幹部要下沉。")
    flush()
    for q in ("干部", "幹部"):
        data = lines_of(client, q=q)
        by_story = {}
        for line in data["lines"]:
            by_story.setdefault(line["id"], []).append(line["match"])
        assert by_story == {simplified.pk: ["干部"] * 3, traditional.pk: ["幹部"] * 3}, q
        assert data["count"] == 6 and data["stories"] == 2
    line = next(li for li in lines_of(client, q="社区干部")["lines"] if li["id"] == traditional.pk)
    assert (line["left"], line["match"], line["right"]) == ("", "社區幹部", "李某說，幹部要下沉。")


def test_lines_give_the_context_each_side_within_width_and_link_to_the_story(client, db):
    article = add("w.txt", "标题", "一二三四五六七八九十" + "草莓" + "甲乙丙丁戊己庚辛壬癸")
    flush()
    (line,) = lines_of(client, q="草莓", width=4)["lines"]
    assert (line["left"], line["match"], line["right"]) == ("七八九十", "草莓", "甲乙丙丁")
    assert line["url"].startswith(f"/articles/{article.pk}/?q=%E8%8D%89%E8%8E%93#:~:text=")
    page = client.get(line["url"].split("#")[0])
    assert page.status_code == 200 and "<mark>草莓</mark>" in page.content.decode()


def test_left_and_right_order_sort_by_the_context_before_and_after(client, db):
    add("a.txt", "标题", "乙甲草莓丙。丁乙草莓甲。甲甲草莓乙。")
    add("b.txt", "标题二", "丙丙草莓丁。")
    flush()
    left = lines_of(client, q="草莓", sort="left", width=2)["lines"]
    assert [li["left"] for li in left] == ["丙丙", "丁乙", "乙甲", "甲甲"]  # read backwards: 丙丙 乙丁 甲乙 甲甲
    right = lines_of(client, q="草莓", sort="right", width=1)["lines"]
    assert [li["right"] for li in right] == ["丁", "丙", "乙", "甲"]  # by code point: 丁 4E01 丙 4E19 乙 4E59 甲 7532
    assert lines_of(client, q="草莓", sort="left")["sorted_lines"] == 4


def test_date_order_is_newest_story_first_then_position_and_pages_add_up(client, db):
    old = add("old.txt", "旧闻 2019年1月5日", "社区社区社区")
    new = add("new.txt", "新闻 2021年3月6日", "社区，社区")
    Article.objects.filter(pk=old.pk).update(date="2019-01-05")
    Article.objects.filter(pk=new.pk).update(date="2021-03-06")
    flush()
    every = lines_of(client, q="社区")["lines"]
    assert [li["id"] for li in every] == [new.pk] * 2 + [old.pk] * 3
    assert [li["date"] for li in every][:1] == ["2021-03-06"]
    paged = [li for page in (1, 2, 3) for li in lines_of(client, q="社区", page=page, page_size=2)["lines"]]
    assert paged == every


def test_the_index_counts_every_occurrence_without_reading_past_the_page(client, db, monkeypatch):
    for number in range(5):
        add(f"{number}.txt", f"社区标题{number}", "社区" * 10)
    flush()
    monkeypatch.setattr(concordance, "COUNT_SECONDS", 0)  # no time to read past the page
    data = lines_of(client, q="社区", page_size=5)
    assert data["count_complete"] and data["counted_stories"] == data["stories"] == 5
    assert data["count"] == 55 and len(data["lines"]) == 5
    assert lines_of(client, q="社区", page=12, page_size=5)["lines"] == []  # past the last line


def test_the_index_counts_terms_as_str_count_counts_them(db):
    """Engine.occurrences against str.count on the normalised texts: terms that overlap
    themselves, one character, the title alone. An engine may leave a term out (the concordance
    reads the stories for it); Whoosh counts every one, Solr those of one or two characters
    that cannot overlap themselves."""
    texts = [("哈哈哈的标题", "哈哈哈哈哈，一个一个一，社區的社区"), ("一个一", "哈哈的的的"), ("標題", "沒有")]
    for number, (title, body) in enumerate(texts):
        add(f"{number}.txt", title, body)
    flush()
    terms = [("", "哈哈"), ("", "一个一"), ("", "社区"), ("", "的"), ("title", "哈哈"), ("title", "的"), ("", "无此")]
    found = engine().occurrences(SearchParams(), terms)
    for (field, term), count in found.items():
        wanted = sum(
            normalise(title).count(term) + (0 if field == "title" else normalise(body).count(term))
            for title, body in texts
        )
        assert count == wanted, (field, term)
    countable = set(terms) if settings.SEARCH_ENGINE == "whoosh" else {t for t in terms if solr_countable(t[1])}
    assert set(found) == countable


def test_counting_stops_when_its_time_is_up_and_says_how_far_it_got(client, db, monkeypatch):
    """A term the index does not count (here one with a space: the index joins title and body
    with one) is counted by reading the stories, for as long as there is time."""
    for number in range(5):
        add(f"{number}.txt", f"标题{number}", "社区 干部，" * 10)
    flush()
    monkeypatch.setattr(concordance, "COUNT_SECONDS", 0)  # no time to count past the page
    data = lines_of(client, q='"社区 干部"', page_size=5)
    assert not data["count_complete"] and data["counted_stories"] < data["stories"] == 5
    assert data["count"] >= 5 and len(data["lines"]) == 5
    page = client.get("/concordance/", {"q": '"社区 干部"', "page_size": 5}).content.decode()
    assert "at least" in page and "counting stopped after" in page


def test_left_and_right_order_say_when_they_sort_only_the_first_lines(client, db, monkeypatch):
    for number in range(3):
        add(f"{number}.txt", f"标题{number}", "社区" * 10)
    flush()
    monkeypatch.setattr(concordance, "SORTED_LINES", 12)
    data = lines_of(client, q="社区", sort="right")
    assert data["sorted_lines"] == 12 and len(data["lines"]) == 12 and data["count"] == 30
    page = client.get("/concordance/", {"q": "社区", "sort": "right"}).content.decode()
    assert 'id="sort-bound"' in page


def test_unpublished_stories_give_no_line_nor_count_anywhere(client, db):
    shown = add("shown.txt", "草莓", "大棚草莓")
    hidden = add("hidden.txt", "草莓草莓", "草莓草莓草莓")
    unpublish(hidden)
    data = lines_of(client, q="草莓")
    assert {li["id"] for li in data["lines"]} == {shown.pk}
    assert (data["count"], data["stories"]) == (2, 1)
    for sort in ("left", "right"):
        assert {li["id"] for li in lines_of(client, q="草莓", sort=sort)["lines"]} == {shown.pk}
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/concordance/", {"q": "草莓", "format": "csv"}).content.decode("utf-8-sig"))
        )
    )
    assert {row["id"] for row in rows} == {str(shown.pk)}
    page = client.get("/concordance/", {"q": "草莓"}).content.decode()
    assert f"/articles/{hidden.pk}/" not in page and f"/articles/{shown.pk}/" in page


def test_csv_has_a_byte_order_mark_and_one_row_per_line(client, db):
    add("c.txt", "标题", "社区，社区。")
    flush()
    response = client.get("/concordance/", {"q": "社區", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeffid,date,where,left,match,right,url")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert [row["match"] for row in rows] == ["社区", "社区"]


def test_any_search_filter_applies(client, db):
    add("s.txt", "标题", "社区社区")
    traditional = add("t.txt", "標題", "社區")
    flush()
    data = lines_of(client, q="社区", script="traditional")
    assert [li["id"] for li in data["lines"]] == [traditional.pk] and data["stories"] == 1


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({}, "q"),
        ({"q": "  "}, "q"),
        ({"q": "-草莓"}, "q"),
        ({"q": "source:人民网"}, "q"),
        ({"q": "草莓", "sort": "relevance"}, "sort"),
        ({"q": "草莓", "sort": "left", "width": "0"}, "width"),
        ({"q": "草莓", "width": "201"}, "width"),
        ({"q": "草莓", "width": "wide"}, "width"),
        ({"q": "草莓", "page": "0"}, "page"),
        ({"q": "草莓", "page_size": "1001"}, "page_size"),
        ({"q": "草莓", "format": "xml"}, "format"),
        ({"q": "草莓", "year": "twenty"}, "year"),
        ({"q": "草莓", "date_from": "2020-13-01"}, "date_from"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, db, params, parameter):
    response = client.get("/concordance/", {"format": "json", **params})
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    if params.get("format") != "xml":
        page = client.get("/concordance/", {k: v for k, v in params.items() if k != "format"})
        assert page.status_code == 400 and 'id="concordance-error"' in page.content.decode()


def test_the_search_page_links_to_the_concordance_of_the_same_search(client, seeds):
    page = client.get("/search/", {"q": "干部", "script": "traditional", "sort": "date_asc"}).content.decode()
    assert 'id="concordance-link"' in page
    href = page.split('id="concordance-link"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert href.startswith("/concordance/?") and "script=traditional" in href and "sort=" not in href
    response = client.get(href)
    assert response.status_code == 200 and 'id="concordance"' in response.content.decode()


def test_other_regions_words_give_lines_unless_regional_is_off(client, db):
    taiwan = add("tw.txt", "標題", "他搭計程車回家。")
    flush()
    assert [(li["id"], li["match"]) for li in lines_of(client, q="出租车")["lines"]] == [(taiwan.pk, "計程車")]
    assert lines_of(client, q="出租车", regional="off")["count"] == 0
