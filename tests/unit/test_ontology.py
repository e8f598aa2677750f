"""Tests for eventwire.ontology: PLOVER types, CAMEO codes and the crosswalk between them."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources

import pytest

from eventwire import ontology
from eventwire.errors import ConfigError, OntologyError

# Every (type, mode) pair PLOVER defines, None standing for "no mode".
PAIRS = [
    (event_type, mode)
    for event_type in ontology.EVENT_TYPES
    for mode in (None, *ontology.plover_type(event_type).modes)
]

# PLOVER modes whose representative CAMEO code reads back with another mode (or none),
# because CAMEO has no code of its own for them. The event type still round-trips.
MODE_DOES_NOT_ROUND_TRIP = {
    ("CONSULT", "multilateral"): None,  # 040: CAMEO has no multilateral meeting code
    ("RETREAT", "resign"): None,  # 084: CAMEO puts resignations under CONCEDE (0831)
    ("ACCUSE", None): "disapprove",  # 112 "Accuse" is coded disapprove in the crosswalk
    ("ACCUSE", "allege"): "disapprove",  # same code
    ("THREATEN", "arrest"): None,  # 130: CAMEO has no threat-of-arrest code
    ("PROTEST", "strike"): "boycott",  # 143 "Conduct strike or boycott"
    ("PROTEST", "vandalize"): None,  # 140: CAMEO has no vandalism code
    ("SANCTION", "discontinue"): "withdraw",  # 161 "Reduce or break diplomatic relations"
    ("MOBILIZE", "weapons"): "troops",  # 152 "Increase military alert status"
    ("MOBILIZE", "militia"): None,  # 150: CAMEO does not separate militias
    ("COERCE", "censor"): "restrict",  # 1721 "Impose restrictions on political freedoms"
    ("COERCE", "withhold"): None,  # 170
    ("COERCE", "misinformation"): None,  # 170
    ("ASSAULT", "primitive"): None,  # 180: CAMEO does not code weapon type here
    ("ASSAULT", "crowd-control"): None,  # 175 "Use tactics of violent repression"
}


def _data_file(name: str) -> str:
    path = resources.files("eventwire") / "data" / "ontology" / name
    return path.read_text(encoding="utf-8")


def test_event_types_are_the_sixteen_in_codebook_order() -> None:
    assert ontology.EVENT_TYPES == (
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    )


def test_aux_values_say_negated_not_negation() -> None:
    assert ontology.AUX_VALUES == ("historical", "future", "hypothetical", "negated")


@pytest.mark.parametrize(
    ("event_type", "quad"),
    [
        ("AGREE", 1),
        ("CONSULT", 1),
        ("SUPPORT", 1),
        ("CONCEDE", 1),
        ("COOPERATE", 2),
        ("AID", 2),
        ("RETREAT", 2),
        ("REQUEST", 3),
        ("ACCUSE", 3),
        ("REJECT", 3),
        ("THREATEN", 3),
        ("SANCTION", 3),  # the codebook's quad table; its SANCTION section says 4
        ("PROTEST", 4),
        ("MOBILIZE", 4),
        ("COERCE", 4),
        ("ASSAULT", 4),
    ],
)
def test_plover_type_quad(event_type: str, quad: int) -> None:
    assert ontology.plover_type(event_type).quad == quad


@pytest.mark.parametrize("event_type", ontology.EVENT_TYPES)
def test_plover_type_requires_recipient_only_for_cooperate_aid_sanction(event_type: str) -> None:
    expected = event_type in {"COOPERATE", "AID", "SANCTION"}
    assert ontology.plover_type(event_type).requires_recipient is expected


@pytest.mark.parametrize(
    ("event_type", "modes"),
    [
        ("AGREE", ()),
        ("AID", ()),
        ("CONSULT", ("visit", "third-party", "multilateral", "phone")),
        ("REQUEST", ("assist", "change", "yield", "meet")),
        ("REJECT", ("assist", "change", "yield", "meet")),
        ("SANCTION", ("convict", "expel", "withdraw", "discontinue")),
        ("MOBILIZE", ("troops", "weapons", "police", "militia")),
    ],
)
def test_plover_type_modes(event_type: str, modes: tuple[str, ...]) -> None:
    assert ontology.plover_type(event_type).modes == modes


def test_plover_type_counts_of_modes() -> None:
    counts = {name: len(ontology.plover_type(name).modes) for name in ontology.EVENT_TYPES}
    assert counts["ASSAULT"] == 15
    assert counts["COERCE"] == 10
    assert counts["PROTEST"] == 7
    assert sum(counts.values()) == 67


@pytest.mark.parametrize("name", ["FIGHT", "assault", "", "Consult"])
def test_plover_type_unknown_name_lists_valid_types(name: str) -> None:
    with pytest.raises(OntologyError, match="unknown PLOVER event type") as caught:
        ontology.plover_type(name)
    message = str(caught.value)
    assert repr(name) in message
    assert all(event_type in message for event_type in ontology.EVENT_TYPES)


def test_ontology_error_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        ontology.plover_type("FIGHT")


@pytest.mark.parametrize(
    ("event_type", "mode", "score"),
    [
        ("ASSAULT", "aerial", -9.5),
        ("ASSAULT", "unconventional", -10.0),
        ("ASSAULT", None, -9.0),
        ("CONSULT", "visit", 4.0),
        ("CONSULT", "phone", 1.5),
        ("CONSULT", None, 2.5),
        ("AID", None, 10.0),
        ("RETREAT", "disarm", 10.0),
        ("RETREAT", "resign", 4.5),
        ("REQUEST", None, 0.0),
        ("ACCUSE", None, 3.0),  # printed +3 in the codebook, kept as printed
        ("ACCUSE", "allege", -3.5),
        ("SANCTION", "expel", -5.5),
        ("COERCE", "martial-law", -7.5),
        ("PROTEST", "riot", -7.0),
        ("PROTEST", "vandalize", -5.0),  # no score of its own: falls back to PROTEST
    ],
)
def test_plover_score(event_type: str, mode: str | None, score: float) -> None:
    assert ontology.plover_score(event_type, mode) == score


@pytest.mark.parametrize(("event_type", "mode"), PAIRS)
def test_plover_score_is_defined_for_every_type_and_mode(event_type: str, mode: str | None) -> None:
    score = ontology.plover_score(event_type, mode)
    assert score is not None
    assert -10.0 <= score <= 10.0


def test_plover_score_unknown_mode_raises() -> None:
    with pytest.raises(OntologyError, match="'bombing' is not a mode of ASSAULT"):
        ontology.plover_score("ASSAULT", "bombing")


@pytest.mark.parametrize(
    ("event_type", "mode", "contexts"),
    [
        ("AGREE", None, ()),
        ("CONSULT", "visit", ("diplomatic",)),
        ("SANCTION", "expel", ("diplomatic", "military")),
        ("THREATEN", "expel", ()),  # modes repeat across types
        ("COERCE", "cyber", ("cyber",)),  # a mode and a context may share a name
        ("ASSAULT", "drone", ("military", "terrorism")),
    ],
)
def test_validate_event_accepts_valid_events(
    event_type: str, mode: str | None, contexts: tuple[str, ...]
) -> None:
    ontology.validate_event(event_type, mode, contexts)


def test_validate_event_unknown_type_lists_valid_types() -> None:
    with pytest.raises(OntologyError) as caught:
        ontology.validate_event("ATTACK", None)
    assert "'ATTACK'" in str(caught.value)
    assert all(event_type in str(caught.value) for event_type in ontology.EVENT_TYPES)


@pytest.mark.parametrize(
    ("event_type", "mode"),
    [
        ("CONSULT", "telephone"),
        ("COERCE", "expel"),  # an expel mode exists, but for THREATEN and SANCTION
        ("ASSAULT", "assassinate"),  # a 2021 crosswalk mode that v2 does not define
        ("RETREAT", ""),  # no mode is None, not the empty string
    ],
)
def test_validate_event_unknown_mode_lists_valid_modes(event_type: str, mode: str) -> None:
    with pytest.raises(OntologyError, match="is not a mode of") as caught:
        ontology.validate_event(event_type, mode)
    message = str(caught.value)
    assert repr(mode) in message
    assert all(valid in message for valid in ontology.plover_type(event_type).modes)


def test_validate_event_mode_on_modeless_type_raises() -> None:
    with pytest.raises(OntologyError, match="AGREE takes no mode, got 'visit'"):
        ontology.validate_event("AGREE", "visit")


@pytest.mark.parametrize("context", ["humanitarian", "democracy", "Military", "sports"])
def test_validate_event_unknown_context_lists_valid_contexts(context: str) -> None:
    with pytest.raises(OntologyError, match="unknown PLOVER context") as caught:
        ontology.validate_event("AID", None, ("economic", context))
    message = str(caught.value)
    assert repr(context) in message
    assert all(valid in message for valid in ontology.contexts())


def test_validate_event_string_contexts_raise() -> None:
    with pytest.raises(OntologyError, match=r"write \('military',\)"):
        ontology.validate_event("ASSAULT", None, "military")  # type: ignore[arg-type]


def test_contexts_are_the_codebook_list() -> None:
    names = ontology.contexts()
    assert len(names) == 37
    assert names[0] == "military"
    assert names[-1] == "trafficking"
    assert {"human_security", "pro_democracy", "pro_autocracy", "cbrn", "cyber"} <= set(names)
    assert "humanitarian" not in names


def test_sectors_list_the_codebook_codes() -> None:
    codes = ontology.sectors()
    assert len(codes) == 25
    assert {"GOV", "MIL", "REB", "CVL", "JRN", "PRE", "OPP"} <= set(codes)
    assert all(label for label in codes.values())


def test_sectors_returns_a_copy() -> None:
    ontology.sectors()["XXX"] = "mutated"
    assert "XXX" not in ontology.sectors()


@pytest.mark.parametrize(
    ("code", "valid"),
    [("GOV", True), ("COP", True), ("SOC", True), ("gov", False), ("INS", False), ("", False)],
)
def test_is_valid_sector(code: str, valid: bool) -> None:
    # INS (insurgents) is a CAMEO sector PLOVER dropped
    assert ontology.is_valid_sector(code) is valid


def test_country_codes_nonstate_are_the_seven() -> None:
    assert set(ontology.country_codes_nonstate()) == {
        "IGO",
        "NGO",
        "UNO",
        "EUR",
        "ISM",
        "IMG",
        "MNC",
    }


def test_country_codes_special_has_kosovo() -> None:
    assert set(ontology.country_codes_special()) == {"KOS"}


@pytest.mark.parametrize(
    ("code", "root", "quad", "goldstein"),
    [
        ("01", "01", 1, 0.0),
        ("010", "01", 1, 0.0),
        ("0214", "02", 1, 3.4),
        ("036", "03", 1, 4.0),
        ("042", "04", 1, 1.9),
        ("043", "04", 1, 2.8),
        ("046", "04", 1, 7.0),
        ("057", "05", 1, 8.0),
        ("072", "07", 2, 8.3),
        ("0874", "08", 2, 10.0),
        ("094", "09", 2, -2.0),
        ("112", "11", 3, -2.0),
        ("130", "13", 3, -4.4),
        ("145", "14", 3, -7.5),
        ("163", "16", 4, -8.0),
        ("171", "17", 4, -9.2),
        ("173", "17", 4, -5.0),
        ("182", "18", 4, -9.5),
        ("190", "19", 4, -10.0),
        ("193", "19", 4, -10.0),
        ("195", "19", 4, -10.0),
        ("201", "20", 4, -9.5),
    ],
)
def test_cameo_code_root_quad_goldstein(code: str, root: str, quad: int, goldstein: float) -> None:
    cameo = ontology.cameo_code(code)
    assert (cameo.code, cameo.root, cameo.quad, cameo.goldstein) == (code, root, quad, goldstein)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("04", "CONSULT"),
        ("042", "Make a visit"),
        ("173", "Arrest, detain, or charge with legal action"),
        ("195", "Employ aerial weapons"),
        ("2042", "Detonate nuclear weapons"),
    ],
)
def test_cameo_code_name(code: str, name: str) -> None:
    assert ontology.cameo_code(code).name == name


def test_cameo_codes_cover_twenty_roots_and_their_sub_codes() -> None:
    codes = ontology.cameo_codes()
    roots = [cameo.code for cameo in codes if len(cameo.code) == 2]
    assert roots == [f"{root:02d}" for root in range(1, 21)]
    assert len(codes) == 318
    assert len({cameo.code for cameo in codes}) == len(codes)
    for cameo in codes:
        assert len(cameo.code) in (2, 3, 4)
        assert cameo.code.startswith(cameo.root)
        assert cameo.name
        assert -10.0 <= cameo.goldstein <= 10.0


def test_cameo_codes_quad_follows_root() -> None:
    expected = {1: range(1, 6), 2: range(6, 10), 3: range(10, 15), 4: range(15, 21)}
    for cameo in ontology.cameo_codes():
        assert int(cameo.root) in expected[cameo.quad], cameo


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("999", "CAMEO codes are a two-digit root (01-20)"),
        ("99", "CAMEO codes are a two-digit root (01-20)"),
        ("21", "did you mean '021'"),  # GDELT-style integer codes lose the zero
        ("0299", "codes under root 02 (APPEAL): 020, 021, 0211"),
        ("197", "codes under root 19 (FIGHT): 190, 191"),
        ("42", "did you mean '042'"),
        ("", "CAMEO codes are a two-digit root"),
    ],
)
def test_cameo_code_unknown_raises_with_valid_codes(code: str, fragment: str) -> None:
    with pytest.raises(OntologyError, match="unknown CAMEO event code") as caught:
        ontology.cameo_code(code)
    assert fragment in str(caught.value)


def test_cameo_code_int_raises() -> None:
    with pytest.raises(OntologyError, match="CAMEO codes are strings"):
        ontology.cameo_code(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "event_type", "mode", "contexts"),
    [
        ("036", "AGREE", None, ("diplomatic",)),
        ("0333", "AGREE", None, ("human_security",)),  # "humanitarian" in the 2021 file
        ("042", "CONSULT", "visit", ()),
        ("043", "CONSULT", "visit", ()),
        ("041", "CONSULT", "phone", ()),
        ("0811", "CONCEDE", None, ("pro_democracy",)),  # "democracy" in the 2021 file
        ("0813", "RETREAT", None, ("legal",)),  # departs from root 08's CONCEDE
        ("0871", "RETREAT", "ceasefire", ("military",)),
        ("091", "ACCUSE", "investigate", ("crime", "corruption")),
        ("116", "SANCTION", "convict", ("legal",)),  # v2 mode for court findings
        ("1321", "THREATEN", "restrict", ("human_rights",)),
        ("163", "COERCE", "restrict", ("diplomatic",)),  # departs from root 16's SANCTION
        ("173", "COERCE", "arrest", ("legal",)),
        ("175", "ASSAULT", None, ("military", "pro_autocracy")),
        ("1712", "ASSAULT", "destroy", ("human_security",)),
        ("186", "ASSAULT", "targeted", ()),
        ("191", "COERCE", "restrict", ("military",)),
        ("195", "ASSAULT", "aerial", ("military",)),
        ("196", "ASSAULT", None, ("legal", "military")),
        ("2041", "ASSAULT", "unconventional", ("cbrn",)),
    ],
)
def test_cameo_to_plover(
    code: str, event_type: str, mode: str | None, contexts: tuple[str, ...]
) -> None:
    assert ontology.cameo_to_plover(code) == ontology.CrosswalkEntry(
        cameo=code, event_type=event_type, mode=mode, contexts=contexts
    )


@pytest.mark.parametrize(
    ("code", "matched", "event_type"),
    [
        ("03", "030", "AGREE"),
        ("08", "080", "CONCEDE"),
        ("15", "150", "MOBILIZE"),
        ("19", "190", "ASSAULT"),
    ],
)
def test_cameo_to_plover_root_reads_as_its_general_code(
    code: str, matched: str, event_type: str
) -> None:
    entry = ontology.cameo_to_plover(code)
    assert (entry.cameo, entry.event_type) == (matched, event_type)


def test_cameo_to_plover_falls_back_to_parent_then_root(monkeypatch: pytest.MonkeyPatch) -> None:
    full = ontology._crosswalk()
    without_1832 = {code: entry for code, entry in full.items() if code != "1832"}
    monkeypatch.setattr(ontology, "_crosswalk", lambda: without_1832)
    assert ontology.cameo_to_plover("1832").cameo == "183"
    without_183 = {code: entry for code, entry in without_1832.items() if code != "183"}
    monkeypatch.setattr(ontology, "_crosswalk", lambda: without_183)
    assert ontology.cameo_to_plover("1832").cameo == "180"


@pytest.mark.parametrize("code", ["01", "010", "019", "02", "0233", "028"])
def test_cameo_to_plover_statements_and_appeals_have_no_equivalent(code: str) -> None:
    with pytest.raises(OntologyError, match="has no PLOVER equivalent") as caught:
        ontology.cameo_to_plover(code)
    assert "03, 04, 05" in str(caught.value)


def test_cameo_to_plover_unknown_code_raises() -> None:
    with pytest.raises(OntologyError, match="unknown CAMEO event code '1999'"):
        ontology.cameo_to_plover("1999")


def test_crosswalk_rows_use_valid_types_modes_contexts_and_codes() -> None:
    entries = ontology.crosswalk()
    assert len(entries) == 261
    for entry in entries:
        ontology.validate_event(entry.event_type, entry.mode, entry.contexts)
        ontology.cameo_code(entry.cameo)


def test_crosswalk_covers_every_code_of_roots_03_to_20() -> None:
    mapped = {entry.cameo for entry in ontology.crosswalk()}
    for cameo in ontology.cameo_codes():
        if len(cameo.code) > 2 and cameo.root not in {"01", "02"}:
            assert cameo.code in mapped, cameo


def test_crosswalk_file_has_the_documented_columns() -> None:
    rows = list(csv.reader(io.StringIO(_data_file("crosswalk.csv"))))
    assert rows[0] == ["cameo", "plover_event", "mode", "contexts"]
    codes = [row[0] for row in rows[1:]]
    assert codes == sorted(codes)
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(("event_type", "mode"), PAIRS)
def test_plover_to_cameo_gives_a_known_code_for_every_type_and_mode(
    event_type: str, mode: str | None
) -> None:
    ontology.cameo_code(ontology.plover_to_cameo(event_type, mode))


@pytest.mark.parametrize(("event_type", "mode"), PAIRS)
def test_plover_to_cameo_round_trips_event_type(event_type: str, mode: str | None) -> None:
    code = ontology.plover_to_cameo(event_type, mode)
    assert ontology.cameo_to_plover(code).event_type == event_type


@pytest.mark.parametrize(("event_type", "mode"), PAIRS)
def test_plover_to_cameo_round_trips_mode_unless_cameo_lacks_one(
    event_type: str, mode: str | None
) -> None:
    code = ontology.plover_to_cameo(event_type, mode)
    expected = MODE_DOES_NOT_ROUND_TRIP.get((event_type, mode), mode)
    assert ontology.cameo_to_plover(code).mode == expected


@pytest.mark.parametrize(
    ("event_type", "mode", "contexts", "code"),
    [
        ("AGREE", None, (), "030"),
        ("CONSULT", None, (), "040"),
        ("CONSULT", "visit", (), "042"),
        ("CONSULT", "phone", (), "041"),
        ("CONSULT", "third-party", (), "044"),
        ("ASSAULT", "aerial", (), "195"),
        ("ASSAULT", "drone", (), "1952"),
        ("COERCE", "arrest", (), "173"),
        ("COERCE", "cyber", (), "176"),
        ("SANCTION", "discontinue", (), "161"),
        ("SANCTION", "convict", (), "116"),
        ("AID", None, (), "070"),
        ("AID", None, ("economic",), "071"),
        ("AID", None, ("military",), "072"),
        ("AID", None, ("human_security",), "073"),
        ("AID", None, ("diplomatic", "economic"), "071"),  # first context with a row wins
        ("AID", None, ("military", "economic"), "072"),
        ("AID", None, ("election",), "070"),  # no refinement: the (type, mode) code
        ("ASSAULT", None, ("military",), "190"),
        ("ASSAULT", "firearms", ("military",), "193"),  # the mode's own code stays
        ("PROTEST", "demo", ("rights_freedoms",), "1413"),
        ("THREATEN", "violence", ("cbrn",), "1385"),
    ],
)
def test_plover_to_cameo(
    event_type: str, mode: str | None, contexts: tuple[str, ...], code: str
) -> None:
    assert ontology.plover_to_cameo(event_type, mode, contexts) == code


def test_plover_to_cameo_invalid_event_raises() -> None:
    with pytest.raises(OntologyError, match="'aerial' is not a mode of COERCE"):
        ontology.plover_to_cameo("COERCE", "aerial")
    with pytest.raises(OntologyError, match="unknown PLOVER context 'humanitarian'"):
        ontology.plover_to_cameo("AID", None, ("humanitarian",))


def test_plover_to_cameo_file_rows_are_valid_and_map_back() -> None:
    reader = csv.DictReader(io.StringIO(_data_file("plover_to_cameo.csv")))
    assert reader.fieldnames == ["plover_event", "mode", "context", "cameo"]
    keys = set()
    for row in reader:
        contexts = (row["context"],) if row["context"] else ()
        ontology.validate_event(row["plover_event"], row["mode"] or None, contexts)
        assert ontology.cameo_to_plover(row["cameo"]).event_type == row["plover_event"], row
        key = (row["plover_event"], row["mode"], row["context"])
        assert key not in keys, row
        keys.add(key)
    for event_type, mode in PAIRS:
        assert (event_type, mode or "", "") in keys


def test_plover_json_carries_source_and_licence() -> None:
    data = json.loads(_data_file("plover.json"))
    assert "CC BY-SA 4.0" in data["licence"]
    assert "Open Event Data Alliance" in data["source"]
    assert data["event_types"]["PROTEST"]["scores"]["vandalize"] is None


def test_ontology_files_are_read_once() -> None:
    assert ontology._plover() is ontology._plover()
    assert ontology._cameo() is ontology._cameo()
