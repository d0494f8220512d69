-- Documents are stored whole as JSON (the same shape Cosmos DB holds); the other columns exist to be queried.
-- No foreign keys: Cosmos DB cannot enforce them either, and both stores must behave the same.
CREATE TABLE programmes (
    id       TEXT NOT NULL PRIMARY KEY,
    name     TEXT NOT NULL,
    etag     TEXT NOT NULL,
    doc      TEXT NOT NULL CHECK (json_valid(doc))
) STRICT;

CREATE TABLE consultations (
    id            TEXT NOT NULL PRIMARY KEY,
    programme_id  TEXT NOT NULL,
    country       TEXT NOT NULL,
    start_date    TEXT NOT NULL,
    etag          TEXT NOT NULL,
    doc           TEXT NOT NULL CHECK (json_valid(doc))
) STRICT;

CREATE INDEX ix_consultations_programme ON consultations (programme_id, start_date, country, id);

CREATE TABLE notes (
    id               TEXT NOT NULL PRIMARY KEY,
    programme_id     TEXT NOT NULL,
    consultation_id  TEXT NOT NULL,
    session_id       TEXT NOT NULL,
    status           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    etag             TEXT NOT NULL,
    doc              TEXT NOT NULL CHECK (json_valid(doc))
) STRICT;

CREATE INDEX ix_notes_session ON notes (consultation_id, session_id, created_at, id);
CREATE INDEX ix_notes_consultation ON notes (consultation_id, created_at, id);

CREATE TABLE participant_registers (
    consultation_id  TEXT NOT NULL PRIMARY KEY,
    programme_id     TEXT NOT NULL,
    etag             TEXT NOT NULL,
    doc              TEXT NOT NULL CHECK (json_valid(doc))
) STRICT;
