//! The JSON API under `/api/v1` (NL API Design Rules): camelCase JSON, problem+json errors,
//! page/pageSize pagination with links, ETags on single resources, an `API-Version` header on
//! every response and the OpenAPI document at `/api/v1/openapi.json`.

pub mod cases;
pub mod dossier;
pub mod ontzorging;
pub mod openapi;
pub mod openapi_cases;
pub mod openapi_ontzorging;
pub mod persons;
pub mod progress;

/// The full version of the API, returned in the `API-Version` header and the OpenAPI document.
pub const API_VERSION: &str = "1.0.0";
