//! Both dialects must create exactly the tables and columns of the one Diesel schema.

use diesel::prelude::*;
use diesel::sql_types::Text;
use regie_store::schema::TABLES;
use regie_store::testdb::TestDb;
use std::collections::BTreeMap;

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

type Shape = BTreeMap<String, Vec<String>>;

fn expected() -> Shape {
    TABLES.iter().map(|(t, cols)| (t.to_string(), cols.iter().map(|c| c.to_string()).collect())).collect()
}

fn group(rows: Vec<Column>) -> Shape {
    let mut shape = Shape::new();
    for r in rows {
        if r.table_name.starts_with("__diesel") {
            continue;
        }
        shape.entry(r.table_name).or_default().push(r.column_name);
    }
    shape
}

/// Tables and columns as written in a migration file (one column per line, as we write them).
fn parse_migration(sql: &str) -> Shape {
    let mut shape = Shape::new();
    let mut current: Option<String> = None;
    for line in sql.lines() {
        let line = line.trim();
        if let Some(name) = line.strip_prefix("DROP TABLE ") {
            shape.remove(name.trim_end_matches(';').trim());
        } else if let Some((from, to)) =
            line.strip_prefix("ALTER TABLE ").and_then(|rest| rest.trim_end_matches(';').split_once(" RENAME TO "))
        {
            // A table rebuilt under a new name (SQLite cannot drop a constraint) takes the old one's.
            let columns = shape.remove(from.trim()).unwrap_or_default();
            shape.insert(to.trim().to_string(), columns);
        } else if let Some((table, column)) =
            line.strip_prefix("ALTER TABLE ").and_then(|rest| rest.split_once(" ADD COLUMN "))
        {
            let column = column.split_whitespace().next().unwrap_or_default();
            shape.entry(table.trim().to_string()).or_default().push(column.to_string());
        } else if let Some(rest) = line.strip_prefix("CREATE TABLE ") {
            current = Some(rest.trim_end_matches(" (").trim().to_string());
            shape.insert(current.clone().unwrap_or_default(), vec![]);
        } else if line.starts_with(')') {
            current = None;
        } else if let Some(t) = &current {
            let first = line.split_whitespace().next().unwrap_or_default();
            if !first.is_empty() && !["PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "--"].contains(&first) {
                shape.entry(t.clone()).or_default().push(first.to_string());
            }
        }
    }
    shape
}

/// Every migration of one dialect, in order.
const SQLITE: &[&str] = &[
    include_str!("../migrations/sqlite/2026-11-29-000001_foundation/up.sql"),
    include_str!("../migrations/sqlite/2026-11-29-000002_cases/up.sql"),
    include_str!("../migrations/sqlite/2026-11-29-000003_ontzorging/up.sql"),
    include_str!("../migrations/sqlite/2026-11-29-000004_dossier/up.sql"),
    include_str!("../migrations/sqlite/2026-11-29-000005_name_search/up.sql"),
    include_str!("../migrations/sqlite/2026-11-29-000006_payment_volume/up.sql"),
    include_str!("../migrations/sqlite/2026-11-29-000007_sepa_archive/up.sql"),
    include_str!("../migrations/sqlite/2026-11-29-000008_progress/up.sql"),
    include_str!("../migrations/sqlite/2026-11-29-000009_progress_facts/up.sql"),
    include_str!("../migrations/sqlite/2026-11-29-000012_worklist_due/up.sql"),
    include_str!("../migrations/sqlite/2026-11-29-000013_person_names/up.sql"),
    include_str!("../migrations/sqlite/2026-11-29-000014_birth_search/up.sql"),
    include_str!("../migrations/sqlite/2026-11-29-000015_nareizigers/up.sql"),
    include_str!("../migrations/sqlite/2026-11-29-000016_progress_withdrawal/up.sql"),
    include_str!("../migrations/sqlite/2026-12-06-000017_case_team_and_arrivals/up.sql"),
    include_str!("../migrations/sqlite/2026-12-07-000018_audit_subject_blocks/up.sql"),
];
const POSTGRES: &[&str] = &[
    include_str!("../migrations/postgres/2026-11-29-000001_foundation/up.sql"),
    include_str!("../migrations/postgres/2026-11-29-000002_cases/up.sql"),
    include_str!("../migrations/postgres/2026-11-29-000003_ontzorging/up.sql"),
    include_str!("../migrations/postgres/2026-11-29-000004_dossier/up.sql"),
    include_str!("../migrations/postgres/2026-11-29-000005_name_search/up.sql"),
    include_str!("../migrations/postgres/2026-11-29-000006_payment_volume/up.sql"),
    include_str!("../migrations/postgres/2026-11-29-000007_sepa_archive/up.sql"),
    include_str!("../migrations/postgres/2026-11-29-000008_progress/up.sql"),
    include_str!("../migrations/postgres/2026-11-29-000009_progress_facts/up.sql"),
    include_str!("../migrations/postgres/2026-11-29-000012_worklist_due/up.sql"),
    include_str!("../migrations/postgres/2026-11-29-000013_person_names/up.sql"),
    include_str!("../migrations/postgres/2026-11-29-000014_birth_search/up.sql"),
    include_str!("../migrations/postgres/2026-11-29-000015_nareizigers/up.sql"),
    include_str!("../migrations/postgres/2026-11-29-000016_progress_withdrawal/up.sql"),
    include_str!("../migrations/postgres/2026-12-06-000017_case_team_and_arrivals/up.sql"),
    include_str!("../migrations/postgres/2026-12-07-000018_audit_subject_blocks/up.sql"),
];

#[test]
fn both_migration_files_declare_the_schema() {
    // One script, in order: a later migration may add a column to an earlier one's table.
    let all = |files: &[&str]| parse_migration(&files.join("\n"));
    assert_eq!(all(SQLITE), expected());
    assert_eq!(all(POSTGRES), expected());
}

#[test]
fn the_migrated_database_has_the_schema() {
    let db = TestDb::new();
    let store = db.store();
    let rows: Vec<Column> = match store.engine() {
        regie_store::Engine::Sqlite => {
            let mut c = diesel::SqliteConnection::establish(&db.url).expect("sqlite");
            diesel::sql_query(
                "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m \
                 JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
                 ORDER BY m.name, p.cid",
            )
            .load(&mut c)
            .expect("columns")
        }
        regie_store::Engine::Postgres => {
            let mut c = diesel::PgConnection::establish(&db.url).expect("postgres");
            diesel::sql_query(
                "SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns \
                 WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
            )
            .load(&mut c)
            .expect("columns")
        }
    };
    assert_eq!(group(rows), expected(), "{} differs from the schema", store.engine().name());
}

#[test]
fn the_audit_log_refuses_changes() {
    let db = TestDb::new();
    let store = db.store();
    store
        .write(|c| {
            regie_store::audit::append(
                c,
                &[regie_store::audit::NewAudit {
                    at_micros: 1,
                    actor: "a".into(),
                    role: "r".into(),
                    organisation: "o".into(),
                    action: "x".into(),
                    purpose: "p".into(),
                    subjects: vec![],
                    object_type: "t".into(),
                    object_id: "i".into(),
                    outcome: "success".into(),
                    request_id: String::new(),
                }],
            )
        })
        .expect("append");
    assert!(store.execute_raw("UPDATE audit_log SET outcome = 'denied'").is_err());
    assert!(store.execute_raw("DELETE FROM audit_log").is_err());
}
