//! The command line against a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL):
//! seeding, the audit chain check (also on a tampered database), users, tokens, backup.

use regie_store::testdb::TestDb;
use std::process::{Command, Output};

fn regie(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regie"))
        .args(args)
        .env("REGIE_DATABASE_URL", db)
        .env("REGIE_LOG", "warn")
        .output()
        .expect("run regie")
}

/// Asserts the command succeeded, showing what it printed when it did not.
fn assert_ok(o: &Output) {
    assert!(o.status.success(), "exit {:?}\nstdout: {}\nstderr: {}", o.status.code(), stdout(o), stderr(o));
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn audit_verify_passes_on_a_used_database_and_names_a_tampered_record() {
    let db = TestDb::new();
    let seeded = regie(&db.url, &["seed", "--scale", "200"]);
    assert!(seeded.status.success(), "{}", stderr(&seeded));
    assert!(stdout(&seeded).contains("200 persons seeded"));
    let token =
        regie(&db.url, &["token", "create", "--name", "cli", "--role", "klantmanager", "--municipality", "GM0361"]);
    assert!(token.status.success(), "{}", stderr(&token));
    assert!(stdout(&token).trim().starts_with("rg_"));

    let ok = regie(&db.url, &["audit", "verify"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let last = stdout(&ok).lines().last().unwrap_or_default().to_string();
    let n: i64 = last.trim_end_matches(" records verified").parse().expect("count");
    assert!(n > 10, "{last}");

    // Someone with database access removes a person from the index the auditor searches by:
    // the chain itself is intact, but a search by that person would miss the record.
    let store = regie_store::Store::open(&db.url).expect("open");
    store
        .execute_raw(
            "DELETE FROM audit_subject_blocks WHERE block = (SELECT MAX(block) FROM audit_subject_blocks) \
             AND person_id = (SELECT MIN(person_id) FROM audit_subject_blocks \
             WHERE block = (SELECT MAX(block) FROM audit_subject_blocks))",
        )
        .expect("remove an index row");
    let unindexed = regie(&db.url, &["audit", "verify"]);
    assert!(!unindexed.status.success(), "a record missing from the person index must fail");
    assert!(stderr(&unindexed).contains("person index"), "{}", stderr(&unindexed));

    // Someone with database access changes a record directly (after removing the guard).
    let drop_guard = match store.engine() {
        regie_store::Engine::Sqlite => "DROP TRIGGER audit_log_no_update",
        regie_store::Engine::Postgres => "DROP TRIGGER audit_log_no_update ON audit_log",
    };
    store.execute_raw(drop_guard).expect("drop trigger");
    store.execute_raw("UPDATE audit_log SET outcome = 'denied' WHERE seq = 3").expect("tamper");
    let broken = regie(&db.url, &["audit", "verify"]);
    assert!(!broken.status.success(), "a tampered chain must fail");
    assert!(stderr(&broken).contains("record 3"), "{}", stderr(&broken));
}

#[test]
fn users_are_managed_from_the_command_line_with_clear_errors() {
    let db = TestDb::new();
    assert_ok(&regie(&db.url, &["seed", "--scale", "1"]));
    let add_args = [
        "user",
        "add",
        "--username",
        "j.devries",
        "--name",
        "Jan de Vries",
        "--email",
        "j@regie.example",
        "--organisation",
        "Inburgering Regio Alkmaar",
        "--role",
        "klantmanager",
        "--municipality",
        "GM0399",
    ];
    let add = regie(&db.url, &add_args);
    assert!(add.status.success(), "{}", stderr(&add));
    assert!(stdout(&add).contains("Eerste wachtwoord"));
    // The same username a second time is refused with a clear message.
    let twice = regie(&db.url, &add_args);
    assert!(!twice.status.success());
    assert!(stderr(&twice).contains("al in gebruik"));
    let bad = regie(
        &db.url,
        &[
            "user",
            "add",
            "--username",
            "k",
            "--name",
            "K",
            "--email",
            "k@x",
            "--organisation",
            "Nergens",
            "--role",
            "koning",
            "--municipality",
            "GM12",
        ],
    );
    assert!(!bad.status.success());
    let err = stderr(&bad);
    assert!(err.contains("Onbekende rol") && err.contains("gemeentecode") && err.contains("organisatie"), "{err}");
    assert_ok(&regie(&db.url, &["user", "reset-2fa", "j.devries"]));
    assert_ok(&regie(&db.url, &["user", "disable", "j.devries"]));
    let missing = regie(&db.url, &["user", "disable", "niemand"]);
    assert!(!missing.status.success());
}

#[test]
fn backup_is_consistent_and_restores() {
    let db = TestDb::new();
    assert_ok(&regie(&db.url, &["seed", "--scale", "50"]));
    let dir = std::env::temp_dir().join(format!("regie-backup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("backup.db").to_string_lossy().into_owned();
    let _ = std::fs::remove_file(&file);
    let out = regie(&db.url, &["backup", &file]);
    assert!(out.status.success(), "{}", stderr(&out));
    let again = regie(&db.url, &["backup", &file]);
    assert!(!again.status.success(), "an existing backup is never overwritten");

    // Restore as documented in the README, then check the restored database.
    let restored = TestDb::new();
    let store = regie_store::Store::open(&restored.url).expect("open");
    match store.engine() {
        regie_store::Engine::Sqlite => {
            std::fs::copy(&file, &restored.url).expect("copy backup into place");
        }
        regie_store::Engine::Postgres => {
            let status = Command::new("pg_restore")
                .args(["--no-owner", "--dbname", &restored.url, &file])
                .status()
                .expect("pg_restore");
            assert!(status.success());
        }
    }
    drop(store);
    let verify = regie(&restored.url, &["audit", "verify"]);
    assert!(verify.status.success(), "{}", stderr(&verify));
    let original = regie(&db.url, &["audit", "verify"]);
    assert_eq!(stdout(&verify), stdout(&original), "the backup holds the whole audit chain");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A koppeling file of `n` rows, with the given rows replaced (0-based), as Windows-1252 when
/// `latin1` (the encoding Dutch Excel often writes).
fn koppeling_file(dir: &std::path::Path, name: &str, n: usize, replace: &[(usize, String)], latin1: bool) -> String {
    let mut text = String::from("vnummer;achternaam;voornamen;geboortedatum;geslacht;nationaliteit;taal;gemeentecode;koppelingsdatum;huishoudnummer\r\n");
    for i in 0..n {
        let row = replace.iter().find(|(k, _)| *k == i).map(|(_, r)| r.clone()).unwrap_or_else(|| {
            format!(
                "{};Tesfay;Hélène;{:02}-04-1993;V;Eritrese;Tigrinya;GM0361;03-09-2026;E{}",
                8_000_000_000u64 + i as u64,
                1 + i % 28,
                i / 3
            )
        });
        text.push_str(&row);
        text.push_str("\r\n");
    }
    let bytes: Vec<u8> = if latin1 { text.chars().map(|c| c as u32 as u8).collect() } else { text.into_bytes() };
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write file");
    path.to_string_lossy().into_owned()
}

#[test]
fn a_koppeling_import_applies_all_rows_or_none_and_never_twice() {
    let db = TestDb::new();
    assert_ok(&regie(&db.url, &["migrate"]));
    assert_ok(&regie(&db.url, &["seed", "--scale", "10"]));
    let dir = std::env::temp_dir().join(format!("regie-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = koppeling_file(
        &dir,
        "fout.csv",
        1000,
        &[
            (4, "8000000004;Tesfay;Hélène;31-02-1993;V;Eritrese;Tigrinya;GM0361;03-09-2026;E1".into()),
            (700, "8000000700;;Hélène;01-04-1993;V;Eritrese;Tigrinya;GM0361;03-09-2026;E1".into()),
            (998, "12345;Tesfay;Hélène;01-04-1993;V;Eritrese;Tigrinya;GM0361;03-09-2099;E1".into()),
        ],
        true,
    );
    let failed = regie(&db.url, &["import", "koppelingen", &bad]);
    assert!(!failed.status.success(), "a file with bad rows must fail");
    let err = stderr(&failed);
    for line in
        ["regel 6 (geboortedatum)", "regel 702 (achternaam)", "regel 1000 (vnummer)", "regel 1000 (koppelingsdatum)"]
    {
        assert!(err.contains(line), "missing {line} in:\n{err}");
    }
    assert!(err.contains("niets opgeslagen"), "{err}");

    let good = koppeling_file(&dir, "goed.csv", 1000, &[], true);
    let dry = regie(&db.url, &["import", "koppelingen", &good, "--dry-run"]);
    assert_ok(&dry);
    assert!(stdout(&dry).contains("1000 nieuw"), "{}", stdout(&dry));
    let applied = regie(&db.url, &["import", "koppelingen", &good]);
    assert_ok(&applied);
    assert!(stdout(&applied).contains("1000 rijen gelezen: 1000 nieuw, 0 al aanwezig"), "{}", stdout(&applied));
    let again = regie(&db.url, &["import", "koppelingen", &good]);
    assert_ok(&again);
    assert!(stdout(&again).contains("0 nieuw, 1000 al aanwezig"), "{}", stdout(&again));
    // The audit chain is intact after all of it.
    assert_ok(&regie(&db.url, &["audit", "verify"]));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_hour_import_records_all_rows_or_none_and_never_twice() {
    let db = TestDb::new();
    assert_ok(&regie(&db.url, &["migrate"]));
    assert_ok(&regie(&db.url, &["seed", "--scale", "10"]));
    let dir = std::env::temp_dir().join(format!("regie-hours-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    // 300 newcomers, then four components each: 1,200 hour rows.
    let persons = koppeling_file(&dir, "koppelingen.csv", 300, &[], false);
    assert_ok(&regie(&db.url, &["import", "koppelingen", &persons]));
    let hours = |name: &str, replace: &[(usize, &str)]| {
        let mut text =
            String::from("vnummer;aanbieder;onderdeel;periode_van;periode_tot;uren_aanwezig;uren_gepland;keurmerk\r\n");
        for i in 0..1200 {
            let component = ["taal", "map", "pvt", "knm"][i % 4];
            let row = format!(
                "{};Taalschool Noord;{component};01-10-2026;31-10-2026;7,5;8;ja",
                8_000_000_000u64 + (i / 4) as u64
            );
            let row = replace.iter().find(|(k, _)| *k == i).map(|(_, r)| r.to_string()).unwrap_or(row);
            text.push_str(&row);
            text.push_str("\r\n");
        }
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write file");
        path.to_string_lossy().into_owned()
    };
    let bad = hours(
        "fout.csv",
        &[
            (9, "8000000002;Taalschool Noord;taal;01-10-2026;31-10-2026;7,75;8;ja"),
            (1100, "8000000275;Taalschool Noord;taal;01-10-2026;31-10-2026;7,5;8;"),
        ],
    );
    let failed = regie(&db.url, &["import", "uren", &bad]);
    assert!(!failed.status.success(), "a file with bad rows must fail");
    let err = stderr(&failed);
    for line in ["regel 11 (uren_aanwezig)", "regel 1102 (keurmerk)"] {
        assert!(err.contains(line), "missing {line} in:\n{err}");
    }
    assert!(err.contains("niets opgeslagen"), "{err}");

    let good = hours("goed.csv", &[]);
    let dry = regie(&db.url, &["import", "uren", &good, "--dry-run"]);
    assert_ok(&dry);
    assert!(stdout(&dry).contains("1200 nieuw voor 300 personen"), "{}", stdout(&dry));
    let applied = regie(&db.url, &["import", "uren", &good]);
    assert_ok(&applied);
    assert!(
        stdout(&applied).contains("1200 rijen gelezen: 1200 nieuw voor 300 personen, 0 al aanwezig"),
        "{}",
        stdout(&applied)
    );
    let again = regie(&db.url, &["import", "uren", &good]);
    assert_ok(&again);
    assert!(stdout(&again).contains("0 nieuw voor 0 personen, 1200 al aanwezig"), "{}", stdout(&again));
    assert_ok(&regie(&db.url, &["audit", "verify"]));
    let _ = std::fs::remove_dir_all(&dir);
}
