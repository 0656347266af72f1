-- SQLite cannot drop a column that references another table: the table is built again
-- without it.
DROP INDEX nareizigers_arrived;
CREATE TABLE nareizigers_before (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id TEXT NOT NULL REFERENCES persons(id),
    relation TEXT NOT NULL,
    given_names TEXT NOT NULL,
    family_name TEXT NOT NULL,
    birth_year INTEGER,
    birth_month INTEGER,
    birth_day INTEGER,
    status TEXT NOT NULL,
    status_on DATE NOT NULL,
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO nareizigers_before (id, person_id, relation, given_names, family_name, birth_year, birth_month, birth_day, status, status_on, note, recorded_by, recorded_at, updated_by, updated_at)
    SELECT id, person_id, relation, given_names, family_name, birth_year, birth_month, birth_day, status, status_on, note, recorded_by, recorded_at, updated_by, updated_at FROM nareizigers;
DROP TABLE nareizigers;
ALTER TABLE nareizigers_before RENAME TO nareizigers;
CREATE INDEX nareizigers_by_person ON nareizigers (person_id, id);
DROP INDEX cases_by_team;
