//! Connection pool, engine choice by URL, pragmas, migrations and transactions.

use crate::{AnyConnection, StoreError, StoreResult};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, Pool, PooledConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use std::time::Duration;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn name(&self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgresql",
        }
    }
}

/// Opens connections of one engine. SQLite connections get WAL mode, a busy timeout and
/// foreign keys on every open, because these pragmas belong to the connection, not the file.
#[derive(Debug)]
pub struct Manager {
    engine: Engine,
    target: String,
}

impl ManageConnection for Manager {
    type Connection = AnyConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<AnyConnection, r2d2::Error> {
        match self.engine {
            Engine::Postgres => diesel::PgConnection::establish(&self.target)
                .map(AnyConnection::Postgresql)
                .map_err(r2d2::Error::ConnectionError),
            // No memory-mapped reads (`mmap_size = 0`). In WAL mode every commit makes each
            // other connection drop its page cache and, with a map, unmap the whole file at its
            // next read and fault its pages in again; under load the read-audit writer commits
            // twenty times a second, and the unmapping and faulting cost more than the `pread`s
            // they save once statements stay prepared (bench/RESULTS.md, session 9: audited read
            // and name search faster without the map). It also keeps the resident memory the
            // process's own: a map counted the database file's pages in it.
            Engine::Sqlite => {
                let mut c = diesel::SqliteConnection::establish(&self.target).map_err(r2d2::Error::ConnectionError)?;
                c.batch_execute(
                    "PRAGMA busy_timeout = 10000;
                     PRAGMA journal_mode = WAL;
                     PRAGMA synchronous = NORMAL;
                     PRAGMA foreign_keys = ON;
                     PRAGMA cache_size = -8000;
                     PRAGMA mmap_size = 0;
                     PRAGMA temp_store = MEMORY;",
                )
                .map_err(r2d2::Error::QueryError)?;
                Ok(AnyConnection::Sqlite(c))
            }
        }
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1").map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut AnyConnection) -> bool {
        false
    }
}

/// The database: a pool of connections of one engine.
#[derive(Clone)]
pub struct Store {
    pool: Pool<Manager>,
    engine: Engine,
    url: std::sync::Arc<str>,
    /// SQLite has one writer at a time. Queuing writers here, before `BEGIN IMMEDIATE`, lets
    /// them wait their turn instead of spinning in SQLite's busy handler, which sleeps in
    /// growing steps and serves waiters unfairly (long latency tails under load).
    sqlite_writer: std::sync::Arc<std::sync::Mutex<()>>,
}

pub type PooledConn = PooledConnection<Manager>;

impl Store {
    /// Opens the database named by `url`: `postgres://…` or `postgresql://…` for PostgreSQL,
    /// anything else (optionally prefixed `sqlite:` / `sqlite://`) is a SQLite file path.
    pub fn open(url: &str) -> StoreResult<Store> {
        let (engine, target) = parse_url(url);
        let size = match engine {
            // Writers queue on SQLite's single write lock anyway; readers run in WAL in parallel.
            Engine::Sqlite => 8,
            Engine::Postgres => 12,
        };
        let pool = Pool::builder()
            .max_size(size)
            // No idle connections kept in reserve: r2d2 would open them on a background thread,
            // and a short CLI command could exit in the middle of such a connect (seen as
            // "connection reset" during the TLS handshake in the PostgreSQL log, and a failed
            // command). Connections are opened when asked for and kept for reuse.
            .min_idle(Some(0))
            .connection_timeout(Duration::from_secs(10))
            .test_on_check_out(false)
            .build(Manager { engine, target })
            .map_err(|e| StoreError::Connect(e.to_string()))?;
        Ok(Store { pool, engine, url: url.into(), sqlite_writer: Default::default() })
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub(crate) fn conn(&self) -> StoreResult<PooledConn> {
        self.pool.get().map_err(|e| StoreError::Connect(e.to_string()))
    }

    /// Applies every pending migration of this engine's dialect, then fills what a migration
    /// left to be derived from existing rows (the name-search table). Returns how many ran.
    /// When none ran it reads nothing else, so starting a process stays cheap.
    pub fn migrate(&self) -> StoreResult<usize> {
        let mut conn = self.conn()?;
        let applied = match &mut *conn {
            AnyConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
            AnyConnection::Postgresql(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|v| v.len()),
        };
        drop(conn);
        let applied = applied.map_err(|e| StoreError::Migration(e.to_string()))?;
        if applied > 0 {
            self.write(crate::persons::backfill_name_keys)?;
        }
        Ok(applied)
    }

    /// Runs `f` without a transaction: for reads that need no consistent snapshot.
    pub fn read<T>(&self, f: impl FnOnce(&mut AnyConnection) -> StoreResult<T>) -> StoreResult<T> {
        let mut conn = self.conn()?;
        f(&mut conn)
    }

    /// Runs `f` in one write transaction: all of it commits, or none of it.
    /// On SQLite the transaction takes the write lock at its start (`BEGIN IMMEDIATE`), so two
    /// writers queue instead of failing halfway. Query functions never open transactions of
    /// their own; this is the only place that does.
    pub fn write<T>(&self, f: impl FnOnce(&mut AnyConnection) -> StoreResult<T>) -> StoreResult<T> {
        self.write_with(f)
    }

    /// As [`Store::write`], for a caller with its own error type: any `Err` the closure returns
    /// (a refused step found halfway) rolls the whole transaction back.
    pub fn write_with<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut AnyConnection) -> Result<T, E>,
    ) -> Result<T, E> {
        let _turn = match self.engine {
            Engine::Sqlite => Some(self.sqlite_writer.lock().unwrap_or_else(|e| e.into_inner())),
            Engine::Postgres => None,
        };
        let mut conn = self.conn()?;
        let begin = match self.engine {
            Engine::Sqlite => "BEGIN IMMEDIATE",
            Engine::Postgres => "BEGIN",
        };
        conn.batch_execute(begin).map_err(StoreError::from)?;
        let mut guard = Rollback { conn: Some(conn) };
        let c = guard.conn.as_mut().expect("connection present");
        let value = f(c)?;
        c.batch_execute("COMMIT").map_err(StoreError::from)?;
        guard.conn = None;
        Ok(value)
    }

    /// Whether the database answers.
    pub fn ping(&self) -> bool {
        self.read(|c| c.batch_execute("SELECT 1").map_err(Into::into)).is_ok()
    }

    /// Writes a consistent copy of the whole database to `path` while the application runs.
    /// SQLite: `VACUUM INTO` (a transactionally consistent snapshot file, itself a database).
    /// PostgreSQL: see the `regie backup` command, which uses `pg_dump` for this engine.
    pub fn backup_sqlite(&self, path: &str) -> StoreResult<()> {
        if self.engine != Engine::Sqlite {
            return Err(StoreError::Other("backup_sqlite on a PostgreSQL store".into()));
        }
        if std::path::Path::new(path).exists() {
            return Err(StoreError::Other(format!("{path} already exists")));
        }
        let escaped = path.replace('\'', "''");
        self.read(|c| c.batch_execute(&format!("VACUUM INTO '{escaped}'")).map_err(Into::into))
    }

    /// Runs raw statements. For tests and maintenance only; application queries live in the
    /// aggregate modules.
    pub fn execute_raw(&self, sql: &str) -> StoreResult<()> {
        self.read(|c| c.batch_execute(sql).map_err(Into::into))
    }
}

/// Rolls an open transaction back when the use case failed or panicked, so that a connection
/// never returns to the pool inside a transaction.
struct Rollback {
    conn: Option<PooledConn>,
}

impl Drop for Rollback {
    fn drop(&mut self) {
        if let Some(c) = self.conn.as_mut() {
            if c.batch_execute("ROLLBACK").is_err() {
                tracing::error!("rollback failed; the connection is dropped");
            }
        }
    }
}

fn parse_url(url: &str) -> (Engine, String) {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        (Engine::Postgres, url.to_string())
    } else {
        let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
        (Engine::Sqlite, path.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_chooses_the_engine() {
        assert_eq!(parse_url("postgres://x/y").0, Engine::Postgres);
        assert_eq!(parse_url("postgresql://x/y").0, Engine::Postgres);
        assert_eq!(parse_url("regie.db"), (Engine::Sqlite, "regie.db".into()));
        assert_eq!(parse_url("sqlite://data/regie.db"), (Engine::Sqlite, "data/regie.db".into()));
    }

    /// `.cargo/config.toml` builds the bundled SQLite with the query planner stability guarantee
    /// (a cached statement with `LIMIT ?` is otherwise planned anew at every execution), without
    /// allocation statistics (one process-wide mutex per allocation) and without a mutex per
    /// connection (taken at every call into SQLite). A build that lost those settings runs
    /// correctly but slower; this says so.
    #[test]
    fn sqlite_is_built_for_cached_statements() {
        let store = Store::open(":memory:").expect("open");
        let used = |option: &str| -> i32 {
            store
                .read(|c| {
                    let sql = format!("sqlite_compileoption_used('{option}')");
                    Ok(diesel::select(diesel::dsl::sql::<diesel::sql_types::Integer>(&sql)).get_result(c)?)
                })
                .expect("compile option")
        };
        assert_eq!(used("ENABLE_QPSG"), 1, "LIBSQLITE3_FLAGS of .cargo/config.toml were not applied");
        assert_eq!(used("DEFAULT_MEMSTATUS=0"), 1, "LIBSQLITE3_FLAGS of .cargo/config.toml were not applied");
        assert_eq!(used("THREADSAFE=2"), 1, "LIBSQLITE3_FLAGS of .cargo/config.toml were not applied");
    }
}
