"""Who takes part in an event: the sentence's actors at the role heads, owners standing
for the things acted on, the implied authority behind an unnamed state act, and the
rules an event's actor and recipient must meet (a partner for talks, a recipient where
PLOVER requires one).
"""

from __future__ import annotations

from collections.abc import Sequence

from eventwire import ontology
from eventwire.stages.events.triggers import TriggerMatch
from eventwire.stages.syntax import Tree
from eventwire.types import Actor, Event, Token

IMPLIED_STATE_TYPES = frozenset({"COERCE"})
IMPLIED_STATE_ACTS = frozenset(
    {
        ("SANCTION", "convict"),
        ("SANCTION", "expel"),
        ("RETREAT", "release"),
        ("ACCUSE", "allege"),
        ("ACCUSE", "investigate"),
    }
)


def actors_for(heads: Sequence[int], actors: Sequence[Actor], *, trigger: int) -> list[Actor]:
    """The sentence's actors at these head tokens; a phrase holding the trigger is no actor."""
    found: list[Actor] = []
    for head in heads:
        actor = next((a for a in actors if a.first_token <= head <= a.last_token), None)
        if actor is None or actor in found or actor.first_token <= trigger <= actor.last_token:
            continue
        found.append(actor)
        found.extend(
            other
            for other in actors
            if other.basis == "coordinated" and other.head_token == head and other not in found
        )
    return found


QUANTITY_NOUNS = frozenset(
    {"thousand", "hundred", "dozen", "million", "score", "scores", "number", "crowd", "group"}
)


def owners_of(
    heads: Sequence[int],
    actors: Sequence[Actor],
    tree: Tree,
    *,
    deps: tuple[str, ...] = ("poss", "compound", "amod", "nmod"),
) -> list[int]:
    """A thing acted on stands for its owner: "rejected Pakistan's allegations", "passed
    the government's budget", "welcomed the U.S. proposal" are aimed at Pakistan, the
    government and the United States. With ``deps`` limited to modifiers, a thing that
    acts stands for its country: "a Russian missile struck a hotel"."""
    found: list[int] = []
    for head in heads:
        if any(a.first_token <= head <= a.last_token for a in actors):
            found.append(head)
            continue
        counted = _counted(head, tree)
        if counted is not None and any(a.first_token <= counted <= a.last_token for a in actors):
            found.append(counted)  # "thousands of farmers protested": the farmers
            continue
        found.extend(
            child
            for child in tree.kids(head, *deps)
            if any(a.first_token <= child <= a.last_token and a.country for a in actors)
        )
    return found


def _counted(head: int, tree: Tree) -> int | None:
    """The people a quantity counts: "thousands of farmers", "dozens of protesters"."""
    if tree.tokens[head].lemma.lower() not in QUANTITY_NOUNS:
        return None
    objects = tree.prep_objects(head, frozenset({"of"}))
    return objects[0] if objects else None


def prefer_countries(actors: list[Actor]) -> list[Actor]:
    """Of a noun's modifiers ("an Israeli drone strike") keep those that name a country."""
    with_country = [actor for actor in actors if actor.country is not None]
    return with_country or actors


def is_state_act(match: TriggerMatch, *, agentless: bool) -> bool:
    """Whether only a state does this (arrest, convict, expel, release, investigate), so
    an unnamed actor is the recipients' own authorities. Charges are laid by the state
    only when the doer is left unsaid ("was charged"); "accused him" names an accuser."""
    trigger = match.trigger
    if trigger.event_type == "ACCUSE" and not agentless:
        return False
    return (trigger.event_type, trigger.mode) in IMPLIED_STATE_ACTS or (
        trigger.event_type in IMPLIED_STATE_TYPES
    )


def implied_authority(trigger: Token, recipient: Sequence[Actor]) -> Actor:
    """The unnamed state behind "was arrested", "were deported": the recipients' own
    authorities, marked as implied and placed at the trigger."""
    country = next((actor.country for actor in recipient if actor.country), None)
    return Actor(
        text=trigger.text,
        name="authorities (implied)",
        country=country,
        sectors=("GOV",),
        start=trigger.start,
        end=trigger.end,
        first_token=trigger.i,
        last_token=trigger.i,
        head_token=trigger.i,
        resolved=country is not None,
        basis="implied",
    )


# Types that require a recipient but may take it from the passage (``discourse``).
TARGET_FROM_PASSAGE = frozenset({"SANCTION"})
# What two states break off together ("both countries withdrew their ambassadors").
MUTUAL_OBJECTS = frozenset({"tie", "relation", "relationship", "ambassador", "envoy", "diplomat"})


def missing_recipient(
    match: TriggerMatch, actor: Sequence[Actor], recipient: Sequence[Actor], tree: Tree
) -> bool:
    """PLOVER requires a recipient for COOPERATE, AID and SANCTION: aid to no one named is
    not yet an event. States that break off ties with each other are each other's
    recipients, so they are all actors ("Egypt and Turkey cut ties")."""
    if recipient or not ontology.plover_type(match.trigger.event_type).requires_recipient:
        return False
    if match.trigger.event_type in TARGET_FROM_PASSAGE and actor:
        return False  # the passage may name the target: see ``without_recipient``
    return not _mutual_break(match, actor, tree)


def without_recipient(event: Event) -> bool:
    """An event that needs a recipient and still has none after the passage was read,
    unless states of two or more countries took it together: those of a mutual break
    (``_mutual_break``) are each other's target, and a joint sanction whose target the
    passage leaves unnamed is kept with its actors."""
    countries = {party.country for party in event.actor if party.country}
    return (
        not event.recipient
        and ontology.plover_type(event.event_type).requires_recipient
        and len(countries) < 2
    )


def _mutual_break(match: TriggerMatch, actor: Sequence[Actor], tree: Tree) -> bool:
    countries = {party.country for party in actor if party.country}
    thing = match.object_token
    return (
        match.trigger.event_type == "SANCTION"
        and len(countries) >= 2
        and thing is not None
        and tree.tokens[thing].lemma in MUTUAL_OBJECTS
    )


def lone_party(match: TriggerMatch, actor: Sequence[Actor], recipient: Sequence[Actor]) -> bool:
    """Talks with no one: a reciprocal event that names a single party and no partner."""
    return (
        match.trigger.event_type == "CONSULT"
        and match.trigger.reciprocal
        and match.trigger.mode is None
        and len(actor) == 1
        and not recipient
    )
