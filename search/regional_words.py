"""Another region's word for a query term: the mainland's 出租车 is Taiwan's 計程車, 软件 is
軟體, 信息 is 資訊. The pairs are OpenCC's phrase dictionaries (s2twp and tw2sp for Taiwan,
s2hkp and hk2sp for Hong Kong); a pair counts only when the dictionaries agree both ways, so a
one-way entry (s2twp turns Hong Kong's 的士 into Taiwan's 計程車, which tw2sp makes the
mainland's 出租车, not 的士) does not widen a search.
"""

import functools
from dataclasses import dataclass

from archive.script_forms import converter
from archive.text import normalise


@dataclass(frozen=True)
class RegionalWord:
    text: str  # as that region writes it: 計程車
    region: str  # "mainland", "Taiwan" or "Hong Kong"


# (region, the mainland's word → the region's, the region's word → the mainland's, the region's
# script for a simplified text, which the region's phrase keys are written in)
REGIONS = (("Taiwan", "s2twp", "tw2sp", "s2tw"), ("Hong Kong", "s2hkp", "hk2sp", "s2hk"))


def _convert(name, text):
    return converter(name).convert(text)


@functools.lru_cache(maxsize=4096)
def regional_words(term):
    """The other regions' words for a query term (normalised, as a Clause holds it), each once
    by its search form, none the term's own."""
    found, seen = [], {term}
    for region, to_region, to_mainland, script in REGIONS:
        theirs = _convert(to_region, term)  # the term as the mainland's word
        if normalise(_convert(to_mainland, theirs)) == term:
            found.append(RegionalWord(theirs, region))
        written = _convert(script, term)
        ours = _convert(to_mainland, written)  # the term as the region's word
        if normalise(_convert(to_region, ours)) == normalise(written):
            found.append(RegionalWord(ours, "mainland"))
    words = []
    for word in found:
        if (form := normalise(word.text)) not in seen:
            seen.add(form)
            words.append(word)
    return tuple(words)
