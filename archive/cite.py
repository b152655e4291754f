"""Citation downloads: one story (/articles/<id>/cite?format=…) and the stories a reader ticked
on the search page (/cite?id=1&id=2&format=…), as RIS, BibTeX or CSL-JSON (archive.citations).

Only published stories are cited, for staff too: a citation points readers at the archive's
address, which shows an unpublished story to no reader.
"""

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_safe

from archive.citations import FORMATS, Citation
from archive.models import Article

MAX_SELECTED = 500


def bad(parameter, detail):
    return HttpResponseBadRequest(f"{parameter}: {detail}", content_type="text/plain; charset=utf-8")


def citable(ids):
    """The published stories with these ids, in the order asked; Http404 names any that is not one."""
    storable = [pk for pk in ids if pk < 2**63]  # a larger number is no row's id (and no database's integer)
    found = Article.objects.filter(published=True, pk__in=storable).select_related("source").with_provenance().in_bulk()
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise Http404(f"no story with id {', '.join(map(str, missing))}")
    return [found[pk] for pk in ids]


def download(request, articles, name):
    fmt = request.GET.get("format", "")
    if fmt not in FORMATS:
        return bad("format", f"format={fmt!r} must be one of {', '.join(FORMATS)}")
    write, content_type, extension = FORMATS[fmt]
    citations = [Citation.of(a, request.build_absolute_uri(a.get_absolute_url())) for a in articles]
    response = HttpResponse(write(citations), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


@require_safe
def cite_article(request, pk):
    return download(request, citable([pk]), f"story-{pk}")


@require_safe
def cite_selected(request):
    values = request.GET.getlist("id")
    if not values:
        return bad("id", "tick at least one story (id=1&id=2…)")
    if len(values) > MAX_SELECTED:
        return bad("id", f"at most {MAX_SELECTED} stories at once")
    if not all(value.isascii() and value.isdigit() for value in values):
        return bad("id", "each id is a story's number")
    ids = list(dict.fromkeys(int(value) for value in values))
    return download(request, citable(ids), f"stories-{len(ids)}")
