"""Export as CSV for spreadsheets: one row a story, the chosen fields as columns, streamed.

UTF-8 with a byte-order mark, because Excel reads a CSV without one in the machine's legacy
code page and turns Chinese into mojibake. Quoting is the csv module's (RFC 4180: a field with
a comma, quote or line break is quoted, quotes doubled, rows end in CRLF). A cell holds text,
so the record's lists and dicts are written as a person reads them: regions as
"山东省 › 泰安市" joined by "; ", names and keywords joined by "、" (as the story page shows
them), captures as "time address", review reasons as their messages.
"""

import csv

from archive.serialize import article_record

BOM = "\ufeff"
CONTENT_TYPE = "text/csv; charset=utf-8"


class _Echo:
    """A file-like object whose write returns the line: csv.writer formats, the stream yields
    (Django's documented way to stream a large CSV)."""

    def write(self, line):
        return line


def joined(items, separator="、"):
    return separator.join(str(item) for item in items)


CELLS = {
    "regions": lambda regions: joined((" › ".join(region["path"]) for region in regions), "; "),
    "captures": lambda captures: joined(
        (" ".join(filter(None, (c["captured_at"], c["url"] or c["site"]))) for c in captures), "; "
    ),
    "review_reasons": lambda reasons: joined((reason["message"] for reason in reasons), "; "),
    "found_by": lambda found: joined((f"{name}: {how}" for name, how in found.items()), "; "),
}


def cell(name, value):
    """One field's value as spreadsheet text."""
    if value is None:
        return ""
    if name in CELLS:
        return CELLS[name](value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return joined(value)
    return value


def csv_rows(articles, fields, script):
    """The CSV text: the byte-order mark and header first, then a line per story as it is read."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(fields)
    for article in articles:
        record = article_record(article, fields, script)
        yield writer.writerow([cell(name, record[name]) for name in fields])
