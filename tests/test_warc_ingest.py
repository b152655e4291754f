"""manage.py ingest over WARC files: each page record a capture with its provenance, every
other record counted or named, versions of a page kept, corrupt records named while the
rest of the file is read, and a WARC ingested twice changing nothing."""

from datetime import UTC, datetime

import pytest

from archive.models import Article, Capture, Version
from tests.warcs import page, write_warc

BODY = "房山区窦店镇的社区干部坚守岗位，守护居民健康。房山区各街道设立检查点，居民纷纷点赞。" * 3
OTHER = "天河区的社区工作者连续奋战，天河区各街道设立检查点，守护居民健康，居民纷纷表示感谢。" * 3
MAY, JUNE = datetime(2024, 5, 1, 8, 0, tzinfo=UTC), datetime(2024, 6, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def crawl(tmp_path):
    """A crawl's WARC: pages, and the records a crawler writes beside them."""
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(
        path,
        [
            {"kind": "warcinfo", "url": ""},
            {"kind": "request", "url": "http://news.example.cn/a.html"},
            {"url": "http://news.example.cn/a.html", "payload": page("房山区社区防疫", BODY), "date": MAY},
            {
                "url": "http://news.example.cn/logo.png",
                "payload": b"\x89PNG\r\n\x1a\n" + bytes(50),
                "content_type": "image/png",
            },
            {
                "url": "http://news.example.cn/robots.txt",
                "payload": b"User-agent: *\nAllow: /\n",
                "content_type": "text/plain",
            },
            {
                "url": "http://news.example.cn/gone.html",
                "payload": b"<html>Not found</html>",
                "status": "404 Not Found",
            },
            {
                "url": "http://news.example.cn/old.html",
                "status": "301 Moved Permanently",
                "headers": [("Location", "http://news.example.cn/a.html")],
            },
            {"kind": "metadata", "url": "http://news.example.cn/a.html"},
            {"kind": "revisit", "url": "http://news.example.cn/a.html"},
            {"url": "http://repost.example.com/copy.html", "payload": page("房山区社区防疫", BODY), "date": JUNE},
            {
                "url": "http://gb.example.cn/b.html",
                "payload": page("天河区社区防疫", OTHER, charset="gb18030", meta="utf-8"),
                "content_type": "text/html",
            },
        ],
    )
    return path, offsets


def test_each_page_record_becomes_a_capture_with_its_provenance(ingest, crawl):
    path, offsets = crawl
    result = ingest(path)
    assert not result.failed, result.err
    capture = Capture.objects.get(original_url="http://news.example.cn/a.html")
    assert capture.site == "news.example.cn"
    assert capture.captured_at == MAY
    assert (capture.file_name, capture.warc_offset) == ("crawl.warc.gz", offsets[2])
    assert capture.payload_digest.startswith("sha1:") and capture.http_status == 200
    assert capture.content_type == "text/html"
    assert bytes(capture.payload) == page("房山区社区防疫", BODY)
    assert capture.article.title == "房山区社区防疫"


def test_the_same_text_at_another_address_is_one_story_with_two_captures(ingest, crawl):
    ingest(crawl[0])
    article = Capture.objects.get(original_url="http://news.example.cn/a.html").article
    assert sorted(article.captures.values_list("site", flat=True)) == ["news.example.cn", "repost.example.com"]
    assert Article.objects.count() == 2


def test_a_page_in_gb18030_whose_meta_says_utf8_is_read_right(ingest, crawl):
    ingest(crawl[0])
    article = Capture.objects.get(site="gb.example.cn").article
    assert article.title == "天河区社区防疫" and article.encoding in ("gbk", "gb18030")


def test_records_that_are_not_pages_are_counted_and_page_records_that_are_not_stories_named(ingest, crawl):
    result = ingest(crawl[0])
    assert "added 2, updated 0, recaptured 1, unchanged 0, failed 0" in result.out
    assert (
        "skipped 8 WARC records (HTTP error 1, metadata 1, not a page 2, redirect 1, request 1, revisit 1, warcinfo 1)"
        in result.out
    )
    assert any("gone.html" in line and "HTTP 404" in line for line in result.out.splitlines())
    assert any("old.html" in line and "redirect" in line and "/a.html" in line for line in result.out.splitlines())


def test_a_warc_ingested_twice_changes_nothing(ingest, crawl):
    ingest(crawl[0])
    before = list(Capture.objects.values_list("id", "article_id", "version_id"))
    result = ingest(crawl[0])
    assert "added 0, updated 0, recaptured 0, unchanged 3, failed 0" in result.out
    assert list(Capture.objects.values_list("id", "article_id", "version_id")) == before


def test_an_address_captured_again_with_changed_text_is_a_new_version_and_the_newest_is_shown(ingest, tmp_path):
    url = "http://news.example.cn/a.html"
    write_warc(tmp_path / "june.warc", [{"url": url, "payload": page("房山区社区防疫（更新）", OTHER), "date": JUNE}])
    write_warc(tmp_path / "may.warc", [{"url": url, "payload": page("房山区社区防疫", BODY), "date": MAY}])
    ingest(tmp_path / "june.warc")
    result = ingest(tmp_path / "may.warc")  # the older capture arrives second
    assert "updated 1" in result.out
    article = Article.objects.get()
    assert article.title == "房山区社区防疫（更新）" and "天河区" in article.body_clean
    assert [v.title for v in article.versions.order_by("seen_at")] == ["房山区社区防疫", "房山区社区防疫（更新）"]
    assert Version.objects.count() == 2 and article.captures.count() == 2


def test_corrupt_and_truncated_records_are_named_and_the_rest_of_the_file_is_read(ingest, tmp_path):
    path = tmp_path / "broken.warc"
    specs = [
        {"url": f"http://news.example.cn/{n}.html", "payload": page(f"第{n}篇报道", BODY.replace("房山", f"第{n}"))}
        for n in range(4)
    ]
    offsets = write_warc(path, specs)
    data = bytearray(path.read_bytes())
    data[offsets[1] + 40 : offsets[1] + 80] = b"\x00garbage!" * 4 + b"\x00\x00\x00\x00"  # record 1's header garbled
    path.write_bytes(bytes(data[:-300]))  # and record 3 cut short
    result = ingest(path)
    assert result.failed
    assert f"broken.warc at offset {offsets[1]}" in result.err
    assert f"broken.warc at offset {offsets[3]}" in result.err and "truncated" in result.err
    assert sorted(Article.objects.values_list("title", flat=True)) == ["第0篇报道", "第2篇报道"]


def test_plain_files_are_captures_without_an_address(ingest, tmp_path):
    (tmp_path / "story.txt").write_bytes(f"房山区社区防疫\n{BODY}\n".encode("gbk"))
    ingest(tmp_path)
    capture = Capture.objects.get()
    assert capture.original_url == "" and capture.file_name == "story.txt" and capture.warc_offset is None
    assert bytes(capture.payload) == f"房山区社区防疫\n{BODY}\n".encode("gbk")
