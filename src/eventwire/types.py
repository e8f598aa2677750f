"""Frozen records that cross stage boundaries.

The chain is ``Document -> Sentence (with Token and Mention) -> Actor -> Event``,
plus ``Rejection`` for inputs that could not be coded. Every offset is a character
offset into ``Document.text``, the text exactly as it was read, so that each field
of an event can be traced back to the source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

EntityLabel = Literal["PER", "ORG", "GPE", "LOC", "NORP", "FAC", "DATE", "OTHER"]
Aux = Literal["historical", "future", "hypothetical", "negated"]
Granularity = Literal["day", "week", "month", "season", "year"]
DateSource = Literal["text", "dateline", "publication"]
LocationSource = Literal["text", "sentence", "dateline", "actors"]
PlaceKind = Literal["country", "region", "city"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """A stretch of ``Document.text`` kept as story body by the clean stage."""

    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One story as read, with the body spans the clean stage kept.

    ``published`` is the publication date the clean stage chose, from
    ``pub_date_source`` (``metadata``, ``html_meta``, ``wire_id``, ``url``, ``dateline``
    or ``header``) with ``pub_date_confidence`` (0 to 1) and ``pub_date_reason``;
    ``date_conflicts`` holds each disagreeing candidate as ``(source, ISO date)``.
    ``duplicate_of`` names the story this one repeats (it is then not coded).
    """

    doc_id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    pub_date_source: str | None = None
    date_conflicts: tuple[tuple[str, str], ...] = ()
    source: str | None = None
    url: str | None = None
    path: str | None = None
    position: str | None = None
    body: tuple[Span, ...] = ()
    byline: str | None = None
    dateline: str | None = None
    language: str | None = None
    duplicate_of: str | None = None
    wire_ids: tuple[str, ...] = ()
    pub_date_confidence: float | None = None
    pub_date_reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Token:
    """One token of a parsed sentence; ``i`` and ``head`` index the sentence's tokens."""

    i: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    start: int
    end: int
    ent: str = ""
    ent_iob: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A named-entity mention found by the parser."""

    doc_id: str
    sent: int
    start: int
    end: int
    text: str
    label: EntityLabel
    first_token: int
    last_token: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    """A parsed sentence of a document's body."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]
    mentions: tuple[Mention, ...] = ()
    paragraph: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """Who acts or is acted on: the text that names it and what it resolves to.

    ``country`` is ISO 3166-1 alpha-3, ``IGO``/``NGO`` for international bodies,
    or ``None`` when unknown; an unresolved actor is kept, never dropped.
    """

    text: str
    name: str
    country: str | None
    sectors: tuple[str, ...]
    start: int
    end: int
    first_token: int
    last_token: int
    head_token: int
    kb_id: str | None = None
    resolved: bool = True
    basis: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedSentence:
    """A sentence with the actors found in it."""

    sentence: Sentence
    actors: tuple[Actor, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedDocument:
    """A document after the nlp and actor stages."""

    document: Document
    sentences: tuple[ParsedSentence, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class EventDate:
    """When an event happened: an interval, its granularity and where it came from.

    ``value`` writes the interval as the gold format writes dates (the day, else the
    month or year holding it); ``alternatives`` are the values of an ambiguous
    expression's other readings.
    """

    value: str
    start: dt.date
    end: dt.date
    granularity: Granularity
    source: DateSource
    text: str | None = None
    text_start: int | None = None
    text_end: int | None = None
    alternatives: tuple[str, ...] = ()

    @property
    def ambiguous(self) -> bool:
        """Whether the expression has other readings ("3/4": March 4 or April 3)."""
        return bool(self.alternatives)


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    """Where an event happened, resolved against the gazetteer.

    ``place`` is the name as written (None when the location comes from the actors'
    country); ``name`` is the gazetteer's name for it, ``kind`` its level. ``source``
    is ``text`` (a locative phrase of the event), ``sentence`` (a place elsewhere in
    its sentence), ``dateline`` or ``actors`` (the one country of a domestic event).
    """

    place: str | None
    country: str | None
    source: LocationSource
    text_start: int | None = None
    text_end: int | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    kind: PlaceKind | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """The sentence an event is coded from, and its trigger."""

    sentence: str
    start: int
    end: int
    trigger: str
    trigger_start: int
    trigger_end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedEvent:
    """What a statement event is about: the talks agreed to, the release demanded, the
    strike threatened. Not an event of its own; dated separately ("agreed on Friday to
    hold talks this fall": the agreement is dated Friday, the talks autumn)."""

    event_type: str
    mode: str | None
    trigger: str
    trigger_start: int
    trigger_end: int
    token: int
    date: EventDate | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One coded event, in PLOVER with its CAMEO equivalent.

    ``evidence`` is the sentence it is coded from; ``mentions`` are the other sentences
    of the story that tell the same occurrence.
    """

    event_id: str
    story_id: str
    event_type: str
    mode: str | None
    context: tuple[str, ...]
    cameo: str
    quad: int
    score: float | None
    actor: tuple[Actor, ...]
    recipient: tuple[Actor, ...]
    date: EventDate | None
    location: Location | None
    aux: Aux | None
    evidence: Evidence
    confidence: float
    planned: PlannedEvent | None = None
    sentence_index: int = 0
    trigger_token: int = 0
    mentions: tuple[Evidence, ...] = ()
    published: dt.date | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejection:
    """An input, or part of one, that could not be coded, and why."""

    doc_id: str | None
    stage: str
    reason: str
    path: str | None = None
    position: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """A direct quotation and who said it, with offsets into ``Document.text``.

    ``start``/``end`` span the quoted words without their quotation marks; ``cue`` is
    the reporting verb that attributes them ("said", "stated"), when there is one. A
    speaker found outside the parsed sentences has token indices of -1.
    """

    quote_id: str
    story_id: str
    text: str
    start: int
    end: int
    speaker: Actor | None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CodedDocument:
    """A document with its parsed sentences, the events coded from them and its quotes."""

    document: Document
    sentences: tuple[ParsedSentence, ...]
    events: tuple[Event, ...]
    quotes: tuple[Quote, ...] = ()
