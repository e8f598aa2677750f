from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from eventwire.config import Settings
from eventwire.errors import ConfigError
from eventwire.stages import prefilter
from eventwire.stages.nlp import parse_documents
from eventwire.types import Document, Span

FORMS = prefilter.load_forms()


@pytest.fixture(scope="module")
def blank_nlp() -> Any:
    """A tokenizer and rule sentencizer: offsets and sentence bounds, no model needed."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _document(text: str, *paragraphs: tuple[int, int]) -> Document:
    body = tuple(Span(start=s, end=e) for s, e in paragraphs) or (Span(start=0, end=len(text)),)
    return Document(doc_id="d1", text=text, body=body)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # titles and dotted acronyms do not end a sentence
        (
            "Mr. Biden met U.S. envoys. They left.",
            ["Mr. Biden met U.S. envoys.", "They left."],
        ),
        # a month abbreviation and a middle initial
        (
            "On Sept. 5, George W. Bush spoke. Troops withdrew.",
            ["On Sept. 5, George W. Bush spoke.", "Troops withdrew."],
        ),
        # a question ends one; an exclamation inside a quote before 'he said' does not
        (
            'Why? "We will fight!" he said. Gen. Smith agreed.',
            ["Why?", '"We will fight!" he said.', "Gen. Smith agreed."],
        ),
        # no capital after the period: not a boundary ("3.5 percent", "e.g. this")
        (
            "Growth was 3.5 percent in the U.N. report.",
            ["Growth was 3.5 percent in the U.N. report."],
        ),
    ],
)
def test_split_sentences_respects_abbreviations(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in prefilter.split_sentences(text)] == expected


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("attacked", "attack"),
        ("banned", "ban"),  # consonant doubling
        ("levelled", "level"),  # British doubling of l
        ("occupied", "occupy"),  # y -> ied
        ("struck", "strike"),  # irregular past
        ("withdrew", "withdraw"),
        ("sanctions", "sanction"),
        ("talks", "talk"),
    ],
)
def test_load_forms_has_inflections_of_trigger_lemmas(word: str, lemma: str) -> None:
    assert word in FORMS, lemma


def test_could_hold_event_skips_sentences_without_a_trigger_word() -> None:
    assert not prefilter.could_hold_event("The weather in Paris was mild on Tuesday.", FORMS)
    assert prefilter.could_hold_event("Police arrested three protesters.", FORMS)


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("The minister came back from Paris on Monday.", False),  # "back" the adverb
        ("The concert was held in a park in Lagos.", False),  # "in" is no sit-in
        ("Farmers held a sit-in outside parliament.", True),
        ("Ghana's leader backed the plan.", True),
        ("The band played in Accra.", False),  # not a form of "ban"
        ("Parliament banned the party.", True),
        ("The democratic process continues, he said.", False),  # "anti-democratic" is
        ("The law is anti-democratic, he said.", True),  # one word of harsh judgement
    ],
)
def test_could_hold_event_needs_a_real_cue(sentence: str, kept: bool) -> None:
    assert prefilter.could_hold_event(sentence, FORMS) is kept


def test_select_keeps_the_sentence_that_names_both_countries() -> None:
    text = "Rain fell. Chile and Peru were allies. Both countries recalled their envoys."
    pieces, found = prefilter.select(text, FORMS)
    assert found == 3
    assert [text[p.start : p.end] for p in pieces] == [
        "Chile and Peru were allies. Both countries recalled their envoys."
    ]


def test_parse_documents_keeps_exact_offsets_of_kept_sentences(blank_nlp: Any) -> None:
    text = "HEADLINE\n\nThe weather was mild. Police arrested three protesters in Kyiv."
    doc = _document(text, (10, len(text)))
    [(_, sentences)] = parse_documents(
        blank_nlp, [doc], batch_size=4, max_sentence_chars=2000, forms=FORMS
    )
    [sentence] = sentences
    assert sentence.text == "Police arrested three protesters in Kyiv."
    assert text[sentence.start : sentence.end] == sentence.text
    for token in sentence.tokens:
        assert text[token.start : token.end] == token.text
    assert (sentence.index, sentence.paragraph) == (1, 0)


def test_parse_documents_indexes_increase_across_paragraphs(blank_nlp: Any) -> None:
    text = "Rain fell. Troops attacked a post.\nIt was cold. Leaders met in Doha."
    doc = _document(text, (0, 34), (35, len(text)))
    [(_, sentences)] = parse_documents(
        blank_nlp, [doc], batch_size=4, max_sentence_chars=2000, forms=FORMS
    )
    assert [(s.text, s.index, s.paragraph) for s in sentences] == [
        ("Troops attacked a post.", 1, 0),
        ("Leaders met in Doha.", 3, 1),
    ]


def test_parse_documents_without_prefilter_parses_every_sentence(blank_nlp: Any) -> None:
    text = "The weather was mild. Police arrested three protesters."
    [(_, sentences)] = parse_documents(
        blank_nlp, [_document(text)], batch_size=4, max_sentence_chars=2000
    )
    assert [(s.text, s.index) for s in sentences] == [
        ("The weather was mild.", 0),
        ("Police arrested three protesters.", 1),
    ]


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("0", False), ("FALSE", False), ("1", True)]
)
def test_settings_prefilter_reads_booleans_from_environment(raw: str, expected: bool) -> None:
    assert Settings.load(environ={"EVENTWIRE_PREFILTER": raw}).prefilter is expected


def test_settings_prefilter_rejects_other_values() -> None:
    with pytest.raises(ConfigError, match="must be true or false"):
        Settings.load(environ={"EVENTWIRE_PREFILTER": "maybe"})


@pytest.mark.model
def test_load_with_prefilter_parses_fewer_sentences_at_exact_offsets() -> None:
    model = Settings.load(environ={}).model
    if importlib.util.find_spec(model) is None:
        pytest.skip(f"spaCy model {model} is not installed")
    from eventwire.stages import nlp

    text = (
        "KYIV, Ukraine - The morning was grey and cold. Russian forces shelled the city "
        "overnight, officials said. Foreign Minister Dmytro Kuleba spoke later. He "
        "condemned the attack. Markets were calm."
    )
    doc = _document(text)
    [(_, every)] = nlp.load(model=model, batch_size=4, max_sentence_chars=2000)([doc])
    [(_, kept)] = nlp.load(model=model, batch_size=4, max_sentence_chars=2000, prefilter=True)(
        [doc]
    )
    assert [s.text for s in kept] == [
        "Russian forces shelled the city overnight, officials said.",
        "Foreign Minister Dmytro Kuleba spoke later.",
        "He condemned the attack.",
    ]
    assert len(every) == 5
    assert [s.index for s in kept] == [1, 2, 3]
    for sentence in kept:
        assert all(text[t.start : t.end] == t.text for t in sentence.tokens)
        assert all(text[m.start : m.end] == m.text for m in sentence.mentions)


@pytest.mark.model
def test_load_language_multiplies_with_numpy_on_one_blas_thread() -> None:
    model = Settings.load(environ={}).model
    if importlib.util.find_spec(model) is None:
        pytest.skip(f"spaCy model {model} is not installed")
    from threadpoolctl import threadpool_info

    from eventwire.stages import nlp

    language = nlp.load_language(model)
    for name in ("tok2vec", "ner"):
        assert language.get_pipe(name).model.ops.use_blis is False
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas
    assert all(pool["num_threads"] == nlp.BLAS_THREADS for pool in blas)


def _sentence_by_token_attributes(sent: Any, *, doc_id: str, index: int, offset: int) -> Any:
    """The Sentence record as read through spaCy Token attributes (the slow way)."""
    from eventwire.stages.nlp import ENTITY_LABELS
    from eventwire.types import Mention, Sentence, Token

    first = sent.start
    tokens = tuple(
        Token(
            i=t.i - first,
            text=t.text,
            lemma=t.lemma_.lower(),
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i - first,
            start=offset + t.idx,
            end=offset + t.idx + len(t.text),
            ent=ENTITY_LABELS.get(t.ent_type_, "OTHER" if t.ent_type_ else ""),
            ent_iob=t.ent_iob_ if t.ent_type_ else "",
        )
        for t in sent
    )
    mentions = tuple(
        Mention(
            doc_id=doc_id,
            sent=index,
            start=offset + e.start_char,
            end=offset + e.end_char,
            text=e.text,
            label=ENTITY_LABELS.get(e.label_, "OTHER"),  # type: ignore[arg-type]
            first_token=e.start - first,
            last_token=e.end - 1 - first,
        )
        for e in sent.ents
    )
    return Sentence(
        doc_id=doc_id,
        index=index,
        start=offset + sent.start_char,
        end=offset + sent.end_char,
        text=sent.text,
        tokens=tokens,
        mentions=mentions,
    )


def test_read_doc_gives_what_token_attributes_give() -> None:
    import spacy
    from spacy.tokens import Doc

    from eventwire.stages.nlp import Names, read_doc

    vocab = spacy.blank("en").vocab
    # two sentences; double spaces and a newline token; an entity in each sentence, one
    # of two tokens ending the first; heads before and after their tokens; a lemma with
    # capitals; an entity label the stage does not keep (OTHER)
    words = ["Troops", "of", "Russia", "Federation", "shelled", ".", "\n", "Kyiv", "  ", "fell"]
    spaces = [True, True, True, False, True, False, False, True, False, False]
    doc = Doc(
        vocab,
        words=words,
        spaces=spaces,
        pos=["NOUN", "ADP", "PROPN", "PROPN", "VERB", "PUNCT", "SPACE", "PROPN", "SPACE", "VERB"],
        tags=["NNS", "IN", "NNP", "NNP", "VBD", ".", "_SP", "NNP", "_SP", "VBD"],
        heads=[4, 0, 3, 1, 4, 4, 5, 9, 7, 9],
        deps=["nsubj", "prep", "compound", "pobj", "ROOT", "punct", "dep", "nsubj", "dep", "ROOT"],
        lemmas=["Troop", "of", "Russia", "Federation", "shell", ".", "\n", "Kyiv", "  ", "fall"],
        ents=["O", "O", "B-GPE", "I-GPE", "O", "O", "O", "B-PRODUCT", "O", "O"],
        sent_starts=[True, False, False, False, False, False, False, True, False, False],
    )
    parsed = read_doc(doc, names=Names())
    sents = list(doc.sents)
    assert parsed.sentences == [(s.start, s.end) for s in sents]
    for index, sent in enumerate(sents):
        expected = _sentence_by_token_attributes(sent, doc_id="d1", index=index, offset=7)
        record = parsed.sentence(sent.start, sent.end, doc_id="d1", index=index, offset=7)
        assert record == expected
    assert parsed.text == doc.text
