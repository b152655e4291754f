"""The band index a clustering process holds in memory (archive/repost_bands.py) answers as the
stored rows say: after its first read, after stories another process stored, across merges,
and through a copy an ingest worker took of it."""

import copy

import numpy as np
import pytest

from archive.models import Article
from archive.repost_bands import ID_BITS, BandIndex
from archive.reposts import BANDS


@pytest.fixture
def stories(db):
    """Stored stories with ids 1–2999 (empty: only their ids matter to the index)."""
    Article.objects.bulk_create(
        Article(pk=pk, file_name=f"{pk}.txt", text_sha256=f"{pk:064x}", sha256=f"{pk:064x}") for pk in range(1, 3000)
    )


def keys(seed):
    return np.random.default_rng(seed).integers(-(2**63), 2**63 - 1, BANDS, dtype=np.int64)


def test_a_story_shares_every_band_with_its_twin_and_some_with_a_partial_copy(stories):
    index = BandIndex()
    partial = keys(1).copy()
    partial[10:] = keys(2)[10:]
    index.add(1, keys(1))
    index.add(2, partial)
    index.add(3, keys(3))
    assert index.sharing(4, keys(1)) == {1: BANDS, 2: 10}
    assert index.sharing(1, keys(1)) == {2: 10}  # never itself


def test_stories_stored_by_another_process_are_found_once_refreshed_and_a_new_index_reads_them_all(stories):
    mine, theirs = BandIndex(), BandIndex()
    theirs.add(7, keys(7))
    assert mine.sharing(8, keys(7)) == {}
    mine.refresh()
    assert mine.sharing(8, keys(7)) == {7: BANDS}
    assert BandIndex().sharing(8, keys(7)) == {7: BANDS}


def test_answers_stay_the_same_when_recent_stories_are_merged_into_the_sorted_arrays(stories):
    index = BandIndex()
    for story in range(1, 3000):  # past the merge threshold (100,000 keys / 8) more than once
        index.add(story, keys(story))
    assert len(index._entries._recent) < 3000 * BANDS  # merged at least once
    assert index.sharing(0, keys(5)) == {5: BANDS} and index.sharing(0, keys(2999)) == {2999: BANDS}
    assert BandIndex().sharing(0, keys(1234)) == {1234: BANDS}


def test_the_stories_sharing_most_come_first_and_a_limit_keeps_only_them(stories):
    index = BandIndex()
    for story, shared in ((1, 5), (2, 20), (3, 5), (4, 30)):
        index.add(story, np.concatenate([keys(0)[:shared], keys(story)[shared:]]))
    assert list(index.sharing(None, keys(0)).items()) == [(4, 30), (2, 20), (1, 5), (3, 5)]
    assert list(index.sharing(None, keys(0), limit=3)) == [4, 2, 1]


def test_a_story_id_wider_than_the_held_entries_is_found_with_every_other(db):
    wide = 2**ID_BITS + 5
    Article.objects.bulk_create(
        Article(pk=pk, file_name=f"{pk}.txt", text_sha256=f"{pk:064x}", sha256=f"{pk:064x}") for pk in (1, 2, wide)
    )
    index = BandIndex()
    index.add(1, keys(1))
    index.add(2, keys(2))
    index.add(wide, keys(3))
    assert index.sharing(None, keys(1)) == {1: BANDS} and index.sharing(None, keys(3)) == {wide: BANDS}
    assert BandIndex().sharing(None, keys(3)) == {wide: BANDS} and BandIndex().sharing(None, keys(2)) == {2: BANDS}


def test_a_copy_taken_at_the_mark_and_the_stories_taken_since_find_what_the_whole_index_finds(stories):
    index = BandIndex()
    for story, shared in ((1, 5), (2, 20), (3, 30)):
        index.add(story, np.concatenate([keys(0)[:shared], keys(story)[shared:]]))
    index.mark()
    forked = copy.deepcopy(index)  # what an ingest worker forked now holds
    for story, shared in ((4, 25), (5, 5), (6, 1)):
        index.add(story, np.concatenate([keys(0)[:shared], keys(story)[shared:]]))
    assert forked.sharing(None, keys(0)) == {3: 30, 2: 20, 1: 5}
    for limit in (None, 4, 2):
        found = index.sharing(None, keys(0), limit, shared_at_mark=forked.sharing(None, keys(0), limit))
        assert list(found.items()) == list(index.sharing(None, keys(0), limit).items())
    assert list(index.sharing(None, keys(0), shared_at_mark=forked.sharing(None, keys(0)))) == [3, 4, 2, 1, 5, 6]
    # a story that no story taken since shares a band with: the copy's answer stands as it is
    assert index.sharing(None, keys(2), shared_at_mark=forked.sharing(None, keys(2))) == {2: BANDS - 20}
    index.mark()  # marked again (another ingest in this process): the stories taken since the first are held with the rest
    forked_again = copy.deepcopy(index)
    index.add(7, keys(0))
    everything = {7: BANDS, 3: 30, 4: 25, 2: 20, 1: 5, 5: 5, 6: 1}
    assert index.sharing(None, keys(0), shared_at_mark=forked_again.sharing(None, keys(0))) == everything
    assert index.sharing(None, keys(0)) == everything


def test_after_reading_every_row_anew_the_index_finds_candidates_itself_not_through_a_copy(db):
    wide = 2**ID_BITS + 5
    Article.objects.bulk_create(
        Article(pk=pk, file_name=f"{pk}.txt", text_sha256=f"{pk:064x}", sha256=f"{pk:064x}") for pk in (1, wide)
    )
    index = BandIndex()
    index.add(1, keys(1))
    index.mark()
    forked = copy.deepcopy(index)
    index.add(wide, keys(1))  # too wide for the held entries: every row read again
    assert index.sharing(None, keys(1), shared_at_mark=forked.sharing(None, keys(1))) == {1: BANDS, wide: BANDS}
