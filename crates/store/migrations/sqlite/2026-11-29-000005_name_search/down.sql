DROP TABLE person_name_keys;
CREATE TABLE person_name_keys (
    municipality_code TEXT NOT NULL,
    name_key TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES persons(id),
    PRIMARY KEY (municipality_code, name_key, person_id)
);
CREATE INDEX person_name_keys_by_person ON person_name_keys (person_id);
