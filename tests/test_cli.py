"""The command line: help, output formats, exit codes and one-line errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app

runner = CliRunner()
STORY = (
    "Ethiopia and Eritrea agreed on Tuesday to hold talks on their border dispute.\n\n"
    "Kenyan police arrested three opposition lawmakers in Nairobi.\n"
)


@pytest.mark.parametrize("command", [[], ["code"], ["eval"]])
def test_cli_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_cli_docs_name_every_command() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    for command in ("eventwire code", "eventwire eval"):
        assert command in readme


@pytest.mark.model
def test_cli_code_prints_one_json_event_per_line(tmp_path: Path, engine: object) -> None:
    story = tmp_path / "horn.txt"
    story.write_text(STORY)
    result = runner.invoke(app, ["code", "--format", "jsonl", str(story)])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    types = {event["event_type"] for event in events}
    assert {"AGREE", "COERCE"} <= types
    for event in events:
        assert event["story_id"] == "horn"
        start, end = event["evidence"]["trigger_start"], event["evidence"]["trigger_end"]
        assert STORY[start:end] == event["evidence"]["trigger"]


@pytest.mark.model
def test_cli_code_table_format_has_header(tmp_path: Path, engine: object) -> None:
    story = tmp_path / "horn.txt"
    story.write_text(STORY)
    result = runner.invoke(app, ["code", "--format", "table", str(story)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split()[:3] == ["story_id", "date", "event_type"]


@pytest.mark.model
def test_cli_bad_inputs_are_named_in_one_line_and_others_still_coded(
    tmp_path: Path, engine: object
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(STORY)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Chilean police arrested 40 protesters in Valpara\xedso.\n".encode("cp1252"))
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02\x03binary")
    lines = tmp_path / "lines.jsonl"
    lines.write_text('{"id": "ok", "text": "Israeli troops withdrew from Jenin."}\n{oops\n')
    missing = tmp_path / "missing.txt"
    paths = [str(p) for p in (good, empty, latin, binary, lines, missing)]
    result = runner.invoke(app, ["code", "--format", "jsonl", *paths])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    stderr = result.stderr.splitlines()
    assert f"eventwire: {empty}: empty file (read)" in stderr
    assert f"eventwire: {binary}: binary file (read)" in stderr
    assert (
        f"eventwire: {lines}:2: not JSON: Expecting property name enclosed in double quotes (read)"
        in stderr
    )
    assert f"eventwire: {missing}: no such file (read)" in stderr
    story_ids = {json.loads(line)["story_id"] for line in result.stdout.splitlines()}
    assert {"good", "latin", "ok"} <= story_ids


def test_cli_bad_setting_exits_2_with_one_line(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("historical_days = -4\n")
    result = runner.invoke(app, ["code", "--config", str(config), "x.txt"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "eventwire: error: setting 'historical_days' must be zero or more"
    ]


def test_cli_eval_missing_gold_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["eval", "--gold", str(tmp_path / "none.jsonl"), "--stories", "x.jsonl"]
    )
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


@pytest.mark.model
def test_cli_eval_json_report_has_the_documented_keys(tmp_path: Path, engine: object) -> None:
    stories = tmp_path / "stories.jsonl"
    stories.write_text(json.dumps({"id": "s1", "text": STORY, "published": "2025-03-14"}) + "\n")
    gold = tmp_path / "gold.jsonl"
    event = {
        "event_type": "COERCE",
        "mode": "arrest",
        "actor": [{"country": "KEN"}],
        "recipient": [{"country": "KEN"}],
        "date": "2025-03-14",
        "location": None,
        "aux": None,
        "context": [],
        "evidence": "Kenyan police arrested",
    }
    gold.write_text(json.dumps({"id": "s1", "pub_date": "2025-03-14", "events": [event]}) + "\n")
    result = runner.invoke(app, ["eval", "--gold", str(gold), "--stories", str(stories), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    for key in ("precision", "recall", "f1", "f1_no_aux", "per_type", "agreement"):
        assert key in report
    assert report["recall"] == 1.0
    assert set(report["per_type"]) >= {"COERCE", "AGREE", "ASSAULT"}
