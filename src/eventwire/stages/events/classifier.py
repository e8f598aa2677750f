"""A learned judge of the rules' events: how likely each coded event is right.

The rules find an event wherever a trigger and its participants line up; many of
those are wrong in ways a few features show (a trigger lemma that is often figurative,
an actor taken from the story rather than the clause, a recipient missing). A spaCy
``textcat`` (bag of feature words, a few hundred kB, no vectors, no torch) trained by
``scripts/train_classifier.py`` reads those features and gives the probability that
the event is right: its type, its actor's country and its recipient's. Its training
events are the rules' own output on the sentences written and labelled for the
project (``training/sentences``), each marked right or wrong against its labels; the
model ships in ``eventwire/data/classifier``. Retrain it when the rules change.

The probability becomes the event's ``confidence``; the ``min_confidence`` setting
(default: the threshold that gave the best F1 on the training events, out of fold)
then drops the unlikely ones.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire.errors import ConfigError
from eventwire.types import Event, Token

RIGHT, WRONG = "RIGHT", "WRONG"
# Sentences from this one on count as "later in the story" (the lead is told first).
LATE_SENTENCE = 3


def event_features(event: Event, tokens: Sequence[Token]) -> str:
    """The words the model reads for one event: its type, mode, flag, trigger and the
    way its participants were found."""
    trigger = tokens[event.trigger_token] if 0 <= event.trigger_token < len(tokens) else None
    lemma = trigger.lemma.lower() if trigger else event.evidence.trigger.lower()
    actor_countries = {actor.country for actor in event.actor}
    features = [
        f"type_{event.event_type}",
        f"mode_{event.mode}",
        f"aux_{event.aux}",
        f"lemma_{lemma}",
        f"typelemma_{event.event_type}_{lemma}",
        f"dep_{trigger.dep if trigger else ''}",
        f"pos_{trigger.pos if trigger else ''}",
        f"actors_{min(len(event.actor), 2)}",
        f"recipients_{min(len(event.recipient), 2)}",
        f"shared_{bool(actor_countries & {actor.country for actor in event.recipient})}",
        f"sentence_{min(event.sentence_index, LATE_SENTENCE)}",
    ]
    if trigger is not None:
        features.append(f"tag_{trigger.tag}")
        features.extend(f"up{n}_{dep}" for n, dep in enumerate(_clause_path(trigger, tokens)))
    for role, actors in (("actor", event.actor), ("recipient", event.recipient)):
        for actor in actors:
            features.append(f"{role}basis_{actor.basis.split('+')[0]}")
            features.append(f"{role}country_{'known' if actor.country else 'none'}")
            features.append(f"{role}sector_{actor.sectors[0] if actor.sectors else 'none'}")
    return " ".join(features)


def _clause_path(trigger: Token, tokens: Sequence[Token], steps: int = 3) -> list[str]:
    """The dependency labels from the trigger up towards the root ("ccomp", "advcl")."""
    path: list[str] = []
    current = trigger
    for _ in range(steps):
        if current.head == current.i or not 0 <= current.head < len(tokens):
            break
        path.append(current.dep)
        current = tokens[current.head]
    return path


def model_path() -> Path:
    return Path(str(resources.files("eventwire").joinpath("data", "classifier")))


class EventJudge:
    """The bundled model, loaded once."""

    def __init__(self, path: Path | None = None) -> None:
        import spacy

        where = path or model_path()
        try:
            self._nlp: Any = spacy.load(where)
        except OSError as exc:
            raise ConfigError(f"cannot load the event classifier from {where}: {exc}") from exc

    def probabilities(self, features: Sequence[str]) -> list[float]:
        """The probability that each event (given by its features) is right."""
        return [float(doc.cats[RIGHT]) for doc in self._nlp.pipe(features)]


def judge_events(
    events: Sequence[Event], tokens_of: Mapping[int, Sequence[Token]], judge: EventJudge
) -> list[Event]:
    """The events with the model's probability as their confidence."""
    if not events:
        return []
    features = [event_features(event, tokens_of.get(event.sentence_index, ())) for event in events]
    return [
        _with_confidence(event, probability)
        for event, probability in zip(events, judge.probabilities(features), strict=True)
    ]


def _with_confidence(event: Event, probability: float) -> Event:
    return replace(event, confidence=round(probability, 3))


def training_report(path: Path | None = None) -> dict[str, Any]:
    """What the bundled model was trained on and how it did out of fold."""
    meta = (path or model_path()) / "meta.json"
    report: dict[str, Any] = json.loads(meta.read_text(encoding="utf-8"))["eventwire"]
    return report
