"""Event stage on sentences written for these tests: one per linguistic case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from eventwire.types import Document, Event, Span

pytestmark = pytest.mark.model
PUBLISHED = dt.date(2025, 3, 14)  # a Friday


def code(engine: Any, text: str) -> list[Event]:
    doc = Document(doc_id="t", text=text, published=PUBLISHED, body=(Span(start=0, end=len(text)),))
    [coded] = list(engine.code_documents([doc]))
    return list(coded.events)


def summary(event: Event) -> tuple[str, set[str | None], set[str | None], str | None]:
    return (
        event.event_type,
        {actor.country for actor in event.actor},
        {actor.country for actor in event.recipient},
        event.aux,
    )


CASES = [
    # active voice, verb trigger, demonym + role actor
    (
        "Kenyan police arrested an opposition lawmaker in Nairobi on Sunday.",
        ("COERCE", {"KEN"}, {"KEN"}, None),
    ),
    # passive voice with a by-agent
    (
        "Three journalists were arrested by police in Minsk on Wednesday.",
        ("COERCE", {"BLR"}, {"BLR"}, None),
    ),
    # coordinated subjects of a reciprocal verb: both are actors
    ("Egypt and Qatar agreed on Tuesday to host talks.", ("AGREE", {"EGY", "QAT"}, set(), None)),
    # nominal trigger with possessive actor and prepositional target
    (
        "Israel's airstrike on a school in Gaza City killed at least 20 people.",
        ("ASSAULT", {"ISR"}, {"PSE"}, None),
    ),
    # support verb + event noun + prepositional recipient
    (
        "The European Union imposed sanctions on Iran over its drone exports.",
        ("SANCTION", {"IGO"}, {"IRN"}, None),
    ),
    # phrasal verb: the particle's object is the recipient
    (
        "The UN secretary-general called on Ethiopia to withdraw its troops.",
        ("REQUEST", {"IGO"}, {"ETH"}, None),
    ),
    # negation
    (
        "Thai troops did not fire on Cambodian positions during the weekend.",
        ("ASSAULT", {"THA"}, {"KHM"}, "negated"),
    ),
    # conditional / modal
    (
        "Washington could impose new tariffs on Mexico.",
        ("SANCTION", {"USA"}, {"MEX"}, "hypothetical"),
    ),
    # future cooperation is AGREE (the codebook's single-category rule)
    (
        "The Chinese foreign minister will meet his Indian counterpart next week.",
        ("AGREE", {"CHN", "IND"}, set(), None),
    ),
    # an announced retreat is CONCEDE, and "it" is the state last named
    (
        "France announced on Thursday that it would withdraw its troops from Senegal.",
        ("CONCEDE", {"FRA"}, {"SEN"}, None),
    ),
    # reported speech: attribution does not make the speaker the actor
    (
        "Officials in Kyiv said Russian troops withdrew from the village.",
        ("RETREAT", {"RUS"}, set(), None),
    ),
    # statement as event: an accusation with the speaker as actor
    (
        "Beijing accused Manila of provoking a confrontation at sea.",
        ("ACCUSE", {"CHN"}, {"PHL"}, None),
    ),
    # historical background: an explicit year long before publication
    ("In 2008, Russian troops invaded Georgia.", ("ASSAULT", {"RUS"}, {"GEO"}, "historical")),
    # reciprocal meeting with "met with"
    (
        "Turkey's president met with Iraq's prime minister on the sidelines of the summit.",
        ("CONSULT", {"TUR", "IRQ"}, set(), None),
    ),
    # the same meeting in one party's capital is a visit by the other
    (
        "Turkey's president met with Iraq's prime minister in Baghdad.",
        ("CONSULT", {"TUR"}, {"IRQ"}, None),
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_find_events_codes_each_linguistic_case(
    engine: Any, text: str, expected: tuple[str, set[str | None], set[str | None], str | None]
) -> None:
    found = [summary(event) for event in code(engine, text)]
    assert expected in found


def test_find_events_reporting_verb_alone_is_no_event(engine: Any) -> None:
    assert code(engine, "The minister told reporters in Accra that the weather was fine.") == []


def test_an_act_told_in_two_sentences_is_one_event_with_both_mentions(engine: Any) -> None:
    text = (
        "Russian forces shelled the city of Kharkiv on Tuesday, officials said. "
        "Three civilians died when Russian forces shelled a school in Kharkiv on Tuesday."
    )
    [assault] = [e for e in code(engine, text) if e.event_type == "ASSAULT"]
    assert [a.country for a in assault.actor] == ["RUS"]
    assert len(assault.mentions) == 1
    told = {assault.evidence.sentence, assault.mentions[0].sentence}
    assert told == {text[: text.index("said.") + 5], text[text.index("Three") :]}


def test_a_quantity_of_people_acts_through_them(engine: Any) -> None:
    text = "Thousands of farmers protested against the government in Paris on Monday."
    [protest] = [e for e in code(engine, text) if e.event_type == "PROTEST"]
    assert [(a.text, a.country) for a in protest.actor] == [("farmers", "FRA")]


def test_repeated_statements_stay_separate_events(engine: Any) -> None:
    text = (
        "Pakistan accused Afghanistan of sheltering militants on Monday. "
        "Pakistan again accused Afghanistan of harbouring fighters on Wednesday."
    )
    assert len([e for e in code(engine, text) if e.event_type == "ACCUSE"]) == 2


def test_find_events_repeated_mention_in_one_sentence_is_one_event(engine: Any) -> None:
    events = code(engine, "Turkey's president visited Baghdad on Monday and met Iraqi officials.")
    consults = [event for event in events if event.event_type == "CONSULT"]
    assert len(consults) == 1
    assert consults[0].mode == "visit"


def test_find_events_agree_to_talks_is_cameo_036(engine: Any) -> None:
    [event] = code(engine, "Russia and the United States agreed to hold talks in the fall.")
    assert (event.event_type, event.cameo) == ("AGREE", "036")


def test_find_events_trigger_and_sentence_offsets_point_at_the_text(engine: Any) -> None:
    text = "Protesters rallied in Tbilisi. Georgian police detained 12 protesters on Friday."
    for event in code(engine, text):
        assert text[event.evidence.start : event.evidence.end] == event.evidence.sentence
        trigger = text[event.evidence.trigger_start : event.evidence.trigger_end]
        assert trigger == event.evidence.trigger
        for actor in (*event.actor, *event.recipient):
            assert text[actor.start : actor.end] == actor.text


def test_find_events_weekday_resolves_against_publication(engine: Any) -> None:
    [event] = [
        e
        for e in code(engine, "Nigerian troops killed 14 militants on Thursday.")
        if e.event_type == "ASSAULT"
    ]
    assert event.date is not None
    assert (event.date.value, event.date.source) == ("2025-03-13", "text")


def test_find_events_event_ids_are_deterministic(engine: Any) -> None:
    text = "Sudan expelled a Kenyan diplomat."
    assert [e.event_id for e in code(engine, text)] == [e.event_id for e in code(engine, text)]


def test_find_events_future_meeting_is_agree_with_the_meeting_planned(engine: Any) -> None:
    [event] = code(
        engine, "The Chinese foreign minister will meet his Indian counterpart on Monday."
    )
    assert (event.event_type, event.cameo, event.aux) == ("AGREE", "036", None)
    assert event.date is not None
    assert event.date.value == "2025-03-14"  # announced on publication day
    assert event.planned is not None
    assert event.planned.event_type == "CONSULT"
    assert event.planned.date is not None
    assert event.planned.date.value == "2025-03-17"  # the next Monday


def test_find_events_denial_answers_the_earlier_accusation(engine: Any) -> None:
    text = "Pakistan accused Afghanistan of sheltering militants. Kabul rejected the allegations."
    reject = next(e for e in code(engine, text) if e.event_type == "REJECT")
    assert [a.country for a in reject.actor] == ["AFG"]
    assert [a.country for a in reject.recipient] == ["PAK"]


def test_find_events_directed_statement_takes_its_target_from_the_passage(engine: Any) -> None:
    text = (
        "The United States postponed the withdrawal of its troops from the country. "
        "The Taliban denounced the decision on Sunday."
    )
    accuse = next(e for e in code(engine, text) if e.event_type == "ACCUSE")
    assert [a.country for a in accuse.actor] == ["AFG"]
    assert [(a.country, a.basis) for a in accuse.recipient] == [("USA", "context")]


def test_find_events_harsh_reported_words_are_an_accusation_by_the_speaker(engine: Any) -> None:
    text = (
        "Washington openly seeks to weaponize the council to escalate economic warfare "
        "against Iran, the Iranian mission said."
    )
    [accuse] = [e for e in code(engine, text) if e.event_type == "ACCUSE"]
    assert accuse.mode == "disapprove"
    assert accuse.evidence.trigger == "weaponize"
    assert [a.country for a in accuse.actor] == ["IRN"]
    assert [a.country for a in accuse.recipient] == ["USA"]


@pytest.mark.parametrize(
    "text",
    [
        "The Kenyan minister said the decision by Uganda was not illegal.",  # negated
        "Officials in Kabul said Pakistani troops withdrew illegally from the border post.",
    ],
)
def test_find_events_no_accusation_from_negated_or_attributed_words(engine: Any, text: str) -> None:
    assert not [e for e in code(engine, text) if e.mode == "disapprove"]


def test_find_events_the_speaker_is_not_the_target_of_the_act_told(engine: Any) -> None:
    text = "Russia's invasion is illegal, the Canadian foreign minister said on Monday."
    [assault] = [e for e in code(engine, text) if e.event_type == "ASSAULT"]
    assert all(a.country != "CAN" for a in assault.recipient)


def test_find_events_a_meeting_in_one_partys_capital_is_a_visit(engine: Any) -> None:
    text = "The Saudi crown prince held a meeting with Ukraine's president in Riyadh on Monday."
    [visit] = [e for e in code(engine, text) if e.event_type == "CONSULT"]
    assert visit.mode == "visit"
    assert [a.country for a in visit.actor] == ["UKR"]
    assert [a.country for a in visit.recipient] == ["SAU"]


def test_find_events_a_meeting_on_third_ground_stays_reciprocal(engine: Any) -> None:
    text = "American officials held talks with Russian officials in Riyadh on Tuesday."
    [talks] = [e for e in code(engine, text) if e.event_type == "CONSULT"]
    assert sorted(a.country or "" for a in talks.actor) == ["RUS", "USA"]
    assert talks.recipient == ()


def test_find_events_recalling_ones_own_ambassador_is_aimed_at_the_host(engine: Any) -> None:
    text = "The row prompted France to recall its ambassador to Turkey for consultations."
    [recall] = [e for e in code(engine, text) if e.event_type == "SANCTION"]
    assert [a.country for a in recall.actor] == ["FRA"]
    assert [a.country for a in recall.recipient] == ["TUR"]


def test_find_events_a_domestic_target_comes_from_the_passage_too(engine: Any) -> None:
    text = (
        "Kenyan lawmakers voted on Tuesday to remove Deputy President Rigathi Gachagua "
        "from office. Gachagua denied all the charges."
    )
    reject = next(e for e in code(engine, text) if e.event_type == "REJECT")
    assert [a.name for a in reject.actor] == ["Rigathi Gachagua"]
    assert [(a.text, a.country, a.basis) for a in reject.recipient] == [
        ("Kenyan lawmakers", "KEN", "context")
    ]


def test_find_events_no_target_is_invented_from_the_speakers_own_side(engine: Any) -> None:
    text = "Kenyan opposition leaders denounced the tax increases on Sunday."
    accuse = next(e for e in code(engine, text) if e.event_type == "ACCUSE")
    assert accuse.recipient == ()


@pytest.mark.parametrize(
    "text",
    [
        "Officials in Nairobi did not respond to a request for comment.",  # asking a reporter
        "The Kenyan president called the report unfair.",  # naming, not appealing
    ],
)
def test_find_events_idioms_are_not_requests(engine: Any, text: str) -> None:
    assert [e.event_type for e in code(engine, text) if e.event_type == "REQUEST"] == []


def test_find_events_an_accord_named_as_a_thing_is_no_agreement(engine: Any) -> None:
    # the noun alone names an existing deal; reaching one is coded from the verb
    mentioned = "The peace process stemmed from the 2020 U.S.-Taliban deal."
    assert [e.event_type for e in code(engine, mentioned) if e.event_type == "AGREE"] == []
    reached = "Sudan and South Sudan reached a deal on oil transit fees."
    assert "AGREE" in [e.event_type for e in code(engine, reached)]


@pytest.mark.parametrize(
    "text",
    [
        "We can have full diplomatic relations by March.",  # a month, not a march
        "We know about the China threat, the minister said.",  # a threat named as a thing
        "Top diplomats from the Group of Seven gathered in Quebec.",  # a meeting, no protest
        "Japan held naval drills to demonstrate its commitment to the alliance.",  # showing
    ],
)
def test_find_events_look_alikes_are_not_protests_or_threats(engine: Any, text: str) -> None:
    types = {e.event_type for e in code(engine, text)}
    assert not types & {"PROTEST", "THREATEN"}


def test_find_events_both_countries_are_the_last_two_states_named(engine: Any) -> None:
    text = (
        "Morocco and Algeria were close partners for decades. "
        "Both countries recalled their ambassadors in 2021 over a border dispute."
    )
    sanction = next(e for e in code(engine, text) if e.event_type == "SANCTION")
    assert {a.country for a in sanction.actor} == {"MAR", "DZA"}
    assert {a.basis for a in sanction.actor} == {"pair", "coordinated"}


def test_find_events_states_that_cut_ties_with_each_other_need_no_other_recipient(
    engine: Any,
) -> None:
    text = "Morocco and Iran cut diplomatic ties in 2018."
    [sanction] = [e for e in code(engine, text) if e.event_type == "SANCTION"]
    assert {a.country for a in sanction.actor} == {"MAR", "IRN"}


def test_find_events_a_sanction_takes_its_target_from_the_passage(engine: Any) -> None:
    text = (
        "Poultry farmers from Brazil protested outside their agriculture ministry on Monday. "
        "Nigeria banned imports of frozen chicken in March."
    )
    sanction = next(e for e in code(engine, text) if e.event_type == "SANCTION")
    assert [a.country for a in sanction.actor] == ["NGA"]
    assert [(a.country, a.basis) for a in sanction.recipient] == [("BRA", "context")]


def test_find_events_a_sanction_aimed_at_no_one_named_is_no_event(engine: Any) -> None:
    text = "Nigeria banned imports of frozen chicken in March."
    assert [e for e in code(engine, text) if e.event_type == "SANCTION"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Sweden and Denmark are among the countries that have condemned the strike on Kyiv.",
        "Sweden is one of the countries that condemned the strike on Kyiv.",
    ],
)
def test_find_events_a_relative_clause_on_among_acts_through_the_subject(
    engine: Any, text: str
) -> None:
    accuse = next(e for e in code(engine, text) if e.event_type == "ACCUSE")
    assert "SWE" in {a.country for a in accuse.actor}


def test_find_events_we_in_a_quotation_is_its_speaker(engine: Any) -> None:
    text = (
        "Finnish Foreign Minister Elina Valtonen arrived in Warsaw on Monday. "
        '"We condemn the Russian strike on the hospital. It was a crime," Valtonen told reporters.'
    )
    accuse = next(e for e in code(engine, text) if e.evidence.trigger == "condemn")
    assert [(a.text, a.country, a.basis) for a in accuse.actor] == [("We", "FIN", "quote")]


def test_find_events_the_official_is_the_official_named_before(engine: Any) -> None:
    text = (
        "A Nigerian army official said soldiers had freed 20 hostages on Monday. "
        "The official accused Niger of sheltering the kidnappers."
    )
    accuse = next(e for e in code(engine, text) if e.event_type == "ACCUSE")
    assert [(a.country, a.basis) for a in accuse.actor] == [("NGA", "title")]


def test_find_events_both_sides_of_a_civil_war_are_two_parties_of_one_country(
    engine: Any,
) -> None:
    text = (
        "The Sudanese army and the Rapid Support Forces fought in Khartoum on Monday. "
        "Aid agencies accused both sides of blocking food convoys."
    )
    accuse = next(e for e in code(engine, text) if e.event_type == "ACCUSE")
    assert [(a.country, a.basis) for a in accuse.recipient] == [
        ("SDN", "pair"),
        ("SDN", "coordinated"),
    ]


def test_find_events_denying_involvement_answers_whoever_blamed(engine: Any) -> None:
    text = (
        "Afghan officials blamed the Taliban for the bombing of a school in Kabul. "
        "The Taliban denied involvement."
    )
    reject = next(e for e in code(engine, text) if e.event_type == "REJECT")
    assert [a.text for a in reject.recipient] == ["Afghan officials"]


def test_find_events_a_denial_does_not_answer_an_accusation_aimed_at_another_party(
    engine: Any,
) -> None:
    text = (
        "The Taliban accused the Afghan government of sabotaging the peace talks. "
        "U.S. officials blamed the Taliban for the attack. "
        "A spokesman for the Afghan government rejected the accusations."
    )
    reject = next(e for e in code(engine, text) if e.event_type == "REJECT")
    assert [a.text for a in reject.recipient] == ["The Taliban"]


def test_find_events_a_capital_where_something_happened_is_no_target(engine: Any) -> None:
    text = (
        "Mediators from Qatar and Egypt hosted talks in Doha on Monday. "
        "The Sudanese army rejected the proposal."
    )
    reject = next(e for e in code(engine, text) if e.event_type == "REJECT")
    assert "Doha" not in [a.text for a in reject.recipient]


def test_find_events_the_council_is_the_council_named_before(engine: Any) -> None:
    text = (
        "The U.N. Security Council met on Sudan on Monday. "
        "Catherine Russell urged the council to demand a ceasefire."
    )
    request = next(e for e in code(engine, text) if e.event_type == "REQUEST")
    assert [(a.text, a.country, a.basis) for a in request.recipient] == [
        ("the council", "IGO", "title")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Poland's president called Russia's incursions into its airspace unacceptable.",
        "Poland's president described Russia's airspace violations as reckless.",
    ],
)
def test_find_events_naming_anothers_act_harshly_is_an_accusation(engine: Any, text: str) -> None:
    accuse = next(e for e in code(engine, text) if e.event_type == "ACCUSE")
    assert [a.country for a in accuse.actor] == ["POL"]
    assert [a.country for a in accuse.recipient] == ["RUS"]


def test_find_events_naming_a_thing_kindly_is_no_accusation(engine: Any) -> None:
    text = "Poland's president called the talks with Lithuania productive."
    assert [e for e in code(engine, text) if e.event_type == "ACCUSE"] == []


def test_find_events_coordinated_passives_share_their_subject_and_agent(engine: Any) -> None:
    text = "Two Zimbabwean journalists were beaten and detained by police in Harare."
    events = {e.event_type: e for e in code(engine, text)}
    for kind in ("ASSAULT", "COERCE"):
        assert [a.text for a in events[kind].actor] == ["police"]
        assert [a.text for a in events[kind].recipient] == ["Two Zimbabwean journalists"]


def test_find_events_the_patient_of_a_second_passive_is_no_actor(engine: Any) -> None:
    text = "Several Malian rebels were killed or captured near Gao on Sunday."
    coerce = next(e for e in code(engine, text) if e.event_type == "COERCE")
    assert "Several Malian rebels" not in [a.text for a in coerce.actor]
    assert [a.text for a in coerce.recipient] == ["Several Malian rebels"]


@pytest.mark.parametrize(
    "text",
    [
        "Police fired tear gas at Kenyan protesters, some of whom threw stones at officers.",
        "Police fired tear gas at Kenyan protesters, many of whom had thrown stones at officers.",
    ],
)
def test_find_events_some_of_whom_acts_through_the_noun_before(engine: Any, text: str) -> None:
    thrown = next(e for e in code(engine, text) if e.evidence.trigger in {"threw", "thrown"})
    assert [a.text for a in thrown.actor] == ["Kenyan protesters"]


def test_find_events_a_meeting_in_a_countrys_capital_named_by_apposition_is_a_visit(
    engine: Any,
) -> None:
    text = "Gabonese and Chadian officials met in Chad's capital, N'Djamena, on Monday."
    consult = next(e for e in code(engine, text) if e.event_type == "CONSULT")
    assert (consult.mode, [a.country for a in consult.recipient]) == ("visit", ["TCD"])
    assert [a.country for a in consult.actor] == ["GAB"]


def test_find_events_amassing_followers_is_no_mobilisation(engine: Any) -> None:
    text = "The Russian blogger amassed two million followers on Telegram."
    assert [e for e in code(engine, text) if e.event_type == "MOBILIZE"] == []


def test_find_events_efforts_to_act_are_their_owners(engine: Any) -> None:
    text = "Russia's decision to withdraw its troops from Kherson surprised Ukraine."
    retreat = next(e for e in code(engine, text) if e.event_type == "RETREAT")
    assert [a.country for a in retreat.actor] == ["RUS"]
