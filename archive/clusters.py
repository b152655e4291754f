"""Repost clusters in the record: a new story joins the cluster of the stored story it
resembles most, or of the candidate it nearly repeats (archive/reposts.py decides what
resembles); the cluster's original is its earliest dated story, then the earliest stored.
Every member but the original points at it (repost_of). A story split out or deleted leaves
its cluster to the others (leave())."""

import datetime
import functools
import json

from django.db import connection, transaction
from django.db.models import F

from archive import reposts
from archive.changes import stories_changed
from archive.models import Article, RepostFingerprint, driver_cursor, placeholders, quoted, upsert
from archive.text import normalisation

LATEST = datetime.date.max
NEARLY_THE_SAME = 0.95  # a story holding this much of a candidate (or held this much in it) joins its cluster at once


def join(article, fingerprint, bands):
    """Put a stored article in its cluster (manage.py cluster): place() and keep(), and its own
    place saved. Returns the original's id, or None when the article is an original."""
    before = (article.repost_of_id, article.resemblance)
    taken_over = place(article, fingerprint, bands)
    keep(article, fingerprint, bands, taken_over)
    if taken_over or (article.repost_of_id, article.resemblance) != before:  # (a take-over re-pointed the story too)
        Article.objects.filter(pk=article.pk).update(repost_of_id=article.repost_of_id, resemblance=article.resemblance)
    return article.repost_of_id


def place(article, fingerprint, bands, shared_at_mark=None):
    """Find the cluster an article belongs to (reposts.Fingerprint of its text; bands: the
    clustering process's repost_bands.BandIndex, refreshed by the caller once a batch;
    shared_at_mark: what an ingest worker's copy of it found, when it was forked at bands.mark())
    — before a new story's save, so that its place is saved with it. A repost gets repost_of and
    resemblance. A story dated earlier than the cluster's original takes over (an undated story
    comes after every dated one; as dated, the original is the one stored first, which a new
    one never is): returned as (the original's id, resemblance) for keep(). A story whose
    cluster a person chose stays where it is."""
    if article.cluster_chosen:
        return None
    shared = bands.sharing(article.pk, fingerprint.bands, shared_at_mark=shared_at_mark)
    original, original_date, score = _most_resembling(fingerprint, shared)
    if original is None:
        return None
    if (article.date or LATEST) < (original_date or LATEST):
        article.repost_of, article.resemblance = None, None
        return original, score
    article.repost_of_id, article.resemblance = original, score
    return None


def keep(article, fingerprint, bands, taken_over=None):
    """After the article's save: its fingerprint's hashes stored, its band keys stored and held
    by bands; the cluster it took over (place()) re-pointed at it. The article itself is the
    caller's to index (its save has queued it)."""
    upsert(RepostFingerprint, article=article.pk, **stored_fingerprint(fingerprint))
    bands.add(article.pk, fingerprint.bands)
    take_over(article, taken_over)


def stored_fingerprint(fingerprint):
    """The RepostFingerprint fields of a fingerprint (made under this process's normalisation)."""
    return {
        "shingles": fingerprint.shingles.tobytes(),
        "sentences": fingerprint.sentences.tobytes(),
        "normalisation": normalisation(),
    }


def take_over(article, taken_over):
    """After the article's save: the cluster it took over (place(): (the original's id,
    resemblance), or None) re-pointed at it."""
    if taken_over:
        original, score = taken_over
        Article.objects.filter(repost_of=original).update(repost_of=article)
        Article.objects.filter(pk=original).update(repost_of=article, resemblance=score)  # its row written once
        stories_changed([original])  # a repost now; the cluster's key stays (ArticleQuerySet.with_cluster_key)


def _most_resembling(fingerprint, shared):
    """(id, date) of the original of the cluster the article resembles most, and the
    resemblance; or (None, None, None). shared: {candidate id: bands shared}, most first.

    The candidate sharing most bands is read first, on its own: when the article nearly repeats
    it (NEARLY_THE_SAME), its cluster is the answer and the other candidates are not read —
    another cluster could hold a member closer by a few hundredths at most. Reading the others
    (20 rows a story at 100,000 stories) was most of what clustering cost ingest; 86 % of
    bench/cluster_cost.py's 2,000 reposts stop here, and for every one of them comparing them
    all chose the same cluster (measured). Otherwise every cluster is compared, each through its
    member sharing most bands, and through the next only when that one does not resemble: once
    one member resembles, the others lead to the same original, so their fingerprints are not
    even read (a story of a large cluster shares bands with every member). Each read of
    candidates brings its first one's fingerprint; then two reads at most: the first member of
    each other cluster, then — when some cluster is still open — all the rest at once."""
    if not shared:
        return None, None, None  # most new stories: no query to build
    ids = list(shared)
    rows = _candidates(ids[:1])
    scores = {}  # candidate id: resemblance (None: does not resemble)
    for pk, date, repost_of, original_date, split_out, kept_fingerprint in rows:
        if not split_out and kept_fingerprint:
            scores[pk] = score = reposts.resemblance_of(fingerprint, kept_fingerprint)
            if score is not None and score >= NEARLY_THE_SAME:
                return *_original_of(pk, date, repost_of, original_date), score
    if len(ids) > 1:
        rows += _candidates(ids[1:])
    rank = {pk: place for place, pk in enumerate(shared)}
    clusters, dates, kept = {}, {}, {}
    for pk, date, repost_of, original_date, split_out, kept_fingerprint in sorted(rows, key=lambda row: rank[row[0]]):
        if not split_out:  # a story a person split out stands alone
            original, its_date = _original_of(pk, date, repost_of, original_date)
            clusters.setdefault(original, []).append(pk)
            dates[original] = its_date
        if kept_fingerprint:
            kept[pk] = kept_fingerprint
    kept.update(_kept_fingerprints([members[0] for members in clusters.values() if members[0] not in kept]))
    best, rounds = (None, None, None), 0
    while clusters:
        if rounds == 1:
            kept.update(_kept_fingerprints([pk for members in clusters.values() for pk in members if pk not in kept]))
        heads = {original: members.pop(0) for original, members in clusters.items()}
        for original, pk in heads.items():
            if pk not in scores:
                scores[pk] = reposts.resemblance_of(fingerprint, kept[pk]) if pk in kept else None
            score = scores[pk]
            if score is not None and (best[2] is None or score > best[2]):
                best = (original, dates[original], score)
            if score is not None or not clusters[original]:
                del clusters[original]
        rounds += 1
    return best


def _original_of(pk, date, repost_of, original_date):
    """(id, date) of the original of a candidate's cluster, from its row (_candidates)."""
    return (repost_of, original_date) if repost_of else (pk, date)


def _candidates(ids):
    """[(id, date, repost_of id, the original's date, whether a person split it out, its kept
    reposts.Fingerprint for the first id, else None)] of these stories, in raw SQL: the ORM's
    query building cost more than the rest of placing a repost (measured). The values come as
    the ORM gives them: dates and JSON decoded where the driver does not."""
    with driver_cursor() as cursor:
        cursor.execute(_candidates_sql(len(ids)), [ids[0], *ids])
        return [
            (
                story,
                _date(day),
                original,
                _date(original_day),
                original is None and "repost_of" in _json(fields),
                reposts.stored_fingerprint(shingles, sentences) if shingles is not None else None,
            )
            for story, day, original, original_day, fields, shingles, sentences in cursor.fetchall()
        ]


@functools.cache
def _candidates_sql(count):
    """On SQLite, through the index that holds these columns (cluster_place): the planner picks
    the row id, whose row has the story's texts before these columns (0.7 ms a story at
    100,000 stories, 0.2 through the index). PostgreSQL keeps long texts out of the row."""
    table, pk, date, repost_of, edited = quoted(Article, "id", "date", "repost_of", "edited_fields")
    kept, article, shingles, sentences = quoted(RepostFingerprint, "article", "shingles", "sentences")
    through = "INDEXED BY cluster_place" if connection.vendor == "sqlite" else ""
    return (
        f"SELECT story.{pk}, story.{date}, story.{repost_of}, original.{date}, story.{edited}, "
        f"fingerprint.{shingles}, fingerprint.{sentences} "
        f"FROM {table} story {through} LEFT JOIN {table} original {through} ON original.{pk} = story.{repost_of} "
        f"LEFT JOIN {kept} fingerprint ON fingerprint.{article} = story.{pk} AND story.{pk} = {placeholders(1)} "
        f"WHERE story.{pk} IN ({placeholders(count)})"
    )


def _date(value):
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def _kept_fingerprints(ids):
    """{story id: reposts.Fingerprint} kept for these stories (raw, as _candidates)."""
    if not ids:
        return {}
    with driver_cursor() as cursor:
        cursor.execute(_fingerprints_sql(len(ids)), ids)
        return {pk: reposts.stored_fingerprint(shingles, sentences) for pk, shingles, sentences in cursor.fetchall()}


@functools.cache
def _fingerprints_sql(count):
    table, article, shingles, sentences = quoted(RepostFingerprint, "article", "shingles", "sentences")
    return f"SELECT {article}, {shingles}, {sentences} FROM {table} WHERE {article} IN ({placeholders(count)})"


@transaction.atomic  # one change, indexed once it is whole
def split(article):
    """Take a story out of its cluster for good (a person's choice)."""
    leave(article)
    article.repost_of, article.resemblance = None, None
    article.edited_fields = sorted(set(article.edited_fields) | {"repost_of"})
    article.save()


def leave(article):
    """A story leaves its cluster (split out, or deleted): an original's reposts keep their
    cluster, under its earliest dated repost, and the cluster is indexed again (its key leaves
    with the story if the story had it)."""
    stories_changed(members([article.repost_of_id or article.pk]))
    reposts_of_it = list(Article.objects.filter(repost_of=article).order_by(F("date").asc(nulls_last=True), "id"))
    if reposts_of_it:
        heir = reposts_of_it[0]
        Article.objects.filter(pk__in=[r.pk for r in reposts_of_it[1:]]).update(repost_of=heir)
        Article.objects.filter(pk=heir.pk).update(repost_of=None, resemblance=None)


def members(originals):
    """Ids of every story in the clusters of these originals."""
    return list(Article.objects.in_clusters(originals).values_list("pk", flat=True))


def index_values():
    """{story id: (cluster key, whether a repost)} for the stories in a cluster: what the
    search index keeps of clusters, compared before and after re-clustering."""
    rows = Article.objects.with_cluster_key().values_list("pk", "cluster_key", "repost_of_id")
    return {pk: (key, repost_of is not None) for pk, key, repost_of in rows if key != pk or repost_of is not None}


def chosen_ids():
    """Ids of the stories whose cluster a person chose: what re-clustering leaves alone (few;
    read in Python because SQLite cannot look inside a JSON list)."""
    return [pk for pk, edited in Article.objects.values_list("id", "edited_fields") if "repost_of" in edited]
