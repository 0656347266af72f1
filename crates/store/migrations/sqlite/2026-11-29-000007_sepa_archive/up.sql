-- The SEPA file of an approved run, kept as it was approved (zstd-compressed: about a twentieth
-- of the XML). Every download hands out exactly these bytes, checked against the hash fixed at
-- approval, instead of building the file again from the lines. Runs approved before this
-- migration have no row here; their file is built from the lines as before.
CREATE TABLE payment_run_files (
    run_id TEXT PRIMARY KEY,
    encoding TEXT NOT NULL,
    byte_count BIGINT NOT NULL,
    content BLOB NOT NULL
);
