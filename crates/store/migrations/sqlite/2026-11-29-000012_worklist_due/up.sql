-- The worklist reads one index range: a person's open case carries its next deadline on the
-- person row too, next to the case worker, so a caseload is counted and ordered from the index
-- alone and only the page shown is read from the tables. The copy is kept by the database
-- itself (triggers below), so no code path that writes a case can leave it stale. The other
-- dialect's migration must create the same columns (a test compares them).
ALTER TABLE persons ADD COLUMN next_due DATE;

UPDATE persons SET next_due = (SELECT c.next_due FROM cases c WHERE c.person_id = persons.id)
WHERE EXISTS (SELECT 1 FROM cases c WHERE c.person_id = persons.id AND c.next_due IS NOT NULL);

-- Writes only when the value differs, so a bulk load that already set it rewrites nothing.
CREATE TRIGGER cases_next_due_to_person_on_insert AFTER INSERT ON cases
BEGIN
    UPDATE persons SET next_due = NEW.next_due WHERE id = NEW.person_id AND next_due IS NOT NEW.next_due;
END;
CREATE TRIGGER cases_next_due_to_person_on_update AFTER UPDATE OF next_due ON cases
BEGIN
    UPDATE persons SET next_due = NEW.next_due WHERE id = NEW.person_id AND next_due IS NOT NEW.next_due;
END;

DROP INDEX persons_by_case_worker;
CREATE INDEX persons_worklist ON persons (case_worker_id, status, municipality_code, next_due, family_name, id)
WHERE case_worker_id IS NOT NULL;
