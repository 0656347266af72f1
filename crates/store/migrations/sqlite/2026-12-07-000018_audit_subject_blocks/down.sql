-- Back to one index row per person and record, rebuilt from the records' own subject lists.
-- The comma-separated list is split as a JSON array (quotes and backslashes escaped first),
-- in one pass however many persons a record names (a payment run's read names thousands).
CREATE TABLE audit_subjects (
    person_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (person_id, seq)
);
INSERT OR IGNORE INTO audit_subjects (person_id, seq)
    SELECT person.value, a.seq
    FROM audit_log a,
        json_each('["' || replace(replace(replace(a.subjects, '\', '\\'), '"', '\"'), ',', '","') || '"]') AS person
    WHERE a.subjects <> '' AND person.value <> '';
DROP TABLE audit_subject_blocks;
