"""Paths -> files -> the right reader: directories, globs, stdin, gzip and bz2, formats.

A path is a file, a directory (read recursively: files with a known suffix), a glob
(``'news/**/*.html'``), ``-`` for standard input, or any of these as an fsspec URL
(``s3://bucket/news/``; see ``remote``). Compression is recognised by its
magic bytes, the format by the suffix under ``.gz``/``.bz2`` or, when the suffix says
nothing (stdin, ``.dat``), by the first bytes: WARC, JSON Lines, JSON, HTML, else text.
"""

from __future__ import annotations

import bz2
import glob
import gzip
import logging
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from eventwire.stages.read.encoding import declared_charset, decode_bytes
from eventwire.stages.read.html import document_from_html
from eventwire.stages.read.records import DEFAULT_FIELDS, FieldMap, read_csv, read_json, read_jsonl
from eventwire.stages.read.remote import is_url, list_url, open_url
from eventwire.stages.read.warc import read_warc
from eventwire.types import Document, Rejection

log = logging.getLogger(__name__)

STAGE = "read"
STDIN = "-"
FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".warc": "warc",
}
COMPRESSIONS = {".gz": "gzip", ".bz2": "bz2"}
GLOB_CHARS = frozenset("*?[")
SNIFF_BYTES = 4096
HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<p>", b"<div")


@dataclass(frozen=True, slots=True)
class Input:
    """One file to read: where it is, how to name its stories, its format if known."""

    path: str
    id_base: str
    format: str | None


class LineCounter:
    """Lines of a binary stream, counting them and noting whether any held text."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.count = 0
        self.size = 0
        self.has_text = False

    def __iter__(self) -> Iterator[bytes]:
        for line in self.stream:
            self.count += 1
            self.size += len(line)
            self.has_text = self.has_text or bool(line.strip())
            yield line


def expand(path: str) -> Iterator[Input | Rejection]:
    """The files a path names, in a stable (sorted) order."""
    if path == STDIN:
        yield Input(path=STDIN, id_base="stdin", format=None)
        return
    if is_url(path):
        yield from _expand_url(path)
        return
    file = Path(path)
    if not file.exists() and GLOB_CHARS & set(path):
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            yield _reject("no files match", path=path)
        for match in matches:
            yield from _expand_existing(Path(match), explicit=False)
        return
    if not file.exists():
        yield _reject("no such file", path=path)
        return
    yield from _expand_existing(file, explicit=True)


def read_input(
    source: Input, *, fields: FieldMap = DEFAULT_FIELDS
) -> Iterator[Document | Rejection]:
    """Every story in one file, or the reasons it could not be read."""
    try:
        raw = _open(source.path)
    except OSError as exc:
        yield _reject(f"unreadable: {exc.strerror or exc}", path=source.path)
        return
    try:
        yield from _read_stream(raw, source=source, fields=fields)
    finally:
        if source.path != STDIN:
            raw.close()


def format_of(name: str) -> str | None:
    """The format a file name's suffixes give (``story.jsonl.gz`` -> ``jsonl``)."""
    suffixes = [suffix.lower() for suffix in Path(name).suffixes]
    while suffixes and suffixes[-1] in COMPRESSIONS:
        suffixes.pop()
    return FORMATS.get(suffixes[-1]) if suffixes else None


def _open(path: str) -> IO[bytes]:
    if path == STDIN:
        return sys.stdin.buffer
    if is_url(path):
        return open_url(path)
    return open(path, "rb")


def _expand_url(path: str) -> Iterator[Input | Rejection]:
    """The files at a URL, named as local files are (a directory's by relative path)."""
    listed = list_url(path, glob_chars=GLOB_CHARS)
    if isinstance(listed, str):
        yield _reject(listed, path=path)
        return
    files, directory = listed
    for url, relative in files:
        kind = format_of(relative)
        if directory and kind is None:
            continue
        folder, _, name = relative.rpartition("/")
        id_base = f"{folder}/{_stem(name)}" if directory and folder else _stem(name)
        yield Input(path=url, id_base=id_base, format=kind)
    if directory and not any(format_of(relative) for _, relative in files):
        yield _reject("no story files in directory", path=path)


def _expand_existing(file: Path, *, explicit: bool) -> Iterator[Input | Rejection]:
    if not file.is_dir():
        yield Input(path=str(file), id_base=_stem(file.name), format=format_of(file.name))
        return
    found = False
    skipped = 0
    for member in sorted(file.rglob("*")):
        relative = member.relative_to(file)
        if any(part.startswith(".") for part in relative.parts) or not member.is_file():
            continue
        kind = format_of(member.name)
        if kind is None:
            skipped += 1
            continue
        found = True
        id_base = str(relative.parent / _stem(member.name)) if relative.parent.parts else None
        yield Input(path=str(member), id_base=id_base or _stem(member.name), format=kind)
    if skipped:
        log.info("%s: skipped %d files without a story suffix", file, skipped)
    if not found and explicit:
        yield _reject("no story files in directory", path=str(file))


def _read_stream(
    raw: IO[bytes], *, source: Input, fields: FieldMap
) -> Iterator[Document | Rejection]:
    head = _peek(raw)
    compression = _compression(head)
    if compression == "gzip" and _is_warc(head, compression) and source.format in (None, "warc"):
        yield from read_warc(raw, path=source.path, id_base=source.id_base)
        return
    stream: IO[bytes] = _decompressed(raw, compression)
    try:
        inner = _peek(stream)
        kind = source.format or _sniff(inner)
        if kind == "warc":
            yield from _warc(stream, inner, source=source)
        elif kind in ("jsonl", "csv", "tsv"):
            yield from _records(stream, kind, source=source, fields=fields)
        else:
            yield from _whole(stream.read(), kind, source=source, fields=fields)
    except (EOFError, OSError, zlib.error) as exc:
        yield _reject(_stream_error(exc, compression), path=source.path)


def _warc(stream: IO[bytes], head: bytes, *, source: Input) -> Iterator[Document | Rejection]:
    if not head.lstrip().startswith(b"WARC/"):
        yield _reject("not a WARC file", path=source.path)
        return
    yield from read_warc(stream, path=source.path, id_base=source.id_base)


def _records(
    stream: IO[bytes], kind: str, *, source: Input, fields: FieldMap
) -> Iterator[Document | Rejection]:
    if b"\x00" in _peek(stream):
        yield _reject("binary file", path=source.path)
        return
    lines = LineCounter(stream)
    if kind == "jsonl":
        items = read_jsonl(lines, path=source.path, id_base=source.id_base, fields=fields)
    else:
        delimiter = "\t" if kind == "tsv" else ","
        items = read_csv(
            lines, path=source.path, id_base=source.id_base, fields=fields, delimiter=delimiter
        )
    yielded = False
    try:
        for item in items:
            yielded = True
            yield item
    except (EOFError, OSError, zlib.error) as exc:
        compression = _compression_name(stream)
        position = f"line {lines.count + 1}"
        yield _reject(_stream_error(exc, compression), path=source.path, position=position)
        return
    if not yielded:
        yield _reject(_emptiness(lines.size, lines.has_text), path=source.path)


def _whole(
    raw: bytes, kind: str, *, source: Input, fields: FieldMap
) -> Iterator[Document | Rejection]:
    declared = declared_charset(raw) if kind == "html" else None
    decoded = decode_bytes(raw, declared=declared)
    if isinstance(decoded, str):
        yield _reject(decoded, path=source.path)
        return
    if decoded.encoding not in ("utf-8", "utf-8-sig"):
        log.info("%s: not UTF-8; read as %s", source.path, decoded.encoding)
    text = decoded.text
    if not text.strip():
        yield _reject(_emptiness(len(raw), False), path=source.path)
        return
    if kind == "html":
        yield document_from_html(text, doc_id=source.id_base, path=source.path)
    elif kind == "json":
        items = list(read_json(text, path=source.path, id_base=source.id_base, fields=fields))
        yield from items or [_reject("no stories in file", path=source.path)]
    else:
        yield Document(doc_id=source.id_base, text=text, path=source.path)


def _peek(stream: IO[bytes]) -> bytes:
    peek = getattr(stream, "peek", None)
    if peek is None:
        return b""
    head: bytes = peek(SNIFF_BYTES)
    return head[:SNIFF_BYTES]


def _compression(head: bytes) -> str | None:
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"BZh") and head[4:10] == b"1AY&SY":
        return "bz2"
    return None


def _compression_name(stream: IO[bytes]) -> str | None:
    if isinstance(stream, gzip.GzipFile):
        return "gzip"
    if isinstance(stream, bz2.BZ2File):
        return "bz2"
    return None


def _decompressed(raw: IO[bytes], compression: str | None) -> IO[bytes]:
    if compression == "gzip":
        return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb"))
    if compression == "bz2":
        return cast(IO[bytes], bz2.BZ2File(raw, mode="rb"))
    return raw


def _is_warc(head: bytes, compression: str) -> bool:
    if compression != "gzip":
        return False
    try:
        inner = zlib.decompressobj(wbits=31).decompress(head, 16)
    except zlib.error:
        return False
    return inner.startswith(b"WARC/")


def _sniff(head: bytes) -> str:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lowered = start[:2048].lower()
    if start.startswith(b"WARC/"):
        return "warc"
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"["):
        return "json"
    if start.startswith(b"<") and any(marker in lowered for marker in HTML_MARKERS):
        return "html"
    return "text"


def _stream_error(exc: BaseException, compression: str | None) -> str:
    kind = compression or "file"
    if isinstance(exc, EOFError):
        return f"truncated {kind}: {exc}"
    if compression is None and isinstance(exc, OSError) and exc.strerror:
        return f"unreadable: {exc.strerror}"
    return f"corrupt {kind}: {exc}"


def _emptiness(size: int, has_text: bool) -> str:
    if size == 0:
        return "empty file"
    return "no stories in file" if has_text else "whitespace only"


def _stem(name: str) -> str:
    """A file name without its format and compression suffixes ("a.v2.jsonl.gz" -> "a.v2")."""
    stem = name
    while "." in stem and stem.rsplit(".", 1)[1].lower() in STORY_SUFFIXES:
        stem = stem.rsplit(".", 1)[0]
    return stem or name


STORY_SUFFIXES = frozenset(
    {
        "txt",
        "text",
        "html",
        "htm",
        "xhtml",
        "jsonl",
        "ndjson",
        "json",
        "csv",
        "tsv",
        "warc",
        "arc",
        "gz",
        "gzip",
        "bz2",
    }
)


def _reject(reason: str, *, path: str, position: str | None = None) -> Rejection:
    return Rejection(doc_id=None, stage=STAGE, reason=reason, path=path, position=position)
