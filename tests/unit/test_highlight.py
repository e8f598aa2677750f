"""Cutting story text at highlight offsets: overlaps, nesting, clipping, excerpts."""

from __future__ import annotations

from typing import Any

from eventwire.web.highlight import Mark, cut, document_story, event_story

TEXT = "Russia and Ukraine met in Istanbul on Monday."


def mark(kind: str, phrase: str, *, text: str = TEXT) -> Mark:
    start = text.index(phrase)
    return Mark(kind=kind, start=start, end=start + len(phrase), label=kind)


def test_highlight_cut_gives_back_the_text_in_pieces() -> None:
    pieces = cut(TEXT, [mark("actor", "Russia"), mark("place", "Istanbul")])
    assert "".join(piece.text for piece in pieces) == TEXT
    assert [(p.text, p.kinds) for p in pieces if p.marks] == [
        ("Russia", ("actor",)),
        ("Istanbul", ("place",)),
    ]


def test_highlight_cut_nests_overlapping_marks() -> None:
    # a trigger inside the evidence sentence, an actor overlapping a quote's end
    pieces = cut(
        TEXT,
        [
            Mark(kind="sentence", start=0, end=len(TEXT), label="evidence"),
            mark("trigger", "met"),
            Mark(kind="quote", start=0, end=10, label="quote: someone"),
            mark("actor", "Russia and"),
        ],
    )
    kinds = {piece.text: piece.kinds for piece in pieces}
    assert kinds["Russia and"] == ("sentence", "quote", "actor")
    assert kinds["met"] == ("sentence", "trigger")
    assert kinds[" Ukraine "] == ("sentence",)
    assert "".join(piece.text for piece in pieces) == TEXT


def test_highlight_cut_clips_and_drops_bad_offsets() -> None:
    pieces = cut(
        TEXT,
        [
            Mark(kind="date", start=-5, end=3, label="date"),
            Mark(kind="place", start=40, end=400, label="place"),
            Mark(kind="actor", start=20, end=10, label="backwards"),
            Mark(kind="actor", start=500, end=600, label="outside"),
        ],
    )
    marked = [(p.text, p.kinds) for p in pieces if p.marks]
    assert marked == [("Rus", ("date",)), (TEXT[40:], ("place",))]
    assert "".join(piece.text for piece in pieces) == TEXT


def test_highlight_piece_title_and_link() -> None:
    [piece] = [
        p
        for p in cut(
            TEXT,
            [
                Mark(kind="trigger", start=19, end=22, label="CONSULT: met", href="/events/1"),
                Mark(kind="sentence", start=0, end=len(TEXT), label="evidence"),
            ],
        )
        if p.text == "met"
    ]
    assert piece.title == "CONSULT: met"
    assert piece.href == "/events/1"


def event_record(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "event_type": "CONSULT",
        "evidence": {
            "sentence": TEXT,
            "start": 100,
            "end": 100 + len(TEXT),
            "trigger": "met",
            "trigger_start": 119,
            "trigger_end": 122,
        },
        "actor": [{"name": "Russia", "country": "RUS", "sector": None, "start": 100, "end": 106}],
        "recipient": [],
        "date": {"value": "2024-03-04", "text_start": 135, "text_end": 144},
        "location": {"name": "Istanbul", "country": "TUR", "text_start": 126, "text_end": 134},
    }
    record.update(changes)
    return record


def test_highlight_event_story_without_text_shifts_offsets_into_the_sentence() -> None:
    story = event_story(event_record(), None)
    assert story.excerpt
    marked = {piece.text: piece.kinds[-1] for piece in story.pieces}
    assert marked["Russia"] == "actor"
    assert marked["met"] == "trigger"
    assert marked["Istanbul"] == "place"
    assert marked["on Monday"] == "date"


def test_highlight_event_story_marks_quotes_of_its_sentence_only() -> None:
    text = "x" * 100 + TEXT + ' "Elsewhere," he said.'
    quotes = [
        {"start": 100, "end": 106, "speaker": {"name": "Putin"}},
        {"start": 148, "end": 157, "speaker": None},
    ]
    story = event_story(event_record(), text, quotes)
    quoted = [piece.text for piece in story.pieces if "quote" in piece.kinds]
    assert quoted == ["Russia"]
    assert any("quote: Putin" in piece.title for piece in story.pieces)


def test_highlight_document_story_links_each_trigger() -> None:
    text = "x" * 100 + TEXT
    event = event_record(event_key="abc:def")
    story = document_story(text, [event], link="/events/{id}")
    [trigger] = [piece for piece in story.pieces if "trigger" in piece.kinds]
    assert trigger.text == "met"
    assert trigger.href == "/events/abc:def"
