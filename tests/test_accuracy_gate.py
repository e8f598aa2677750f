"""CI's accuracy gate: every suite in tests/golden/baseline.json stays above its floors."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

GATE_PATH = Path(__file__).parent / "golden" / "gate.py"
_spec = importlib.util.spec_from_file_location("golden_gate", GATE_PATH)
assert _spec is not None
assert _spec.loader is not None
gate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gate)

SUITES: dict[str, Any] = gate.load_baseline()


@pytest.mark.model
@pytest.mark.parametrize("name", sorted(SUITES))
def test_accuracy_gate_suite_stays_above_floors(name: str, engine: object) -> None:
    suite = SUITES[name]
    gold_path, _ = gate.suite_paths(suite)
    if not gold_path.exists():
        pytest.skip(f"{gold_path} is not present (../shared is needed for this suite)")
    report = gate.score_suite(suite, engine)
    assert report["gold"] > 0, "the gold file holds no events: the suite measures nothing"
    assert gate.failures(report, suite["floors"]) == []
