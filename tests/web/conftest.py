"""A small event database built by hand (no model needed), and a TestClient over it.

The stories are written for these tests. Offsets are found in the text, so every
actor, trigger, date, place and quotation points at the words it names. One story is
hostile: markup in its title, text and actor names must come out escaped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from eventwire import ontology
from eventwire.config import Settings
from eventwire.store import DedupRules, Store
from eventwire.types import (
    Actor,
    CodedDocument,
    Document,
    Event,
    EventDate,
    Evidence,
    Location,
    Quote,
)
from eventwire.web.app import create_app

BASE_URL = "http://127.0.0.1"

TALKS = (
    "MOSCOW - Russian Foreign Minister Sergei Lavrov met U.S. Secretary of State Marco Rubio "
    'in Riyadh on Tuesday and said: "We agreed to keep talking about Ukraine."\n\n'
    "Russian forces shelled Kharkiv on Wednesday, killing three people."
)
SHELLING = "Russian forces shelled Kharkiv on Wednesday, killing three people. Rescuers searched."
HOSTILE_TITLE = '<script>alert("title")</script> Hostile story'
HOSTILE = (
    'The <img src=x onerror=alert(2)> militia attacked "<script>alert(1)</script>" villagers '
    "in Lyon on Monday."
)
OLD = "Iran accused the United States of sabotage in February."
DISPUTE = (
    "Iran accused Washington of espionage on Monday.\n\n"
    "Iranian and American diplomats met in Oman in February.\n\n"
    "Iranian drones attacked an American base in April.\n\n"
    "Iran will hold talks with the United States next year."
)


def span(text: str, phrase: str, *, after: int = 0) -> tuple[int, int]:
    start = text.index(phrase, after)
    return start, start + len(phrase)


def actor(
    text: str, phrase: str, *, name: str, country: str | None, sectors: Sequence[str] = ()
) -> Actor:
    start, end = span(text, phrase)
    return Actor(
        text=phrase,
        name=name,
        country=country,
        sectors=tuple(sectors),
        start=start,
        end=end,
        first_token=0,
        last_token=0,
        head_token=0,
        resolved=country is not None or bool(sectors),
        basis="country" if country else "unresolved",
    )


def event(
    doc: Document,
    *,
    event_type: str,
    sentence: str,
    trigger: str,
    actors: Sequence[Actor],
    recipients: Sequence[Actor] = (),
    mode: str | None = None,
    day: tuple[str, dt.date, dt.date, str] | None = None,
    place: tuple[str, str, str, str] | None = None,
    aux: Any = None,
) -> Event:
    """An event of ``doc``: ``day`` is (phrase, start, end, granularity), ``place`` is
    (phrase, gazetteer name, country, kind)."""
    text = doc.text
    s_start, s_end = span(text, sentence)
    t_start, t_end = span(text, trigger, after=s_start)
    date = None
    if day is not None:
        phrase, first, last, granularity = day
        d_start, d_end = span(text, phrase, after=s_start)
        value = first.isoformat() if granularity == "day" else first.isoformat()[:7]
        date = EventDate(
            value=value,
            start=first,
            end=last,
            granularity=granularity,
            source="text",
            text=phrase,
            text_start=d_start,
            text_end=d_end,
        )
    location = None
    if place is not None:
        phrase, name, country, kind = place
        p_start, p_end = span(text, phrase, after=s_start)
        location = Location(
            place=phrase,
            name=name,
            country=country,
            kind=kind,
            source="text",
            text_start=p_start,
            text_end=p_end,
        )
    event_id = hashlib.sha256(f"{doc.doc_id}:{t_start}:{event_type}".encode()).hexdigest()[:16]
    return Event(
        event_id=event_id,
        story_id=doc.doc_id,
        event_type=event_type,
        mode=mode,
        context=(),
        cameo=ontology.plover_to_cameo(event_type, mode),
        quad=ontology.plover_type(event_type).quad,
        score=ontology.plover_score(event_type, mode),
        actor=tuple(actors),
        recipient=tuple(recipients),
        date=date,
        location=location,
        aux=aux,
        evidence=Evidence(
            sentence=sentence,
            start=s_start,
            end=s_end,
            trigger=trigger,
            trigger_start=t_start,
            trigger_end=t_end,
        ),
        confidence=0.8,
        published=doc.published,
    )


def story(doc_id: str, text: str, *, published: dt.date, source: str, **extra: Any) -> Document:
    return Document(
        doc_id=doc_id,
        text=text,
        published=published,
        source=source,
        language="en",
        pub_date_source="metadata",
        **extra,
    )


def talks() -> CodedDocument:
    doc = story(
        "talks-1",
        TALKS,
        published=dt.date(2024, 3, 6),
        source="wire-a",
        title="Lavrov and Rubio meet in Riyadh",
        url="https://example.org/talks",
    )
    lavrov = actor(
        TALKS,
        "Russian Foreign Minister Sergei Lavrov",
        name="Sergei Lavrov",
        country="RUS",
        sectors=["GOV"],
    )
    rubio = actor(
        TALKS,
        "U.S. Secretary of State Marco Rubio",
        name="Marco Rubio",
        country="USA",
        sectors=["GOV"],
    )
    first = TALKS.split("\n\n")[0]
    meeting = event(
        doc,
        event_type="CONSULT",
        sentence=first,
        trigger="met",
        actors=[lavrov, rubio],
        mode="visit",
        day=("on Tuesday", dt.date(2024, 3, 5), dt.date(2024, 3, 5), "day"),
        place=("Riyadh", "Riyadh", "SAU", "city"),
    )
    forces = actor(TALKS, "Russian forces", name="Russian forces", country="RUS", sectors=["MIL"])
    people = dataclasses.replace(
        actor(TALKS, "three people", name="people", country="UKR", sectors=["CVL"]),
        basis="country+place",
    )
    shelling = event(
        doc,
        event_type="ASSAULT",
        sentence="Russian forces shelled Kharkiv on Wednesday, killing three people.",
        trigger="shelled",
        actors=[forces],
        recipients=[people],
        day=("on Wednesday", dt.date(2024, 3, 6), dt.date(2024, 3, 6), "day"),
        place=("Kharkiv", "Kharkiv", "UKR", "city"),
    )
    q_start, q_end = span(TALKS, "We agreed to keep talking about Ukraine")
    c_start, c_end = span(TALKS, "said")
    quote = Quote(
        quote_id="q1",
        story_id=doc.doc_id,
        text="We agreed to keep talking about Ukraine",
        start=q_start,
        end=q_end,
        speaker=lavrov,
        cue="said",
        cue_start=c_start,
        cue_end=c_end,
    )
    return CodedDocument(document=doc, sentences=(), events=(meeting, shelling), quotes=(quote,))


def shelling_again() -> CodedDocument:
    doc = story("shelling-2", SHELLING, published=dt.date(2024, 3, 7), source="wire-b")
    forces = actor(
        SHELLING, "Russian forces", name="Russian forces", country="RUS", sectors=["MIL"]
    )
    people = actor(SHELLING, "three people", name="people", country="UKR", sectors=["CVL"])
    told = event(
        doc,
        event_type="ASSAULT",
        sentence="Russian forces shelled Kharkiv on Wednesday, killing three people.",
        trigger="shelled",
        actors=[forces],
        recipients=[people],
        day=("on Wednesday", dt.date(2024, 3, 6), dt.date(2024, 3, 6), "day"),
        place=("Kharkiv", "Kharkiv", "UKR", "city"),
    )
    return CodedDocument(document=doc, sentences=(), events=(told,))


def hostile() -> CodedDocument:
    doc = story(
        "hostile-1",
        HOSTILE,
        published=dt.date(2024, 5, 20),
        source="<b>wire</b>",
        title=HOSTILE_TITLE,
        url="javascript:alert(3)",
    )
    militia = actor(
        HOSTILE,
        "The <img src=x onerror=alert(2)> militia",
        name="<img src=x onerror=alert(2)> militia",
        country=None,
        sectors=["REB"],
    )
    villagers = actor(HOSTILE, "villagers", name="villagers", country="FRA", sectors=["CVL"])
    attack = event(
        doc,
        event_type="ASSAULT",
        sentence=HOSTILE,
        trigger="attacked",
        actors=[militia],
        recipients=[villagers],
        day=("on Monday", dt.date(2024, 5, 20), dt.date(2024, 5, 20), "day"),
        place=("Lyon", "Lyon", "FRA", "city"),
    )
    return CodedDocument(document=doc, sentences=(), events=(attack,))


def old_story() -> CodedDocument:
    """Stored before the text was kept: its text is set to NULL after writing."""
    doc = story("old-1", OLD, published=dt.date(2023, 2, 20), source="wire-a")
    iran = actor(OLD, "Iran", name="Iran", country="IRN", sectors=["GOV"])
    usa = actor(OLD, "the United States", name="United States", country="USA", sectors=["GOV"])
    accusation = event(
        doc,
        event_type="ACCUSE",
        sentence=OLD,
        trigger="accused",
        actors=[iran],
        recipients=[usa],
        day=("February", dt.date(2023, 2, 1), dt.date(2023, 2, 28), "month"),
    )
    return CodedDocument(document=doc, sentences=(), events=(accusation,))


def dispute() -> CodedDocument:
    """Iran and the United States across three months, with a gap, and a future event."""
    doc = story("dispute-1", DISPUTE, published=dt.date(2024, 4, 20), source="wire-b")
    sentences = DISPUTE.split("\n\n")

    def party(phrase: str, name: str, country: str, after: str) -> Actor:
        found = actor(
            DISPUTE[DISPUTE.index(after) :], phrase, name=name, country=country, sectors=["GOV"]
        )
        shift = DISPUTE.index(after)
        return dataclasses.replace(found, start=found.start + shift, end=found.end + shift)

    return CodedDocument(
        document=doc,
        sentences=(),
        events=(
            event(
                doc,
                event_type="ACCUSE",
                sentence=sentences[0],
                trigger="accused",
                actors=[party("Iran", "Iran", "IRN", sentences[0])],
                recipients=[party("Washington", "Washington", "USA", sentences[0])],
                day=("on Monday", dt.date(2024, 1, 15), dt.date(2024, 1, 15), "day"),
            ),
            event(
                doc,
                event_type="CONSULT",
                sentence=sentences[1],
                trigger="met",
                actors=[
                    party("Iranian", "Iranian diplomats", "IRN", sentences[1]),
                    party("American diplomats", "American diplomats", "USA", sentences[1]),
                ],
                day=("in February", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "month"),
                place=("Oman", "Oman", "OMN", "country"),
            ),
            event(
                doc,
                event_type="ASSAULT",
                sentence=sentences[2],
                trigger="attacked",
                actors=[party("Iranian drones", "Iranian drones", "IRN", sentences[2])],
                recipients=[party("an American base", "American base", "USA", sentences[2])],
                day=("in April", dt.date(2024, 4, 1), dt.date(2024, 4, 30), "month"),
            ),
            event(
                doc,
                event_type="CONSULT",
                sentence=sentences[3],
                trigger="hold talks",
                actors=[
                    party("Iran", "Iran", "IRN", sentences[3]),
                    party("the United States", "United States", "USA", sentences[3]),
                ],
                day=("next year", dt.date(2025, 1, 1), dt.date(2025, 12, 31), "year"),
                aux="future",
            ),
        ),
    )


def build_database(path: Path) -> Path:
    store = Store(path)
    store.write_batch([talks(), shelling_again(), hostile(), old_story(), dispute()], [])
    store.rebuild_canonical(DedupRules())
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE documents SET text = NULL WHERE doc_id = 'old-1'")
    return path


def assert_error(response: Any, status: int, *words: str) -> None:
    """The one error shape, with the status and the words the message must hold."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False
    assert body["status"] == status
    for word in words:
        assert word in body["error"], body["error"]


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_database(tmp_path_factory.mktemp("web") / "events.duckdb")


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.load(overrides={"store_lock_timeout": 0.5})


@pytest.fixture(scope="session")
def client(web_db: Path, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(web_db, settings=settings), base_url=BASE_URL) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def ids(client: TestClient) -> dict[str, Any]:
    """Ids found through the API: every event by story and trigger, documents by story."""
    found: dict[str, Any] = {}
    events = client.get("/api/events", params={"raw": True, "include_aux": True}).json()
    for row in events["items"]:
        found[f"{row['story_id']}/{row['trigger']}"] = row["event_key"]
    canonical = client.get("/api/events", params={"include_aux": True}).json()
    for row in canonical["items"]:
        found[f"canonical:{row['story_id']}/{row['trigger']}"] = row["event_id"]
    documents = client.get("/api/documents").json()
    for row in documents["items"]:
        found[f"doc:{row['doc_id']}"] = row["doc_key"]
    return found
