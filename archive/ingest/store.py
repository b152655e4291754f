"""Write one prepared story and where it was seen, in one transaction.

Identity: the same decoded text is the same story, whatever the encoding, file or address
(one more capture of it); the same address — or for a plain file, the same file name — seen
again with new text is a new version of that story. The newest version (by capture time) is
the story's own fields, shown and searched; older ones are kept. A capture already stored (the
same WARC record, or the same file with the same bytes) changes nothing. An update never
touches a field listed in the article's edited_fields: that is a person's correction.
"""
import hashlib

from django.db import transaction
from django.utils import timezone

from archive.ingest.origin import Origin
from archive.models import Article, Capture, Region, Source, Version

ADDED, UPDATED, RECAPTURED, UNCHANGED = "added", "updated", "recaptured", "unchanged"


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


def store(prepared, origin=None):
    """Returns (ADDED | UPDATED | RECAPTURED | UNCHANGED, article). origin: where the payload
    came from (a plain file of prepared.file_name when not given)."""
    origin = origin or Origin(file_name=prepared.file_name)
    payload_sha256 = hashlib.sha256(prepared.payload).hexdigest()
    with transaction.atomic():
        known = _known_capture(origin, payload_sha256)
        if known is not None:
            return UNCHANGED, known.article
        version = Version.objects.select_for_update().select_related("article").filter(
            text_sha256=prepared.text_sha256).first()
        if version is not None:
            article = version.article
            outcome = RECAPTURED
        else:
            article = _same_address(origin)
            outcome = UPDATED if article is not None else ADDED
            article = article or Article(file_name=_label(origin))
            seen_at = origin.captured_at or timezone.now()
            newest = article.pk is None or not article.versions.filter(seen_at__gt=seen_at).exists()
            if newest:
                _set_text(article, prepared)
                article.save()
                save_regions(article, prepared.meta, new=outcome == ADDED)
            version = Version.objects.create(
                article=article, text_sha256=prepared.text_sha256, title=prepared.meta.title,
                body_raw=prepared.body_raw, body_clean=prepared.meta.body, seen_at=seen_at)
        Capture.objects.create(
            article=article, version=version, original_url=origin.original_url, site=origin.site,
            captured_at=origin.captured_at, file_name=origin.file_name, warc_offset=origin.warc_offset,
            payload_digest=origin.payload_digest, http_status=origin.http_status, content_type=origin.content_type,
            http_headers=origin.http_headers,
            payload=prepared.payload, sha256=payload_sha256)
        if outcome == RECAPTURED and origin.original_url:
            article.save(update_fields=["updated_at"])  # its sites and newest capture are indexed: queue it again
        return outcome, article


def _label(origin):
    """What Article.file_name shows: the plain file's name, or the page's address."""
    return (origin.original_url or origin.file_name)[:255]


def _known_capture(origin, payload_sha256):
    """The capture if it is stored already: the same WARC record, or the same plain file's
    same bytes."""
    found = Capture.objects.filter(file_name=origin.file_name, sha256=payload_sha256).select_related("article")
    found = found.filter(warc_offset=origin.warc_offset) if origin.in_warc else found.filter(original_url="")
    return found.first()


def _same_address(origin):
    """The story last seen at this address (for a plain file: under this file name), or None."""
    if origin.original_url:
        found = Capture.objects.filter(original_url=origin.original_url)
    else:
        found = Capture.objects.filter(original_url="", file_name=origin.file_name)
    capture = found.select_related("article").order_by("-id").first()
    return capture.article if capture else None


def _set_text(article, prepared):
    article.body_raw = prepared.body_raw
    article.sha256 = prepared.sha256
    article.text_sha256 = prepared.text_sha256
    article.encoding = prepared.encoding
    article.script = prepared.script
    apply_metadata(article, prepared.meta)
