"""The country a story is about, counted over its whole body.

The pre-filter leaves most sentences of a story unparsed, so the actors of the parsed
ones undercount the country a story keeps naming ("Botswana" in every paragraph of a
story about hunting licences, most of them without an event). The names, other names
and adjectives of every country (``data/countries.tsv``) are counted over the body's
text with one regular expression; the country that clearly dominates is the story's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from eventwire.stages.actors.lexicon import country_forms
from eventwire.types import Document

MIN_FOCUS_MENTIONS = 2
MIN_FOCUS_SHARE = 0.4


@dataclass(frozen=True, slots=True)
class CountryCounter:
    """Counts each country's names in a text."""

    pattern: re.Pattern[str]
    countries: dict[str, str]

    @classmethod
    def load(cls) -> CountryCounter:
        """One pattern of every capitalised form ("the Philippines" is counted by
        "Philippines"), with the forms' shared beginnings factored out: Python's regular
        expressions try a plain alternation of 900 names one by one at every position."""
        forms = {form: code for form, code in country_forms().items() if form[0].isupper()}
        return cls(re.compile(rf"(?<![\w.])(?:{trie_pattern(forms)})(?!\w)"), forms)

    def counts(self, document: Document) -> Counter[str]:
        found: Counter[str] = Counter()
        for span in document.body:
            for match in self.pattern.finditer(document.text, span.start, span.end):
                found[self.countries[match.group()]] += 1
        return found

    def focus(self, document: Document) -> str | None:
        """The country named most, if at least twice, in at least 40% of the country
        mentions and more often than any other."""
        return dominant(self.counts(document))


def trie_pattern(words: Iterable[str]) -> str:
    """A pattern that matches exactly these words, longest first, as a trie of their
    characters ("Niger(?:ia)?" for Niger and Nigeria)."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(root)


def _branches(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [re.escape(char) + _branches(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    if len(branches) == 1 and not ends:
        return branches[0]
    body = "(?:" + "|".join(branches) + ")"
    return body + "?" if ends else body


def dominant(counts: Counter[str]) -> str | None:
    """The country that clearly leads the counts, if one does."""
    if not counts:
        return None
    (country, top), *rest = counts.most_common(2)
    runner_up = rest[0][1] if rest else 0
    total = sum(counts.values())
    if top >= MIN_FOCUS_MENTIONS and top / total >= MIN_FOCUS_SHARE and top > runner_up:
        return country
    return None
