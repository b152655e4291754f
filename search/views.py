"""/api/search and its HTML twin /search/: both render search.results.run's dict."""
from django.http import JsonResponse

from search.params import SearchParams
from search.query import QueryError
from search.results import run

JSON_OPTIONS = {"ensure_ascii": False}


def json_error(status, error, detail, **extra):
    return JsonResponse({"error": error, "detail": detail, **extra}, status=status, json_dumps_params=JSON_OPTIONS)


def api_search(request):
    try:
        params = SearchParams.from_request(request.GET)
    except QueryError as error:
        return json_error(400, "bad_parameter", str(error), parameter=error.param)
    return JsonResponse(run(params), json_dumps_params=JSON_OPTIONS)
