-- The progress record of a case: exam attempts with their results, and the hours providers
-- report per component. Rows are only added, never changed or deleted: a wrong report is
-- corrected by a new one. The other dialect's migration must create the same tables and
-- columns (a test compares them).

CREATE TABLE exam_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id TEXT NOT NULL REFERENCES persons(id),
    exam TEXT NOT NULL,
    exam_date DATE NOT NULL,
    result TEXT NOT NULL,
    paid BOOLEAN NOT NULL,
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX exam_attempts_by_person ON exam_attempts (person_id, id);

CREATE TABLE hour_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id TEXT NOT NULL REFERENCES persons(id),
    provider_name TEXT NOT NULL,
    component TEXT NOT NULL,
    period_from DATE NOT NULL,
    period_to DATE NOT NULL,
    attended_half_hours INTEGER NOT NULL,
    planned_half_hours INTEGER NOT NULL,
    keurmerk BOOLEAN NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX hour_reports_by_person ON hour_reports (person_id, id);
