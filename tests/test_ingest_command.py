"""manage.py ingest over real files: idempotency, identity across encodings, updates that
respect edits, HTML, and bad files reported by name while the batch goes on."""

import json

from archive.models import Article, Source
from tests.conftest import SEEDS, run_command

STORY = "疫情防控一线的党员\n2021-05-06 来源：齐鲁网\n济南市历下区的社区干部坚守岗位。历下区居民纷纷点赞。\n"


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_ingest_same_files_twice_changes_nothing(seeds, ingest):
    before = {a.pk: (a.updated_at, a.body_clean) for a in Article.objects.all()}
    result = ingest(SEEDS)
    assert "added 0, updated 0, recaptured 0, unchanged 5, failed 0" in result.out
    assert {a.pk: (a.updated_at, a.body_clean) for a in Article.objects.all()} == before


def test_same_text_in_another_encoding_or_name_is_the_same_article(ingest, tmp_path):
    write(tmp_path / "a.txt", STORY)
    write(tmp_path / "b.txt", STORY, "gbk")
    write(tmp_path / "c.txt", STORY, "utf-16")
    result = ingest(tmp_path)
    assert "added 1, updated 0, recaptured 2, unchanged 0" in result.out
    assert Article.objects.count() == 1
    assert sorted(Article.objects.get().captures.values_list("file_name", flat=True)) == ["a.txt", "b.txt", "c.txt"]


def test_changed_file_updates_its_article_but_keeps_edited_fields(ingest, tmp_path):
    path = write(tmp_path / "story.txt", STORY)
    ingest(path)
    article = Article.objects.get()
    article.title = "编辑改过的标题"
    article.source = Source.objects.create(name="人工核对的来源")
    article.edited_fields = ["title", "source"]
    article.save()

    write(path, STORY.replace("2021-05-06", "2021-06-07").replace("坚守岗位", "日夜坚守岗位"))
    result = ingest(path)
    assert "updated 1" in result.out
    article.refresh_from_db()
    assert article.title == "编辑改过的标题"
    assert article.source.name == "人工核对的来源"
    assert article.date.isoformat() == "2021-06-07"
    assert "日夜坚守岗位" in article.body_clean and "日夜坚守岗位" in article.body_raw


def test_bad_files_are_reported_by_name_and_the_batch_goes_on(ingest, tmp_path):
    write(tmp_path / "1_good.txt", STORY)
    (tmp_path / "2_empty.txt").write_bytes(b"")
    (tmp_path / "3_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (tmp_path / "4_undecodable.txt").write_bytes(bytes([0x81, 0x20, 0xFE, 0x20]) * 30)
    write(tmp_path / "5_good.txt", STORY.replace("历下区", "市中区"))
    result = ingest(tmp_path, tmp_path / "missing.txt")
    assert result.failed
    assert "added 2, updated 0, recaptured 0, unchanged 0, failed 4" in result.out
    for name, reason in [
        ("2_empty.txt", "empty"),
        ("3_binary.txt", "binary"),
        ("4_undecodable.txt", "not valid UTF-8"),
        ("missing.txt", "no such file"),
    ]:
        assert any(name in line and reason in line for line in result.err.splitlines()), (name, result.err)
    assert Article.objects.count() == 2


def test_html_story_keeps_markup_raw_and_text_clean(ingest, tmp_path):
    page = (
        "<!doctype html><html><head><meta charset='gbk'><title>社区防疫_新华网</title>"
        "<script>var tracking = '首页';</script></head><body>"
        "<nav><a href='/'>首页</a> &gt; <a>新闻</a> &gt; 正文</nav>"
        "<h1>广州市天河区社区防疫纪实</h1><div class='info'>2020年04月01日 来源：新华网</div>"
        "<div class='content'><p>天河区的社区工作者连续奋战，守护居民健康。天河区各街道设立检查点。</p>"
        "<p>居民纷纷表示感谢&lt;script&gt;。</p></div><div>分享到：</div></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("gbk"))
    assert not ingest(path).failed
    article = Article.objects.get()
    assert article.title == "广州市天河区社区防疫纪实"
    assert article.body_raw == page and article.encoding == "gbk"
    assert "<p>" not in article.body_clean and "tracking" not in article.body_clean
    assert "守护居民健康" in article.body_clean and "<script>" in article.body_clean
    assert article.date.isoformat() == "2020-04-01" and article.source.name == "新华网"
    assert [r.adcode for r in article.regions.all()] == ["440106"]


def test_sources_in_either_script_are_one_source(ingest, tmp_path):
    write(tmp_path / "a.txt", STORY)
    write(tmp_path / "b.txt", STORY.replace("来源：齐鲁网", "來源：齊魯網").replace("党员", "黨員"))
    ingest(tmp_path)
    assert Source.objects.count() == 1 and Article.objects.count() == 2


def test_export_writes_one_json_object_per_article(seeds):
    lines = run_command("export").out.splitlines()
    assert len(lines) == 5
    record = json.loads(lines[0])
    for field in (
        "id",
        "title",
        "title_simplified",
        "title_traditional",
        "script",
        "date",
        "date_text",
        "date_precision",
        "source",
        "regions",
        "authors",
        "editors",
        "keywords",
        "body_raw",
        "body_clean",
        "file_name",
        "sha256",
        "needs_review",
    ):
        assert field in record
    beijing = next(json.loads(line) for line in lines if json.loads(line)["file_name"].startswith("000"))
    assert beijing["regions"] == [
        {"adcode": "110111", "name": "房山区", "level": "district", "path": ["北京市", "房山区"]}
    ]
    assert beijing["title_simplified"] == "组工战“疫”| 难不倒的“代理书记”"
