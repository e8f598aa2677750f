"""The trigger lexicon: which verbs and nouns signal which PLOVER event, and how.

Rows live in ``data/triggers.tsv`` (see the README there). A row may require a
particle ("call on", "crack down") or a direct object ("hold talks", "impose
sanctions"); rows with such a constraint are tried before the bare lemma.
"""

from __future__ import annotations

import csv
import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from eventwire import ontology
from eventwire.types import Token

VERB_POS = frozenset({"VERB", "AUX"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
INVERSE_TAG = "[inverse]"
DEFAULT_RECIPIENT_PREPS = {
    "ASSAULT": frozenset({"on", "at", "against"}),
    "COERCE": frozenset({"on", "against"}),
    "SANCTION": frozenset({"on", "against"}),
    "THREATEN": frozenset({"against"}),
    "ACCUSE": frozenset({"against"}),
    "PROTEST": frozenset({"against"}),
    "AID": frozenset({"to"}),
}
OF_PATIENT_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION"})
OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd"})
PARTICLE_DEPS = frozenset({"prt", "prep", "advmod", "compound", "amod", "npadvmod", "nmod"})


@dataclass(frozen=True, slots=True)
class Trigger:
    """One sense of a trigger word."""

    event_type: str
    mode: str | None
    pos: str
    lemma: str
    particle: str | None
    objects: frozenset[str]
    recipient_preps: frozenset[str]
    reciprocal: bool
    cameo: str | None
    contexts: tuple[str, ...]
    inverse: bool = False

    @property
    def specificity(self) -> int:
        return (2 if self.objects else 0) + (1 if self.particle else 0)


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """A trigger sense found at a token; ``object_token`` is the object it required."""

    trigger: Trigger
    token: int
    object_token: int | None
    particle_token: int | None


class TriggerTable:
    """Trigger senses by (coarse POS, lemma), most specific first."""

    def __init__(self, triggers: Sequence[Trigger]) -> None:
        self._senses: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
        for trigger in triggers:
            ontology.validate_event(trigger.event_type, trigger.mode, trigger.contexts)
            self._senses[(trigger.pos, trigger.lemma)].append(_with_default_preps(trigger))
        for senses in self._senses.values():
            senses.sort(key=lambda trigger: -trigger.specificity)
        self.object_lemmas = frozenset(lemma for trigger in triggers for lemma in trigger.objects)

    def __len__(self) -> int:
        return sum(len(senses) for senses in self._senses.values())

    def senses(self, token: Token) -> list[Trigger]:
        return self._senses.get((coarse_pos(token), token.lemma), [])

    def match(
        self, token: Token, tokens: Sequence[Token], children: Sequence[Sequence[int]]
    ) -> TriggerMatch | None:
        """The most specific sense whose particle and object constraints the parse meets."""
        for trigger in self.senses(token):
            particle = _find_particle(trigger, token, tokens, children)
            if trigger.particle and particle is None:
                continue
            obj = _find_object(trigger, token, tokens, children)
            if trigger.objects and obj is None:
                continue
            return TriggerMatch(trigger, token.i, obj, particle)
        return None


def _with_default_preps(trigger: Trigger) -> Trigger:
    """Add the prepositions that introduce a target for every trigger of a type
    ("fired water cannon at a boat", "the arrest of the son")."""
    extra = DEFAULT_RECIPIENT_PREPS.get(trigger.event_type, frozenset())
    if trigger.pos == "NOUN" and trigger.event_type in OF_PATIENT_TYPES:
        extra = extra | {"of"}
    if extra <= trigger.recipient_preps or trigger.inverse:
        return trigger
    return dataclasses.replace(trigger, recipient_preps=trigger.recipient_preps | extra)


def coarse_pos(token: Token) -> str:
    if token.pos in VERB_POS:
        return "VERB"
    if token.pos in NOUN_POS:
        return "NOUN"
    return token.pos


def _find_particle(
    trigger: Trigger, token: Token, tokens: Sequence[Token], children: Sequence[Sequence[int]]
) -> int | None:
    if not trigger.particle:
        return None
    for child in children[token.i]:
        candidate = tokens[child]
        if candidate.dep in PARTICLE_DEPS and trigger.particle in (
            candidate.lemma,
            candidate.text.lower(),
        ):
            return child
    return None


def _find_object(
    trigger: Trigger, token: Token, tokens: Sequence[Token], children: Sequence[Sequence[int]]
) -> int | None:
    if not trigger.objects:
        return None
    for child in children[token.i]:
        candidate = tokens[child]
        if candidate.dep in OBJECT_DEPS and candidate.lemma in trigger.objects:
            return child
        if candidate.dep == "xcomp":
            # "urged Iran to release", "threatened to impose sanctions"
            if candidate.lemma in trigger.objects:
                return child
            for grandchild in children[child]:
                if tokens[grandchild].dep == "dobj" and tokens[grandchild].lemma in (
                    trigger.objects
                ):
                    return grandchild
        if candidate.dep == "prep":
            # "withdrew from the deal", "expelled from the party"
            for pobj in children[child]:
                if tokens[pobj].dep == "pobj" and tokens[pobj].lemma in trigger.objects:
                    return pobj
        if candidate.dep in OBJECT_DEPS:
            # "reached a ceasefire agreement": the object's compound names the kind
            for grandchild in children[child]:
                if tokens[grandchild].dep == "compound" and tokens[grandchild].lemma in (
                    trigger.objects
                ):
                    return child
    return None


def load_triggers() -> TriggerTable:
    """The bundled trigger lexicon."""
    return TriggerTable(read_trigger_rows(_data_text("triggers.tsv")))


def read_trigger_rows(text: str) -> list[Trigger]:
    """Parse triggers.tsv text into Trigger records (validated against the ontology)."""
    rows = csv.DictReader(text.splitlines(), delimiter="\t")
    return [_trigger_from_row({k: (v or "").strip() for k, v in row.items() if k}) for row in rows]


def _trigger_from_row(row: dict[str, str]) -> Trigger:
    return Trigger(
        event_type=row["event_type"],
        mode=row.get("mode") or None,
        pos=row["pos"],
        lemma=row["lemma"].lower(),
        particle=row.get("particle") or None,
        objects=frozenset(_split(row.get("objects", ""))),
        recipient_preps=frozenset(_split(row.get("recipient_preps", ""))),
        reciprocal=row.get("reciprocal", "") in {"1", "yes", "true"},
        cameo=row.get("cameo") or None,
        contexts=tuple(_split(row.get("contexts", ""))),
        inverse=INVERSE_TAG in row.get("note", ""),
    )


def _split(cell: str) -> list[str]:
    return [part.strip().lower() for part in cell.split("|") if part.strip()]


def _data_text(name: str) -> str:
    return resources.files("eventwire.stages.events").joinpath("data", name).read_text("utf-8")
