"""The publication date a story can be trusted to have, with its source and confidence.

Every candidate is collected: the story's metadata, the page's HTML metadata, a date
in the URL path, a wire id that encodes one, a dated dateline, and date-only header
lines. Each source has a base trust. Clues adjust it: other sources giving the same
date, a content clue that bounds the date ("the 80th session of the UN General
Assembly" was written between June 2025 and September 2026), a header's weekday
that does or does not fit its date, a dateline's month and day. The best-scoring
date wins; every candidate that disagrees is kept as a conflict, and the reason
says why it lost.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from eventwire.stages.read.timestamps import MONTHS, safe_date

TRUST = {
    "metadata": 0.9,
    "html_meta": 0.85,
    "wire_id": 0.8,
    "url": 0.75,
    "dateline": 0.7,
    "header": 0.6,
}
AGREEMENT_BONUS = 0.1
CLUE_BONUS = 0.15
CLUE_PENALTY = 0.3
WEEKDAY_PENALTY = 0.2
MONTH_DAY_BONUS = 0.1
MIN_CONFIDENCE = 0.05
URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>\d{1,2}|[a-z]{3,9})[/-](?P<d>\d{1,2})(?=[/._-]|$)"
    r"|[/_-](?P<cy>(?:19|20)\d{2})(?P<cm>[01]\d)(?P<cd>[0-3]\d)(?=[/._-]|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateCandidate:
    """A date some part of the page gives for the story's publication."""

    source: str
    date: dt.date
    text: str = ""
    weekday: int | None = None


@dataclass(frozen=True, slots=True)
class DateClue:
    """Something the story says that bounds its date: ``start <= date < end``."""

    name: str
    start: dt.date
    end: dt.date
    text: str

    def admits(self, date: dt.date) -> bool:
        return self.start <= date < self.end


@dataclass(frozen=True, slots=True)
class PublicationDate:
    """The chosen date, where it came from, how sure, why, and who disagreed."""

    date: dt.date | None
    source: str | None
    confidence: float | None
    reason: str | None
    conflicts: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ClueRule:
    """A numbered recurring event (see data/date_clues.tsv)."""

    name: str
    first_year: int
    step: int
    start_months: int
    end_months: int
    pattern: re.Pattern[str]


def url_dates(url: str | None) -> list[DateCandidate]:
    """A date in a URL path: ``/2025/09/28/``, ``/2025/sep/28/``, ``-20250928``."""
    if not url:
        return []
    for match in URL_DATE.finditer(url):
        if match["y"]:
            month_text = match["m"]
            month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower())
            date = safe_date(int(match["y"]), month, int(match["d"])) if month else None
        else:
            date = safe_date(int(match["cy"]), int(match["cm"]), int(match["cd"]))
        if date:
            return [DateCandidate("url", date, match[0].strip("/_-"))]
    return []


def content_clues(text: str) -> list[DateClue]:
    """Date bounds from numbered recurring events the story names."""
    clues: list[DateClue] = []
    for rule in clue_rules():
        for match in rule.pattern.finditer(text):
            number = int(match[1])
            if number < 1:
                continue
            year = rule.first_year + rule.step * (number - 1)
            start = _add_months(dt.date(year, 1, 1), rule.start_months)
            end = _add_months(dt.date(year, 1, 1), rule.end_months)
            clues.append(DateClue(rule.name, start, end, match[0]))
    return clues


@cache
def clue_rules() -> tuple[ClueRule, ...]:
    """The clue table shipped in data/date_clues.tsv, read once."""
    text = resources.files("eventwire.stages.clean").joinpath("data/date_clues.tsv").read_text()
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(
        ClueRule(name, int(first), int(step), int(start), int(end), re.compile(pattern))
        for name, first, step, start, end, pattern in rows[1:]
    )


def choose_publication_date(
    candidates: Sequence[DateCandidate],
    clues: Sequence[DateClue] = (),
    *,
    month_day: tuple[int, int] | None = None,
) -> PublicationDate:
    """Score each candidate date and pick the best; the others are conflicts."""
    if not candidates:
        return PublicationDate(None, None, None, None, ())
    scores = {date: _score(date, candidates, clues, month_day) for date in _dates(candidates)}
    best = max(scores, key=lambda date: scores[date])
    winners = [c for c in candidates if c.date == best]
    losers = [c for c in candidates if c.date != best]
    runner_up = max((scores[c.date] for c in losers), default=0.0)
    confidence = max(MIN_CONFIDENCE, min(1.0, scores[best]) - 0.5 * max(runner_up, 0.0))
    conflicts = tuple(dict.fromkeys((c.source, c.date.isoformat()) for c in losers))
    return PublicationDate(
        date=best,
        source=winners[0].source,
        confidence=round(confidence, 2),
        reason=_reason(best, winners, losers, clues),
        conflicts=conflicts,
    )


def _dates(candidates: Sequence[DateCandidate]) -> list[dt.date]:
    return list(dict.fromkeys(c.date for c in candidates))


def _score(
    date: dt.date,
    candidates: Sequence[DateCandidate],
    clues: Sequence[DateClue],
    month_day: tuple[int, int] | None,
) -> float:
    backers = [c for c in candidates if c.date == date]
    best = max(_trust(c) for c in backers)
    sources = {c.source for c in backers}
    score = best + AGREEMENT_BONUS * (len(sources) - 1)
    for clue in clues:
        score += CLUE_BONUS if clue.admits(date) else -CLUE_PENALTY
    if month_day is not None and (date.month, date.day) == month_day:
        score += MONTH_DAY_BONUS
    return score


def _trust(candidate: DateCandidate) -> float:
    trust = TRUST.get(candidate.source, min(TRUST.values()))
    if candidate.weekday is not None and candidate.weekday != candidate.date.weekday():
        trust -= WEEKDAY_PENALTY
    return trust


def _reason(
    best: dt.date,
    winners: Sequence[DateCandidate],
    losers: Sequence[DateCandidate],
    clues: Sequence[DateClue],
) -> str:
    sources = list(dict.fromkeys(c.source for c in winners))
    verb = "give" if len(sources) > 1 else "gives"
    parts = [f"{' and '.join(sources)} {verb} {best.isoformat()}"]
    parts.extend(f"fits {_describe(clue)}" for clue in clues if clue.admits(best))
    for loser in losers:
        why = [f"outside {_describe(clue)}" for clue in clues if not clue.admits(loser.date)]
        if loser.weekday is not None and loser.weekday != loser.date.weekday():
            why.append("its weekday does not match its date")
        if not why:
            why.append(f"trust {_trust(loser):.2f} vs {max(_trust(w) for w in winners):.2f}")
        parts.append(f"{loser.source} {loser.date.isoformat()} lost ({'; '.join(why)})")
    return "; ".join(parts)


def _describe(clue: DateClue) -> str:
    last = clue.end - dt.timedelta(days=1)
    return f"'{clue.text}' ({clue.start.isoformat()}..{last.isoformat()})"


def _add_months(date: dt.date, months: int) -> dt.date:
    index = date.year * 12 + date.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
