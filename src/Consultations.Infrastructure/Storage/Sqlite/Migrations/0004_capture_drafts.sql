-- Capture drafts: the note each facilitator is typing on a session's capture page, read by id, deleted when added.
CREATE TABLE capture_drafts (
    id               TEXT NOT NULL PRIMARY KEY,
    consultation_id  TEXT NOT NULL,
    session_id       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    doc              TEXT NOT NULL CHECK (json_valid(doc)),
    etag             TEXT NOT NULL
) STRICT;

CREATE INDEX ix_capture_drafts_session ON capture_drafts (consultation_id, session_id);
