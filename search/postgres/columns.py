"""The PostgreSQL index's facet values as Columns (search/columns.py) whose document numbers
are article ids, kept by each process for each database it reads (a replica may lag behind
the primary), so that a search counts facets, picks one story per repost cluster and orders
by date with array arithmetic, as the Whoosh engine does, instead of an aggregate over every
matching row.

When the database has changed since the rows were last followed (GENERATION), every row's
write number (search_story.written, new at every write of the row) is read first, the rows
that changed read again and the rows that are gone forgotten: the kept texts numbers
(search_story.texts) are then those of the database, which tell which postings are current
(matching.py, ranking.py), and relevance counts the stories there are (ranking.Stories). Until
the database changes, a query's matches are kept. The arrays are as long as the largest
article id. (A database restored from an older dump can give numbers out again: restart the
web processes after a restore.)
"""
import threading
from collections import OrderedDict

import numpy as np

from search.columns import Columns, Vocabulary
from search.postgres import schema
from search.postgres.ranking import Stories

SCALARS = ("source", "year", "script", "date", "captured", "cluster", "repost", "text_length", "title_length")
CODED = ("source", "year", "script")  # facet values kept as Vocabulary codes
READ_EVERY = 10_000  # rows read again per statement
READ = f"SELECT article_id, written, texts, {', '.join((*SCALARS, *Columns.LISTS))} FROM search_story"
NUMBERS = schema.PAIRS.format(stories="SELECT article_id, written FROM search_story")  # every row's last write
# What the database holds, as far as search can tell: the transactions running and done (a
# snapshot: it changes when a write begins or commits, on a replica as it replays them) and the
# last write number (which also moves with the searching transaction's own writes).
GENERATION = "SELECT pg_current_snapshot()::text, last_value FROM search_story_written"
FOUND_KEPT = 64  # queries whose matches are kept (90,000 matches are 0.7 MB)

_lock = threading.Lock()
_kept = {}  # database alias -> StoryColumns


def columns_of(alias):
    """The kept columns of one database (DATABASES alias)."""
    with _lock:
        return _kept.setdefault(alias, StoryColumns())


class StoryColumns:
    """One database's search_story rows as arrays indexed by article id, grown and mended as
    searches meet rows that changed."""

    def __init__(self):
        self._lock = threading.Lock()
        self.vocabularies = {name: Vocabulary() for name in ("regions", "sites", *CODED)}
        self.written = np.zeros(0, np.int64)  # the row's last write; 0: not read yet
        self.texts = np.zeros(0, np.int64)  # the write of its texts and postings; 0: not read yet
        self.scalars = {name: np.zeros(0, Columns.DTYPES.get(name, np.int64)) for name in SCALARS}
        self.lists = {name: np.zeros((0, 1), np.int32) for name in Columns.LISTS}  # codes, 0-padded
        self.built = None
        self.generation = None  # GENERATION when rows were last followed
        self.found = OrderedDict()  # query -> its stories' ids, oldest first

    def matching(self, cursor, query, find):
        """(Columns, ranking.Stories, the sorted article ids of the stories that match) of a
        query (a key: matching.key), found with find(cursor, texts numbers by article id) on the
        cursor's database unless this process found them since the database last changed. The
        first search reads every row, as the Whoosh engine reads its segments' stored values; a
        search after the database changed reads every row's number and the rows that changed."""
        with self._lock:
            cursor.execute(GENERATION)
            generation = cursor.fetchone()
            if self.generation is None:
                cursor.execute(READ)
                self._keep(cursor.fetchall())
            elif generation != self.generation:
                self._follow(cursor)
                self.found.clear()
            if generation != self.generation:
                self.generation = generation
                self.built = self._columns(), Stories.of(self.texts.copy(), {
                    schema.TEXT: self.scalars["text_length"], schema.TITLE: self.scalars["title_length"]})
            if query in self.found:
                self.found.move_to_end(query)
            else:
                ids = self.found[query] = find(cursor, self.texts)
                ids.flags.writeable = False  # shared by the searches that ask for it
                while len(self.found) > FOUND_KEPT:
                    self.found.popitem(last=False)
            return (*self.built, self.found[query])

    def _follow(self, cursor):
        """Forget the rows that are gone; read again those whose number changed."""
        cursor.execute(NUMBERS)
        ids, written = schema.pairs(cursor)
        self._make_room(ids)
        there = np.zeros(len(self.written), dtype=bool)
        there[ids] = True
        self.written[~there] = self.texts[~there] = 0
        self._read(cursor, ids[self.written[ids] != written])

    def _read(self, cursor, ids):
        for start in range(0, len(ids), READ_EVERY):
            cursor.execute(READ + " WHERE article_id = ANY(%s)", [ids[start:start + READ_EVERY].tolist()])
            self._keep(cursor.fetchall())

    def _make_room(self, ids):
        """Room for these article ids (an array): at least twice the room there was, when there
        was too little (growing is rare)."""
        if not len(ids) or ids.max() < len(self.written):
            return
        size = max(int(ids.max()) + 1, 2 * len(self.written))

        def grown(array):
            bigger = np.zeros((size, *array.shape[1:]), array.dtype)
            bigger[:len(array)] = array
            return bigger

        self.written, self.texts = grown(self.written), grown(self.texts)
        self.scalars = {name: grown(array) for name, array in self.scalars.items()}
        self.lists = {name: grown(table) for name, table in self.lists.items()}

    def _keep(self, rows):
        """Keep these rows' values (READ's columns), a column at a time."""
        if not rows:
            return
        pk, written, texts, *values = zip(*rows)
        pk = np.array(pk, np.int64)
        self._make_room(pk)
        self.written[pk] = written
        self.texts[pk] = texts
        for name, column in zip(SCALARS, values):
            code = self.vocabularies[name].code if name in CODED else None
            self.scalars[name][pk] = [code(value) for value in column] if code else column
        for name, column in zip(Columns.LISTS, values[len(SCALARS):]):
            code = self.vocabularies[name].code
            codes = [[code(value) for value in row] for row in column]
            table = self.lists[name]
            width = max(map(len, codes))
            if width > table.shape[1]:
                table = self.lists[name] = np.pad(table, ((0, 0), (0, width - table.shape[1])))
            padded = np.zeros((len(codes), table.shape[1]), np.int32)
            for row, found in enumerate(codes):
                padded[row, :len(found)] = found
            table[pk] = padded

    def _columns(self):
        """A copy as Columns (searches running meanwhile keep theirs): each row's list codes laid
        end to end, as Columns has them."""
        lists = {}
        for name, counts in Columns.LISTS.items():
            table = self.lists[name]
            lists[counts] = (table != 0).sum(axis=1)
            lists[name] = table[table != 0]
        return Columns(self.vocabularies, article_id=np.arange(len(self.written)),
                       **{name: array.copy() for name, array in self.scalars.items()}, **lists)
