"""Streaming dedup gives the groups of a sweep over everything held in memory at once."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence

import pytest

from eventwire.store.dedup import (
    DedupEvent,
    DedupRules,
    group_events,
    same_event,
    stream_groups,
    sweep_order,
)

WORDS = ("shelled", "city", "killing", "civilians", "forces", "attack", "border", "drone")
COUNTRIES = ("RUS", "UKR", "USA", "ISR")


def reference_groups(events: Sequence[DedupEvent], *, rules: DedupRules) -> list[list[str]]:
    """The whole-list sweep that ``stream_groups`` replaces (every event held at once)."""
    group_of = {event.event_key: i for i, event in enumerate(events)}
    members: dict[int, list[DedupEvent]] = {i: [event] for i, event in enumerate(events)}
    for left, right in _pairs(events, window=rules.window_days):
        a, b = group_of[left.event_key], group_of[right.event_key]
        if a == b or not same_event(left, right, rules=rules):
            continue
        if all(same_event(x, y, rules=rules) for x in members[a] for y in members[b]):
            keep, gone = min(a, b), max(a, b)
            for event in members.pop(gone):
                group_of[event.event_key] = keep
                members[keep].append(event)
    return sorted(sorted(event.event_key for event in group) for group in members.values())


def _pairs(events: Sequence[DedupEvent], *, window: int) -> Iterable[tuple[DedupEvent, DedupEvent]]:
    blocks: dict[tuple[str, str | None], list[DedupEvent]] = defaultdict(list)
    for event in events:
        if event.day is not None and event.actor_countries:
            blocks[(event.event_type, event.aux)].append(event)
    for block in blocks.values():
        block.sort(key=lambda event: (event.day, event.event_key))
        for i, left in enumerate(block):
            for right in block[i + 1 :]:
                if left.day is None or right.day is None:
                    raise AssertionError("blocked events have days")
                if abs((right.day - left.day).days) > window:
                    break
                yield left, right


def random_events(seed: int, count: int) -> list[DedupEvent]:
    rng = random.Random(seed)
    events = []
    for i in range(count):
        day = None if rng.random() < 0.05 else dt.date(2024, 3, 1) + dt.timedelta(rng.randint(0, 9))
        events.append(
            DedupEvent(
                event_key=f"{rng.randint(0, count // 2):04d}:{i}",
                doc_key=f"{rng.randint(0, count // 2):04d}",
                event_type=rng.choice(("ASSAULT", "ASSAULT", "CONSULT")),
                aux=rng.choice((None, None, None, "future")),
                day=day,
                actor_countries=frozenset(rng.sample(COUNTRIES, rng.randint(0, 2))),
                recipient_countries=frozenset(rng.sample(COUNTRIES, rng.randint(0, 2))),
                place_country=rng.choice((None, "UKR")),
                place_id=rng.choice((None, 1, 2)),
                place_kind=rng.choice((None, "city")),
                words=frozenset(rng.sample(WORDS, 4)),
                numbers=frozenset(rng.sample(("3", "59"), rng.randint(0, 1))),
            )
        )
    return events


@pytest.mark.parametrize("seed", range(12))
def test_stream_groups_equal_the_whole_list_sweep(seed: int) -> None:
    events = random_events(seed, 150)
    rules = DedupRules(window_days=2, min_similarity=0.3)
    expected = reference_groups(events, rules=rules)
    assert group_events(events, rules=rules) == expected
    streamed = stream_groups(iter(sorted(events, key=sweep_order)), rules=rules)
    assert sorted(streamed) == expected
    assert any(len(group) > 1 for group in expected)  # the case is not trivial


def test_stream_groups_refuse_events_out_of_order() -> None:
    events = sorted(random_events(1, 40), key=sweep_order)
    comparable = [e for e in events if e.day is not None and e.actor_countries]
    with pytest.raises(ValueError, match="sweep order"):
        list(stream_groups(reversed(comparable), rules=DedupRules()))
