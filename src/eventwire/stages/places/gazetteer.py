"""The gazetteer: countries, first-level regions and cities, and how a name is resolved.

The table (``data/gazetteer.tsv``, derived from GeoNames by ``scripts/build_gazetteer.py``)
is loaded once. A name can stand for several places ("Paris", "Georgia", "New York");
``Gazetteer.resolve`` scores each candidate by its population, its kind, whether the
name is its main one, and the story's context: the countries the story is about, the
regions it names, a qualifier written beside the name ("Paris, Texas") and a
designator ("Zamfara state", "the town of L'Estere").
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources

from eventwire.types import PlaceKind

PLACE_KINDS = frozenset({"country", "region", "city"})
NON_WORD = re.compile(r"[\W_]+")
TABLE = "gazetteer.tsv"

# Score weights: population counts in orders of magnitude (log10), so these are
# "worth a factor of 10 ** weight in population".
COUNTRY_BONUS = 2.0
CAPITAL_BONUS = 1.5
ALTERNATE_PENALTY = 1.0
STORY_COUNTRY_BONUS = 3.0
MAIN_COUNTRY_BONUS = 1.0
STORY_REGION_BONUS = 4.0
QUALIFIER_BONUS = 6.0
DESIGNATOR_BONUS = 5.0
REGION_DESIGNATORS = frozenset(
    {
        "state",
        "province",
        "region",
        "governorate",
        "oblast",
        "county",
        "district",
        "prefecture",
        "department",
        "territory",
    }
)
CITY_DESIGNATORS = frozenset({"city", "town", "village", "capital", "port"})
DESIGNATORS = REGION_DESIGNATORS | CITY_DESIGNATORS
# Continents and macro-regions are places but not in the table; some of their names are
# also alternate names of towns ("Asia" for a Philippine city), which they must not become.
MACRO_REGIONS = frozenset(
    {"africa", "asia", "europe", "north america", "south america", "latin america",
     "central america", "oceania", "antarctica", "middle east", "near east", "far east",
     "caribbean", "balkans", "sahel", "maghreb", "levant", "west africa", "east africa",
     "north africa", "southern africa", "central africa", "horn of africa", "southeast asia",
     "south asia", "central asia", "east asia", "eurasia", "scandinavia", "indo pacific",
     "asia pacific", "pacific", "atlantic", "arctic", "gulf", "persian gulf", "west",
     "the west", "mediterranean", "western europe", "eastern europe"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place of the table. ``admin1`` is the region's name (a region's own name)."""

    geonameid: int | None
    kind: PlaceKind
    name: str
    country: str
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    capital: bool = False


@dataclass(frozen=True, slots=True)
class StoryContext:
    """What a story is about, for disambiguation: its countries and named regions."""

    countries: frozenset[str] = frozenset()
    main_country: str | None = None
    regions: frozenset[tuple[str, str]] = field(default_factory=frozenset)


NO_CONTEXT = StoryContext()


@dataclass(frozen=True, slots=True)
class Candidate:
    entry: GazetteerEntry
    primary: bool


class Gazetteer:
    """Names -> places, case-insensitive, with accent-folded and punctuation-free keys."""

    def __init__(self, entries: Sequence[GazetteerEntry], keys: Sequence[Sequence[str]]) -> None:
        """``keys[i]`` are the distinct lookup keys (``name_key``) of ``entries[i]``'s
        other names."""
        index: dict[str, list[tuple[int, bool]]] = defaultdict(list)
        for position, (entry, alternates) in enumerate(zip(entries, keys, strict=True)):
            primary = name_key(entry.name)
            index[primary].append((position, True))
            for key in alternates:
                if key != primary:
                    index[key].append((position, False))
        self._entries = tuple(entries)
        self._index = {key: tuple(found) for key, found in index.items()}
        self._countries = {e.country: e for e in self._entries if e.kind == "country"}

    def __len__(self) -> int:
        return len(self._entries)

    def candidates(self, name: str) -> tuple[Candidate, ...]:
        """Every place the name can stand for."""
        found = self._index.get(name_key(name), ())
        return tuple(Candidate(self._entries[i], primary) for i, primary in found)

    def knows(self, name: str) -> bool:
        return name_key(name) in self._index

    def country(self, iso3: str) -> GazetteerEntry | None:
        """The country entry for an ISO3 code."""
        return self._countries.get(iso3)

    def resolve(
        self,
        name: str,
        *,
        context: StoryContext = NO_CONTEXT,
        designator: str | None = None,
        qualifier: GazetteerEntry | None = None,
    ) -> GazetteerEntry | None:
        """The most likely place for a name in a story, or None when the table lacks it."""
        if name_key(name).removeprefix("the ") in MACRO_REGIONS:
            return None
        candidates = self.candidates(name)
        if not candidates:
            return None
        if designator in REGION_DESIGNATORS:
            kinds = [c for c in candidates if c.entry.kind == "region"]
            candidates = tuple(kinds) or candidates
        scored = sorted(
            candidates,
            key=lambda c: -score(c, context=context, designator=designator, qualifier=qualifier),
        )
        best = scored[0].entry
        if best.kind == "region" and designator not in REGION_DESIGNATORS:
            # "New York", "Kharkiv", "Lagos": the city, not the region named after it.
            for candidate in scored[1:]:
                entry = candidate.entry
                if entry.kind == "city" and (entry.country, entry.admin1) == (
                    best.country,
                    best.name,
                ):
                    return entry
        return best


def score(
    candidate: Candidate,
    *,
    context: StoryContext = NO_CONTEXT,
    designator: str | None = None,
    qualifier: GazetteerEntry | None = None,
) -> float:
    """How likely a candidate is, in orders of magnitude of population."""
    entry = candidate.entry
    value = math.log10(entry.population + 10)
    if entry.kind == "country":
        value += COUNTRY_BONUS
    if entry.capital:
        value += CAPITAL_BONUS
    if not candidate.primary:
        value -= ALTERNATE_PENALTY
    if entry.country in context.countries:
        value += STORY_COUNTRY_BONUS
    if entry.country == context.main_country:
        value += MAIN_COUNTRY_BONUS
    if entry.kind == "city" and entry.admin1 and (entry.country, entry.admin1) in context.regions:
        value += STORY_REGION_BONUS
    if qualifier is not None and _within(entry, qualifier):
        value += QUALIFIER_BONUS
    if designator is not None and (
        (designator in REGION_DESIGNATORS and entry.kind == "region")
        or (designator in CITY_DESIGNATORS and entry.kind == "city")
    ):
        value += DESIGNATOR_BONUS
    return value


def _within(entry: GazetteerEntry, container: GazetteerEntry) -> bool:
    if container.kind == "country":
        return entry.country == container.country and entry.kind != "country"
    if container.kind == "region":
        return entry.kind == "city" and (entry.country, entry.admin1) == (
            container.country,
            container.name,
        )
    return False


def name_key(name: str) -> str:
    """The lookup key of a name: lower case, accents and punctuation dropped."""
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return NON_WORD.sub(" ", name.casefold()).strip()


def load_gazetteer(
    *,
    country_names: Iterable[tuple[str, str]] = (),
    capitals: Iterable[tuple[str, str]] = (),
) -> Gazetteer:
    """Read the bundled table once.

    ``country_names`` adds (name, ISO3) aliases to country entries ("U.S.", "Britain");
    ``capitals`` marks the cities (name, ISO3) that are capitals, for disambiguation.
    """
    aliases: dict[str, list[str]] = defaultdict(list)
    for surface, iso3 in country_names:
        aliases[iso3].append(name_key(surface))
    capital_keys = {(name_key(name), iso3) for name, iso3 in capitals}
    data = resources.files("eventwire.stages.places").joinpath("data", TABLE)
    entries: list[GazetteerEntry] = []
    keys: list[list[str]] = []
    with data.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            kind = row["kind"]
            if kind not in PLACE_KINDS:
                raise ValueError(f"{TABLE}: unknown kind {kind!r} for {row['name']!r}")
            alternates = row["alternates"].split("|") if row["alternates"] else []
            if kind == "country":
                extra = aliases.get(row["country"], ())
                alternates = list(dict.fromkeys([*alternates, *extra]))
            entries.append(
                GazetteerEntry(
                    geonameid=int(row["geonameid"]) if row["geonameid"] else None,
                    kind=kind,  # type: ignore[arg-type]
                    name=row["name"],
                    country=row["country"],
                    admin1=row["admin1"] or None,
                    lat=float(row["lat"]) if row["lat"] else None,
                    lon=float(row["lon"]) if row["lon"] else None,
                    population=int(row["population"] or 0),
                    capital=kind == "city"
                    and (name_key(row["name"]), row["country"]) in capital_keys,
                )
            )
            keys.append(alternates)
    return Gazetteer(entries, keys)
