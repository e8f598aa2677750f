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


COMMANDS = sorted(
    c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands
)


@pytest.mark.parametrize("command", [[], *([name] for name in COMMANDS)])
def test_cli_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_cli_docs_name_every_command() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    assert COMMANDS
    for command in COMMANDS:
        assert f"eventwire {command}" in readme, command


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
def test_cli_code_writes_quotes_with_their_speakers(tmp_path: Path, engine: object) -> None:
    text = (
        "Ethiopian Prime Minister Abiy Ahmed spoke in Addis Ababa on Monday.\n\n"
        '"Our door to dialogue remains open to every neighbour," Abiy said.\n'
    )
    story = tmp_path / "abiy.txt"
    story.write_text(text)
    quotes = tmp_path / "quotes.jsonl"
    result = runner.invoke(app, ["code", "-f", "jsonl", "--quotes", str(quotes), str(story)])
    assert result.exit_code == 0, result.output
    [quote] = [json.loads(line) for line in quotes.read_text().splitlines()]
    assert quote["story_id"] == "abiy"
    assert text[quote["start"] : quote["end"]] == quote["text"]
    assert quote["speaker"]["name"] == "Abiy Ahmed"
    assert quote["speaker"]["country"] == "ETH"
    assert quote["cue"] == "said"


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


# --- eventwire read, --rejects, --field, the summary and exit codes --------------------

READ_STORY = (
    "Monday, 07 April 2025 10:00 GMT\n\n"
    "Ghana and Togo agree joint patrols\n\n"
    "ACCRA \u2014 The foreign ministers of Ghana and Togo signed a border agreement on Monday.\n\n"
    "WIREX07042025000012345ID99887766\n\n"
    "Legal Disclaimer:\nWIREX gives this text as it is.\n"
)


def test_cli_read_prints_cleaned_stories_with_every_field(tmp_path: Path) -> None:
    story = tmp_path / "pact.txt"
    story.write_text(READ_STORY)
    copy = tmp_path / "copy.txt"
    copy.write_text(READ_STORY.replace("Legal Disclaimer:", "Share this story\n\nDisclaimer:"))
    result = runner.invoke(app, ["read", str(story), str(copy)])
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first == {
        "id": "pact",
        "title": "Ghana and Togo agree joint patrols",
        "text": "The foreign ministers of Ghana and Togo signed a border agreement on Monday.",
        "pub_date": "2025-04-07",
        "pub_date_source": "wire_id",
        "pub_date_confidence": 0.9,
        "pub_date_reason": "wire_id and header give 2025-04-07",
        "date_conflicts": [],
        "source": "WIREX",
        "url": None,
        "byline": None,
        "dateline": "ACCRA",
        "language": "en",
        "duplicate_of": None,
        "wire_ids": ["WIREX07042025000012345ID99887766"],
        "path": str(story),
        "position": None,
    }
    assert (second["id"], second["duplicate_of"]) == ("copy", "pact")
    assert result.stderr.splitlines()[-1] == (
        "eventwire: read 2, cleaned 1, duplicates 1, rejected 0"
    )


def test_cli_read_rejects_file_and_exit_1_for_unreadable_input(tmp_path: Path) -> None:
    lines = tmp_path / "feed.jsonl"
    lines.write_text(
        '{"id": "a", "text": "Rebels seized the town of Minova on Tuesday."}\n'
        "{oops\n"
        '{"id": "c", "text": "Die Regierung hat am Montag neue Sanktionen beschlossen."}\n'
    )
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    rejects = tmp_path / "rejects.jsonl"
    result = runner.invoke(app, ["read", str(lines), str(empty), "--rejects", str(rejects)])
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a"]
    written = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert written == [
        {
            "doc_id": None,
            "stage": "read",
            "reason": "not JSON: Expecting property name enclosed in double quotes",
            "path": str(lines),
            "position": "line 2",
        },
        {
            "doc_id": "c",
            "stage": "clean",
            "reason": "language:de",
            "path": str(lines),
            "position": "line 3",
        },
        {
            "doc_id": None,
            "stage": "read",
            "reason": "empty file",
            "path": str(empty),
            "position": None,
        },
    ]
    assert result.stderr.splitlines()[-1] == (
        "eventwire: read 4, cleaned 1, duplicates 0, rejected 3 "
        "(empty file 1, language:de 1, not JSON 1)"
    )


def test_cli_read_only_later_stage_rejections_exit_0(tmp_path: Path) -> None:
    lines = tmp_path / "feed.jsonl"
    lines.write_text(
        '{"id": "fr", "text": "Le gouvernement a annoncé lundi de nouvelles sanctions."}\n'
    )
    result = runner.invoke(app, ["read", str(lines)])
    assert result.exit_code == 0
    assert f"eventwire: {lines}:1: language:fr (clean)" in result.stderr.splitlines()


def test_cli_read_field_mapping(tmp_path: Path) -> None:
    rows = tmp_path / "export.csv"
    rows.write_text("guid,story,when\nx-1,Troops withdrew from the town overnight.,2025-01-02\n")
    result = runner.invoke(app, ["read", "--field", "id=guid", "--field", "date=when", str(rows)])
    assert result.exit_code == 0, result.output
    story = json.loads(result.stdout)
    assert (story["id"], story["pub_date"], story["pub_date_source"]) == (
        "x-1",
        "2025-01-02",
        "metadata",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--field", "nonsense"], "eventwire: error: --field 'nonsense' is not TARGET=NAME"),
        (["--rejects", "/no/such/folder/r.jsonl"], "eventwire: error: --rejects /no/such/folder"),
    ],
)
def test_cli_read_bad_invocation_exits_2(tmp_path: Path, args: list[str], message: str) -> None:
    story = tmp_path / "s.txt"
    story.write_text("Troops withdrew from the town overnight.")
    result = runner.invoke(app, ["read", *args, str(story)])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(message)


def test_cli_read_is_documented() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    assert "eventwire read" in readme
    docs = (Path(__file__).parents[1] / "docs" / "input.md").read_text()
    for topic in ("--field", "--rejects", "WARC", "Exit codes", "language:"):
        assert topic in docs
    result = runner.invoke(app, ["read", "--help"])
    assert result.exit_code == 0
    assert "--field" in result.output


@pytest.mark.model
def test_cli_code_counts_duplicates_and_writes_rejects(tmp_path: Path, engine: object) -> None:
    story = tmp_path / "horn.txt"
    story.write_text(STORY)
    copy = tmp_path / "horn-copy.txt"
    copy.write_text(STORY + "\nShare this story\n")
    blob = tmp_path / "blob.txt"
    blob.write_bytes(b"\x00\x01binary")
    rejects = tmp_path / "rejects.jsonl"
    paths = [str(story), str(copy), str(blob)]
    result = runner.invoke(app, ["code", "-f", "jsonl", "--rejects", str(rejects), *paths])
    assert result.exit_code == 1
    assert {json.loads(line)["story_id"] for line in result.stdout.splitlines()} == {"horn"}
    assert [json.loads(line)["reason"] for line in rejects.read_text().splitlines()] == [
        "binary file"
    ]
    summary = result.stderr.splitlines()[-1]
    assert summary.startswith("eventwire: read 3, coded 1, duplicates 1, events ")
    assert summary.endswith("rejected 1 (binary file 1)")


@pytest.mark.model
def test_cli_code_actors_option_adds_a_dictionary(tmp_path: Path, engine: object) -> None:
    dictionary = tmp_path / "mine.csv"
    dictionary.write_text("name,country,sector\nLake Guard,UGA,MIL\n")
    story = tmp_path / "lake.txt"
    story.write_text("The Lake Guard arrested two fishermen near Jinja on Monday.\n")
    result = runner.invoke(
        app, ["code", "--format", "jsonl", "--actors", str(dictionary), str(story)]
    )
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    actors = [(a["country"], a["sector"]) for e in events for a in e["actor"]]
    assert ("UGA", "MIL") in actors


def test_cli_code_missing_actor_dictionary_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["code", "--actors", str(tmp_path / "none.csv"), "x.txt"])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
