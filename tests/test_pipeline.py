"""The pipeline keeps going when one story crashes a stage."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from eventwire.pipeline import run
from eventwire.types import CodedDocument, Document, ParsedDocument, Rejection

pytestmark = pytest.mark.model


def test_run_turns_a_crashing_story_into_a_rejection_and_goes_on(engine: Any) -> None:
    real_code = engine.code

    def code(parsed: Iterable[ParsedDocument]) -> Iterator[CodedDocument]:
        for doc in parsed:
            if doc.document.doc_id == "bad":
                raise RuntimeError("a bug in a stage")
            yield from real_code([doc])

    broken = dataclasses.replace(engine, code=code)
    stories = [
        Document(doc_id="first", text="Kenyan police arrested two opposition lawmakers."),
        Document(doc_id="bad", text="Ugandan soldiers detained a journalist in Kampala."),
        Document(doc_id="last", text="Ghana and Togo agreed to reopen their border."),
    ]
    items = list(run(stories, engine=broken))
    coded = [i.document.doc_id for i in items if isinstance(i, CodedDocument)]
    rejected = [(i.doc_id, i.stage, i.reason) for i in items if isinstance(i, Rejection)]
    assert coded == ["first", "last"]
    assert rejected == [("bad", "code", "internal error: RuntimeError")]
