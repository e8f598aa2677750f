"""The timeline chart's geometry: cooperation up, conflict down, the score line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eventwire.web.charts import timeline_chart


def period(day: dt.date, quads: tuple[int, int, int, int], score: float | None) -> dict[str, Any]:
    return {
        "period": day,
        "events": sum(quads),
        "by_type": {"CONSULT": quads[0]} if quads[0] else {},
        "by_quad": {str(q): n for q, n in zip((1, 2, 3, 4), quads, strict=True)},
        "scored": sum(quads),
        "mean_score": score,
    }


PERIODS = [
    period(dt.date(2024, 1, 1), (2, 0, 0, 4), -5.0),
    period(dt.date(2024, 2, 1), (0, 0, 0, 0), None),
    period(dt.date(2024, 3, 1), (1, 1, 0, 0), 6.0),
    period(dt.date(2024, 4, 1), (0, 0, 1, 0), 3.0),
]


def test_charts_empty_timeline_has_no_chart() -> None:
    assert timeline_chart([], interval="month") is None


def test_charts_cooperation_stacks_up_and_conflict_down() -> None:
    chart = timeline_chart(PERIODS, interval="month")
    assert chart is not None
    first = chart.columns[0]
    up = [bar for bar in first.bars if bar.quad in (1, 2)]
    down = [bar for bar in first.bars if bar.quad in (3, 4)]
    assert all(bar.y + bar.height <= chart.zero + 1e-9 for bar in up)
    assert all(bar.y >= chart.zero - 1e-9 for bar in down)
    # the tallest side (4 conflict events) fills half the plot; 2 events half of that
    half = (chart.bottom - chart.top) / 2
    assert down[0].height == half
    assert up[0].height == half / 2
    assert chart.columns[1].bars == ()


def test_charts_score_line_breaks_where_a_period_has_no_score() -> None:
    chart = timeline_chart(PERIODS, interval="month")
    assert chart is not None
    assert len(chart.dots) == 3
    assert len(chart.score_lines) == 1  # March-April; January stands alone
    top_dot = min(chart.dots, key=lambda dot: dot.y)
    assert top_dot.label == "mean score +6.0"
    assert chart.top <= top_dot.y <= chart.zero


def test_charts_columns_link_to_their_period() -> None:
    seen: list[tuple[dt.date, dt.date]] = []

    def link(start: dt.date, end: dt.date) -> str:
        seen.append((start, end))
        return f"/?since={start}&until={end}"

    chart = timeline_chart(PERIODS, interval="month", link=link)
    assert chart is not None
    assert chart.columns[0].href == "/?since=2024-01-01&until=2024-01-31"
    assert chart.columns[1].href is None  # an empty period links nowhere
    assert (dt.date(2024, 2, 1), dt.date(2024, 2, 29)) not in seen
    assert "6 events" in chart.columns[0].summary
    assert "material conflict: 4" in chart.columns[0].summary


def test_charts_label_at_most_twelve_periods() -> None:
    many = [
        period(dt.date(2020, 1, 1) + dt.timedelta(days=i), (1, 0, 0, 0), 2.5) for i in range(100)
    ]
    chart = timeline_chart(many, interval="day")
    assert chart is not None
    assert len(chart.x_ticks) <= 12
    assert chart.x_ticks[0].label == "2020-01-01"
