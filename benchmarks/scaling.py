"""Dask engine scaling: the same input ingested on a local cluster of 1, then 2, ... workers.

    .venv/bin/python benchmarks/scaling.py                       # VOA + Wikinews, 1 and 2 workers
    .venv/bin/python benchmarks/scaling.py --workers 1 2 PATH ...

Each run starts a fresh LocalCluster (one single-threaded process per worker), loads
the engine on every worker first (timed, but outside the coding clock), then ingests
into a fresh Parquet dataset. Coding time runs from the first partition sent to the
last one committed, and includes this process reading and cleaning the input as it
goes; dedup over the dataset is timed apart. With ``--rounds N`` the sizes alternate N
times and the fastest run of each counts (the 1-minute load average before each run is
recorded, to tell a busy machine from a slow engine).

Prints a table and writes JSON (default benchmarks/results/scaling.json): stories/s and
stories/s per worker, the speed-up over the first size, time per step (read and clean,
code, commit, dedup; code and commit summed over partitions), engine load, and peak
memory of each worker and of this process. Two figures tell the engine's losses from
the machine's: ``busy_share``, the share of the workers' time spent coding (the rest
is scheduling, commits, waiting for this process to read, and the last partitions'
tail), and ``cpu_share``, the share of their coding time the workers had a core (below
1 when other processes compete for the cores). ``stories_per_second_own_cores``
projects the rate had each worker had its own core: the workers' CPU time per story at
the busy share measured. When the engine scales, stories/s per worker stays flat up to
the number of cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from distributed import Client, LocalCluster

from eventwire.cluster import ClusterReport, ingest
from eventwire.config import Settings
from eventwire.store.dataset import Dataset

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"
DEFAULT_INPUTS = (
    SHARED / "voa" / "voa_stories.jsonl",
    SHARED / "wikinews_vanatteveldt" / "wikinews_2019_2020.jsonl",
)
# About 10 wire stories a partition: 30 partitions for VOA + Wikinews, so that the last
# partitions leave a worker idle only briefly; a commit costs little next to coding.
DEFAULT_PARTITION_CHARS = 50_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(path) for path in DEFAULT_INPUTS])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--partition-chars", type=int, default=DEFAULT_PARTITION_CHARS)
    parser.add_argument(
        "--rounds", type=int, default=1, help="runs of each size, alternating; the fastest counts"
    )
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/scaling.json"))
    args = parser.parse_args()

    settings = Settings.load(overrides={"partition_chars": args.partition_chars})
    every = [
        run(args.paths, workers=count, settings=settings)
        for _ in range(args.rounds)
        for count in args.workers
    ]
    runs = [
        max(
            (entry for entry in every if entry["workers"] == count),
            key=lambda entry: entry["stories_per_second"],
        )
        for count in args.workers
    ]
    base = runs[0]["stories_per_second"] / runs[0]["workers"]
    for entry in runs:
        entry["speedup_over_first"] = round(
            entry["stories_per_second"] / runs[0]["stories_per_second"], 2
        )
        entry["per_worker_efficiency"] = round(entry["stories_per_second_per_worker"] / base, 2)
    result: dict[str, Any] = {
        "inputs": args.paths,
        "partition_chars": args.partition_chars,
        "runs": runs,
        "every_run": [
            {key: entry[key] for key in ("workers", "stories_per_second", "load_average")}
            for entry in every
        ],
        "cores": len(os.sched_getaffinity(0)),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print_table(runs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")


def run(paths: list[str], *, workers: int, settings: Settings) -> dict[str, Any]:
    """One ingest on a fresh cluster of ``workers`` processes, into a fresh dataset."""
    load = os.getloadavg()[0]
    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory() as work,
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        cluster_seconds = time.perf_counter() - started
        report = ingest(paths, dataset=Dataset(f"{work}/out"), settings=settings, client=client)
    return summary(report, workers=workers, cluster_seconds=cluster_seconds) | {
        "load_average": round(load, 2)
    }


def summary(report: ClusterReport, *, workers: int, cluster_seconds: float) -> dict[str, Any]:
    if report.failed:
        raise SystemExit(f"partitions failed: {report.failed}")
    rate = report.coding_rate
    busy = report.code_seconds / (workers * report.coding_seconds)
    return {
        "workers": workers,
        "stories": report.partition_stories,
        "documents": report.stored,
        "events": report.events,
        "partitions": report.partitions,
        "stories_per_second": round(rate, 2),
        "stories_per_second_per_worker": round(rate / workers, 2),
        "coding_seconds": round(report.coding_seconds, 2),
        # the share of the workers' time spent coding: scheduling, commits, the driver's
        # reading and the last partitions' tail are the rest
        "busy_share": round(busy, 3),
        # how long a story takes a worker: rises when workers slow each other down
        "code_ms_per_story": round(1000 * report.code_seconds / report.partition_stories, 1),
        # the share of their coding time the workers had a core: below 1 when other
        # processes (or too many workers) compete for the cores
        "cpu_share": round(report.code_cpu_seconds / report.code_seconds, 3),
        # stories/s if every worker had had its own core at the busy share measured
        "stories_per_second_own_cores": round(
            report.partition_stories * workers * busy / report.code_cpu_seconds, 2
        ),
        "seconds": {
            "cluster_start": round(cluster_seconds, 2),
            "engine_load_slowest_worker": round(report.load_seconds, 2),
            "read_clean": round(report.read_seconds, 2),
            "code_summed": round(report.code_seconds, 2),
            "commit_summed": round(report.write_seconds, 2),
            "dedup": round(report.dedup_seconds, 2),
            "whole_ingest": round(report.seconds, 2),
        },
        "peak_rss_mb_per_worker": sorted(round(mb, 1) for mb in report.peak_rss_mb.values()),
        "peak_rss_mb_client": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def print_table(runs: list[dict[str, Any]]) -> None:
    head = (
        f"{'workers':>7} {'stories':>7} {'events':>6} {'parts':>5} {'st/s':>7} {'st/s/w':>7} "
        f"{'speedup':>7} {'busy':>5} {'ms/st':>6} {'cpu':>5} {'own-core st/s':>13} "
        f"{'coding s':>8} {'read s':>6} {'code s':>7} {'commit s':>8} "
        f"{'dedup s':>7} {'load s':>6} {'peak MB/worker':>15}"
    )
    print(head)
    for entry in runs:
        seconds = entry["seconds"]
        peaks = "/".join(f"{mb:.0f}" for mb in entry["peak_rss_mb_per_worker"])
        print(
            f"{entry['workers']:>7} {entry['stories']:>7} {entry['events']:>6} "
            f"{entry['partitions']:>5} {entry['stories_per_second']:>7.2f} "
            f"{entry['stories_per_second_per_worker']:>7.2f} "
            f"{entry['speedup_over_first']:>7.2f} {entry['busy_share']:>5.2f} "
            f"{entry['code_ms_per_story']:>6.1f} {entry['cpu_share']:>5.2f} "
            f"{entry['stories_per_second_own_cores']:>13.2f} {entry['coding_seconds']:>8.1f} "
            f"{seconds['read_clean']:>6.1f} {seconds['code_summed']:>7.1f} "
            f"{seconds['commit_summed']:>8.1f} {seconds['dedup']:>7.1f} "
            f"{seconds['engine_load_slowest_worker']:>6.1f} {peaks:>15}"
        )


if __name__ == "__main__":
    main()
