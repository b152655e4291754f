"""The Memento and CDX endpoints: each reads its request (BadParameter: a 400 naming what),
finds the captures (holdings, cdx), and answers; an address with no capture shown is a 404
listing the addresses held nearest it (archive/wayback/errors.py)."""

from itertools import chain

from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.views.decorators.http import require_safe

from archive.api import json_response
from archive.wayback import cdx, holdings, links, locations, replay, targets
from archive.wayback.errors import BadParameter, not_held
from archive.wayback.timestamps import from_http_date, span, to_http_date, to_timestamp


@require_safe
def cdx_server(request):
    """/wayback/cdx?url=…: pywb's CDX server API (archive/wayback/cdx.py)."""
    try:
        query = cdx.parse(request.GET)
        if query.show_num_pages:
            return json_response(cdx.page_count(query))
        found = cdx.lines(query)
    except BadParameter as error:
        return error.response()
    return _lines(request, query, found)


@require_safe
def timemap(request, form, rest):
    """/wayback/timemap/link/<url>: every capture of the address, as RFC 7089's TimeMap;
    /wayback/timemap/json/<url>: the same captures as pywb's JSON TimeMap (its CDX JSON lines)."""
    try:
        address, key = _address(request, rest)
    except BadParameter as error:
        return error.response()
    query = cdx.exact(address, key, output=form)
    found = list(cdx.lines(query))
    if not found:
        return not_held(address, key)
    if form == "json":
        return _lines(request, query, iter(found))
    head = links.timemap_head(
        address,
        locations.timemap(request, "link", address),
        locations.timegate(request, address),
        since=span(found[0]["timestamp"])[0],
        until=span(found[-1]["timestamp"])[0],
    )
    return HttpResponse(chain([head], _rendered(request, query, found)), content_type=links.LINK_FORMAT)


@require_safe
def timegate(request, rest):
    """/wayback/<url>: a redirect to the capture nearest the Accept-Datetime header, or the
    newest without one (RFC 7089's TimeGate, 302-style)."""
    header = request.headers.get("Accept-Datetime", "")
    try:
        address, key = _address(request, rest)
        when = from_http_date(header) if header else None
    except BadParameter as error:
        return error.response()
    except ValueError as error:
        return BadParameter("Accept-Datetime", str(error)).response()
    captures = holdings.of_address(key)
    if not captures:
        return not_held(address, key)
    index = holdings.nearest(captures, when) if when else len(captures) - 1
    mementos = _mementos(request, captures)
    response = HttpResponseRedirect(mementos[index][0])
    response["Vary"] = "accept-datetime"
    response["Link"] = ", ".join(
        [
            links.link(address, "original"),
            links.link(locations.timemap(request, "link", address), "timemap", type=links.LINK_FORMAT),
            *links.around(mementos, index),
        ]
    )
    return response


@require_safe
def memento(request, timestamp, rest):
    """/wayback/<timestamp>/<url>: the capture of the address at that time, as served; the
    capture nearest a timestamp that names none exactly (or only part of one: 2024) is a
    redirect to its own, as pywb's redirect_to_exact."""
    try:
        try:
            start = span(timestamp)[0]
        except ValueError as error:
            raise BadParameter("timestamp", str(error)) from None
        address, key = _address(request, rest)
    except BadParameter as error:
        return error.response()
    captures = holdings.of_address(key)
    if not captures:
        return not_held(address, key)
    exact = [i for i, capture in enumerate(captures) if to_timestamp(capture.captured_at) == timestamp]
    index = exact[0] if exact else holdings.nearest(captures, start)
    chosen = captures[index]
    mementos = _mementos(request, captures)
    if not exact:
        return HttpResponseRedirect(mementos[index][0])
    response = replay.served(chosen, lambda target: locations.memento(request, chosen.captured_at, target))
    response["Memento-Datetime"] = to_http_date(chosen.captured_at)
    response["Link"] = ", ".join(
        [
            links.link(chosen.original_url, "original"),
            links.link(locations.timegate(request, chosen.original_url), "timegate"),
            links.link(locations.timemap(request, "link", chosen.original_url), "timemap", type=links.LINK_FORMAT),
            *links.around(mementos, index),
        ]
    )
    return response


def _address(request, rest):
    try:
        return targets.checked(targets.requested(request, rest))
    except ValueError as error:
        raise BadParameter("url", str(error)) from None


def _mementos(request, captures):
    """[(memento's address, time)] of captures oldest first."""
    return [(locations.memento(request, c.captured_at, c.original_url), c.captured_at) for c in captures]


def _rendered(request, query, found):
    return cdx.rendered(query, found, lambda when, url: locations.memento(request, when, url))


def _lines(request, query, found):
    """The lines found as the query's output, streamed; a 404 when there are none (as pywb)."""
    first = next(found, None)
    if first is None:
        return not_held(query.address, query.start)
    pieces = _rendered(request, query, chain([first], found))
    return StreamingHttpResponse(pieces, content_type=f"{cdx.OUTPUTS[query.output]}; charset=utf-8")
