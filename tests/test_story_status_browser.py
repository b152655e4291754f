"""The story page's status banner and inline diff, and the search row's links to each repost, in
a real headless Chromium: what a reader sees, at desktop and phone widths."""

import pytest
from playwright.sync_api import expect

from archive.models import Article, Source
from tests.conftest import ARTIFACTS, run_command
from tests.test_diffs import BACK, FIRST, GONE, SECOND, SEEN, recaptured
from tests.warcs import page, write_warc

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("committed_db")]

# an address and a source name longer than a phone is wide, with nowhere to break a line
URL = "http://news.example.cn/system/2026/11/28/030123456789_fangshanqu_shequfangyi.shtml?spm=zm5062.8841.0.0"
SOURCE = "bjfangshan.rongmeiti.zhongxin.example.gov.cn"


@pytest.fixture
def tab(chromium):
    """A page of the suite's one browser, in English."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    yield context.new_page()
    context.close()


@pytest.fixture
def removed_after_a_change(tmp_path):
    """A story from SOURCE captured twice at URL with changed text, then found missing there (HTTP 404)."""
    records = [
        {"url": URL, "payload": page("房山区社区防疫", FIRST.replace("\n", "</p><p>")), "date": SEEN},
        {"url": URL, "payload": page("房山区社区防疫", SECOND.replace("\n", "</p><p>")), "date": SEEN.replace(day=28)},
    ]
    write_warc(tmp_path / "story.warc", records)
    assert not run_command("ingest", str(tmp_path / "story.warc")).failed
    Article.objects.update(source=Source.objects.create(name=SOURCE))
    article = recaptured(Article.objects.get(), URL, GONE)
    assert article.status == Article.REMOVED
    return article


def test_the_banner_and_the_marks_inside_a_changed_line_as_a_reader_sees_them(tab, live_server, removed_after_a_change):
    ARTIFACTS.mkdir(exist_ok=True)
    tab.goto(f"{live_server.url}/articles/{removed_after_a_change.pk}/")
    banner = tab.locator("#status")
    expect(banner).to_be_visible()
    expect(banner.locator(".absence")).to_have_text(
        "Removed from news.example.cn on 2026-12-01, last seen 2026-11-29 (HTTP 404)"
    )  # the 28th, 20:00 UTC
    expect(banner.locator(".altered")).to_contain_text("2 versions")
    banner.get_by_role("link", name="See what changed").click()
    assert tab.url.endswith("#diff")
    changed = tab.locator("#diff tr.changed").first
    expect(changed).to_be_in_viewport()
    expect(changed.locator("del")).to_have_text("两")
    expect(changed.locator("ins")).to_have_text(["一", "半"])
    # the marks inside the line are coloured apart from the line, the removed characters struck out
    styles = changed.evaluate(
        """row => ['del', 'ins'].map(tag => {
             const style = getComputedStyle(row.querySelector(tag));
             return [style.backgroundColor, style.textDecorationLine, style.display];
           }).concat([getComputedStyle(row).backgroundColor])"""
    )
    (del_colour, del_line, del_display), (ins_colour, _, ins_display), row_colour = styles
    assert del_line == "line-through" and del_display == ins_display == "inline"
    assert len({del_colour, ins_colour, row_colour}) == 3
    tab.screenshot(path=str(ARTIFACTS / "story-status.png"), full_page=True)

    tab.set_viewport_size({"width": 375, "height": 800})
    tab.reload()
    expect(tab.locator("#status .absence")).to_be_visible()
    # the whole page fits a phone's width: nothing scrolls sideways, the metadata list and the
    # captures table included, nor do the captures' rows scroll sideways inside their table
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the story page is {overflow}px wider than a 375px phone"
    selectors = ["#status", "#metadata", "#captures table", "#captures tbody", "#diff"]
    rights = tab.evaluate("s => s.map(s => document.querySelector(s).getBoundingClientRect().right)", selectors)
    assert max(rights) <= 375, dict(zip(selectors, rights, strict=True))
    tab.screenshot(path=str(ARTIFACTS / "story-status-phone.png"), full_page=True)


def test_a_restored_story_in_chinese(tab, live_server, removed_after_a_change):
    recaptured(removed_after_a_change, URL, BACK, missing="")
    tab.goto(f"{live_server.url}/articles/{removed_after_a_change.pk}/")
    tab.select_option("#language-select", "zh-hans")
    tab.click("#language-switch")
    expect(tab.locator("#status .return")).to_have_text("2026-12-01发现已从news.example.cn删除，2026-12-09又重新出现")
