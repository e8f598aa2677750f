"""Dependency-tree helpers shared by the actor, event, date and place stages: children by
label, heads, subtrees, conjuncts, prepositional objects and passive clauses."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from eventwire.types import Token

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})


@dataclass(frozen=True, slots=True)
class Tree:
    """A sentence's tokens with their children lists."""

    tokens: tuple[Token, ...]
    children: tuple[tuple[int, ...], ...]

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> Tree:
        children: list[list[int]] = [[] for _ in tokens]
        for token in tokens:
            if token.head != token.i:
                children[token.head].append(token.i)
        return cls(tuple(tokens), tuple(tuple(c) for c in children))

    def kids(self, i: int, *deps: str) -> list[int]:
        """Children of token ``i``, only those with one of ``deps`` when given."""
        return [c for c in self.children[i] if not deps or self.tokens[c].dep in deps]

    def head_of(self, i: int) -> int | None:
        head = self.tokens[i].head
        return None if head == i else head

    def ancestors(self, i: int) -> Iterator[int]:
        seen = {i}
        current = self.head_of(i)
        while current is not None and current not in seen:
            yield current
            seen.add(current)
            current = self.head_of(current)

    def conjuncts(self, i: int) -> list[int]:
        """``i`` and every token coordinated with it ("Egypt and Qatar")."""
        found = [i]
        stack = [i]
        while stack:
            for child in self.kids(stack.pop(), "conj"):
                if child not in found:
                    found.append(child)
                    stack.append(child)
        return found

    def subtree(self, i: int) -> list[int]:
        found = [i]
        stack = [i]
        while stack:
            for child in self.children[stack.pop()]:
                found.append(child)
                stack.append(child)
        return sorted(found)

    def prep_objects(self, i: int, preps: frozenset[str]) -> list[int]:
        """Objects of the prepositions ``preps`` attached to ``i`` ("talks with Iran")."""
        found: list[int] = []
        for prep in self.kids(i, "prep", "agent", "dative"):
            if self.tokens[prep].lemma in preps or self.tokens[prep].text.lower() in preps:
                found.extend(self.kids(prep, "pobj"))
        return found

    def is_passive_clause(self, i: int) -> bool:
        """A passive verb, a passive participle hanging from a noun ("the man arrested
        by police"), or one sharing a passive verb's auxiliary ("were killed or
        captured")."""
        token = self.tokens[i]
        if self.is_passive(i):
            return True
        return token.tag == "VBN" and (
            token.dep == "acl" or (token.dep == "conj" and self.is_passive(token.head))
        )

    def is_passive(self, i: int) -> bool:
        return bool(self.kids(i, "auxpass", "nsubjpass"))
