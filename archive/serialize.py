"""An Article as a plain dict: the one record shape of export, the JSON API and search results."""

import functools

from archive import status
from archive.text import to_simplified, to_traditional

EXPORT_FIELDS = (
    "id",
    "title",
    "title_simplified",
    "title_traditional",
    "script",
    "date",
    "date_text",
    "date_precision",
    "source",
    "regions",
    "authors",
    "editors",
    "keywords",
    "body_raw",
    "body_clean",
    "file_name",
    "sha256",
    "found_by",
    "needs_review",
    "review_reasons",
    "original_url",
    "captured_at",
    "captures",
    "versions",
    "repost_of",
    "cluster_size",
    "resemblance",
    "status",
    "removed_at",
    "last_seen_at",
)


def region_list(article):
    return [region.as_dict() for region in article.regions.all()]


def isoformat(moment):
    return moment.isoformat() if moment else None


def article_record(article, fields=EXPORT_FIELDS, script="original"):
    """The export record; `script` converts the text fields (original, simplified or traditional)."""
    convert = {"simplified": to_simplified, "traditional": to_traditional}.get(script, lambda text: text)
    newest = functools.cache(article.newest_capture)  # original_url and captured_at both ask
    values = {
        "id": lambda: article.pk,
        "title": lambda: convert(article.title),
        "title_simplified": lambda: article.title_simplified,
        "title_traditional": lambda: article.title_traditional,
        "script": lambda: article.script,
        "date": lambda: article.date.isoformat() if article.date else None,
        "date_text": lambda: article.date_text,
        "date_precision": lambda: article.date_precision or None,
        "source": lambda: article.source.name if article.source else None,
        "regions": lambda: region_list(article),
        "authors": lambda: article.authors,
        "editors": lambda: article.editors,
        "keywords": lambda: article.keywords,
        "body_raw": lambda: article.body_raw,
        "body_clean": lambda: convert(article.body_clean),
        "body_simplified": lambda: article.body_simplified,
        "body_traditional": lambda: article.body_traditional,
        "file_name": lambda: article.file_name,
        "sha256": lambda: article.sha256,
        "found_by": lambda: article.found_by,
        "needs_review": lambda: article.needs_review,
        "review_reasons": lambda: [
            {**item, "message": message} for item, message in zip(article.review_reasons, article.review_messages())
        ],
        "published": lambda: article.published,
        "original_url": lambda: newest().original_url if newest() else None,
        "captured_at": lambda: newest().captured_at.isoformat() if newest() and newest().captured_at else None,
        "captures": lambda: [capture.as_dict() for capture in article.captures.all()],
        "versions": lambda: len(article.versions.all()),
        "repost_of": lambda: article.repost_of_id,
        "cluster_size": lambda: article.cluster_size(),
        "resemblance": lambda: article.resemblance,
        "status": lambda: article.status,
        "removed_at": lambda: isoformat(status.removed_at(article.captures.all())),
        "last_seen_at": lambda: isoformat(status.last_seen_at(article.captures.all())),
        "url": lambda: article.get_absolute_url(),
    }
    return {name: values[name]() for name in fields}
