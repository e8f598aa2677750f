"""Dates as metadata carries them: ISO 8601, RFC 2822, "March 4, 2025", epoch seconds."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
COMPACT_DATE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:T|\s|$)")
EPOCH_RANGE = (315_532_800, 4_102_444_800)  # 1980-01-01 .. 2100-01-01, in seconds
MIN_YEAR, MAX_YEAR = 1980, 2100
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
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
WORDY_DATE = re.compile(
    r"^\s*(?:[a-z]+day,?\s+)?"
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[a-z]+)\.?,?\s+(?P<y1>\d{4})"
    r"|(?P<m2>[a-z]+)\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4}))\b",
    re.IGNORECASE,
)


def parse_iso_date(text: str) -> dt.date | None:
    """The first ``YYYY-MM-DD`` in a string, or None."""
    match = ISO_DATE.search(text)
    if not match:
        return None
    return safe_date(int(match[1]), int(match[2]), int(match[3]))


def parse_date_value(value: object) -> dt.date | None:
    """A publication date from a metadata value, or None when it is not one.

    Accepts ISO 8601 (``2025-09-28``, ``2025-09-28T10:00:00Z``), compact
    ``20250928``, RFC 2822 (``Sun, 28 Sep 2025 10:00:00 GMT``), ``September 28,
    2025`` and ``28 September 2025``, and epoch seconds (a number).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _epoch_or_none(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.isascii() and text.isdigit() and len(text) >= 9:
        return _epoch_or_none(text)
    compact = COMPACT_DATE.match(text)
    if compact:
        return safe_date(int(compact[1]), int(compact[2]), int(compact[3]))
    iso = parse_iso_date(text[:40])
    if iso is not None:
        return iso
    return parse_wordy_date(text) or _from_rfc2822(text)


def _epoch_or_none(value: int | float | str) -> dt.date | None:
    """Epoch seconds as a date; numbers no clock can hold are no date."""
    try:
        return _from_epoch(float(value))
    except (OverflowError, ValueError):
        return None


def parse_wordy_date(text: str) -> dt.date | None:
    """``Friday, January 4, 2019``, ``4 January 2019`` or ``Sept. 30, 2024`` at the start."""
    match = WORDY_DATE.match(text)
    if not match:
        return None
    day, month, year = (
        (match["d1"], match["m1"], match["y1"])
        if match["d1"]
        else (match["d2"], match["m2"], match["y2"])
    )
    number = MONTHS.get(month.lower())
    return safe_date(int(year), number, int(day)) if number else None


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it is impossible or outside 1980..2100."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _from_epoch(seconds: float) -> dt.date | None:
    if seconds >= EPOCH_RANGE[1]:  # milliseconds
        seconds /= 1000
    if not EPOCH_RANGE[0] <= seconds < EPOCH_RANGE[1]:
        return None
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()


def _from_rfc2822(text: str) -> dt.date | None:
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return safe_date(parsed.year, parsed.month, parsed.day)
