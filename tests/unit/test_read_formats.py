"""Every input format and every kind of bad input, each with its exact outcome.

The fixtures are written here: short stories made up for the tests, wrapped in the
formats scrapers and archives produce (pages, records, archives, compressed files).
"""

from __future__ import annotations

import bz2
import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.errors import ConfigError
from eventwire.stages.read import FieldMap, decode_bytes, format_of, read_path, read_paths
from eventwire.stages.read.html import NO_MAIN_TEXT
from eventwire.types import Document, Rejection

STORY = (
    "Ghana and Togo signed an agreement on Tuesday to patrol their shared border together, "
    "officials in Accra said.\n\n"
    "The two governments will set up a joint command in Lome before the end of the year, "
    "according to a statement from the Ghanaian foreign ministry.\n"
)
PARAGRAPHS = [paragraph.strip() for paragraph in STORY.split("\n\n")]


def page(*, title: str = "Ghana and Togo agree joint border patrols", body: str = "") -> str:
    """A news page with navigation, ads and a footer around the story."""
    paragraphs = body or "".join(f"<p>{text}</p>\n" for text in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | West Africa Daily</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2025-04-08T09:30:00Z">
<meta name="author" content="Ama Mensah">
<meta property="og:site_name" content="West Africa Daily">
<link rel="canonical" href="https://news.example.org/2025/04/08/ghana-togo-patrols"></head>
<body><header><nav><a href="/">Home</a> | <a href="/politics">Politics</a> |
<a href="/search">Search</a></nav></header>
<div class="ad">Advertisement</div>
<main><article><h1>{title}</h1>
{paragraphs}</article></main>
<aside class="sidebar"><h2>Most read</h2><ul><li><a href="/a">Floods in Kumasi</a></li>
<li><a href="/b">Cocoa prices rise</a></li></ul></aside>
<footer><p>Copyright 2025 West Africa Daily. All rights reserved.</p></footer></body></html>
"""


def warc_bytes(pages: list[tuple[str, bytes, str]], *, compress: bool) -> bytes:
    """A WARC with a request record and one response record per (url, body, type)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for url, body, content_type in pages:
        request = writer.create_warc_record(
            url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n")
        )
        writer.write_record(request)
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        response = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(response)
    return buffer.getvalue()


def _items(path: Path, **kwargs: object) -> list[Document | Rejection]:
    return list(read_path(str(path), **kwargs))  # type: ignore[arg-type]


def _one(path: Path, **kwargs: object) -> Document | Rejection:
    items = _items(path, **kwargs)
    assert len(items) == 1, items
    return items[0]


def _rejection(path: Path, **kwargs: object) -> Rejection:
    item = _one(path, **kwargs)
    assert isinstance(item, Rejection), item
    return item


def _document(path: Path, **kwargs: object) -> Document:
    item = _one(path, **kwargs)
    assert isinstance(item, Document), item
    return item


# --- formats -------------------------------------------------------------------------


def test_read_html_page_keeps_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "ghana-togo.html"
    path.write_text(page(), encoding="utf-8")
    doc = _document(path)
    assert doc.doc_id == "ghana-togo"
    assert doc.title == "Ghana and Togo agree joint border patrols"
    assert doc.byline == "Ama Mensah"
    assert doc.source == "West Africa Daily"
    assert doc.url == "https://news.example.org/2025/04/08/ghana-togo-patrols"
    assert (doc.published, doc.pub_date_source) == (dt.date(2025, 4, 8), "html_meta")
    for paragraph in PARAGRAPHS:
        assert paragraph in doc.text
    for furniture in ("Advertisement", "Most read", "Cocoa prices", "All rights reserved"):
        assert furniture not in doc.text


def test_read_htm_in_cp1252_with_declared_charset(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    html = page().replace('charset="utf-8"', 'charset="windows-1252"')
    html = html.replace("Lome", "Lom\u00e9")
    path.write_bytes(html.encode("cp1252"))
    doc = _document(path)
    assert "joint command in Lom\u00e9 before" in doc.text


def test_read_html_with_no_main_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "menu.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    rejection = _rejection(path)
    assert (rejection.stage, rejection.reason, rejection.path) == ("read", NO_MAIN_TEXT, str(path))


def test_read_csv_with_default_field_names(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    path.write_text(
        'url,date,title,text\n"https://x.example/a",2024-11-02,"Talks",'
        f'"{STORY}"\n"https://x.example/b",2024-11-03,"Second","Police arrested 12 people."\n',
        encoding="utf-8",
    )
    first, second = _items(path)
    assert isinstance(first, Document)
    assert isinstance(second, Document)
    assert (first.doc_id, first.title, first.published) == ("feed:1", "Talks", dt.date(2024, 11, 2))
    assert first.text == STORY  # a quoted field spanning lines
    assert (second.doc_id, second.position, second.url) == (
        "feed:2",
        "row 2",
        "https://x.example/b",
    )


def test_read_csv_with_a_field_mapping(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("guid,story_html_free,when,head\nA-1,Troops withdrew.,1743465600,Pullback\n")
    fields = FieldMap.parse(["text=story_html_free", "id=guid", "date=when", "title=head"])
    doc = _document(path, fields=fields)
    assert (doc.doc_id, doc.text, doc.title) == ("A-1", "Troops withdrew.", "Pullback")
    assert doc.published == dt.date(2025, 4, 1)  # epoch seconds


def test_read_tsv(tmp_path: Path) -> None:
    path = tmp_path / "feed.tsv"
    path.write_text(
        "id\ttext\tpublished\nt1\tRebels seized the town.\tSun, 28 Sep 2025 10:00:00 GMT\n"
    )
    doc = _document(path)
    assert (doc.doc_id, doc.text, doc.published) == (
        "t1",
        "Rebels seized the town.",
        dt.date(2025, 9, 28),
    )


def test_read_csv_bad_row_is_rejected_and_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("id,text\na,One story.\nb,Two,extra\nc,Three story.\n")
    items = _items(path)
    assert [type(item).__name__ for item in items] == ["Document", "Rejection", "Document"]
    assert isinstance(items[1], Rejection)
    assert (items[1].reason, items[1].position) == ("bad CSV row: 3 fields, header has 2", "row 2")


def test_read_csv_unterminated_quote_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text('id,text\na,"never closed\n')
    rejection = _rejection(path)
    assert rejection.reason == "bad CSV: unexpected end of data"


def test_read_csv_with_only_a_header_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("id,text\n")
    assert _rejection(path).reason == "no stories in file"


def test_read_jsonl_with_nested_and_fallback_fields(tmp_path: Path) -> None:
    path = tmp_path / "nested.jsonl"
    record = {"meta": {"published": "2025-02-03", "guid": "n-1"}, "content": "Troops left."}
    path.write_text(json.dumps(record) + "\n")
    doc = _document(path, fields=FieldMap.parse(["date=meta.published", "id=meta.guid,id"]))
    assert (doc.doc_id, doc.text, doc.published) == ("n-1", "Troops left.", dt.date(2025, 2, 3))


def test_read_jsonl_html_field_is_extracted(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "p1", "html": page(), "published": "2025-04-09"}) + "\n")
    doc = _document(path)
    assert doc.doc_id == "p1"
    assert PARAGRAPHS[0] in doc.text
    assert (doc.published, doc.pub_date_source) == (dt.date(2025, 4, 9), "metadata")
    assert doc.title == "Ghana and Togo agree joint border patrols"


def test_read_json_array_and_object(tmp_path: Path) -> None:
    array = tmp_path / "batch.json"
    array.write_text(json.dumps([{"id": "a", "text": "One."}, {"id": "b", "body": "Two."}]))
    assert [(d.doc_id, d.text, d.position) for d in _items(array)] == [  # type: ignore[union-attr]
        ("a", "One.", "item 1"),
        ("b", "Two.", "item 2"),
    ]
    single = tmp_path / "single.json"
    single.write_text(json.dumps({"headline": "H", "text": "Only."}))
    doc = _document(single)
    assert (doc.doc_id, doc.title, doc.text) == ("single", "H", "Only.")
    scalar = tmp_path / "scalar.json"
    scalar.write_text("42")
    assert _rejection(scalar).reason == "not a JSON object or array"


@pytest.mark.parametrize("compress", [False, True])
def test_read_warc_html_responses(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(
        warc_bytes(
            [
                (
                    "https://news.example.org/2025/04/08/a",
                    page().encode(),
                    "text/html; charset=utf-8",
                ),
                ("https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"),
                (
                    "https://news.example.org/2025/04/09/b",
                    page(title="Second").encode(),
                    "text/html",
                ),
            ],
            compress=compress,
        )
    )
    docs = _items(path)
    assert [type(doc).__name__ for doc in docs] == ["Document", "Document"]  # png skipped
    first, second = docs
    assert isinstance(first, Document)
    assert isinstance(second, Document)
    assert first.position is not None
    assert first.position.startswith("offset ")
    assert first.doc_id == f"crawl:{first.position.removeprefix('offset ')}"
    assert first.title == "Ghana and Togo agree joint border patrols"
    assert second.title == "Second"
    assert PARAGRAPHS[1] in first.text


def test_read_truncated_warc_record_is_rejected_with_its_offset(tmp_path: Path) -> None:
    data = warc_bytes([("https://n.example/a", page().encode(), "text/html")] * 2, compress=True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:-60])
    first, second = _items(path)
    assert isinstance(first, Document)
    assert isinstance(second, Rejection)
    assert second.reason == "truncated WARC record"
    assert second.position is not None
    assert second.position.startswith("offset ")
    assert int(second.position.split()[1]) > 0


def test_read_file_named_warc_that_is_not_one_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("this is not an archive\n")
    assert _rejection(path).reason == "not a WARC file"


def test_read_gzip_and_bz2_of_each_format(tmp_path: Path) -> None:
    (tmp_path / "story.txt.gz").write_bytes(gzip.compress(STORY.encode()))
    (tmp_path / "page.html.bz2").write_bytes(bz2.compress(page().encode()))
    lines = "".join(json.dumps({"id": f"j{n}", "text": STORY}) + "\n" for n in range(3))
    (tmp_path / "lines.jsonl.gz").write_bytes(gzip.compress(lines.encode()))
    (tmp_path / "rows.csv.bz2").write_bytes(bz2.compress(b"id,text\nc1,Troops left.\n"))
    ids = [item.doc_id for item in read_paths([str(tmp_path)]) if isinstance(item, Document)]
    assert ids == ["j0", "j1", "j2", "page", "c1", "story"]


def test_read_compression_is_recognised_by_content_not_name(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(gzip.compress(STORY.encode()))
    assert _document(path).text == STORY


def test_read_directory_recursively_names_stories_by_relative_path(tmp_path: Path) -> None:
    (tmp_path / "2025" / "04").mkdir(parents=True)
    (tmp_path / "2025" / "04" / "talks.txt").write_text(STORY)
    (tmp_path / "top.txt").write_text(STORY)
    (tmp_path / "notes.md").write_text("not a story suffix")
    (tmp_path / ".hidden.txt").write_text(STORY)
    docs = list(read_paths([str(tmp_path)]))
    assert [doc.doc_id for doc in docs] == ["2025/04/talks", "top"]  # type: ignore[union-attr]


def test_read_glob(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.html"):
        (tmp_path / name).write_text(STORY)
    docs = list(read_paths([str(tmp_path / "*.txt")]))
    assert [doc.doc_id for doc in docs] == ["a", "b"]  # type: ignore[union-attr]


def test_read_glob_without_matches_is_rejected(tmp_path: Path) -> None:
    [rejection] = list(read_paths([str(tmp_path / "*.jsonl")]))
    assert isinstance(rejection, Rejection)
    assert rejection.reason == "no files match"


def test_read_directory_without_stories_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("nothing here")
    [rejection] = list(read_paths([str(tmp_path)]))
    assert isinstance(rejection, Rejection)
    assert rejection.reason == "no story files in directory"


class FakeStdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BufferedReader(io.BytesIO(data))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (STORY.encode(), [("stdin", STORY)]),  # plain text
        (
            b'{"id": "s1", "text": "One."}\n{"id": "s2", "text": "Two."}\n',
            [("s1", "One."), ("s2", "Two.")],
        ),
        (gzip.compress(b'{"id": "z", "text": "Zipped."}\n'), [("z", "Zipped.")]),  # gzip, sniffed
    ],
)
def test_read_stdin_sniffs_the_format(
    monkeypatch: pytest.MonkeyPatch, data: bytes, expected: list[tuple[str, str]]
) -> None:
    monkeypatch.setattr("sys.stdin", FakeStdin(data))
    docs = list(read_paths(["-"]))
    assert [(doc.doc_id, doc.text) for doc in docs] == expected  # type: ignore[union-attr]


def test_read_stdin_html_is_extracted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", FakeStdin(page().encode()))
    [doc] = list(read_paths(["-"]))
    assert isinstance(doc, Document)
    assert doc.title == "Ghana and Togo agree joint border patrols"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.txt", "text"),
        ("a.HTM", "html"),
        ("a.jsonl.gz", "jsonl"),
        ("a.warc.gz", "warc"),
        ("a.csv.bz2", "csv"),
        ("a.dat", None),
        ("a.gz", None),
    ],
)
def test_format_of(name: str, expected: str | None) -> None:
    assert format_of(name) == expected


# --- bad input -----------------------------------------------------------------------


def test_read_truncated_gzip_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(STORY.encode() * 20)[:-40])
    rejection = _rejection(path)
    assert rejection.reason.startswith("truncated gzip: ")
    assert rejection.stage == "read"


def test_read_truncated_gzip_jsonl_keeps_lines_before_the_cut(tmp_path: Path) -> None:
    lines = "".join(
        json.dumps({"id": f"j{n}", "text": f"Story {n}." * 50}) + "\n" for n in range(200)
    )
    path = tmp_path / "lines.jsonl.gz"
    path.write_bytes(gzip.compress(lines.encode())[:-200])
    items = _items(path)
    *docs, last = items
    assert docs
    assert all(isinstance(doc, Document) for doc in docs)
    assert isinstance(last, Rejection)
    assert last.reason.startswith("truncated gzip")
    assert last.position == f"line {len(docs) + 1}"


def test_read_corrupt_bz2_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "story.txt.bz2"
    data = bytearray(bz2.compress(STORY.encode() * 10))
    data[40:60] = b"\x00" * 20
    path.write_bytes(bytes(data))
    rejection = _rejection(path)
    assert rejection.reason == "corrupt bz2: Invalid data stream"


def test_read_undecodable_bytes_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "garbled.txt"
    path.write_bytes(bytes(range(0x80, 0xA0)) * 20 + b"\x01\x02\x03" * 30)
    assert _rejection(path).reason.startswith("undecodable bytes: ")


def test_read_latin1_page_is_read(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Pr\u00e9sident Macron a parl\u00e9 \u00e0 Bamako.".encode("latin-1"))
    assert _document(path).text == "Pr\u00e9sident Macron a parl\u00e9 \u00e0 Bamako."


def test_decode_bytes_utf8_with_a_stray_cp1252_byte() -> None:
    raw = "S\u00e3o Tom\u00e9 ".encode() + b"officials\x92 statement"
    decoded = decode_bytes(raw)
    assert not isinstance(decoded, str)
    assert (decoded.text, decoded.encoding) == (
        "S\u00e3o Tom\u00e9 officials\u2019 statement",
        "utf-8+cp1252",
    )


def test_decode_bytes_utf16_with_bom() -> None:
    decoded = decode_bytes("Kyiv talks".encode("utf-16"))
    assert not isinstance(decoded, str)
    assert decoded.text == "Kyiv talks"


def test_read_binary_jsonl_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "blob.jsonl"
    path.write_bytes(b"\x00\x01\x02binary")
    assert _rejection(path).reason == "binary file"


def test_read_whitespace_only_jsonl_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n   \n")
    assert _rejection(path).reason == "whitespace only"


def test_read_empty_gzip_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "nothing.jsonl.gz"
    path.write_bytes(gzip.compress(b""))
    assert _rejection(path).reason == "empty file"


@pytest.mark.parametrize(
    ("specs", "message"),
    [
        (["text"], "is not TARGET=NAME"),
        (["body=text"], "unknown target 'body'"),
        (["text="], "is not TARGET=NAME"),
    ],
)
def test_field_map_bad_spec_is_a_config_error(specs: list[str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        FieldMap.parse(specs)
