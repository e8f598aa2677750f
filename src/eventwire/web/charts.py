"""The cooperation-conflict timeline as geometry for an SVG template.

Each period is a column: cooperation (PLOVER quad classes 1 and 2) stacks up from the
zero line, conflict (3 and 4) down from it, verbal nearest the line and material
outside; the mean PLOVER score (-10 to +10) is a line on the right-hand axis, whose
zero is the same line. Only numbers and plain labels leave this module; the template
escapes every label.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eventwire.store.queries import Interval, next_period

WIDTH = 960
HEIGHT = 340
MARGIN_LEFT = 52
MARGIN_RIGHT = 52
MARGIN_TOP = 14
MARGIN_BOTTOM = 44
MAX_X_LABELS = 12
SCORE_LIMIT = 10.0
BAR_SHARE = 0.8
MAX_BAR_WIDTH = 40.0
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
LABEL_FORMATS = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%b %Y", "year": "%Y"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    quad: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    """One period: its bars, a hover area with its summary, and a link to its events."""

    x: float
    width: float
    bars: tuple[Bar, ...]
    summary: str
    href: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Dot:
    x: float
    y: float
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Chart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    zero: float
    columns: tuple[Column, ...]
    score_lines: tuple[str, ...]
    dots: tuple[Dot, ...]
    x_ticks: tuple[Tick, ...]
    count_ticks: tuple[Tick, ...]
    score_ticks: tuple[Tick, ...]


def timeline_chart(
    periods: Sequence[Mapping[str, Any]],
    *,
    interval: Interval,
    link: Callable[[dt.date, dt.date], str] | None = None,
) -> Chart | None:
    """The chart of a timeline (``StoreReader.timeline``), or None when it is empty."""
    if not periods:
        return None
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM
    zero = (top + bottom) / 2
    half = (bottom - top) / 2
    peak = max(max(_cooperation(p), _conflict(p)) for p in periods) or 1
    slot = (right - left) / len(periods)
    columns = [
        _column(
            period,
            x=left + index * slot,
            slot=slot,
            zero=zero,
            per_event=half / peak,
            interval=interval,
            link=link,
        )
        for index, period in enumerate(periods)
    ]
    points = [
        None
        if period["mean_score"] is None
        else (left + (index + 0.5) * slot, zero - period["mean_score"] / SCORE_LIMIT * half)
        for index, period in enumerate(periods)
    ]
    dots = [
        Dot(x=point[0], y=point[1], label=f"mean score {period['mean_score']:+.1f}")
        for point, period in zip(points, periods, strict=True)
        if point is not None
    ]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        zero=zero,
        columns=tuple(columns),
        score_lines=tuple(
            " ".join(f"{x:.1f},{y:.1f}" for x, y in run) for run in _runs(points) if len(run) > 1
        ),
        dots=tuple(dots),
        x_ticks=_x_ticks(periods, left=left, slot=slot, interval=interval),
        count_ticks=_count_ticks(peak, zero=zero, half=half),
        score_ticks=tuple(
            Tick(at=zero - value / SCORE_LIMIT * half, label=f"{value:+g}" if value else "0")
            for value in (10, 5, 0, -5, -10)
        ),
    )


def _column(
    period: Mapping[str, Any],
    *,
    x: float,
    slot: float,
    zero: float,
    per_event: float,
    interval: Interval,
    link: Callable[[dt.date, dt.date], str] | None,
) -> Column:
    width = min(max(slot * BAR_SHARE, 1.0), MAX_BAR_WIDTH)
    left = x + (slot - width) / 2
    bars = []
    up, down = zero, zero
    for quad in (1, 2):
        height = period["by_quad"][str(quad)] * per_event
        if height:
            up -= height
            bars.append(Bar(x=left, y=up, width=width, height=height, quad=quad))
    for quad in (3, 4):
        height = period["by_quad"][str(quad)] * per_event
        if height:
            bars.append(Bar(x=left, y=down, width=width, height=height, quad=quad))
            down += height
    start: dt.date = period["period"]
    end = next_period(start, interval) - dt.timedelta(days=1)
    href = link(start, end) if link and period["events"] else None
    return Column(x=x, width=slot, bars=tuple(bars), summary=_summary(period, interval), href=href)


def _summary(period: Mapping[str, Any], interval: Interval) -> str:
    """The hover text of a period: counts by quad class and type, and the mean score."""
    start: dt.date = period["period"]
    lines = [f"{_label(start, interval)}: {period['events']} events"]
    lines.extend(
        f"{QUAD_NAMES[quad]}: {period['by_quad'][str(quad)]}"
        for quad in (1, 2, 3, 4)
        if period["by_quad"][str(quad)]
    )
    by_type = sorted(period["by_type"].items(), key=lambda item: (-item[1], item[0]))
    if by_type:
        lines.append(", ".join(f"{name} {count}" for name, count in by_type))
    if period["mean_score"] is not None:
        lines.append(f"mean PLOVER score {period['mean_score']:+.1f}")
    return "\n".join(lines)


def _x_ticks(
    periods: Sequence[Mapping[str, Any]], *, left: float, slot: float, interval: Interval
) -> tuple[Tick, ...]:
    step = max(1, math.ceil(len(periods) / MAX_X_LABELS))
    return tuple(
        Tick(at=left + index * slot + slot / 2, label=_label(periods[index]["period"], interval))
        for index in range(0, len(periods), step)
    )


def _count_ticks(peak: int, *, zero: float, half: float) -> tuple[Tick, ...]:
    """Event counts on the left axis: the peak and its half, up and down, and zero."""
    values = sorted({peak, math.ceil(peak / 2)} if peak > 1 else {peak})
    ticks = [Tick(at=zero, label="0")]
    for value in values:
        offset = value / peak * half
        ticks.append(Tick(at=zero - offset, label=str(value)))
        ticks.append(Tick(at=zero + offset, label=str(value)))
    return tuple(ticks)


def _label(day: dt.date, interval: Interval) -> str:
    return day.strftime(LABEL_FORMATS[interval])


def _cooperation(period: Mapping[str, Any]) -> int:
    return int(period["by_quad"]["1"] + period["by_quad"]["2"])


def _conflict(period: Mapping[str, Any]) -> int:
    return int(period["by_quad"]["3"] + period["by_quad"]["4"])


def _runs(points: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Consecutive points as runs: a period without a score breaks the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]
