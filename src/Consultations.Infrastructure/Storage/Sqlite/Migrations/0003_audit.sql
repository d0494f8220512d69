-- The audit trail: one row per entry, only ever inserted. The columns exist to filter and to page newest first.
CREATE TABLE audit_entries (
    id               TEXT NOT NULL PRIMARY KEY,
    at               TEXT NOT NULL,
    actor_id         TEXT NOT NULL,
    action           TEXT NOT NULL,
    programme_id     TEXT,
    consultation_id  TEXT,
    doc              TEXT NOT NULL CHECK (json_valid(doc))
) STRICT;

CREATE INDEX ix_audit_at ON audit_entries (at, id);
CREATE INDEX ix_audit_actor ON audit_entries (actor_id, at, id);
CREATE INDEX ix_audit_action ON audit_entries (action, at, id);
CREATE INDEX ix_audit_programme ON audit_entries (programme_id, at, id);

-- Append-only in the file itself, not only in the app: a changed or deleted entry would make the trail worthless.
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only.');
END;

CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only.');
END;
