"""Reading the shared corpora with the default field mapping (slow: 11,000 stories)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from eventwire.stages import clean
from eventwire.stages.read import read_paths
from eventwire.types import Document

pytestmark = pytest.mark.slow


def _outcome(*paths: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    items = read_paths([str(path) for path in paths])
    for item in clean.clean_all(items, max_chars=200_000):
        if not isinstance(item, Document):
            counts[item.reason] += 1
        else:
            counts["duplicate" if item.duplicate_of else "story"] += 1
    return counts


@pytest.mark.parametrize(
    ("corpus", "expected"),
    [
        ("voa/voa_stories.jsonl", {"story": 31}),
        ("wikinews_vanatteveldt/wikinews_2019.csv", {"story": 171}),
        # the 2020 file holds a test page that is only its date line
        ("wikinews_vanatteveldt/wikinews_2020.csv", {"story": 123, "empty after cleaning": 1}),
        (
            "wikinews_vanatteveldt/wikinews_2019_2020.jsonl",
            {"story": 294, "empty after cleaning": 1},
        ),
        ("wikipedia_current_events/current_events_items.jsonl", {"story": 10588}),
        # the directory holds the CSVs and their JSON Lines conversion: one copy is coded
        (
            "wikinews_vanatteveldt",
            {"story": 294, "duplicate": 294, "empty after cleaning": 2},
        ),
    ],
)
def test_corpus_reads_with_the_default_mapping(
    shared: Path, corpus: str, expected: dict[str, int]
) -> None:
    assert _outcome(shared / "corpora" / corpus) == Counter(expected)


def test_corpus_voa_dates_and_bylines_come_from_metadata(shared: Path) -> None:
    path = shared / "corpora" / "voa" / "voa_stories.jsonl"
    docs = list(clean.clean_all(read_paths([str(path)]), max_chars=200_000))
    assert all(isinstance(doc, Document) for doc in docs)
    assert {doc.pub_date_source for doc in docs} == {"metadata"}  # type: ignore[union-attr]
    assert all(doc.byline and doc.language == "en" for doc in docs)  # type: ignore[union-attr]
