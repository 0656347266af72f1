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

    // Someone with database access changes a record directly (after removing the guard).
    let store = regie_store::Store::open(&db.url).expect("open");
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
