//! Use cases of Regie. Every public function here is one thing a person or system does:
//! it takes the acting user, checks the policy, runs one transaction, writes the audit record
//! in it (or queues it, for reads) and returns domain values. The web pages, the JSON API, the
//! CLI and the worker all call these same functions, so each rule is enforced once.
//!
//! This crate must not know about HTTP, HTML or the terminal, and must not write SQL.

pub mod admin;
pub mod audit;
pub mod auth;
pub mod cases;
pub mod demo;
pub mod ontzorging;
pub mod persons;
pub mod policy;
pub mod synth;

mod clock;
mod error;

pub use clock::Clock;
pub use error::{FieldError, ServiceError, ServiceResult};
pub use policy::Actor;
pub use regie_domain::{Permission, Role};
pub use regie_store::{Engine, Store};

use std::sync::Arc;

/// Settings that change how the services behave. Every field has an environment variable in
/// the binary (`REGIE_*`).
#[derive(Clone, Debug)]
pub struct Config {
    /// Minutes of inactivity after which a browser session ends.
    pub session_idle_minutes: i64,
    /// Hours after login after which a browser session ends regardless of activity.
    pub session_absolute_hours: i64,
    /// Failed logins in a row after which an account is locked for `lockout_minutes`.
    pub lockout_threshold: i32,
    pub lockout_minutes: i64,
    /// Argon2id cost: memory in KiB and iterations. Production keeps the defaults; tests
    /// may lower them (the parameters are stored in each hash, so both verify).
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
    /// Smallest count shown in aggregate figures; smaller cells are suppressed.
    pub min_cell_size: i64,
    /// Name of the TOTP issuer shown in authenticator apps.
    pub totp_issuer: String,
    /// Transactions the read-audit writer tries for one batch before it gives the batch up
    /// (logged, and counted in `regie_audit_records_lost`).
    pub audit_write_attempts: u32,
    /// How long a read waits for room in a full read-audit queue before it is refused (503;
    /// counted in `regie_audit_reads_refused`).
    pub audit_wait_limit: std::time::Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            session_idle_minutes: 30,
            session_absolute_hours: 10,
            lockout_threshold: 5,
            lockout_minutes: 15,
            argon2_memory_kib: 19 * 1024,
            argon2_iterations: 2,
            min_cell_size: 5,
            totp_issuer: "Regie".into(),
            audit_write_attempts: 50,
            audit_wait_limit: std::time::Duration::from_secs(10),
        }
    }
}

/// Everything a use case needs: the database, the clock, the configuration, the installation
/// secret and the background audit writer. Cheap to clone (one shared pointer): every request
/// holds a copy.
#[derive(Clone)]
pub struct Services(Arc<Inner>);

pub struct Inner {
    pub store: Store,
    pub clock: Clock,
    pub config: Config,
    /// The dated rules of the chain (DOMAIN.md §4–5); a stored set under the setting
    /// `inburgering_rules` (JSON) overrides the defaults parameter by parameter.
    pub rules: regie_domain::inburgering::RuleSet,
    secret: Vec<u8>,
    audit: audit::AuditWriter,
    throttle: auth::Throttle,
    tokens: auth::TokenCache,
    sessions: auth::SessionCache,
    hashing: auth::HashingPool,
}

impl std::ops::Deref for Services {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl Services {
    /// Opens the services over a migrated store and starts the background audit writer.
    pub fn start(store: Store, config: Config, clock: Clock) -> ServiceResult<Services> {
        let secret = auth::installation_secret(&store)?;
        let rules = cases::load_rules(&store)?;
        let audit = audit::AuditWriter::start(store.clone(), config.audit_write_attempts, config.audit_wait_limit);
        Ok(Services(Arc::new(Inner {
            store,
            clock,
            config,
            rules,
            secret,
            audit,
            throttle: auth::Throttle::default(),
            tokens: auth::TokenCache::default(),
            sessions: auth::SessionCache::default(),
            hashing: auth::HashingPool::default(),
        })))
    }

    /// Waits until every queued audit record is in the database.
    pub fn flush_audit(&self) {
        self.audit.flush();
    }

    /// Read-audit records queued and not yet in the database (see [`audit::AuditWriter::backlog`]).
    pub fn audit_backlog(&self) -> usize {
        self.audit.backlog()
    }

    /// Read-audit records given up since the start (see [`audit::AuditWriter::lost`]).
    pub fn audit_records_lost(&self) -> usize {
        self.audit.lost()
    }

    /// Reads refused because their audit record could not be queued (see [`audit::AuditWriter::queue`]).
    pub fn audit_reads_refused(&self) -> usize {
        self.audit.refused()
    }

    /// The persons named by those records (see [`audit::AuditWriter::backlog_persons`]).
    pub fn audit_backlog_persons(&self) -> usize {
        self.audit.backlog_persons()
    }

    /// As [`Services::flush_audit`], waiting at most `limit`; whether every queued record was written.
    pub fn flush_audit_within(&self, limit: std::time::Duration) -> bool {
        self.audit.flush_within(limit)
    }

    pub fn secret(&self) -> &[u8] {
        &self.secret
    }

    pub(crate) fn throttle(&self) -> &auth::Throttle {
        &self.throttle
    }

    pub(crate) fn token_cache(&self) -> &auth::TokenCache {
        &self.tokens
    }

    pub(crate) fn session_cache(&self) -> &auth::SessionCache {
        &self.sessions
    }

    /// Forgets every resolved credential, so that a change of access made by this process
    /// (an account disabled, a role taken away, a token revoked) holds from the next request.
    pub fn access_changed(&self) {
        self.tokens.clear();
        self.sessions.clear();
    }

    pub(crate) fn hashing(&self) -> &auth::HashingPool {
        &self.hashing
    }
}
