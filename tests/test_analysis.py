"""The analyzer: jieba-rs cuts as jieba does, positions make phrases, sub-words rank lower."""
import jieba
import pytest
import rjieba

from archive.text import normalise
from search.analysis import HMM, SUBWORD_WEIGHT, bigrams, query_bigrams, words
from tests.conftest import SEEDS


@pytest.mark.parametrize("path", sorted(SEEDS.iterdir()), ids=lambda p: p.name[:3])
def test_jieba_rs_cuts_the_seed_stories_exactly_as_jieba(path):
    text = normalise(path.read_text(encoding="utf-8"))
    assert rjieba.cut(text, hmm=HMM) == list(jieba.cut(text, HMM=HMM))


def test_traditional_text_is_segmented_after_conversion_to_simplified():
    assert [w for _, w, weight in words("劉克龍進駐竇店鎮") if weight == 1.0] == ["刘", "克", "龙", "进驻", "窦", "店", "镇"]


def test_subwords_share_their_word_position_with_a_lower_weight():
    found = words("临时党支部书记")
    assert (1, "党支部", 1.0) in found and (1, "支部", SUBWORD_WEIGHT) in found
    assert [p for p, _, w in found if w == 1.0] == [0, 1, 2]


def test_bigrams_cover_every_character_and_cross_punctuation():
    assert bigrams("代理书记,a") == ["代理", "理书", "书记", "记,", ",a", "a"]
    assert query_bigrams("山区") == ["山区"] and query_bigrams("疫") == []
