"""Cross-story dedup: the same real-world event told by several stories becomes one.

Two events of different stories are the same event when they have the same type and
aux flag, their actor countries overlap (and their recipient countries overlap, or
both have none), their dates lie within a window of each other, their places are
compatible (same country, and the same place when both name one at the same level),
their evidence sentences share enough words and enough of the names they give
(capitalised words after the first: "Kyiv" and "Dnipro" keep two strikes apart when
the gazetteer placed neither), and when both state figures they share one (daily
tolls of the same war, 59 killed one day and 41 the next, stay apart). Groups are
joined by complete linkage: two groups become one only when every event of one
matches every event of the other, so a chain of near matches does not snowball; each
group is one canonical event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import re
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

WORD = re.compile(r"[^\W\d_]{4,}")
TOKEN = re.compile(r"[^\W\d_][\w.'\u2019-]*")
TOKEN_TRAIL = ".'\u2019-"
NUMBER = re.compile(r"\b\d[\d,]*(?:\.\d+)?\b|\b[a-z]+\b", re.IGNORECASE)
SMALL_NUMBERS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
)
NUMBER_WORDS = {word: str(value) for value, word in enumerate(SMALL_NUMBERS) if value} | {
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "hundred": "100",
    "dozens": "dozens",
}
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
    names: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class DedupRules:
    """How close two events must be to count as one."""

    window_days: int = 2
    min_similarity: float = 0.1
    min_name_similarity: float = 0.6


def evidence_words(sentence: str) -> frozenset[str]:
    """The content words of an evidence sentence, lower-cased."""
    return frozenset(w for w in (m.lower() for m in WORD.findall(sentence)) if w not in STOPWORDS)


def evidence_names(sentence: str) -> frozenset[str]:
    """Capitalised words after the sentence's first word, lower-cased: its names."""
    tokens = (match.group().rstrip(TOKEN_TRAIL) for match in TOKEN.finditer(sentence))
    return frozenset(token.lower() for i, token in enumerate(tokens) if i and token[0].isupper())


def evidence_numbers(sentence: str) -> frozenset[str]:
    """The numbers a sentence states (digits or words up to twenty, tens): its figures."""
    found = set()
    for match in NUMBER.finditer(sentence):
        token = match.group().lower()
        if token[0].isdigit():
            found.add(token.replace(",", ""))
        elif token in NUMBER_WORDS:
            found.add(NUMBER_WORDS[token])
    return frozenset(found)


def canonical_id(event_keys: Iterable[str]) -> str:
    """A stable id for a group: a hash of its smallest member's key."""
    return hashlib.sha256(min(event_keys).encode()).hexdigest()[:16]


def group_events(events: Sequence[DedupEvent], *, rules: DedupRules) -> list[list[str]]:
    """Groups of event keys, each one real-world event; every event is in one group."""
    return sorted(stream_groups(sorted(events, key=sweep_order), rules=rules))


def sweep_order(event: DedupEvent) -> tuple[str, bool, str, dt.date, str]:
    """The order ``stream_groups`` needs: by type and aux flag, then day, then key. SQL
    gives it with ``ORDER BY event_type, aux NULLS FIRST, day, event_key``."""
    return (
        event.event_type,
        event.aux is not None,
        event.aux or "",
        event.day or dt.date.min,
        event.event_key,
    )


def stream_groups(events: Iterable[DedupEvent], *, rules: DedupRules) -> Iterator[list[str]]:
    """``group_events`` over a stream in ``sweep_order``: only the events within the
    window of the one being compared are held, and a group is given out (its keys
    sorted) as soon as no later event can join it. Events without a day or actor
    countries are never compared and come out alone, wherever they are in the stream.

    Pairs are compared in the same order as a sweep over a whole sorted block would
    compare them (each event with every later one in the window), so the groups are the
    same however long the stream.
    """
    sweep: _Sweep | None = None
    done: set[tuple[str, str | None]] = set()
    for event in events:
        if not _comparable(event):
            yield [event.event_key]
            continue
        block = (event.event_type, event.aux)
        if sweep is None or sweep.block != block:
            if sweep is not None:
                yield from sweep.finish()
                done.add(sweep.block)
            if block in done:
                raise ValueError(f"events of {block} come in two runs: not in sweep order")
            sweep = _Sweep(block, rules=rules)
        yield from sweep.add(event)
    if sweep is not None:
        yield from sweep.finish()


class _Sweep:
    """Complete-linkage grouping of one block (one type and aux flag), fed in day order."""

    def __init__(self, block: tuple[str, str | None], *, rules: DedupRules) -> None:
        self.block = block
        self.rules = rules
        self.ahead: deque[DedupEvent] = deque()  # not yet compared with the later ones
        # the events of ``ahead`` under each pair of an actor and a recipient country
        self.by_sides: defaultdict[tuple[str, str], deque[DedupEvent]] = defaultdict(deque)
        self.group_of: dict[str, int] = {}
        self.members: dict[int, list[DedupEvent]] = {}
        self.uncompared: dict[int, int] = {}  # members of a group still in ``ahead``
        self.count = 0
        self.last: tuple[str, bool, str, dt.date, str] | None = None

    def add(self, event: DedupEvent) -> Iterator[list[str]]:
        """Take the next event; compare the ones whose whole window is now held."""
        order = sweep_order(event)
        if self.last is not None and order <= self.last:
            raise ValueError(f"{event.event_key} comes out of sweep order")
        self.last = order
        group = self.count
        self.count += 1
        self.group_of[event.event_key] = group
        self.members[group] = [event]
        self.uncompared[group] = 1
        self.ahead.append(event)
        for sides in _sides(event):
            self.by_sides[sides].append(event)
        while _days_apart(self.ahead[0], event) > self.rules.window_days:
            yield from self._compare_first()

    def finish(self) -> Iterator[list[str]]:
        while self.ahead:
            yield from self._compare_first()

    def _compare_first(self) -> Iterator[list[str]]:
        """Compare the earliest held event with every later one within the window; give
        out its group when that was the group's last member to be compared."""
        left = self.ahead.popleft()
        for sides in _sides(left):
            self.by_sides[sides].popleft()  # ``left``: every earlier one is gone
            if not self.by_sides[sides]:
                del self.by_sides[sides]
        for right in self._on_the_same_sides(left):
            if _days_apart(left, right) > self.rules.window_days:
                break
            self._join(left, right)
        group = self.group_of[left.event_key]
        self.uncompared[group] -= 1
        if self.uncompared[group] == 0:
            del self.uncompared[group]
            members = self.members.pop(group)
            for member in members:
                del self.group_of[member.event_key]
            yield sorted(member.event_key for member in members)

    def _on_the_same_sides(self, left: DedupEvent) -> Iterator[DedupEvent]:
        """The later held events that share an actor country with ``left`` and a recipient
        country (or, like it, have none), in order: the only ones it can match, so
        skipping the rest changes no group."""
        lists = [self.by_sides[sides] for sides in _sides(left) if sides in self.by_sides]
        previous = None
        for right in heapq.merge(*lists, key=_day_and_key):
            if right is not previous:
                yield right
            previous = right

    def _join(self, left: DedupEvent, right: DedupEvent) -> None:
        a, b = self.group_of[left.event_key], self.group_of[right.event_key]
        if a == b or not same_event(left, right, rules=self.rules):
            return
        rules = self.rules
        if all(same_event(x, y, rules=rules) for x in self.members[a] for y in self.members[b]):
            keep, gone = min(a, b), max(a, b)
            for event in self.members.pop(gone):
                self.group_of[event.event_key] = keep
                self.members[keep].append(event)
            self.uncompared[keep] += self.uncompared.pop(gone)


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
        and _names_match(left.names, right.names, rules.min_name_similarity)
        and _numbers_match(left.numbers, right.numbers)
    )


def _sides(event: DedupEvent) -> list[tuple[str, str]]:
    """Each actor country with each recipient country ("" for none): two events can be
    one only when they have such a pair in common."""
    recipients = event.recipient_countries or frozenset({""})
    return [(actor, recipient) for actor in event.actor_countries for recipient in recipients]


def _day_and_key(event: DedupEvent) -> tuple[dt.date, str]:
    return event.day or dt.date.min, event.event_key


def _comparable(event: DedupEvent) -> bool:
    return event.day is not None and bool(event.actor_countries)


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


def _names_match(left: frozenset[str], right: frozenset[str], minimum: float) -> bool:
    return not left or not right or _similarity(left, right) >= minimum


def _numbers_match(left: frozenset[str], right: frozenset[str]) -> bool:
    """Two sentences that both give figures must share one ("killed 59" is not "killed 41")."""
    return not left or not right or bool(left & right)


def _similarity(left: frozenset[str], right: frozenset[str]) -> float:
    union = left | right
    return len(left & right) / len(union) if union else 0.0
