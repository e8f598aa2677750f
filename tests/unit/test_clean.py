from __future__ import annotations

import datetime as dt

import pytest

from eventwire.stages.clean import clean, parse_header_date
from eventwire.types import Document, Rejection

WIRE_PAGE = """Monday, 03 March 2025 09:12 GMT

Ministers Agree to Resume Border Talks


(WIREX) Kenya and Uganda agreed on Sunday to resume talks on their disputed border.

Officials from both sides will meet in Kampala next month.

WIREX02032025000012345ID99887766

Legal Disclaimer:
WIREX gives this text as it is, with no promise of any kind.

Search"""


def _clean(text: str, **fields: object) -> Document:
    document = Document(doc_id="d", text=text, **fields)  # type: ignore[arg-type]
    result = clean(document, max_chars=100_000)
    assert isinstance(result, Document)
    return result


def _body(doc: Document) -> list[str]:
    return [doc.text[span.start : span.end] for span in doc.body]


def test_clean_wire_page_keeps_only_the_story() -> None:
    doc = _clean(WIRE_PAGE)
    assert doc.title == "Ministers Agree to Resume Border Talks"
    assert doc.source == "WIREX"
    assert _body(doc) == [
        "Kenya and Uganda agreed on Sunday to resume talks on their disputed border.",
        "Officials from both sides will meet in Kampala next month.",
    ]


def test_clean_prefers_wire_id_date_and_records_header_conflict() -> None:
    doc = _clean(WIRE_PAGE)
    assert doc.published == dt.date(2025, 3, 2)
    assert doc.pub_date_source == "wire_id"
    assert doc.date_conflicts == (("header", "2025-03-03"),)


def test_clean_metadata_date_wins_over_header() -> None:
    doc = _clean(
        "2024-01-02\n\nThe army withdrew from the town.",
        published=dt.date(2023, 5, 1),
        pub_date_source="metadata",
    )
    assert doc.published == dt.date(2023, 5, 1)
    assert doc.date_conflicts == (("header", "2024-01-02"),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tuesday, 02 January 2024 12:17 GMT", dt.date(2024, 1, 2)),
        ("March 4, 2025", dt.date(2025, 3, 4)),
        ("Sept. 30, 2024 10:00 a.m. EST", dt.date(2024, 9, 30)),
        ("2025-09-28", dt.date(2025, 9, 28)),
        ("Russia and the US agreed on March 4, 2025 to meet.", None),  # a sentence, not a header
        ("31 February 2024", None),  # impossible date
    ],
)
def test_parse_header_date(text: str, expected: dt.date | None) -> None:
    assert parse_header_date(text) == expected


def test_clean_strips_dateline_from_body_offsets() -> None:
    text = "KYIV, Ukraine \u2014 Russian drones struck a power plant overnight."
    doc = _clean(text, title="T")
    assert _body(doc) == ["Russian drones struck a power plant overnight."]


def test_clean_rejects_story_with_no_body() -> None:
    result = clean(Document(doc_id="d", text="Search\n\nAdvertisement\n"), max_chars=1000)
    assert isinstance(result, Rejection)
    assert result.reason == "empty after cleaning"


def test_clean_rejects_story_over_the_size_limit() -> None:
    result = clean(Document(doc_id="d", text="x. " * 100), max_chars=50)
    assert isinstance(result, Rejection)
    assert result.reason.startswith("too long")
