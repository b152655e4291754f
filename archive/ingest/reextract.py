"""Extraction again over a stored story, from its body_raw: an archive gains from better rules
without re-ingesting. Fields a person edited are left alone (store.apply_metadata)."""

from django.db import transaction

from archive.ingest.origin import HTML_TYPES
from archive.ingest.pipeline import prepare
from archive.ingest.store import apply_metadata, save_regions

COMPARED = (
    "title",
    "date",
    "date_text",
    "date_precision",
    "source_id",
    "authors",
    "editors",
    "keywords",
    "body_clean",
    "needs_review",
    "found_by",
)


def _state(article):
    values = {name: getattr(article, name) for name in COMPARED}
    values["regions"] = sorted(article.regions.values_list("adcode", flat=True)) if article.pk else []
    return values


def _is_page(article):
    """Whether the shown text was served as a page (its capture's content type), or None for a
    plain file: its name and first bytes decide."""
    capture = (
        article.captures.filter(version__text_sha256=article.text_sha256)
        .exclude(content_type="")
        .defer("payload")
        .first()
    )
    return capture.content_type in HTML_TYPES if capture else None


def reextract(article, dry_run=False):
    """Re-extract one story; returns the names of the fields that changed. With dry_run
    nothing is written. Raises ValueError (NotText) when the stored text no longer reads as
    a story."""
    before = _state(article)
    prepared = prepare(article.file_name, article.body_raw.encode("utf-8"), html=_is_page(article))
    with transaction.atomic():
        apply_metadata(article, prepared.meta)
        article.script = prepared.script
        article.save()
        save_regions(article, prepared.meta)
        changed = [name for name, value in _state(article).items() if before[name] != value]
        if dry_run:
            transaction.set_rollback(True)
    if dry_run:
        article.refresh_from_db()
    return changed
