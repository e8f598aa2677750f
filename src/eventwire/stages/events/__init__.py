"""Event stage: parsed sentences with actors -> PLOVER events with CAMEO codes, and the
story's quotations (``stages/quotes``), whose speakers are the "I" and "we" inside them.

For each sentence: find trigger words (``triggers``), take actor and recipient from
the parse (``roles``), flag negation, modality and future (``modality``), and add
PLOVER contexts (``contexts``). A trigger inside the complement of a statement
trigger ("agreed to hold talks", "called for a ceasefire", "threatened to impose
sanctions") is not an event of its own: it gives the statement its mode and CAMEO
code (AGREE + talks = CAMEO 036); that framing lives in ``frames``. Who takes part is
decided in ``participants``; the Event records are assembled in ``assembly``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence

from eventwire.stages.events.assembly import EventTables, build_event, collapse_repeats, event_id
from eventwire.stages.events.classifier import EventJudge, judge_events
from eventwire.stages.events.contexts import load_contexts
from eventwire.stages.events.discourse import answer_denials, infer_recipients
from eventwire.stages.events.frames import (
    NEGATING_FRAMES,
    as_threat,
    codebook_reading,
    find_frames,
    inner_of,
    inner_participants,
)
from eventwire.stages.events.modality import find_aux
from eventwire.stages.events.participants import (
    actors_for,
    implied_authority,
    is_state_act,
    lone_party,
    missing_recipient,
    owners_of,
    prefer_countries,
    without_recipient,
)
from eventwire.stages.events.roles import Roles, find_roles
from eventwire.stages.events.speakers import speak_for_quotes
from eventwire.stages.events.statements import accusing_statements, load_evaluations
from eventwire.stages.events.triggers import TriggerMatch, TriggerTable, coarse_pos, load_triggers
from eventwire.stages.events.visits import as_visit
from eventwire.stages.quotes import find_quotes
from eventwire.stages.syntax import Tree
from eventwire.types import (
    Actor,
    Aux,
    CodedDocument,
    Document,
    Event,
    ParsedDocument,
    ParsedSentence,
)

__all__ = ["Coder", "EventTables", "code_document", "event_id", "find_events", "load"]

log = logging.getLogger(__name__)

MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
MENTIONED_ACTS = frozenset(
    [
        ("AGREE", noun)
        for noun in (
            "agreement",
            "deal",
            "pact",
            "accord",
            "memorandum",
            "treaty",
            "understanding",
            "arrangement",
            "commitment",
        )
    ]
    + [("THREATEN", noun) for noun in ("threat", "warning")]
)
STATEMENT_TYPES = frozenset({"AGREE", "REQUEST", "REJECT", "CONCEDE"})
Coder = Callable[[Iterable[ParsedDocument]], Iterator[CodedDocument]]


def load(*, judge: EventJudge | None = None) -> Coder:
    """Load the trigger and context tables once; return the stage's generator function.

    With a ``judge`` (the bundled event classifier), each event's confidence is the
    model's probability that it is right; without, the rules' own estimate.
    """
    tables = EventTables(
        triggers=load_triggers(), contexts=load_contexts(), evaluations=load_evaluations()
    )
    log.debug("trigger lexicon: %d senses", len(tables.triggers))

    def code(parsed: Iterable[ParsedDocument]) -> Iterator[CodedDocument]:
        for doc in parsed:
            yield code_document(doc, tables=tables, judge=judge)

    return code


def code_document(
    parsed: ParsedDocument, *, tables: EventTables, judge: EventJudge | None = None
) -> CodedDocument:
    """Every event of every sentence of a document."""
    events = [
        event
        for sentence in parsed.sentences
        for event in find_events(sentence, document=parsed.document, tables=tables)
    ]
    quotes = find_quotes(parsed.document, parsed.sentences)
    events = speak_for_quotes(events, quotes)
    events = answer_denials(events, parsed.sentences)
    events = [e for e in infer_recipients(events, parsed.sentences) if not without_recipient(e)]
    if judge is not None:
        tokens = {parsed.sentence.index: parsed.sentence.tokens for parsed in parsed.sentences}
        events = judge_events(events, tokens, judge)
    return CodedDocument(
        document=parsed.document, sentences=parsed.sentences, events=tuple(events), quotes=quotes
    )


def find_events(
    parsed: ParsedSentence, *, document: Document, tables: EventTables
) -> tuple[Event, ...]:
    """The events one sentence asserts (or flags as negated, hypothetical, future)."""
    tree = Tree.of(parsed.sentence.tokens)
    matches = _trigger_matches(tree, tables.triggers)
    frames = find_frames(matches, tree)
    merged = _nominal_subjects(matches, tree)
    events: list[Event] = []
    for match in matches.values():
        outer = frames.get(match.token)
        if (outer is not None and outer.trigger.lemma not in NEGATING_FRAMES) or (
            match.token in merged.values()
        ):
            continue
        inner = [m for token, m in inner_of(match, frames, matches)]
        roles = find_roles(match, tree)
        noun = merged.get(match.token)
        if noun is not None:
            # "Israel's airstrike on a school killed 20 people": one event, the noun's actor
            noun_roles = find_roles(matches[noun], tree)
            roles = Roles(noun_roles.actor, (*roles.recipient, *noun_roles.recipient))
            match = _with_mode_of(match, matches[noun])
        actor, recipient = _participants(match, roles, tree, parsed.actors)
        aux: Aux | None = find_aux(match.token, tree, support_verb=_support_verb(match, tree))
        if outer is not None:
            aux = "negated"
        visit = as_visit(match, tree, parsed.actors, actor)
        if visit is not None:
            match, actor, recipient = visit
        match, inner, actor, recipient, aux = _reading(
            match, inner, tree, parsed.actors, actor, recipient, aux=aux
        )
        named = actors_for(roles.recipient, parsed.actors, trigger=match.token)
        if not actor and named and is_state_act(match, agentless=_agentless(match, tree)):
            actor = [implied_authority(tree.tokens[match.token], named)]
        if not actor and not recipient:
            continue
        if lone_party(match, actor, recipient) or missing_recipient(match, actor, recipient, tree):
            continue
        events.append(
            build_event(
                match,
                inner,
                parsed=parsed,
                document=document,
                tables=tables,
                actor=actor,
                recipient=[r for r in recipient if r not in actor and not _self(r, actor)],
                aux=aux,
            )
        )
    events.extend(_accusing_statements(parsed, tree, matches, document=document, tables=tables))
    return tuple(collapse_repeats(events))


def _accusing_statements(
    parsed: ParsedSentence,
    tree: Tree,
    matches: dict[int, TriggerMatch],
    *,
    document: Document,
    tables: EventTables,
) -> list[Event]:
    """Reported words that judge another party harshly, with no trigger of their own."""
    statements = accusing_statements(
        tree, parsed.actors, evaluations=tables.evaluations, triggers=set(matches)
    )
    return [
        build_event(
            statement.match,
            [],
            parsed=parsed,
            document=document,
            tables=tables,
            actor=statement.speaker,
            recipient=statement.target,
            aux=find_aux(statement.reporting_verb, tree),
        )
        for statement in statements
    ]


def _participants(
    match: TriggerMatch, roles: Roles, tree: Tree, actors: Sequence[Actor]
) -> tuple[list[Actor], list[Actor]]:
    """The actors at the role heads; a thing that acts or is acted on stands for its
    owner, and a noun's modifiers that name a country are preferred."""
    actor = actors_for(
        owners_of(roles.actor, actors, tree, deps=("amod", "compound")),
        actors,
        trigger=match.token,
    )
    recipient = actors_for(owners_of(roles.recipient, actors, tree), actors, trigger=match.token)
    if coarse_pos(tree.tokens[match.token]) == "NOUN":
        actor = prefer_countries(actor)
    return actor, recipient


def _reading(
    match: TriggerMatch,
    inner: list[TriggerMatch],
    tree: Tree,
    actors: Sequence[Actor],
    actor: list[Actor],
    recipient: list[Actor],
    *,
    aux: Aux | None,
) -> tuple[TriggerMatch, list[TriggerMatch], list[Actor], list[Actor], Aux | None]:
    """The codebook's reading of an act: a conditional harm is a THREATEN, an announced
    cooperation an AGREE; a statement about an act concerns that act's participants."""
    threat = as_threat(match, tree, actors, actor, recipient, aux=aux)
    if threat is not None:
        match, actor, recipient, aux = threat
    announced = codebook_reading(match, aux)
    if announced is not None:
        inner = [match, *inner]
        match, aux = announced
    if inner and not recipient and match.trigger.event_type in STATEMENT_TYPES:
        recipient = inner_participants(inner, tree, actors, outer=actor)
    return match, inner, actor, recipient, aux


def _trigger_matches(tree: Tree, table: TriggerTable) -> dict[int, TriggerMatch]:
    found: dict[int, TriggerMatch] = {}
    for token in tree.tokens:
        match = table.match(token, tree.tokens, tree.children)
        if (
            match is not None
            and token.ent != "DATE"  # "in March": a month, not a march
            and not _idiom(token.i, tree)
            and not _mentioned_act(match)
        ):
            found[token.i] = match
    consumed = {m.object_token for m in found.values() if m.object_token is not None}
    for index in list(found):
        dep = tree.tokens[index].dep
        modifier_of_trigger = dep in MODIFIER_DEPS and tree.tokens[index].head in found
        if index in consumed or modifier_of_trigger:
            del found[index]
    return found


def _agentless(match: TriggerMatch, tree: Tree) -> bool:
    """A passive verb or an event noun: forms that leave the doer unsaid on purpose."""
    return coarse_pos(tree.tokens[match.token]) == "NOUN" or tree.is_passive_clause(match.token)


def _self(recipient: Actor, actors: Sequence[Actor]) -> bool:
    """A pronoun that points back at the actor ("Washington warned it would ...") is the
    actor again, not a recipient."""
    return recipient.basis in {"pronoun", "speaker", "possessive"} and any(
        recipient.name == actor.name or (recipient.country and recipient.country == actor.country)
        for actor in actors
    )


def _mentioned_act(match: TriggerMatch) -> bool:
    """ "The U.S.-Taliban deal", "the China threat": an accord or a threat named as a
    thing is no agreeing or threatening. Reaching a deal or issuing a warning is coded
    from the verb, whose object the noun then is."""
    trigger = match.trigger
    return trigger.pos == "NOUN" and (trigger.event_type, trigger.lemma) in MENTIONED_ACTS


def _idiom(index: int, tree: Tree) -> bool:
    """Phrases that look like events but are not: "a request for comment", "did not
    respond to requests for comment", "called the subsidies unbearable" (naming),
    "drills to demonstrate their commitment" (showing)."""
    token = tree.tokens[index]
    if token.lemma in {"request", "call"} and coarse_pos(token) == "NOUN":
        comments = [
            pobj
            for prep in tree.kids(index, "prep")
            for pobj in tree.kids(prep, "pobj")
            if tree.tokens[pobj].lemma in {"comment", "information", "clarification"}
        ]
        return bool(comments)
    if token.lemma == "demonstrate" and tree.kids(index, "dobj", "ccomp"):
        return True  # "to demonstrate their commitment": showing, not protesting
    return token.lemma == "call" and bool(
        tree.kids(index, "oprd", "ccomp") and tree.kids(index, "dobj")
    )


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


def _support_verb(match: TriggerMatch, tree: Tree) -> int | None:
    if coarse_pos(tree.tokens[match.token]) == "VERB":
        return None
    head = tree.head_of(match.token)
    if head is not None and tree.tokens[head].pos in {"VERB", "AUX"}:
        return head
    return None
