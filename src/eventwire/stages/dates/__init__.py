"""Dates stage: when each event happened, resolved against the publication date.

The date of an event is the nearest temporal expression that governs its clause
("attacked on Thursday", or "said Monday that ..." for an event reported in that
clause), else one elsewhere in its sentence that does not date a planned event of its
own ("agreed to meet this fall" dates the meeting, not the agreement), else the date of
the story's dateline, else the publication date. Expressions are found in
``expressions.py`` and resolved in ``intervals.py`` relative to the publication date
and the tense of the clause they date: "Thursday" in a Friday story is the day before,
"on Monday" with a future verb is the next Monday, "this fall" is the autumn of the
publication year. Events dated more than ``historical_days`` before publication are
flagged historical unless already flagged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from eventwire.stages.dateline import Dateline, find_dateline
from eventwire.stages.dates.expressions import (
    LEADING_PREPS,
    Expression,
    attachment,
    find_expressions,
    in_other_clause,
)
from eventwire.stages.dates.intervals import Interval, Tense, format_value, resolve_text
from eventwire.stages.syntax import Tree
from eventwire.types import CodedDocument, DateSource, Event, EventDate, Sentence

__all__ = [
    "Expression",
    "apply",
    "date_document",
    "date_event",
    "find_expressions",
    "format_value",
    "resolve_text",
]

FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
FUTURE_GOVERNORS = frozenset(
    {"plan", "agree", "expect", "set", "schedule", "due", "aim", "intend", "prepare",
     "decide", "vow", "pledge", "promise", "hope", "go", "want", "seek", "propose"}
)  # fmt: skip
PAST_TAGS = frozenset({"VBD", "VBN"})
MAX_TENSE_DEPTH = 3


def apply(coded: Iterable[CodedDocument], *, historical_days: int) -> Iterator[CodedDocument]:
    """Date every event of every document."""
    for doc in coded:
        yield date_document(doc, historical_days=historical_days)


def date_document(doc: CodedDocument, *, historical_days: int) -> CodedDocument:
    """Give each event its date and flag old events as historical."""
    published = doc.document.published
    sentences = {parsed.sentence.index: parsed.sentence for parsed in doc.sentences}
    trees = {index: Tree.of(sentence.tokens) for index, sentence in sentences.items()}
    dateline = find_dateline(doc.document)
    found = {
        index: [e for e in find_expressions(tree) if not _in_dateline(e, dateline)]
        for index, tree in trees.items()
    }
    fallback = story_date(doc, published=published, dateline=dateline)
    events = tuple(
        date_event(
            event,
            sentences[event.sentence_index],
            published=published,
            historical_days=historical_days,
            tree=trees[event.sentence_index],
            expressions=found[event.sentence_index],
            fallback=fallback,
        )
        for event in doc.events
    )
    return dataclasses.replace(doc, events=events)


def story_date(
    doc: CodedDocument, *, published: dt.date | None, dateline: Dateline | None = None
) -> EventDate | None:
    """The date an event gets when nothing in its sentence dates it: the dateline's
    date ("KYIV, March 3 (Reuters) -"), else the publication date."""
    if published is None:
        return None
    dateline = dateline or find_dateline(doc.document)
    if dateline is not None and dateline.date is not None:
        interval = resolve_text(dateline.date, published=published)
        if interval is not None:
            return _event_date(
                interval,
                source="dateline",
                text=dateline.date,
                start=dateline.date_start,
                end=dateline.date_end,
            )
    return publication_date(published)


def publication_date(published: dt.date) -> EventDate:
    """The fallback date: the day the story was published."""
    return EventDate(
        value=published.isoformat(),
        start=published,
        end=published,
        granularity="day",
        source="publication",
    )


def date_event(
    event: Event,
    sentence: Sentence,
    *,
    published: dt.date | None,
    historical_days: int,
    tree: Tree | None = None,
    expressions: Sequence[Expression] | None = None,
    fallback: EventDate | None = None,
) -> Event:
    """Resolve one event's date and apply the historical rule."""
    tree = tree or Tree.of(sentence.tokens)
    if expressions is None:
        expressions = find_expressions(tree)
    date = None
    if published is not None:
        announced = event.planned is not None and event.planned.token == event.trigger_token
        # "will meet next week" is an AGREE made now: next week dates the meeting only
        own = (
            None if announced else resolve_event_date(event, tree, expressions, published=published)
        )
        date = own or fallback or publication_date(published)
    aux = event.aux
    if (
        aux is None
        and date is not None
        and published is not None
        and (published - date.end).days > historical_days
    ):
        aux = "historical"
    planned = event.planned
    if planned is not None and published is not None:
        # the act a statement is about has its own time, read as still to come
        about = dataclasses.replace(event, trigger_token=planned.token, aux="future")
        planned_date = resolve_event_date(about, tree, expressions, published=published)
        planned = dataclasses.replace(planned, date=planned_date)
    return dataclasses.replace(event, date=date, aux=aux, planned=planned)


def resolve_event_date(
    event: Event, tree: Tree, expressions: Sequence[Expression], *, published: dt.date
) -> EventDate | None:
    """The event's date from its sentence, or None when no expression there dates it."""
    trigger = event.trigger_token
    # The trigger, the clauses governing it, then verbs coordinated with it, which
    # often share its adjunct ("was arrested and sentenced in 2011").
    conjuncts = [c for c in tree.kids(trigger, "conj") if tree.tokens[c].pos in {"VERB", "AUX"}]
    chain = [trigger, *tree.ancestors(trigger), *conjuncts]
    governing: list[tuple[int, int, Expression]] = []
    elsewhere: list[tuple[int, Expression]] = []
    for expression in expressions:
        inside = range(expression.first, expression.last + 1)
        if any(token in inside for token in chain[1:]):
            # "since August 2022, when the president called for war": the event's
            # clause describes the expression's time itself
            bare = expression.text.split(maxsplit=1)
            leading_prep = len(bare) == 2 and bare[0].lower() in LEADING_PREPS
            text = bare[1] if leading_prep else expression.text
            interval = resolve_text(text, published=published)
            if interval is not None:
                return _from_expression(interval, expression)
        position = attachment(expression, tree, chain)
        distance = min(abs(expression.first - trigger), abs(expression.last - trigger))
        if position is not None:
            governing.append((position, distance, expression))
        elif not in_other_clause(expression, tree, chain):
            elsewhere.append((distance, expression))
    for position, _, expression in sorted(governing, key=lambda item: item[:2]):
        tense = clause_tense(chain[position], tree, future=event.aux == "future")
        interval = resolve_text(expression.text, published=published, tense=tense)
        if interval is not None:
            return _from_expression(interval, expression)
    tense = clause_tense(trigger, tree, future=event.aux == "future")
    for _, expression in sorted(elsewhere, key=lambda item: item[0]):
        interval = resolve_text(expression.text, published=published, tense=tense)
        if interval is not None:
            return _from_expression(interval, expression)
    return None


def clause_tense(clause: int, tree: Tree, *, future: bool = False) -> Tense:
    """The tense an expression in this clause is read with: "will meet on Monday",
    "set to vote Friday" and "holding a summit in June would be" look ahead, "met on
    Monday" looks back. A gerund, infinitive or noun takes the tense of the verb
    governing it."""
    current: int | None = clause
    for _ in range(MAX_TENSE_DEPTH):
        if current is None:
            break
        token = tree.tokens[current]
        auxiliaries = [tree.tokens[c] for c in tree.kids(current, "aux", "auxpass")]
        if any(a.text.lower() in FUTURE_AUX or a.lemma in FUTURE_AUX for a in auxiliaries):
            return "future"
        if any(a.tag == "MD" for a in auxiliaries):
            return "future"  # "could meet in June", "would be held in June": not before now
        head = tree.head_of(current)
        planned = head is not None and tree.tokens[head].lemma in FUTURE_GOVERNORS
        if planned and any(a.tag == "TO" for a in auxiliaries):
            return "future"
        if token.tag in PAST_TAGS or any(a.tag in PAST_TAGS for a in auxiliaries):
            return "past"
        if token.tag in {"VBZ", "VBP"}:
            return "future" if future else "present"
        current = head
    return "future" if future else "past"


def _in_dateline(expression: Expression, dateline: Dateline | None) -> bool:
    if dateline is None or dateline.date_start is None or dateline.date_end is None:
        return False
    return expression.start < dateline.date_end and dateline.date_start < expression.end


def _from_expression(interval: Interval, expression: Expression) -> EventDate:
    return _event_date(
        interval, source="text", text=expression.text, start=expression.start, end=expression.end
    )


def _event_date(
    interval: Interval, *, source: DateSource, text: str, start: int | None, end: int | None
) -> EventDate:
    return EventDate(
        value=format_value(interval.start, interval.end),
        start=interval.start,
        end=interval.end,
        granularity=interval.granularity,
        source=source,
        text=text,
        text_start=start,
        text_end=end,
        alternatives=tuple(format_value(first, last) for first, last in interval.alternatives),
    )
