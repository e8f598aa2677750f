"""Actor stage: noun phrases of a parsed sentence -> Actor records.

A noun phrase becomes an actor when its head is a country, capital, metonym,
international body, armed group, party or role noun, or a person's name; its
modifiers add country and sector ("Russian Foreign Minister Sergey Lavrov" is RUS,
GOV). A person resolved once is remembered by surname for the rest of the story
("Lavrov"). Names that resolve to nothing are kept as unresolved actors.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from eventwire.stages.actors.lexicon import ActorLexicon, LexiconMatch
from eventwire.stages.actors.persons import PersonBase
from eventwire.types import Actor, Document, ParsedDocument, ParsedSentence, Sentence, Token

log = logging.getLogger(__name__)

NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
CLAUSAL_DEPS = frozenset({"conj", "cc", "appos", "relcl", "acl", "advcl", "ccomp"})
NOT_LEFT_MODIFIERS = CLAUSAL_DEPS | {"prep", "advmod", "mark", "aux", "neg"}
MODIFIER_DEPS = frozenset(
    {"compound", "amod", "nmod", "poss", "det", "nummod", "case", "quantmod", "punct", "npadvmod"}
)
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
OWNER_PRONOUNS = frozenset({"its", "their"})
PERSON_BASES = frozenset({"person", "kb", "surname", "unresolved"})
PERSON_TITLES = frozenset(
    {
        "minister",
        "president",
        "premier",
        "chancellor",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "secretary",
        "ambassador",
        "envoy",
        "leader",
        "governor",
        "general",
        "commander",
        "prime",
        "mayor",
        "king",
        "emir",
        "prosecutor",
        "judge",
    }
)
SPEAKER_REACH = 2
QUOTE_MARKS = ('"', "\u201c", "\u201d")
FIRST_PERSON = frozenset({"i", "me", "we", "us"})
FIRST_PERSON_PLURAL = frozenset({"we", "us"})
REPORTING_VERBS = frozenset(
    {
        "say",
        "tell",
        "state",
        "add",
        "note",
        "explain",
        "remark",
        "stress",
        "insist",
        "declare",
        "announce",
        "write",
        "claim",
        "argue",
        "mention",
        "confirm",
        "emphasize",
        "emphasise",
        "reiterate",
        "recall",
        "acknowledge",
        "assert",
        "comment",
        "tweet",
        "post",
        "report",
        "warn",
        "underline",
        "underscore",
        "observe",
        "reply",
        "respond",
        "continue",
    }
)
GROUP_PRONOUNS = frozenset({"they", "them", "we", "us", "i", "me"})
UNKNOWN_NAME_ENTITIES = frozenset({"PER", "ORG", "NORP", "GPE", "LOC", "FAC", ""})
DEMONYM_PEOPLE_SECTOR = "CVL"
NON_STATE_CODES = frozenset({"IGO", "NGO", "IMG", "ISM", "MNC", "UNO", "EUR"})
NAMED_BASES = frozenset(
    {"country", "capital", "demonym", "metonym", "role", "person", "kb", "group"}
)
INFERABLE_BASES = frozenset(
    {"role", "person", "surname", "unresolved", "speaker", "pronoun", "possessive"}
)
MIN_FOCUS_MENTIONS = 2
MIN_FOCUS_SHARE = 0.4
Resolver = Callable[[Iterable[tuple[Document, tuple[Sentence, ...]]]], Iterator[ParsedDocument]]


@dataclass(slots=True)
class StoryMemory:
    """What the story has said about people so far (keyed by lowercased surname), with the
    knowledge base of known people and the story's date to resolve them against."""

    people: dict[str, Actor] = field(default_factory=dict)
    last_person: Actor | None = None
    persons: PersonBase | None = None
    day: dt.date | None = None
    speaker: Actor | None = None
    speaker_sentence: int = -1

    def remember(self, actor: Actor) -> None:
        if actor.basis in {"person", "kb", "surname", "pronoun"}:
            self.last_person = actor
        if actor.basis not in {"person", "kb"} or not actor.resolved:
            return
        words = actor.name.split()
        if words:
            self.people.setdefault(words[-1].lower(), actor)
            self.people.setdefault(actor.name.lower(), actor)

    def recall(self, surname: str) -> Actor | None:
        return self.people.get(surname.lower())


def load(*, lexicon: ActorLexicon, persons: PersonBase | None = None) -> Resolver:
    """Return the stage's generator function over a lexicon loaded once."""
    log.debug("actor lexicon: %d surface forms", len(lexicon))

    def resolve(
        parsed: Iterable[tuple[Document, tuple[Sentence, ...]]],
    ) -> Iterator[ParsedDocument]:
        for doc, sentences in parsed:
            yield resolve_document(doc, sentences, lexicon=lexicon, persons=persons)

    return resolve


def resolve_document(
    doc: Document,
    sentences: Sequence[Sentence],
    *,
    lexicon: ActorLexicon,
    persons: PersonBase | None = None,
) -> ParsedDocument:
    """Find the actors of every sentence, remembering people across sentences."""
    memory = StoryMemory(persons=persons, day=doc.published)
    found = [find_actors(sentence, lexicon=lexicon, memory=memory) for sentence in sentences]
    focus = story_country([actor for actors in found for actor in actors])
    parsed = tuple(
        ParsedSentence(
            sentence=sentence,
            actors=tuple(_with_story_country(actor, focus) for actor in actors),
        )
        for sentence, actors in zip(sentences, found, strict=True)
    )
    return ParsedDocument(document=doc, sentences=parsed)


def story_country(actors: Sequence[Actor]) -> str | None:
    """The country a story is mostly about, when one clearly dominates its actors."""
    counts = Counter(
        actor.country
        for actor in actors
        if actor.country and actor.country not in NON_STATE_CODES and actor.basis in NAMED_BASES
    )
    if not counts:
        return None
    (country, top), *rest = counts.most_common(2)
    total = sum(counts.values())
    runner_up = rest[0][1] if rest else 0
    if top >= MIN_FOCUS_MENTIONS and top / total >= MIN_FOCUS_SHARE and top > runner_up:
        return country
    return None


def _with_story_country(actor: Actor, focus: str | None) -> Actor:
    """A domestic role or person with no country of its own takes the story's country."""
    if focus is None or actor.country is not None or actor.basis not in INFERABLE_BASES:
        return actor
    named = actor.basis in {"person", "unresolved", "speaker", "pronoun"} and (
        actor.text[:1].isupper()
    )
    if not named and not actor.sectors:
        return actor
    return dataclasses.replace(actor, country=focus, resolved=True, basis=f"{actor.basis}+story")


def find_actors(
    sentence: Sentence, *, lexicon: ActorLexicon, memory: StoryMemory | None = None
) -> tuple[Actor, ...]:
    """The actors named in one sentence, in text order, without nesting."""
    memory = memory if memory is not None else StoryMemory()
    tokens = sentence.tokens
    matches = lexicon.match(tokens)
    person_tokens = {token.i for token in tokens if token.ent == "PER"}
    children = _children(tokens)
    phrases = {head: _phrase(head, tokens, children) for head in _candidate_heads(tokens)}
    chosen: list[int] = []
    covered: set[int] = set()
    for head in sorted(phrases, key=lambda i: (-len(phrases[i]), i)):
        if head in covered or not _names_an_actor(
            head, phrases[head], tokens, matches, person_tokens, memory
        ):
            continue
        chosen.append(head)
        covered.update(phrases[head])
    actors: list[Actor] = []
    for head in sorted(chosen):
        actor = _actor_for_phrase(
            head,
            phrases[head],
            tokens,
            matches=matches,
            person_tokens=person_tokens,
            memory=memory,
        )
        if actor is not None:
            actor = _title_reference(actor, tokens, memory)
            actors.append(actor)
            memory.remember(actor)
            actors.extend(_coordinated_countries(actor, phrases[head], matches, tokens, children))
    actors = _with_appositions(actors, tokens, memory)
    actors.extend(_modifier_actors(matches, covered, tokens))
    quoting = any(mark in sentence.text for mark in QUOTE_MARKS)
    recent_enough = memory.speaker_sentence >= sentence.index - SPEAKER_REACH
    recent = memory.speaker if quoting and recent_enough else None
    actors = [_speaker_for_first_person(actor, actors, tokens, recent=recent) for actor in actors]
    speaker = _latest_speaker(actors, tokens)
    if speaker is not None:
        memory.speaker, memory.speaker_sentence = speaker, sentence.index
    actors = [_possessive_owner(actor, actors, tokens, children) for actor in actors]
    return tuple(sorted(actors, key=lambda actor: actor.start))


def _with_appositions(
    actors: list[Actor], tokens: Sequence[Token], memory: StoryMemory
) -> list[Actor]:
    """ "Lavrov, Russia's foreign minister," and "Russia's foreign minister, Sergey Lavrov":
    a person and the role set beside them are one actor, with the role's country and
    sector; the person is then remembered by surname for the rest of the story."""
    by_head = {actor.head_token: actor for actor in actors}
    merged: list[Actor] = []
    for actor in actors:
        partner = _apposed(actor, by_head, tokens)
        if partner is not None and actor.basis in PERSON_BASES and not actor.country:
            actor = dataclasses.replace(
                actor,
                country=partner.country,
                sectors=partner.sectors or actor.sectors,
                resolved=True,
                basis="apposition",
            )
            memory.remember(dataclasses.replace(actor, basis="person"))
        merged.append(actor)
    return merged


def _apposed(actor: Actor, by_head: dict[int, Actor], tokens: Sequence[Token]) -> Actor | None:
    head = tokens[actor.head_token]
    candidates = [t.i for t in tokens if t.head == head.i and t.dep == "appos"]
    if head.dep == "appos":
        candidates.append(head.head)
    for index in candidates:
        partner = by_head.get(index)
        if partner is not None and partner.country and partner.basis not in PERSON_BASES:
            return partner
    return None


def _title_reference(actor: Actor, tokens: Sequence[Token], memory: StoryMemory) -> Actor:
    """ "The minister said": a title with "the" and no country is the person last named
    with that sector ("Sergey Lavrov ... the minister")."""
    head = tokens[actor.head_token]
    definite = tokens[actor.first_token].text.lower() == "the"
    person = memory.last_person
    if (
        actor.country is not None
        or actor.basis != "role"
        or head.lemma not in PERSON_TITLES
        or not definite
        or person is None
        or not person.resolved
        or not set(person.sectors) & set(actor.sectors)
    ):
        return actor
    return _refer_to(actor, person, basis="title")


def _refer_to(actor: Actor, referent: Actor, *, basis: str) -> Actor:
    """A mention that names someone met earlier takes their identity, keeping its text."""
    return dataclasses.replace(
        actor,
        name=referent.name,
        country=referent.country,
        sectors=referent.sectors,
        kb_id=referent.kb_id,
        resolved=referent.resolved,
        basis=basis,
    )


def _coordinated_countries(
    actor: Actor,
    phrase: list[int],
    matches: Sequence[LexiconMatch],
    tokens: Sequence[Token],
    children: list[list[int]],
) -> list[Actor]:
    """ "Saudi and Iranian officials", "the leaders of Kenya and Tanzania": one more actor
    per coordinated country, sharing the phrase's head so events find them together."""
    extra: list[Actor] = []
    coordinated = {
        token
        for index in phrase
        for token in [index, *children[index]]
        if tokens[token].dep == "conj" and token != actor.head_token
    }
    for conj in sorted(coordinated):
        match = next((m for m in matches if m.first <= conj <= m.last), None)
        if match is None or not match.entry.country or match.entry.country == actor.country:
            continue
        span = list(range(match.first, match.last + 1))
        extra.append(
            _actor(
                tokens,
                span,
                actor.head_token,
                country=match.entry.country,
                sectors=actor.sectors,
                name=_span_text(tokens, span[0], span[-1]),
                kb_id=None,
                basis="coordinated",
            )
        )
    return extra


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
            _actor(
                tokens,
                list(range(match.first, match.last + 1)),
                match.last,
                country=match.entry.country,
                sectors=(),
                name=_span_text(tokens, match.first, match.last),
                kb_id=None,
                basis="demonym",
            )
        )
    return found


def _possessive_owner(
    actor: Actor, actors: Sequence[Actor], tokens: Sequence[Token], children: list[list[int]]
) -> Actor:
    """ "its aircraft", "their troops": the owner is the nearest earlier actor with a country."""
    if actor.country is not None:
        return actor
    owners = [
        child
        for child in children[actor.head_token]
        if tokens[child].dep == "poss" and tokens[child].text.lower() in OWNER_PRONOUNS
    ]
    if not owners:
        return actor
    earlier = [a for a in actors if a.end <= actor.start and a.country is not None]
    if not earlier:
        return actor
    owner = earlier[-1]
    return dataclasses.replace(actor, country=owner.country, resolved=True, basis="possessive")


def _speaker_for_first_person(
    actor: Actor, actors: Sequence[Actor], tokens: Sequence[Token], *, recent: Actor | None
) -> Actor:
    """Resolve "I"/"we" in reported speech to the speaker: the subject of the reporting
    verb above it ("Lavrov said we agreed"), else the story's most recent speaker (a
    quotation running over several sentences)."""
    head = tokens[actor.head_token]
    if actor.resolved or head.text.lower() not in FIRST_PERSON:
        return actor
    speaker = _reporting_subject(actor.head_token, actors, tokens) or recent
    if speaker is None:
        return actor
    singular = head.text.lower() not in FIRST_PERSON_PLURAL
    return dataclasses.replace(
        actor,
        name=speaker.name if singular else actor.text,
        country=speaker.country,
        sectors=speaker.sectors,
        kb_id=speaker.kb_id if singular else None,
        resolved=True,
        basis="speaker",
    )


def _latest_speaker(actors: Sequence[Actor], tokens: Sequence[Token]) -> Actor | None:
    """The resolved subject of a reporting verb in this sentence, if any."""
    for token in reversed(tokens):
        if token.lemma not in REPORTING_VERBS:
            continue
        for candidate in tokens:
            if candidate.head == token.i and candidate.dep == "nsubj":
                speaker = _actor_at(candidate.i, actors)
                if speaker is not None and speaker.resolved:
                    return speaker
    return None


def _actor_at(token: int, actors: Sequence[Actor]) -> Actor | None:
    return next((a for a in actors if a.first_token <= token <= a.last_token), None)


def _reporting_subject(
    token: int, actors: Sequence[Actor], tokens: Sequence[Token]
) -> Actor | None:
    seen = {token}
    current = tokens[token].head
    while current not in seen:
        seen.add(current)
        if tokens[current].lemma in REPORTING_VERBS:
            for candidate in tokens:
                if candidate.head == current and candidate.dep in {"nsubj", "nsubjpass"}:
                    speaker = _actor_at(candidate.i, actors)
                    return speaker if speaker is not None and speaker.resolved else None
        current = tokens[current].head
    return None


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
    lowered = token.text.lower()
    return token.pos == "PRON" and (lowered in PERSON_PRONOUNS or lowered in GROUP_PRONOUNS)


def _children(tokens: Sequence[Token]) -> list[list[int]]:
    children: list[list[int]] = [[] for _ in tokens]
    for token in tokens:
        if token.head != token.i:
            children[token.head].append(token.i)
    return children


def _candidate_heads(tokens: Sequence[Token]) -> list[int]:
    return [token.i for token in tokens if token.pos in NOMINAL]


def _phrase(head: int, tokens: Sequence[Token], children: list[list[int]]) -> list[int]:
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
    children: list[list[int]],
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
            name = _span_text(tokens, phrase[0], phrase[-1])
            return _actor(
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
    name = _phrase_name(tokens, phrase, head_match, person_tokens, head)
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
    return _actor(
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
    if recalled is not None:
        mention = _actor(
            tokens,
            phrase,
            head,
            country=None,
            sectors=(),
            name=head_token.text,
            kb_id=None,
            basis=basis,
        )
        return _refer_to(mention, recalled, basis=basis)
    unknown_name = head_token.pos == "PROPN" and head_token.ent in UNKNOWN_NAME_ENTITIES
    if unknown_name or (head_token.pos == "PRON" and lowered in GROUP_PRONOUNS):
        name = _span_text(tokens, phrase[0], phrase[-1])
        return _actor(
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
    tokens: Sequence[Token],
    phrase: list[int],
    head_match: LexiconMatch | None,
    person_tokens: set[int],
    head: int,
) -> str:
    if head in person_tokens:
        run = [i for i in phrase if i in person_tokens]
        return _span_text(tokens, run[0], run[-1])
    return _span_text(tokens, phrase[0], phrase[-1])


def _actor(
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
    first, last = tokens[phrase[0]], tokens[phrase[-1]]
    return Actor(
        text=_span_text(tokens, phrase[0], phrase[-1]),
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


def _span_text(tokens: Sequence[Token], first: int, last: int) -> str:
    text = ""
    for token in tokens[first : last + 1]:
        if text and token.start > tokens[token.i - 1].end:
            text += " " * (token.start - tokens[token.i - 1].end)
        text += token.text
    return text
