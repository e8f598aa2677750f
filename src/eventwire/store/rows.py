"""Records to table rows: the column order of each table the ingest writes.

No SQL here: ``duck.py`` builds its INSERT statements from these column names.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from eventwire import ontology
from eventwire.output import evidence_to_dict, planned_to_dict
from eventwire.types import Actor, CodedDocument, Document, Event, Quote, Rejection

DOCUMENT_COLUMNS = (
    "doc_key",
    "doc_id",
    "content_hash",
    "title",
    "source",
    "url",
    "path",
    "position",
    "published",
    "pub_date_source",
    "pub_date_confidence",
    "pub_date_reason",
    "date_conflicts",
    "language",
    "byline",
    "dateline",
    "duplicate_of",
    "num_events",
    "text",
)
REJECTION_COLUMNS = ("rejection_key", "doc_id", "stage", "reason", "path", "position")
EVENT_COLUMNS = (
    "event_key",
    "event_id",
    "doc_key",
    "story_id",
    "event_type",
    "mode",
    "context",
    "cameo",
    "cameo_root",
    "quad",
    "goldstein",
    "score",
    "aux",
    "confidence",
    "published",
    "date_value",
    "date_start",
    "date_end",
    "date_granularity",
    "date_source",
    "date_text",
    "date_text_start",
    "date_text_end",
    "date_alternatives",
    "place",
    "place_name",
    "place_kind",
    "place_admin1",
    "place_country",
    "lat",
    "lon",
    "geonameid",
    "place_source",
    "place_start",
    "place_end",
    "planned",
    "sentence_index",
    "trigger",
    "trigger_start",
    "trigger_end",
    "other_mentions",
)
ACTOR_COLUMNS = (
    "event_key",
    "role",
    "position",
    "text",
    "name",
    "country",
    "sectors",
    "actor_code",
    "start_offset",
    "end_offset",
    "kb_id",
    "resolved",
    "basis",
)
QUOTE_COLUMNS = (
    "quote_key",
    "quote_id",
    "doc_key",
    "story_id",
    "text",
    "start_offset",
    "end_offset",
    "speaker_text",
    "speaker_name",
    "speaker_country",
    "speaker_sectors",
    "speaker_code",
    "speaker_start",
    "speaker_end",
    "speaker_kb_id",
    "speaker_resolved",
    "speaker_basis",
    "cue",
    "cue_start",
    "cue_end",
)
MENTION_COLUMNS = (
    "event_key",
    "doc_key",
    "sentence_index",
    "sentence",
    "start_offset",
    "end_offset",
)

Row = tuple[Any, ...]
TABLES: dict[str, tuple[str, ...]] = {
    "documents": DOCUMENT_COLUMNS,
    "events": EVENT_COLUMNS,
    "event_actors": ACTOR_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "rejections": REJECTION_COLUMNS,
}
# How many leading columns make a row's key (its table's primary key).
KEY_WIDTH = {"event_actors": 3}


def table_rows(
    coded: Iterable[CodedDocument], rejections: Iterable[Rejection]
) -> dict[str, list[Row]]:
    """The rows a batch adds to each table (columns as in ``TABLES``), each key once."""
    tables: dict[str, list[Row]] = {table: [] for table in TABLES}
    for item in coded:
        key = document_key(item.document)
        tables["documents"].append(document_row(item))
        tables["quotes"].extend(quote_row(key, quote) for quote in item.quotes)
        for event in item.events:
            tables["events"].append(event_row(key, event))
            tables["event_actors"].extend(actor_rows(key, event))
            tables["mentions"].append(mention_row(key, event))
    tables["rejections"] = [rejection_row(rejection) for rejection in rejections]
    return {table: _first_of_each_key(table, found) for table, found in tables.items()}


def _first_of_each_key(table: str, found: list[Row]) -> list[Row]:
    width = KEY_WIDTH.get(table, 1)
    unique: dict[Row, Row] = {}
    for row in found:
        unique.setdefault(row[:width], row)
    return list(unique.values())


def document_key(doc: Document) -> str:
    """The document's key: a hash of its id and its text as read."""
    return _hash(doc.doc_id, doc.text)[:24]


def document_row(coded: CodedDocument) -> Row:
    doc = coded.document
    conflicts = (
        json.dumps([list(pair) for pair in doc.date_conflicts]) if doc.date_conflicts else None
    )
    return (
        document_key(doc),
        doc.doc_id,
        _hash(doc.text)[:16],
        doc.title,
        doc.source,
        doc.url,
        doc.path,
        doc.position,
        doc.published,
        doc.pub_date_source,
        doc.pub_date_confidence,
        doc.pub_date_reason,
        conflicts,
        doc.language,
        doc.byline,
        doc.dateline,
        doc.duplicate_of,
        len(coded.events),
        doc.text,
    )


def rejection_row(rejection: Rejection) -> Row:
    """A rejection keyed by its story id, or by where it is when it has none.

    The same story rejected again, even read through another path, is the same row.
    """
    fields = (rejection.doc_id, rejection.stage, rejection.reason, rejection.path)
    return (rejection_key(rejection), *fields, rejection.position)


def rejection_key(rejection: Rejection) -> str:
    """A hash of the story id, stage and reason (of path and position without an id)."""
    where = ("", "") if rejection.doc_id else (rejection.path or "", rejection.position or "")
    return _hash(rejection.doc_id or "", rejection.stage, rejection.reason, *where)[:24]


def event_key(doc_key: str, event: Event) -> str:
    return f"{doc_key}:{event.event_id}"


def event_row(doc_key: str, event: Event) -> Row:
    cameo = ontology.cameo_code(event.cameo)
    date, place = event.date, event.location
    return (
        event_key(doc_key, event),
        event.event_id,
        doc_key,
        event.story_id,
        event.event_type,
        event.mode,
        list(event.context),
        event.cameo,
        cameo.root,
        event.quad,
        cameo.goldstein,
        event.score,
        event.aux,
        event.confidence,
        event.published,
        date.value if date else None,
        date.start if date else None,
        date.end if date else None,
        date.granularity if date else None,
        date.source if date else None,
        date.text if date else None,
        date.text_start if date else None,
        date.text_end if date else None,
        list(date.alternatives) if date else None,
        place.place if place else None,
        place.name if place else None,
        place.kind if place else None,
        place.admin1 if place else None,
        place.country if place else None,
        place.lat if place else None,
        place.lon if place else None,
        place.geonameid if place else None,
        place.source if place else None,
        place.text_start if place else None,
        place.text_end if place else None,
        _planned_json(event),
        event.sentence_index,
        event.evidence.trigger,
        event.evidence.trigger_start,
        event.evidence.trigger_end,
        _mentions_json(event),
    )


def actor_rows(doc_key: str, event: Event) -> Iterator[Row]:
    key = event_key(doc_key, event)
    for role, actors in (("actor", event.actor), ("recipient", event.recipient)):
        for position, actor in enumerate(actors):
            yield (
                key,
                role,
                position,
                actor.text,
                actor.name,
                actor.country,
                list(actor.sectors),
                actor_code(actor),
                actor.start,
                actor.end,
                actor.kb_id,
                actor.resolved,
                actor.basis,
            )


def mention_row(doc_key: str, event: Event) -> Row:
    evidence = event.evidence
    return (
        event_key(doc_key, event),
        doc_key,
        event.sentence_index,
        evidence.sentence,
        evidence.start,
        evidence.end,
    )


def quote_row(doc_key: str, quote: Quote) -> Row:
    speaker = quote.speaker
    speaker_fields: tuple[Any, ...] = (
        (
            speaker.text,
            speaker.name,
            speaker.country,
            list(speaker.sectors),
            actor_code(speaker),
            speaker.start,
            speaker.end,
            speaker.kb_id,
            speaker.resolved,
            speaker.basis,
        )
        if speaker
        else (None,) * 10
    )
    return (
        f"{doc_key}:{quote.quote_id}",
        quote.quote_id,
        doc_key,
        quote.story_id,
        quote.text,
        quote.start,
        quote.end,
        *speaker_fields,
        quote.cue,
        quote.cue_start,
        quote.cue_end,
    )


def actor_code(actor: Actor) -> str:
    """A CAMEO-style actor code: country then first sector ("USAGOV", "RUSMIL", "IGO")."""
    sector = actor.sectors[0] if actor.sectors else ""
    return f"{actor.country or ''}{sector}"


def _mentions_json(event: Event) -> str | None:
    if not event.mentions:
        return None
    return json.dumps([evidence_to_dict(m) for m in event.mentions], ensure_ascii=False)


def _planned_json(event: Event) -> str | None:
    planned = planned_to_dict(event.planned)
    return json.dumps(planned, ensure_ascii=False) if planned else None


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()
