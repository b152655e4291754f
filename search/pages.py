"""What the HTML search page adds to the search data: links that add or remove a filter,
labels in the script the reader chose, pages (the timeline: search/timeline.py; the map:
search/maps.py). Plain data; the template only displays it."""

from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from archive.models import Article, Region, Source
from archive.region_counts import reads_traditional
from archive.text import to_simplified, to_traditional
from search import filters
from search.filters import FACETS, PARAMS

REPEATABLE = {facet.param: facet.repeatable for facet in FACETS}
SHOW = {"simplified": to_simplified, "traditional": to_traditional}
# How a filter chip names a value that is a word, not a name (the facet lists name them in the template).
VALUE_NAMES = {
    "script": {"simplified": _("simplified"), "traditional": _("traditional"), "mixed": _("mixed")},
    "reposts": {"originals": _("originals only"), "reposts": _("reposts only")},
    "status": dict(Article.STATUSES),
}


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


def chosen_show(params):
    """show= as the page takes it: "original" unless "simplified" or "traditional"."""
    show = params.get("show")
    return show if show in SHOW else "original"


def regions_in_traditional(show):
    """Whether region names (the archive's own labels, stored simplified) are shown in traditional
    script: when show= asks for it, and with show=original when the interface language is
    written in it (繁體中文)."""
    return show == "traditional" or (show not in SHOW and reads_traditional())


def traditional_paths(codes):
    """{adcode: [its names in traditional script, province first]}, as stored (Region.name_traditional)."""
    regions = Region.objects.filter(adcode__in=set(codes)).select_related("parent__parent")
    return {region.adcode: [r.name_traditional for r in region.path()] for region in regions}


def walk(nodes):
    """Every node of a facet, the region tree's children too."""
    for node in nodes:
        yield node
        yield from walk(node.get("children", []))


def label_facets(facets, params):
    """Each facet value's `label`, in the script the reader chose: a region's name in
    traditional script as regions_in_traditional says; a source's name (the site's own) as
    published, converted when show= asks for a script; other values as they are."""
    show = chosen_show(params)
    regions = list(walk(facets["region"]))
    names = {}
    if regions_in_traditional(show):
        names = {code: path[-1] for code, path in traditional_paths(n["value"] for n in regions).items()}
    for node in regions:
        node["label"] = names.get(node["value"], node["name"])
    convert = SHOW.get(show)
    for node in facets["source"]:
        node["label"] = convert(node["name"]) if convert else node["name"]
    for facet in FACETS:
        if facet.param not in ("region", "source"):
            for node in walk(facets[facet.param]):
                node["label"] = node["name"]
    return facets


def decorate_facets(facets, params):
    label_facets(facets, params)
    for facet in FACETS:
        for node in walk(facets[facet.param]):
            node["url"], node["active"] = toggle(params, facet.param, node["value"])
    return facets


def unlisted_labels(params, missing):
    """Labels of filter values the facets do not list (no story of this page's results has
    them): {(param, value): label}, named as label_facets names them."""
    show = chosen_show(params)
    labels = {}
    codes = [value for param, value in missing if param == "region"]
    if codes:
        names = dict(Region.objects.filter(adcode__in=codes).values_list("adcode", "name"))
        if regions_in_traditional(show):
            names.update({code: path[-1] for code, path in traditional_paths(codes).items()})
        labels.update({("region", code): name for code, name in names.items()})
    convert = SHOW.get(show)
    for param, value in missing:
        if param == "source":  # an id or a name in either script, as search.filters.source takes it
            name = Source.objects.filter(pk=int(filters.source(value))).values_list("name", flat=True).first()
            if name:
                labels[(param, value)] = convert(name) if convert else name
    return labels


def active_filters(params, facets):
    """The filters in force as chips that remove them, each named as its facet value is."""
    if any("label" not in node for facet in FACETS for node in walk(facets[facet.param])):
        label_facets(facets, params)
    names = {(facet.param, node["value"]): node["label"] for facet in FACETS for node in walk(facets[facet.param])}
    for param, values in VALUE_NAMES.items():
        names.update({(param, value): str(name) for value, name in values.items()})
    given = [(key, value) for key in PARAMS for value in params.getlist(key) if value]
    names.update(unlisted_labels(params, [item for item in given if item not in names]))
    return [
        {"param": key, "value": value, "label": names.get((key, value), value), "remove": toggle(params, key, value)[0]}
        for key, value in given
    ]


def pages(params, count, page, page_size):
    last = max(1, -(-count // page_size))
    numbers = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    return {
        "last": last,
        "links": [{"number": n, "url": query_string(params, page=str(n)), "current": n == page} for n in numbers],
        "previous": query_string(params, page=str(page - 1)) if page > 1 else None,
        "next": query_string(params, page=str(page + 1)) if page < last else None,
    }


def shown(results, show):
    """Titles, snippets and source names in the script the reader chose (the story's own when
    'original'); region names as regions_in_traditional says."""
    convert = SHOW.get(show)
    paths = {}
    if regions_in_traditional(show):
        paths = traditional_paths(region["adcode"] for result in results for region in result["regions"])
    for result in results:
        result["display_title"] = convert(result["title"]) if convert else result["title"]
        result["display_snippet"] = convert(result["snippet"]) if convert else result["snippet"]
        result["display_source"] = convert(result["source"]) if convert and result["source"] else result["source"]
        result["display_regions"] = [
            {"adcode": r["adcode"], "path": paths.get(r["adcode"], r["path"])} for r in result["regions"]
        ]
        for story in result.get("also_run_by", {}).get("stories", []):
            story["display_source"] = convert(story["source"]) if convert and story["source"] else story["source"]
    return results
