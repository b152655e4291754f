"""Where each thing is, as absolute addresses for Link headers, TimeMaps and redirects: a memento
at the replay host when REPLAY_HOST names one (archive/wayback/isolation.py serves captures only
there), the TimeGate and TimeMaps at the host asked. Addresses with characters outside ASCII are
percent-encoded (a header is Latin-1)."""

from django.conf import settings
from django.urls import reverse
from django.utils.encoding import iri_to_uri

from archive.wayback.timestamps import to_timestamp


def memento(request, when, address):
    path = reverse("wayback:memento", kwargs={"timestamp": to_timestamp(when), "rest": ""}) + iri_to_uri(address)
    if settings.REPLAY_HOST:
        return f"{request.scheme}://{settings.REPLAY_HOST}{path}"
    return request.build_absolute_uri(path)


def timegate(request, address):
    return request.build_absolute_uri(reverse("wayback:timegate", kwargs={"rest": ""}) + iri_to_uri(address))


def timemap(request, form, address):
    path = reverse("wayback:timemap", kwargs={"form": form, "rest": ""}) + iri_to_uri(address)
    return request.build_absolute_uri(path)
