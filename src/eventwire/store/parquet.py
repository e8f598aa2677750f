"""A batch's table rows as Arrow tables, one per table and month, ready to write as Parquet.

The rows come from ``rows.table_rows`` (as the database's INSERTs do) and the Arrow
schemas from the database's own tables (an in-memory database at the current schema),
so each file has exactly the columns and types of its table. Every row of a story (the
document, its events, their actors and mentions, its quotes) is filed under the story's
publication month, so a partition of current news writes a file or two per table, not
one per month its events refer back to; rejections have no month.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from eventwire.store import rows
from eventwire.store.duck import apply_migrations
from eventwire.types import CodedDocument, Rejection

NO_MONTH = "__HIVE_DEFAULT_PARTITION__"  # the Hive name of a null partition value
MONTHLY = ("documents", "events", "event_actors", "mentions", "quotes")


@dataclass(frozen=True, slots=True, kw_only=True)
class TablePart:
    """Rows of one table (and month) of a batch."""

    folder: str  # "events/month=2024-03", or "rejections"
    table: pa.Table


@dataclass(frozen=True, slots=True, kw_only=True)
class Batch:
    """A batch's rows as Arrow tables, with the keys of its documents and rejections."""

    parts: tuple[TablePart, ...]
    documents: tuple[str, ...]
    rejections: tuple[str, ...]
    events: int


def batch_tables(
    coded: Iterable[CodedDocument], rejections: Iterable[Rejection], *, ingested_at: dt.datetime
) -> Batch:
    """Each table's rows of a batch, split by month (``documents`` stamped ``ingested_at``)."""
    tables = rows.table_rows(coded, rejections)
    tables["documents"] = [(*row, ingested_at) for row in tables["documents"]]
    columns = rows.TABLES | {"documents": (*rows.DOCUMENT_COLUMNS, "ingested_at")}
    months = _months(tables)
    parts = [
        TablePart(
            folder=f"{table}/month={month or NO_MONTH}", table=_arrow(table, columns[table], found)
        )
        for table in MONTHLY
        for month, found in _by_month(tables[table], months[table])
    ]
    if tables["rejections"]:
        parts.append(
            TablePart(
                folder="rejections",
                table=_arrow("rejections", columns["rejections"], tables["rejections"]),
            )
        )
    return Batch(
        parts=tuple(parts),
        documents=tuple(sorted(row[0] for row in tables["documents"])),
        rejections=tuple(sorted(row[0] for row in tables["rejections"])),
        events=len(tables["events"]),
    )


@functools.cache
def table_schemas() -> dict[str, pa.Schema]:
    """The Arrow schema of every table, read from an in-memory database (once)."""
    with duckdb.connect() as con:
        apply_migrations(con, path=Path(":memory:"), log_level=logging.DEBUG)
        return {table: _arrow_schema(con, table) for table in rows.TABLES}


def _arrow_schema(con: duckdb.DuckDBPyConnection, table: str) -> pa.Schema:
    relation = con.sql(f"SELECT * FROM {table} LIMIT 0")
    # to_arrow_table in recent DuckDB, fetch_arrow_table in older (deprecated in 2.0)
    convert = getattr(relation, "to_arrow_table", None) or relation.fetch_arrow_table
    return convert().schema


def _arrow(table: str, columns: tuple[str, ...], found: list[rows.Row]) -> pa.Table:
    """Rows (in ``columns`` order) as an Arrow table in the database's column order."""
    schema = table_schemas()[table]
    values = dict(zip(columns, zip(*found, strict=True), strict=True))
    return pa.Table.from_arrays(
        [pa.array(values[field.name], type=field.type) for field in schema], schema=schema
    )


def _months(tables: dict[str, list[rows.Row]]) -> dict[str, list[str | None]]:
    """The month each row of each monthly table is filed under."""
    published = rows.DOCUMENT_COLUMNS.index("published")
    story_month = {row[0]: _month(row[published]) for row in tables["documents"]}
    event_doc = rows.EVENT_COLUMNS.index("doc_key")
    event_month = {row[0]: story_month[row[event_doc]] for row in tables["events"]}
    quote_doc = rows.QUOTE_COLUMNS.index("doc_key")
    return {
        "documents": [story_month[row[0]] for row in tables["documents"]],
        "events": [event_month[row[0]] for row in tables["events"]],
        "event_actors": [event_month[row[0]] for row in tables["event_actors"]],
        "mentions": [event_month[row[0]] for row in tables["mentions"]],
        "quotes": [story_month[row[quote_doc]] for row in tables["quotes"]],
    }


def _by_month(
    found: list[rows.Row], months: list[str | None]
) -> Iterator[tuple[str | None, list[rows.Row]]]:
    grouped: dict[str | None, list[rows.Row]] = {}
    for row, month in zip(found, months, strict=True):
        grouped.setdefault(month, []).append(row)
    for month in sorted(grouped, key=lambda m: m or ""):
        yield month, grouped[month]


def _month(day: dt.date | None) -> str | None:
    return day.strftime("%Y-%m") if day else None
