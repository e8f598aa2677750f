"""Display names of the country codes actors resolve to (ISO alpha-3 and PLOVER's own)."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

from eventwire import ontology

COUNTRY_TABLE = ("stages", "actors", "data", "countries.tsv")
SHORT_NAMES = {"IGO": "International organisations", "KOS": "Kosovo"}


@cache
def country_names() -> dict[str, str]:
    """Code -> name: the bundled country table, then PLOVER's non-state and special codes
    (with short names where PLOVER's label is a definition)."""
    path = resources.files("eventwire")
    for part in COUNTRY_TABLE:
        path = path / part
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), delimiter="\t")
    names = {row["iso3"]: row["name"] for row in rows}
    names.update(ontology.country_codes_nonstate())
    names.update(ontology.country_codes_special())
    names.update(SHORT_NAMES)
    return names


def country_name(code: str | None) -> str:
    """The name of a code, or the code itself when it is not known ("" for None)."""
    if not code:
        return ""
    return country_names().get(code.upper(), code)
