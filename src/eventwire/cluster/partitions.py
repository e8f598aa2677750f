"""Cutting the read stream into partitions: the unit a worker codes and commits.

Items come in input order and a partition closes once its stories hold
``partition_chars`` characters of text: small files are grouped, big ones split between
stories (JSON Lines at line starts, CSV at rows, WARC at records). Stories already
committed count towards the cut, so an unchanged input is cut the same way on every run.
A partition's id is a hash of the keys of what it still has to commit, so a partition
that died before its commit is coded again under the same id (to the same file names),
and one whose stories are all committed has nothing to do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from eventwire.batch import IngestReport, settle
from eventwire.store.rows import document_key, rejection_key
from eventwire.types import CodedDocument, Document, Rejection

PARTITION_ID_HEX = 20


@dataclass(frozen=True, slots=True, kw_only=True)
class Partition:
    """Stories to code, duplicates and rejections to store as they are, and where they
    were read."""

    partition_id: str
    todo: tuple[Document, ...]
    duplicates: tuple[CodedDocument, ...]
    rejections: tuple[Rejection, ...]
    inputs: tuple[str, ...]  # "wire.jsonl line 1 to line 180", one per input file
    stories: int  # items read into it, the ones committed earlier included

    @property
    def empty(self) -> bool:
        """Everything in it was committed by an earlier run."""
        return not (self.todo or self.duplicates or self.rejections)


def cut_partitions(
    items: Iterable[Document | Rejection], *, known: set[str], report: IngestReport, size: int
) -> Iterator[Partition]:
    """Partitions of about ``size`` characters, in input order. ``known`` holds the keys
    already committed; the keys of every partition given out are added to it, so nothing
    is committed twice in a run either."""
    todo: list[Document] = []
    duplicates: list[CodedDocument] = []
    rejections: list[Rejection] = []
    places: dict[str, list[str | None]] = {}
    stories = chars = 0
    for item in items:
        stories += 1
        places.setdefault(item.path or "-", []).append(item.position)
        settled = settle(item, known=known, report=report)
        if isinstance(settled, Rejection):
            if rejection_key(settled) not in known:
                rejections.append(settled)
        elif isinstance(settled, CodedDocument):
            duplicates.append(settled)
        elif settled is not None:
            todo.append(settled)
        if isinstance(item, Document):
            chars += len(item.text)
        if chars >= size:
            yield _partition(todo, duplicates, rejections, places, stories=stories, known=known)
            todo, duplicates, rejections, places = [], [], [], {}
            stories = chars = 0
    if stories:
        yield _partition(todo, duplicates, rejections, places, stories=stories, known=known)


def _partition(
    todo: list[Document],
    duplicates: list[CodedDocument],
    rejections: list[Rejection],
    places: dict[str, list[str | None]],
    *,
    stories: int,
    known: set[str],
) -> Partition:
    keys = sorted(
        [document_key(doc) for doc in todo]
        + [document_key(coded.document) for coded in duplicates]
        + [rejection_key(rejection) for rejection in rejections]
    )
    known.update(keys)
    digest = hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()
    return Partition(
        partition_id=digest[:PARTITION_ID_HEX],
        todo=tuple(todo),
        duplicates=tuple(duplicates),
        rejections=tuple(rejections),
        inputs=tuple(_describe(path, positions) for path, positions in places.items()),
        stories=stories,
    )


def _describe(path: str, positions: list[str | None]) -> str:
    """``wire.jsonl line 1 to line 180``; a file read whole is just its path."""
    named = [position for position in positions if position]
    if not named:
        return path
    if len(named) == 1:
        return f"{path} {named[0]}"
    return f"{path} {named[0]} to {named[-1]}"
