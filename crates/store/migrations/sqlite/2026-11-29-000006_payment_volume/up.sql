-- A monthly run writes one plan month per household, one line per payment and, at approval,
-- one ledger entry per line: half a million rows of each for 100,000 households. Checking a
-- foreign key costs a lookup per row (on PostgreSQL a trigger per row), which made a run three
-- times slower. These three tables are written only by the run itself, from the plans, costs and
-- run it read in the same transaction, and those are never deleted; `regie payments verify`
-- checks every reference (ledger_imbalances). So their foreign keys go; nothing else changes.
-- SQLite cannot drop a constraint: each table is rebuilt with the same columns and indexes.

CREATE TABLE ledger_entries_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL,
    line_id BIGINT NOT NULL,
    plan_id TEXT NOT NULL,
    month TEXT NOT NULL,
    debit_account TEXT NOT NULL,
    credit_account TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    kind TEXT NOT NULL,
    reverses_id BIGINT,
    reason TEXT NOT NULL,
    booked_by TEXT NOT NULL,
    booked_at TIMESTAMP NOT NULL
);
INSERT INTO ledger_entries_new SELECT * FROM ledger_entries;
DROP TABLE ledger_entries;
ALTER TABLE ledger_entries_new RENAME TO ledger_entries;
CREATE INDEX ledger_entries_by_plan ON ledger_entries (plan_id, month);
CREATE UNIQUE INDEX ledger_entries_once ON ledger_entries (line_id, kind);

CREATE TABLE payment_lines_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL,
    plan_id TEXT NOT NULL,
    municipality_code TEXT NOT NULL,
    month TEXT NOT NULL,
    kind TEXT NOT NULL,
    cost_id BIGINT,
    cost_type TEXT,
    payee_name TEXT NOT NULL,
    payee_iban TEXT NOT NULL,
    reference TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    days INTEGER NOT NULL,
    days_in_month INTEGER NOT NULL,
    end_to_end_id TEXT NOT NULL
);
INSERT INTO payment_lines_new SELECT * FROM payment_lines;
DROP TABLE payment_lines;
ALTER TABLE payment_lines_new RENAME TO payment_lines;
CREATE INDEX payment_lines_by_run ON payment_lines (run_id, id);
CREATE INDEX payment_lines_by_plan ON payment_lines (plan_id, month);

CREATE TABLE plan_months_new (
    plan_id TEXT NOT NULL,
    month TEXT NOT NULL,
    run_id TEXT NOT NULL,
    benefit_cents BIGINT NOT NULL,
    PRIMARY KEY (plan_id, month)
);
INSERT INTO plan_months_new SELECT * FROM plan_months;
DROP TABLE plan_months;
ALTER TABLE plan_months_new RENAME TO plan_months;
CREATE INDEX plan_months_by_run ON plan_months (run_id);
