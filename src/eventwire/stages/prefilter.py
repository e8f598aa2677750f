"""A cheap pre-filter before the parse: which sentences could hold an event.

Parsing is nearly all of the engine's time, and most sentences of a news story hold no
event. A regex splits each body span into sentences; only those that have the words of
some trigger sense (``events/data/triggers.tsv``: a form of its lemma, plus its particle
and one of its objects when it requires them), or a word of harsh judgement
(``events/data/evaluations.txt``) with a reporting or naming verb, go to spaCy, and so do
sentences that introduce a person by title ("Foreign Minister Sergey Lavrov"), whom later sentences
call "he" or "the minister". Runs of neighbouring kept sentences are parsed as one
piece, so that the parse sees the context it would have had.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from eventwire.stages.actors.coreference import PAIR_NOUNS, PERSON_TITLES, REPORTING_VERBS
from eventwire.stages.events.statements import NAMING_VERBS, load_evaluations
from eventwire.stages.events.triggers import read_trigger_rows

# Words ending in a period that rarely end a sentence: titles, months, corporate and
# Latin abbreviations. Single capitals ("J. Smith") and dotted acronyms ("U.S.") are
# handled by pattern.
ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "rev", "gen", "lt", "col", "maj", "capt", "cmdr",
        "adm", "sgt", "cpl", "brig", "sen", "rep", "gov", "pres", "amb", "hon", "gens",
        "st", "jr", "sr", "messrs", "mt", "ft", "no", "nos", "vs", "etc", "inc", "corp",
        "co", "ltd", "bros", "dept", "univ", "approx", "est", "fig", "al",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip
# A sentence ends at . ! or ? (plus closing quotes and brackets) before white space and
# a capital, digit or opening quote.
BOUNDARY = re.compile(r"""[.!?]+['"\u2019\u201d)\]]*(?=\s+['"\u2018\u201c(\[]?[A-Z0-9])""")
WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
WORD = re.compile(r"[a-z]+")
# A title before a capitalised name: the actors stage remembers the person it introduces.
PERSON_INTRO = re.compile(
    r"\b(?i:" + "|".join(sorted(PERSON_TITLES)) + r")\s+(?:[A-Z][\w.'\u2019-]*\s+)*[A-Z][a-z]"
)
VOWELS = frozenset("aeiou")
# Past forms of the irregular verbs among the trigger lemmas (and participles in -en).
IRREGULAR = {
    "beat": ("beaten",),
    "blow": ("blew", "blown"),
    "break": ("broke", "broken"),
    "bring": ("brought",),
    "build": ("built",),
    "burn": ("burnt",),
    "buy": ("bought",),
    "feed": ("fed",),
    "fight": ("fought",),
    "find": ("found",),
    "fly": ("flew", "flown"),
    "forgive": ("forgave", "forgiven"),
    "freeze": ("froze", "frozen"),
    "give": ("gave", "given"),
    "go": ("went", "gone", "goes"),
    "hang": ("hung",),
    "hold": ("held",),
    "lay": ("laid",),
    "leave": ("left",),
    "lend": ("lent",),
    "make": ("made",),
    "meet": ("met",),
    "overrun": ("overran",),
    "overthrow": ("overthrew", "overthrown"),
    "pay": ("paid",),
    "say": ("said",),
    "seek": ("sought",),
    "sell": ("sold",),
    "send": ("sent",),
    "shoot": ("shot",),
    "sink": ("sank", "sunk"),
    "sit": ("sat",),
    "slay": ("slew", "slain"),
    "speak": ("spoke", "spoken"),
    "stand": ("stood",),
    "strike": ("struck", "stricken"),
    "take": ("took", "taken"),
    "tear": ("tore", "torn"),
    "tell": ("told",),
    "throw": ("threw", "thrown"),
    "uphold": ("upheld",),
    "withdraw": ("withdrew", "withdrawn"),
    "withhold": ("withheld",),
    "write": ("wrote", "written"),
}


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of kept sentences: char offsets into the span's text, and the position of
    its first sentence among all sentences the splitter found in the span, and how many
    sentences it holds."""

    start: int
    end: int
    first_sentence: int
    sentences: int = 1


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets into ``text``, by punctuation and abbreviations."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in BOUNDARY.finditer(text):
        if match.group().startswith(".") and _is_abbreviation(text[start : match.start() + 1]):
            continue
        spans.append((start, match.end()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return [_strip(text, begin, end) for begin, end in spans if text[begin:end].strip()]


def _is_abbreviation(head: str) -> bool:
    found = WORD_BEFORE.search(head)
    if found is None:
        return False
    word = found.group(1)
    if len(word) == 1 and word.isupper():  # an initial: "George W. Bush"
        return True
    if "." in word:  # "U.S.", "U.N.", "a.m."
        return True
    return word.lower() in ABBREVIATIONS


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def word_forms(lemma: str, *, verb: bool) -> set[str]:
    """The lemma and its regular inflections (and irregular pasts of verbs)."""
    forms = {lemma, lemma + "s", lemma + "es"}
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in VOWELS:
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if not verb:
        return forms
    stem = lemma[:-1] if lemma.endswith("e") else lemma  # agree -> agreed, not ban -> band
    forms |= {lemma + "ed", stem + "ed", stem + "ing", lemma + "ing"}
    if _ends_consonant_vowel_consonant(lemma):  # ban -> banned, level -> levelled
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    if lemma.endswith("ie"):
        forms.add(lemma[:-2] + "ying")
    forms.update(IRREGULAR.get(lemma, ()))
    return forms


# "both countries", "the two sides": the actors stage needs the sentence before, which
# names the pair.
PAIR_MENTION = re.compile(
    r"\b(?i:both|the two)\s+(?:"
    + "|".join(
        sorted(noun[:-1] + "ies" if noun.endswith("y") else noun + "s" for noun in PAIR_NOUNS)
    )
    + r")\b"
)


# Forms of trigger verbs that in news text are nearly always another word ("back" the
# adverb, "free" the adjective, "gas", "station", "mass", "stone" the nouns): on the
# Wikinews corpus, no sentence whose only cue was one of these yielded an event (back 91
# sentences, free 76, find 64, gas 45, questions 28, mass 28, station 23, storm 17,
# stone 13, aids 11). The verbs' other forms ("backed", "freed", "stormed") still count.
WEAK_FORMS = frozenset(
    {"back", "free", "find", "gas", "question", "questions", "mass", "station", "storm",
     "stone", "aids"}
)  # fmt: skip
# Object words that are no cue by themselves: "held a sit-in" splits into sit, in.
OBJECT_CUES = {"in": "sit"}


@dataclass(frozen=True, slots=True)
class TriggerWords:
    """Surface forms of the trigger lemmas, each with what its senses also need: a
    sense with a particle ("crack down") or required objects ("hold talks") can only
    match where a form of one of those words is in the sentence too."""

    needs: dict[str, frozenset[tuple[frozenset[str], frozenset[str]]]]

    def __contains__(self, word: str) -> bool:
        return word in self.needs

    def could_hold_event(self, sentence: str) -> bool:
        """Whether some trigger sense's words are all in the sentence."""
        words = set(WORD.findall(sentence.lower()))
        for word in words & self.needs.keys():
            for particles, objects in self.needs[word]:
                if (not particles or particles & words) and (not objects or objects & words):
                    return True
        return False


def _ends_consonant_vowel_consonant(word: str) -> bool:
    return (
        len(word) >= 3
        and word[-1] not in VOWELS | {"w", "x", "y"}
        and word[-2] in VOWELS
        and word[-3] not in VOWELS
    )


def load_forms() -> TriggerWords:
    """The surface forms of every trigger sense of the events stage's lexicon."""
    data = resources.files("eventwire.stages.events").joinpath("data", "triggers.tsv")
    needs: dict[str, set[tuple[frozenset[str], frozenset[str]]]] = defaultdict(set)
    for trigger in read_trigger_rows(data.read_text(encoding="utf-8")):
        particles = _forms_of([trigger.particle] if trigger.particle else [])
        objects = _forms_of(OBJECT_CUES.get(word, word) for word in trigger.objects)
        for form in _forms_of([trigger.lemma], verb=trigger.pos == "VERB"):
            needs[form].add((particles, objects))
    # a word of harsh judgement makes an accusing statement only with a reporting verb;
    # a hyphenated one ("anti-democratic") is split like the sentence, and needs its parts
    reporting = _forms_of(REPORTING_VERBS | NAMING_VERBS)
    for evaluation in load_evaluations():
        first, *rest = WORD.findall(evaluation.lower())
        for form in word_forms(first, verb=True):
            needs[form].add((reporting, frozenset(rest[:1])))
    for form in WEAK_FORMS:
        needs.pop(form, None)
    return TriggerWords({form: frozenset(need) for form, need in needs.items()})


def _forms_of(lemmas: Iterable[str], *, verb: bool = True) -> frozenset[str]:
    forms: set[str] = set()
    for lemma in lemmas:
        for word in WORD.findall(lemma.lower()):
            forms |= word_forms(word, verb=verb)
    return frozenset(forms)


def could_hold_event(sentence: str, words: TriggerWords) -> bool:
    """Whether the sentence has the words of some trigger sense."""
    return words.could_hold_event(sentence)


def keeps(sentence: str, words: TriggerWords) -> bool:
    """Whether to parse the sentence: it could hold an event or introduces a person."""
    return words.could_hold_event(sentence) or PERSON_INTRO.search(sentence) is not None


def select(text: str, forms: TriggerWords) -> tuple[list[Piece], int]:
    """Runs of kept sentences of ``text``, and how many sentences the splitter found.
    A kept sentence that speaks of "both countries" keeps the one before it too."""
    sentences = split_sentences(text)
    kept = [keeps(text[start:end], forms) for start, end in sentences]
    for position in range(1, len(sentences)):
        start, end = sentences[position]
        if kept[position] and PAIR_MENTION.search(text, start, end) is not None:
            kept[position - 1] = True
    pieces: list[Piece] = []
    for position, (start, end) in enumerate(sentences):
        if not kept[position]:
            continue
        last = pieces[-1] if pieces else None
        if last is not None and _follows(last, position, sentences):
            pieces[-1] = Piece(last.start, end, last.first_sentence, last.sentences + 1)
        else:
            pieces.append(Piece(start, end, position))
    return pieces, len(sentences)


def _follows(piece: Piece, position: int, sentences: list[tuple[int, int]]) -> bool:
    return position > 0 and sentences[position - 1][1] == piece.end
