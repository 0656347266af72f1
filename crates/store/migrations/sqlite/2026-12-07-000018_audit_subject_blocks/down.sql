-- Back to one index row per person and record, rebuilt from the records' own subject lists.
CREATE TABLE audit_subjects (
    person_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (person_id, seq)
);
WITH RECURSIVE split(seq, person_id, rest) AS (
    SELECT seq, '', subjects || ',' FROM audit_log WHERE subjects <> ''
    UNION ALL
    SELECT seq, substr(rest, 1, instr(rest, ',') - 1), substr(rest, instr(rest, ',') + 1)
    FROM split WHERE rest <> ''
)
INSERT OR IGNORE INTO audit_subjects (person_id, seq)
    SELECT person_id, seq FROM split WHERE person_id <> '';
DROP TABLE audit_subject_blocks;
