"""Temporal expressions in a parsed sentence, and which clause each one dates.

Expressions are spaCy's DATE entities (tokens with ``ent == "DATE"``) plus the time
words the model misses ("this upcoming fall", "earlier this year"), grown over their
modifiers and a leading preposition ("on Thursday", "by the end of the year", "from
Monday to Wednesday"). An expression dates the clause it hangs from: walking up the
dependency tree from it, the first token of the event's clause chain it reaches, unless
another verb's clause comes first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from eventwire.stages.dates.intervals import RELATIVE_DAYS, SEASONS
from eventwire.stages.read.timestamps import MONTHS, WEEKDAYS
from eventwire.stages.syntax import Tree
from eventwire.types import Token

UNIT_WORDS = frozenset({"week", "weeks", "weekend", "month", "months", "year", "years",
                        "decade", "decades", "day", "days"})  # fmt: skip
DEICTIC_WORDS = frozenset({"this", "last", "next", "past", "coming", "previous", "upcoming",
                           "earlier", "later", "following", "ago"})  # fmt: skip
MODIFIER_WORDS = frozenset(
    {*DEICTIC_WORDS, "early", "mid", "late", "the", "end", "beginning", "start", "middle",
     "of", "-", "several", "few", "couple", "a"}
)  # fmt: skip
LEADING_PREPS = frozenset({"on", "in", "by", "since", "during", "from", "between", "until",
                           "through", "at", "over", "within", "as"})  # fmt: skip
RANGE_JOINERS = frozenset({"to", "until", "through", "and", "-", "\u2013", "till"})
MONTH_ABBREVIATIONS = frozenset(
    {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)
MONTH_LEADS = frozenset({"in", "early", "late", "mid", "-", "last", "next", "this", "of",
                         "since", "by", "until", "from", "through", "during", "before",
                         "after", "between", "and", "to", "on", "each", "every"})  # fmt: skip
YEAR_NUMBER = re.compile(r"^(1[89]\d{2}|20\d{2})s?$")
NUMERIC_DATE = re.compile(r"^\d{1,2}/\d{1,2}(/\d{2,4})?$|^\d{4}-\d{1,2}-\d{1,2}$")
PRENOMINAL_DEPS = frozenset({"compound", "amod", "nmod", "poss", "nummod", "npadvmod"})
OWN_CLAUSE_DEPS = frozenset(
    {"ccomp", "xcomp", "advcl", "conj", "parataxis", "relcl", "csubj", "pcomp"}
)
YEAR_PREPS = frozenset({"in", "since", "by", "until", "from", "between", "before", "after",
                        "during", "of", "through", "to"})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Expression:
    """A temporal expression: its tokens (inclusive), text and character offsets."""

    first: int
    last: int
    text: str
    start: int
    end: int


RECORD_PREPS = frozenset({"in", "for"})
RECORD_WORDS = frozenset({"first", "last", "only"})


def find_expressions(tree: Tree) -> list[Expression]:
    """Every temporal expression of a sentence, left to right, without overlaps."""
    tokens = tree.tokens
    seeds = [i for i, token in enumerate(tokens) if _is_seed(tokens, i)]
    spans: list[tuple[int, int]] = []
    for seed in seeds:
        if spans and spans[-1][0] <= seed <= spans[-1][1]:
            continue
        first, last = _grow(tokens, seed)
        if spans and first <= spans[-1][1] + 1:
            first = spans.pop()[0]
        spans.append((first, last))
    spans = _join_ranges(tokens, spans)
    return [
        _expression(tokens, first, last)
        for first, last in spans
        if not _measures_a_record(tree, first, last)
    ]


def _measures_a_record(tree: Tree, first: int, last: int) -> bool:
    """ "The first visit in 25 years", "the worst drought in decades", "the highest level
    in a year": a stretch of time that measures a record is no date."""
    inside = range(first, last + 1)
    head = next((i for i in inside if tree.tokens[i].head not in inside), None)
    if head is None:
        return False
    # the expression may or may not hold its preposition ("in 25 years" / "25 years")
    prep = head if tree.tokens[head].dep == "prep" else tree.tokens[head].head
    if tree.tokens[prep].dep != "prep" or tree.tokens[prep].lemma not in RECORD_PREPS:
        return False
    holder = tree.tokens[prep].head
    holders = [holder, *tree.kids(holder, "amod", "advmod")]
    return any(
        tree.tokens[i].tag in {"JJS", "RBS"} or tree.tokens[i].lemma.lower() in RECORD_WORDS
        for i in holders
    )


def _is_seed(tokens: Sequence[Token], i: int) -> bool:
    token = tokens[i]
    lower = token.text.lower().rstrip(".")
    if token.ent == "DATE":
        return _is_time_word(tokens, i)
    if lower in WEEKDAYS or lower in RELATIVE_DAYS:
        return True
    if lower in MONTHS:
        # "March 3", "in late February", "last December"; not "the Women's March"
        before = tokens[i - 1].text.lower() if i else ""
        after = tokens[i + 1].text if i + 1 < len(tokens) else ""
        return token.text[:1].isupper() and (after[:1].isdigit() or before in MONTH_LEADS)
    if lower in SEASONS:
        # "this fall", "in the spring"; never "the Arab Spring" or "a fall in prices"
        return token.text.islower() and _has_time_modifier(tokens, i)
    if lower in UNIT_WORDS:
        return _has_time_modifier(tokens, i) or _next_is(tokens, i, "ago")
    if NUMERIC_DATE.match(token.text):
        return True
    if YEAR_NUMBER.match(token.text):
        return i > 0 and tokens[i - 1].text.lower() in YEAR_PREPS
    return False


def _is_time_word(tokens: Sequence[Token], i: int) -> bool:
    lower = tokens[i].text.lower().rstrip(".")
    return (
        lower in WEEKDAYS
        or lower in MONTHS
        or lower in SEASONS
        or lower in RELATIVE_DAYS
        or lower in UNIT_WORDS
        or bool(YEAR_NUMBER.match(tokens[i].text))
        or bool(NUMERIC_DATE.match(tokens[i].text))
        or lower.isdigit()
    )


def _has_time_modifier(tokens: Sequence[Token], i: int) -> bool:
    window = [t.text.lower() for t in tokens[max(0, i - 3) : i]]
    return any(word in DEICTIC_WORDS | {"early", "late", "mid", "the", "this"} for word in window)


def _next_is(tokens: Sequence[Token], i: int, text: str) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1].text.lower() == text


def _grow(tokens: Sequence[Token], seed: int) -> tuple[int, int]:
    """Extend a seed over its DATE entity, modifiers, numbers and a leading preposition."""
    first = last = seed
    while last + 1 < len(tokens) and _continues(tokens, last + 1):
        last += 1
    while first > 0 and _precedes(tokens, first - 1) and _hangs_inside(tokens, first - 1, last):
        first -= 1
    while last > first and tokens[last].text.lower() in MODIFIER_WORDS | {",", "of", "the"}:
        last -= 1
    if first > 0 and tokens[first - 1].text.lower() in LEADING_PREPS:
        prep = first - 1
        if any(tokens[i].head == prep for i in range(first, last + 1)):
            first = prep
    return first, last


def _hangs_inside(tokens: Sequence[Token], i: int, last: int) -> bool:
    """A modifier joins the expression only when it modifies a word of it: "the" in
    "the end of the year", not in "the February 8 election"."""
    return tokens[i].ent == "DATE" or i < tokens[i].head <= last


def _continues(tokens: Sequence[Token], i: int) -> bool:
    token = tokens[i]
    lower = token.text.lower()
    if token.ent == "DATE" and token.ent_iob != "B":
        return True
    if lower == "ago":
        return True
    if lower == "." and i > 0:
        # the period of an abbreviated month ("Sept . 30"), never a sentence's full stop
        return tokens[i - 1].text.lower() in MONTH_ABBREVIATIONS
    if lower == "," and i + 1 < len(tokens) and YEAR_NUMBER.match(tokens[i + 1].text):
        return True
    if YEAR_NUMBER.match(token.text) or (lower.isdigit() and len(lower) <= 2):
        return True
    if re.fullmatch(r"\d{1,2}(st|nd|rd|th)", lower) or lower in {"st", "nd", "rd", "th"}:
        return True
    return _is_time_word(tokens, i) and token.ent in {"DATE", ""}


def _precedes(tokens: Sequence[Token], i: int) -> bool:
    token = tokens[i]
    lower = token.text.lower()
    if token.ent == "DATE":
        return True
    return lower in MODIFIER_WORDS or (lower.isdigit() and len(lower) <= 2) or lower in {
        "the", "next", "last"} or bool(re.fullmatch(r"\d{1,2}(st|nd|rd|th)", lower))  # fmt: skip


def _join_ranges(tokens: Sequence[Token], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "from Monday to Wednesday", "between 2019 and 2021": one expression."""
    joined: list[tuple[int, int]] = []
    for span in spans:
        if joined:
            previous = joined[-1]
            gap = tokens[previous[1] + 1 : span[0]]
            if len(gap) == 1 and gap[0].text.lower() in RANGE_JOINERS:
                joined[-1] = (previous[0], span[1])
                continue
        joined.append(span)
    return joined


def _expression(tokens: Sequence[Token], first: int, last: int) -> Expression:
    text = "".join(
        token.text + (" " if i < last and tokens[i + 1].start > token.end else "")
        for i, token in enumerate(tokens[first : last + 1], start=first)
    )
    return Expression(first, last, text, tokens[first].start, tokens[last].end)


def head_of_expression(expression: Expression, tree: Tree) -> int:
    """The token through which the expression hangs on the rest of the sentence."""
    inside = range(expression.first, expression.last + 1)
    for i in inside:
        head = tree.head_of(i)
        if head is None or head not in inside:
            return i
    return expression.first


def modified_noun(expression: Expression, tree: Tree) -> int | None:
    """The noun an expression modifies from in front ("the 2015 nuclear deal",
    "Tuesday's attack"): it dates that noun, nothing else."""
    head = head_of_expression(expression, tree)
    noun = tree.head_of(head)
    if noun is None or noun <= expression.last or tree.tokens[head].dep not in PRENOMINAL_DEPS:
        return None
    return noun if tree.tokens[noun].pos in {"NOUN", "PROPN"} else None


def attachment(expression: Expression, tree: Tree, chain: Sequence[int]) -> int | None:
    """The position in ``chain`` (the event's trigger, then the clauses governing it)
    that the expression dates, or None when another clause's verb comes first."""
    noun = modified_noun(expression, tree)
    if noun is not None:
        return 0 if chain and noun == chain[0] else None
    positions = {token: index for index, token in enumerate(chain)}
    current = tree.head_of(head_of_expression(expression, tree))
    inside = range(expression.first, expression.last + 1)
    while current is not None:
        if current in positions:
            return positions[current]
        if current not in inside and tree.tokens[current].pos in {"VERB", "AUX"}:
            return None
        current = tree.head_of(current)
    return None


def in_other_clause(expression: Expression, tree: Tree, chain: Sequence[int]) -> bool:
    """Whether the expression dates a clause of its own outside the event's chain: a
    complement, conjunct or adverbial clause, or one that is planned or hypothetical
    ("agreed to hold talks this fall", "hopes Trump will extend it until 2026").
    A participle modifying a noun ("a message released Sunday") is not such a clause."""
    if modified_noun(expression, tree) is not None:
        return True
    current = tree.head_of(head_of_expression(expression, tree))
    while current is not None and current not in chain:
        token = tree.tokens[current]
        if token.pos in {"VERB", "AUX"}:
            auxiliaries = [tree.tokens[c] for c in tree.kids(current, "aux", "auxpass")]
            if token.dep in OWN_CLAUSE_DEPS or any(a.tag in {"TO", "MD"} for a in auxiliaries):
                return True
        current = tree.head_of(current)
    return False
