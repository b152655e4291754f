"""What the HTML search page adds to the search data: links that add or remove a filter,
pages, the month timeline as SVG geometry. Plain data; the template only displays it."""
from collections import Counter

from django.utils.http import urlencode

from archive.text import to_simplified, to_traditional
from search.filters import FACETS, PARAMS

REPEATABLE = {facet.param: facet.repeatable for facet in FACETS}
SHOW = {"simplified": to_simplified, "traditional": to_traditional}
TIMELINE_WIDTH, TIMELINE_HEIGHT = 600, 80


def query_string(params, **changes):
    """params (a QueryDict) with `changes` applied (None removes a key); page resets to 1."""
    data = {key: params.getlist(key) for key in params if key not in ("page",)}
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value if isinstance(value, list) else [value]
    return "?" + urlencode(data, doseq=True)


def toggle(params, key, value):
    """The link that adds `value` as the filter `key`, or removes it when it is active."""
    current = params.getlist(key)
    if value in current:
        remaining = [v for v in current if v != value]
        return query_string(params, **{key: remaining or None}), True
    single = not REPEATABLE.get(key, False)
    return query_string(params, **{key: [value] if single else current + [value]}), False


def decorate_facets(facets, params):
    def walk(nodes, key):
        for node in nodes:
            node["url"], node["active"] = toggle(params, key, node["value"])
            walk(node.get("children", []), key)

    for facet in FACETS:
        walk(facets[facet.param], facet.param)
    return facets


def active_filters(params, facets):
    names = {}
    def collect(nodes, key):
        for node in nodes:
            names[(key, node["value"])] = node["name"]
            collect(node.get("children", []), key)
    for facet in FACETS:
        collect(facets[facet.param], facet.param)
    out = []
    for key in PARAMS:
        for value in params.getlist(key):
            if value:
                label = names.get((key, value), value)
                out.append({"param": key, "value": value, "label": label, "remove": toggle(params, key, value)[0]})
    return out


def pages(params, count, page, page_size):
    last = max(1, -(-count // page_size))
    numbers = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    return {
        "last": last,
        "links": [{"number": n, "url": query_string(params, page=str(n)), "current": n == page} for n in numbers],
        "previous": query_string(params, page=str(page - 1)) if page > 1 else None,
        "next": query_string(params, page=str(page + 1)) if page < last else None,
    }


def timeline(months):
    """Bars for [(YYYY-MM, count)] from the first month to the last, gaps included."""
    if not months:
        return None
    counts = Counter(dict(months))
    first, last = months[0][0], months[-1][0]
    year, month = map(int, first.split("-"))
    series = []
    while True:
        key = f"{year:04d}-{month:02d}"
        series.append((key, counts.get(key, 0)))
        if key >= last:
            break
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    peak = max(c for _, c in series)
    width = TIMELINE_WIDTH / len(series)
    bars = [
        {
            "month": key, "count": count, "x": round(i * width, 2), "width": round(max(width - 1, 1), 2),
            "height": round(TIMELINE_HEIGHT * count / peak, 2), "y": round(TIMELINE_HEIGHT - TIMELINE_HEIGHT * count / peak, 2),
        }
        for i, (key, count) in enumerate(series)
    ]
    return {"bars": bars, "width": TIMELINE_WIDTH, "height": TIMELINE_HEIGHT, "first": first, "last": last, "peak": peak}


def shown(results, show):
    """Titles and snippets in the script the reader chose (the story's own when 'original')."""
    convert = SHOW.get(show)
    for result in results:
        result["display_title"] = convert(result["title"]) if convert else result["title"]
        result["display_snippet"] = convert(result["snippet"]) if convert else result["snippet"]
    return results
