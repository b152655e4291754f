"""The address a Memento request names: the rest of its path after /wayback/…/, with its query
string (which belongs to the archived address, not to us), as pywb reads it.

Servers and proxies collapse the "//" of "http://" in a path ("http:/x"), and people leave the
scheme out ("news.example.cn/a.html", read as http://): both are put right. The path comes
percent-decoded from the server and is encoded again, so the address is a URI whatever script
its path was typed in; SURT keys match either form (archive/addresses.py)."""

import re
from urllib.parse import urlsplit

from django.utils.encoding import escape_uri_path, iri_to_uri

from archive.addresses import url_key

MAX_LENGTH = 2000  # Capture.original_url's
_SCHEME = re.compile(r"^(https?):/*", re.IGNORECASE)


def requested(request, rest):
    """The address the request names: `rest`, the path after the endpoint's prefix, and the
    query string."""
    query = request.META.get("QUERY_STRING", "")
    return escape_uri_path(rest) + (f"?{iri_to_uri(query)}" if query else "")


def checked(text):
    """(address, SURT key) of an http(s) address given in a request; ValueError saying what is
    wrong with it."""
    text = text.strip()
    if not text:
        raise ValueError("no address given")
    address = _SCHEME.sub(lambda m: f"{m.group(1).lower()}://", text) if _SCHEME.match(text) else f"http://{text}"
    try:
        parts = urlsplit(address)
        host = parts.hostname
        parts.port  # noqa: B018 - reading it checks the port
    except ValueError as error:
        raise ValueError(f"{text!r} is not an address: {error}") from None
    if not host or ("." not in host.strip(".") and host != "localhost") or len(address) > MAX_LENGTH:
        raise ValueError(f"{text!r} is not an http or https address with a host name")
    key = url_key(address)
    if not key:
        raise ValueError(f"{text!r} is not an address that can be keyed")
    return iri_to_uri(address), key
