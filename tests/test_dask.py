"""The dask engine with the model, on a local cluster of two worker processes: the same
events as the local engine, a worker killed mid-run, a re-run that codes only what no
manifest holds, and the command line's errors."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

distributed = pytest.importorskip("distributed")

from eventwire.batch import ingest  # noqa: E402
from eventwire.cli import app  # noqa: E402
from eventwire.cluster import ClusterReport  # noqa: E402
from eventwire.cluster import ingest as ingest_on_cluster  # noqa: E402
from eventwire.config import Settings  # noqa: E402
from eventwire.pipeline import Engine  # noqa: E402
from eventwire.store import Store  # noqa: E402
from eventwire.store.dataset import Dataset  # noqa: E402
from test_ingest import ONE_EVENT_TWO_OUTLETS, many_stories  # noqa: E402

pytestmark = pytest.mark.model
runner = CliRunner()
PARTITION_CHARS = 1000  # about five of the short stories: a dozen partitions
TABLES = (
    "documents",
    "events",
    "event_actors",
    "mentions",
    "quotes",
    "rejections",
    "event_links",
    "canonical_events",
)


@pytest.fixture(scope="module")
def client(engine: Engine) -> Iterator[Any]:
    """A local cluster of two single-threaded worker processes, shared by the tests."""
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Distinct stories, one event told by two outlets, a copy of a story, a bad line."""
    stories = [*ONE_EVENT_TWO_OUTLETS, *many_stories(60)]
    copy = dict(stories[5], id="copy-of-s1")
    lines = [json.dumps(story) for story in [*stories[:20], copy, *stories[20:]]]
    lines.insert(30, "{not json")
    path = tmp_path_factory.mktemp("corpus") / "wire.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def local(corpus: Path, engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The same corpus through the local engine."""
    store = Store(tmp_path_factory.mktemp("local") / "events.duckdb")
    ingest([str(corpus)], store=store, settings=engine.settings, engine=engine)
    return store


def settings() -> Settings:
    return Settings.load(overrides={"partition_chars": PARTITION_CHARS})


def table_rows(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, without the time it was stored."""
    with store.connect(read_only=True) as con:
        return {
            table: sorted(
                con.execute(f"SELECT * EXCLUDE (ingested_at) FROM {table}").fetchall()
                if table == "documents"
                else con.execute(f"SELECT * FROM {table}").fetchall(),
                key=repr,
            )
            for table in TABLES
        }


def parquet_rows(out: Path, store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """The dataset's committed rows, read like ``table_rows``."""
    dataset = Dataset(str(out))
    files = dataset.table_files(dataset.manifests())
    for table in ("event_links", "canonical_events"):
        files[table] = [str(out / table / f"{table}.parquet")]
    found = {}
    with store.connect(read_only=True) as con:
        for table in TABLES:
            source = f"read_parquet({files[table]!r}, hive_partitioning = false)"
            sql = f"SELECT * FROM {source}" if files[table] else f"SELECT * FROM {table} LIMIT 0"
            if table == "documents":
                sql = sql.replace("SELECT *", "SELECT * EXCLUDE (ingested_at)")
            found[table] = sorted(con.execute(sql).fetchall(), key=repr)
    return found


def test_dask_engine_gives_the_local_engines_events(
    tmp_path: Path, corpus: Path, local: Store, client: Any
) -> None:
    store = Store(tmp_path / "events.duckdb")
    report = ingest_on_cluster(
        [str(corpus)],
        dataset=Dataset(str(tmp_path / "out")),
        settings=settings(),
        store=store,
        client=client,
    )
    assert report.failed == []
    assert report.partitions >= 10
    assert (report.read, report.duplicates, report.unreadable) == (66, 1, 1)
    expected = table_rows(local)
    assert len(expected["events"]) > 50
    assert any(count > 1 for *_, count in [(r[0], r[4]) for r in expected["canonical_events"]])
    assert table_rows(store) == expected
    assert parquet_rows(tmp_path / "out", local) == expected
    assert (report.stored, report.events) == (len(expected["documents"]), len(expected["events"]))


def test_dask_engine_survives_a_worker_killed_mid_run(
    tmp_path: Path, corpus: Path, local: Store, client: Any
) -> None:
    pids: dict[str, int] = client.run(os.getpid)
    killed: list[int] = []

    def kill_a_busy_worker(stories: int) -> None:
        """After the first commit, kill -9 a worker that is coding a partition."""
        if killed:
            return
        busy = [address for address, keys in client.processing().items() if keys]
        if busy and busy[0] in pids:
            os.kill(pids[busy[0]], signal.SIGKILL)
            killed.append(pids[busy[0]])

    out = tmp_path / "out"
    report = ingest_on_cluster(
        [str(corpus)],
        dataset=Dataset(str(out)),
        settings=settings(),
        client=client,
        progress=kill_a_busy_worker,
    )
    assert killed, "no worker was busy when the first partition came back"
    assert killed[0] not in client.run(os.getpid).values()  # its nanny started a new one
    assert report.failed == []
    rows = parquet_rows(out, local)
    assert rows == table_rows(local)
    keys = [row[0] for row in rows["events"]]
    assert len(keys) == len(set(keys))  # exactly once


def test_dask_rerun_codes_only_what_no_manifest_holds(
    tmp_path: Path, corpus: Path, local: Store, client: Any
) -> None:
    out = tmp_path / "out"
    dataset = Dataset(str(out))
    first = ingest_on_cluster([str(corpus)], dataset=dataset, settings=settings(), client=client)
    again = ingest_on_cluster([str(corpus)], dataset=dataset, settings=settings(), client=client)
    assert (again.partitions, again.stored, again.events) == (0, 0, 0)
    assert again.partitions_done == first.partitions
    lost = dataset.manifests()[3]  # as if its worker died after the files, before the commit
    (out / "_manifests" / f"{lost.partition_id}.json").unlink()
    resumed = ingest_on_cluster([str(corpus)], dataset=dataset, settings=settings(), client=client)
    assert (resumed.partitions, resumed.partitions_done) == (1, first.partitions - 1)
    assert resumed.stored == len(lost.documents)
    assert parquet_rows(out, local) == table_rows(local)


def test_cli_ingest_on_a_dask_scheduler_then_again(
    tmp_path: Path, corpus: Path, local: Store, client: Any
) -> None:
    db, out = tmp_path / "events.duckdb", tmp_path / "out"
    command = ["ingest", str(corpus), "--engine", "dask", "--out", str(out), "--db", str(db)]
    command += ["--scheduler", client.scheduler.address]
    env = {"EVENTWIRE_PARTITION_CHARS": str(PARTITION_CHARS)}
    result = runner.invoke(app, command, env=env)
    assert result.exit_code == 1, result.output  # the bad line is named and counted
    assert "partitions committed to" in result.stderr
    assert "rejected 1 (not JSON 1)" in result.stderr
    assert table_rows(Store(db)) == table_rows(local)
    again = runner.invoke(app, command, env=env)
    assert "0 partitions committed" in again.stderr
    assert "stored 0, already stored 65" in again.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--engine", "dask"], "pass --out"),
        (["--engine", "dask", "--out", "o", "--scheduler", "x:1", "-w", "2"], "--workers sizes"),
        (["--engine", "dask", "--out", "o", "--scheduler", "nonsense"], "no Dask scheduler"),
        (["--out", "o", "--db", "x.duckdb"], "go with --engine dask"),
        ([], "--db FILE is needed"),
    ],
)
def test_cli_ingest_engine_options_are_checked(
    tmp_path: Path,
    corpus: Path,
    options: list[str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["ingest", str(corpus), *options])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_ingest_engine_dask_without_the_extra_says_how_to_install_it(
    tmp_path: Path, corpus: Path
) -> None:
    """In a fresh interpreter where ``distributed`` cannot be imported."""
    script = (
        "import sys; sys.modules['distributed'] = None; from eventwire.cli import main; "
        f"sys.argv = ['eventwire', 'ingest', {str(corpus)!r}, '--engine', 'dask', '--out', "
        f"{str(tmp_path / 'o')!r}]; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.strip().endswith("pip install 'eventwire[dask]'")
    assert len(result.stderr.strip().splitlines()) == 1


def test_cluster_report_counts_like_the_local_one() -> None:
    report = ClusterReport(read=10, seconds=2.0, partition_stories=8, coding_seconds=4.0)
    assert (report.rate, report.coding_rate) == (5.0, 2.0)


def test_cli_progress_lines_for_long_runs_off_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from eventwire import cli

    monkeypatch.setattr(cli, "PROGRESS_LINE_SECONDS", 0)
    advance = cli._progress_lines()
    advance(120)
    advance(80)
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(",")[0] for line in lines] == [
        "eventwire: 120 stories",
        "eventwire: 200 stories",
    ]
