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

/// `{ "href": ... }`, one link of a list page.
#[derive(serde::Serialize)]
pub(crate) struct Href {
    href: String,
}

/// The links of one page of a list: `self`, and `prev` and `next` where those pages exist.
#[derive(serde::Serialize)]
pub(crate) struct PageLinks {
    #[serde(rename = "self")]
    this: Href,
    #[serde(skip_serializing_if = "Option::is_none")]
    prev: Option<Href>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<Href>,
}

impl PageLinks {
    /// `href` gives the address of a page by its number.
    pub(crate) fn new(page: i64, has_next: bool, href: impl Fn(i64) -> String) -> PageLinks {
        PageLinks {
            this: Href { href: href(page) },
            prev: (page > 1).then(|| Href { href: href(page - 1) }),
            next: has_next.then(|| Href { href: href(page + 1) }),
        }
    }
}

/// `{ "items": [...] }`. Lists are serialised from their own types straight into the body, not
/// through `serde_json::Value`: a page of persons would otherwise be built as a tree of maps
/// first, which cost a fifth of the server's processor time in the JSON list benchmark.
#[derive(serde::Serialize)]
pub(crate) struct Items<T> {
    pub items: Vec<T>,
}
