"""The forms of saved searches: saving the search one is on, and changing a saved one."""

from django import forms
from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from search.filters import PARAMS
from search.models import SavedSearch
from search.params import SearchParams
from search.query import QueryError

# What of a search's address is the search: its words and filters (not its page, order or display).
SAVED_PARAMS = ("q", "regional", *PARAMS)


def savable(query):
    """The query string that saves the search `query` (a QueryDict): its words and filters."""
    return urlencode([(key, value) for key in SAVED_PARAMS for value in query.getlist(key) if value.strip()])


class SavedSearchForm(forms.ModelForm):
    """A saved search's name and whether its owner wants it in their e-mailed digest."""

    class Meta:
        model = SavedSearch
        fields = ["name", "wants_digest"]
        labels = {"wants_digest": _("Send me an e-mail digest of what is new")}


class SaveSearchForm(SavedSearchForm):
    """Saving the search one is on: its query string too, checked as /search/ checks it."""

    class Meta(SavedSearchForm.Meta):
        fields = ["name", "query", "wants_digest"]
        widgets = {"query": forms.HiddenInput}

    def clean_query(self):
        query = savable(QueryDict(self.cleaned_data["query"]))
        try:
            SearchParams.from_request(QueryDict(query))
        except QueryError as error:
            raise forms.ValidationError(f"{error.param}: {error}", code=error.param) from error
        return query
