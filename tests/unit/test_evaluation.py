from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.evaluation import (
    ScoredEvent,
    evaluate,
    match_story,
    matches,
    normalise,
    read_gold,
)


def ev(
    event_type: str,
    actor: set[str | None],
    recipient: set[str | None] | None = None,
    *,
    aux: str | None = None,
    mode: str | None = None,
) -> ScoredEvent:
    return ScoredEvent(
        event_type=event_type,
        mode=mode,
        actor_countries=frozenset(actor),
        recipient_countries=frozenset(recipient or set()),
        date=None,
        location_country=None,
        aux=aux,
    )


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        (ev("AGREE", {"RUS", "USA"}), ev("AGREE", {"RUS"}), True),  # actor sets intersect
        (ev("AGREE", {"RUS"}), ev("CONSULT", {"RUS"}), False),  # type differs
        (ev("ACCUSE", {None}), ev("ACCUSE", {None}, {"IRN"}), False),  # recipient missing
        (ev("ACCUSE", {None}, {"IRN"}), ev("ACCUSE", {None}, {"IRN"}), True),  # null = null
        (ev("ASSAULT", {"ISR"}, {"PSE"}), ev("ASSAULT", {"ISR"}), True),  # gold recipient empty
        (ev("ASSAULT", {"ISR"}, {"LBN"}), ev("ASSAULT", {"ISR"}, {"PSE"}), False),
    ],
)
def test_matches_follows_the_gold_format(
    predicted: ScoredEvent, gold: ScoredEvent, expected: bool
) -> None:
    assert matches(predicted, gold) is expected


def test_normalise_future_consult_is_agree_without_aux() -> None:
    event = normalise(ev("CONSULT", {"EGY"}, aux="future", mode="visit"))
    assert (event.event_type, event.aux, event.mode) == ("AGREE", None, None)
    assert normalise(ev("ASSAULT", {"ISR"}, aux="future")).event_type == "ASSAULT"


def test_match_story_finds_maximum_matching_not_greedy() -> None:
    # the first prediction could take either gold; greedy would strand the second
    predicted = [ev("ACCUSE", {"USA", "CHN"}), ev("ACCUSE", {"USA"})]
    gold = [ev("ACCUSE", {"USA"}), ev("ACCUSE", {"CHN"})]
    assert match_story(predicted, gold) == [(0, 1), (1, 0)]


def test_read_gold_rejects_bad_line_with_its_number(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "a", "events": []}\n{"id": "b"}\n')
    with pytest.raises(InputError, match=r"gold.jsonl:2"):
        read_gold(path)


def test_read_gold_rejects_unknown_event_type(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    line = {"id": "a", "events": [{"event_type": "HUG", "actor": [], "recipient": []}]}
    path.write_text(json.dumps(line) + "\n")
    with pytest.raises(Exception, match="HUG"):
        read_gold(path)


def test_evaluate_counts_precision_recall_and_types(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    gold_events = [
        {
            "event_type": "AGREE",
            "mode": None,
            "actor": [{"country": "RUS"}],
            "recipient": [],
            "aux": None,
        },
        {
            "event_type": "CONSULT",
            "mode": None,
            "actor": [{"country": "RUS"}],
            "recipient": [],
            "aux": "historical",
        },
    ]
    path.write_text(json.dumps({"id": "s", "events": gold_events}) + "\n")
    report = evaluate(read_gold(path), {})
    assert (report["precision"], report["recall"], report["f1"]) == (0.0, 0.0, 0.0)
    assert report["gold"] == 2
    assert report["no_aux"]["gold"] == 1
    assert report["per_type"]["CONSULT"]["gold"] == 1
    assert report["missing_stories"] == ["s"]
