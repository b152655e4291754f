"""Search's own shortcuts give what the long way gives (snippets looked for in the opening, the
decoded postings kept between searches); the engine named in settings is one that exists."""

import numpy as np
import pytest
from django.core.exceptions import ImproperlyConfigured

from archive.highlight import OPENING, SNIPPET_BEFORE, SNIPPET_LENGTH, mark, snippet, spans
from search.apps import engine_problems, search_engine_is_known
from search.engine import engine
from search.whoosh.engine import WhooshEngine
from search.whoosh.posting_arrays import DecodedPostings


def whole_text_snippet(text, terms):
    text = " ".join(text.split())
    found = spans(text, terms)
    start = max(0, found[0][0] - SNIPPET_BEFORE) if found else 0
    end = min(len(text), start + SNIPPET_LENGTH)
    return ("…" if start else "") + mark(text, found, start, end) + ("…" if end < len(text) else "")


@pytest.mark.parametrize(
    "where",
    [0, 400, OPENING - SNIPPET_LENGTH, OPENING - 100, OPENING - 3, OPENING - 1, OPENING, OPENING + 1, 3 * OPENING],
)
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
    settings.SEARCH_ENGINE = "elasticsearch"
    [error] = search_engine_is_known(None)
    assert error.id == "search.E001" and "'elasticsearch'" in error.msg and "whoosh" in error.hint
    with pytest.raises(ImproperlyConfigured, match="the engines written are solr, whoosh"):
        engine("elasticsearch")
    settings.SEARCH_ENGINE = "whoosh"
    assert search_engine_is_known(None) == [] and isinstance(engine(), WhooshEngine)


def test_the_solr_engine_without_solr_url_is_a_check_error_saying_what_to_set():
    [error] = engine_problems("solr", {"default": {}})
    assert error.id == "search.E002" and "SOLR_URL" in error.hint
    assert engine_problems("solr", {"default": {}, "solr": {}}) == []
