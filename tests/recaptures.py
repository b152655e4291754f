"""A recapture that found a story gone, for tests that need one without a site to fetch: the
capture manage.py recapture stores (archive.ingest.store.missing_capture), then the story's
status refreshed as recapture refreshes it."""

from urllib.parse import urlsplit

from archive import status
from archive.addresses import url_key
from archive.ingest.origin import Origin
from archive.ingest.store import missing_capture
from archive.models import Capture


def found_missing(article_id, url, when, http_status=404, payload=b"", location=None, why=None):
    """The capture of `url` at `when` that answered http_status (a redirect to location), and
    found the story gone: why, by default "HTTP <status>"."""
    headers = f"HTTP/1.1 {http_status}\r\nContent-Type: text/html; charset=utf-8\r\n"
    headers += f"Location: {location}\r\n" if location else ""
    origin = Origin(
        file_name="recapture.warc.gz",
        original_url=url,
        captured_at=when,
        warc_offset=0,
        http_status=http_status,
        content_type="text/html",
        charset="utf-8",
        http_headers=headers + "\r\n",
    )
    capture = missing_capture(article_id, origin, payload, why or f"HTTP {http_status}")
    capture.save()
    status.refresh([article_id])
    return capture


def found_there(article_id, url, when):
    """A recapture of `url` at `when` that found the story there again: its newest answer, again."""
    capture = Capture.objects.filter(article_id=article_id, missing="").latest("id")
    capture.pk, capture.captured_at = None, when
    capture.original_url, capture.urlkey, capture.site = url, url_key(url), urlsplit(url).hostname
    capture.save()
    status.refresh([article_id])
    return capture
