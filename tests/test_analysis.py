"""The analyzer: jieba-rs cuts as jieba does, positions make phrases, sub-words rank lower."""

import unicodedata

import jieba
import pytest
import rjieba
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.text import nfkc, normalise
from search.analysis import HMM, SUBWORD_WEIGHT, bigrams, query_bigrams, segmented, words
from tests.conftest import SEEDS


@pytest.mark.parametrize("path", sorted(SEEDS.iterdir()), ids=lambda p: p.name[:3])
def test_jieba_rs_cuts_the_seed_stories_exactly_as_jieba(path):
    text = normalise(path.read_text(encoding="utf-8"))
    assert rjieba.cut(text, hmm=HMM) == list(jieba.cut(text, HMM=HMM))


def test_traditional_text_is_segmented_after_conversion_to_simplified():
    assert [w for _, w, weight in words("劉克龍進駐竇店鎮") if weight == 1.0] == [
        "刘",
        "克",
        "龙",
        "进驻",
        "窦",
        "店",
        "镇",
    ]


def test_subwords_share_their_word_position_with_a_lower_weight():
    found = words("临时党支部书记")
    assert (1, "党支部", 1.0) in found and (1, "支部", SUBWORD_WEIGHT) in found
    assert [p for p, _, w in found if w == 1.0] == [0, 1, 2]


def words_cut_twice(text):
    """words() as defined: jieba's default-mode words at consecutive positions, then the
    search mode's other words at the position of the default-mode word they lie in."""
    text = normalise(text)
    out, owner, position = [], [0] * len(text), 0
    for word, start, end in jieba.tokenize(text, HMM=HMM):
        if word.strip():
            out.append((position, word, 1.0))
            owner[start:end] = [position] * (end - start)
            position += 1
    whole = {(word, at) for at, word, _ in out}
    out += [
        (owner[start], word, SUBWORD_WEIGHT)
        for word, start, _ in jieba.tokenize(text, mode="search", HMM=HMM)
        if word.strip() and (word, owner[start]) not in whole
    ]
    return out


WORDY = "临时党支部书记中华人民共和国北京大学生研究生命起源 ，。a1"


@pytest.mark.parametrize("path", sorted(SEEDS.iterdir()), ids=lambda p: p.name[:3])
def test_one_search_mode_pass_gives_the_words_and_subwords_of_two_passes_on_the_seeds(path):
    text = path.read_text(encoding="utf-8")
    assert words(text) == words_cut_twice(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(WORDY), max_size=40))
def test_one_search_mode_pass_gives_the_words_and_subwords_of_two_passes(text):
    assert words(text) == words_cut_twice(text)


def assert_segmented_is_words_whole_then_sub(text):
    """What the Solr engine is sent (segmented) is what the Whoosh engine indexes (words): the
    whole words in order, then the sub-words, each with its weight."""
    whole, subwords = segmented(normalise(text))
    found = words(text)
    assert [(w, 1.0) for w in whole] + [(w, SUBWORD_WEIGHT) for w in subwords] == [
        (w, weight) for _, w, weight in found
    ]


@pytest.mark.parametrize("path", sorted(SEEDS.iterdir()), ids=lambda p: p.name[:3])
def test_the_seed_stories_segmented_are_their_words(path):
    assert_segmented_is_words_whole_then_sub(path.read_text(encoding="utf-8"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(WORDY), max_size=40))
def test_segmented_text_is_its_words(text):
    assert_segmented_is_words_whole_then_sub(text)


def test_bigrams_cover_every_character_and_cross_punctuation():
    assert bigrams("代理书记,a") == ["代理", "理书", "书记", "记,", ",a", "a"]
    assert query_bigrams("山区") == ["山区"] and query_bigrams("疫") == []


# Characters NFKC changes, alone or beside others: full-width forms and the ideographic space,
# combining marks that compose with the letter before them, Hangul jamo that compose into
# syllables, compatibility ideographs, ligatures, units, an Angstrom sign, a circled number.
COMPOSING = (
    "，。！？：；（）　Ａｚ０９e\u0301\u0308\u0323A\u030a\u1100\u1161\u11a8\uac00\uf900\ufb01\u338f\u212b\u2460刘克龍"
)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(COMPOSING), max_size=40)
    | st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
)
def test_nfkc_a_character_at_a_time_then_whole_gives_exactly_the_librarys_nfkc(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)
