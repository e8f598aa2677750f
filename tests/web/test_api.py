"""The JSON API with FastAPI's TestClient: every route, filter and error case, hostile
input, and that nothing writes to the database."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from conftest import BASE_URL, HOSTILE, TALKS, assert_error, build_database
from eventwire import ontology
from eventwire.config import Settings
from eventwire.errors import StoreError
from eventwire.store import Store
from eventwire.store.duck import apply_migrations
from eventwire.store.schema import MIGRATIONS
from eventwire.web.app import create_app
from eventwire.web.deps import get_reader


def triggers(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return sorted(f"{row['story_id']}/{row['trigger']}" for row in response.json()["items"])


# --- events: filters -------------------------------------------------------------------


def test_api_events_lists_canonical_events_without_aux_by_default(client: TestClient) -> None:
    body = client.get("/api/events").json()
    assert body["total"] == 7  # 9 stored, the two shellings merged, the future talks left out
    assert body["limit"] == 50
    assert body["offset"] == 0
    assert body["next"] is None
    shelling = next(row for row in body["items"] if row["trigger"] == "shelled")
    assert shelling["num_stories"] == 2
    assert shelling["num_sources"] == 2
    assert set(shelling) >= {"event_id", "event_date", "event_type", "actor_country", "event_key"}


def test_api_events_newest_first_and_oldest_first(client: TestClient) -> None:
    newest = [row["event_date"] for row in client.get("/api/events").json()["items"]]
    oldest = [
        row["event_date"]
        for row in client.get("/api/events", params={"sort": "oldest"}).json()["items"]
    ]
    assert newest == sorted(newest, reverse=True)
    assert oldest == sorted(oldest)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # type: exact PLOVER type, any case
        ({"type": "consult"}, ["dispute-1/met", "talks-1/met"]),
        # actor: a country code or part of a name
        ({"actor": "RUS"}, ["talks-1/met", "talks-1/shelled"]),
        ({"actor": "lavrov"}, ["talks-1/met"]),
        ({"recipient": "UKR"}, ["talks-1/shelled"]),
        (
            {"actor": "IRN", "recipient": "USA"},
            ["dispute-1/accused", "dispute-1/attacked", "old-1/accused"],
        ),
        # sector of either side
        ({"sector": "mil"}, ["talks-1/shelled"]),
        ({"since": "2024-03-01", "until": "2024-03-31"}, ["talks-1/met", "talks-1/shelled"]),
        # place: a country code or a name
        ({"place": "SAU"}, ["talks-1/met"]),
        ({"place": "kharkiv"}, ["talks-1/shelled"]),
        ({"text": "espionage"}, ["dispute-1/accused"]),
        ({"min_confidence": "0.9"}, []),
        (
            {"include_aux": "true", "type": "CONSULT"},
            ["dispute-1/hold talks", "dispute-1/met", "talks-1/met"],
        ),
        # a dyad: either direction or together
        (
            {"dyad": "USA,IRN"},
            ["dispute-1/accused", "dispute-1/attacked", "dispute-1/met", "old-1/accused"],
        ),
        ({"dyad": "RUS-USA"}, ["talks-1/met"]),
        ({"dyad": "USA,IRN", "directed": "true"}, []),
        (
            {"dyad": "IRN,USA", "directed": "true"},
            ["dispute-1/accused", "dispute-1/attacked", "old-1/accused"],
        ),
        ({"involving": "ukr"}, ["talks-1/shelled"]),
        # empty values (as forms send them) filter nothing
        ({"type": "", "since": "", "min_confidence": "", "dyad": ""}, None),
    ],
)
def test_api_events_filters(
    client: TestClient, params: dict[str, str], expected: list[str] | None
) -> None:
    found = triggers(client.get("/api/events", params=params))
    if expected is None:
        assert len(found) == 7
    else:
        assert found == expected


def test_api_events_raw_lists_every_story_event(client: TestClient) -> None:
    body = client.get("/api/events", params={"raw": "true"}).json()
    assert body["total"] == 8
    assert all(":" in row["event_id"] for row in body["items"])


def test_api_events_pages_with_a_next_link(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 3, "type": "", "sort": "oldest"}).json()
    assert first["total"] == 7
    assert len(first["items"]) == 3
    assert first["next"].startswith("/api/events?")
    assert "offset=3" in first["next"]
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert third["next"] is None
    assert len(third["items"]) == 1
    seen = [row["event_id"] for page in (first, second, third) for row in page["items"]]
    assert len(set(seen)) == 7


def test_api_events_far_offset_is_an_empty_page(client: TestClient) -> None:
    body = client.get("/api/events", params={"offset": 1_000_000}).json()
    assert body["items"] == []
    assert body["total"] == 7
    assert body["next"] is None


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"type": "BOMBING"}, ["'type'", "not a PLOVER event type", "ASSAULT"]),
        ({"since": "2024-13-01"}, ["'since'", "YYYY-MM-DD"]),
        ({"until": "yesterday"}, ["'until'"]),
        ({"min_confidence": "2"}, ["'min_confidence'", "0 to 1"]),
        ({"min_confidence": "nan"}, ["'min_confidence'"]),
        ({"limit": "0"}, ["'limit'"]),
        ({"limit": "501"}, ["'limit'"]),
        ({"limit": "ten"}, ["'limit'"]),
        ({"offset": "-1"}, ["'offset'"]),
        ({"offset": "99999999999999999999999"}, ["'offset'"]),
        ({"sort": "random"}, ["'sort'"]),
        ({"dyad": "Russia,USA"}, ["'dyad'", "two country codes"]),
        ({"dyad": "RUS,USA", "involving": "IRN"}, ["not both"]),
        ({"involving": "R'; DROP TABLE events; --"}, ["'involving'"]),
        ({"actor": "x" * 201}, ["'actor'"]),
        ({"include_aux": "perhaps"}, ["'include_aux'"]),
    ],
)
def test_api_events_bad_parameters_are_422_in_the_error_shape(
    client: TestClient, params: dict[str, str], words: list[str]
) -> None:
    assert_error(client.get("/api/events", params=params), 422, *words)


def test_api_events_sql_metacharacters_are_only_data(client: TestClient) -> None:
    for value in ("' OR 1=1 --", "%", "_", "\\", "'; DROP TABLE events; --"):
        response = client.get("/api/events", params={"actor": value, "text": value})
        assert response.status_code == 200
        assert response.json()["total"] in (0, 7)
    assert client.get("/api/events").json()["total"] == 7


# --- one event -------------------------------------------------------------------------


def test_api_event_by_canonical_id_has_every_mention_and_document(
    client: TestClient, ids: dict[str, Any]
) -> None:
    canonical = ids["canonical:talks-1/shelled"]
    body = client.get(f"/api/events/{canonical}").json()
    assert body["canonical_id"] == canonical
    assert body["num_mentions"] == 2
    assert body["num_stories"] == 2
    assert {m["story_id"] for m in body["mentions"]} == {"talks-1", "shelling-2"}
    assert {d["doc_id"] for d in body["documents"]} == {"talks-1", "shelling-2"}
    assert body["event_key"] in {m["event_key"] for m in body["mentions"]}


def test_api_event_fields_point_into_the_story_text(
    client: TestClient, ids: dict[str, Any]
) -> None:
    body = client.get(f"/api/events/{ids['talks-1/met']}").json()
    text = body["text"]
    assert text == TALKS
    evidence = body["evidence"]
    assert text[evidence["trigger_start"] : evidence["trigger_end"]] == "met"
    assert text[evidence["start"] : evidence["end"]] == evidence["sentence"]
    assert [a["name"] for a in body["actor"]] == ["Sergei Lavrov", "Marco Rubio"]
    for party in body["actor"]:
        assert text[party["start"] : party["end"]] == party["text"]
    assert body["actor"][0]["code"] == "RUSGOV"
    assert text[body["date"]["text_start"] : body["date"]["text_end"]] == "on Tuesday"
    assert body["date"]["value"] == "2024-03-05"
    assert body["location"]["country"] == "SAU"
    assert text[body["location"]["text_start"] : body["location"]["text_end"]] == "Riyadh"
    [quote] = body["quotes"]
    assert text[quote["start"] : quote["end"]] == quote["text"]
    assert quote["speaker"]["name"] == "Sergei Lavrov"
    assert quote["cue"] == "said"


def test_api_event_quotes_are_those_of_its_sentence(
    client: TestClient, ids: dict[str, Any]
) -> None:
    body = client.get(f"/api/events/{ids['talks-1/shelled']}").json()
    assert body["quotes"] == []  # the quotation is in another sentence


def test_api_event_of_a_story_stored_without_text(client: TestClient, ids: dict[str, Any]) -> None:
    body = client.get(f"/api/events/{ids['old-1/accused']}").json()
    assert body["text"] is None
    assert body["evidence"]["sentence"].startswith("Iran accused")


def test_api_event_unknown_is_404_and_malformed_is_422(client: TestClient) -> None:
    assert_error(client.get("/api/events/0123456789abcdef"), 404, "no event")
    assert_error(client.get(f"/api/events/{'0' * 24}:{'0' * 16}"), 404)
    assert_error(client.get("/api/events/<script>"), 422, "event_id")
    assert_error(client.get("/api/events/' OR 1=1"), 422)


# --- actors, dyads, timelines -----------------------------------------------------------


def test_api_actors_count_events_by_country(client: TestClient) -> None:
    body = client.get("/api/actors").json()
    rows = {row["country"]: row for row in body["items"]}
    assert rows["IRN"]["events"] == 4
    assert rows["IRN"]["as_actor"] == 4
    assert rows["USA"]["as_recipient"] == 3
    assert rows["USA"]["name"] == "United States"
    ukraine = rows["UKR"]
    assert (ukraine["events"], ukraine["as_actor"], ukraine["as_recipient"]) == (1, 0, 1)
    assert ukraine["name"] == "Ukraine"
    assert ukraine["mean_score"] < 0
    assert client.get("/api/actors", params={"type": "ASSAULT"}).json()["total"] == 5


def test_api_dyads_pair_countries_either_way(client: TestClient) -> None:
    body = client.get("/api/dyads").json()
    rows = {(row["first"], row["second"]): row for row in body["items"]}
    assert rows[("IRN", "USA")]["events"] == 4
    assert rows[("IRN", "USA")]["cooperation"] == 1
    assert rows[("IRN", "USA")]["conflict"] == 3
    assert rows[("RUS", "USA")]["events"] == 1
    assert rows[("RUS", "UKR")]["events"] == 1
    assert rows[("RUS", "USA")]["first_name"] == "Russia"
    only = client.get("/api/dyads", params={"country": "UKR"}).json()
    assert [(r["first"], r["second"]) for r in only["items"]] == [("RUS", "UKR")]
    assert_error(client.get("/api/dyads", params={"country": "Ukraine"}), 422, "'country'")


def test_api_dyad_timeline_fills_empty_periods(client: TestClient) -> None:
    body = client.get("/api/dyads/IRN/USA/timeline", params={"since": "2024-01-01"}).json()
    assert body["events"] == 3
    assert body["interval"] == "month"
    periods = [(p["period"], p["events"]) for p in body["periods"]]
    assert periods == [("2024-01-01", 1), ("2024-02-01", 1), ("2024-03-01", 0), ("2024-04-01", 1)]
    january = body["periods"][0]
    assert january["by_type"] == {"ACCUSE": 1}
    assert january["by_quad"]["3"] == 1
    assert january["mean_score"] == ontology.plover_score("ACCUSE", None)
    assert body["periods"][2]["mean_score"] is None


def test_api_dyad_timeline_directed_and_intervals(client: TestClient) -> None:
    directed = client.get(
        "/api/dyads/USA/IRN/timeline", params={"directed": "true", "interval": "year"}
    ).json()
    assert directed["events"] == 0
    assert directed["periods"] == []
    yearly = client.get("/api/dyads/irn/usa/timeline", params={"interval": "year"}).json()
    assert [(p["period"], p["events"]) for p in yearly["periods"]] == [
        ("2023-01-01", 1),
        ("2024-01-01", 3),
    ]
    weekly = client.get("/api/dyads/IRN/USA/timeline", params={"interval": "week"}).json()
    assert weekly["periods"][0]["period"] == "2023-01-30"  # the Monday of 2023-02-01's week
    daily = client.get(
        "/api/dyads/RUS/USA/timeline", params={"interval": "day", "include_aux": "true"}
    ).json()
    assert [p["period"] for p in daily["periods"]] == ["2024-03-05"]


def test_api_actor_timeline_by_role(client: TestClient) -> None:
    any_role = client.get("/api/actors/USA/timeline", params={"interval": "year"}).json()
    assert any_role["events"] == 5
    assert any_role["name"] == "United States"
    acting = client.get("/api/actors/USA/timeline", params={"role": "actor"}).json()
    assert acting["events"] == 2  # the two meetings, as one of two actors
    receiving = client.get("/api/actors/USA/timeline", params={"role": "recipient"}).json()
    assert receiving["events"] == 3


@pytest.mark.parametrize(
    "path",
    [
        "/api/dyads/RUSSIA/USA/timeline",
        "/api/dyads/RUS/U1A/timeline",
        "/api/dyads/RUS/USA/timeline?interval=decade",
        "/api/actors/R/timeline",
        "/api/actors/RUS/timeline?role=observer",
    ],
)
def test_api_timeline_bad_parameters_are_422(client: TestClient, path: str) -> None:
    assert_error(client.get(path), 422)


# --- documents, stats ------------------------------------------------------------------


def test_api_documents_list_and_find(client: TestClient) -> None:
    body = client.get("/api/documents").json()
    assert body["total"] == 5
    assert [row["published"] for row in body["items"]] == sorted(
        (row["published"] for row in body["items"]), reverse=True
    )
    found = client.get("/api/documents", params={"text": "riyadh"}).json()
    assert [row["doc_id"] for row in found["items"]] == ["talks-1"]
    by_source = client.get("/api/documents", params={"source": "wire-b"}).json()
    assert {row["doc_id"] for row in by_source["items"]} == {"shelling-2", "dispute-1"}


def test_api_document_has_its_coded_text(client: TestClient, ids: dict[str, Any]) -> None:
    body = client.get(f"/api/documents/{ids['doc:talks-1']}").json()
    assert body["text"] == TALKS
    assert body["title"] == "Lavrov and Rubio meet in Riyadh"
    assert [e["evidence"]["trigger"] for e in body["events"]] == ["met", "shelled"]
    assert all(e["canonical_id"] for e in body["events"])
    assert [q["quote_id"] for q in body["quotes"]] == ["q1"]
    assert body["date_conflicts"] == []


def test_api_document_errors(client: TestClient) -> None:
    assert_error(client.get(f"/api/documents/{'a' * 24}"), 404, "no document")
    assert_error(client.get("/api/documents/talks-1"), 422)
    assert_error(client.get("/api/documents", params={"limit": 1000}), 422, "'limit'")


def test_api_stats(client: TestClient) -> None:
    body = client.get("/api/stats").json()
    assert body["totals"] == {
        "documents": 5,
        "duplicates": 0,
        "events": 9,
        "canonical_events": 8,
        "merged_events": 1,
        "rejections": 0,
    }
    assert {"event_type": "ASSAULT", "events": 3} in body["by_type"]
    assert {"source": "wire-b", "documents": 2, "events": 5} in body["by_source"]


# --- hostile input ---------------------------------------------------------------------


def test_api_returns_hostile_text_as_data(client: TestClient, ids: dict[str, Any]) -> None:
    body = client.get(f"/api/events/{ids['hostile-1/attacked']}").json()
    assert body["text"] == HOSTILE  # JSON carries it unchanged; pages escape it
    assert body["actor"][0]["name"] == "<img src=x onerror=alert(2)> militia"
    response = client.get(f"/api/events/{ids['hostile-1/attacked']}")
    assert response.headers["content-type"] == "application/json"


# --- the error shape and the guards ------------------------------------------------------


def test_api_unknown_route_and_method_use_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/api/nothing"), 404)
    assert_error(client.post("/api/events", json={}), 405)
    assert_error(client.delete("/api/events/0123456789abcdef"), 405)


def test_api_refuses_foreign_host_names(client: TestClient) -> None:
    response = client.get("/api/stats", headers={"host": "attacker.example"})
    assert_error(response, 400, "attacker.example", "not served")
    assert client.get("/api/stats", headers={"host": "localhost:8000"}).status_code == 200
    assert client.get("/api/stats", headers={"host": "[::1]:8000"}).status_code == 200


def test_api_any_host_when_exposed(web_db: Path, settings: Settings) -> None:
    app = create_app(web_db, settings=settings, allowed_hosts=None)
    with TestClient(app, base_url="http://192.0.2.7") as exposed:
        assert exposed.get("/api/stats").status_code == 200


def test_api_responses_carry_security_headers(client: TestClient) -> None:
    for path in ("/api/stats", "/api/nothing", "/"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


def test_api_openapi_schema_lists_every_route(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert set(schema["paths"]) == {
        "/api/events",
        "/api/events/{event_id}",
        "/api/actors",
        "/api/actors/{code}/timeline",
        "/api/dyads",
        "/api/dyads/{first}/{second}/timeline",
        "/api/documents",
        "/api/documents/{doc_key}",
        "/api/stats",
        "/api/code",
    }
    assert "ErrorBody" in schema["components"]["schemas"]
    assert client.get("/docs").status_code == 404  # no documentation page pulling a CDN


def test_api_internal_error_is_500_without_details(web_db: Path, settings: Settings) -> None:
    class Broken:
        def events(self, *args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("secret detail")

    app = create_app(web_db, settings=settings)
    app.dependency_overrides[get_reader] = lambda: Broken()
    with TestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as broken:
        response = broken.get("/api/events")
    assert_error(response, 500, "internal error")
    assert "secret" not in response.text


def test_api_busy_database_is_503(tmp_path: Path) -> None:
    path = build_database(tmp_path / "busy.duckdb")
    settings = Settings.load(overrides={"store_lock_timeout": 0.2})
    app = create_app(path, settings=settings)
    with TestClient(app, base_url=BASE_URL) as busy, duckdb.connect(str(path)) as writer:
        writer.execute("SELECT 1")
        response = busy.get("/api/stats")
    assert_error(response, 503, "cannot be read now")


# --- read-only ---------------------------------------------------------------------------


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def read_only_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """Record the read_only flag of every database connection the app opens."""
    opened: list[bool] = []
    original = Store._open

    def spy(self: Store, *, read_only: bool) -> duckdb.DuckDBPyConnection:
        opened.append(read_only)
        return original(self, read_only=read_only)

    monkeypatch.setattr(Store, "_open", spy)
    return opened


def test_api_no_route_writes_the_database(
    tmp_path: Path, settings: Settings, read_only_guard: list[bool]
) -> None:
    path = build_database(tmp_path / "ro.duckdb")
    before = digest(path)
    read_only_guard.clear()
    with TestClient(create_app(path, settings=settings), base_url=BASE_URL) as ro:
        event_key = ro.get("/api/events").json()["items"][0]["event_key"]
        doc_key = ro.get("/api/documents").json()["items"][0]["doc_key"]
        for route in (
            "/api/events",
            f"/api/events/{event_key}",
            "/api/actors",
            "/api/actors/IRN/timeline",
            "/api/dyads",
            "/api/dyads/IRN/USA/timeline",
            "/api/documents",
            f"/api/documents/{doc_key}",
            "/api/stats",
            "/",
            f"/events/{event_key}",
            "/dyads",
            "/dyads/IRN/USA",
            "/actors",
            "/actors/IRN",
            "/documents",
            f"/documents/{doc_key}",
            "/stats",
        ):
            assert ro.get(route).status_code == 200, route
        assert ro.post("/api/code", json={"text": ""}).status_code == 422
    assert read_only_guard
    assert all(read_only_guard)
    assert digest(path) == before


def test_api_refuses_an_older_database_without_changing_it(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        apply_migrations(con, path=path, migrations=MIGRATIONS[:2])
    before = digest(path)
    with pytest.raises(StoreError, match="eventwire stats"):
        create_app(path)
    assert digest(path) == before


def test_api_missing_database_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        create_app(tmp_path / "missing.duckdb")
    assert not (tmp_path / "missing.duckdb").exists()
