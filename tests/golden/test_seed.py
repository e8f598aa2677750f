"""The seed story (../shared/seed, third-party text read in place, never copied)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from eventwire.pipeline import run
from eventwire.stages.read import read_paths
from eventwire.types import CodedDocument

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seed(shared: Path, engine: Any) -> CodedDocument:
    path = shared / "seed" / "menafn_russia_us_negotiations.txt"
    [coded] = list(run(read_paths([str(path)]), engine=engine))
    assert isinstance(coded, CodedDocument)
    return coded


def test_seed_main_event_is_agree_between_russia_and_the_us(seed: CodedDocument) -> None:
    agree = [e for e in seed.events if e.event_type == "AGREE" and e.cameo == "036"]
    assert agree, [(e.event_type, e.cameo) for e in seed.events]
    event = agree[0]
    assert {"RUS", "USA"} <= {actor.country for actor in event.actor}
    assert {actor.sectors[0] for actor in event.actor} == {"GOV"}
    text = seed.document.text
    assert text[event.evidence.start : event.evidence.end] == event.evidence.sentence
    assert event.evidence.sentence.startswith("Russia and the United States have reached")


def test_seed_publication_date_comes_from_the_wire_id(seed: CodedDocument) -> None:
    doc = seed.document
    assert doc.published == dt.date(2025, 9, 28)
    assert doc.pub_date_source == "wire_id"
    assert doc.date_conflicts == (("header", "2024-01-02"),)
    assert doc.title == "Russia, US Agree on Holding Negotiations This Fall"
    assert doc.source == "MENAFN"


def test_seed_page_furniture_yields_nothing(seed: CodedDocument) -> None:
    footer = seed.document.text.index("MENAFN28092025")
    assert all(span.end <= footer for span in seed.document.body)
    assert all(event.evidence.end <= footer for event in seed.events)


def test_seed_later_surname_is_the_same_person(seed: CodedDocument) -> None:
    lavrovs = [
        actor for sentence in seed.sentences for actor in sentence.actors if actor.text == "Lavrov"
    ]
    assert lavrovs
    assert {(a.name, a.country, a.sectors[0]) for a in lavrovs} == {("Sergey Lavrov", "RUS", "GOV")}


def test_seed_planned_talks_are_dated_autumn_2025(seed: CodedDocument) -> None:
    [agree] = [e for e in seed.events if e.event_type == "AGREE" and e.cameo == "036"]
    assert agree.date is not None
    assert agree.date.value in {"2025-09-27", "2025-09-28"}  # the statement itself
    planned = agree.planned
    assert planned is not None
    assert planned.event_type == "CONSULT"
    assert planned.date is not None
    assert (planned.date.start, planned.date.end, planned.date.granularity) == (
        dt.date(2025, 9, 1),
        dt.date(2025, 11, 30),
        "season",
    )
    assert planned.date.text == "this upcoming fall"


def test_seed_new_start_request_is_to_the_us_in_cbrn_context(seed: CodedDocument) -> None:
    requests = [e for e in seed.events if e.event_type == "REQUEST"]
    assert requests
    request = requests[0]
    assert [a.country for a in request.actor] == ["RUS"]
    assert [a.country for a in request.recipient] == ["USA"]
    assert "cbrn" in request.context


def test_seed_people_and_capitals_resolve_as_an_analyst_would(seed: CodedDocument) -> None:
    actors = {
        (a.name, a.country, a.sectors[0] if a.sectors else None)
        for sentence in seed.sentences
        for a in sentence.actors
    }
    expected = {
        ("Sergey Lavrov", "RUS", "GOV"),
        ("Donald Trump", "USA", "GOV"),
        ("Marco Rubio", "USA", "GOV"),
        ("Moscow", "RUS", "GOV"),
        ("Washington", "USA", "GOV"),
    }
    assert expected <= actors
    unga = [a for s in seed.sentences for a in s.actors if "General Assembly" in a.text]
    assert unga
    assert {a.country for a in unga} == {"IGO"}


def test_seed_quotes_are_lavrovs(seed: CodedDocument) -> None:
    text = seed.document.text
    assert len(seed.quotes) == 4
    for quote in seed.quotes:
        assert text[quote.start : quote.end] == quote.text
        assert quote.speaker is not None
        assert (quote.speaker.name, quote.speaker.country) == ("Sergey Lavrov", "RUS")
    assert seed.quotes[1].text.startswith("we\u2019ve already had two rounds")
    assert [quote.cue for quote in seed.quotes] == ["explained", "stated", "noted", "remarked"]
    assert not any("as is" in quote.text for quote in seed.quotes)
