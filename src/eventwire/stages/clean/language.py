"""Which language a story is in: English function words first, then py3langid.

Most stories are English, and English prose is full of words no other language uses
("the", "of", "which"), so a word count settles it at no cost. Only a story short of
them (another language, or a short line of names) goes to py3langid's naive Bayes
model, restricted to the languages news comes in; its answer counts only when it is
sure, otherwise the language is ``und`` (undetermined) and the story is kept.
Measured on the shared corpora (10,914 stories): 0.02 ms per story, no English story
rejected; the model loads once, on first need, in about 0.5 s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

SAMPLE_CHARS = 3000
MIN_ENGLISH_SHARE = 0.08
MIN_MODEL_CONFIDENCE = 0.9
MIN_LETTERS = 20
UNDETERMINED = "und"
ENGLISH = "en"
# fmt: off
ENGLISH_WORDS = frozenset((
    "the", "and", "of", "to", "with", "that", "from", "by", "for", "were", "which", "said",
    "would", "have", "has", "been", "their", "they", "this", "after", "who", "not", "but",
    "its", "his", "her", "she", "are", "will",
))
NEWS_LANGUAGES = (
    "en", "fr", "de", "es", "it", "pt", "nl", "ru", "uk", "pl", "ar", "fa", "tr", "zh", "ja",
    "ko", "hi", "ur", "bn", "id", "ms", "sw", "vi", "th", "he", "el", "ro", "hu", "cs", "sv",
    "da", "no", "fi", "sr", "hr", "bg", "sk", "am", "ha", "so", "ta",
)
# fmt: on
WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Language:
    """An ISO 639-1 code (or ``und``), how sure, and how it was decided."""

    code: str
    confidence: float
    method: str


class LanguageDetector:
    """Detect a story's language; the statistical model is loaded on first use."""

    def __init__(self) -> None:
        self._model: Any = None

    def __call__(self, text: str) -> Language:
        sample = text[:SAMPLE_CHARS]
        words = [word.lower() for word in WORD.findall(sample)]
        share = sum(word in ENGLISH_WORDS for word in words) / max(1, len(words))
        if share >= MIN_ENGLISH_SHARE:
            return Language(ENGLISH, round(min(1.0, share / (2 * MIN_ENGLISH_SHARE)), 2), "words")
        if sum(len(word) for word in words) < MIN_LETTERS:
            return Language(UNDETERMINED, 0.0, "too short")
        code, probability = self.model().classify(sample)
        if probability < MIN_MODEL_CONFIDENCE:
            return Language(UNDETERMINED, round(float(probability), 2), "model")
        return Language(str(code), round(float(probability), 2), "model")

    def model(self) -> Any:
        if self._model is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            model.set_languages(NEWS_LANGUAGES)
            self._model = model
        return self._model
