"""Times as web archives write them: 14-digit timestamps (YYYYMMDDhhmmss, UTC) in addresses and
CDX lines, and RFC 1123 dates in Memento's headers (Accept-Datetime, Memento-Datetime, datetime=).

A shorter timestamp names a longer span: 2024 is the whole year, 202405 the month of May. The
span is half-open, [start, end): from= takes its start and to= its end, as pywb pads a short
timestamp down and up to 14 digits (it accepts any whole fields: a year, a month, … a second).
"""

from datetime import UTC, datetime, timedelta

from django.utils.http import http_date, parse_http_date

_FIELD_ENDS = (4, 6, 8, 10, 12, 14)  # year, month, day, hour, minute, second
_LENGTHS = {8: timedelta(days=1), 10: timedelta(hours=1), 12: timedelta(minutes=1), 14: timedelta(seconds=1)}


def to_timestamp(when):
    """The 14-digit timestamp of a time (UTC, to the second)."""
    return when.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def span(text):
    """(start, end): the half-open span of time a timestamp of whole fields names.
    ValueError saying what is wrong with any other text."""
    if not (text.isascii() and text.isdigit() and len(text) in _FIELD_ENDS):
        raise ValueError(f"{text!r} is not a timestamp: YYYY, YYYYMM, … up to YYYYMMDDhhmmss (UTC)")
    fields = [int(text[:4])] + [int(text[i : i + 2]) for i in range(4, len(text), 2)]
    try:
        start = datetime(*fields, *[1] * max(0, 3 - len(fields)), tzinfo=UTC)
    except ValueError:
        raise ValueError(f"{text!r} is not a date and time that exists") from None
    try:
        if len(text) == 4:
            end = start.replace(year=start.year + 1)
        elif len(text) == 6:
            end = (start + timedelta(days=31)).replace(day=1)
        else:
            end = start + _LENGTHS[len(text)]
    except (ValueError, OverflowError):  # the span of the year 9999 runs to the end of time
        end = datetime.max.replace(tzinfo=UTC)
    return start, end


def from_http_date(text):
    """The time an HTTP date names (RFC 1123, as Accept-Datetime is written; Django also reads
    RFC 850 and asctime dates); ValueError for anything else."""
    try:
        return datetime.fromtimestamp(parse_http_date(text), UTC)
    except (ValueError, OverflowError):
        raise ValueError(f"{text!r} is not an HTTP date such as 'Wed, 01 May 2024 08:00:00 GMT'") from None


def to_http_date(when):
    """An RFC 1123 date: "Wed, 01 May 2024 08:00:00 GMT"."""
    return http_date(when.timestamp())
