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
    """Read every path (file, directory, glob, or ``-`` for standard input) in order."""
    for path in paths:
        yield from read_path(path, fields=fields)


def read_path(path: str, *, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[Document | Rejection]:
    """Read one path into Documents, or say why (and where) it could not be read."""
    for source in expand(path):
        if isinstance(source, Rejection):
            yield source
        else:
            yield from read_input(source, fields=fields)
