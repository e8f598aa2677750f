"""Exceptions: bad invocation is fatal and says how to fix it; bad documents are Rejections."""

from __future__ import annotations


class EventwireError(Exception):
    """Base class for every error eventwire raises on purpose."""


class InputError(EventwireError):
    """An input cannot be read at all (missing path, unreadable file)."""


class ConfigError(EventwireError):
    """A setting, flag or argument is invalid; the message lists the valid values."""


class OntologyError(ConfigError):
    """A PLOVER or CAMEO code, mode or context that the ontology does not define."""


class StoreError(EventwireError):
    """The event database cannot be opened, migrated or written."""
