-- Back to one index row per person and record, rebuilt from the records' own subject lists.
CREATE TABLE audit_subjects (
    person_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (person_id, seq)
);
INSERT INTO audit_subjects (person_id, seq)
    SELECT DISTINCT s.person_id, a.seq
    FROM audit_log a, unnest(string_to_array(a.subjects, ',')) AS s(person_id)
    WHERE s.person_id <> '';
DROP TABLE audit_subject_blocks;
