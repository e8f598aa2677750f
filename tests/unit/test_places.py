"""Places stage: the gazetteer's disambiguation, and event locations on sentences
written for these tests, one per case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from eventwire.output import location_to_dict
from eventwire.stages import places
from eventwire.stages.dateline import find_dateline
from eventwire.stages.places.gazetteer import Gazetteer, StoryContext, name_key
from eventwire.types import Document, Event, Location, Span

PUBLISHED = dt.date(2025, 3, 14)
TEXAS = StoryContext(
    countries=frozenset({"USA"}), main_country="USA", regions=frozenset({("USA", "Texas")})
)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return places.load()


def summary(gazetteer: Gazetteer, name: str, **kwargs: Any) -> tuple[str, str, str, str | None]:
    entry = gazetteer.resolve(name, **kwargs)
    assert entry is not None, name
    return (entry.kind, entry.name, entry.country, entry.admin1)


@pytest.mark.parametrize(
    ("name", "context", "designator", "expected"),
    [
        # the most populous Paris, a capital, without context
        ("Paris", StoryContext(), None, ("city", "Paris", "FRA", "Ile-de-France")),
        # in a story about Texas, Paris is the Texan town
        ("Paris", TEXAS, None, ("city", "Paris", "USA", "Texas")),
        # Georgia the country, unless the story is about the United States
        ("Georgia", StoryContext(), None, ("country", "Georgia", "GEO", None)),
        (
            "Georgia",
            StoryContext(countries=frozenset({"USA"}), main_country="USA"),
            None,
            ("region", "Georgia", "USA", "Georgia"),
        ),
        # a city and the region named after it: the city, unless a designator says region
        ("New York", StoryContext(), None, ("city", "New York City", "USA", "New York")),
        ("New York", StoryContext(), "state", ("region", "New York", "USA", "New York")),
        ("Kharkiv", StoryContext(), None, ("city", "Kharkiv", "UKR", "Kharkiv")),
        # first-level regions
        ("Anbar", StoryContext(), None, ("region", "Anbar", "IRQ", "Anbar")),
        ("Zamfara", StoryContext(), "state", ("region", "Zamfara", "NGA", "Zamfara")),
        # alternate names, accents and the actor lexicon's country aliases
        ("Kiev", StoryContext(), None, ("city", "Kyiv", "UKR", "Kyiv City")),
        ("Gonaives", StoryContext(), None, ("city", "Gonaïves", "HTI", "Artibonite")),
        ("U.S.", StoryContext(), None, ("country", "United States", "USA", None)),
        ("Britain", StoryContext(), None, ("country", "United Kingdom", "GBR", None)),
    ],
)
def test_gazetteer_resolve_disambiguates_by_context_population_and_kind(
    gazetteer: Gazetteer,
    name: str,
    context: StoryContext,
    designator: str | None,
    expected: tuple[str, str, str, str | None],
) -> None:
    assert summary(gazetteer, name, context=context, designator=designator) == expected


def test_gazetteer_resolve_uses_a_qualifier_written_beside_the_name(gazetteer: Gazetteer) -> None:
    texas = gazetteer.resolve("Texas")
    assert texas is not None
    assert texas.kind == "region"
    assert summary(gazetteer, "Paris", qualifier=texas) == ("city", "Paris", "USA", "Texas")


def test_gazetteer_entries_carry_coordinates_ids_and_population(gazetteer: Gazetteer) -> None:
    kharkiv = gazetteer.resolve("Kharkiv")
    assert kharkiv is not None
    assert kharkiv.geonameid == 706483
    assert kharkiv.lat == pytest.approx(49.98, abs=0.05)
    assert kharkiv.lon == pytest.approx(36.25, abs=0.05)
    assert kharkiv.population > 1_000_000
    assert len(gazetteer) > 30_000


def test_gazetteer_resolve_unknown_name_is_none(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Qwertyville") is None


def test_name_key_folds_case_accents_and_punctuation() -> None:
    assert name_key("Gonaïves") == name_key("GONAIVES") == "gonaives"
    assert name_key("Croix-des-Bouquets") == "croix des bouquets"
    assert name_key("L\u2019Estere") == name_key("L'Estere")


def test_find_dateline_reads_place_and_date() -> None:
    text = "KYIV, Ukraine, March 3 (Reuters) - Russian drones struck the city overnight."
    doc = Document(doc_id="d", text=text, body=(Span(start=0, end=len(text)),))
    dateline = find_dateline(doc)
    assert dateline is not None
    assert (dateline.place, dateline.qualifier, dateline.date) == ("KYIV", "Ukraine", "March 3")
    assert text[dateline.place_start : dateline.place_end] == "KYIV"
    assert dateline.date_start is not None
    assert text[dateline.date_start : dateline.date_end] == "March 3"
    assert dateline.place_name == "Kyiv"


def test_find_dateline_after_the_clean_stage_removed_it() -> None:
    text = "ISLAMABAD/PENTAGON — Pakistan said Sunday that talks are on track."
    start = text.index("Pakistan")
    doc = Document(doc_id="d", text=text, body=(Span(start=start, end=len(text)),))
    dateline = find_dateline(doc)
    assert dateline is not None
    assert (dateline.place, dateline.date) == ("ISLAMABAD", None)


def test_find_dateline_none_for_an_ordinary_opening() -> None:
    text = "U.S. Secretary of State Marco Rubio said Monday the talks would go on."
    doc = Document(doc_id="d", text=text, body=(Span(start=0, end=len(text)),))
    assert find_dateline(doc) is None


def test_location_to_dict_has_every_field() -> None:
    location = Location(
        place="Anbar",
        country="IRQ",
        source="text",
        text_start=3,
        text_end=8,
        admin1="Anbar",
        lat=33.6,
        lon=42.9,
        geonameid=None,
        kind="region",
        name="Anbar",
    )
    assert location_to_dict(location) == {
        "place": "Anbar",
        "name": "Anbar",
        "kind": "region",
        "admin1": "Anbar",
        "country": "IRQ",
        "lat": 33.6,
        "lon": 42.9,
        "geonameid": None,
        "source": "text",
        "text_start": 3,
        "text_end": 8,
    }


def locate(engine: Any, text: str, *, body_start: int = 0) -> list[Event]:
    doc = Document(
        doc_id="t", text=text, published=PUBLISHED, body=(Span(start=body_start, end=len(text)),)
    )
    [coded] = list(engine.code_documents([doc]))
    return list(coded.events)


def where(event: Event) -> tuple[str | None, str | None, str | None, str] | None:
    location = event.location
    if location is None:
        return None
    return (location.place, location.kind, location.country, location.source)


CASES = [
    # "in" + a first-level region, attached to the trigger's clause
    (
        "Iraqi forces killed a militant leader in an airstrike in Anbar on Thursday.",
        ("Anbar", "region", "IRQ", "text"),
    ),
    # "near" + a city, attached to the trigger's object
    (
        "Russian missiles struck residential buildings near Kharkiv.",
        ("Kharkiv", "city", "UKR", "text"),
    ),
    # a place nested in another locative phrase
    (
        "Iran and France held talks at the UN headquarters in New York on Monday.",
        ("New York", "city", "USA", "text"),
    ),
    # a designator after the name, and a direction adjective before it
    (
        "Gunmen kidnapped 40 pupils in northwestern Zamfara state.",
        ("Zamfara", "region", "NGA", "text"),
    ),
    # "the town of X"
    (
        "Police arrested ten protesters in the town of Gonaives.",
        ("Gonaives", "city", "HTI", "text"),
    ),
    # "Paris, Texas": the qualifier decides
    ("Police arrested two men in Paris, Texas, on Friday.", ("Paris", "city", "USA", "text")),
    # the story's earlier mention of Texas decides
    (
        "Storms caused damage in northern Texas this week. "
        "Police arrested two looters in Paris, officials said.",
        ("Paris", "city", "USA", "text"),
    ),
    # without Texas, Paris is France's capital
    ("French police arrested two men in Paris on Friday.", ("Paris", "city", "FRA", "text")),
    # a place elsewhere in the sentence, not attached to the event
    (
        "After talks in Doha, the Taliban accused Washington of violating the deal.",
        ("Doha", "city", "QAT", "sentence"),
    ),
    # "the X city of Y": the place follows "of", not the compound before "city"
    (
        "Saudi Crown Prince Mohammed bin Salman met with Rubio in the Red Sea port city of Jeddah.",
        ("Jeddah", "city", "SAU", "text"),
    ),
    # an apposition names the place; the parser's ORG tag on "Bangui" does not block it
    (
        "Cameroon and C.A.R. officials met in the C.A.R.'s capital, Bangui, and signed a deal.",
        ("Bangui", "city", "CAF", "text"),
    ),
    # "a visit to X" is itself an event, located at X
    (
        "Spanish Prime Minister Pedro Sanchez criticized the tariffs during a visit to Beijing.",
        ("Beijing", "city", "CHN", "text"),
    ),
    # a continent is not a town that shares its name
    (
        "Japan wants to strengthen ties in Asia to counter Beijing.",
        (None, "country", "JPN", "actors"),
    ),
    # a place inside an organisation's name is not the event's place (the country comes
    # from the Kenyan university the protest is aimed at)
    (
        "Students protested at the University of Nairobi on Monday.",
        (None, "country", "KEN", "actors"),
    ),
    # the town an attack hits is where it happens, even when the parser tags it a person
    ("Russian forces shelled the city of Sumy on Sunday.", ("Sumy", "city", "UKR", "text")),
    # a capital as the object of a threat is a government, not a place
    ("Ankara, too, is warning Washington of severe consequences.", None),
    # a domestic event with no place: the actors' one country
    ("Haitian police arrested a gang leader on Friday.", (None, "country", "HTI", "actors")),
    # two countries and no place: nothing supports a location
    ("Russia and the United States agreed to hold talks.", None),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_locate_event_on_written_sentences(engine: Any, text: str, expected: Any) -> None:
    events = locate(engine, text)
    assert events, text
    assert where(events[-1]) == expected


@pytest.mark.model
def test_locate_event_person_named_like_a_country_is_not_a_place(engine: Any) -> None:
    # "Chad" is a first name here, and "Lagos" the place of the rally
    events = locate(engine, "Chad Smith criticized the governor at a rally in Lagos.")
    [event] = [e for e in events if e.event_type == "ACCUSE"]
    assert where(event) == ("Lagos", "city", "NGA", "text")
    assert "TCD" not in {actor.country for actor in event.actor}
    # "Michael Jordan" is a person: the place is Chicago, never the country Jordan
    [event] = locate(engine, "Michael Jordan accused the referees of bias in Chicago.")
    assert "JOR" not in {actor.country for actor in event.actor}
    assert where(event) == ("Chicago", "city", "USA", "text")


@pytest.mark.model
def test_locate_event_falls_back_to_the_dateline(engine: Any) -> None:
    text = "KABUL — Afghan police arrested three men on Sunday."
    [event] = locate(engine, text, body_start=text.index("Afghan"))
    assert where(event) == ("KABUL", "city", "AFG", "dateline")
    location = event.location
    assert location is not None
    assert location.text_start is not None
    assert text[location.text_start : location.text_end] == "KABUL"


@pytest.mark.model
def test_locate_event_offsets_and_coordinates(engine: Any) -> None:
    text = "Russian missiles struck residential buildings near Kharkiv."
    [event] = locate(engine, text)
    location = event.location
    assert location is not None
    assert location.text_start is not None
    assert text[location.text_start : location.text_end] == "Kharkiv"
    assert (location.admin1, location.geonameid) == ("Kharkiv", 706483)
    assert location.lat == pytest.approx(49.98, abs=0.05)
