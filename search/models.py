import secrets

from django.conf import settings
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PendingIndexUpdate(models.Model):
    """An article whose index document must be rewritten (or removed).

    Rows are written in the same transaction as the change itself, so an edit is never
    committed without its index update being recorded; search.indexing deletes a row only
    after the index commit that wrote it."""

    article_id = models.BigIntegerField(db_index=True)
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


def new_feed_token():
    """An unguessable token for a saved search's feed addresses (256 random bits)."""
    return secrets.token_urlsafe(32)


class SavedSearch(models.Model):
    """A search a signed-in user keeps: its parameters as /search/ takes them, what of it they
    have seen (last_visit_at, last_digest_at), and the token that opens its feeds without a
    login (search/saved/, search/feeds.py, manage.py send_digests)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=200)
    query = models.TextField(
        _("query string"),
        blank=True,
        help_text=_("The search's parameters as /search/ takes them (q=…&region=…): its words and filters."),
    )
    feed_token = models.CharField(
        _("feed token"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        default=new_feed_token,
        help_text=_("Opens the search's feeds without a login; a new one (or none) makes the old addresses 404."),
    )
    last_visit_at = models.DateTimeField(
        _("last visit"),
        default=timezone.now,
        help_text=_("Stories that entered the archive after it are new to the user."),
    )
    wants_digest = models.BooleanField(_("e-mail digest"), default=False)
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["user", "name", "id"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self):
        return self.name

    def search_query(self):
        """The saved parameters as a QueryDict, as a request to /search/ would carry them."""
        return QueryDict(self.query)

    def described(self):
        """The parameters as a reader reads them: 区 · status=removed (every story when none)."""
        parts = [v if k == "q" else f"{k}={v}" for k, values in self.search_query().lists() for v in values]
        return " · ".join(parts)

    @property
    def digest_since(self):
        """Where the next digest starts: the last one, or the saving of the search."""
        return self.last_digest_at or self.created_at
