"""Clean stage: find the story body inside what was read, and describe the story.

The text is never rewritten: the stage marks which spans of ``Document.text`` are
body (so every later offset still points into the source), and pulls out the header
date, headline, source marker, dateline and wire id. Furniture is recognised by shape
and position (short unpunctuated lines, footers that follow a cue such as
"Legal Disclaimer:"), not by one site's strings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from eventwire.stages.read import parse_iso_date
from eventwire.types import Document, Rejection, Span

STAGE = "clean"
MAX_TITLE_CHARS = 200
MAX_FURNITURE_CHARS = 80
SENTENCE_END = (".", "!", "?", '"', "\u201d", "\u2019", "'", ":", ")")
FOOTER_CUE = re.compile(
    r"^\s*(legal disclaimer|disclaimer|copyright|©|\(c\) \d{4}|all rights reserved|"
    r"read more|related( articles| stories)?:?$|share this|follow us|subscribe|"
    r"sign up for|click here|terms of (use|service)|privacy policy)",
    re.IGNORECASE,
)
WIRE_ID = re.compile(r"^\s*((?=[A-Z0-9_-]*\d{6})[A-Z][A-Z0-9_-]{7,})(?:\s+\([A-Z]{2,5}\))?\s*$")
SOURCE_MARKER = re.compile(r"^\s*\(([A-Z][A-Za-z]{1,20})\)\s+")
DATELINE = re.compile(
    r"^\s*([A-Z][A-Z.'\u2019/ -]{1,40}[A-Z](?:,\s+[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)*)?)"
    r"\s*(?:\([A-Za-z ]+\)\s*)?[\u2014\u2013-]{1,2}\s+"
)
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
HEADER_DATE = re.compile(
    r"^\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:(?P<d1>\d{1,2})\s+(?P<m1>[a-z]+)\.?,?\s+(?P<y1>\d{4})"
    r"|(?P<m2>[a-z]+)\.?\s+(?P<d2>\d{1,2}),?\s+(?P<y2>\d{4})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))"
    r"(?:[ T,]+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
    r"\s*(?:[A-Z]{2,4}|Z|[+-]\d{2}:?\d{2})?)?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text with its offsets."""

    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def clean(doc: Document, *, max_chars: int) -> Document | Rejection:
    """Mark the body of a story and fill in its headline, source and publication date."""
    if len(doc.text) > max_chars:
        return _reject(doc, f"too long: {len(doc.text)} characters (limit {max_chars})")
    lines = split_lines(doc.text)
    header_date, lines = _take_header_date(lines)
    title, lines = _take_title(lines) if doc.title is None else (None, lines)
    lines, footer = _drop_footer(lines)
    wire_ids = [match[1] for line in footer + lines if (match := WIRE_ID.match(line.text))]
    body_lines = [line for line in lines if not line.blank and not _is_furniture(line)]
    source, body = _paragraph_spans(body_lines)
    if not body:
        return _reject(doc, "empty after cleaning")
    candidates = _date_candidates(doc, header_date=header_date, wire_ids=wire_ids)
    published, date_source, conflicts = choose_publication_date(candidates)
    return dataclasses.replace(
        doc,
        title=doc.title or title,
        source=doc.source or source,
        published=published,
        pub_date_source=date_source,
        date_conflicts=conflicts,
        body=tuple(body),
    )


def clean_all(
    docs: Iterator[Document | Rejection], *, max_chars: int
) -> Iterator[Document | Rejection]:
    """Clean each Document; pass Rejections through."""
    for doc in docs:
        yield doc if isinstance(doc, Rejection) else clean(doc, max_chars=max_chars)


def split_lines(text: str) -> list[Line]:
    """Lines of the text, each with its start and end offsets (newline excluded)."""
    lines: list[Line] = []
    start = 0
    for piece in text.splitlines(keepends=True):
        content = piece.rstrip("\r\n")
        lines.append(Line(start, start + len(content), content))
        start += len(piece)
    return lines


def _take_header_date(lines: list[Line]) -> tuple[dt.date | None, list[Line]]:
    for index, line in enumerate(lines[:5]):
        if line.blank:
            continue
        date = parse_header_date(line.text)
        if date is not None:
            return date, lines[index + 1 :]
        break
    return None, lines


def parse_header_date(text: str) -> dt.date | None:
    """A line that is only a date ("Tuesday, 02 January 2024 12:17 GMT"), as a date."""
    match = HEADER_DATE.match(text)
    if not match:
        return None
    if match["iso"]:
        return parse_iso_date(match["iso"])
    day, month, year = (
        (match["d1"], match["m1"], match["y1"])
        if match["d1"]
        else (match["d2"], match["m2"], match["y2"])
    )
    number = MONTHS.get(month.lower())
    if number is None:
        return None
    try:
        return dt.date(int(year), number, int(day))
    except ValueError:
        return None


def _take_title(lines: list[Line]) -> tuple[str | None, list[Line]]:
    """A first short line without sentence punctuation, followed by a blank, is a headline."""
    for index, line in enumerate(lines):
        if line.blank:
            continue
        text = line.text.strip()
        followed_by_blank = index + 1 >= len(lines) or lines[index + 1].blank
        if len(text) <= MAX_TITLE_CHARS and not text.endswith(SENTENCE_END) and followed_by_blank:
            return text, lines[index + 1 :]
        break
    return None, lines


def _drop_footer(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Split off the trailing furniture: from a footer cue on, and short trailing lines."""
    kept = list(lines)
    for index, line in enumerate(kept):
        if index > len(kept) // 3 and FOOTER_CUE.match(line.text):
            return kept[:index], kept[index:]
    footer: list[Line] = []
    while kept and (kept[-1].blank or _is_furniture(kept[-1])):
        footer.insert(0, kept.pop())
    return kept, footer


def _is_furniture(line: Line) -> bool:
    text = line.text.strip()
    if WIRE_ID.match(text) or FOOTER_CUE.match(text):
        return True
    return len(text) <= MAX_FURNITURE_CHARS and not text.endswith(SENTENCE_END)


def _paragraph_spans(lines: list[Line]) -> tuple[str | None, list[Span]]:
    """One span per body line, skipping a leading source marker and dateline."""
    source: str | None = None
    spans: list[Span] = []
    for line in lines:
        start = line.start
        if not spans:
            marker = SOURCE_MARKER.match(line.text)
            if marker:
                source = marker[1]
                start += marker.end()
            dateline = DATELINE.match(line.text, start - line.start)
            if dateline:
                start = line.start + dateline.end()
        spans.append(Span(start=start, end=line.end))
    return source, spans


def _date_candidates(
    doc: Document, *, header_date: dt.date | None, wire_ids: list[str]
) -> list[tuple[str, dt.date]]:
    candidates: list[tuple[str, dt.date]] = []
    if doc.published is not None:
        candidates.append((doc.pub_date_source or "metadata", doc.published))
    candidates.extend(("wire_id", date) for wire_id in wire_ids for date in _dates_in_id(wire_id))
    if header_date is not None:
        candidates.append(("header", header_date))
    return candidates


def _dates_in_id(wire_id: str) -> list[dt.date]:
    """Dates a wire id encodes as DDMMYYYY (MENAFN style) or YYYYMMDD."""
    found: list[dt.date] = []
    for digits in re.findall(r"\d{8,}", wire_id):
        for day, month, year in ((digits[0:2], digits[2:4], digits[4:8]),):
            date = _safe_date(int(year), int(month), int(day))
            if date:
                found.append(date)
        if not found:
            date = _safe_date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
            if date:
                found.append(date)
    return found[:1]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    if not 1980 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def choose_publication_date(
    candidates: list[tuple[str, dt.date]],
) -> tuple[dt.date | None, str | None, tuple[tuple[str, str], ...]]:
    """Pick the first candidate in order of trust; the ones that disagree are conflicts.

    Order: the story's own metadata, then a date the wire id encodes, then a header
    line (scrapers often stamp headers with the page's build date, not the story's).
    """
    if not candidates:
        return None, None, ()
    source, date = candidates[0]
    conflicts = tuple((other, value.isoformat()) for other, value in candidates if value != date)
    return date, source, conflicts


def _reject(doc: Document, reason: str) -> Rejection:
    return Rejection(
        doc_id=doc.doc_id, stage=STAGE, reason=reason, path=doc.path, position=doc.position
    )
