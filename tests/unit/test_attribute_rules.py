from __future__ import annotations

import importlib.util
from typing import Any

import pytest
import spacy
from spacy.tokens import Doc
from thinc.api import use_ops

from eventwire.config import Settings
from eventwire.stages.attribute_rules import AttributeRules, install, read_requirements

# A small rule set in the shape of the English pipelines' attribute ruler: a tag map,
# word exceptions, a dependency test, whitespace, a regex, and two-token rules.
RULES: list[dict[str, Any]] = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "NNS"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Plur"}},
    {"patterns": [[{"TAG": "VBZ"}]], "attrs": {"POS": "VERB", "MORPH": "Tense=Pres"}},
    {"patterns": [[{"TAG": "PRP"}]], "attrs": {"POS": "PRON"}},
    {"patterns": [[{"TAG": "."}]], "attrs": {"POS": "PUNCT"}},
    # a later rule wins over the tag map: "is" is an auxiliary
    {"patterns": [[{"TAG": "VBZ", "LOWER": {"IN": ["is", "has"]}}]], "attrs": {"POS": "AUX"}},
    # a dependency and a word: "there" as expletive subject
    {"patterns": [[{"DEP": "expl", "LOWER": "there"}]], "attrs": {"POS": "PRON"}},
    # whitespace with any dependency set
    {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
    # a regular expression on the word
    {"patterns": [[{"LOWER": {"REGEX": "^n[ou]thin'$"}}]], "attrs": {"LEMMA": "nothing"}},
    # two tokens: the verb after an expletive is a verb again (index 1)
    {
        "patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "are"]}}]],
        "attrs": {"POS": "VERB"},
        "index": 1,
    },
]


def _doc(vocab: Any) -> Doc:
    # "There is nothin' here ." / "It has  cats ." with a double space
    words = ["There", "is", "nothin'", "here", ".", "It", "has", " ", "cats", "."]
    spaces = [True, True, True, False, True, True, False, False, False, False]
    tags = ["EX", "VBZ", "NN", "RB", ".", "PRP", "VBZ", "_SP", "NNS", "."]
    heads = [1, 1, 1, 1, 1, 6, 6, 6, 6, 6]
    deps = ["expl", "ROOT", "attr", "advmod", "punct", "nsubj", "ROOT", "dep", "dobj", "punct"]
    return Doc(vocab, words=words, spaces=spaces, tags=tags, heads=heads, deps=deps)


def _annotations(doc: Doc) -> list[tuple[str, str, str, str, str]]:
    return [(t.pos_, str(t.morph), t.tag_, t.dep_, t.lemma_) for t in doc]


def test_attribute_rules_set_what_the_attribute_ruler_sets() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(RULES)
    rules = AttributeRules(nlp.vocab)
    rules.load(ruler.patterns)

    expected = _annotations(ruler(_doc(nlp.vocab)))
    assert _annotations(rules(_doc(nlp.vocab))) == expected
    # the rules did apply: an auxiliary, a verb after the expletive, space, a lemma
    assert expected[1][0] == "VERB"
    assert expected[6][0] == "AUX"
    assert expected[7][:2] == ("SPACE", "")
    assert expected[2][4] == "nothing"


def test_attribute_rules_keep_multi_token_rules_for_the_matcher() -> None:
    nlp = spacy.blank("en")
    rules = AttributeRules(nlp.vocab)
    rules.load([{**rule, "index": rule.get("index", 0)} for rule in RULES])
    assert len(rules.matched) == 1
    assert len(rules.rules) == len(RULES) - 1
    assert rules.attributes == ("DEP", "IS_SPACE", "LOWER", "TAG")


def test_read_requirements_takes_only_what_every_match_needs() -> None:
    strings = spacy.blank("en").vocab.strings
    pattern = [
        {"DEP": "expl", "LOWER": {"REGEX": "^th"}},  # a regex requires nothing
        {"LOWER": {"IN": ["Is", "are"]}, "TAG": {"NOT_IN": ["NN"]}},  # lower-cased too
        {"ORTH": "not", "OP": "?"},  # optional: requires nothing
    ]
    required = read_requirements(pattern, strings)
    assert {(r.attribute, frozenset(strings[v] for v in r.values)) for r in required} == {
        ("DEP", frozenset({"expl"})),
        ("LOWER", frozenset({"Is", "is", "are"})),
    }


def _doc_without_expletive(vocab: Any) -> Doc:
    # "It has  cats ." with a double space: no expletive
    return Doc(
        vocab,
        words=["It", "has", " ", "cats", "."],
        spaces=[True, False, False, False, False],
        tags=["PRP", "VBZ", "_SP", "NNS", "."],
        heads=[1, 1, 1, 1, 1],
        deps=["nsubj", "ROOT", "dep", "dobj", "punct"],
    )


class _NoMatcher:
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the Matcher ran")


def test_attribute_rules_skip_the_matcher_where_no_pattern_can_match() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(RULES)
    rules = AttributeRules(nlp.vocab)
    rules.load(ruler.patterns)
    rules.matcher = _NoMatcher()  # the two-token rule needs an expletive
    expected = _annotations(ruler(_doc_without_expletive(nlp.vocab)))
    assert _annotations(rules(_doc_without_expletive(nlp.vocab))) == expected
    assert expected[1][0] == "AUX"
    with pytest.raises(AssertionError, match="the Matcher ran"):
        rules(_doc(nlp.vocab))


def test_attribute_rules_decide_each_kind_of_token_once() -> None:
    nlp = spacy.blank("en")
    rules = AttributeRules(nlp.vocab)
    rules.load([{**rule, "index": rule.get("index", 0)} for rule in RULES])
    rules(_doc(nlp.vocab))
    decided = len(rules.decided)
    rules(_doc(nlp.vocab))
    assert len(rules.decided) == decided
    # words no rule names share one key: "cats" and "here" differ only by tag
    assert all(key[2] in {None, "is", "has", "there", "nothin'"} for key in rules.decided)


@pytest.mark.model
def test_install_replaces_the_ruler_with_the_same_annotations() -> None:
    model = Settings.load(environ={}).model
    if importlib.util.find_spec(model) is None:
        pytest.skip(f"spaCy model {model} is not installed")
    from eventwire.stages.nlp import load_language

    text = (
        "There are two ways, and there's nothin' the envoy can do. Y'all ain't gonna "
        "like it: the minister let's say   declined.\n\nMoscow has said it isn't so."
    )
    fast = load_language(model)
    with use_ops("numpy", use_blis=False):  # the same arithmetic as load_language's
        plain = spacy.load(model)
    assert type(fast.get_pipe("attribute_ruler")) is AttributeRules
    assert fast.pipe_names == plain.pipe_names
    assert _annotations(fast(text)) == _annotations(plain(text))


def test_install_leaves_a_pipeline_without_a_ruler_alone() -> None:
    nlp = spacy.blank("en")
    install(nlp)
    assert nlp.pipe_names == []
