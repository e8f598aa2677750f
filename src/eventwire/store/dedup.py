"""Cross-story dedup: the same real-world event told by several stories becomes one.

Two events of different stories are the same event when they have the same type and
aux flag, their actor countries overlap (and their recipient countries overlap, or
both have none), their dates lie within a window of each other, their places are
compatible (same country, and the same place when both name one at the same level)
and their evidence sentences share enough words. Matching pairs are joined
transitively; each group is one canonical event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

WORD = re.compile(r"[^\W\d_]{4,}")
STOPWORDS = frozenset(
    (
        "that",
        "this",
        "with",
        "from",
        "have",
        "were",
        "been",
        "their",
        "they",
        "which",
        "would",
        "about",
        "said",
        "says",
        "after",
        "into",
        "over",
        "there",
        "when",
        "will",
        "also",
        "more",
        "than",
        "other",
        "some",
        "them",
        "what",
        "could",
        "while",
        "told",
        "such",
        "only",
        "these",
        "those",
        "being",
        "where",
        "against",
        "during",
        "since",
        "under",
    )
)


@dataclass(frozen=True, slots=True, kw_only=True)
class DedupEvent:
    """What dedup compares of one stored per-story event."""

    event_key: str
    doc_key: str
    event_type: str
    aux: str | None
    day: dt.date | None
    actor_countries: frozenset[str]
    recipient_countries: frozenset[str]
    place_country: str | None
    place_id: int | None
    place_kind: str | None
    words: frozenset[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class DedupRules:
    """How close two events must be to count as one."""

    window_days: int = 2
    min_similarity: float = 0.1


def evidence_words(sentence: str) -> frozenset[str]:
    """The content words of an evidence sentence, lower-cased."""
    return frozenset(w for w in (m.lower() for m in WORD.findall(sentence)) if w not in STOPWORDS)


def canonical_id(event_keys: Iterable[str]) -> str:
    """A stable id for a group: a hash of its smallest member's key."""
    return hashlib.sha256(min(event_keys).encode()).hexdigest()[:16]


def group_events(events: Sequence[DedupEvent], *, rules: DedupRules) -> list[list[str]]:
    """Groups of event keys, each one real-world event; every event is in one group."""
    parent = {event.event_key: event.event_key for event in events}
    for left, right in _candidate_pairs(events, window=rules.window_days):
        if same_event(left, right, rules=rules):
            _union(parent, left.event_key, right.event_key)
    groups: dict[str, list[str]] = defaultdict(list)
    for event in events:
        groups[_find(parent, event.event_key)].append(event.event_key)
    return [sorted(members) for members in groups.values()]


def same_event(left: DedupEvent, right: DedupEvent, *, rules: DedupRules) -> bool:
    """Whether two events of different stories tell the same real-world event."""
    return (
        left.doc_key != right.doc_key
        and left.event_type == right.event_type
        and left.aux == right.aux
        and _within(left.day, right.day, rules.window_days)
        and bool(left.actor_countries & right.actor_countries)
        and _recipients_match(left.recipient_countries, right.recipient_countries)
        and _places_compatible(left, right)
        and _similarity(left.words, right.words) >= rules.min_similarity
    )


def _candidate_pairs(
    events: Sequence[DedupEvent], *, window: int
) -> Iterable[tuple[DedupEvent, DedupEvent]]:
    """Pairs of the same type and aux whose days lie within the window (sorted sweep)."""
    blocks: dict[tuple[str, str | None], list[DedupEvent]] = defaultdict(list)
    for event in events:
        if event.day is not None and event.actor_countries:
            blocks[(event.event_type, event.aux)].append(event)
    for block in blocks.values():
        block.sort(key=lambda event: (event.day, event.event_key))
        for i, left in enumerate(block):
            for right in block[i + 1 :]:
                if _days_apart(left, right) > window:
                    break
                yield left, right


def _days_apart(left: DedupEvent, right: DedupEvent) -> int:
    if left.day is None or right.day is None:
        raise ValueError("only dated events are blocked for comparison")
    return abs((right.day - left.day).days)


def _within(left: dt.date | None, right: dt.date | None, window: int) -> bool:
    return left is not None and right is not None and abs((left - right).days) <= window


def _recipients_match(left: frozenset[str], right: frozenset[str]) -> bool:
    return bool(left & right) if left and right else not left and not right


def _places_compatible(left: DedupEvent, right: DedupEvent) -> bool:
    if left.place_country and right.place_country and left.place_country != right.place_country:
        return False
    same_level = left.place_kind is not None and left.place_kind == right.place_kind
    return not (same_level and left.place_id != right.place_id)


def _similarity(left: frozenset[str], right: frozenset[str]) -> float:
    union = left | right
    return len(left & right) / len(union) if union else 0.0


def _find(parent: dict[str, str], key: str) -> str:
    while parent[key] != key:
        parent[key] = parent[parent[key]]
        key = parent[key]
    return key


def _union(parent: dict[str, str], left: str, right: str) -> None:
    a, b = _find(parent, left), _find(parent, right)
    if a != b:
        parent[max(a, b)] = min(a, b)
