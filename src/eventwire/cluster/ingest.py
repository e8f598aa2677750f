"""The cluster ingest: read and clean here, code and commit partitions on Dask workers,
then group events across stories over the dataset and, if asked, load it into DuckDB."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from distributed import Client, Future, LocalCluster, as_completed

from eventwire.batch import IngestReport, Progress, dedup_rules, default_workers
from eventwire.cluster.partitions import Partition, cut_partitions
from eventwire.cluster.worker import (
    EngineLoader,
    PartitionResult,
    code_partition,
    engine_plugin_names,
    warm_up,
)
from eventwire.config import Settings
from eventwire.errors import ConfigError
from eventwire.stages import clean
from eventwire.stages.read import DEFAULT_FIELDS, FieldMap, read_paths
from eventwire.store.dataset import Dataset
from eventwire.store.duck import Store
from eventwire.types import Document, Rejection

log = logging.getLogger(__name__)

PARTITIONS_IN_FLIGHT_PER_THREAD = 2
CONNECT_TIMEOUT_SECONDS = 10


@dataclass(slots=True, kw_only=True)
class ClusterReport(IngestReport):
    """What one cluster ingest did, with the time each step took."""

    partitions: int = 0  # committed by this run
    partition_stories: int = 0  # stories read into them
    partitions_done: int = 0  # committed by an earlier run, so skipped
    failed: list[str] = field(default_factory=list)  # partitions that did not commit
    workers: int = 0
    load_seconds: float = 0.0  # the slowest worker's engine load
    read_seconds: float = 0.0  # reading and cleaning, in this process
    code_seconds: float = 0.0  # coding, summed over partitions
    code_cpu_seconds: float = 0.0  # the CPU time the workers got for it
    write_seconds: float = 0.0  # committing Parquet files, summed over partitions
    coding_seconds: float = 0.0  # wall time from the first partition sent to the last back
    dedup_seconds: float = 0.0
    database_seconds: float = 0.0
    loaded: int = 0  # documents added to the database
    peak_rss_mb: dict[str, float] = field(default_factory=dict)  # worker -> its peak

    @property
    def coding_rate(self) -> float:
        """Stories of the committed partitions per second while the workers coded them
        (the engine loads not counted)."""
        return self.partition_stories / self.coding_seconds if self.coding_seconds else 0.0


def ingest(
    paths: Iterable[str],
    *,
    dataset: Dataset,
    settings: Settings,
    scheduler: str | None = None,
    workers: int | None = None,
    fields: FieldMap = DEFAULT_FIELDS,
    store: Store | None = None,
    client: Client | None = None,
    progress: Progress | None = None,
) -> ClusterReport:
    """Code every story under ``paths`` not yet committed to ``dataset``, on ``client``,
    the scheduler at ``scheduler``, or a local cluster of ``workers`` processes (default:
    the number of cores); then rebuild its canonical events and load it into ``store``."""
    started = time.monotonic()
    report = ClusterReport()
    dataset = dataset.resolved()
    dataset.check_writable()
    manifests = dataset.manifests()
    known = dataset.committed_keys(manifests)
    dataset.remove_uncommitted(manifests)
    with _cluster(client, scheduler=scheduler, workers=workers) as active:
        engine = _install_engine(active, settings)
        _warm_up(active, engine, report)
        items = _timed(clean.load(settings)(read_paths(paths, fields=fields)), report)
        partitions = cut_partitions(
            items, known=known, report=report, size=settings.partition_chars
        )
        _code_partitions(
            active, partitions, dataset=dataset, engine=engine, report=report, progress=progress
        )
    step = time.monotonic()
    report.merged, report.canonical = dataset.rebuild_canonical(dedup_rules(settings))
    report.dedup_seconds = time.monotonic() - step
    if store is not None:
        step = time.monotonic()
        report.loaded = dataset.load_into(store).documents
        store.rebuild_canonical(dedup_rules(settings))
        report.database_seconds = time.monotonic() - step
    report.seconds = time.monotonic() - started
    return report


@contextmanager
def _cluster(
    client: Client | None, *, scheduler: str | None, workers: int | None
) -> Iterator[Client]:
    """The given client, one connected to ``scheduler``, or a new local cluster's."""
    if client is not None:
        yield client
        return
    if scheduler is not None:
        try:
            connected = Client(scheduler, timeout=CONNECT_TIMEOUT_SECONDS)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(
                f"--scheduler {scheduler}: no Dask scheduler answered there ({exc}); check the "
                "address (tcp://HOST:8786), or leave --scheduler out to start a local cluster"
            ) from exc
        with connected:
            yield connected
        return
    count = workers or default_workers()
    with (
        LocalCluster(
            n_workers=count, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as local,
    ):
        yield local


def _install_engine(client: Client, settings: Settings) -> str:
    """Register the engine plugin for these settings (dropping those of other settings,
    and the engines they hold); returns its name."""
    loader = EngineLoader(settings)
    for name in client.run_on_scheduler(engine_plugin_names):
        if name != loader.name:
            client.unregister_worker_plugin(name)
    client.register_plugin(loader)
    return loader.name


def _warm_up(client: Client, engine: str, report: ClusterReport) -> None:
    """Load the engine on every worker before the clock for coding starts."""
    addresses = list(client.scheduler_info()["workers"])
    if not addresses:
        raise ConfigError("the Dask cluster has no workers; start some, or leave out --scheduler")
    futures = [client.submit(warm_up, engine, workers=[a], pure=False) for a in addresses]
    try:
        loads = client.gather(futures)
    except ConfigError as exc:
        raise ConfigError(f"a worker could not load the engine: {exc}") from exc
    report.workers = len(addresses)
    report.load_seconds = max(seconds for _, seconds in loads)
    log.info("engine loaded on %d workers (slowest %.1f s)", len(loads), report.load_seconds)


def _timed(
    items: Iterator[Document | Rejection], report: ClusterReport
) -> Iterator[Document | Rejection]:
    """The items, adding the time spent reading and cleaning them to the report."""
    while True:
        started = time.perf_counter()
        item = next(items, None)
        report.read_seconds += time.perf_counter() - started
        if item is None:
            return
        yield item


def _code_partitions(
    client: Client,
    partitions: Iterator[Partition],
    *,
    dataset: Dataset,
    engine: str,
    report: ClusterReport,
    progress: Progress | None,
) -> None:
    """Send partitions to the workers, a few per worker thread at a time; collect each."""
    started = time.monotonic()
    pending = as_completed()
    for partition in partitions:
        if partition.empty:
            report.partitions_done += 1
            if progress is not None:
                progress(partition.stories)
            continue
        key = f"eventwire-partition-{partition.partition_id}"
        pending.add(client.submit(code_partition, partition, dataset, engine=engine, key=key))
        limit = PARTITIONS_IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values()))
        while pending.count() >= limit:
            _collect(next(pending), report=report, progress=progress)
    for future in pending:
        _collect(future, report=report, progress=progress)
    report.coding_seconds = time.monotonic() - started


def _collect(
    future: Future[PartitionResult], *, report: ClusterReport, progress: Progress | None
) -> None:
    try:
        result = future.result()
    except Exception as exc:  # one partition's failure must not cost the others
        log.error("%s failed: %s: %s", future.key, type(exc).__name__, exc)
        report.failed.append(f"{future.key}: {type(exc).__name__}: {exc}")
        return
    report.partitions += 1
    report.partition_stories += result.stories
    report.stored += result.documents
    report.events += result.events
    report.rejections += result.rejections
    report.code_seconds += result.code_seconds
    report.code_cpu_seconds += result.code_cpu_seconds
    report.write_seconds += result.write_seconds
    peak = report.peak_rss_mb.get(result.worker, 0.0)
    report.peak_rss_mb[result.worker] = max(peak, result.peak_rss_mb)
    log.info(
        "%s committed: %d documents, %d events (%d partitions)",
        result.partition_id,
        result.documents,
        result.events,
        report.partitions,
    )
    if progress is not None:
        progress(result.stories)
