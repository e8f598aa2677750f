"""The HTML pages: event search, one event with its evidence highlighted, dyad and actor
timelines, stories, stats, and a box that codes pasted text. Server-rendered from the
same queries as the JSON API; every value is escaped by the templates."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from eventwire.store.queries import Dyad, Participant
from eventwire.web import highlight
from eventwire.web.api import CountryPath, DocKey, EventId, IntervalQuery
from eventwire.web.charts import timeline_chart
from eventwire.web.deps import Coder, MaxBody, Reader
from eventwire.web.params import Filters, Offset, Raw, Scoped, Sort, country_code
from eventwire.web.rendering import query_string, render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

PAGE_SIZE = 50
SIDE_EVENTS = 25
PARTNERS = 15
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
FORM_FIELDS = ("text", "published", "title")


@router.get("/")
def events_page(
    request: Request,
    reader: Reader,
    where: Filters,
    scope: Scoped,
    raw: Raw = False,
    sort: Sort = "newest",
    offset: Offset = 0,
) -> Response:
    page = reader.events(
        where, scope=scope, raw=raw, limit=PAGE_SIZE, offset=offset, newest_first=sort == "newest"
    )
    return render(
        "events.html",
        params=dict(request.query_params),
        page=page,
        offset=offset,
        limit=PAGE_SIZE,
        scope=scope,
        totals=reader.totals(),
    )


@router.get("/events/{event_id}")
def event_page(event_id: EventId, reader: Reader) -> Response:
    event = reader.event(event_id)
    if event is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    own_quotes = [quote for quote in event["quotes"] if quote["doc_key"] == event["doc_key"]]
    story = highlight.event_story(event, event["text"], own_quotes)
    document = next(d for d in event["documents"] if d["doc_key"] == event["doc_key"])
    return render(
        "event.html",
        event=event,
        story=story,
        document=document,
        quotes=own_quotes,
        dyads=_event_dyads(event),
    )


@router.get("/dyads")
def dyads_page(
    request: Request,
    reader: Reader,
    where: Filters,
    first: Annotated[str | None, Query(max_length=10)] = None,
    second: Annotated[str | None, Query(max_length=10)] = None,
    raw: Raw = False,
    offset: Offset = 0,
) -> Response:
    if first and second:
        a, b = country_code("first", first), country_code("second", second)
        return RedirectResponse(f"/dyads/{a}/{b}", status_code=303)
    page = reader.dyads(where, raw=raw, limit=PAGE_SIZE, offset=offset)
    return render(
        "dyads.html", params=dict(request.query_params), page=page, offset=offset, limit=PAGE_SIZE
    )


@router.get("/dyads/{first}/{second}")
def dyad_page(
    request: Request,
    first: CountryPath,
    second: CountryPath,
    reader: Reader,
    where: Filters,
    raw: Raw = False,
    directed: bool = False,
    interval: IntervalQuery = "month",
    offset: Offset = 0,
) -> Response:
    dyad = Dyad(first=first.upper(), second=second.upper(), directed=directed)
    params = dict(request.query_params)
    periods = reader.timeline(where, scope=dyad, interval=interval, raw=raw)
    events_params = {
        **params,
        "dyad": f"{dyad.first},{dyad.second}",
        "directed": directed,
        "interval": None,
        "offset": None,
    }
    chart = timeline_chart(
        periods,
        interval=interval,
        link=lambda start, end: "/" + query_string(events_params, since=start, until=end),
    )
    events = reader.events(where, scope=dyad, raw=raw, limit=PAGE_SIZE, offset=offset)
    return render(
        "dyad.html",
        params=params,
        dyad=dyad,
        interval=interval,
        chart=chart,
        summary=_summary(periods),
        page=events,
        offset=offset,
        limit=PAGE_SIZE,
    )


@router.get("/actors")
def actors_page(
    request: Request, reader: Reader, where: Filters, raw: Raw = False, offset: Offset = 0
) -> Response:
    page = reader.actors(where, raw=raw, limit=PAGE_SIZE, offset=offset)
    return render(
        "actors.html", params=dict(request.query_params), page=page, offset=offset, limit=PAGE_SIZE
    )


@router.get("/actors/{code}")
def actor_page(
    request: Request,
    code: CountryPath,
    reader: Reader,
    where: Filters,
    raw: Raw = False,
    interval: IntervalQuery = "month",
) -> Response:
    country = code.upper()
    scope = Participant(country=country)
    params = dict(request.query_params)
    periods = reader.timeline(where, scope=scope, interval=interval, raw=raw)
    events_params = {**params, "involving": country, "interval": None}
    chart = timeline_chart(
        periods,
        interval=interval,
        link=lambda start, end: "/" + query_string(events_params, since=start, until=end),
    )
    return render(
        "actor.html",
        params=params,
        country=country,
        interval=interval,
        chart=chart,
        summary=_summary(periods),
        partners=reader.dyads(where, raw=raw, country=country, limit=PARTNERS).rows,
        recent=reader.events(where, scope=scope, raw=raw, limit=SIDE_EVENTS),
        events_params=events_params,
    )


@router.get("/documents")
def documents_page(
    request: Request,
    reader: Reader,
    text: Annotated[str | None, Query(max_length=200)] = None,
    offset: Offset = 0,
) -> Response:
    page = reader.documents(text=text, limit=PAGE_SIZE, offset=offset)
    return render(
        "documents.html",
        params=dict(request.query_params),
        page=page,
        offset=offset,
        limit=PAGE_SIZE,
    )


@router.get("/documents/{doc_key}")
def document_page(doc_key: DocKey, reader: Reader) -> Response:
    document = reader.document(doc_key)
    if document is None:
        raise HTTPException(404, f"no document with doc_key {doc_key!r}")
    story = None
    if document["text"] is not None:
        story = highlight.document_story(
            document["text"], document["events"], document["quotes"], link="/events/{id}"
        )
    return render("document.html", document=document, story=story)


@router.get("/stats")
def stats_page(reader: Reader) -> Response:
    return render("stats.html", stats=reader.stats())


@router.get("/code")
def code_form(max_body: MaxBody) -> Response:
    return render("code.html", form={}, result=None, story=None, max_body=max_body)


@router.post("/code")
async def code_page(request: Request, coder: Coder, max_body: MaxBody) -> Response:
    """Code the pasted text (a urlencoded form; the body limit applies) and show it."""
    form = await _read_form(request)
    text = form.get("text", "")
    if not text.strip():
        raise HTTPException(422, "paste some text to code")
    published = _form_date(form.get("published", ""))
    title = form.get("title", "").strip() or None
    result = await run_in_threadpool(coder.code, text, published=published, title=title)
    story = highlight.document_story(result["text"], result["events"], result["quotes"])
    return render("code.html", form=form, result=result, story=story, max_body=max_body)


async def _read_form(request: Request) -> dict[str, str]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != FORM_CONTENT_TYPE:
        raise HTTPException(415, f"send the form as {FORM_CONTENT_TYPE}")
    body = (await request.body()).decode("utf-8", errors="replace")
    fields = parse_qs(body, keep_blank_values=True, max_num_fields=len(FORM_FIELDS) * 2)
    return {name: values[0] for name, values in fields.items() if name in FORM_FIELDS}


def _form_date(value: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise HTTPException(422, f"published: {value!r} is not a date written YYYY-MM-DD") from None


def _summary(periods: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals over a timeline: events, cooperation, conflict, mean score, types."""
    by_quad = {quad: sum(p["by_quad"][quad] for p in periods) for quad in ("1", "2", "3", "4")}
    by_type: dict[str, int] = {}
    for period in periods:
        for name, count in period["by_type"].items():
            by_type[name] = by_type.get(name, 0) + count
    scored = [(p["mean_score"], p["scored"]) for p in periods if p["mean_score"] is not None]
    weight = sum(count for _, count in scored)
    return {
        "events": sum(p["events"] for p in periods),
        "cooperation": by_quad["1"] + by_quad["2"],
        "conflict": by_quad["3"] + by_quad["4"],
        "by_type": sorted(by_type.items(), key=lambda item: (-item[1], item[0])),
        "mean_score": sum(s * n for s, n in scored) / weight if weight else None,
        "first": periods[0]["period"] if periods else None,
        "last": periods[-1]["period"] if periods else None,
    }


def _event_dyads(event: dict[str, Any]) -> list[tuple[str, str]]:
    """The country pairs of an event (actor and recipient, or two actors acting together),
    for links to their timelines."""
    actors = sorted({a["country"] for a in event["actor"] if a["country"]})
    recipients = sorted({r["country"] for r in event["recipient"] if r["country"]})
    if recipients:
        pairs = {(min(a, b), max(a, b)) for a in actors for b in recipients}
    else:
        pairs = {(a, b) for a in actors for b in actors if a < b}
    return sorted(pairs)
