"""Temporal phrases -> intervals, relative to the publication date and the verb's tense.

``resolve_text("on Thursday", published=friday)`` is the day before;
``resolve_text("on Monday", published=friday, tense="future")`` the next Monday;
``resolve_text("this fall", published=2025-09-28)`` the autumn of 2025. Own rules cover
what parsers miss (seasons, early/mid/late, "earlier this year", "by the end of the
year", ranges, tense); ``dateparser`` (always ``languages=["en"]``) resolves the
explicit dates they do not ("30 September 2024", "the 5th of March", "2024-09-30").
A numeric date such as "3/4" is ambiguous: the interval is the US reading (March 4)
and ``alternatives`` holds the other (April 3).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from eventwire.stages.read.timestamps import MONTHS, WEEKDAYS
from eventwire.types import Granularity

Tense = Literal["past", "present", "future"]

SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "several": 3, "few": 3, "couple": 2,
}  # fmt: skip
UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
         "months": "month", "year": "year", "years": "year", "decade": "decade",
         "decades": "decade"}  # fmt: skip
FUTURE_WORDS = frozenset({"next", "coming", "upcoming", "later", "following"})
PAST_WORDS = frozenset({"last", "past", "previous", "earlier", "ago", "preceding"})
PART_OF_MONTH = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
PART_OF_YEAR = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
SEASON_MODIFIERS = frozenset({"this", "last", "next", "coming", "upcoming", "past", "early",
                              "late", "mid", "following", "previous"})  # fmt: skip
SEASON_PREPS = frozenset({"in", "during", "by", "over", "through", "until", "since", "before",
                          "after", "for"})  # fmt: skip
DEICTIC = frozenset({"this", "last", "next", "the", "coming", "previous", "following"})
YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")
DECADE = re.compile(r"\b(1[89]\d|20\d)0s\b")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?\b")
RANGE_SPLIT = re.compile(r"\s+(?:to|until|till|through|thru|and)\s+|\s*[\u2013\u2014-]\s*(?=\d)")
RANGE_LEAD = re.compile(r"^\s*(?:from|between)\s+", re.IGNORECASE)
WORD = re.compile(r"[a-z]+|\d+")


@dataclass(frozen=True, slots=True)
class Interval:
    """A resolved temporal expression: inclusive dates, granularity, other readings."""

    start: dt.date
    end: dt.date
    granularity: Granularity
    alternatives: tuple[tuple[dt.date, dt.date], ...] = ()


@dataclass(frozen=True, slots=True)
class _Query:
    text: str
    words: tuple[str, ...]
    published: dt.date
    direction: int  # -1 past, 0 the current one, +1 future


Rule = Callable[[_Query], Interval | None]


def resolve_text(text: str, *, published: dt.date, tense: Tense = "past") -> Interval | None:
    """An interval for a temporal phrase, or None when it names no time (or a time
    outside the calendar: "in 9000 years", "800000 days ago")."""
    try:
        return _resolve(text, published=published, tense=tense)
    except (ValueError, OverflowError):
        return None


def _resolve(text: str, *, published: dt.date, tense: Tense) -> Interval | None:
    ranged = _range(text, published=published, tense=tense)
    if ranged is not None:
        return ranged
    words = tuple(WORD.findall(text.lower().replace("mid-", "mid ")))
    if not words:
        return None
    query = _Query(text, words, published, _direction(words, tense=tense))
    for rule in RULES:
        resolved = rule(query)
        if resolved is not None:
            return _with_deadline(resolved, query)
    return None


def _direction(words: Sequence[str], *, tense: Tense) -> int:
    if any(word in FUTURE_WORDS for word in words):
        return 1
    if any(word in PAST_WORDS for word in words):
        return -1
    if "this" in words:
        return 0
    return 1 if tense == "future" else -1


def _with_deadline(interval: Interval, query: _Query) -> Interval:
    """ "by Friday", "by the end of the year": from publication up to the deadline;
    "since 2014": from then up to publication."""
    first = query.words[0]
    if first == "by" and interval.start > query.published:
        return _span(query.published, interval.end)
    if first == "by" and interval.end >= query.published:
        return _span(min(query.published, interval.start), interval.end)
    if first == "since" and interval.start <= query.published:
        return _span(interval.start, query.published)
    return interval


def _span(start: dt.date, end: dt.date) -> Interval:
    """An interval between two days, with the granularity of the period holding it."""
    if start == end:
        return Interval(start, end, "day")
    if (end - start).days <= 7:
        return Interval(start, end, "week")
    same_month = (start.year, start.month) == (end.year, end.month)
    return Interval(start, end, "month" if same_month else "year")


def _range(text: str, *, published: dt.date, tense: Tense) -> Interval | None:
    """ "from Monday to Wednesday", "between 2019 and 2021", "March 3-5"."""
    if ISO_DATE.search(text) or SLASH_DATE.search(text):
        return None
    body = RANGE_LEAD.sub("", text)
    parts = RANGE_SPLIT.split(body, maxsplit=1)
    if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
        return None
    left_text, right_text = parts[0].strip(), parts[1].strip()
    left = resolve_text(left_text, published=published, tense=tense)
    if left is None:
        return None
    right = resolve_text(right_text, published=published, tense=tense)
    if right_text.isdigit() and left.granularity == "day" and int(right_text) <= 31:
        # "March 3-5": the right end borrows the left's month and year
        try:
            day = left.start.replace(day=int(right_text))
        except ValueError:
            return None
        right = Interval(day, day, "day")
    if right is None or right.end < left.start:
        return None
    granularity = _coarser(left.granularity, right.granularity)
    return Interval(left.start, right.end, granularity)


def _coarser(a: Granularity, b: Granularity) -> Granularity:
    order: tuple[Granularity, ...] = ("day", "week", "month", "season", "year")
    return max(a, b, key=order.index)


def _numeric(query: _Query) -> Interval | None:
    match = ISO_DATE.search(query.text)
    if match:
        iso = _date(int(match[1]), int(match[2]), int(match[3]))
        return Interval(iso, iso, "day") if iso else None
    match = SLASH_DATE.search(query.text)
    if match is None:
        return None
    first, second = int(match[1]), int(match[2])
    year = _full_year(match[3]) if match[3] else None
    readings: list[dt.date] = []
    for month, day in ((first, second), (second, first)):  # US order first
        if not 1 <= month <= 12:
            continue
        resolved_year = year or _infer_year(month, day, query.published, query.direction)
        date = _date(resolved_year, month, day)
        if date is not None and date not in readings:
            readings.append(date)
    if not readings:
        return None
    return Interval(
        readings[0], readings[0], "day", alternatives=tuple((d, d) for d in readings[1:])
    )


def _full_year(digits: str) -> int:
    return int(digits) + 2000 if len(digits) == 2 else int(digits)


def _relative_day(query: _Query) -> Interval | None:
    for word in query.words:
        if word in RELATIVE_DAYS:
            day = query.published + dt.timedelta(days=RELATIVE_DAYS[word])
            return Interval(day, day, "day")
    return None


def _count_ago(query: _Query) -> Interval | None:
    """ "three days ago", "two weeks ago", "in 10 days", "a year later"."""
    words = query.words
    for index, word in enumerate(words):
        unit = UNITS.get(word)
        if unit is None or index == 0:
            continue
        count = _number(words[index - 1])
        if count is None:
            continue
        after = words[index + 1 : index + 2]
        if after == ("ago",):
            sign = -1
        elif after == ("from",) or (index >= 2 and words[index - 2] == "in"):
            sign = 1
        else:
            continue
        return _unit_around(query.published, unit, sign * count)
    return None


def _unit_around(published: dt.date, unit: str, count: int) -> Interval:
    if unit == "day":
        day = published + dt.timedelta(days=count)
        return Interval(day, day, "day")
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=count)
        return Interval(monday, monday + dt.timedelta(days=6), "week")
    if unit == "month":
        year, month = _add_months(published.year, published.month, count)
        return Interval(dt.date(year, month, 1), _month_end(year, month), "month")
    years = count * (10 if unit == "decade" else 1)
    year = published.year + years
    return Interval(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _rolling(query: _Query) -> Interval | None:
    """ "in the past week", "over the last two months", "the past few days"."""
    words = query.words
    for index, word in enumerate(words):
        if word not in {"past", "last"} or index + 1 >= len(words):
            continue
        rest = words[index + 1 : index + 3]
        count = _number(rest[0]) if len(rest) > 1 else None
        unit = UNITS.get(rest[1] if count is not None else rest[0])
        plural = (rest[1] if count is not None else rest[0]).endswith("s")
        if unit is None or (word == "last" and count is None and not plural):
            continue  # "last week" is the calendar week before, below
        count = count or 1
        days = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3652}[unit] * count
        start = query.published - dt.timedelta(days=days)
        granularity: Granularity = "year" if unit == "decade" else unit  # type: ignore[assignment]
        return Interval(start, query.published, granularity)
    return None


def _weekday(query: _Query) -> Interval | None:
    target = next((WEEKDAYS.index(w) for w in query.words if w in WEEKDAYS), None)
    if target is None:
        return None
    published = query.published
    if query.direction > 0:
        ahead = (target - published.weekday()) % 7
        if ahead == 0 and "next" in query.words:
            ahead = 7
        day = published + dt.timedelta(days=ahead)
    elif query.direction == 0:
        day = published - dt.timedelta(days=published.weekday()) + dt.timedelta(days=target)
    else:
        back = (published.weekday() - target) % 7
        if "last" in query.words and back == 0:
            back = 7
        day = published - dt.timedelta(days=back)
    return Interval(day, day, "day")


def _month_day(query: _Query) -> Interval | None:
    """ "March 3", "3 March", "March 3rd, 2024", "the 5th of March"."""
    month = _month_in(query)
    if month is None:
        return None
    numbers = [int(w) for w in WORD.findall(query.text.lower()) if w.isdigit() and len(w) <= 2]
    days = [n for n in numbers if 1 <= n <= 31]
    if not days:
        return None
    year = _year_in(query) or _infer_year(month, days[0], query.published, query.direction)
    day = _date(year, month, days[0])
    return Interval(day, day, "day") if day else None


def _season(query: _Query) -> Interval | None:
    season = next((w for w in query.words if w in SEASONS), None)
    if season is None or not re.search(rf"\b{season}\b", query.text):
        return None  # "the Arab Spring" is a name
    explicit = _explicit_year(query.text)
    index = query.words.index(season)
    before = set(query.words[max(0, index - 2) : index])
    led = index >= 2 and query.words[index - 1] == "the" and query.words[index - 2] in SEASON_PREPS
    if explicit is None and not led and not before & SEASON_MODIFIERS:
        return None  # "a fall in prices", "the fall of Kabul"
    first_month = SEASONS[season]
    published = query.published
    if explicit is not None:
        return _season_of(explicit, first_month)
    containing_year = published.year - (1 if first_month == 12 and published.month <= 2 else 0)
    occurrences = [_season_of(containing_year + shift, first_month) for shift in (-1, 0, 1)]
    if "this" in query.words and query.direction == 0:
        # the season under way, else the nearest: "this winter" in March is the one just ended
        return min(occurrences, key=lambda o: _distance(o, published))
    if query.direction > 0:
        if "next" in query.words:
            return next(o for o in occurrences if o.start > published)
        return next(o for o in occurrences if o.end >= published)
    if "last" in query.words or "past" in query.words:
        return [o for o in occurrences if o.end < published][-1]
    return [o for o in occurrences if o.start <= published][-1]


def _distance(interval: Interval, day: dt.date) -> int:
    if interval.start <= day <= interval.end:
        return 0
    return min(abs((interval.start - day).days), abs((day - interval.end).days))


def _season_of(year: int, first_month: int) -> Interval:
    end_year, end_month = _add_months(year, first_month, 2)
    return Interval(dt.date(year, first_month, 1), _month_end(end_year, end_month), "season")


def _part_of_period(query: _Query) -> Interval | None:
    """ "earlier this year", "later this month", "late last year", "early 2024",
    "the end of the year", "the beginning of next month", "earlier this week"."""
    words = query.words
    unit = next((w for w in ("week", "month", "year") if w in words), None)
    if _month_in(query) is not None:
        return None  # "July this year", "late May last year": the month rule
    if unit is None:
        year = _explicit_year(query.text)
        if year is None or _month_in(query) is not None or DECADE.search(query.text):
            return None
        period = Interval(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    else:
        if not DEICTIC.intersection(words):
            return None
        shift = 1 if FUTURE_WORDS.intersection(words) - {"later"} else 0
        shift = -1 if {"last", "previous"}.intersection(words) else shift
        period = _unit_around(query.published, unit, shift)
    published = query.published
    if "earlier" in words and period.start <= published <= period.end:
        return Interval(period.start, published, period.granularity)
    if "later" in words and period.start <= published <= period.end:
        return Interval(published, period.end, period.granularity)
    if "end" in words:
        return _tail(period)
    if "beginning" in words or "start" in words:
        return _head(period)
    for word in PART_OF_YEAR:
        if word in words:
            return _part(period, word)
    return None


def _part(period: Interval, word: str) -> Interval:
    """Early, mid or late part of a year (thirds: Jan-Apr ...) or a month (1-10 ...)."""
    if period.granularity == "year":
        first, last = PART_OF_YEAR[word]
        start = dt.date(period.start.year, first, 1)
        return Interval(start, _month_end(period.start.year, last), "year")
    if period.granularity == "month":
        first, last = PART_OF_MONTH[word]
        end = period.start.replace(day=min(last, period.end.day))
        return Interval(period.start.replace(day=first), end, "month")
    return period


def _tail(period: Interval) -> Interval:
    if period.granularity == "year":
        return Interval(dt.date(period.start.year, 12, 1), period.end, "month")
    if period.granularity == "month":
        return Interval(period.start.replace(day=21), period.end, "month")
    return Interval(period.end - dt.timedelta(days=2), period.end, "week")


def _head(period: Interval) -> Interval:
    if period.granularity == "year":
        return Interval(period.start, dt.date(period.start.year, 1, 31), "month")
    if period.granularity == "month":
        return Interval(period.start, period.start.replace(day=10), "month")
    return Interval(period.start, period.start + dt.timedelta(days=2), "week")


def _relative_unit(query: _Query) -> Interval | None:
    """ "last week", "this month", "next year", "last weekend"."""
    words = query.words
    if _month_in(query) is not None:
        return None
    for unit in ("weekend", "week", "month", "year"):
        if unit not in words:
            continue
        if not any(w in {"this", "last", "next", "coming", "previous", "following"} for w in words):
            return None
        period = _unit_around(
            query.published, "week" if unit == "weekend" else unit, query.direction
        )
        if unit == "weekend":
            saturday = period.start + dt.timedelta(days=5)
            return Interval(saturday, saturday + dt.timedelta(days=1), "week")
        return period
    return None


def _month(query: _Query) -> Interval | None:
    month = _month_in(query)
    if month is None:
        return None
    year = _year_in(query) or _infer_year(month, 1, query.published, query.direction)
    start, end = dt.date(year, month, 1), _month_end(year, month)
    for word in PART_OF_MONTH:
        if word in query.words:
            return _part(Interval(start, end, "month"), word)
    if "end" in query.words:
        return _tail(Interval(start, end, "month"))
    if "beginning" in query.words or "start" in query.words:
        return _head(Interval(start, end, "month"))
    return Interval(start, end, "month")


def _decade(query: _Query) -> Interval | None:
    match = DECADE.search(query.text)
    if match is None:
        return None
    first = int(match[1]) * 10
    return Interval(dt.date(first, 1, 1), dt.date(first + 9, 12, 31), "year")


def _year(query: _Query) -> Interval | None:
    year = _explicit_year(query.text)
    if year is None:
        return None
    return Interval(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _dateparser(query: _Query) -> Interval | None:
    """Explicit dates the rules above do not read, through dateparser. Only a text
    naming a month with a number is handed over: relative phrases and durations
    ("of 25 years") are the rules' business, and dateparser would read them as past."""
    if _month_in(query) is None or not re.search(r"\d", query.text):
        return None
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime.combine(query.published, dt.time()),
            "PREFER_DATES_FROM": "future" if query.direction > 0 else "past",
            "REQUIRE_PARTS": ["day", "month"],
        },
    )
    found = parser.get_date_data(query.text)
    if found.date_obj is None:
        return None
    day = found.date_obj.date()
    return Interval(day, day, "day")


RULES: tuple[Rule, ...] = (
    _numeric,
    _relative_day,
    _count_ago,
    _rolling,
    _weekday,
    _month_day,
    _season,
    _part_of_period,
    _relative_unit,
    _month,
    _decade,
    _year,
    _dateparser,
)


def _month_in(query: _Query) -> int | None:
    for word in query.words:
        if word in MONTHS:
            if word in {"may", "march", "mar", "jun", "aug"} and not re.search(
                rf"\b{word.capitalize()}\b", query.text
            ):
                continue
            return MONTHS[word]
    return None


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _year_in(query: _Query) -> int | None:
    """A written year, or the one "this year", "last year", "next year" names."""
    explicit = _explicit_year(query.text)
    if explicit is not None or "year" not in query.words:
        return explicit
    before = query.words[query.words.index("year") - 1] if query.words.index("year") else ""
    shift = {"this": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}.get(before)
    return None if shift is None else query.published.year + shift


def _explicit_year(text: str) -> int | None:
    match = YEAR.search(text)
    return int(match[1]) if match else None


def _infer_year(month: int, day: int, published: dt.date, direction: int) -> int:
    """The year that puts (month, day) on the side of the publication date the tense says."""
    candidate = (month, day)
    current = (published.month, published.day)
    if direction < 0 and candidate > current:
        return published.year - 1
    if direction > 0 and candidate < current:
        return published.year + 1
    return published.year


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _add_months(year: int, month: int, count: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + count
    return index // 12, index % 12 + 1


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def format_value(start: dt.date, end: dt.date) -> str:
    """The interval written the way the gold format writes dates: the day, else the month
    (``YYYY-MM``) or the year (``YYYY``) that holds the whole interval, else start/end."""
    if start == end:
        return start.isoformat()
    if (start.year, start.month) == (end.year, end.month):
        return start.strftime("%Y-%m")
    if start.year == end.year:
        return str(start.year)
    return f"{start.isoformat()}/{end.isoformat()}"
