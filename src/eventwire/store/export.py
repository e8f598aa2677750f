"""Write stored events as JSON Lines, CSV and a CAMEO-style (GDELT-like) TSV; read them back.

The rows come from ``Store.export_rows`` (one per canonical event); Parquet is written
by DuckDB itself (``Store.copy_parquet``). Every column is documented in docs/database.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TextIO

from eventwire import ontology

FLAT_COLUMNS = (
    "event_id",
    "event_date",
    "date_value",
    "date_granularity",
    "event_type",
    "mode",
    "context",
    "cameo",
    "cameo_root",
    "quad",
    "goldstein",
    "score",
    "actor_name",
    "actor_country",
    "actor_sector",
    "actor_code",
    "recipient_name",
    "recipient_country",
    "recipient_sector",
    "recipient_code",
    "place",
    "place_name",
    "place_kind",
    "place_admin1",
    "place_country",
    "lat",
    "lon",
    "geonameid",
    "aux",
    "confidence",
    "num_mentions",
    "num_stories",
    "num_sources",
    "first_reported",
    "published",
    "source",
    "url",
    "story_id",
    "evidence",
    "trigger",
    "month",
)
CAMEO_COLUMNS = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1Type1Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2Type1Code",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
)


def place_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """An event row's place columns as the fields of a location object."""
    return {
        "place": row["place"],
        "name": row["place_name"],
        "kind": row["place_kind"],
        "admin1": row["place_admin1"],
        "country": row["place_country"],
        "lat": row["lat"],
        "lon": row["lon"],
        "geonameid": row["geonameid"],
    }


def plover_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """One canonical event in PLOVER field names, POLECAT-style, with its mentions."""
    has_place = row["place_name"] or row["place_country"]
    return {
        "event_id": row["event_id"],
        "event_date": _text(row["event_date"]) or None,
        "date": {"value": row["date_value"], "granularity": row["date_granularity"]},
        "event_type": row["event_type"],
        "mode": row["mode"],
        "context": row["context"].split(";") if row["context"] else [],
        "actor": [_side(actor) for actor in row.get("actors", ())],
        "recipient": [_side(actor) for actor in row.get("recipients", ())],
        "location": place_fields(row) if has_place else None,
        "cameo": row["cameo"],
        "cameo_root": row["cameo_root"],
        "quad": row["quad"],
        "goldstein": row["goldstein"],
        "score": row["score"],
        "aux": row["aux"],
        "confidence": row["confidence"],
        "num_mentions": row["num_mentions"],
        "num_stories": row["num_stories"],
        "num_sources": row["num_sources"],
        "first_reported": _text(row["first_reported"]) or None,
        "published": _text(row["published"]) or None,
        "source": row["source"],
        "url": row["url"],
        "story_id": row["story_id"],
        "evidence": row["evidence"],
        "trigger": row["trigger"],
        "mentions": [
            {key: _text(value) if isinstance(value, dt.date) else value for key, value in m.items()}
            for m in row.get("mentions", ())
        ],
    }


def flat_record(row: Mapping[str, Any]) -> dict[str, str]:
    """The CSV form of a row: every column as text, empty for null."""
    return {name: _text(row[name]) for name in FLAT_COLUMNS}


def cameo_record(row: Mapping[str, Any]) -> dict[str, str]:
    """GDELT-like columns: first actor and recipient, CAMEO codes, counts, place, URL."""
    date = row["event_date"]
    first = (row.get("actors") or [None])[0]
    second = (row.get("recipients") or [None])[0]
    cameo = ontology.cameo_code(row["cameo"])
    added = row["first_reported"]
    values: dict[str, Any] = {
        "GLOBALEVENTID": row["event_id"],
        "SQLDATE": date.strftime("%Y%m%d") if date else "",
        "MonthYear": date.strftime("%Y%m") if date else "",
        "Year": date.year if date else "",
        **_cameo_actor("Actor1", first),
        **_cameo_actor("Actor2", second),
        "EventCode": cameo.code,
        "EventBaseCode": cameo.code[:3],
        "EventRootCode": cameo.root,
        "QuadClass": cameo.quad,
        "GoldsteinScale": cameo.goldstein,
        "NumMentions": row["num_mentions"],
        "NumSources": row["num_sources"],
        "NumArticles": row["num_stories"],
        "ActionGeo_FullName": ", ".join(
            part for part in (row["place_name"], row["place_admin1"]) if part
        ),
        "ActionGeo_CountryCode": row["place_country"],
        "ActionGeo_ADM1Code": row["place_admin1"],
        "ActionGeo_Lat": row["lat"],
        "ActionGeo_Long": row["lon"],
        "ActionGeo_FeatureID": row["geonameid"],
        "DATEADDED": added.strftime("%Y%m%d") if added else "",
        "SOURCEURL": row["url"],
    }
    return {name: _text(values[name]) for name in CAMEO_COLUMNS}


def write_jsonl(rows: Iterable[Mapping[str, Any]], sink: TextIO) -> int:
    count = 0
    for row in rows:
        sink.write(json.dumps(plover_record(row), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterable[Mapping[str, Any]], sink: TextIO) -> int:
    return _write_table((flat_record(row) for row in rows), sink, FLAT_COLUMNS, delimiter=",")


def write_cameo_tsv(rows: Iterable[Mapping[str, Any]], sink: TextIO) -> int:
    return _write_table((cameo_record(row) for row in rows), sink, CAMEO_COLUMNS, delimiter="\t")


def read_table(source: TextIO, *, delimiter: str = ",") -> list[dict[str, str]]:
    """Read back a CSV or TSV export: one dict of text per row."""
    return list(csv.DictReader(source, delimiter=delimiter))


def read_jsonl(source: TextIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in source if line.strip()]


def _write_table(
    records: Iterator[dict[str, str]], sink: TextIO, columns: Sequence[str], *, delimiter: str
) -> int:
    writer = csv.DictWriter(sink, fieldnames=columns, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow(record)
        count += 1
    return count


def _side(actor: Mapping[str, Any]) -> dict[str, Any]:
    sectors = list(actor["sectors"])
    return {
        "text": actor["text"],
        "name": actor["name"],
        "country": actor["country"],
        "sector": sectors[0] if sectors else None,
        "sectors": sectors,
        "code": actor["code"],
        "kb_id": actor["kb_id"],
        "start": actor["start"],
        "end": actor["end"],
    }


def _cameo_actor(prefix: str, actor: Mapping[str, Any] | None) -> dict[str, Any]:
    if actor is None:
        return {f"{prefix}{name}": "" for name in ("Code", "Name", "CountryCode", "Type1Code")}
    return {
        f"{prefix}Code": actor["code"],
        f"{prefix}Name": actor["name"],
        f"{prefix}CountryCode": actor["country"],
        f"{prefix}Type1Code": actor["sectors"][0] if actor["sectors"] else "",
    }


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


TABLE_COLUMNS = (
    ("event_id", 16),
    ("event_date", 10),
    ("event_type", 10),
    ("mode", 10),
    ("cameo", 5),
    ("actor_name", 24),
    ("recipient_name", 24),
    ("place_name", 14),
    ("num_stories", 3),
    ("evidence", 60),
)


def table_header() -> str:
    return "  ".join(
        name.removesuffix("_name")[:width].ljust(width) for name, width in TABLE_COLUMNS
    )


def table_row(row: Mapping[str, Any]) -> str:
    """A readable one-line summary of a stored event for terminals."""
    cells = []
    for name, width in TABLE_COLUMNS:
        text = _text(row[name]).replace("\n", " ")
        cells.append(text.ljust(width) if len(text) <= width else text[: width - 1] + "…")
    return "  ".join(cells)
