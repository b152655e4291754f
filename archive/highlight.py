"""Marks for the query terms on the story's own text, in its own script.

Terms are matched on the normalised text (as search matched them), with a map from each
normalised character back to the original, so a simplified query marks 代理書記 in a
traditional story. Everything is HTML-escaped; only our <mark> tags are markup.
"""

import re

from django.utils.html import escape

from archive.text import nfkc, search_form, search_script

SNIPPET_BEFORE = 30
SNIPPET_LENGTH = 140
OPENING = 1000  # a snippet is looked for in the opening first


def folded(text):
    """(text folded as normalise() folds it, but with its whitespace as it was; for each folded
    character the index of its original character, or None when they are one to one)."""
    quick = nfkc(text)
    if len(quick) == len(text):
        quick = search_script(quick).lower()
        if len(quick) == len(text):
            return quick, None
    parts = [search_form(char) for char in text]
    origin = [index for index, part in enumerate(parts) for _ in part]
    return "".join(parts), origin


def term_pattern(terms):
    """One regex for all terms, longest first; a space in a term matches any run of whitespace."""
    alternatives = [re.escape(term).replace("\\ ", r"\s+") for term in sorted(terms, key=len, reverse=True)]
    return re.compile("|".join(alternatives))


def spans(text, terms):
    """Merged (start, end) spans of the original text where any term occurs."""
    if not terms:
        return []
    normalised, origin = folded(text)
    merged = []
    for match in term_pattern(terms).finditer(normalised):
        start, end = match.span()
        if origin is not None:
            start, end = origin[start], origin[end - 1] + 1
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark(text, marks, start=0, end=None):
    """Escaped text[start:end] with <mark> around each span."""
    end = len(text) if end is None else end
    out, position = [], start
    for s, e in marks:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        out.append(escape(text[position:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        position = e
    out.append(escape(text[position:end]))
    return "".join(out)


def highlight(text, terms):
    return mark(text, spans(text, terms))


def snippet(text, terms):
    """About SNIPPET_LENGTH characters around the first match (or the opening), marked."""
    text = " ".join(text.split())
    found = snippet_spans(text, terms)
    start = max(0, found[0][0] - SNIPPET_BEFORE) if found else 0
    end = min(len(text), start + SNIPPET_LENGTH)
    body = mark(text, found, start, end)
    return ("…" if start else "") + body + ("…" if end < len(text) else "")


def snippet_spans(text, terms):
    """spans() of the opening when the snippet shows a match that lies there with room to
    spare, else of the whole text: folding a whole long story cost ~3 ms, twenty on a page."""
    opening = text[:OPENING]
    if len(opening) < len(text):
        found = spans(opening, terms)
        room = max(map(len, terms), default=0)  # a mark running past the opening's end is missed
        if found and max(0, found[0][0] - SNIPPET_BEFORE) + SNIPPET_LENGTH + room < len(opening):
            return found
    return spans(text, terms)
