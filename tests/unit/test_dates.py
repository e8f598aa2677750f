"""Dates stage: temporal expressions resolved against a fixed publication date, and
event dates on sentences written for these tests, one per linguistic case."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from eventwire.output import date_to_dict
from eventwire.pipeline import run
from eventwire.stages.dates import date_event, find_expressions, format_value, resolve_text
from eventwire.stages.dates.intervals import Tense
from eventwire.stages.read import read_paths
from eventwire.stages.syntax import Tree
from eventwire.types import CodedDocument, Document, Event, EventDate, Span

FRIDAY = dt.date(2025, 3, 14)
SEED_PUB = dt.date(2025, 9, 28)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def interval(text: str, *, published: dt.date = FRIDAY, tense: Tense = "past") -> Any:
    resolved = resolve_text(text, published=published, tense=tense)
    assert resolved is not None, text
    return (resolved.start.isoformat(), resolved.end.isoformat(), resolved.granularity)


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        # weekdays: a past verb looks back, a future verb ahead; the publication weekday is today
        ("Thursday", "past", ("2025-03-13", "2025-03-13", "day")),
        ("on Monday", "future", ("2025-03-17", "2025-03-17", "day")),
        ("on Monday", "past", ("2025-03-10", "2025-03-10", "day")),
        ("Friday", "past", ("2025-03-14", "2025-03-14", "day")),
        ("Friday", "future", ("2025-03-14", "2025-03-14", "day")),
        ("next Friday", "future", ("2025-03-21", "2025-03-21", "day")),
        ("last Friday", "past", ("2025-03-07", "2025-03-07", "day")),
        ("this Wednesday", "past", ("2025-03-12", "2025-03-12", "day")),
        ("Tuesday's", "past", ("2025-03-11", "2025-03-11", "day")),
        # relative days
        ("yesterday", "past", ("2025-03-13", "2025-03-13", "day")),
        ("today", "present", ("2025-03-14", "2025-03-14", "day")),
        ("tomorrow", "future", ("2025-03-15", "2025-03-15", "day")),
        ("three days ago", "past", ("2025-03-11", "2025-03-11", "day")),
        ("in 10 days", "future", ("2025-03-24", "2025-03-24", "day")),
        # calendar weeks, months and years relative to publication
        ("last week", "past", ("2025-03-03", "2025-03-09", "week")),
        ("this week", "past", ("2025-03-10", "2025-03-16", "week")),
        ("next week", "future", ("2025-03-17", "2025-03-23", "week")),
        ("last weekend", "past", ("2025-03-08", "2025-03-09", "week")),
        ("two weeks ago", "past", ("2025-02-24", "2025-03-02", "week")),
        ("next month", "future", ("2025-04-01", "2025-04-30", "month")),
        ("last month", "past", ("2025-02-01", "2025-02-28", "month")),
        ("last year", "past", ("2024-01-01", "2024-12-31", "year")),
        # rolling windows up to publication
        ("in the past week", "past", ("2025-03-07", "2025-03-14", "week")),
        ("over the last two months", "past", ("2025-01-13", "2025-03-14", "month")),
        # parts of a period that is under way
        ("earlier this year", "past", ("2025-01-01", "2025-03-14", "year")),
        ("earlier this month", "past", ("2025-03-01", "2025-03-14", "month")),
        ("later this month", "future", ("2025-03-14", "2025-03-31", "month")),
        ("late last year", "past", ("2024-09-01", "2024-12-31", "year")),
        ("early 2024", "past", ("2024-01-01", "2024-04-30", "year")),
        ("the end of the year", "future", ("2025-12-01", "2025-12-31", "month")),
        # deadlines: from publication up to the end of the period
        ("by the end of the year", "future", ("2025-03-14", "2025-12-31", "year")),
        ("by the end of the month", "future", ("2025-03-14", "2025-03-31", "month")),
        ("by Friday", "future", ("2025-03-14", "2025-03-14", "day")),
        ("by next Friday", "future", ("2025-03-14", "2025-03-21", "week")),
        ("since 2014", "past", ("2014-01-01", "2025-03-14", "year")),
        # explicit dates: the year from the tense when it is not written
        ("March 3", "past", ("2025-03-03", "2025-03-03", "day")),
        ("on March 20", "past", ("2024-03-20", "2024-03-20", "day")),
        ("on March 20", "future", ("2025-03-20", "2025-03-20", "day")),
        ("December 5", "past", ("2024-12-05", "2024-12-05", "day")),
        ("Sept. 30, 2024", "past", ("2024-09-30", "2024-09-30", "day")),
        ("30 September 2024", "past", ("2024-09-30", "2024-09-30", "day")),
        ("the 5th of March", "past", ("2025-03-05", "2025-03-05", "day")),
        ("2024-09-30", "past", ("2024-09-30", "2024-09-30", "day")),
        # months and years without a day
        ("in February", "past", ("2025-02-01", "2025-02-28", "month")),
        ("in April", "past", ("2024-04-01", "2024-04-30", "month")),
        ("in April", "future", ("2025-04-01", "2025-04-30", "month")),
        ("July 2020", "past", ("2020-07-01", "2020-07-31", "month")),
        ("last November", "past", ("2024-11-01", "2024-11-30", "month")),
        ("in 2014", "past", ("2014-01-01", "2014-12-31", "year")),
        ("the 1990s", "past", ("1990-01-01", "1999-12-31", "year")),
        # early, mid and late parts of a month
        ("early February", "past", ("2025-02-01", "2025-02-10", "month")),
        ("mid-February", "past", ("2025-02-11", "2025-02-20", "month")),
        ("late February", "past", ("2025-02-21", "2025-02-28", "month")),
        ("in late September", "past", ("2024-09-21", "2024-09-30", "month")),
        # seasons (meteorological, northern hemisphere)
        ("last winter", "past", ("2024-12-01", "2025-02-28", "season")),
        ("this winter", "past", ("2024-12-01", "2025-02-28", "season")),
        ("next summer", "future", ("2025-06-01", "2025-08-31", "season")),
        ("in the spring", "past", ("2025-03-01", "2025-05-31", "season")),
        ("summer 2024", "past", ("2024-06-01", "2024-08-31", "season")),
        # ranges
        ("from Monday to Wednesday", "past", ("2025-03-10", "2025-03-12", "day")),
        ("from Monday to Wednesday", "future", ("2025-03-17", "2025-03-19", "day")),
        ("March 3-5", "past", ("2025-03-03", "2025-03-05", "day")),
        ("between 2019 and 2021", "past", ("2019-01-01", "2021-12-31", "year")),
    ],
)
def test_resolve_text_against_a_friday_story(text: str, tense: Tense, expected: Any) -> None:
    assert interval(text, tense=tense) == expected


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        # the seed story's "this fall", published on 2025-09-28, is the autumn of 2025
        ("this fall", "past", ("2025-09-01", "2025-11-30", "season")),
        ("this upcoming fall", "past", ("2025-09-01", "2025-11-30", "season")),
        ("in the fall", "future", ("2025-09-01", "2025-11-30", "season")),
        ("last fall", "past", ("2024-09-01", "2024-11-30", "season")),
        ("last summer", "past", ("2025-06-01", "2025-08-31", "season")),
        ("next spring", "future", ("2026-03-01", "2026-05-31", "season")),
    ],
)
def test_resolve_text_seasons_in_a_september_story(text: str, tense: Tense, expected: Any) -> None:
    assert interval(text, published=SEED_PUB, tense=tense) == expected


def test_resolve_text_numeric_date_is_ambiguous() -> None:
    # "3/4": March 4 in US order, and April 3 (of the year before, for a past verb)
    resolved = resolve_text("on 3/4", published=FRIDAY)
    assert resolved is not None
    assert (resolved.start, resolved.end, resolved.granularity) == (d("2025-03-04"),) * 2 + ("day",)
    assert resolved.alternatives == ((d("2024-04-03"), d("2024-04-03")),)
    # "13/4" has one reading, "4/4" reads the same both ways
    assert resolve_text("13/4", published=FRIDAY).alternatives == ()  # type: ignore[union-attr]
    assert resolve_text("4/4/2024", published=FRIDAY).alternatives == ()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text", ["the talks", "the Arab Spring", "a fall in prices", "may", "42-year-old", ""]
)
def test_resolve_text_without_a_time_is_none(text: str) -> None:
    assert resolve_text(text, published=FRIDAY) is None


@pytest.mark.parametrize(
    ("start", "end", "value"),
    [
        ("2025-03-13", "2025-03-13", "2025-03-13"),  # a day
        ("2025-02-01", "2025-02-28", "2025-02"),  # a month
        ("2025-02-21", "2025-02-28", "2025-02"),  # part of a month
        ("2025-03-03", "2025-03-09", "2025-03"),  # a week within a month
        ("2025-09-01", "2025-11-30", "2025"),  # a season within a year
        ("2014-01-01", "2014-12-31", "2014"),  # a year
        ("2024-12-01", "2025-02-28", "2024-12-01/2025-02-28"),  # across years
    ],
)
def test_format_value_writes_the_gold_format(start: str, end: str, value: str) -> None:
    assert format_value(d(start), d(end)) == value


def test_date_to_dict_says_when_a_date_is_ambiguous() -> None:
    date = EventDate(
        value="2025-03-04",
        start=d("2025-03-04"),
        end=d("2025-03-04"),
        granularity="day",
        source="text",
        text="on 3/4",
        text_start=10,
        text_end=16,
        alternatives=("2024-04-03",),
    )
    assert date_to_dict(date) == {
        "value": "2025-03-04",
        "start": "2025-03-04",
        "end": "2025-03-04",
        "granularity": "day",
        "source": "text",
        "text": "on 3/4",
        "text_start": 10,
        "text_end": 16,
        "ambiguous": True,
        "alternatives": ["2024-04-03"],
    }


def code(engine: Any, text: str, *, published: dt.date = FRIDAY, body_start: int = 0) -> Any:
    doc = Document(
        doc_id="t", text=text, published=published, body=(Span(start=body_start, end=len(text)),)
    )
    [coded] = list(engine.code_documents([doc]))
    return coded


def when(event: Event) -> tuple[str, str, str, str, str | None] | None:
    """The date of the act the sentence describes. An announced act ("will meet on
    Monday") is coded as the announcement (AGREE, CONCEDE) with the act as its planned
    event, and the expression dates the planned act."""
    announced = event.planned is not None and event.planned.token == event.trigger_token
    date = event.planned.date if announced and event.planned is not None else event.date
    if date is None:
        return None
    return (date.start.isoformat(), date.end.isoformat(), date.granularity, date.source, date.text)


EVENT_CASES = [
    # a stretch of time that measures a record ("the first ... in 25 years") is no date
    (
        "Syria's foreign minister visited Washington, the first such visit in 25 years.",
        ("2025-03-14", "2025-03-14", "day", "publication", None),
    ),
    # the expression in the trigger's own clause
    (
        "Iraqi forces killed a militant leader in an airstrike in Anbar on Thursday.",
        ("2025-03-13", "2025-03-13", "day", "text", "on Thursday"),
    ),
    # a future verb reads the weekday ahead
    (
        "The Chinese foreign minister will meet his Indian counterpart on Monday.",
        ("2025-03-17", "2025-03-17", "day", "text", "on Monday"),
    ),
    # "set to" + infinitive is future too; the publication weekday is today
    (
        "The European Union is set to vote Friday on tariffs on Chinese cars.",
        ("2025-03-14", "2025-03-14", "day", "text", "Friday"),
    ),
    # an expression elsewhere in the sentence, in a participle, dates the event
    (
        "In a video message released Sunday, Ghani accused the Taliban of killing civilians.",
        ("2025-03-09", "2025-03-09", "day", "text", "Sunday"),
    ),
    # a range
    (
        "Israel and Hamas fought from Monday to Wednesday.",
        ("2025-03-10", "2025-03-12", "day", "text", "from Monday to Wednesday"),
    ),
    # a part of the year under way
    (
        "Egypt signed a deal with Greece earlier this year.",
        ("2025-01-01", "2025-03-14", "year", "text", "earlier this year"),
    ),
    # a deadline
    (
        "The troops will withdraw by the end of the year.",
        ("2025-03-14", "2025-12-31", "year", "text", "by the end of the year"),
    ),
    # a modal looks ahead: June after a March publication is this June
    (
        "The Chinese and Indian leaders could meet in June.",
        ("2025-06-01", "2025-06-30", "month", "text", "in June"),
    ),
    # an abbreviated month with its period, and a year
    (
        "Kenyan police arrested the opposition leader on Sept. 30, 2024.",
        ("2024-09-30", "2024-09-30", "day", "text", "on Sept. 30, 2024"),
    ),
    # a planned event's date is not the announcement's: publication date
    (
        "Russia and the United States agreed to hold a third round of talks this fall.",
        ("2025-03-14", "2025-03-14", "day", "publication", None),
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), EVENT_CASES)
def test_date_event_on_written_sentences(engine: Any, text: str, expected: Any) -> None:
    coded = code(engine, text)
    assert coded.events, text
    assert when(coded.events[0]) == expected


@pytest.mark.model
def test_date_event_old_events_are_historical(engine: Any) -> None:
    [event] = code(
        engine, "Relations soured in 2010 after Israeli commandos stormed the ship."
    ).events
    assert event.date is not None
    assert event.date.value == "2010"
    assert event.aux == "historical"
    [event] = code(engine, "Police arrested 40 protesters yesterday.").events
    assert event.aux is None


@pytest.mark.model
def test_date_event_offsets_point_at_the_expression(engine: Any) -> None:
    text = "Iraqi forces killed a militant leader in an airstrike in Anbar on Thursday."
    [event] = code(engine, text).events
    assert event.date is not None
    assert text[event.date.text_start : event.date.text_end] == "on Thursday"


@pytest.mark.model
def test_date_event_uses_the_dateline_date(engine: Any) -> None:
    text = "KYIV, March 10 (Reuters) - Ukrainian troops attacked Russian positions."
    coded = code(engine, text)
    assert coded.events
    date = coded.events[0].date
    assert date is not None
    assert (date.value, date.source, date.text) == ("2025-03-10", "dateline", "March 10")


@pytest.mark.model
def test_find_expressions_spans_and_skips_proper_names(engine: Any) -> None:
    text = "During the Arab Spring, protesters marched on Monday and again last week."
    coded = code(engine, text)
    tree = Tree.of(coded.sentences[0].sentence.tokens)
    assert [e.text for e in find_expressions(tree)] == ["on Monday", "last week"]


@pytest.fixture(scope="module")
def seed(shared: Path, engine: Any) -> CodedDocument:
    path = shared / "seed" / "menafn_russia_us_negotiations.txt"
    [coded] = list(run(read_paths([str(path)]), engine=engine))
    assert isinstance(coded, CodedDocument)
    return coded


@pytest.mark.model
def test_seed_the_agreement_is_dated_by_its_statement(seed: CodedDocument) -> None:
    agree = [e for e in seed.events if e.event_type == "AGREE"]
    assert agree
    for event in agree:
        assert event.date is not None
        assert event.date.value in {"2025-09-27", "2025-09-28"}


@pytest.mark.model
@pytest.mark.parametrize("planned", ["discussions", "hold"])
def test_seed_the_planned_talks_are_in_the_autumn_of_2025(
    seed: CodedDocument, planned: str
) -> None:
    """The talks the parties agreed to hold "this (upcoming) fall": an event triggered
    by the planned talks is dated with the season."""
    template = next(e for e in seed.events if e.event_type == "AGREE")
    for parsed in seed.sentences:
        sentence = parsed.sentence
        words = [token.text for token in sentence.tokens]
        if planned in words and "fall" in words:
            break
    else:
        pytest.fail(f"no seed sentence with {planned!r} and 'fall'")
    talks = dataclasses.replace(
        template,
        sentence_index=sentence.index,
        trigger_token=words.index(planned),
        aux="future",
        planned=None,
    )
    dated = date_event(talks, sentence, published=SEED_PUB, historical_days=30)
    assert dated.date is not None
    assert (dated.date.start, dated.date.end, dated.date.granularity) == (
        d("2025-09-01"),
        d("2025-11-30"),
        "season",
    )
    assert dated.date.text is not None
    assert dated.date.text.endswith("fall")
