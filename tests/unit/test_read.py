from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from eventwire.stages.read import decode_bytes, read_path
from eventwire.types import Document, Rejection

NO_TEXT = "no text field: looked for text, body, content, story, article, html, raw_html"


def _one(path: Path) -> Document | Rejection:
    items = list(read_path(str(path)))
    assert len(items) == 1
    return items[0]


def test_read_plain_text_uses_file_stem_as_id(tmp_path: Path) -> None:
    path = tmp_path / "kabul-talks.txt"
    path.write_text("Taliban and Pakistani officials met in Kabul on Monday.\n", encoding="utf-8")
    doc = _one(path)
    assert isinstance(doc, Document)
    assert doc.doc_id == "kabul-talks"
    assert doc.text.startswith("Taliban and Pakistani")
    assert doc.path == str(path)


def test_read_jsonl_maps_common_fields(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    record = {
        "id": 42,
        "headline": "H",
        "body": "Text.",
        "pub_date": "2024-05-02T10:00:00Z",
        "link": "https://example.org/a",
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    doc = _one(path)
    assert isinstance(doc, Document)
    assert (doc.doc_id, doc.title, doc.text, doc.url) == ("42", "H", "Text.", record["link"])
    assert doc.published == dt.date(2024, 5, 2)
    assert doc.pub_date_source == "metadata"


def test_read_jsonl_bad_line_is_rejected_and_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"id": "a", "text": "One."}\n{not json\n\n{"id": "c", "text": "Three."}\n')
    items = list(read_path(str(path)))
    assert [type(item).__name__ for item in items] == ["Document", "Rejection", "Document"]
    rejection = items[1]
    assert isinstance(rejection, Rejection)
    assert rejection.position == "line 2"
    assert rejection.reason.startswith("not JSON")


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ('{"id": "x"}', NO_TEXT),  # a story object with no text
        ('{"id": "x", "text": "   "}', NO_TEXT),  # whitespace only
        ('["a list"]', "not a JSON object"),  # valid JSON, wrong shape
    ],
)
def test_read_jsonl_record_without_text_is_rejected(
    tmp_path: Path, record: str, reason: str
) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(record + "\n")
    rejection = _one(path)
    assert isinstance(rejection, Rejection)
    assert rejection.reason == reason


def test_read_missing_file_is_rejected(tmp_path: Path) -> None:
    rejection = _one(tmp_path / "absent.txt")
    assert isinstance(rejection, Rejection)
    assert (rejection.stage, rejection.reason) == ("read", "no such file")


def test_read_empty_and_blank_files_are_rejected(tmp_path: Path) -> None:
    cases = (("empty.txt", "", "empty file"), ("blank.txt", " \n\t\n", "whitespace only"))
    for name, content, reason in cases:
        path = tmp_path / name
        path.write_text(content)
        rejection = _one(path)
        assert isinstance(rejection, Rejection)
        assert rejection.reason == reason


def test_read_binary_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    rejection = _one(path)
    assert isinstance(rejection, Rejection)
    assert rejection.reason == "binary file"


def test_decode_bytes_reads_cp1252_rather_than_rejecting() -> None:
    raw = "Caf\u00e9 talks \u2014 \u201cagreed\u201d".encode("cp1252")
    decoded = decode_bytes(raw)
    assert not isinstance(decoded, str)
    assert decoded.encoding == "cp1252"
    assert decoded.text == "Caf\u00e9 talks \u2014 \u201cagreed\u201d"


def test_decode_bytes_strips_utf8_bom() -> None:
    decoded = decode_bytes("\ufeffKyiv".encode())
    assert not isinstance(decoded, str)
    assert decoded.text == "Kyiv"


def test_read_paths_story_ids_are_unique_within_a_run(tmp_path: Path) -> None:
    from eventwire.stages.read import read_paths

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "y.txt").write_text(f"Story from {folder}.\n")
    (tmp_path / "story.v1.txt").write_text("A versioned story.\n")
    paths = [
        str(tmp_path / "a" / "y.txt"),
        str(tmp_path / "b" / "y.txt"),
        str(tmp_path / "story.v1.txt"),
    ]
    ids = [item.doc_id for item in read_paths(paths) if isinstance(item, Document)]
    assert ids == ["y", "y#2", "story.v1"]
