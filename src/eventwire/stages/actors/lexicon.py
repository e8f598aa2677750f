"""The actor lexicon: countries, capitals, metonyms, IGOs, armed groups, parties and roles.

The tables live in ``data/`` beside this module (see its README). Each surface form
is tokenised the way the parser tokenises text, then matched longest-first against a
sentence's tokens. Proper names match only when capitalised as written in the table
("Turkey" the country, not "turkey"), and all-capital abbreviations ("US", "UN") only
in capitals, so the pronoun "us" never becomes the United States.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from eventwire.types import Token

EntryKind = Literal["country", "demonym", "capital", "metonym", "igo", "group", "role", "person"]
Tokenizer = Callable[[Sequence[str]], list[tuple[str, ...]]]
MAX_PHRASE_TOKENS = 8


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """What one surface form stands for."""

    kind: EntryKind
    country: str | None
    sectors: tuple[str, ...]
    name: str
    kb_id: str | None = None


@dataclass(frozen=True, slots=True)
class LexiconMatch:
    """A lexicon entry found at tokens ``first..last`` (inclusive) of a sentence."""

    first: int
    last: int
    entry: LexiconEntry


@dataclass(frozen=True, slots=True)
class _Pattern:
    words: tuple[str, ...]
    proper: tuple[bool, ...]
    exact: tuple[str | None, ...]
    entry: LexiconEntry


class ActorLexicon:
    """Surface forms -> entries, matched longest-first over sentence tokens."""

    def __init__(self, rows: Iterable[tuple[str, LexiconEntry]], *, tokenize: Tokenizer) -> None:
        rows = [(surface.strip(), entry) for surface, entry in rows if surface.strip()]
        token_lists = tokenize([surface for surface, _ in rows])
        self._by_first: dict[str, list[_Pattern]] = defaultdict(list)
        for (_surface, entry), words in zip(rows, token_lists, strict=True):
            if not words or len(words) > MAX_PHRASE_TOKENS:
                continue
            proper = tuple(_is_proper(word, entry.kind) for word in words)
            exact = tuple(word if _is_abbreviation(word) else None for word in words)
            pattern = _Pattern(tuple(word.lower() for word in words), proper, exact, entry)
            self._by_first[pattern.words[0]].append(pattern)
        for patterns in self._by_first.values():
            patterns.sort(key=lambda pattern: -len(pattern.words))

    def __len__(self) -> int:
        return sum(len(patterns) for patterns in self._by_first.values())

    def match(self, tokens: Sequence[Token]) -> tuple[LexiconMatch, ...]:
        """Every non-overlapping longest match, left to right."""
        found: list[LexiconMatch] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.lemma not in self._by_first and token.text.lower() not in self._by_first:
                index += 1  # no pattern starts with this word
                continue
            match = self._match_at(tokens, index)
            if match is None:
                index += 1
                continue
            found.append(match)
            index = match.last + 1
        return tuple(found)

    def _match_at(self, tokens: Sequence[Token], index: int) -> LexiconMatch | None:
        """The longest pattern starting here, by the word as written or its lemma
        ("Reporters Without Borders" before the role "reporter"); the written word wins
        a tie. (Never a set of keys: its order would change from run to run.)"""
        keys = dict.fromkeys((tokens[index].text.lower(), tokens[index].lemma))
        best: LexiconMatch | None = None
        for key in keys:
            for pattern in self._by_first.get(key, ()):
                longer = best is None or len(pattern.words) > best.last - best.first + 1
                if longer and _fits(pattern, tokens, index):
                    best = LexiconMatch(index, index + len(pattern.words) - 1, pattern.entry)
        return best


def _is_proper(word: str, kind: EntryKind) -> bool:
    return kind != "role" and word[:1].isupper()


def _is_abbreviation(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def _fits(pattern: _Pattern, tokens: Sequence[Token], index: int) -> bool:
    if index + len(pattern.words) > len(tokens):
        return False
    for offset, word in enumerate(pattern.words):
        token = tokens[index + offset]
        if token.text.lower() != word and not (
            pattern.entry.kind == "role" and token.lemma == word
        ):
            return False
        exact = pattern.exact[offset]
        if exact is not None and token.text != exact:
            return False
        if pattern.proper[offset] and not token.text[:1].isupper():
            return False
    return True


def load_rows() -> list[tuple[str, LexiconEntry]]:
    """All surface forms of the bundled tables, with their entries."""
    return [
        *_country_rows(),
        *_organisation_rows("igos.tsv", kind="igo"),
        *_organisation_rows("groups.tsv", kind="group"),
        *_role_rows(),
    ]


def country_forms() -> dict[str, str]:
    """Every country's name, other names, adjectives and capitals, as written, with its code."""
    forms: dict[str, str] = {}
    for surface, entry in _country_rows():
        if entry.kind in {"country", "demonym", "capital"} and entry.country:
            forms.setdefault(surface, entry.country)
    return forms


def _read_table(name: str) -> list[dict[str, str]]:
    data = resources.files("eventwire.stages.actors").joinpath("data", name)
    with data.open(encoding="utf-8") as handle:
        return [
            {key: (value or "").strip() for key, value in row.items() if key}
            for row in csv.DictReader(handle, delimiter="\t")
        ]


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _country_rows() -> list[tuple[str, LexiconEntry]]:
    rows: list[tuple[str, LexiconEntry]] = []
    for row in _read_table("countries.tsv"):
        iso3, name = row["iso3"], row["name"]
        for surface in [name, *_split(row.get("aliases", ""))]:
            rows.append((surface, LexiconEntry("country", iso3, ("GOV",), name)))
        for surface in _split(row.get("adjectives", "")):
            rows.append((surface, LexiconEntry("demonym", iso3, (), name)))
        for surface in _split(row.get("capitals", "")):
            rows.append((surface, LexiconEntry("capital", iso3, ("GOV",), name)))
        for item in _split(row.get("metonyms", "")):
            surface, _, sector = item.partition("=")
            sectors = tuple(_split(sector.replace(",", "|"))) or ("GOV",)
            rows.append((surface, LexiconEntry("metonym", iso3, sectors, surface.strip())))
    return rows


def _organisation_rows(table: str, *, kind: EntryKind) -> list[tuple[str, LexiconEntry]]:
    rows: list[tuple[str, LexiconEntry]] = []
    for row in _read_table(table):
        country = row.get("code") or row.get("country") or None
        sectors = tuple(_split(row.get("sectors") or row.get("sector") or ""))
        entry = LexiconEntry(kind, country, sectors, row["name"], row.get("kb_id") or None)
        rows.extend((surface, entry) for surface in [row["name"], *_split(row.get("aliases", ""))])
    return rows


def _role_rows() -> list[tuple[str, LexiconEntry]]:
    return [
        (row["phrase"], LexiconEntry("role", None, tuple(_split(row["sectors"])), row["phrase"]))
        for row in _read_table("roles.tsv")
    ]
