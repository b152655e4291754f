"""Write one prepared story: create, update or leave unchanged, in one transaction.

Identity: the same decoded text is the same story (whatever the encoding or file name); a
file name seen before with new text is an update of that story. An update never touches a
field listed in the article's edited_fields: that is a person's correction.
"""
from django.db import transaction
from django.db.models import Q

from archive.models import Article, Region, Source

ADDED, UPDATED, UNCHANGED = "added", "updated", "unchanged"


def source_for(name):
    if not name:
        return None
    source, _ = Source.objects.get_or_create(name_simplified=Source.key(name), defaults={"name": name})
    return source


def apply_metadata(article, meta):
    """Set every extracted field a person has not edited; regions are set after the save."""
    edited = set(article.edited_fields)
    values = {
        "title": meta.title,
        "date": meta.date,
        "date_precision": meta.date_precision,
        "authors": meta.authors,
        "editors": meta.editors,
        "keywords": meta.keywords,
    }
    for name, value in values.items():
        if name not in edited:
            setattr(article, name, value)
    if "date" not in edited:
        article.date_text = meta.date_text
    if "source" not in edited:
        article.source = source_for(meta.source)
    article.body_clean = meta.body
    article.found_by = {
        **{name: how for name, how in article.found_by.items() if name in edited},
        **{name: how for name, how in meta.found_by.items() if name not in edited},
    }
    article.review_reasons = [item for item in meta.problems if item["field"] not in edited]
    if "needs_review" not in edited:
        article.needs_review = bool(article.review_reasons)


def save_regions(article, meta, new=False):
    if "regions" in article.edited_fields:
        return
    codes = Region.objects.filter(adcode__in=meta.regions).values_list("adcode", flat=True)
    if new:  # nothing to replace; the article's save has already queued it for the index
        Through = Article.regions.through
        Through.objects.bulk_create(Through(article_id=article.pk, region_id=code) for code in codes)
    else:
        article.regions.set(codes)


def store(prepared):
    """Returns (ADDED | UPDATED | UNCHANGED, article)."""
    with transaction.atomic():
        known = list(Article.objects.select_for_update().filter(
            Q(text_sha256=prepared.text_sha256) | Q(file_name=prepared.file_name)).order_by("id"))
        existing = next((a for a in known if a.text_sha256 == prepared.text_sha256), None)
        if existing is not None:
            return UNCHANGED, existing
        article = next((a for a in known if a.file_name == prepared.file_name), None)
        outcome = UPDATED if article is not None else ADDED
        article = article or Article(file_name=prepared.file_name)
        article.body_raw = prepared.body_raw
        article.sha256 = prepared.sha256
        article.text_sha256 = prepared.text_sha256
        article.encoding = prepared.encoding
        article.script = prepared.script
        apply_metadata(article, prepared.meta)
        article.save()
        save_regions(article, prepared.meta, new=outcome == ADDED)
        return outcome, article
