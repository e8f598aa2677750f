"""The Parquet event dataset without the model: partitions committed by manifests, files
of uncommitted partitions removed, dedup over the files equal to the database's, and
loading into a database."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import duckdb
import pytest

pytest.importorskip("fsspec")

from test_store import corpus

from eventwire.errors import ConfigError
from eventwire.store import DedupRules, Store
from eventwire.store.dataset import Dataset
from eventwire.store.parquet import NO_MONTH
from eventwire.types import Rejection

REJECTION = Rejection(doc_id="x9", stage="clean", reason="language:fr", path="in.jsonl")
TABLES = ("documents", "events", "event_actors", "mentions", "quotes", "rejections")


def committed(dataset: Dataset) -> Dataset:
    """The store tests' corpus in two partitions, with one rejection."""
    stories = corpus()
    dataset.commit("p1", stories[:2], [REJECTION], inputs=("wire.jsonl line 1-2",))
    dataset.commit("p2", stories[2:], [])
    return dataset


def database(path: Path) -> Store:
    store = Store(path)
    store.write_batch(corpus(), [REJECTION])
    store.rebuild_canonical(DedupRules())
    return store


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return sorted(con.execute(sql).fetchall(), key=repr)


def test_dataset_commit_files_rows_by_month_under_a_manifest(tmp_path: Path) -> None:
    dataset = committed(Dataset(str(tmp_path / "out")))
    [first, second] = dataset.manifests()
    assert (first.partition_id, first.events, first.inputs) == ("p1", 2, ("wire.jsonl line 1-2",))
    assert len(first.documents) == 2
    assert len(first.rejections) == 1
    assert "events/month=2024-03/part-p1.parquet" in first.files
    assert "rejections/part-p1.parquet" in first.files
    assert "events/month=2024-04/part-p2.parquet" in second.files  # the story of April
    for file in (*first.files, *second.files):
        assert (tmp_path / "out" / file).is_file()
    assert not list((tmp_path / "out").rglob("*.tmp-*"))


def test_dataset_files_have_the_database_columns(tmp_path: Path) -> None:
    dataset = committed(Dataset(str(tmp_path / "out")))
    store = database(tmp_path / "db.duckdb")
    files = dataset.table_files(dataset.manifests())
    with store.connect(read_only=True) as con:
        for table in TABLES:
            if table == "quotes":  # the corpus quotes nobody
                continue
            described = con.execute(f"DESCRIBE {table}").fetchall()
            parquet = con.execute(
                f"DESCRIBE SELECT * FROM read_parquet({files[table]!r}, hive_partitioning = false)"
            ).fetchall()
            assert [c[:2] for c in parquet] == [c[:2] for c in described], table


def test_dataset_dedup_and_load_equal_the_database(tmp_path: Path) -> None:
    dataset = committed(Dataset(str(tmp_path / "out")))
    assert dataset.rebuild_canonical(DedupRules()) == (1, 4)  # one merge: 5 events, 4 groups
    direct = database(tmp_path / "direct.duckdb")
    loaded = Store(tmp_path / "loaded.duckdb")
    counts = dataset.load_into(loaded)
    assert (counts.documents, counts.events, counts.rejections) == (5, 5, 1)
    assert dataset.load_into(loaded).documents == 0  # nothing twice
    loaded.rebuild_canonical(DedupRules())
    assert loaded.stats() == direct.stats()
    out = tmp_path / "out"
    with direct.connect(read_only=True) as con:
        links = rows(con, "SELECT * FROM event_links")
        canonical = rows(con, "SELECT * FROM canonical_events")
        events = rows(con, "SELECT * FROM events")
        assert rows(con, f"SELECT * FROM '{out}/event_links/*.parquet'") == links
        assert rows(con, f"SELECT * FROM '{out}/canonical_events/*.parquet'") == canonical
        everything = f"read_parquet('{out}/events/*/*.parquet', hive_partitioning = false)"
        assert rows(con, f"SELECT * FROM {everything}") == events


def test_dataset_removes_files_of_an_uncommitted_partition(tmp_path: Path) -> None:
    dataset = committed(Dataset(str(tmp_path / "out")))
    stories = corpus()
    dataset.commit("p3", stories[:1], [])  # as if its worker died before the manifest:
    (tmp_path / "out" / "_manifests" / "p3.json").unlink()
    (tmp_path / "out" / "events" / "month=2024-03" / "part-p9.parquet.tmp-1").write_text("x")
    manifests = dataset.manifests()
    assert [m.partition_id for m in manifests] == ["p1", "p2"]
    assert all("p3" not in f for files in dataset.table_files(manifests).values() for f in files)
    assert dataset.remove_uncommitted(manifests) == 5  # p3's four tables and the debris
    left = {p.name for p in (tmp_path / "out").rglob("*.parquet*")}
    assert not {name for name in left if "p3" in name or "p9" in name}
    assert dataset.remove_uncommitted(manifests) == 0


def test_dataset_undated_rows_go_to_the_hive_default_month(tmp_path: Path) -> None:
    from dataclasses import replace

    story = corpus()[2]  # talks: its event has a date, the story gets none
    undated = replace(story, document=replace(story.document, published=None))
    dataset = Dataset(str(tmp_path / "out"))
    [file] = [f for f in dataset.commit("p1", [undated], []).files if f.startswith("documents")]
    assert file == f"documents/month={NO_MONTH}/part-p1.parquet"
    month = duckdb.sql(
        f"SELECT month FROM read_parquet('{tmp_path}/out/documents/*/*.parquet', "
        "hive_partitioning = true)"
    ).fetchall()
    assert month == [(None,)]


def test_dataset_works_on_an_fsspec_url() -> None:
    dataset = committed(Dataset(f"memory://eventwire-{uuid.uuid4().hex}/out"))
    assert dataset.rebuild_canonical(DedupRules()) == (1, 4)
    assert len(dataset.manifests()) == 2
    assert not dataset.local


def test_dataset_that_cannot_be_written_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(ConfigError, match="cannot write there"):
        Dataset(str(tmp_path / "a-file" / "out")).check_writable()
    with pytest.raises(ConfigError, match="--out nosuchprotocol://bucket/out"):
        Dataset("nosuchprotocol://bucket/out").check_writable()


def test_dataset_local_paths_resolve_to_absolute_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert Dataset("out").resolved() == Dataset(str(tmp_path / "out"))
    assert Dataset("memory://bucket/out").resolved() == Dataset("memory://bucket/out")
