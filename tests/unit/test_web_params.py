"""Reading query parameters, Host names and links for the web app."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.store.queries import Dyad, Participant, next_period
from eventwire.web.guards import host_name
from eventwire.web.params import BadParameter, event_filter, event_scope
from eventwire.web.rendering import excerpt, query_string, web_link


def test_web_params_empty_values_filter_nothing() -> None:
    where = event_filter(
        event_type="",
        actor=" ",
        recipient=None,
        sector="",
        since="",
        until="",
        place="",
        text="",
        min_confidence="",
        include_aux="",
    )
    assert where.event_type is None
    assert where.actor is None
    assert where.since is None
    assert where.include_aux is False


def test_web_params_read_values() -> None:
    where = event_filter(
        event_type="assault",
        actor="RUS",
        recipient=None,
        sector="MIL",
        since="2024-03-01",
        until=None,
        place=None,
        text=None,
        min_confidence="0.5",
        include_aux="on",
    )
    assert where.event_type == "ASSAULT"
    assert where.since == dt.date(2024, 3, 1)
    assert where.min_confidence == 0.5
    assert where.include_aux is True


@pytest.mark.parametrize(
    ("dyad", "involving", "directed", "expected"),
    [
        ("RUS,USA", None, False, Dyad(first="RUS", second="USA")),
        ("rus - usa", None, True, Dyad(first="RUS", second="USA", directed=True)),
        ("IRN\u2013USA", None, False, Dyad(first="IRN", second="USA")),
        (None, "ukr", False, Participant(country="UKR")),
        ("", "", False, None),
    ],
)
def test_web_params_scope(
    dyad: str | None, involving: str | None, directed: bool, expected: object
) -> None:
    assert event_scope(dyad=dyad, involving=involving, directed=directed) == expected


@pytest.mark.parametrize(
    ("dyad", "involving"), [("RUS", None), ("RUS,USA,CHN", None), (None, "Russia")]
)
def test_web_params_bad_scope(dyad: str | None, involving: str | None) -> None:
    with pytest.raises(BadParameter):
        event_scope(dyad=dyad, involving=involving, directed=False)


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("127.0.0.1:8000", "127.0.0.1"),
        ("LOCALHOST", "localhost"),
        ("[::1]:8000", "::1"),
        ("[::1]", "::1"),
        ("evil.example:80", "evil.example"),
        ("", ""),
    ],
)
def test_web_host_name_drops_the_port(header: str, name: str) -> None:
    assert host_name(header) == name


def test_web_query_string_keeps_only_set_values() -> None:
    assert query_string({"type": "ASSAULT", "actor": "", "offset": 50}, offset=None) == (
        "?type=ASSAULT"
    )
    assert query_string({}, directed=True, text="0") == "?directed=true&text=0"
    assert query_string({"a": "x&y=<z>"}) == "?a=x%26y%3D%3Cz%3E"


def test_web_link_only_for_web_addresses() -> None:
    assert web_link("https://example.org/a") == "https://example.org/a"
    assert web_link("javascript:alert(1)") is None
    assert web_link(" JavaScript:alert(1)") is None
    assert web_link("data:text/html,<script>") is None
    assert web_link(None) is None


def test_web_excerpt_cuts_at_a_word() -> None:
    assert excerpt("one two three four", 9) == "one two…"
    assert excerpt("short", 10) == "short"


@pytest.mark.parametrize(
    ("day", "interval", "following"),
    [
        (dt.date(2024, 12, 1), "month", dt.date(2025, 1, 1)),
        (dt.date(2024, 1, 1), "month", dt.date(2024, 2, 1)),
        (dt.date(2024, 2, 26), "week", dt.date(2024, 3, 4)),
        (dt.date(2024, 2, 28), "day", dt.date(2024, 2, 29)),
        (dt.date(2024, 1, 1), "year", dt.date(2025, 1, 1)),
    ],
)
def test_web_next_period(day: dt.date, interval: str, following: dt.date) -> None:
    assert next_period(day, interval) == following  # type: ignore[arg-type]
