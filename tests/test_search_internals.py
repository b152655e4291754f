"""Search's own shortcuts give what the long way gives (snippets looked for in the opening, the
decoded postings kept between searches, the PostgreSQL engine's postings cut into rows and read
back); the engine named in settings is one that exists."""

import numpy as np
import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given, strategies as st

from search.apps import engine_problems, search_engine_is_known
from search.engine import engine
from search.highlight import OPENING, SNIPPET_BEFORE, SNIPPET_LENGTH, mark, spans, snippet
from search.postgres import postings
from search.whoosh.engine import WhooshEngine
from search.whoosh.posting_arrays import DecodedPostings


def whole_text_snippet(text, terms):
    text = " ".join(text.split())
    found = spans(text, terms)
    start = max(0, found[0][0] - SNIPPET_BEFORE) if found else 0
    end = min(len(text), start + SNIPPET_LENGTH)
    return ("…" if start else "") + mark(text, found, start, end) + ("…" if end < len(text) else "")


@pytest.mark.parametrize("where", [0, 400, OPENING - SNIPPET_LENGTH, OPENING - 100, OPENING - 3, OPENING - 1, OPENING,
                                   OPENING + 1, 3 * OPENING])
def test_snippet_is_the_one_the_whole_text_gives_wherever_the_first_match_lies(where):
    filler = "今天天气很好，大家出门散步…… "  # "……" folds to six characters, so folded and original places differ
    text = (filler * (4 * OPENING // len(filler)))[:where] + "養老院" + filler * 20 + "养老院" + filler * 300
    for terms in (["养老院"], ["养老院", "散步"], ["找不到"]):
        assert snippet(text, terms) == whole_text_snippet(text, terms)
    assert "<mark>養老院</mark>" in snippet(text, ["养老院"])


def test_decoded_postings_keep_to_their_size_dropping_the_least_recently_used():
    def entry():  # 100 documents: 800 bytes of numbers, 800 of weights
        return np.arange(100, dtype=np.int64), np.ones(100), []

    kept = DecodedPostings(limit=3 * 1600)
    for key in "abc":
        kept.put(key, *entry())
    assert kept.get("a") is not None  # "a" is now the most recently used
    kept.put("d", *entry())
    assert kept.get("b") is None and all(kept.get(key) is not None for key in "acd")
    assert kept.size <= kept.limit
    too_large = (np.arange(10_000, dtype=np.int64), np.ones(10_000), [])
    assert kept.put("e", *too_large) is not None and kept.get("e") is None  # handed back, not kept


def test_an_unknown_search_engine_is_a_check_error_naming_the_engines_written(settings):
    settings.SEARCH_ENGINE = "solr"
    [error] = search_engine_is_known(None)
    assert error.id == "search.E001" and "'solr'" in error.msg and "whoosh" in error.hint
    with pytest.raises(ImproperlyConfigured, match="the engines written are postgres, whoosh"):
        engine("solr")
    settings.SEARCH_ENGINE = "whoosh"
    assert search_engine_is_known(None) == [] and isinstance(engine(), WhooshEngine)


def test_the_postgres_engine_on_another_database_is_a_check_error_saying_what_to_set():
    [error] = engine_problems("postgres", "django.db.backends.sqlite3")
    assert error.id == "search.E002" and "not PostgreSQL" in error.msg and "DATABASE_URL" in error.hint
    assert engine_problems("postgres", "django.db.backends.postgresql") == []


POSTING = st.tuples(st.integers(0, 2**64 - 1) | st.sampled_from([0, 7, 2**52 - 1, 2**52, 2**64 - 1]),
                    st.integers(1, 2**40), st.floats(0.125, 500, width=32), st.integers(1, 2**62))


@pytest.mark.parametrize("in_id_order", [False, True], ids=["any-order", "id-order"])
@pytest.mark.parametrize("kind", [postings.WORDS, postings.GRAMS], ids=["words", "grams"])
@given(found=st.lists(POSTING, unique_by=lambda posting: posting[:2], max_size=300))
def test_postings_of_either_kind_in_any_order_cut_into_bucket_rows_decode_to_the_same_postings_each_in_its_bucket(
        kind, in_id_order, found):
    if in_id_order:  # as a write gathers them: cut sorts by key alone
        found = sorted(found, key=lambda posting: posting[1])
    keys, ids, weights, written = (np.array(column, dtype) for column, dtype in zip(
        zip(*found) if found else ([],) * 4, (postings.KEY, postings.ID, postings.WEIGHT, postings.WRITTEN)))
    weighted = kind is postings.WORDS
    rows = postings.cut(keys, ids, *((weights, written) if weighted else (written,)))
    back = [(bucket, *postings.decode(data, kind)) for bucket, data in rows]
    assert len({bucket for bucket, *_ in back}) == len(back)
    assert all(postings.bucket_of(key) == bucket for bucket, row_keys, *_ in back for key in row_keys)
    assert all((np.diff(row_keys) >= 0).all() for _, row_keys, *_ in back)  # by key: searchsorted finds one
    decoded = {(int(key), int(pk), *(float(value) if value.dtype == postings.WEIGHT else int(value) for value in values))
               for _, *columns in back for key, pk, *values in zip(*columns)}
    assert decoded == {(h, i, float(np.float32(w)), n) if weighted else (h, i, n) for h, i, w, n in found}


@pytest.mark.parametrize("texts", [[], [0, 3]], ids=["none-read", "two-read"])
def test_postings_count_when_their_write_is_their_storys_and_not_for_a_story_written_after_the_texts_were_read(texts):
    # A replica (or the primary) may hold postings of a story newer than the texts numbers read
    # before them: those wait for the next read instead of failing the search.
    ids, written = np.array([1, 1, 2, 5], postings.ID), np.array([3, 2, 1, 1], postings.WRITTEN)
    current = postings.is_current(ids, written, np.array(texts, np.int64))
    assert current.tolist() == ([True, False, False, False] if texts else [False] * 4)
