"""Read-only queries behind the web app and its JSON API.

Pages of events with the filters of ``eventwire events``, one event in full (its
actors, the stories that told it, their quotations and the story text), actors and
dyads with counts, timelines, documents and stats. Every connection is opened
read-only and never upgrades an older database; every value reaches SQL as a
parameter.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import duckdb

from eventwire.store.duck import (
    BREAKDOWNS,
    CANONICAL_SUBJECT,
    FLAT_SELECT,
    RAW_SUBJECT,
    TOTAL_NAMES,
    TOTALS_SELECT,
    EventFilter,
    Store,
    filter_clause,
)
from eventwire.store.export import place_fields

Interval = Literal["day", "week", "month", "year"]
Role = Literal["actor", "recipient"]
INTERVALS: tuple[Interval, ...] = ("day", "week", "month", "year")
TRUNCATE = {
    "day": "date_trunc('day', {date})",
    "week": "date_trunc('week', {date})",
    "month": "date_trunc('month', {date})",
    "year": "date_trunc('year', {date})",
}
EVENT_DATE = "coalesce(e.date_start, e.published)"


@dataclass(frozen=True, slots=True, kw_only=True)
class Dyad:
    """Events between two countries: either acting on the other, or both acting together
    (talks, agreements); with ``directed``, only ``first`` acting on ``second``."""

    first: str
    second: str
    directed: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Participant:
    """Events a country takes part in, as ``role`` or (None) in either role."""

    country: str
    role: Role | None = None


Scope = Dyad | Participant | None


@dataclass(frozen=True, slots=True)
class Page:
    """One page of rows and how many rows match in all."""

    total: int
    rows: list[dict[str, Any]]


class StoreReader:
    """The queries of the web app over one event database; it never writes."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection; an older database is refused, never upgraded."""
        with self.store.connect(read_only=True, upgrade=False) as con:
            yield con

    def check(self) -> None:
        """Raise a StoreError now if the database cannot be served."""
        with self.connect():
            pass

    def events(
        self,
        where: EventFilter,
        *,
        scope: Scope = None,
        raw: bool = False,
        limit: int = 50,
        offset: int = 0,
        newest_first: bool = True,
    ) -> Page:
        """A page of flat event rows (the columns of ``eventwire events``), newest first."""
        subject, params = _subject(where, scope=scope, raw=raw)
        order = "DESC" if newest_first else "ASC"
        page = PAGE_SUBJECT.format(subject=subject, order=order)
        sql = (
            f"SELECT * FROM ({FLAT_SELECT.format(subject=page)}) "
            f"ORDER BY event_date {order} NULLS LAST, event_id"
        )
        with self.connect() as con:
            total = _scalar(con, f"SELECT count(*) FROM ({subject})", params)
            rows = _dicts(con.execute(sql, [*params, limit, offset]))
        return Page(total=total, rows=rows)

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event in full: a canonical id gives its representative story's event, an
        ``event_key`` that story's event; with every story that told it, their
        quotations overlapping the telling sentence, and the story text."""
        with self.connect() as con:
            found = con.execute(EVENT_LOOKUP, [event_id, event_id]).fetchone()
            if found is None:
                return None
            key, canonical = found
            [record] = _full_events(con, "e.event_key = ?", [key])
            group = _dicts(con.execute(GROUP_SELECT, [canonical or key, key]))
            if canonical:
                record.update(_dicts(con.execute(CANONICAL_COUNTS, [canonical]))[0])
            quotes = _quotes(con, GROUP_QUOTES_WHERE, [[row["event_key"] for row in group]])
            doc_keys = list(dict.fromkeys(row["doc_key"] for row in group))
            documents = _dicts(con.execute(DOCUMENTS_BY_KEY, [doc_keys]))
            text = _scalar_or_none(
                con, "SELECT text FROM documents WHERE doc_key = ?", [record["doc_key"]]
            )
        return {
            **record,
            "mentions": group,
            "quotes": quotes,
            "documents": documents,
            "text": text,
        }

    def actors(
        self,
        where: EventFilter,
        *,
        raw: bool = False,
        country: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        """Countries by the events they take part in: in all, as actor, as recipient, with
        the mean PLOVER score of those events."""
        subject, params = _subject(where, scope=None, raw=raw)
        only = "AND p.country = upper(?)" if country else ""
        extra = [country] if country else []
        sql = ACTORS_SELECT.format(subject=subject, only=only)
        with self.connect() as con:
            rows = _dicts(con.execute(sql, [*params, *extra, limit, offset]))
        return _paged(rows)

    def dyads(
        self,
        where: EventFilter,
        *,
        raw: bool = False,
        country: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        """Pairs of countries by the events between them (either direction or together),
        with cooperation and conflict counts and the mean PLOVER score."""
        subject, params = _subject(where, scope=None, raw=raw)
        only = "AND (first = upper(?) OR second = upper(?))" if country else ""
        extra = [country, country] if country else []
        sql = DYADS_SELECT.format(subject=subject, only=only)
        with self.connect() as con:
            rows = _dicts(con.execute(sql, [*params, *extra, limit, offset]))
        return _paged(rows)

    def timeline(
        self,
        where: EventFilter,
        *,
        scope: Scope = None,
        interval: Interval = "month",
        raw: bool = False,
    ) -> list[dict[str, Any]]:
        """Events per period from the first to the last dated one (empty periods
        included): counts by type and quad class and the mean PLOVER score."""
        subject, params = _subject(where, scope=scope, raw=raw)
        period = TRUNCATE[interval].format(date=EVENT_DATE)
        sql = TIMELINE_SELECT.format(subject=subject, period=period, date=EVENT_DATE)
        with self.connect() as con:
            rows = con.execute(sql, params).fetchall()
        return _fill_periods(rows, interval=interval)

    def documents(
        self,
        *,
        text: str | None = None,
        source: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        """Stored stories, newest first; ``text`` matches the title or the story id."""
        parts, params = ["TRUE"], []
        if text:
            parts.append("(title ILIKE '%' || ? || '%' OR doc_id ILIKE '%' || ? || '%')")
            params.extend([text, text])
        if source:
            parts.append("source = ?")
            params.append(source)
        sql = DOCUMENTS_SELECT.format(where=" AND ".join(parts))
        with self.connect() as con:
            rows = _dicts(con.execute(sql, [*params, limit, offset]))
        return _paged(rows)

    def document(self, doc_key: str) -> dict[str, Any] | None:
        """One stored story with its text, its events in full and its quotations."""
        with self.connect() as con:
            found = _dicts(con.execute(DOCUMENT_SELECT, [doc_key]))
            if not found:
                return None
            document = found[0]
            document["date_conflicts"] = json.loads(document["date_conflicts"] or "[]")
            document["events"] = _full_events(con, "e.doc_key = ?", [doc_key])
            document["quotes"] = _quotes(con, "q.doc_key = ?", [doc_key])
        return document

    def totals(self) -> dict[str, int]:
        """Documents, duplicates, events, canonical events, merged events, rejections."""
        with self.connect() as con:
            totals = con.execute(TOTALS_SELECT).fetchone() or ()
        return dict(zip(TOTAL_NAMES, totals, strict=True))

    def stats(self) -> dict[str, Any]:
        """Totals, and counts by type, actor country, month, source and rejection reason
        (as ``eventwire stats``)."""
        with self.connect() as con:
            totals = con.execute(TOTALS_SELECT).fetchone() or ()
            return {
                "totals": dict(zip(TOTAL_NAMES, totals, strict=True)),
                **{name: con.execute(sql).fetchall() for name, sql in BREAKDOWNS.items()},
            }


def _subject(where: EventFilter, *, scope: Scope, raw: bool) -> tuple[str, list[Any]]:
    """The canonical (or with ``raw`` per-story) events matching filter and scope, as the
    SQL of ``CANONICAL_SUBJECT``/``RAW_SUBJECT`` with its parameters."""
    clause, params = filter_clause(where)
    if scope is not None:
        extra, extra_params = _scope_clause(scope)
        clause, params = f"{clause} AND {extra}", [*params, *extra_params]
    return (RAW_SUBJECT if raw else CANONICAL_SUBJECT).format(where=clause), params


def _scope_clause(scope: Dyad | Participant) -> tuple[str, list[Any]]:
    if isinstance(scope, Participant):
        role = "AND a.role = ?" if scope.role else ""
        params: list[Any] = [scope.country, *([scope.role] if scope.role else [])]
        return PARTICIPANT_MATCH.format(role=role), params
    pairs = "(a.role = 'actor' AND b.role = 'recipient')"
    if not scope.directed:
        pairs += (
            " OR (a.role = 'recipient' AND b.role = 'actor')"
            " OR (a.role = 'actor' AND b.role = 'actor' AND a.position <> b.position)"
        )
    return DYAD_MATCH.format(pairs=pairs), [scope.first, scope.second]


def _full_events(
    con: duckdb.DuckDBPyConnection, where: str, params: Sequence[Any]
) -> list[dict[str, Any]]:
    rows = _dicts(con.execute(FULL_EVENT_SELECT.format(where=where), params))
    actors: dict[str, list[dict[str, Any]]] = {}
    for row in _dicts(con.execute(FULL_ACTORS_SELECT.format(where=where), params)):
        actors.setdefault(row["event_key"], []).append(row)
    return [_event_record(row, actors.get(row["event_key"], [])) for row in rows]


def _event_record(row: dict[str, Any], actors: list[dict[str, Any]]) -> dict[str, Any]:
    """A stored event in the field names of docs/output.md, with its keys."""
    return {
        "event_id": row["event_id"],
        "event_key": row["event_key"],
        "canonical_id": row["canonical_id"],
        "doc_key": row["doc_key"],
        "story_id": row["story_id"],
        "event_type": row["event_type"],
        "mode": row["mode"],
        "context": list(row["context"] or ()),
        "cameo": row["cameo"],
        "cameo_root": row["cameo_root"],
        "quad": row["quad"],
        "score": row["score"],
        "goldstein": row["goldstein"],
        "actor": [_actor(a) for a in actors if a["role"] == "actor"],
        "recipient": [_actor(a) for a in actors if a["role"] == "recipient"],
        "date": _date(row),
        "location": _location(row),
        "aux": row["aux"],
        "evidence": {
            "sentence": row["sentence"],
            "start": row["sentence_start"],
            "end": row["sentence_end"],
            "sentence_index": row["sentence_index"],
            "trigger": row["trigger"],
            "trigger_start": row["trigger_start"],
            "trigger_end": row["trigger_end"],
        },
        "confidence": row["confidence"],
        "planned": json.loads(row["planned"]) if row["planned"] else None,
        "published": row["published"],
    }


def _actor(row: dict[str, Any]) -> dict[str, Any]:
    sectors = list(row["sectors"] or ())
    return {
        "text": row["text"],
        "name": row["name"],
        "country": row["country"],
        "sector": sectors[0] if sectors else None,
        "sectors": sectors,
        "code": row["actor_code"],
        "start": row["start_offset"],
        "end": row["end_offset"],
        "kb_id": row["kb_id"],
        "resolved": row["resolved"],
        "basis": row["basis"],
    }


def _date(row: dict[str, Any]) -> dict[str, Any] | None:
    if row["date_value"] is None:
        return None
    alternatives = list(row["date_alternatives"] or ())
    return {
        "value": row["date_value"],
        "start": row["date_start"],
        "end": row["date_end"],
        "granularity": row["date_granularity"],
        "source": row["date_source"],
        "text": row["date_text"],
        "text_start": row["date_text_start"],
        "text_end": row["date_text_end"],
        "ambiguous": bool(alternatives),
        "alternatives": alternatives,
    }


def _location(row: dict[str, Any]) -> dict[str, Any] | None:
    if row["place_source"] is None:
        return None
    return {
        **place_fields(row),
        "source": row["place_source"],
        "text_start": row["place_start"],
        "text_end": row["place_end"],
    }


def _quotes(
    con: duckdb.DuckDBPyConnection, where: str, params: Sequence[Any]
) -> list[dict[str, Any]]:
    return [_quote(row) for row in _dicts(con.execute(QUOTES_SELECT.format(where=where), params))]


def _quote(row: dict[str, Any]) -> dict[str, Any]:
    """A stored quotation in the field names of docs/output.md."""
    speaker = None
    if row["speaker_text"] is not None:
        sectors = list(row["speaker_sectors"] or ())
        speaker = {
            "text": row["speaker_text"],
            "name": row["speaker_name"],
            "country": row["speaker_country"],
            "sector": sectors[0] if sectors else None,
            "sectors": sectors,
            "code": row["speaker_code"],
            "start": row["speaker_start"],
            "end": row["speaker_end"],
            "kb_id": row["speaker_kb_id"],
            "resolved": row["speaker_resolved"],
            "basis": row["speaker_basis"],
        }
    return {
        "quote_id": row["quote_id"],
        "doc_key": row["doc_key"],
        "story_id": row["story_id"],
        "text": row["text"],
        "start": row["start_offset"],
        "end": row["end_offset"],
        "speaker": speaker,
        "cue": row["cue"],
        "cue_start": row["cue_start"],
        "cue_end": row["cue_end"],
    }


def _fill_periods(rows: Sequence[tuple[Any, ...]], *, interval: Interval) -> list[dict[str, Any]]:
    """Rows of (period, type, quad, events, scored, score sum) as one entry per period,
    every period from the first to the last; ``scored`` counts the events with a score."""
    by_period: dict[dt.date, dict[str, Any]] = {}
    for period, event_type, quad, events, scored, score_sum in rows:
        day = period.date() if isinstance(period, dt.datetime) else period
        entry = by_period.setdefault(day, _empty_period(day))
        entry["events"] += events
        entry["by_type"][event_type] = entry["by_type"].get(event_type, 0) + events
        entry["by_quad"][str(quad)] += events
        entry["scored"] += scored
        entry["score_sum"] += score_sum or 0.0
    if not by_period:
        return []
    filled = []
    day, last = min(by_period), max(by_period)
    while day <= last:
        entry = by_period.get(day) or _empty_period(day)
        total = entry.pop("score_sum")
        entry["mean_score"] = round(total / entry["scored"], 3) if entry["scored"] else None
        filled.append(entry)
        day = next_period(day, interval)
    return filled


def _empty_period(day: dt.date) -> dict[str, Any]:
    return {
        "period": day,
        "events": 0,
        "by_type": {},
        "by_quad": {"1": 0, "2": 0, "3": 0, "4": 0},
        "scored": 0,
        "score_sum": 0.0,
    }


def next_period(day: dt.date, interval: Interval) -> dt.date:
    """The first day of the period after the one starting on ``day``."""
    if interval == "day":
        return day + dt.timedelta(days=1)
    if interval == "week":
        return day + dt.timedelta(days=7)
    if interval == "month":
        return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return dt.date(day.year + 1, 1, 1)


def _paged(rows: list[dict[str, Any]]) -> Page:
    """Rows that carry the window count ``total`` as a Page."""
    total = rows[0]["total"] if rows else 0
    for row in rows:
        del row["total"]
    return Page(total=total, rows=rows)


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any]) -> int:
    found = con.execute(sql, params).fetchone()
    return int(found[0]) if found else 0


def _scalar_or_none(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any]) -> Any:
    found = con.execute(sql, params).fetchone()
    return found[0] if found else None


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


PARTICIPANT_MATCH = """EXISTS (SELECT 1 FROM event_actors a WHERE a.event_key = e.event_key
    AND a.country = upper(?) {role})"""
DYAD_MATCH = """EXISTS (SELECT 1 FROM event_actors a
    JOIN event_actors b ON b.event_key = a.event_key
    WHERE a.event_key = e.event_key AND a.country = upper(?) AND b.country = upper(?)
    AND ({pairs}))"""

PAGE_SUBJECT = """
SELECT s.* FROM ({subject}) s JOIN events e ON e.event_key = s.event_key
ORDER BY coalesce(e.date_start, e.published) {order} NULLS LAST, s.id
LIMIT ? OFFSET ?
"""

EVENT_LOOKUP = """
SELECT representative, canonical_id FROM canonical_events WHERE canonical_id = ?
UNION ALL
SELECT e.event_key, l.canonical_id FROM events e LEFT JOIN event_links l USING (event_key)
WHERE e.event_key = ?
LIMIT 1
"""

FULL_EVENT_SELECT = """
SELECT e.*, m.sentence, m.start_offset AS sentence_start, m.end_offset AS sentence_end,
       l.canonical_id
FROM events e
JOIN mentions m USING (event_key)
LEFT JOIN event_links l USING (event_key)
WHERE {where}
ORDER BY e.trigger_start, e.event_key
"""
FULL_ACTORS_SELECT = """
SELECT a.* FROM event_actors a
WHERE a.event_key IN (SELECT e.event_key FROM events e WHERE {where})
ORDER BY a.event_key, a.role, a.position
"""

CANONICAL_COUNTS = """
SELECT num_mentions, num_stories, num_sources, first_reported
FROM canonical_events WHERE canonical_id = ?
"""

GROUP_SELECT = """
SELECT e.event_key, e.event_id, e.doc_key, e.story_id, e.event_type, e.trigger,
       e.trigger_start, e.trigger_end, d.title, d.source, d.url, d.published,
       m.sentence, m.start_offset AS start, m.end_offset AS "end"
FROM events e
JOIN mentions m USING (event_key)
JOIN documents d ON d.doc_key = e.doc_key
LEFT JOIN event_links l USING (event_key)
WHERE l.canonical_id = ? OR e.event_key = ?
ORDER BY d.published NULLS LAST, e.event_key
"""

QUOTES_SELECT = """
SELECT q.* FROM quotes q WHERE {where} ORDER BY q.doc_key, q.start_offset
"""
GROUP_QUOTES_WHERE = """EXISTS (SELECT 1 FROM mentions m
    WHERE list_contains(?, m.event_key) AND m.doc_key = q.doc_key
    AND q.start_offset < m.end_offset AND q.end_offset > m.start_offset)"""

DOCUMENT_COLUMNS = """doc_key, doc_id, title, source, url, published, pub_date_source,
    pub_date_confidence, pub_date_reason, byline, dateline, language, duplicate_of,
    num_events, path, position"""
DOCUMENTS_BY_KEY = f"""
SELECT {DOCUMENT_COLUMNS} FROM documents WHERE list_contains(?, doc_key)
ORDER BY published NULLS LAST, doc_key
"""
DOCUMENTS_SELECT = f"""
SELECT {DOCUMENT_COLUMNS}, count(*) OVER () AS total FROM documents
WHERE {{where}}
ORDER BY published DESC NULLS LAST, doc_key
LIMIT ? OFFSET ?
"""
DOCUMENT_SELECT = f"""
SELECT {DOCUMENT_COLUMNS}, date_conflicts, ingested_at, text FROM documents WHERE doc_key = ?
"""

ACTORS_SELECT = """
WITH subject AS ({subject}),
per_event AS (
    SELECT a.event_key, a.country,
           bool_or(a.role = 'actor') AS acts, bool_or(a.role = 'recipient') AS receives
    FROM event_actors a JOIN subject s ON s.event_key = a.event_key
    WHERE a.country IS NOT NULL
    GROUP BY a.event_key, a.country
)
SELECT p.country, count(*) AS events, count(*) FILTER (WHERE p.acts) AS as_actor,
       count(*) FILTER (WHERE p.receives) AS as_recipient,
       round(avg(e.score), 3) AS mean_score,
       count(*) OVER () AS total
FROM per_event p JOIN events e ON e.event_key = p.event_key
WHERE TRUE {only}
GROUP BY p.country
ORDER BY events DESC, p.country
LIMIT ? OFFSET ?
"""

DYADS_SELECT = """
WITH subject AS ({subject}),
pairs AS (
    SELECT DISTINCT a.event_key, least(a.country, b.country) AS first,
           greatest(a.country, b.country) AS second
    FROM event_actors a
    JOIN event_actors b ON b.event_key = a.event_key
    JOIN subject s ON s.event_key = a.event_key
    WHERE a.country IS NOT NULL AND b.country IS NOT NULL
      AND ((a.role = 'actor' AND b.role = 'recipient')
           OR (a.role = 'actor' AND b.role = 'actor' AND a.country < b.country))
)
SELECT first, second, count(*) AS events,
       count(*) FILTER (WHERE e.quad IN (1, 2)) AS cooperation,
       count(*) FILTER (WHERE e.quad IN (3, 4)) AS conflict,
       round(avg(e.score), 3) AS mean_score,
       count(*) OVER () AS total
FROM pairs p JOIN events e ON e.event_key = p.event_key
WHERE TRUE {only}
GROUP BY first, second
ORDER BY events DESC, first, second
LIMIT ? OFFSET ?
"""

TIMELINE_SELECT = """
WITH subject AS ({subject})
SELECT {period} AS period, e.event_type, e.quad, count(*), count(e.score), sum(e.score)
FROM subject s JOIN events e ON e.event_key = s.event_key
WHERE {date} IS NOT NULL
GROUP BY ALL
ORDER BY period, e.event_type
"""
