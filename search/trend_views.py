"""/trends/ and its twins: format=json (search.trends.gather's dict), format=csv (one row per
period and series) and the page (a server-side SVG line chart, the counts in a table below)."""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from archive.api import bad_parameter, json_response
from archive.export_csv import BOM, CONTENT_TYPE
from search import maps, pages
from search.charts import line_chart
from search.query import QueryError
from search.trends import MAX_QUERIES, TrendParams, gather

CSV_FIELDS = ("period", "first_day", "last_day", "q", "region", "region_name", "count", "per_10k", "total")
MEASURES = ("share", "count")
CHART_REGIONS = 7  # a split's chart draws the regions with most stories; its table lists every one
PAGE_ONLY = ("format", "measure")  # parameters of the page, not of the trend or its searches


@require_safe
def trends(request):
    fmt = request.GET.get("format")
    try:
        trend = TrendParams.from_request(request.GET)
        measure = request.GET.get("measure") or ("share" if trend.queries else "count")
        if measure not in MEASURES:
            raise QueryError("measure", f"measure={measure!r} must be one of {', '.join(MEASURES)}")
        data = gather(trend)
    except QueryError as error:
        if fmt in ("json", "csv"):
            return bad_parameter(error.param, str(error))
        return render(request, "search/trends.html", {**form_context(request), "error": error}, status=400)
    if fmt == "json":
        return json_response(data)
    if fmt == "csv":
        return csv_response(data)
    return render(request, "search/trends.html", {**form_context(request), **page_context(request, data, measure)})


def csv_response(data):
    """One row per period and series, UTF-8 with a byte-order mark (Excel then reads Chinese)."""
    response = HttpResponse(content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="trends.csv"'
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow(CSV_FIELDS)
    for series in data["series"]:
        for number, period in enumerate(data["periods"]):
            first, last = data["ranges"][number]
            share = series["per_10k"][number]
            writer.writerow(
                [period, first, last, series["q"] or "", series["region"] or "", series["region_name"] or ""]
                + [series["counts"][number], "" if share is None else share, series["totals"][number]]
            )
    return response


def form_context(request):
    """The form's values: the queries typed (and empty boxes up to MAX_QUERIES), the other filters as
    hidden fields."""
    typed = [q for q in request.GET.getlist("q") if q.strip()]
    kept = [
        (key, value)
        for key in request.GET
        if key not in ("q", "by", "split", "region", *PAGE_ONLY)
        for value in request.GET.getlist(key)
    ]
    return {
        "query_boxes": (typed + [""] * MAX_QUERIES)[: max(MAX_QUERIES, len(typed))],
        "by": request.GET.get("by", "month"),
        "split": request.GET.get("split", ""),
        "region": request.GET.get("region", ""),
        "hidden": kept,
        "json_url": pages.query_string(request.GET, format="json"),
        "csv_url": pages.query_string(request.GET, format="csv"),
    }


def search_link(request, q, region, first, last):
    """The search that counts one point: the trend's filters, its query and region, the period's
    days (search.trends.days_within)."""
    changes = {"q": q, "by": None, "split": None, "date_from": first, "date_to": last}
    if region:
        changes["region"] = region
    return "/search/" + pages.query_string(request.GET, **changes, **dict.fromkeys(PAGE_ONLY))


def line_name(series, split):
    """A series' name in its panel: its region's when split (the panel names the query), else its query's."""
    return series["region_name"] if split else series["q"] or _("all stories")


def panels(data):
    """[(title, series)] of the page: split, one per query, a line per region; else one, a line per query."""
    if not data["split"]:
        return [(None, data["series"])]
    groups = {}
    for series in data["series"]:
        groups.setdefault(series["q"], []).append(series)
    return [(q or _("all stories"), members) for q, members in groups.items()]


def panel(request, data, measure, title, members):
    """One chart (of the CHART_REGIONS regions with most stories, when split) and the table of all
    its series: a row per period, a count and a share per series."""
    y_title = _("stories per 10,000 of the period's stories") if measure == "share" else _("matching stories")
    x_title = {"month": _("month"), "quarter": _("quarter"), "year": _("year")}[data["by"]]
    shown = members[:CHART_REGIONS] if data["split"] else members
    lines = []
    for s in shown:
        name = line_name(s, data["split"])
        lines.append(
            {
                "name": name,
                "values": s["per_10k"] if measure == "share" else s["counts"],
                "links": [search_link(request, s["q"], s["region"], *days) for days in data["ranges"]],
                "titles": [
                    f"{title + ', ' if title else ''}{name}, {period}: {count} ({'—' if share is None else share} / 10,000)"
                    for period, count, share in zip(data["periods"], s["counts"], s["per_10k"])
                ],
            }
        )
    rows = [
        {
            "period": period,
            "cells": [(s["counts"][number], s["per_10k"][number]) for s in members],
            "total": data["totals"][number],
        }
        for number, period in enumerate(data["periods"])
    ]
    return {
        "title": title,
        "omitted": len(members) - len(shown),
        "chart": line_chart(data["periods"], lines, y_title, x_title),
        "columns": [line_name(s, data["split"]) for s in members],
        "rows": rows,
    }


def page_context(request, data, measure):
    """The panels (chart and table), the measure links and the map's counts of the page."""
    shown = panels(data)
    first = shown[0][1] if shown else []
    return {
        "data": data,
        "panels": [panel(request, data, measure, title, members) for title, members in shown],
        "measure": measure,
        "measure_links": {m: pages.query_string(request.GET, measure=m) for m in MEASURES},
        "region_map": split_map(request, data, first),
    }


def split_map(request, data, series):
    """With a split, the map of the first query's stories per region (search/maps.py): a province
    links to the trends of its cities, a city to its own trends without a split."""
    if not data["split"]:
        return None
    counts = {s["region"]: sum(s["counts"]) + s["undated"] for s in series if s["region"]}
    links = request.GET.copy()
    if data["split"] == "province":
        links["split"] = "city"
    else:
        links.pop("split", None)
    chosen = request.GET.getlist("region")
    return maps.map_context(counts, chosen, links)
