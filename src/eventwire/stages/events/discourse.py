"""Rules across sentences: recipients that the event's own clause does not name.

"Pakistan accused Kabul of sheltering militants. ... Kabul rejected the allegations."
The rejection's recipient is not in its own sentence: it is whoever made the
accusation it answers, the latest earlier ACCUSE aimed at the one who now denies.

More generally, a directed statement, sanction, concession, attack or protest with no
recipient in its clause ("The Taliban denounced the delay", "the House voted, urging
a full investigation") is aimed at the party the passage is about: the nearest actor
of another country in its sentence (after the trigger first; never the subject of a
reporting verb, who tells of the act), else the latest such actor of the two
sentences before, else another party of the actor's own country. Such a recipient
has ``basis`` ``context``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from eventwire.stages.actors.coreference import REPORTING_VERBS
from eventwire.stages.syntax import SUBJECT_DEPS, Tree
from eventwire.types import Actor, Event, ParsedSentence

# Types whose recipient the passage supplies when the clause names none.
DIRECTED_TYPES = frozenset(
    {
        "ACCUSE",
        "REQUEST",
        "REJECT",
        "THREATEN",
        "SUPPORT",
        "SANCTION",
        "CONCEDE",
        "ASSAULT",
        "PROTEST",
    }
)
CONTEXT_SENTENCES = 2
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "around"})
# Mentions that refer back to the actor itself ("he", "we", "its") are never its target.
SELF_BASES = frozenset({"pronoun", "speaker", "possessive"})
RESPONSE_OBJECTS = frozenset(
    {
        "accusation",
        "allegation",
        "charge",
        "claim",
        "criticism",
        "report",
        "assertion",
        "involvement",
        "responsibility",
        "wrongdoing",
    }
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
    for event in reversed(earlier):
        if event.event_type != "ACCUSE" or not event.actor:
            continue
        if any(
            _same_party(accused, denier) for accused in event.recipient for denier in denial.actor
        ):
            return event
    return None


def _same_party(one: Actor, other: Actor) -> bool:
    """Same country, and not told apart by sector (a government and the rebels fighting
    it are of one country but are not one party)."""
    if one.country is None or one.country != other.country:
        return False
    return not (one.sectors and other.sectors and not set(one.sectors) & set(other.sectors))


def infer_recipients(events: Sequence[Event], sentences: Sequence[ParsedSentence]) -> list[Event]:
    """Give directed events with no recipient the party their passage is about."""
    position = {parsed.sentence.index: n for n, parsed in enumerate(sentences)}
    inferred: list[Event] = []
    for event in events:
        where = position.get(event.sentence_index)
        directed = event.event_type in DIRECTED_TYPES and event.actor
        if directed and not event.recipient and where is not None:
            target = _passage_target(event, sentences, where)
            if target is not None:
                event = dataclasses.replace(
                    event, recipient=(dataclasses.replace(target, basis="context"),)
                )
        inferred.append(event)
    return inferred


def _passage_target(event: Event, sentences: Sequence[ParsedSentence], where: int) -> Actor | None:
    """A party of another country if the passage names one, else another party of the
    actor's own country ("Gachagua denied the charges" after "lawmakers impeached him")."""
    own_countries = {actor.country for actor in event.actor}
    own_names = {actor.name for actor in event.actor}

    def foreign(actor: Actor) -> bool:
        return actor.country not in own_countries

    def domestic(actor: Actor) -> bool:
        return actor.name not in own_names and actor.basis.split("+")[0] not in SELF_BASES

    for acceptable in (foreign, domestic):
        found = _nearest(event, sentences, where, acceptable)
        if found is not None:
            return found
    return None


def _nearest(
    event: Event,
    sentences: Sequence[ParsedSentence],
    where: int,
    acceptable: Callable[[Actor], bool],
) -> Actor | None:
    def fits(actor: Actor) -> bool:
        named = actor.basis.split("+")[0] != "pronoun"  # "saying it would ...": a thing, often
        return actor.country is not None and actor.resolved and named and acceptable(actor)

    speakers = _speakers(sentences[where])
    here = [a for a in _targets(sentences[where], fits) if a.head_token not in speakers]
    after = [actor for actor in here if actor.start >= event.evidence.trigger_start]
    if after:
        return after[0]
    if here:
        return here[-1]
    for back in range(where - 1, max(-1, where - 1 - CONTEXT_SENTENCES), -1):
        earlier = _targets(sentences[back], fits)
        if earlier:
            return earlier[-1]
    return None


def _targets(parsed: ParsedSentence, fits: Callable[[Actor], bool]) -> list[Actor]:
    """The sentence's actors that fit, less capitals named as where something happens
    ("talks in Doha"): places, not targets."""
    tokens = parsed.sentence.tokens
    places = {
        token.i
        for token in tokens
        if token.dep == "pobj" and tokens[token.head].lemma in PLACE_PREPOSITIONS
    }
    return [
        actor
        for actor in parsed.actors
        if fits(actor) and not (actor.basis == "capital" and actor.head_token in places)
    ]


def _speakers(parsed: ParsedSentence) -> set[int]:
    """Tokens that are subjects of a reporting verb: who tells, not whom it is about."""
    tokens = parsed.sentence.tokens
    return {
        token.i
        for token in tokens
        if token.dep in SUBJECT_DEPS
        and token.head != token.i
        and tokens[token.head].lemma in REPORTING_VERBS
    }
