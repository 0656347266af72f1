-- Nareizigers: family members who follow a person through family reunification, with their
-- relation, a birth date that may be partly or wholly unknown, and where the reunification
-- stands (status with its date; every step is also in the case history). The other dialect's
-- migration must create the same tables and columns (a test compares them).

CREATE TABLE nareizigers (
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
CREATE INDEX nareizigers_by_person ON nareizigers (person_id, id);
