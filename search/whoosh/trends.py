"""Stories per period, and per period and region, over sets of matching documents: array
arithmetic on the index's Columns (search/whoosh/counting.py), as the facets are counted.

Every document's period key is computed once per trend (search.periods: one division over
the date column); a set of matches is then one np.unique of its keys, and its split by region
one np.unique over the region codes of its documents (a document's regions are laid end to end
in Columns.regions, ancestors included): no loop over documents, regions or periods.
"""

from collections import Counter

import numpy as np

from search import periods

UNDATED = -1  # the key of a document without a date


def period_keys(cols, by):
    """Each document's period key (search.periods.key), UNDATED for a document without a date."""
    return np.where(cols.date > 0, periods.key(cols.date // 100, by), UNDATED)


def tallied(keys, counts):
    """Counter of period key (None for UNDATED) -> stories, of np.unique's keys and counts."""
    return Counter({(None if k == UNDATED else k): n for k, n in zip(keys.tolist(), counts.tolist())})


class RegionEntries:
    """The region entries of Columns that name one of `regions` (adcodes): each one's document
    and the index in `regions` of its region."""

    def __init__(self, cols, regions):
        vocabulary = cols.vocabularies["regions"]
        place = np.full(len(vocabulary.values), -1, dtype=np.int64)
        for index, adcode in enumerate(regions):
            if adcode in vocabulary.codes:
                place[vocabulary.codes[adcode]] = index
        places = place[cols.regions] if len(cols.regions) else np.zeros(0, np.int64)
        keep = places >= 0
        self.docs = np.repeat(np.arange(len(cols)), cols.region_count)[keep]
        self.place = places[keep]


def counted(cols, selections, by, regions):
    """{(i, region): Counter of period key -> stories} (search.engine.Engine.trend) for each
    {i: sorted document numbers} of selections, each split by `regions` (adcodes) as well as
    whole (region None)."""
    keys = period_keys(cols, by)
    entries = RegionEntries(cols, regions) if regions else None
    low = int(keys[keys != UNDATED].min()) if (keys != UNDATED).any() else 0
    stride = int(keys.max()) - low + 2 if len(keys) else 1  # slot 0: undated; then one per period
    out = {}
    for i, docs in selections.items():
        out[i, None] = tallied(*np.unique(keys[docs], return_counts=True))
        if entries is None:
            continue
        chosen = np.zeros(len(cols), dtype=bool)
        chosen[docs] = True
        mine = chosen[entries.docs]
        slots = np.where(keys[entries.docs[mine]] == UNDATED, 0, keys[entries.docs[mine]] - low + 1)
        found, counts = np.unique(entries.place[mine] * stride + slots, return_counts=True)
        split = {region: Counter() for region in regions}
        for code, n in zip(found.tolist(), counts.tolist()):
            place, slot = divmod(code, stride)
            split[regions[place]][None if slot == 0 else slot - 1 + low] = n
        out.update({(i, region): counter for region, counter in split.items()})
    return out
