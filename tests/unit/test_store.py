"""The event database without the model: schema migrations, batched writes, dedup,
queries, exports that read back as written, and a database held by another process."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from eventwire.errors import StoreError
from eventwire.store import DedupRules, EventFilter, Store, export
from eventwire.store.dedup import (
    DedupEvent,
    evidence_names,
    evidence_numbers,
    evidence_words,
    group_events,
    same_event,
)
from eventwire.store.duck import applied_migrations, apply_migrations, read_parquet
from eventwire.store.schema import MIGRATIONS
from eventwire.types import (
    Actor,
    CodedDocument,
    Document,
    Event,
    EventDate,
    Evidence,
    Location,
    Quote,
    Rejection,
)

KHARKIV = Location(
    place="Kharkiv", country="UKR", source="text", name="Kharkiv", kind="city", geonameid=706483
)


def actor(name: str, country: str | None, sector: str = "GOV") -> Actor:
    return Actor(
        text=name,
        name=name,
        country=country,
        sectors=(sector,),
        start=0,
        end=len(name),
        first_token=0,
        last_token=0,
        head_token=0,
    )


def event(
    story: str,
    sentence: str,
    *,
    kind: str = "ASSAULT",
    cameo: str = "194",
    day: dt.date = dt.date(2024, 3, 5),
    actors: tuple[Actor, ...] | None = None,
    recipients: tuple[Actor, ...] | None = None,
    location: Location | None = KHARKIV,
    aux: str | None = None,
    confidence: float = 0.8,
) -> Event:
    return Event(
        event_id=f"{story}-{kind}-{day:%d}",
        story_id=story,
        event_type=kind,
        mode=None,
        context=("military",),
        cameo=cameo,
        quad=4,
        score=-9.0,
        actor=(actor("Russian forces", "RUS", "MIL"),) if actors is None else actors,
        recipient=(actor("Kharkiv", "UKR"),) if recipients is None else recipients,
        date=EventDate(value=day.isoformat(), start=day, end=day, granularity="day", source="text"),
        location=location,
        aux=aux,  # type: ignore[arg-type]
        evidence=Evidence(
            sentence=sentence,
            start=0,
            end=len(sentence),
            trigger="shelled",
            trigger_start=0,
            trigger_end=7,
        ),
        confidence=confidence,
        published=day + dt.timedelta(days=1),
    )


def coded(story: str, source: str, *events: Event, published: str = "2024-03-06") -> CodedDocument:
    text = " ".join(e.evidence.sentence for e in events) or f"story {story}"
    doc = Document(
        doc_id=story,
        text=text,
        source=source,
        url=f"https://{source}.example/{story}",
        published=dt.date.fromisoformat(published),
    )
    return CodedDocument(document=doc, sentences=(), events=events)


SHELLED_A = (
    "Russian forces shelled the Ukrainian city of Kharkiv on Tuesday, killing three civilians."
)
SHELLED_B = "Russian forces shelled Kharkiv in Ukraine on Tuesday, Ukrainian officials said."
TALKS = "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin."


def corpus() -> list[CodedDocument]:
    """Two outlets telling one shelling; a second shelling weeks later; talks; aux event."""
    talks = event(
        "c1",
        TALKS,
        kind="CONSULT",
        cameo="040",
        day=dt.date(2024, 3, 7),
        actors=(actor("Emmanuel Macron", "FRA"), actor("Olaf Scholz", "DEU")),
        recipients=(),
        location=None,
    )
    later = event("e1", SHELLED_A, day=dt.date(2024, 4, 20))
    threat = event("f1", SHELLED_B, day=dt.date(2024, 3, 5), aux="hypothetical", confidence=0.3)
    return [
        coded("a1", "wire-a", event("a1", SHELLED_A)),
        coded("b1", "wire-b", event("b1", SHELLED_B)),
        coded("c1", "wire-a", talks),
        coded("e1", "wire-a", later, published="2024-04-21"),
        coded("f1", "wire-c", threat),
    ]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "events.duckdb", lock_timeout=5)
    rejection = Rejection(doc_id="x9", stage="clean", reason="language:fr", path="in.jsonl")
    store.write_batch(corpus(), [rejection])
    store.rebuild_canonical(DedupRules())
    return store


def test_store_migrates_a_database_from_an_older_schema(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        apply_migrations(con, path=path, migrations=MIGRATIONS[:1])
        con.execute(
            "INSERT INTO documents (doc_key, doc_id, content_hash, num_events) "
            "VALUES ('k1', 'old-story', 'h', 0)"
        )
        assert applied_migrations(con) == [MIGRATIONS[0].name]
    store = Store(path)
    assert store.stored_document_keys() == {"k1"}
    with duckdb.connect(str(path), read_only=True) as con:
        assert applied_migrations(con) == [migration.name for migration in MIGRATIONS]
        assert con.execute("SELECT count(*) FROM canonical_events").fetchone() == (0,)


def test_store_read_only_open_upgrades_an_older_schema_first(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        apply_migrations(con, path=path, migrations=MIGRATIONS[:1])
    assert Store(path).stats()["totals"]["canonical_events"] == 0


def test_store_refuses_a_database_from_a_newer_version_without_changing_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "new.duckdb"
    Store(path).stored_document_keys()
    with duckdb.connect(str(path)) as con:
        con.execute("INSERT INTO schema_migrations (position, name) VALUES (99, '0099_future')")
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"newer eventwire.*0099_future.*upgrade eventwire"):
        Store(path).stored_document_keys()
    with pytest.raises(StoreError, match="newer eventwire"):
        Store(path).stats()
    assert path.read_bytes() == before


def test_store_reading_a_missing_database_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="eventwire ingest"):
        Store(tmp_path / "none.duckdb").stats()


def test_store_write_batch_is_idempotent(store: Store) -> None:
    before = store.stats()["totals"]
    again = Rejection(doc_id="x9", stage="clean", reason="language:fr", path="./data/in.jsonl")
    unreadable = Rejection(
        doc_id=None, stage="read", reason="bad JSON", path="a.jsonl", position="3"
    )
    store.write_batch(corpus(), [again, unreadable])
    store.write_batch([], [unreadable, replace(unreadable, position="4")])
    store.rebuild_canonical(DedupRules())
    assert store.stats()["totals"] == before | {"rejections": 3}
    assert before["documents"] == 5
    assert before["events"] == 5
    assert before["rejections"] == 1
    assert store.stats()["rejections"] == [("bad JSON", 2), ("language:fr", 1)]


def test_store_keeps_story_text_and_quotes(tmp_path: Path) -> None:
    text = '"We will rebuild every school," the governor said.'
    speaker = Actor(
        text="the governor", name="the governor", country=None, sectors=(), start=37,
        end=49, first_token=-1, last_token=-1, head_token=-1, resolved=False,
        basis="unresolved",
    )  # fmt: skip
    quote = Quote(
        quote_id="q1", story_id="s1", text=text[1:29], start=1, end=29, speaker=speaker,
        cue="said", cue_start=50, cue_end=54,
    )  # fmt: skip
    doc = Document(doc_id="s1", text=text, published=dt.date(2024, 3, 6))
    store = Store(tmp_path / "quotes.duckdb")
    store.write_batch([CodedDocument(document=doc, sentences=(), events=(), quotes=(quote,))], [])
    with duckdb.connect(str(store.path), read_only=True) as con:
        assert con.execute("SELECT text FROM documents").fetchall() == [(text,)]
        row = con.execute(
            "SELECT quote_id, text, start_offset, end_offset, speaker_text, speaker_resolved, cue"
            " FROM quotes"
        ).fetchone()
    assert row == ("q1", "We will rebuild every school", 1, 29, "the governor", False, "said")


def test_store_dedup_merges_two_stories_of_one_event_and_keeps_others_apart(store: Store) -> None:
    totals = store.stats()["totals"]
    assert totals["canonical_events"] == 4
    assert totals["merged_events"] == 1
    merged = [row for row in store.export_rows() if row["num_stories"] > 1]
    assert len(merged) == 1
    row = merged[0]
    assert (row["num_stories"], row["num_sources"], row["num_mentions"]) == (2, 2, 2)
    assert row["first_reported"] == dt.date(2024, 3, 6)
    assert sorted(m["story_id"] for m in row["mentions"]) == ["a1", "b1"]
    raw = store.events(EventFilter(event_type="assault"), raw=True)
    assert sorted(r["story_id"] for r in raw) == ["a1", "b1", "e1"]


def test_dedup_same_event_needs_type_countries_dates_places_and_words() -> None:
    def dedup(doc: str, **changes: object) -> DedupEvent:
        values: dict[str, object] = {
            "event_key": f"{doc}:1",
            "doc_key": doc,
            "event_type": "ASSAULT",
            "aux": None,
            "day": dt.date(2024, 3, 5),
            "actor_countries": frozenset({"RUS"}),
            "recipient_countries": frozenset({"UKR"}),
            "place_country": "UKR",
            "place_id": 706483,
            "place_kind": "city",
            "words": evidence_words(SHELLED_A),
        }
        values.update(changes)
        return DedupEvent(**values)  # type: ignore[arg-type]

    rules = DedupRules(window_days=2, min_similarity=0.1)
    base = dedup("a")
    assert same_event(base, dedup("b", words=evidence_words(SHELLED_B)), rules=rules)
    assert same_event(base, dedup("b", day=dt.date(2024, 3, 7)), rules=rules)
    assert not same_event(base, dedup("a"), rules=rules)  # one story
    assert not same_event(base, dedup("b", event_type="COERCE"), rules=rules)
    assert not same_event(base, dedup("b", day=dt.date(2024, 3, 8)), rules=rules)
    assert not same_event(base, dedup("b", actor_countries=frozenset({"UKR"})), rules=rules)
    assert not same_event(base, dedup("b", recipient_countries=frozenset()), rules=rules)
    assert not same_event(base, dedup("b", place_id=703448), rules=rules)  # Kyiv
    assert same_event(base, dedup("b", place_id=None, place_kind="country"), rules=rules)
    assert not same_event(base, dedup("b", words=evidence_words(TALKS)), rules=rules)
    assert not same_event(base, dedup("b", aux="future"), rules=rules)
    kyiv = "A Russian drone attack on Kyiv, Ukraine, kills two people."
    dnipro = "A Russian drone attack on Dnipro, Ukraine, kills two people."
    assert not same_event(
        dedup("a", names=evidence_names(kyiv)),
        dedup("b", names=evidence_names(dnipro)),
        rules=rules,
    )
    tolls = (
        "Israeli airstrikes kill at least 59 Palestinians.",
        "Airstrikes kill 41 Palestinians.",
    )
    first, second = (evidence_numbers(toll) for toll in tolls)
    assert not same_event(dedup("a", numbers=first), dedup("b", numbers=second), rules=rules)
    assert same_event(dedup("a", numbers=first), dedup("b", numbers=frozenset()), rules=rules)
    assert evidence_numbers("At least 1,100 detained, fifteen killed") == {"1100", "15"}
    chain = [base, dedup("b", day=dt.date(2024, 3, 6)), dedup("c", day=dt.date(2024, 3, 8))]
    assert group_events(chain, rules=rules) == [["a:1", "b:1"], ["c:1"]]  # complete linkage
    close = [base, dedup("b", day=dt.date(2024, 3, 6)), dedup("c", day=dt.date(2024, 3, 7))]
    assert group_events(close, rules=rules) == [["a:1", "b:1", "c:1"]]


def test_store_events_filters(store: Store) -> None:
    def stories(**filters: object) -> list[str]:
        rows = store.events(EventFilter(**filters), raw=True)  # type: ignore[arg-type]
        return sorted(row["story_id"] for row in rows)

    assert stories() == ["a1", "b1", "c1", "e1"]
    assert stories(include_aux=True) == ["a1", "b1", "c1", "e1", "f1"]
    assert stories(event_type="consult") == ["c1"]
    assert stories(actor="FRA") == ["c1"]
    assert stories(actor="scholz") == ["c1"]
    assert stories(recipient="UKR") == ["a1", "b1", "e1"]
    assert stories(sector="MIL") == ["a1", "b1", "e1"]
    assert stories(since=dt.date(2024, 3, 6)) == ["c1", "e1"]
    assert stories(until=dt.date(2024, 3, 6)) == ["a1", "b1"]
    assert stories(place="kharkiv") == ["a1", "b1", "e1"]
    assert stories(text="officials") == ["b1"]
    assert stories(min_confidence=0.5, include_aux=True) == ["a1", "b1", "c1", "e1"]
    assert stories(actor="'; DROP TABLE events; --") == []
    canonical = store.events(EventFilter(event_type="ASSAULT"))
    assert sorted(row["num_stories"] for row in canonical) == [1, 2]


def test_store_stats_count_by_type_actor_month_source_and_reason(store: Store) -> None:
    stats = store.stats()
    assert dict(stats["by_type"]) == {"ASSAULT": 3, "CONSULT": 1}
    assert dict(stats["by_actor"])["RUS"] == 4
    assert dict(stats["by_month"]) == {"2024-03": 4, "2024-04": 1}
    assert {source: n for source, n, _ in stats["by_source"]}["wire-a"] == 3
    assert stats["rejections"] == [("language:fr", 1)]


def test_export_jsonl_round_trips(store: Store) -> None:
    rows = store.export_rows()
    sink = io.StringIO()
    assert export.write_jsonl(rows, sink) == 4
    back = export.read_jsonl(io.StringIO(sink.getvalue()))
    assert back == [json.loads(json.dumps(export.plover_record(row))) for row in rows]
    merged = next(record for record in back if record["num_stories"] == 2)
    assert merged["actor"][0]["code"] == "RUSMIL"
    assert merged["location"]["name"] == "Kharkiv"
    assert len(merged["mentions"]) == 2


def test_export_csv_round_trips(store: Store) -> None:
    rows = store.export_rows()
    sink = io.StringIO()
    export.write_csv(rows, sink)
    back = export.read_table(io.StringIO(sink.getvalue()))
    assert back == [export.flat_record(row) for row in rows]
    assert back[0]["event_date"] == "2024-03-05"
    assert set(back[0]) == set(export.FLAT_COLUMNS)


def test_export_cameo_tsv_round_trips(store: Store) -> None:
    rows = store.export_rows()
    sink = io.StringIO()
    export.write_cameo_tsv(rows, sink)
    back = export.read_table(io.StringIO(sink.getvalue()), delimiter="\t")
    assert back == [export.cameo_record(row) for row in rows]
    merged = next(record for record in back if record["NumArticles"] == "2")
    assert merged["SQLDATE"] == "20240305"
    assert merged["Actor1Code"] == "RUSMIL"
    assert merged["Actor2CountryCode"] == "UKR"
    assert (merged["EventCode"], merged["EventRootCode"], merged["QuadClass"]) == ("194", "19", "4")
    assert merged["GoldsteinScale"] == "-10.0"
    assert merged["SOURCEURL"].startswith("https://wire-")
    assert next(csv.reader(io.StringIO(sink.getvalue()), delimiter="\t"))[:2] == [
        "GLOBALEVENTID",
        "SQLDATE",
    ]


def test_export_parquet_is_partitioned_by_month_and_round_trips(
    store: Store, tmp_path: Path
) -> None:
    out = tmp_path / "parquet"
    store.copy_parquet(out)
    assert sorted(p.name for p in out.iterdir()) == ["month=2024-03", "month=2024-04"]
    back = read_parquet(out)
    expected = store.export_rows()
    assert len(back) == len(expected)
    for got, want in zip(back, expected, strict=True):
        assert {name: str(got[name]) for name in export.FLAT_COLUMNS} == {
            name: str(want[name]) for name in export.FLAT_COLUMNS
        }


HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def test_store_reader_waits_for_a_writer_or_says_what_to_do(store: Store) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(store.path), "1.5"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "holding"
        impatient = Store(store.path, lock_timeout=0.3)
        with pytest.raises(StoreError, match=r"in use by another process.*--lock-timeout"):
            impatient.events(EventFilter())
        started = time.monotonic()
        patient = Store(store.path, lock_timeout=20)
        assert len(patient.events(EventFilter())) == 3
        assert time.monotonic() - started < 15
    finally:
        holder.wait(timeout=20)
