"""Ingest: read and clean in this process, code chunks in a pool of worker processes,
store whole batches as transactions, then group events across stories.

Each worker loads the engine once (the pool's initializer). Documents already in the
database (same id and same text) are not coded again, so re-running a command adds
nothing and a run killed half way finishes the rest. Every document still passes
through the clean stage, so that duplicates and page furniture are judged as in a
run from scratch.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from eventwire.config import Settings
from eventwire.pipeline import Engine, load_engine
from eventwire.stages import clean
from eventwire.stages.read import DEFAULT_FIELDS, FieldMap, read_paths
from eventwire.store.dedup import DedupRules
from eventwire.store.duck import Store
from eventwire.store.rows import document_key
from eventwire.types import CodedDocument, Document, Rejection

log = logging.getLogger(__name__)

CHUNKS_IN_FLIGHT_PER_WORKER = 2
Progress = Callable[[int], None]


@dataclass(slots=True, kw_only=True)
class IngestReport:
    """What one ingest run did."""

    read: int = 0
    skipped: int = 0
    stored: int = 0
    duplicates: int = 0
    events: int = 0
    rejections: int = 0
    unreadable: int = 0
    batches: int = 0
    merged: int = 0
    canonical: int = 0
    seconds: float = 0.0
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """Stories per second over the whole run."""
        return self.read / self.seconds if self.seconds else 0.0


class _Worker:
    """The engine a worker process loaded in the pool's initializer (one per process)."""

    engine: Engine | None = None


def default_workers() -> int:
    """The number of cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def ingest(
    paths: Iterable[str],
    *,
    store: Store,
    settings: Settings,
    workers: int | None = None,
    fields: FieldMap = DEFAULT_FIELDS,
    engine: Engine | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Code every new story under ``paths`` into ``store``; returns the run's counts.

    With ``engine`` (or one worker) coding runs in this process; otherwise ``workers``
    processes (default: the number of cores) each load their own engine.
    """
    started = time.monotonic()
    report = IngestReport()
    known = store.stored_document_keys()
    items = clean.load(settings)(read_paths(paths, fields=fields))
    chunks = _chunks(items, known=known, report=report, size=settings.ingest_chunk_size)
    batch: list[CodedDocument] = []
    rejections: list[Rejection] = []
    for coded, rejected in _code(chunks, settings=settings, workers=workers, engine=engine):
        batch.extend(coded)
        rejections.extend(rejected)
        if progress is not None:
            progress(len(coded) + len(rejected))
        if len(batch) + len(rejections) >= settings.store_batch_size:
            _flush(store, batch, rejections, report)
    _flush(store, batch, rejections, report)
    report.merged = store.rebuild_canonical(dedup_rules(settings))
    report.canonical = store.stats()["totals"]["canonical_events"]
    report.seconds = time.monotonic() - started
    return report


def dedup_rules(settings: Settings) -> DedupRules:
    return DedupRules(
        window_days=settings.dedup_window_days,
        min_similarity=settings.dedup_min_similarity,
        min_name_similarity=settings.dedup_min_name_similarity,
    )


Chunk = tuple[list[Document], list[CodedDocument], list[Rejection]]


def _chunks(
    items: Iterable[Document | Rejection], *, known: set[str], report: IngestReport, size: int
) -> Iterator[Chunk]:
    """Cleaned documents to code, in chunks, with the duplicates and rejections met on the way."""
    todo: list[Document] = []
    done: list[CodedDocument] = []
    rejected: list[Rejection] = []
    for item in items:
        settled = settle(item, known=known, report=report)
        if isinstance(settled, Rejection):
            rejected.append(settled)
        elif isinstance(settled, CodedDocument):
            done.append(settled)
        elif settled is not None:
            todo.append(settled)
        if len(todo) >= size or len(done) + len(rejected) >= size:
            yield todo, done, rejected
            todo, done, rejected = [], [], []
    if todo or done or rejected:
        yield todo, done, rejected


def settle(
    item: Document | Rejection, *, known: set[str], report: IngestReport
) -> Document | CodedDocument | Rejection | None:
    """Count one read item and say what becomes of it: a rejection to store, a duplicate
    stored uncoded (a CodedDocument without events), a document to code, or None for a
    document already stored (its key is in ``known``)."""
    report.read += 1
    if isinstance(item, Rejection):
        report.unreadable += item.stage == "read"
        reason = item.reason.split(": ")[0]
        report.reasons[reason] = report.reasons.get(reason, 0) + 1
        return item
    if document_key(item) in known:
        report.skipped += 1
        return None
    if item.duplicate_of is not None:
        report.duplicates += 1
        return CodedDocument(document=item, sentences=(), events=())
    return item


def _code(
    chunks: Iterator[Chunk], *, settings: Settings, workers: int | None, engine: Engine | None
) -> Iterator[tuple[list[CodedDocument], list[Rejection]]]:
    """Coded chunks in input order, in this process or in a pool."""
    count = workers or default_workers()
    if engine is not None or count <= 1:
        local = engine or load_engine(settings)
        for todo, done, rejected in chunks:
            yield [*done, *code_chunk(local, todo)], rejected
        return
    with ProcessPoolExecutor(
        max_workers=count, initializer=_init_worker, initargs=(settings,)
    ) as pool:
        pending: deque[tuple[Future[list[CodedDocument]], list[CodedDocument], list[Rejection]]]
        pending = deque()
        for todo, done, rejected in chunks:
            pending.append((pool.submit(_code_in_worker, todo), done, rejected))
            if len(pending) >= count * CHUNKS_IN_FLIGHT_PER_WORKER:
                yield _collect(pending.popleft())
        while pending:
            yield _collect(pending.popleft())


def _collect(
    entry: tuple[Future[list[CodedDocument]], list[CodedDocument], list[Rejection]],
) -> tuple[list[CodedDocument], list[Rejection]]:
    future, done, rejected = entry
    return [*done, *future.result()], rejected


def _init_worker(settings: Settings) -> None:
    _Worker.engine = load_engine(settings)


def _code_in_worker(docs: list[Document]) -> list[CodedDocument]:
    if _Worker.engine is None:
        raise RuntimeError("worker used before its initializer loaded the engine")
    return code_chunk(_Worker.engine, docs)


def code_chunk(engine: Engine, docs: Sequence[Document]) -> list[CodedDocument]:
    """Code documents; sentences are dropped (not stored), low-confidence events too."""
    if not docs:
        return []
    minimum = engine.settings.min_confidence
    return [
        dataclasses.replace(
            coded, sentences=(), events=tuple(e for e in coded.events if e.confidence >= minimum)
        )
        for coded in engine.code_documents(docs)
    ]


def _flush(
    store: Store, batch: list[CodedDocument], rejections: list[Rejection], report: IngestReport
) -> None:
    if not batch and not rejections:
        return
    counts = store.write_batch(batch, rejections)
    report.batches += 1
    report.stored += counts.documents
    report.events += counts.events
    report.rejections += counts.rejections
    log.info(
        "stored batch %d: %d documents, %d events, %d rejections",
        report.batches,
        counts.documents,
        counts.events,
        counts.rejections,
    )
    batch.clear()
    rejections.clear()
