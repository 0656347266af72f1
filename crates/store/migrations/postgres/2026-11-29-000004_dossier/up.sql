-- The dossier's documents, consents (toestemmingen) and referrals (verwijzingen) to partners.
-- Nothing here is ever deleted: a document is withdrawn with a reason, a consent withdrawn on a
-- date with a reason, and a referral's outcome recorded once. The other dialect's migration
-- must create the same tables and columns (a test compares them).

CREATE TABLE person_documents (
    id BIGSERIAL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    doc_type TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    content BYTEA NOT NULL,
    sha256 TEXT NOT NULL,
    note TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP,
    withdrawn_by TEXT,
    withdrawn_reason TEXT
);
CREATE INDEX person_documents_by_person ON person_documents (person_id, id);

CREATE TABLE person_consents (
    id BIGSERIAL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    kind TEXT NOT NULL,
    given_on DATE NOT NULL,
    document_id BIGINT REFERENCES person_documents(id),
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    withdrawn_on DATE,
    withdrawn_reason TEXT,
    withdrawn_by TEXT
);
CREATE INDEX person_consents_by_person ON person_consents (person_id, id);

CREATE TABLE referrals (
    id BIGSERIAL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    partner_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    referred_on DATE NOT NULL,
    goal TEXT NOT NULL,
    shares_data BOOLEAN NOT NULL,
    consent_id BIGINT REFERENCES person_consents(id),
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    outcome TEXT,
    outcome_on DATE,
    outcome_note TEXT,
    outcome_by TEXT,
    outcome_at TIMESTAMP
);
CREATE INDEX referrals_by_person ON referrals (person_id, id);
