from __future__ import annotations

import datetime as dt

import pytest

from eventwire.stages.actors.persons import parse_partial_date, read_persons

TABLE = "\n".join(
    [
        "kb_id\tname\taliases\tcountry\tsector\trole\tstart\tend\tsource",
        "per:a\tAlma Vega\tVega\tCHL\tGOV\tPresident\t2018-03-11\t2022-03-11\ttest",
        "per:a\tAlma Vega\tVega\tCHL\tELI\tFormer President\t2022-03-11\t\ttest",
        "per:b\tBruno Vega\tVega|Bruno\tARG\tOPP\tOpposition leader\t2019\t\ttest",
        "per:c\tCora Lind\t\tSWE\tGOV\tForeign Minister\t2021-06\t\ttest",
    ]
)


@pytest.mark.parametrize(
    ("day", "sector"),
    [
        (dt.date(2020, 5, 1), "GOV"),  # in office
        (dt.date(2023, 1, 1), "ELI"),  # after leaving office
        (dt.date(2010, 1, 1), "GOV"),  # before any role: the earliest one
        (None, "ELI"),  # unknown date: the latest role
    ],
)
def test_person_role_on_depends_on_the_story_date(day: dt.date | None, sector: str) -> None:
    role = read_persons(TABLE).role_on("per:a", day)
    assert role is not None
    assert (role.country, role.sector) == ("CHL", sector)


def test_person_alias_shared_by_two_people_is_dropped() -> None:
    surfaces = {surface for surface, _ in read_persons(TABLE).lexicon_rows()}
    assert "Vega" not in surfaces
    assert {"Alma Vega", "Bruno Vega", "Bruno", "Cora Lind"} <= surfaces


def test_parse_partial_date_accepts_year_and_month() -> None:
    assert parse_partial_date("2021-06") == dt.date(2021, 6, 1)
    assert parse_partial_date("2019") == dt.date(2019, 1, 1)
    assert parse_partial_date("") is None
