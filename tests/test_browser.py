"""The reading room in a real headless Chromium (Debian's, driven by Playwright): search,
narrow by a facet, open a story and see both scripts, switch the language, phone width.
A screenshot of each page is kept under tests/artifacts/."""

from datetime import UTC

import pytest
from playwright.sync_api import expect

from archive.models import Article
from tests.conftest import ARTIFACTS, SEEDS, run_command

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("committed_db")]


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def site(live_server):
    assert not run_command("ingest", str(SEEDS)).failed
    return live_server.url


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_browser_search_narrow_by_facet_and_remove_it(page, site):
    page.goto(site + "/")
    screenshot(page, "home")
    page.fill("#q", "下沉幹部")
    page.click("form.search button")
    expect(page.locator(".hit")).to_have_count(3)
    expect(page.locator(".hit mark").first).to_be_visible()
    screenshot(page, "search")

    page.click('.facets a[data-region="120000"]')
    expect(page.locator(".hit")).to_have_count(1)
    expect(page.locator(".hit h3")).to_contain_text("天津市和平區")
    expect(page.locator(".active-filters")).to_contain_text("天津市")
    screenshot(page, "search-facet")

    page.click(".active-filters a.remove")
    expect(page.locator(".hit")).to_have_count(3)


def test_browser_show_results_in_the_other_script(page, site):
    page.goto(site + "/search/?q=代理书记")
    expect(page.locator(".hit h3")).to_contain_text("代理書記")
    page.click("#show-simplified")
    expect(page.locator(".hit h3")).to_contain_text("代理书记")


def test_browser_open_story_and_read_both_scripts_with_the_query_marked(page, site):
    page.goto(site + "/search/?q=代理书记")
    page.click(".hit h3 a")
    expect(page.locator("#side-by-side")).to_be_visible()
    expect(page.locator("h2.simplified")).to_contain_text("组工战“疫”")
    expect(page.locator("h2.traditional")).to_contain_text("組工戰“疫”")
    expect(page.locator("p.simplified mark").first).to_have_text("代理书记")
    expect(page.locator("p.traditional mark").first).to_have_text("代理書記")
    expect(page.locator(".column-head.original")).to_contain_text("繁體")
    screenshot(page, "article")

    page.click("#raw-link")
    assert "頁(yè)" in page.content()


def test_browser_switch_language(page, site):
    page.goto(site + "/regions/")
    expect(page.locator("header.site nav")).to_contain_text("地区")
    page.select_option("#language-select", "en")
    page.click("#language-switch")
    expect(page.locator("header.site nav")).to_contain_text("Regions")
    screenshot(page, "regions-en")
    page.select_option("#language-select", "zh-hant")
    page.click("#language-switch")
    expect(page.locator("header.site nav")).to_contain_text("地區")


def test_browser_pages_fit_a_phone(chromium, site):
    context = chromium.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
    phone = context.new_page()
    story = Article.objects.get(file_name__startswith="004")
    for name, path in (("phone-search", "/search/?q=社区"), ("phone-article", f"/articles/{story.pk}/?q=社区")):
        phone.goto(site + path)
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the phone"
        screenshot(phone, name)
    context.close()


def test_browser_compare_two_versions_of_a_captured_page(page, live_server, tmp_path):
    from datetime import datetime

    from tests.warcs import page as html_page
    from tests.warcs import write_warc

    url = "http://news.example.cn/a.html"
    first = "房山区窦店镇的社区干部坚守岗位，守护居民健康。</p><p>房山区各街道设立检查点，居民纷纷点赞。"
    second = "房山区窦店镇的社区干部坚守岗位，守护居民健康。</p><p>记者补充：窦店镇新增两个检查点。"
    write_warc(
        tmp_path / "crawl.warc",
        [
            {"url": url, "payload": html_page("房山区社区防疫", first), "date": datetime(2024, 5, 1, tzinfo=UTC)},
            {"url": url, "payload": html_page("房山区社区防疫", second), "date": datetime(2024, 6, 1, tzinfo=UTC)},
        ],
    )
    assert not run_command("ingest", str(tmp_path / "crawl.warc")).failed
    story = Article.objects.get()
    page.goto(f"{live_server.url}/articles/{story.pk}/")
    expect(page.locator("#captures")).to_contain_text("news.example.cn")
    expect(page.locator("#diff tr.added")).to_contain_text("新增两个检查点")
    expect(page.locator("#diff tr.removed")).to_contain_text("居民纷纷点赞")
    versions = page.locator("select[name=diff_from] option")
    page.select_option("select[name=diff_from]", versions.nth(1).get_attribute("value"))
    page.select_option("select[name=diff_to]", versions.nth(0).get_attribute("value"))
    page.click(".diff-form button")
    expect(page.locator("#diff tr.added")).to_contain_text("居民纷纷点赞")
    screenshot(page, "article-versions")
