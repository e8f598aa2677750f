"""Clean stage: find the story body inside what was read, and describe the story.

The text is never rewritten: the stage marks which spans of ``Document.text`` are
body (so every later offset still points into the source), and fills in the
headline, byline, source, dateline, wire ids and a publication date it can justify
(see ``pubdate``). Furniture is recognised by shape, position and repetition across
the run (see ``furniture``), not by one site's strings. Over a run, ``Cleaner`` also
rejects stories in other languages (reason ``language:<code>``) and marks copies of
an earlier story with ``duplicate_of``.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from eventwire.config import Settings
from eventwire.stages.clean.duplicates import DuplicateIndex
from eventwire.stages.clean.furniture import (
    FOOTER_CUE,
    Line,
    RepeatedLines,
    drop_footer,
    is_bare_sentence,
    is_furniture,
    split_lines,
)
from eventwire.stages.clean.language import UNDETERMINED, LanguageDetector
from eventwire.stages.clean.metadata import (
    Head,
    Opening,
    dates_in_wire_id,
    footer_byline,
    header_date,
    parse_byline,
    parse_header_date,
    read_head,
    read_opening,
    wire_id_source,
    wire_ids,
)
from eventwire.stages.clean.pubdate import (
    DateCandidate,
    choose_publication_date,
    content_clues,
    url_dates,
)
from eventwire.types import Document, Rejection, Span

log = logging.getLogger(__name__)

STAGE = "clean"
WINDOW = 128
ANY_LANGUAGE = "*"

__all__ = [
    "STAGE",
    "Cleaner",
    "Draft",
    "body_text",
    "clean",
    "clean_all",
    "draft",
    "finish",
    "load",
    "parse_header_date",
    "split_lines",
]


@dataclass(frozen=True, slots=True)
class Draft:
    """A described story whose body lines are not yet filtered for repetition."""

    doc: Document
    lines: tuple[Line, ...]
    first_start: int

    @property
    def text(self) -> str:
        return "\n\n".join(self.doc.text[start:end] for start, end in self.spans())

    def spans(self, keep: Callable[[Line], bool] | None = None) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for index, line in enumerate(self.lines):
            if keep is not None and not keep(line):
                continue
            start = max(self.first_start, line.start) if index == 0 else line.start
            if line.end > start and self.doc.text[start : line.end].strip():
                spans.append((start, line.end))
        return spans


class Cleaner:
    """Clean a stream of documents: furniture, metadata, language, duplicates.

    Documents are taken in windows so that lines repeated across the stories of a
    window (and of every window before it) count as furniture from the first story on.
    """

    def __init__(
        self,
        *,
        max_chars: int,
        languages: frozenset[str] | None = frozenset({"en"}),
        duplicate_similarity: float = 0.8,
        repeated_line_stories: int = 3,
        window: int = WINDOW,
    ) -> None:
        self.max_chars = max_chars
        self.languages = languages
        self.window = window
        self.detect = LanguageDetector()
        self.duplicates = DuplicateIndex(min_similarity=duplicate_similarity)
        self.repeated = RepeatedLines(min_stories=repeated_line_stories)

    def __call__(self, items: Iterable[Document | Rejection]) -> Iterator[Document | Rejection]:
        iterator = iter(items)
        while batch := list(itertools.islice(iterator, self.window)):
            yield from self._clean_window(batch)

    def _clean_window(self, batch: list[Document | Rejection]) -> Iterator[Document | Rejection]:
        prepared: list[Rejection | tuple[Draft, str | None]] = []
        for item in batch:
            if isinstance(item, Rejection):
                prepared.append(item)
                continue
            drafted = draft(item, max_chars=self.max_chars)
            if isinstance(drafted, Draft) and drafted.spans():
                drafted = self._with_language(drafted)
            if isinstance(drafted, Rejection) or not drafted.spans():
                prepared.append(drafted if isinstance(drafted, Rejection) else _empty(item))
                continue
            original = self.duplicates.original_of(
                drafted.doc.doc_id, drafted.text, published=drafted.doc.published
            )
            if original is None:
                self.repeated.add(line.text for line in drafted.lines)
            prepared.append((drafted, original))
        for entry in prepared:
            if isinstance(entry, Rejection):
                yield entry
                continue
            drafted, original = entry
            result = finish(drafted, repeated=self.repeated)
            if isinstance(result, Document) and original is not None:
                result = dataclasses.replace(result, duplicate_of=original)
            yield result

    def _with_language(self, drafted: Draft) -> Draft | Rejection:
        language = self.detect(drafted.text)
        doc = dataclasses.replace(drafted.doc, language=language.code)
        accepted = self.languages is None or language.code in self.languages
        if not accepted and language.code != UNDETERMINED:
            return _reject(doc, f"language:{language.code}")
        return dataclasses.replace(drafted, doc=doc)


def load(settings: Settings) -> Cleaner:
    """A Cleaner with the run's settings (size limit, languages, duplicates, repetition)."""
    return Cleaner(
        max_chars=settings.max_story_chars,
        languages=parse_languages(settings.languages),
        duplicate_similarity=settings.duplicate_similarity,
        repeated_line_stories=settings.repeated_line_stories,
    )


def parse_languages(value: str) -> frozenset[str] | None:
    """``"en"`` or ``"en,fr"`` -> the codes; ``"*"`` -> None (any language)."""
    codes = frozenset(code.strip().lower() for code in value.split(",") if code.strip())
    return None if ANY_LANGUAGE in codes else codes


def clean(doc: Document, *, max_chars: int) -> Document | Rejection:
    """Mark the body of one story and fill in its headline, source and publication date."""
    drafted = draft(doc, max_chars=max_chars)
    return drafted if isinstance(drafted, Rejection) else finish(drafted)


def clean_all(
    docs: Iterable[Document | Rejection], *, max_chars: int
) -> Iterator[Document | Rejection]:
    """Clean a stream with the default settings and the given size limit."""
    settings = dataclasses.replace(Settings.load(), max_story_chars=max_chars)
    return load(settings)(docs)


def draft(doc: Document, *, max_chars: int) -> Draft | Rejection:
    """Find the body lines and describe the story (title, byline, source, dates)."""
    if len(doc.text) > max_chars:
        return _reject(doc, f"too long: {len(doc.text)} characters (limit {max_chars})")
    lines = split_lines(doc.text)
    head = read_head(lines, title=doc.title)
    kept, footer = drop_footer(lines[head.end :])
    body = [line for line in kept if not line.blank and not is_furniture(line.text)]
    if not body:
        body = _bare_body(lines, title=doc.title or head.title)
    opening = read_opening(body[0]) if body else Opening(start=0)
    ids = wire_ids(lines)
    publication = choose_publication_date(
        _candidates(doc, head=head, opening=opening, ids=ids),
        content_clues(" ".join(line.text for line in body)),
        month_day=opening.month_day,
    )
    described = dataclasses.replace(
        doc,
        title=doc.title or head.title,
        byline=doc.byline or head.byline or footer_byline(footer),
        source=doc.source or _source(opening, ids, doc.url),
        dateline=opening.place,
        wire_ids=ids,
        published=publication.date,
        pub_date_source=publication.source,
        pub_date_confidence=publication.confidence,
        pub_date_reason=publication.reason,
        date_conflicts=publication.conflicts,
    )
    return Draft(described, tuple(body), opening.start)


def finish(
    drafted: Draft, *, repeated: Callable[[str], bool] | None = None
) -> Document | Rejection:
    """The document with its body spans, less lines repeated across the run's stories.

    Repeated lines go only when other lines remain: a story that is nothing but a
    line other stories share (formulaic one-line reports) is kept whole.
    """
    keep = None if repeated is None else (lambda line: not repeated(line.text))
    kept = drafted.spans(keep) or drafted.spans()
    spans = tuple(Span(start=start, end=end) for start, end in kept)
    if not spans:
        return _reject(drafted.doc, "empty after cleaning")
    return dataclasses.replace(drafted.doc, body=spans)


def body_text(doc: Document) -> str:
    """The body spans of a cleaned document, paragraphs separated by a blank line."""
    return "\n\n".join(doc.text[span.start : span.end] for span in doc.body)


def _candidates(
    doc: Document, *, head: Head, opening: Opening, ids: tuple[str, ...]
) -> list[DateCandidate]:
    """Every date the page gives, most trusted source first."""
    candidates: list[DateCandidate] = []
    if doc.published is not None:
        candidates.append(DateCandidate(doc.pub_date_source or "metadata", doc.published))
    candidates.extend(
        DateCandidate("wire_id", date, wire_id)
        for wire_id in ids
        for date in dates_in_wire_id(wire_id)
    )
    candidates.extend(url_dates(doc.url))
    if opening.date is not None:
        candidates.append(DateCandidate("dateline", opening.date, opening.text or ""))
    candidates.extend(DateCandidate("header", d.date, d.text, d.weekday) for d in head.dates)
    return candidates


def _source(opening: Opening, ids: tuple[str, ...], url: str | None) -> str | None:
    """A source marker, a dateline's agency, a wire id's provider, or the URL's host."""
    providers = (wire_id_source(wire_id) for wire_id in ids)
    host = _hostname(url) if url else None
    return (
        opening.source
        or opening.agency
        or next((provider for provider in providers if provider), None)
        or (host.removeprefix("www.") if host else None)
    )


def _bare_body(lines: list[Line], *, title: str | None) -> list[Line]:
    """When no line has a story's shape, the unpunctuated sentences (a one-line item)."""
    body: list[Line] = []
    for line in lines:
        text = line.text.strip()
        if FOOTER_CUE.match(text):
            break
        if (
            is_bare_sentence(text)
            and header_date(text) is None
            and parse_byline(text) is None
            and text != (title or "").strip()
        ):
            body.append(line)
    return body


def _empty(doc: Document) -> Rejection:
    return _reject(doc, "empty after cleaning")


def _reject(doc: Document, reason: str) -> Rejection:
    return Rejection(
        doc_id=doc.doc_id, stage=STAGE, reason=reason, path=doc.path, position=doc.position
    )


def _hostname(url: str) -> str | None:
    """The host of a URL, or None for one that does not parse ("http://[::1/x")."""
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None
