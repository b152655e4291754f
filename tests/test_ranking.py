"""search/whoosh/ranking.py computes Whoosh's BM25F over posting arrays: the same scores, and so the
same order, as Whoosh's own searcher gives for the same words."""

import numpy as np
import pytest
from whoosh import query as Q

from search.query import parse
from search.whoosh.ranking import bm25, ranked
from search.whoosh.writer import ArchiveWriter
from tests.test_writer import documents, write


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    docs = list(documents())
    third = len(docs) // 3
    path = tmp_path_factory.mktemp("ranking")
    ix = write(path, ArchiveWriter, [(docs[:third], False), (docs[third:], False)])  # two segments
    with ix.searcher() as searcher:
        yield searcher


@pytest.mark.parametrize("field, word", [("text", "疫情"), ("text", "社区"), ("title", "疫情"), ("text", "党支部")])
def test_bm25_over_arrays_equals_whoosh_scores_for_one_word(searcher, field, word):
    docs, scores = bm25(searcher, field, word)
    whoosh = {hit.docnum: hit.score for hit in searcher.search(Q.Term(field, word), limit=None)}
    assert len(docs) and dict(zip(docs.tolist(), scores.tolist())) == pytest.approx(whoosh)


@pytest.mark.parametrize("q", ["疫情", "疫情 社区", "title:疫情 防控", "临时党支部"])
def test_ranked_order_equals_whoosh_search_over_the_same_words(searcher, q):
    parsed = parse(q)
    whoosh_query = Q.Or(
        [Q.Term(field, words[0]) if len(words) == 1 else Q.Phrase(field, words) for field, words in parsed.rank_parts()]
    )
    whoosh_scores = {hit.docnum: hit.score for hit in searcher.search(whoosh_query, limit=None)}
    everything = np.fromiter(searcher.reader().all_doc_ids(), dtype=np.int64)
    ours = ranked(searcher, parsed, everything, limit=len(everything))
    assert whoosh_scores and set(ours) == set(whoosh_scores)
    assert [whoosh_scores[d] for d in ours] == pytest.approx(sorted(whoosh_scores.values(), reverse=True))


def test_ranking_keeps_only_selected_documents_and_the_limit(searcher):
    parsed = parse("疫情")
    everything = np.fromiter(searcher.reader().all_doc_ids(), dtype=np.int64)
    some = everything[::3]
    ours = ranked(searcher, parsed, some, limit=5)
    assert len(ours) == 5 and set(ours) <= set(some.tolist())
    assert ours == ranked(searcher, parsed, some, limit=len(some))[:5]
