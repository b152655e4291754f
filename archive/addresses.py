"""Addresses as web archives key them: SURT (Sort-friendly URI Reordering Transform), the form
CDX indexes sort and match by (com,example)/news/1.html), made by the Internet Archive's own
library, as pywb and the Wayback Machine make it."""

import surt


def url_key(url):
    """The SURT key of an address ("" for none, or one that cannot be read)."""
    if not url:
        return ""
    try:
        return surt.surt(url)
    except ValueError:
        return ""
