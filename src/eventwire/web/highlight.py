"""Story text cut into pieces at the offsets of an event's evidence, for highlighting.

Marks may overlap and nest (an actor inside a quotation inside the evidence
sentence): the text is cut at every mark's start and end, and each piece carries
every mark that covers it, so a template wraps each piece once and styles it by
the kinds it holds. Pieces stay plain text: the template escapes each one.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

KINDS = ("sentence", "quote", "date", "place", "recipient", "actor", "trigger")
"""Mark kinds from the weakest to the strongest: a piece is coloured by its strongest."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Mark:
    """A span of the text with what it is, a label for its tooltip and an optional link."""

    kind: str
    start: int
    end: int
    label: str
    href: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Piece:
    """A run of text covered by the same marks (none for plain text)."""

    text: str
    marks: tuple[Mark, ...] = ()

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(kind for kind in KINDS if any(mark.kind == kind for mark in self.marks))

    @property
    def title(self) -> str:
        return "\n".join(
            dict.fromkeys(mark.label for mark in self.marks if mark.kind != "sentence")
        )

    @property
    def href(self) -> str | None:
        return next((mark.href for mark in self.marks if mark.href), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Story:
    """Text to show with its pieces; ``excerpt`` when only the evidence sentence is known."""

    pieces: tuple[Piece, ...]
    excerpt: bool = False


def cut(text: str, marks: Iterable[Mark]) -> tuple[Piece, ...]:
    """The text as pieces; marks outside the text are clipped, empty ones dropped."""
    kept = [
        Mark(
            kind=mark.kind,
            start=max(mark.start, 0),
            end=min(mark.end, len(text)),
            label=mark.label,
            href=mark.href,
        )
        for mark in marks
        if min(mark.end, len(text)) > max(mark.start, 0)
    ]
    bounds = sorted({0, len(text), *(m.start for m in kept), *(m.end for m in kept)})
    pieces = []
    for start, end in itertools.pairwise(bounds):
        covering = tuple(mark for mark in kept if mark.start <= start and end <= mark.end)
        pieces.append(Piece(text=text[start:end], marks=covering))
    return tuple(pieces)


def event_story(
    event: Mapping[str, Any], text: str | None, quotes: Sequence[Mapping[str, Any]] = ()
) -> Story:
    """One event's story with its sentence, trigger, actors, date, place and the
    quotations of its sentence marked; only the sentence when the text is unknown."""
    evidence = event["evidence"]
    marks = [
        Mark(kind="sentence", start=evidence["start"], end=evidence["end"], label="evidence"),
        *event_marks(event),
        *(
            quote_mark(quote)
            for quote in quotes
            if quote["start"] < evidence["end"] and quote["end"] > evidence["start"]
        ),
    ]
    if text is not None:
        return Story(pieces=cut(text, marks))
    return Story(
        pieces=cut(evidence["sentence"], _shifted(marks, -evidence["start"])), excerpt=True
    )


def document_story(
    text: str,
    events: Sequence[Mapping[str, Any]],
    quotes: Sequence[Mapping[str, Any]] = (),
    *,
    link: str | None = None,
) -> Story:
    """A whole story with every event's trigger, actors, date and place and every
    quotation marked; with ``link`` (a format string taking ``id``) triggers link to
    their event."""
    marks = [quote_mark(quote) for quote in quotes]
    for event in events:
        href = link.format(id=event["event_key"]) if link and event.get("event_key") else None
        marks.extend(event_marks(event, href=href))
    return Story(pieces=cut(text, marks))


def event_marks(event: Mapping[str, Any], *, href: str | None = None) -> list[Mark]:
    """The trigger, actors, recipients, date expression and place of one event."""
    evidence = event["evidence"]
    marks = [
        Mark(
            kind="trigger",
            start=evidence["trigger_start"],
            end=evidence["trigger_end"],
            label=f"{event['event_type']}: {evidence['trigger']}",
            href=href,
        )
    ]
    for role in ("actor", "recipient"):
        marks.extend(
            Mark(kind=role, start=actor["start"], end=actor["end"], label=_actor_label(role, actor))
            for actor in event[role]
        )
    date = event.get("date")
    if date and date.get("text_start") is not None and date.get("text_end") is not None:
        marks.append(
            Mark(
                kind="date",
                start=date["text_start"],
                end=date["text_end"],
                label=f"date: {date['value']}",
            )
        )
    place = event.get("location")
    if place and place.get("text_start") is not None and place.get("text_end") is not None:
        name = place.get("name") or place.get("place") or ""
        marks.append(
            Mark(
                kind="place",
                start=place["text_start"],
                end=place["text_end"],
                label=f"place: {name} ({place.get('country') or '?'})",
            )
        )
    return marks


def quote_mark(quote: Mapping[str, Any]) -> Mark:
    speaker = quote.get("speaker")
    who = speaker["name"] if speaker else "unattributed"
    return Mark(kind="quote", start=quote["start"], end=quote["end"], label=f"quote: {who}")


def _actor_label(role: str, actor: Mapping[str, Any]) -> str:
    code = " ".join(part for part in (actor.get("country"), actor.get("sector")) if part)
    return f"{role}: {actor['name']} ({code or 'unresolved'})"


def _shifted(marks: Iterable[Mark], by: int) -> list[Mark]:
    return [
        Mark(kind=m.kind, start=m.start + by, end=m.end + by, label=m.label, href=m.href)
        for m in marks
    ]
