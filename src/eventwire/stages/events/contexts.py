"""PLOVER contexts of an event from the words of its sentence (data/contexts.tsv)."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from eventwire import ontology
from eventwire.errors import OntologyError
from eventwire.types import Token

# A run of word characters, as ``\b`` in the phrase pattern tells them apart.
WORD_RUN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class ContextTable:
    """Single-word keywords matched against lemmas, phrases against lowercased text.

    ``phrase_words`` holds the words (runs of word characters) of each phrase, under its
    longest one: a phrase the pattern finds in a text has each of them there as a whole
    word, so a text without them all for any phrase is not searched (most sentences:
    the pattern tries each of its hundreds of phrases at each position). It is None when
    some phrase has no word, and then every text is searched.
    """

    by_lemma: dict[str, tuple[str, ...]]
    by_phrase: dict[str, tuple[str, ...]]
    phrase_pattern: re.Pattern[str] | None
    phrase_words: dict[str, tuple[frozenset[str], ...]] | None = None

    def find(self, tokens: Iterable[Token], text: str) -> tuple[str, ...]:
        found: list[str] = []
        for token in tokens:
            contexts = self.by_lemma.get(token.lemma) or self.by_lemma.get(token.text.lower())
            if contexts:
                found.extend(context for context in contexts if context not in found)
        lowered = text.lower()
        if self.phrase_pattern is not None and self._could_hold_phrase(lowered):
            for match in self.phrase_pattern.finditer(lowered):
                contexts = self.by_phrase.get(match[0], ())
                found.extend(context for context in contexts if context not in found)
        return tuple(found)

    def _could_hold_phrase(self, lowered: str) -> bool:
        if self.phrase_words is None:
            return True
        words = set(WORD_RUN.findall(lowered))
        return any(needed <= words for word in words for needed in self.phrase_words.get(word, ()))


def load_contexts() -> ContextTable:
    """The bundled keyword table, validated against the ontology's contexts."""
    data = resources.files("eventwire.stages.events").joinpath("data", "contexts.tsv")
    return read_context_rows(data.read_text("utf-8"))


def read_context_rows(text: str) -> ContextTable:
    """Parse contexts.tsv text; an unknown context name is an error listing the valid ones."""
    valid = ontology.contexts()
    by_lemma: dict[str, list[str]] = defaultdict(list)
    by_phrase: dict[str, list[str]] = defaultdict(list)
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        context = (row.get("context") or "").strip()
        keyword = (row.get("keyword") or "").strip().lower()
        if not context or not keyword:
            continue
        if context not in valid:
            raise OntologyError(
                f"contexts.tsv: unknown context {context!r}; valid: {', '.join(valid)}"
            )
        table = by_phrase if re.search(r"[\s\-']", keyword) else by_lemma
        if context not in table[keyword]:
            table[keyword].append(context)
    pattern = None
    if by_phrase:
        alternatives = sorted(by_phrase, key=len, reverse=True)
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, alternatives)) + r")\b")
    return ContextTable(
        by_lemma={key: tuple(values) for key, values in by_lemma.items()},
        by_phrase={key: tuple(values) for key, values in by_phrase.items()},
        phrase_pattern=pattern,
        phrase_words=_words_of(by_phrase),
    )


def _words_of(phrases: Iterable[str]) -> dict[str, tuple[frozenset[str], ...]] | None:
    """The words of each phrase, under its longest (None if a phrase has none)."""
    by_word: dict[str, list[frozenset[str]]] = defaultdict(list)
    for phrase in phrases:
        words = WORD_RUN.findall(phrase)
        if not words:
            return None
        by_word[max(words, key=len)].append(frozenset(words))
    return {word: tuple(needed) for word, needed in by_word.items()}
