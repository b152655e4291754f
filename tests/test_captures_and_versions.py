"""Captures and versions of a story where readers and programs see them: the story page (with
a diff between versions), /api/articles and the export."""

import json
from datetime import UTC, datetime

import pytest

from archive.models import Article
from archive.versions import ADDED, REMOVED, SAME, line_diff
from tests.warcs import page, write_warc

URL = "http://news.example.cn/a.html"
FIRST = "房山区窦店镇的社区干部坚守岗位，守护居民健康。\n房山区各街道设立检查点，居民纷纷点赞。"
SECOND = "房山区窦店镇的社区干部坚守岗位，守护居民健康。\n记者补充：窦店镇新增两个检查点。"


@pytest.fixture
def two_versions(ingest, tmp_path):
    may, june = datetime(2024, 5, 1, tzinfo=UTC), datetime(2024, 6, 1, tzinfo=UTC)
    first = page("房山区社区防疫", FIRST.replace("\n", "</p><p>"))
    second = page("房山区社区防疫", SECOND.replace("\n", "</p><p>"))
    write_warc(
        tmp_path / "a.warc",
        [
            {"url": URL, "payload": first, "date": may},
            {"url": URL, "payload": second, "date": june},
            {"url": "https://mirror.example.com/x", "payload": second, "date": june},
        ],
    )
    assert not ingest(tmp_path / "a.warc").failed
    return Article.objects.get()


def test_line_diff_marks_removed_and_added_lines():
    assert line_diff("甲\n乙\n丙", "甲\n丁\n丙") == [(SAME, "甲"), (REMOVED, "乙"), (ADDED, "丁"), (SAME, "丙")]


def test_story_page_lists_every_capture_and_version_with_the_changes_between_them(client, two_versions):
    html = client.get(f"/articles/{two_versions.pk}/").content.decode()
    assert URL in html and "mirror.example.com" in html and "a.warc" in html
    assert html.count("<li>2024-0") == 2
    assert "<del>房山区各街道设立检查点，居民纷纷点赞。</del>" in html
    assert "<ins>记者补充：窦店镇新增两个检查点。</ins>" in html


def test_any_two_versions_can_be_compared_and_a_foreign_version_id_is_a_400(client, two_versions):
    old, new = two_versions.versions.order_by("seen_at")
    html = client.get(f"/articles/{two_versions.pk}/", {"diff_from": new.pk, "diff_to": old.pk}).content.decode()
    assert "<ins>房山区各街道设立检查点，居民纷纷点赞。</ins>" in html
    response = client.get(f"/articles/{two_versions.pk}/", {"diff_from": "999999"})
    assert response.status_code == 400 and "diff_from" in response.content.decode()


def test_api_and_export_give_the_newest_address_and_every_capture(client, two_versions):
    record = client.get(f"/api/articles/{two_versions.pk}").json()
    assert record["versions"] == 2
    assert record["captured_at"] == "2024-06-01T00:00:00+00:00"
    assert record["original_url"] in (URL, "https://mirror.example.com/x")
    assert [c["site"] for c in record["captures"]] == ["news.example.cn", "news.example.cn", "mirror.example.com"]
    assert all(len(c["sha256"]) == 64 for c in record["captures"])
    streamed = b"".join(client.get("/api/export").streaming_content).decode()
    exported = [json.loads(line) for line in streamed.splitlines()]
    assert exported[0]["captures"] == record["captures"]


def test_a_plain_file_has_a_capture_without_address(client, seeds):
    record = client.get(f"/api/articles/{seeds['000'].pk}").json()
    assert record["original_url"] is None and record["captured_at"] is None and record["versions"] == 1
    assert record["captures"][0]["url"] is None and record["captures"][0]["site"] is None


def test_admin_shows_captures_and_versions_read_only(client, two_versions):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("archivist", "a@example.org", "pw"))
    html = client.get(f"/admin/archive/article/{two_versions.pk}/change/").content.decode()
    assert URL in html and "mirror.example.com" in html and "a.warc" in html
    assert 'name="captures-0-original_url"' not in html and 'name="versions-0-title"' not in html
    assert 'name="captures-TOTAL_FORMS"' in html
