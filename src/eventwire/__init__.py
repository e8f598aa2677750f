"""eventwire: offline political event coding of news into PLOVER and CAMEO.

>>> from eventwire import process
>>> for item in process(["story.txt"]):  # doctest: +SKIP
...     print(item)
"""

from __future__ import annotations

import logging

from eventwire.config import Settings
from eventwire.errors import ConfigError, EventwireError, InputError, OntologyError, StoreError
from eventwire.pipeline import Engine, load_engine, process, run
from eventwire.types import (
    Actor,
    CodedDocument,
    Document,
    Event,
    EventDate,
    Evidence,
    Location,
    Mention,
    Quote,
    Rejection,
    Sentence,
    Token,
)

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "CodedDocument",
    "ConfigError",
    "Document",
    "Engine",
    "Event",
    "EventDate",
    "EventwireError",
    "Evidence",
    "InputError",
    "Location",
    "Mention",
    "OntologyError",
    "Quote",
    "Rejection",
    "Sentence",
    "Settings",
    "StoreError",
    "Token",
    "load_engine",
    "process",
    "run",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
