"""One-character queries, answered from the word fields.

A bigram field answers a one-character query only by expanding it to every bigram that
begins with the character: thousands of terms for a common one (的 took 3.5 s at 10,000
stories). Every character of a text lies inside exactly one of its default-mode words, so
the stories that contain a character are exactly those with a word containing it. For each
index segment (segments never change) we keep its word list as one string, where the words
holding a character are found by str.find; a query is the union of their posting lists.
"""
import threading
from array import array

from whoosh import query as Q

WORD_FIELD = {"chars": "text", "title_chars": "title"}  # the word field that covers each bigram field

MAX_ANSWERS = 64

_lock = threading.Lock()
_maps = {}  # (segment id, word field) -> the segment's words, one per line
_answers = {}  # (segment ids, word field, character) -> array of document numbers, oldest first


def _lexicon(reader, fieldname):
    """The field's words, one per line: found by str.find, far smaller than a dict of lists."""
    return "\n" + "\n".join(term.decode("utf-8") for term in reader.lexicon(fieldname)) + "\n"


def _words_with(lexicon, char):
    found, start = [], lexicon.find(char)
    while start != -1:
        line_start = lexicon.rfind("\n", 0, start) + 1
        line_end = lexicon.find("\n", start)
        found.append(lexicon[line_start:line_end])
        start = lexicon.find(char, line_end)
    return found


def words_containing(searcher, fieldname, char):
    words = set()
    with _lock:
        current = set()
        for reader, _ in searcher.reader().leaf_readers():
            key = (reader.segment().segment_id(), fieldname)
            current.add(key)
            if key not in _maps:
                _maps[key] = _lexicon(reader, fieldname)
            words.update(_words_with(_maps[key], char))
        for gone in [key for key in _maps if key[1] == fieldname and key not in current]:
            del _maps[gone]  # segments merged away
    return sorted(words)


def character_docs(searcher, chars_field, char):
    """Document numbers of the stories whose `chars_field` text contains `char`.

    A common character lies in a thousand or more words (人: 1,786 at 10,000 stories), so the
    answer for the current segments is kept (as a compact array) for the next search."""
    word_field = WORD_FIELD.get(chars_field)
    if word_field is None:  # a short field (source): the bigram prefix is cheap there
        return set(Q.Prefix(chars_field, char).docs(searcher))
    segments = tuple(reader.segment().segment_id() for reader, _ in searcher.reader().leaf_readers())
    key = (segments, word_field, char)
    with _lock:
        found = _answers.get(key)
    if found is None:
        reader, docs = searcher.reader(), set()
        for word in words_containing(searcher, word_field, char):
            docs.update(reader.postings(word_field, word).all_ids())
        found = array("i", sorted(docs))
        with _lock:
            _answers[key] = found
            while len(_answers) > MAX_ANSWERS:
                _answers.pop(next(iter(_answers)))
    return set(found)
