"""manage.py capture against a real local web server (robots.txt, a redirect, a 404, a page
that changes between two captures, a GB18030 page whose meta says UTF-8), and export --warc
read back with warcio."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.models import Article, Capture
from tests.conftest import run_command
from tests.warcs import page

FANGSHAN = "房山区窦店镇的社区干部坚守岗位，守护居民健康。房山区各街道设立检查点，居民纷纷点赞。"
TIANHE = "天河区的社区工作者连续奋战，天河区各街道设立检查点，守护居民健康，居民纷纷表示感谢。"


class Site(BaseHTTPRequestHandler):
    served = {"story": 0}

    def do_GET(self):
        if self.path == "/robots.txt":
            return self.reply(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if self.path == "/story.html":
            self.served["story"] += 1
            update = "" if self.served["story"] == 1 else "记者补充：窦店镇新增两个检查点。"
            return self.reply(200, page("房山区社区防疫", FANGSHAN + update), "text/html; charset=utf-8")
        if self.path == "/old.html":
            self.send_response(301)
            self.send_header("Location", "/gb.html")
            self.end_headers()
            return None
        if self.path == "/gb.html":
            return self.reply(200, page("天河区社区防疫", TIANHE, charset="gb18030", meta="utf-8"), "text/html")
        if self.path == "/private/secret.html":
            return self.reply(200, page("不应抓取", FANGSHAN), "text/html")
        return self.reply(404, b"<html><body>Not found</body></html>", "text/html")

    def reply(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """capture writes its WARC files under ARCHIVE_DATA_DIR: a temporary one."""
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def site():
    Site.served["story"] = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def capture(*args):
    return run_command("capture", "--delay", "0", "--timeout", "5", *args)


def test_capture_writes_a_warc_and_ingests_its_pages(db, site, data_dir):
    result = capture(f"{site}/story.html", f"{site}/old.html", f"{site}/missing.html", f"{site}/private/secret.html")
    assert result.failed and "disallowed by its site's robots.txt" in result.err  # named, and the rest goes on
    warcs = list((data_dir / "warc").glob("capture-*.warc.gz"))
    assert warcs
    assert sorted(Article.objects.values_list("title", flat=True)) == ["天河区社区防疫", "房山区社区防疫"]
    assert "HTTP 404" in result.out and "HTTP 301, a redirect to" in result.out
    gb = Capture.objects.get(original_url=f"{site}/gb.html")
    assert gb.article.encoding in ("gbk", "gb18030") and gb.http_status == 200
    assert not Article.objects.filter(title="不应抓取").exists()


def test_a_page_that_changed_between_two_captures_has_two_versions(db, site):
    capture(f"{site}/story.html")
    capture(f"{site}/story.html")
    article = Article.objects.get()
    assert article.versions.count() == 2 and article.captures.count() == 2
    assert "新增两个检查点" in article.body_clean


def test_capture_takes_addresses_from_a_file_and_names_a_bad_one(db, site, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# today's pages\n{site}/story.html\nnot-an-address\n", encoding="utf-8")
    result = capture("--from", str(listing))
    assert "not-an-address: not an http(s) address" in result.err
    assert Article.objects.count() == 1


def test_export_warc_holds_the_records_of_a_search_and_warcio_reads_them_back(db, site, seeds, tmp_path):
    capture(f"{site}/story.html", f"{site}/gb.html")
    out = tmp_path / "out.warc.gz"
    result = run_command("export", "--warc", str(out), "q=社区防疫")
    assert not result.failed, result.err
    with open(out, "rb") as stream:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(stream)
        ]
    assert sorted(url for _, url, _ in records) == [f"{site}/gb.html", f"{site}/story.html"]
    served = {c.original_url: bytes(c.payload) for c in Capture.objects.exclude(original_url="")}
    assert all(kind == "response" and payload == served[url] for kind, url, payload in records)


def test_export_warc_makes_resource_records_of_plain_files(db, seeds, tmp_path):
    out = tmp_path / "seeds.warc"
    assert not run_command("export", "--warc", str(out)).failed
    with open(out, "rb") as stream:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(stream)
        ]
    assert len(records) == 5 and {kind for kind, _, _ in records} == {"resource"}
    by_name = {c.file_name: bytes(c.payload) for c in Capture.objects.all()}
    assert all(payload == by_name[url.rsplit(":", 1)[1]] for _, url, payload in records)


def test_export_with_a_bad_filter_names_it(db, tmp_path):
    result = run_command("export", "--warc", str(tmp_path / "x.warc"), "region=999999")
    assert result.failed and "region" in result.err
