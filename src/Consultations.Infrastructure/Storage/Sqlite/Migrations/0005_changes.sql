-- The change feed (IChangeFeed): one row per write to the documents derived state is built from, in commit order.
-- Triggers write it in the same transaction as the write, so no path (store, bulk load, migration tool) can skip it;
-- SQLite has one writer at a time, so seq order is commit order. Rows older than a day are pruned by the feed's reader
-- (SqliteChangeFeed), which records the last pruned seq so that a checkpoint from before it is refused, never silently short.
CREATE TABLE changes (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT NOT NULL,
    id               TEXT NOT NULL,
    consultation_id  TEXT,
    programme_id     TEXT,
    at               INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER))
) STRICT;

CREATE TABLE changes_pruned (
    one          INTEGER NOT NULL PRIMARY KEY CHECK (one = 1),
    through_seq  INTEGER NOT NULL
) STRICT;

INSERT INTO changes_pruned (one, through_seq) VALUES (1, 0);

CREATE TRIGGER tr_programmes_insert_change AFTER INSERT ON programmes
BEGIN
    INSERT INTO changes (kind, id, consultation_id, programme_id) VALUES ('Programme', NEW.id, NULL, NEW.id);
END;

CREATE TRIGGER tr_programmes_update_change AFTER UPDATE ON programmes
BEGIN
    INSERT INTO changes (kind, id, consultation_id, programme_id) VALUES ('Programme', NEW.id, NULL, NEW.id);
END;

CREATE TRIGGER tr_programmes_delete_change AFTER DELETE ON programmes
BEGIN
    INSERT INTO changes (kind, id, consultation_id, programme_id) VALUES ('Programme', OLD.id, NULL, OLD.id);
END;

CREATE TRIGGER tr_consultations_insert_change AFTER INSERT ON consultations
BEGIN
    INSERT INTO changes (kind, id, consultation_id, programme_id) VALUES ('Consultation', NEW.id, NEW.id, NEW.programme_id);
END;

CREATE TRIGGER tr_consultations_update_change AFTER UPDATE ON consultations
BEGIN
    INSERT INTO changes (kind, id, consultation_id, programme_id) VALUES ('Consultation', NEW.id, NEW.id, NEW.programme_id);
END;

CREATE TRIGGER tr_consultations_delete_change AFTER DELETE ON consultations
BEGIN
    INSERT INTO changes (kind, id, consultation_id, programme_id) VALUES ('Consultation', OLD.id, OLD.id, OLD.programme_id);
END;

CREATE TRIGGER tr_notes_insert_change AFTER INSERT ON notes
BEGIN
    INSERT INTO changes (kind, id, consultation_id, programme_id) VALUES ('Note', NEW.id, NEW.consultation_id, NEW.programme_id);
END;

CREATE TRIGGER tr_notes_update_change AFTER UPDATE ON notes
BEGIN
    INSERT INTO changes (kind, id, consultation_id, programme_id) VALUES ('Note', NEW.id, NEW.consultation_id, NEW.programme_id);
END;

CREATE TRIGGER tr_notes_delete_change AFTER DELETE ON notes
BEGIN
    INSERT INTO changes (kind, id, consultation_id, programme_id) VALUES ('NoteDeleted', OLD.id, OLD.consultation_id, OLD.programme_id);
END;

CREATE TRIGGER tr_participant_registers_insert_change AFTER INSERT ON participant_registers
BEGIN
    INSERT INTO changes (kind, id, consultation_id, programme_id) VALUES ('Register', NEW.consultation_id, NEW.consultation_id, NEW.programme_id);
END;

CREATE TRIGGER tr_participant_registers_update_change AFTER UPDATE ON participant_registers
BEGIN
    INSERT INTO changes (kind, id, consultation_id, programme_id) VALUES ('Register', NEW.consultation_id, NEW.consultation_id, NEW.programme_id);
END;

CREATE TRIGGER tr_participant_registers_delete_change AFTER DELETE ON participant_registers
BEGIN
    INSERT INTO changes (kind, id, consultation_id, programme_id) VALUES ('Register', OLD.consultation_id, OLD.consultation_id, OLD.programme_id);
END;

CREATE TRIGGER tr_brief_versions_insert_change AFTER INSERT ON brief_versions
BEGIN
    INSERT INTO changes (kind, id, consultation_id, programme_id) VALUES ('BriefVersion', NEW.id, NULL, NEW.programme_id);
END;

CREATE TRIGGER tr_brief_versions_update_change AFTER UPDATE ON brief_versions
BEGIN
    INSERT INTO changes (kind, id, consultation_id, programme_id) VALUES ('BriefVersion', NEW.id, NULL, NEW.programme_id);
END;

CREATE TRIGGER tr_brief_versions_delete_change AFTER DELETE ON brief_versions
BEGIN
    INSERT INTO changes (kind, id, consultation_id, programme_id) VALUES ('BriefVersion', OLD.id, NULL, OLD.programme_id);
END;
