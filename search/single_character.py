"""One-character queries, answered from the word fields.

A bigram field answers a one-character query only by expanding it to every bigram that
begins with the character: thousands of terms for a common one (的 took 3.5 s at 10,000
stories). Every character of a text lies inside exactly one of its default-mode words, so
the stories that contain a character are exactly those with a word containing it. For each
index segment (segments never change) we build once a map from character to the words that
contain it; a query is then the union of a few hundred posting lists.
"""
import threading
from collections import defaultdict

from whoosh import query as Q

WORD_FIELD = {"chars": "text", "title_chars": "title"}  # the word field that covers each bigram field

_lock = threading.Lock()
_maps = {}  # (segment id, word field) -> {character: [word, ...]}


def _character_map(reader, fieldname):
    found = defaultdict(list)
    for term in reader.lexicon(fieldname):
        word = term.decode("utf-8")
        for char in set(word):
            found[char].append(word)
    return dict(found)


def words_containing(searcher, fieldname, char):
    words = set()
    with _lock:
        for reader, _ in searcher.reader().leaf_readers():
            key = (reader.segment().segment_id(), fieldname)
            if key not in _maps:
                _maps[key] = _character_map(reader, fieldname)
            words.update(_maps[key].get(char, ()))
    return sorted(words)


def character_query(searcher, chars_field, char):
    """Stories whose `chars_field` text contains `char`."""
    word_field = WORD_FIELD.get(chars_field)
    if word_field is None:  # a short field (source): the bigram prefix is cheap there
        return Q.Prefix(chars_field, char)
    return Q.Or([Q.Term(word_field, word) for word in words_containing(searcher, word_field, char)])
