"""Dates stage: when each event happened, resolved against the publication date.

The date of an event is the temporal expression in its own clause ("attacked on
Thursday"), else one in a clause that governs it ("said Monday that ..."), else the
publication date. Expressions are resolved relative to the publication date and the
verb's tense: "Thursday" in a Friday story is the day before, "on Monday" with a
future verb is the next Monday, "this fall" is the autumn of the publication year.
Events dated more than ``historical_days`` before publication are flagged historical.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from eventwire.stages.events.syntax import Tree
from eventwire.types import CodedDocument, Event, EventDate, Granularity, Sentence, Token

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    **{name.lower(): i for i, name in enumerate(calendar.month_name) if name},
    **{name.lower(): i for i, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
TEMPORAL_WORDS = frozenset(
    {*WEEKDAYS, *MONTHS, *SEASONS, *RELATIVE_DAYS, "week", "month", "year", "weekend"}
)
DATE_LINKS = frozenset({"npadvmod", "tmod", "advmod", "pobj", "prep", "nmod", "obl"})
FUTURE_WORDS = frozenset({"next", "coming", "upcoming", "later"})
PAST_WORDS = frozenset({"last", "past", "previous", "earlier", "ago"})
YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
DAY_NUMBER = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\b")
PART_OF_MONTH = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


@dataclass(frozen=True, slots=True)
class Expression:
    """A temporal expression in a sentence: its tokens and text."""

    first: int
    last: int
    text: str
    start: int
    end: int


def apply(coded: Iterable[CodedDocument], *, historical_days: int) -> Iterator[CodedDocument]:
    """Date every event of every document."""
    for doc in coded:
        yield date_document(doc, historical_days=historical_days)


def date_document(doc: CodedDocument, *, historical_days: int) -> CodedDocument:
    """Give each event its date and flag old events as historical."""
    published = doc.document.published
    sentences = {parsed.sentence.index: parsed.sentence for parsed in doc.sentences}
    events = tuple(
        date_event(
            event,
            sentences[event.sentence_index],
            published=published,
            historical_days=historical_days,
        )
        for event in doc.events
    )
    return dataclasses.replace(doc, events=events)


def date_event(
    event: Event, sentence: Sentence, *, published: dt.date | None, historical_days: int
) -> Event:
    """Resolve one event's date and apply the historical rule."""
    tree = Tree.of(sentence.tokens)
    future = event.aux == "future"
    date = None
    if published is not None:
        for expression in governing_expressions(event.trigger_token, tree):
            date = resolve_expression(expression, published=published, future=future)
            if date is not None:
                break
        if date is None:
            iso = published.isoformat()
            date = EventDate(
                value=iso, start=published, end=published, granularity="day", source="publication"
            )
    aux = event.aux
    if (
        aux is None
        and date is not None
        and published is not None
        and (published - date.end).days > historical_days
    ):
        aux = "historical"
    return dataclasses.replace(event, date=date, aux=aux)


def governing_expressions(trigger: int, tree: Tree) -> list[Expression]:
    """Temporal expressions attached to the trigger's clause, then to governing clauses."""
    clauses = [trigger, *tree.ancestors(trigger)]
    found: list[Expression] = []
    for clause in clauses:
        for child in tree.children[clause]:
            expression = _expression_under(child, tree, clause)
            if expression is not None and expression not in found:
                found.append(expression)
        if found:
            return found
    return found


def _expression_under(child: int, tree: Tree, clause: int) -> Expression | None:
    token = tree.tokens[child]
    if token.dep not in DATE_LINKS:
        return None
    candidates = [child] if token.dep != "prep" else tree.kids(child, "pobj")
    for candidate in candidates:
        if _is_temporal(tree.tokens[candidate]):
            indices = [i for i in tree.subtree(candidate) if i != clause]
            if token.dep == "prep":
                indices = [child, *indices]
            return _expression(tree.tokens, min(indices), max(indices))
    return None


def _is_temporal(token: Token) -> bool:
    return (
        token.ent == "DATE"
        or token.lemma in TEMPORAL_WORDS
        or token.text.lower() in (TEMPORAL_WORDS)
    )


def _expression(tokens: Sequence[Token], first: int, last: int) -> Expression:
    text = "".join(
        token.text + (" " if i < last and tokens[i + 1].start > token.end else "")
        for i, token in enumerate(tokens[first : last + 1], start=first)
    )
    return Expression(first, last, text, tokens[first].start, tokens[last].end)


def resolve_expression(
    expression: Expression, *, published: dt.date, future: bool = False
) -> EventDate | None:
    """An interval for a temporal expression, or None when it cannot be resolved."""
    resolved = resolve_text(expression.text, published=published, future=future)
    if resolved is None:
        return None
    start, end, granularity = resolved
    return EventDate(
        value=format_value(start, end, granularity),
        start=start,
        end=end,
        granularity=granularity,
        source="text",
        text=expression.text,
        text_start=expression.start,
        text_end=expression.end,
    )


def resolve_text(
    text: str, *, published: dt.date, future: bool = False
) -> tuple[dt.date, dt.date, Granularity] | None:
    """Resolve a temporal phrase against the publication date."""
    words = re.findall(r"[a-z]+|\d+", text.lower())
    direction = _direction(words, future=future)
    for resolver in (_relative_day, _weekday, _month_day, _season, _relative_unit, _month, _year):
        resolved = resolver(words, text, published, direction)
        if resolved is not None:
            return resolved
    return None


def _direction(words: Sequence[str], *, future: bool) -> int:
    if any(word in FUTURE_WORDS for word in words):
        return 1
    if any(word in PAST_WORDS for word in words):
        return -1
    if "this" in words:
        return 0
    return 1 if future else -1


def _relative_day(
    words: Sequence[str], _text: str, published: dt.date, _direction: int
) -> tuple[dt.date, dt.date, Granularity] | None:
    for word in words:
        if word in RELATIVE_DAYS:
            day = published + dt.timedelta(days=RELATIVE_DAYS[word])
            return day, day, "day"
    return None


def _weekday(
    words: Sequence[str], _text: str, published: dt.date, direction: int
) -> tuple[dt.date, dt.date, Granularity] | None:
    for word in words:
        if word in WEEKDAYS:
            target = WEEKDAYS.index(word)
            if direction > 0:
                day = published + dt.timedelta(days=(target - published.weekday()) % 7 or 7)
            else:
                back = (published.weekday() - target) % 7
                day = published - dt.timedelta(days=back if direction < 0 or back else 0)
                if "last" in words and back == 0:
                    day -= dt.timedelta(days=7)
            return day, day, "day"
    return None


def _month_day(
    words: Sequence[str], text: str, published: dt.date, direction: int
) -> tuple[dt.date, dt.date, Granularity] | None:
    month = next((MONTHS[w] for w in words if w in MONTHS), None)
    if month is None:
        return None
    numbers = [int(w) for w in words if w.isdigit() and int(w) <= 31 and len(w) <= 2]
    if not numbers:
        return None
    year = _explicit_year(text) or _infer_year(month, published, direction, day=numbers[0])
    try:
        day = dt.date(year, month, numbers[0])
    except ValueError:
        return None
    return day, day, "day"


def _month(
    words: Sequence[str], text: str, published: dt.date, direction: int
) -> tuple[dt.date, dt.date, Granularity] | None:
    month = next((MONTHS[w] for w in words if w in MONTHS and w != "may"), None)
    if month is None:
        return None
    year = _explicit_year(text) or _infer_year(month, published, direction, day=1)
    start, end = dt.date(year, month, 1), _month_end(year, month)
    for word, (first, last) in PART_OF_MONTH.items():
        if word in words:
            return (
                start.replace(day=first),
                min(end, start.replace(day=min(last, end.day))),
                ("month"),
            )
    return start, end, "month"


def _season(
    words: Sequence[str], text: str, published: dt.date, direction: int
) -> tuple[dt.date, dt.date, Granularity] | None:
    season = next((w for w in words if w in SEASONS), None)
    if season is None:
        return None
    first_month = SEASONS[season]
    year = _explicit_year(text) or published.year
    if _explicit_year(text) is None:
        this_start = dt.date(year, first_month, 1)
        if direction > 0 and this_start < published.replace(day=1) - dt.timedelta(days=60):
            year += 1
        if direction < 0 and this_start > published:
            year -= 1
    start = dt.date(year, first_month, 1)
    end_month = first_month + 2
    end_year = year + (1 if end_month > 12 else 0)
    end_month = end_month - 12 if end_month > 12 else end_month
    return start, _month_end(end_year, end_month), "season"


def _relative_unit(
    words: Sequence[str], _text: str, published: dt.date, direction: int
) -> tuple[dt.date, dt.date, Granularity] | None:
    for unit in ("week", "weekend", "month", "year"):
        if unit not in words:
            continue
        if not any(w in {"this", "last", "next", "past", "coming", "previous"} for w in words):
            return None
        if unit in {"week", "weekend"}:
            monday = (
                published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=direction)
            )
            return monday, monday + dt.timedelta(days=6), "week"
        if unit == "month":
            month_index = published.year * 12 + published.month - 1 + direction
            year, month = divmod(month_index, 12)
            return dt.date(year, month + 1, 1), _month_end(year, month + 1), "month"
        year = published.year + direction
        if "earlier" in words:
            return dt.date(published.year, 1, 1), published, "year"
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    return None


def _year(
    _words: Sequence[str], text: str, _published: dt.date, _direction: int
) -> tuple[dt.date, dt.date, Granularity] | None:
    year = _explicit_year(text)
    if year is None:
        return None
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def _explicit_year(text: str) -> int | None:
    match = YEAR.search(text)
    return int(match[1]) if match else None


def _infer_year(month: int, published: dt.date, direction: int, *, day: int) -> int:
    """The year that puts (month, day) on the right side of the publication date."""
    candidate = (month, day)
    current = (published.month, published.day)
    if direction < 0 and candidate > current:
        return published.year - 1
    if direction > 0 and candidate < current:
        return published.year + 1
    return published.year


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def format_value(start: dt.date, end: dt.date, granularity: Granularity) -> str:
    """The gold-format string for an interval: a day, a month, a year, or start/end."""
    if start == end:
        return start.isoformat()
    if granularity == "month" and start.day == 1 and end == _month_end(start.year, start.month):
        return start.strftime("%Y-%m")
    if granularity == "year" and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year)
    return f"{start.isoformat()}/{end.isoformat()}"
