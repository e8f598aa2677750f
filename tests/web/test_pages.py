"""The HTML pages through TestClient: each renders, filters, highlights at the stored
offsets, escapes hostile text, and errors come as pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import HOSTILE_TITLE


def page(client: TestClient, path: str, status: int = 200, **params: Any) -> str:
    response = client.get(path, params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def highlighted(html: str, kind: str) -> list[str]:
    """The texts of the pieces carrying a highlight kind."""
    pattern = rf'<(?:span|a)[^>]* class="hl [^"]*\bhl-{kind}\b[^"]*"[^>]*>([^<]*)</(?:span|a)>'
    return re.findall(pattern, html)


def test_pages_home_lists_and_filters_events(client: TestClient) -> None:
    html = page(client, "/")
    assert "7 events match" in html
    assert "8 events from 5 stories" in html
    filtered = page(client, "/", type="ASSAULT", actor="RUS")
    assert "1 event matches" in filtered
    assert "Kharkiv" in filtered
    assert "<option selected>ASSAULT</option>" in filtered
    empty_form = page(client, "/", type="", actor="", since="", include_aux="")
    assert "7 events match" in empty_form


def test_pages_home_scoped_to_a_dyad(client: TestClient) -> None:
    html = page(client, "/", dyad="IRN,USA")
    assert "4 events match" in html
    assert "between" in html
    assert "/dyads/IRN/USA" in html


def test_pages_home_pages_through_results(client: TestClient) -> None:
    html = page(client, "/", include_aux="true")
    assert "8 events match" in html
    assert 'rel="next"' not in html


def test_pages_event_highlights_evidence_at_its_offsets(
    client: TestClient, ids: dict[str, Any]
) -> None:
    html = page(client, f"/events/{ids['talks-1/met']}")
    assert highlighted(html, "trigger") == ["met"]
    assert highlighted(html, "actor") == [
        "Russian Foreign Minister Sergei Lavrov",
        "U.S. Secretary of State Marco Rubio",
    ]
    assert highlighted(html, "date") == ["on Tuesday"]
    assert highlighted(html, "place") == ["Riyadh"]
    assert highlighted(html, "quote") == ["We agreed to keep talking about Ukraine"]
    sentence = "".join(highlighted(html, "sentence"))
    assert "Kharkiv" not in sentence
    assert "Riyadh" in sentence
    assert "Lavrov and Rubio meet in Riyadh" in html  # the story's title
    assert "/dyads/RUS/USA" in html  # the timeline of its dyad


def test_pages_event_overlapping_marks_nest(client: TestClient, ids: dict[str, Any]) -> None:
    html = page(client, f"/events/{ids['talks-1/shelled']}")
    assert highlighted(html, "recipient") == ["three people"]
    assert highlighted(html, "trigger") == ["shelled"]
    # the recipient lies inside the evidence sentence: its piece carries both kinds
    assert re.search(r'class="hl hl-sentence hl-recipient ?"[^>]*>three people<', html)
    assert "Every story that told it" in html
    assert "shelling-2" not in html.split("<h2>")[0]


def test_pages_event_without_stored_text_shows_its_sentence(
    client: TestClient, ids: dict[str, Any]
) -> None:
    html = page(client, f"/events/{ids['old-1/accused']}")
    assert "only the evidence sentence is shown" in html
    assert highlighted(html, "trigger") == ["accused"]
    assert highlighted(html, "recipient") == ["the United States"]


def test_pages_escape_hostile_story_text(client: TestClient, ids: dict[str, Any]) -> None:
    for path in (
        f"/events/{ids['hostile-1/attacked']}",
        f"/documents/{ids['doc:hostile-1']}",
        "/",
        "/documents",
    ):
        html = page(client, path)
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path
        assert "<b>wire</b>" not in html, path
        assert "javascript:alert" not in html, path  # a story URL that is no web address
    event_html = page(client, f"/events/{ids['hostile-1/attacked']}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in event_html
    assert highlighted(event_html, "actor") == ["The &lt;img src=x onerror=alert(2)&gt; militia"]
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in event_html
    assert HOSTILE_TITLE not in event_html


def test_pages_dyad_timeline(client: TestClient) -> None:
    html = page(client, "/dyads/IRN/USA", since="2024-01-01")
    assert "<svg" in html
    assert 'class="bar q3"' in html
    assert 'class="bar q1"' in html
    assert "3 events" in html
    assert "1 cooperation" in html
    assert "2 conflict" in html
    assert 'class="score-dot"' in html
    assert "/?dyad=IRN%2CUSA" in html.replace("&amp;", "&")  # bars link to their events
    week = page(client, "/dyads/IRN/USA", interval="week")
    assert "<strong>week</strong>" in week
    assert "No dated events" in page(client, "/dyads/FRA/CHN")


def test_pages_dyads_and_actors_lists(client: TestClient) -> None:
    dyads = page(client, "/dyads")
    assert "Iran \u2013 United States" in dyads
    assert 'href="/dyads/IRN/USA"' in dyads
    actors = page(client, "/actors")
    assert 'href="/actors/IRN"' in actors
    assert "Saudi Arabia" not in actors
    redirect = client.get(
        "/dyads", params={"first": "rus", "second": "usa"}, follow_redirects=False
    )
    assert redirect.status_code == 303
    assert redirect.headers["location"] == "/dyads/RUS/USA"


def test_pages_actor_view(client: TestClient) -> None:
    html = page(client, "/actors/USA")
    assert "United States" in html
    assert "<svg" in html
    assert 'href="/dyads/IRN/USA"' in html
    assert 'href="/dyads/RUS/USA"' in html
    assert "Latest events" in html


def test_pages_document_marks_every_event(client: TestClient, ids: dict[str, Any]) -> None:
    html = page(client, f"/documents/{ids['doc:talks-1']}")
    assert sorted(highlighted(html, "trigger")) == ["met", "shelled"]
    assert f'href="/events/{ids["talks-1/met"]}"' in html
    old = page(client, f"/documents/{ids['doc:old-1']}")
    assert "before eventwire kept story text" in old


def test_pages_stats_and_code_form(client: TestClient) -> None:
    assert "canonical events" in page(client, "/stats")
    form = page(client, "/code")
    assert '<textarea name="text"' in form
    assert 'action="/code"' in form


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/events/0123456789abcdef", 404, "no event with id"),
        ("/events/not-an-id", 422, "event_id"),
        ("/documents/" + "b" * 24, 404, "no document"),
        ("/dyads/RUS/Moscow", 422, "second"),
        ("/nowhere", 404, "Not Found"),
        ("/?since=tomorrow", 422, "since"),
        ("/?type=%3Cscript%3E", 422, "not a PLOVER event type"),
    ],
)
def test_pages_errors_are_pages(client: TestClient, path: str, status: int, words: str) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert words in response.text
    assert "<script>" not in response.text


def test_pages_static_assets_are_served_by_the_app(client: TestClient) -> None:
    html = page(client, "/")
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    assert {"/static/style.css", "/static/app.js", "/static/favicon.svg"} <= set(assets)
    for asset in assets:
        assert client.get(asset).status_code == 200
    assert not re.search(r'(?:href|src)="(?:https?:)?//', html)  # nothing from elsewhere
