"""Re-extraction over stored stories, and why a story needs review, in the editor's language."""

import pytest
from django.contrib.auth.models import User

from archive.models import Article
from tests.conftest import SEEDS, run_command

pytestmark = pytest.mark.usefixtures("committed_db")


@pytest.fixture
def stories(ingest):
    assert not ingest(SEEDS).failed
    return {a.file_name[:3]: a for a in Article.objects.all()}


def stale(article, **values):
    """The story as an older version of the rules left it."""
    Article.objects.filter(pk=article.pk).update(**values)
    article.refresh_from_db()
    return article


def test_reextract_dry_run_reports_changes_and_writes_nothing(stories):
    article = stale(stories["004"], title="旧规则的标题", found_by={})
    result = run_command("reextract", "--dry-run")
    assert not result.failed, result.err
    assert "5 stories read, 1 would change, 0 failed" in result.out
    assert "title: 1" in result.out
    article.refresh_from_db()
    assert article.title == "旧规则的标题"


def test_reextract_brings_stored_stories_up_to_the_rules_and_keeps_edits(stories):
    renamed = stale(stories["004"], title="旧规则的标题", found_by={})
    edited = stale(stories["003"], title="编辑改过的标题", edited_fields=["title"])
    result = run_command("reextract")
    assert not result.failed, result.err
    assert "5 stories read, 1 changed" in result.out
    renamed.refresh_from_db()
    edited.refresh_from_db()
    assert renamed.title.startswith("戰“疫”一線黨旗飄揚") and renamed.found_by["source"] == "label line"
    assert edited.title == "编辑改过的标题"


def test_reextract_of_chosen_stories_only(stories):
    first = stale(stories["004"], title="旧一")
    second = stale(stories["000"], title="旧二")
    assert not run_command("reextract", str(first.pk)).failed
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.title != "旧一" and second.title == "旧二"


def test_api_record_says_how_each_field_was_found_and_why_review(client, stories):
    record = client.get(f"/api/articles/{stories['001'].pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert record["found_by"]["title"] == "first line"
    assert record["needs_review"] is True
    assert record["review_reasons"] == [
        {
            "code": "date_without_year",
            "field": "date",
            "value": "03.05",
            "message": "The date 03.05 has no year; give the year if the page shows it.",
        }
    ]


@pytest.mark.parametrize(
    "language, words",
    [
        ("zh-hans", ["报道", "需要审核", "日期 03.05 没有年份", "字段的发现方式", "第一行"]),
        ("zh-hant", ["報道", "需要審核", "日期 03.05 沒有年份", "字段的發現方式", "第一行"]),
    ],
)
def test_admin_speaks_the_editors_language(client, stories, language, words):
    client.force_login(User.objects.create_superuser("editor", "e@example.org", "pw"))
    client.cookies["django_language"] = language
    page = client.get(f"/admin/archive/article/{stories['001'].pk}/change/").content.decode()
    for word in words:
        assert word in page, word


def test_story_page_says_how_each_field_was_found(client, stories):
    page = client.get(f"/articles/{stories['004'].pk}/").content.decode()
    assert 'id="found-by"' in page and "标注行（来源:、时间:）" in page
