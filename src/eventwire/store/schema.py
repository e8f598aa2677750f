"""The event database's DDL as named, ordered migrations.

Each migration runs once, in order, inside one transaction with the row that
records it in ``schema_migrations``. A database that lacks the later migrations is
upgraded when opened; one that records a migration this code does not know was
written by a newer eventwire and is refused. Never edit a released migration: add
one after it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: its name (recorded in ``schema_migrations``) and its DDL."""

    name: str
    statements: tuple[str, ...]


MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    position INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL UNIQUE,
    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
)
"""

STORIES = Migration(
    "0001_stories_and_events",
    (
        """
        CREATE TABLE documents (
            doc_key VARCHAR PRIMARY KEY,
            doc_id VARCHAR NOT NULL,
            content_hash VARCHAR NOT NULL,
            title VARCHAR,
            source VARCHAR,
            url VARCHAR,
            path VARCHAR,
            position VARCHAR,
            published DATE,
            pub_date_source VARCHAR,
            pub_date_confidence DOUBLE,
            pub_date_reason VARCHAR,
            date_conflicts VARCHAR,
            language VARCHAR,
            byline VARCHAR,
            dateline VARCHAR,
            duplicate_of VARCHAR,
            num_events INTEGER NOT NULL,
            ingested_at TIMESTAMP NOT NULL DEFAULT current_timestamp
        )
        """,
        """
        CREATE TABLE rejections (
            rejection_key VARCHAR PRIMARY KEY,
            doc_id VARCHAR,
            stage VARCHAR NOT NULL,
            reason VARCHAR NOT NULL,
            path VARCHAR,
            position VARCHAR
        )
        """,
        """
        CREATE TABLE events (
            event_key VARCHAR PRIMARY KEY,
            event_id VARCHAR NOT NULL,
            doc_key VARCHAR NOT NULL,
            story_id VARCHAR NOT NULL,
            event_type VARCHAR NOT NULL,
            mode VARCHAR,
            context VARCHAR[] NOT NULL,
            cameo VARCHAR NOT NULL,
            cameo_root VARCHAR NOT NULL,
            quad INTEGER NOT NULL,
            goldstein DOUBLE,
            score DOUBLE,
            aux VARCHAR,
            confidence DOUBLE NOT NULL,
            published DATE,
            date_value VARCHAR,
            date_start DATE,
            date_end DATE,
            date_granularity VARCHAR,
            date_source VARCHAR,
            date_text VARCHAR,
            date_text_start INTEGER,
            date_text_end INTEGER,
            date_alternatives VARCHAR[],
            place VARCHAR,
            place_name VARCHAR,
            place_kind VARCHAR,
            place_admin1 VARCHAR,
            place_country VARCHAR,
            lat DOUBLE,
            lon DOUBLE,
            geonameid INTEGER,
            place_source VARCHAR,
            place_start INTEGER,
            place_end INTEGER,
            planned VARCHAR,
            sentence_index INTEGER NOT NULL,
            trigger VARCHAR NOT NULL,
            trigger_start INTEGER NOT NULL,
            trigger_end INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE event_actors (
            event_key VARCHAR NOT NULL,
            role VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            name VARCHAR NOT NULL,
            country VARCHAR,
            sectors VARCHAR[] NOT NULL,
            actor_code VARCHAR NOT NULL,
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            kb_id VARCHAR,
            resolved BOOLEAN NOT NULL,
            basis VARCHAR NOT NULL,
            PRIMARY KEY (event_key, role, position)
        )
        """,
        """
        CREATE TABLE mentions (
            event_key VARCHAR PRIMARY KEY,
            doc_key VARCHAR NOT NULL,
            sentence_index INTEGER NOT NULL,
            sentence VARCHAR NOT NULL,
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL
        )
        """,
    ),
)

CANONICAL = Migration(
    "0002_canonical_events",
    (
        """
        CREATE TABLE canonical_events (
            canonical_id VARCHAR PRIMARY KEY,
            representative VARCHAR NOT NULL,
            event_type VARCHAR NOT NULL,
            num_mentions INTEGER NOT NULL,
            num_stories INTEGER NOT NULL,
            num_sources INTEGER NOT NULL,
            first_reported DATE,
            date_start DATE,
            date_end DATE
        )
        """,
        """
        CREATE TABLE event_links (
            event_key VARCHAR PRIMARY KEY,
            canonical_id VARCHAR NOT NULL
        )
        """,
        "CREATE INDEX event_links_canonical ON event_links (canonical_id)",
        "CREATE INDEX events_doc ON events (doc_key)",
        "CREATE INDEX event_actors_key ON event_actors (event_key)",
    ),
)

QUOTES = Migration(
    "0003_quotes_and_story_text",
    (
        # The text every offset points into; NULL for stories stored before this step.
        "ALTER TABLE documents ADD COLUMN text VARCHAR",
        """
        CREATE TABLE quotes (
            quote_key VARCHAR PRIMARY KEY,
            quote_id VARCHAR NOT NULL,
            doc_key VARCHAR NOT NULL,
            story_id VARCHAR NOT NULL,
            text VARCHAR NOT NULL,
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            speaker_text VARCHAR,
            speaker_name VARCHAR,
            speaker_country VARCHAR,
            speaker_sectors VARCHAR[],
            speaker_code VARCHAR,
            speaker_start INTEGER,
            speaker_end INTEGER,
            speaker_kb_id VARCHAR,
            speaker_resolved BOOLEAN,
            speaker_basis VARCHAR,
            cue VARCHAR,
            cue_start INTEGER,
            cue_end INTEGER
        )
        """,
        "CREATE INDEX quotes_doc ON quotes (doc_key)",
    ),
)

REPEATED_TELLINGS = Migration(
    "0004_repeated_tellings",
    # The other sentences of the story that tell the same event, as a JSON list of
    # evidence objects (docs/output.md, "mentions"); NULL for events stored before.
    ("ALTER TABLE events ADD COLUMN other_mentions VARCHAR",),
)

MIGRATIONS: tuple[Migration, ...] = (STORIES, CANONICAL, QUOTES, REPEATED_TELLINGS)
