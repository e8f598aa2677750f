"""End-to-end throughput and peak memory of `eventwire` on a story file, on one core.

    .venv/bin/python benchmarks/throughput.py ../shared/corpora/voa/voa_stories.jsonl

Prints a table and writes JSON (default benchmarks/results/throughput.json). Times
each stage by running the pipeline cumulatively: read+clean, +parse, +actors,
+events, +dates/places; each later stage's cost is the difference.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from eventwire.config import Settings
from eventwire.pipeline import load_engine
from eventwire.stages import clean, dates, places, read
from eventwire.types import Document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--repeat", type=int, default=1, help="passes over the input")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/throughput.json"))
    args = parser.parse_args()

    settings = Settings.load()
    started = time.perf_counter()
    engine = load_engine(settings)
    load_seconds = time.perf_counter() - started

    documents = _documents(args.paths, settings) * args.repeat
    words = sum(len(doc.text[s.start : s.end].split()) for doc in documents for s in doc.body)

    def parse_only(docs: Iterable[Document]) -> int:
        return sum(len(sentences) for _, sentences in engine.parse(docs))

    def through_actors(docs: Iterable[Document]) -> int:
        return sum(len(doc.sentences) for doc in engine.resolve(engine.parse(docs)))

    def through_events(docs: Iterable[Document]) -> int:
        return sum(len(doc.events) for doc in engine.code(engine.resolve(engine.parse(docs))))

    def full(docs: Iterable[Document]) -> int:
        coded = engine.code(engine.resolve(engine.parse(docs)))
        dated = dates.apply(coded, historical_days=settings.historical_days)
        return sum(len(doc.events) for doc in places.apply(dated, lexicon=engine.lexicon))

    timings = {
        name: _time(step, documents)
        for name, step in (
            ("parse", parse_only),
            ("actors", through_actors),
            ("events", through_events),
            ("dates_places", full),
        )
    }
    total = timings["dates_places"][0]
    events = timings["dates_places"][1]
    read_seconds = _time_read(args.paths, settings)
    result = {
        "inputs": args.paths,
        "stories": len(documents),
        "words": words,
        "events": events,
        "model_load_seconds": round(load_seconds, 2),
        "read_clean_seconds": round(read_seconds * args.repeat, 3),
        "end_to_end_seconds": round(total, 2),
        "stories_per_second": round(len(documents) / total, 2),
        "words_per_second": round(words / total, 1),
        "stage_seconds": {
            "parse": round(timings["parse"][0], 3),
            "actors": round(timings["actors"][0] - timings["parse"][0], 3),
            "events": round(timings["events"][0] - timings["actors"][0], 3),
            "dates_places": round(timings["dates_places"][0] - timings["events"][0], 3),
        },
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    _print(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")


def _documents(paths: list[str], settings: Settings) -> list[Document]:
    items = clean.clean_all(read.read_paths(paths), max_chars=settings.max_story_chars)
    return [item for item in items if isinstance(item, Document)]


def _time(
    step: Callable[[Iterable[Document]], int], documents: list[Document]
) -> tuple[float, int]:
    started = time.perf_counter()
    count = step(documents)
    return time.perf_counter() - started, count


def _time_read(paths: list[str], settings: Settings) -> float:
    started = time.perf_counter()
    _documents(paths, settings)
    return time.perf_counter() - started


def _print(result: dict[str, object]) -> None:
    for key, value in result.items():
        if isinstance(value, dict):
            for name, seconds in value.items():
                print(f"  {key}.{name:<14} {seconds}")
        else:
            print(f"{key:<22} {value}")


if __name__ == "__main__":
    main()
