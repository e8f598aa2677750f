from __future__ import annotations

import datetime as dt

import pytest

from eventwire.stages.dates import format_value, resolve_text

FRIDAY = dt.date(2025, 3, 14)
SEED_PUB = dt.date(2025, 9, 28)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("text", "future", "start", "end", "granularity"),
    [
        ("Thursday", False, "2025-03-13", "2025-03-13", "day"),  # past weekday: day before
        ("on Monday", True, "2025-03-17", "2025-03-17", "day"),  # future verb: next Monday
        ("Friday", False, "2025-03-14", "2025-03-14", "day"),  # the publication weekday itself
        ("last Friday", False, "2025-03-07", "2025-03-07", "day"),
        ("yesterday", False, "2025-03-13", "2025-03-13", "day"),
        ("tomorrow", True, "2025-03-15", "2025-03-15", "day"),
        ("March 3", False, "2025-03-03", "2025-03-03", "day"),
        ("Sept. 30, 2024", False, "2024-09-30", "2024-09-30", "day"),
        ("December 5", False, "2024-12-05", "2024-12-05", "day"),  # past tense: last December
        ("in February", False, "2025-02-01", "2025-02-28", "month"),
        ("late February", False, "2025-02-21", "2025-02-28", "month"),
        ("last week", False, "2025-03-03", "2025-03-09", "week"),
        ("next month", True, "2025-04-01", "2025-04-30", "month"),
        ("earlier this year", False, "2025-01-01", "2025-03-14", "year"),
        ("in 2014", False, "2014-01-01", "2014-12-31", "year"),
    ],
)
def test_resolve_text_against_a_friday_story(
    text: str, future: bool, start: str, end: str, granularity: str
) -> None:
    assert resolve_text(text, published=FRIDAY, future=future) == (d(start), d(end), granularity)


def test_resolve_text_this_fall_in_the_seed_story_is_autumn_2025() -> None:
    start, end, granularity = resolve_text("this upcoming fall", published=SEED_PUB) or (
        None,
        None,
        None,
    )
    assert (start, end, granularity) == (d("2025-09-01"), d("2025-11-30"), "season")


def test_resolve_text_without_time_words_is_none() -> None:
    assert resolve_text("the talks", published=FRIDAY) is None


@pytest.mark.parametrize(
    ("start", "end", "granularity", "value"),
    [
        ("2025-03-13", "2025-03-13", "day", "2025-03-13"),
        ("2025-02-01", "2025-02-28", "month", "2025-02"),
        ("2014-01-01", "2014-12-31", "year", "2014"),
        ("2025-09-01", "2025-11-30", "season", "2025-09-01/2025-11-30"),
    ],
)
def test_format_value(start: str, end: str, granularity: str, value: str) -> None:
    assert format_value(d(start), d(end), granularity) == value  # type: ignore[arg-type]
