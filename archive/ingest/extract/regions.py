"""Which places a story is about, as county-level (or coarser) adcodes.

1. Find every mention of a division's full name (房山区) or, for provinces and cities, its
   short name (山东, 泰安) in the simplified text, longest match first (Aho-Corasick).
2. Names that belong to one division only and are at least three characters long are
   certain; their mentions count for the division and, as context, for its ancestors.
3. An ambiguous or two-character name (和平区: 天津 and 沈阳; 城区; 义县) takes the candidate
   whose ancestors the certain mentions support; with no support it is left out.
4. A story is about its main province and any other province mentioned about as much; a
   passing mention elsewhere (河北省大厂县的商超 in a Beijing story) is not what it is about.
5. Of what remains, only the most specific places: 北京市 › 房山区 keeps 房山区.
"""
import functools
from collections import Counter, defaultdict

import ahocorasick

from archive.regions import read_divisions, short_names
from archive.text import normalise

MIN_CERTAIN_LENGTH = 3
# Another province is kept when it has at least this share of the main province's mentions.
SECONDARY_SHARE = 1 / 3


class Gazetteer:
    def __init__(self, divisions):
        self.parent = {code: parent for code, _, _, parent in divisions}
        keys = defaultdict(set)
        for code, name, level, _ in divisions:
            keys[name].add(code)
            for short in short_names(name, level):
                keys[short].add(code)
        self.automaton = ahocorasick.Automaton()
        for key, codes in keys.items():
            self.automaton.add_word(key, (key, tuple(sorted(codes))))
        self.automaton.make_automaton()

    def ancestors(self, code):
        chain = []
        while (code := self.parent.get(code)) is not None:
            chain.append(code)
        return chain

    def province(self, code):
        chain = self.ancestors(code)
        return chain[-1] if chain else code

    def mentions(self, text):
        """Counter of (name, candidate adcodes) for each name in the text, longest match first."""
        return Counter(value for _, value in self.automaton.iter_long(normalise(text)))

    def regions_in(self, text, dateline=""):
        mentions = self.mentions(text)
        weight, context = Counter(), Counter()
        uncertain = []
        for (key, codes), count in mentions.items():
            if self._certain(key, codes):
                weight[codes[0]] += count
                for ancestor in self.ancestors(codes[0]):
                    context[ancestor] += count
            else:
                uncertain.append((codes, count))
        for codes, count in uncertain:
            chosen = self._resolve(codes, context, weight)
            if chosen:
                weight[chosen] += count
        return self._about(weight)

    def _certain(self, key, codes):
        """One division has this name, and it is long enough (or a province's) not to be a common word."""
        return len(codes) == 1 and (len(key) >= MIN_CERTAIN_LENGTH or self.parent[codes[0]] is None)

    def _resolve(self, codes, context, weight):
        scores = sorted(
            ((sum(context[a] + weight[a] for a in self.ancestors(code)), code) for code in codes), reverse=True
        )
        best, code = scores[0]
        if best == 0 or len(scores) > 1 and scores[1][0] == best:
            return None
        return code

    def _about(self, weight):
        by_province = Counter()
        for code, count in weight.items():
            by_province[self.province(code)] += count
        if not by_province:
            return []
        top = by_province.most_common(1)[0][1]
        provinces = {p for p, count in by_province.items() if count == top or count >= max(2, top * SECONDARY_SHARE)}
        kept = {code for code in weight if self.province(code) in provinces}
        covered = {a for code in kept for a in self.ancestors(code)}
        return sorted(kept - covered)


@functools.lru_cache(maxsize=1)
def gazetteer():
    return Gazetteer(read_divisions())


def find_regions(text, dateline=""):
    return gazetteer().regions_in(text, dateline)
