"""The model's lemmatizer, asked once per kind of token instead of once per token.

spaCy's rule lemmatizer works in Python token by token (about a tenth of the parse),
and it remembers only some of its answers. What it gives a token depends on nothing but
the token's text, coarse part of speech and morphology (``Lemmatizer.rule_lemmatize``
and ``EnglishLemmatizer.is_base_form`` read no more; the lookup mode reads the text),
so ``RememberedLemmas`` asks it once for each distinct (text, part of speech,
morphology) and gives every other such token the same lemma. Tokens that already have
a lemma (the attribute rules set a few) keep it, as with the lemmatizer itself.

The rule lemmatizer also looks each candidate lemma up in a list of the words of its
part of speech (``lemma_index``: 58,000 nouns), one comparison per word; ``install``
turns those lists into sets, which answer ``in`` alike at once.

Only the nlp stage uses this module, and only after spaCy is loaded.
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import Lemmatizer

FACTORY = "eventwire_remembered_lemmas"
NAME = "lemmatizer"
# Lemmatizers whose answer depends only on a token's text, part of speech and
# morphology, in these modes; any other is left in place.
EXACT_TYPES = (Lemmatizer, EnglishLemmatizer)
EXACT_MODES = frozenset({"rule", "lookup"})
COLUMNS = [ORTH, POS, MORPH, LEMMA]
INDEX = "lemma_index"


class RememberedLemmas:
    """A pipeline component setting the lemmas a spaCy ``Lemmatizer`` sets."""

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab
        self.lemmatizer: Any = None
        self.lemmas: dict[tuple[int, int, int], int] = {}

    def wrap(self, lemmatizer: Any) -> None:
        """Answer for ``lemmatizer`` from now on (forgetting earlier answers)."""
        self.lemmatizer = lemmatizer
        self.lemmas.clear()

    def __call__(self, doc: Any) -> Any:
        if not len(doc):
            return doc
        columns = doc.to_array(COLUMNS)
        overwrite = self.lemmatizer.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(columns.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = self.lemmas.get(key)
            if found is None:
                found = self.lemmas[key] = self._ask(doc[i])
            columns[i, 3] = found
        doc.from_array([LEMMA], columns[:, 3:])
        return doc

    def _ask(self, token: Any) -> int:
        """The lemma the lemmatizer gives this token, as a key of the string store."""
        return int(self.vocab.strings.add(self.lemmatizer.lemmatize(token)[0]))


def install(nlp: Any) -> None:
    """Put ``RememberedLemmas`` in the place of the pipeline's lemmatizer, if it has
    one whose answers depend only on what the component remembers them by."""
    if NAME not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe(NAME)
    if type(lemmatizer) not in EXACT_TYPES or lemmatizer.mode not in EXACT_MODES:
        return
    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, func=_make_lemmas)
    _index_as_sets(lemmatizer)
    remembered = nlp.replace_pipe(NAME, FACTORY)
    remembered.wrap(lemmatizer)


def _index_as_sets(lemmatizer: Any) -> None:
    """Make the word lists of the lemmatizer's ``lemma_index`` sets (it only asks
    whether a word is in one)."""
    if not lemmatizer.lookups.has_table(INDEX):
        return
    index = lemmatizer.lookups.get_table(INDEX)
    for pos, words in list(index.items()):
        index[pos] = frozenset(words)


def _make_lemmas(nlp: Any, name: str) -> RememberedLemmas:
    return RememberedLemmas(nlp.vocab)
