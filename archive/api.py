"""The read-only JSON API of the record: one article, the export, the OpenAPI description.

Errors are JSON {error, detail} with 400 or 404; search.views answers /api/search the same way.
"""
import datetime

from django.http import JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe
from django.views.defaults import page_not_found

from archive.export import FORMATS, SCRIPTS, articles_in_chunks, stream
from archive.models import Article
from archive.serialize import EXPORT_FIELDS, article_record
from archive.openapi import openapi_spec
from archive.views import visible_articles
from search.params import SearchParams
from search.query import QueryError
from search.results import matching_ids

JSON_OPTIONS = {"ensure_ascii": False}
ARTICLE_FIELDS = EXPORT_FIELDS + ("body_simplified", "body_traditional", "url")
EXPORTABLE_FIELDS = ARTICLE_FIELDS + ("published",)


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


@require_safe
def api_export(request):
    fmt = request.GET.get("format", "jsonl")
    if fmt not in FORMATS:
        return bad_parameter("format", f"format={fmt!r} must be one of {', '.join(FORMATS)}")
    # Here script= is the script of the exported text; the search filter on the story's own
    # script is called written_in= (simplified, traditional or mixed).
    text_script = request.GET.get("script") or "original"
    if text_script not in SCRIPTS:
        return bad_parameter("script", f"script={text_script!r} must be one of {', '.join(SCRIPTS)}")
    filters = request.GET.copy()
    filters.pop("script", None)
    if "written_in" in filters:
        filters.setlist("script", filters.pop("written_in"))
    fields = [f.strip() for f in request.GET.get("fields", "").split(",") if f.strip()] or list(EXPORT_FIELDS)
    unknown = [f for f in fields if f not in EXPORTABLE_FIELDS]
    if unknown:
        return bad_parameter("fields", f"unknown fields {', '.join(unknown)}; choose from {', '.join(EXPORTABLE_FIELDS)}")
    try:
        params = SearchParams.from_request(filters)
        # Every story unless the query or a filter narrows it (then the engine's matches).
        ids = matching_ids(params) if params.query.groups or params.query.excluded or params.filters else None
    except QueryError as error:
        return bad_parameter("written_in" if error.param == "script" else error.param, str(error))
    response = StreamingHttpResponse(stream(articles_in_chunks(ids), fields, text_script, fmt), content_type=FORMATS[fmt])
    stamp = datetime.date.today().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="archive-export-{stamp}.{fmt}"'
    return response


@require_safe
def api_schema(request):
    return json_response(openapi_spec())


def not_found(request, exception=None):
    """404 for the whole site: JSON under /api/, the ordinary page elsewhere."""
    if request.path.startswith("/api/"):
        return json_error(404, "not_found", f"no such endpoint: {request.path}")
    return page_not_found(request, exception)
