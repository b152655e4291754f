"""Where the matching stories are about, as a choropleth: China's provinces, or, when the chosen
regions all lie in one province, that province's cities (a municipality's districts), each area
coloured by its count and linked to the region filter; the same counts as a table for keyboard
and screen-reader users. The boundaries are search/data/china_map.json (search/map_shapes.py
made it from a maintained data set, and says which). The search page and the trends page both
show map_context's dict through templates/search/map.html."""

import bisect
import functools
import json
import math

from search.facets import region_table
from search.map_shapes import OUTPUT
from search.pages import query_string, walk

COUNTRY = "china"
CLASSES = 5  # colour classes of a count, each a CSS class map-N (static/archive/site.css)


@functools.lru_cache(maxsize=1)
def shapes():
    """The maps as built: {"source": the data set, "maps": {"china" | province adcode: map}}."""
    return json.loads(OUTPUT.read_text(encoding="utf-8"))


def province_of(code):
    return code[:2] + "0000"


def shown_map(chosen):
    """Which map: a province's, when every chosen region lies in it and it has one; else the country's."""
    provinces = {province_of(code) for code in chosen}
    if len(provinces) == 1 and next(iter(provinces)) in shapes()["maps"]:
        return next(iter(provinces))
    return COUNTRY


def thresholds(peak):
    """The counts at which each colour class above the first begins: equal steps of log(1 + count)
    up to the peak, so that a province with 3 stories still shows beside one with 3,000."""
    top = math.log1p(peak)
    return [math.expm1(top * k / CLASSES) for k in range(1, CLASSES)]


def colour_class(count, peak):
    """0 for none, else 1 to CLASSES (the peak's)."""
    return 1 + bisect.bisect_right(thresholds(peak), count) if count else 0


def map_context(counts, chosen, params, names=None):
    """The map's dict for templates/search/map.html.

    counts: {adcode: matching stories} (the region facet's counts); chosen: the adcodes of the
    region filter; params: the page's query (a QueryDict), whose other filters each area's link
    keeps; names: {adcode: label} as the page shows region names (by default
    archive_names()). An area links to region=its adcode (the region filter
    replaced), the way back to the whole country drops the region filter."""
    key = shown_map(chosen)
    shown = shapes()["maps"][key]
    names = names or archive_names()
    peak = max((counts.get(code, 0) for code in shown["areas"]), default=0)
    areas = []
    for code, path in shown["areas"].items():
        count = counts.get(code, 0)
        areas.append(
            {
                "adcode": code,
                "name": names.get(code, code),
                "count": count,
                "path": path,
                "shade": colour_class(count, peak),
                "url": query_string(params, region=code) if count else None,
                "chosen": code in chosen,
            }
        )
    rows = sorted((a for a in areas if a["count"]), key=lambda a: (-a["count"], a["adcode"]))
    return {
        "province": None if key == COUNTRY else key,
        "province_name": None if key == COUNTRY else names.get(key, key),
        "country_url": query_string(params, region=None) if key != COUNTRY else None,
        "width": shown["width"],
        "height": shown["height"],
        "areas": areas,
        "unlinked": list(shown["unmatched"].values()),
        "rows": rows,
        "legend": legend(peak),
        "source": shapes()["source"],
    }


def legend(peak):
    """[{shade, low, high}]: the counts each colour class stands for, those up to the peak that hold any."""
    edges = [1, *(math.ceil(t) for t in thresholds(peak)), peak + 1] if peak else []
    bands = [{"shade": k + 1, "low": max(1, edges[k]), "high": edges[k + 1] - 1} for k in range(len(edges) - 1)]
    return [band for band in bands if band["low"] <= band["high"]]


def archive_names():
    """{adcode: name} of every region, as the archive stores them."""
    return {code: name for code, (name, _, _) in region_table()[0].items()}


def facet_map(region_facet, chosen, params):
    """map_context of a search: the counts and names (as the page labels them) of its region facet
    (search.facets.region_tree, labelled by search.pages), other areas named as the archive stores them."""
    names = archive_names()
    counts = {}
    for node in walk(region_facet):
        counts[node["value"]] = node["count"]
        names[node["value"]] = node.get("label", node["name"])
    return map_context(counts, chosen, params, names)
