"""/saved/: a signed-in user's saved searches, each with what entered the archive since their
last visit (then the visit is recorded) and the changes of status among its stories; saving
the search one is on; renaming, digests, feed tokens and deleting. A user reaches only their
own saved searches: another's is a 404, and a visitor who is not signed in is sent to log in."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from search import watch
from search.models import SavedSearch, new_feed_token
from search.query import QueryError
from search.saved.forms import SavedSearchForm, SaveSearchForm

LISTED = 20  # new stories and changes listed per saved search (the count says how many in all)


def owned(request, pk):
    return get_object_or_404(SavedSearch, pk=pk, user=request.user)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def saved_list(request):
    """GET: the list; POST: save a search (the form on the search page)."""
    if request.method == "POST":
        form = SaveSearchForm(request.POST, instance=SavedSearch(user=request.user))
        if form.is_valid():
            form.save()
            return redirect("saved-searches")
        return render(request, "search/saved_form.html", {"form": form}, status=400)
    now = timezone.now()
    searches = list(request.user.saved_searches.all())
    rows = [news(saved) for saved in searches]
    if request.method == "GET":
        request.user.saved_searches.filter(pk__in=[s.pk for s in searches]).update(last_visit_at=now)
    return render(request, "search/saved_list.html", {"rows": rows})


def news(saved):
    """What a saved search holds that is new since its last visit."""
    search_url = reverse("search") + "?" + saved.query
    day = timezone.localdate(saved.last_visit_at).isoformat()
    row = {"saved": saved, "since": saved.last_visit_at, "search_url": search_url}
    row["new_url"] = search_url + ("&" if saved.query else "") + urlencode({"added_from": day, "sort": "date"})
    try:
        row["arrivals"] = watch.arrivals(saved.search_query(), since=saved.last_visit_at, limit=LISTED)
        row["changes"] = watch.changes(saved.search_query(), since=saved.last_visit_at, limit=LISTED)
    except QueryError as error:  # a source or region it names is gone from the archive
        row["error"] = error
    return row


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def saved_edit(request, pk):
    saved = owned(request, pk)
    form = SavedSearchForm(request.POST or None, instance=saved)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            return redirect("saved-searches")
        return render(request, "search/saved_form.html", {"form": form, "saved": saved}, status=400)
    return render(request, "search/saved_form.html", {"form": form, "saved": saved})


@login_required
@require_POST
def saved_token(request, pk):
    """A new feed token (the old addresses stop working), or none (the feeds are off)."""
    saved = owned(request, pk)
    action = request.POST.get("action")
    if action not in ("renew", "revoke"):
        return HttpResponseBadRequest("action must be renew or revoke", content_type="text/plain; charset=utf-8")
    saved.feed_token = new_feed_token() if action == "renew" else None
    saved.save(update_fields=["feed_token"])
    return redirect("saved-search", pk=saved.pk)


@login_required
@require_POST
def saved_delete(request, pk):
    owned(request, pk).delete()
    return redirect("saved-searches")
