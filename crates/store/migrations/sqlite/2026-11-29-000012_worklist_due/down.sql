DROP INDEX persons_worklist;
CREATE INDEX persons_by_case_worker ON persons (case_worker_id) WHERE case_worker_id IS NOT NULL;
DROP TRIGGER cases_next_due_to_person_on_update;
DROP TRIGGER cases_next_due_to_person_on_insert;
ALTER TABLE persons DROP COLUMN next_due;
