"""Which terms a story page marks when a search leads to it (?q=…). The query language belongs to
the layer above the record (search/), which connects its reader here at start-up; with none
connected a page marks nothing."""

_readers = []


def connect(reader):
    """reader(query parameters, a QueryDict) -> the terms to mark, longest first."""
    _readers[:] = [reader]


def terms_to_mark(query):
    return _readers[0](query) if _readers else []
