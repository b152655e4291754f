"""The captures these protocols show, found by SURT key (Capture.urlkey, indexed): a capture
with an address and a capture time, of a published story. A plain file (no address) is no web
address's capture; an unpublished story's captures exist for nobody here."""

from itertools import zip_longest
from operator import itemgetter

from django.db.models import Min, Q

from archive.models import Capture


def shown():
    """Every capture shown, without its bytes (a replay reads them for one capture)."""
    return (
        Capture.objects.filter(article__published=True, captured_at__isnull=False)
        .exclude(urlkey="")
        .defer("payload", "http_headers")
        .order_by()
    )


def in_range(start, end):
    """The captures whose SURT key is in [start, end): an address, a path, a host or a domain
    (archive/wayback/cdx.py key_range), read off the urlkey index."""
    return shown().filter(urlkey__gte=start, urlkey__lt=end)


def of_address(key):
    """The captures of one address (one SURT key), oldest first."""
    return list(shown().filter(urlkey=key).order_by("captured_at", "id"))


def nearest(captures, when):
    """The index of the capture nearest in time to `when` in a list oldest first; of two as
    near, the earlier (as pywb's closest sort)."""
    return min(range(len(captures)), key=lambda i: abs(captures[i].captured_at - when))


def neighbours(key, count=10):
    """Up to `count` addresses held near a SURT key, [{"url", "urlkey"}] in SURT order: those on
    the same host first, then those nearest in SURT order elsewhere."""
    host = key.split(")/", 1)[0]
    start, end = f"{host})/", f"{host})0"  # every key of the host starts with "host)/"
    same = _around(shown().filter(urlkey__gte=start, urlkey__lt=end), key, count)
    other = _around(shown().filter(Q(urlkey__lt=start) | Q(urlkey__gte=end)), key, count - len(same))
    return same + other


def _around(captures, key, count):
    """The `count` addresses nearest `key` in SURT order among these captures, in SURT order."""
    if count <= 0:
        return []
    addresses = captures.values("urlkey").annotate(url=Min("original_url"))
    after = addresses.filter(urlkey__gt=key).order_by("urlkey")[:count]
    before = addresses.filter(urlkey__lt=key).order_by("-urlkey")[:count]
    nearest_first = [found for pair in zip_longest(after, before) for found in pair if found]
    return sorted(({"url": a["url"], "urlkey": a["urlkey"]} for a in nearest_first[:count]), key=itemgetter("urlkey"))
