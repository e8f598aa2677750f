"""Story records (JSON Lines, CSV, JSON) -> Documents, through a field mapping.

Each target field (``text``, ``title``, ``date`` ...) is looked up under a list of
record field names, the first present one wins. The defaults cover the common names;
``FieldMap.parse(["text=body", "id=guid"])`` replaces the names for a target, and a
dotted name (``meta.published``) looks inside nested objects.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from eventwire.errors import ConfigError
from eventwire.stages.read.encoding import decode_line
from eventwire.stages.read.html import document_from_html
from eventwire.stages.read.timestamps import parse_date_value
from eventwire.types import Document, Rejection

STAGE = "read"
CSV_FIELD_LIMIT = 1 << 30
DEFAULT_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "story_id", "doc_id", "guid"),
    "text": ("text", "body", "content", "story", "article"),
    "html": ("html", "raw_html"),
    "title": ("title", "headline"),
    "date": ("published", "pub_date", "date", "publication_date", "published_at", "pubDate"),
    "url": ("url", "link"),
    "source": ("source", "publisher", "outlet", "site_name"),
    "byline": ("byline", "author", "authors"),
}
TARGETS = tuple(DEFAULT_NAMES)


@dataclass(frozen=True, slots=True)
class FieldMap:
    """For each Document field, the record field names to look under, in order."""

    names: tuple[tuple[str, tuple[str, ...]], ...] = field(
        default_factory=lambda: tuple(DEFAULT_NAMES.items())
    )

    @classmethod
    def parse(cls, specs: Iterable[str]) -> FieldMap:
        """Override the defaults with ``target=name[,name...]`` specs (``--field``)."""
        names = dict(DEFAULT_NAMES)
        for spec in specs:
            target, sep, value = spec.partition("=")
            target = target.strip()
            fields = tuple(name.strip() for name in value.split(",") if name.strip())
            if not sep or not fields:
                raise ConfigError(
                    f"--field {spec!r} is not TARGET=NAME; write it like --field text=body "
                    f"(targets: {', '.join(TARGETS)})"
                )
            if target not in DEFAULT_NAMES:
                raise ConfigError(
                    f"--field {spec!r}: unknown target {target!r}; valid targets: "
                    f"{', '.join(TARGETS)}"
                )
            names[target] = fields
        return cls(tuple(names.items()))

    def lookup(self, target: str) -> tuple[str, ...]:
        return dict(self.names)[target]

    def pick(self, record: Mapping[str, Any], target: str) -> str | None:
        """The first non-empty value among the target's field names, as text."""
        for name in self.lookup(target):
            value = _text_value(_get(record, name))
            if value is not None:
                return value
        return None

    def pick_raw(self, record: Mapping[str, Any], target: str) -> object:
        for name in self.lookup(target):
            value = _get(record, name)
            if value not in (None, ""):
                return value
        return None


DEFAULT_FIELDS = FieldMap()


def read_jsonl(
    lines: Iterable[bytes], *, path: str, id_base: str, fields: FieldMap = DEFAULT_FIELDS
) -> Iterator[Document | Rejection]:
    """One story object per line; blank lines are skipped."""
    for number, raw in enumerate(lines, start=1):
        line = decode_line(raw)
        if not line.strip():
            continue
        position = f"line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _reject(f"not JSON: {exc.msg}", path=path, position=position)
            continue
        except (ValueError, RecursionError) as exc:  # too deep, or a number too long
            yield _reject(f"not JSON: {type(exc).__name__}", path=path, position=position)
            continue
        yield document_from_record(
            record, path=path, position=position, fallback_id=f"{id_base}:{number}", fields=fields
        )


def read_csv(
    lines: Iterable[bytes],
    *,
    path: str,
    id_base: str,
    fields: FieldMap = DEFAULT_FIELDS,
    delimiter: str = ",",
) -> Iterator[Document | Rejection]:
    """A header row, then one story per row (RFC 4180; quoted fields may span lines)."""
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    reader = csv.reader((decode_line(raw) for raw in lines), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    row_number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield _reject(f"bad CSV: {exc}", path=path, position=f"line {reader.line_num}")
            return
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [name.strip().lstrip("\ufeff") for name in row]
            continue
        row_number += 1
        position = f"row {row_number}"
        if len(row) != len(header):
            reason = f"bad CSV row: {len(row)} fields, header has {len(header)}"
            yield _reject(reason, path=path, position=position)
            continue
        yield document_from_record(
            dict(zip(header, row, strict=True)),
            path=path,
            position=position,
            fallback_id=f"{id_base}:{row_number}",
            fields=fields,
        )


def read_json(
    text: str, *, path: str, id_base: str, fields: FieldMap = DEFAULT_FIELDS
) -> Iterator[Document | Rejection]:
    """A JSON file holding one story object or an array of them."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield _reject(f"not JSON: {exc.msg}", path=path, position=f"line {exc.lineno}")
        return
    except (ValueError, RecursionError) as exc:  # too deep, or a number too long
        yield _reject(f"not JSON: {type(exc).__name__}", path=path, position=None)
        return
    if isinstance(value, Mapping):
        yield document_from_record(
            value, path=path, position=None, fallback_id=id_base, fields=fields
        )
        return
    if not isinstance(value, list):
        yield _reject("not a JSON object or array", path=path, position=None)
        return
    for number, record in enumerate(value, start=1):
        yield document_from_record(
            record,
            path=path,
            position=f"item {number}",
            fallback_id=f"{id_base}:{number}",
            fields=fields,
        )


def document_from_record(
    record: Any,
    *,
    path: str,
    position: str | None,
    fallback_id: str,
    fields: FieldMap = DEFAULT_FIELDS,
) -> Document | Rejection:
    """Map a story object's fields onto a Document, or say what is missing."""
    if not isinstance(record, Mapping):
        return _reject("not a JSON object", path=path, position=position)
    doc_id = fields.pick(record, "id") or fallback_id
    url = fields.pick(record, "url")
    text = fields.pick(record, "text")
    if text is None or not text.strip():
        page = fields.pick(record, "html")
        if page is not None:
            found = document_from_html(page, doc_id=doc_id, path=path, position=position, url=url)
            return found if isinstance(found, Rejection) else _with_record(found, record, fields)
        looked = ", ".join(fields.lookup("text") + fields.lookup("html"))
        return Rejection(
            doc_id=doc_id,
            stage=STAGE,
            reason=f"no text field: looked for {looked}",
            path=path,
            position=position,
        )
    published = parse_date_value(fields.pick_raw(record, "date"))
    return Document(
        doc_id=doc_id,
        text=text,
        title=fields.pick(record, "title"),
        published=published,
        pub_date_source="metadata" if published else None,
        url=url,
        source=fields.pick(record, "source"),
        byline=fields.pick(record, "byline"),
        path=path,
        position=position,
    )


def _with_record(doc: Document, record: Mapping[str, Any], fields: FieldMap) -> Document:
    """A page extracted from a record's HTML field, with the record's own metadata first."""
    published = parse_date_value(fields.pick_raw(record, "date"))
    return dataclasses.replace(
        doc,
        title=fields.pick(record, "title") or doc.title,
        published=published or doc.published,
        pub_date_source="metadata" if published else doc.pub_date_source,
        source=fields.pick(record, "source") or doc.source,
        byline=fields.pick(record, "byline") or doc.byline,
    )


def _get(record: Mapping[str, Any], name: str) -> object:
    if name in record:
        return record[name]
    value: object = record
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _text_value(value: object) -> str | None:
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return ", ".join(item.strip() for item in value if item.strip()) or None
    return None


def _reject(reason: str, *, path: str, position: str | None) -> Rejection:
    return Rejection(doc_id=None, stage=STAGE, reason=reason, path=path, position=position)
