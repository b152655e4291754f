"""Write one prepared story and where it was seen, in one transaction (a savepoint when the
caller commits a batch of stories at once).

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

from archive import clusters, status
from archive.addresses import url_key
from archive.changes import stories_changed
from archive.ingest.origin import Origin
from archive.models import Article, Capture, Region, Source, Version
from archive.repost_bands import BandIndex

ADDED, UPDATED, RECAPTURED, UNCHANGED = "added", "updated", "recaptured", "unchanged"


def source_for(name):
    if not name:
        return None
    source, _ = Source.objects.get_or_create(name_simplified=Source.key(name), defaults={"name": name})
    return source


def apply_metadata(article, meta, sources=None):
    """Set every extracted field a person has not edited; regions are set after the save.
    sources: {Source.key(name): Source} holding the story's source, when the caller has read the
    sources of many stories at once (batch.py); else it is looked up (and made) here."""
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
        article.source = sources[Source.key(meta.source)] if sources and meta.source else source_for(meta.source)
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
    if new:  # nothing to replace; the article's save has already queued it for the index
        add_regions([(article, meta)])
    else:
        article.regions.set(Region.objects.filter(adcode__in=meta.regions).values_list("adcode", flat=True))


def add_regions(stories):
    """[(saved article without regions, its metadata)]: the known regions of each, read in one
    query and added in one insert."""
    known = set(
        Region.objects.filter(adcode__in={code for _, meta in stories for code in meta.regions}).values_list(
            "adcode", flat=True
        )
    )
    Through = Article.regions.through
    Through.objects.bulk_create(
        Through(article_id=article.pk, region_id=code)
        for article, meta in stories
        for code in dict.fromkeys(meta.regions)
        if code in known
    )


def store(prepared, origin=None, bands=None):
    """Returns (ADDED | UPDATED | RECAPTURED | UNCHANGED, the article's id). origin: where the
    payload came from (a plain file of prepared.file_name when not given); bands: the
    repost_bands.BandIndex of a process storing many stories (one read now when not given). A
    story prepared without a repost fingerprint is stored outside any cluster, for `manage.py
    cluster` to place."""
    origin = origin or Origin(file_name=prepared.file_name)
    payload_sha256 = prepared.sha256  # of the payload's bytes, as prepare() hashed them
    with transaction.atomic():
        at_address = _captures_at_address(origin)
        for file_name, offset, sha256, article_id in at_address:
            if (file_name, offset, sha256) == (origin.file_name, origin.warc_offset, payload_sha256):
                return UNCHANGED, article_id
        known_text = Version.objects.filter(text_sha256=prepared.text_sha256).values_list("pk", "article_id").first()
        if known_text is not None:
            version_id, article_id = known_text
            outcome = RECAPTURED
        else:
            outcome, article_id, version_id = _new_version(
                prepared, origin, at_address[0][3] if at_address else None, bands
            )
        new_capture(article_id, version_id, origin, prepared).save()
        if outcome in (RECAPTURED, UPDATED) and origin.original_url:
            status.refresh([article_id])  # seen again at an address: there again, or altered
        if outcome == RECAPTURED and origin.original_url:
            stories_changed([article_id])  # its sites and newest capture are indexed
        return outcome, article_id


def _new_version(prepared, origin, article_id, bands):
    """A text not seen before: a new story, or a new version of the story last seen at this
    address (which becomes what the story shows unless a newer capture is stored already).
    Returns (ADDED | UPDATED, article id, version id)."""
    seen_at = origin.captured_at or timezone.now()
    if article_id is None:
        article, outcome, newest = Article(file_name=origin.name[:255]), ADDED, True
    else:
        article, outcome = Article.objects.select_for_update().get(pk=article_id), UPDATED
        newest = not article.versions.filter(seen_at__gt=seen_at).exists()
    clustered = outcome == ADDED and prepared.repost_fingerprint is not None
    if newest:
        set_text(article, prepared)
        if clustered:  # placed in its repost cluster before the save, which then stores its place too
            bands = bands or BandIndex()
            taken_over = clusters.place(article, prepared.repost_fingerprint, bands, prepared.repost_candidates)
        article.save()
        save_regions(article, prepared.meta, new=outcome == ADDED)
    if clustered:
        clusters.keep(article, prepared.repost_fingerprint, bands, taken_over)
    version = new_version(article, prepared, seen_at)
    version.save()
    return outcome, article.pk, version.pk


def new_version(article, prepared, seen_at):
    """The Version of a prepared story's text (not saved)."""
    return Version(
        article=article,
        text_sha256=prepared.text_sha256,
        title=prepared.meta.title,
        body_raw=prepared.body_raw,
        body_clean=prepared.meta.body,
        seen_at=seen_at,
    )


def new_capture(article_id, version_id, origin, prepared):
    """The Capture of a payload from this origin (not saved)."""
    return _capture(article_id, version_id, origin, prepared.payload, prepared.sha256)


def missing_capture(article_id, origin, payload, why):
    """The Capture of an answer at the story's address that found the story gone from it, and
    why (archive/removal.py): what was served is kept as any capture is (not saved)."""
    return _capture(article_id, None, origin, payload, hashlib.sha256(payload).hexdigest(), missing=why[:300])


def _capture(article_id, version_id, origin, payload, sha256, missing=""):
    return Capture(
        article_id=article_id,
        version_id=version_id,
        original_url=origin.original_url,
        urlkey=url_key(origin.original_url),
        site=origin.site,
        captured_at=origin.captured_at,
        file_name=origin.file_name,
        warc_offset=origin.warc_offset,
        payload_digest=origin.payload_digest,
        http_status=origin.http_status,
        content_type=origin.content_type,
        http_headers=origin.http_headers,
        payload=payload,
        sha256=sha256,
        missing=missing,
    )


def _captures_at_address(origin):
    """[(file name, WARC offset, payload sha256, article id)] of the captures at this address
    (for a plain file: under this file name), newest first."""
    if origin.original_url:
        found = Capture.objects.filter(original_url=origin.original_url)
    else:
        found = Capture.objects.filter(file_name=origin.file_name, original_url="")
    return list(found.order_by("-id").values_list("file_name", "warc_offset", "sha256", "article_id"))


def set_text(article, prepared, sources=None):
    """The story's own fields from its newest text (sources: as apply_metadata's)."""
    article.body_raw = prepared.body_raw
    article.sha256 = prepared.sha256
    article.text_sha256 = prepared.text_sha256
    article.encoding = prepared.encoding
    article.script = prepared.script
    apply_metadata(article, prepared.meta, sources)
