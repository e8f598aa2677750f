"""Statements that accuse without an accusing verb.

"Washington openly seeks to weaponize the council, Iran's mission said" or "'The ban
is going to be bad for our communities,' the director told reporters": the speaker
disapproves of another party, and PLOVER codes that as an ACCUSE (disapprove) by the
speaker, though no word of the sentence is an accusing verb. Such a statement is the
reported words of a reporting verb ("say", "tell", "warn" ...: the actors stage's
list) whose subject is an actor, words that hold a term of harsh judgement
(``data/evaluations.txt``) not negated, and no event trigger of their own: "officials
said the troops withdrew illegally" is the troops' RETREAT, not the officials'
accusation (attribution does not make an event). The target is the actor the words
are about: the subject of the reported clause, else the actor nearest the judging
word; when the words name none, the passage's target is supplied later
(``discourse.infer_recipients``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from eventwire.stages.actors.coreference import REPORTING_VERBS
from eventwire.stages.events.participants import actors_for, owners_of
from eventwire.stages.events.triggers import Trigger, TriggerMatch
from eventwire.stages.syntax import SUBJECT_DEPS, Tree
from eventwire.types import Actor

REPORTED_DEPS = ("ccomp", "parataxis")
# "called the subsidies unfair", "described the plan as a disaster": naming a thing harshly
NAMING_VERBS = frozenset({"call", "describe", "brand", "label", "term", "dub"})
DISAPPROVAL_CAMEO = "111"


@dataclass(frozen=True, slots=True)
class Statement:
    """An accusing statement found: the judging word as its trigger, speaker, target."""

    match: TriggerMatch
    reporting_verb: int
    speaker: list[Actor]
    target: list[Actor]


def load_evaluations() -> frozenset[str]:
    text = resources.files("eventwire.stages.events").joinpath("data", "evaluations.txt")
    words = (line.split("#")[0].strip() for line in text.read_text("utf-8").splitlines())
    return frozenset(word for word in words if word)


def accusing_statements(
    tree: Tree, actors: Sequence[Actor], *, evaluations: frozenset[str], triggers: set[int]
) -> list[Statement]:
    """Every reported statement of the sentence that judges another party harshly."""
    found: list[Statement] = []
    for verb in range(len(tree.tokens)):
        token = tree.tokens[verb]
        if token.lemma not in REPORTING_VERBS or token.pos not in {"VERB", "AUX"}:
            continue
        speaker = _speaker(verb, tree, actors)
        words = _reported_words(verb, tree)
        if not speaker or not words or triggers & set(words):
            continue
        judging = next((i for i in words if _judges(i, tree, evaluations)), None)
        if judging is None:
            continue
        target = [a for a in _target(words, judging, tree, actors) if a not in speaker]
        found.append(Statement(_disapproval(judging, tree), verb, speaker, target))
    return found + _harsh_namings(tree, actors, evaluations=evaluations, triggers=triggers)


def _harsh_namings(
    tree: Tree, actors: Sequence[Actor], *, evaluations: frozenset[str], triggers: set[int]
) -> list[Statement]:
    """ "Macron called Chinese subsidies unfair", "Jenrick described the plan as a
    disaster": the speaker disapproves of the owner of the thing named so."""
    found: list[Statement] = []
    for verb, token in enumerate(tree.tokens):
        if token.lemma not in NAMING_VERBS or token.pos != "VERB":
            continue
        named = tree.kids(verb, "dobj")
        words = _predicate(verb, tree)
        speaker = _speaker(verb, tree, actors)
        if not named or not words or not speaker or triggers & set(words):
            continue
        judging = next((i for i in words if _judges(i, tree, evaluations)), None)
        if judging is None:
            continue
        owners = actors_for(owners_of(named, actors, tree), actors, trigger=verb)
        target = [actor for actor in owners if actor not in speaker]
        found.append(Statement(_disapproval(judging, tree), verb, speaker, target))
    return found


def _predicate(verb: int, tree: Tree) -> list[int]:
    """What the object is called: the object predicate, or what follows "as"."""
    words = [i for head in tree.kids(verb, "oprd") for i in tree.subtree(head)]
    for prep in tree.kids(verb, "prep"):
        if tree.tokens[prep].lemma == "as":
            words.extend(i for i in tree.subtree(prep) if i != prep)
    return sorted(words)


def _speaker(verb: int, tree: Tree, actors: Sequence[Actor]) -> list[Actor]:
    """The actor at the verb's subject, or named inside it ("the Iranian mission")."""
    for subject in tree.kids(verb, *SUBJECT_DEPS):
        at = actors_for([subject], actors, trigger=verb)
        if at:
            return at
        phrase = set(tree.subtree(subject))
        inside = [actor for actor in actors if actor.head_token in phrase]
        if inside:
            return inside[:1]
    return []


def _reported_words(verb: int, tree: Tree) -> list[int]:
    """The tokens of what the verb reports: its clausal complement, or the clause it
    is set into ("'...,' he said", where the parse hangs "said" from the quote)."""
    heads = tree.kids(verb, *REPORTED_DEPS)
    token = tree.tokens[verb]
    if not heads and token.dep in REPORTED_DEPS and token.head != verb:
        outside = set(tree.subtree(verb))
        return [i for i in tree.subtree(token.head) if i not in outside]
    return sorted(i for head in heads for i in tree.subtree(head))


def _judges(index: int, tree: Tree, evaluations: frozenset[str]) -> bool:
    """A judging word that is not negated ("not illegal") where it stands."""
    token = tree.tokens[index]
    if token.lemma.lower() not in evaluations and token.text.lower() not in evaluations:
        return False
    holders = [index, token.head]
    return not any(tree.kids(holder, "neg") for holder in holders)


def _target(words: list[int], judging: int, tree: Tree, actors: Sequence[Actor]) -> list[Actor]:
    inside = [a for a in actors if a.first_token in words]
    if not inside:
        return []
    subjects = [i for i in words if tree.tokens[i].dep in SUBJECT_DEPS]
    for subject in subjects:
        at = actors_for([subject], inside, trigger=judging)
        if at:
            return at
    return [min(inside, key=lambda actor: abs(actor.head_token - judging))]


def _disapproval(judging: int, tree: Tree) -> TriggerMatch:
    token = tree.tokens[judging]
    trigger = Trigger(
        event_type="ACCUSE",
        mode="disapprove",
        pos=token.pos,
        lemma=token.lemma.lower(),
        particle=None,
        objects=frozenset(),
        recipient_preps=frozenset(),
        reciprocal=False,
        cameo=DISAPPROVAL_CAMEO,
        contexts=(),
    )
    return TriggerMatch(trigger=trigger, token=judging, object_token=None, particle_token=None)
