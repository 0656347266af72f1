//! The authorisation matrix: every route of the router, for every role and for an anonymous
//! visitor. A route without an entry here fails the test, so no route can be added without
//! deciding who may use it.

mod common;

use axum::http::{Method, StatusCode};
use common::{TestApp, TestResponse};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Served (2xx, a redirect that is not to the login, or a 422 for the empty test input).
    Ok,
    /// Must log in first (redirect to /inloggen, or 401 for the API).
    Login,
    Forbidden,
    NotFound,
    Unexpected(u16),
}

const USERS: &[&str] = &[
    "anon",
    "klantmanager",
    "klantmanager.heiloo",
    "teamleider",
    "coa",
    "financien",
    "beleid",
    "helpdesk",
    "beheerder",
    "auditor",
    "inburgeraar",
];

const PERSON_ROLES: &[&str] = &["klantmanager", "klantmanager.heiloo", "teamleider", "coa"];

fn classify(r: &TestResponse) -> Outcome {
    match r.status {
        StatusCode::UNAUTHORIZED => Outcome::Login,
        StatusCode::FORBIDDEN => Outcome::Forbidden,
        StatusCode::NOT_FOUND => Outcome::NotFound,
        StatusCode::SEE_OTHER if r.location().starts_with("/inloggen") && !r.location().starts_with("/inloggen/") => {
            Outcome::Login
        }
        s if s.is_success() || s.is_redirection() || s == StatusCode::UNPROCESSABLE_ENTITY => Outcome::Ok,
        s => Outcome::Unexpected(s.as_u16()),
    }
}

/// Who may use which route. `alkmaar` marks requests about a person of Alkmaar.
fn expected(method: &Method, path: &str, user: &str) -> Outcome {
    use Outcome::*;
    let anon = user == "anon";
    let only = |allowed: &[&str], denied: Outcome| {
        if anon {
            Login
        } else if allowed.contains(&user) {
            Ok
        } else {
            denied
        }
    };
    match (method.as_str(), path) {
        ("GET", "/healthz" | "/readyz" | "/metrics" | "/static/regie.css" | "/inloggen" | "/api/v1/openapi.json") => Ok,
        ("POST", "/inloggen") => Ok,
        // Logging out sends everyone to the login page.
        ("POST", "/uitloggen") => Login,
        ("GET" | "POST", "/inloggen/instellen" | "/inloggen/code") | ("GET", "/") => {
            if anon {
                Login
            } else {
                Ok
            }
        }
        ("GET" | "POST", "/personen") | ("GET", "/personen/nieuw") | ("POST", "/personen/zoeken") => {
            only(PERSON_ROLES, Forbidden)
        }
        ("GET", "/personen/{id}") => {
            if PERSON_ROLES.contains(&user) && user != "klantmanager.heiloo" {
                Ok
            } else if user == "klantmanager.heiloo" {
                NotFound
            } else {
                only(&[], Forbidden)
            }
        }
        (
            "GET",
            "/beheer"
            | "/beheer/gebruikers"
            | "/beheer/organisaties"
            | "/beheer/gemeenten"
            | "/beheer/mandaten"
            | "/beheer/tokens",
        )
        | (
            "POST",
            "/beheer/gebruikers"
            | "/beheer/organisaties"
            | "/beheer/gemeenten/herindeling"
            | "/beheer/mandaten"
            | "/beheer/tokens",
        ) => only(&["beheerder"], Forbidden),
        (
            "POST",
            "/beheer/gebruikers/{id}/blokkeren"
            | "/beheer/gebruikers/{id}/deblokkeren"
            | "/beheer/gebruikers/{id}/tweestap-herstellen"
            | "/beheer/gebruikers/{id}/rollen"
            | "/beheer/gebruikers/{id}/rollen/intrekken"
            | "/beheer/mandaten/{id}/beeindigen"
            | "/beheer/tokens/{id}/intrekken",
        ) => {
            // The test addresses an id that does not exist.
            if user == "beheerder" {
                NotFound
            } else {
                only(&[], Forbidden)
            }
        }
        ("GET", "/audit" | "/audit/export.csv") => only(&["auditor"], Forbidden),
        ("GET" | "POST", "/api/v1/persons") => only(PERSON_ROLES, Forbidden),
        ("GET", "/api/v1/persons/{id}") => {
            if user == "klantmanager.heiloo" {
                NotFound
            } else {
                only(PERSON_ROLES, Forbidden)
            }
        }
        _ => panic!("route {method} {path} has no entry in the authorisation matrix"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_for_every_role() {
    let app = TestApp::new();
    let alkmaar = app.person_ids_in("GM0361")[0].clone();
    let routes = regie_web::routes::route_list();
    assert!(routes.len() > 30, "the registry lists the routes");
    let mut failures = Vec::new();
    let mut vnummer = 9_000_000_000u64;
    for user in USERS {
        let mut client = if *user == "anon" { app.client() } else { app.login(user).await };
        // Logging out ends the session; test it last.
        let mut ordered: Vec<_> = routes.iter().filter(|r| r.path != "/uitloggen").collect();
        ordered.extend(routes.iter().filter(|r| r.path == "/uitloggen"));
        for route in ordered {
            let path = route.path.replace("{id}", if route.path.starts_with("/beheer") { "999999" } else { &alkmaar });
            let r = match (route.method.as_str(), route.path) {
                ("GET", _) => client.get(&path).await,
                ("POST", p) if p.starts_with("/api/") => {
                    vnummer += 1;
                    let body = serde_json::json!({
                        "familyName": "Matrix", "birthYear": 1990, "birthMonth": 1, "birthDay": 1, "vNummer": vnummer.to_string(),
                        "nationality": "Syrische", "targetGroup": "asielstatushouder",
                        "municipalityCode": if *user == "klantmanager.heiloo" { "GM0399" } else { "GM0361" }
                    });
                    client.post_json(&path, &body).await
                }
                ("POST", _) => {
                    client
                        .post_form(&path, &[("tot", "01-01-2030"), ("rol", "klantmanager"), ("gemeente", "GM0361")])
                        .await
                }
                (m, p) => panic!("no request for {m} {p}"),
            };
            let want = expected(&route.method, route.path, user);
            let got = classify(&r);
            if got != want {
                failures.push(format!(
                    "{user}: {} {} -> {:?} (status {}), expected {want:?}",
                    route.method, route.path, got, r.status
                ));
            }
        }
    }
    assert!(failures.is_empty(), "authorisation matrix violations:\n{}", failures.join("\n"));
}

#[test]
fn an_unknown_route_has_no_entry() {
    let r = std::panic::catch_unwind(|| expected(&Method::GET, "/nieuw-en-vergeten", "beheerder"));
    assert!(r.is_err(), "a route missing from the matrix must fail the test");
}
