"""The DuckDB event database: with dataset.py (DuckDB over Parquet files), the only SQL.

A writer connects once per batch and commits the batch as one transaction, so a run
killed at any point leaves whole batches only, and between batches other processes
can open the file. DuckDB lets one process hold a database file for writing and no
other process open it meanwhile, even read-only: every connection retries for
``lock_timeout`` seconds and then raises a StoreError that says what to do.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from eventwire.errors import StoreError
from eventwire.store import rows
from eventwire.store.dedup import (
    DedupEvent,
    DedupRules,
    canonical_id,
    evidence_names,
    evidence_numbers,
    evidence_words,
    stream_groups,
)
from eventwire.store.schema import MIGRATIONS, MIGRATIONS_TABLE, Migration
from eventwire.types import CodedDocument, Rejection

if TYPE_CHECKING:
    from eventwire.store.dataset import Dataset

log = logging.getLogger(__name__)

LOCK_RETRY_SECONDS = 0.2
ROWS_PER_STATEMENT = 200
DEDUP_FETCH_ROWS = 10_000
# The columns a Parquet dataset's files give each table (``load_parquet``).
TABLE_COLUMNS = rows.TABLES | {"documents": (*rows.DOCUMENT_COLUMNS, "ingested_at")}


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    """What ``eventwire events`` asks for; None leaves a field unfiltered."""

    event_type: str | None = None
    actor: str | None = None
    recipient: str | None = None
    sector: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    place: str | None = None
    text: str | None = None
    min_confidence: float | None = None
    include_aux: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Counts:
    """What one batch added."""

    documents: int
    events: int
    rejections: int


class Store:
    """An event database file; every method opens its own short connection."""

    def __init__(self, path: Path, *, lock_timeout: float = 30.0) -> None:
        self.path = path
        self.lock_timeout = lock_timeout

    @contextmanager
    def connect(
        self, *, read_only: bool = False, upgrade: bool = True
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection at the current schema; an older database is upgraded first, or
        with ``upgrade=False`` (a reader that must never write) refused."""
        if read_only and not self.path.exists():
            raise StoreError(
                f"{self.path}: no such database; create it with `eventwire ingest PATH --db "
                f"{self.path}`"
            )
        con = self._open(read_only=read_only)
        try:
            if read_only and len(applied_migrations(con)) < len(MIGRATIONS):
                con.close()
                if not upgrade:
                    raise StoreError(
                        f"{self.path} was written by an older eventwire and needs a schema "
                        f"upgrade, which this read-only command does not make; run "
                        f"`eventwire stats --db {self.path}` once to upgrade it"
                    )
                with self.connect(read_only=False):
                    pass
                con = self._open(read_only=True)
            if read_only:
                check_migrations(applied_migrations(con), path=self.path)
            else:
                apply_migrations(con, path=self.path)
            yield con
        finally:
            con.close()

    def _open(self, *, read_only: bool) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=read_only)
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise StoreError(f"{self.path}: cannot open the database ({exc})") from exc
                if time.monotonic() >= deadline:
                    raise StoreError(
                        f"{self.path} is in use by another process (an `eventwire ingest` "
                        f"writing it, or a reader); DuckDB lets one process open a database "
                        f"file for writing and none other meanwhile, and waiting "
                        f"{self.lock_timeout:g} s did not free it. Try again, raise "
                        f"--lock-timeout (setting store_lock_timeout), or query a copy of the file"
                    ) from exc
                time.sleep(LOCK_RETRY_SECONDS)
            except duckdb.Error as exc:
                raise StoreError(f"{self.path}: cannot open the database ({exc})") from exc

    def stored_document_keys(self) -> set[str]:
        """Keys of every document already stored (these are not coded again)."""
        with self.connect() as con:
            return {key for (key,) in con.execute("SELECT doc_key FROM documents").fetchall()}

    def write_batch(
        self, coded: Sequence[CodedDocument], rejections: Sequence[Rejection]
    ) -> Counts:
        """Store documents with their events, actors, mentions and quotes, and rejections,
        at once."""
        with self.connect() as con, _transaction(con, self.path):
            return write_rows(con, coded, rejections)

    def rebuild_canonical(self, rules: DedupRules) -> int:
        """Group every stored event into canonical events; returns how many events merged.

        Events are read in sweep order and grouped as they stream past (``stream_groups``),
        so memory holds only a few days of events, not the whole table."""
        with self.connect() as con, tempfile.TemporaryDirectory() as work:
            links = Path(work) / "links.csv"
            events, groups = write_canonical_links(con, rules=rules, path=links)
            with _transaction(con, self.path):
                con.execute("DELETE FROM event_links")
                con.execute("DELETE FROM canonical_events")
                load_links(con, links)
                con.execute(CANONICAL_INSERT)
        return events - groups

    def load_parquet(self, files: Mapping[str, Sequence[str]], *, source: Dataset) -> Counts:
        """Add the rows of Parquet files (a table's name -> its files) that are not stored
        yet, in one transaction; ``source`` says how to reach them."""
        added = dict.fromkeys(("documents", "events", "rejections"), 0)
        with self.connect() as con, _transaction(con, self.path):
            source.register(con)
            for table, columns in TABLE_COLUMNS.items():
                if not files.get(table):
                    continue
                before = count_rows(con, table)
                names = ", ".join(columns)
                con.execute(
                    f"INSERT OR IGNORE INTO {table} ({names}) SELECT {names} "
                    f"FROM read_parquet({quote_list(files[table])}, hive_partitioning = false)"
                )
                if table in added:
                    added[table] = count_rows(con, table) - before
        return Counts(
            documents=added["documents"], events=added["events"], rejections=added["rejections"]
        )

    def events(
        self, where: EventFilter, *, raw: bool = False, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Events matching the filter: canonical ones, or with ``raw`` every per-story one."""
        clause, params = filter_clause(where)
        subject = RAW_SUBJECT if raw else CANONICAL_SUBJECT
        sql = FLAT_SELECT.format(subject=subject.format(where=clause))
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self.connect(read_only=True) as con:
            return _dicts(con.execute(sql, params))

    def export_rows(self) -> list[dict[str, Any]]:
        """Every canonical event as a flat row, with its actors, recipients and mentions."""
        with self.connect(read_only=True) as con:
            flat = _dicts(con.execute(FLAT_SELECT.format(subject=ALL_CANONICAL)))
            actors = _grouped(con.execute(ACTORS_SELECT), "event_key")
            mentions = _grouped(con.execute(MENTIONS_SELECT), "canonical_id")
        for row in flat:
            key = row["event_key"]
            row["actors"] = [a for a in actors.get(key, []) if a["role"] == "actor"]
            row["recipients"] = [a for a in actors.get(key, []) if a["role"] == "recipient"]
            row["mentions"] = mentions.get(row["event_id"], [])
        return flat

    def copy_parquet(self, out: Path) -> None:
        """Write the flat canonical rows as Parquet files under ``out``, one folder a month."""
        sql = FLAT_SELECT.format(subject=ALL_CANONICAL)
        target = str(out).replace("'", "''")
        with self.connect(read_only=True) as con:
            con.execute(
                f"COPY ({sql}) TO '{target}' "
                "(FORMAT parquet, PARTITION_BY (month), OVERWRITE_OR_IGNORE true)"
            )

    def stats(self) -> dict[str, Any]:
        """Totals, and counts by type, actor country, month, source and rejection reason."""
        with self.connect(read_only=True) as con:
            totals = dict(
                zip(TOTAL_NAMES, con.execute(TOTALS_SELECT).fetchone() or (), strict=True)
            )
            return {
                "totals": totals,
                **{name: con.execute(sql).fetchall() for name, sql in BREAKDOWNS.items()},
            }


def read_parquet(path: Path) -> list[dict[str, Any]]:
    """Read back a month-partitioned Parquet export (for checks and tests)."""
    pattern = str(path / "**" / "*.parquet").replace("'", "''")
    with duckdb.connect() as con:
        return _dicts(
            con.execute(
                f"SELECT * FROM read_parquet('{pattern}', hive_partitioning = true) "
                "ORDER BY event_date, event_id"
            )
        )


def write_rows(
    con: duckdb.DuckDBPyConnection, coded: Sequence[CodedDocument], rejections: Sequence[Rejection]
) -> Counts:
    """Insert documents with their events, actors, mentions and quotes, and rejections
    (rows already there are left as they are)."""
    tables = rows.table_rows(coded, rejections)
    for table, columns in rows.TABLES.items():
        _insert(con, table, columns, tables[table])
    return Counts(
        documents=len(tables["documents"]),
        events=len(tables["events"]),
        rejections=len(tables["rejections"]),
    )


def load_links(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Add the ``event_key,canonical_id`` lines ``write_canonical_links`` wrote."""
    con.execute(f"COPY event_links FROM {quote_literal(str(path))} (FORMAT csv, HEADER false)")


def count_rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def quote_literal(text: str) -> str:
    """A SQL string literal, for where DuckDB takes no parameters (COPY, file lists)."""
    return "'" + text.replace("'", "''") + "'"


def quote_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(quote_literal(item) for item in items) + "]"


def write_canonical_links(
    con: duckdb.DuckDBPyConnection, *, rules: DedupRules, path: Path
) -> tuple[int, int]:
    """Group the events of ``con`` (its ``events``, ``mentions`` and ``event_actors``,
    tables or views) as they stream past in sweep order, writing ``event_key,canonical_id``
    lines to a CSV file; returns the number of events and of groups."""
    cursor = con.cursor()
    cursor.execute(DEDUP_SELECT)
    events = groups = 0

    def stream() -> Iterator[DedupEvent]:
        while batch := cursor.fetchmany(DEDUP_FETCH_ROWS):
            yield from (_dedup_event(row) for row in batch)

    with path.open("w", encoding="utf-8", newline="") as sink:
        writer = csv.writer(sink)
        for group in stream_groups(stream(), rules=rules):
            identifier = canonical_id(group)
            writer.writerows((key, identifier) for key in group)
            events += len(group)
            groups += 1
    cursor.close()
    return events, groups


def applied_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the migrations recorded in the database, in order ([] for a new one)."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()
    if not exists or not exists[0]:
        return []
    names = con.execute("SELECT name FROM schema_migrations ORDER BY position").fetchall()
    return [name for (name,) in names]


def check_migrations(applied: Sequence[str], *, path: Path) -> None:
    """Refuse a database written by a newer eventwire, or with a history this one did not write."""
    known = [migration.name for migration in MIGRATIONS]
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise StoreError(
            f"{path} was written by a newer eventwire (schema migration {unknown[0]!r} is "
            f"unknown to this version, which knows {', '.join(known)}); upgrade eventwire "
            "to open it. The file was not changed"
        )
    if list(applied) != known[: len(applied)]:
        raise StoreError(
            f"{path}: its schema history ({', '.join(applied)}) is not this version's "
            f"({', '.join(known)}); the file was not changed"
        )


def apply_migrations(
    con: duckdb.DuckDBPyConnection,
    *,
    path: Path,
    migrations: Sequence[Migration] = MIGRATIONS,
    log_level: int = logging.INFO,
) -> list[str]:
    """Run the migrations the database lacks, each in its own transaction; returns their names.
    (A scratch database built for a moment logs them at ``log_level=logging.DEBUG``.)"""
    con.execute(MIGRATIONS_TABLE)
    applied = applied_migrations(con)
    check_migrations(applied, path=path)
    done = []
    for position, migration in enumerate(migrations, start=1):
        if position <= len(applied):
            continue
        with _transaction(con, path):
            for statement in migration.statements:
                con.execute(statement)
            con.execute(
                "INSERT INTO schema_migrations (position, name) VALUES (?, ?)",
                [position, migration.name],
            )
        log.log(log_level, "%s: applied schema migration %s", path, migration.name)
        done.append(migration.name)
    return done


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection, path: Path) -> Iterator[None]:
    con.begin()
    try:
        yield
    except duckdb.Error as exc:
        con.rollback()
        raise StoreError(f"{path}: write failed and was rolled back ({exc})") from exc
    except BaseException:
        con.rollback()
        raise
    con.commit()


def _insert(
    con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], values: Sequence[rows.Row]
) -> None:
    """INSERT OR IGNORE in multi-row statements (much faster than executemany)."""
    one = "(" + ", ".join("?" * len(columns)) + ")"
    head = f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) VALUES "
    for start in range(0, len(values), ROWS_PER_STATEMENT):
        chunk = values[start : start + ROWS_PER_STATEMENT]
        con.execute(head + ", ".join([one] * len(chunk)), [v for row in chunk for v in row])


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _grouped(cursor: duckdb.DuckDBPyConnection, key: str) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in _dicts(cursor):
        grouped.setdefault(row.pop(key), []).append(row)
    return grouped


def _dedup_event(row: tuple[Any, ...]) -> DedupEvent:
    key, doc, kind, aux, day, sentence, country, place_id, place_kind, actors, recipients = row
    return DedupEvent(
        event_key=key,
        doc_key=doc,
        event_type=kind,
        aux=aux,
        day=day,
        actor_countries=frozenset(actors or ()),
        recipient_countries=frozenset(recipients or ()),
        place_country=country,
        place_id=place_id,
        place_kind=place_kind,
        words=evidence_words(sentence),
        names=evidence_names(sentence),
        numbers=evidence_numbers(sentence),
    )


def filter_clause(where: EventFilter) -> tuple[str, list[Any]]:
    """A WHERE clause over ``events e`` with its parameters (never formatted-in values)."""
    parts: list[str] = []
    params: list[Any] = []
    if where.event_type:
        parts.append("e.event_type = upper(?)")
        params.append(where.event_type)
    for role, value in (("actor", where.actor), ("recipient", where.recipient)):
        if value:
            parts.append(ACTOR_MATCH)
            params.extend([role, value, value])
    if where.sector:
        parts.append(SECTOR_MATCH)
        params.append(where.sector.upper())
    if where.since:
        parts.append("coalesce(e.date_start, e.published) >= ?")
        params.append(where.since)
    if where.until:
        parts.append("coalesce(e.date_start, e.published) <= ?")
        params.append(where.until)
    if where.place:
        parts.append(
            "(e.place_country = upper(?) OR e.place_name ILIKE ? OR e.place ILIKE ? "
            "OR e.place_admin1 ILIKE ?)"
        )
        params.extend([where.place, where.place, where.place, where.place])
    if where.text:
        parts.append("(m.sentence ILIKE '%' || ? || '%')")
        params.append(where.text)
    if where.min_confidence is not None:
        parts.append("e.confidence >= ?")
        params.append(where.min_confidence)
    if not where.include_aux:
        parts.append("e.aux IS NULL")
    return (" AND ".join(parts) or "TRUE"), params


ACTOR_MATCH = """EXISTS (SELECT 1 FROM event_actors a WHERE a.event_key = e.event_key
    AND a.role = ? AND (a.country = upper(?) OR a.name ILIKE '%' || ? || '%'))"""
SECTOR_MATCH = """EXISTS (SELECT 1 FROM event_actors a WHERE a.event_key = e.event_key
    AND list_contains(a.sectors, ?))"""

DEDUP_SELECT = """
SELECT e.event_key, e.doc_key, e.event_type, e.aux,
       CASE WHEN e.date_granularity = 'day' THEN e.date_start ELSE e.published END,
       m.sentence, e.place_country, e.geonameid, e.place_kind,
       list(DISTINCT a.country) FILTER (WHERE a.role = 'actor' AND a.country IS NOT NULL),
       list(DISTINCT a.country) FILTER (WHERE a.role = 'recipient' AND a.country IS NOT NULL)
FROM events e
JOIN mentions m USING (event_key)
LEFT JOIN event_actors a USING (event_key)
GROUP BY ALL
ORDER BY e.event_type, e.aux NULLS FIRST, 5 NULLS LAST, e.event_key
"""

CANONICAL_SELECT = """
SELECT l.canonical_id,
       first(e.event_key ORDER BY d.published NULLS LAST, e.event_key) AS representative,
       first(e.event_type) AS event_type,
       count(*) AS num_mentions,
       count(DISTINCT e.doc_key) AS num_stories,
       count(DISTINCT coalesce(d.source, d.doc_key)) AS num_sources,
       min(d.published) AS first_reported,
       min(e.date_start) AS date_start,
       max(e.date_end) AS date_end
FROM event_links l
JOIN events e USING (event_key)
JOIN documents d USING (doc_key)
GROUP BY l.canonical_id
"""
CANONICAL_INSERT = f"INSERT INTO canonical_events {CANONICAL_SELECT}"

CANONICAL_SUBJECT = """
SELECT c.canonical_id AS id, c.representative AS event_key, c.num_mentions, c.num_stories,
       c.num_sources, c.first_reported
FROM canonical_events c
WHERE c.canonical_id IN (
    SELECT l.canonical_id FROM event_links l
    JOIN events e USING (event_key) JOIN mentions m USING (event_key)
    WHERE {where})
"""
ALL_CANONICAL = CANONICAL_SUBJECT.format(where="TRUE")
RAW_SUBJECT = """
SELECT e.event_key AS id, e.event_key, 1 AS num_mentions, 1 AS num_stories, 1 AS num_sources,
       e.published AS first_reported
FROM events e JOIN mentions m USING (event_key)
WHERE {where}
"""

FLAT_SELECT = """
WITH subject AS ({subject}),
sides AS (
    SELECT event_key, role,
           string_agg(name, '; ' ORDER BY position) AS names,
           string_agg(coalesce(country, ''), '; ' ORDER BY position) AS countries,
           string_agg(array_to_string(sectors, ','), '; ' ORDER BY position) AS sectors,
           string_agg(actor_code, '; ' ORDER BY position) AS codes
    FROM event_actors WHERE event_key IN (SELECT event_key FROM subject)
    GROUP BY event_key, role
)
SELECT s.id AS event_id,
       coalesce(e.date_start, e.published) AS event_date,
       e.date_value, e.date_granularity, e.event_type, e.mode,
       array_to_string(e.context, ';') AS context,
       e.cameo, e.cameo_root, e.quad, e.goldstein, e.score,
       a.names AS actor_name, a.countries AS actor_country, a.sectors AS actor_sector,
       a.codes AS actor_code,
       r.names AS recipient_name, r.countries AS recipient_country,
       r.sectors AS recipient_sector, r.codes AS recipient_code,
       e.place, e.place_name, e.place_kind, e.place_admin1, e.place_country,
       e.lat, e.lon, e.geonameid,
       e.aux, e.confidence,
       s.num_mentions, s.num_stories, s.num_sources, s.first_reported,
       e.published, d.source, d.url, e.story_id, m.sentence AS evidence, e.trigger,
       s.event_key,
       strftime(coalesce(e.date_start, e.published), '%Y-%m') AS month
FROM subject s
JOIN events e ON e.event_key = s.event_key
JOIN documents d ON d.doc_key = e.doc_key
JOIN mentions m ON m.event_key = e.event_key
LEFT JOIN sides a ON a.event_key = e.event_key AND a.role = 'actor'
LEFT JOIN sides r ON r.event_key = e.event_key AND r.role = 'recipient'
ORDER BY event_date NULLS LAST, event_id
"""

ACTORS_SELECT = """
SELECT a.event_key, a.role, a.text, a.name, a.country, a.sectors, a.actor_code AS code,
       a.kb_id, a.start_offset AS start, a.end_offset AS "end"
FROM event_actors a JOIN canonical_events c ON c.representative = a.event_key
ORDER BY a.event_key, a.role, a.position
"""

MENTIONS_SELECT = """
SELECT l.canonical_id, e.story_id, e.event_id, d.source, d.url, d.published,
       m.start_offset AS start, m.end_offset AS "end"
FROM event_links l
JOIN events e USING (event_key) JOIN documents d USING (doc_key)
JOIN mentions m USING (event_key)
ORDER BY l.canonical_id, d.published NULLS LAST, e.event_key
"""

TOTAL_NAMES = (
    "documents",
    "duplicates",
    "events",
    "canonical_events",
    "merged_events",
    "rejections",
)
TOTALS_SELECT = """
SELECT (SELECT count(*) FROM documents),
       (SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL),
       (SELECT count(*) FROM events),
       (SELECT count(*) FROM canonical_events),
       (SELECT coalesce(sum(num_mentions - 1), 0) FROM canonical_events),
       (SELECT count(*) FROM rejections)
"""
BREAKDOWNS = {
    "by_type": """SELECT event_type, count(*) FROM canonical_events
                  GROUP BY 1 ORDER BY 2 DESC, 1""",
    "by_actor": """SELECT coalesce(a.country, '?'), count(DISTINCT a.event_key)
                   FROM event_actors a WHERE a.role = 'actor'
                   GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 30""",
    "by_month": """SELECT coalesce(strftime(coalesce(date_start, published), '%Y-%m'), '?'),
                   count(*) FROM events GROUP BY 1 ORDER BY 1""",
    "by_source": """SELECT coalesce(source, '?'), count(*), sum(num_events) FROM documents
                    GROUP BY 1 ORDER BY 2 DESC, 1""",
    "rejections": """SELECT split_part(reason, ': ', 1), count(*) FROM rejections
                     GROUP BY 1 ORDER BY 2 DESC, 1""",
}
