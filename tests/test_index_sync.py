"""The index follows the database: edits and deletes show in search without a rebuild, and
no update is lost to Whoosh's single-writer lock (the tests marked whoosh: make test runs them
where Whoosh is the engine)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from whoosh import index
from whoosh.index import LockError

from archive.models import Article, Region
from search.engine import engine
from search.indexing import article_index, backend, deferred, enqueue, flush, live_articles, pending_count
from tests.conftest import SEEDS, run_command

pytestmark = pytest.mark.usefixtures("committed_db")


def search(client, **params):
    return client.get("/api/search", params).json()


@pytest.fixture
def stories(ingest):
    assert not ingest(SEEDS).failed
    return {a.file_name[:3]: a for a in Article.objects.all()}


def test_edit_shows_in_search_at_once(client, stories):
    article = stories["002"]
    article.title = "草莓种植户的故事"
    article.save()
    assert [r["id"] for r in search(client, q="title:草莓种植户")["results"]] == [article.pk]
    assert pending_count() == 0


def test_region_change_shows_in_region_filter(client, stories):
    article = stories["003"]
    article.regions.set([Region.objects.get(adcode="440106")])
    assert [r["id"] for r in search(client, region="440000")["results"]] == [article.pk]
    assert search(client, region="310000")["count"] == 0


def test_delete_and_unpublish_leave_search(client, stories):
    stories["000"].delete()
    stories["001"].published = False
    stories["001"].save()
    assert search(client, q="下沉幹部")["count"] == 1
    assert {r["id"] for r in search(client, q="疫")["results"]} == {stories[k].pk for k in ("002", "003", "004")}


def test_stories_read_for_the_index_give_the_documents_of_whole_stories_in_as_many_queries_for_five_as_for_one(stories):
    index = article_index()
    ids = sorted(article.pk for article in stories.values())

    def prepared(some):
        with CaptureQueriesContext(connection) as queries:
            documents = {article.pk: index.full_prepare(article) for article in live_articles(some)}
        return documents, len(queries)

    (one, queries_for_one), (five, queries_for_five) = prepared(ids[:1]), prepared(ids)
    assert queries_for_one == queries_for_five
    assert five[ids[0]] == one[ids[0]]
    whole = Article.objects.with_provenance().with_cluster_key()
    assert five == {pk: index.full_prepare(whole.get(pk=pk)) for pk in ids}


@pytest.mark.whoosh
def test_locked_index_keeps_updates_queued_until_the_writer_is_free(client, stories, settings):
    settings.SEARCH_WRITER_TIMEOUT = 0.2
    holder = backend().writer()  # another process holding Whoosh's lock
    try:
        article = stories["004"]
        article.title = "龙泉社区纪实"
        article.save()  # the flush after commit finds the index locked
        assert pending_count() > 0
        with pytest.raises(LockError):
            flush()
    finally:
        holder.cancel()
    assert search(client, q="title:龙泉社区纪实")["count"] == 0  # not yet written...
    flush()
    assert pending_count() == 0  # ...and nothing was lost
    assert search(client, q="title:龙泉社区纪实")["count"] == 1


@pytest.mark.whoosh
def test_a_story_queued_many_times_is_written_once(client, stories):
    ids = [stories[key].pk for key in ("000", "001", "002")]
    with deferred():
        for _ in range(3):
            enqueue(ids)  # a cluster's members queued again each time its original changed
    assert flush(commit_every=2) == 3  # two commits, each story in one of them
    assert pending_count() == 0
    with backend().searcher() as searcher:
        assert [len(list(searcher.document_numbers(django_id=str(pk)))) for pk in ids] == [1, 1, 1]


def test_a_flush_told_to_stop_finishes_the_commit_under_way_and_leaves_the_rest_queued(client, stories):
    with deferred():
        enqueue([article.pk for article in stories.values()])
    asked = iter([False, True])  # stop is asked before each commit: the second time, yes
    assert flush(commit_every=2, stop=lambda: next(asked)) == 2
    assert pending_count() == 3
    assert flush() == 3
    assert pending_count() == 0
    assert search(client, q="疫")["count"] == 5  # each written once more, none lost or doubled


def test_check_index_reports_and_repairs_missing_and_stale_documents(client, stories):
    engine().write(article_index(), [stories["000"].pk], [])  # its document removed behind the database's back
    Article.objects.filter(pk=stories["001"].pk).update(title="悄悄改过的标题")  # bypasses signals: stale

    report = run_command("check_index")
    assert report.failed and "missing 1, stale 1, orphaned 0" in report.out
    repaired = run_command("check_index", "--repair")
    assert not repaired.failed
    assert "missing 0, stale 0, orphaned 0" in run_command("check_index").out
    assert search(client, q="title:悄悄改过")["count"] == 1


def test_large_batch_is_written_by_parallel_processes_as_its_own_segment(client, ingest, tmp_path, settings):
    settings.SEARCH_LARGE_BATCH = 3
    settings.SEARCH_WRITER_PROCESSES = 2
    for number in range(8):
        (tmp_path / f"{number}.txt").write_text(
            f"第{number}号标题\n社区新闻正文{number}号。广州市天河区。", encoding="utf-8"
        )
    assert "indexed 8" in ingest(tmp_path).out
    assert search(client, q="社区新闻")["count"] == 8
    assert search(client, q="正文5号")["count"] == 1
    assert search(client, region="440106")["count"] == 8


@pytest.mark.whoosh
def test_ingest_with_the_index_locked_stores_stories_and_says_how_to_finish(client, ingest, settings):
    settings.SEARCH_WRITER_TIMEOUT = 0.2
    holder = backend().writer()
    try:
        result = ingest(SEEDS)
    finally:
        holder.cancel()
    assert result.failed and "check_index --repair" in result.err and "Traceback" not in result.err
    assert Article.objects.count() == 5 and pending_count() > 0
    assert not run_command("check_index", "--repair").failed
    assert pending_count() == 0 and search(client, q="疫")["count"] == 5


@pytest.mark.whoosh
def test_check_index_rebuilds_an_index_written_by_another_version(client, stories):
    engine = backend()
    older = engine.schema.copy()
    older.remove("characters")
    older.remove("title_characters")
    index.create_in(engine.path, older)  # the layout of an index before the characters fields
    assert not engine.layout_is_current()
    report = run_command("check_index")
    assert report.failed and "another version" in report.err and "--repair" in report.err
    repaired = run_command("check_index", "--repair")
    assert not repaired.failed and "repaired: 5 documents rewritten" in repaired.out
    assert engine.layout_is_current()
    assert "missing 0, stale 0, orphaned 0" in run_command("check_index").out
    assert search(client, q="疫")["count"] == 5


@pytest.mark.whoosh
def test_ingest_into_an_index_of_another_version_stores_queues_and_says_to_rebuild(client, ingest, tmp_path):
    engine = backend()
    engine.ready()
    older = engine.schema.copy()
    older.remove("characters")
    index.create_in(engine.path, older)
    (tmp_path / "story.txt").write_text("新标题\n社区新闻正文。", encoding="utf-8")
    result = ingest(tmp_path)
    assert result.failed and "another version" in result.err and "check_index --repair" in result.err
    assert Article.objects.count() == 1 and pending_count() == 1
    assert not run_command("check_index", "--repair").failed
    assert search(client, q="社区新闻")["count"] == 1 and pending_count() == 0  # the rebuild settled the queue


def test_a_search_without_words_finds_every_live_story_after_edits_and_deletes(client, stories):
    stories["002"].title = "草莓种植户的故事"
    stories["002"].save()  # its old document is deleted in the index
    stories["000"].delete()
    found = search(client, page_size=50)
    assert found["count"] == Article.objects.count() == 4
    assert {r["id"] for r in found["results"]} == set(Article.objects.values_list("pk", flat=True))


def test_postings_decoded_before_a_delete_do_not_bring_the_deleted_story_back(client, stories):
    before = {r["id"] for r in search(client, q="疫")["results"]}  # decoded and kept for the next search
    deleted = stories["003"].pk
    stories["003"].delete()
    assert deleted in before
    assert {r["id"] for r in search(client, q="疫")["results"]} == before - {deleted}


def test_rebuild_index_writes_every_published_story_from_nothing(client, stories):
    stories["001"].published = False
    stories["001"].save()
    engine().clear()
    assert search(client, q="疫")["count"] == 0
    result = run_command("rebuild_index")
    assert not result.failed and "4 stories indexed" in result.out
    assert search(client, q="疫")["count"] == 4
    assert "missing 0, stale 0, orphaned 0" in run_command("check_index").out


@pytest.mark.whoosh
def test_rebuild_index_for_solr_without_solr_url_says_what_to_set(stories):
    result = run_command("rebuild_index", "--engine", "solr")
    assert result.failed and "solr index cannot be written here" in result.err and "set SOLR_URL" in result.err
    assert "Traceback" not in result.err
