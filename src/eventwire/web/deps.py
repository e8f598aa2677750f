"""What the routes depend on, looked up on the app (and overridable in tests)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from eventwire.store.queries import StoreReader
from eventwire.web.coding import TextCoder


def get_reader(request: Request) -> StoreReader:
    """The read-only queries over the served database."""
    reader: StoreReader = request.app.state.reader
    return reader


def get_coder(request: Request) -> TextCoder:
    """The coder of posted text (its engine loads on first use)."""
    coder: TextCoder = request.app.state.coder
    return coder


def get_max_body(request: Request) -> int:
    """The largest request body accepted, in bytes."""
    limit: int = request.app.state.max_body_bytes
    return limit


Reader = Annotated[StoreReader, Depends(get_reader)]
Coder = Annotated[TextCoder, Depends(get_coder)]
MaxBody = Annotated[int, Depends(get_max_body)]
