"""Turn records into the stable JSON shapes users read (see docs/output.md), and tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from eventwire.types import (
    Actor,
    Document,
    Event,
    EventDate,
    Evidence,
    Location,
    PlannedEvent,
    Quote,
    Rejection,
)

TABLE_COLUMNS = (
    ("story_id", 14),
    ("date", 10),
    ("event_type", 10),
    ("mode", 12),
    ("cameo", 5),
    ("actor", 28),
    ("recipient", 28),
    ("aux", 12),
    ("evidence", 60),
)


def event_to_dict(event: Event) -> dict[str, Any]:
    """One event as the JSON object ``eventwire code`` prints."""
    return {
        "event_id": event.event_id,
        "story_id": event.story_id,
        "event_type": event.event_type,
        "mode": event.mode,
        "context": list(event.context),
        "cameo": event.cameo,
        "quad": event.quad,
        "score": event.score,
        "actor": [actor_to_dict(actor) for actor in event.actor],
        "recipient": [actor_to_dict(actor) for actor in event.recipient],
        "date": date_to_dict(event.date),
        "location": location_to_dict(event.location),
        "aux": event.aux,
        "evidence": evidence_to_dict(event.evidence),
        "mentions": [evidence_to_dict(mention) for mention in event.mentions],
        "confidence": event.confidence,
        "planned": planned_to_dict(event.planned),
        "published": _iso(event.published),
    }


def evidence_to_dict(evidence: Evidence) -> dict[str, Any]:
    return {
        "sentence": evidence.sentence,
        "start": evidence.start,
        "end": evidence.end,
        "trigger": evidence.trigger,
        "trigger_start": evidence.trigger_start,
        "trigger_end": evidence.trigger_end,
    }


def quote_to_dict(quote: Quote) -> dict[str, Any]:
    """One quotation as the JSON object ``eventwire code --quotes`` writes."""
    return {
        "quote_id": quote.quote_id,
        "story_id": quote.story_id,
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "speaker": actor_to_dict(quote.speaker) if quote.speaker else None,
        "cue": quote.cue,
        "cue_start": quote.cue_start,
        "cue_end": quote.cue_end,
    }


def planned_to_dict(planned: PlannedEvent | None) -> dict[str, Any] | None:
    """What a statement event is about, with its own date."""
    if planned is None:
        return None
    return {
        "event_type": planned.event_type,
        "mode": planned.mode,
        "trigger": planned.trigger,
        "trigger_start": planned.trigger_start,
        "trigger_end": planned.trigger_end,
        "date": date_to_dict(planned.date),
    }


def actor_to_dict(actor: Actor) -> dict[str, Any]:
    """An actor or recipient entry."""
    return {
        "text": actor.text,
        "name": actor.name,
        "country": actor.country,
        "sector": actor.sectors[0] if actor.sectors else None,
        "sectors": list(actor.sectors),
        "start": actor.start,
        "end": actor.end,
        "kb_id": actor.kb_id,
        "resolved": actor.resolved,
        "basis": actor.basis,
    }


def date_to_dict(date: EventDate | None) -> dict[str, Any] | None:
    if date is None:
        return None
    return {
        "value": date.value,
        "start": date.start.isoformat(),
        "end": date.end.isoformat(),
        "granularity": date.granularity,
        "source": date.source,
        "text": date.text,
        "text_start": date.text_start,
        "text_end": date.text_end,
        "ambiguous": date.ambiguous,
        "alternatives": list(date.alternatives),
    }


def location_to_dict(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {
        "place": location.place,
        "name": location.name,
        "kind": location.kind,
        "admin1": location.admin1,
        "country": location.country,
        "lat": location.lat,
        "lon": location.lon,
        "geonameid": location.geonameid,
        "source": location.source,
        "text_start": location.text_start,
        "text_end": location.text_end,
    }


def rejection_to_dict(rejection: Rejection) -> dict[str, Any]:
    """A rejection as JSON, for ``--rejects`` files and logs."""
    return {
        "doc_id": rejection.doc_id,
        "stage": rejection.stage,
        "reason": rejection.reason,
        "path": rejection.path,
        "position": rejection.position,
    }


def document_to_dict(doc: Document, *, text: str) -> dict[str, Any]:
    """A cleaned story as ``eventwire read`` prints it; ``text`` is its body."""
    return {
        "id": doc.doc_id,
        "title": doc.title,
        "text": text,
        "pub_date": _iso(doc.published),
        "pub_date_source": doc.pub_date_source,
        "pub_date_confidence": doc.pub_date_confidence,
        "pub_date_reason": doc.pub_date_reason,
        "date_conflicts": [{"source": source, "date": date} for source, date in doc.date_conflicts],
        "source": doc.source,
        "url": doc.url,
        "byline": doc.byline,
        "dateline": doc.dateline,
        "language": doc.language,
        "duplicate_of": doc.duplicate_of,
        "wire_ids": list(doc.wire_ids),
        "path": doc.path,
        "position": doc.position,
    }


def describe_rejection(rejection: Rejection) -> str:
    """One line naming the input, where in it, and why it was not coded."""
    where = rejection.path or rejection.doc_id or "input"
    if rejection.position:
        where = f"{where}:{rejection.position.removeprefix('line ')}"
    return f"{where}: {rejection.reason} ({rejection.stage})"


def table_header() -> str:
    return "  ".join(name.ljust(width) for name, width in TABLE_COLUMNS)


def table_row(event: Event) -> str:
    """A readable one-line summary of an event for terminals."""
    cells = {
        "story_id": event.story_id,
        "date": event.date.value if event.date else "",
        "event_type": event.event_type,
        "mode": event.mode or "",
        "cameo": event.cameo,
        "actor": _actors_cell(event.actor),
        "recipient": _actors_cell(event.recipient),
        "aux": event.aux or "",
        "evidence": event.evidence.sentence.replace("\n", " "),
    }
    return "  ".join(_fit(cells[name], width) for name, width in TABLE_COLUMNS)


def _actors_cell(actors: Sequence[Actor]) -> str:
    return "; ".join(
        f"{actor.name} ({actor.country or '?'}/{actor.sectors[0] if actor.sectors else '?'})"
        for actor in actors
    )


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None
