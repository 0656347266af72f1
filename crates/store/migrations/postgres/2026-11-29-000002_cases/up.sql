-- Integration case management: one case per person, its history of steps, the brede intake,
-- route decisions, PIP versions with objections, DUO extensions, notes and contact moments.
-- The other dialect's migration must create the same tables and columns (a test compares them).

CREATE TABLE cases (
    person_id TEXT PRIMARY KEY REFERENCES persons(id),
    stage TEXT NOT NULL,
    source TEXT NOT NULL,
    gender TEXT NOT NULL,
    language TEXT NOT NULL,
    literacy TEXT NOT NULL,
    phone TEXT,
    email TEXT,
    address TEXT,
    azc TEXT,
    housed_on DATE,
    profile TEXT NOT NULL,
    koppeling_date DATE,
    kennisgeving_date DATE,
    brp_date DATE,
    third_party_awaited BOOLEAN NOT NULL,
    third_party_received DATE,
    route TEXT,
    termijn_start DATE,
    termijn_end DATE,
    pip_due DATE,
    next_due DATE,
    next_due_kind TEXT,
    withdrawn_reason TEXT,
    team_id BIGINT REFERENCES teams(id),
    version INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX cases_by_next_due ON cases (next_due);

-- Persons registered before case management get a case at its first stage.
INSERT INTO cases (person_id, stage, source, gender, language, literacy, profile, third_party_awaited, version, updated_at)
SELECT id, 'aangemeld', 'registratie', 'X', '', '', '{}', FALSE, 1, updated_at FROM persons;
-- Partial: most persons have no case worker yet, and an index full of NULLs looks unselective
-- to the planner.
CREATE INDEX persons_by_case_worker ON persons (case_worker_id) WHERE case_worker_id IS NOT NULL;
-- Duplicate detection: the same name skeleton (any transliteration) and year of birth.
CREATE INDEX persons_by_birth_year_and_name ON persons (birth_year, search_key);

CREATE TABLE case_events (
    id BIGSERIAL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    command TEXT NOT NULL,
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX case_events_by_person ON case_events (person_id, id);

CREATE TABLE intakes (
    person_id TEXT PRIMARY KEY REFERENCES persons(id),
    started_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP,
    lbt_date DATE,
    lbt_score INTEGER,
    lbt_exemption TEXT,
    level_reading TEXT,
    level_listening TEXT,
    level_writing TEXT,
    level_speaking TEXT,
    vve_informed BOOLEAN NOT NULL,
    solo_interview_offered BOOLEAN NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE intake_topics (
    person_id TEXT NOT NULL REFERENCES persons(id),
    topic TEXT NOT NULL,
    assessment TEXT NOT NULL,
    notes TEXT NOT NULL,
    source TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (person_id, topic)
);

CREATE TABLE route_decisions (
    id BIGSERIAL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    advice TEXT NOT NULL,
    advice_facts TEXT NOT NULL,
    route TEXT NOT NULL,
    grounds TEXT NOT NULL,
    onderwijsroute_reason TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TIMESTAMP NOT NULL
);
CREATE INDEX route_decisions_by_person ON route_decisions (person_id, id);

CREATE TABLE pips (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    route TEXT NOT NULL,
    language_target TEXT NOT NULL,
    content TEXT NOT NULL,
    reason_kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    drafted_by TEXT NOT NULL,
    checked_by TEXT,
    dagtekening DATE,
    objection_until DATE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (person_id, version)
);

CREATE TABLE objections (
    id BIGSERIAL PRIMARY KEY,
    pip_id TEXT NOT NULL REFERENCES pips(id),
    received_on DATE NOT NULL,
    grounds TEXT NOT NULL,
    decided_on DATE,
    outcome TEXT,
    registered_by TEXT NOT NULL
);
CREATE INDEX objections_by_pip ON objections (pip_id);

CREATE TABLE verlengingen (
    id BIGSERIAL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    ground TEXT NOT NULL,
    months INTEGER NOT NULL,
    granted_on DATE NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX verlengingen_by_person ON verlengingen (person_id);

CREATE TABLE case_notes (
    id BIGSERIAL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    body TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    author TEXT NOT NULL
);
CREATE INDEX case_notes_by_person ON case_notes (person_id, id);

-- Each established PIP version as the decision document that was issued (PDF/A), per language.
CREATE TABLE pip_documents (
    pip_id TEXT NOT NULL REFERENCES pips(id),
    lang TEXT NOT NULL,
    pdf BYTEA NOT NULL,
    sha256 TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (pip_id, lang)
);

-- Name search: every name token's spelling-tolerant key, with the person's municipality, so
-- that a search is an index range scan within the caller's municipalities.
CREATE TABLE person_name_keys (
    municipality_code TEXT NOT NULL,
    name_key TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES persons(id),
    PRIMARY KEY (municipality_code, name_key, person_id)
);
CREATE INDEX person_name_keys_by_person ON person_name_keys (person_id);
