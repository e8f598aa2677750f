"""Noun phrases of a parsed sentence: candidate heads, the phrase around each head (its
left modifiers and an "of" phrase), the phrase's text, and the Actor record built on it.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventwire.types import Actor, Token

NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
CLAUSAL_DEPS = frozenset({"conj", "cc", "appos", "relcl", "acl", "advcl", "ccomp"})
NOT_LEFT_MODIFIERS = CLAUSAL_DEPS | {"prep", "advmod", "mark", "aux", "neg"}


def candidate_heads(tokens: Sequence[Token]) -> list[int]:
    """The nominal tokens (nouns, proper nouns, pronouns) that may head an actor."""
    return [token.i for token in tokens if token.pos in NOMINAL]


def noun_phrase(head: int, tokens: Sequence[Token], children: Sequence[Sequence[int]]) -> list[int]:
    """The head with its left modifiers and an "of" phrase ("the president of Russia")."""
    phrase = {head}
    for child in children[head]:
        token = tokens[child]
        if child < head and token.dep not in NOT_LEFT_MODIFIERS:
            phrase.update(_modifier_subtree(child, tokens, children, keep={"conj", "cc"}))
        elif child > head and token.dep in {"compound", "flat"}:
            phrase.add(child)
        elif child > head and token.dep == "prep" and token.lemma == "of":
            phrase.update(_modifier_subtree(child, tokens, children))
    return _contiguous(sorted(phrase), head, tokens)


def _modifier_subtree(
    root: int,
    tokens: Sequence[Token],
    children: Sequence[Sequence[int]],
    *,
    keep: frozenset[str] | set[str] = frozenset(),
) -> set[int]:
    found = {root}
    stack = [root]
    while stack:
        for child in children[stack.pop()]:
            if tokens[child].dep not in CLAUSAL_DEPS or tokens[child].dep in keep:
                found.add(child)
                stack.append(child)
    return found


def _contiguous(indices: list[int], head: int, tokens: Sequence[Token]) -> list[int]:
    """Keep the unbroken run of token indices around the head."""
    keep = [head]
    position = indices.index(head)
    for index in reversed(indices[:position]):
        if index != keep[0] - 1:
            break
        keep.insert(0, index)
    for index in indices[position + 1 :]:
        if index != keep[-1] + 1:
            break
        keep.append(index)
    while len(keep) > 1 and tokens[keep[0]].pos == "PUNCT":
        keep.pop(0)
    while len(keep) > 1 and tokens[keep[-1]].pos == "PUNCT":
        keep.pop()
    return keep


def build_actor(
    tokens: Sequence[Token],
    phrase: list[int],
    head: int,
    *,
    country: str | None,
    sectors: tuple[str, ...],
    name: str,
    kb_id: str | None,
    basis: str,
) -> Actor:
    """The Actor record for a phrase, resolved when it has a country or a sector."""
    first, last = tokens[phrase[0]], tokens[phrase[-1]]
    return Actor(
        text=span_text(tokens, phrase[0], phrase[-1]),
        name=name,
        country=country,
        sectors=sectors,
        start=first.start,
        end=last.end,
        first_token=phrase[0],
        last_token=phrase[-1],
        head_token=head,
        kb_id=kb_id,
        resolved=country is not None or bool(sectors),
        basis=basis,
    )


def span_text(tokens: Sequence[Token], first: int, last: int) -> str:
    """The text of tokens first..last, with the spacing they had in the sentence."""
    text = ""
    for token in tokens[first : last + 1]:
        if text and token.start > tokens[token.i - 1].end:
            text += " " * (token.start - tokens[token.i - 1].end)
        text += token.text
    return text
