"""Auxiliary flags from the clause: negated, hypothetical or future.

The flag comes from the trigger's own clause and the clauses that govern it:
"did not attack" (negation), "denied attacking" (a denied event), "could impose",
"if ... would" (hypothetical), "will meet", "is expected to visit" (future).
Historical background is decided from the event's date by the dates stage.
"""

from __future__ import annotations

from eventwire.stages.syntax import Tree
from eventwire.types import Aux

ANNOUNCING_VERBS = frozenset(
    {
        "say",
        "announce",
        "tell",
        "state",
        "declare",
        "confirm",
        "add",
        "pledge",
        "promise",
        "vow",
        "indicate",
        "report",
    }
)
HYPOTHETICAL_MODALS = frozenset({"could", "might", "may", "would", "should", "must"})
FUTURE_MODALS = frozenset({"will", "shall", "'ll"})
CONDITIONAL_MARKERS = frozenset({"if", "unless", "whether"})
FUTURE_GOVERNORS = frozenset(
    {
        "plan",
        "expect",
        "schedule",
        "set",
        "intend",
        "prepare",
        "aim",
        "due",
        "go",
        "hope",
        "want",
        "seek",
        "look",
        "poise",
    }
)
NEGATING_GOVERNORS = frozenset({"deny", "dismiss", "reject"})
LINKS_TO_GOVERNOR = frozenset({"xcomp", "ccomp", "pcomp", "pobj", "dobj", "acl", "advcl", "prep"})
MAX_DEPTH = 3


def find_aux(trigger: int, tree: Tree, *, support_verb: int | None = None) -> Aux | None:
    """The auxiliary flag for a trigger token, or None for a reported, real event."""
    clause = [trigger] if support_verb is None else [trigger, support_verb]
    for token in clause:
        flag = _own_flag(token, tree)
        if flag is not None:
            return flag
    return _governed_flag(clause[-1], tree)


def _own_flag(token: int, tree: Tree) -> Aux | None:
    for child in tree.children[token]:
        child_token = tree.tokens[child]
        if child_token.dep == "neg" or (child_token.dep == "det" and child_token.lemma == "no"):
            return "negated"
    for child in tree.kids(token, "aux", "auxpass"):
        lemma = tree.tokens[child].lemma
        text = tree.tokens[child].text.lower()
        if lemma in FUTURE_MODALS or text in FUTURE_MODALS:
            return "future"
        modal = tree.tokens[child].tag == "MD"
        if text == "would" and _reported(token, tree) and not _conditional(token, tree):
            return "future"  # "announced that it would withdraw": the future of the past
        if modal and (lemma in HYPOTHETICAL_MODALS or text in HYPOTHETICAL_MODALS):
            return "hypothetical"
    for mark in tree.kids(token, "mark"):
        if tree.tokens[mark].lemma in CONDITIONAL_MARKERS:
            return "hypothetical"
    return None


def _reported(token: int, tree: Tree) -> bool:
    """Whether a clause is the complement of a verb of saying or announcing."""
    head = tree.head_of(token)
    return (
        head is not None
        and tree.tokens[token].dep == "ccomp"
        and tree.tokens[head].lemma in ANNOUNCING_VERBS
    )


def _conditional(token: int, tree: Tree) -> bool:
    """Whether a clause carries an "if"/"unless" condition of its own."""
    return any(
        tree.tokens[mark].lemma in CONDITIONAL_MARKERS
        for clause in tree.kids(token, "advcl")
        for mark in tree.kids(clause, "mark")
    )


def _governed_flag(token: int, tree: Tree) -> Aux | None:
    current = token
    for _ in range(MAX_DEPTH):
        link = tree.tokens[current].dep
        head = tree.head_of(current)
        if head is None or link not in LINKS_TO_GOVERNOR:
            return None
        governor = tree.tokens[head]
        if governor.lemma in NEGATING_GOVERNORS and link in {"ccomp", "pcomp", "xcomp", "dobj"}:
            return "negated"
        if governor.lemma in FUTURE_GOVERNORS and link == "xcomp":
            return "future"
        if link in {"xcomp", "ccomp"}:
            flag = _own_flag(head, tree)
            if flag is not None:
                return flag
        current = head
    return None
