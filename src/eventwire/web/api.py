"""The JSON API under /api: events, one event in full, actors, dyads, timelines,
documents, stats, and coding posted text. Read-only; every error is
``{"ok": false, "error": "...", "status": N}``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from eventwire.store.export import FLAT_COLUMNS
from eventwire.store.queries import INTERVALS, Dyad, Interval, Page, Participant
from eventwire.web.countries import country_name
from eventwire.web.deps import Coder, Reader
from eventwire.web.params import (
    COUNTRY_PATTERN,
    Filters,
    Limit,
    Offset,
    Raw,
    Scoped,
    Sort,
    country_code,
)

EVENT_ID_PATTERN = r"^[0-9a-f]{16}$|^[0-9a-f]{24}:[0-9a-f]{16}$"
DOC_KEY_PATTERN = r"^[0-9a-f]{24}$"


class ErrorBody(BaseModel):
    """The one shape of every error."""

    ok: Literal[False] = False
    error: str
    status: int


class CodeRequest(BaseModel):
    """Text to code; nothing is stored."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The story as plain text.")
    published: dt.date | None = Field(
        default=None, description="Publication date (YYYY-MM-DD): anchors 'on Tuesday'."
    )
    title: str | None = Field(default=None, max_length=1000, description="The headline.")


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (404, "Not found"),
        (422, "A bad parameter or body"),
        (503, "The database cannot be read now"),
    )
}
router = APIRouter(prefix="/api", responses=ERRORS)

EventId = Annotated[str, Path(pattern=EVENT_ID_PATTERN, description="Canonical id or event_key.")]
DocKey = Annotated[str, Path(pattern=DOC_KEY_PATTERN, description="The document's doc_key.")]
CountryPath = Annotated[str, Path(pattern=COUNTRY_PATTERN, description="Country code (RUS).")]
IntervalQuery = Annotated[Interval, Query(description=f"One of {', '.join(INTERVALS)}.")]


@router.get("/events", summary="Events matching the filters of `eventwire events`")
def list_events(
    request: Request,
    reader: Reader,
    where: Filters,
    scope: Scoped,
    raw: Raw = False,
    sort: Sort = "newest",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Canonical events (or with raw=true every per-story event), newest first, with the
    columns of `eventwire events --format jsonl` plus `event_key`."""
    page = reader.events(
        where, scope=scope, raw=raw, limit=limit, offset=offset, newest_first=sort == "newest"
    )
    items = [
        {**{name: row[name] for name in FLAT_COLUMNS}, "event_key": row["event_key"]}
        for row in page.rows
    ]
    return paged(request, page, items=items, limit=limit, offset=offset)


@router.get("/events/{event_id}", summary="One event with its mentions, actors, quotes, stories")
def get_event(event_id: EventId, reader: Reader) -> dict[str, Any]:
    """A canonical id gives its representative story's event; an event_key (doc_key:event_id)
    that story's event. `mentions` are every story's telling of it, `quotes` the
    quotations overlapping those sentences, `text` the story text every offset points
    into (null for stories stored before migration 0003)."""
    found = reader.event(event_id)
    if found is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    return found


@router.get("/actors", summary="Countries by the events they take part in")
def list_actors(
    request: Request,
    reader: Reader,
    where: Filters,
    raw: Raw = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    page = reader.actors(where, raw=raw, limit=limit, offset=offset)
    items = [{**row, "name": country_name(row["country"])} for row in page.rows]
    return paged(request, page, items=items, limit=limit, offset=offset)


@router.get("/actors/{code}/timeline", summary="Events of one country per period")
def actor_timeline(
    code: CountryPath,
    reader: Reader,
    where: Filters,
    raw: Raw = False,
    role: Annotated[
        Literal["any", "actor", "recipient"], Query(description="The country's role.")
    ] = "any",
    interval: IntervalQuery = "month",
) -> dict[str, Any]:
    country = country_code("code", code)
    scope = Participant(country=country, role=None if role == "any" else role)
    periods = reader.timeline(where, scope=scope, interval=interval, raw=raw)
    return {
        "country": country,
        "name": country_name(country),
        "role": role,
        "interval": interval,
        "events": sum(period["events"] for period in periods),
        "periods": periods,
    }


@router.get("/dyads", summary="Pairs of countries by the events between them")
def list_dyads(
    request: Request,
    reader: Reader,
    where: Filters,
    raw: Raw = False,
    country: Annotated[
        str | None, Query(pattern=COUNTRY_PATTERN, description="Only dyads with this country.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    page = reader.dyads(where, raw=raw, country=country, limit=limit, offset=offset)
    items = [
        {
            **row,
            "first_name": country_name(row["first"]),
            "second_name": country_name(row["second"]),
        }
        for row in page.rows
    ]
    return paged(request, page, items=items, limit=limit, offset=offset)


@router.get("/dyads/{first}/{second}/timeline", summary="Events between two countries per period")
def dyad_timeline(
    first: CountryPath,
    second: CountryPath,
    reader: Reader,
    where: Filters,
    raw: Raw = False,
    directed: Annotated[
        bool, Query(description="Only the first country acting on the second.")
    ] = False,
    interval: IntervalQuery = "month",
) -> dict[str, Any]:
    dyad = Dyad(first=first.upper(), second=second.upper(), directed=directed)
    periods = reader.timeline(where, scope=dyad, interval=interval, raw=raw)
    return {
        "first": dyad.first,
        "second": dyad.second,
        "directed": directed,
        "interval": interval,
        "events": sum(period["events"] for period in periods),
        "periods": periods,
    }


@router.get("/documents", summary="Stored stories, newest first")
def list_documents(
    request: Request,
    reader: Reader,
    text: Annotated[
        str | None, Query(max_length=200, description="Part of the title or story id.")
    ] = None,
    source: Annotated[str | None, Query(max_length=200, description="The source.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    page = reader.documents(text=text, source=source, limit=limit, offset=offset)
    return paged(request, page, items=page.rows, limit=limit, offset=offset)


@router.get("/documents/{doc_key}", summary="One story with its coded text")
def get_document(doc_key: DocKey, reader: Reader) -> dict[str, Any]:
    """The story's metadata and `text`, its `events` in full (offsets into `text`) and its
    `quotes`."""
    found = reader.document(doc_key)
    if found is None:
        raise HTTPException(404, f"no document with doc_key {doc_key!r}")
    return found


@router.get("/stats", summary="Counts, as `eventwire stats --json`")
def get_stats(reader: Reader) -> dict[str, Any]:
    stats = reader.stats()
    return {
        "totals": stats["totals"],
        "by_type": [{"event_type": t, "events": n} for t, n in stats["by_type"]],
        "by_actor": [{"country": c, "events": n} for c, n in stats["by_actor"]],
        "by_month": [{"month": m, "events": n} for m, n in stats["by_month"]],
        "by_source": [{"source": s, "documents": d, "events": n} for s, d, n in stats["by_source"]],
        "rejections": [{"reason": r, "count": n} for r, n in stats["rejections"]],
    }


@router.post(
    "/code",
    summary="Code posted text and return its events, storing nothing",
    responses={413: {"model": ErrorBody, "description": "Body too large"}},
)
def code_text(body: CodeRequest, coder: Coder) -> dict[str, Any]:
    """The events and quotations as `eventwire code` writes them, with `text` (what their
    offsets point into) and `rejection` when the text was not coded (another language,
    empty after cleaning). The body is limited in size (413 over the limit); the
    first request loads the model (a few seconds)."""
    return coder.code(body.text, published=body.published, title=body.title)


def paged(
    request: Request, page: Page, *, items: list[dict[str, Any]], limit: int, offset: int
) -> dict[str, Any]:
    """A page of items with the total and the path of the next page (null on the last)."""
    following = None
    if offset + limit < page.total:
        url = request.url.include_query_params(offset=offset + limit)
        following = f"{url.path}?{url.query}"
    return {
        "total": page.total,
        "limit": limit,
        "offset": offset,
        "next": following,
        "items": items,
    }
