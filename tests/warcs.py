"""WARC files for tests, written with warcio as a crawler would write them."""

import io
from datetime import UTC, datetime

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def page(title, body, charset="utf-8", meta=None):
    """An HTML page's bytes; meta: the charset its <meta> declares (may lie)."""
    declared = f'<meta charset="{meta or charset}">'
    markup = (
        f"<!doctype html><html><head>{declared}<title>{title}</title></head><body><h1>{title}</h1>"
        f"<div class='content'><p>{body}</p></div></body></html>"
    )
    return markup.encode(charset)


def write_warc(path, records, gzip=None):
    """records: dicts with url, and payload (bytes) or kind ('request', 'metadata', 'revisit');
    optional status, content_type, date (datetime), headers. Returns each record's offset."""
    gzip = path.name.endswith(".gz") if gzip is None else gzip
    offsets = []
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        for spec in records:
            offsets.append(stream.tell())
            writer.write_record(_record(writer, spec))
    return offsets


def _record(writer, spec):
    kind = spec.get("kind", "response")
    date = spec.get("date", datetime(2024, 5, 1, 8, 0, tzinfo=UTC))
    warc_headers = {"WARC-Date": date.strftime("%Y-%m-%dT%H:%M:%SZ")}
    if kind == "response":
        status = spec.get("status", "200 OK")
        headers = [("Content-Type", spec.get("content_type", "text/html; charset=utf-8"))] + spec.get("headers", [])
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        return writer.create_warc_record(
            spec["url"],
            "response",
            payload=io.BytesIO(spec.get("payload", b"")),
            http_headers=http,
            warc_headers_dict=warc_headers,
        )
    if kind == "request":
        http = StatusAndHeaders(f"GET {spec['url']} HTTP/1.1", [("Host", "example.cn")], is_http_request=True)
        return writer.create_warc_record(
            spec["url"], "request", payload=io.BytesIO(b""), http_headers=http, warc_headers_dict=warc_headers
        )
    if kind == "revisit":
        return writer.create_revisit_record(
            spec["url"], digest="sha1:AAAA", refers_to_uri=spec["url"], refers_to_date="20240101000000"
        )
    return writer.create_warc_record(
        spec["url"],
        kind,
        payload=io.BytesIO(b"via: test"),
        warc_content_type="application/warc-fields",
        warc_headers_dict=warc_headers,
    )
