"""{{ value|shown_time }}: a time as pages and the admin show it (archive.models.shown_time), "—"
when unknown. Plain text, so that it can stand in an <option>."""

from django import template

from archive.models import shown_time as shown

register = template.Library()


@register.filter
def shown_time(value):
    return shown(value) if value else "—"
