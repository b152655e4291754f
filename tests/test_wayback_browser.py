"""A captured page whose scripts would act as the reader, replayed in a real Chromium (driven by
Playwright, as tests/test_browser.py does): the page is shown, and none of its scripts runs,
whether captures are served at the archive's own host or at a separate REPLAY_HOST."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS, run_command
from tests.warcs import write_warc

# Playwright's sync API runs an event loop in this thread; the ORM calls here are synchronous.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("committed_db")]

URL = "http://news.example.cn/2024/05/script.html"
HOSTILE = """<!doctype html><html><head><meta charset="utf-8"><title>房山区社区防疫</title></head>
<body><h1 id="headline">房山区社区防疫</h1>
<p>房山区窦店镇的社区干部坚守岗位，守护居民健康。各街道设立检查点，居民纷纷点赞。</p>
<p>记者补充：窦店镇新增两个检查点，志愿者轮流值守，为居民测量体温、登记出入信息。</p>
<script>
document.title = "脚本运行了";
document.getElementById("headline").textContent = "读到了: " + document.cookie;
fetch("/api/search?q=" + encodeURIComponent(document.cookie));
</script>
<img src="/no-such-image.png" onerror="document.title = '事件处理器运行了'">
</body></html>"""


@pytest.mark.parametrize("separate_host", [False, True], ids=["same-host", "replay-host"])
def test_a_captured_pages_scripts_do_not_run(chromium, live_server, settings, tmp_path, separate_host):
    write_warc(
        tmp_path / "crawl.warc",
        [{"url": URL, "payload": HOSTILE.encode(), "date": datetime(2024, 5, 1, 8, 0, tzinfo=UTC)}],
    )
    assert not run_command("ingest", str(tmp_path / "crawl.warc")).failed
    archive = live_server.url  # http://localhost:<port>
    replay = f"127.0.0.1:{urlsplit(archive).port}"
    if separate_host:
        settings.REPLAY_HOST = replay
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_cookies([{"name": "sessionid", "value": "the-readers-session", "url": archive}])
    tab = context.new_page()
    asked = []
    tab.on("request", lambda request: asked.append(request.url))

    response = tab.goto(f"{archive}/wayback/20240501080000/{URL}")

    assert response.status == 200 and "sandbox" in response.headers["content-security-policy"]
    if separate_host:
        assert urlsplit(tab.url).netloc == replay  # redirected to the replay host
    expect(tab.locator("#headline")).to_have_text("房山区社区防疫")  # the page is shown, unchanged
    expect(tab.locator("p").first).to_contain_text("窦店镇")
    assert tab.title() == "房山区社区防疫"  # neither the script nor the onerror handler ran
    assert not [url for url in asked if "/api/" in url]  # nothing fetched the archive's API
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"wayback-{'replay-host' if separate_host else 'same-host'}.png"))
    context.close()
