-- Name search reads only this table: each key row carries the person's sort name and search key,
-- so a search finds, filters and orders its matches in one index range and reads only the
-- persons it shows. The rows are rebuilt from the persons at start-up (backfill_name_keys).
DROP TABLE person_name_keys;
CREATE TABLE person_name_keys (
    municipality_code TEXT NOT NULL,
    name_key TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES persons(id),
    search_key TEXT NOT NULL,
    PRIMARY KEY (municipality_code, name_key, sort_name, person_id)
) WITHOUT ROWID;
CREATE INDEX person_name_keys_by_person ON person_name_keys (person_id);
