"""Command line: thin wrappers over the library. Data on stdout, messages on stderr.

Exit codes: 0 every input was read; 1 some input (or a record in it) could not be
read: each is named on stderr (and in ``--rejects FILE``) and the rest still go
through; 2 bad invocation (one line saying what to fix). Stories rejected later
(too long, another language, empty after cleaning) are counted but leave exit 0.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import ipaddress
import json
import logging
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO, TypeVar

import typer

from eventwire import batch, evaluation, output
from eventwire.config import Settings
from eventwire.errors import ConfigError, EventwireError
from eventwire.pipeline import load_engine, run
from eventwire.stages import clean
from eventwire.stages.read import FieldMap, read_paths
from eventwire.store import EventFilter, Store, export
from eventwire.types import Event, Quote, Rejection

log = logging.getLogger("eventwire")

app = typer.Typer(
    name="eventwire",
    help="Code news stories into PLOVER and CAMEO political events, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
FAILING_STAGES = frozenset({"read", "code"})
INTERRUPTED_EXIT = 130
PROGRESS_LINE_SECONDS = 30
T = TypeVar("T")


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


class State:
    debug = False
    quiet = False


PathsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Story files, directories (read recursively) or globs: plain text, HTML, "
        "JSON Lines, CSV/TSV, JSON, WARC, each optionally .gz or .bz2; - reads standard input.",
        show_default=False,
    ),
]
FieldOption = Annotated[
    list[str] | None,
    typer.Option(
        "--field",
        help="Map a record field of JSON Lines/CSV onto a story field, e.g. --field text=body "
        "--field id=guid (targets: id, text, html, title, date, url, source, byline; "
        "a,b tries a then b). Repeat for several.",
        show_default=False,
    ),
]
RejectsOption = Annotated[
    Path | None,
    typer.Option(
        "--rejects",
        help="Also write every rejection (path, position, stage, reason) to this file "
        "as JSON Lines.",
        dir_okay=False,
    ),
]
QuotesOption = Annotated[
    Path | None,
    typer.Option(
        "--quotes",
        help="Also write every direct quotation with its speaker to this file as JSON "
        "Lines (docs/output.md).",
        dir_okay=False,
    ),
]
ActorsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--actors",
        help="An actor dictionary to add (CSV/TSV/YAML, or a TABARI/PETRARCH actor or "
        "agent file); repeat for several. See docs/actors.md.",
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config", help="A TOML file of settings (see defaults.toml).", envvar="EVENTWIRE_CONFIG"
    ),
]


@app.callback()
def main_options(
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose", "-v", count=True, help="More messages on stderr (-vv for debug)."
        ),
    ] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """Code news stories into PLOVER and CAMEO political events, offline."""
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("eventwire: %(message)s"))
    root = logging.getLogger("eventwire")
    root.handlers[:] = [handler]
    root.setLevel(level)
    State.debug = debug
    State.quiet = quiet


@app.command("code")
def code_command(
    paths: PathsArgument,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format", "-f", help="jsonl (default when piped) or table (default on a terminal)."
        ),
    ] = None,
    config: ConfigOption = None,
    min_confidence: Annotated[
        float | None, typer.Option(help="Drop events below this confidence (0 to 1).")
    ] = None,
    field: FieldOption = None,
    rejects: RejectsOption = None,
    actors: ActorsOption = None,
    quotes: QuotesOption = None,
) -> None:
    """Code stories and print one event per line (quotations go to --quotes FILE)."""
    chosen = output_format or (OutputFormat.table if sys.stdout.isatty() else OutputFormat.jsonl)
    settings = _settings(config, min_confidence=min_confidence, actors=actors)
    fields = _guard(lambda: FieldMap.parse(field or []))
    engine = _guard(lambda: load_engine(settings))
    counts: Counter[str] = Counter()
    if chosen is OutputFormat.table:
        typer.echo(output.table_header())
    with _jsonl_file(rejects) as reject_sink, _jsonl_file(quotes) as quote_sink:
        for item in run(read_paths(paths, fields=fields), engine=engine):
            if isinstance(item, Rejection):
                _report_rejection(item, counts, sink=reject_sink)
                continue
            if item.document.duplicate_of is not None:
                counts["duplicates"] += 1
                continue
            counts["coded"] += 1
            _write_quotes(item.quotes, quote_sink)
            for event in item.events:
                counts["events"] += 1
                line = (
                    json.dumps(output.event_to_dict(event), ensure_ascii=False)
                    if chosen is OutputFormat.jsonl
                    else output.table_row(event)
                )
                typer.echo(line)
    _summary(counts, done="coded", events=True)
    raise typer.Exit(1 if counts["unreadable"] else 0)


@app.command("read")
def read_command(
    paths: PathsArgument,
    config: ConfigOption = None,
    field: FieldOption = None,
    rejects: RejectsOption = None,
) -> None:
    """Read and clean stories without coding them: one JSON story per line.

    Each line has id, title, text (the body as the coder sees it), pub_date with its
    source, confidence, reason and date_conflicts, source, url, byline, dateline,
    language, duplicate_of, wire_ids, path and position.
    """
    settings = _settings(config)
    fields = _guard(lambda: FieldMap.parse(field or []))
    counts: Counter[str] = Counter()
    with _jsonl_file(rejects) as reject_sink:
        for item in clean.load(settings)(read_paths(paths, fields=fields)):
            if isinstance(item, Rejection):
                _report_rejection(item, counts, sink=reject_sink)
                continue
            counts["duplicates" if item.duplicate_of is not None else "cleaned"] += 1
            story = output.document_to_dict(item, text=clean.body_text(item))
            typer.echo(json.dumps(story, ensure_ascii=False))
    _summary(counts, done="cleaned", events=False)
    raise typer.Exit(1 if counts["unreadable"] else 0)


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Option(help="Gold events (JSON Lines, the gold format).")],
    stories: Annotated[
        list[str],
        typer.Option(
            help="The stories the gold codes (plain text or JSON Lines); repeat for several."
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    config: ConfigOption = None,
    actors: ActorsOption = None,
) -> None:
    """Code the stories and score the events against a gold file."""
    settings = _settings(config, actors=actors)
    gold_stories = _guard(lambda: evaluation.read_gold(gold))
    engine = _guard(lambda: load_engine(settings))
    predicted: dict[str, list[Event]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for item in run(read_paths(stories), engine=engine):
        if isinstance(item, Rejection):
            _report_rejection(item, counts)
            continue
        predicted[item.document.doc_id].extend(item.events)
    report = evaluation.evaluate(gold_stories, predicted)
    typer.echo(json.dumps(report, indent=2) if as_json else evaluation.format_report(report))
    raise typer.Exit(1 if counts["unreadable"] else 0)


class EventsFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    cameo_tsv = "cameo-tsv"


DbOption = Annotated[
    Path, typer.Option("--db", help="The DuckDB event database file.", dir_okay=False)
]
LockTimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--lock-timeout",
        help="Seconds to wait while another process holds the database (an ingest "
        "writing it) [default: setting store_lock_timeout, 30].",
    ),
]


class IngestEngine(StrEnum):
    local = "local"
    dask = "dask"


@app.command("ingest")
def ingest_command(
    paths: PathsArgument,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="The DuckDB event database file (needed by --engine local; with --engine "
            "dask the dataset is also loaded into it).",
            dir_okay=False,
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            help="Worker processes, of the local pool or the local Dask cluster (default: "
            "the number of cores).",
        ),
    ] = None,
    engine: Annotated[
        IngestEngine,
        typer.Option(
            "--engine",
            help="local: a pool of processes on this machine, into --db. dask: a Dask "
            "cluster, into the Parquet dataset --out (needs the dask extra; see "
            "docs/database.md).",
        ),
    ] = IngestEngine.local,
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            help="With --engine dask: the Parquet dataset, a folder or an fsspec URL "
            "(s3://..., gs://... with s3fs or gcsfs installed).",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="With --engine dask: the address of a running Dask scheduler "
            "(tcp://HOST:8786); without it a local cluster of --workers processes starts.",
        ),
    ] = None,
    config: ConfigOption = None,
    field: FieldOption = None,
    actors: ActorsOption = None,
    lock_timeout: LockTimeoutOption = None,
) -> None:
    """Code stories into an event database: documents, events, actors, mentions, rejections.

    Stories already in the database (or, with --engine dask, committed to the dataset)
    are skipped, so running the same command again adds nothing, and a run that was
    stopped finishes the rest. Events told by several stories are then grouped into
    canonical events (see docs/database.md).
    """
    settings = _settings(config, actors=actors, store_lock_timeout=lock_timeout)
    fields = _guard(lambda: FieldMap.parse(field or []))
    _guard(
        lambda: _check_ingest_options(engine, db=db, out=out, scheduler=scheduler, workers=workers)
    )
    store = None if db is None else Store(db, lock_timeout=settings.store_lock_timeout)
    on_cluster = engine is IngestEngine.dask
    failed = 0
    try:
        with _ingest_progress(paths, fields, lines=on_cluster) as progress:
            if on_cluster:
                report, failed = _guard(
                    lambda: _ingest_on_cluster(
                        paths,
                        out=out or "",
                        settings=settings,
                        scheduler=scheduler,
                        workers=workers,
                        fields=fields,
                        store=store,
                        progress=progress,
                    )
                )
            else:
                report = _guard(
                    lambda: batch.ingest(
                        paths,
                        store=_database(store),
                        settings=settings,
                        workers=workers,
                        fields=fields,
                        progress=progress,
                    )
                )
    except KeyboardInterrupt:
        kept = f"every committed partition is kept in {out}"
        if not on_cluster:
            kept = f"every whole batch is kept in {db}"
        typer.echo(
            f"eventwire: interrupted; {kept}; run the same command again to code the rest",
            err=True,
        )
        raise typer.Exit(INTERRUPTED_EXIT) from None
    reasons = ", ".join(f"{name} {count}" for name, count in sorted(report.reasons.items()))
    if not State.quiet:
        typer.echo(
            f"eventwire: read {report.read}, stored {report.stored}, already stored "
            f"{report.skipped}, duplicates {report.duplicates}, events {report.events}, "
            f"rejected {report.rejections}{f' ({reasons})' if reasons else ''}; "
            f"{report.canonical} canonical events ({report.merged} merged); "
            f"{report.rate:.1f} stories/s",
            err=True,
        )
    if failed:
        typer.echo(
            f"eventwire: {failed} partitions failed; run the same command again to code them",
            err=True,
        )
    raise typer.Exit(1 if report.unreadable or failed else 0)


def _check_ingest_options(
    engine: IngestEngine,
    *,
    db: Path | None,
    out: str | None,
    scheduler: str | None,
    workers: int | None,
) -> None:
    if engine is IngestEngine.local:
        if out is not None or scheduler is not None:
            raise ConfigError("--out and --scheduler go with --engine dask")
        _database(None if db is None else Store(db))
        return
    if out is None:
        raise ConfigError(
            "--engine dask writes a Parquet dataset: pass --out FOLDER_OR_URL (and --db FILE "
            "to also load it into a database)"
        )
    if scheduler is not None and workers is not None:
        raise ConfigError(
            "--workers sizes a local cluster; with --scheduler the cluster's own workers code"
        )


def _database(store: Store | None) -> Store:
    if store is None:
        raise ConfigError(
            "--db FILE is needed: the local engine writes an event database (or use "
            "--engine dask --out DATASET)"
        )
    return store


def _ingest_on_cluster(
    paths: list[str],
    *,
    out: str,
    settings: Settings,
    scheduler: str | None,
    workers: int | None,
    fields: FieldMap,
    store: Store | None,
    progress: batch.Progress | None,
) -> tuple[batch.IngestReport, int]:
    """The dask engine's ingest, its own summary line, and how many partitions failed."""
    try:
        from eventwire import cluster
        from eventwire.store.dataset import Dataset
    except ImportError as exc:
        raise ConfigError(
            f"--engine dask needs the dask extra ({exc.name} is not installed): "
            "pip install 'eventwire[dask]'"
        ) from exc
    report = cluster.ingest(
        paths,
        dataset=Dataset(out),
        settings=settings,
        scheduler=scheduler,
        workers=workers,
        fields=fields,
        store=store,
        progress=progress,
    )
    if not State.quiet:
        loaded = f"; {report.loaded} documents loaded into {store.path}" if store else ""
        typer.echo(
            f"eventwire: {report.partitions} partitions committed to {out} "
            f"({report.partitions_done} committed before) by {report.workers} workers "
            f"(engine load {report.load_seconds:.1f} s; coding {report.coding_rate:.1f} "
            f"stories/s){loaded}",
            err=True,
        )
    for failure in report.failed:
        typer.echo(f"eventwire: {failure}", err=True)
    return report, len(report.failed)


@app.command("events")
def events_command(
    db: DbOption,
    event_type: Annotated[
        str | None, typer.Option("--type", help="A PLOVER event type (ASSAULT, CONSULT, ...).")
    ] = None,
    actor: Annotated[
        str | None, typer.Option(help="Actor country (ISO alpha-3, IGO) or part of a name.")
    ] = None,
    recipient: Annotated[
        str | None, typer.Option(help="Recipient country (ISO alpha-3) or part of a name.")
    ] = None,
    sector: Annotated[
        str | None, typer.Option(help="An actor or recipient sector (GOV, MIL, REB, ...).")
    ] = None,
    since: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Events on or after.")
    ] = None,
    until: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Events on or before.")
    ] = None,
    place: Annotated[
        str | None,
        typer.Option(help="Place country (ISO alpha-3), or a place or region name (% wildcards)."),
    ] = None,
    text: Annotated[str | None, typer.Option(help="Words in the evidence sentence.")] = None,
    min_confidence: Annotated[float | None, typer.Option(help="Confidence at least (0-1).")] = None,
    include_aux: Annotated[
        bool,
        typer.Option(help="Include historical, future, hypothetical and negated events."),
    ] = False,
    raw: Annotated[
        bool, typer.Option("--raw", help="Every per-story event instead of canonical events.")
    ] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many events.")] = None,
    output_format: Annotated[
        EventsFormat | None,
        typer.Option("--format", "-f", help="table (default on a terminal), jsonl or csv."),
    ] = None,
    config: ConfigOption = None,
    lock_timeout: LockTimeoutOption = None,
) -> None:
    """Query the event database: canonical events (or --raw per-story ones) matching filters."""
    chosen = output_format or (EventsFormat.table if sys.stdout.isatty() else EventsFormat.jsonl)
    where = EventFilter(
        event_type=event_type,
        actor=actor,
        recipient=recipient,
        sector=sector,
        since=since.date() if since else None,
        until=until.date() if until else None,
        place=place,
        text=text,
        min_confidence=min_confidence,
        include_aux=include_aux,
    )
    store = _store(db, config, lock_timeout)
    rows = _guard(lambda: store.events(where, raw=raw, limit=limit))
    if chosen is EventsFormat.table:
        typer.echo(export.table_header())
        for row in rows:
            typer.echo(export.table_row(row))
    elif chosen is EventsFormat.csv:
        export.write_csv(rows, sys.stdout)
    else:
        for row in rows:
            flat = {name: row[name] for name in export.FLAT_COLUMNS}
            typer.echo(json.dumps(flat, ensure_ascii=False, default=str))
    if not State.quiet:
        typer.echo(f"eventwire: {len(rows)} events", err=True)


@app.command("export")
def export_command(
    db: DbOption,
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="jsonl (PLOVER names, nested), csv (flat), parquet (a folder of files "
            "partitioned by month) or cameo-tsv (GDELT-like columns).",
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="The file or parquet folder to write.")],
    config: ConfigOption = None,
    lock_timeout: LockTimeoutOption = None,
) -> None:
    """Export every canonical event; the columns are documented in docs/database.md."""
    store = _store(db, config, lock_timeout)
    if output_format is ExportFormat.parquet:
        _guard(lambda: _check_empty_folder(out))
        _guard(lambda: store.copy_parquet(out))
        count = _guard(lambda: store.stats()["totals"]["canonical_events"])
    else:
        rows = _guard(store.export_rows)
        writers = {
            ExportFormat.jsonl: export.write_jsonl,
            ExportFormat.csv: export.write_csv,
            ExportFormat.cameo_tsv: export.write_cameo_tsv,
        }
        with _guard(lambda: _open_output(out)) as sink:
            count = writers[output_format](rows, sink)
    if not State.quiet:
        typer.echo(f"eventwire: wrote {count} events to {out}", err=True)


@app.command("stats")
def stats_command(
    db: DbOption,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
    config: ConfigOption = None,
    lock_timeout: LockTimeoutOption = None,
) -> None:
    """Counts: documents, events, canonical events; by type, actor, month, source; rejections."""
    store = _store(db, config, lock_timeout)
    stats = _guard(store.stats)
    if as_json:
        typer.echo(json.dumps(stats, indent=2, default=str))
        return
    for name, value in stats["totals"].items():
        typer.echo(f"{name:<20} {value}")
    for section, rows in stats.items():
        if section == "totals":
            continue
        typer.echo(f"\n{section.replace('_', ' ')}")
        for key, *counts in rows:
            typer.echo(f"  {key!s:<30} {'  '.join(str(count) for count in counts)}")


@app.command("serve")
def serve_command(
    db: DbOption,
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on. Loopback by default; any other address makes the "
            "app, with no login, reachable from other machines."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    max_body: Annotated[
        int,
        typer.Option(
            "--max-body", min=1, help="Largest request body in bytes (text posted to code)."
        ),
    ] = 100_000,
    config: ConfigOption = None,
    lock_timeout: LockTimeoutOption = None,
) -> None:
    """Serve the web pages and the JSON API over an event database, read-only.

    Pages: event search, events with their evidence highlighted, dyad and actor
    timelines, stories, and a box that codes pasted text. API under /api (schema at
    /api/openapi.json). See docs/web.md.
    """
    import uvicorn  # the web stack loads only for this command

    from eventwire.web.app import create_app
    from eventwire.web.guards import LOOPBACK_HOSTS

    settings = _settings(config, store_lock_timeout=lock_timeout)
    exposed = not _is_loopback(host)
    if exposed:
        typer.echo(
            f"eventwire: warning: serving on {host}, reachable from other machines; the app "
            "has no login: anyone who reaches it can read the whole database and have text "
            "coded. Use the default --host 127.0.0.1 unless that is what you want",
            err=True,
        )
    allowed = None if exposed else LOOPBACK_HOSTS | {host}
    web_app = _guard(
        lambda: create_app(db, settings=settings, max_body_bytes=max_body, allowed_hosts=allowed)
    )
    shown = f"[{host}]" if ":" in host else host
    if not State.quiet:
        typer.echo(
            f"eventwire: serving {db} read-only at http://{shown}:{port}/ (Ctrl-C stops)",
            err=True,
        )
    verbose = log.getEffectiveLevel() <= logging.INFO
    uvicorn.run(
        web_app,
        host=host,
        port=port,
        log_level="info" if verbose else "warning",
        access_log=verbose,
        log_config=_uvicorn_logging(),
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _uvicorn_logging() -> dict[str, Any]:
    """Uvicorn's logging with its access log on stderr too: stdout carries data only."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["handlers"]["access"]["stream"] = "ext://sys.stderr"
    return config


def _store(db: Path, config: Path | None, lock_timeout: float | None) -> Store:
    settings = _settings(config, store_lock_timeout=lock_timeout)
    return Store(db, lock_timeout=settings.store_lock_timeout)


def _check_empty_folder(path: Path) -> None:
    """Parquet goes into a new or empty folder, so no month of an older export lingers."""
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise ConfigError(
            f"--out {path}: exists and is not an empty folder; Parquet is written as a "
            "folder of month partitions: pass a new folder, or remove this one first"
        )


def _open_output(path: Path) -> TextIO:
    try:
        return path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise ConfigError(
            f"--out {path}: cannot write it ({exc.strerror}); pass a file in a writable folder"
        ) from exc


@contextmanager
def _ingest_progress(
    paths: list[str], fields: FieldMap, *, lines: bool = False
) -> Iterator[batch.Progress | None]:
    """A progress bar (stories, rate, ETA) on stderr when it is a terminal; otherwise,
    with ``lines``, a line every PROGRESS_LINE_SECONDS (long cluster runs, into logs)."""
    if State.quiet:
        yield None
        return
    if not sys.stderr.isatty():
        yield _progress_lines() if lines else None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    total = None if "-" in paths else sum(1 for _ in read_paths(paths, fields=fields))
    columns = (
        TextColumn("stories"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("ingest", total=total, rate="")
        started = time.monotonic()

        def advance(count: int) -> None:
            bar.advance(task, count)
            done = bar.tasks[0].completed
            bar.update(task, rate=f"{done / max(time.monotonic() - started, 1e-6):.1f}/s")

        yield advance


def _progress_lines() -> batch.Progress:
    """A counter that prints stories done and the rate at most every PROGRESS_LINE_SECONDS."""
    started = last = time.monotonic()
    done = 0

    def advance(count: int) -> None:
        nonlocal done, last
        done += count
        now = time.monotonic()
        if now - last >= PROGRESS_LINE_SECONDS:
            last = now
            rate = done / max(now - started, 1e-6)
            typer.echo(f"eventwire: {done} stories, {rate:.1f}/s", err=True)

    return advance


def _settings(
    config: Path | None, *, actors: list[Path] | None = None, **overrides: object
) -> Settings:
    settings = _guard(lambda: Settings.load(config_file=config, overrides=overrides))
    if actors:
        extra = tuple(str(path) for path in actors)
        settings = dataclasses.replace(
            settings, actor_dictionaries=settings.actor_dictionaries + extra
        )
    return settings


def _guard(action: Callable[[], T]) -> T:
    """Run a setup step; a bad invocation prints one line and exits 2."""
    try:
        return action()
    except EventwireError as exc:
        if State.debug:
            raise
        typer.echo(f"eventwire: error: {exc}", err=True)
        raise typer.Exit(2) from None


def _write_quotes(quotes: Iterable[Quote], sink: TextIO | None) -> None:
    if sink is None:
        return
    for quote in quotes:
        sink.write(json.dumps(output.quote_to_dict(quote), ensure_ascii=False) + "\n")


@contextmanager
def _jsonl_file(path: Path | None) -> Iterator[TextIO | None]:
    """A --rejects or --quotes file, opened for writing; a path that cannot be written
    exits 2."""
    if path is None:
        yield None
        return
    sink = _guard(lambda: _open_for_writing(path))
    with sink:
        yield sink


def _open_for_writing(path: Path) -> TextIO:
    try:
        return path.open("w", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"--rejects {path}: cannot write it ({exc.strerror}); pass a file in a writable folder"
        ) from exc


def _report_rejection(
    rejection: Rejection, counts: Counter[str], *, sink: TextIO | None = None
) -> None:
    typer.echo(f"eventwire: {output.describe_rejection(rejection)}", err=True)
    if sink is not None:
        sink.write(json.dumps(output.rejection_to_dict(rejection), ensure_ascii=False) + "\n")
    counts["rejected"] += 1
    counts[f"reason:{rejection.reason.split(': ')[0]}"] += 1
    if rejection.stage in FAILING_STAGES:
        counts["unreadable"] += 1  # an unreadable input, or a story that crashed a stage


def _summary(counts: Counter[str], *, done: str = "coded", events: bool = True) -> None:
    """One line on stderr: read N, coded (or cleaned) N, duplicates N, rejected N (why)."""
    reasons = ", ".join(
        f"{name.removeprefix('reason:')} {count}"
        for name, count in sorted(counts.items())
        if name.startswith("reason:")
    )
    total = counts[done] + counts["duplicates"] + counts["rejected"]
    parts = [f"read {total}", f"{done} {counts[done]}", f"duplicates {counts['duplicates']}"]
    if events:
        parts.append(f"events {counts['events']}")
    parts.append(f"rejected {counts['rejected']}")
    if not State.quiet:
        typer.echo(f"eventwire: {', '.join(parts)}{f' ({reasons})' if reasons else ''}", err=True)


def main() -> None:
    """Console-script entry point."""
    app()
