"""RFC 7089's links, in Link headers and in TimeMaps (application/link-format, RFC 6690):
`<uri>; rel="…"; datetime="…"`. A memento's relation names its place among the captures of its
address: "first memento", "last memento" (both, for the only one), "prev memento", "next memento"."""

from django.utils.encoding import iri_to_uri

from archive.wayback.timestamps import to_http_date

LINK_FORMAT = "application/link-format"


def link(uri, rel, **attributes):
    """One link, its address percent-encoded where it is not ASCII (a header is Latin-1);
    attribute names ending in "_" lose it ("from_" is written from)."""
    written = "".join(f'; {name.rstrip("_")}="{value}"' for name, value in attributes.items())
    return f'<{iri_to_uri(uri)}>; rel="{rel}"{written}'


def memento_link(uri, when, *relations):
    return link(uri, " ".join((*relations, "memento")), datetime=to_http_date(when))


def timemap_head(original, itself, timegate, since, until):
    """The links a TimeMap starts with, before its mementos' (memento_lines): the original
    resource, the TimeMap itself with the span its mementos cover, and the TimeGate."""
    head = [
        link(original, "original"),
        link(itself, "self", type=LINK_FORMAT, from_=to_http_date(since), until=to_http_date(until)),
        link(timegate, "timegate"),
    ]
    return ",\n".join(head) + ",\n"


def memento_lines(mementos):
    """One link for each memento of [(uri, time)], the first and last marked so."""
    last = len(mementos) - 1
    return [
        memento_link(uri, when, *(["first"] if i == 0 else []), *(["last"] if i == last else []))
        for i, (uri, when) in enumerate(mementos)
    ]


def around(mementos, index):
    """The links a memento's (or a TimeGate's) Link header gives of the mementos of its address
    ([(uri, time)] oldest first): the one at `index`, and the first, last, previous and next."""
    relations = {index: []}
    for rel, at in (("first", 0), ("prev", index - 1), ("next", index + 1), ("last", len(mementos) - 1)):
        if 0 <= at < len(mementos):
            relations.setdefault(at, []).append(rel)
    return [memento_link(*mementos[at], *rels) for at, rels in sorted(relations.items())]
