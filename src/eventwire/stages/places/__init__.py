"""Places stage: where each event happened, resolved against a gazetteer.

Place names are found in locative phrases ("in Anbar", "near Kharkiv", "at the UN
headquarters in New York", "in the town of L'Estere", "in northwestern Zamfara
state") and resolved by the gazetteer (``gazetteer.py``) in the story's context:
the countries its actors belong to and the regions it names, so that "Paris" in a
story about Texas is Paris, Texas. Names the parser tags as people or organisations
("Jordan" the player, "Chad" the name) are never places.

An event's location is, in order: the place of a locative phrase attached to its
trigger, a clause governing it, or one of its participants (source ``text``); else a
place in a locative phrase elsewhere in its sentence (``sentence``); else the
dateline's place when the event's participants fit it (``dateline``); else, for a
domestic event whose participants all belong to one country, that country
(``actors``); else null.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from eventwire.stages.actors.lexicon import load_rows
from eventwire.stages.dateline import Dateline, find_dateline
from eventwire.stages.places.gazetteer import (
    DESIGNATORS,
    Gazetteer,
    GazetteerEntry,
    StoryContext,
    load_gazetteer,
)
from eventwire.stages.syntax import Tree
from eventwire.types import Actor, CodedDocument, Event, Location, LocationSource, Sentence, Token

LOCATIVE_PREPS = frozenset({"in", "near", "at", "outside", "inside", "across", "around"})
MOTION_WORDS = frozenset(
    {"visit", "trip", "travel", "journey", "tour", "go", "come", "arrive", "fly", "return",
     "head", "deploy", "deployment", "mission"}
)  # fmt: skip
NOT_PLACE_ENTITIES = frozenset({"PER", "ORG", "NORP"})
NAME_DEPS = frozenset({"compound", "amod", "nmod", "flat", "nn"})
QUALIFIER_DEPS = frozenset({"appos", "npadvmod", "conj", "nmod"})
TARGET_DEPS = frozenset({"dobj", "nsubjpass"})
TARGET_EVENT_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE"})
ARGUMENT_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "pobj"})
MAX_NESTING = 2


Blocked = dict[int, tuple[int, int, str]]


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name in a locative phrase (or, with ``target``, the town or region an
    event acts on), resolved to a gazetteer entry."""

    entry: GazetteerEntry
    text: str
    start: int
    end: int
    first: int
    last: int
    attached_to: int
    designator: str | None = None
    qualifier: GazetteerEntry | None = None
    target: bool = False


@dataclass(frozen=True, slots=True)
class _Name:
    """A candidate place name before resolution."""

    first: int
    last: int
    text: str
    start: int
    end: int
    attached_to: int
    designator: str | None
    qualifier: str | None
    target: bool = False


def load() -> Gazetteer:
    """The gazetteer, with the actor lexicon's country aliases and capitals."""
    rows = load_rows()
    return load_gazetteer(
        country_names=[(s, e.country) for s, e in rows if e.kind == "country" and e.country],
        capitals=[(s, e.country) for s, e in rows if e.kind == "capital" and e.country],
    )


def apply(coded: Iterable[CodedDocument], *, gazetteer: Gazetteer) -> Iterator[CodedDocument]:
    """Locate every event of every document."""
    for doc in coded:
        yield locate_document(doc, gazetteer=gazetteer)


def locate_document(doc: CodedDocument, *, gazetteer: Gazetteer) -> CodedDocument:
    """Resolve the document's place names in its context, then locate each event."""
    sentences = {parsed.sentence.index: parsed.sentence for parsed in doc.sentences}
    trees = {index: Tree.of(sentence.tokens) for index, sentence in sentences.items()}
    names = {
        index: find_place_names(sentence, trees[index]) for index, sentence in sentences.items()
    }
    # Actors named by a place name ("Paris" read as France's capital) are counted
    # through the place's own resolution, not through the actor stage's guess.
    name_spans = {(n.start, n.end) for found in names.values() for n in found}
    actor_countries = Counter(
        actor.country
        for parsed in doc.sentences
        for actor in parsed.actors
        if actor.country
        and gazetteer.country(actor.country) is not None
        and not any(start < actor.end and actor.start < end for start, end in name_spans)
    )
    dateline = find_dateline(doc.document)
    context = story_context(actor_countries, names.values(), gazetteer=gazetteer)
    places = {
        index: resolve_names(found, gazetteer=gazetteer, context=context)
        for index, found in names.items()
    }
    dateline_place = _dateline_place(dateline, gazetteer=gazetteer, context=context)
    events = tuple(
        locate_event(
            event,
            sentences[event.sentence_index],
            places=places[event.sentence_index],
            tree=trees[event.sentence_index],
            dateline=dateline_place,
            gazetteer=gazetteer,
        )
        for event in doc.events
    )
    return dataclasses.replace(doc, events=events)


def story_context(
    actor_countries: Counter[str],
    names: Iterable[Sequence[_Name]],
    *,
    gazetteer: Gazetteer,
) -> StoryContext:
    """The countries and regions a story is about: its actors' and its places'."""
    countries = Counter(actor_countries)
    first = StoryContext(
        countries=frozenset(countries),
        main_country=countries.most_common(1)[0][0] if countries else None,
    )
    regions: set[tuple[str, str]] = set()
    for found in names:
        for place in resolve_names(found, gazetteer=gazetteer, context=first):
            countries[place.entry.country] += 1
            if place.entry.kind == "region":
                regions.add((place.entry.country, place.entry.name))
            if place.qualifier is not None and place.qualifier.kind == "region":
                regions.add((place.qualifier.country, place.qualifier.name))
    return StoryContext(
        countries=frozenset(countries),
        main_country=countries.most_common(1)[0][0] if countries else None,
        regions=frozenset(regions),
    )


def find_place_names(sentence: Sentence, tree: Tree) -> list[_Name]:
    """Proper names in the sentence's locative phrases, not yet resolved."""
    blocked: Blocked = {
        i: (mention.first_token, mention.last_token, mention.label)
        for mention in sentence.mentions
        if mention.label in NOT_PLACE_ENTITIES
        for i in range(mention.first_token, mention.last_token + 1)
    }
    found: list[_Name] = []
    for token in tree.tokens:
        if token.dep != "prep" or not _is_locative(token.i, tree):
            continue
        head = tree.head_of(token.i)
        if head is None or _inside_locative(head, tree):
            continue
        for pobj in tree.kids(token.i, "pobj"):
            found.extend(_names_under(pobj, tree, blocked, attached_to=head, depth=0))
    for token in tree.tokens:
        # a town or region the event acts on is where it happens ("shelled the city of
        # Sumy", "Kharkiv was hit"); a country there is an actor, not a place
        head = tree.head_of(token.i)
        if token.dep in TARGET_DEPS and head is not None and tree.tokens[head].pos == "VERB":
            for name in _names_under(token.i, tree, blocked, attached_to=head, depth=0):
                found.append(dataclasses.replace(name, target=True))
    return found


def _is_locative(prep: int, tree: Tree) -> bool:
    """ "in", "near", "at" ...; "to" after a visit or a journey ("a visit to Beijing")."""
    lemma = tree.tokens[prep].lemma
    if lemma in LOCATIVE_PREPS:
        return True
    head = tree.head_of(prep)
    return lemma == "to" and head is not None and tree.tokens[head].lemma in MOTION_WORDS


def _inside_locative(i: int, tree: Tree) -> bool:
    """Whether ``i`` is itself inside a locative phrase (then its phrase is nested)."""
    for ancestor in [i, *tree.ancestors(i)]:
        token = tree.tokens[ancestor]
        if token.dep == "pobj":
            prep = tree.head_of(ancestor)
            if prep is not None and _is_locative(prep, tree):
                return True
        if token.pos in {"VERB", "AUX"}:
            return False
    return False


def _names_under(
    pobj: int, tree: Tree, blocked: Blocked, *, attached_to: int, depth: int
) -> list[_Name]:
    """The place names an object of a locative preposition gives, nested ones included."""
    token = tree.tokens[pobj]
    name = _name_at(pobj, tree, blocked, attached_to=attached_to)
    if name is not None:
        return [name]
    found: list[_Name] = []
    possessors: list[_Name] = []
    if depth >= MAX_NESTING:
        return found
    designator = token.lemma if token.lemma in DESIGNATORS else None
    for child in tree.children[pobj]:
        child_token = tree.tokens[child]
        if child_token.dep == "appos":
            # "in the C.A.R.'s capital, Bangui"
            found.extend(
                _names_under(child, tree, blocked, attached_to=attached_to, depth=depth + 1)
            )
        elif child_token.dep == "poss":
            # "in Haiti's north", "in the country's capital"
            possessor = _name_at(child, tree, blocked, attached_to=attached_to)
            if possessor is not None:
                possessors.append(possessor)
        elif child_token.dep == "prep" and (
            child_token.lemma in LOCATIVE_PREPS or (child_token.lemma == "of" and designator)
        ):
            # "at the UN headquarters in New York", "in the town of L'Estere"
            # "the city of Sumy" says the name is a place, whatever the parser's tag
            inner_blocked = {} if child_token.lemma == "of" else blocked
            for inner in tree.kids(child, "pobj"):
                for nested in _names_under(
                    inner, tree, inner_blocked, attached_to=attached_to, depth=depth + 1
                ):
                    found.append(dataclasses.replace(nested, designator=designator))
    return found + possessors  # the named place before the one that owns it


def _name_at(head: int, tree: Tree, blocked: Blocked, *, attached_to: int) -> _Name | None:
    """The proper name headed by token ``head`` ("northwestern Zamfara state")."""
    tokens = tree.tokens
    designator = None
    name_head = head
    if tokens[head].lemma in DESIGNATORS and tokens[head].pos != "PROPN":
        if any(tokens[c].lemma == "of" for c in tree.kids(head, "prep")):
            return None  # "the Red Sea port city of Jeddah": the place follows "of"
        compounds = [c for c in tree.kids(head, "compound") if tokens[c].pos == "PROPN"]
        if not compounds:
            return None
        designator = tokens[head].lemma
        name_head = compounds[-1]
    if tokens[name_head].pos != "PROPN":
        return None
    words = [name_head]
    for child in sorted(tree.children[name_head], reverse=True):
        if child > name_head or tokens[child].dep not in NAME_DEPS:
            continue
        if tokens[child].pos != "PROPN" and not tokens[child].text[:1].isupper():
            continue
        if child != words[0] - 1 and not _only_punct_between(tokens, child, words[0]):
            break
        words.insert(0, child)
    words = [i for i in range(words[0], words[-1] + 1) if tokens[i].pos != "DET"]
    if not words or _is_blocked(words[0], words[-1], blocked):
        return None
    if not tokens[words[0]].text[:1].isupper():
        return None
    qualifier = _qualifier(head if designator is None else name_head, tree, blocked)
    first, last = words[0], words[-1]
    return _Name(
        first=first,
        last=last,
        text=_text(tokens[first : last + 1]),
        start=tokens[first].start,
        end=tokens[last].end,
        attached_to=attached_to,
        designator=designator,
        qualifier=qualifier,
    )


def _is_blocked(first: int, last: int, blocked: Blocked) -> bool:
    """Whether tokens first..last belong to a person's or group's name ("Michael Jordan",
    "the University of Nairobi"). A name the parser tagged as an organisation exactly
    ("in the capital, Bangui" read as ORG) is still a place name in a locative phrase."""
    for i in range(first, last + 1):
        if i in blocked:
            start, end, label = blocked[i]
            if label != "ORG" or (start, end) != (first, last):
                return True
    return False


def _only_punct_between(tokens: Sequence[Token], left: int, right: int) -> bool:
    return all(tokens[i].pos == "PUNCT" and tokens[i].text in "-'" for i in range(left + 1, right))


def _qualifier(head: int, tree: Tree, blocked: Blocked) -> str | None:
    """A region or country written beside a place: "Paris, Texas", "Kharkiv, Ukraine"."""
    for child in tree.children[head]:
        token = tree.tokens[child]
        if child > head and token.dep in QUALIFIER_DEPS and token.pos == "PROPN":
            indices = [i for i in tree.subtree(child) if tree.tokens[i].pos == "PROPN"]
            if not indices or _is_blocked(indices[0], indices[-1], blocked):
                continue
            if indices == list(range(indices[0], indices[-1] + 1)):
                return _text(tree.tokens[indices[0] : indices[-1] + 1])
    return None


def resolve_names(
    names: Sequence[_Name], *, gazetteer: Gazetteer, context: StoryContext
) -> list[PlaceMention]:
    """The names the gazetteer knows, each resolved in the story's context."""
    found: list[PlaceMention] = []
    for name in names:
        qualifier = None
        if name.qualifier is not None:
            qualifier = gazetteer.resolve(name.qualifier, context=context)
            if qualifier is not None and qualifier.kind == "city":
                qualifier = None
        entry = gazetteer.resolve(
            name.text, context=context, designator=name.designator, qualifier=qualifier
        )
        if entry is None or (name.target and entry.kind == "country"):
            continue
        found.append(
            PlaceMention(
                entry=entry,
                text=name.text,
                start=name.start,
                end=name.end,
                first=name.first,
                last=name.last,
                attached_to=name.attached_to,
                designator=name.designator,
                qualifier=qualifier,
                target=name.target,
            )
        )
    return found


def locate_event(
    event: Event,
    sentence: Sentence,
    *,
    places: Sequence[PlaceMention],
    tree: Tree | None = None,
    dateline: PlaceMention | None = None,
    gazetteer: Gazetteer,
) -> Event:
    """The event with its location: its own phrase, its sentence, dateline or actors."""
    tree = tree or Tree.of(sentence.tokens)
    participants = [actor.head_token for actor in (*event.actor, *event.recipient)]
    arguments = tree.kids(event.trigger_token, *ARGUMENT_DEPS)
    chain = [event.trigger_token, *tree.ancestors(event.trigger_token), *participants, *arguments]
    if event.event_type not in TARGET_EVENT_TYPES:
        places = [place for place in places if not place.target]
    for clause in chain:
        for place in places:
            if place.attached_to == clause:
                location = _location(place, source="text")
                return _with_domestic_actors(dataclasses.replace(event, location=location))
    if places:
        nearest = min(places, key=lambda place: abs(place.first - event.trigger_token))
        located = dataclasses.replace(event, location=_location(nearest, source="sentence"))
        # the sentence's only place also tells whose people and authorities these are
        return _with_domestic_actors(located) if len(places) == 1 else located
    countries = participant_countries(event, gazetteer=gazetteer)
    if dateline is not None and (not countries or dateline.entry.country in countries):
        return dataclasses.replace(event, location=_location(dateline, source="dateline"))
    if len(countries) == 1:
        [country] = countries
        entry = gazetteer.country(country)
        if entry is not None:
            return dataclasses.replace(event, location=_country_location(entry))
    return event


def participant_countries(event: Event, *, gazetteer: Gazetteer) -> set[str]:
    """The countries (not IGO/NGO codes) of an event's actors and recipients."""
    return {
        actor.country
        for actor in (*event.actor, *event.recipient)
        if actor.country and gazetteer.country(actor.country) is not None
    }


def _location(place: PlaceMention, *, source: LocationSource) -> Location:
    entry = place.entry
    return Location(
        place=place.text,
        country=entry.country,
        source=source,
        text_start=place.start,
        text_end=place.end,
        admin1=entry.admin1 if entry.kind != "country" else None,
        lat=entry.lat,
        lon=entry.lon,
        geonameid=entry.geonameid,
        kind=entry.kind,
        name=entry.name,
    )


def _country_location(entry: GazetteerEntry) -> Location:
    return Location(
        place=None,
        country=entry.country,
        source="actors",
        lat=entry.lat,
        lon=entry.lon,
        geonameid=entry.geonameid,
        kind="country",
        name=entry.name,
    )


def _dateline_place(
    dateline: Dateline | None, *, gazetteer: Gazetteer, context: StoryContext
) -> PlaceMention | None:
    if dateline is None:
        return None
    qualifier = (
        gazetteer.resolve(dateline.qualifier, context=context) if dateline.qualifier else None
    )
    name = dateline.place_name.split("/")[0].strip()
    entry = gazetteer.resolve(name, context=context, qualifier=qualifier)
    if entry is None:
        return None
    return PlaceMention(
        entry=entry,
        text=dateline.place,
        start=dateline.place_start,
        end=dateline.place_end,
        first=-1,
        last=-1,
        attached_to=-1,
        qualifier=qualifier,
    )


def _with_domestic_actors(event: Event) -> Event:
    """Roles and people with no country of their own take the country where the event
    happened ("police in Minsk arrested three journalists": both Belarusian)."""
    country = event.location.country if event.location else None
    if country is None:
        return event
    return dataclasses.replace(
        event,
        actor=tuple(_domestic(actor, country) for actor in event.actor),
        recipient=tuple(_domestic(actor, country) for actor in event.recipient),
    )


def _domestic(actor: Actor, country: str) -> Actor:
    if actor.country is not None or not (actor.sectors or actor.basis == "person"):
        return actor
    return dataclasses.replace(actor, country=country, resolved=True, basis=f"{actor.basis}+place")


def _text(tokens: Sequence[Token]) -> str:
    """The text of consecutive tokens, spaced as in the source."""
    text = ""
    for previous, token in zip([None, *tokens], tokens, strict=False):
        if previous is not None and token.start > previous.end:
            text += " "
        text += token.text
    return text
