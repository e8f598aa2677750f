"""Inputs at fsspec URLs read like local files (the in-memory filesystem stands in for
s3:// and gs://)."""

from __future__ import annotations

import gzip
import json
import uuid

import pytest

from eventwire.stages.read import read_paths
from eventwire.stages.read.remote import is_url
from eventwire.types import Document, Rejection

fsspec = pytest.importorskip("fsspec")


@pytest.fixture
def bucket() -> str:
    """A folder of stories in the in-memory filesystem, as in an object store."""
    root = f"memory://bucket-{uuid.uuid4().hex}/news"
    fs = fsspec.filesystem("memory")
    store = root.removeprefix("memory://")
    fs.pipe_file(f"{store}/a.txt", b"Kenyan police arrested three opposition lawmakers.")
    lines = [json.dumps({"id": f"w{i}", "text": f"Story {i} text."}) for i in range(3)]
    fs.pipe_file(f"{store}/wire/feed.jsonl.gz", gzip.compress("\n".join(lines).encode()))
    fs.pipe_file(f"{store}/notes.md", b"not a story file")
    fs.pipe_file(f"{store}/.hidden/b.txt", b"hidden")
    return root


def test_read_url_of_a_folder_reads_its_story_files(bucket: str) -> None:
    items = list(read_paths([bucket]))
    assert all(isinstance(item, Document) for item in items)
    assert [item.doc_id for item in items if isinstance(item, Document)] == [
        "a",
        "w0",
        "w1",
        "w2",
    ]
    assert items[1].path == f"{bucket}/wire/feed.jsonl.gz"
    assert items[1].position == "line 1"


def test_read_url_glob_and_file(bucket: str) -> None:
    [story] = read_paths([f"{bucket}/*.txt"])
    assert isinstance(story, Document)
    assert story.text.startswith("Kenyan police")
    [same] = read_paths([f"{bucket}/a.txt"])
    assert (same.doc_id, same.text) == (story.doc_id, story.text)


def test_read_url_that_names_nothing_is_a_rejection(bucket: str) -> None:
    [missing] = read_paths([f"{bucket}/none.txt"])
    assert isinstance(missing, Rejection)
    assert missing.reason == "no such file"
    [unmatched] = read_paths([f"{bucket}/*.html"])
    assert isinstance(unmatched, Rejection)
    assert unmatched.reason == "no files match"
    [unknown] = read_paths(["nosuchprotocol://x/y.txt"])
    assert isinstance(unknown, Rejection)
    assert "nosuchprotocol" in unknown.reason


def test_read_local_paths_and_file_urls_are_not_remote() -> None:
    assert is_url("s3://bucket/x.jsonl")
    assert not is_url("news/x.jsonl")
    assert not is_url("file:///tmp/x.jsonl")
