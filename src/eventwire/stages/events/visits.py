"""Meetings held in one party's country are visits: the guest acts, the host receives.

PLOVER codes talks between parties as one reciprocal CONSULT with every party as
actor, and a visit (mode ``visit``) as directed, from the visitor to the host. "Putin
met Erdogan in Ankara" and "MBS held a meeting with Zelenskyy in Riyadh" are visits:
the meeting's place (a country, capital or seat of government in an "in"/"at" phrase of
the trigger, its object, a party or the verb it hangs from) belongs to some of the
parties and not to the others. The parties from elsewhere become the actor, those of
the place the recipient. A meeting on third ground ("talks with Russian officials in
Riyadh" between Americans and Russians) stays reciprocal.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from eventwire.stages.events.triggers import TriggerMatch
from eventwire.stages.syntax import Tree
from eventwire.types import Actor

PLACE_PREPS = frozenset({"in", "at"})
PLACE_BASES = frozenset({"country", "capital", "metonym"})


def as_visit(
    match: TriggerMatch, tree: Tree, actors: Sequence[Actor], actor: list[Actor]
) -> tuple[TriggerMatch, list[Actor], list[Actor]] | None:
    """The meeting read as a visit (match with mode visit, guests, hosts), or None."""
    trigger = match.trigger
    if trigger.event_type != "CONSULT" or not trigger.reciprocal:
        return None
    host = _place_country(match, tree, actors, actor)
    hosts = [a for a in actor if a.country == host]
    guests = [a for a in actor if a.country is not None and a.country != host]
    if host is None or not hosts or not guests:
        return None
    visit = dataclasses.replace(trigger, mode="visit", reciprocal=False)
    return dataclasses.replace(match, trigger=visit), guests, hosts


def _place_country(
    match: TriggerMatch, tree: Tree, actors: Sequence[Actor], parties: Sequence[Actor]
) -> str | None:
    """The country of the place named where the meeting is held: in an "in"/"at" phrase
    of the trigger, its object ("held a meeting in Riyadh"), the verb it hangs from or a
    party ("met Erdogan in Turkey")."""
    holders = [match.token, *(party.head_token for party in parties)]
    if match.object_token is not None:
        holders.append(match.object_token)
    head = tree.head_of(match.token)
    if head is not None and tree.tokens[head].pos in {"VERB", "AUX"}:
        holders.append(head)
    for holder in holders:
        for place in tree.prep_objects(holder, PLACE_PREPS):
            # "in the C.A.R.'s capital, Bangui": the place, its owner or its name
            for named in (place, *tree.kids(place, "appos", "poss")):
                found = next(
                    (a for a in actors if a.first_token <= named <= a.last_token and a.country),
                    None,
                )
                if found is not None and found.basis.split("+")[0] in PLACE_BASES:
                    return found.country
    return None
