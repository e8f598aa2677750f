"""The web app over an event database: a JSON API and server-rendered pages, read-only
(``eventwire serve``; docs/web.md)."""

from eventwire.web.app import create_app

__all__ = ["create_app"]
