"""Ingest end to end with the model: idempotent re-runs, resuming after kill -9 (a
subprocess with a pool of two workers), dedup across outlets, and the new commands."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.batch import ingest
from eventwire.cli import app
from eventwire.config import Settings
from eventwire.pipeline import Engine
from eventwire.store import EventFilter, Store

runner = CliRunner()
REPO = Path(__file__).resolve().parents[1]
# These tests are about storing, resuming and merging, not about which events the
# classifier keeps: every event is kept.
KEEP_ALL = {"EVENTWIRE_MIN_CONFIDENCE": "0"}
NEW_COMMANDS = ("ingest", "events", "export", "stats")


@pytest.fixture(scope="module")
def engine(engine: Engine) -> Engine:
    """The session's engine, keeping every event whatever its confidence."""
    settings = dataclasses.replace(engine.settings, min_confidence=0.0)
    return dataclasses.replace(engine, settings=settings)


ONE_EVENT_TWO_OUTLETS = [
    {
        "id": "a1",
        "source": "wire-a",
        "date": "2024-03-06",
        "text": "Russian forces shelled the Ukrainian city of Kharkiv on Tuesday, killing three "
        "civilians, Ukrainian officials said. The mayor called for more air defence.",
    },
    {
        "id": "b1",
        "source": "wire-b",
        "date": "2024-03-06",
        "text": "Russian forces shelled Kharkiv in Ukraine on Tuesday, Ukrainian officials said. "
        "Three civilians were killed in the attack.",
    },
    {
        "id": "c1",
        "source": "wire-a",
        "date": "2024-03-08",
        "text": "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on "
        "Thursday to discuss support for Ukraine.",
    },
    {
        "id": "d1",
        "source": "wire-b",
        "date": "2024-05-20",
        "text": "Thousands of farmers protested against the government in Paris on Monday over "
        "fuel prices.",
    },
]
PLACES = [
    ("Kenyan", "police", "arrested", "opposition lawmakers", "Nairobi"),
    ("Nigerian", "troops", "attacked", "rebel camps", "Maiduguri"),
    ("Turkish", "officials", "criticised", "the Greek government", "Ankara"),
    ("Chinese", "diplomats", "met", "Japanese ministers", "Beijing"),
    ("Indian", "police", "detained", "protesters", "Delhi"),
    ("Egyptian", "authorities", "released", "journalists", "Cairo"),
]
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def many_stories(count: int) -> list[dict[str, str]]:
    """Short distinct stories (not near-duplicates of each other)."""
    stories = []
    for i in range(count):
        people, who, verb, whom, city = PLACES[i % len(PLACES)]
        day = DAYS[i % len(DAYS)]
        stories.append(
            {
                "id": f"s{i}",
                "source": f"outlet-{i % 3}",
                "date": f"2024-02-{1 + i % 27:02d}",
                "text": f"{people} {who} {verb} {i + 2} {whom} in {city} on {day}, story {i} "
                f"reported. Item number {i * 7} followed on {DAYS[(i + 2) % 5]} with "
                f"{i + 11} more people watching in {city}.",
            }
        )
    return stories


def write_corpus(path: Path, stories: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(story) + "\n" for story in stories))
    return path


@pytest.mark.parametrize("command", NEW_COMMANDS)
def test_cli_new_commands_have_help_and_docs(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "--db" in result.output
    assert f"eventwire {command}" in (REPO / "README.md").read_text()
    assert f"eventwire {command}" in (REPO / "docs" / "database.md").read_text()


def test_ingest_again_adds_nothing_and_merges_one_event_from_two_outlets(
    tmp_path: Path, engine: Engine
) -> None:
    corpus = write_corpus(tmp_path / "wire.jsonl", ONE_EVENT_TWO_OUTLETS)
    store = Store(tmp_path / "events.duckdb")
    first = ingest([str(corpus)], store=store, settings=engine.settings, engine=engine)
    assert (first.read, first.stored, first.skipped) == (4, 4, 0)
    totals = store.stats()["totals"]
    again = ingest([str(corpus)], store=store, settings=engine.settings, engine=engine)
    assert (again.read, again.stored, again.skipped, again.events) == (4, 0, 4, 0)
    assert store.stats()["totals"] == totals
    shelling = store.events(EventFilter(event_type="ASSAULT", actor="RUS"))
    assert len(shelling) == 1
    assert (shelling[0]["num_stories"], shelling[0]["num_sources"]) == (2, 2)
    talks = store.events(EventFilter(event_type="CONSULT"))
    protest = store.events(EventFilter(event_type="PROTEST"))
    assert [row["num_stories"] for row in talks + protest] == [1, 1]


def test_ingest_killed_mid_run_leaves_whole_batches_and_resumes(
    tmp_path: Path, engine: Engine
) -> None:
    corpus = write_corpus(tmp_path / "many.jsonl", many_stories(60))
    clean = Store(tmp_path / "clean.duckdb")
    ingest([str(corpus)], store=clean, settings=engine.settings, engine=engine)
    killed = Store(tmp_path / "killed.duckdb")
    env = os.environ | KEEP_ALL | {"EVENTWIRE_STORE_BATCH_SIZE": "2"}
    env["EVENTWIRE_INGEST_CHUNK_SIZE"] = "1"
    script = Path(sys.executable).parent / "eventwire"
    command = [str(script), "-v", "ingest", str(corpus), "--db", str(killed.path), "--workers", "2"]
    process = subprocess.Popen(
        command, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
    )
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if "stored batch 1:" in line:
                break
        assert process.poll() is None, "the run ended before it could be killed"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    stored = killed.stored_document_keys()
    assert 2 <= len(stored) < 60
    assert_consistent(killed)
    resumed = ingest([str(corpus)], store=killed, settings=engine.settings, engine=engine)
    assert resumed.skipped == len(stored)
    assert resumed.stored == 60 - len(stored)
    assert killed.stats()["totals"] == clean.stats()["totals"]
    assert {r["event_key"] for r in killed.events(EventFilter(include_aux=True), raw=True)} == {
        r["event_key"] for r in clean.events(EventFilter(include_aux=True), raw=True)
    }


def assert_consistent(store: Store) -> None:
    """Every stored document has all its events, each event its mention and actors."""
    with store.connect(read_only=True) as con:
        mismatched = con.execute(
            "SELECT count(*) FROM documents d WHERE num_events != "
            "(SELECT count(*) FROM events e WHERE e.doc_key = d.doc_key)"
        ).fetchone()
        orphans = con.execute(
            "SELECT (SELECT count(*) FROM events WHERE doc_key NOT IN "
            "(SELECT doc_key FROM documents)) + (SELECT count(*) FROM mentions WHERE event_key "
            "NOT IN (SELECT event_key FROM events)) + (SELECT count(*) FROM events WHERE "
            "event_key NOT IN (SELECT event_key FROM mentions))"
        ).fetchone()
    assert mismatched == (0,)
    assert orphans == (0,)


def test_cli_ingest_events_export_and_stats(tmp_path: Path, engine: Engine) -> None:
    corpus = write_corpus(tmp_path / "wire.jsonl", ONE_EVENT_TWO_OUTLETS)
    db = str(tmp_path / "events.duckdb")
    result = runner.invoke(app, ["ingest", str(corpus), "--db", db, "--workers", "1"], env=KEEP_ALL)
    assert result.exit_code == 0, result.output
    assert "stored 4" in result.stderr
    assert "stories/s" in result.stderr
    listed = runner.invoke(app, ["events", "--db", db, "--type", "PROTEST", "-f", "jsonl"])
    assert listed.exit_code == 0, listed.output
    [protest] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert protest["story_id"] == "d1"
    as_csv = runner.invoke(app, ["events", "--db", db, "--format", "csv"])
    assert as_csv.stdout.startswith("event_id,event_date,")
    stats = runner.invoke(app, ["stats", "--db", db, "--json"])
    assert json.loads(stats.stdout)["totals"]["documents"] == 4
    out = tmp_path / "events.tsv"
    exported = runner.invoke(
        app, ["export", "--db", db, "--format", "cameo-tsv", "--out", str(out)]
    )
    assert exported.exit_code == 0, exported.output
    assert out.read_text().startswith("GLOBALEVENTID\tSQLDATE")
    parquet = ["export", "--db", db, "--format", "parquet", "--out", str(tmp_path / "pq")]
    assert runner.invoke(app, parquet).exit_code == 0
    again = runner.invoke(app, parquet)
    assert again.exit_code == 2
    assert "not an empty folder" in again.stderr
    missing = runner.invoke(app, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2
    assert "eventwire ingest" in missing.stderr


def test_settings_for_the_store_have_defaults() -> None:
    settings = Settings.load()
    assert settings.dedup_window_days == 2
    assert settings.store_batch_size > 0
