-- The rest of the progress record: participation with its hours (whole half hours), interim
-- language tests, the MAP final interview and the signing of the participatieverklaring. Rows
-- are only added, never changed or deleted. The final interview and the signing happen once
-- in a case: a unique key per person makes a second impossible to store. The other dialect's
-- migration must create the same tables and columns (a test compares them).

CREATE TABLE participations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id TEXT NOT NULL REFERENCES persons(id),
    kind TEXT NOT NULL,
    organisation TEXT NOT NULL,
    period_from DATE NOT NULL,
    period_to DATE NOT NULL,
    half_hours INTEGER NOT NULL,
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX participations_by_person ON participations (person_id, id);

CREATE TABLE interim_tests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id TEXT NOT NULL REFERENCES persons(id),
    test_date DATE NOT NULL,
    skill TEXT NOT NULL,
    level TEXT NOT NULL,
    provider_name TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX interim_tests_by_person ON interim_tests (person_id, id);

CREATE TABLE map_final_interviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id TEXT NOT NULL UNIQUE REFERENCES persons(id),
    interview_date DATE NOT NULL,
    conclusion TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);

CREATE TABLE pvt_signings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id TEXT NOT NULL UNIQUE REFERENCES persons(id),
    signed_on DATE NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
