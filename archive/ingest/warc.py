"""Pages out of WARC files (wget --warc-file, Heritrix, Browsertrix, the Internet Archive).

Each `response` (or `resource`) record whose payload is an HTML page or plain text is a
capture: (Origin, payload bytes). Every other record is a Skip: records that are not pages
(requests, metadata, revisits, images, scripts, robots.txt) are only counted; a page record
that cannot be a story (a redirect, an error status, a truncated payload) and a corrupt
record are named by file and offset. After a corrupt record, reading goes on at the next
record the file holds; nothing read before it is lost.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.ingest.origin import HTML_TYPES, Origin, where

WARC_SUFFIXES = (".warc", ".warc.gz")
PAGE_TYPES = HTML_TYPES + ("text/plain",)
GZIP_MEMBER = re.compile(rb"\x1f\x8b\x08")
WARC_START = re.compile(rb"(?:^|(?<=\n))WARC/1\.[01]\r?\n")
RESYNC_CHUNK = 1 << 20
# What describes the transfer, not the payload: a payload written de-chunked must not say chunked.
TRANSFER_HEADERS = ("transfer-encoding",)


@dataclass(frozen=True)
class Skip:
    kind: str  # what the summary counts: "request", "revisit", "not a page", "redirect", "HTTP error"…
    where: str = ""  # file and offset, for a named skip
    reason: str = ""  # why, for a named skip

    @property
    def named(self):
        return bool(self.reason)


def is_warc(path):
    return path.name.lower().endswith(WARC_SUFFIXES)


def warc_date(when):
    """A WARC-Date header: UTC, to the second."""
    return {"WARC-Date": when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}


def payload_headers(headers):
    """(name, value) pairs as served, without those of the transfer."""
    return [(name, value) for name, value in headers if name.lower() not in TRANSFER_HEADERS]


def read_warc(path):
    """Yields (Origin, payload bytes) for each page record, and a Skip for every other."""
    size = path.stat().st_size
    with open(path, "rb") as stream:
        position = 0
        while position is not None and position < size:
            stream.seek(position)
            iterator = ArchiveIterator(stream)
            try:
                for record in iterator:
                    yield _page_or_skip(path, iterator.offset, record)  # get_record_offset() would read the record away
                position = None
                if iterator.offset < _content_end(stream, size):
                    yield Skip(
                        "corrupt", where(path.name, iterator.offset), "the file ends inside this record (truncated)"
                    )
            except (ArchiveLoadFailed, ValueError, AttributeError, EOFError, OSError) as error:
                # warcio's own errors, and what its parser raises on garbage (AttributeError
                # on a missing header line, zlib's error — an OSError subclass — on a bad member)
                offset = max(position, iterator.offset)
                yield Skip(
                    "corrupt",
                    where(path.name, offset),
                    f"not a readable WARC record: {type(error).__name__}: {str(error)[:120]}",
                )
                position = _next_record(stream, offset + 1, path.name.lower().endswith(".gz"))


def _page_or_skip(path, offset, record):
    kind = record.rec_type
    if kind is None:
        return Skip("corrupt", where(path.name, offset), "the record has no WARC-Type (truncated or corrupt)")
    if kind not in ("response", "resource"):
        return Skip(kind)
    origin = record_origin(path.name, offset, record)
    url, status, mime = origin.original_url, origin.http_status, origin.content_type
    named = where(path.name, offset, url)
    if status is not None and 300 <= status < 400:  # a redirect has no page, whatever its content type
        location = record.http_headers.get_header("Location") or "?"
        return Skip("redirect", named, f"HTTP {status}, a redirect to {location}")
    if mime not in PAGE_TYPES or url.lower().split("?")[0].endswith("/robots.txt"):
        return Skip("not a page")
    if status is not None and not 200 <= status < 300:
        return Skip("HTTP error", named, f"HTTP {status}: not a page of the site's content")
    payload = record.content_stream().read()
    if getattr(record.raw_stream, "limit", 0):
        return Skip("corrupt", named, "the record's payload is truncated (shorter than its Content-Length)")
    return origin, payload


def record_origin(file_name, offset, record):
    """The Origin of a response or resource record at this offset of a WARC file."""
    http = record.http_headers if record.rec_type == "response" else None
    mime, charset = _media_type((http or record.rec_headers).get_header("Content-Type") or "")
    return Origin(
        file_name=file_name,
        original_url=record.rec_headers.get_header("WARC-Target-URI") or "",
        captured_at=_date(record.rec_headers.get_header("WARC-Date")),
        warc_offset=offset,
        payload_digest=record.rec_headers.get_header("WARC-Payload-Digest") or "",
        http_status=_status(http.get_statuscode()) if http is not None else None,
        content_type=mime,
        charset=charset,
        http_headers=http.to_str() if http is not None else "",
    )


def _status(code):
    try:
        return int(code)
    except (TypeError, ValueError):
        return None


def _media_type(content_type):
    """('text/html', 'gbk') from 'text/html; charset=GBK'."""
    parts = [part.strip() for part in content_type.split(";")]
    charset = next(
        (p.split("=", 1)[1].strip(" \"'").lower() for p in parts[1:] if p.lower().startswith("charset=")), None
    )
    return parts[0].lower(), charset


def _date(value):
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _content_end(stream, size):
    """Where the file's content ends: trailing blank lines after the last record are not a record."""
    stream.seek(max(0, size - 16))
    tail = stream.read()
    return size - (len(tail) - len(tail.rstrip(b"\r\n")))


def _next_record(stream, start, gzipped):
    """Where the next record begins after start, or None."""
    start_of_record = GZIP_MEMBER if gzipped else WARC_START
    stream.seek(start)
    carry = b""
    base = start
    while chunk := stream.read(RESYNC_CHUNK):
        data = carry + chunk
        if match := start_of_record.search(data):
            return base + match.start()
        carry = data[-16:]
        base += len(data) - len(carry)
    return None
