"""Query parameters shared by the JSON API and the pages: the filters of ``eventwire
events``, the dyad or participant scope, and pagination.

HTML forms send every field, empty ones as ``""``: an empty value means "no filter",
so dates and numbers are read from strings here and a bad one is a 422 that names
the parameter and what it accepts.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from fastapi import Depends, HTTPException, Query

from eventwire import ontology
from eventwire.store import EventFilter
from eventwire.store.queries import Dyad, Participant, Scope

MAX_TEXT = 200
MAX_PAGE = 500
MAX_OFFSET = 1_000_000_000
COUNTRY = re.compile(r"[A-Za-z]{3}")
COUNTRY_PATTERN = r"^[A-Za-z]{3}$"
DYAD = re.compile(r"([A-Za-z]{3})\s*[,\-\u2013/]\s*([A-Za-z]{3})")

FLAGS = {
    "true": True,
    "1": True,
    "on": True,
    "yes": True,
    "false": False,
    "0": False,
    "off": False,
    "no": False,
}

Sort = Literal["newest", "oldest"]


class BadParameter(HTTPException):
    """A query parameter that cannot be read: status 422 and a message naming it."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(status_code=422, detail=f"parameter {name!r}: {message}")


def event_filter(
    event_type: Annotated[
        str | None,
        Query(alias="type", max_length=20, description="A PLOVER event type (ASSAULT, ...)."),
    ] = None,
    actor: Annotated[
        str | None,
        Query(
            max_length=MAX_TEXT, description="Actor country (ISO alpha-3, IGO) or part of a name."
        ),
    ] = None,
    recipient: Annotated[
        str | None,
        Query(max_length=MAX_TEXT, description="Recipient country or part of a name."),
    ] = None,
    sector: Annotated[
        str | None,
        Query(max_length=10, description="An actor or recipient sector (GOV, MIL, REB, ...)."),
    ] = None,
    since: Annotated[
        str | None, Query(max_length=10, description="Events on or after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, Query(max_length=10, description="Events on or before (YYYY-MM-DD).")
    ] = None,
    place: Annotated[
        str | None,
        Query(max_length=MAX_TEXT, description="Place country (ISO alpha-3) or place name."),
    ] = None,
    text: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="Words in the evidence sentence.")
    ] = None,
    min_confidence: Annotated[
        str | None, Query(max_length=10, description="Confidence at least (0 to 1).")
    ] = None,
    include_aux: Annotated[
        str | None,
        Query(
            max_length=5,
            description="true: include historical, future, hypothetical and negated events.",
        ),
    ] = None,
) -> EventFilter:
    """The filters of ``eventwire events``, from query parameters."""
    return EventFilter(
        event_type=_event_type(event_type),
        actor=_blank_to_none(actor),
        recipient=_blank_to_none(recipient),
        sector=_blank_to_none(sector),
        since=_date("since", since),
        until=_date("until", until),
        place=_blank_to_none(place),
        text=_blank_to_none(text),
        min_confidence=_confidence(min_confidence),
        include_aux=_flag("include_aux", include_aux),
    )


def event_scope(
    dyad: Annotated[
        str | None,
        Query(
            max_length=20,
            description="Events between two countries, either way or together: RUS,USA.",
        ),
    ] = None,
    involving: Annotated[
        str | None,
        Query(max_length=10, description="Events a country takes part in, in either role."),
    ] = None,
    directed: Annotated[
        bool, Query(description="With dyad: only the first country acting on the second.")
    ] = False,
) -> Scope:
    """A dyad or a participant to narrow the events to, from query parameters."""
    dyad, involving = _blank_to_none(dyad), _blank_to_none(involving)
    if dyad and involving:
        raise BadParameter("dyad", "give dyad or involving, not both")
    if dyad:
        found = DYAD.fullmatch(dyad.strip())
        if not found:
            raise BadParameter("dyad", f"{dyad!r} is not two country codes, like RUS,USA")
        return Dyad(first=found[1].upper(), second=found[2].upper(), directed=directed)
    if involving:
        return Participant(country=country_code("involving", involving))
    return None


def country_code(name: str, value: str) -> str:
    """A three-letter country code (ISO alpha-3, or IGO, NGO, IMG, KOS ...), upper case."""
    if not COUNTRY.fullmatch(value.strip()):
        raise BadParameter(name, f"{value!r} is not a three-letter country code, like RUS")
    return value.strip().upper()


Filters = Annotated[EventFilter, Depends(event_filter)]
Scoped = Annotated[Scope, Depends(event_scope)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="At most this many rows.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]
Raw = Annotated[bool, Query(description="Every per-story event instead of canonical events.")]


def _event_type(value: str | None) -> str | None:
    value = _blank_to_none(value)
    if value is None:
        return None
    if value.upper() not in ontology.EVENT_TYPES:
        raise BadParameter(
            "type",
            f"{value!r} is not a PLOVER event type; valid: {', '.join(ontology.EVENT_TYPES)}",
        )
    return value.upper()


def _date(name: str, value: str | None) -> dt.date | None:
    value = _blank_to_none(value)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadParameter(name, f"{value!r} is not a date written YYYY-MM-DD") from None


def _confidence(value: str | None) -> float | None:
    value = _blank_to_none(value)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not 0.0 <= number <= 1.0:
        raise BadParameter("min_confidence", f"{value!r} is not a number from 0 to 1")
    return number


def _flag(name: str, value: str | None) -> bool:
    """A checkbox or boolean: true/1/on/yes, false/0/off/no, or empty for false."""
    value = (_blank_to_none(value) or "false").lower()
    if value not in FLAGS:
        raise BadParameter(name, f"{value!r} is not true or false")
    return FLAGS[value]


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None
