"""The Whoosh index's stored facet values as Columns (search/whoosh/counting.py), indexed by global
document number.

Each document's stored facet values are read once per index segment (segments never change;
a commit adds segments) and kept; a set of segments' Columns are joined once.
"""

import threading

import numpy as np

from search.whoosh.counting import Columns, Vocabulary

_lock = threading.Lock()
_vocabularies = {}  # index path -> {facet: Vocabulary}, shared by its segments
_segments = {}  # (index path, segment id) -> Columns of that segment
_assembled = {}  # index path -> (segment ids, Columns of them all)


def of_segment(reader, vocabularies):
    """The Columns of one segment's documents."""
    code = {name: v.code for name, v in vocabularies.items()}
    values = {name: [] for name in Columns.ARRAYS}
    for docnum in range(reader.doc_count_all()):
        stored = reader.stored_fields(docnum)
        for name in ("source", "year", "script", "status"):
            values[name].append(code[name](stored.get(name)))
        for name in ("date", "captured", "added"):
            values[name].append(stored.get(name) or 0)
        values["article_id"].append(int(stored["django_id"]))
        values["cluster"].append(stored.get("cluster") or int(stored["django_id"]))
        values["repost"].append(stored.get("repost") or 0)
        for name, counts in Columns.LISTS.items():
            codes = stored.get(name, "").split(",") if stored.get(name) else []
            values[counts].append(len(codes))
            values[name].extend(code[name](c) for c in codes)
    return Columns(
        vocabularies, **{name: np.array(v, Columns.DTYPES.get(name, np.int64)) for name, v in values.items()}
    )


def columns(searcher, index_path):
    """The Columns of the searcher's documents: each segment read once, joined per set of segments."""
    with _lock:
        leaves = sorted(
            (pair for pair in searcher.reader().leaf_readers() if pair[0].segment() is not None),
            key=lambda pair: pair[1],
        )  # an empty index's reader has no segment
        ids = tuple(reader.segment().segment_id() for reader, _ in leaves)
        cached = _assembled.get(index_path)
        if cached is not None and cached[0] == ids:
            return cached[1]
        vocabularies = _vocabularies.setdefault(
            index_path, {n: Vocabulary() for n in ("regions", "sites", "source", "year", "script", "status")}
        )
        for reader, _ in leaves:
            key = (index_path, reader.segment().segment_id())
            if key not in _segments:
                _segments[key] = of_segment(reader, vocabularies)
        for stale in [k for k in _segments if k[0] == index_path and k[1] not in ids]:
            del _segments[stale]
        built = Columns.joined([_segments[(index_path, i)] for i in ids], vocabularies)
        _assembled[index_path] = (ids, built)
        return built
