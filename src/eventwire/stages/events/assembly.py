"""Assembling Event records: mode, contexts, CAMEO code, confidence and a stable id for
each event, and one event per act a sentence tells twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from eventwire import ontology
from eventwire.stages.events.contexts import ContextTable
from eventwire.stages.events.frames import choose_cameo, mode_from_inner, planned_event
from eventwire.stages.events.triggers import TriggerMatch, TriggerTable
from eventwire.types import Actor, Aux, Document, Event, Evidence, ParsedSentence, Token

INSTRUMENT_MODES = {
    **dict.fromkeys(("drone", "uav"), "drone"),
    **dict.fromkeys(("jet", "warplane", "aircraft", "helicopter", "airstrike"), "aerial"),
    **dict.fromkeys(
        ("artillery", "tank", "rocket", "missile", "mortar", "shelling"), "heavy-weapons"
    ),
    **dict.fromkeys(
        ("gun", "rifle", "bullet", "gunfire", "gunman", "gunmen", "shooting"), "firearms"
    ),
    **dict.fromkeys(("knife", "machete", "arson"), "primitive"),
    **dict.fromkeys(("bomb", "ied", "grenade", "explosive", "landmine", "bombing"), "explosives"),
    "suicide": "suicide-attack",
}
BASE_CONFIDENCE = 0.4


@dataclass(frozen=True, slots=True)
class EventTables:
    """The heavy data the stage loads once."""

    triggers: TriggerTable
    contexts: ContextTable
    evaluations: frozenset[str] = frozenset()


def build_event(
    match: TriggerMatch,
    inner: Sequence[TriggerMatch],
    *,
    parsed: ParsedSentence,
    document: Document,
    tables: EventTables,
    actor: list[Actor],
    recipient: list[Actor],
    aux: Aux | None,
) -> Event:
    trigger = match.trigger
    sentence = parsed.sentence
    token = sentence.tokens[match.token]
    mode = (
        trigger.mode
        or mode_from_inner(trigger.event_type, inner)
        or _mode_from_instrument(trigger.event_type, sentence.tokens)
    )
    contexts = _contexts(match, inner, parsed=parsed, tables=tables)
    cameo = choose_cameo(trigger.event_type, mode, trigger.cameo, inner, contexts)
    return Event(
        event_id=event_id(document.doc_id, token.start, token.end, trigger.event_type),
        story_id=document.doc_id,
        event_type=trigger.event_type,
        mode=mode,
        context=contexts,
        cameo=cameo,
        quad=ontology.plover_type(trigger.event_type).quad,
        score=ontology.plover_score(trigger.event_type, mode),
        actor=tuple(actor),
        recipient=tuple(recipient),
        date=None,
        location=None,
        aux=aux,
        evidence=Evidence(
            sentence=sentence.text,
            start=sentence.start,
            end=sentence.end,
            trigger=token.text,
            trigger_start=token.start,
            trigger_end=token.end,
        ),
        confidence=_confidence(actor, recipient, match),
        planned=planned_event(inner, sentence),
        sentence_index=sentence.index,
        trigger_token=match.token,
        published=document.published,
    )


def _mode_from_instrument(event_type: str, tokens: Sequence[Token]) -> str | None:
    """The ASSAULT mode an instrument in the sentence implies ("killed by a drone")."""
    if event_type != "ASSAULT":
        return None
    for token in tokens:
        mode = INSTRUMENT_MODES.get(token.lemma)
        if mode is not None:
            return mode
    return None


def _contexts(
    match: TriggerMatch,
    inner: Sequence[TriggerMatch],
    *,
    parsed: ParsedSentence,
    tables: EventTables,
) -> tuple[str, ...]:
    found = list(match.trigger.contexts)
    for other in inner:
        found.extend(c for c in other.trigger.contexts if c not in found)
    sentence = parsed.sentence
    found.extend(c for c in tables.contexts.find(sentence.tokens, sentence.text) if c not in found)
    return tuple(found)


def _confidence(actor: Sequence[Actor], recipient: Sequence[Actor], match: TriggerMatch) -> float:
    score = BASE_CONFIDENCE
    if actor and all(a.resolved for a in actor):
        score += 0.25
    if recipient and all(r.resolved for r in recipient):
        score += 0.15
    if match.trigger.specificity:
        score += 0.1
    if not actor:
        score -= 0.15
    return round(min(max(score, 0.05), 0.95), 2)


def event_id(story_id: str, start: int, end: int, event_type: str) -> str:
    """A stable id from the story id, the trigger's offsets and the event type."""
    digest = hashlib.sha1(f"{story_id}\x1f{start}\x1f{end}\x1f{event_type}".encode())
    return digest.hexdigest()[:16]


def collapse_repeats(events: list[Event]) -> list[Event]:
    """One sentence telling one act twice ("visited Baghdad and met the prime minister")
    is one event: same type and actors; the one with a mode and more recipients stays."""
    kept: list[Event] = []
    for event in sorted(events, key=_richness, reverse=True):
        if not any(_same_act(event, other) for other in kept):
            kept.append(event)
    return sorted(kept, key=lambda event: event.trigger_token)


def _richness(event: Event) -> tuple[int, int, int]:
    return (event.mode is not None, len(event.recipient), -event.trigger_token)


def _same_act(event: Event, other: Event) -> bool:
    if event.event_type != other.event_type or event.aux != other.aux:
        return False
    actors = {actor.country for actor in event.actor}
    if not actors & {actor.country for actor in other.actor}:
        return False
    return _participants(event) <= _participants(other)


def _participants(event: Event) -> set[str | None]:
    return {actor.country for actor in (*event.actor, *event.recipient)}
