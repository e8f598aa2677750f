from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from eventwire.pipeline import GC_YOUNG_THRESHOLD, collect_garbage_less_often


@pytest.fixture
def thresholds() -> Iterator[None]:
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


@pytest.mark.usefixtures("thresholds")
def test_collect_garbage_less_often_raises_the_first_threshold() -> None:
    gc.set_threshold(700, 10, 10)
    collect_garbage_less_often()
    assert gc.get_threshold() == (GC_YOUNG_THRESHOLD, 10, 10)


@pytest.mark.usefixtures("thresholds")
def test_collect_garbage_less_often_never_lowers_it() -> None:
    gc.set_threshold(GC_YOUNG_THRESHOLD * 2, 5, 20)
    collect_garbage_less_often()
    assert gc.get_threshold() == (GC_YOUNG_THRESHOLD * 2, 5, 20)
