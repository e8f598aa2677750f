from __future__ import annotations

import importlib.util
from typing import Any

import pytest
import spacy
from spacy.lookups import Lookups
from spacy.tokens import Doc
from thinc.api import use_ops

from eventwire.config import Settings
from eventwire.stages.lemmas import RememberedLemmas, install


def _lemmatizer_pipeline() -> Any:
    """A blank English pipeline with a rule lemmatizer on small tables."""
    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    lookups = Lookups()
    lookups.add_table("lemma_rules", {"noun": [["s", ""], ["ies", "y"]], "verb": [["ed", ""]]})
    lookups.add_table("lemma_index", {"noun": ["city", "troop"], "verb": ["attack"]})
    lookups.add_table("lemma_exc", {"verb": {"fought": ["fight"]}})
    lemmatizer.initialize(lookups=lookups)
    return nlp


def _doc(vocab: Any) -> Doc:
    # the same word with other parts of speech or morphology, a word the rules cannot
    # reduce, an exception, and a lemma set before the lemmatizer (kept)
    words = ["Troops", "attacked", "cities", "troops", "Troops", "fought", "said", "gonna"]
    pos = ["NOUN", "VERB", "NOUN", "NOUN", "NOUN", "VERB", "VERB", "VERB"]
    morphs = [
        "Number=Plur",
        "Tense=Past|VerbForm=Fin",
        "Number=Plur",
        "Number=Plur",
        "Number=Sing",
        "Tense=Past|VerbForm=Fin",
        "Tense=Past|VerbForm=Fin",
        "VerbForm=Inf",
    ]
    lemmas = ["", "", "", "", "", "", "", "go"]
    doc = Doc(vocab, words=words, pos=pos, morphs=morphs)
    for token, lemma in zip(doc, lemmas, strict=True):
        if lemma:
            token.lemma_ = lemma
    return doc


def test_remembered_lemmas_are_the_lemmatizer_s() -> None:
    plain = _lemmatizer_pipeline()
    remembered = _lemmatizer_pipeline()
    install(remembered)
    assert type(remembered.get_pipe("lemmatizer")) is RememberedLemmas
    expected = [t.lemma_ for t in plain.get_pipe("lemmatizer")(_doc(plain.vocab))]
    assert expected == ["troop", "attack", "city", "troop", "troops", "fight", "said", "go"]
    component = remembered.get_pipe("lemmatizer")
    for _ in range(2):  # asked the first time, remembered the second
        assert [t.lemma_ for t in component(_doc(remembered.vocab))] == expected
    assert len(component.lemmas) == 7


def test_install_leaves_other_lemmatizers_alone() -> None:
    nlp = spacy.blank("en")
    install(nlp)
    assert nlp.pipe_names == []
    nlp.add_pipe("trainable_lemmatizer", name="lemmatizer")
    install(nlp)
    assert type(nlp.get_pipe("lemmatizer")) is not RememberedLemmas


@pytest.mark.model
def test_install_keeps_the_model_s_lemmas() -> None:
    model = Settings.load(environ={}).model
    if importlib.util.find_spec(model) is None:
        pytest.skip(f"spaCy model {model} is not installed")
    from eventwire.stages.nlp import load_language

    text = (
        "The envoys met twice; talks broke down and troops fought on. She's said the "
        "cities were better off, and they'd been negotiating since 2019.\n\nWhy?"
    )
    fast = load_language(model)
    with use_ops("numpy", use_blis=False):  # the same arithmetic as load_language's
        plain = spacy.load(model)
    assert type(fast.get_pipe("lemmatizer")) is RememberedLemmas
    for _ in range(2):
        assert [t.lemma_ for t in fast(text)] == [t.lemma_ for t in plain(text)]
