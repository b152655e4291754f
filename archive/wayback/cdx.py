"""The CDX server API as pywb answers it (its docs/manual/cdxserver_api.rst, and
pywb/warcserver/index/query.py, cdxops.py and handlers.py, which this follows): one line per
capture, in SURT order (urlkey, then time), with the fields urlkey, timestamp, url, mime, status,
digest, length, offset and filename ("-" where unknown: the WARC record's length is not kept).

The captures come from SQL, a range of the indexed SURT keys with the from/to times, read in
chunks and never all at once; filters, collapsing and the closest sort run over that stream in
pywb's order (filter, collapse, then closest, reverse or limit). Where pywb has no equivalent:
`collapse=field[:N]` is the Wayback Machine's (drop a line whose field, or its first N
characters, repeats the line before's), and paging counts captures, not ZipNum blocks: a page
is `pageSize` captures of the range (1000 unless asked), `showNumPages` counts them.
"""

import bisect
import json
import math
import re
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from operator import itemgetter

from archive.wayback import holdings
from archive.wayback.errors import BadParameter
from archive.wayback.links import memento_lines
from archive.wayback.targets import checked
from archive.wayback.timestamps import span, to_timestamp

FIELDS = ("urlkey", "timestamp", "url", "mime", "status", "digest", "length", "offset", "filename")
# Other names pywb reads for a field (pywb's CDXObject.CDX_ALT_FIELDS, where "s" ends as length).
ALIASES = {
    "u": "url",
    "original": "url",
    "statuscode": "status",
    "mimetype": "mime",
    "m": "mime",
    "l": "length",
    "s": "length",
    "o": "offset",
    "d": "digest",
    "t": "timestamp",
    "k": "urlkey",
    "f": "filename",
}
MATCH_TYPES = ("exact", "prefix", "host", "domain")
OUTPUTS = {
    "cdxj": "text/x-cdxj",
    "json": "text/x-ndjson",
    "text": "text/plain",
    "link": "application/link-format",
}
DEFAULT_LIMIT = 100_000  # pywb's
DEFAULT_PAGE_SIZE = 1000
MAX_FILTER = 500  # characters of one filter: a regular expression runs over every line of the range
CHUNK = 2000
_TRUE, _FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off", ""}
_FILTER = re.compile(r"(?P<negate>!?)(?P<mode>[=~]?)(?:(?P<field>[A-Za-z.]+):)?(?P<expression>.*)", re.DOTALL)
_COLLAPSE = re.compile(r"(?P<field>[A-Za-z.]+)(?::(?P<length>\d{1,4}))?")


@dataclass(frozen=True)
class Filter:
    """filter=[!][=|~]field:expression: the field contains the expression, equals it (=) or
    matches it from its start as a regular expression (~); ! keeps the lines that do not.
    Without a field, the whole line (its fields joined by spaces) is matched."""

    field: str | None
    negate: bool
    mode: str
    expression: str

    def __call__(self, line):
        value = line[self.field] if self.field else " ".join(line.values())
        if self.mode == "=":
            found = value == self.expression
        elif self.mode == "~":
            found = re.match(self.expression, value) is not None
        else:
            found = self.expression in value
        return found != self.negate


@dataclass(frozen=True)
class Query:
    address: str
    start: str  # the range of SURT keys, [start, end)
    end: str
    since: datetime | None = None  # from=, the start of its span
    until: datetime | None = None  # to=, the end of its span (excluded)
    limit: int = DEFAULT_LIMIT
    reverse: bool = False
    closest: datetime | None = None
    output: str = "cdxj"
    fields: tuple = FIELDS
    filters: tuple = ()
    collapse: tuple = ()  # (field, characters or None)
    page: int | None = None
    page_size: int = DEFAULT_PAGE_SIZE
    show_num_pages: bool = False


def exact(address, key, output):
    """The query of one address's every capture (a TimeMap's)."""
    return Query(address, *key_range(address, key, "exact"), output=output)


def parse(params):
    """A Query from a request's parameters (a QueryDict); BadParameter naming the first that
    cannot be read."""
    url = params.get("url", "")
    match_type = params.get("matchType") or ""
    if match_type and match_type not in MATCH_TYPES:
        raise BadParameter("matchType", f"matchType must be one of {', '.join(MATCH_TYPES)}")
    if not match_type:  # pywb's wildcards: *.example.com is a domain, example.com/path/* a prefix
        if url.startswith("*."):
            url, match_type = url[2:], "domain"
        elif url.endswith("*"):
            url, match_type = url[:-1], "prefix"
        else:
            match_type = "exact"
    if not url:
        raise BadParameter("url", "A url= param must be specified to query the cdx server")
    try:
        address, key = checked(url)
    except ValueError as error:
        raise BadParameter("url", str(error)) from None
    sort = params.get("sort", "")
    if sort not in ("", "reverse", "closest"):
        raise BadParameter("sort", "sort must be reverse or closest")
    closest = _time(params, "closest", 0)
    if sort == "closest" and closest is None:
        raise BadParameter("closest", "sort=closest needs closest=<timestamp>")
    output = params.get("output") or "cdxj"
    if output not in OUTPUTS:
        raise BadParameter("output", f"output={output} not supported: {', '.join(OUTPUTS)}")
    page = _whole(params, "page", minimum=0)
    return Query(
        address,
        *key_range(address, key, match_type),
        since=_time(params, "from", 0),
        until=_time(params, "to", 1),
        limit=_whole(params, "limit", minimum=1) or DEFAULT_LIMIT,
        reverse=sort == "reverse",
        closest=closest,
        output=output,
        fields=_fields(params),
        filters=tuple(_filter(text) for text in params.getlist("filter")),
        collapse=tuple(_collapse(text) for text in params.getlist("collapse")),
        page=page,
        page_size=_whole(params, "pageSize", minimum=1) or DEFAULT_PAGE_SIZE,
        show_num_pages=_flag(params, "showNumPages"),
    )


def key_range(address, key, match_type):
    """[start, end) of the SURT keys a match type covers, as pywb's calc_search_range makes it."""
    host = key.split(")/", 1)[0]
    if match_type == "exact":
        return key, key + "!"
    if match_type == "prefix":
        for mark in "/?":
            if address.endswith(mark) and not key.endswith(mark):
                key += mark
        return key, key[:-1] + chr(ord(key[-1]) + 1)
    if match_type == "host":
        return f"{host})/", f"{host}*"
    return (f"{host})/" if "," in host else f"{host},"), f"{host}-"  # domain: the host and every host under it


def page_count(query):
    """pywb's showNumPages answer: {"pages", "pageSize", "blocks"}, a block being one capture."""
    blocks = _selected(query).count()
    return {"pages": math.ceil(blocks / query.page_size), "pageSize": query.page_size, "blocks": blocks}


def lines(query):
    """The answer's lines, each a dict of every field in FIELDS order, as the query asks."""
    if query.page is not None:
        rows = _page(query)
    elif query.filters or query.collapse or query.closest is not None:
        rows = _ordered(query).iterator(chunk_size=CHUNK)  # read until `limit` lines pass
    else:
        rows = _ordered(query)[: query.limit].iterator(chunk_size=CHUNK)
    found = (line for line in map(_line, rows) if all(test(line) for test in query.filters))
    found = _collapsed(found, query.collapse)
    if query.closest is not None:
        return _closest(found, query.closest, query.limit)
    return islice(found, query.limit)


def rendered(query, found, memento_uri):
    """The text of the lines `found`, as pieces, in the query's output format; memento_uri(time,
    url) is where a memento is (for output=link, whose lines are one TimeMap's: pywb's
    memento_format)."""
    fields = query.fields
    if query.output == "link":
        times = [(span(line["timestamp"])[0], line["url"]) for line in found]
        return [",\n".join(memento_lines([(memento_uri(when, url), when) for when, url in times])) + "\n"]
    if query.output == "json":
        return (json.dumps({name: line[name] for name in fields}, ensure_ascii=False) + "\n" for line in found)
    if query.output == "text":
        return (" ".join(line[name] for name in fields) + "\n" for line in found)
    rest = [name for name in fields if name not in ("urlkey", "timestamp")]
    return (
        f"{line['urlkey']} {line['timestamp']} {json.dumps({n: line[n] for n in rest}, ensure_ascii=False)}\n"
        for line in found
    )


def _selected(query):
    captures = holdings.in_range(query.start, query.end)
    if query.since:
        captures = captures.filter(captured_at__gte=query.since)
    if query.until:
        captures = captures.filter(captured_at__lt=query.until)
    return captures


SURT_ORDER = ("urlkey", "captured_at", "id")
_COLUMNS = (
    "urlkey",
    "captured_at",
    "original_url",
    "content_type",
    "http_status",
    "payload_digest",
    "warc_offset",
    "file_name",
)


def _ordered(query):
    """The rows in the order the answer reads them: by time for the closest sort (so that its
    reading stops once the captures only get further away), last first for reverse, else SURT."""
    if query.closest is not None:
        order = ("captured_at", "id")
    elif query.reverse:
        order = ("-urlkey", "-captured_at", "-id")
    else:
        order = SURT_ORDER
    return _selected(query).order_by(*order).values_list(*_COLUMNS)


def _page(query):
    """The rows of page `query.page`: that slice of the range in SURT order, read in the order
    the answer reads them (pywb sorts and reverses within a page)."""
    pages = page_count(query)["pages"]
    if pages and query.page >= pages:
        raise BadParameter("page", f"Page {query.page} invalid: First Page is 0, Last Page is {pages - 1}")
    first = query.page * query.page_size
    rows = list(_selected(query).order_by(*SURT_ORDER).values_list(*_COLUMNS)[first : first + query.page_size])
    if query.closest is not None:
        rows.sort(key=itemgetter(1))  # captured_at
    elif query.reverse:
        rows.reverse()
    return rows


def _line(row):
    urlkey, captured_at, url, mime, status, digest, offset, file_name = row
    return {
        "urlkey": urlkey,
        "timestamp": to_timestamp(captured_at),
        "url": url,
        "mime": mime or "unk",
        "status": str(status) if status else "-",
        "digest": digest.removeprefix("sha1:") or "-",
        "length": "-",
        "offset": "-" if offset is None else str(offset),
        "filename": file_name or "-",
    }


def _collapsed(found, collapse):
    """Drop a line whose collapse fields (or their first N characters) are those of the line before."""
    if not collapse:
        yield from found
        return
    previous = None
    for line in found:
        token = tuple(line[field][:length] if length else line[field] for field, length in collapse)
        if token != previous:
            yield line
        previous = token


def _closest(found, when, limit):
    """The `limit` lines nearest in time to `when`, nearest first (of two as near, the earlier),
    from lines in time order: pywb's cdx_sort_closest."""
    keys, nearest = [], []
    for line in found:
        distance = abs(span(line["timestamp"])[0] - when)
        if len(nearest) == limit and distance > keys[-1]:
            break  # in time order, every later line is further still
        at = bisect.bisect_right(keys, distance)
        keys.insert(at, distance)
        nearest.insert(at, line)
        del keys[limit:], nearest[limit:]
    return iter(nearest)


def _time(params, name, end):
    """The start (end=0) or end (end=1) of the span a timestamp parameter names, or None."""
    text = params.get(name)
    if not text:
        return None
    try:
        return span(text)[end]
    except ValueError as error:
        raise BadParameter(name, str(error)) from None


def _whole(params, name, minimum):
    text = params.get(name)
    if text is None or text == "":
        return None
    if not (text.isascii() and text.isdigit() and len(text) <= 9 and int(text) >= minimum):
        raise BadParameter(name, f"{name} must be a whole number of at least {minimum}")
    return int(text)


def _flag(params, name):
    text = params.get(name, "").lower()
    if text not in _TRUE | _FALSE:
        raise BadParameter(name, f"{name} must be true or false")
    return text in _TRUE


def _field(name, parameter):
    field = ALIASES.get(name, name)
    if field not in FIELDS:
        raise BadParameter(parameter, f"no field {name!r}: the fields are {', '.join(FIELDS)}")
    return field


def _fields(params):
    text = params.get("fl") or params.get("fields")
    if not text:
        return FIELDS
    return tuple(_field(name.strip(), "fl") for name in text.split(","))


def _filter(text):
    if len(text) > MAX_FILTER:
        raise BadParameter("filter", f"a filter is at most {MAX_FILTER} characters")
    parts = _FILTER.fullmatch(text)
    field = _field(parts["field"], "filter") if parts["field"] else None
    if parts["mode"] == "~":
        try:
            re.compile(parts["expression"])
        except re.error as error:
            raise BadParameter("filter", f"{parts['expression']!r} is not a regular expression: {error}") from None
    return Filter(field, bool(parts["negate"]), parts["mode"], parts["expression"])


def _collapse(text):
    parts = _COLLAPSE.fullmatch(text)
    if not parts:
        raise BadParameter("collapse", "collapse is a field, or field:N for its first N characters (collapse=digest)")
    return _field(parts["field"], "collapse"), int(parts["length"]) if parts["length"] else None
