"""The pipeline: stages in order, from inputs to coded documents and rejections.

read -> clean -> nlp -> actors -> events (with quotes) -> dates -> places -> occurrences.
Each stage's ``load`` builds its heavy data once; ``run`` streams documents through
all of them.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from eventwire.config import Settings
from eventwire.stages import actors, clean, dates, events, nlp, places, read
from eventwire.stages.actors.dictionaries import read_dictionaries
from eventwire.stages.actors.lexicon import ActorLexicon, load_rows
from eventwire.stages.actors.persons import PersonBase, load_persons
from eventwire.stages.events import occurrences
from eventwire.stages.events.classifier import EventJudge
from eventwire.stages.places.gazetteer import Gazetteer
from eventwire.types import CodedDocument, Document, Rejection, Sentence

log = logging.getLogger(__name__)

# The engine builds many small records that live as long as their story (a Token per
# word), so the garbage collector's first generation, swept every 700 new container
# objects by default, finds little garbage at a cost of about 2 ms a VOA story (of 53).
# A loaded engine raises that threshold for its process (never lowers it).
GC_YOUNG_THRESHOLD = 10_000

STAGES = ("read", "clean", "nlp", "actors", "events", "dates", "places", "occurrences")


@dataclass(frozen=True, slots=True)
class Engine:
    """Every stage loaded once, with the settings it was loaded with."""

    settings: Settings
    parse: nlp.Parser
    resolve: actors.Resolver
    code: events.Coder
    lexicon: ActorLexicon
    persons: PersonBase
    gazetteer: Gazetteer

    def code_documents(self, docs: Iterable[Document]) -> Iterator[CodedDocument]:
        """Parse, resolve actors, code events, date and place them, make each occurrence
        one event, find the quotations."""
        return self._after_events(self.code(self.resolve(self.parse(docs))))

    def code_each(self, docs: Iterable[Document]) -> Iterator[CodedDocument | Rejection]:
        """Like ``code_documents``, but a story that crashes a stage becomes a Rejection
        (logged with its traceback) and the run goes on with the next one."""
        for doc, sentences in self.parse(docs):
            try:
                [coded] = self._code_parsed(doc, sentences)
            except Exception as exc:  # a bug in a stage must not cost the other stories
                log.exception("%s crashed after parsing", doc.doc_id)
                yield Rejection(
                    doc_id=doc.doc_id,
                    stage="code",
                    reason=f"internal error: {type(exc).__name__}",
                    path=doc.path,
                    position=doc.position,
                )
                continue
            yield coded

    def _code_parsed(self, doc: Document, sentences: tuple[Sentence, ...]) -> list[CodedDocument]:
        return list(self._after_events(self.code(self.resolve([(doc, sentences)]))))

    def _after_events(self, coded: Iterable[CodedDocument]) -> Iterator[CodedDocument]:
        """The stages after the events: dates, places, one event per occurrence."""
        dated = dates.apply(coded, historical_days=self.settings.historical_days)
        placed = places.apply(dated, gazetteer=self.gazetteer)
        return occurrences.apply(placed)


def load_engine(settings: Settings) -> Engine:
    """Load the model and every table; raises ConfigError when something is missing."""
    parse = nlp.load(
        model=settings.model,
        batch_size=settings.batch_size,
        max_sentence_chars=settings.max_sentence_chars,
        prefilter=settings.prefilter,
    )
    user = read_dictionaries(Path(path) for path in settings.actor_dictionaries)
    persons = load_persons().merged_with(user.knowledge_base())
    lexicon = ActorLexicon(
        [*user.roles, *persons.lexicon_rows(), *load_rows()], tokenize=nlp.tokenize_phrases
    )
    engine = Engine(
        settings=settings,
        parse=parse,
        resolve=actors.load(lexicon=lexicon, persons=persons),
        code=events.load(judge=EventJudge() if settings.event_classifier else None),
        lexicon=lexicon,
        persons=persons,
        gazetteer=places.load(),
    )
    collect_garbage_less_often()
    return engine


def collect_garbage_less_often() -> None:
    """Raise the collector's first threshold to ``GC_YOUNG_THRESHOLD`` (see there)."""
    young, *older = gc.get_threshold()
    gc.set_threshold(max(young, GC_YOUNG_THRESHOLD), *older)


def run(
    items: Iterable[Document | Rejection], *, engine: Engine
) -> Iterator[CodedDocument | Rejection]:
    """Clean and code documents; Rejections pass through in order as they arise.

    A duplicate of an earlier story (``document.duplicate_of`` set) is not coded: it
    comes out as a CodedDocument with no sentences and no events.
    """
    pending: list[CodedDocument | Rejection] = []

    def documents() -> Iterator[Document]:
        for item in clean.load(engine.settings)(items):
            if isinstance(item, Rejection):
                log.info("%s rejected at %s: %s", item.doc_id or item.path, item.stage, item.reason)
                pending.append(item)
            elif item.duplicate_of is not None:
                log.info("%s is a duplicate of %s", item.doc_id, item.duplicate_of)
                pending.append(CodedDocument(document=item, sentences=(), events=()))
            else:
                yield item

    for coded in engine.code_each(documents()):
        yield from _drain(pending)
        if isinstance(coded, CodedDocument) and engine.settings.min_confidence > 0:
            coded = _filter_confidence(coded, engine.settings.min_confidence)
        yield coded
    yield from _drain(pending)


def process(
    paths: Iterable[str],
    *,
    settings: Settings | None = None,
    fields: read.FieldMap = read.DEFAULT_FIELDS,
) -> Iterator[CodedDocument | Rejection]:
    """Read and code files, directories or globs; the library's one-call entry point.

    ``fields`` maps record fields of JSON Lines and CSV inputs onto story fields
    (``read.FieldMap.parse(["text=body"])``).
    """
    engine = load_engine(settings or Settings.load())
    return run(read.read_paths(paths, fields=fields), engine=engine)


def _drain(pending: list[CodedDocument | Rejection]) -> Iterator[CodedDocument | Rejection]:
    while pending:
        yield pending.pop(0)


def _filter_confidence(coded: CodedDocument, minimum: float) -> CodedDocument:
    from dataclasses import replace

    return replace(coded, events=tuple(e for e in coded.events if e.confidence >= minimum))
