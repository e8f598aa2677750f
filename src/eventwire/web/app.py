"""The web app: ``create_app(db_path)`` gives a FastAPI app serving the JSON API under
/api (schema at /api/openapi.json), the pages, and their static files, read-only on
the database. See docs/web.md."""

from __future__ import annotations

import logging
from collections.abc import Collection
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from eventwire import __version__
from eventwire.config import Settings
from eventwire.errors import StoreError
from eventwire.store import Store
from eventwire.store.queries import StoreReader
from eventwire.web import api, pages
from eventwire.web.coding import TextCoder
from eventwire.web.guards import LOOPBACK_HOSTS, BodyLimit, HostCheck, SecurityHeaders
from eventwire.web.rendering import render

log = logging.getLogger(__name__)

DEFAULT_MAX_BODY = 100_000
API_PREFIX = "/api"
MAX_VALIDATION_MESSAGES = 3


def create_app(
    db_path: Path,
    *,
    settings: Settings | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    allowed_hosts: Collection[str] | None = LOOPBACK_HOSTS,
    coder: TextCoder | None = None,
) -> FastAPI:
    """The app over ``db_path``, opened read-only (a StoreError now if it cannot be).

    ``allowed_hosts``: the Host names answered (None: any, for a server exposed with
    --host); ``max_body_bytes``: the largest POST body; ``coder``: codes posted text
    (by default a TextCoder that loads the engine from ``settings`` on first use).
    """
    settings = settings or Settings.load()
    reader = StoreReader(Store(db_path, lock_timeout=settings.store_lock_timeout))
    reader.check()
    app = FastAPI(
        title="eventwire",
        version=__version__,
        summary="Political events coded from news stories, read-only.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.reader = reader
    app.state.coder = coder or TextCoder(settings)
    app.state.max_body_bytes = max_body_bytes
    app.state.database = db_path.name
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("eventwire.web", "static")]), name="static")
    _add_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes, respond=error_response)
    app.add_middleware(HostCheck, allowed=allowed_hosts, respond=error_response)
    app.add_middleware(SecurityHeaders)
    return app


def error_response(path: str, status: int, message: str) -> Response:
    """The one error shape: JSON ``{"ok": false, "error", "status"}`` under /api, else a page."""
    if path == API_PREFIX or path.startswith(f"{API_PREFIX}/"):
        return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)
    return render("error.html", status=status, code=status, message=message)


def _add_error_handlers(app: FastAPI) -> None:
    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return error_response(request.url.path, exc.status_code, str(exc.detail))

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return error_response(request.url.path, 422, validation_message(exc))

    async def store_error(request: Request, exc: Exception) -> Response:
        log.warning("%s: %s", request.url.path, exc)
        return error_response(request.url.path, 503, f"the database cannot be read now: {exc}")

    async def internal_error(request: Request, exc: Exception) -> Response:
        log.error("%s failed", request.url.path, exc_info=exc)
        return error_response(request.url.path, 500, "internal error; the server log has details")

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StoreError, store_error)
    app.add_exception_handler(Exception, internal_error)


def validation_message(exc: RequestValidationError) -> str:
    """What was wrong, in one line: ``query parameter 'limit': Input should be ...``."""
    parts = []
    for error in exc.errors()[:MAX_VALIDATION_MESSAGES]:
        where, *names = [str(part) for part in error.get("loc", ())] or ["request"]
        kind = {"query": "parameter", "path": "path parameter", "body": "body"}.get(where, where)
        field = ".".join(names)
        parts.append(
            f"{kind} {field!r}: {error.get('msg', 'invalid')}"
            if field
            else f"{kind}: {error.get('msg', 'invalid')}"
        )
    more = len(exc.errors()) - MAX_VALIDATION_MESSAGES
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")
