"""Rules across sentences: a denial answers the accusation made before it.

"Pakistan accused Kabul of sheltering militants. ... Kabul rejected the allegations."
The rejection's recipient is not in its own sentence: it is whoever made the
accusation it answers, the latest earlier ACCUSE aimed at the one who now denies.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from eventwire.stages.events.syntax import Tree
from eventwire.types import Event, ParsedSentence

RESPONSE_OBJECTS = frozenset(
    {"accusation", "allegation", "charge", "claim", "criticism", "report", "assertion"}
)


def answer_denials(events: Sequence[Event], sentences: Sequence[ParsedSentence]) -> list[Event]:
    """Give each rejection of "the accusations" the accuser it answers as recipient."""
    by_index = {parsed.sentence.index: parsed.sentence for parsed in sentences}
    answered: list[Event] = []
    for position, event in enumerate(events):
        if event.event_type == "REJECT" and not event.recipient:
            sentence = by_index.get(event.sentence_index)
            if sentence is not None and _denies_a_claim(event, Tree.of(sentence.tokens)):
                accuser = _latest_accusation(events[:position], event)
                if accuser is not None:
                    event = dataclasses.replace(event, recipient=accuser.actor)
        answered.append(event)
    return answered


def _denies_a_claim(event: Event, tree: Tree) -> bool:
    objects = tree.kids(event.trigger_token, "dobj")
    return any(tree.tokens[i].lemma in RESPONSE_OBJECTS for i in objects)


def _latest_accusation(earlier: Sequence[Event], denial: Event) -> Event | None:
    deniers = {actor.country for actor in denial.actor if actor.country}
    for event in reversed(earlier):
        if event.event_type != "ACCUSE" or not event.actor:
            continue
        accused = {actor.country for actor in event.recipient if actor.country}
        if accused & deniers:
            return event
    return None
