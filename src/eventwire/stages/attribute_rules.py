"""The model's attribute rules, decided once per kind of token instead of by the Matcher.

The English pipelines' ``attribute_ruler`` gives every token its coarse part of speech
and morphology from its fine tag, with exceptions by word, dependency and whitespace
(179 rules in the default model). spaCy runs them through its Matcher, about a tenth of
the parse. Nearly all are one-token rules whose outcome depends only on that token's
own attributes, so ``AttributeRules`` works out what they do to each distinct
combination of the attributes they read, once, and then looks it up. Rules it cannot
read that way (two-token patterns, operators, other attributes) stay with a Matcher of
their own, and every rule still applies in the ruler's order: the tokens come out as
the ruler leaves them.

The attributes are read for a whole Doc at once (``Doc.to_array``), and the Matcher
runs only on a Doc that has, for some pattern, a token with each value the pattern's
tokens require ("gon" and "na" for "gonna"): about one piece of text in eight.

Only the nlp stage uses this module, and only after spaCy is loaded.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy
from spacy.attrs import IDS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs

FACTORY = "eventwire_attribute_rules"
RULER = "attribute_ruler"
# What a one-token rule may test: the Token attribute holding it. Only LOWER takes
# values from the whole vocabulary; the others come from small closed sets.
ATTRIBUTES = {
    "TAG": "tag_",
    "LOWER": "lower_",
    "DEP": "dep_",
    "POS": "pos_",
    "IS_SPACE": "is_space",
}
OPEN_CLASS = frozenset({"LOWER"})
SET_TESTS = frozenset({"IN", "NOT_IN"})
# Attributes a Matcher pattern's token may require a value of, which ``Doc.to_array``
# reads as the Matcher compares them (string hashes).
REQUIRABLE = frozenset({"LOWER", "ORTH", "TAG", "DEP"})


@dataclass(frozen=True, slots=True)
class Test:
    """One attribute's condition in a one-token rule: equal to a value, (not) in a set
    of values, or matching a regular expression."""

    attribute: str
    equals: object = None
    among: frozenset[object] | None = None
    negated: bool = False
    pattern: re.Pattern[str] | None = None

    def passes(self, value: object) -> bool:
        if self.pattern is not None:
            return isinstance(value, str) and self.pattern.search(value) is not None
        if self.among is not None:
            return (value in self.among) != self.negated
        return value == self.equals

    def named_values(self) -> frozenset[object]:
        """The values this test names: any other value fails or passes it alike."""
        return self.among if self.among is not None else frozenset({self.equals})


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule read as one-token alternatives (any passing applies ``attrs``).

    ``tags`` are the fine tags under which it can apply (None: any), known beforehand
    because most rules are a tag map's entries: testing the tag first skips the rest.
    """

    order: int
    alternatives: tuple[tuple[Test, ...], ...]
    attrs: Mapping[Any, Any]
    tags: frozenset[object] | None = None

    def applies(self, values: Mapping[str, object]) -> bool:
        if self.tags is not None and values["TAG"] not in self.tags:
            return False
        return any(
            all(test.passes(values[test.attribute]) for test in tests)
            for tests in self.alternatives
        )


def read_tests(spec: Mapping[str, Any]) -> tuple[Test, ...] | None:
    """The tests of one token pattern, or None when it uses anything else."""
    tests: list[Test] = []
    for attribute, condition in spec.items():
        if attribute not in ATTRIBUTES:
            return None
        if not isinstance(condition, dict):
            tests.append(Test(attribute, equals=condition))
        elif len(condition) == 1 and set(condition) <= SET_TESTS:
            [(kind, values)] = condition.items()
            tests.append(Test(attribute, among=frozenset(values), negated=kind == "NOT_IN"))
        elif set(condition) == {"REGEX"} and attribute != "IS_SPACE":
            tests.append(Test(attribute, pattern=re.compile(condition["REGEX"])))
        else:
            return None
    return tuple(tests)


def read_rule(order: int, entry: Mapping[str, Any], attrs: Mapping[Any, Any]) -> Rule | None:
    """A ruler entry as a one-token Rule, or None when the Matcher must keep it."""
    if entry["index"] not in (0, -1):
        return None
    alternatives: list[tuple[Test, ...]] = []
    for pattern in entry["patterns"]:
        tests = read_tests(pattern[0]) if len(pattern) == 1 else None
        if tests is None:
            return None
        alternatives.append(tests)
    return Rule(order, tuple(alternatives), attrs, tags=_tags(alternatives))


def _tags(alternatives: Iterable[tuple[Test, ...]]) -> frozenset[object] | None:
    """The tags some alternative requires, or None when one of them takes any tag."""
    tags: set[object] = set()
    for tests in alternatives:
        tested = [t for t in tests if t.attribute == "TAG" and t.pattern is None and not t.negated]
        if not tested:
            return None
        tags |= tested[0].named_values()
    return frozenset(tags)


@dataclass(slots=True)
class Relevance:
    """Keeps a value of an open-class attribute only where some rule could tell it apart
    from other values (else None), so that few distinct keys arise."""

    named: frozenset[object]
    patterns: tuple[re.Pattern[str], ...]
    seen: dict[object, object] = field(default_factory=dict)

    def __call__(self, value: object) -> object:
        try:
            return self.seen[value]
        except KeyError:
            kept = value if self._relevant(value) else None
            self.seen[value] = kept
            return kept

    def _relevant(self, value: object) -> bool:
        if value in self.named:
            return True
        return isinstance(value, str) and any(p.search(value) for p in self.patterns)


@dataclass(frozen=True, slots=True)
class Requirement:
    """Some token of a Doc must have one of ``values`` (hashes) as ``attribute`` for a
    Matcher pattern to match in it."""

    attribute: str
    values: frozenset[int]


def read_requirements(
    pattern: Sequence[Mapping[str, Any]], strings: Any
) -> tuple[Requirement, ...]:
    """What a Matcher pattern requires of a Doc: from each token it must match (no
    operator), each requirable attribute's value or set of values (``IN``). Other
    tests are left out, so a Doc meeting these may still not match, never the reverse."""
    found: list[Requirement] = []
    for spec in pattern:
        if any(key.upper() == "OP" for key in spec):
            continue
        for attribute, condition in spec.items():
            if attribute not in REQUIRABLE:
                continue
            if isinstance(condition, str):
                values = [condition]
            elif isinstance(condition, dict) and set(condition) == {"IN"}:
                values = list(condition["IN"])
            else:
                continue
            if not all(isinstance(value, str) for value in values):
                continue
            if attribute == "LOWER":  # should the Matcher lower-case what a rule names
                values += [value.lower() for value in values]
            found.append(Requirement(attribute, frozenset(strings.add(v) for v in values)))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Decision:
    """The one-token rules that apply to a kind of token, in order, and what they set."""

    applying: tuple[tuple[int, Mapping[Any, Any]], ...]
    attrs: dict[Any, Any]


class AttributeRules:
    """A pipeline component doing what an ``AttributeRuler`` with the same rules does."""

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab
        self.rules: list[Rule] = []
        self.matcher = Matcher(vocab, validate=False)
        self.matched: dict[int, tuple[int, int, Mapping[Any, Any]]] = {}
        self.attributes: tuple[str, ...] = ()
        self.read = _reader(())
        self.open: tuple[tuple[int, Relevance], ...] = ()
        self.decided: dict[tuple[object, ...], Decision] = {}
        self.columns: list[int] = []
        self.by_hashes: dict[tuple[int, ...], Decision] = {}
        self.by_tag: dict[object, tuple[Rule, ...]] = {}
        self.required: tuple[tuple[Requirement, ...], ...] = ()
        self.requirable: tuple[str, ...] = ()

    def load(self, entries: Sequence[Mapping[str, Any]]) -> None:
        """Take the rules of a ruler (``AttributeRuler.patterns``), in its order."""
        for order, entry in enumerate(entries):
            attrs = normalize_token_attrs(self.vocab, dict(entry["attrs"]))
            rule = read_rule(order, entry, attrs)
            if rule is not None:
                self.rules.append(rule)
                continue
            key = self.vocab.strings.add(f"{FACTORY}_{order}")
            self.matcher.add(key, entry["patterns"])
            self.matched[key] = (order, entry["index"], attrs)
            self.required += tuple(
                read_requirements(pattern, self.vocab.strings) for pattern in entry["patterns"]
            )
        tests = [test for rule in self.rules for tests in rule.alternatives for test in tests]
        self.attributes = tuple(sorted({test.attribute for test in tests}))
        self.read = _reader([ATTRIBUTES[attribute] for attribute in self.attributes])
        self.open = tuple(
            (position, _relevance(attribute, tests))
            for position, attribute in enumerate(self.attributes)
            if attribute in OPEN_CLASS
        )
        self.requirable = tuple(
            sorted({r.attribute for required in self.required for r in required})
        )
        self.columns = [IDS[name] for name in (*self.attributes, *self.requirable)]
        self.decided.clear()
        self.by_hashes.clear()
        self.by_tag.clear()

    def __call__(self, doc: Any) -> Any:
        if not len(doc):
            return doc
        columns = _to_array(doc, self.columns)
        width = len(self.attributes)
        extra = self._matcher_rules(doc) if self._could_match(columns[:, width:]) else {}
        decisions = [
            self._decision(doc, i, row) for i, row in enumerate(columns[:, :width].tolist())
        ]
        for token, decision in zip(doc, decisions, strict=True):
            attrs = decision.attrs
            if token.i in extra:
                attrs = _merged(sorted((*decision.applying, *extra[token.i]), key=_first))
            if attrs:
                set_token_attrs(token, attrs)
        return doc

    def _decision(self, doc: Any, i: int, hashes: list[int]) -> Decision:
        """The decision for token ``i``, by the hashes of the attributes the rules read
        (which determine their values)."""
        key = tuple(hashes)
        decision = self.by_hashes.get(key)
        if decision is None:
            values = self._key(doc[i])
            decision = self.decided.get(values)
            if decision is None:
                decision = self.decided[values] = self._decide(values)
            self.by_hashes[key] = decision
        return decision

    def _could_match(self, columns: Any) -> bool:
        """Whether some Matcher pattern's requirements are all met by the Doc whose
        requirable attributes are ``columns``."""
        if not self.matched:
            return False
        present = dict(
            zip(self.requirable, (set(column) for column in columns.T.tolist()), strict=True)
        )
        return any(
            all(
                not requirement.values.isdisjoint(present[requirement.attribute])
                for requirement in required
            )
            for required in self.required
        )

    def _key(self, token: Any) -> tuple[object, ...]:
        values = self.read(token)
        if not self.open:
            return values
        kept = list(values)
        for position, relevance in self.open:
            kept[position] = relevance(kept[position])
        return tuple(kept)

    def _decide(self, key: tuple[object, ...]) -> Decision:
        values = dict(zip(self.attributes, key, strict=True))
        rules = self._rules_for(values.get("TAG"))
        applying = tuple((rule.order, rule.attrs) for rule in rules if rule.applies(values))
        return Decision(applying, _merged(applying))

    def _rules_for(self, tag: object) -> tuple[Rule, ...]:
        """The rules that can apply under a tag, in order (most name the tags they need)."""
        rules = self.by_tag.get(tag)
        if rules is None:
            rules = tuple(rule for rule in self.rules if rule.tags is None or tag in rule.tags)
            self.by_tag[tag] = rules
        return rules

    def _matcher_rules(self, doc: Any) -> dict[int, list[tuple[int, Mapping[Any, Any]]]]:
        """Token index -> (rule order, attributes) of the rules only the Matcher reads."""
        found: dict[int, list[tuple[int, Mapping[Any, Any]]]] = {}
        if not self.matched:
            return found
        for key, start, end in self.matcher(doc, allow_missing=True, as_spans=False):
            order, index, attrs = self.matched[key]
            target = (start if index >= 0 else end) + index
            if not start <= target < end:
                raise ValueError(f"attribute rule {order} points outside its match")
            found.setdefault(target, []).append((order, attrs))
        return found


def _to_array(doc: Any, attributes: list[int]) -> Any:
    """``doc.to_array(attributes)``, also for no attributes (one row per token)."""
    if not attributes:
        return numpy.zeros((len(doc), 0), dtype=numpy.uint64)
    return doc.to_array(attributes)


def _reader(names: Sequence[str]) -> Callable[[Any], tuple[object, ...]]:
    """A function from a token to the values of the named attributes, as a tuple."""
    if len(names) == 1:
        [name] = names
        return lambda token: (getattr(token, name),)
    if not names:
        return lambda token: ()
    return operator.attrgetter(*names)  # a tuple for two names or more


def _first(item: tuple[int, Mapping[Any, Any]]) -> int:
    return item[0]


def _merged(applying: Iterable[tuple[int, Mapping[Any, Any]]]) -> dict[Any, Any]:
    """Later rules win, as when the ruler sets them one after another."""
    merged: dict[Any, Any] = {}
    for _, attrs in applying:
        merged.update(attrs)
    return merged


def _relevance(attribute: str, tests: Iterable[Test]) -> Relevance:
    mine = [test for test in tests if test.attribute == attribute]
    named = frozenset(
        value for test in mine if test.pattern is None for value in test.named_values()
    )
    patterns = tuple(test.pattern for test in mine if test.pattern is not None)
    return Relevance(named, patterns)


def install(nlp: Any) -> None:
    """Put ``AttributeRules`` in the place of the pipeline's attribute ruler, if any."""
    if RULER not in nlp.pipe_names:
        return
    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, func=_make_rules)
    entries = nlp.get_pipe(RULER).patterns
    rules = nlp.replace_pipe(RULER, FACTORY)
    rules.load(entries)


def _make_rules(nlp: Any, name: str) -> AttributeRules:
    return AttributeRules(nlp.vocab)
