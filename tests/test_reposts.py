"""Repost clusters: a repost (other header and footer, other script, a keyword block, cut
short) joins its original's cluster at ingest; stories from one template never do; the
earliest dated story is the original; the API, export and story page show the cluster, and
`manage.py cluster --rebuild` builds the same clusters again."""

import contextlib
import re
import sqlite3

import numpy as np
import pytest

from archive import clusters
from archive.models import Article, RepostBands, RepostFingerprint
from archive.repost_bands import BandIndex
from archive.reposts import (
    KEEP_ALL,
    SAMPLED_BELOW,
    Fingerprint,
    changes,
    fingerprint,
    fold,
    minhash,
    resemblance,
    resemblance_of,
    shingle_hashes,
)
from archive.text import to_traditional
from tests import servers
from tests.conftest import run_command

STORY = (
    "8月5日，济南市历下区环卫工人王师傅在清扫路面时捡到一个钱包，里面有现金两千余元和多张银行卡。"
    "王师傅第一时间联系了社区民警，经过多方查找，终于在当天下午找到了失主李女士。"
    "李女士激动地说，钱包里有她刚取出来给孩子交学费的钱，没想到这么快就找回来了。"
    "她特意送来一面锦旗，感谢王师傅拾金不昧的好品质。历下区环卫中心表示，将对王师傅进行表彰。"
    "据了解，今年以来，历下区环卫工人已经累计拾到并归还各类财物三十余件。"
)
POLICE = (
    "{d}，{city}公安局{district}分局接到群众报警，称某小区发生一起盗窃案件。接警后，民警迅速赶到现场，"
    "经过{n}天的连续工作，于{d2}将犯罪嫌疑人{name}抓获。经审讯，{name}对其盗窃的犯罪事实供认不讳。"
    "目前，{name}已被依法刑事拘留，案件正在进一步办理中。警方提醒广大市民提高防范意识。"
)


def write(folder, name, title, date, body, source="齐鲁网"):
    (folder / name).write_text(f"{title}\n{date} 来源：{source}\n{body}\n", encoding="utf-8")


# The cluster's story files (name: title, date, body, source): an original, a repost in the other
# script with a site's header and footer, one padded with keywords, two notices from one
# template, and an earlier run of the original that takes the cluster over.
FILES = {
    "a_original.txt": ("环卫工人拾金不昧", "2021-08-06", STORY, "齐鲁网"),
    "b_repost.txt": (
        "【转载】济南环卫工捡到钱包",
        "2021-08-07",
        to_traditional("当前位置：首页 > 社会新闻\n" + STORY + "\n點擊上方藍字關注我們，獲取更多資訊。"),
        "今日头条",
    ),
    "c_keywords.txt": (
        "环卫工拾金不昧 减肥 美白",
        "2021-08-09",
        STORY[:200] + "减肥美白理财股票医院整形减肥美白理财股票。" + STORY[200:],
        "某某资讯",
    ),
    "d_template1.txt": (
        "济南警方破获盗窃案",
        "2021-08-06",
        POLICE.format(d="3月2日", city="济南市", district="历下", n=3, d2="3月5日", name="王某"),
        "齐鲁网",
    ),
    "e_template2.txt": (
        "青岛警方破获盗窃案",
        "2021-08-06",
        POLICE.format(d="4月9日", city="青岛市", district="市南", n=5, d2="4月14日", name="刘某某"),
        "齐鲁网",
    ),
    "f_first.txt": ("环卫工人拾金不昧（首发）", "2021-08-05", STORY, "济南日报"),
}


def write_files(folder, *names):
    for name in names:
        title, date, body, source = FILES[name]
        write(folder, name, title, date, body, source)


def test_a_repost_resembles_its_original_and_a_template_notice_does_not():
    framed = (
        "当前位置：首页 > 社会\n"
        + STORY[:150]
        + "减肥美白理财股票医院整形减肥美白理财股票"
        + STORY[150:]
        + "\n点击上方蓝字关注我们"
    )
    assert resemblance(STORY, framed) >= 0.9
    assert resemblance(STORY, to_traditional(STORY[:120])) >= 0.9
    one = POLICE.format(d="3月2日", city="济南市", district="历下", n=3, d2="3月5日", name="王某")
    other = POLICE.format(d="4月9日", city="青岛市", district="市南", n=5, d2="4月14日", name="刘某某")
    assert resemblance(one, other) is None


@pytest.mark.parametrize("shared", [0.3, 0.5, 0.8])
def test_one_permutation_minhash_agrees_in_about_as_many_values_as_the_sets_resemble(shared):
    apart = round(1000 / shared - 1000) // 2  # 1,000 shared hashes and this many in each set alone
    hashes = np.random.default_rng(5).choice(2**32, 1000 + 2 * apart, replace=False).astype(np.uint32)
    common, only_one, only_other = np.split(hashes, [1000, 1000 + apart])
    agreeing = np.mean(minhash(np.concatenate([common, only_one])) == minhash(np.concatenate([common, only_other])))
    assert abs(agreeing - shared) < 0.12


def test_a_text_shorter_than_its_bins_still_has_a_signature_of_its_own():
    short, other = minhash(shingle_hashes("环卫工人拾金不昧")), minhash(shingle_hashes("警方破获盗窃案件"))
    assert len(set(short.tolist())) > 1 and not np.array_equal(short, other)
    assert np.array_equal(short, minhash(shingle_hashes("环卫工人拾金不昧")))


def test_changes_name_the_sentences_a_repost_added_and_dropped():
    assert changes(
        "甲句说了一件事。乙句说了另一件事。丙句收尾了。", "甲句说了一件事。丙句收尾了。广告：欢迎来电咨询。"
    ) == [("removed", [("removed", "乙句说了另一件事。")]), ("added", [("added", "广告：欢迎来电咨询。")])]


def long_story(seed, sentences=150):
    """A made-up story of about 3,000 characters, its sentences ending in 。."""
    rng = np.random.default_rng(seed)
    return "".join("".join(chr(c) for c in rng.integers(0x4E00, 0x9FA5, 20)) + "。" for _ in range(sentences))


def test_a_long_story_keeps_an_eighth_of_its_shingles_and_still_tells_its_repost_from_another_story():
    story = long_story(1)
    kept = fingerprint(story).shingles
    whole = shingle_hashes(fold(story))
    assert len(whole) > KEEP_ALL and 0.09 < len(kept) / len(whole) < 0.16 and kept.max() < SAMPLED_BELOW
    repost = (
        "当前位置：首页 > 社会新闻\n"
        + story[:2000]
        + "减肥美白理财股票医院整形。"
        + story[2000:2600]
        + "\n点击关注我们"
    )
    assert resemblance(story, repost) >= 0.8
    assert resemblance(story, long_story(2)) is None


def test_a_short_story_keeps_every_shingle_and_is_found_inside_a_long_one():
    story = long_story(3)
    start = story[:200]  # 196 shingles: kept whole
    assert np.array_equal(fingerprint(start).shingles, shingle_hashes(fold(start)))
    assert resemblance(start, story) >= 0.8 and resemblance(STORY[:60], STORY) >= 0.8


def test_a_fingerprint_stored_whole_before_sampling_compares_as_a_sampled_one():
    story, repost = long_story(4), long_story(4)[:2400] + long_story(5, sentences=20)
    whole = fingerprint(story)
    whole = Fingerprint(whole.bands, shingle_hashes(fold(story)), whole.sentences)
    assert resemblance_of(whole, fingerprint(repost)) == resemblance_of(fingerprint(story), fingerprint(repost)) >= 0.6


def with_bands(kept, keys):
    """A stored story's fingerprint with other band keys: which candidates share most bands, set by hand."""
    return Fingerprint(keys, kept.shingles, kept.sentences)


def test_a_cluster_is_joined_through_a_later_member_when_the_one_sharing_most_bands_does_not_resemble(db):
    new, other = fingerprint(long_story(6)), fingerprint(long_story(7))
    original, unlike, like = Article.objects.bulk_create(
        Article(pk=pk, file_name=f"{pk}.txt", text_sha256=f"{pk:064x}", sha256=f"{pk:064x}") for pk in (1, 2, 3)
    )
    Article.objects.filter(pk__in=[2, 3]).update(repost_of=original)
    bands = BandIndex()
    for story, kept, keys in (
        (original, other, other.bands),
        (unlike, other, new.bands),
        (like, new, np.concatenate([new.bands[:10], other.bands[10:]])),
    ):
        clusters.keep(story, with_bands(kept, keys), bands)
    article = Article(file_name="new.txt")
    assert clusters.place(article, new, bands) is None
    assert article.repost_of_id == original.pk and article.resemblance == 1.0


def with_last_sentences_changed(story, count):
    """The story with its last `count` sentences (21 characters each) those of another."""
    return story[: len(story) - 21 * count] + long_story(9)[: 21 * count]


@pytest.mark.parametrize("changed, joins", [(5, "the first"), (12, "the closer")])
def test_a_story_joins_the_cluster_it_nearly_repeats_first_else_the_one_it_resembles_most(db, changed, joins):
    """Two clusters of one story each: the first shares every band with the new story and holds
    it with some sentences changed, the second shares fewer bands and holds it whole. Nearly
    the same (5 of 150 sentences changed: 0.97) joins the first at once; less alike (12: 0.934)
    compares both and joins the closer."""
    new = fingerprint(long_story(6))
    first, closer = Article.objects.bulk_create(
        Article(pk=pk, file_name=f"{pk}.txt", text_sha256=f"{pk:064x}", sha256=f"{pk:064x}") for pk in (1, 2)
    )
    bands = BandIndex()
    clusters.keep(first, with_bands(fingerprint(with_last_sentences_changed(long_story(6), changed)), new.bands), bands)
    clusters.keep(
        closer, with_bands(new, np.concatenate([new.bands[:10], fingerprint(long_story(7)).bands[10:]])), bands
    )
    article = Article(file_name="new.txt")
    assert clusters.place(article, new, bands) is None
    expected = {"the first": (first.pk, 0.97), "the closer": (closer.pk, 1.0)}[joins]
    assert (article.repost_of_id, article.resemblance) == expected


def test_manage_py_ingest_on_its_own_database_clusters_reposts_within_one_run_and_across_runs(tmp_path):
    """As deployed: a file database, worker processes preparing the stories, two ingests."""
    env = servers.environment(
        tmp_path / "archive", INGEST_PROCESSES="2", DJANGO_DEBUG="false", DJANGO_SECRET_KEY="test"
    )
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    write_files(first, "a_original.txt", "b_repost.txt", "d_template1.txt")  # b: found among the run's own stories
    write_files(second, "e_template2.txt", "f_first.txt")  # f: among the stories stored before the run
    for command in (["migrate"], ["ingest", str(first)], ["ingest", str(second)]):
        done = servers.manage(env, *command)
        assert done.returncode == 0, done.stderr
    with contextlib.closing(sqlite3.connect(tmp_path / "archive" / "archive.sqlite3")) as database:
        rows = database.execute(
            "SELECT story.file_name, original.file_name FROM archive_article story "
            "LEFT JOIN archive_article original ON original.id = story.repost_of_id"
        ).fetchall()
    assert dict(rows) == {
        "a_original.txt": "f_first.txt",
        "b_repost.txt": "f_first.txt",
        "f_first.txt": None,
        "d_template1.txt": None,
        "e_template2.txt": None,
    }


@pytest.fixture
def cluster(ingest, tmp_path):
    write_files(tmp_path, "a_original.txt", "b_repost.txt", "c_keywords.txt", "d_template1.txt", "e_template2.txt")
    assert not ingest(tmp_path).failed
    return {a.file_name[0]: a for a in Article.objects.all()}


def test_reposts_join_their_original_at_ingest_and_template_stories_stay_apart(cluster):
    assert cluster["a"].repost_of_id is None
    assert cluster["b"].repost_of_id == cluster["a"].pk and cluster["c"].repost_of_id == cluster["a"].pk
    assert cluster["b"].resemblance >= 0.9
    assert cluster["d"].repost_of_id is None and cluster["e"].repost_of_id is None
    assert cluster["a"].cluster_size() == 3 and cluster["d"].cluster_size() == 1


def test_an_earlier_story_ingested_later_becomes_the_original(cluster, ingest, tmp_path):
    write_files(tmp_path, "f_first.txt")
    assert not ingest(tmp_path / "f_first.txt").failed
    first = Article.objects.get(file_name="f_first.txt")
    assert first.repost_of_id is None
    assert set(Article.objects.filter(repost_of=first).values_list("file_name", flat=True)) == {
        "a_original.txt",
        "b_repost.txt",
        "c_keywords.txt",
    }


def test_an_earlier_story_taking_over_rewrites_two_index_documents_and_search_shows_it_first(
    client, cluster, ingest, tmp_path
):
    write_files(tmp_path, "f_first.txt")
    result = ingest(tmp_path / "f_first.txt")
    assert "indexed 2 " in result.out  # the new original and the old one, not the whole cluster
    body = client.get("/api/search", {"q": "拾金不昧", "collapse": "reposts"}).json()
    assert body["count"] == 4 and body["clusters"] == 1
    assert body["results"][0]["id"] == Article.objects.get(file_name="f_first.txt").pk
    assert {v["value"]: v["count"] for v in body["facets"]["reposts"]} == {"originals": 1, "reposts": 3}


def test_splitting_out_the_story_a_cluster_is_known_by_keeps_search_grouping_right(
    committed_db, client, staff, cluster, ingest, tmp_path
):
    write_files(tmp_path, "f_first.txt")
    assert not ingest(tmp_path / "f_first.txt").failed  # a (the first stored) is a repost of f now
    staff.post("/admin/archive/article/", {"action": "split_from_cluster", "_selected_action": [cluster["a"].pk]})
    body = client.get("/api/search", {"q": "拾金不昧", "collapse": "reposts"}).json()
    assert body["count"] == 4 and body["clusters"] == 2
    assert {r["id"] for r in body["results"]} == {cluster["a"].pk, Article.objects.get(file_name="f_first.txt").pk}


def test_an_archive_whose_fingerprints_were_forgotten_is_told_to_cluster_and_cluster_gives_them_back(
    cluster, ingest, tmp_path
):
    RepostBands.objects.all().delete()  # as migration 0007 leaves an archive fingerprinted the old way
    RepostFingerprint.objects.all().delete()
    write(
        tmp_path,
        "g_other.txt",
        "另一件事",
        "2021-09-01",
        "济南市历下区今天举行了一场马拉松比赛，共有三千多名选手参加。" * 3,
    )
    result = ingest(tmp_path / "g_other.txt")
    assert "5 stored stories have no repost fingerprint yet" in result.out and "manage.py cluster" in result.out
    assert "clustered 5 stories" in run_command("cluster").out
    write(tmp_path, "g_late.txt", "环卫工拾金不昧（转）", "2021-08-10", "【转载】" + STORY, source="网易新闻")
    result = ingest(tmp_path / "g_late.txt")
    assert "no repost fingerprint" not in result.out
    assert Article.objects.get(file_name="g_late.txt").repost_of_id == cluster["a"].pk


def test_an_ingest_without_clustering_leaves_its_reposts_for_manage_py_cluster_to_group(cluster, tmp_path):
    write(tmp_path, "h_late.txt", "环卫工拾金不昧（转）", "2021-08-10", "【转载】" + STORY, source="网易新闻")
    result = run_command("ingest", "--no-cluster", str(tmp_path / "h_late.txt"))
    late = Article.objects.get(file_name="h_late.txt")
    assert (
        not result.failed and late.repost_of_id is None and not RepostFingerprint.objects.filter(article=late).exists()
    )
    assert "1 stored stories have no repost fingerprint yet" in result.out and "manage.py cluster" in result.out
    assert "clustered 1 stories; 1 joined" in run_command("cluster").out
    late.refresh_from_db()
    assert late.repost_of_id == cluster["a"].pk


def test_api_export_and_story_page_show_the_cluster(client, cluster):
    record = client.get(f"/api/articles/{cluster['c'].pk}").json()
    assert record["repost_of"] == cluster["a"].pk and record["cluster_size"] == 3 and record["resemblance"] >= 0.9
    assert client.get(f"/api/articles/{cluster['a'].pk}").json()["repost_of"] is None
    html = client.get(f"/articles/{cluster['a'].pk}/").content.decode()
    assert 'id="elsewhere"' in html and "今日头条" in html and "某某资讯" in html
    assert re.search(
        r'<span class="changed">± [^<]*<ins>减肥美白理财股票医院整形减肥美白理财股票</ins>。</span>', html
    ), html[html.find("elsewhere") :][:1500]


def test_cluster_rebuild_makes_the_same_clusters(cluster):
    before = dict(Article.objects.values_list("file_name", "repost_of__file_name"))
    result = run_command("cluster", "--rebuild")
    assert not result.failed and "clustered 5 stories; 2 joined" in result.out
    assert dict(Article.objects.values_list("file_name", "repost_of__file_name")) == before


def test_search_collapses_reposts_to_their_original_with_who_else_ran_it(client, cluster):
    body = client.get("/api/search", {"q": "拾金不昧", "collapse": "reposts"}).json()
    assert body["count"] == 3 and body["clusters"] == 1
    [row] = body["results"]
    assert row["id"] == cluster["a"].pk
    assert row["also_run_by"]["count"] == 2 and row["also_run_by"]["sources"] == ["今日头条", "某某资讯"]
    assert {v["value"]: v["count"] for v in body["facets"]["reposts"]} == {"originals": 1, "reposts": 2}


def test_without_collapse_every_repost_is_a_row_and_the_reposts_facet_filters(client, cluster):
    assert client.get("/api/search", {"q": "拾金不昧"}).json()["count"] == 3
    assert len(client.get("/api/search", {"q": "拾金不昧"}).json()["results"]) == 3
    only = client.get("/api/search", {"q": "拾金不昧", "reposts": "reposts"}).json()
    assert sorted(r["id"] for r in only["results"]) == sorted([cluster["b"].pk, cluster["c"].pk])
    assert client.get("/api/search", {"reposts": "copies"}).status_code == 400
    assert client.get("/api/search", {"collapse": "sites"}).status_code == 400


def test_the_search_page_groups_reposts_by_default_and_its_json_twin_agrees(client, cluster):
    html = client.get("/search/", {"q": "拾金不昧"}).content.decode()
    assert html.count('class="hit"') == 1 and 'class="also-run-by"' in html and "今日头条" in html
    assert client.get("/search/", {"q": "拾金不昧", "format": "json"}).json()["clusters"] == 1
    ungrouped = client.get("/search/", {"q": "拾金不昧", "collapse": "none"}).content.decode()
    assert ungrouped.count('class="hit"') == 3


@pytest.fixture
def staff(db, client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("archivist", "a@example.org", "pw"))
    return client


def test_a_story_split_out_in_the_admin_stays_out_through_reclustering(staff, cluster):
    staff.post("/admin/archive/article/", {"action": "split_from_cluster", "_selected_action": [cluster["c"].pk]})
    run_command("cluster", "--rebuild")
    assert Article.objects.get(pk=cluster["c"].pk).repost_of_id is None
    assert Article.objects.get(pk=cluster["b"].pk).repost_of_id == cluster["a"].pk
    assert Article.objects.get(pk=cluster["a"].pk).cluster_size() == 2


def test_splitting_an_original_leaves_its_reposts_together(staff, cluster):
    staff.post("/admin/archive/article/", {"action": "split_from_cluster", "_selected_action": [cluster["a"].pk]})
    assert Article.objects.get(pk=cluster["b"].pk).repost_of_id is None
    assert Article.objects.get(pk=cluster["c"].pk).repost_of_id == cluster["b"].pk


def test_deleting_an_original_in_the_admin_leaves_its_reposts_one_cluster_that_search_shows(
    committed_db, client, staff, cluster
):
    response = staff.post(f"/admin/archive/article/{cluster['a'].pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Article.objects.filter(pk=cluster["a"].pk).exists()
    assert Article.objects.get(pk=cluster["b"].pk).repost_of_id is None
    assert Article.objects.get(pk=cluster["c"].pk).repost_of_id == cluster["b"].pk
    body = client.get("/api/search", {"q": "拾金不昧", "collapse": "reposts"}).json()
    assert body["count"] == 2 and body["clusters"] == 1 and body["results"][0]["id"] == cluster["b"].pk


def test_a_story_joined_to_a_cluster_in_the_admin_stays_joined(cluster):
    template = cluster["d"]
    template.repost_of = cluster["a"]
    template.edited_fields = ["repost_of"]  # what the admin's form does when a person sets it
    template.save()
    run_command("cluster", "--rebuild")
    assert Article.objects.get(pk=template.pk).repost_of_id == cluster["a"].pk
