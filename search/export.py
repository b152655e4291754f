"""/api/export: the stories of a search (any filter of /api/search), or every story, streamed
as JSON Lines, JSON or CSV (format=) in the script asked for (archive.export writes them)."""

import datetime

from django.http import StreamingHttpResponse
from django.views.decorators.http import require_safe

from archive.api import ARTICLE_FIELDS, bad_parameter
from archive.export import FORMATS, SCRIPTS, articles_in_chunks, stream
from archive.serialize import EXPORT_FIELDS
from search.params import SearchParams
from search.query import QueryError
from search.results import matching_ids

EXPORTABLE_FIELDS = ARTICLE_FIELDS + ("published",)


def chosen_fields(text):
    """The fields a comma-separated list names, in its order (every export field when it names
    none); ValueError names those that are not fields."""
    fields = [f.strip() for f in text.split(",") if f.strip()] or list(EXPORT_FIELDS)
    unknown = [f for f in fields if f not in EXPORTABLE_FIELDS]
    if unknown:
        raise ValueError(f"unknown fields {', '.join(unknown)}; choose from {', '.join(EXPORTABLE_FIELDS)}")
    return fields


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
    try:
        fields = chosen_fields(request.GET.get("fields", ""))
    except ValueError as error:
        return bad_parameter("fields", str(error))
    try:
        params = SearchParams.from_request(filters)
        # Every story unless the query or a filter narrows it (then the engine's matches).
        ids = matching_ids(params) if params.query.groups or params.query.excluded or params.filters else None
    except QueryError as error:
        return bad_parameter("written_in" if error.param == "script" else error.param, str(error))
    response = StreamingHttpResponse(
        stream(articles_in_chunks(ids), fields, text_script, fmt), content_type=FORMATS[fmt]
    )
    stamp = datetime.date.today().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="archive-export-{stamp}.{fmt}"'
    return response
