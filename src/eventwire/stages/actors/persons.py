"""The bundled knowledge base of political people, with the dates each role was held.

``data/persons.tsv`` has one row per role (see PERSONS.md there). The same person
can be GOV in one year and ELI or OPP in another, so a name resolves against the
story's publication date: the role held on that date, else the latest role begun
before it, else the earliest one.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

from eventwire.errors import ConfigError
from eventwire.stages.actors.lexicon import LexiconEntry


@dataclass(frozen=True, slots=True)
class PersonRole:
    """One role one person held, from ``start`` to ``end`` (open when None)."""

    kb_id: str
    name: str
    country: str
    sector: str
    role: str
    start: dt.date | None
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


class PersonBase:
    """Roles by person id, and the surface forms that name each person."""

    def __init__(self, roles: Iterable[PersonRole], names: dict[str, list[str]]) -> None:
        self._roles: dict[str, list[PersonRole]] = defaultdict(list)
        for role in roles:
            self._roles[role.kb_id].append(role)
        for person_roles in self._roles.values():
            person_roles.sort(key=lambda role: role.start or dt.date.min)
        self._names = names

    def __len__(self) -> int:
        return len(self._roles)

    def merged_with(self, other: PersonBase) -> PersonBase:
        """One base holding both; the other's names come first in the lexicon."""
        roles = [
            role for roles in (*self._roles.values(), *other._roles.values()) for role in roles
        ]
        return PersonBase(roles, {**other._names, **self._names})

    def role_on(self, kb_id: str, day: dt.date | None) -> PersonRole | None:
        """The role a person held on a day (the current role when the day is unknown)."""
        roles = self._roles.get(kb_id)
        if not roles:
            return None
        if day is None:
            return roles[-1]
        held = [role for role in roles if role.covers(day)]
        if held:
            return held[-1]
        begun = [role for role in roles if role.start is not None and role.start <= day]
        return begun[-1] if begun else roles[0]

    def lexicon_rows(self) -> Iterator[tuple[str, LexiconEntry]]:
        """Surface forms for the actor lexicon; country and sector come from the date."""
        for kb_id, surfaces in self._names.items():
            name = self._roles[kb_id][0].name
            entry = LexiconEntry("person", None, (), name, kb_id)
            for surface in surfaces:
                yield surface, entry


def load_persons() -> PersonBase:
    """The bundled knowledge base."""
    data = resources.files("eventwire.stages.actors").joinpath("data", "persons.tsv")
    return read_persons(data.read_text(encoding="utf-8"))


def read_persons(text: str) -> PersonBase:
    """Parse persons.tsv text; surface forms shared by two people are dropped as ambiguous."""
    roles: list[PersonRole] = []
    names: dict[str, list[str]] = defaultdict(list)
    owners: dict[str, set[str]] = defaultdict(set)
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        cells = {key: (value or "").strip() for key, value in row.items() if key}
        kb_id = cells["kb_id"]
        roles.append(
            PersonRole(
                kb_id=kb_id,
                name=cells["name"],
                country=cells["country"],
                sector=cells["sector"],
                role=cells.get("role", ""),
                start=parse_partial_date(cells.get("start", "")),
                end=parse_partial_date(cells.get("end", "")),
            )
        )
        for surface in [cells["name"], *cells.get("aliases", "").split("|")]:
            surface = surface.strip()
            if surface and surface not in names[kb_id]:
                names[kb_id].append(surface)
                owners[surface.lower()].add(kb_id)
    ambiguous = {surface for surface, ids in owners.items() if len(ids) > 1}
    unique = {
        kb_id: [surface for surface in surfaces if surface.lower() not in ambiguous]
        for kb_id, surfaces in names.items()
    }
    return PersonBase(roles, unique)


def parse_partial_date(text: str) -> dt.date | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` (first of the month) or ``YYYY`` (1 January)."""
    if not text:
        return None
    try:
        parts = [int(part) for part in text.split("-")]
        year, month, day = [*parts, 1, 1][:3]
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ConfigError(f"not a date: {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)") from exc
