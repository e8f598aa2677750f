"""The seed story read as plain text and as an HTML page built around it at test time.

The seed text is third-party copyright: it is read from ../shared in place and
wrapped in a page here, never copied into the repository.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import pytest

from eventwire.pipeline import run
from eventwire.stages import clean
from eventwire.stages.read import read_paths
from eventwire.types import CodedDocument, Document

SEED = Path("seed") / "menafn_russia_us_negotiations.txt"


def seed_page(text: str) -> str:
    """The seed's blocks in an article, with navigation, ads, a sidebar and a footer."""
    blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    header, title, *rest = blocks
    paragraphs = "\n".join(f"<p>{html.escape(block)}</p>" for block in rest)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | MENAFN</title></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/markets">Markets</a></li>
<li><a href="/search">Search</a></li></ul></nav></header>
<div class="ad-banner">Advertisement</div>
<main><article><h1>{html.escape(title)}</h1><p class="date">{html.escape(header)}</p>
{paragraphs}</article></main>
<aside class="ads"><div class="ad">Advertisement</div><p>Subscribe to our newsletter</p>
<ul><li><a href="/x">Oil prices edge higher</a></li>
<li><a href="/y">Gold steady</a></li></ul></aside>
<footer><p>Copyright 2025 MENAFN. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


@pytest.fixture(scope="module")
def seed_paths(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    text_path = shared / SEED
    page_path = tmp_path_factory.mktemp("seed") / "menafn_seed.html"
    page_path.write_text(seed_page(text_path.read_text(encoding="utf-8")), encoding="utf-8")
    return str(text_path), str(page_path)


def _cleaned(path: str) -> Document:
    [doc] = list(clean.clean_all(read_paths([path]), max_chars=200_000))
    assert isinstance(doc, Document)
    return doc


def test_seed_text_is_described_and_cleaned(seed_paths: tuple[str, str]) -> None:
    doc = _cleaned(seed_paths[0])
    assert doc.published == dt.date(2025, 9, 28)
    assert doc.date_conflicts == (("header", "2024-01-02"),)
    assert doc.title == "Russia, US Agree on Holding Negotiations This Fall"
    assert doc.source == "MENAFN"
    assert doc.wire_ids == ("MENAFN28092025000045017167ID1110120442",)
    assert doc.language == "en"
    assert "80th session" in (doc.pub_date_reason or "")
    body = clean.body_text(doc)
    for furniture in ("Legal Disclaimer", "MENAFN28092025", "Search", "(MENAFN)"):
        assert furniture not in body
    assert body.startswith("Russia and the United States have reached an understanding")
    assert body.endswith("strategic stability between the two powers.")


def test_seed_page_gives_the_same_body_and_date(seed_paths: tuple[str, str]) -> None:
    text_doc, page_doc = (_cleaned(path) for path in seed_paths)
    assert clean.body_text(page_doc) == clean.body_text(text_doc)
    assert page_doc.title == text_doc.title
    assert page_doc.published == text_doc.published == dt.date(2025, 9, 28)
    # the page's date element is read as page metadata too: both lose to the wire id
    assert page_doc.date_conflicts == (("html_meta", "2024-01-02"), ("header", "2024-01-02"))


@pytest.mark.model
def test_seed_page_gives_the_same_events(seed_paths: tuple[str, str], engine: Any) -> None:
    def events(path: str) -> list[tuple[object, ...]]:
        [coded] = list(run(read_paths([path]), engine=engine))
        assert isinstance(coded, CodedDocument)
        return [
            (
                event.event_type,
                event.cameo,
                event.evidence.sentence,
                tuple(sorted(str(actor.country) for actor in event.actor)),
                tuple(sorted(str(actor.country) for actor in event.recipient)),
            )
            for event in coded.events
        ]

    from_text, from_page = (events(path) for path in seed_paths)
    assert from_text
    assert from_page == from_text
