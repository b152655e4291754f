"""Stories as WARC records, for other WARC tools (pywb, warcio, the Internet Archive's).

Each capture of a story becomes one record: a `response` with its address, capture time,
status line, headers and payload as they were served, for a page captured from the web; a
`resource` of the stored bytes under a urn: address for a plain file (it has no address).
"""
import io
from datetime import timezone
from urllib.parse import quote

from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
from warcio.warcwriter import WARCWriter

from archive.models import Capture

DROPPED_HEADERS = ("transfer-encoding",)  # the stored payload is already de-chunked
HTML_SUFFIXES = (".html", ".htm", ".shtml")


def write_warc(articles, stream, gzip=True):
    """Write every capture of each article to stream; returns how many records."""
    writer = WARCWriter(stream, gzip=gzip)
    written = 0
    for article in articles:
        for capture in Capture.objects.filter(article=article).order_by("captured_at", "id"):
            writer.write_record(_record(writer, article, capture))
            written += 1
    return written


def plain_file_uri(article, capture):
    return f"urn:chinese-news-archive:story:{article.pk}:{quote(capture.file_name)}"


def _record(writer, article, capture):
    payload = io.BytesIO(bytes(capture.payload))
    when = (capture.captured_at or capture.stored_at).astimezone(timezone.utc)
    warc_headers = {"WARC-Date": when.strftime("%Y-%m-%dT%H:%M:%SZ")}
    if capture.original_url and capture.http_headers:
        served = StatusAndHeadersParser([], verify=False).parse(io.StringIO(capture.http_headers))
        http = StatusAndHeaders(served.statusline, [(name, value) for name, value in served.headers
                                                    if name.lower() not in DROPPED_HEADERS], protocol=served.protocol)
        return writer.create_warc_record(capture.original_url, "response", payload=payload, http_headers=http,
                                         warc_headers_dict=warc_headers)
    content_type = capture.content_type or (
        "text/html" if capture.file_name.lower().endswith(HTML_SUFFIXES) else "text/plain")
    return writer.create_warc_record(capture.original_url or plain_file_uri(article, capture), "resource",
                                     payload=payload, warc_content_type=content_type, warc_headers_dict=warc_headers)
