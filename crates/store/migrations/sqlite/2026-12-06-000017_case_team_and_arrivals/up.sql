-- The team that handles a case (cases.team_id, set when a case worker is assigned and kept
-- when the team lead takes the case worker away) is looked up for the team's worklist; and a
-- nareiziger who has arrived is linked to their own person record, once that record exists.
-- A person is the arrived nareiziger of at most one record. The other dialect's migration must
-- create the same tables and columns (a test compares them).

CREATE INDEX cases_by_team ON cases (team_id);
-- Cases that already have a case worker become their case worker's team's.
UPDATE cases SET team_id = (
    SELECT users.team_id FROM persons JOIN users ON users.id = persons.case_worker_id
    WHERE persons.id = cases.person_id
) WHERE team_id IS NULL AND person_id IN (SELECT id FROM persons WHERE case_worker_id IS NOT NULL);
ALTER TABLE nareizigers ADD COLUMN arrived_person_id TEXT REFERENCES persons(id);
CREATE UNIQUE INDEX nareizigers_arrived ON nareizigers (arrived_person_id) WHERE arrived_person_id IS NOT NULL;
