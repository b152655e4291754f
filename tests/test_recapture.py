"""manage.py recapture against a real local site whose pages change between two visits: the same
text is one more capture, changed text a new version, a removal (404, 410, 451, a redirect to the
front page or a section, a page saying the story is gone, in either script) a capture with why and
the story's status, a story that comes back restored; a timeout or a 5xx is no removal."""

import pytest

from archive.models import Article, Capture
from tests.changing_site import NOTICES, Answer, changing_site
from tests.conftest import run_command
from tests.warcs import page

STORY = (
    "房山区窦店镇的社区干部坚守岗位两天，守护居民健康。\n"
    "房山区各街道设立检查点，居民纷纷点赞。\n"
    "区卫生健康委表示，将继续做好防控工作，确保居民生活物资供应充足。"
)
STORIES = {
    f"/a/2024/05/{number}.html": (f"房山区新闻{number}号", STORY.replace("房山区", f"第{number}社区"))
    for number in range(10001, 10013)
}


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def site(db):
    """The site with STORIES captured once (each a story of the archive)."""
    with changing_site() as site:
        for path, (title, text) in STORIES.items():
            site.answers[path] = Answer(200, page(title, text))
        result = run_command("capture", "--delay", "0", "--timeout", "5", *map(site.url, STORIES))
        assert not result.failed, result.err
        assert Article.objects.count() == len(STORIES)
        yield site


def story_at(site, path):
    """The story first captured at this address (read again: its status is current)."""
    return Capture.objects.filter(original_url=site.url(path)).earliest("id").article


def recapture(*args):
    return run_command("recapture", "--delay", "0", "--timeout", "1", *args)


def plant(site, path, answer):
    site.answers[path] = answer


def test_the_same_page_is_one_more_capture_and_a_changed_one_a_new_version(site):
    paths = list(STORIES)
    title, text = STORIES[paths[1]]
    plant(site, paths[1], Answer(200, page(title, text.replace("两天", "一天半"))))
    result = recapture()
    assert not result.failed, result.err
    assert "still there 11, changed 1, missing 0" in result.out
    same, changed = story_at(site, paths[0]), story_at(site, paths[1])
    assert same.captures.count() == 2 and same.versions.count() == 1 and same.status == Article.PRESENT
    assert changed.versions.count() == 2 and changed.status == Article.ALTERED
    assert "一天半" in changed.body_clean


@pytest.mark.parametrize(
    "answer, why",
    [
        (Answer(404, page("404", "Not Found")), "HTTP 404"),
        (Answer(410, b"gone"), "HTTP 410"),
        (Answer(451, b"unavailable for legal reasons"), "HTTP 451"),
        (Answer(302, location="/"), "the site's front page"),
        (Answer(301, location="/news/"), "a section page"),
        (Answer(200, NOTICES["simplified"]), "页面不存在"),
        (Answer(200, NOTICES["traditional"]), "内容已被删除"),
        (Answer(302, location="/gone.html"), "HTTP 404"),
    ],
)
def test_a_story_gone_from_its_address_is_marked_removed_with_what_was_seen(site, answer, why):
    path = list(STORIES)[0]
    story = story_at(site, path)
    plant(site, path, answer)
    result = recapture(str(story.pk))
    assert not result.failed, result.err
    missing = Capture.objects.get(article=story, original_url=site.url(path), version=None)
    assert why in missing.missing
    assert missing.http_status == answer.status and missing.payload == answer.body
    story.refresh_from_db()
    assert story.status == Article.REMOVED and story.status_changed_at is not None
    assert story.versions.count() == 1  # the notice page is not a version of the story
    assert "now removed 1" in result.out


def test_a_page_that_quotes_a_deletion_notice_but_holds_the_story_is_still_there(site):
    path = list(STORIES)[2]
    title, text = STORIES[path]
    plant(site, path, Answer(200, page(title, text + "\n（网友评论：该评论已被删除）")))
    recapture()
    story = story_at(site, path)
    assert not story.captures.exclude(missing="").exists()
    assert story.status == Article.ALTERED  # its text did change: one line more


@pytest.mark.parametrize(
    "answer",
    [Answer(500, b"server error"), Answer(503, b"busy"), Answer(403, b"forbidden"), Answer(200, b"", stall=2.5)],
    ids=["500", "503", "403", "timeout"],
)
def test_a_failed_fetch_is_no_removal_and_is_tried_first_next_time(site, answer):
    path = list(STORIES)[3]
    story = story_at(site, path)
    plant(site, path, answer)
    result = recapture()
    assert "failed 1" in result.out and "tried again first next time" in result.out
    assert not Capture.objects.exclude(missing="").exists()
    story.refresh_from_db()
    assert story.status == Article.PRESENT
    plant(site, path, Answer(200, page(*STORIES[path])))
    again = recapture("--limit", "1")
    assert "checked 1 addresses of 1 stories: still there 1" in again.out
    assert story.captures.filter(missing="").count() == 2


def test_a_story_that_comes_back_is_restored(site):
    path = list(STORIES)[4]
    story = story_at(site, path)
    plant(site, path, Answer(404, b"not found"))
    recapture(str(story.pk))
    story.refresh_from_db()
    assert story.status == Article.REMOVED
    plant(site, path, Answer(200, page(*STORIES[path])))
    result = recapture(str(story.pk))
    story.refresh_from_db()
    assert story.status == Article.RESTORED and "now restored 1" in result.out


def test_an_unreachable_host_is_counted_as_failed(db, site):
    story = story_at(site, list(STORIES)[5])
    site.shutdown()
    site.server_close()
    result = recapture(str(story.pk))
    assert "failed 1" in result.out
    story.refresh_from_db()
    assert story.status == Article.PRESENT


def test_site_older_than_and_limit_choose_the_addresses(site):
    assert "checked 3 addresses of 3 stories" in recapture("--limit", "3").out
    assert "checked 0" not in recapture("--older-than", "1").out
    assert "no stored addresses to check" in recapture("--older-than", "1").out
    assert "no stored addresses to check" in recapture("--site", "elsewhere.example").out
    assert "checked 12 addresses" in recapture("--site", "127.0.0.1").out


def test_bad_arguments_are_named(db):
    assert "--limit must not be negative" in recapture("--limit", "-1").err
    assert "--timeout must be positive" in run_command("recapture", "--timeout", "0").err


def test_stories_with_several_versions_before_statuses_are_altered_by_the_migration(site, transactional_db):
    from django.core.management import call_command

    path = list(STORIES)[6]
    plant(site, path, Answer(200, page(STORIES[path][0], STORIES[path][1] + "\n补充。")))
    recapture()
    story = story_at(site, path)
    Article.objects.update(status=Article.PRESENT)  # as stored before migration 0012
    call_command("migrate", "archive", "0013", verbosity=0)
    call_command("migrate", "archive", verbosity=0)
    assert set(Article.objects.values_list("status", flat=True).distinct()) == {Article.PRESENT, Article.ALTERED}
    story.refresh_from_db()
    assert story.status == Article.ALTERED


def test_a_capture_that_found_the_story_gone_is_not_its_newest_capture(site, client):
    path = list(STORIES)[7]
    story = story_at(site, path)
    plant(site, path, Answer(404, b"not found"))
    recapture(str(story.pk))
    record = client.get(f"/api/articles/{story.pk}").json()
    assert record["status"] == "removed"
    assert record["captured_at"] == record["last_seen_at"]  # where and when the story itself was captured
    assert [c["missing"] for c in record["captures"]] == [None, "HTTP 404"]


def test_a_redirect_to_another_sites_section_is_followed_not_a_removal():
    from archive.removal import redirect_says_gone

    story = "http://news.sina.com.cn/c/2024-05-01/doc-123456.shtml"
    assert redirect_says_gone(story, "http://www.sohu.com.cn/news/") == ""
    assert "section page" in redirect_says_gone(story, "http://news.sina.com.cn/c/")
    assert "front page" in redirect_says_gone(story, "http://www.sina.com.cn/")
