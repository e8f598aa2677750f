"""Event stage: parsed sentences with actors -> PLOVER events with CAMEO codes.

For each sentence: find trigger words (``triggers``), take actor and recipient from
the parse (``roles``), flag negation, modality and future (``modality``), and add
PLOVER contexts (``contexts``). A trigger inside the complement of a statement
trigger ("agreed to hold talks", "called for a ceasefire", "threatened to impose
sanctions") is not an event of its own: it gives the statement its mode and CAMEO
code (AGREE + talks = CAMEO 036).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from eventwire import ontology
from eventwire.stages.events.contexts import ContextTable, load_contexts
from eventwire.stages.events.modality import find_aux
from eventwire.stages.events.roles import Roles, find_roles
from eventwire.stages.events.syntax import Tree
from eventwire.stages.events.triggers import TriggerMatch, TriggerTable, coarse_pos, load_triggers
from eventwire.types import (
    Actor,
    Aux,
    CodedDocument,
    Document,
    Event,
    Evidence,
    ParsedDocument,
    ParsedSentence,
    PlannedEvent,
    Sentence,
    Token,
)

log = logging.getLogger(__name__)

FRAMING_TYPES = frozenset({"AGREE", "REQUEST", "REJECT", "THREATEN", "ACCUSE"})
FRAME_LINKS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "acl", "pcomp", "relcl"})
MAX_FRAME_DEPTH = 6
FRAME_PREPS = frozenset({"for", "on", "to", "of", "about", "over", "against", "into", "with"})
NEGATING_FRAMES = frozenset({"deny"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
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
IMPLIED_STATE_TYPES = frozenset({"COERCE"})
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
IMPLIED_STATE_ACTS = frozenset(
    {
        ("SANCTION", "convict"),
        ("SANCTION", "expel"),
        ("RETREAT", "release"),
        ("ACCUSE", "allege"),
        ("ACCUSE", "investigate"),
    }
)
BASE_CONFIDENCE = 0.4
Coder = Callable[[Iterable[ParsedDocument]], Iterator[CodedDocument]]


@dataclass(frozen=True, slots=True)
class EventTables:
    """The heavy data the stage loads once."""

    triggers: TriggerTable
    contexts: ContextTable


def load() -> Coder:
    """Load the trigger and context tables once; return the stage's generator function."""
    tables = EventTables(triggers=load_triggers(), contexts=load_contexts())
    log.debug("trigger lexicon: %d senses", len(tables.triggers))

    def code(parsed: Iterable[ParsedDocument]) -> Iterator[CodedDocument]:
        for doc in parsed:
            yield code_document(doc, tables=tables)

    return code


def code_document(parsed: ParsedDocument, *, tables: EventTables) -> CodedDocument:
    """Every event of every sentence of a document."""
    events = [
        event
        for sentence in parsed.sentences
        for event in find_events(sentence, document=parsed.document, tables=tables)
    ]
    return CodedDocument(document=parsed.document, sentences=parsed.sentences, events=tuple(events))


def find_events(
    parsed: ParsedSentence, *, document: Document, tables: EventTables
) -> tuple[Event, ...]:
    """The events one sentence asserts (or flags as negated, hypothetical, future)."""
    tree = Tree.of(parsed.sentence.tokens)
    matches = _trigger_matches(tree, tables.triggers)
    frames = _frames(matches, tree)
    merged = _nominal_subjects(matches, tree)
    events: list[Event] = []
    for match in matches.values():
        outer = frames.get(match.token)
        if (outer is not None and outer.trigger.lemma not in NEGATING_FRAMES) or (
            match.token in merged.values()
        ):
            continue
        inner = [m for token, m in _inner_of(match, frames, matches)]
        roles = find_roles(match, tree)
        noun = merged.get(match.token)
        if noun is not None:
            # "Israel's airstrike on a school killed 20 people": one event, the noun's actor
            noun_roles = find_roles(matches[noun], tree)
            roles = Roles(noun_roles.actor, (*roles.recipient, *noun_roles.recipient))
            match = _with_mode_of(match, matches[noun])
        actor = _actors_for(roles.actor, parsed.actors, trigger=match.token)
        recipient = _actors_for(
            _owners(roles.recipient, parsed.actors, tree), parsed.actors, trigger=match.token
        )
        if coarse_pos(tree.tokens[match.token]) == "NOUN":
            actor = _prefer_countries(actor)
        aux: Aux | None = find_aux(match.token, tree, support_verb=_support_verb(match, tree))
        if outer is not None:
            aux = "negated"
        threat = _as_threat(match, tree, parsed.actors, actor, recipient, aux=aux)
        if threat is not None:
            match, actor, recipient, aux = threat
        named = _actors_for(roles.recipient, parsed.actors, trigger=match.token)
        if not actor and named and _is_state_act(match):
            actor = [_implied_authority(tree.tokens[match.token], named)]
        if not actor and not recipient:
            continue
        if _lone_party(match, actor, recipient) or _missing_recipient(match, recipient):
            continue
        events.append(
            _build_event(
                match,
                inner,
                parsed=parsed,
                document=document,
                tables=tables,
                actor=actor,
                recipient=[r for r in recipient if r not in actor],
                aux=aux,
                roles=roles,
            )
        )
    return tuple(_collapse_repeats(events))


def _as_threat(
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
        subjects = _actors_for(tree.kids(ancestor, "nsubj"), actors, trigger=ancestor)
        return subjects[0] if subjects else None
    return None


def _condition_subjects(token: int, tree: Tree, actors: Sequence[Actor]) -> list[Actor]:
    """Subjects of an "if"/"unless" clause hanging from the event or its head."""
    found: list[Actor] = []
    for holder in [token, *list(tree.ancestors(token))[:1]]:
        for clause in tree.kids(holder, "advcl"):
            marks = {tree.tokens[m].lemma for m in tree.kids(clause, "mark")}
            if marks & {"if", "unless"}:
                found += _actors_for(tree.kids(clause, "nsubj"), actors, trigger=clause)
    return found


def _is_state_act(match: TriggerMatch) -> bool:
    trigger = match.trigger
    return (trigger.event_type, trigger.mode) in IMPLIED_STATE_ACTS or (
        trigger.event_type in IMPLIED_STATE_TYPES
    )


def _implied_authority(trigger: Token, recipient: Sequence[Actor]) -> Actor:
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


def _missing_recipient(match: TriggerMatch, recipient: Sequence[Actor]) -> bool:
    """PLOVER requires a recipient for COOPERATE, AID and SANCTION: aid to no one named is
    not yet an event."""
    return not recipient and ontology.plover_type(match.trigger.event_type).requires_recipient


def _lone_party(match: TriggerMatch, actor: Sequence[Actor], recipient: Sequence[Actor]) -> bool:
    """Talks with no one: a reciprocal event that names a single party and no partner."""
    return (
        match.trigger.event_type == "CONSULT"
        and match.trigger.reciprocal
        and match.trigger.mode is None
        and len(actor) == 1
        and not recipient
    )


def _prefer_countries(actors: list[Actor]) -> list[Actor]:
    """Of a noun's modifiers ("an Israeli drone strike") keep those that name a country."""
    with_country = [actor for actor in actors if actor.country is not None]
    return with_country or actors


def _collapse_repeats(events: list[Event]) -> list[Event]:
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


def _trigger_matches(tree: Tree, table: TriggerTable) -> dict[int, TriggerMatch]:
    found: dict[int, TriggerMatch] = {}
    for token in tree.tokens:
        match = table.match(token, tree.tokens, tree.children)
        if match is not None:
            found[token.i] = match
    consumed = {m.object_token for m in found.values() if m.object_token is not None}
    for index in list(found):
        dep = tree.tokens[index].dep
        modifier_of_trigger = dep in MODIFIER_DEPS and tree.tokens[index].head in found
        if index in consumed or modifier_of_trigger:
            del found[index]
    return found


def _nominal_subjects(matches: dict[int, TriggerMatch], tree: Tree) -> dict[int, int]:
    """Verb triggers whose subject is a nominal trigger of the same type, with that noun."""
    merged: dict[int, int] = {}
    for token, match in matches.items():
        if coarse_pos(tree.tokens[token]) != "VERB":
            continue
        for subject in tree.kids(token, "nsubj"):
            noun = matches.get(subject)
            if noun is not None and noun.trigger.event_type == match.trigger.event_type:
                merged[token] = subject
    return merged


def _with_mode_of(match: TriggerMatch, noun: TriggerMatch) -> TriggerMatch:
    if match.trigger.mode or not noun.trigger.mode:
        return match
    return dataclasses.replace(match, trigger=noun.trigger)


def _frames(matches: dict[int, TriggerMatch], tree: Tree) -> dict[int, TriggerMatch]:
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


def _inner_of(
    match: TriggerMatch, frames: dict[int, TriggerMatch], matches: dict[int, TriggerMatch]
) -> list[tuple[int, TriggerMatch]]:
    return [(token, matches[token]) for token, outer in frames.items() if outer is match]


def _support_verb(match: TriggerMatch, tree: Tree) -> int | None:
    if coarse_pos(tree.tokens[match.token]) == "VERB":
        return None
    head = tree.head_of(match.token)
    if head is not None and tree.tokens[head].pos in {"VERB", "AUX"}:
        return head
    return None


def _owners(heads: Sequence[int], actors: Sequence[Actor], tree: Tree) -> list[int]:
    """A thing acted on stands for its owner: "rejected Pakistan's allegations", "passed
    the government's budget", "welcomed the U.S. proposal" are aimed at Pakistan, the
    government and the United States."""
    found: list[int] = []
    for head in heads:
        if any(a.first_token <= head <= a.last_token for a in actors):
            found.append(head)
            continue
        found.extend(
            child
            for child in tree.kids(head, "poss", "compound", "amod", "nmod")
            if any(a.first_token <= child <= a.last_token and a.country for a in actors)
        )
    return found


def _actors_for(heads: Sequence[int], actors: Sequence[Actor], *, trigger: int) -> list[Actor]:
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


def _build_event(
    match: TriggerMatch,
    inner: Sequence[TriggerMatch],
    *,
    parsed: ParsedSentence,
    document: Document,
    tables: EventTables,
    actor: list[Actor],
    recipient: list[Actor],
    aux: Aux | None,
    roles: Roles,
) -> Event:
    trigger = match.trigger
    sentence = parsed.sentence
    token = sentence.tokens[match.token]
    mode = (
        trigger.mode
        or _mode_from_inner(trigger.event_type, inner)
        or _mode_from_instrument(trigger.event_type, sentence.tokens)
    )
    contexts = _contexts(match, inner, parsed=parsed, tables=tables)
    cameo = _cameo(trigger.event_type, mode, trigger.cameo, inner, contexts)
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
        confidence=_confidence(actor, recipient, match, roles),
        planned=_planned(inner, sentence),
        sentence_index=sentence.index,
        trigger_token=match.token,
        published=document.published,
    )


def _planned(inner: Sequence[TriggerMatch], sentence: Sentence) -> PlannedEvent | None:
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


def _mode_from_inner(event_type: str, inner: Sequence[TriggerMatch]) -> str | None:
    modes = INNER_MODES.get(event_type, {})
    for match in inner:
        arrest = match.trigger.event_type == "COERCE" and match.trigger.mode == "arrest"
        if arrest and "arrest" in ontology.plover_type(event_type).modes:
            return "arrest"
        mode = modes.get(match.trigger.event_type)
        if mode is not None:
            return mode
    return None


def _mode_from_instrument(event_type: str, tokens: Sequence[Token]) -> str | None:
    """The ASSAULT mode an instrument in the sentence implies ("killed by a drone")."""
    if event_type != "ASSAULT":
        return None
    for token in tokens:
        mode = INSTRUMENT_MODES.get(token.lemma)
        if mode is not None:
            return mode
    return None


def _cameo(
    event_type: str,
    mode: str | None,
    explicit: str | None,
    inner: Sequence[TriggerMatch],
    contexts: tuple[str, ...],
) -> str:
    generic = explicit is None or (len(explicit) == 3 and explicit.endswith("0"))
    if event_type == "AGREE" and generic:
        for match in inner:
            code = AGREE_CAMEO_BY_INNER.get(match.trigger.event_type)
            if code is not None:
                return code
    return explicit or ontology.plover_to_cameo(event_type, mode, contexts)


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


def _confidence(
    actor: Sequence[Actor], recipient: Sequence[Actor], match: TriggerMatch, roles: Roles
) -> float:
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
