"""Places stage: where each event happened.

The place is the object of a locative preposition ("in", "near", "at", "outside")
attached to the event's clause or a clause governing it, when the parser tags it a
place (GPE, LOC, FAC) or the actor lexicon knows it as a country or capital. Its
country comes from the lexicon; places the lexicon does not know keep their text with
country null. Events without such a phrase have no location.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from eventwire.stages.actors.lexicon import ActorLexicon
from eventwire.stages.events.syntax import Tree
from eventwire.types import Actor, CodedDocument, Event, Location, Sentence

LOCATIVE_PREPS = frozenset({"in", "near", "at", "outside", "inside", "across", "around"})
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
PLACE_KINDS = frozenset({"country", "capital"})


def apply(coded: Iterable[CodedDocument], *, lexicon: ActorLexicon) -> Iterator[CodedDocument]:
    """Locate every event of every document."""
    for doc in coded:
        sentences = {parsed.sentence.index: parsed.sentence for parsed in doc.sentences}
        events = tuple(
            locate_event(event, sentences[event.sentence_index], lexicon=lexicon)
            for event in doc.events
        )
        yield dataclasses.replace(doc, events=events)


def locate_event(event: Event, sentence: Sentence, *, lexicon: ActorLexicon) -> Event:
    """The event with its location filled in, when the sentence supports one."""
    tree = Tree.of(sentence.tokens)
    participants = [actor.head_token for actor in (*event.actor, *event.recipient)]
    for clause in [event.trigger_token, *tree.ancestors(event.trigger_token), *participants]:
        for prep in tree.kids(clause, "prep"):
            if tree.tokens[prep].lemma not in LOCATIVE_PREPS:
                continue
            for place in tree.kids(prep, "pobj"):
                location = _location(place, tree, lexicon=lexicon)
                if location is not None:
                    return _with_domestic_actors(dataclasses.replace(event, location=location))
    return event


def _with_domestic_actors(event: Event) -> Event:
    """Roles and people with no country of their own take the country where the event
    happened ("police in Minsk arrested three journalists": both Belarusian)."""
    country = event.location.country if event.location else None
    if country is None:
        return event
    return dataclasses.replace(
        event,
        actor=tuple(_domestic(actor, country) for actor in event.actor),
        recipient=tuple(_domestic(actor, country) for actor in event.recipient),
    )


def _domestic(actor: Actor, country: str) -> Actor:
    if actor.country is not None or not (actor.sectors or actor.basis == "person"):
        return actor
    return dataclasses.replace(actor, country=country, resolved=True, basis=f"{actor.basis}+place")


def _location(place: int, tree: Tree, *, lexicon: ActorLexicon) -> Location | None:
    indices = [i for i in tree.subtree(place) if i <= place or tree.tokens[i].dep == "compound"]
    tokens = [tree.tokens[i] for i in range(min(indices), max(indices) + 1)]
    matches = [m for m in lexicon.match(tokens) if m.entry.kind in PLACE_KINDS]
    is_place = tree.tokens[place].ent in PLACE_ENTITIES
    if not matches and not is_place:
        return None
    words = [t for t in tokens if t.pos not in {"DET", "PUNCT"}]
    if not words:
        return None
    text = sentence_text(words)
    country = matches[-1].entry.country if matches else None
    return Location(
        place=text,
        country=country,
        source="text",
        text_start=words[0].start,
        text_end=words[-1].end,
    )


def sentence_text(tokens: list) -> str:  # type: ignore[type-arg]
    """The text of consecutive tokens, spaced as in the source."""
    text = ""
    for previous, token in zip([None, *tokens], tokens, strict=False):
        if previous is not None and token.start > previous.end:
            text += " "
        text += token.text
    return text
