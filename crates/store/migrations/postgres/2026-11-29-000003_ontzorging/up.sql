-- Ontzorging (art. 56a Participatiewet): welfare norms, cost types, the municipalities' paying
-- accounts, plans with their fixed costs and documents, monthly payment runs, and the ledger.
-- The other dialect's migration must create the same tables and columns (a test compares them).

-- Net monthly welfare norms per household type, dated (indexed on 1 January and 1 July).
CREATE TABLE benefit_norms (
    household_type TEXT NOT NULL,
    valid_from DATE NOT NULL,
    amount_cents BIGINT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (household_type, valid_from)
);

-- The configurable list of fixed costs; `standard` marks the four of art. 56a.
CREATE TABLE cost_types (
    code TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    standard BOOLEAN NOT NULL,
    active BOOLEAN NOT NULL,
    sort_order INTEGER NOT NULL
);
INSERT INTO cost_types (code, label, standard, active, sort_order) VALUES
    ('huur', 'Huur', TRUE, TRUE, 1),
    ('energie', 'Gas en elektriciteit', TRUE, TRUE, 2),
    ('water', 'Water', TRUE, TRUE, 3),
    ('zorgverzekering', 'Zorgverzekering (premie)', TRUE, TRUE, 4),
    ('aansprakelijkheid', 'Aansprakelijkheidsverzekering', FALSE, TRUE, 5),
    ('gemeentelijke_belastingen', 'Gemeentelijke belastingen', FALSE, TRUE, 6);

-- The account each municipality pays from (the debtor of the SEPA file).
CREATE TABLE payer_accounts (
    municipality_code TEXT PRIMARY KEY REFERENCES municipalities(code),
    name TEXT NOT NULL,
    iban TEXT NOT NULL,
    bic TEXT
);

CREATE TABLE ontzorging_plans (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    household_id TEXT NOT NULL,
    municipality_code TEXT NOT NULL REFERENCES municipalities(code),
    household_type TEXT NOT NULL,
    status TEXT NOT NULL,
    benefit_start DATE NOT NULL,
    months INTEGER NOT NULL,
    months_reason TEXT NOT NULL,
    tailoring_reason TEXT NOT NULL,
    payee_name TEXT NOT NULL,
    payee_iban TEXT NOT NULL,
    machtiging_signed_on DATE,
    priority_decided_at TIMESTAMP,
    priority_decided_by TEXT,
    training TEXT NOT NULL,
    budget_coaching BOOLEAN NOT NULL,
    handover_planned_on DATE,
    handover_notes TEXT NOT NULL,
    closed_on DATE,
    stop_reason TEXT,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- One open plan per household; closed and stopped plans stay as history.
CREATE UNIQUE INDEX ontzorging_plans_one_open ON ontzorging_plans (household_id) WHERE status IN ('concept', 'actief');
CREATE INDEX ontzorging_plans_by_municipality ON ontzorging_plans (municipality_code, status);
CREATE INDEX ontzorging_plans_by_person ON ontzorging_plans (person_id);

-- One version of one fixed cost: a change from a month closes the old version (until_month) and
-- adds a new one, so past months keep what was paid.
CREATE TABLE plan_costs (
    id BIGSERIAL PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES ontzorging_plans(id),
    cost_type TEXT NOT NULL REFERENCES cost_types(code),
    creditor_name TEXT NOT NULL,
    creditor_iban TEXT NOT NULL,
    reference TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    period TEXT NOT NULL,
    from_month TEXT NOT NULL,
    until_month TEXT,
    priority INTEGER,
    replaces_id BIGINT,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX plan_costs_by_plan ON plan_costs (plan_id, id);

-- The signed machtiging and the letters sent at the handover.
CREATE TABLE plan_documents (
    id BIGSERIAL PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES ontzorging_plans(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content BYTEA NOT NULL,
    sha256 TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX plan_documents_by_plan ON plan_documents (plan_id, id);

CREATE TABLE plan_events (
    id BIGSERIAL PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES ontzorging_plans(id),
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX plan_events_by_plan ON plan_events (plan_id, id);

-- A monthly run over the municipalities of its drafter: concept → goedgekeurd, or verworpen.
CREATE TABLE payment_runs (
    id TEXT PRIMARY KEY,
    month TEXT NOT NULL,
    municipalities TEXT NOT NULL,
    status TEXT NOT NULL,
    drafted_by_user BIGINT NOT NULL,
    drafted_by TEXT NOT NULL,
    drafted_at TIMESTAMP NOT NULL,
    decided_by_user BIGINT,
    decided_by TEXT,
    decided_at TIMESTAMP,
    rejection_reason TEXT,
    plan_count INTEGER NOT NULL,
    line_count INTEGER NOT NULL,
    total_cents BIGINT NOT NULL,
    creditor_cents BIGINT NOT NULL,
    remainder_cents BIGINT NOT NULL,
    signal_count INTEGER NOT NULL,
    message_id TEXT NOT NULL,
    sepa_sha256 TEXT
);
CREATE INDEX payment_runs_by_month ON payment_runs (month);

-- At most one live run per municipality and month: the key that makes a second draft impossible.
CREATE TABLE payment_run_claims (
    month TEXT NOT NULL,
    municipality_code TEXT NOT NULL REFERENCES municipalities(code),
    run_id TEXT NOT NULL REFERENCES payment_runs(id),
    PRIMARY KEY (month, municipality_code)
);

-- At most one live run pays a plan for a month.
CREATE TABLE plan_months (
    plan_id TEXT NOT NULL REFERENCES ontzorging_plans(id),
    month TEXT NOT NULL,
    run_id TEXT NOT NULL REFERENCES payment_runs(id),
    benefit_cents BIGINT NOT NULL,
    PRIMARY KEY (plan_id, month)
);
CREATE INDEX plan_months_by_run ON plan_months (run_id);

CREATE TABLE payment_lines (
    id BIGSERIAL PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES payment_runs(id),
    plan_id TEXT NOT NULL REFERENCES ontzorging_plans(id),
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
CREATE INDEX payment_lines_by_run ON payment_lines (run_id, id);
CREATE INDEX payment_lines_by_plan ON payment_lines (plan_id, month);

-- What a run could not pay and why (costs above the benefit, no norm, no paying account).
CREATE TABLE payment_signals (
    id BIGSERIAL PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES payment_runs(id),
    plan_id TEXT NOT NULL REFERENCES ontzorging_plans(id),
    code TEXT NOT NULL,
    detail TEXT NOT NULL,
    amount_cents BIGINT NOT NULL
);
CREATE INDEX payment_signals_by_run ON payment_signals (run_id, id);

-- The ledger: every approved line is one posting of its amount from the plan's withheld benefit
-- (debit) to its payee (credit); per plan and month the postings add up to the benefit. Corrections
-- and reversals are new postings (a storno swaps the accounts), never edits.
CREATE TABLE ledger_entries (
    id BIGSERIAL PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES payment_runs(id),
    line_id BIGINT NOT NULL REFERENCES payment_lines(id),
    plan_id TEXT NOT NULL REFERENCES ontzorging_plans(id),
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
CREATE INDEX ledger_entries_by_plan ON ledger_entries (plan_id, month);
-- A line is paid once and reversed at most once, whatever happens to the process.
CREATE UNIQUE INDEX ledger_entries_once ON ledger_entries (line_id, kind);
