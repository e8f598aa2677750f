from __future__ import annotations

import dataclasses

import pytest

from eventwire.stages.events.contexts import load_contexts, read_context_rows

TABLE = load_contexts()


@pytest.mark.parametrize(
    "text",
    [
        # a phrase of the table, whole words, in capitals
        "Rebels attacked an Air Base near the border.",
        # hyphenated and apostrophe phrases
        "The anti-corruption court met al-Shabaab's envoys.",
        # the words of a phrase, but not together: the pattern finds nothing
        "The air was thin and the base was quiet.",
        # a phrase inside a longer word is not a phrase ("air forces" vs "air force")
        "Air forces and armed forcesx moved.",
        # no phrase word at all
        "Nothing happened on Tuesday.",
    ],
)
def test_find_gives_what_searching_every_text_gives(text: str) -> None:
    searched = dataclasses.replace(TABLE, phrase_words=None)  # searches every text
    assert TABLE.find((), text) == searched.find((), text)


def test_read_context_rows_indexes_phrases_by_their_longest_word() -> None:
    table = read_context_rows(
        "context\tkeyword\nmilitary\tair base\ncorruption\tabuse of power\ncrime\tarson\n"
    )
    assert table.phrase_words == {
        "base": (frozenset({"air", "base"}),),
        "abuse": (frozenset({"abuse", "of", "power"}),),
    }
    assert table.find((), "An abuse of power, they said.") == ("corruption",)
    assert table.find((), "They said power was abused.") == ()
