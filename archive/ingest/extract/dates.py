"""Publication dates as Chinese pages print them.

2020-03-16, 2020/3/16, 2020.03.16, 2020年03月20日10:52, 2024-05-03 23:46:40, 二〇二〇年三月五日,
2020年3月 (month precision). A date with no year (03.05, 3月5日) is kept as printed but gives
no date: guessing the year would put a story in the wrong place on every timeline.
"""

import datetime
import re
from dataclasses import dataclass

CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_NUM = "[〇零○Ｏ一二三四五六七八九十]"
TIME = r"(?:\s*(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?|\d{1,2}时\d{1,2}分))?"
# The day may be glued to the time that follows it (2018-12-2108:59), as pages print it.
DAY_END = r"(?:(?!\d)|(?=\d{1,2}[:：]\d{2}))"
FULL = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:(?P<sep>[-/.])|年)\s*(?P<m>\d{1,2})\s*(?:(?P=sep)|月)\s*(?P<d>\d{1,2})"
    + DAY_END
    + r"\s*日?"
    + TIME
)
# Year, then month/day in another element of the page: 2023 11/ 17 20:52:15.
SPLIT = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s+(?P<m>\d{1,2})\s*[/-]\s*(?P<d>\d{1,2})(?!\d)" + TIME)
CHINESE = re.compile(rf"(?P<y>{CN_NUM}{{4}})年(?P<m>{CN_NUM}{{1,2}})月(?:(?P<d>{CN_NUM}{{1,3}})日)?")
MONTH = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月(?!\s*\d)")
# Only where a line or the title starts with it: 03.05 天津市..., or a labelled 3月5日.
NO_YEAR = re.compile(r"^(?P<m>\d{1,2})[.\-/](?P<d>\d{1,2})(?![.\-/\d])|^(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日")


@dataclass(frozen=True)
class FoundDate:
    text: str
    date: datetime.date | None
    precision: str  # "day", "month" or "" (no usable date)
    problem: str = ""  # a review reason's code (archive.review)


def _cn_number(text):
    if all(c in CN_DIGITS for c in text):
        return int("".join(str(CN_DIGITS[c]) for c in text))
    tens, _, units = text.partition("十")
    return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(units, 0) if units else 0)


def _make(text, year, month, day):
    precision = "day" if day else "month"
    try:
        value = datetime.date(year, month, day or 1)
    except ValueError:
        return FoundDate(text, None, "", "date_not_real")
    if value > datetime.date.today() + datetime.timedelta(days=1):
        return FoundDate(text, None, "", "date_in_future")
    return FoundDate(text, value, precision)


def find_date(line):
    """The first date with a year in the line, or None."""
    match = FULL.search(line)
    if match:
        return _make(match.group(0).strip(), int(match["y"]), int(match["m"]), int(match["d"]))
    match = SPLIT.search(line)
    if match:
        return _make(match.group(0).strip(), int(match["y"]), int(match["m"]), int(match["d"]))
    match = CHINESE.search(line)
    if match:
        day = _cn_number(match["d"]) if match["d"] else None
        return _make(match.group(0), _cn_number(match["y"]), _cn_number(match["m"]), day)
    match = MONTH.search(line)
    if match:
        return _make(match.group(0), int(match["y"]), int(match["m"]), None)
    return None


def find_yearless(line):
    """A day and month with no year at the start of the line: kept as printed, no date."""
    match = NO_YEAR.match(line.strip())
    if not match:
        return None
    month, day = (match["m"], match["d"]) if match["m"] else (match["m2"], match["d2"])
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    return FoundDate(match.group(0), None, "", "date_without_year")
