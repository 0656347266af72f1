//! The only place that speaks SQL.
//!
//! One Diesel code base serves SQLite (the embedded default) and PostgreSQL (production),
//! through the `AnyConnection` multi-connection. Queries are grouped by aggregate in the
//! modules below; each takes a connection handed out by [`Store::read`] or [`Store::write`].
//! Nothing here decides who may see what: callers pass the scope they were given by the
//! service layer's policy, and every query of personal data filters on it.

pub mod audit;
pub mod cases;
pub mod dossier;
pub mod names;
pub mod ontzorging;
pub mod persons;
pub mod progress;
pub mod schema;
pub mod settings;
pub mod tenancy;
pub mod users;

mod pool;

pub use pool::{Engine, Store};

use diesel::prelude::*;

#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// Inserts many rows with the same Diesel expression on either engine. `MultiBackend` has no
/// batch insert; PostgreSQL gets one multi-row statement, SQLite one prepared statement per
/// row (Diesel's SQLite batch insert would open a nested transaction, and per-row inserts
/// inside the caller's transaction are just as fast there).
macro_rules! insert_batch {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            $crate::AnyConnection::Postgresql(c) => diesel::insert_into($table).values($rows).execute(c),
            $crate::AnyConnection::Sqlite(c) => {
                let mut n = 0;
                let mut result = Ok(0);
                for row in $rows.iter() {
                    match diesel::insert_into($table).values(row).execute(c) {
                        Ok(k) => n += k,
                        Err(e) => {
                            result = Err(e);
                            break;
                        }
                    }
                }
                result.map(|_: usize| n)
            }
        }
    };
}
pub(crate) use insert_batch;

/// Inserts many rows as fast as each engine allows: PostgreSQL's binary `COPY FROM` (one
/// round trip for all rows), SQLite one prepared statement per row (see [`insert_batch!`]).
/// The rows' `Insertable` must write `NULL` for `None` (`treat_none_as_default_value = false`),
/// as `COPY` has no defaults.
macro_rules! copy_batch {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            $crate::AnyConnection::Postgresql(c) => diesel::copy_from($table).from_insertable($rows).execute(c),
            sqlite @ $crate::AnyConnection::Sqlite(_) => $crate::insert_batch!(sqlite, $table, $rows),
        }
    };
}
pub(crate) use copy_batch;

/// Runs the same Diesel expression on the concrete connection. Statements run through the
/// multi-connection are prepared anew on every call; on the concrete connection Diesel keeps
/// them prepared, which matters on hot paths (reading a person, resolving a session).
macro_rules! on_engine {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::AnyConnection::Postgresql($c) => $body,
            $crate::AnyConnection::Sqlite($c) => $body,
        }
    };
}
pub(crate) use on_engine;

/// Leaves the database as a whole after a bulk load (a seed), so that the next command does not
/// pay for it: fresh planner statistics; on PostgreSQL also a `VACUUM`, which marks the freshly
/// written pages all-visible, so that reads answered from an index alone (the name search's key
/// table) need not visit the table until autovacuum would have come by; on SQLite the
/// write-ahead log folded back into the database file (hundreds of megabytes after a large
/// seed, which the next write would otherwise have to copy at its commit).
pub fn after_bulk_load(conn: &mut Conn) -> StoreResult<()> {
    use diesel::connection::SimpleConnection;
    match conn {
        crate::AnyConnection::Sqlite(c) => c.batch_execute("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)")?,
        crate::AnyConnection::Postgresql(c) => c.batch_execute("VACUUM ANALYZE")?,
    }
    Ok(())
}

/// The connection type every query function takes.
pub type Conn = AnyConnection;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("could not connect to the database: {0}")]
    Connect(String),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("{0}")]
    Other(String),
}

impl StoreError {
    /// True when a unique constraint refused the write (a duplicate).
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            StoreError::Query(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _
            ))
        )
    }
    pub fn is_not_found(&self) -> bool {
        matches!(self, StoreError::Query(diesel::result::Error::NotFound))
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// One page of a list, fetched with one row more than asked so the caller knows whether
/// a next page exists without counting the whole table.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_next: bool,
}

impl<T> Page<T> {
    pub fn from_overfetch(mut rows: Vec<T>, page_size: i64) -> Self {
        let has_next = rows.len() as i64 > page_size;
        rows.truncate(page_size as usize);
        Page { items: rows, has_next }
    }
}

pub mod testdb;
