"""archive/ingest/batch.py stores a batch of stories as store() stores them one after another —
new stories, new versions, recaptures, unchanged captures, reposts and a cluster taken over —
and a story the database refuses loses only itself."""

from datetime import UTC, datetime

from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from archive.ingest.batch import store_batch
from archive.ingest.origin import Origin
from archive.ingest.pipeline import prepare_one, text_fingerprint
from archive.ingest.store import ADDED, RECAPTURED, UNCHANGED, UPDATED, store
from archive.models import Article, Source
from archive.repost_bands import BandIndex
from search.models import PendingIndexUpdate
from tests.conftest import SEEDS
from tests.test_reposts import FILES
from tests.warcs import page


def story_file(name, title, date, body, source):
    return f"{title}\n{date} 来源：{source}\n{body}\n".encode()


def at(day):
    return datetime(2024, 3, day, tzinfo=UTC)


def prepared_stories():
    """[(Prepared, Origin)]: a cluster's stories in the order that makes one take it over,
    template notices, the seeds, the same text under another name, a changed file, one address
    captured three times (a newer text, then an older one) and a WARC record seen twice."""
    files = [
        (name, story_file(name, *FILES[name]))
        for name in ("a_original.txt", "d_template1.txt", "b_repost.txt", "e_template2.txt")
    ]
    files += [(path.name, path.read_bytes()) for path in sorted(SEEDS.glob("*.txt"))]
    files += [
        ("copy_of_000.txt", sorted(SEEDS.glob("*.txt"))[0].read_bytes()),
        ("f_first.txt", story_file("f_first.txt", *FILES["f_first.txt"])),
        (
            "d_template1.txt",
            story_file(
                "d_template1.txt",
                "济南警方破获盗窃案（更新）",
                "2021-08-07",
                FILES["d_template1.txt"][2] + "嫌疑人已被批准逮捕。",
                "齐鲁网",
            ),
        ),
        ("c_keywords.txt", story_file("c_keywords.txt", *FILES["c_keywords.txt"])),
    ]
    items = [(Origin(file_name=name), data) for name, data in files]
    url = "http://news.example.cn/2024/0301/1.html"
    captures = [
        (10, at(2), "市政府召开常务会议，研究部署春季农业生产和防汛备汛工作。"),
        (900, at(5), "市政府召开常务会议，研究部署春季农业生产和防汛备汛工作，会议由市长主持。"),
        (1800, at(1), "市政府召开会议，研究部署春季农业生产工作。"),
        (10, at(2), "市政府召开常务会议，研究部署春季农业生产和防汛备汛工作。"),
    ]
    items += [
        (
            Origin(
                file_name="crawl.warc.gz",
                original_url=url,
                captured_at=when,
                warc_offset=offset,
                content_type="text/html",
                charset="utf-8",
            ),
            page("市政府常务会议", body),
        )
        for offset, when, body in captures
    ]
    prepared = [prepare_one(item) for item in items]
    assert not [problem for _, _, problem in prepared if problem]
    return [(story, origin) for origin, story, _ in prepared]


def records():
    """Everything stored, keyed by text fingerprints instead of ids (which differ by run)."""
    key = dict(Article.objects.values_list("pk", "text_sha256"))
    stories = []
    for article in Article.objects.with_provenance().prefetch_related("regions").select_related("source"):
        stories.append(
            (
                article.text_sha256,
                article.file_name,
                article.title,
                article.body_clean,
                article.body_raw,
                article.date,
                article.date_text,
                article.source and article.source.name,
                article.script,
                article.encoding,
                article.sha256,
                sorted(region.pk for region in article.regions.all()),
                article.authors,
                article.found_by,
                article.review_reasons,
                article.needs_review,
                key.get(article.repost_of_id),
                article.resemblance and round(article.resemblance, 6),
                sorted(
                    (version.text_sha256, version.seen_at if version.seen_at.year < 2025 else None)
                    for version in article.versions.all()
                ),
                sorted(
                    (
                        capture.file_name,
                        capture.warc_offset,
                        capture.original_url,
                        capture.sha256,
                        key[capture.article_id],
                        capture.version.text_sha256,
                    )
                    for capture in article.captures.all()
                ),
            )
        )
    queued = {key[pk] for pk in PendingIndexUpdate.objects.values_list("article_id", flat=True) if pk in key}
    return sorted(stories), queued, sorted(Source.objects.values_list("name", flat=True))


def forget_everything():
    Article.objects.all().delete()
    Source.objects.all().delete()
    PendingIndexUpdate.objects.all().delete()


def test_a_batch_stores_the_same_records_and_outcomes_as_storing_its_stories_one_at_a_time(db):
    stories = prepared_stories()
    bands = BandIndex()
    one_at_a_time = []
    for prepared, origin in stories:
        with transaction.atomic():
            one_at_a_time.append(store(prepared, origin, bands)[0])
    expected = records()
    forget_everything()

    bands = BandIndex()
    batched = [result[0] for half in (stories[:7], stories[7:]) for result in store_batch(half, bands)]

    assert batched == one_at_a_time
    assert batched.count(ADDED) == 12 and {UPDATED, RECAPTURED, UNCHANGED} <= set(batched)
    assert records() == expected
    first = Article.objects.get(file_name="f_first.txt")
    assert set(Article.objects.filter(repost_of=first).values_list("file_name", flat=True)) == {
        "a_original.txt",
        "b_repost.txt",
        "c_keywords.txt",
    }


def test_a_story_the_database_refuses_in_a_batch_fails_alone_and_the_others_are_stored(db):
    stories = prepared_stories()[3:9]  # new stories: one run
    refused, _ = stories[2]
    Article.objects.create(
        title="已存的稿件", body_raw="", body_clean="", text_sha256=text_fingerprint(refused.body_raw)
    )

    results = store_batch(stories, BandIndex())

    assert isinstance(results[2], IntegrityError)
    assert [result[0] for position, result in enumerate(results) if position != 2] == [ADDED] * 5
    stored = Article.objects.exclude(title="已存的稿件")
    assert sorted(stored.values_list("file_name", flat=True)) == sorted(
        origin.file_name for position, (_, origin) in enumerate(stories) if position != 2
    )
    assert all(article.versions.count() == 1 and article.captures.count() == 1 for article in stored)


def test_a_story_taking_a_cluster_over_shares_its_run_with_the_unrelated_stories_after_it(db):
    stories = {origin.file_name: (prepared, origin) for prepared, origin in prepared_stories()}
    seeds = sorted(name for name in stories if name[0].isdigit())[:2]
    store_batch([stories["a_original.txt"], stories["b_repost.txt"]], bands := BandIndex())

    with CaptureQueriesContext(connection) as queries:
        results = store_batch([stories["f_first.txt"], *(stories[name] for name in seeds)], bands)

    assert [result[0] for result in results] == [ADDED] * 3
    assert len([query for query in queries if query["sql"].startswith('INSERT INTO "archive_article"')]) == 1
    first = Article.objects.get(file_name="f_first.txt")
    assert set(Article.objects.filter(repost_of=first).values_list("file_name", flat=True)) == {
        "a_original.txt",
        "b_repost.txt",
    }
