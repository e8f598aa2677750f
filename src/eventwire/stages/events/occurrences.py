"""One event per occurrence: an act a story tells in several sentences is one event.

"Russian forces shelled Kharkiv on Tuesday ... The shelling of Kharkiv killed three
... Officials said the Tuesday shelling hit a school": the same ASSAULT, told three
times. After dating, events of one story are the same occurrence when they are acts
(not statements: every accusation or demand is an utterance of its own) of the same
type and flag, the same actor countries, recipient countries that agree (equal,
or one side names none), and the same day or the same place named in both tellings
(a conflict story tells many acts between the same sides). The
occurrence keeps its most confident telling (the earliest on a tie), with the
recipients any telling named, and lists the other sentences as ``mentions``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence

from eventwire.types import Actor, CodedDocument, Event

# Acts that happen once and are told again; statements (accusations, demands, praise...)
# are each a new utterance, so repeated ones are separate events.
ACTS = frozenset(
    {"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "AID", "RETREAT", "CONSULT", "SANCTION"}
)


def apply(coded: Iterable[CodedDocument]) -> Iterator[CodedDocument]:
    """Collapse each document's repeated tellings of one act."""
    for doc in coded:
        yield dataclasses.replace(doc, events=tuple(one_per_occurrence(doc.events)))


def one_per_occurrence(events: Sequence[Event]) -> list[Event]:
    """The events with repeated tellings merged, in the order of their first telling."""
    groups: list[list[Event]] = []
    for event in events:
        group = next((g for g in groups if all(_same(event, other) for other in g)), None)
        if group is None:
            groups.append([event])
        else:
            group.append(event)
    return [_merged(group) for group in groups]


def _same(event: Event, other: Event) -> bool:
    if event.event_type not in ACTS:
        return False  # each statement is an utterance of its own
    if event.sentence_index == other.sentence_index:
        return False  # one sentence's events were already made one per act
    if (event.event_type, event.aux) != (other.event_type, other.aux):
        return False
    if _countries(event.actor) != _countries(other.actor) or not _countries(event.actor):
        return False
    recipients = _countries(event.recipient), _countries(other.recipient)
    if all(recipients) and recipients[0] != recipients[1]:
        return False
    dates = (_told_date(event), _told_date(other))
    if None not in dates and dates[0] != dates[1]:
        return False
    places = (_told_place(event), _told_place(other))
    # a conflict story tells many acts between the same sides: the same day or the same
    # place, named in both tellings, must show that it is one
    return (None not in dates) or (None not in places and places[0] == places[1])


def _told_place(event: Event) -> str | None:
    location = event.location
    return location.place if location and location.source in {"text", "sentence"} else None


def _told_date(event: Event) -> str | None:
    """The date the text gives the event; a fallback to the dateline or publication
    day says nothing about which occurrence it is."""
    return event.date.value if event.date and event.date.source == "text" else None


def _countries(actors: Sequence[Actor]) -> frozenset[str | None]:
    return frozenset(actor.country for actor in actors)


def _merged(group: list[Event]) -> Event:
    if len(group) == 1:
        return group[0]
    best = max(group, key=lambda event: (event.confidence, -group.index(event)))
    recipient = best.recipient or next((e.recipient for e in group if e.recipient), ())
    date = (
        best.date if _told_date(best) else next((e.date for e in group if _told_date(e)), best.date)
    )
    others = tuple(event.evidence for event in group if event is not best)
    return dataclasses.replace(
        best, recipient=recipient, date=date, mentions=(*best.mentions, *others)
    )
