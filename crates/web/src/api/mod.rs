//! The JSON API under `/api/v1` (NL API Design Rules): camelCase JSON, problem+json errors,
//! page/pageSize pagination with links, ETags on single resources, an `API-Version` header on
//! every response and the OpenAPI document at `/api/v1/openapi.json`.

pub mod cases;
pub mod dossier;
pub mod names;
pub mod ontzorging;
pub mod openapi;
pub mod openapi_cases;
pub mod openapi_ontzorging;
pub mod persons;
pub mod progress;

/// The full version of the API, returned in the `API-Version` header and the OpenAPI document.
pub const API_VERSION: &str = "1.0.0";

/// The record version an `If-Match` header names (`"v3"`, also weak), `None` without the header
/// or for `*`. An empty header is a malformed request (400); a tag that is not one of ours can
/// never match: 412.
pub(crate) fn if_match(headers: &axum::http::HeaderMap) -> Result<Option<i32>, crate::AppError> {
    use regie_service::{FieldError, ServiceError};
    let Some(raw) = headers.get(axum::http::header::IF_MATCH) else { return Ok(None) };
    let raw = raw.to_str().unwrap_or_default().trim();
    if raw == "*" {
        return Ok(None);
    }
    if raw.is_empty() {
        return Err(crate::AppError::Service(ServiceError::Invalid(vec![FieldError::new(
            "If-Match",
            "If-Match is leeg. Stuur de ETag mee die u bij het ophalen kreeg, zoals \"v3\", of laat de header weg.",
        )]))
        .api());
    }
    raw.trim_start_matches("W/")
        .trim_matches('"')
        .strip_prefix('v')
        .and_then(|v| v.parse::<i32>().ok())
        .map(Some)
        .ok_or(crate::AppError::Service(ServiceError::PreconditionFailed).api())
}

/// The `ETag` of a record at `version`, as [`if_match`] reads it back.
pub(crate) fn etag(version: i32) -> (axum::http::HeaderName, String) {
    (axum::http::header::ETAG, format!("\"v{version}\""))
}
