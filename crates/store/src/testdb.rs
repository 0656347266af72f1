//! Fresh databases for tests: a temporary SQLite file by default, or a new database on the
//! PostgreSQL server named by `TEST_DATABASE_URL`. Dropped again when the guard goes.

use crate::Store;
use diesel::connection::SimpleConnection;
use diesel::Connection;

pub struct TestDb {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl TestDb {
    pub fn new() -> TestDb {
        let id = uuid::Uuid::new_v4().simple().to_string();
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => {
                let name = format!("regie_t_{}", &id[..16]);
                let mut c = diesel::PgConnection::establish(&admin_url).expect("TEST_DATABASE_URL reachable");
                c.batch_execute(&format!("CREATE DATABASE {name}")).expect("create test database");
                let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url);
                TestDb { url: format!("{base}/{name}"), cleanup: Cleanup::Postgres { admin_url, name } }
            }
            _ => {
                let path = std::env::temp_dir().join(format!("regie-test-{id}.db"));
                TestDb { url: path.to_string_lossy().into_owned(), cleanup: Cleanup::File(path) }
            }
        }
    }

    /// A migrated store on this database.
    pub fn store(&self) -> Store {
        let s = Store::open(&self.url).expect("open test store");
        s.migrate().expect("migrate test store");
        s
    }
}

impl Default for TestDb {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(p) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
                }
            }
            Cleanup::Postgres { admin_url, name } => {
                if let Ok(mut c) = diesel::PgConnection::establish(admin_url) {
                    let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
                }
            }
        }
    }
}
