"""The story's dateline, read by the dates and places stages.

A dateline opens the first body paragraph: ``GENEVA —``, ``ISLAMABAD/PENTAGON —``,
``WASHINGTON, D.C. (AP) —`` or, with a date, ``KYIV, Ukraine, March 3 (Reuters) -``.
The clean stage leaves it out of the body span when it holds no date; this module
finds it in either case, on the line where the body starts, and returns its place
and date with offsets into ``Document.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eventwire.types import Document

MONTH_NAMES = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'\u2019 -]{1,40}[A-Z.])"
    r"(?:/[A-Z][A-Z.'\u2019 -]{1,40}[A-Z])*"
    r"(?:,\s+(?P<qualifier>[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)*))?"
    rf"(?:,\s+(?P<date>{MONTH_NAMES}\s+\d{{1,2}}(?:,\s+\d{{4}})?))?"
    r"\s*(?:\([A-Za-z .]+\)\s*)?[\u2014\u2013-]{1,2}\s+"
)
MAX_DATELINE_CHARS = 80


@dataclass(frozen=True, slots=True)
class Dateline:
    """The place (as written, e.g. ``GENEVA``) and optional date of a story's dateline."""

    place: str
    place_start: int
    place_end: int
    qualifier: str | None = None
    date: str | None = None
    date_start: int | None = None
    date_end: int | None = None

    @property
    def place_name(self) -> str:
        """The place in title case ("ISLAMABAD" -> "Islamabad", "D.C." kept)."""
        return " ".join(
            word if "." in word else word.capitalize() for word in self.place.split()
        ).replace("'S", "'s")


def find_dateline(doc: Document) -> Dateline | None:
    """The dateline of a document, or None when its body does not open with one."""
    if not doc.body:
        return None
    start = doc.body[0].start
    line_start = doc.text.rfind("\n", 0, start) + 1
    window_end = min(len(doc.text), start + MAX_DATELINE_CHARS)
    window = doc.text[line_start:window_end]
    match = DATELINE.match(window.lstrip())
    if match is None:
        return None
    shift = line_start + len(window) - len(window.lstrip())
    if shift + match.end() > max(start, shift) + MAX_DATELINE_CHARS:
        return None
    date = match["date"]
    return Dateline(
        place=match["place"].strip(),
        place_start=shift + match.start("place"),
        place_end=shift + match.start("place") + len(match["place"].strip()),
        qualifier=match["qualifier"],
        date=date,
        date_start=shift + match.start("date") if date else None,
        date_end=shift + match.end("date") if date else None,
    )
