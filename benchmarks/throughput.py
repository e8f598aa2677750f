"""End-to-end throughput, time per stage and peak memory of eventwire, on one core.

    .venv/bin/python benchmarks/throughput.py ../shared/corpora/voa/voa_stories.jsonl
    .venv/bin/python benchmarks/throughput.py --prefilter off PATH   # parse every sentence

Prints a table and writes JSON (default benchmarks/results/throughput.json): the
end-to-end rate with all stages streaming, then each stage timed alone on the previous
stage's materialised output (after a short warm-up), the places gazetteer's load time
and memory, the process's peak memory, and the share of sentences (and of body
characters) the pre-filter skips, whether or not it is on. Rates and stage times are
given in wall-clock time and in this process's CPU time (all its threads): on a shared
machine the CPU figures are the steadier measure of what one core does.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from eventwire.config import Settings
from eventwire.pipeline import load_engine
from eventwire.stages import clean, dates, places, prefilter, read
from eventwire.types import Document

T = TypeVar("T")
WARM_UP_STORIES = 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--repeat", type=int, default=1, help="passes over the input")
    parser.add_argument("--prefilter", choices=("on", "off"), help="override the prefilter setting")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/throughput.json"))
    args = parser.parse_args()

    overrides = {"prefilter": None if args.prefilter is None else args.prefilter == "on"}
    settings = Settings.load(overrides=overrides)
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    engine = _timed(seconds, "model_load", lambda: load_engine(settings))
    documents = _timed(seconds, "read_clean", lambda: _documents(args.paths, settings))
    documents = documents * args.repeat
    words = sum(len(doc.text[s.start : s.end].split()) for doc in documents for s in doc.body)
    skipped = _skipped(documents)

    list(engine.code_documents(documents[:WARM_UP_STORIES]))
    total = _timed(seconds, "end_to_end", lambda: list(engine.code_documents(documents)), cpu=cpu)
    events = sum(len(doc.events) for doc in total)

    stages: dict[str, float] = {}
    stages_cpu: dict[str, float] = {}
    parsed = _timed(stages, "parse", lambda: list(engine.parse(documents)), cpu=stages_cpu)
    resolved = _timed(stages, "actors", lambda: list(engine.resolve(parsed)), cpu=stages_cpu)
    coded = _timed(stages, "events", lambda: list(engine.code(resolved)), cpu=stages_cpu)
    dated = _timed(
        stages,
        "dates",
        lambda: list(dates.apply(coded, historical_days=settings.historical_days)),
        cpu=stages_cpu,
    )
    _timed(
        stages,
        "places",
        lambda: list(places.apply(dated, gazetteer=engine.gazetteer)),
        cpu=stages_cpu,
    )
    gazetteer_seconds, gazetteer_mb = _gazetteer_cost()

    result: dict[str, Any] = {
        "inputs": args.paths,
        "stories": len(documents),
        "words": words,
        "prefilter": settings.prefilter,
        "sentences": skipped["sentences"],
        "prefilter_skipped_sentence_share": skipped["sentence_share"],
        "prefilter_skipped_char_share": skipped["char_share"],
        "events": events,
        "model_load_seconds": round(seconds["model_load"], 2),
        "read_clean_stories_per_second": round(len(documents) / seconds["read_clean"], 1),
        "end_to_end_seconds": round(seconds["end_to_end"], 2),
        "stories_per_second": round(len(documents) / seconds["end_to_end"], 2),
        "stories_per_cpu_second": round(len(documents) / cpu["end_to_end"], 2),
        "words_per_second": round(words / seconds["end_to_end"], 1),
        "stage_ms_per_story": _per_story(stages, len(documents)),
        "stage_cpu_ms_per_story": _per_story(stages_cpu, len(documents)),
        "gazetteer_load_seconds": round(gazetteer_seconds, 2),
        "gazetteer_mb": round(gazetteer_mb, 1),
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


def _skipped(documents: list[Document]) -> dict[str, float]:
    """Sentences the splitter finds, and the shares of sentences and body characters the
    pre-filter would not parse."""
    forms = prefilter.load_forms()
    sentences = kept = chars = kept_chars = 0
    for doc in documents:
        for span in doc.body:
            text = doc.text[span.start : span.end]
            pieces, found = prefilter.select(text, forms)
            sentences += found
            chars += len(text)
            for piece in pieces:
                kept += piece.sentences
                kept_chars += piece.end - piece.start
    return {
        "sentences": sentences,
        "sentence_share": round(1 - kept / max(sentences, 1), 3),
        "char_share": round(1 - kept_chars / max(chars, 1), 3),
    }


def _gazetteer_cost() -> tuple[float, float]:
    """Seconds to load the places gazetteer, and the memory it holds (tracemalloc, MB)."""
    started = time.perf_counter()
    places.load()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    gazetteer = places.load()
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del gazetteer
    return seconds, held / 1e6


def _timed(
    seconds: dict[str, float],
    name: str,
    step: Callable[[], T],
    *,
    cpu: dict[str, float] | None = None,
) -> T:
    """Run ``step``, recording its wall-clock seconds (and CPU seconds into ``cpu``)."""
    started, started_cpu = time.perf_counter(), time.process_time()
    result = step()
    seconds[name] = time.perf_counter() - started
    if cpu is not None:
        cpu[name] = time.process_time() - started_cpu
    return result


def _per_story(seconds: dict[str, float], stories: int) -> dict[str, float]:
    return {name: round(1000 * value / stories, 2) for name, value in seconds.items()}


def _print(result: dict[str, Any]) -> None:
    for key, value in result.items():
        if isinstance(value, dict):
            for name, number in value.items():
                print(f"  {key}.{name:<7} {number}")
        else:
            print(f"{key:<30} {value}")


if __name__ == "__main__":
    main()
