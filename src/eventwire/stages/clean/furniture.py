"""Page furniture: lines that are not story, found by shape, position and repetition.

Shape: short lines without sentence punctuation (menus, "Search", headings), lines of
links separated by bars or bullets, lines wholly in brackets (photo credits), wire
ids, and lines that open with a cue any site uses ("Read more", "Share", "©").
Position: from a footer cue in the last two thirds of a page to its end, and short
lines trailing the story. Repetition: a line found in several different stories of
the same run (see ``RepeatedLines``) is the site's, not the story's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

MAX_FURNITURE_CHARS = 80
MAX_BRACKETED_CHARS = 200
MIN_SEPARATORS = 2
MIN_BARE_SENTENCE_WORDS = 5
SENTENCE_END = (".", "!", "?", '"', "\u201d", "\u2019", "'", ":", ")")
MAX_CUE_LINE_CHARS = 250
# Lines that open with one of these are furniture wherever they are (if short).
LINE_CUE = re.compile(
    r"^\s*(legal disclaimer|disclaimer\b|copyright\b|©|\(c\)\s*\d{4}|all rights reserved|"
    r"read (more|also)\b|also read\b|related( articles| stories| coverage)?\s*:|"
    r"share (this|on)\b|follow us\b|subscribe\b|sign up\b|click here\b|"
    r"terms of (use|service)\b|privacy policy\b|advertisement\b|sponsored\b|"
    r"(photo|image|picture|video) (credit|by|courtesy)\b|file photo\b|"
    r"(additional )?reporting by\b|editing by\b|writing by\b|"
    r"(last )?updated\s*:|this (article|story) (was|is) (originally |first )?published)",
    re.IGNORECASE,
)
# A line that opens with one of these, past the first third, starts the page footer.
FOOTER_CUE = re.compile(
    r"^\s*(legal disclaimer|disclaimer\s*:|copyright\b|©|\(c\)\s*\d{4}|all rights reserved|"
    r"related( articles| stories| coverage)?\s*:|terms of (use|service)\b|privacy policy\b|"
    r"(additional )?reporting by\b|editing by\b)",
    re.IGNORECASE,
)
WIRE_ID = re.compile(r"^\s*((?=[A-Z0-9_-]*\d{6})[A-Z][A-Z0-9_-]{7,})(?:\s+\([A-Z]{2,5}\))?\s*$")
SEPARATORS = re.compile(r"\s[|\u2022\u00b7\u00bb/]\s")
BRACKETED = re.compile(r"^\s*[(\[].*[)\]]\s*$")
DIGITS = re.compile(r"\d+")
SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text with its offsets."""

    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str) -> list[Line]:
    """Lines of the text, each with its start and end offsets (newline excluded)."""
    lines: list[Line] = []
    start = 0
    for piece in text.splitlines(keepends=True):
        content = piece.rstrip("\r\n")
        lines.append(Line(start, start + len(content), content))
        start += len(piece)
    return lines


def is_furniture(text: str) -> bool:
    """A line that by its shape alone is not story text."""
    text = text.strip()
    if is_marked_furniture(text):
        return True
    return len(text) <= MAX_FURNITURE_CHARS and not text.endswith(SENTENCE_END)


def is_bare_sentence(text: str) -> bool:
    """A short line without final punctuation that still reads as a sentence.

    Such a line is furniture on a page with a story, but when it is all there is (a
    one-line news item) it is the story.
    """
    text = text.strip()
    return len(text.split()) >= MIN_BARE_SENTENCE_WORDS and not is_marked_furniture(text)


def is_marked_furniture(text: str) -> bool:
    """Furniture by a mark other than length: wire id, cue, brackets, separators."""
    if WIRE_ID.match(text):
        return True
    if len(text) <= MAX_CUE_LINE_CHARS and LINE_CUE.match(text):
        return True
    if len(text) <= MAX_BRACKETED_CHARS and BRACKETED.match(text):
        return True
    return len(text) <= MAX_BRACKETED_CHARS and len(SEPARATORS.findall(text)) >= MIN_SEPARATORS


def drop_footer(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Split off the trailing furniture: from a footer cue on, and short trailing lines."""
    kept = list(lines)
    for index, line in enumerate(kept):
        if index > len(kept) // 3 and FOOTER_CUE.match(line.text):
            return kept[:index], kept[index:]
    footer: list[Line] = []
    while kept and (kept[-1].blank or is_furniture(kept[-1].text)):
        footer.insert(0, kept.pop())
    return kept, footer


def line_key(text: str) -> str:
    """A line as compared across stories: case, digits and spacing do not matter."""
    return SPACES.sub(" ", DIGITS.sub("0", text.strip().lower()))


class RepeatedLines:
    """How many different stories of a run each line appeared in.

    Copies of one story count once (the caller registers only the first copy), so a
    story syndicated many times does not make its own text look like furniture.
    """

    def __init__(self, *, min_stories: int) -> None:
        self.min_stories = min_stories
        self.counts: Counter[str] = Counter()

    def add(self, texts: Iterable[str]) -> None:
        self.counts.update({line_key(text) for text in texts if text.strip()})

    def __call__(self, text: str) -> bool:
        return self.counts[line_key(text)] >= self.min_stories
