"""Shared fixtures: the loaded engine (once per session) and paths to ../shared."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from eventwire.config import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
MODEL = Settings.load().model


def model_installed() -> bool:
    return importlib.util.find_spec(MODEL) is not None


@pytest.fixture(scope="session")
def engine() -> object:
    if not model_installed():
        pytest.skip(f"spaCy model {MODEL} is not installed")
    from eventwire.pipeline import load_engine

    return load_engine(Settings.load())


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip(f"{SHARED} is not present")
    return SHARED
