"""First-person actors inside a quotation are its speaker.

"'I encourage the police to speed up investigations,' said Helen La Lime": the actors
stage sees only "I" in its sentence and falls back on the story's country; the quotes
stage finds who spoke the words. An event told in the first person inside a quotation
whose speaker is known has that speaker as its actor (``basis`` ``quote``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from eventwire.stages.actors.coreference import FIRST_PERSON, refer_to
from eventwire.types import Actor, Event, Quote


def speak_for_quotes(events: Sequence[Event], quotes: Sequence[Quote]) -> list[Event]:
    """Events whose first-person actors take the speaker of the quote they are in."""
    return [_with_speaker(event, quotes) for event in events]


def _with_speaker(event: Event, quotes: Sequence[Quote]) -> Event:
    speaker = _speaker_at(event.evidence.trigger_start, quotes)
    if speaker is None or not any(_first_person(actor) for actor in event.actor):
        return event
    actor = tuple(
        refer_to(actor, speaker, basis="quote") if _first_person(actor) else actor
        for actor in event.actor
    )
    return dataclasses.replace(event, actor=actor)


def _speaker_at(offset: int, quotes: Sequence[Quote]) -> Actor | None:
    for quote in quotes:
        if quote.start <= offset < quote.end:
            speaker = quote.speaker
            return speaker if speaker is not None and speaker.country else None
    return None


def _first_person(actor: Actor) -> bool:
    return actor.text.lower() in FIRST_PERSON
