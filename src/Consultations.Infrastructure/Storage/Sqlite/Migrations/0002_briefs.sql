-- Comparison briefs (the draft being written) and their published versions, which are only ever inserted.
CREATE TABLE briefs (
    id            TEXT NOT NULL PRIMARY KEY,
    programme_id  TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    etag          TEXT NOT NULL,
    doc           TEXT NOT NULL CHECK (json_valid(doc))
) STRICT;

CREATE INDEX ix_briefs_programme ON briefs (programme_id, updated_at);

CREATE TABLE brief_versions (
    id            TEXT NOT NULL PRIMARY KEY,
    brief_id      TEXT NOT NULL,
    programme_id  TEXT NOT NULL,
    number        INTEGER NOT NULL,
    published_at  TEXT NOT NULL,
    etag          TEXT NOT NULL,
    doc           TEXT NOT NULL CHECK (json_valid(doc)),
    UNIQUE (brief_id, number)
) STRICT;

CREATE INDEX ix_brief_versions_programme ON brief_versions (programme_id, published_at);
