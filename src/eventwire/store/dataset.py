"""The event database's tables as a Parquet dataset, written one partition at a time.

Each partition of an ingest is committed on its own: its rows go to Parquet files under
temporary names, are renamed into place, and then a manifest naming the files and the
documents and rejections they hold is written the same way. The manifest is the commit:
the dataset is the files the manifests name. A partition whose worker died before its
manifest was written left, at most, files no manifest names; the next run removes them
and codes the partition again, to the same file names.

Layout under the root (a folder, or any fsspec URL such as ``s3://bucket/events``):

    documents/month=2024-03/part-<id>.parquet     by the story's publication month
    events/month=2024-03/part-<id>.parquet        by their story's publication month
    event_actors/..., mentions/..., quotes/...    likewise
    rejections/part-<id>.parquet
    _manifests/<id>.json                          the commit of partition <id>
    event_links/event_links.parquet               rebuilt at the end of every run
    canonical_events/canonical_events.parquet

Every file has the columns of the database table of its name (a story without a date
is under ``month=__HIVE_DEFAULT_PARTITION__``, read back as null), so
``read_parquet('events/*/*.parquet', hive_partitioning = true)`` reads like the table.
Dedup runs DuckDB over the files, streaming (``duck.write_canonical_links``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import fsspec
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

from eventwire.errors import ConfigError
from eventwire.store.dedup import DedupRules
from eventwire.store.duck import (
    CANONICAL_SELECT,
    Counts,
    Store,
    apply_migrations,
    load_links,
    quote_list,
    quote_literal,
    write_canonical_links,
)
from eventwire.store.parquet import MONTHLY, batch_tables
from eventwire.types import CodedDocument, Rejection

log = logging.getLogger(__name__)

MANIFESTS = "_manifests"
DATA_TABLES = (*MONTHLY, "rejections")
DERIVED_TABLES = ("event_links", "canonical_events")


@dataclass(frozen=True, slots=True, kw_only=True)
class Manifest:
    """The commit of one partition: its files and the keys of what it holds."""

    partition_id: str
    files: tuple[str, ...]  # relative to the dataset's root
    documents: tuple[str, ...]  # doc_key of each document
    rejections: tuple[str, ...]  # rejection_key of each rejection
    events: int
    inputs: tuple[str, ...]  # where its stories were read ("path line 1-200")
    committed_at: str

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        values = json.loads(text)
        return cls(
            partition_id=str(values["partition_id"]),
            files=tuple(values["files"]),
            documents=tuple(values["documents"]),
            rejections=tuple(values["rejections"]),
            events=int(values["events"]),
            inputs=tuple(values["inputs"]),
            committed_at=str(values["committed_at"]),
        )


@dataclass(frozen=True, slots=True)
class Dataset:
    """A Parquet dataset at a folder or fsspec URL (picklable: workers open it by URL)."""

    url: str

    def filesystem(self) -> tuple[fsspec.AbstractFileSystem, str]:
        """The fsspec filesystem and the root path within it."""
        try:
            fs, root = fsspec.core.url_to_fs(self.url)
        except (ImportError, ValueError) as exc:
            raise ConfigError(f"--out {self.url}: {exc}") from exc
        return fs, str(root).rstrip("/")

    def resolved(self) -> Dataset:
        """The same dataset with a local path made absolute, so that workers started
        elsewhere (another folder, another machine sharing it) write to the same place."""
        fs, root = self.filesystem()
        return Dataset(os.path.abspath(root)) if isinstance(fs, LocalFileSystem) else self

    @property
    def local(self) -> bool:
        return isinstance(self.filesystem()[0], LocalFileSystem)

    def location(self, relative: str) -> str:
        """A path DuckDB can open: a local path, or a URL of the registered filesystem."""
        fs, root = self.filesystem()
        path = f"{root}/{relative}"
        return path if isinstance(fs, LocalFileSystem) else str(fs.unstrip_protocol(path))

    def register(self, con: duckdb.DuckDBPyConnection) -> None:
        """Let DuckDB reach the dataset's files (fsspec, unless they are local)."""
        fs, _ = self.filesystem()
        if not isinstance(fs, LocalFileSystem):
            con.register_filesystem(fs)

    def check_writable(self) -> None:
        """Create the root if needed and write a probe file, or raise ConfigError."""
        fs, root = self.filesystem()
        probe = f"{root}/{MANIFESTS}/.probe-{uuid.uuid4().hex}"
        try:
            fs.makedirs(f"{root}/{MANIFESTS}", exist_ok=True)
            fs.pipe_file(probe, b"")
            fs.rm(probe)
        except OSError as exc:
            raise ConfigError(
                f"--out {self.url}: cannot write there ({exc}); pass a folder or URL you can "
                "write to"
            ) from exc

    def manifests(self) -> list[Manifest]:
        """Every committed partition, by id."""
        fs, root = self.filesystem()
        paths = sorted(fs.glob(f"{root}/{MANIFESTS}/*.json"))
        if not paths:
            return []
        texts = fs.cat(paths)
        return [Manifest.from_json(texts[path].decode("utf-8")) for path in paths]

    def committed_keys(self, manifests: Iterable[Manifest]) -> set[str]:
        """Keys of the documents and rejections the manifests hold (not to code again)."""
        return {key for m in manifests for key in (*m.documents, *m.rejections)}

    def remove_uncommitted(self, manifests: Iterable[Manifest]) -> int:
        """Delete data files no manifest names (left by a partition that died before its
        commit); returns how many. Only one ingest may write a dataset at a time."""
        fs, root = self.filesystem()
        named = {f"{root}/{file}" for m in manifests for file in m.files}
        removed = 0
        for table in DATA_TABLES:
            if not fs.exists(f"{root}/{table}"):
                continue
            for path in fs.find(f"{root}/{table}"):
                if _strip(fs, path) not in named:
                    fs.rm(path)
                    removed += 1
        if removed:
            log.info("%s: removed %d files of partitions that were not committed", root, removed)
        return removed

    def commit(
        self,
        partition_id: str,
        coded: Sequence[CodedDocument],
        rejections: Sequence[Rejection],
        *,
        inputs: Sequence[str] = (),
    ) -> Manifest:
        """Write a partition's rows as Parquet files, rename them into place, then write
        its manifest: the partition is committed when (and only when) the manifest is.
        Running it again for the same partition writes the same names."""
        fs, root = self.filesystem()
        attempt = uuid.uuid4().hex[:12]
        batch = batch_tables(coded, rejections, ingested_at=dt.datetime.now())
        files = [f"{part.folder}/part-{partition_id}.parquet" for part in batch.parts]
        for part, file in zip(batch.parts, files, strict=True):
            fs.makedirs(f"{root}/{part.folder}", exist_ok=True)
            with fs.open(f"{root}/{file}.tmp-{attempt}", "wb") as sink:
                pq.write_table(part.table, sink)
        for file in files:
            fs.mv(f"{root}/{file}.tmp-{attempt}", f"{root}/{file}")
        manifest = Manifest(
            partition_id=partition_id,
            files=tuple(files),
            documents=batch.documents,
            rejections=batch.rejections,
            events=batch.events,
            inputs=tuple(inputs),
            committed_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )
        final = f"{root}/{MANIFESTS}/{partition_id}.json"
        fs.makedirs(f"{root}/{MANIFESTS}", exist_ok=True)
        fs.pipe_file(f"{final}.tmp-{attempt}", manifest.to_json().encode("utf-8"))
        fs.mv(f"{final}.tmp-{attempt}", final)
        return manifest

    def table_files(self, manifests: Iterable[Manifest]) -> dict[str, list[str]]:
        """Each table's committed files, as DuckDB opens them."""
        files: dict[str, list[str]] = {table: [] for table in DATA_TABLES}
        for manifest in manifests:
            for file in manifest.files:
                files[file.split("/", 1)[0]].append(self.location(file))
        return files

    def rebuild_canonical(self, rules: DedupRules) -> tuple[int, int]:
        """Group the committed events into canonical events, as the database does, and
        write ``event_links`` and ``canonical_events``; returns (merged, canonical).

        DuckDB reads the Parquet files and sorts on disk; the grouping streams."""
        files = self.table_files(self.manifests())
        fs, root = self.filesystem()
        attempt = uuid.uuid4().hex[:12]
        with (
            tempfile.TemporaryDirectory() as work,
            duckdb.connect(os.path.join(work, "dedup.duckdb")) as con,
        ):
            apply_migrations(con, path=Path(work), log_level=logging.DEBUG)
            self.register(con)
            _read_files_as_tables(con, files)
            links = Path(work) / "links.csv"
            events, groups = write_canonical_links(con, rules=rules, path=links)
            load_links(con, links)
            _copy_to(con, "SELECT * FROM event_links", self, "event_links", attempt)
            _copy_to(con, CANONICAL_SELECT, self, "canonical_events", attempt)
        for table in DERIVED_TABLES:
            final = f"{root}/{table}/{table}.parquet"
            fs.mv(f"{final}.tmp-{attempt}", final)
        return events - groups, groups

    def load_into(self, store: Store) -> Counts:
        """Add the committed rows the database does not hold yet (one transaction)."""
        return store.load_parquet(self.table_files(self.manifests()), source=self)


def _read_files_as_tables(con: duckdb.DuckDBPyConnection, files: Mapping[str, list[str]]) -> None:
    """Replace each empty schema table that has files by a view over them."""
    for table, paths in files.items():
        if paths:
            con.execute(f"DROP TABLE {table}")
            con.execute(
                f"CREATE VIEW {table} AS SELECT * FROM read_parquet({quote_list(paths)}, "
                "hive_partitioning = false)"
            )


def _copy_to(
    con: duckdb.DuckDBPyConnection, select: str, dataset: Dataset, table: str, attempt: str
) -> None:
    file = f"{table}/{table}.parquet"
    _make_parent(dataset, file)
    target = dataset.location(f"{file}.tmp-{attempt}")
    con.execute(f"COPY ({select}) TO {quote_literal(target)} (FORMAT parquet)")


def _make_parent(dataset: Dataset, file: str) -> None:
    fs, root = dataset.filesystem()
    fs.makedirs(f"{root}/{file.rsplit('/', 1)[0]}", exist_ok=True)


def _strip(fs: fsspec.AbstractFileSystem, path: str) -> str:
    return str(fs._strip_protocol(path)).rstrip("/")
