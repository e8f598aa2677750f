"""What runs on a Dask worker: the engine, loaded once per worker process, and the task
that codes one partition and commits it to the dataset."""

from __future__ import annotations

import hashlib
import resource
import threading
import time
from dataclasses import dataclass

from distributed import Scheduler, Worker, WorkerPlugin, get_worker

from eventwire.batch import code_chunk
from eventwire.cluster.partitions import Partition
from eventwire.config import Settings
from eventwire.pipeline import Engine, load_engine
from eventwire.store.dataset import Dataset

PLUGIN_PREFIX = "eventwire-engine-"


@dataclass(frozen=True, slots=True, kw_only=True)
class PartitionResult:
    """What a worker did with one partition."""

    partition_id: str
    stories: int
    documents: int
    events: int
    rejections: int
    code_seconds: float
    code_cpu_seconds: float  # of this worker process while coding: below code_seconds
    # when the worker had to share its core
    write_seconds: float
    worker: str
    peak_rss_mb: float


class EngineLoader(WorkerPlugin):
    """Holds each worker's engine, loaded the first time a task asks for it. A worker
    that joins later (one restarted after a crash) gets the plugin, and loads its own.

    Named after its settings, and registered only once per name (``idempotent``), so a
    cluster that ingests again with the same settings keeps the engines it loaded."""

    idempotent = True

    def __init__(self, settings: Settings) -> None:
        self.name = engine_name(settings)
        self.settings = settings
        self.loaded: Engine | None = None
        self.lock: threading.Lock | None = None

    def setup(self, worker: Worker) -> None:
        self.lock = threading.Lock()

    def engine(self) -> Engine:
        if self.lock is None:
            raise RuntimeError("the engine plugin was used before the worker set it up")
        with self.lock:
            if self.loaded is None:
                self.loaded = load_engine(self.settings)
            return self.loaded


def engine_name(settings: Settings) -> str:
    """The engine plugin's name for these settings."""
    return PLUGIN_PREFIX + hashlib.sha256(repr(settings).encode()).hexdigest()[:16]


def warm_up(name: str) -> tuple[str, float]:
    """Load this worker's engine now; returns the worker's address and the seconds it took
    (next to none when it was loaded before)."""
    started = time.perf_counter()
    _plugin(name).engine()
    return get_worker().address, time.perf_counter() - started


def code_partition(partition: Partition, dataset: Dataset, *, engine: str) -> PartitionResult:
    """Code a partition's stories with the named engine plugin's engine and commit them,
    with its duplicates and rejections."""
    started, cpu = time.perf_counter(), time.process_time()
    coded = code_chunk(_plugin(engine).engine(), partition.todo) if partition.todo else []
    coding, coding_cpu = time.perf_counter() - started, time.process_time() - cpu
    manifest = dataset.commit(
        partition.partition_id,
        [*partition.duplicates, *coded],
        partition.rejections,
        inputs=partition.inputs,
    )
    return PartitionResult(
        partition_id=partition.partition_id,
        stories=partition.stories,
        documents=len(manifest.documents),
        events=manifest.events,
        rejections=len(manifest.rejections),
        code_seconds=coding,
        code_cpu_seconds=coding_cpu,
        write_seconds=time.perf_counter() - started - coding,
        worker=get_worker().address,
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


def engine_plugin_names(dask_scheduler: Scheduler) -> list[str]:
    """The eventwire engine plugins the scheduler gives its workers (``run_on_scheduler``)."""
    return [name for name in dask_scheduler.worker_plugins if name.startswith(PLUGIN_PREFIX)]


def _plugin(name: str) -> EngineLoader:
    plugin = get_worker().plugins.get(name)
    if not isinstance(plugin, EngineLoader):
        raise RuntimeError(f"this worker has no engine plugin {name}; register EngineLoader")
    return plugin
