"""Why a story needs a person's review: reasons stored as codes, shown in the reader's language.

Ingest stores each reason as {"code", "field", "value"} (Article.review_reasons); the admin
and the API render it with gettext, so an editor working in Chinese reads Chinese and the
record itself stays language-neutral.
"""

from django.utils.translation import gettext_lazy as _

from archive.provenance import describe_how

MESSAGES = {
    "date_without_year": _("The date %(value)s has no year; give the year if the page shows it."),
    "date_not_real": _("The date %(value)s is not a real date."),
    "date_in_future": _("The date %(value)s is in the future."),
    "weak_rule": _("The %(field)s was found only by a weak rule (%(value)s); please check it."),
    "weak_evidence": _(
        "Only %(value)s mentions in the story (the headline's counting three times) support the %(field)s;"
        " please check them."
    ),
}
FIELD_NAMES = {
    "title": _("title"),
    "date": _("date"),
    "source": _("source"),
    "regions": _("regions"),
}


def field_name(field):
    return str(FIELD_NAMES.get(field, field))


def reason(code, field, value):
    return {"code": code, "field": field, "value": value}


def describe(item):
    """The reason as a sentence in the active language."""
    message = MESSAGES.get(item.get("code"))
    if message is None:
        return str(item.get("code", ""))
    field = item.get("field", "")
    value = item.get("value", "")
    return str(message) % {
        "field": field_name(field),
        "value": describe_how(value) if item.get("code") == "weak_rule" else value,
    }
