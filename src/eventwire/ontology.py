"""PLOVER and CAMEO: event types, modes, contexts, sectors, scores and the crosswalk.

The tables live in ``eventwire/data/ontology/`` (its README gives each file's source
and licence) and are read once, on first use:

- ``plover.json``: the 16 PLOVER event types with quad class, modes and scores, the
  contexts, sector codes and the non-state country codes.
- ``cameo.tsv``: every CAMEO event code with its name, root, quad class and
  Goldstein score.
- ``crosswalk.csv``: CAMEO code -> PLOVER event type, mode and contexts.
- ``plover_to_cameo.csv``: one representative CAMEO code per PLOVER (type, mode),
  refined by context where CAMEO has a more specific code.

Every lookup of a code, mode or context the ontology does not define raises
``OntologyError`` naming the bad value and listing the valid ones.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from eventwire.errors import OntologyError

EVENT_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
"""The 16 PLOVER event types, in codebook order."""

AUX_VALUES: tuple[str, ...] = ("historical", "future", "hypothetical", "negated")
"""PLOVER's auxiliary modes as eventwire writes them (the codebook says "negation")."""

DATA_PACKAGE = "eventwire"
DATA_DIR = ("data", "ontology")


@dataclass(frozen=True, slots=True)
class PloverType:
    """A PLOVER event type: its quad class, whether it needs a recipient, its modes."""

    name: str
    quad: int
    requires_recipient: bool
    modes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CameoCode:
    """A CAMEO event code with its root, quad class and Goldstein score."""

    code: str
    name: str
    root: str
    quad: int
    goldstein: float


@dataclass(frozen=True, slots=True)
class CrosswalkEntry:
    """The PLOVER reading of one CAMEO code.

    ``cameo`` is the code whose crosswalk row matched: it differs from the code asked
    for when the lookup fell back to the parent or the root.
    """

    cameo: str
    event_type: str
    mode: str | None
    contexts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Plover:
    types: dict[str, PloverType]
    scores: dict[str, dict[str, float | None]]
    contexts: tuple[str, ...]
    sectors: dict[str, str]
    nonstate: dict[str, str]
    special: dict[str, str]


def _read(name: str) -> str:
    path = resources.files(DATA_PACKAGE)
    for part in DATA_DIR:
        path = path / part
    return (path / name).read_text(encoding="utf-8")


def _str_dict(value: Any) -> dict[str, str]:
    return {str(key): str(label) for key, label in value.items()}


@cache
def _plover() -> _Plover:
    raw = json.loads(_read("plover.json"))
    names = tuple(raw["event_types"])
    if names != EVENT_TYPES:
        raise OntologyError(
            f"plover.json lists the event types {', '.join(names)}; "
            f"eventwire expects {', '.join(EVENT_TYPES)} in that order"
        )
    aux = tuple(raw["aux_values"])
    if aux != AUX_VALUES:
        raise OntologyError(
            f"plover.json lists the auxiliary values {', '.join(aux)}; "
            f"eventwire expects {', '.join(AUX_VALUES)}"
        )
    types: dict[str, PloverType] = {}
    scores: dict[str, dict[str, float | None]] = {}
    for name, spec in raw["event_types"].items():
        types[name] = PloverType(
            name=name,
            quad=int(spec["quad"]),
            requires_recipient=bool(spec["requires_recipient"]),
            modes=tuple(str(mode) for mode in spec["modes"]),
        )
        scores[name] = {
            str(mode): None if score is None else float(score)
            for mode, score in spec["scores"].items()
        }
    return _Plover(
        types=types,
        scores=scores,
        contexts=tuple(str(context) for context in raw["contexts"]),
        sectors=_str_dict(raw["sectors"]),
        nonstate=_str_dict(raw["country_codes_nonstate"]),
        special=_str_dict(raw["country_codes_special"]),
    )


@cache
def _cameo() -> dict[str, CameoCode]:
    reader = csv.DictReader(io.StringIO(_read("cameo.tsv")), delimiter="\t")
    return {
        row["code"]: CameoCode(
            code=row["code"],
            name=row["name"],
            root=row["root"],
            quad=int(row["quad"]),
            goldstein=float(row["goldstein"]),
        )
        for row in reader
    }


@cache
def _crosswalk() -> dict[str, CrosswalkEntry]:
    reader = csv.DictReader(io.StringIO(_read("crosswalk.csv")))
    return {
        row["cameo"]: CrosswalkEntry(
            cameo=row["cameo"],
            event_type=row["plover_event"],
            mode=row["mode"] or None,
            contexts=tuple(row["contexts"].split("|")) if row["contexts"] else (),
        )
        for row in reader
    }


@cache
def _plover_to_cameo() -> dict[tuple[str, str, str], str]:
    reader = csv.DictReader(io.StringIO(_read("plover_to_cameo.csv")))
    return {(row["plover_event"], row["mode"], row["context"]): row["cameo"] for row in reader}


def _listing(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(values)


def plover_type(name: str) -> PloverType:
    """Return the PLOVER event type ``name`` (upper case, e.g. ``"ASSAULT"``)."""
    types = _plover().types
    if name not in types:
        raise OntologyError(
            f"unknown PLOVER event type {name!r}; valid types: {_listing(EVENT_TYPES)}"
        )
    return types[name]


def contexts() -> tuple[str, ...]:
    """Return the PLOVER context names, in codebook order."""
    return _plover().contexts


def sectors() -> dict[str, str]:
    """Return the PLOVER sector codes, each with a short label."""
    return dict(_plover().sectors)


def country_codes_nonstate() -> dict[str, str]:
    """Return the codes PLOVER uses in place of a country for non-state bodies (IGO, UNO...)."""
    return dict(_plover().nonstate)


def country_codes_special() -> dict[str, str]:
    """Return PLOVER's country codes that are not ISO 3166 codes (KOS for Kosovo)."""
    return dict(_plover().special)


def is_valid_sector(code: str) -> bool:
    """Tell whether ``code`` is a PLOVER sector code, such as ``"GOV"`` or ``"REB"``."""
    return code in _plover().sectors


def _check_mode(kind: PloverType, mode: str | None) -> None:
    if mode is None or mode in kind.modes:
        return
    if not kind.modes:
        raise OntologyError(f"{kind.name} takes no mode, got {mode!r}; pass mode=None")
    hint = "; pass None for no mode" if mode == "" else " (or None for no mode)"
    raise OntologyError(
        f"{mode!r} is not a mode of {kind.name}; valid modes: {_listing(kind.modes)}{hint}"
    )


def validate_event(event_type: str, mode: str | None, contexts: tuple[str, ...] = ()) -> None:
    """Raise ``OntologyError`` unless type, mode and contexts form a valid PLOVER event.

    ``mode`` is ``None`` for an event without a mode; modes belong to their type,
    so ``"expel"`` is valid for THREATEN and SANCTION but not for COERCE.
    """
    kind = plover_type(event_type)
    _check_mode(kind, mode)
    if isinstance(contexts, str):
        raise OntologyError(
            f"contexts must be a tuple of context names, got the string {contexts!r}; "
            f"write ({contexts!r},)"
        )
    valid = _plover().contexts
    for context in contexts:
        if context not in valid:
            raise OntologyError(
                f"unknown PLOVER context {context!r}; valid contexts: {_listing(valid)}"
            )


def plover_score(event_type: str, mode: str | None) -> float | None:
    """Return the PLOVER conflict-cooperation score (-10..+10) of a type and mode.

    A mode without a score of its own (PROTEST ``vandalize``), or no mode, gets the
    type's base score.
    """
    kind = plover_type(event_type)
    _check_mode(kind, mode)
    scores = _plover().scores[event_type]
    if mode is not None and scores.get(mode) is not None:
        return scores[mode]
    return scores.get("")


def cameo_code(code: str) -> CameoCode:
    """Return the CAMEO event code ``code`` (a string such as ``"042"``, ``"1823"``)."""
    codes = _cameo()
    if not isinstance(code, str):
        raise OntologyError(
            f"CAMEO codes are strings that keep their leading zero, such as '042'; got {code!r}"
        )
    if code in codes:
        return codes[code]
    if code.isdigit() and "0" + code in codes:
        raise OntologyError(
            f"unknown CAMEO event code {code!r}; did you mean {'0' + code!r}? "
            "CAMEO codes keep their leading zero"
        )
    roots = [c for c in codes if len(c) == 2]
    root = code[:2]
    if len(code) > 2 and root in codes:
        under = [c for c in codes if c.startswith(root) and c != root]
        raise OntologyError(
            f"unknown CAMEO event code {code!r}; codes under root {root} "
            f"({codes[root].name}): {_listing(under)}"
        )
    raise OntologyError(
        f"unknown CAMEO event code {code!r}; CAMEO codes are a two-digit root "
        f"({roots[0]}-{roots[-1]}) and its 3- and 4-digit sub-codes, e.g. 042, 1823"
    )


def cameo_to_plover(code: str) -> CrosswalkEntry:
    """Return the PLOVER type, mode and contexts of CAMEO code ``code``.

    A 4-digit code missing from the crosswalk falls back to its 3-digit parent, and
    then to its root's general code; a root itself reads as that code (``"19"`` as
    ``"190"``).
    CAMEO roots 01 (statements) and 02 (appeals) have no PLOVER equivalent and raise
    ``OntologyError``, as do unknown codes.
    """
    cameo = cameo_code(code)
    rows = _crosswalk()
    candidates = [code]
    if len(code) == 4:
        candidates.append(code[:3])
    candidates.append(cameo.root + "0")
    for candidate in candidates:
        if candidate in rows:
            return rows[candidate]
    mapped = sorted({entry.cameo[:2] for entry in rows.values()})
    raise OntologyError(
        f"CAMEO {code} ({cameo.name}) has no PLOVER equivalent; "
        f"the crosswalk covers CAMEO roots {_listing(mapped)}"
    )


def plover_to_cameo(event_type: str, mode: str | None, contexts: tuple[str, ...] = ()) -> str:
    """Return the CAMEO code that best stands for a PLOVER event type and mode.

    The first context with a more specific CAMEO code wins (AID + ``economic`` gives
    071, AID alone 070); otherwise the (type, mode) code is returned.
    """
    validate_event(event_type, mode, contexts)
    table = _plover_to_cameo()
    mode_key = mode or ""
    for context in contexts:
        code = table.get((event_type, mode_key, context))
        if code is not None:
            return code
    code = table.get((event_type, mode_key, ""))
    if code is None:
        raise OntologyError(
            f"plover_to_cameo.csv has no row for {event_type} mode {mode!r}; "
            "every PLOVER type and mode needs one (see eventwire/data/ontology/README.md)"
        )
    return code


def crosswalk() -> tuple[CrosswalkEntry, ...]:
    """Return every CAMEO -> PLOVER crosswalk row, in CAMEO code order."""
    return tuple(_crosswalk().values())


def cameo_codes() -> tuple[CameoCode, ...]:
    """Return every CAMEO event code, roots included, in code order."""
    return tuple(_cameo().values())
