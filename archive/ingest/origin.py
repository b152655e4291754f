"""Where a payload came from: a plain file, or a record of a WARC file.

An Origin travels with the payload through the worker processes and becomes a Capture when
the story is stored; everything but the payload itself is here.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

HTML_TYPES = ("text/html", "application/xhtml+xml")


def where(file_name, offset=None, url=""):
    """How a message names a payload: the file, and for a WARC record its offset and address."""
    if offset is None:
        return file_name
    return f"{file_name} at offset {offset}" + (f" ({url})" if url else "")


@dataclass(frozen=True)
class Origin:
    file_name: str  # the plain file's name, or the WARC file's
    original_url: str = ""
    captured_at: datetime | None = None
    warc_offset: int | None = None
    payload_digest: str = ""
    http_status: int | None = None
    content_type: str = ""  # without parameters: text/html
    charset: str | None = None  # as the HTTP header declares it
    http_headers: str = ""  # the status line and headers as served

    @property
    def site(self):
        """The host of the address: the facet a reader filters by."""
        return (urlsplit(self.original_url).hostname or "") if self.original_url else ""

    @property
    def name(self):
        """What the story is called by: the page's address, or the plain file's name."""
        return self.original_url or self.file_name

    @property
    def in_warc(self):
        return self.warc_offset is not None

    @property
    def is_html(self):
        """Whether the payload is a page (from its content type; None for a plain file: its
        name and its first bytes decide)."""
        return self.content_type in HTML_TYPES if self.content_type else None

    def __str__(self):
        return where(self.file_name, self.warc_offset, self.original_url)
