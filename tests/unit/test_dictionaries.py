from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from eventwire.config import Settings
from eventwire.errors import ConfigError
from eventwire.stages.actors.dictionaries import read_dictionaries, split_cameo_code
from eventwire.types import Document, Span

# A small TABARI/PETRARCH-style file written for this test (names invented)
CAMEO_ACTORS = """\
# actors
ZORVANIA_ [ZRV]
+ZORVANIAN_REPUBLIC_
TOMAS_BRELKA_
+BRELKA_
    [ZRVGOV 150101-200101]
    [ZRVELI >200101]
RED_DAWN_FRONT_ [ZRVREB]  <!-- an armed group -->
"""
CAMEO_AGENTS = """\
BORDER_WARDEN_ {BORDER_WARDENS_} [~MIL]
"""


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("USAGOV", ("USA", "GOV")),
        ("RUSMIL", ("RUS", "MIL")),
        ("IGOUNO", ("IGO", None)),
        ("NGOHRI", ("NGO", "SOC")),  # human rights NGO -> civil society
        ("RUS", ("RUS", "GOV")),  # a bare country code stands for the state
        ("COP", (None, "COP")),  # a role code alone
    ],
)
def test_split_cameo_code(code: str, expected: tuple[str | None, str | None]) -> None:
    assert split_cameo_code(code) == expected


def test_read_cameo_dictionary_keeps_dated_roles(tmp_path: Path) -> None:
    path = tmp_path / "zrv.actors.txt"
    path.write_text(CAMEO_ACTORS)
    kb = read_dictionaries([path]).knowledge_base()
    surfaces = {surface for surface, _ in kb.lexicon_rows()}
    assert {"Zorvania", "Zorvanian Republic", "Tomas Brelka", "Brelka", "Red Dawn Front"} <= (
        surfaces
    )
    early = kb.role_on("cameo:tomas-brelka", dt.date(2016, 5, 1))
    late = kb.role_on("cameo:tomas-brelka", dt.date(2023, 5, 1))
    assert early is not None
    assert (early.country, early.sector) == ("ZRV", "GOV")
    assert late is not None
    assert (late.country, late.sector) == ("ZRV", "ELI")
    front = kb.role_on("cameo:red-dawn-front", None)
    assert front is not None
    assert (front.country, front.sector) == ("ZRV", "REB")


def test_read_cameo_agents_become_roles(tmp_path: Path) -> None:
    path = tmp_path / "agents.txt"
    path.write_text(CAMEO_AGENTS)
    roles = read_dictionaries([path]).roles
    assert {(surface, entry.sectors) for surface, entry in roles} == {
        ("border warden", ("MIL",)),
        ("border wardens", ("MIL",)),
    }


def test_read_user_csv_and_yaml(tmp_path: Path) -> None:
    table = tmp_path / "mine.csv"
    table.write_text(
        "name,aliases,country,sector,kind\nCoastal Watch,CW,KEN,MIL,\nharbour master,,,GOV,role\n"
    )
    yaml = tmp_path / "mine.yaml"
    yaml.write_text(
        "actors:\n  - name: Lake Council\n    aliases: [the Council]\n"
        "    country: UGA\n    sector: GOV\n"
    )
    dictionary = read_dictionaries([table, yaml])
    kb = dictionary.knowledge_base()
    watch = kb.role_on("user:coastal-watch", None)
    council = kb.role_on("user:lake-council", None)
    assert watch is not None
    assert (watch.country, watch.sector) == ("KEN", "MIL")
    assert council is not None
    assert council.country == "UGA"
    assert [surface for surface, _ in dictionary.roles] == ["harbour master"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,country,sector\nX,KEN,WIZ\n", "unknown sector 'WIZ'"),
        ("name,country,sector\n,KEN,GOV\n", "needs a name"),
    ],
)
def test_read_user_dictionary_errors_name_the_row(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        read_dictionaries([path])


def test_read_missing_dictionary_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        read_dictionaries([tmp_path / "nope.txt"])


@pytest.mark.model
def test_imported_cameo_entry_resolves_an_actor_in_a_story(tmp_path: Path) -> None:
    from eventwire.pipeline import load_engine

    path = tmp_path / "zrv.actors.txt"
    path.write_text(CAMEO_ACTORS)
    settings = Settings.load(environ={}, overrides={"actor_dictionaries": (str(path),)})
    engine: Any = load_engine(settings)
    text = "Brelka accused the Red Dawn Front of attacking a convoy."
    doc = Document(
        doc_id="z", text=text, published=dt.date(2017, 1, 1), body=(Span(start=0, end=len(text)),)
    )
    [coded] = list(engine.code_documents([doc]))
    accuse = [e for e in coded.events if e.event_type == "ACCUSE"]
    assert accuse
    assert [(a.name, a.country, a.sectors) for a in accuse[0].actor] == [
        ("Tomas Brelka", "ZRV", ("GOV",))
    ]
    assert [(a.country, a.sectors) for a in accuse[0].recipient] == [("ZRV", ("REB",))]
