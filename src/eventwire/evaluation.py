"""Score coded events against a gold file, as the gold format's scoring section defines.

Before matching, a CONSULT, SUPPORT, COOPERATE or AID with aux ``future`` becomes an
AGREE with aux null, on both sides. Within a story a predicted event matches a gold
event when the types are equal, the actor country sets intersect (null matches
null), and the recipient country sets intersect or the gold recipient is empty. Each
gold event is matched at most once (a maximum matching). Precision, recall and F1 are
computed over all stories, with and without events whose aux is not null; for the
matched pairs, the share with the same mode, date and location country.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire import ontology
from eventwire.errors import InputError
from eventwire.types import Event

FUTURE_AS_AGREE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})


@dataclass(frozen=True, slots=True)
class ScoredEvent:
    """The fields scoring looks at, from a gold line or a coded event."""

    event_type: str
    mode: str | None
    actor_countries: frozenset[str | None]
    recipient_countries: frozenset[str | None]
    date: str | None
    location_country: str | None
    aux: str | None
    actor_sectors: frozenset[str | None] = frozenset()


@dataclass(frozen=True, slots=True)
class GoldStory:
    story_id: str
    pub_date: str | None
    events: tuple[ScoredEvent, ...]


@dataclass(slots=True)
class Tally:
    """Counts for precision, recall and F1."""

    predicted: int = 0
    gold: int = 0
    matched: int = 0

    def scores(self) -> dict[str, float | int]:
        precision = self.matched / self.predicted if self.predicted else 0.0
        recall = self.matched / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "predicted": self.predicted,
            "gold": self.gold,
            "matched": self.matched,
        }


@dataclass(slots=True)
class Agreement:
    """Shares of matched pairs that agree on a field."""

    pairs: int = 0
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, predicted: ScoredEvent, gold: ScoredEvent) -> None:
        self.pairs += 1
        self.counts["mode"] += predicted.mode == gold.mode
        self.counts["date"] += predicted.date == gold.date
        self.counts["location"] += predicted.location_country == gold.location_country
        self.counts["actor_sector"] += bool(predicted.actor_sectors & gold.actor_sectors)
        self.counts["actor_country"] += predicted.actor_countries == gold.actor_countries

    def shares(self) -> dict[str, float]:
        names = ("mode", "date", "location", "actor_country", "actor_sector")
        return {
            name: round(self.counts[name] / self.pairs, 4) if self.pairs else 0.0 for name in names
        }


def read_gold(path: Path) -> list[GoldStory]:
    """Read a gold file; a malformed line is an InputError naming the line."""
    if not path.is_file():
        raise InputError(f"gold file {path} does not exist or is not a file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"gold file {path} cannot be read: {exc}") from exc
    stories: list[GoldStory] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            events = tuple(_gold_event(event) for event in record["events"])
            stories.append(GoldStory(str(record["id"]), record.get("pub_date"), events))
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise InputError(f"{path}:{number}: not a gold line ({exc!r})") from exc
    return stories


def _gold_event(event: Mapping[str, Any]) -> ScoredEvent:
    ontology.validate_event(event["event_type"], event.get("mode"))
    location = event.get("location") or {}
    return normalise(
        ScoredEvent(
            event_type=event["event_type"],
            mode=event.get("mode"),
            actor_countries=_countries(event.get("actor") or []),
            recipient_countries=frozenset(a.get("country") for a in event.get("recipient") or []),
            date=event.get("date"),
            location_country=location.get("country"),
            aux=event.get("aux"),
            actor_sectors=frozenset(a.get("sector") for a in event.get("actor") or []),
        )
    )


def _countries(actors: Sequence[Mapping[str, Any]]) -> frozenset[str | None]:
    return frozenset(a.get("country") for a in actors) or frozenset({None})


def scored_from_event(event: Event) -> ScoredEvent:
    """The scoring view of a coded event."""
    return normalise(
        ScoredEvent(
            event_type=event.event_type,
            mode=event.mode,
            actor_countries=frozenset(a.country for a in event.actor) or frozenset({None}),
            recipient_countries=frozenset(a.country for a in event.recipient),
            date=event.date.value if event.date else None,
            location_country=event.location.country if event.location else None,
            aux=event.aux,
            actor_sectors=frozenset(s for a in event.actor for s in a.sectors[:1]),
        )
    )


def normalise(event: ScoredEvent) -> ScoredEvent:
    """A future CONSULT, SUPPORT, COOPERATE or AID is an AGREE with aux null."""
    if event.aux == "future" and event.event_type in FUTURE_AS_AGREE:
        return ScoredEvent(
            event_type="AGREE",
            mode=None,
            actor_countries=event.actor_countries,
            recipient_countries=event.recipient_countries,
            date=event.date,
            location_country=event.location_country,
            aux=None,
            actor_sectors=event.actor_sectors,
        )
    return event


def matches(predicted: ScoredEvent, gold: ScoredEvent) -> bool:
    """The gold format's matching rule."""
    if predicted.event_type != gold.event_type:
        return False
    if not predicted.actor_countries & gold.actor_countries:
        return False
    return not gold.recipient_countries or bool(
        predicted.recipient_countries & gold.recipient_countries
    )


def match_story(
    predicted: Sequence[ScoredEvent], gold: Sequence[ScoredEvent]
) -> list[tuple[int, int]]:
    """A maximum matching of predicted to gold events (augmenting paths)."""
    edges = [
        [g for g, gold_event in enumerate(gold) if matches(p_event, gold_event)]
        for p_event in predicted
    ]
    owner: dict[int, int] = {}

    def augment(p: int, seen: set[int]) -> bool:
        for g in edges[p]:
            if g in seen:
                continue
            seen.add(g)
            if g not in owner or augment(owner[g], seen):
                owner[g] = p
                return True
        return False

    for p in range(len(predicted)):
        augment(p, set())
    return sorted((p, g) for g, p in owner.items())


def evaluate(gold: Sequence[GoldStory], predicted: Mapping[str, Sequence[Event]]) -> dict[str, Any]:
    """Every figure of the report, as a JSON-ready dict."""
    overall, no_aux = Tally(), Tally()
    per_type: dict[str, Tally] = {name: Tally() for name in ontology.EVENT_TYPES}
    agreement = Agreement()
    stories: dict[str, dict[str, int]] = {}
    missing = [story.story_id for story in gold if story.story_id not in predicted]
    for story in gold:
        pred = [scored_from_event(event) for event in predicted.get(story.story_id, ())]
        pairs = match_story(pred, story.events)
        _count(overall, pred, story.events, pairs)
        for p, g in pairs:
            agreement.add(pred[p], story.events[g])
        _count_types(per_type, pred, story.events, pairs)
        real_pred = [event for event in pred if event.aux is None]
        real_gold = [event for event in story.events if event.aux is None]
        _count(no_aux, real_pred, real_gold, match_story(real_pred, real_gold))
        stories[story.story_id] = {
            "predicted": len(pred),
            "gold": len(story.events),
            "matched": len(pairs),
        }
    summary = overall.scores()
    no_aux_scores = no_aux.scores()
    return {
        **summary,
        "f1_no_aux": no_aux_scores["f1"],
        "precision_no_aux": no_aux_scores["precision"],
        "recall_no_aux": no_aux_scores["recall"],
        "no_aux": no_aux_scores,
        "per_type": {name: tally.scores() for name, tally in per_type.items()},
        "agreement": agreement.shares(),
        "matched_pairs": agreement.pairs,
        "stories": stories,
        "missing_stories": missing,
    }


def _count(
    tally: Tally,
    pred: Sequence[ScoredEvent],
    gold: Sequence[ScoredEvent],
    pairs: Sequence[tuple[int, int]],
) -> None:
    tally.predicted += len(pred)
    tally.gold += len(gold)
    tally.matched += len(pairs)


def _count_types(
    per_type: dict[str, Tally],
    pred: Sequence[ScoredEvent],
    gold: Sequence[ScoredEvent],
    pairs: Iterable[tuple[int, int]],
) -> None:
    for event in pred:
        per_type[event.event_type].predicted += 1
    for event in gold:
        per_type[event.event_type].gold += 1
    for p, _ in pairs:
        per_type[pred[p].event_type].matched += 1


def format_report(report: Mapping[str, Any]) -> str:
    """The report as a readable table."""
    lines = [
        f"events: predicted {report['predicted']}, gold {report['gold']}, "
        f"matched {report['matched']}",
        f"all events      P {report['precision']:.3f}  R {report['recall']:.3f}  "
        f"F1 {report['f1']:.3f}",
        f"aux null only   P {report['precision_no_aux']:.3f}  R {report['recall_no_aux']:.3f}  "
        f"F1 {report['f1_no_aux']:.3f}",
        "matched pairs agreeing: "
        + ", ".join(f"{name} {share:.2f}" for name, share in report["agreement"].items()),
        "",
        f"{'type':<10} {'pred':>5} {'gold':>5} {'match':>5} {'P':>6} {'R':>6} {'F1':>6}",
    ]
    for name, scores in report["per_type"].items():
        lines.append(
            f"{name:<10} {scores['predicted']:>5} {scores['gold']:>5} {scores['matched']:>5} "
            f"{scores['precision']:>6.3f} {scores['recall']:>6.3f} {scores['f1']:>6.3f}"
        )
    if report["missing_stories"]:
        lines.append(f"stories in the gold file but not coded: {len(report['missing_stories'])}")
    return "\n".join(lines)
