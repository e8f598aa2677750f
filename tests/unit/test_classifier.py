"""The bundled event classifier: its data, its threshold and its judgements."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from eventwire import evaluation
from eventwire.errors import ConfigError
from eventwire.stages.events.classifier import EventJudge, event_features, training_report
from eventwire.types import Document, Event, Span

REPO = Path(__file__).resolve().parents[2]
TRAINING = sorted((REPO / "training" / "sentences").glob("*.jsonl"))
DEFAULTS = REPO / "src" / "eventwire" / "defaults.toml"


def code(engine: Any, text: str) -> list[Event]:
    doc = Document(
        doc_id="c", text=text, published=dt.date(2025, 5, 2), body=(Span(start=0, end=len(text)),)
    )
    [coded] = list(engine.code_documents([doc]))
    return list(coded.events)


def test_training_sentences_are_valid_gold_lines_with_unique_ids() -> None:
    assert TRAINING
    ids: list[str] = []
    for path in TRAINING:
        stories = evaluation.read_gold(path)
        ids.extend(story.story_id for story in stories)
        for line in path.read_text(encoding="utf-8").splitlines():
            assert json.loads(line)["text"].strip()
    assert len(ids) == len(set(ids)) > 1500


def test_bundled_model_was_trained_on_the_current_sentences() -> None:
    report = training_report()
    lines = sum(1 for path in TRAINING for line in path.read_text().splitlines() if line.strip())
    assert report["sentences"] == lines


def test_default_confidence_floor_is_the_models_threshold() -> None:
    defaults = tomllib.loads(DEFAULTS.read_text(encoding="utf-8"))
    report = training_report()
    assert defaults["min_confidence"] == report["threshold"]
    sweep = report["out_of_fold"]

    def smoothed(position: int) -> float:
        window = sweep[max(0, position - 1) : position + 2]
        return sum(row["f1"] for row in window) / len(window)

    chosen = next(n for n, row in enumerate(sweep) if row["threshold"] == report["threshold"])
    assert smoothed(chosen) >= max(smoothed(n) for n in range(len(sweep))) - 1e-4


def test_missing_model_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="event classifier"):
        EventJudge(tmp_path / "nowhere")


@pytest.mark.model
def test_clear_events_are_trusted_and_a_loose_one_is_not(engine: Any) -> None:
    [arrest] = code(engine, "Kenyan police arrested an opposition lawmaker in Nairobi on Sunday.")
    [meeting] = code(
        engine, "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin."
    )
    [loose] = code(engine, "They need to either destroy or return the missiles, the official said.")
    floor = training_report()["threshold"]
    assert arrest.confidence > 0.6
    assert meeting.confidence > 0.6
    assert loose.confidence < floor


@pytest.mark.model
def test_features_name_the_trigger_and_how_participants_were_found(engine: Any) -> None:
    text = "Kenyan police arrested an opposition lawmaker in Nairobi on Sunday."
    [event] = code(engine, text)
    doc = Document(doc_id="c", text=text, body=(Span(start=0, end=len(text)),))
    [coded] = list(engine.code_documents([doc]))
    features = event_features(event, coded.sentences[0].sentence.tokens).split()
    assert "type_COERCE" in features
    assert "lemma_arrest" in features
    assert "actorbasis_demonym" in features or "actorbasis_role" in features
    assert "recipients_1" in features
