-- Other spellings of a person's name (as on a passport, in the BRP, in COA's file, in Arabic or
-- Ge'ez script), so that search finds the person by any of them. A spelling is withdrawn, not
-- deleted: the row keeps who added and who withdrew it. The search rows of the name-key table
-- (000005) then hold the tokens of every current spelling. The other dialect's migration must
-- create the same tables and columns (a test compares them).

CREATE TABLE person_names (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id TEXT NOT NULL REFERENCES persons(id),
    given_names TEXT NOT NULL,
    family_name TEXT NOT NULL,
    source TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    withdrawn_by TEXT,
    withdrawn_at TIMESTAMP
);
CREATE INDEX person_names_by_person ON person_names (person_id, id);
