"""ASGI middleware that guards the app: allowed Host names, a body size limit, and
security headers on every response.

- Hosts: bound to loopback, the app answers only requests addressed to a loopback
  name, so a web page elsewhere cannot reach it by pointing its own name at
  127.0.0.1 (DNS rebinding).
- Bodies: a POST body larger than the limit is refused with 413 before it is read
  in full; smaller ones are read once and handed on.
- Headers: a Content-Security-Policy that allows only the app's own scripts, styles
  and images, so even text that slipped through escaping could not run.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ErrorResponder = Callable[[str, int, str], Response]
"""Builds the error response for (path, status, message): JSON for the API, a page else."""

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
BODYLESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)


class HostCheck:
    """Refuse (400) requests whose Host is not one of ``allowed``; None allows any."""

    def __init__(
        self, app: ASGIApp, *, allowed: Collection[str] | None, respond: ErrorResponder
    ) -> None:
        self.app = app
        self.allowed = None if allowed is None else frozenset(h.lower() for h in allowed)
        self.respond = respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.allowed is None:
            await self.app(scope, receive, send)
            return
        host = host_name(_header(scope, b"host") or "")
        if host not in self.allowed:
            message = (
                f"Host {host!r} is not served here: this app answers requests to "
                f"{', '.join(sorted(self.allowed))} only (start it with --host to serve others)"
            )
            await self.respond(scope["path"], 400, message)(scope, receive, send)
            return
        await self.app(scope, receive, send)


class BodyLimit:
    """Refuse (413) request bodies over ``max_bytes``; read smaller ones and pass them on."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, respond: ErrorResponder) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.respond = respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in BODYLESS_METHODS:
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._too_large(scope, receive, send)
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"request body over {self.max_bytes} bytes; send less text"
        await self.respond(scope["path"], 413, message)(scope, receive, send)


class SecurityHeaders:
    """Add the security headers to every response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(item for item in SECURITY_HEADERS if item[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def host_name(header: str) -> str:
    """The name of a Host header without its port: ``[::1]:8000`` -> ``::1``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            text: str = value.decode("latin-1")
            return text
    return None


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the body read once, then whatever the client sends next."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            message: dict[str, Any] = {"type": "http.request", "body": body, "more_body": False}
            return message
        return await receive()

    return replayed
