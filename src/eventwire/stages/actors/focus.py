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
from dataclasses import dataclass

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
        """One pattern of every capitalised form, tried only where a capital starts a
        word ("the Philippines" is counted by "Philippines")."""
        forms = {form: code for form, code in country_forms().items() if form[0].isupper()}
        initials = "".join(sorted({re.escape(form[0]) for form in forms}))
        alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
        return cls(re.compile(rf"(?<![\w.])(?=[{initials}])(?:{alternatives})(?!\w)"), forms)

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
