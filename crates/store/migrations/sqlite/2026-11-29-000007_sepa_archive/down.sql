-- Drops the kept SEPA files; downloads build the file from the lines again.
DROP TABLE payment_run_files;
