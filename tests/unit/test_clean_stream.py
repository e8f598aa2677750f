"""The clean stage over real-shaped pages and over a run: furniture, metadata,
publication dates with conflicts, language, duplicates and repeated lines."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.stages.clean import Cleaner, body_text, clean, parse_languages
from eventwire.stages.clean.duplicates import DuplicateIndex
from eventwire.stages.clean.language import LanguageDetector
from eventwire.stages.clean.pubdate import (
    DateCandidate,
    choose_publication_date,
    content_clues,
    url_dates,
)
from eventwire.types import Document, Rejection

LONG_STORY = (
    "The foreign ministers of Ghana and Togo signed an agreement on Tuesday to patrol their "
    "shared border together, after a year of attacks on customs posts in the north of both "
    "countries. The two governments will set up a joint command in Lome before the end of the "
    "year, and each will send two hundred soldiers and police officers to it, according to a "
    "statement from the Ghanaian foreign ministry. Officials said the patrols would begin in the "
    "Oti region, where gunmen killed four customs officers in March."
)


def _clean(text: str, **fields: object) -> Document:
    result = clean(Document(doc_id="d", text=text, **fields), max_chars=100_000)  # type: ignore[arg-type]
    assert isinstance(result, Document), result
    return result


def _run(docs: list[Document], **options: object) -> list[Document | Rejection]:
    cleaner = Cleaner(max_chars=100_000, **options)  # type: ignore[arg-type]
    return list(cleaner(docs))


# --- furniture and metadata ------------------------------------------------------------


def test_clean_removes_furniture_by_shape_and_position() -> None:
    page = (
        "Home | World | Africa | Politics\n\n"
        "Ghana and Togo agree joint patrols\n\n"
        "By Ama Mensah and Kofi Boateng\n\n"
        "ACCRA, April 8 (Reuters) - The two governments signed the agreement on Tuesday.\n\n"
        "Advertisement\n\n"
        "(Photo: soldiers at the border crossing / AFP)\n\n"
        "Subscribe to our newsletter for daily news.\n\n"
        "Patrols will begin in the Oti region next month, officials said.\n\n"
        "Reporting by Ama Mensah; Editing by Kofi Boateng\n\n"
        "\u00a9 2025 West Africa Daily. All rights reserved.\n"
    )
    doc = _clean(page)
    assert body_text(doc) == (
        "The two governments signed the agreement on Tuesday.\n\n"
        "Patrols will begin in the Oti region next month, officials said."
    )
    assert doc.title == "Ghana and Togo agree joint patrols"
    assert doc.byline == "Ama Mensah and Kofi Boateng"
    assert (doc.dateline, doc.source) == ("ACCRA", "Reuters")


def test_clean_banner_before_the_header_date_is_furniture() -> None:
    page = (
        "This article requires review by an editor before it is published.\n\n"
        "Friday, January 4, 2019\n\n"
        "Rescuers searched the rubble of the building for a third day on Friday.\n"
    )
    doc = _clean(page, title="Rescue goes on")
    assert (
        body_text(doc) == "Rescuers searched the rubble of the building for a third day on Friday."
    )
    assert (doc.published, doc.pub_date_source) == (dt.date(2019, 1, 4), "header")


def test_clean_footer_byline_when_no_byline_on_top() -> None:
    doc = _clean(
        "Troops withdrew from the town overnight.\n\nReporting by Jane Doe; Editing by X\n"
    )
    assert doc.byline == "Jane Doe"


@pytest.mark.parametrize(
    ("opening", "place", "date"),
    [
        # a dated dateline with the year is a publication-date candidate
        ("LONDON, 28 September 2025 \u2014 ", "LONDON", dt.date(2025, 9, 28)),
        # a slash between two places, as VOA writes joint datelines
        ("ISLAMABAD/PENTAGON \u2014 ", "ISLAMABAD/PENTAGON", None),
        # place with its country
        ("KYIV, Ukraine \u2014 ", "KYIV, Ukraine", None),
    ],
)
def test_clean_dateline(opening: str, place: str, date: dt.date | None) -> None:
    doc = _clean(opening + "Officials met on Sunday to discuss the ceasefire.", title="T")
    assert doc.dateline == place
    assert body_text(doc) == "Officials met on Sunday to discuss the ceasefire."
    assert doc.published == date


def test_clean_one_line_item_without_punctuation_is_kept() -> None:
    doc = _clean("NBC ends broadcasting for its children's channel in Asia")
    assert body_text(doc) == "NBC ends broadcasting for its children's channel in Asia"


def test_clean_menu_only_page_is_empty() -> None:
    result = clean(Document(doc_id="d", text="Home\n\nSearch\n\nLog in\n"), max_chars=1000)
    assert isinstance(result, Rejection)
    assert result.reason == "empty after cleaning"


# --- publication dates ---------------------------------------------------------------


def test_pubdate_content_clue_outvotes_a_wrong_header() -> None:
    text = (
        "Tuesday, 02 January 2024 12:17 GMT\n\n"
        "Leaders spoke at the 80th session of the UN General Assembly in New York.\n"
    )
    doc = _clean(text, published=dt.date(2025, 9, 24), pub_date_source="metadata")
    assert (doc.published, doc.pub_date_source) == (dt.date(2025, 9, 24), "metadata")
    assert doc.date_conflicts == (("header", "2024-01-02"),)
    assert doc.pub_date_reason == (
        "metadata gives 2025-09-24; fits '80th session of the UN General Assembly' "
        "(2025-06-01..2026-09-30); header 2024-01-02 lost (outside '80th session of the UN "
        "General Assembly' (2025-06-01..2026-09-30))"
    )
    assert doc.pub_date_confidence == 0.85


def test_pubdate_clue_can_overturn_metadata() -> None:
    chosen = choose_publication_date(
        [
            DateCandidate("metadata", dt.date(2019, 5, 1)),
            DateCandidate("header", dt.date(2025, 9, 28)),
        ],
        content_clues("the 80th session of the United Nations General Assembly"),
    )
    assert (chosen.date, chosen.source) == (dt.date(2025, 9, 28), "header")
    assert chosen.conflicts == (("metadata", "2019-05-01"),)


def test_pubdate_agreeing_sources_raise_confidence() -> None:
    one = choose_publication_date([DateCandidate("header", dt.date(2019, 1, 4))])
    two = choose_publication_date(
        [
            DateCandidate("metadata", dt.date(2019, 1, 4)),
            DateCandidate("header", dt.date(2019, 1, 4)),
        ]
    )
    assert (one.confidence, two.confidence) == (0.6, 1.0)
    assert two.reason == "metadata and header give 2019-01-04"


def test_pubdate_header_weekday_that_does_not_fit_loses() -> None:
    chosen = choose_publication_date(
        [
            DateCandidate("header", dt.date(2025, 3, 4), "Monday, March 4, 2025", weekday=0),
            DateCandidate("url", dt.date(2025, 3, 3)),
        ]
    )
    assert chosen.date == dt.date(2025, 3, 3)  # March 4, 2025 was a Tuesday
    assert "its weekday does not match its date" in (chosen.reason or "")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.aljazeera.com/news/2025/1/1/israel-strikes", dt.date(2025, 1, 1)),
        ("https://www.theguardian.com/world/2025/sep/28/talks", dt.date(2025, 9, 28)),
        ("https://example.org/story-20250928.html", dt.date(2025, 9, 28)),
        ("https://example.org/a/6180015.html", None),  # an article number, not a date
        ("https://example.org/2025/13/40/x", None),  # impossible
    ],
)
def test_url_dates(url: str, expected: dt.date | None) -> None:
    found = url_dates(url)
    assert (found[0].date if found else None) == expected


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("at the 51st G7 summit in Kananaskis", dt.date(2024, 7, 1), dt.date(2026, 7, 1)),
        ("as the 116th U.S. Congress was sworn in", dt.date(2018, 11, 1), dt.date(2021, 3, 1)),
        ("the 16th BRICS summit in Kazan", dt.date(2023, 7, 1), dt.date(2025, 7, 1)),
    ],
)
def test_content_clues(text: str, start: dt.date, end: dt.date) -> None:
    [clue] = content_clues(text)
    assert (clue.start, clue.end) == (start, end)


def test_clean_url_date_is_a_candidate() -> None:
    doc = _clean(
        "Troops withdrew from the town overnight.",
        url="https://news.example.org/2025/04/08/troops",
        published=dt.date(2025, 4, 8),
        pub_date_source="html_meta",
    )
    assert doc.pub_date_reason == "html_meta and url give 2025-04-08"
    assert doc.source == "news.example.org"


# --- language ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (LONG_STORY, "en"),
        ("Die Regierung in Berlin hat am Montag neue Sanktionen gegen Russland beschlossen.", "de"),
        ("Le gouvernement français a annoncé lundi de nouvelles sanctions contre la Russie.", "fr"),
        ("El gobierno de España anunció el lunes nuevas sanciones contra Rusia.", "es"),
        ("Правительство России в понедельник объявило о новых переговорах с США.", "ru"),  # noqa: RUF001
        ("أعلنت الحكومة المصرية يوم الاثنين عن محادثات جديدة مع إسرائيل.", "ar"),
        # a one-line item of names only: too little to tell, kept as undetermined
        ("Moldovan prime minister Alexandru Munteanu resigns.", "und"),
        ("Xi meets Putin.", "und"),
    ],
)
def test_language_detector(text: str, code: str) -> None:
    assert LanguageDetector()(text).code == code


def test_cleaner_rejects_other_languages_and_keeps_english() -> None:
    docs = [
        Document(doc_id="en", text=LONG_STORY),
        Document(doc_id="de", text="Die Regierung hat am Montag neue Sanktionen beschlossen."),
    ]
    english, german = _run(docs)
    assert isinstance(english, Document)
    assert english.language == "en"
    assert isinstance(german, Rejection)
    assert (german.stage, german.reason) == ("clean", "language:de")


def test_cleaner_with_any_language_keeps_all() -> None:
    docs = [Document(doc_id="fr", text="Le gouvernement a annoncé lundi de nouvelles sanctions.")]
    [french] = _run(docs, languages=parse_languages("*"))
    assert isinstance(french, Document)
    assert french.language == "fr"


# --- duplicates ----------------------------------------------------------------------


def test_cleaner_marks_a_syndicated_copy_with_other_furniture_as_duplicate() -> None:
    original = Document(doc_id="wire", text=f"Ghana-Togo pact\n\n(WIREX) {LONG_STORY}\n\nSearch\n")
    copy = Document(
        doc_id="copy",
        text=(
            "Monday, 07 April 2025 10:00 GMT\n\nBorder pact signed\n\n"
            f"ACCRA \u2014 {LONG_STORY} Some information came from Reuters.\n\n"
            "Share this story\n\n\u00a9 2025 Other Site\n"
        ),
    )
    other = Document(doc_id="other", text="Police in Nairobi arrested three opposition lawmakers.")
    first, second, third = _run([original, copy, other])
    assert isinstance(first, Document)
    assert isinstance(second, Document)
    assert isinstance(third, Document)
    assert (first.duplicate_of, second.duplicate_of, third.duplicate_of) == (None, "wire", None)


def test_cleaner_exact_copy_is_duplicate_but_not_days_apart() -> None:
    text = "The Houthis launch a ballistic missile at Israel, which is intercepted."
    docs = [
        Document(doc_id="a", text=text, published=dt.date(2025, 9, 3)),
        Document(doc_id="b", text=text, published=dt.date(2025, 9, 3)),
        Document(doc_id="c", text=text, published=dt.date(2025, 9, 9)),  # another day's event
    ]
    results = _run(docs)
    assert [doc.duplicate_of for doc in results] == [None, "a", None]  # type: ignore[union-attr]


def test_duplicate_index_short_texts_only_match_exactly() -> None:
    index = DuplicateIndex(min_similarity=0.8)
    assert index.original_of("a", "Four people are killed in an airstrike on a boat.") is None
    assert index.original_of("b", "Three people are killed in an airstrike on a boat.") is None


# --- repeated lines ------------------------------------------------------------------


def test_cleaner_drops_lines_repeated_across_different_stories() -> None:
    promo = "Get the day's top stories from our editors delivered to your inbox every morning."
    stories = [
        "Rebels seized the town of Minova on Tuesday after a week of fighting.",
        "Kenyan police arrested three opposition lawmakers in Nairobi on Monday.",
        "Chile's president signed the pension reform into law on Friday in Santiago.",
    ]
    docs = [Document(doc_id=f"s{n}", text=f"{text}\n\n{promo}\n") for n, text in enumerate(stories)]
    results = _run(docs)
    assert [body_text(doc) for doc in results] == stories  # type: ignore[arg-type]


def test_cleaner_keeps_a_story_that_is_only_a_shared_formula() -> None:
    docs = [
        Document(doc_id=f"g{n}", text=f"At least {n + 20} Palestinians are killed in Gaza.")
        for n in range(4)
    ]
    results = _run(docs)
    assert [body_text(doc) for doc in results] == [  # type: ignore[arg-type]
        f"At least {n + 20} Palestinians are killed in Gaza." for n in range(4)
    ]
