"""Jinja2 templates, always autoescaped, and the small helpers they use."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any
from urllib.parse import urlencode, urlsplit

import jinja2
from fastapi.responses import HTMLResponse

from eventwire import ontology
from eventwire.web.charts import QUAD_NAMES
from eventwire.web.countries import country_name

EXCERPT_CHARS = 240
NO_VALUE = "\u2013"  # an en dash


@cache
def environment() -> jinja2.Environment:
    """The template environment: every value is escaped unless a template marks it safe
    (none does)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("eventwire.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        country_name=country_name,
        query=query_string,
        quad_name=QUAD_NAMES.get,
        event_types=ontology.EVENT_TYPES,
    )
    env.filters.update(excerpt=excerpt, score_class=score_class, signed=signed, web_link=web_link)
    return env


def render(name: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """A page from a template."""
    html = environment().get_template(name).render(**context)
    return HTMLResponse(html, status_code=status)


def query_string(params: Mapping[str, Any], **changes: Any) -> str:
    """``?a=1&b=2`` from ``params`` with ``changes`` applied; empty values are left out."""
    merged = {**params, **changes}
    kept = {
        name: "true" if value is True else str(value)
        for name, value in merged.items()
        if value is not None and value is not False and value != ""
    }
    return f"?{urlencode(kept)}" if kept else ""


def excerpt(text: str | None, limit: int = EXCERPT_CHARS) -> str:
    """At most ``limit`` characters, cut at a word with an ellipsis."""
    if not text:
        return ""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def score_class(score: float | None) -> str:
    """A CSS class for a PLOVER score: cooperation, conflict or neutral."""
    if score is None:
        return "score-none"
    if score > 0:
        return "score-coop"
    return "score-conflict" if score < 0 else "score-neutral"


def signed(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value:+.1f}"


def web_link(url: str | None) -> str | None:
    """A story's URL when it is an http(s) address, else None: a ``javascript:`` URL from
    a story's metadata must never become a link."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None
