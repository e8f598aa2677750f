"""WARC and WARC.gz web archives -> Documents: one per HTML response record.

Response (and resource) records whose content type is HTML are extracted like HTML
pages, with the record's target URI as the page URL and ``offset N`` (the record's
byte offset in the file) as the position. Requests, metadata, redirects, images and
scripts are not stories: they are skipped and counted in the log. A record cut short
and an archive that stops parsing are Rejections naming the offset.
"""

from __future__ import annotations

import logging
import zlib
from collections import Counter
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from eventwire.stages.read.encoding import charset_of_content_type, decode_bytes
from eventwire.stages.read.html import document_from_html
from eventwire.types import Document, Rejection

log = logging.getLogger(__name__)

STAGE = "read"
STORY_RECORDS = frozenset({"response", "resource"})
HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(stream: IO[bytes], *, path: str, id_base: str) -> Iterator[Document | Rejection]:
    """Every HTML response in the archive, in order."""
    records = ArchiveIterator(stream)
    skipped: Counter[str] = Counter()
    offset: int | None = None
    try:
        for record in records:
            content = record.content_stream().read()
            offset = records.get_record_offset()
            position = f"offset {offset}"
            why_not = _not_a_page(record)
            if why_not:
                skipped[why_not] += 1
                continue
            if getattr(record.raw_stream, "limit", 0) > 0:
                yield _reject("truncated WARC record", path=path, position=position)
                continue
            yield _page(record, content, path=path, position=position, doc_id=f"{id_base}:{offset}")
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
        where = "start" if offset is None else f"offset {offset}"
        yield _reject(f"corrupt WARC: {exc}".strip(), path=path, position=f"after {where}")
    if skipped:
        log.info("%s: skipped %s", path, ", ".join(f"{n} {why}" for why, n in skipped.items()))


def _not_a_page(record: Any) -> str | None:
    if record.rec_type not in STORY_RECORDS:
        return f"{record.rec_type} records"
    headers = record.http_headers
    if headers is not None:
        status = str(headers.get_statuscode() or "")
        if not status.startswith("2"):
            return "non-200 responses"
    content_type = _content_type(record) or ""
    if not content_type.lower().startswith(HTML_TYPES):
        return "non-HTML records"
    return None


def _page(
    record: Any, content: bytes, *, path: str, position: str, doc_id: str
) -> Document | Rejection:
    decoded = decode_bytes(content, declared=charset_of_content_type(_content_type(record)))
    if isinstance(decoded, str):
        return _reject(decoded, path=path, position=position, doc_id=doc_id)
    url = record.rec_headers.get_header("WARC-Target-URI")
    return document_from_html(decoded.text, doc_id=doc_id, path=path, position=position, url=url)


def _content_type(record: Any) -> str | None:
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    value = headers.get_header("Content-Type")
    return value if isinstance(value, str) else None


def _reject(reason: str, *, path: str, position: str, doc_id: str | None = None) -> Rejection:
    return Rejection(doc_id=doc_id, stage=STAGE, reason=reason, path=path, position=position)
