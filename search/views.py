"""/api/search and its HTML twin /search/ (both render search.results.run's dict), and the
OpenAPI description of the JSON API."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from archive.api import bad_parameter, json_response
from search import feeds, maps, pages, timeline
from search.openapi import openapi_spec
from search.params import SearchParams
from search.query import QueryError
from search.results import run
from search.saved.forms import savable

SHOW_CHOICES = ("original", "simplified", "traditional")


@require_safe
def api_schema(request):
    return json_response(openapi_spec())


@require_safe
def api_search(request):
    if request.GET.get("format") == "atom":
        return feeds.search_feed(request)
    return search_json(request.GET)


def search_json(query):
    try:
        return json_response(run(SearchParams.from_request(query)))  # an engine may refuse a query too
    except QueryError as error:
        return bad_parameter(error.param, str(error))


def page_query(request):
    """The page's parameters: reposts are grouped unless collapse=none says otherwise."""
    query = request.GET.copy()
    query.setdefault("collapse", "reposts")
    return query


@require_safe
def search_page(request):
    if request.GET.get("format") == "json":
        return search_json(page_query(request))  # the page's JSON twin: the same defaults
    if request.GET.get("format") == "atom":
        return feeds.search_feed(request)
    show = request.GET.get("show", "original")
    show = show if show in SHOW_CHOICES else "original"
    context = {"q": request.GET.get("q", ""), "show": show, "json_url": pages.query_string(request.GET, format="json")}
    context.update(atom_url=pages.query_string(request.GET, format="atom"), save_query=savable(request.GET))
    context["show_links"] = {choice: pages.query_string(request.GET, show=choice) for choice in SHOW_CHOICES}
    # The concordance of the same search: its filters and q (sort and paging are its own).
    context["concordance_url"] = pages.query_string(request.GET, sort=None, page_size=None, show=None, collapse=None)
    context["sort_links"] = {s: pages.query_string(request.GET, sort=s) for s in ("relevance", "date", "date_asc")}
    context["regional_links"] = {
        "on": pages.query_string(request.GET, regional=None),
        "off": pages.query_string(request.GET, regional="off"),
    }
    query = page_query(request)
    context["collapse_link"] = pages.query_string(
        request.GET, collapse="none" if query.get("collapse") == "reposts" else "reposts"
    )
    try:
        params = SearchParams.from_request(query)
        data = run(params)
    except QueryError as error:
        context["error"] = error
        return render(request, "search/search.html", context, status=400)
    context.update(
        data=data,
        params=params,
        results=pages.shown(data["results"], show),
        facets=pages.decorate_facets(data["facets"], request.GET),
        active=pages.active_filters(request.GET, data["facets"]),
        pages=pages.pages(
            request.GET, data["clusters"] if params.collapse else data["count"], params.page, params.page_size
        ),
        timeline=timeline.timeline([(m["month"], m["count"]) for m in data["timeline"]], data["count"], request.GET),
        article_suffix=params.marking_query(),
    )
    chosen = params.filters.values.get("region", [])
    context["region_map"] = maps.facet_map(context["facets"]["region"], chosen, request.GET)
    return render(request, "search/search.html", context)
