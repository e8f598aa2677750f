"""Direct quotations and their speakers, on sentences written for these tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from eventwire.stages.quotes import find_quotes
from eventwire.types import Document, Quote, Span

pytestmark = pytest.mark.model


def quotes_of(engine: Any, *paragraphs: str) -> list[Quote]:
    text = "\n\n".join(paragraphs)
    body, at = [], 0
    for paragraph in paragraphs:
        body.append(Span(start=at, end=at + len(paragraph)))
        at += len(paragraph) + 2
    doc = Document(doc_id="q", text=text, published=dt.date(2025, 5, 2), body=tuple(body))
    [coded] = list(engine.code_documents([doc]))
    return list(coded.quotes)


def speaker_of(quote: Quote) -> tuple[str | None, str | None]:
    assert quote.speaker is not None
    return quote.speaker.name, quote.speaker.country


def test_speaker_after_the_quote_is_the_named_minister(engine: Any) -> None:
    text = (
        "\u201cWe will not accept any deal that ignores our security,\u201d Foreign "
        "Minister Sergey Lavrov said on Tuesday."
    )
    [quote] = quotes_of(engine, text)
    assert quote.text == "We will not accept any deal that ignores our security"
    assert text[quote.start : quote.end] == quote.text
    assert speaker_of(quote) == ("Sergey Lavrov", "RUS")
    assert quote.cue == "said"
    assert quote.cue_start is not None
    assert text[quote.cue_start : quote.cue_end] == "said"


def test_pronoun_speaker_before_the_quote_is_the_last_person_named(engine: Any) -> None:
    quotes = quotes_of(
        engine,
        "Kenyan President William Ruto arrived in Addis Ababa on Monday for the summit.",
        'He told delegates: "Our region cannot wait for others to bring peace."',
    )
    [quote] = quotes
    assert quote.text == "Our region cannot wait for others to bring peace."
    assert speaker_of(quote) == ("William Ruto", "KEN")
    assert quote.cue == "told"


def test_said_before_the_name_and_a_surname_refers_back(engine: Any) -> None:
    quotes = quotes_of(
        engine,
        "Japanese Prime Minister Shigeru Ishiba met the visiting delegation in Tokyo.",
        '"The alliance has never been stronger than it is today," said Ishiba.',
    )
    [quote] = quotes
    assert speaker_of(quote) == ("Shigeru Ishiba", "JPN")


def test_continuing_quote_keeps_the_previous_speaker(engine: Any) -> None:
    text = (
        '"The talks were useful," the Turkish foreign minister told reporters in Ankara. '
        '"We expect a second round before the end of the month in Geneva."'
    )
    first, second = quotes_of(engine, text)
    assert first.speaker is not None
    assert first.speaker.country == "TUR"
    assert second.speaker == first.speaker
    assert second.cue is None


def test_scare_quotes_and_short_phrases_are_not_quotations(engine: Any) -> None:
    text = (
        'The ministry called the drills a "provocation" and described the so-called '
        '"special security zone" as illegal under international law.'
    )
    assert quotes_of(engine, text) == []


def test_a_stray_quote_mark_does_not_turn_the_rest_inside_out(engine: Any) -> None:
    text = (
        'The senator said the vote was "a mistake. '
        '"Sanctions will hurt ordinary families more than the government," '
        "said Senator Maria Lopez."
    )
    [quote] = quotes_of(engine, text)
    assert quote.text.startswith("Sanctions will hurt ordinary families")
    assert quote.speaker is not None
    assert quote.speaker.name.endswith("Lopez")


def test_quote_ending_its_sentence_takes_no_speaker_from_the_next(engine: Any) -> None:
    text = (
        'The court ruled that "the detention of the three journalists was unlawful." '
        "The judges added that the government must pay damages."
    )
    quotes = quotes_of(engine, text)
    assert all(q.speaker is None or q.speaker.text != "The judges" for q in quotes)


def test_unknown_speaker_is_kept_unresolved(engine: Any) -> None:
    text = '"We have lost everything in the floods this spring," said Amara Okonjo-Belle.'
    [quote] = quotes_of(engine, text)
    assert quote.speaker is not None
    assert quote.speaker.text == "Amara Okonjo-Belle"
    assert quote.speaker.country is None


def test_find_quotes_needs_no_parse() -> None:
    text = '"Nobody in this city expected the river to rise so fast," said the mayor.'
    doc = Document(doc_id="x", text=text, body=(Span(start=0, end=len(text)),))
    [quote] = find_quotes(doc, ())
    assert quote.speaker is not None
    assert quote.speaker.text == "the mayor"
    assert not quote.speaker.resolved
