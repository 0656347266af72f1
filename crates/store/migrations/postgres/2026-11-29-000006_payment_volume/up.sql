-- A monthly run writes one plan month per household, one line per payment and, at approval,
-- one ledger entry per line: half a million rows of each for 100,000 households. Checking a
-- foreign key costs a trigger per row on PostgreSQL, which made a run three times slower.
-- These three tables are written only by the run itself, from the plans, costs and run it read
-- in the same transaction, and those are never deleted; `regie payments verify` checks every
-- reference (ledger_imbalances). So their foreign keys go; nothing else changes.
ALTER TABLE ledger_entries
    DROP CONSTRAINT ledger_entries_run_id_fkey,
    DROP CONSTRAINT ledger_entries_line_id_fkey,
    DROP CONSTRAINT ledger_entries_plan_id_fkey;
ALTER TABLE payment_lines
    DROP CONSTRAINT payment_lines_run_id_fkey,
    DROP CONSTRAINT payment_lines_plan_id_fkey;
ALTER TABLE plan_months
    DROP CONSTRAINT plan_months_run_id_fkey,
    DROP CONSTRAINT plan_months_plan_id_fkey;
