//! The one Diesel schema, shared by both dialects. Kept by hand in step with the migrations;
//! `tests/schema_parity.rs` checks that both dialects create exactly these tables and columns.

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    regions (id) {
        id -> BigInt,
        name -> Text,
    }
}

diesel::table! {
    municipalities (code) {
        code -> Text,
        name -> Text,
        region_id -> BigInt,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
        successor_code -> Nullable<Text>,
    }
}

diesel::table! {
    organisations (id) {
        id -> BigInt,
        name -> Text,
        kind -> Text,
    }
}

diesel::table! {
    mandates (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        municipality_code -> Text,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
    }
}

diesel::table! {
    teams (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        name -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        username -> Text,
        display_name -> Text,
        email -> Text,
        organisation_id -> BigInt,
        team_id -> Nullable<BigInt>,
        password_hash -> Text,
        totp_secret -> Nullable<Text>,
        disabled -> Bool,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        person_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    role_assignments (id) {
        id -> BigInt,
        user_id -> BigInt,
        role -> Text,
        municipality_code -> Text,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Text,
        user_id -> BigInt,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        second_factor_done -> Bool,
        pending_totp_secret -> Nullable<Text>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        name -> Text,
        token_hash -> Text,
        role -> Text,
        organisation_id -> BigInt,
        created_by -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_token_municipalities (token_id, municipality_code) {
        token_id -> BigInt,
        municipality_code -> Text,
    }
}

diesel::table! {
    persons (id) {
        id -> Text,
        v_nummer -> Nullable<Text>,
        bsn -> Nullable<Text>,
        given_names -> Text,
        family_name -> Text,
        search_key -> Text,
        birth_year -> Integer,
        birth_month -> Nullable<Integer>,
        birth_day -> Nullable<Integer>,
        nationality -> Text,
        target_group -> Text,
        regime -> Text,
        residence_date -> Nullable<Date>,
        municipality_code -> Text,
        case_worker_id -> Nullable<BigInt>,
        household_id -> Text,
        postcode -> Nullable<Text>,
        iban -> Nullable<Text>,
        status -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        next_due -> Nullable<Date>,
    }
}

diesel::table! {
    person_municipalities (id) {
        id -> BigInt,
        person_id -> Text,
        municipality_code -> Text,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
        reason -> Text,
    }
}

diesel::table! {
    audit_head (id) {
        id -> Integer,
        last_seq -> BigInt,
        last_hash -> Text,
    }
}

diesel::table! {
    audit_log (seq) {
        seq -> BigInt,
        at_micros -> BigInt,
        actor -> Text,
        role -> Text,
        organisation -> Text,
        action -> Text,
        purpose -> Text,
        subjects -> Text,
        object_type -> Text,
        object_id -> Text,
        outcome -> Text,
        request_id -> Text,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    audit_subject_blocks (person_id, block) {
        person_id -> Text,
        block -> BigInt,
    }
}

diesel::table! {
    cases (person_id) {
        person_id -> Text,
        stage -> Text,
        source -> Text,
        gender -> Text,
        language -> Text,
        literacy -> Text,
        phone -> Nullable<Text>,
        email -> Nullable<Text>,
        address -> Nullable<Text>,
        azc -> Nullable<Text>,
        housed_on -> Nullable<Date>,
        profile -> Text,
        koppeling_date -> Nullable<Date>,
        kennisgeving_date -> Nullable<Date>,
        brp_date -> Nullable<Date>,
        third_party_awaited -> Bool,
        third_party_received -> Nullable<Date>,
        route -> Nullable<Text>,
        termijn_start -> Nullable<Date>,
        termijn_end -> Nullable<Date>,
        pip_due -> Nullable<Date>,
        next_due -> Nullable<Date>,
        next_due_kind -> Nullable<Text>,
        withdrawn_reason -> Nullable<Text>,
        team_id -> Nullable<BigInt>,
        version -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    case_events (id) {
        id -> BigInt,
        person_id -> Text,
        at -> Timestamp,
        actor -> Text,
        command -> Text,
        from_stage -> Text,
        to_stage -> Text,
        detail -> Text,
    }
}

diesel::table! {
    intakes (person_id) {
        person_id -> Text,
        started_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
        lbt_date -> Nullable<Date>,
        lbt_score -> Nullable<Integer>,
        lbt_exemption -> Nullable<Text>,
        level_reading -> Nullable<Text>,
        level_listening -> Nullable<Text>,
        level_writing -> Nullable<Text>,
        level_speaking -> Nullable<Text>,
        vve_informed -> Bool,
        solo_interview_offered -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    intake_topics (person_id, topic) {
        person_id -> Text,
        topic -> Text,
        assessment -> Text,
        notes -> Text,
        source -> Text,
        updated_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    route_decisions (id) {
        id -> BigInt,
        person_id -> Text,
        advice -> Text,
        advice_facts -> Text,
        route -> Text,
        grounds -> Text,
        onderwijsroute_reason -> Text,
        decided_by -> Text,
        decided_at -> Timestamp,
    }
}

diesel::table! {
    pips (id) {
        id -> Text,
        person_id -> Text,
        version -> Integer,
        status -> Text,
        route -> Text,
        language_target -> Text,
        content -> Text,
        reason_kind -> Text,
        reason -> Text,
        drafted_by -> Text,
        checked_by -> Nullable<Text>,
        dagtekening -> Nullable<Date>,
        objection_until -> Nullable<Date>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    objections (id) {
        id -> BigInt,
        pip_id -> Text,
        received_on -> Date,
        grounds -> Text,
        decided_on -> Nullable<Date>,
        outcome -> Nullable<Text>,
        registered_by -> Text,
    }
}

diesel::table! {
    verlengingen (id) {
        id -> BigInt,
        person_id -> Text,
        ground -> Text,
        months -> Integer,
        granted_on -> Date,
        note -> Text,
    }
}

diesel::table! {
    pip_documents (pip_id, lang) {
        pip_id -> Text,
        lang -> Text,
        pdf -> Binary,
        sha256 -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    person_names (id) {
        id -> BigInt,
        person_id -> Text,
        given_names -> Text,
        family_name -> Text,
        source -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
        withdrawn_by -> Nullable<Text>,
        withdrawn_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    nareizigers (id) {
        id -> BigInt,
        person_id -> Text,
        relation -> Text,
        given_names -> Text,
        family_name -> Text,
        birth_year -> Nullable<Integer>,
        birth_month -> Nullable<Integer>,
        birth_day -> Nullable<Integer>,
        status -> Text,
        status_on -> Date,
        note -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
        updated_by -> Text,
        updated_at -> Timestamp,
        arrived_person_id -> Nullable<Text>,
    }
}

diesel::table! {
    person_name_keys (municipality_code, name_key, sort_name, person_id) {
        municipality_code -> Text,
        name_key -> Text,
        sort_name -> Text,
        person_id -> Text,
        search_key -> Text,
    }
}

diesel::table! {
    case_notes (id) {
        id -> BigInt,
        person_id -> Text,
        kind -> Text,
        channel -> Text,
        body -> Text,
        at -> Timestamp,
        author -> Text,
    }
}

diesel::table! {
    benefit_norms (household_type, valid_from) {
        household_type -> Text,
        valid_from -> Date,
        amount_cents -> BigInt,
        changed_by -> Text,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    cost_types (code) {
        code -> Text,
        label -> Text,
        standard -> Bool,
        active -> Bool,
        sort_order -> Integer,
    }
}

diesel::table! {
    payer_accounts (municipality_code) {
        municipality_code -> Text,
        name -> Text,
        iban -> Text,
        bic -> Nullable<Text>,
    }
}

diesel::table! {
    ontzorging_plans (id) {
        id -> Text,
        person_id -> Text,
        household_id -> Text,
        municipality_code -> Text,
        household_type -> Text,
        status -> Text,
        benefit_start -> Date,
        months -> Integer,
        months_reason -> Text,
        tailoring_reason -> Text,
        payee_name -> Text,
        payee_iban -> Text,
        machtiging_signed_on -> Nullable<Date>,
        priority_decided_at -> Nullable<Timestamp>,
        priority_decided_by -> Nullable<Text>,
        training -> Text,
        budget_coaching -> Bool,
        handover_planned_on -> Nullable<Date>,
        handover_notes -> Text,
        closed_on -> Nullable<Date>,
        stop_reason -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    plan_costs (id) {
        id -> BigInt,
        plan_id -> Text,
        cost_type -> Text,
        creditor_name -> Text,
        creditor_iban -> Text,
        reference -> Text,
        amount_cents -> BigInt,
        period -> Text,
        from_month -> Text,
        until_month -> Nullable<Text>,
        priority -> Nullable<Integer>,
        replaces_id -> Nullable<BigInt>,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    plan_documents (id) {
        id -> BigInt,
        plan_id -> Text,
        kind -> Text,
        name -> Text,
        content_type -> Text,
        content -> Binary,
        sha256 -> Text,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    plan_events (id) {
        id -> BigInt,
        plan_id -> Text,
        at -> Timestamp,
        actor -> Text,
        action -> Text,
        detail -> Text,
    }
}

diesel::table! {
    payment_runs (id) {
        id -> Text,
        month -> Text,
        municipalities -> Text,
        status -> Text,
        drafted_by_user -> BigInt,
        drafted_by -> Text,
        drafted_at -> Timestamp,
        decided_by_user -> Nullable<BigInt>,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        rejection_reason -> Nullable<Text>,
        plan_count -> Integer,
        line_count -> Integer,
        total_cents -> BigInt,
        creditor_cents -> BigInt,
        remainder_cents -> BigInt,
        signal_count -> Integer,
        message_id -> Text,
        sepa_sha256 -> Nullable<Text>,
    }
}

diesel::table! {
    payment_run_files (run_id) {
        run_id -> Text,
        encoding -> Text,
        byte_count -> BigInt,
        content -> Binary,
    }
}

diesel::table! {
    payment_run_claims (month, municipality_code) {
        month -> Text,
        municipality_code -> Text,
        run_id -> Text,
    }
}

diesel::table! {
    plan_months (plan_id, month) {
        plan_id -> Text,
        month -> Text,
        run_id -> Text,
        benefit_cents -> BigInt,
    }
}

diesel::table! {
    payment_lines (id) {
        id -> BigInt,
        run_id -> Text,
        plan_id -> Text,
        municipality_code -> Text,
        month -> Text,
        kind -> Text,
        cost_id -> Nullable<BigInt>,
        cost_type -> Nullable<Text>,
        payee_name -> Text,
        payee_iban -> Text,
        reference -> Text,
        amount_cents -> BigInt,
        days -> Integer,
        days_in_month -> Integer,
        end_to_end_id -> Text,
    }
}

diesel::table! {
    payment_signals (id) {
        id -> BigInt,
        run_id -> Text,
        plan_id -> Text,
        code -> Text,
        detail -> Text,
        amount_cents -> BigInt,
    }
}

diesel::table! {
    ledger_entries (id) {
        id -> BigInt,
        run_id -> Text,
        line_id -> BigInt,
        plan_id -> Text,
        month -> Text,
        debit_account -> Text,
        credit_account -> Text,
        amount_cents -> BigInt,
        kind -> Text,
        reverses_id -> Nullable<BigInt>,
        reason -> Text,
        booked_by -> Text,
        booked_at -> Timestamp,
    }
}

diesel::table! {
    person_documents (id) {
        id -> BigInt,
        person_id -> Text,
        doc_type -> Text,
        name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        content -> Binary,
        sha256 -> Text,
        note -> Text,
        uploaded_by -> Text,
        uploaded_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawn_by -> Nullable<Text>,
        withdrawn_reason -> Nullable<Text>,
    }
}

diesel::table! {
    person_consents (id) {
        id -> BigInt,
        person_id -> Text,
        kind -> Text,
        given_on -> Date,
        document_id -> Nullable<BigInt>,
        note -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
        withdrawn_on -> Nullable<Date>,
        withdrawn_reason -> Nullable<Text>,
        withdrawn_by -> Nullable<Text>,
    }
}

diesel::table! {
    referrals (id) {
        id -> BigInt,
        person_id -> Text,
        partner_name -> Text,
        kind -> Text,
        referred_on -> Date,
        goal -> Text,
        shares_data -> Bool,
        consent_id -> Nullable<BigInt>,
        created_by -> Text,
        created_at -> Timestamp,
        outcome -> Nullable<Text>,
        outcome_on -> Nullable<Date>,
        outcome_note -> Nullable<Text>,
        outcome_by -> Nullable<Text>,
        outcome_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    exam_attempts (id) {
        id -> BigInt,
        person_id -> Text,
        exam -> Text,
        exam_date -> Date,
        result -> Text,
        paid -> Bool,
        note -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    hour_reports (id) {
        id -> BigInt,
        person_id -> Text,
        provider_name -> Text,
        component -> Text,
        period_from -> Date,
        period_to -> Date,
        attended_half_hours -> Integer,
        planned_half_hours -> Integer,
        keurmerk -> Bool,
        recorded_by -> Text,
        recorded_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawn_by -> Nullable<Text>,
        withdrawn_reason -> Nullable<Text>,
    }
}

diesel::table! {
    participations (id) {
        id -> BigInt,
        person_id -> Text,
        kind -> Text,
        organisation -> Text,
        period_from -> Date,
        period_to -> Date,
        half_hours -> Integer,
        note -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawn_by -> Nullable<Text>,
        withdrawn_reason -> Nullable<Text>,
    }
}

diesel::table! {
    interim_tests (id) {
        id -> BigInt,
        person_id -> Text,
        test_date -> Date,
        skill -> Text,
        level -> Text,
        provider_name -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    map_final_interviews (id) {
        id -> BigInt,
        person_id -> Text,
        interview_date -> Date,
        conclusion -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    pvt_signings (id) {
        id -> BigInt,
        person_id -> Text,
        signed_on -> Date,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::joinable!(municipalities -> regions (region_id));
diesel::joinable!(mandates -> organisations (organisation_id));
diesel::joinable!(mandates -> municipalities (municipality_code));
diesel::joinable!(teams -> organisations (organisation_id));
diesel::joinable!(users -> organisations (organisation_id));
diesel::joinable!(role_assignments -> users (user_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(api_token_municipalities -> api_tokens (token_id));
diesel::joinable!(persons -> municipalities (municipality_code));
diesel::joinable!(person_municipalities -> persons (person_id));
diesel::joinable!(cases -> persons (person_id));
diesel::joinable!(intakes -> persons (person_id));
diesel::joinable!(pips -> persons (person_id));
diesel::joinable!(objections -> pips (pip_id));

diesel::allow_tables_to_appear_in_same_query!(
    settings,
    regions,
    municipalities,
    organisations,
    mandates,
    teams,
    users,
    role_assignments,
    sessions,
    api_tokens,
    api_token_municipalities,
    persons,
    person_municipalities,
    audit_head,
    audit_log,
    audit_subject_blocks,
    cases,
    case_events,
    intakes,
    intake_topics,
    route_decisions,
    pips,
    objections,
    verlengingen,
    case_notes,
    pip_documents,
    person_name_keys,
    person_names,
    nareizigers,
    benefit_norms,
    cost_types,
    payer_accounts,
    ontzorging_plans,
    plan_costs,
    plan_documents,
    plan_events,
    payment_runs,
    payment_run_files,
    payment_run_claims,
    plan_months,
    payment_lines,
    payment_signals,
    ledger_entries,
    person_documents,
    person_consents,
    referrals,
    exam_attempts,
    hour_reports,
    participations,
    interim_tests,
    map_final_interviews,
    pvt_signings,
);

/// Every table and its columns, in declaration order; the parity test compares both
/// dialects' real tables against this list.
pub const TABLES: &[(&str, &[&str])] = &[
    ("settings", &["key", "value"]),
    ("regions", &["id", "name"]),
    ("municipalities", &["code", "name", "region_id", "valid_from", "valid_to", "successor_code"]),
    ("organisations", &["id", "name", "kind"]),
    ("mandates", &["id", "organisation_id", "municipality_code", "valid_from", "valid_to"]),
    ("teams", &["id", "organisation_id", "name"]),
    (
        "users",
        &[
            "id",
            "username",
            "display_name",
            "email",
            "organisation_id",
            "team_id",
            "password_hash",
            "totp_secret",
            "disabled",
            "failed_logins",
            "locked_until",
            "person_id",
            "created_at",
        ],
    ),
    ("role_assignments", &["id", "user_id", "role", "municipality_code"]),
    ("sessions", &["token_hash", "user_id", "created_at", "last_seen_at", "second_factor_done", "pending_totp_secret"]),
    (
        "api_tokens",
        &[
            "id",
            "name",
            "token_hash",
            "role",
            "organisation_id",
            "created_by",
            "created_at",
            "revoked_at",
            "last_used_at",
        ],
    ),
    ("api_token_municipalities", &["token_id", "municipality_code"]),
    (
        "persons",
        &[
            "id",
            "v_nummer",
            "bsn",
            "given_names",
            "family_name",
            "search_key",
            "birth_year",
            "birth_month",
            "birth_day",
            "nationality",
            "target_group",
            "regime",
            "residence_date",
            "municipality_code",
            "case_worker_id",
            "household_id",
            "postcode",
            "iban",
            "status",
            "version",
            "created_at",
            "updated_at",
            "next_due",
        ],
    ),
    ("person_municipalities", &["id", "person_id", "municipality_code", "valid_from", "valid_to", "reason"]),
    ("audit_head", &["id", "last_seq", "last_hash"]),
    (
        "audit_log",
        &[
            "seq",
            "at_micros",
            "actor",
            "role",
            "organisation",
            "action",
            "purpose",
            "subjects",
            "object_type",
            "object_id",
            "outcome",
            "request_id",
            "prev_hash",
            "hash",
        ],
    ),
    ("audit_subject_blocks", &["person_id", "block"]),
    (
        "cases",
        &[
            "person_id",
            "stage",
            "source",
            "gender",
            "language",
            "literacy",
            "phone",
            "email",
            "address",
            "azc",
            "housed_on",
            "profile",
            "koppeling_date",
            "kennisgeving_date",
            "brp_date",
            "third_party_awaited",
            "third_party_received",
            "route",
            "termijn_start",
            "termijn_end",
            "pip_due",
            "next_due",
            "next_due_kind",
            "withdrawn_reason",
            "team_id",
            "version",
            "updated_at",
        ],
    ),
    ("case_events", &["id", "person_id", "at", "actor", "command", "from_stage", "to_stage", "detail"]),
    (
        "intakes",
        &[
            "person_id",
            "started_at",
            "completed_at",
            "lbt_date",
            "lbt_score",
            "lbt_exemption",
            "level_reading",
            "level_listening",
            "level_writing",
            "level_speaking",
            "vve_informed",
            "solo_interview_offered",
            "updated_at",
        ],
    ),
    ("intake_topics", &["person_id", "topic", "assessment", "notes", "source", "updated_by", "updated_at"]),
    (
        "route_decisions",
        &[
            "id",
            "person_id",
            "advice",
            "advice_facts",
            "route",
            "grounds",
            "onderwijsroute_reason",
            "decided_by",
            "decided_at",
        ],
    ),
    (
        "pips",
        &[
            "id",
            "person_id",
            "version",
            "status",
            "route",
            "language_target",
            "content",
            "reason_kind",
            "reason",
            "drafted_by",
            "checked_by",
            "dagtekening",
            "objection_until",
            "created_at",
            "updated_at",
        ],
    ),
    ("objections", &["id", "pip_id", "received_on", "grounds", "decided_on", "outcome", "registered_by"]),
    ("verlengingen", &["id", "person_id", "ground", "months", "granted_on", "note"]),
    ("case_notes", &["id", "person_id", "kind", "channel", "body", "at", "author"]),
    ("pip_documents", &["pip_id", "lang", "pdf", "sha256", "created_at"]),
    ("person_name_keys", &["municipality_code", "name_key", "sort_name", "person_id", "search_key"]),
    (
        "nareizigers",
        &[
            "id",
            "person_id",
            "relation",
            "given_names",
            "family_name",
            "birth_year",
            "birth_month",
            "birth_day",
            "status",
            "status_on",
            "note",
            "recorded_by",
            "recorded_at",
            "updated_by",
            "updated_at",
            "arrived_person_id",
        ],
    ),
    (
        "person_names",
        &[
            "id",
            "person_id",
            "given_names",
            "family_name",
            "source",
            "recorded_by",
            "recorded_at",
            "withdrawn_by",
            "withdrawn_at",
        ],
    ),
    ("benefit_norms", &["household_type", "valid_from", "amount_cents", "changed_by", "changed_at"]),
    ("cost_types", &["code", "label", "standard", "active", "sort_order"]),
    ("payer_accounts", &["municipality_code", "name", "iban", "bic"]),
    (
        "ontzorging_plans",
        &[
            "id",
            "person_id",
            "household_id",
            "municipality_code",
            "household_type",
            "status",
            "benefit_start",
            "months",
            "months_reason",
            "tailoring_reason",
            "payee_name",
            "payee_iban",
            "machtiging_signed_on",
            "priority_decided_at",
            "priority_decided_by",
            "training",
            "budget_coaching",
            "handover_planned_on",
            "handover_notes",
            "closed_on",
            "stop_reason",
            "version",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "plan_costs",
        &[
            "id",
            "plan_id",
            "cost_type",
            "creditor_name",
            "creditor_iban",
            "reference",
            "amount_cents",
            "period",
            "from_month",
            "until_month",
            "priority",
            "replaces_id",
            "created_by",
            "created_at",
        ],
    ),
    (
        "plan_documents",
        &["id", "plan_id", "kind", "name", "content_type", "content", "sha256", "created_by", "created_at"],
    ),
    ("plan_events", &["id", "plan_id", "at", "actor", "action", "detail"]),
    (
        "payment_runs",
        &[
            "id",
            "month",
            "municipalities",
            "status",
            "drafted_by_user",
            "drafted_by",
            "drafted_at",
            "decided_by_user",
            "decided_by",
            "decided_at",
            "rejection_reason",
            "plan_count",
            "line_count",
            "total_cents",
            "creditor_cents",
            "remainder_cents",
            "signal_count",
            "message_id",
            "sepa_sha256",
        ],
    ),
    ("payment_run_files", &["run_id", "encoding", "byte_count", "content"]),
    ("payment_run_claims", &["month", "municipality_code", "run_id"]),
    ("plan_months", &["plan_id", "month", "run_id", "benefit_cents"]),
    (
        "payment_lines",
        &[
            "id",
            "run_id",
            "plan_id",
            "municipality_code",
            "month",
            "kind",
            "cost_id",
            "cost_type",
            "payee_name",
            "payee_iban",
            "reference",
            "amount_cents",
            "days",
            "days_in_month",
            "end_to_end_id",
        ],
    ),
    ("payment_signals", &["id", "run_id", "plan_id", "code", "detail", "amount_cents"]),
    (
        "ledger_entries",
        &[
            "id",
            "run_id",
            "line_id",
            "plan_id",
            "month",
            "debit_account",
            "credit_account",
            "amount_cents",
            "kind",
            "reverses_id",
            "reason",
            "booked_by",
            "booked_at",
        ],
    ),
    (
        "person_documents",
        &[
            "id",
            "person_id",
            "doc_type",
            "name",
            "content_type",
            "size_bytes",
            "content",
            "sha256",
            "note",
            "uploaded_by",
            "uploaded_at",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawn_reason",
        ],
    ),
    (
        "person_consents",
        &[
            "id",
            "person_id",
            "kind",
            "given_on",
            "document_id",
            "note",
            "recorded_by",
            "recorded_at",
            "withdrawn_on",
            "withdrawn_reason",
            "withdrawn_by",
        ],
    ),
    (
        "referrals",
        &[
            "id",
            "person_id",
            "partner_name",
            "kind",
            "referred_on",
            "goal",
            "shares_data",
            "consent_id",
            "created_by",
            "created_at",
            "outcome",
            "outcome_on",
            "outcome_note",
            "outcome_by",
            "outcome_at",
        ],
    ),
    (
        "exam_attempts",
        &["id", "person_id", "exam", "exam_date", "result", "paid", "note", "recorded_by", "recorded_at"],
    ),
    (
        "hour_reports",
        &[
            "id",
            "person_id",
            "provider_name",
            "component",
            "period_from",
            "period_to",
            "attended_half_hours",
            "planned_half_hours",
            "keurmerk",
            "recorded_by",
            "recorded_at",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawn_reason",
        ],
    ),
    (
        "participations",
        &[
            "id",
            "person_id",
            "kind",
            "organisation",
            "period_from",
            "period_to",
            "half_hours",
            "note",
            "recorded_by",
            "recorded_at",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawn_reason",
        ],
    ),
    (
        "interim_tests",
        &["id", "person_id", "test_date", "skill", "level", "provider_name", "recorded_by", "recorded_at"],
    ),
    ("map_final_interviews", &["id", "person_id", "interview_date", "conclusion", "recorded_by", "recorded_at"]),
    ("pvt_signings", &["id", "person_id", "signed_on", "recorded_by", "recorded_at"]),
];
