"""E-mailed digests (manage.py send_digests): for each user with an e-mail address, one message
listing, for each of their saved searches that asked for it, the stories that entered the
archive and the changes of status since that search's last digest. Nothing new: no message."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from search import watch
from search.query import QueryError

LISTED = 50  # stories listed per saved search and kind; the count says how many in all


@dataclass
class Section:
    saved: object  # SavedSearch
    arrivals: watch.Found = field(default_factory=watch.Found)
    changes: watch.Found = field(default_factory=watch.Found)
    error: QueryError | None = None

    @property
    def has_news(self):
        return bool(self.arrivals.count or self.changes.count)


@dataclass
class Digest:
    user: object
    sections: list  # Section, each a saved search with something new

    def message(self):
        context = {"user": self.user, "sections": self.sections, "site": settings.SITE_URL}
        context["saved_url"] = settings.SITE_URL + reverse("saved-searches")
        subject = _("What is new in your saved searches: %(names)s") % {
            "names": ", ".join(s.saved.name for s in self.sections)
        }
        body = render_to_string("search/saved_digest.txt", context)
        return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [self.user.email])


def section(saved):
    """What a saved search holds that is new since its last digest."""
    try:
        query = saved.search_query()
        since = saved.digest_since
        return Section(saved, watch.arrivals(query, since, LISTED), watch.changes(query, since, LISTED))
    except QueryError as error:  # a source or region it names is gone from the archive
        return Section(saved, error=error)


def digests():
    """(user, [Section of each saved search of theirs that wants a digest]) for every user
    with an e-mail address and such a search, in user order."""
    users = get_user_model().objects.filter(is_active=True, saved_searches__wants_digest=True).exclude(email="")
    for user in users.distinct().order_by("pk"):
        yield user, [section(saved) for saved in user.saved_searches.filter(wants_digest=True)]
