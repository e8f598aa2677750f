"""Code posted text with the pipeline, without storing anything.

The engine (the spaCy model and every table, about 2 s) is loaded on the first
request and kept; one lock serialises loading and coding, since the stages share
the model.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Any

from eventwire import output
from eventwire.config import Settings
from eventwire.pipeline import Engine, load_engine, run
from eventwire.types import CodedDocument, Document

log = logging.getLogger(__name__)

POSTED_ID = "posted"
POSTED_PATH = "posted text"


class TextCoder:
    """Codes one posted text at a time with an engine loaded once, on first use."""

    def __init__(
        self, settings: Settings, *, load: Callable[[Settings], Engine] = load_engine
    ) -> None:
        self.settings = settings
        self._load = load
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._engine is not None

    def code(
        self, text: str, *, published: dt.date | None = None, title: str | None = None
    ) -> dict[str, Any]:
        """The events and quotations of ``text`` as ``eventwire code`` writes them, the text
        their offsets point into, and the rejection (stage, reason) if it was not coded."""
        document = Document(
            doc_id=POSTED_ID,
            text=text,
            title=title,
            published=published,
            pub_date_source="metadata" if published else None,
            path=POSTED_PATH,
        )
        with self._lock:
            if self._engine is None:
                log.info("loading the engine for posted text")
                self._engine = self._load(self.settings)
            [result] = list(run([document], engine=self._engine))
        if not isinstance(result, CodedDocument):
            return _answer(text, published=published, rejection=result.reason, stage=result.stage)
        return {
            **_answer(result.document.text, published=result.document.published),
            "events": [output.event_to_dict(event) for event in result.events],
            "quotes": [output.quote_to_dict(quote) for quote in result.quotes],
        }


def _answer(
    text: str,
    *,
    published: dt.date | None,
    rejection: str | None = None,
    stage: str | None = None,
) -> dict[str, Any]:
    return {
        "text": text,
        "published": published.isoformat() if published else None,
        "events": [],
        "quotes": [],
        "rejection": {"stage": stage, "reason": rejection} if rejection else None,
    }
