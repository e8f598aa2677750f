"""What a page says about its story: header date lines, headline, byline, the opening
source marker and dateline ("ISLAMABAD/PENTAGON — ", "MOSCOW, Sept 28 (Reuters) - "),
and wire or provider ids ("MENAFN28092025000045017167ID1110120442").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from eventwire.stages.clean.furniture import WIRE_ID, Line, is_furniture, is_marked_furniture
from eventwire.stages.read.timestamps import MONTHS, WEEKDAYS, parse_iso_date, safe_date

MAX_TITLE_CHARS = 200
MAX_BANNER_CHARS = 300
HEAD_LINES = 8
MAX_BYLINE_WORDS = 8
SENTENCE_END = (".", "!", "?", '"', "\u201d", "\u2019", "'", ":", ")")
HEADER_DATE = re.compile(
    r"^\s*(?:(?P<weekday>(?:mon|tues|wednes|thurs|fri|satur|sun)day),?\s+)?"
    r"(?:(?P<d1>\d{1,2})\s+(?P<m1>[a-z]+)\.?,?\s+(?P<y1>\d{4})"
    r"|(?P<m2>[a-z]+)\.?\s+(?P<d2>\d{1,2}),?\s+(?P<y2>\d{4})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))"
    r"(?:[ T,]+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
    r"\s*(?:[A-Z]{2,4}|Z|[+-]\d{2}:?\d{2})?)?\s*$",
    re.IGNORECASE,
)
DATE_LABEL = re.compile(r"^\s*(?P<label>published|posted|date|first published)\s*:?\s*", re.I)
UPDATED_LABEL = re.compile(r"^\s*(?:last\s+)?(?:updated|modified)\b", re.IGNORECASE)
BYLINE = re.compile(r"^\s*(?i:by|written by)\s+(?P<names>[A-Z].{1,100}?)\s*$")
BYLINE_JOINERS = frozenset({"and", "&", "de", "van", "von", "al", "bin", "da", "del", "la", "le"})
FOOTER_BYLINE = re.compile(r"^\s*\(?(?:additional\s+)?reporting by\s+(?P<names>[^;.)]+)", re.I)
SOURCE_MARKER = re.compile(r"^\s*\((?P<source>[A-Z][A-Za-z]{1,20})\)\s+")
DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'\u2019/ -]{1,40}[A-Z]"
    r"(?:,\s+(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)"
    r"[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)*)?)"
    r"(?:,\s+(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}\.?"
    r"(?:\s+\d{4})?))?"
    r"\s*(?:\((?P<agency>[A-Za-z][A-Za-z .&-]{0,30})\)\s*)?[\u2014\u2013-]{1,2}\s+"
)
MONTH_DAY = re.compile(
    r"(?:(?P<m1>[A-Za-z]+)\.?\s+(?P<d1>\d{1,2})|(?P<d2>\d{1,2})\s+(?P<m2>[A-Za-z]+)\.?)"
    r"(?:,?\s+(?P<year>\d{4}))?"
)


@dataclass(frozen=True, slots=True)
class HeaderDate:
    """A line of the page that is only a date, and the weekday it names, if any."""

    date: dt.date
    text: str
    weekday: int | None


@dataclass(frozen=True, slots=True)
class Head:
    """What precedes the story: where its body begins, and what the head said."""

    end: int
    title: str | None
    byline: str | None
    dates: tuple[HeaderDate, ...]


@dataclass(frozen=True, slots=True)
class Opening:
    """The start of the first body line: source marker, dateline, where the story begins."""

    start: int
    source: str | None = None
    place: str | None = None
    agency: str | None = None
    month_day: tuple[int, int] | None = None
    date: dt.date | None = None
    text: str | None = None


def parse_header_date(text: str) -> dt.date | None:
    """A line that is only a date ("Tuesday, 02 January 2024 12:17 GMT"), as a date."""
    found = header_date(text)
    return found.date if found else None


def header_date(text: str) -> HeaderDate | None:
    """A date-only line (optionally labelled "Published:"), with its weekday."""
    label = DATE_LABEL.match(text)
    body = text[label.end() :] if label else text
    match = HEADER_DATE.match(body)
    if not match:
        return None
    weekday = WEEKDAYS.index(match["weekday"].lower()) if match["weekday"] else None
    if match["iso"]:
        date = parse_iso_date(match["iso"])
    else:
        day, month, year = (
            (match["d1"], match["m1"], match["y1"])
            if match["d1"]
            else (match["d2"], match["m2"], match["y2"])
        )
        number = MONTHS.get(month.lower())
        date = safe_date(int(year), number, int(day)) if number else None
    return HeaderDate(date, text.strip(), weekday) if date else None


def read_head(lines: list[Line], *, title: str | None) -> Head:
    """Header date lines, headline and byline before the body, and where the body starts.

    Lines before a date-only line near the top (banners, breadcrumbs) are furniture.
    A headline is a first short line without sentence punctuation followed by a blank;
    a line equal to the known title is dropped.
    """
    nonblank = [index for index, line in enumerate(lines) if not line.blank][:HEAD_LINES]
    start = 0
    for index in nonblank:
        if header_date(lines[index].text) is not None:
            before = [lines[i] for i in nonblank if i < index]
            if all(len(line.text.strip()) <= MAX_BANNER_CHARS for line in before):
                start = index
            break
    found_title: str | None = None
    byline: str | None = None
    dates: list[HeaderDate] = []
    index = start
    while index < len(lines):
        line = lines[index]
        text = line.text.strip()
        if line.blank:
            index += 1
            continue
        date = header_date(text)
        if date is not None:
            dates.append(date)
        elif title is not None and _same_text(text, title):
            pass
        elif (names := parse_byline(text)) is not None:
            byline = byline or names
        elif title is None and found_title is None and _is_headline(lines, index):
            found_title = text
        elif UPDATED_LABEL.match(text) is None and not is_furniture(text):
            break
        index += 1
    return Head(end=index, title=found_title, byline=byline, dates=tuple(dates))


def parse_byline(text: str) -> str | None:
    """``By Jane Doe and John Roe, Reuters`` -> ``Jane Doe and John Roe, Reuters``."""
    match = BYLINE.match(text)
    if not match:
        return None
    names = match["names"].rstrip(" .")
    words = names.replace(",", " ").split()
    if len(words) > MAX_BYLINE_WORDS:
        return None
    if not all(word[0].isupper() or word.lower() in BYLINE_JOINERS for word in words):
        return None
    return names


def footer_byline(lines: list[Line]) -> str | None:
    """``Reporting by Jane Doe; Editing by John Roe`` -> ``Jane Doe``."""
    for line in lines:
        match = FOOTER_BYLINE.match(line.text)
        if match:
            return match["names"].strip()
    return None


def read_opening(line: Line) -> Opening:
    """A leading ``(SOURCE)`` marker and dateline on the first body line."""
    offset = 0
    source: str | None = None
    marker = SOURCE_MARKER.match(line.text)
    if marker:
        source = marker["source"]
        offset = marker.end()
    dateline = DATELINE.match(line.text, offset)
    if not dateline:
        return Opening(start=line.start + offset, source=source)
    month_day, date = _dateline_date(dateline["date"])
    return Opening(
        start=line.start + dateline.end(),
        source=source,
        place=dateline["place"].strip(),
        agency=dateline["agency"],
        month_day=month_day,
        date=date,
        text=line.text[offset : dateline.end()].strip(),
    )


def wire_ids(lines: list[Line]) -> tuple[str, ...]:
    """Ids on lines of their own: capitals and digits with a date-like run of digits."""
    return tuple(match[1] for line in lines if (match := WIRE_ID.match(line.text)))


def wire_id_source(wire_id: str) -> str | None:
    """The provider a wire id names by its letters (``MENAFN28092025...`` -> MENAFN)."""
    match = re.match(r"[A-Z]{3,}", wire_id)
    return match[0] if match else None


def dates_in_wire_id(wire_id: str) -> list[dt.date]:
    """The date a wire id encodes as DDMMYYYY (MENAFN style) or YYYYMMDD."""
    for digits in re.findall(r"\d{8,}", wire_id):
        date = safe_date(int(digits[4:8]), int(digits[2:4]), int(digits[0:2])) or safe_date(
            int(digits[0:4]), int(digits[4:6]), int(digits[6:8])
        )
        if date:
            return [date]
    return []


def _dateline_date(text: str | None) -> tuple[tuple[int, int] | None, dt.date | None]:
    if not text:
        return None, None
    match = MONTH_DAY.fullmatch(text.strip())
    if not match:
        return None, None
    month = MONTHS.get((match["m1"] or match["m2"]).lower())
    day = int(match["d1"] or match["d2"])
    if month is None or not 1 <= day <= 31:
        return None, None
    date = safe_date(int(match["year"]), month, day) if match["year"] else None
    return (month, day), date


def _is_headline(lines: list[Line], index: int) -> bool:
    """A short unpunctuated line followed by a blank line and then more text."""
    text = lines[index].text.strip()
    followed_by_blank = index + 1 >= len(lines) or lines[index + 1].blank
    more_text = any(not line.blank for line in lines[index + 1 :])
    return (
        len(text) <= MAX_TITLE_CHARS
        and not text.endswith(SENTENCE_END)
        and not is_marked_furniture(text)
        and followed_by_blank
        and more_text
    )


def _same_text(text: str, title: str) -> bool:
    return " ".join(text.lower().split()) == " ".join(title.lower().split())
