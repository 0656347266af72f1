//! What can go wrong in a use case, in terms a caller can act on. Messages are Dutch and
//! never contain personal data; internal detail is logged, not returned.

use regie_domain::Invalid;
use regie_store::StoreError;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        FieldError { field: field.to_string(), message: message.into() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// No such thing, or not within the caller's scope (the two look the same on purpose).
    #[error("niet gevonden")]
    NotFound,
    /// The caller's role does not allow this use case at all.
    #[error("geen toegang")]
    Forbidden,
    #[error("niet ingelogd")]
    Unauthenticated,
    /// Bad input; nothing was changed.
    #[error("ongeldige invoer")]
    Invalid(Vec<FieldError>),
    /// The request conflicts with the current state (a duplicate, a closed period).
    #[error("{0}")]
    Conflict(String),
    /// The caller's copy is stale (If-Match did not match).
    #[error("gewijzigd door een ander")]
    PreconditionFailed,
    #[error("te veel pogingen")]
    TooManyAttempts,
    /// A read of personal data that the audit trail could not take in time (the database far
    /// behind or unreachable, or the audit writer stopped). Nothing was shown: a read is never
    /// served without its audit record queued.
    #[error("verwerkingenlog niet beschikbaar")]
    AuditUnavailable,
    #[error("interne fout: {0}")]
    Internal(String),
}

pub type ServiceResult<T> = Result<T, ServiceError>;

impl ServiceError {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        ServiceError::Invalid(vec![FieldError::new(field, message)])
    }
    pub fn from_invalid(field: &str, e: Invalid) -> Self {
        Self::field(field, e.message)
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        if e.is_not_found() {
            return ServiceError::NotFound;
        }
        ServiceError::Internal(e.to_string())
    }
}

/// Collects field errors so that a form reports every problem at once.
#[derive(Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn check<T>(&mut self, field: &str, r: Result<T, Invalid>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(FieldError::new(field, e.message));
                None
            }
        }
    }
    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }
    pub fn into_result(self) -> ServiceResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ServiceError::Invalid(self.0))
        }
    }
}
