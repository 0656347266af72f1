//! Staff screens (Dutch). One module per area; each handler extracts, calls one service
//! function and renders.

pub mod admin;
pub mod audit;
pub mod auth;
pub mod dossier;
pub mod dossier_parts;
pub mod home;
pub mod hour_import;
pub mod intake;
pub mod koppeling;
pub mod ontzorging;
pub mod ontzorging_admin;
pub mod payment_runs;
pub mod persons;
pub mod pip;
pub mod progress;
pub mod route;
pub mod worklist;

use crate::view::FormState;
use crate::AppError;
use axum::response::{IntoResponse, Redirect, Response};
use regie_service::ServiceError;
use std::collections::HashMap;
use std::future::Future;

/// What a form submission leads to: `done` when the service accepted it; the same page again,
/// with the submitted values and every mistake, when it refused the input; an error page
/// otherwise.
pub async fn form_outcome<T, Fut>(
    result: Result<T, ServiceError>,
    pairs: &[(String, String)],
    done: impl FnOnce(T) -> Result<Response, AppError>,
    again: impl FnOnce(FormState) -> Fut,
) -> Result<Response, AppError>
where
    Fut: Future<Output = Result<Response, AppError>>,
{
    match result {
        Ok(v) => done(v),
        Err(ServiceError::Invalid(fields)) => again(FormState::with_errors(values(pairs), fields)).await,
        Err(e) => Err(e.into()),
    }
}

/// A 303 to `to`, after a successful form post.
pub fn see_other(to: &str) -> Result<Response, AppError> {
    Ok(Redirect::to(to).into_response())
}

/// Form values as submitted, for showing a form again after a mistake (never passwords).
pub fn values(pairs: &[(String, String)]) -> HashMap<String, String> {
    pairs.iter().filter(|(k, _)| k != "csrf" && k != "wachtwoord").map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// The first value of a field in a submitted form.
pub fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

/// Every value of a repeated field (checkboxes).
pub fn all(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
}

/// What a case step came to, for handlers that show the same page again both for bad input
/// (422, the values kept) and for a step the case's state refuses (409, the Dutch reason shown
/// prominently).
pub enum Step<T> {
    Done(T),
    Invalid(FormState),
    Refused(String),
}

impl<T> Step<T> {
    pub fn of(result: Result<T, ServiceError>, pairs: &[(String, String)]) -> Result<Step<T>, AppError> {
        match result {
            Ok(v) => Ok(Step::Done(v)),
            Err(ServiceError::Invalid(fields)) => Ok(Step::Invalid(FormState::with_errors(values(pairs), fields))),
            Err(ServiceError::Conflict(message)) => Ok(Step::Refused(message)),
            Err(e) => Err(e.into()),
        }
    }
}

/// A form field that was left empty is `None`; anything else is passed on as typed.
pub fn opt(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).filter(|v| !v.trim().is_empty())
}

/// Whether a checkbox was ticked.
pub fn ticked(pairs: &[(String, String)], name: &str) -> bool {
    pairs.iter().any(|(k, _)| k == name)
}
