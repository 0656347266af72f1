-- Foundation: tenancy with history, identity and access, persons, audit chain.
-- The SQLite migration next to this one must create the same tables and columns
-- (a test compares them).

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE regions (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE municipalities (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    region_id BIGINT NOT NULL REFERENCES regions(id),
    valid_from DATE NOT NULL,
    valid_to DATE,
    successor_code TEXT REFERENCES municipalities(code)
);

CREATE TABLE organisations (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL
);

CREATE TABLE mandates (
    id BIGSERIAL PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    municipality_code TEXT NOT NULL REFERENCES municipalities(code),
    valid_from DATE NOT NULL,
    valid_to DATE
);
CREATE INDEX mandates_by_municipality ON mandates (municipality_code, valid_from);

CREATE TABLE teams (
    id BIGSERIAL PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    UNIQUE (organisation_id, name)
);

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    email TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    team_id BIGINT REFERENCES teams(id),
    password_hash TEXT NOT NULL,
    totp_secret TEXT,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    person_id TEXT,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE role_assignments (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL,
    municipality_code TEXT NOT NULL REFERENCES municipalities(code),
    UNIQUE (user_id, role, municipality_code)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    second_factor_done BOOLEAN NOT NULL,
    pending_totp_secret TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    last_used_at TIMESTAMP
);

CREATE TABLE api_token_municipalities (
    token_id BIGINT NOT NULL REFERENCES api_tokens(id),
    municipality_code TEXT NOT NULL REFERENCES municipalities(code),
    PRIMARY KEY (token_id, municipality_code)
);

CREATE TABLE persons (
    id TEXT PRIMARY KEY,
    v_nummer TEXT,
    bsn TEXT,
    given_names TEXT NOT NULL,
    family_name TEXT NOT NULL,
    search_key TEXT NOT NULL,
    birth_year INTEGER NOT NULL,
    birth_month INTEGER,
    birth_day INTEGER,
    nationality TEXT NOT NULL,
    target_group TEXT NOT NULL,
    regime TEXT NOT NULL,
    residence_date DATE,
    municipality_code TEXT NOT NULL REFERENCES municipalities(code),
    case_worker_id BIGINT REFERENCES users(id),
    household_id TEXT NOT NULL,
    postcode TEXT,
    iban TEXT,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX persons_by_name ON persons (family_name, given_names, id);
CREATE INDEX persons_by_municipality ON persons (municipality_code, family_name, given_names, id);
CREATE INDEX persons_by_v_nummer ON persons (v_nummer);
CREATE INDEX persons_by_bsn ON persons (bsn);
CREATE INDEX persons_by_household ON persons (household_id);

CREATE TABLE person_municipalities (
    id BIGSERIAL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    municipality_code TEXT NOT NULL REFERENCES municipalities(code),
    valid_from DATE NOT NULL,
    valid_to DATE,
    reason TEXT NOT NULL
);
CREATE INDEX person_municipalities_by_person ON person_municipalities (person_id, valid_from);

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY,
    last_seq BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at_micros BIGINT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    organisation TEXT NOT NULL,
    action TEXT NOT NULL,
    purpose TEXT NOT NULL,
    subjects TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    request_id TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_by_time ON audit_log (at_micros);
CREATE INDEX audit_log_by_actor ON audit_log (actor, seq);

CREATE TABLE audit_subjects (
    person_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (person_id, seq)
);

-- The audit log is append-only: ordinary sessions cannot change or remove a record.
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
