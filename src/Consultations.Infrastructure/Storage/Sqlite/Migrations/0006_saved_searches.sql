-- Saved searches: private to their owner (a hash of the user id), listed per owner.
CREATE TABLE saved_searches (
    id            TEXT NOT NULL PRIMARY KEY,
    owner_key     TEXT NOT NULL,
    programme_id  TEXT NOT NULL,
    doc           TEXT NOT NULL CHECK (json_valid(doc)),
    etag          TEXT NOT NULL
) STRICT;

CREATE INDEX ix_saved_searches_owner ON saved_searches (owner_key);
