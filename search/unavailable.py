"""A search engine that cannot answer (search.engine.EngineUnavailable: no Solr node reachable)
is a 503 with Retry-After and a plain message — JSON for the API and the pages' JSON twins, a
page otherwise — never a 500. The stories stay stored, and index writes stay queued."""

import logging

from django.shortcuts import render

from archive.api import json_error
from search.engine import EngineUnavailable

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30
MESSAGE = "the search engine cannot be reached just now; the stories are safe: try again shortly"


class EngineUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, EngineUnavailable):
            return None
        log.warning("%s %s: the search engine is unavailable: %s", request.method, request.path, exception)
        if request.path.startswith("/api/") or request.GET.get("format") == "json":
            response = json_error(503, "search_unavailable", MESSAGE)
        else:
            response = render(request, "search/unavailable.html", {"retry_after": RETRY_AFTER_SECONDS}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
