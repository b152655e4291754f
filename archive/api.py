"""The read-only JSON API of the record: one article, and the JSON answers every API view gives
(errors as {error, detail} with 400 or 404); search/ serves the searches, the export and the
OpenAPI description with them."""

from django.http import JsonResponse
from django.views.decorators.http import require_safe
from django.views.defaults import page_not_found
from django.views.defaults import server_error as server_error_page

from archive.models import Article
from archive.serialize import EXPORT_FIELDS, article_record
from archive.views import visible_articles

JSON_OPTIONS = {"ensure_ascii": False}
ARTICLE_FIELDS = EXPORT_FIELDS + ("body_simplified", "body_traditional", "url")


def json_response(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params=JSON_OPTIONS, safe=isinstance(data, dict))


def json_error(status, error, detail, **extra):
    return json_response({"error": error, "detail": detail, **extra}, status=status)


def bad_parameter(param, detail):
    return json_error(400, "bad_parameter", detail, parameter=param)


@require_safe
def api_article(request, pk):
    try:
        article = visible_articles(request).with_provenance().get(pk=int(pk)) if pk.isdigit() and len(pk) < 19 else None
    except Article.DoesNotExist:
        article = None
    if article is None:
        return json_error(404, "not_found", f"no article with id {pk!r}")
    return json_response(article_record(article, ARTICLE_FIELDS))


def not_found(request, exception=None):
    """404 for the whole site: JSON under /api/, the ordinary page elsewhere."""
    if request.path.startswith("/api/"):
        return json_error(404, "not_found", f"no such endpoint: {request.path}")
    return page_not_found(request, exception)


def server_error(request):
    """500 for the whole site (DEBUG off): JSON under /api/, the site's page (templates/500.html)
    elsewhere. Nothing of the error itself is shown; it is logged (django.request)."""
    if request.path.startswith("/api/"):
        return json_error(500, "server_error", "the server failed to answer this request; the error has been logged")
    return server_error_page(request)
