"""Statement frames: a trigger inside the complement of a statement trigger ("agreed to
hold talks", "called for a ceasefire") is no event of its own but frames the statement,
giving it its mode, its CAMEO code and its planned event; a harm made conditional or
announced in a warning is read as a threat by whoever announces it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from eventwire import ontology
from eventwire.stages.events.participants import actors_for
from eventwire.stages.events.roles import find_roles
from eventwire.stages.events.triggers import TriggerMatch
from eventwire.stages.syntax import Tree
from eventwire.types import Actor, Aux, PlannedEvent, Sentence

FRAMING_TYPES = frozenset({"AGREE", "REQUEST", "REJECT", "THREATEN", "ACCUSE"})
FRAME_LINKS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "acl", "pcomp", "relcl"})
MAX_FRAME_DEPTH = 6
FRAME_PREPS = frozenset({"for", "on", "to", "of", "about", "over", "against", "into", "with"})
NEGATING_FRAMES = frozenset({"deny"})
INNER_MODES: dict[str, dict[str, str]] = {
    "REQUEST": {
        "CONSULT": "meet",
        "AGREE": "meet",
        "RETREAT": "yield",
        "CONCEDE": "yield",
        "AID": "assist",
        "COOPERATE": "assist",
    },
    "REJECT": {
        "CONSULT": "meet",
        "AGREE": "meet",
        "RETREAT": "yield",
        "CONCEDE": "yield",
        "AID": "assist",
        "COOPERATE": "assist",
    },
    "THREATEN": {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "restrict"},
}
AGREE_CAMEO_BY_INNER = {
    "CONSULT": "036",
    "AID": "033",
    "COOPERATE": "031",
    "RETREAT": "035",
    "CONCEDE": "035",
    "SUPPORT": "032",
}
FUTURE_READINGS = {
    "CONSULT": "AGREE",
    "SUPPORT": "AGREE",
    "COOPERATE": "AGREE",
    "AID": "AGREE",
    "RETREAT": "CONCEDE",
}
THREAT_SOURCES = frozenset({"SANCTION", "ASSAULT", "COERCE"})
WARNING_VERBS = frozenset({"warn", "threaten", "vow", "caution"})
STATEMENT_VERBS = frozenset(
    {
        "say",
        "add",
        "tell",
        "warn",
        "state",
        "announce",
        "insist",
        "declare",
        "caution",
        "vow",
        "threaten",
        "write",
        "note",
        "stress",
        "signal",
        "indicate",
        "suggest",
    }
)


def find_frames(matches: dict[int, TriggerMatch], tree: Tree) -> dict[int, TriggerMatch]:
    """For each trigger inside a statement trigger's complement, that statement trigger."""
    frames: dict[int, TriggerMatch] = {}
    for token in matches:
        current = token
        for _ in range(MAX_FRAME_DEPTH):
            link = tree.tokens[current].dep
            head = tree.head_of(current)
            if head is None or link not in FRAME_LINKS:
                break
            if link == "prep" and tree.tokens[current].lemma not in FRAME_PREPS:
                break  # "regarding disarmament, he urged ...": a topic, not the thing asked
            outer = matches.get(head)
            if outer is None and matches.get(current) is not None and current != token:
                break
            if outer is not None:
                if outer.trigger.event_type in FRAMING_TYPES:
                    frames[token] = outer
                break
            current = head
    return frames


def inner_of(
    match: TriggerMatch, frames: dict[int, TriggerMatch], matches: dict[int, TriggerMatch]
) -> list[tuple[int, TriggerMatch]]:
    """The triggers a statement trigger frames, with their token indices."""
    return [(token, matches[token]) for token, outer in frames.items() if outer is match]


def as_threat(
    match: TriggerMatch,
    tree: Tree,
    actors: Sequence[Actor],
    actor: list[Actor],
    recipient: list[Actor],
    *,
    aux: Aux | None,
) -> tuple[TriggerMatch, list[Actor], list[Actor], None] | None:
    """A harm made conditional on another's conduct, or announced in a warning, is a threat
    by whoever announces it: "sanctions could follow if Ankara activates the system, the
    official added", "we will impose tariffs if New Delhi keeps buying oil", "Tehran warned
    it would strike back". Returns the THREATEN reading, or None."""
    if aux not in {"hypothetical", "future"} or match.trigger.event_type not in THREAT_SOURCES:
        return None
    conditions = _condition_subjects(match.token, tree, actors)
    speaker = _speaker_of(
        match.token, tree, actors, verbs=WARNING_VERBS if not conditions else STATEMENT_VERBS
    )
    if speaker is None and not (conditions and actor):
        return None
    threat = dataclasses.replace(
        match.trigger,
        event_type="THREATEN",
        mode=INNER_MODES["THREATEN"].get(match.trigger.event_type),
        cameo=None,
        reciprocal=False,
    )
    targets = recipient or conditions
    return (
        dataclasses.replace(match, trigger=threat),
        [speaker] if speaker else actor,
        targets,
        None,
    )


def _speaker_of(
    token: int, tree: Tree, actors: Sequence[Actor], *, verbs: frozenset[str]
) -> Actor | None:
    """The subject of the statement verb that governs a clause ("..., the official said")."""
    for ancestor in tree.ancestors(token):
        if tree.tokens[ancestor].lemma not in verbs:
            continue
        subjects = actors_for(tree.kids(ancestor, "nsubj"), actors, trigger=ancestor)
        return subjects[0] if subjects else None
    return None


def _condition_subjects(token: int, tree: Tree, actors: Sequence[Actor]) -> list[Actor]:
    """Subjects of an "if"/"unless" clause hanging from the event or its head."""
    found: list[Actor] = []
    for holder in [token, *list(tree.ancestors(token))[:1]]:
        for clause in tree.kids(holder, "advcl"):
            marks = {tree.tokens[m].lemma for m in tree.kids(clause, "mark")}
            if marks & {"if", "unless"}:
                found += actors_for(tree.kids(clause, "nsubj"), actors, trigger=clause)
    return found


def planned_event(inner: Sequence[TriggerMatch], sentence: Sentence) -> PlannedEvent | None:
    """The first act a statement is about, kept (undated here) for the dates stage."""
    if not inner:
        return None
    first = min(inner, key=lambda match: match.token)
    token = sentence.tokens[first.token]
    return PlannedEvent(
        event_type=first.trigger.event_type,
        mode=first.trigger.mode,
        trigger=token.text,
        trigger_start=token.start,
        trigger_end=token.end,
        token=first.token,
    )


def mode_from_inner(event_type: str, inner: Sequence[TriggerMatch]) -> str | None:
    """The mode a statement takes from the acts it frames (REQUEST + talks = meet)."""
    modes = INNER_MODES.get(event_type, {})
    for match in inner:
        arrest = match.trigger.event_type == "COERCE" and match.trigger.mode == "arrest"
        if arrest and "arrest" in ontology.plover_type(event_type).modes:
            return "arrest"
        mode = modes.get(match.trigger.event_type)
        if mode is not None:
            return mode
    return None


def choose_cameo(
    event_type: str,
    mode: str | None,
    explicit: str | None,
    inner: Sequence[TriggerMatch],
    contexts: tuple[str, ...],
) -> str:
    """The CAMEO code: an AGREE with no specific code of its own takes the code of the act
    it frames (036 for talks); else the trigger's code, else the PLOVER crosswalk."""
    generic = explicit is None or (len(explicit) == 3 and explicit.endswith("0"))
    if event_type == "AGREE" and generic:
        for match in inner:
            code = AGREE_CAMEO_BY_INNER.get(match.trigger.event_type)
            if code is not None:
                return code
    return explicit or ontology.plover_to_cameo(event_type, mode, contexts)


def codebook_reading(
    match: TriggerMatch, aux: Aux | None
) -> tuple[TriggerMatch, Aux | None] | None:
    """PLOVER's single-category rule for announced acts: cooperation in the future tense
    ("will meet", "will send aid") is AGREE, an announced retreat ("would withdraw its
    troops") is CONCEDE. Returns the statement reading, or None when the rule does not
    apply; the announced act itself becomes the statement's ``planned`` event."""
    if aux != "future":
        return None
    reading = FUTURE_READINGS.get(match.trigger.event_type)
    if reading is None:
        return None
    statement = dataclasses.replace(
        match.trigger, event_type=reading, mode=None, cameo=None, reciprocal=False
    )
    return dataclasses.replace(match, trigger=statement), None


def inner_participants(
    inner: Sequence[TriggerMatch], tree: Tree, actors: Sequence[Actor], *, outer: Sequence[Actor]
) -> list[Actor]:
    """Who the act a statement is about concerns ("agreed to host talks between the
    warring parties", "has not agreed to resume talks with the IAEA"), less the speakers."""
    found: list[Actor] = []
    for match in inner:
        roles = find_roles(match, tree)
        for actor in actors_for([*roles.actor, *roles.recipient], actors, trigger=match.token):
            if actor not in outer and actor not in found:
                found.append(actor)
    return found
