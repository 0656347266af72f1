//! Staff screens (Dutch). One module per area; each handler extracts, calls one service
//! function and renders.

pub mod admin;
pub mod audit;
pub mod auth;
pub mod home;
pub mod persons;

use std::collections::HashMap;

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
