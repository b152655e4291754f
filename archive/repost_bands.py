"""Every stored story's LSH band keys (archive/reposts.py band_keys), held in memory by the
process that clusters (ingest, manage.py cluster): the stories a new one shares bands with are
its candidates.

Why in memory: kept as rows of a table indexed on the key, a story's 37 keys were 37 inserts at
random places of an index as large as the archive — 2.4 ms a story at 90,000 stories on SQLite
(each dirtied a page of its own), more than the rest of clustering together. Here a story's
keys are one row (RepostBands, appended in id order), read once by each process, which then
reads only the rows stored after the newest it holds: a story that another process stores
while this one runs is a candidate once committed, unless this process has stored a newer
one meanwhile (two ingests at once; the same holds for the stories both have in flight).
"""
import numpy as np
from django.db import connection

from archive.models import RepostBands, quoted, upsert

MERGE_SHARE = 8  # the recent keys are merged into the sorted arrays past 1/8 of their size


class BandIndex:
    """{band key: story ids} of the stored stories: sorted arrays for the bulk, a dict for
    the stories taken in since the last merge."""

    def __init__(self):
        self._keys = np.empty(0, np.int64)  # sorted
        self._ids = np.empty(0, np.int64)  # the story each key belongs to
        self._recent = {}  # band key: [story id], not merged yet
        self._recent_count = 0
        self._newest = 0
        self._load()

    def _load(self):
        rows = self._stored_after(0)
        if rows:
            blobs = [bytes(blob) for _, blob in rows]
            self._keys = np.frombuffer(b"".join(blobs), np.int64)
            self._ids = np.repeat(np.array([pk for pk, _ in rows], np.int64), [len(blob) // 8 for blob in blobs])
            order = np.argsort(self._keys, kind="stable")
            self._keys, self._ids = self._keys[order], self._ids[order]
            self._newest = rows[-1][0]

    def refresh(self):
        """Take in the stories stored (by any process) after the newest one held."""
        for pk, blob in self._stored_after(self._newest):
            self._take(pk, np.frombuffer(bytes(blob), np.int64))

    @staticmethod
    def _stored_after(article_id):
        """[(story id, its keys as stored)] of the stories with a higher id, in id order."""
        table, article, keys = quoted(RepostBands, "article", "keys")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {article}, {keys} FROM {table} WHERE {article} > %s ORDER BY {article}", [article_id])
            return cursor.fetchall()

    def add(self, article_id, keys):
        """Store a story's keys (replacing what it had) and hold them."""
        upsert(RepostBands, article=article_id, keys=keys.tobytes())
        self._take(article_id, keys)

    def sharing(self, article_id, keys):
        """{story id: how many of these keys it has}, other stories only."""
        starts, ends = np.searchsorted(self._keys, keys, "left"), np.searchsorted(self._keys, keys, "right")
        found = [self._ids[start:end] for start, end in zip(starts[ends > starts], ends[ends > starts])]
        found += [np.array(self._recent[key], np.int64) for key in keys.tolist() if key in self._recent]
        if not found:
            return {}
        ids, counts = np.unique(np.concatenate(found), return_counts=True)
        return {pk: count for pk, count in zip(ids.tolist(), counts.tolist()) if pk != article_id}

    def _take(self, article_id, keys):
        for key in keys.tolist():
            self._recent.setdefault(key, []).append(article_id)
        self._recent_count += len(keys)
        self._newest = max(self._newest, article_id)
        if self._recent_count * MERGE_SHARE > max(len(self._keys), 100_000):
            self._merge()

    def _merge(self):
        recent_keys = np.fromiter((key for key, ids in self._recent.items() for _ in ids), np.int64, self._recent_count)
        recent_ids = np.fromiter((pk for ids in self._recent.values() for pk in ids), np.int64, self._recent_count)
        keys, ids = np.concatenate([self._keys, recent_keys]), np.concatenate([self._ids, recent_ids])
        order = np.argsort(keys, kind="stable")
        self._keys, self._ids = keys[order], ids[order]
        self._recent, self._recent_count = {}, 0

