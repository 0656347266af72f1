//! Pure rules and types of the civic integration domain (Wet inburgering 2021).
//!
//! This crate holds identifiers that validate on construction, the roles and what each may do,
//! dates that may be partly unknown, and the hash rule of the audit chain.
//! It must never do I/O: no database, no HTTP, no file system and no clock reads (time is
//! always passed in), so that every rule here can be tested exhaustively and quickly.

pub mod access;
pub mod audit;
pub mod ids;
pub mod inburgering;
pub mod ontzorging;
pub mod person;
pub mod tenancy;

pub use access::{Permission, Role};
pub use ids::{Bsn, CbsCode, Cents, Iban, Postcode, VNummer};
pub use person::{PartialDate, Regime, TargetGroup};

/// A value that failed validation, with a message fit to show a Dutch-speaking user.
/// The message never repeats the rejected value, so it is safe to log and to return in an API.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Invalid {
    pub message: &'static str,
}

impl Invalid {
    pub const fn new(message: &'static str) -> Self {
        Self { message }
    }
}
