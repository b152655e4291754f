"""Other regions' words are found when the reader wants them, and the results say so
(search.regional_words)."""

import pytest

from tests.test_script_forms import found, ids, regional_stories  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("committed_db")


def test_another_regions_word_is_found_and_said(client, regional_stories):
    data = found(client, q="出租车")
    assert data["regional"] == "on"
    by_id = {r["id"]: r for r in data["results"]}
    assert set(by_id) == {regional_stories["taiwan"], regional_stories["mainland"]}
    assert by_id[regional_stories["taiwan"]]["regional_matches"] == [
        {"typed": "出租车", "word": "計程車", "region": "Taiwan"}
    ]
    assert by_id[regional_stories["mainland"]]["regional_matches"] == []
    assert "<mark>計程車</mark>" in by_id[regional_stories["taiwan"]]["snippet"]
    taiwanese = found(client, q="軟體")
    assert {r["id"] for r in taiwanese["results"]} == {regional_stories["taiwan"], regional_stories["mainland"]}
    assert [r["regional_matches"] for r in taiwanese["results"] if r["id"] == regional_stories["mainland"]] == [
        [{"typed": "软体", "word": "软件", "region": "mainland"}]
    ]


def test_turning_other_regions_words_off_finds_the_word_as_typed(client, regional_stories):
    assert ids(client, q="出租车", regional="off") == {regional_stories["mainland"]}
    assert ids(client, q="疫情 -出租车") == set()  # the exclusion takes Taiwan's word with it
    assert ids(client, q="疫情 -出租车", regional="off") == {regional_stories["taiwan"]}
    assert ids(client, q="title:計程車", regional="off") == {regional_stories["taiwan"]}
    assert ids(client, q="title:計程車") == {regional_stories["taiwan"], regional_stories["mainland"]}


def test_a_bad_regional_value_is_a_400(client, regional_stories):
    response = client.get("/api/search", {"q": "出租车", "regional": "maybe"})
    assert response.status_code == 400 and response.json()["parameter"] == "regional"


def test_the_page_says_whose_word_matched_and_turns_it_off(client, regional_stories):
    page = client.get("/search/", {"q": "出租车"}).content.decode()
    assert "经由台湾说法“計程車”（即出租车）找到" in page  # the page's language: simplified Chinese
    assert 'id="regional-off"' in page and "regional=off" in page
    off = client.get("/search/", {"q": "出租车", "regional": "off"}).content.decode()
    assert "经由台湾说法" not in off and "計程車業者" not in off


def test_the_story_page_marks_another_regions_word_unless_turned_off(client, regional_stories):
    story = f"/articles/{regional_stories['taiwan']}/"
    assert "<mark>計程車</mark>" in client.get(story, {"q": "出租车"}).content.decode()
    assert "<mark>計程車</mark>" not in client.get(story, {"q": "出租车", "regional": "off"}).content.decode()
    listed = client.get("/search/", {"q": "疫情", "regional": "off"}).content.decode()
    assert f"{story}?q=%E7%96%AB%E6%83%85&amp;regional=off" in listed  # the story page keeps the choice
