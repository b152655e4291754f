"""/concordance/ (search.concordance over any search) and its twins: format=json and format=csv.
All three render one plain dict (concordance_data); every bad value is a 400 naming its parameter."""

import csv
import io
from urllib.parse import quote

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from archive.api import bad_parameter, json_response
from archive.export_csv import BOM, CONTENT_TYPE
from search import pages
from search.concordance import DEFAULT_WIDTH, MAX_WIDTH, SORTS, Terms, concordance
from search.filters import one_of
from search.params import MAX_PAGE, SearchParams, given_once
from search.query import QueryError, parse_int

FORMATS = ("html", "json", "csv")
DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 50, 1000
OWN = ("sort", "width", "page", "page_size", "format")  # the concordance's parameters; the rest are the search's
FRAGMENT_CONTEXT = 8  # characters of context a link's text fragment names (within the match's paragraph)
WIDTH_CHOICES = (10, 20, 30, 50, 100)  # the page's links; width= takes any from 1 to MAX_WIDTH
CSV_FIELDS = ("id", "date", "where", "left", "match", "right", "url")


def parse(query):
    """(SearchParams of the search, sort, width, page, page_size) from a QueryDict."""
    sort = one_of("sort", SORTS)(given_once(query, "sort", "date"))
    width = parse_int("width", given_once(query, "width", str(DEFAULT_WIDTH)), 1, MAX_WIDTH)
    page = parse_int("page", given_once(query, "page", "1"), 1, MAX_PAGE)
    page_size = parse_int("page_size", given_once(query, "page_size", str(DEFAULT_PAGE_SIZE)), 1, MAX_PAGE_SIZE)
    search = query.copy()
    for name in OWN:
        search.pop(name, None)
    params = SearchParams.from_request(search)
    if not params.q:
        raise QueryError("q", "q is required: the concordance lists the occurrences of a query's terms")
    if not Terms.of(params.query):
        raise QueryError("q", "q has no term to find in the text (only exclusions or source: names)")
    return params, sort, width, page, page_size


def story_link(params, found):
    """The story page, marking the query, scrolled to this occurrence where the browser honours
    text fragments (#:~:text=before-,match,-after; the context taken within the match's line)."""
    query = params.marking_query()  # the concordance always has a query
    before = found.left.rsplit(" ", 1)[-1][-FRAGMENT_CONTEXT:] if found.left else ""
    after = found.right.split(" ", 1)[0][:FRAGMENT_CONTEXT] if found.right else ""
    fragment = ",".join(
        part
        for part in (
            before and fragment_part(before) + "-",
            fragment_part(found.match),
            after and "-" + fragment_part(after),
        )
        if part
    )
    return f"/articles/{found.id}/{query}#:~:text={fragment}"


def fragment_part(text):
    """Text percent-encoded for a text fragment, whose syntax reserves - , and &."""
    return quote(text, safe="").replace("-", "%2D")


def concordance_data(params, sort, width, page, page_size):
    found = concordance(params, sort, width, page, page_size)
    return {
        "q": params.q,
        "count": found.count,
        "count_complete": found.complete,
        "stories": found.stories,
        "counted_stories": found.counted_stories,
        "seconds": found.seconds,
        "sort": sort,
        "sorted_lines": found.sorted_lines,
        "width": width,
        "page": page,
        "page_size": page_size,
        "page_reached": found.reached,
        "lines": [
            {
                "id": li.id,
                "date": li.date.isoformat() if li.date else None,
                "where": li.where,
                "left": li.left,
                "match": li.match,
                "right": li.right,
                "url": story_link(params, li),
            }
            for li in found.lines
        ],
    }


def csv_response(data):
    """The page's lines as CSV, UTF-8 with a byte-order mark (so that Excel reads Chinese)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(data["lines"])
    response = HttpResponse(BOM + out.getvalue(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="concordance-page-{data["page"]}.csv"'
    return response


@require_safe
def concordance_page(request):
    fmt = request.GET.get("format") or "html"
    if fmt not in FORMATS:
        return bad_parameter("format", f"format={fmt!r} must be one of {', '.join(FORMATS)}")
    try:
        params, sort, width, page, page_size = parse(request.GET)
        data = concordance_data(params, sort, width, page, page_size)  # an engine may refuse a query too
    except QueryError as error:
        if fmt != "html":
            return bad_parameter(error.param, str(error))
        return render(request, "search/concordance.html", {"q": request.GET.get("q", ""), "error": error}, status=400)
    if fmt == "json":
        return json_response(data)
    if fmt == "csv":
        return csv_response(data)
    shown = min(data["count"], data["sorted_lines"]) if data["sorted_lines"] is not None else data["count"]
    context = {
        "q": params.q,
        "data": data,
        "pages": pages.pages(request.GET, shown, page, page_size),
        "sort_links": {s: pages.query_string(request.GET, sort=s) for s in SORTS},
        "json_url": pages.query_string(request.GET, format="json", page=str(page)),
        "csv_url": pages.query_string(request.GET, format="csv", page=str(page)),
        "search_url": "/search/" + pages.query_string(request.GET, sort=None, width=None, page_size=None),
        "width_links": {w: pages.query_string(request.GET, width=str(w)) for w in WIDTH_CHOICES},
    }
    return render(request, "search/concordance.html", context)
