"""The concordance in a real headless Chromium: from a search to its concordance, a line's link
to the story, scrolled to the occurrence and marked."""

import pytest
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS, SEEDS, run_command
from tests.test_browser import page  # noqa: F401  (the fixture: a fresh browser context)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("committed_db")]


def test_browser_from_a_search_to_its_concordance_and_to_the_story_at_the_line(page, live_server):
    assert not run_command("ingest", str(SEEDS)).failed
    page.goto(live_server.url + "/search/?q=幹部")
    page.click("#concordance-link")
    expect(page.locator("#concordance tbody tr")).not_to_have_count(0)
    expect(page.locator("#concordance-count")).to_contain_text("69")  # the seeds' occurrences of 干部
    matches = page.locator("#concordance td.match a")
    assert set(matches.all_inner_texts()) == {"干部", "幹部"}  # each story's own script
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "concordance.png"), full_page=True)
    page.click("#sort-right")
    expect(page.locator("#sort-right")).to_have_class("current")
    href = matches.last.get_attribute("href")
    matches.last.click()
    expect(page.locator("mark").first).to_be_visible()
    assert page.evaluate("window.scrollY") > 0  # the text fragment scrolled to the occurrence
    page.goto(live_server.url + href.split("#")[0])
    expect(page.locator("mark").first).to_be_visible()
    assert page.evaluate("window.scrollY") == 0  # and without it the page opens at its top
