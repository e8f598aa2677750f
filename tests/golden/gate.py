"""Accuracy gate: score each suite in baseline.json and fail below its floors.

    .venv/bin/python tests/golden/gate.py                 # check (what CI does via pytest)
    .venv/bin/python tests/golden/gate.py --update        # raise floors to today's figures
    .venv/bin/python tests/golden/gate.py --update --allow-regression   # also lower them

Floors are set a little under the measured figures (MARGIN) so that harmless noise
does not fail CI; lowering one needs --allow-regression, on purpose.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from eventwire import evaluation
from eventwire.config import Settings
from eventwire.pipeline import Engine, load_engine, run
from eventwire.stages.read import read_paths
from eventwire.types import Event, Rejection

REPO = Path(__file__).resolve().parents[2]
BASELINE = Path(__file__).with_name("baseline.json")
METRICS = ("precision", "recall", "f1", "f1_no_aux")
MARGIN = 0.01


def load_baseline() -> dict[str, Any]:
    return dict(json.loads(BASELINE.read_text()))


def suite_paths(suite: dict[str, Any]) -> tuple[Path, list[Path]]:
    return REPO / suite["gold"], [REPO / path for path in suite["stories"]]


def score_suite(suite: dict[str, Any], engine: Engine) -> dict[str, Any]:
    gold_path, story_paths = suite_paths(suite)
    predicted: dict[str, list[Event]] = defaultdict(list)
    for item in run(read_paths(str(path) for path in story_paths), engine=engine):
        if isinstance(item, Rejection):
            continue
        predicted[item.document.doc_id].extend(item.events)
    return evaluation.evaluate(evaluation.read_gold(gold_path), predicted)


def failures(report: dict[str, Any], floors: dict[str, float]) -> list[str]:
    return [
        f"{name} {report[name]:.4f} < floor {floor:.4f}"
        for name, floor in floors.items()
        if report[name] < floor
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="raise floors to today's figures")
    parser.add_argument("--allow-regression", action="store_true", help="let --update lower them")
    args = parser.parse_args()
    baseline = load_baseline()
    engine = load_engine(Settings.load())
    status = 0
    for name, suite in baseline.items():
        gold_path, _ = suite_paths(suite)
        if not gold_path.exists():
            print(f"{name}: skipped, {gold_path} not present")
            continue
        report = score_suite(suite, engine)
        figures = ", ".join(f"{metric} {report[metric]:.4f}" for metric in METRICS)
        print(f"{name}: {figures}")
        problems = failures(report, suite["floors"])
        for problem in problems:
            print(f"  FAIL {problem}")
        if args.update:
            for metric in METRICS:
                proposed = round(max(report[metric] - MARGIN, 0.0), 4)
                current = suite["floors"].get(metric, 0.0)
                if proposed > current or args.allow_regression:
                    suite["floors"][metric] = proposed
        elif problems:
            status = 1
    if args.update:
        BASELINE.write_text(json.dumps(baseline, indent=2) + "\n")
        print(f"floors written to {BASELINE}")
    return status


if __name__ == "__main__":
    sys.exit(main())
