"""User actor dictionaries: eventwire's own CSV/TSV/YAML, and TABARI/PETRARCH files.

Own format (one actor per row or mapping): ``name``, ``aliases`` (``|``-separated or a
list), ``country`` (ISO3, IGO, NGO ...), ``sector`` (PLOVER code, or several joined by
``|``), optional ``kind`` (``role`` for a role noun like "border guard", anything else
names an actor), optional ``start``/``end`` dates and ``id``.

TABARI/PETRARCH actor files (the Phoenix and ICEWS-style dictionaries of the field):
an entry line ``NAME_OF_ACTOR_`` (underscores for spaces), optional synonym lines
``+OTHER_NAME_``, and CAMEO codes in brackets on the entry line or indented below it,
each optionally restricted by dates: ``[RUSGOV]``, ``[RUSGOV 000507-080507]``,
``[RUSELI >080507]``, ``[RUSMIL <991231]`` (dates YYMMDD). Agent files use ``~`` codes
(``PRESIDENT_ [~GOV]``) and become role nouns. ``#`` and ``<!-- -->`` start comments.
A CAMEO actor code is a country or body code followed by role codes:
``USAGOV`` is the United States' government, ``IGOUNO`` the United Nations.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire import ontology
from eventwire.errors import ConfigError
from eventwire.stages.actors.lexicon import LexiconEntry
from eventwire.stages.actors.persons import PersonBase, PersonRole, parse_partial_date

CAMEO_SECTOR_ALIASES = {"HLH": "MED", "HRI": "SOC", "SET": "CVL", "IND": "BUS", "MNC": "BUS"}
CAMEO_BODIES = {"IGO": "IGO", "UNO": "IGO", "NGO": "NGO", "IMG": "IMG", "EUR": "IGO"}
CODE = re.compile(r"\[\s*(~?[A-Z]{3,})\s*([<>]?\s*\d{6}(?:\s*-\s*\d{6})?)?\s*\]")
FUNCTION_WORDS = frozenset({"the", "of", "and", "for", "de", "al", "el", "la", "du", "von"})
MAX_ABBREVIATION = 3
YAML_SUFFIXES = frozenset({".yaml", ".yml"})
TABLE_SUFFIXES = frozenset({".csv", ".tsv"})


@dataclass(slots=True)
class Dictionary:
    """Roles and named actors read from user files, ready for the lexicon."""

    roles: list[tuple[str, LexiconEntry]] = field(default_factory=list)
    actors: list[PersonRole] = field(default_factory=list)
    names: dict[str, list[str]] = field(default_factory=dict)

    def lexicon_rows(self) -> list[tuple[str, LexiconEntry]]:
        return [*self.roles, *self.knowledge_base().lexicon_rows()]

    def knowledge_base(self) -> PersonBase:
        return PersonBase(self.actors, self.names)


def read_dictionaries(paths: Iterable[Path]) -> Dictionary:
    """Read every file, choosing the format by its suffix (TABARI/PETRARCH otherwise)."""
    dictionary = Dictionary()
    for path in paths:
        if not path.is_file():
            raise ConfigError(f"actor dictionary {path} does not exist or is not a file")
        text = path.read_text(encoding="utf-8", errors="replace")
        suffix = path.suffix.lower()
        if suffix in YAML_SUFFIXES:
            records = _yaml_records(text, path)
        elif suffix in TABLE_SUFFIXES:
            delimiter = "\t" if suffix == ".tsv" else ","
            records = list(csv.DictReader(text.splitlines(), delimiter=delimiter))
        else:
            try:
                _add_cameo(dictionary, text)
            except ConfigError as exc:
                raise ConfigError(f"{path}: {exc}") from exc
            continue
        for number, record in enumerate(records, start=1):
            _add_record(dictionary, record, where=f"{path}:{number}")
    return dictionary


def _yaml_records(text: str, path: Path) -> list[Mapping[str, Any]]:
    import yaml

    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"actor dictionary {path} is not valid YAML: {exc}") from exc
    if isinstance(loaded, Mapping):
        loaded = loaded.get("actors", [])
    if not isinstance(loaded, list) or not all(isinstance(r, Mapping) for r in loaded):
        raise ConfigError(f"actor dictionary {path}: expected a list of actors (or `actors:`)")
    return loaded


def _add_record(dictionary: Dictionary, record: Mapping[str, Any], *, where: str) -> None:
    name = str(record.get("name") or "").strip()
    if not name:
        raise ConfigError(f"{where}: an actor needs a name")
    aliases = record.get("aliases") or []
    surfaces = [name, *(aliases.split("|") if isinstance(aliases, str) else map(str, aliases))]
    sectors = tuple(_sectors(str(record.get("sector") or record.get("sectors") or ""), where))
    country = str(record.get("country") or "").strip().upper() or None
    if str(record.get("kind") or "").lower() == "role":
        entry = LexiconEntry("role", country, sectors, name)
        dictionary.roles.extend((surface.strip(), entry) for surface in surfaces if surface)
        return
    kb_id = str(record.get("id") or f"user:{_slug(name)}")
    dictionary.actors.append(
        PersonRole(
            kb_id=kb_id,
            name=name,
            country=country or "",
            sector=sectors[0] if sectors else "",
            role=str(record.get("role") or ""),
            start=_date(record.get("start"), where),
            end=_date(record.get("end"), where),
        )
    )
    dictionary.names.setdefault(kb_id, []).extend(s.strip() for s in surfaces if s.strip())


def _date(value: Any, where: str) -> dt.date | None:
    try:
        return parse_partial_date(str(value or ""))
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from exc


def _sectors(cell: str, where: str) -> Iterator[str]:
    for code in filter(None, (part.strip().upper() for part in cell.split("|"))):
        if not ontology.is_valid_sector(code):
            valid = ", ".join(sorted(ontology.sectors()))
            raise ConfigError(f"{where}: unknown sector {code!r}; valid sectors: {valid}")
        yield code


def _add_cameo(dictionary: Dictionary, text: str) -> None:
    """Parse a TABARI/PETRARCH actor or agent file."""
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    current: str | None = None
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        indented = line[:1].isspace()
        body = line.strip()
        phrase = CODE.sub("", body).strip()
        if body.startswith("+") and current is not None:
            dictionary.names.setdefault(current, []).append(_words(phrase[1:]))
            continue
        if phrase and not indented:
            current = _cameo_entry(dictionary, phrase, CODE.findall(body))
        elif current is not None:
            for code, dates in CODE.findall(body):
                _add_cameo_role(dictionary, current, code, dates)


def _cameo_entry(dictionary: Dictionary, phrase: str, codes: list[tuple[str, str]]) -> str | None:
    words = _words(re.sub(r"\{[^}]*\}", "", phrase))
    if not words:
        return None
    if codes and codes[0][0].startswith("~"):
        sector = _cameo_sector(codes[0][0][1:4])
        plurals = re.findall(r"\{([^}]*)\}", phrase)
        entry = LexiconEntry("role", None, (sector,) if sector else (), words.lower())
        for surface in [words, *(_words(p) for p in plurals)]:
            if surface:
                dictionary.roles.append((surface.lower(), entry))
        return None
    kb_id = f"cameo:{_slug(words)}"
    dictionary.names.setdefault(kb_id, []).append(words)
    for code, dates in codes:
        _add_cameo_role(dictionary, kb_id, code, dates)
    return kb_id


def _add_cameo_role(dictionary: Dictionary, kb_id: str, code: str, dates: str) -> None:
    country, sector = split_cameo_code(code)
    start, end = _cameo_dates(dates)
    name = dictionary.names.get(kb_id, [kb_id])[0]
    dictionary.actors.append(
        PersonRole(
            kb_id=kb_id,
            name=name,
            country=country or "",
            sector=sector or "",
            role=code,
            start=start,
            end=end,
        )
    )


def split_cameo_code(code: str) -> tuple[str | None, str | None]:
    """A CAMEO actor code as (country or body, first PLOVER sector): USAGOV -> USA, GOV."""
    chunks = [code[i : i + 3] for i in range(0, len(code) - len(code) % 3, 3)]
    if not chunks:
        return None, None
    first, rest = chunks[0], chunks[1:]
    if first in CAMEO_BODIES:
        country: str | None = CAMEO_BODIES[first]
    elif _cameo_sector(first):
        country, rest = None, chunks
    else:
        country = first
    sectors = [sector for chunk in rest if (sector := _cameo_sector(chunk))]
    if not sectors and country is not None and first not in CAMEO_BODIES:
        sectors = ["GOV"]  # a bare country code stands for the state, as country names do
    return country, sectors[0] if sectors else None


def _cameo_sector(chunk: str) -> str | None:
    chunk = CAMEO_SECTOR_ALIASES.get(chunk, chunk)
    return chunk if ontology.is_valid_sector(chunk) else None


def _cameo_dates(text: str) -> tuple[dt.date | None, dt.date | None]:
    text = text.replace(" ", "")
    if not text:
        return None, None
    if text.startswith(">"):
        return _yymmdd(text[1:]), None
    if text.startswith("<"):
        return None, _yymmdd(text[1:])
    first, _, last = text.partition("-")
    return _yymmdd(first), _yymmdd(last) if last else None


def _yymmdd(text: str) -> dt.date:
    try:
        year = int(text[:2])
        return dt.date(1900 + year if year >= 50 else 2000 + year, int(text[2:4]), int(text[4:6]))
    except ValueError as exc:
        raise ConfigError(f"not a TABARI date: {text!r} (YYMMDD)") from exc


def _words(phrase: str) -> str:
    """TABARI's ``VLADIMIR_PUTIN_`` as ``Vladimir Putin``. A short one-word entry stays
    in capitals (``US_``, ``UN_``) so it matches only as an abbreviation; function
    words go lower case. Matching ignores case after the first letter, so "Un Security
    Council" still finds "UN Security Council"."""
    parts = phrase.replace("_", " ").split()
    words = []
    for part in parts:
        lowered = part.lower()
        if lowered in FUNCTION_WORDS and len(parts) > 1:
            words.append(lowered)
        elif (len(parts) == 1 and len(part) <= MAX_ABBREVIATION) or not part.isupper():
            words.append(part)
        else:
            words.append("-".join(piece.capitalize() for piece in part.split("-")))
    return " ".join(words)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
