"""A capture served as the site served it: its bytes, its status and Content-Type (with the
charset it declared), its other headers as X-Archive-Orig-<name> (pywb's names for headers a
replay does not act on), and a redirect's Location turned into the memento of its target.

The bytes are someone else's page, so the response always carries a Content-Security-Policy
with `sandbox` (no allow-scripts, no allow-same-origin): the browser runs none of its scripts,
inline handlers included, submits none of its forms, and gives the page an opaque origin, so
nothing in it can read the archive's cookies or call the archive's API as the reader. Its
resources load from this host only (not the live site, which would learn who reads its
archived pages); archive/wayback/isolation.py sees that no cookie is read or set here."""

import io
from urllib.parse import urljoin

from django.http import HttpResponse
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser

from archive.ingest.warc import payload_headers

SANDBOX = (
    "sandbox; default-src 'self' data: 'unsafe-inline'; script-src 'none'; object-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)


def served(capture, memento_of):
    """The response for a capture; memento_of(address) is where the memento of an address at the
    capture's time is (for a redirect's target)."""
    headers = _as_served(capture.http_headers)
    status = capture.http_status if capture.http_status and 200 <= capture.http_status < 600 else 200
    content_type = headers.get_header("Content-Type") or capture.content_type or "application/octet-stream"
    response = HttpResponse(bytes(capture.payload), status=status, content_type=content_type)
    originals = {}
    for name, value in payload_headers(headers.headers):
        originals.setdefault(f"X-Archive-Orig-{name}", []).append(value)
    for name, values in originals.items():
        response[name] = ", ".join(values)
    location = headers.get_header("Location")
    if location and 300 <= status < 400:
        response["Location"] = memento_of(urljoin(capture.original_url, location))
    response["Content-Security-Policy"] = SANDBOX
    return response


def _as_served(text):
    """The status line and headers as served ("" for a WARC resource record: none)."""
    if not text:
        return StatusAndHeaders("", [])
    return StatusAndHeadersParser([], verify=False).parse(io.StringIO(text))
