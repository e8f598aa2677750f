"""Read stage: files, directories, globs and stdin -> Document records.

Formats: plain text, HTML (main text by trafilatura), JSON Lines, CSV/TSV and JSON
(through a field mapping), WARC and WARC.gz; any of them gzip- or bz2-compressed.

Every input yields Documents or Rejections; nothing is dropped silently. A file that
cannot be read (missing, empty, whitespace only, binary, undecodable, truncated) is
one Rejection naming the path; a bad record (a line that is not JSON, a row or object
without text, a page with no main text) is one Rejection naming the path and the
position (``line 7``, ``row 3``, ``offset 1042``), and the rest of the file is read.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator

from eventwire.stages.read.encoding import DecodedText, decode_bytes
from eventwire.stages.read.inputs import expand, format_of, read_input
from eventwire.stages.read.records import (
    DEFAULT_FIELDS,
    FieldMap,
    document_from_record,
    read_jsonl,
)
from eventwire.stages.read.timestamps import parse_date_value, parse_iso_date
from eventwire.types import Document, Rejection

log = logging.getLogger(__name__)

STAGE = "read"

__all__ = [
    "DEFAULT_FIELDS",
    "STAGE",
    "DecodedText",
    "FieldMap",
    "decode_bytes",
    "document_from_record",
    "format_of",
    "parse_date_value",
    "parse_iso_date",
    "read_jsonl",
    "read_path",
    "read_paths",
]


def read_paths(
    paths: Iterable[str], *, fields: FieldMap = DEFAULT_FIELDS
) -> Iterator[Document | Rejection]:
    """Read every path (file, directory, glob, or ``-`` for standard input) in order.

    Story ids are unique within a run: a repeated id (two ``x.txt`` in different
    folders, a JSON Lines id used twice) becomes ``id#2``, ``id#3`` ..., in input order.
    """
    seen: dict[str, int] = {}
    for path in paths:
        for item in read_path(path, fields=fields):
            if isinstance(item, Document):
                item = _unique_id(item, seen)
            yield item


def _unique_id(doc: Document, seen: dict[str, int]) -> Document:
    count = seen.get(doc.doc_id, 0) + 1
    seen[doc.doc_id] = count
    if count == 1:
        return doc
    unique = f"{doc.doc_id}#{count}"
    log.warning("%s: story id %s was used before; this story is %s", doc.path, doc.doc_id, unique)
    return dataclasses.replace(doc, doc_id=unique)


def read_path(path: str, *, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[Document | Rejection]:
    """Read one path into Documents, or say why (and where) it could not be read."""
    for source in expand(path):
        if isinstance(source, Rejection):
            yield source
        else:
            yield from read_input(source, fields=fields)
