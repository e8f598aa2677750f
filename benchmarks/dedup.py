"""Dedup at scale: how fast the streaming grouping runs as the events of a day grow.

    .venv/bin/python benchmarks/dedup.py                      # 5 days at 5k, 10k, 20k a day
    .venv/bin/python benchmarks/dedup.py --per-day 40000 --days 5

Generates synthetic per-story events (PLOVER types and actor countries drawn from
skewed distributions like a news feed's, evidence sentences of common and rarer words,
days spread evenly, one event in ten retold by another story) and times
``stream_groups`` over them in sweep order, as dedup reads them from DuckDB. The time
per event grows with the events held in the window (a day's volume times
2 x ``dedup_window_days`` + 1), so the table's trend is what to extrapolate from.
Prints a table and writes JSON (default benchmarks/results/dedup.json) with the peak
memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import time
from pathlib import Path
from typing import Any

from eventwire.store.dedup import DedupEvent, DedupRules, stream_groups, sweep_order

TYPES = ("ASSAULT", "CONSULT", "ACCUSE", "COERCE", "AID", "PROTEST", "AGREE", "REQUEST")
COUNTRIES = 200
COMMON_WORDS = 300
VOCABULARY = 30_000
WORDS_PER_SENTENCE = 12
RETOLD_SHARE = 0.1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-day", type=int, nargs="+", default=[5000, 10000, 20000])
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/dedup.json"))
    args = parser.parse_args()
    rules = DedupRules()
    runs = [measure(per_day, days=args.days, rules=rules) for per_day in args.per_day]
    print(f"{'per day':>8} {'events':>8} {'groups':>8} {'seconds':>8} {'events/s':>9}")
    for entry in runs:
        print(
            f"{entry['events_per_day']:>8} {entry['events']:>8} {entry['groups']:>8} "
            f"{entry['seconds']:>8.1f} {entry['events_per_second']:>9.0f}"
        )
    result: dict[str, Any] = {
        "window_days": rules.window_days,
        "runs": runs,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")


def measure(per_day: int, *, days: int, rules: DedupRules) -> dict[str, Any]:
    events = sorted(synthetic_events(per_day * days, days=days, seed=per_day), key=sweep_order)
    started = time.perf_counter()
    groups = sum(1 for _ in stream_groups(events, rules=rules))
    seconds = time.perf_counter() - started
    return {
        "events_per_day": per_day,
        "events": len(events),
        "groups": groups,
        "seconds": round(seconds, 2),
        "events_per_second": round(len(events) / seconds),
    }


def synthetic_events(count: int, *, days: int, seed: int) -> list[DedupEvent]:
    """Events with a news feed's skew (a few types and countries make most of them),
    sentences of common and rarer words, and one in ten a retelling of an earlier event
    by another story (same type, actors and day or the next, most of its words)."""
    rng = random.Random(seed)
    type_weights = [1 / (rank + 1) for rank in range(len(TYPES))]
    country_weights = [1 / (rank + 1) for rank in range(COUNTRIES)]
    countries = [f"C{rank:03d}" for rank in range(COUNTRIES)]
    start = dt.date(2024, 3, 1)
    events: list[DedupEvent] = []
    for i in range(count):
        if events and rng.random() < RETOLD_SHARE:
            told = rng.choice(events[-2000:])
            kept = sorted(told.words)[: len(told.words) * 3 // 4]
            events.append(
                DedupEvent(
                    event_key=f"{i:09d}:e",
                    doc_key=f"{i // 6:09d}",
                    event_type=told.event_type,
                    aux=told.aux,
                    day=min(
                        told.day + dt.timedelta(days=rng.randint(0, 1)),
                        start + dt.timedelta(days - 1),
                    ),
                    actor_countries=told.actor_countries,
                    recipient_countries=told.recipient_countries,
                    place_country=told.place_country,
                    place_id=None,
                    place_kind=None,
                    words=frozenset([*kept, *_words(rng, 3)]),
                )
            )
            continue
        actors = rng.choices(countries, country_weights, k=rng.choice((1, 1, 2)))
        recipients = rng.choices(countries, country_weights, k=rng.choice((0, 1, 1)))
        events.append(
            DedupEvent(
                event_key=f"{i:09d}:e",
                doc_key=f"{i // 6:09d}",
                event_type=rng.choices(TYPES, type_weights)[0],
                aux=None if rng.random() < 0.85 else "future",
                day=start + dt.timedelta(days=rng.randrange(days)),
                actor_countries=frozenset(actors),
                recipient_countries=frozenset(recipients),
                place_country=rng.choice((None, actors[0])),
                place_id=None,
                place_kind=None,
                words=frozenset(_words(rng, WORDS_PER_SENTENCE)),
            )
        )
    return events


def _words(rng: random.Random, count: int) -> list[str]:
    """A third from the few hundred words every report uses, the rest from the long tail."""
    common = [f"c{rng.randrange(COMMON_WORDS)}" for _ in range(count // 3)]
    return common + [f"w{rng.randrange(VOCABULARY)}" for _ in range(count - len(common))]


if __name__ == "__main__":
    main()
