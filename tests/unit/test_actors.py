"""Actor stage on sentences written for these tests, parsed by the real model."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.stages.actors import resolve_document
from eventwire.types import Actor, Document, Span

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def engine() -> Any:
    """These tests look at actors in sentences with no event word, which the default
    pre-filter does not parse: load an engine that parses every sentence."""
    from eventwire.config import Settings
    from eventwire.pipeline import load_engine

    pytest.importorskip(Settings.load().model, reason="the spaCy model is not installed")
    return load_engine(Settings.load(overrides={"prefilter": False}))


def actors_of(engine: Any, text: str) -> list[list[Actor]]:
    doc = Document(doc_id="t", text=text, body=(Span(start=0, end=len(text)),))
    [(parsed_doc, sentences)] = list(engine.parse([doc]))
    resolved = resolve_document(parsed_doc, sentences, lexicon=engine.lexicon)
    return [list(sentence.actors) for sentence in resolved.sentences]


def summary(actor: Actor) -> tuple[str, str | None, str | None]:
    return actor.name, actor.country, actor.sectors[0] if actor.sectors else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # demonym + title + name: country from the adjective, sector from the title
        (
            "Kenyan Foreign Minister Musalia Mudavadi arrived in Addis Ababa.",
            ("Musalia Mudavadi", "KEN", "GOV"),
        ),
        # possessive country + role noun
        (
            "Brazil's defence minister inspected the base.",
            ("Brazil's defence minister", "BRA", "GOV"),
        ),
        # capital standing for the government
        ("Beijing protested the decision.", ("Beijing", "CHN", "GOV")),
        # metonym with its own sector
        ("The Pentagon announced new deployments.", ("The Pentagon", "USA", "MIL")),
        # demonym + military role
        ("Iraqi special forces stormed the compound.", ("Iraqi special forces", "IRQ", "MIL")),
        # an intergovernmental body
        ("The African Union suspended Niger's membership.", ("The African Union", "IGO", "GOV")),
        # an armed group with its country of operation
        ("Al-Shabab fighters attacked a military base.", ("Al-Shabab fighters", "SOM", "REB")),
        # plural demonym as a people
        ("Thousands of Georgians rallied outside parliament.", ("Georgians", "GEO", "CVL")),
    ],
)
def test_find_actors_resolves_country_and_sector(
    engine: Any, text: str, expected: tuple[str, str | None, str | None]
) -> None:
    found = [summary(actor) for actor in actors_of(engine, text)[0]]
    assert expected in found


def test_find_actors_remembers_a_person_by_surname(engine: Any) -> None:
    text = (
        "Indian External Affairs Minister Subrahmanyam Jaishankar met his counterpart. "
        "Jaishankar later left for Tokyo."
    )
    second = actors_of(engine, text)[1]
    assert next(summary(actor) for actor in second) == ("Subrahmanyam Jaishankar", "IND", "GOV")
    assert second[0].basis == "surname"
    assert second[0].text == "Jaishankar"


def test_find_actors_keeps_unknown_name_unresolved(engine: Any) -> None:
    actors = actors_of(engine, "Zorblat Industries condemned the raid.")[0]
    unknown = [actor for actor in actors if not actor.resolved]
    assert unknown
    assert unknown[0].country is None
    assert unknown[0].text == "Zorblat Industries"


def test_find_actors_does_not_read_pronoun_us_as_united_states(engine: Any) -> None:
    actors = actors_of(engine, "They told us the United States would respond.")[0]
    countries = [actor.country for actor in actors if actor.text != "They"]
    assert countries.count("USA") == 1


def test_find_actors_offsets_point_at_the_text(engine: Any) -> None:
    text = "Officials said Nigerian troops freed 20 hostages."
    for actor in actors_of(engine, text)[0]:
        assert text[actor.start : actor.end] == actor.text


def test_find_actors_apposition_gives_a_person_the_role_beside_them(engine: Any) -> None:
    text = "Mohamed Abdi, Somalia's defence minister, visited Baidoa on Monday."
    first = actors_of(engine, text)[0]
    assert ("Mohamed Abdi", "SOM", "GOV") in [summary(actor) for actor in first]


def test_find_actors_title_and_pronoun_refer_back_to_the_person(engine: Any) -> None:
    text = (
        "Kenya's foreign minister, Grace Wanjiru, condemned the attack. "
        "The minister later met elders. She said she would travel to Mogadishu."
    )
    _, second, third = actors_of(engine, text)
    title = next(actor for actor in second if actor.text == "The minister")
    assert (title.name, title.country, title.basis) == ("Grace Wanjiru", "KEN", "title")
    pronoun = next(actor for actor in third if actor.text == "She")
    assert (pronoun.name, pronoun.country, pronoun.basis) == ("Grace Wanjiru", "KEN", "pronoun")


@pytest.mark.parametrize(
    ("published", "sector"),
    [
        ("2019-06-01", "GOV"),  # in office
        ("2022-06-01", "ELI"),  # out of office between terms
        ("2025-06-01", "GOV"),  # back in office
    ],
)
def test_find_actors_known_person_takes_the_role_held_on_the_story_date(
    engine: Any, published: str, sector: str
) -> None:
    import datetime as dt

    from eventwire.stages.actors import resolve_document

    text = "Trump criticized the Federal Reserve."
    doc = Document(
        doc_id="t",
        text=text,
        published=dt.date.fromisoformat(published),
        body=(Span(start=0, end=len(text)),),
    )
    [(parsed_doc, sentences)] = list(engine.parse([doc]))
    resolved = resolve_document(
        parsed_doc, sentences, lexicon=engine.lexicon, persons=engine.persons
    )
    trump = resolved.sentences[0].actors[0]
    assert (trump.name, trump.country, trump.sectors) == ("Donald Trump", "USA", (sector,))


def test_lexicon_takes_the_longest_name_whatever_the_hash_order(engine: Any) -> None:
    text = "Reporters Without Borders demanded an independent investigation."
    doc = Document(doc_id="t", text=text, body=(Span(start=0, end=len(text)),))
    [(_, sentences)] = list(engine.parse([doc]))
    [first, *_] = engine.lexicon.match(sentences[0].tokens)
    assert (first.first, first.last, first.entry.kind) == (0, 2, "igo")


def test_a_known_name_the_parse_splits_stays_whole(engine: Any) -> None:
    [actors] = actors_of(engine, "Reporters Without Borders condemned the arrest.")
    assert [(a.text, a.country) for a in actors][:1] == [("Reporters Without Borders", "NGO")]


def test_both_countries_with_no_two_states_before_is_no_actor() -> None:
    from eventwire.stages.actors.coreference import StoryMemory

    memory = StoryMemory()
    memory.sentence = 4
    assert memory.last_pair() is None


def test_a_region_never_takes_the_storys_country() -> None:
    from eventwire.stages.actors.coreference import with_story_country
    from eventwire.types import Actor

    europe = Actor(
        text="Europe", name="Europe", country=None, sectors=(), start=0, end=6,
        first_token=0, last_token=0, head_token=0, resolved=False, basis="unresolved",
    )  # fmt: skip
    assert with_story_country(europe, "CMR").country is None
    person = Actor(
        text="Ngozi", name="Ngozi", country=None, sectors=(), start=0, end=5,
        first_token=0, last_token=0, head_token=0, resolved=False, basis="unresolved",
    )  # fmt: skip
    assert with_story_country(person, "NGA").country == "NGA"


def test_the_storys_country_is_counted_over_the_whole_body() -> None:
    from eventwire.stages.actors.focus import CountryCounter
    from eventwire.types import Document, Span

    counter = CountryCounter.load()
    text = (
        "Botswana sold hunting licences. Gaborone says the hunts pay for schools. "
        "British groups object. Botswanan officials disagree."
    )
    doc = Document(doc_id="t", text=text, body=(Span(start=0, end=len(text)),))
    assert counter.counts(doc) == {"BWA": 3, "GBR": 1}
    assert counter.focus(doc) == "BWA"
    even = "Kenya and Uganda signed a deal."
    tie = Document(doc_id="t", text=even, body=(Span(start=0, end=len(even)),))
    assert counter.focus(tie) is None


def test_the_lower_house_of_a_named_parliament_is_not_taken_up(engine: Any) -> None:
    text = (
        "The U.S. House of Representatives passed a resolution on Tuesday. "
        "Pakistani lawmakers condemned it in the lower house of Pakistan's parliament."
    )
    second = actors_of(engine, text)[-1]
    assert all(actor.country != "USA" for actor in second)


def test_trie_pattern_matches_exactly_its_words_longest_first() -> None:
    import re

    from eventwire.stages.actors.focus import trie_pattern

    words = ["Niger", "Nigeria", "Nigerian", "Guinea", "Guinea-Bissau", "U.S."]
    pattern = re.compile(rf"(?<![\w.])(?:{trie_pattern(words)})(?!\w)")
    text = "Niger, Nigeria and Nigerians met Guinea-Bissau, Guinean and U.S. envoys."
    assert [m.group() for m in pattern.finditer(text)] == [
        "Niger",
        "Nigeria",
        "Guinea-Bissau",
        "U.S.",
    ]
