"""Read stage: files of plain text or JSON Lines -> Document records.

Every input yields Documents or Rejections; nothing is dropped silently. A whole file
that cannot be read (missing, empty, binary) is one Rejection naming the path; a bad
line of a JSON Lines file is one Rejection naming the path and line, and the rest of
the file is still read.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.types import Document, Rejection

log = logging.getLogger(__name__)

STAGE = "read"
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
TEXT_FIELDS = ("text", "body", "content", "story")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("published", "pub_date", "date", "publication_date")
ID_FIELDS = ("id", "story_id", "doc_id", "guid")
URL_FIELDS = ("url", "link")
SOURCE_FIELDS = ("source", "publisher", "outlet")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class DecodedText:
    """File text and how it was decoded."""

    text: str
    encoding: str


def read_paths(paths: Iterable[str]) -> Iterator[Document | Rejection]:
    """Read every path (a file, or ``-`` for standard input) in order."""
    for path in paths:
        yield from read_path(path)


def read_path(path: str) -> Iterator[Document | Rejection]:
    """Read one file into Documents, or say why it could not be read."""
    raw = _read_bytes(path)
    if isinstance(raw, Rejection):
        yield raw
        return
    decoded = decode_bytes(raw)
    if isinstance(decoded, str):
        yield Rejection(doc_id=None, stage=STAGE, reason=decoded, path=path)
        return
    if decoded.encoding != "utf-8":
        log.warning("%s: not valid UTF-8; read as %s", path, decoded.encoding)
    if not decoded.text.strip():
        yield Rejection(doc_id=None, stage=STAGE, reason="empty file", path=path)
        return
    if Path(path).suffix.lower() in JSONL_SUFFIXES:
        yield from read_jsonl_text(decoded.text, path=path)
    else:
        yield Document(doc_id=_stem(path), text=decoded.text, path=path)


def _read_bytes(path: str) -> bytes | Rejection:
    if path == "-":
        return sys.stdin.buffer.read()
    file = Path(path)
    if not file.exists():
        return Rejection(doc_id=None, stage=STAGE, reason="no such file", path=path)
    if file.is_dir():
        return Rejection(doc_id=None, stage=STAGE, reason="is a directory", path=path)
    try:
        return file.read_bytes()
    except OSError as exc:
        return Rejection(doc_id=None, stage=STAGE, reason=f"unreadable: {exc.strerror}", path=path)


def decode_bytes(raw: bytes) -> DecodedText | str:
    """Decode UTF-8 (with or without BOM), falling back to cp1252 then latin-1.

    Returns a reason string for content that is not text at all.
    """
    if b"\x00" in raw[:8192]:
        return "binary file"
    try:
        return DecodedText(raw.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return DecodedText(raw.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        return DecodedText(raw.decode("latin-1"), "latin-1")


def read_jsonl_text(text: str, *, path: str) -> Iterator[Document | Rejection]:
    """Read JSON Lines: one story object per line; blank lines are skipped."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        position = f"line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(
                doc_id=None,
                stage=STAGE,
                reason=f"not JSON: {exc.msg}",
                path=path,
                position=position,
            )
            continue
        yield document_from_record(record, path=path, position=position, fallback_id=number)


def document_from_record(
    record: Any, *, path: str, position: str, fallback_id: int
) -> Document | Rejection:
    """Map a story object's common field names onto a Document."""
    if not isinstance(record, Mapping):
        return Rejection(
            doc_id=None, stage=STAGE, reason="not a JSON object", path=path, position=position
        )
    doc_id = _first_text(record, ID_FIELDS) or f"{_stem(path)}:{fallback_id}"
    text = _first_text(record, TEXT_FIELDS)
    if not text or not text.strip():
        return Rejection(
            doc_id=doc_id, stage=STAGE, reason="no text field", path=path, position=position
        )
    date_text = _first_text(record, DATE_FIELDS)
    return Document(
        doc_id=doc_id,
        text=text,
        title=_first_text(record, TITLE_FIELDS),
        published=parse_iso_date(date_text) if date_text else None,
        pub_date_source="metadata" if date_text and parse_iso_date(date_text) else None,
        url=_first_text(record, URL_FIELDS),
        source=_first_text(record, SOURCE_FIELDS),
        path=path,
        position=position,
    )


def parse_iso_date(text: str) -> dt.date | None:
    """The first ``YYYY-MM-DD`` in a string, or None."""
    match = ISO_DATE.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _first_text(record: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
    return None


def _stem(path: str) -> str:
    return "stdin" if path == "-" else Path(path).name.split(".")[0]
