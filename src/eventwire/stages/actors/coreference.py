"""Mentions that refer to actors named elsewhere: the story's memory of people, surnames,
pronouns and titles that refer back ("Lavrov", "he", "the minister"), appositions, the
speaker behind "I"/"we" in quotes, owners of "its"/"their", coordinated countries, and
the country a story is mostly about.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from eventwire.stages.actors.focus import dominant
from eventwire.stages.actors.lexicon import LexiconMatch
from eventwire.stages.actors.persons import PersonBase
from eventwire.stages.actors.phrases import build_actor, span_text
from eventwire.types import Actor, Token

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
NON_STATE_CODES = frozenset({"IGO", "NGO", "IMG", "ISM", "MNC", "UNO", "EUR"})
NAMED_BASES = frozenset(
    {"country", "capital", "demonym", "metonym", "role", "person", "kb", "group"}
)
INFERABLE_BASES = frozenset(
    {"role", "person", "surname", "unresolved", "speaker", "pronoun", "possessive"}
)
# "both countries", "the two sides": plural nouns that name the last two states met
PAIR_NOUNS = frozenset(
    {
        "country",
        "nation",
        "side",
        "government",
        "neighbor",
        "neighbour",
        "leader",
        "capital",
        "ally",
        "rival",
        "foe",
        "adversary",
    }
)
PAIR_REACH = 2
# of the pair nouns, those that only states are ("both countries"); "both sides" may be
# a bloc or an organisation ("the EU and China ... the two sides")
STATE_PAIR_NOUNS = frozenset(
    {"country", "nation", "capital", "government", "neighbor", "neighbour"}
)
# Regions, not countries: an unknown name among them never takes the story's country.
REGIONS = frozenset(
    {
        "africa", "asia", "europe", "eurasia", "oceania", "americas", "the americas",
        "latin america", "south america", "north america", "central america",
        "middle east", "the middle east", "mideast", "the mideast", "caucasus",
        "the caucasus", "balkans", "the balkans", "sahel", "the sahel", "the gulf",
        "scandinavia", "the west", "indo-pacific", "the indo-pacific", "the arctic",
        "west africa", "east africa", "central africa", "north africa", "southern africa",
        "horn of africa", "the horn of africa", "sub-saharan africa", "central asia",
        "east asia", "south asia", "southeast asia", "western europe", "eastern europe",
        "central europe", "the pacific", "the levant", "maghreb", "the maghreb",
    }
)  # fmt: skip


@dataclass(slots=True)
class StoryMemory:
    """What the story has said about people so far (keyed by lowercased surname), with the
    knowledge base of known people and the story's date to resolve them against."""

    people: dict[str, Actor] = field(default_factory=dict)
    last_person: Actor | None = None
    last_body: Actor | None = None
    persons: PersonBase | None = None
    day: dt.date | None = None
    speaker: Actor | None = None
    speaker_sentence: int = -1
    sentence: int = -1
    states: list[tuple[int, Actor]] = field(default_factory=list)
    roles: dict[str, Actor] = field(default_factory=dict)

    def remember(self, actor: Actor) -> None:
        if actor.country:
            self.states.append((self.sentence, actor))
        if actor.basis in {"person", "kb", "surname", "pronoun"}:
            self.last_person = actor
        if actor.basis in BODY_BASES and actor.country:
            self.last_body = actor
        if actor.basis not in {"person", "kb"} or not actor.resolved:
            return
        words = actor.name.split()
        if words:
            self.people.setdefault(words[-1].lower(), actor)
            self.people.setdefault(actor.name.lower(), actor)

    def remember_role(self, head_lemma: str, actor: Actor) -> None:
        """A role or body named with its country ("a U.S. official", "the U.N. Security
        Council"), for "the official" and "the council" later."""
        if actor.basis in DESCRIBED_BASES and actor.country:
            self.roles[head_lemma.lower()] = actor

    def described(self, head_lemma: str) -> Actor | None:
        """The role or body last named with this head word."""
        return self.roles.get(head_lemma.lower())

    def recall(self, surname: str) -> Actor | None:
        return self.people.get(surname.lower())

    def last_pair(self, *, states_only: bool = True) -> tuple[Actor, Actor] | None:
        """The last two parties of different countries (states, or also blocs and
        organisations) named in this sentence or the two before, latest first."""
        found: list[Actor] = []
        for sentence, actor in reversed(self.states):
            if sentence < self.sentence - PAIR_REACH:
                break
            if states_only and actor.country in NON_STATE_CODES:
                continue
            if all(_party(actor, states_only) != _party(other, states_only) for other in found):
                found.append(actor)
            if len(found) == 2:
                return found[0], found[1]
        return None


BODY_BASES = frozenset({"country", "capital", "metonym", "igo", "group", "body"})
# Mentions whose head word a later "the <word>" can take up.
DESCRIBED_BASES = frozenset({"role", "igo", "group", "metonym", "title"})


def story_country(actors: Sequence[Actor]) -> str | None:
    """The country a story is mostly about, when one clearly dominates its actors."""
    return dominant(
        Counter(
            actor.country
            for actor in actors
            if actor.country and actor.country not in NON_STATE_CODES and actor.basis in NAMED_BASES
        )
    )


def with_story_country(actor: Actor, focus: str | None) -> Actor:
    """A domestic role or person with no country of its own takes the story's country."""
    if focus is None or actor.country is not None or actor.basis not in INFERABLE_BASES:
        return actor
    if actor.text.lower() in REGIONS:
        return actor
    named = actor.basis in {"person", "unresolved", "speaker", "pronoun"} and (
        actor.text[:1].isupper()
    )
    if not named and not actor.sectors:
        return actor
    return dataclasses.replace(actor, country=focus, resolved=True, basis=f"{actor.basis}+story")


def refer_to(actor: Actor, referent: Actor, *, basis: str) -> Actor:
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


def _party(actor: Actor, states_only: bool) -> tuple[str | None, str | None]:
    """What tells two parties apart: their country, or for "both sides" also their sector
    (the army and the rebels of one country)."""
    if states_only:
        return actor.country, None
    return actor.country, actor.sectors[0] if actor.sectors else None


def names_a_pair(head: int, tokens: Sequence[Token], children: Sequence[Sequence[int]]) -> bool:
    """ "both countries", "the two sides", "both governments": two parties named before."""
    token = tokens[head]
    if token.lemma not in PAIR_NOUNS or token.tag != "NNS":
        return False
    return any(
        tokens[child].text.lower() in {"both", "two"} and child < head for child in children[head]
    )


def pair_reference(
    head: int, phrase: list[int], tokens: Sequence[Token], memory: StoryMemory
) -> list[Actor]:
    """One actor per party of "both countries": the last two states the passage named,
    the second sharing the phrase's head as a coordinated actor does."""
    pair = memory.last_pair(states_only=tokens[head].lemma in STATE_PAIR_NOUNS)
    if pair is None:
        return []
    mention = build_actor(
        tokens, phrase, head, country=None, sectors=(), name="", kb_id=None, basis="pair"
    )
    first, second = (refer_to(mention, party, basis="pair") for party in reversed(pair))
    return [first, dataclasses.replace(second, basis="coordinated")]


def title_reference(actor: Actor, tokens: Sequence[Token], memory: StoryMemory) -> Actor:
    """ "The official added": a role with "the" and no country is the one last named with
    the same word and a country ("a U.S. official said ... The official added"), or, for a
    title, the person last named with that sector ("Sergey Lavrov ... the minister"),
    whichever the story named more recently."""
    head = tokens[actor.head_token]
    phrase = list(range(actor.first_token, actor.last_token + 1))
    if not bare_definite(actor.head_token, phrase, tokens) or actor.country is not None:
        return actor
    if actor.basis != "role":
        return actor
    candidates = [memory.described(head.lemma), _titled_person(actor, head, memory)]
    found = [candidate for candidate in candidates if candidate is not None]
    if not found:
        return actor
    return refer_to(actor, max(found, key=lambda referent: referent.start), basis="title")


def bare_definite(head: int, phrase: Sequence[int], tokens: Sequence[Token]) -> bool:
    """ "the council", "the foreign minister", "the lower house": "the", common modifiers
    and the head last, so that it points back rather than naming ("the lower house of
    Pakistan's parliament" names)."""
    return (
        tokens[phrase[0]].text.lower() == "the"
        and phrase[-1] == head
        and all(tokens[i].pos in {"DET", "ADJ", "NOUN"} for i in phrase[1:-1])
    )


def _titled_person(actor: Actor, head: Token, memory: StoryMemory) -> Actor | None:
    person = memory.last_person
    if (
        head.lemma not in PERSON_TITLES
        or person is None
        or not person.resolved
        or not set(person.sectors) & set(actor.sectors)
    ):
        return None
    return person


def with_appositions(
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


def coordinated_countries(
    actor: Actor,
    phrase: list[int],
    matches: Sequence[LexiconMatch],
    tokens: Sequence[Token],
    children: Sequence[Sequence[int]],
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
            build_actor(
                tokens,
                span,
                actor.head_token,
                country=match.entry.country,
                sectors=actor.sectors,
                name=span_text(tokens, span[0], span[-1]),
                kb_id=None,
                basis="coordinated",
            )
        )
    return extra


def possessive_owner(
    actor: Actor,
    actors: Sequence[Actor],
    tokens: Sequence[Token],
    children: Sequence[Sequence[int]],
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


def speaker_for_first_person(
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


def latest_speaker(actors: Sequence[Actor], tokens: Sequence[Token]) -> Actor | None:
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
