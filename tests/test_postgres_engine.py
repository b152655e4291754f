"""The PostgreSQL engine's own promises (SEARCH_ENGINE=postgres, in make test's PostgreSQL run):
a long story and a term repeated hundreds of times are found exactly, the index changes in the
transaction that changes a story, and rebuild_index moves an archive between engines that then
agree."""
import datetime
import random
import re
import time

import pytest
from django.db import connection, transaction
from django.http import QueryDict

from archive.ingest.pipeline import prepare
from archive.ingest.store import store
from archive.models import Article
from archive.text import normalise
from search.engine import engine
from search.alongside import indexing_alongside
from search.indexing import deferred, flush, pending_count
from search.models import PendingIndexUpdate
from search.params import SearchParams
from search.postgres import postings, schema
from tests.conftest import SEEDS, run_command, whoosh_index_in

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("postgres_engine")]

COMMON = "的一是在不了有和人这中大为上国我以要他时来用们生到作地于出就年分对成会可也你说产主"
REPEATED = "草莓大棚"


@pytest.fixture
def postgres_engine(settings):
    assert settings.SEARCH_ENGINE == "postgres", "run with SEARCH_ENGINE=postgres through tests/with-postgres"


def params_of(q, **filters):
    data = QueryDict(mutable=True)
    data.update({"q": q, "page_size": "100", **filters})
    return SearchParams.from_request(data)


def search(q, **filters):
    return engine().search(params_of(q, **filters))


def postings_of(pk, fields=None):
    """How many postings, current or stale, of these search_posting fields (None: all) hold the story."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT field, data FROM search_posting")
        return sum(int((postings.decode(data, postings.kind_of(field))[1] == pk).sum())
                   for field, data in cursor.fetchall() if fields is None or field in fields)


@pytest.fixture
def long_story(db):
    """A 60,000-character story with one term repeated 1,000 times in its middle, stored and indexed."""
    rng = random.Random(15)
    head = "".join(rng.choice(COMMON) for _ in range(30_000))
    tail = "".join(rng.choice(COMMON) for _ in range(60_000 - 30_000 - len(REPEATED) * 1000))
    body = head + REPEATED * 1000 + tail
    store(prepare("long.txt", f"长篇测试\n{body}\n".encode("utf-8")))
    flush()
    article = Article.objects.get()
    return article.pk, normalise(article.searchable_text())


def test_a_60000_character_story_and_a_term_repeated_1000_times_are_found_exactly(long_story):
    pk, text = long_story
    assert len(text) > 60_000 and text.count(REPEATED) == 1000
    rng = random.Random(60)
    # tsvector's limits (position 16,383; 256 positions of a lexeme) cut nothing here: the text is searched itself
    starts = [rng.randrange(len(text) - 40) for _ in range(40)] + [16_383 - 3, 2 * 16_383 - 10, len(text) - 12]
    for start in starts:
        term = text[start:start + rng.randint(2, 12)].strip()
        if len(term) >= 2:
            assert search(term).ids == [pk], (start, term)
    assert search(REPEATED * 3).ids == [pk]
    assert search(text[-2:]).ids == [pk]  # the story's very end
    assert search("草莓大棚莓").count == 0  # never in the text
    assert search(f"{REPEATED} -{text[-6:]}").count == 0


def test_the_index_changes_in_the_transaction_that_changes_a_story(seeds):
    article = seeds["000"]
    with transaction.atomic():
        article.title = "临时改动的标题一二三"
        article.save()
        assert search("title:临时改动的标题").ids == [article.pk]  # written with the change, not after
        transaction.set_rollback(True)
    assert search("title:临时改动的标题").count == 0  # and gone with it


def test_rebuild_index_moves_an_archive_to_whoosh_and_both_engines_find_and_rank_the_same(seeds, tmp_path):
    queries = [("下沉干部", {}), ("社区 OR 草莓", {}), ("疫", {}), ("title:书记", {}), ("-疫情", {}), ("疫情", {}),
               ("社区 干部", {}), ("的", {"collapse": "reposts"}), ("title:疫情 防控", {}),
               ("title:社区 OR 干部", {}),
               ("", {"year": "2020"}), ("", {"script": "traditional"}), ("区", {"sort": "date"}),
               ("", {"collapse": "reposts"}), ("，", {"sort": "date_asc"})]
    on_postgres = [search(q, **f) for q, f in queries]
    with whoosh_index_in(tmp_path / "whoosh"):
        result = run_command("rebuild_index", "--engine", "whoosh")
        assert not result.failed, result.err
        assert f"whoosh: {Article.objects.count()} stories indexed" in result.out
        whoosh = engine("whoosh")
        for (q, filters), found in zip(queries, on_postgres):
            params = params_of(q, **filters)
            on_whoosh = whoosh.search(params)
            assert (on_whoosh.count, on_whoosh.clusters, on_whoosh.counters, on_whoosh.months) == (
                found.count, found.clusters, found.counters, found.months), q
            assert on_whoosh.ids == found.ids, q
            assert whoosh.matching_ids(params) == engine().matching_ids(params), q


def test_rebuild_index_rebuilds_the_postgres_index_from_the_database(seeds):
    before = search("下沉干部")
    engine().clear()
    assert search("下沉干部").count == 0 < before.count
    result = run_command("rebuild_index")
    assert not result.failed, result.err
    assert search("下沉干部") == before
    assert run_command("check_index").out.startswith("missing 0, stale 0, orphaned 0")


def test_a_term_repeating_one_pair_hundreds_of_times_is_found_on_every_endpoint(client, db):
    store(prepare("laughter.txt", f"笑声\n{'哈' * 400}\n".encode("utf-8")))
    flush()
    for path in ("/api/search", "/search/", "/api/export"):
        assert client.get(path, {"q": "哈" * 300}).status_code == 200, path
    assert client.get("/api/search", {"q": "哈" * 300}).json()["count"] == 1
    assert client.get("/api/search", {"q": "哈" * 401}).json()["count"] == 0


def test_relevance_pages_of_equally_ranked_stories_hold_each_story_once_lowest_id_first(db):
    for number in range(30):  # 草莓 twice in each body: the same rank
        store(prepare(f"tie-{number}.txt", f"第{number}号通报\n大棚草莓今年丰收，草莓价格{number}元。\n".encode("utf-8")))
    flush()
    pages = [search("草莓", page_size="7", page=str(page)).ids for page in range(1, 6)]
    shown = [pk for page in pages for pk in page]
    assert len(shown) == 30 and shown == sorted(Article.objects.values_list("pk", flat=True))


def test_edits_merge_crowded_buckets_of_words_and_grams_and_rank_as_a_freshly_written_index(seeds):
    article = seeds["003"]
    edits = postings.MERGE_AT + 3
    for number in range(edits):  # each save writes the story's postings again
        article.title = f"临时书记第{number}次当起大家长"
        article.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT field, max(rows) FROM (SELECT field, count(*) AS rows FROM search_posting "
                       "GROUP BY field, bucket) b GROUP BY field")
        crowded = dict(cursor.fetchall())
    assert set(crowded) == {schema.TEXT, schema.TITLE, *schema.GRAM_FIELDS.values()}
    assert max(crowded.values()) <= postings.MERGE_AT
    held = postings_of(article.pk)
    queries = ["临时书记", "大家长 OR 社区", "title:书记", "疫情", "的"]
    before = [search(q).ids for q in queries]
    assert not run_command("rebuild_index").failed
    fresh = postings_of(article.pk)
    assert [search(q).ids for q in queries] == before
    assert fresh < held < fresh * edits  # merged buckets dropped their stale postings


def test_an_ingest_writes_each_story_to_the_index_once_alongside_its_storing_or_at_its_end(committed_db, settings):
    settings.SEARCH_INDEX_ALONGSIDE = 3  # whole commits of three stories (how many come while storing: timing)
    result = run_command("ingest", str(SEEDS))
    assert not result.failed, result.err
    alongside = re.search(r"indexed (\d+) while storing", result.out)
    at_end = re.search(r"indexed (\d+) in", result.out)
    assert sum(int(m.group(1)) for m in (alongside, at_end) if m) == 5, result.out
    assert PendingIndexUpdate.objects.count() == 0
    assert sorted(engine().indexed_versions()) == sorted(Article.objects.values_list("pk", flat=True))
    for article in Article.objects.all():
        assert article.pk in search(f'title:"{normalise(article.title)[:6]}"').ids


def test_indexing_alongside_writes_only_whole_commits_while_its_block_runs_and_none_after(committed_db, settings):
    settings.SEARCH_INDEX_ALONGSIDE = 3
    with deferred(), indexing_alongside() as written:
        for path in sorted(SEEDS.glob("*.txt")):
            store(prepare(path.name, path.read_bytes()))
        deadline = time.monotonic() + 60
        while written.value < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert written.value == 3
        assert pending_count() == 2  # two stories are less than a commit: left for the ingest's flush
    assert written.value == 3
    assert flush() == 2
    assert sorted(engine().indexed_versions()) == sorted(Article.objects.values_list("pk", flat=True))


def test_characters_beyond_the_basic_plane_are_grams_of_their_own_found_alone_and_in_pairs(db):
    pk = store(prepare("rare.txt", "𡈼𠀀村新闻\n村里的𠀀字碑，旁边是𡈼姓人家。\n".encode("utf-8")))[1]
    flush()
    for term in ("𠀀", "𡈼", "𠀀字", "𡈼𠀀村", "的𠀀"):
        assert search(term).ids == [pk], term
    assert search("𠀀𡈼").count == 0


def test_a_story_is_not_found_by_the_grams_its_edited_title_lost_while_their_stale_postings_wait_for_a_merge(seeds):
    article = seeds["001"]
    title_grams = [schema.GRAM_FIELDS[schema.TITLE]]
    article.title = "甲乙丙丁的标题"
    article.save()
    current = postings_of(article.pk, title_grams)
    assert search("title:甲乙").ids == search("title:乙丙丁").ids == search("title:甲").ids == [article.pk]
    article.title = "戊己庚辛的标题"
    article.save()
    assert postings_of(article.pk, title_grams) > current  # the old title's postings are still there
    assert search("title:甲乙").ids == search("title:乙丙丁").ids == search("title:甲").ids == []
    assert search("title:戊己").ids == search("title:己庚辛").ids == [article.pk]


def index_rows(pk):
    """(its search_story row's write and texts numbers, its search_text rows' fields, how many
    postings hold it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT written, texts FROM search_story WHERE article_id = %s", [pk])
        story = cursor.fetchone()
        cursor.execute("SELECT field FROM search_text WHERE article_id = %s ORDER BY field", [pk])
        texts = cursor.fetchall()
    return story, texts, postings_of(pk)


def test_a_write_that_leaves_a_storys_texts_as_they_were_replaces_only_its_story_row(seeds):
    article = seeds["002"]
    (written, texts), text_rows, held = index_rows(article.pk)
    assert written == texts and text_rows
    queries = [("疫情", {}), ("社区 干部", {}), ("", {"year": "1999"}), ("的", {"sort": "date"})]
    article.date = datetime.date(1999, 9, 9)  # a date is no text: the texts, their grams and postings stay
    article.save()
    (rewritten, kept), kept_rows, kept_held = index_rows(article.pk)
    assert rewritten > written and (kept, kept_rows, kept_held) == (texts, text_rows, held)
    assert search("", year="1999").ids == [article.pk]
    assert article.pk in search("疫情").ids
    before = [search(q, **f).ids for q, f in queries]
    assert not run_command("rebuild_index").failed
    assert [search(q, **f).ids for q, f in queries] == before  # found and ranked as a fresh index
    article.title = "改了标题的故事"  # a text changed: written again, with the write's number
    article.save()
    (retitled, retexts), _, _ = index_rows(article.pk)
    assert retitled == retexts > kept
    assert search("title:改了标题").ids == [article.pk]


def test_story_texts_stay_compressed_in_their_rows_for_confirming_long_terms(db):
    """A term of three characters or more is confirmed in each candidate's text: read from its
    row, not from the TOAST table (half the time at 100,000 stories)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT a.attstorage, c.reloptions FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                       "WHERE a.attrelid = 'search_text'::regclass AND a.attname = 'text'")
        storage, options = cursor.fetchone()
    assert storage == "m" and "toast_tuple_target=8160" in options

