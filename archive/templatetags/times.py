"""{{ value|shown_time }}: a time as pages and the admin show it (archive.models.shown_time), "—"
when unknown; {{ value|shown_date }} its day alone. Plain text, so that it can stand in an <option>."""

from django import template
from django.utils import timezone

from archive.models import shown_time as shown

register = template.Library()


@register.filter
def shown_time(value):
    return shown(value) if value else "—"


@register.filter
def shown_date(value):
    """The day of shown_time: the date in the site's zone (TIME_ZONE), YYYY-MM-DD."""
    return f"{timezone.localtime(value):%Y-%m-%d}" if value else "—"
