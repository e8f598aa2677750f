"""Quotations in a story and who said them (found by the events stage, which gives
the "I" and "we" inside a quotation its speaker).

A quotation is the words between a pair of quotation marks (curly or straight) inside
one body paragraph, each mark read as opening or closing from the characters around
it; a mark left open is dropped when the next opening mark comes. Phrases of one or two
words in quotes are not quotations, nor is an unattributed one under eight words (a
name or a scare-quoted phrase).

The speaker is found from the reporting clause next to the quotation, in its sentence:
after it (``"...," Lavrov said``, ``"...," said the minister``, ``"...," he remarked``)
or before it (``Lavrov stated that "..."``, ``He noted, "..."``, ``according to X,
"..."``). The words of that clause become an actor through the actors the story's
parsed sentences already hold at those offsets (a pronoun there is already resolved
by coreference); failing that, a pronoun is the last person named before the quote
and a surname the person named earlier with it. A quotation with no reporting clause
continues the previous quotation's speaker when it starts within a few words of the
end of that quotation or of its reporting clause. A speaker that resolves to nobody is
kept with ``resolved`` false.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from eventwire.stages.actors.coreference import refer_to
from eventwire.types import Actor, Document, ParsedSentence, Quote, Span

MIN_QUOTE_WORDS = 3
# A quotation nobody is named for is kept only when it is long enough to be speech
# rather than a name or a scare-quoted phrase ("British Indian Ocean Territory").
MIN_UNATTRIBUTED_WORDS = 8
# A quotation with no reporting clause of its own continues the previous speaker's when
# it starts this close after the previous quotation ends.
GAP = 60
MAX_SPEAKER_WORDS = 9
# A reporting clause is looked for this far from the quotation, within its sentence.
CLAUSE_REACH = 160
REPORTING_FORMS = (
    "said|says|say|told|tells|stated|states|explained|explains|noted|notes|remarked|"
    "stressed|stresses|insisted|insists|declared|declares|added|adds|wrote|writes|"
    "claimed|claims|argued|argues|mentioned|confirmed|emphasized|emphasised|reiterated|"
    "warned|warns|asked|asks|replied|responded|continued|recalled|acknowledged|"
    "asserted|commented|tweeted|posted|announced|urged|urges|told\\s+reporters|"
    "said\\s+in\\s+a\\s+statement"
)
# Words of a speaker: no sentence punctuation and no quotation marks, but dotted
# abbreviations ("U.N. Ambassador").
SPEAKER_WORDS = r"(?:[A-Z]\.(?:[A-Z]\.)*|[^,.;:!?\"\u201c\u201d\n])"
CLAUSE_AFTER = (
    re.compile(
        rf"^[\s,]*(?P<cue>{REPORTING_FORMS})\s+(?P<who>{SPEAKER_WORDS}{{2,100}}?)"
        r"(?=\s*(?:[,.;:!?]|$|\s(?:on|in|at|during|after|before|when|while|as|to)\s))"
    ),
    re.compile(rf"^[\s,]*according\s+to\s+(?P<who>{SPEAKER_WORDS}{{2,100}}?)(?=\s*[,.;:!?]|$)"),
    re.compile(rf"^[\s,]*(?P<who>{SPEAKER_WORDS}{{1,100}}?)\s+(?P<cue>{REPORTING_FORMS})\b"),
    # "...," Frantz Exantus, Haiti's secretary of state, said at a news conference.
    re.compile(
        rf"^[\s,]*(?P<who>{SPEAKER_WORDS}{{2,60}}?),{SPEAKER_WORDS}{{2,120}}?,?"
        rf"\s+(?P<cue>{REPORTING_FORMS})\b"
    ),
)
CLAUSE_BEFORE = (
    re.compile(
        rf"(?P<who>{SPEAKER_WORDS}{{1,100}}?)\s+(?P<cue>{REPORTING_FORMS})"
        r"(?:\s+[^,:\"\u201c\u201d]{1,60}?)?"
        r"(?:\s+that)?\s*[,:]?\s*$"
    ),
    re.compile(rf"according\s+to\s+(?P<who>{SPEAKER_WORDS}{{2,100}}?)\s*,\s*$"),
)
QUOTE_MARK = re.compile('["\u201c\u201d]')
OPENING_MARKS = frozenset("\u201c")
CLOSING_MARKS = frozenset("\u201d")
# What may stand before an opening straight mark, and after a closing one.
OPEN_CONTEXT = frozenset("([{\u2014\u2013-/")
CLOSE_CONTEXT = frozenset(".,;:!?)]}\u2014\u2013-")
SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019)]*\s+(?=[\"\u201c(]?[A-Z])")
# Before an opening mark, a sentence also ends right where the mark is.
SENTENCE_END_BEFORE = re.compile(r"[.!?][\"\u201d\u2019)]*\s+(?=[\"\u201c(]?[A-Z]|$)")
LEADING_JOINERS = re.compile(r"^(?:and|but|while|as|so)\s+", re.IGNORECASE)
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
# Words that follow a reporting verb without being its speaker ("tweeted Monday").
NOT_SPEAKERS = frozenset(
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "today", "yesterday", "tonight", "last", "this", "next", "earlier", "later", "on",
        "in", "at", "that", "there", "it", "during", "after", "before",
    }
)  # fmt: skip
PERSON_BASES = frozenset({"person", "kb", "surname", "pronoun", "title", "apposition", "speaker"})
UNPARSED = -1


@dataclass(frozen=True, slots=True)
class Quoted:
    """The words inside a pair of quotation marks, and the marks' outer span."""

    start: int
    end: int
    outer_start: int
    outer_end: int


@dataclass(frozen=True, slots=True)
class Clause:
    """A reporting clause: the speaker's words and the verb, with offsets in the text."""

    who: str
    who_start: int
    who_end: int
    cue: str | None
    cue_start: int | None
    cue_end: int | None


def find_quotes(document: Document, sentences: Sequence[ParsedSentence]) -> tuple[Quote, ...]:
    """Every quotation of the story's body, in order, with its speaker."""
    actors = sorted(
        (actor for parsed in sentences for actor in parsed.actors), key=lambda a: a.start
    )
    quotes: list[Quote] = []
    previous: tuple[Quote, int] | None = None
    for span in document.body:
        for quoted in _quoted_spans(document.text, span):
            clause = _reporting_clause(document.text, span, quoted)
            speaker = _speaker(clause, actors, before=quoted.start) if clause else None
            if clause is None and previous is not None and quoted.outer_start - previous[1] <= GAP:
                speaker = previous[0].speaker
            words = len(document.text[quoted.start : quoted.end].split())
            if speaker is None and words < MIN_UNATTRIBUTED_WORDS:
                continue
            quote = Quote(
                quote_id=f"q{len(quotes) + 1}",
                story_id=document.doc_id,
                text=document.text[quoted.start : quoted.end],
                start=quoted.start,
                end=quoted.end,
                speaker=speaker,
                cue=clause.cue if clause else None,
                cue_start=clause.cue_start if clause else None,
                cue_end=clause.cue_end if clause else None,
            )
            quotes.append(quote)
            after_clause = clause is not None and clause.who_start >= quoted.outer_end
            previous = (quote, clause.who_end if clause and after_clause else quoted.outer_end)
    return tuple(quotes)


def _quoted_spans(text: str, span: Span) -> Iterator[Quoted]:
    """The words inside each pair of marks, trimmed of white space and a final comma.

    Each mark is read as opening or closing from the characters around it, so that one
    stray or missing mark does not turn the rest of the story inside out: an opening
    mark while a quotation is open starts the quotation again from there.
    """
    opened: int | None = None
    for match in QUOTE_MARK.finditer(text, span.start, span.end):
        at = match.start()
        side = _mark_side(text, at, span)
        if side == "open":
            opened = at
        elif side == "close" and opened is not None:
            start, end = opened + 1, at
            opened = None
            while start < end and text[start].isspace():
                start += 1
            while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
                end -= 1
            if len(text[start:end].split()) >= MIN_QUOTE_WORDS:
                yield Quoted(start=start, end=end, outer_start=start - 1, outer_end=at + 1)


def _mark_side(text: str, at: int, span: Span) -> str | None:
    """ "open", "close" or None (cannot tell) for the quotation mark at ``at``."""
    mark = text[at]
    if mark in OPENING_MARKS:
        return "open"
    if mark in CLOSING_MARKS:
        return "close"
    before = text[at - 1] if at > span.start else " "
    after = text[at + 1] if at + 1 < span.end else " "
    if (before.isspace() or before in OPEN_CONTEXT) and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in CLOSE_CONTEXT):
        return "close"
    return None


def _reporting_clause(text: str, span: Span, quoted: Quoted) -> Clause | None:
    """The clause that attributes the quotation: after it first, then before it."""
    close = quoted.outer_end
    after = text[close : min(span.end, close + CLAUSE_REACH)]
    after = after[: _sentence_length(after)]
    for pattern in CLAUSE_AFTER if _sentence_goes_on(text, quoted, after) else ():
        match = pattern.search(after)
        if match and _plausible_speaker(match.group("who")):
            return _clause(match, offset=close)
    open_ = quoted.outer_start
    before_start = max(span.start, open_ - CLAUSE_REACH)
    before = text[before_start:open_]
    cut = _last_sentence_start(before)
    for pattern in CLAUSE_BEFORE:
        match = pattern.search(before, cut)
        if match and _plausible_speaker(match.group("who")):
            return _clause(match, offset=before_start)
    return None


def _clause(match: re.Match[str], *, offset: int) -> Clause:
    who_start = match.start("who")
    who = match.group("who")
    joiner = LEADING_JOINERS.match(who)
    if joiner:
        who_start += joiner.end()
        who = who[joiner.end() :]
    cue = match.groupdict().get("cue")
    cue_start, cue_end = match.span("cue") if cue else (None, None)
    return Clause(
        who=who.strip(),
        who_start=offset + who_start,
        who_end=offset + who_start + len(who.rstrip()),
        cue=cue,
        cue_start=None if cue_start is None else offset + cue_start,
        cue_end=None if cue_end is None else offset + cue_end,
    )


def _sentence_goes_on(text: str, quoted: Quoted, after: str) -> bool:
    """False when the quotation ends its sentence ("... done." The judges added ...)."""
    last_inside = text[quoted.outer_end - 2] if quoted.outer_end >= 2 else ""
    following = after.lstrip()[:1]
    return not (last_inside in ".!?" and following.isupper())


def _sentence_length(text: str) -> int:
    match = SENTENCE_END.search(text)
    return match.start() + 1 if match else len(text)


def _last_sentence_start(text: str) -> int:
    ends = list(SENTENCE_END_BEFORE.finditer(text))
    return ends[-1].end() if ends else 0


def _plausible_speaker(who: str) -> bool:
    """A name, a pronoun or a short noun phrase; not a whole clause."""
    words = who.split()
    if not words or len(words) > MAX_SPEAKER_WORDS:
        return False
    first = LEADING_JOINERS.sub("", who).split()
    if not first:
        return False
    lowered = first[0].lower()
    if lowered in NOT_SPEAKERS:
        return False
    return (
        lowered in PERSON_PRONOUNS
        or lowered in {"they", "we", "the", "a", "an", "its", "his", "her", "their"}
        or any(word[:1].isupper() for word in words)
    )


def _speaker(clause: Clause, actors: Sequence[Actor], *, before: int) -> Actor:
    """The actor the clause names: one the actor stage found there, else by reference."""
    inside = [a for a in actors if a.start < clause.who_end and a.end > clause.who_start]
    if inside:
        return max(inside, key=lambda actor: (actor.end, actor.end - actor.start))
    words = clause.who.split()
    earlier = [actor for actor in actors if actor.end <= before]
    referent = None
    if len(words) == 1 and words[0].lower() in PERSON_PRONOUNS:
        referent = next((a for a in reversed(earlier) if _is_person(a)), None)
    elif words[-1][:1].isupper():
        surname = words[-1].lower()
        referent = next(
            (
                a
                for a in reversed(earlier)
                if _is_person(a) and a.name.lower().split()[-1:] == [surname]
            ),
            None,
        )
    return _actor_from_clause(clause, referent)


def _is_person(actor: Actor) -> bool:
    """A person the actor stage named or referred to ("person+story": country inferred)."""
    return actor.basis.split("+")[0] in PERSON_BASES


def _actor_from_clause(clause: Clause, referent: Actor | None) -> Actor:
    """The clause's words as an actor: the referent's identity when there is one."""
    mention = Actor(
        text=clause.who,
        name=clause.who,
        country=None,
        sectors=(),
        start=clause.who_start,
        end=clause.who_end,
        first_token=UNPARSED,
        last_token=UNPARSED,
        head_token=UNPARSED,
        resolved=False,
        basis="unresolved",
    )
    return mention if referent is None else refer_to(mention, referent, basis="quote speaker")
