"""Actor stage: noun phrases of a parsed sentence -> Actor records.

A noun phrase becomes an actor when its head is a country, capital, metonym,
international body, armed group, party or role noun, or a person's name; its
modifiers add country and sector ("Russian Foreign Minister Sergey Lavrov" is RUS,
GOV). A person resolved once is remembered by surname for the rest of the story
("Lavrov"). Names that resolve to nothing are kept as unresolved actors.

Noun phrases are built in ``phrases``; mentions that refer to actors named elsewhere
(surnames, pronouns, titles, appositions, quoted speakers) are resolved in
``coreference``. This module chooses the phrases that name actors and assembles them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence

from eventwire.stages.actors.coreference import (
    QUOTE_MARKS,
    SPEAKER_REACH,
    StoryMemory,
    bare_definite,
    coordinated_countries,
    latest_speaker,
    names_a_pair,
    pair_reference,
    possessive_owner,
    refer_to,
    speaker_for_first_person,
    story_country,
    title_reference,
    with_appositions,
    with_story_country,
)
from eventwire.stages.actors.focus import CountryCounter
from eventwire.stages.actors.lexicon import ActorLexicon, LexiconMatch
from eventwire.stages.actors.persons import PersonBase
from eventwire.stages.actors.phrases import (
    build_actor,
    candidate_heads,
    noun_phrase,
    span_text,
)
from eventwire.stages.syntax import Tree
from eventwire.types import Actor, Document, ParsedDocument, ParsedSentence, Sentence, Token

__all__ = ["Resolver", "StoryMemory", "find_actors", "load", "resolve_document", "story_country"]

log = logging.getLogger(__name__)

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "them", "we", "us", "i", "me"})
BODY_PRONOUNS = frozenset({"it"})
UNKNOWN_NAME_ENTITIES = frozenset({"PER", "ORG", "NORP", "GPE", "LOC", "FAC", ""})
DEMONYM_PEOPLE_SECTOR = "CVL"
Resolver = Callable[[Iterable[tuple[Document, tuple[Sentence, ...]]]], Iterator[ParsedDocument]]


def load(*, lexicon: ActorLexicon, persons: PersonBase | None = None) -> Resolver:
    """Return the stage's generator function over a lexicon loaded once."""
    log.debug("actor lexicon: %d surface forms", len(lexicon))
    counter = CountryCounter.load()

    def resolve(
        parsed: Iterable[tuple[Document, tuple[Sentence, ...]]],
    ) -> Iterator[ParsedDocument]:
        for doc, sentences in parsed:
            yield resolve_document(
                doc, sentences, lexicon=lexicon, persons=persons, counter=counter
            )

    return resolve


def resolve_document(
    doc: Document,
    sentences: Sequence[Sentence],
    *,
    lexicon: ActorLexicon,
    persons: PersonBase | None = None,
    counter: CountryCounter | None = None,
) -> ParsedDocument:
    """Find the actors of every sentence, remembering people across sentences. The
    story's country, which people and roles with none of their own take, is the one
    its body names most (``focus``), else the one its actors name most."""
    memory = StoryMemory(persons=persons, day=doc.published)
    found = [find_actors(sentence, lexicon=lexicon, memory=memory) for sentence in sentences]
    focus = counter.focus(doc) if counter is not None else None
    if focus is None:
        focus = story_country([actor for actors in found for actor in actors])
    parsed = tuple(
        ParsedSentence(
            sentence=sentence,
            actors=tuple(with_story_country(actor, focus) for actor in actors),
        )
        for sentence, actors in zip(sentences, found, strict=True)
    )
    return ParsedDocument(document=doc, sentences=parsed)


def find_actors(
    sentence: Sentence, *, lexicon: ActorLexicon, memory: StoryMemory | None = None
) -> tuple[Actor, ...]:
    """The actors named in one sentence, in text order, without nesting."""
    memory = memory if memory is not None else StoryMemory()
    memory.sentence = sentence.index
    tokens = sentence.tokens
    matches = lexicon.match(tokens)
    person_tokens = {token.i for token in tokens if token.ent == "PER"}
    children = Tree.of(tokens).children
    phrases = {head: noun_phrase(head, tokens, children) for head in candidate_heads(tokens)}
    phrases = _with_whole_names(phrases, matches)
    chosen: list[int] = []
    covered: set[int] = set()
    for head in sorted(phrases, key=lambda i: (-len(phrases[i]), i)):
        if head in covered or not (
            _names_an_actor(head, phrases[head], tokens, matches, person_tokens, memory)
            or names_a_pair(head, tokens, children)
        ):
            continue
        chosen.append(head)
        covered.update(phrases[head])
    actors: list[Actor] = []
    for head in sorted(chosen):
        if names_a_pair(head, tokens, children) and not _names_a_country(phrases[head], matches):
            pair = pair_reference(head, phrases[head], tokens, memory)
            actors.extend(pair)
            if pair:
                continue
        actor = _actor_for_phrase(
            head,
            phrases[head],
            tokens,
            matches=matches,
            person_tokens=person_tokens,
            memory=memory,
        )
        if actor is not None:
            actor = title_reference(actor, tokens, memory)
            actors.append(actor)
            memory.remember(actor)
            memory.remember_role(tokens[head].lemma, actor)
            actors.extend(coordinated_countries(actor, phrases[head], matches, tokens, children))
    actors = with_appositions(actors, tokens, memory)
    actors.extend(_modifier_actors(matches, covered, tokens))
    quoting = any(mark in sentence.text for mark in QUOTE_MARKS)
    recent_enough = memory.speaker_sentence >= sentence.index - SPEAKER_REACH
    recent = memory.speaker if quoting and recent_enough else None
    actors = [speaker_for_first_person(actor, actors, tokens, recent=recent) for actor in actors]
    speaker = latest_speaker(actors, tokens)
    if speaker is not None:
        memory.speaker, memory.speaker_sentence = speaker, sentence.index
    actors = [possessive_owner(actor, actors, tokens, children) for actor in actors]
    return tuple(sorted(actors, key=lambda actor: actor.start))


def _names_a_country(phrase: list[int], matches: Sequence[LexiconMatch]) -> bool:
    """Whether a lexicon entry with a country lies inside the phrase ("both Afghan rivals")."""
    return any(m.entry.country and phrase[0] <= m.first and m.last <= phrase[-1] for m in matches)


def _with_whole_names(
    phrases: dict[int, list[int]], matches: Sequence[LexiconMatch]
) -> dict[int, list[int]]:
    """A known name the parse splits ("Reporters | Without Borders", "Council | on
    Foreign Relations") stays whole: the phrase holding its first word takes it all."""
    for match in matches:
        if match.last == match.first or match.entry.kind == "role":
            continue
        for head, phrase in phrases.items():
            if match.first in phrase and match.last not in phrase:
                phrases[head] = sorted({*phrase, *range(match.first, match.last + 1)})
                break
    return phrases


def _names_an_actor(
    head: int,
    phrase: list[int],
    tokens: Sequence[Token],
    matches: Sequence[LexiconMatch],
    person_tokens: set[int],
    memory: StoryMemory,
) -> bool:
    """Whether a noun phrase names an actor: a lexicon entry at its head, a person, a
    known surname, a personal pronoun or an unknown proper name."""
    token = tokens[head]
    if head in person_tokens or any(m.first <= head <= m.last for m in matches):
        return True
    if token.tag == "NNS" and any(
        m.entry.country
        and phrase[0] <= m.first
        and m.last < head
        and tokens[m.last].dep in {"amod", "compound"}
        for m in matches
    ):
        return True  # "Iranian drone makers": a group of a country's people or firms
    if token.pos == "PROPN":
        return token.ent in UNKNOWN_NAME_ENTITIES or memory.recall(token.text) is not None
    if _taken_up(head, phrase, tokens, memory):
        return True
    lowered = token.text.lower()
    return token.pos == "PRON" and (
        lowered in PERSON_PRONOUNS
        or lowered in GROUP_PRONOUNS
        or (lowered in BODY_PRONOUNS and token.dep == "nsubj")
    )


def _actor_for_phrase(
    head: int,
    phrase: list[int],
    tokens: Sequence[Token],
    *,
    matches: Sequence[LexiconMatch],
    person_tokens: set[int],
    memory: StoryMemory,
) -> Actor | None:
    inside = [
        match
        for match in matches
        if match.first >= phrase[0]
        and match.last <= phrase[-1]
        and not _inside_a_name(match, person_tokens)
    ]
    head_match = next((m for m in inside if m.first <= head <= m.last), None)
    head_token = tokens[head]
    is_person = head in person_tokens
    if head_match is None and not is_person:
        country = _phrase_country(inside, None)
        if head_token.tag == "NNS" and country is not None:
            name = span_text(tokens, phrase[0], phrase[-1])
            return build_actor(
                tokens,
                phrase,
                head,
                country=country,
                sectors=(),
                name=name,
                kb_id=None,
                basis="modifier",
            )
        return _unmatched_actor(head, phrase, tokens, memory=memory)
    country = _phrase_country(inside, head_match)
    sectors = _phrase_sectors(inside, head_match, head_token)
    name = _phrase_name(tokens, phrase, person_tokens, head)
    basis: str = head_match.entry.kind if head_match else "person"
    kb_id = head_match.entry.kb_id if head_match else None
    if head_match is not None and head_match.entry.kind == "person" and memory.persons:
        role = memory.persons.role_on(head_match.entry.kb_id or "", memory.day)
        if role is not None:
            country = country or role.country or None
            sectors = (role.sector,) if role.sector else sectors
            name = _known_person_name(name, role.name, kb_id, memory)
            basis = "kb"
    if is_person and country is None and not sectors:
        recalled = memory.recall(name) or memory.recall(head_token.text)
        if recalled is not None:
            country, sectors, name, kb_id = (
                recalled.country,
                recalled.sectors,
                recalled.name,
                recalled.kb_id,
            )
            basis = "surname"
    return build_actor(
        tokens,
        phrase,
        head,
        country=country,
        sectors=sectors,
        name=name,
        kb_id=kb_id,
        basis=basis,
    )


def _known_person_name(written: str, canonical: str, kb_id: str | None, memory: StoryMemory) -> str:
    """A known person keeps the full name the story gave them ("Sergey Lavrov", then
    "Lavrov"); a bare surname never seen in full takes the knowledge base's name."""
    seen = memory.recall(written)
    if seen is not None and seen.kb_id == kb_id:
        return seen.name
    return written if len(written.split()) > 1 else canonical


def _inside_a_name(match: LexiconMatch, person_tokens: set[int]) -> bool:
    """A country or city word inside a longer person's name ("Chad Smith", "Michael
    Jordan"); a country the parser alone calls a person ("Malawi's minister") stays."""
    place = match.entry.kind in {"country", "capital", "demonym"}
    inside = all(i in person_tokens for i in range(match.first, match.last + 1))
    longer = match.first - 1 in person_tokens or match.last + 1 in person_tokens
    return place and inside and longer


def _taken_up(head: int, phrase: list[int], tokens: Sequence[Token], memory: StoryMemory) -> bool:
    """ "The council", "the agency": a definite common noun that heads a role or body
    the story named before with a country."""
    return (
        tokens[head].pos == "NOUN"
        and bare_definite(head, phrase, tokens)
        and memory.described(tokens[head].lemma) is not None
    )


def _unmatched_actor(
    head: int, phrase: list[int], tokens: Sequence[Token], *, memory: StoryMemory
) -> Actor | None:
    """A surname seen before, a personal pronoun, or an unknown name kept unresolved."""
    head_token = tokens[head]
    lowered = head_token.text.lower()
    recalled: Actor | None = None
    basis = "unresolved"
    if head_token.pos == "PROPN":
        recalled, basis = memory.recall(head_token.text), "surname"
    elif head_token.pos == "PRON" and lowered in PERSON_PRONOUNS:
        recalled, basis = memory.last_person, "pronoun"
    elif head_token.pos == "PRON" and lowered in BODY_PRONOUNS and head_token.dep == "nsubj":
        # "France said it would withdraw": "it" as a subject is the state or body last named
        recalled, basis = memory.last_body, "pronoun"
    elif _taken_up(head, phrase, tokens, memory):
        # "the U.N. Security Council ... urged the council": the body last named so
        recalled, basis = memory.described(head_token.lemma), "title"
    if recalled is not None:
        mention = build_actor(
            tokens,
            phrase,
            head,
            country=None,
            sectors=(),
            name=head_token.text,
            kb_id=None,
            basis=basis,
        )
        return refer_to(mention, recalled, basis=basis)
    unknown_name = head_token.pos == "PROPN" and head_token.ent in UNKNOWN_NAME_ENTITIES
    if unknown_name or (head_token.pos == "PRON" and lowered in GROUP_PRONOUNS | PERSON_PRONOUNS):
        name = span_text(tokens, phrase[0], phrase[-1])
        return build_actor(
            tokens,
            phrase,
            head,
            country=None,
            sectors=(),
            name=name,
            kb_id=None,
            basis="unresolved",
        )
    return None


def _phrase_country(inside: Sequence[LexiconMatch], head_match: LexiconMatch | None) -> str | None:
    if head_match is not None and head_match.entry.country:
        return head_match.entry.country
    for match in inside:
        if match.entry.country:
            return match.entry.country
    return None


def _phrase_sectors(
    inside: Sequence[LexiconMatch], head_match: LexiconMatch | None, head_token: Token
) -> tuple[str, ...]:
    roles = [m for m in inside if m.entry.kind == "role" and m.entry.sectors]
    if head_match is not None and head_match.entry.kind == "role":
        return head_match.entry.sectors
    if roles:
        return roles[-1].entry.sectors
    if head_match is None:
        return ()
    if head_match.entry.kind == "demonym":
        plural = head_token.tag in {"NNS", "NNPS"} or head_token.text.endswith("s")
        return (DEMONYM_PEOPLE_SECTOR,) if plural else ()
    return head_match.entry.sectors


def _phrase_name(
    tokens: Sequence[Token], phrase: list[int], person_tokens: set[int], head: int
) -> str:
    if head in person_tokens:
        run = [i for i in phrase if i in person_tokens]
        return span_text(tokens, run[0], run[-1])
    return span_text(tokens, phrase[0], phrase[-1])


def _modifier_actors(
    matches: Sequence[LexiconMatch], covered: set[int], tokens: Sequence[Token]
) -> list[Actor]:
    """A country adjective modifying a non-actor noun names an actor of its own
    ("an Israeli drone strike": the actor is Israel)."""
    found: list[Actor] = []
    for match in matches:
        if match.entry.kind != "demonym" or covered & set(range(match.first, match.last + 1)):
            continue
        last = tokens[match.last]
        if last.dep not in {"amod", "compound", "nmod"}:
            continue
        found.append(
            build_actor(
                tokens,
                list(range(match.first, match.last + 1)),
                match.last,
                country=match.entry.country,
                sectors=(),
                name=span_text(tokens, match.first, match.last),
                kb_id=None,
                basis="demonym",
            )
        )
    return found
