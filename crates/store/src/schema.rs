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
    audit_subjects (person_id, seq) {
        person_id -> Text,
        seq -> BigInt,
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
    audit_subjects,
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
    ("audit_subjects", &["person_id", "seq"]),
];
