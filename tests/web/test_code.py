"""Coding posted text: POST /api/code and the "code this text" page. Size limits and
bad bodies need no model; coding does (marked ``model``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import BASE_URL, assert_error
from eventwire.config import Settings
from eventwire.pipeline import Engine
from eventwire.web.app import create_app
from eventwire.web.coding import TextCoder

LIMIT = 2_000
STORY = (
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Tuesday.\n\n"
    "Ukrainian drones attacked a Russian oil refinery on Wednesday, officials said."
)
HOSTILE = (
    "<script>alert(1)</script> Kenyan police arrested three <b>opposition</b> lawmakers in "
    "Nairobi on Monday. <img src=x onerror=alert(2)>"
)


class NoEngine(TextCoder):
    """A coder that must not be asked: requests refused before coding never load a model."""

    def code(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raise AssertionError("the coder was called")


@pytest.fixture(scope="module")
def limited(web_db: Path, settings: Settings) -> Iterator[TestClient]:
    app = create_app(web_db, settings=settings, max_body_bytes=LIMIT, coder=NoEngine(settings))
    with TestClient(app, base_url=BASE_URL) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def coding(web_db: Path, settings: Settings, engine: Engine) -> Iterator[TestClient]:
    loads: list[int] = []

    def load(_: Settings) -> Engine:
        loads.append(1)
        return engine

    coder = TextCoder(settings, load=load)
    app = create_app(web_db, settings=settings, coder=coder)
    with TestClient(app, base_url=BASE_URL) as test_client:
        test_client.loads = loads  # type: ignore[attr-defined]
        yield test_client


def test_code_api_body_over_the_limit_is_413(limited: TestClient) -> None:
    response = limited.post("/api/code", json={"text": "x" * (LIMIT + 10)})
    assert_error(response, 413, f"over {LIMIT} bytes")


def test_code_api_huge_body_is_refused_by_its_declared_length(limited: TestClient) -> None:
    response = limited.post(
        "/api/code",
        content=b"{}",
        headers={"content-type": "application/json", "content-length": str(10**9)},
    )
    assert_error(response, 413)


def test_code_api_chunked_body_over_the_limit_is_413(limited: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(10):
            yield b"y" * 500
        yield b'"}'

    response = limited.post(
        "/api/code", content=chunks(), headers={"content-type": "application/json"}
    )
    assert_error(response, 413)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"text": ""}, ["body 'text'"]),
        ({}, ["body 'text'", "required"]),
        ({"text": "Hello.", "published": "March 3"}, ["body 'published'"]),
        ({"text": "Hello.", "colour": "red"}, ["body 'colour'"]),
        ({"text": ["a list"]}, ["body 'text'"]),
        ({"text": "Hello.", "title": "t" * 1001}, ["body 'title'"]),
    ],
)
def test_code_api_bad_bodies_are_422(
    limited: TestClient, body: dict[str, Any], words: list[str]
) -> None:
    assert_error(limited.post("/api/code", json=body), 422, *words)


def test_code_api_malformed_json_is_422(limited: TestClient) -> None:
    response = limited.post(
        "/api/code", content=b'{"text": ', headers={"content-type": "application/json"}
    )
    assert_error(response, 422)


def test_code_api_get_is_405(limited: TestClient) -> None:
    assert_error(limited.get("/api/code"), 405)


def test_code_page_shows_the_limit_and_refuses_bigger_forms(limited: TestClient) -> None:
    page = limited.get("/code")
    assert page.status_code == 200
    assert f'data-max-body="{LIMIT}"' in page.text
    response = limited.post("/code", data={"text": "z" * (LIMIT + 1)})
    assert response.status_code == 413
    assert "text/html" in response.headers["content-type"]
    assert f"over {LIMIT} bytes" in response.text


def test_code_page_refuses_empty_text_and_other_encodings(limited: TestClient) -> None:
    empty = limited.post("/code", data={"text": "   "})
    assert empty.status_code == 422
    assert "paste some text" in empty.text
    multipart = limited.post("/code", files={"text": ("a.txt", b"Hello.")})
    assert multipart.status_code == 415
    bad_date = limited.post("/code", data={"text": "Hello.", "published": "soon"})
    assert bad_date.status_code == 422
    assert "YYYY-MM-DD" in bad_date.text


@pytest.mark.model
def test_code_api_codes_text_without_storing_it(coding: TestClient, web_db: Path) -> None:
    before = web_db.read_bytes()
    response = coding.post("/api/code", json={"text": STORY, "published": "2024-03-06"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["rejection"] is None
    assert body["text"] == STORY
    assert body["published"] == "2024-03-06"
    kinds = {event["event_type"] for event in body["events"]}
    assert {"CONSULT", "ASSAULT"} <= kinds
    for event in body["events"]:
        evidence = event["evidence"]
        assert STORY[evidence["trigger_start"] : evidence["trigger_end"]] == evidence["trigger"]
        for party in event["actor"] + event["recipient"]:
            assert STORY[party["start"] : party["end"]] == party["text"]
    consult = next(e for e in body["events"] if e["event_type"] == "CONSULT")
    assert consult["date"]["value"] == "2024-03-05"
    assert web_db.read_bytes() == before
    coding.post("/api/code", json={"text": "Iran accused Israel of an attack on Monday."})
    assert coding.loads == [1]  # type: ignore[attr-defined]  # the engine loads once


@pytest.mark.model
def test_code_api_says_why_text_was_not_coded(coding: TestClient) -> None:
    french = (
        "Le président de la République a rencontré hier le premier ministre pour discuter "
        "de la réforme des retraites et du budget de l'année prochaine."
    )
    body = coding.post("/api/code", json={"text": french}).json()
    assert body["events"] == []
    assert body["rejection"]["reason"].startswith("language")


@pytest.mark.model
def test_code_page_shows_events_with_escaped_highlights(coding: TestClient) -> None:
    page = coding.post("/code", data={"text": HOSTILE, "published": "2024-05-20"})
    assert page.status_code == 200, page.text
    html = page.text
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;opposition&lt;/b&gt;" in html  # in the highlighted story and the textarea
    assert 'class="hl hl-trigger' in html
    assert ">arrested<" in html
    assert "COERCE" in html
