-- The auditor finds a person's records through an index that names, per person, the blocks of
-- 512 consecutive records (block = seq / 512) that mention the person, instead of every record.
-- A list of fifty persons used to add fifty index rows; now it adds a row only for a person
-- not yet named in the current block, so repeated reads of the same caseload (paging, coming
-- back to a list) cost the writer almost nothing. The records themselves still carry their
-- subjects (audit_log.subjects, covered by the hash chain); the search reads the blocks and
-- checks the records in them. The block size is fixed here and in the store's SUBJECT_BLOCK.
-- The other dialect's migration must create the same tables and columns (a test compares them).

CREATE TABLE audit_subject_blocks (
    person_id TEXT NOT NULL,
    block BIGINT NOT NULL,
    PRIMARY KEY (person_id, block)
) WITHOUT ROWID;
INSERT INTO audit_subject_blocks (person_id, block)
    SELECT DISTINCT person_id, seq / 512 FROM audit_subjects;
DROP TABLE audit_subjects;
