"""Read throughput of eventwire: stories per second through reading and cleaning only.

    .venv/bin/python benchmarks/read_throughput.py ../shared/corpora/voa/voa_stories.jsonl

Reads the inputs (any format eventwire reads) through the read and clean stages
(furniture, metadata, publication dates, language, duplicates), without the parser.
Each input is timed over ``--repeat`` passes after one warm-up pass (which also loads
the language model if a story needs it); prints a table and writes JSON (default
benchmarks/results/read_throughput.json).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import time
from collections import Counter
from pathlib import Path
from typing import Any

from eventwire.config import Settings
from eventwire.stages import clean
from eventwire.stages.read import read_paths
from eventwire.types import Document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per input")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/read_throughput.json"))
    args = parser.parse_args()
    settings = Settings.load()
    results = [measure(path, settings=settings, repeat=args.repeat) for path in args.paths]
    report: dict[str, Any] = {
        "inputs": results,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    for result in results:
        print(
            f"{Path(result['path']).name:<36} {result['stories']:>6} stories "
            f"{result['read_seconds']:>7.3f} s read  {result['read_clean_seconds']:>7.3f} s "
            f"read+clean  {result['stories_per_second']:>8.1f} stories/s"
        )
    print(f"peak RSS {report['peak_rss_mb']} MB")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")


def measure(path: str, *, settings: Settings, repeat: int) -> dict[str, Any]:
    """Time reading alone and reading plus cleaning; keep the best pass of each."""
    outcome = _read_clean(path, settings)
    read_times = [_timed(lambda: list(read_paths([path]))) for _ in range(repeat)]
    clean_times = [_timed(lambda: _read_clean(path, settings)) for _ in range(repeat)]
    best = min(clean_times)
    return {
        "path": path,
        "stories": outcome["items"],
        "outcome": outcome["counts"],
        "read_seconds": round(min(read_times), 4),
        "read_clean_seconds": round(best, 4),
        "stories_per_second": round(outcome["items"] / best, 1) if best else None,
    }


def _read_clean(path: str, settings: Settings) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    items = 0
    for item in clean.load(settings)(read_paths([path])):
        items += 1
        if not isinstance(item, Document):
            counts[f"rejected: {item.reason.split(': ')[0]}"] += 1
        elif item.duplicate_of:
            counts["duplicates"] += 1
        else:
            counts["cleaned"] += 1
    return {"items": items, "counts": dict(counts)}


def _timed(step: Any) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
