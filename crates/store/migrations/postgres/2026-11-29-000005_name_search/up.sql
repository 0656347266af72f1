-- Name search reads only this table: each key row carries the person's sort name and search key,
-- so a search finds, filters and orders its matches in one index range and reads only the
-- persons it shows. The rows are rebuilt from the persons at start-up (backfill_name_keys).
-- The sort name compares bytewise (COLLATE "C"), as SQLite does, so both engines give the
-- same order.
DROP TABLE person_name_keys;
CREATE TABLE person_name_keys (
    municipality_code TEXT NOT NULL,
    name_key TEXT NOT NULL,
    sort_name TEXT COLLATE "C" NOT NULL,
    person_id TEXT NOT NULL REFERENCES persons(id),
    search_key TEXT NOT NULL,
    PRIMARY KEY (municipality_code, name_key, sort_name, person_id) INCLUDE (search_key)
);
CREATE INDEX person_name_keys_by_person ON person_name_keys (person_id);
