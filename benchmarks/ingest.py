"""Ingest benchmark: the shared corpora into one fresh event database, with default settings.

    .venv/bin/python benchmarks/ingest.py [PATH ...] [--db FILE] [--workers N]

Runs ``eventwire ingest`` as a subprocess (default inputs: the VOA and Wikinews JSON
Lines and the Wikipedia current-events items under ../shared/corpora), sampling the
resident memory of the whole process tree (the main process and its workers) every
0.2 s. Reports stories/second, documents, events, canonical and merged events,
rejections by reason, database size and peak memory (tree total and the largest
single process), then prints a sample of merged events for checking by hand.
Writes JSON to benchmarks/results/ingest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"
DEFAULT_INPUTS = (
    SHARED / "voa" / "voa_stories.jsonl",
    SHARED / "wikinews_vanatteveldt" / "wikinews_2019_2020.jsonl",
    SHARED / "wikipedia_current_events" / "current_events_items.jsonl",
)
SAMPLE_SECONDS = 0.2
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(path) for path in DEFAULT_INPUTS])
    parser.add_argument("--db", type=Path, default=Path("benchmarks/results/ingest.duckdb"))
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--sample", type=int, default=8, help="merged events to print")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/ingest.json"))
    args = parser.parse_args()
    for suffix in ("", ".wal"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    script = Path(sys.executable).parent / "eventwire"
    command = [str(script), "ingest", *args.paths, "--db", str(args.db)]
    if args.workers:
        command += ["--workers", str(args.workers)]
    started = time.monotonic()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    peak_tree, peak_one = watch(process.pid, process)
    seconds = time.monotonic() - started
    summary = process.stderr.read().strip().splitlines() if process.stderr else []
    report = measure(args.db, seconds=seconds)
    report |= {
        "inputs": args.paths,
        "workers": args.workers or len(os.sched_getaffinity(0)),
        "exit_code": process.returncode,
        "peak_rss_mb_all_processes": round(peak_tree / 1024, 1),
        "peak_rss_mb_largest_process": round(peak_one / 1024, 1),
        "summary": summary[-1] if summary else "",
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(json.dumps(report, indent=2, default=str))
    print_sample(args.db, limit=args.sample)


def watch(pid: int, process: subprocess.Popen[str]) -> tuple[int, int]:
    """Peak resident memory (KiB) of the process tree, summed and of its largest member."""
    peak_tree = peak_one = 0
    while process.poll() is None:
        sizes = [rss_kb(member) for member in tree(pid)]
        peak_tree = max(peak_tree, sum(sizes))
        peak_one = max(peak_one, *sizes, 0)
        time.sleep(SAMPLE_SECONDS)
    return peak_tree, peak_one


def tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def rss_kb(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def measure(db: Path, *, seconds: float) -> dict[str, Any]:
    with duckdb.connect(str(db), read_only=True) as con:

        def one(sql: str) -> Any:
            row = con.execute(sql).fetchone()
            return row[0] if row else None

        documents = one("SELECT count(*) FROM documents")
        rejections = one("SELECT count(*) FROM rejections")
        stories = documents + rejections
        return {
            "seconds": round(seconds, 1),
            "stories": stories,
            "stories_per_second": round(stories / seconds, 2),
            "documents": documents,
            "duplicates": one("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"),
            "events": one("SELECT count(*) FROM events"),
            "canonical_events": one("SELECT count(*) FROM canonical_events"),
            "merged_events": one("SELECT coalesce(sum(num_mentions - 1), 0) FROM canonical_events"),
            "multi_story_events": one(
                "SELECT count(*) FROM canonical_events WHERE num_stories > 1"
            ),
            "rejections": rejections,
            "rejections_by_reason": dict(
                con.execute(
                    "SELECT split_part(reason, ': ', 1), count(*) FROM rejections GROUP BY 1"
                ).fetchall()
            ),
            "db_size_mb": round(db.stat().st_size / 2**20, 1),
        }


def print_sample(db: Path, *, limit: int) -> None:
    """Merged events with every mention's sentence, to check by hand."""
    with duckdb.connect(str(db), read_only=True) as con:
        groups = con.execute(
            "SELECT canonical_id, event_type, num_stories FROM canonical_events "
            "WHERE num_stories > 1 ORDER BY hash(canonical_id) LIMIT ?",
            [limit],
        ).fetchall()
        for canonical, kind, stories in groups:
            print(f"\n== {canonical} {kind} ({stories} stories)")
            mentions = con.execute(
                "SELECT d.source, e.date_value, m.sentence FROM event_links l "
                "JOIN events e USING (event_key) JOIN documents d USING (doc_key) "
                "JOIN mentions m USING (event_key) WHERE l.canonical_id = ?",
                [canonical],
            ).fetchall()
            for source, date, sentence in mentions:
                print(f"  [{source} {date}] {sentence[:200]}")


if __name__ == "__main__":
    main()
