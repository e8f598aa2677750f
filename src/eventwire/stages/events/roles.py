"""Who did it and to whom: actor and recipient tokens of a trigger, from the parse.

Handles active and passive voice, coordination ("X and Y agreed"), support verbs
("held talks", "launched an airstrike"), prepositional recipients ("talks with",
"sanctions on"), possessives and modifiers of nominal triggers ("Israel's strike",
"U.S. sanctions"), subjects shared through "agreed to meet" and "met and signed",
and relative clauses ("the troops who withdrew").
"""

from __future__ import annotations

from dataclasses import dataclass

from eventwire.stages.events.triggers import TriggerMatch, coarse_pos
from eventwire.stages.syntax import PASSIVE_SUBJECT_DEPS, SUBJECT_DEPS, Tree

SHARED_SUBJECT_LINKS = frozenset({"xcomp", "conj", "advcl", "pcomp", "acomp"})
SUPPORT_VERB_LINKS = frozenset({"dobj", "attr", "pobj", "nsubjpass", "oprd"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
NOUN_ACTOR_DEPS = frozenset({"poss", "amod", "compound", "nmod"})
RECIPROCAL_PREPS = frozenset({"with", "between", "among"})
MAX_CLIMB = 4
CLAUSE_RECIPIENT_TYPES = frozenset({"REQUEST", "THREATEN"})


@dataclass(frozen=True, slots=True)
class Roles:
    """Head tokens of the actor and recipient (coordination expanded)."""

    actor: tuple[int, ...]
    recipient: tuple[int, ...]


def find_roles(match: TriggerMatch, tree: Tree) -> Roles:
    """Actor and recipient head tokens for a trigger."""
    if coarse_pos(tree.tokens[match.token]) == "VERB":
        actor, recipient = _verb_roles(match, tree)
    else:
        actor, recipient = _noun_roles(match, tree)
    if match.trigger.inverse:
        # "Ankara hosted the minister", "received aid from Japan": the subject is acted on
        source = tree.prep_objects(match.token, frozenset({"from", "by"}))
        actor, recipient = (source or recipient), actor
    actor = _expand(actor, tree)
    recipient = [i for i in _expand(recipient, tree) if i not in actor]
    if match.trigger.reciprocal:
        partners = _expand(_reciprocal_partners(match, tree), tree)
        actor = actor + [i for i in partners if i not in actor]
        recipient = [i for i in recipient if i not in partners]
        if not partners and len(actor) > 1:
            recipient = []
    return Roles(tuple(actor), tuple(recipient))


def _verb_roles(match: TriggerMatch, tree: Tree) -> tuple[list[int], list[int]]:
    verb = match.token
    trigger = match.trigger
    if tree.is_passive_clause(verb):
        actor = tree.prep_objects(verb, frozenset({"by"})) or _shared_agent(verb, tree)
        recipient = tree.kids(verb, *PASSIVE_SUBJECT_DEPS)
        if not recipient and tree.tokens[verb].dep == "acl":
            recipient = [tree.tokens[verb].head]
        if not recipient and tree.tokens[verb].dep == "conj":
            recipient = tree.kids(tree.tokens[verb].head, *PASSIVE_SUBJECT_DEPS)
        recipient += tree.prep_objects(verb, trigger.recipient_preps - {"by"})
        return actor, recipient
    actor = subject_of(verb, tree)
    # the object a trigger requires ("expelled a diplomat") is a recipient when it names
    # an actor; a support object ("held talks") names none and is dropped later
    recipient = tree.kids(verb, "dobj", "dative", "iobj") or _shared_object(verb, tree)
    recipient += tree.prep_objects(verb, trigger.recipient_preps)
    if match.particle_token is not None:
        recipient += tree.kids(match.particle_token, "pobj")
    named = [token for token in recipient if token != match.object_token]
    if not named and trigger.event_type in CLAUSE_RECIPIENT_TYPES:
        # "demanded that Beijing remove them", "expressed hope that Trump will respond":
        # the appeal is addressed to the subject of the clause it asks for
        holders = [verb] if match.object_token is None else [verb, match.object_token]
        for holder in holders:
            for clause in tree.kids(holder, "ccomp", "acl"):
                recipient += tree.kids(clause, "nsubj")
    if match.object_token is not None:
        recipient += tree.prep_objects(match.object_token, trigger.recipient_preps)
    return actor, recipient


def _shared_agent(verb: int, tree: Tree) -> list[int]:
    """The by-agent of coordinated passive verbs ("were beaten and detained by police")."""
    token = tree.tokens[verb]
    partners = tree.kids(verb, "conj") + ([token.head] if token.dep == "conj" else [])
    for partner in partners:
        if tree.is_passive_clause(partner):
            agents = tree.prep_objects(partner, frozenset({"by"}))
            if agents:
                return agents
    return []


def _shared_object(verb: int, tree: Tree) -> list[int]:
    """The object of a coordinated verb ("detained and later released a lawyer")."""
    for conj in tree.kids(verb, "conj"):
        if tree.tokens[conj].pos in {"VERB", "AUX"}:
            objects = tree.kids(conj, "dobj")
            if objects:
                return objects
    return []


def subject_of(verb: int, tree: Tree) -> list[int]:
    """The subject of a verb, borrowed from the governing clause when it has none."""
    current = verb
    for _ in range(MAX_CLIMB):
        # above the verb itself a passive subject is the doer: "he is scheduled to travel"
        deps = SUBJECT_DEPS if current == verb else SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS
        subjects = tree.kids(current, *deps)
        if subjects:
            subject = subjects[0]
            relative = _relative_subject(subject, tree)
            if relative and tree.tokens[current].dep == "relcl":
                return [_antecedent(tree.tokens[current].head, tree)]
            if relative:
                # the parse hung "..., some of whom threw" elsewhere: the noun before it
                return _noun_before(subject, tree) or [subject]
            return [subject]
        token = tree.tokens[current]
        if token.dep == "relcl":
            return [_antecedent(token.head, tree)]
        if token.dep == "acl" and token.tag == "VB":
            # "Turkey's efforts to improve ties": whoever makes the effort acts
            return tree.kids(token.head, "poss")
        if token.dep not in SHARED_SUBJECT_LINKS or token.head == current:
            return []
        parent = token.head
        if token.dep == "xcomp":
            objects = tree.kids(parent, "dobj")
            # "urged Iran to withdraw": the object of the governing verb is the subject
            if (
                objects
                and tree.tokens[parent].pos in {"VERB", "AUX"}
                and _is_object_control(parent, tree)
            ):
                return objects
        current = parent
    return []


def _noun_before(index: int, tree: Tree) -> list[int]:
    for before in range(index - 1, max(-1, index - 3), -1):
        if tree.tokens[before].pos in {"NOUN", "PROPN"}:
            return [before]
    return []


def _relative_subject(subject: int, tree: Tree) -> bool:
    """ "who", "which", or a part of one: "some of whom", "many of which"."""
    if tree.tokens[subject].text.lower() in RELATIVE_PRONOUNS:
        return True
    return any(
        tree.tokens[pobj].text.lower() in RELATIVE_PRONOUNS
        for prep in tree.kids(subject, "prep")
        if tree.tokens[prep].lemma == "of"
        for pobj in tree.kids(prep, "pobj")
    )


def _antecedent(noun: int, tree: Tree) -> int:
    """What a relative clause is about: its noun, or the subject counted among it ("Canada
    is among (one of) the countries that banned ...": Canada)."""
    token = tree.tokens[noun]
    if token.dep != "pobj" or tree.tokens[token.head].lemma not in {"among", "of"}:
        return noun
    above = tree.tokens[token.head].head
    if tree.tokens[above].lemma == "one" and tree.tokens[token.head].lemma == "of":
        above = tree.tokens[above].head
    elif tree.tokens[token.head].lemma != "among":
        return noun
    if tree.tokens[above].lemma != "be":
        return noun
    subjects = tree.kids(above, "nsubj")
    return subjects[0] if subjects else noun


OBJECT_CONTROL_LEMMAS = frozenset(
    {
        "urge",
        "ask",
        "force",
        "order",
        "call",
        "press",
        "persuade",
        "allow",
        "compel",
        "invite",
        "encourage",
        "tell",
        "warn",
        "pressure",
        "help",
        "permit",
        "request",
        "prompt",
        "lead",
        "cause",
        "oblige",
        "push",
        "enable",
    }
)


def _is_object_control(verb: int, tree: Tree) -> bool:
    return tree.tokens[verb].lemma in OBJECT_CONTROL_LEMMAS


def _noun_roles(match: TriggerMatch, tree: Tree) -> tuple[list[int], list[int]]:
    noun = match.token
    trigger = match.trigger
    actor = tree.kids(noun, *NOUN_ACTOR_DEPS)
    actor += tree.prep_objects(noun, frozenset({"by", "from"}))
    recipient = tree.prep_objects(noun, trigger.recipient_preps)
    token = tree.tokens[noun]
    if not actor and token.dep in SUPPORT_VERB_LINKS:
        governor = _governing_verb(noun, tree)
        if governor is not None:
            actor = (
                subject_of(governor, tree)
                if token.dep != "nsubjpass"
                else (tree.prep_objects(governor, frozenset({"by"})))
            )
            recipient += tree.prep_objects(governor, trigger.recipient_preps)
    return actor, recipient


def _governing_verb(noun: int, tree: Tree) -> int | None:
    """The verb a nominal trigger hangs from ("launched an offensive", "took part in talks")."""
    current = noun
    for _ in range(2):
        head = tree.head_of(current)
        if head is None:
            return None
        if tree.tokens[head].pos in {"VERB", "AUX"}:
            return head
        if tree.tokens[head].dep != "prep" and tree.tokens[current].dep != "pobj":
            return None
        current = head
    return None


def _reciprocal_partners(match: TriggerMatch, tree: Tree) -> list[int]:
    partners = tree.prep_objects(match.token, RECIPROCAL_PREPS)
    if match.object_token is not None:
        partners += tree.prep_objects(match.object_token, RECIPROCAL_PREPS)
    if coarse_pos(tree.tokens[match.token]) == "VERB" and match.object_token is None:
        partners += tree.kids(match.token, "dobj")
    return partners


def _expand(heads: list[int], tree: Tree) -> list[int]:
    found: list[int] = []
    for head in heads:
        for token in tree.conjuncts(head):
            if token not in found:
                found.append(token)
    return found
