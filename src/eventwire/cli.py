"""Command line: thin wrappers over the library. Data on stdout, messages on stderr.

Exit codes: 0 all inputs coded; 1 some input could not be read (each named on
stderr, the rest still coded); 2 bad invocation (one line saying what to fix).
"""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from eventwire import evaluation, output
from eventwire.config import Settings
from eventwire.errors import EventwireError
from eventwire.pipeline import load_engine, run
from eventwire.stages.read import read_paths
from eventwire.types import Event, Rejection

log = logging.getLogger("eventwire")

app = typer.Typer(
    name="eventwire",
    help="Code news stories into PLOVER and CAMEO political events, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
UNREADABLE_STAGE = "read"
T = TypeVar("T")


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


class State:
    debug = False
    quiet = False


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
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Story files: plain text (.txt) or JSON Lines (.jsonl, one story per line with "
            "id, title, text, published); - reads standard input.",
            show_default=False,
        ),
    ],
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
) -> None:
    """Code stories and print one event per line."""
    chosen = output_format or (OutputFormat.table if sys.stdout.isatty() else OutputFormat.jsonl)
    settings = _settings(config, min_confidence=min_confidence)
    engine = _guard(lambda: load_engine(settings))
    counts: Counter[str] = Counter()
    if chosen is OutputFormat.table:
        typer.echo(output.table_header())
    for item in run(read_paths(paths), engine=engine):
        if isinstance(item, Rejection):
            _report_rejection(item, counts)
            continue
        counts["coded"] += 1
        for event in item.events:
            counts["events"] += 1
            line = (
                json.dumps(output.event_to_dict(event), ensure_ascii=False)
                if chosen is OutputFormat.jsonl
                else output.table_row(event)
            )
            typer.echo(line)
    _summary(counts)
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
) -> None:
    """Code the stories and score the events against a gold file."""
    settings = _settings(config)
    gold_stories = _guard(lambda: evaluation.read_gold(gold))
    engine = _guard(lambda: load_engine(settings))
    predicted: dict[str, list[Event]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for item in run(read_paths(stories), engine=engine):
        if isinstance(item, Rejection):
            _report_rejection(item, counts)
            continue
        predicted[item.document.doc_id].extend(item.events)
        predicted.setdefault(item.document.doc_id, [])
    report = evaluation.evaluate(gold_stories, predicted)
    typer.echo(json.dumps(report, indent=2) if as_json else evaluation.format_report(report))
    raise typer.Exit(1 if counts["unreadable"] else 0)


def _settings(config: Path | None, **overrides: object) -> Settings:
    return _guard(lambda: Settings.load(config_file=config, overrides=overrides))


def _guard(action: Callable[[], T]) -> T:
    """Run a setup step; a bad invocation prints one line and exits 2."""
    try:
        return action()
    except EventwireError as exc:
        if State.debug:
            raise
        typer.echo(f"eventwire: error: {exc}", err=True)
        raise typer.Exit(2) from None


def _report_rejection(rejection: Rejection, counts: Counter[str]) -> None:
    typer.echo(f"eventwire: {output.describe_rejection(rejection)}", err=True)
    counts["rejected"] += 1
    counts[f"reason:{rejection.reason.split(':')[0]}"] += 1
    if rejection.stage == UNREADABLE_STAGE:
        counts["unreadable"] += 1


def _summary(counts: Counter[str]) -> None:
    reasons = ", ".join(
        f"{name.removeprefix('reason:')} {count}"
        for name, count in sorted(counts.items())
        if name.startswith("reason:")
    )
    line = (
        f"read {counts['coded'] + counts['rejected']}, coded {counts['coded']}, "
        f"events {counts['events']}, rejected {counts['rejected']}"
    )
    if not State.quiet:
        typer.echo(f"eventwire: {line}{f' ({reasons})' if reasons else ''}", err=True)


def main() -> None:
    """Console-script entry point."""
    app()
