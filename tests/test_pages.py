"""The HTML pages through Django's test client: content, escaping, errors, JSON twins."""

import pytest

from search.indexing import flush


@pytest.fixture
def hostile(seeds):
    """A story whose title and text carry markup, as scraped pages do."""
    article = seeds["002"]
    article.title = "<script>alert('title')</script>草莓<b"
    article.body_clean = "<p>草莓</p><script>alert('body')</script> </div> 正文"
    article.save()
    flush()
    return article


def test_home_lists_places_and_newest_stories(client, seeds):
    page = client.get("/").content.decode()
    assert "北京市" in page and "房山区" in page
    assert seeds["003"].title in page
    assert 'href="/search/?region=110000"' in page


def test_search_page_shows_results_facets_and_json_twin(client, seeds):
    response = client.get("/search/", {"q": "下沉幹部"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="hit"') == 3
    assert "<mark>" in page
    assert 'data-region="110000"' in page and "?q=%E4%B8%8B%E6%B2%89%E5%B9%B9%E9%83%A8&amp;format=json" in page
    assert "<svg" in page  # the timeline


def test_json_twin_equals_the_api_with_the_pages_defaults(client, seeds):
    params = {"q": "疫", "region": "110000", "sort": "date"}
    twin = client.get("/search/", {**params, "format": "json"}).json()
    assert twin == client.get("/api/search", {**params, "collapse": "reposts"}).json()  # the page groups reposts
    ungrouped = client.get("/search/", {**params, "collapse": "none", "format": "json"}).json()
    assert ungrouped == client.get("/api/search", params).json()


def test_facet_links_add_and_remove_filters(client, seeds):
    page = client.get("/search/", {"q": "疫", "region": "110000"}).content.decode()
    assert 'href="?q=%E7%96%AB" class="facet active" data-region="110000"' in page  # removes it
    assert "region=110000&amp;region=110111" in page  # adds a district under it
    assert 'class="remove"' in page


def test_article_and_search_pages_escape_story_markup(client, hostile):
    for url in (f"/articles/{hostile.pk}/", "/search/?q=草莓", "/"):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "&lt;script&gt;alert(" in page, url


def test_empty_result_says_what_to_try(client, seeds):
    page = client.get("/search/", {"q": "完全不存在的词组", "year": "2020"}).content.decode()
    assert 'id="no-results"' in page
    assert "请移除上方的某个筛选条件" in page and "简繁皆可" in page


def test_malformed_search_page_is_a_400_with_the_reason(client, seeds):
    response = client.get("/search/", {"q": "疫", "date_from": "2020-02-30"})
    assert response.status_code == 400
    assert "date_from" in response.content.decode()


def test_page_past_the_end_offers_the_first_page(client, seeds):
    response = client.get("/search/", {"q": "疫", "page": "7"})
    assert response.status_code == 200
    assert 'id="no-results"' in response.content.decode()


def test_article_page_shows_both_scripts_side_by_side_with_marks(client, seeds):
    article = seeds["000"]
    page = client.get(f"/articles/{article.pk}/", {"q": "代理书记"}).content.decode()
    assert "<mark>代理书记</mark>" in page and "<mark>代理書記</mark>" in page
    assert 'class="column-head original" lang="zh-Hant"' in page
    assert page.count('<p class="simplified"') == page.count('<p class="traditional"') > 5
    assert f'href="/articles/{article.pk}/raw"' in page and f'href="/api/articles/{article.pk}"' in page
    assert 'href="/search/?region=110111"' in page


def test_raw_text_is_exactly_as_collected(client, seeds):
    article = seeds["000"]
    response = client.get(f"/articles/{article.pk}/raw")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == article.body_raw


def test_needs_review_is_marked(client, seeds):
    assert 'id="needs-review"' in client.get(f"/articles/{seeds['001'].pk}/").content.decode()


def test_missing_article_is_a_404(client, seeds):
    assert client.get("/articles/99999/").status_code == 404
    body = client.get("/api/articles/99999").json()
    assert body["error"] == "not_found"


def test_regions_page_lists_provinces_with_districts_and_counts(client, seeds):
    page = client.get("/regions/").content.decode()
    assert 'href="/search/?region=110000">北京市</a> <span class="count">2</span>' in page
    assert 'href="/search/?region=110111">房山区</a> <span class="count">1</span>' in page
    assert 'href="/search/?region=370900">泰安市</a>' in page


@pytest.mark.parametrize("language, word", [("en", "Regions"), ("zh-hans", "地区"), ("zh-hant", "地區")])
def test_interface_speaks_the_chosen_language(client, seeds, language, word):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert word in client.get("/").content.decode()


def test_default_language_is_simplified_chinese(client, seeds):
    page = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in page and "地区" in page


def test_static_files_are_served_by_the_app(client, seeds):
    response = client.get("/static/archive/site.css")
    assert response.status_code == 200
    assert b"side-by-side" in b"".join(response.streaming_content)
