"""Repost clusters in the record: a new story joins the cluster of the stored story it
resembles most (archive/reposts.py decides what resembles); the cluster's original is its
earliest dated story, then the earliest stored. Every member but the original points at it
(repost_of)."""
import datetime

from django.db import connection
from django.db.models import F, Q

from archive import reposts
from archive.models import Article, RepostBand
from search.indexing import enqueue

MAX_CANDIDATES = 50  # the stories sharing most bands, checked on their texts
LATEST = datetime.date.max


def join(article, signature):
    """Put a stored article in its cluster (or leave it an original) and keep its bands.
    Returns the original's id, or None when the article is an original."""
    keys = reposts.band_keys(signature)
    if article.cluster_chosen:
        _insert_bands(article.pk, keys)
        return article.repost_of_id
    found = RepostBand.objects.filter(key__in=[key for _, key in keys]).exclude(article=article)
    wanted = set(keys)
    shared = {}
    for article_id, band, key in found.values_list("article_id", "band", "key"):
        if (band, key) in wanted:
            shared[article_id] = shared.get(article_id, 0) + 1
    _insert_bands(article.pk, keys)
    if not shared:
        return None
    best, best_score = None, None
    candidates = sorted(shared, key=lambda pk: -shared[pk])[:MAX_CANDIDATES]
    text = article.searchable_text()
    for other in Article.objects.filter(pk__in=candidates).only(
            "id", "title", "body_clean", "date", "repost_of_id", "edited_fields"):
        if other.cluster_chosen and other.repost_of_id is None:
            continue  # a person split it out of its cluster: it stands alone
        score = reposts.resemblance(text, other.searchable_text())
        if score is not None and (best_score is None or score > best_score):
            best, best_score = other, score
    if best is None:
        return None
    original = Article.objects.only("id", "date").get(pk=best.repost_of_id or best.pk)
    if _earlier(article, original):  # the new story is the cluster's original now
        members = Article.objects.filter(Q(pk=original.pk) | Q(repost_of=original))
        enqueue(list(members.values_list("pk", flat=True)))  # their cluster is indexed with them
        members.update(repost_of=article)
        Article.objects.filter(pk=original.pk).update(resemblance=best_score)
        article.repost_of, article.resemblance = None, None
    else:
        article.repost_of, article.resemblance = original, best_score
    Article.objects.filter(pk=article.pk).update(repost_of=article.repost_of, resemblance=article.resemblance)
    enqueue([article.pk])
    return article.repost_of_id


def split(article):
    """Take a story out of its cluster for good (a person's choice). An original's reposts keep
    their cluster, under its earliest dated repost."""
    reposts_of_it = list(Article.objects.filter(repost_of=article).order_by(F("date").asc(nulls_last=True), "id"))
    if reposts_of_it:
        heir = reposts_of_it[0]
        Article.objects.filter(pk__in=[r.pk for r in reposts_of_it[1:]]).update(repost_of=heir)
        Article.objects.filter(pk=heir.pk).update(repost_of=None, resemblance=None)
        enqueue([r.pk for r in reposts_of_it])
    article.repost_of, article.resemblance = None, None
    article.edited_fields = sorted(set(article.edited_fields) | {"repost_of"})
    article.save()


def chosen_ids():
    """Ids of the stories whose cluster a person chose: what re-clustering leaves alone (few;
    read in Python because SQLite cannot look inside a JSON list)."""
    return [pk for pk, edited in Article.objects.values_list("id", "edited_fields") if "repost_of" in edited]


def _insert_bands(article_id, keys):
    """The story's BANDS rows in one executemany: the ORM's bulk_create builds a model
    instance a row, which cost more than the rest of ingest's clustering (measured)."""
    quote = connection.ops.quote_name
    table = quote(RepostBand._meta.db_table)
    columns = ", ".join(quote(RepostBand._meta.get_field(name).column) for name in ("article", "band", "key"))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s)",
                           [(article_id, band, key) for band, key in keys])


def _earlier(article, original):
    """Whether the article comes before the cluster's original: dated earlier (an undated story
    comes after every dated one), or as dated and stored first — which a new one never is."""
    return (article.date or LATEST) < (original.date or LATEST)


