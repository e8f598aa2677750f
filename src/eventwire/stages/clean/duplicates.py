"""Duplicate stories: the same text after cleaning, or a copy with only furniture changed.

Each story's body is reduced to its words (case, punctuation and spacing ignored).
Equal words make an exact copy. Otherwise the story's five-word shingles are hashed
and the smallest hashes kept (a bottom-k sketch), which estimates the Jaccard
similarity of two stories' shingle sets; a story at or above the threshold with an
earlier one is a copy of it. The first story seen is the original.

Short texts are matched only exactly (formulaic one-line reports of different events
differ in a word or two), and two stories published more than ``MAX_DAYS_APART``
days apart are never copies (the same sentence on another day is another event).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import re
from collections import defaultdict
from dataclasses import dataclass

SHINGLE_WORDS = 5
SKETCH_SIZE = 64
INDEXED_HASHES = 16
MIN_NEAR_WORDS = 50
MAX_DAYS_APART = 2
WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """The exact key of a story's words and a bottom-k sketch of its shingles."""

    exact: bytes
    sketch: frozenset[int]


def fingerprint(text: str) -> Fingerprint:
    """Words, lowercased; their digest; the smallest hashes of their shingles."""
    words = [word.lower() for word in WORD.findall(text)]
    exact = hashlib.blake2b(" ".join(words).encode(), digest_size=16).digest()
    shingles = {
        " ".join(words[index : index + SHINGLE_WORDS])
        for index in range(max(1, len(words) - SHINGLE_WORDS + 1))
    }
    if len(words) < MIN_NEAR_WORDS:
        return Fingerprint(exact, frozenset())
    hashes = (_hash(shingle) for shingle in shingles)
    return Fingerprint(exact, frozenset(heapq.nsmallest(SKETCH_SIZE, hashes)))


def similarity(first: frozenset[int], second: frozenset[int]) -> float:
    """Estimated Jaccard similarity of two stories from their sketches."""
    union = heapq.nsmallest(SKETCH_SIZE, first | second)
    if not union:
        return 0.0
    return sum(1 for value in union if value in first and value in second) / len(union)


class DuplicateIndex:
    """Stories seen so far; says which earlier story a new one copies."""

    def __init__(self, *, min_similarity: float) -> None:
        self.min_similarity = min_similarity
        self.exact: defaultdict[bytes, list[int]] = defaultdict(list)
        self.stories: list[tuple[str, dt.date | None, frozenset[int]]] = []
        self.by_hash: defaultdict[int, list[int]] = defaultdict(list)

    def original_of(
        self, doc_id: str, text: str, *, published: dt.date | None = None
    ) -> str | None:
        """The id of the earlier story this one copies; otherwise remember this one."""
        print_ = fingerprint(text)
        for index in self.exact.get(print_.exact, ()):
            if _close(published, self.stories[index][1]):
                return self.stories[index][0]
        original = self._near(print_.sketch, published)
        if original is not None:
            return original
        self.stories.append((doc_id, published, print_.sketch))
        index = len(self.stories) - 1
        self.exact[print_.exact].append(index)
        for value in heapq.nsmallest(INDEXED_HASHES, print_.sketch):
            self.by_hash[value].append(index)
        return None

    def _near(self, sketch: frozenset[int], published: dt.date | None) -> str | None:
        if not sketch:
            return None
        seen: set[int] = set()
        for value in heapq.nsmallest(INDEXED_HASHES, sketch):
            for candidate in self.by_hash.get(value, ()):
                if candidate in seen:
                    continue
                seen.add(candidate)
                doc_id, date, other = self.stories[candidate]
                if _close(published, date) and similarity(sketch, other) >= self.min_similarity:
                    return doc_id
        return None


def _close(first: dt.date | None, second: dt.date | None) -> bool:
    if first is None or second is None:
        return True
    return abs((first - second).days) <= MAX_DAYS_APART


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")
