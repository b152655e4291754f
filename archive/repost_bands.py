"""Every stored story's LSH band keys (archive/reposts.py band_keys), held in memory by the
process that clusters (ingest, manage.py cluster): the stories a new one shares bands with are
its candidates.

Why in memory: kept as rows of a table indexed on the key, a story's 37 keys were 37 inserts at
random places of an index as large as the archive — 2.4 ms a story at 90,000 stories on SQLite
(each dirtied a page of its own), more than the rest of clustering together. Here a story's
keys are one row (RepostBands, appended in id order), read once by each process, which then
reads only the rows stored after the newest it holds (refresh(), once a batch of stories: a
process sees another's stories only once they are committed): a story that another process
stores while this one runs is a candidate from this one's next batch, unless this process has
stored a newer one meanwhile (two ingests at once; the same holds for the stories both have in
flight).

An ingest's worker processes are forked with a copy of the index (mark()) and look each story
up in it as they prepare the story; the storing process — the one every story waits for — then
adds only the stories taken since the fork (sharing() given what the copy found).
"""

import numpy as np

from archive.models import RepostBands, driver_cursor, placeholders, quoted, upsert

CANDIDATES = 50  # the stories sharing most bands with a new one: clustering checks them on their fingerprints
MERGE_SHARE = 8  # the recent keys are merged into the sorted array past 1/8 of its size
ID_BITS = 27  # the low bits of a held entry, its story's id: wider once ids need more (134 million)


class BandIndex:
    """{band key: story ids} of the stored stories, read from their rows once and kept up to
    date by the process: the stories held at mark() and those taken since, each in _Entries of
    their own (one, before any mark)."""

    def __init__(self):
        self._load()

    def _load(self):
        self._after_mark = None  # a full read: what a forked copy holds is no longer told apart (mark())
        rows = self._stored()
        self._newest = max((pk for pk, _ in rows), default=0)
        self._bits = max(ID_BITS, self._newest.bit_length())
        self._entries = _Entries(self._bits)
        if rows:
            blobs = [bytes(blob) for _, blob in rows]
            ids = np.repeat(np.array([pk for pk, _ in rows], np.int64), [len(blob) // 8 for blob in blobs])
            self._entries.hold(np.frombuffer(b"".join(blobs), np.int64), ids)

    def refresh(self):
        """Take in the stories stored (by any process) after the newest one held."""
        for pk, blob in self._stored_after(self._newest):
            if pk > self._newest:  # (not when a wider id made _take read every row again)
                self._take(pk, np.frombuffer(bytes(blob), np.int64))

    @staticmethod
    def _stored():
        """[(story id, its keys as stored)] of every story, in the table's own order (on SQLite
        the story id is not the row id: ordering by it read the rows in another order, three
        times as slow)."""
        table, article, keys = quoted(RepostBands, "article", "keys")
        with driver_cursor() as cursor:
            cursor.execute(f"SELECT {article}, {keys} FROM {table}")
            return cursor.fetchall()

    @staticmethod
    def _stored_after(article_id):
        """[(story id, its keys as stored)] of the stories with a higher id, in id order."""
        table, article, keys = quoted(RepostBands, "article", "keys")
        with driver_cursor() as cursor:
            cursor.execute(
                f"SELECT {article}, {keys} FROM {table} WHERE {article} > {placeholders(1)} ORDER BY {article}",
                [article_id],
            )
            return cursor.fetchall()

    def add(self, article_id, keys):
        """Store a story's keys (replacing what it had) and hold them."""
        upsert(RepostBands, article=article_id, keys=keys.tobytes())
        self._take(article_id, keys)

    def add_new(self, stories):
        """Store and hold the keys of stories that have none stored yet: [(story id, keys)]
        (a batch of new stories, in one statement)."""
        RepostBands.objects.bulk_create(RepostBands(article_id=pk, keys=keys.tobytes()) for pk, keys in stories)
        for pk, keys in stories:
            self._take(pk, keys)

    def sharing(self, article_id, keys, limit=CANDIDATES, shared_at_mark=None):
        """{story id: how many of these keys it has} of the other stories, those sharing most
        first (then the lowest ids); only the first `limit` of them (None: all). shared_at_mark:
        what a copy forked at mark() found (an ingest worker's, with the same limit): then only
        the stories taken since are looked up here and counted with those — unless this process
        has read every row anew since (ids grown past the held width)."""
        if shared_at_mark is None or self._after_mark is None:
            found = self._entries.found(keys)
            if self._after_mark is not None:
                found = np.concatenate([found, self._after_mark.found(keys)])
            return _most_shared(*np.unique(found, return_counts=True), article_id, limit)
        found = self._after_mark.found(keys)
        if not len(found):  # most stories: what the copy found is the answer
            return {pk: count for pk, count in shared_at_mark.items() if pk != article_id}
        after, counts = np.unique(found, return_counts=True)
        ids = np.concatenate([after, np.fromiter(shared_at_mark, np.int64, len(shared_at_mark))])
        counts = np.concatenate([counts, np.fromiter(shared_at_mark.values(), np.int64, len(shared_at_mark))])
        return _most_shared(ids, counts, article_id, limit)

    def mark(self):
        """Tell the stories taken from now on apart: a process forked now holds the others in its
        copy, and looks a story up there (ingest's workers, as they prepare it); sharing() given
        what it found adds the stories this process has taken since."""
        if self._after_mark is not None:  # marked again: the stories taken since the last mark join the rest
            self._entries.absorb(self._after_mark)
        self._after_mark = _Entries(self._bits)

    def _take(self, article_id, keys):
        if article_id >> self._bits:  # ids wider than the held entries: read them all again
            self._load()
            return
        (self._entries if self._after_mark is None else self._after_mark).take(article_id, keys)
        self._newest = max(self._newest, article_id)


class _Entries:
    """{band key: story ids}: one sorted array for the bulk, a dict for the stories taken in
    since the last merge.

    The array holds a key and its story in one 64-bit number — the key's high bits, the id in
    the low ones — so that one np.sort orders it (an argsort of the keys and gathering both
    arrays cost eight times as much: 0.8 s against 0.1 s for 3.7 million keys). Keys that differ only in their low
    bits then count as one: at 100,000 stories one new story in a thousand gets a candidate it
    shares no band with, which the check then turns away; none is ever lost."""

    def __init__(self, bits):
        self._bits = bits
        self._held = np.empty(0, np.int64)  # sorted
        self._recent = {}  # band key: [story id], not merged yet
        self._recent_count = 0

    def hold(self, keys, ids):
        """Hold many stories' keys at once (keys[i] is story ids[i]'s). Packed and sorted in
        place: memory new to the process can cost ten times as much as the work on it here
        (this machine: 0.04–0.66 s for 160 MB), and the load holds 30 MB of keys at 100,000
        stories."""
        packed = self._packed(keys, ids)
        if len(self._held):
            packed = np.concatenate([self._held, packed])
        packed.sort()
        self._held = packed

    def take(self, article_id, keys):
        for key in keys.tolist():
            self._recent.setdefault(key, []).append(article_id)
        self._recent_count += len(keys)
        if self._recent_count * MERGE_SHARE > max(len(self._held), 100_000):
            self._merge()

    def absorb(self, other):
        """Hold every story another _Entries of the same width holds."""
        other._merge()
        self._held = np.sort(np.concatenate([self._held, other._held]))

    def _merge(self):
        recent = self._recent.items()
        self.hold(
            np.fromiter((key for key, ids in recent for _ in ids), np.int64, self._recent_count),
            np.fromiter((pk for _, ids in recent for pk in ids), np.int64, self._recent_count),
        )
        self._recent, self._recent_count = {}, 0

    def found(self, keys):
        """The ids of the stories holding each of these keys, one a key held (repeated)."""
        ids_of = (1 << self._bits) - 1
        lows = self._packed(keys, 0)  # each key's first possible entry
        starts, ends = np.searchsorted(self._held, lows, "left"), np.searchsorted(self._held, lows | ids_of, "right")
        found = self._held[_ranges(starts, ends)] & ids_of
        recent = [pk for key in keys.tolist() for pk in self._recent.get(key, ())]
        return np.concatenate([found, np.array(recent, np.int64)]) if recent else found

    def _packed(self, keys, ids):
        """Each key's high bits and its story's id in one number (one new array: in place after
        the first shift)."""
        packed = keys >> self._bits
        packed <<= self._bits
        packed |= ids
        return packed


def _most_shared(ids, counts, article_id, limit):
    """{id: count} of these distinct ids but article_id, the highest counts first (then the
    lowest ids), the first `limit` of them."""
    order = np.lexsort((ids, -counts))
    if article_id is not None:
        order = order[ids[order] != article_id]
    order = order[:limit]
    return dict(zip(ids[order].tolist(), counts[order].tolist()))


def _ranges(starts, ends):
    """The positions start..end-1 of every (start, end), as one array (a slice a range cost a
    Python step each: a story of a large cluster has hundreds of stories behind each key)."""
    lengths = ends - starts
    return np.arange(lengths.sum()) + np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
