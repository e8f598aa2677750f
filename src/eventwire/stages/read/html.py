"""HTML pages -> Documents: the main text (trafilatura) with title, byline, date and URL.

Navigation, ads, comments and footers are left out by trafilatura's extraction; what
page furniture survives inside the article is the clean stage's to remove. Only the
page's own markup is consulted for the date (no search of the text): the clean stage
weighs it against the other candidates. What trafilatura falls back to on a page
without an article (a few menu labels) is not main text: no line of five words.
"""

from __future__ import annotations

import logging

import trafilatura
from trafilatura.settings import Document as Extracted

from eventwire.stages.read.timestamps import parse_date_value
from eventwire.types import Document, Rejection

log = logging.getLogger(__name__)

STAGE = "read"
NO_MAIN_TEXT = "no main text in HTML"
DATE_PARAMS = {"extensive_search": False, "original_date": True}
MIN_LINE_WORDS = 5


def document_from_html(
    page: str, *, doc_id: str, path: str, position: str | None = None, url: str | None = None
) -> Document | Rejection:
    """Extract the story from an HTML page, or reject a page with no main text."""
    extracted = trafilatura.bare_extraction(
        page,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=DATE_PARAMS,
    )
    text = extracted.text if isinstance(extracted, Extracted) else None
    if not isinstance(extracted, Extracted) or not isinstance(text, str) or not _has_prose(text):
        log.debug("%s: %s", doc_id, NO_MAIN_TEXT)
        return Rejection(
            doc_id=doc_id, stage=STAGE, reason=NO_MAIN_TEXT, path=path, position=position
        )
    published = parse_date_value(extracted.date)
    return Document(
        doc_id=doc_id,
        text=text,
        title=_clean(extracted.title),
        published=published,
        pub_date_source="html_meta" if published else None,
        url=_clean(extracted.url) or url,
        source=_clean(extracted.sitename),
        byline=_clean(extracted.author),
        path=path,
        position=position,
    )


def _has_prose(text: str) -> bool:
    """Some line of at least a few words: a page of menu labels has no main text."""
    return any(len(line.split()) >= MIN_LINE_WORDS for line in text.splitlines())


def _clean(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
