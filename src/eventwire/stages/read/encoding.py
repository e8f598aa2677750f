"""Bytes -> text: byte-order marks, declared charsets, UTF-8, then cp1252 and latin-1.

Real pages arrive in legacy encodings (cp1252 and latin-1 are common) and sometimes
as UTF-8 with a few stray cp1252 bytes. All of these are read, not rejected. Content
that is not text (NUL bytes) or that decodes only into control characters is named.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

SNIFF_BYTES = 8192
MAX_CONTROL_SHARE = 0.01
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""",
    re.IGNORECASE,
)
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
# Browsers read pages labelled latin-1 as cp1252 (WHATWG Encoding Standard).
WEB_ALIASES = {"latin_1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}


@dataclass(frozen=True, slots=True)
class DecodedText:
    """File text and how it was decoded."""

    text: str
    encoding: str


def decode_bytes(raw: bytes, *, declared: str | None = None) -> DecodedText | str:
    """Decode a file's bytes, or return the reason they are not text.

    Order: byte-order mark; UTF-8; a charset the content or its headers declare
    (``declared``, or an HTML ``<meta charset>``); UTF-8 with stray cp1252 bytes;
    cp1252; latin-1. Reasons: ``binary file`` (NUL bytes), ``undecodable bytes: ...``
    (the text would be mostly control characters).
    """
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return _checked(raw.decode(encoding, errors="replace"), encoding)
    if b"\x00" in raw[:SNIFF_BYTES]:
        return "binary file"
    try:
        return DecodedText(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    for name in (declared, declared_charset(raw)):
        codec = _codec(name)
        if codec is not None:
            try:
                return _checked(raw.decode(codec), codec)
            except UnicodeDecodeError:
                pass
    mixed = _utf8_with_stray_bytes(raw)
    if mixed is not None:
        return _checked(mixed, "utf-8+cp1252")
    try:
        return _checked(raw.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        return _checked(raw.decode("latin-1"), "latin-1")


def decode_line(raw: bytes) -> str:
    """Decode one line of a record file (JSON Lines, CSV): UTF-8, else as a legacy page."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        mixed = _utf8_with_stray_bytes(raw)
        if mixed is not None:
            return mixed
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


def declared_charset(raw: bytes) -> str | None:
    """The charset an HTML ``<meta>`` or XML declaration names in the first bytes."""
    match = DECLARED_CHARSET.search(raw[:SNIFF_BYTES])
    if not match:
        return None
    return (match[1] or match[2]).decode("ascii").lower()


def charset_of_content_type(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of an HTTP Content-Type header."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
    return match[1].lower() if match else None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return WEB_ALIASES.get(codec, codec)


def _utf8_with_stray_bytes(raw: bytes) -> str | None:
    """UTF-8 text with a few bytes that are not UTF-8, those read as cp1252."""
    text = raw.decode("utf-8", errors="surrogateescape")
    stray = len(ESCAPED_BYTE.findall(text))
    multibyte = sum(1 for char in text if char >= "\x80" and not "\udc80" <= char <= "\udcff")
    if multibyte <= stray:
        return None
    return ESCAPED_BYTE.sub(lambda m: _legacy_char(ord(m[0]) - 0xDC00), text)


def _legacy_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return bytes([byte]).decode("latin-1")


def _checked(text: str, encoding: str) -> DecodedText | str:
    controls = len(CONTROL.findall(text))
    if text and controls > max(2, MAX_CONTROL_SHARE * len(text)):
        return f"undecodable bytes: {controls} control characters when read as {encoding}"
    return DecodedText(text, encoding)
