"""The event database: schema and migrations, batched writes, dedup, queries, exports."""

from eventwire.store.dedup import DedupRules
from eventwire.store.duck import EventFilter, Store

__all__ = ["DedupRules", "EventFilter", "Store"]
