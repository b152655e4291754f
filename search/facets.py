"""Facet counts over the current result set: region tree, source, year, script.

Counts come from each document's stored facet values, read once per index segment and
cached by segment id (segments never change once written; a new commit adds segments), so
counting is a loop over the matching document numbers, not a Whoosh categorizer per hit.
"""
import functools
import threading
from collections import Counter

from archive.models import Region, Source

FACET_FIELDS = ("regions", "source", "year", "script")
MAX_SOURCES = 30

_lock = threading.Lock()
_segments = {}  # (index path, segment id) -> [per-document facet values]


def _segment_values(reader):
    return [
        (
            tuple((stored.get("regions") or "").split(",")) if stored.get("regions") else (),
            stored.get("source"),
            stored.get("year"),
            stored.get("script"),
            stored.get("date") or 0,
            int(stored["django_id"]),
        )
        for stored in (reader.stored_fields(docnum) for docnum in range(reader.doc_count_all()))
    ]


def document_values(searcher, index_path):
    """(regions, source, year, script, date as YYYYMMDD or 0, article id) of every document,
    indexed by global document number."""
    values = []
    with _lock:
        keys = []
        for reader, offset in sorted(searcher.reader().leaf_readers(), key=lambda pair: pair[1]):
            key = (index_path, reader.segment().segment_id())
            keys.append(key)
            if key not in _segments:
                _segments[key] = _segment_values(reader)
            values.extend(_segments[key])
        for stale in [k for k in _segments if k[0] == index_path and k not in keys]:
            del _segments[stale]
    return values


@functools.lru_cache(maxsize=1)
def region_table():
    """{adcode: (name, level, parent adcode)} and {adcode: [child adcodes]}: static data."""
    table = {r.adcode: (r.name, r.level, r.parent_id) for r in Region.objects.all()}
    children = {}
    for code, (_, _, parent) in table.items():
        children.setdefault(parent, []).append(code)
    return table, children


def count(values, docnums):
    counters = {name: Counter() for name in FACET_FIELDS}
    for docnum in docnums:
        regions, source, year, script, _, _ = values[docnum]
        counters["regions"].update(regions)
        if source:
            counters["source"][source] += 1
        if year:
            counters["year"][year] += 1
        counters["script"][script] += 1
    return counters


def months(values, docnums):
    """[(YYYY-MM, count)] of the dated documents, in order."""
    counter = Counter(values[d][4] // 100 for d in docnums if values[d][4])
    return [(f"{m // 100:04d}-{m % 100:02d}", n) for m, n in sorted(counter.items())]


def region_tree(counts, selected):
    """Provinces with counts; under each selected region and its ancestors, their children."""
    table, children = region_table()
    expanded = set()
    for code in selected:
        while code:
            expanded.add(code)
            code = table[code][2] if code in table else None

    def node(code):
        name, level, _ = table[code]
        kids = children.get(code, []) if code in expanded else []
        return {
            "value": code,
            "name": name,
            "level": level,
            "count": counts[code],
            "children": sorted((node(k) for k in kids if counts[k]), key=lambda n: (-n["count"], n["value"])),
        }

    return sorted((node(p) for p in children.get(None, []) if counts[p]), key=lambda n: (-n["count"], n["value"]))


def facets(counters, selected_regions):
    source_ids = [int(pk) for pk, _ in counters["source"].most_common(MAX_SOURCES)]
    names = dict(Source.objects.filter(pk__in=source_ids).values_list("pk", "name"))
    return {
        "region": region_tree(counters["regions"], selected_regions),
        "source": [
            {"value": str(pk), "name": names.get(pk, str(pk)), "count": counters["source"][str(pk)]} for pk in source_ids
        ],
        "year": [{"value": y, "name": y, "count": n} for y, n in sorted(counters["year"].items(), reverse=True)],
        "script": [{"value": s, "name": s, "count": n} for s, n in counters["script"].most_common()],
    }
