"""Which places a story is about, as adcodes, as deep as the text supports.

1. Find every mention of a division's full name (房山区) or, for provinces and cities, its
   short name (山东, 泰安) in the simplified text, longest match first (Aho-Corasick), and
   every mention of a foreign country or region (pycountry's names in Chinese).
   County-level cities and counties are also found by their stem (丰城, 炉霍), but only where
   the story names their city or province too, or says the stem in its headline and again in
   the text (临清), and not where jieba's dictionary knows the stem as an ordinary word (公安
   for 公安县, 东方 for 东方市). So are full names that the segmenter reads as a phrase ending
   in a common word (大社区, 新营区). A name that opens a company's registered name (淮安市旭日通信工程有限公司)
   or says where a person comes from (（36岁，武汉人）) is not counted: neither is where the story
   happens.
2. Names that belong to one division only and are at least three characters long are
   certain, and so is a two-character city name said twice, in the title or in the dateline;
   their mentions count for the division and, as context, for its ancestors. A mention in
   the title counts three times; the dateline's place (新华社福州12月26日电) counts twice.
3. An ambiguous name (和平区: 天津 and 沈阳; 城区; 义县; 新竹) takes the candidate that the
   certain mentions support, itself or through its ancestors; with no support it is left out.
4. What the story is about, from the top down: no place at all for a foreign story (more
   foreign mentions than Chinese ones), a national one (three provinces or more, none with
   half of the mentions) or a passing mention (one mention, not in the title or dateline).
   Then the main province and any other province mentioned about as much, and more than in
   passing (three times: 北京 said twice in a 香港 story is not kept); within each, the
   main city, unless many cities share the story (a province-wide story stays at the
   province); within each city, the districts said about as often as the city itself.
5. Of what remains, only the most specific places: 北京市 › 房山区 keeps 房山区.
"""

import functools
import gettext
import os
import re
from collections import Counter, defaultdict

import ahocorasick
import jieba
import pycountry
import rjieba

from archive.regions import read_divisions, short_names
from archive.text import normalise

MIN_CERTAIN_LENGTH = 3
WORD_WINDOW = 6  # characters on each side the segmenter reads to tell a name from part of a word
# A county stem jieba has seen this often, not tagged as a place, is a word (清水, 大方). Below
# it are names the dictionary mistags (临清 'b' 117, 常熟 'a' 146, 余姚 'nr' 140): they still
# need their city, province or headline.
COMMON_FREQUENCY = 300
# Another province (or city) is kept when it has at least this share of the main one's mentions.
SECONDARY_SHARE = 2 / 5
TITLE_WEIGHT = 3
DATELINE_WEIGHT = 2
NATIONAL_PROVINCES = 3  # this many provinces, none with half the mentions: a national story
MAIN_SHARE = 1 / 2
PROVINCE_WIDE = 5  # this many cities of one province, none with half the mentions: the province's story
# A district is what the story is about when it is said at least this share as often as its city.
DISTRICT_SHARE = 1 / 3
ONE_DISTRICT_SHARE = 1 / 2  # the one district under the headline's city, against the city outside it
# A national story names the state's bodies (国务院, 国家卫生健康委, 全国…) and no place more
# than in passing.
NATIONAL_WORDS = ("国家", "全国", "国务院", "中央", "部委")
NATIONAL_MENTIONS = 3
LOCAL_MENTIONS = 3
# Countries that are Chinese divisions in our data, not foreign countries.
DOMESTIC_COUNTRY_CODES = {"CN", "TW", "HK", "MO"}
FOREIGN = ("foreign",)
# A name a place opens runs to the next punctuation, and not across 的 or 一家 (南京的一家公司 is
# a company in 南京, a place of the story).
NAME_RUN = re.compile(r"(?:(?!的|某|一家|这家|该)[\u4e00-\u9fff]){0,12}")
# A company's registered name opens with the place that registered it (行政区划 + 字号 + 行业 +
# 有限公司): a legal form, not the colloquial 余姚自来水公司, which is the story's place.
COMPANY_FORMS = re.compile("有限(?:责任)?公司|分公司")
# A person's origin just before a place's name: 户籍地安徽, 籍贯：湖南省, 老家是四川.
ORIGIN_BEFORE = re.compile(r"(?:户籍地?|戶籍地?|籍贯|籍貫|原籍|老家)\s*(?:为|為|是|在)?\s*[:：]?\s*$")
ORIGIN_WINDOW = 8


def foreign_place_names():
    """Every foreign country's and foreign first-level division's name in Chinese, from
    pycountry's translations (美国, 日本, 北海道, 加利福尼亚州…): China's own divisions are ours."""
    countries = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    divisions = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"])
    names = set()
    for country in pycountry.countries:
        if country.alpha_2 in DOMESTIC_COUNTRY_CODES:
            continue
        for attribute in ("name", "common_name", "official_name"):
            if hasattr(country, attribute):
                names.add(countries.gettext(getattr(country, attribute)))
    for division in pycountry.subdivisions:
        if division.country_code not in DOMESTIC_COUNTRY_CODES:
            names.add(divisions.gettext(division.name))
    names = {normalise(name) for name in names if len(name) >= 2 and not name.isascii()}
    return {name for name in names if not common_word(name)}  # 中央 names a region abroad, and the state at home


@functools.lru_cache(maxsize=1)
def _dictionary():
    """{word: (frequency, part of speech)} from jieba's own dictionary."""
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    words = {}
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            word, frequency, tag = line.split()
            words[word] = (int(frequency), tag)
    return words


def common_word(stem):
    """Whether jieba's dictionary knows the stem as an ordinary word (公安, 东方, 和平) rather
    than a place (丰城, 敦化: tagged ns, or rare)."""
    frequency, tag = _dictionary().get(stem, (0, ""))
    return tag != "ns" and frequency >= COMMON_FREQUENCY


def reads_as_phrase(name):
    """Whether the segmenter reads a division's name as an ordinary phrase that ends in a
    common word: 大社区 (大/社区, a district of Kaohsiung and "a large community"), 新营区."""
    words = rjieba.cut(name, hmm=False)
    return len(words) > 1 and len(words[-1]) >= 2 and common_word(words[-1])


def county_stem(name, level):
    """丰城 for 丰城市, 炉霍 for 炉霍县, 马村 for 马村区: how stories name a county-level division
    (马村公安, 海陵分局). A one-character stem (城区, 新区) is none; stems that are ordinary words
    (金山, 和平) are left out by the caller."""
    if level == "district" and name.endswith(("市", "县", "縣", "区", "區")) and len(name) >= 3:
        return name[:-1]
    return None


def names_no_place(text, start, end):
    """Whether the place name ending at text[end] only says where a company was registered
    (淮安市旭日通信工程有限公司, 中国铁塔股份有限公司淮安市分公司) or where somebody comes from
    (（36岁，武汉人）, 户籍地安徽省, 安徽籍): neither is where the story happens. The name is
    text[start:end]."""
    name_run = NAME_RUN.match(text, end).group(0)
    if COMPANY_FORMS.search(name_run):
        return True
    if ORIGIN_BEFORE.search(text, max(0, start - ORIGIN_WINDOW), start) or name_run[:1] == "籍":
        return True  # 户籍地安徽, 籍贯湖南, 老家四川, 安徽籍: where a person is from
    return name_run[:1] == "人" and rjieba.cut(name_run[:3], hmm=False)[0] == "人"


def said_enough(count, top):
    """Whether a province or city with `count` mentions is kept beside the main one (`top`):
    as often as it, or about as often and more than in passing."""
    return count == top or count >= max(LOCAL_MENTIONS, top * SECONDARY_SHARE)


class Gazetteer:
    def __init__(self, divisions, foreign_names=()):
        self.parent = {code: parent for code, _, _, parent in divisions}
        self.level = {code: level for code, _, level, _ in divisions}
        self.name = {code: name for code, name, _, _ in divisions}
        keys = defaultdict(set)
        for code, name, level, _ in divisions:
            keys[name].add(code)
            for short in short_names(name, level):
                keys[short].add(code)
        # County stems (丰城 for 丰城市) where no other name is spelt so: places only beside
        # their city or province.
        stems = {(county_stem(name, level), code) for code, name, level, _ in divisions}
        self.needs_context = set()
        for stem, _ in stems:
            if stem and stem not in keys and not common_word(stem):
                self.needs_context.add(stem)
        self.needs_context |= {name for name in keys if len(name) >= MIN_CERTAIN_LENGTH and reads_as_phrase(name)}
        for stem, code in stems:
            if stem in self.needs_context:
                keys[stem].add(code)
        # A district's stem (马村 for 马村区) counts only beside its city or province, even in the
        # headline: more of them are ordinary words (天桥, an overpass) than counties' are.
        self.context_only = {
            stem for stem, code in stems if stem in self.needs_context and self.name[code][-1] in "区區"
        }
        self.automaton = ahocorasick.Automaton()
        for key, codes in keys.items():
            self.automaton.add_word(key, (key, tuple(sorted(codes))))
        for name in foreign_names:
            if name not in keys:
                self.automaton.add_word(name, (name, FOREIGN))
        self.automaton.make_automaton()

    def ancestors(self, code):
        chain = []
        while (code := self.parent.get(code)) is not None:
            chain.append(code)
        return chain

    def province(self, code):
        chain = self.ancestors(code)
        return chain[-1] if chain else code

    def city(self, code):
        """The city-level division a code lies in (itself if it is one), or None."""
        for candidate in [code] + self.ancestors(code):
            if self.level.get(candidate) == "city":
                return candidate
        return None

    def mentions(self, text):
        """Counter of (name, candidate adcodes) for each name in the text, longest match first.
        A two-character name counts only where the segmenter also sees a word boundary on both
        sides of it: 大连 in 大连一方, not in 大/连接; 阿里 not in 阿里巴巴."""
        return self._mentions_in(normalise(text))

    def _mentions_in(self, text):
        """mentions() of a text already normalised."""
        if not text:
            return Counter()
        return Counter(
            value
            for end, value in self.automaton.iter_long(text)
            if (len(value[0]) > 2 or self._is_word(text, end + 1 - len(value[0]), end + 1))
            and not names_no_place(text, end + 1 - len(value[0]), end + 1)
        )

    @staticmethod
    def _is_word(text, start, end):
        """Whether the segmenter, reading the few characters around it, cuts text[start:end] as
        a word of its own (or the start of one): 大连 in 大连一方, not in 大/连接."""
        left = max(0, start - WORD_WINDOW)
        window = text[left : end + WORD_WINDOW]
        cuts = {0}
        for _, _, cut in rjieba.tokenize(window, hmm=False):
            cuts.add(cut)
        return start - left in cuts and end - left in cuts

    def regions_in(self, text, title="", dateline=""):
        """(the places the story is about, how many of its mentions support them: mentions of
        them and of the places under them, the title's thrice; a story that names its place once
        or twice gives weak evidence for it)."""
        folded = normalise(text)
        mentions = self._mentions_in(folded)
        in_title, in_dateline = self.mentions(title), self.mentions(dateline)
        from_title = Counter()  # the weight the headline adds to each place it names
        for (key, codes), count in in_title.items():
            mentions[key, codes] += count * (TITLE_WEIGHT - 1)  # the title is part of the text too
            if len(codes) == 1:
                from_title[codes[0]] += count * (TITLE_WEIGHT - 1)
        said = Counter(mentions)  # before the dateline weighs more
        codes = self._about_story(folded, mentions, in_title, in_dateline, from_title)
        return codes, self._support(codes, said)

    def _about_story(self, folded, mentions, in_title, in_dateline, from_title):
        """The places of the story's mentions (weighted, the title's already: from_title)."""
        # Where the report was filed counts for more only where the story names it again: a
        # dateline's place alone (新华社北京电 over a national story) is not what it is about.
        said_again = [key_codes for key_codes in in_dateline if mentions[key_codes] >= 2]
        emphasised = {key for key, _ in in_title} | {key for key, _ in said_again}
        for key_codes in said_again:
            mentions[key_codes] += DATELINE_WEIGHT
        foreign = sum(count for (_, codes), count in mentions.items() if codes == FOREIGN)
        weight, context = Counter(), Counter()
        uncertain = []
        for (key, codes), count in mentions.items():
            if codes == FOREIGN:
                continue
            if self._certain(key, codes, count, key in emphasised):
                weight[codes[0]] += count
                for ancestor in self.ancestors(codes[0]):
                    context[ancestor] += count
            elif key not in self.context_only or count >= 2:  # a district's stem said once is in passing
                uncertain.append((codes, count))
        for _, codes in in_dateline:  # but it says which province's names these are
            if len(codes) == 1 and codes[0] != FOREIGN[0]:
                for code in [codes[0], *self.ancestors(codes[0])]:
                    context[code] += DATELINE_WEIGHT
        for codes, count in uncertain:
            chosen = self._resolve(codes, context, weight)
            if chosen:
                weight[chosen] += count
        domestic = sum(weight.values())
        if not domestic or foreign >= max(2, domestic):
            return []
        if (
            domestic == 1
            and not emphasised
            and not any(self.name[codes[0]] == key for (key, codes), count in mentions.items() if codes != FOREIGN)
        ):
            return []  # one passing mention (上海, 天津) is not what a story is about; 福州市 may be
        dateline_codes = {code for _, codes in said_again for code in codes}  # those that weigh more
        if (
            sum(folded.count(word) for word in NATIONAL_WORDS) >= NATIONAL_MENTIONS
            and max(n - DATELINE_WEIGHT * (c in dateline_codes) for c, n in weight.items()) < LOCAL_MENTIONS
        ):
            return []  # a national story: its bodies are named, no place is said more than in passing
        provinces_filed = {self.province(codes[0]) for _, codes in in_dateline if len(codes) == 1}
        return self._about(weight, provinces_filed - {FOREIGN[0]}, from_title)

    def _support(self, codes, mentions):
        """The mentions of the places `codes` and of the places under them."""
        weight = Counter()
        for (_, candidates), count in mentions.items():
            for code in candidates:
                if code != FOREIGN[0]:
                    weight[code] += count
        return sum(n for code, n in weight.items() if any(c == code or c in self.ancestors(code) for c in codes))

    def _certain(self, key, codes, count, emphasised):
        """One division has this name, and it is long enough (or a province's, or said often
        enough) not to be a common word."""
        if len(codes) != 1:
            return False
        if key in self.context_only:
            return False
        if key in self.needs_context:
            return emphasised and count > TITLE_WEIGHT  # 临清 in the headline and again in the text
        if len(key) >= MIN_CERTAIN_LENGTH or self.parent[codes[0]] is None:
            return True
        return self.level[codes[0]] == "city" and (count >= 2 or emphasised)

    def _resolve(self, codes, context, weight):
        scores = sorted(
            ((weight[code] + sum(context[a] + weight[a] for a in self.ancestors(code)), code) for code in codes),
            reverse=True,
        )
        best, code = scores[0]
        if best == 0 or len(scores) > 1 and scores[1][0] == best:
            return None
        return code

    def _about(self, weight, provinces_filed, from_title):
        """The places of `weight`; a province the dateline is in counts DATELINE_WEIGHT more
        among the provinces the story names (the report was filed there). `from_title`: the
        weight the headline's mentions added to each place."""
        by_province = Counter()
        for code, count in weight.items():
            by_province[self.province(code)] += count
        for province in provinces_filed:
            if province in by_province:
                by_province[province] += DATELINE_WEIGHT
        total = sum(by_province.values())
        top = by_province.most_common(1)[0][1]
        if len(by_province) >= NATIONAL_PROVINCES and top < total * MAIN_SHARE:
            return []
        provinces = {p for p, count in by_province.items() if said_enough(count, top)}
        kept = set()
        for province in provinces:
            kept |= self._within_province(
                province, {c: n for c, n in weight.items() if self.province(c) == province}, from_title
            )
        covered = {a for code in kept for a in self.ancestors(code)}
        return sorted(kept - covered)

    def _within_province(self, province, weight, from_title):
        """The province's cities (or, for municipalities and 省直辖 counties, districts) the
        story is about, and within each city its districts said about as often as the city; or
        the one district said as often as the city is, the headline's extra weight aside (济宁
        in the headline, 任城区 in the story: the headline names the city a reader knows)."""
        by_unit = Counter()
        for code, count in weight.items():
            if code != province:
                by_unit[self.city(code) or code] += count
        if not by_unit:
            return {province}
        top = by_unit.most_common(1)[0][1]
        if top < weight.get(province, 0) * DISTRICT_SHARE:
            return {province}  # the province is the subject; its cities are said in passing
        if len(by_unit) >= PROVINCE_WIDE and top < sum(by_unit.values()) * MAIN_SHARE:
            return {province}  # a province-wide story: many cities, none the main one
        kept = set()
        for unit, count in by_unit.items():
            if not said_enough(count, top):
                continue
            districts = {c: n for c, n in weight.items() if self.city(c) == unit and c != unit}
            said = weight.get(unit, 0)
            in_text = {c for c, n in districts.items() if n >= (said - from_title[unit]) * ONE_DISTRICT_SHARE}
            if len(in_text) == 1:
                kept |= in_text
            else:
                kept |= {c for c, n in districts.items() if n >= said * DISTRICT_SHARE} or {unit}
        return kept


@functools.lru_cache(maxsize=1)
def gazetteer():
    return Gazetteer(read_divisions(), foreign_place_names())


def regions_and_support(text, title="", dateline=""):
    """Gazetteer.regions_in: (adcodes, how many mentions support them)."""
    return gazetteer().regions_in(text, title, dateline)


def find_regions(text, title="", dateline=""):
    return regions_and_support(text, title, dateline)[0]
