"""The wayback endpoints kept apart from the archive (settings.MIDDLEWARE, first, so that it
acts before every other middleware reads a request and after every other writes a response).

Under /wayback/ the Cookie header is dropped before the session, CSRF, language or login
middleware could read it: these endpoints answer the same to everyone (so no Vary: Cookie), no
cookie a reader has for the archive reaches code near someone else's page, and none is set.

With settings.REPLAY_HOST (a host name, with its port unless the default, for the same server),
captures are served only at that host, a memento asked for elsewhere is redirected there, and
the replay host serves nothing but /wayback/: not the archive's pages, API, admin or static
files. A page's origin is then not the archive's even if a browser ignored the sandbox."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve

from archive.api import json_error


class ReplayIsolation:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        wayback = _wayback(request.path_info)
        if wayback:
            request.META.pop("HTTP_COOKIE", None)
        if settings.REPLAY_HOST:
            at_replay_host = request.get_host().lower() == settings.REPLAY_HOST.lower()
            if at_replay_host and not wayback:
                return json_error(404, "not_found", "the replay host serves only /wayback/")
            if not at_replay_host and wayback and wayback.url_name == "memento":
                return HttpResponseRedirect(f"{request.scheme}://{settings.REPLAY_HOST}{request.get_full_path()}")
        response = self.get_response(request)
        if wayback:
            response.cookies.clear()  # nothing here sets one; a middleware or error page never may
        return response


def _wayback(path):
    """The URL match of a wayback endpoint, or None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match if match.namespace == "wayback" else None
