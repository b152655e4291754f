"""The facets of a result set as the API and the pages show them: the region tree (province ›
city › district), sources by name, years, scripts, sites, originals and reposts, statuses. Engines
count (search.engine.Found.counters); this names and orders."""

import functools

from archive.models import Article, Region, Source
from search.filters import FACETS

MAX_VALUES = 30  # sources and sites shown: the most common, ties in the order of their values


@functools.lru_cache(maxsize=1)
def region_table():
    """{adcode: (name, level, parent adcode)} and {adcode: [child adcodes]}: static data."""
    table = {r.adcode: (r.name, r.level, r.parent_id) for r in Region.objects.all()}
    children = {}
    for code, (_, _, parent) in table.items():
        children.setdefault(parent, []).append(code)
    return table, children


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


def most_common(counter, limit=MAX_VALUES):
    """The `limit` most common (value, count), ties in the order of the values: as Solr picks them."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:limit]


def facets(counters, selected_regions):
    """{facet param: [{value, name, count}]} (the region a tree of them) from an engine's
    counters of indexed values, for every facet of search.filters."""
    shown = {facet.param: facet.shown for facet in FACETS}
    source_ids = [int(pk) for pk, _ in most_common(counters["source"])]
    names = dict(Source.objects.filter(pk__in=source_ids).values_list("pk", "name"))
    return {
        "region": region_tree(counters["region"], selected_regions),
        "source": [
            {"value": str(pk), "name": names.get(pk, str(pk)), "count": counters["source"][str(pk)]}
            for pk in source_ids
        ],
        "year": [{"value": y, "name": y, "count": n} for y, n in sorted(counters["year"].items(), reverse=True)],
        "script": [{"value": s, "name": s, "count": n} for s, n in most_common(counters["script"], None)],
        "site": [{"value": s, "name": s, "count": n} for s, n in most_common(counters["site"])],
        "reposts": [
            {"value": shown["reposts"](v), "name": shown["reposts"](v), "count": n}
            for v, n in sorted(counters["reposts"].items())
        ],
        "status": statuses(counters["status"]),
    }


def statuses(counter):
    """The statuses in the order a story goes through them (present, altered, removed, restored),
    each named in the request's language (Article.STATUSES)."""
    return [
        {"value": value, "name": str(name), "count": counter[value]}
        for value, name in Article.STATUSES
        if counter[value]
    ]
