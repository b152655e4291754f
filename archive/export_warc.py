"""Stories as WARC records, for other WARC tools (pywb, warcio, the Internet Archive's).

Each capture of a story becomes one record: a `response` with its address, capture time,
status line, headers and payload as they were served, for a page captured from the web; a
`resource` of the stored bytes under a urn: address for a plain file (it has no address).
"""

import io
from urllib.parse import quote

from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
from warcio.warcwriter import WARCWriter

from archive.ingest.html import HTML_SUFFIXES
from archive.ingest.warc import payload_headers, warc_date
from archive.models import Capture


def write_warc(articles, stream, gzip=True):
    """Write every capture of each article to stream; returns how many records."""
    writer = WARCWriter(stream, gzip=gzip)
    written = 0
    for article in articles:
        for capture in Capture.objects.filter(article=article).order_by(*Capture.IN_ORDER_MADE):
            writer.write_record(_record(writer, article, capture))
            written += 1
    return written


def plain_file_uri(article, capture):
    return f"urn:chinese-news-archive:story:{article.pk}:{quote(capture.file_name)}"


def _record(writer, article, capture):
    payload = io.BytesIO(bytes(capture.payload))
    warc_headers = warc_date(capture.captured_at or capture.stored_at)
    if capture.original_url and capture.http_headers:
        served = StatusAndHeadersParser([], verify=False).parse(io.StringIO(capture.http_headers))
        http = StatusAndHeaders(served.statusline, payload_headers(served.headers), protocol=served.protocol)
        return writer.create_warc_record(
            capture.original_url, "response", payload=payload, http_headers=http, warc_headers_dict=warc_headers
        )
    content_type = capture.content_type or (
        "text/html" if capture.file_name.lower().endswith(HTML_SUFFIXES) else "text/plain"
    )
    return writer.create_warc_record(
        capture.original_url or plain_file_uri(article, capture),
        "resource",
        payload=payload,
        warc_content_type=content_type,
        warc_headers_dict=warc_headers,
    )
