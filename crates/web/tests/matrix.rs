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
/// Who works with ontzorging plans (finance sees plans, but no health data).
const ONTZORGING_ROLES: &[&str] = &["klantmanager", "klantmanager.heiloo", "teamleider", "financien"];

fn classify(r: &TestResponse) -> Outcome {
    match r.status {
        StatusCode::UNAUTHORIZED => Outcome::Login,
        StatusCode::FORBIDDEN => Outcome::Forbidden,
        StatusCode::NOT_FOUND => Outcome::NotFound,
        StatusCode::SEE_OTHER if r.location().starts_with("/inloggen") && !r.location().starts_with("/inloggen/") => {
            Outcome::Login
        }
        // 422: the test's empty input was refused; 409: the case's state refused the step.
        // Either way the caller got through authorisation and scope.
        s if s.is_success()
            || s.is_redirection()
            || s == StatusCode::UNPROCESSABLE_ENTITY
            || s == StatusCode::CONFLICT =>
        {
            Outcome::Ok
        }
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
        // The hour import is a dry run naming the Alkmaar person in the AZC; for the Heiloo case
        // worker that person is unknown: a row error (400) after authorisation and scope.
        ("POST", "/api/v1/hour-report-imports") => {
            if user == "klantmanager.heiloo" {
                Unexpected(400)
            } else {
                only(PERSON_ROLES, Forbidden)
            }
        }
        ("POST", "/api/v1/persons/_zoek" | "/api/v1/koppelingen") | ("GET", "/api/v1/worklist") => {
            only(PERSON_ROLES, Forbidden)
        }
        // Reads and intake steps on an Alkmaar person in the AZC: COA may, Heiloo finds nothing.
        (
            "GET",
            "/api/v1/persons/{id}"
            | "/api/v1/persons/{id}/pips"
            | "/api/v1/persons/{id}/duplicates"
            | "/api/v1/persons/{id}/household",
        )
        | ("POST", "/api/v1/duo-signals" | "/api/v1/persons/{id}/intake" | "/api/v1/persons/{id}/intake/completion") => {
            if user == "klantmanager.heiloo" {
                NotFound
            } else {
                only(PERSON_ROLES, Forbidden)
            }
        }
        // The dossier's documents, consents, referrals and progress record (valid bodies).
        (
            "GET" | "POST",
            "/api/v1/persons/{id}/documents"
            | "/api/v1/persons/{id}/consents"
            | "/api/v1/persons/{id}/names"
            | "/api/v1/persons/{id}/nareizigers"
            | "/api/v1/persons/{id}/referrals"
            | "/api/v1/persons/{id}/exam-attempts"
            | "/api/v1/persons/{id}/hour-reports"
            | "/api/v1/persons/{id}/participations"
            | "/api/v1/persons/{id}/interim-tests"
            | "/api/v1/persons/{id}/map-final-interview"
            | "/api/v1/persons/{id}/pvt-signing",
        ) => {
            if user == "klantmanager.heiloo" {
                NotFound
            } else {
                only(PERSON_ROLES, Forbidden)
            }
        }
        // A document, consent or referral that does not exist.
        ("GET", "/api/v1/persons/{id}/documents/{documentId}")
        | (
            "POST",
            "/api/v1/persons/{id}/documents/{documentId}/withdrawal"
            | "/api/v1/persons/{id}/consents/{consentId}/withdrawal"
            | "/api/v1/persons/{id}/names/{nameId}/withdrawal"
            | "/api/v1/persons/{id}/hour-reports/{reportId}/withdrawal"
            | "/api/v1/persons/{id}/participations/{participationId}/withdrawal"
            | "/api/v1/persons/{id}/nareizigers/{nareizigerId}/status"
            | "/api/v1/persons/{id}/nareizigers/{nareizigerId}/person"
            | "/api/v1/persons/{id}/referrals/{referralId}/outcome",
        ) => {
            if PERSON_ROLES.contains(&user) {
                NotFound
            } else {
                only(&[], Forbidden)
            }
        }
        // Case decisions: case workers and team leads only.
        ("GET", "/api/v1/persons/{id}/route-advice")
        | ("POST", "/api/v1/persons/{id}/route-decisions" | "/api/v1/persons/{id}/pips") => {
            if user == "klantmanager.heiloo" {
                NotFound
            } else {
                only(&["klantmanager", "teamleider"], Forbidden)
            }
        }
        // The Alkmaar case worker as case worker of the Alkmaar person: the team lead assigns,
        // the case worker takes the person or already has them; COA may not assign at all.
        ("PUT", "/api/v1/persons/{id}/case-worker") => {
            if user == "klantmanager.heiloo" {
                NotFound
            } else {
                only(&["klantmanager", "teamleider"], Forbidden)
            }
        }
        // The duplicate named in the request does not exist.
        ("POST", "/api/v1/persons/{id}/merges") => {
            if ["klantmanager", "klantmanager.heiloo", "teamleider"].contains(&user) {
                NotFound
            } else {
                only(&[], Forbidden)
            }
        }
        // An established PIP of a housed Alkmaar person: out of COA's reach.
        ("GET", "/api/v1/pips/{id}" | "/api/v1/pips/{id}/document") => {
            if user == "klantmanager.heiloo" || user == "coa" {
                NotFound
            } else {
                only(&["klantmanager", "teamleider"], Forbidden)
            }
        }
        ("POST", "/api/v1/pips/{id}/submission") => {
            if user == "klantmanager.heiloo" {
                NotFound
            } else {
                only(&["klantmanager", "teamleider"], Forbidden)
            }
        }
        ("POST", "/api/v1/pips/{id}/establishment") => only(&["teamleider"], Forbidden),
        // Case management screens. `/personen/{id}/...` addresses an Alkmaar person still in
        // the AZC (so the COA case manager reaches them); `/pips/{id}` an established PIP of a
        // housed Alkmaar person (out of COA's reach). Writes check the role first; a Heiloo case
        // worker then gets "not found" (also where the test's empty input is refused first: the
        // page shown again with the mistakes is out of their scope).
        ("GET", "/werkvoorraad") => only(PERSON_ROLES, Forbidden),
        ("GET", "/werkvoorraad/team") => only(&["teamleider"], Forbidden),
        ("GET", "/koppelingen/nieuw" | "/koppelingen/import" | "/urenopgaven/import")
        | ("POST", "/koppelingen/nieuw" | "/koppelingen/import" | "/urenopgaven/import") => {
            only(PERSON_ROLES, Forbidden)
        }
        ("GET", "/personen/{id}/intake" | "/personen/{id}/pip")
        | (
            "POST",
            "/personen/{id}/gegevens"
            | "/personen/{id}/notities"
            | "/personen/{id}/intake"
            | "/personen/{id}/intake/afronden",
        ) => {
            if user == "klantmanager.heiloo" {
                NotFound
            } else {
                only(PERSON_ROLES, Forbidden)
            }
        }
        ("GET", "/personen/{id}/route")
        | (
            "POST",
            "/personen/{id}/klantmanager"
            | "/personen/{id}/pip"
            | "/personen/{id}/verlengingen"
            | "/personen/{id}/intrekken"
            | "/personen/{id}/afronden"
            | "/personen/{id}/route"
            | "/pips/{id}"
            | "/pips/{id}/indienen"
            | "/pips/{id}/vervallen"
            | "/pips/{id}/bezwaar",
        ) => {
            if user == "klantmanager.heiloo" {
                NotFound
            } else {
                only(&["klantmanager", "teamleider"], Forbidden)
            }
        }
        // A duplicate that does not exist: the case worker and team lead find nothing to
        // compare or merge (a merge without reason is refused first, then the page shown again
        // with the mistake finds no such pair).
        ("GET" | "POST", "/personen/{id}/dubbel/{other}") => {
            if ["klantmanager", "klantmanager.heiloo", "teamleider"].contains(&user) {
                NotFound
            } else {
                only(&[], Forbidden)
            }
        }
        // Documents, consents, referrals, exam results and hours of an Alkmaar person in the AZC: whoever works with
        // the person; the empty test input is refused (422), the Heiloo case worker finds nothing.
        (
            "POST",
            "/personen/{id}/documenten"
            | "/personen/{id}/documenten/{doc}/intrekken"
            | "/personen/{id}/toestemmingen"
            | "/personen/{id}/toestemmingen/{consent}/intrekken"
            | "/personen/{id}/namen"
            | "/personen/{id}/nareizigers"
            | "/personen/{id}/nareizigers/{nareiziger}/stand"
            | "/personen/{id}/nareizigers/{nareiziger}/dossier"
            | "/personen/{id}/verwijzingen"
            | "/personen/{id}/verwijzingen/{referral}/uitkomst"
            | "/personen/{id}/examens"
            | "/personen/{id}/uren"
            | "/personen/{id}/uren/{report}/intrekken"
            | "/personen/{id}/participatie"
            | "/personen/{id}/participatie/{row}/intrekken"
            | "/personen/{id}/tussentoetsen"
            | "/personen/{id}/eindgesprek-map"
            | "/personen/{id}/participatieverklaring",
        ) => {
            if user == "klantmanager.heiloo" {
                NotFound
            } else {
                only(PERSON_ROLES, Forbidden)
            }
        }
        // A document, or a spelling of the name, that does not exist.
        ("GET", "/personen/{id}/documenten/{doc}") | ("POST", "/personen/{id}/namen/{name}/intrekken") => {
            if PERSON_ROLES.contains(&user) {
                NotFound
            } else {
                only(&[], Forbidden)
            }
        }
        ("GET", "/pips/{id}") => {
            if user == "klantmanager.heiloo" || user == "coa" {
                NotFound
            } else {
                only(&["klantmanager", "teamleider"], Forbidden)
            }
        }
        (
            "POST",
            "/pips/{id}/terugzetten" | "/pips/{id}/vaststellen" | "/pips/{id}/bezwaar/{objection_id}/beslissen",
        ) => only(&["teamleider"], Forbidden),
        // ontzorging screens (begin)
        // Ontzorging screens. `/ontzorging/{id}` is an active plan of an Alkmaar household;
        // `/betaalruns/{id}` the demo's draft run of `financien`. Writes check the role first; a
        // Heiloo case worker then finds no such plan (also where the empty test input is refused
        // first: the plan page shown again with the mistakes is out of their scope).
        ("GET", "/ontzorging" | "/ontzorging/nieuw") | ("POST", "/ontzorging/nieuw") => {
            only(ONTZORGING_ROLES, Forbidden)
        }
        ("GET", "/ontzorging/{id}")
        | (
            "POST",
            "/ontzorging/{id}/gegevens"
            | "/ontzorging/{id}/machtiging"
            | "/ontzorging/{id}/activeren"
            | "/ontzorging/{id}/vaste-lasten"
            | "/ontzorging/{id}/vaste-lasten/{cost}/beeindigen"
            | "/ontzorging/{id}/volgorde"
            | "/ontzorging/{id}/overdracht"
            | "/ontzorging/{id}/stoppen"
            | "/ontzorging/{id}/afsluiten",
        ) => {
            if user == "klantmanager.heiloo" {
                NotFound
            } else {
                only(ONTZORGING_ROLES, Forbidden)
            }
        }
        // A document or a cost that does not exist on the plan.
        ("GET", "/ontzorging/{id}/documenten/{doc}") | ("POST", "/ontzorging/{id}/vaste-lasten/{cost}/wijzigen") => {
            if ONTZORGING_ROLES.contains(&user) {
                NotFound
            } else {
                only(&[], Forbidden)
            }
        }
        // Payment runs and their report: finance only. Approving its own draft is refused (409),
        // the SEPA file of a draft does not exist yet (409), the empty test input is refused (422).
        (
            "GET",
            "/betaalruns"
            | "/betaalruns/{id}"
            | "/betaalruns/{id}/sepa.xml"
            | "/ontzorging/rapportage"
            | "/ontzorging/rapportage.csv"
            | "/ontzorging/rapportage.xlsx",
        )
        | (
            "POST",
            "/betaalruns"
            | "/betaalruns/{id}/goedkeuren"
            | "/betaalruns/{id}/afwijzen"
            | "/betaalruns/{id}/regels/{line}/storno",
        ) => only(&["financien"], Forbidden),
        // The settings: read by everyone who works with ontzorging, changed by the administrator.
        ("GET", "/beheer/ontzorging") => {
            only(&["klantmanager", "klantmanager.heiloo", "teamleider", "financien", "beheerder"], Forbidden)
        }
        (
            "POST",
            "/beheer/ontzorging/normen" | "/beheer/ontzorging/kostensoorten" | "/beheer/ontzorging/rekeningen",
        ) => only(&["beheerder"], Forbidden),
        // A cost type that does not exist.
        ("POST", "/beheer/ontzorging/kostensoorten/{code}/actief") => {
            if user == "beheerder" {
                NotFound
            } else {
                only(&[], Forbidden)
            }
        }
        // ontzorging screens (end)
        // Ontzorging API. `{id}` is an active plan of an Alkmaar household, or the demo's run
        // waiting for approval (drafted by `financien`, so approving it is refused: 409).
        ("GET", "/api/v1/ontzorging-plans") => only(ONTZORGING_ROLES, Forbidden),
        // The person named in the request does not exist.
        ("POST", "/api/v1/ontzorging-plans") => {
            if ONTZORGING_ROLES.contains(&user) {
                NotFound
            } else {
                only(&[], Forbidden)
            }
        }
        ("GET", "/api/v1/ontzorging-plans/{id}")
        | (
            "POST",
            "/api/v1/ontzorging-plans/{id}/costs"
            | "/api/v1/ontzorging-plans/{id}/machtiging"
            | "/api/v1/ontzorging-plans/{id}/activation"
            | "/api/v1/ontzorging-plans/{id}/priority-order"
            | "/api/v1/ontzorging-plans/{id}/details"
            | "/api/v1/ontzorging-plans/{id}/costs/{costId}/changes"
            | "/api/v1/ontzorging-plans/{id}/costs/{costId}/termination"
            | "/api/v1/ontzorging-plans/{id}/handover"
            | "/api/v1/ontzorging-plans/{id}/termination"
            | "/api/v1/ontzorging-plans/{id}/closure",
        ) => {
            if user == "klantmanager.heiloo" {
                NotFound
            } else {
                only(ONTZORGING_ROLES, Forbidden)
            }
        }
        ("GET" | "POST", "/api/v1/payment-runs")
        | ("GET", "/api/v1/payment-runs/{id}" | "/api/v1/payment-runs/{id}/sepa" | "/api/v1/ontzorging-reports")
        | ("POST", "/api/v1/payment-runs/{id}/approval" | "/api/v1/payment-runs/{id}/rejection") => {
            only(&["financien"], Forbidden)
        }
        // The line does not exist (the run waiting for approval has nothing booked).
        ("POST", "/api/v1/payment-runs/{id}/lines/{lineId}/reversal") => {
            if user == "financien" {
                NotFound
            } else {
                only(&[], Forbidden)
            }
        }
        _ => panic!("route {method} {path} has no entry in the authorisation matrix"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_for_every_role() {
    let app = TestApp::new();
    let alkmaar = app.person_ids_in("GM0361")[0].clone();
    let (in_azc, established_pip) = case_fixtures(&app);
    let in_azc_vnummer = app.person(&in_azc).v_nummer.expect("a V-nummer");
    let (plan, plan_to_stop, run) = ontzorging_fixtures(&app);
    let case_worker = app
        .services
        .store
        .read(|c| regie_store::users::find_by_username(c, "klantmanager"))
        .expect("read")
        .expect("the Alkmaar case worker")
        .id;
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
            let id = if route.path.starts_with("/beheer") {
                "999999"
            } else if route.path == "/api/v1/ontzorging-plans/{id}/termination" {
                // Stopping a plan is final: a plan of its own, so the other routes keep theirs.
                &plan_to_stop
            } else if route.path.starts_with("/ontzorging/") || route.path.starts_with("/api/v1/ontzorging-plans/") {
                &plan
            } else if route.path.starts_with("/betaalruns/") || route.path.starts_with("/api/v1/payment-runs/") {
                &run
            } else if route.path.starts_with("/personen/") || route.path.starts_with("/api/v1/persons/") {
                &in_azc
            } else if route.path.starts_with("/pips/") || route.path.starts_with("/api/v1/pips/") {
                &established_pip
            } else {
                &alkmaar
            };
            let path = route
                .path
                .replace("{id}", id)
                .replace("{objection_id}", "999999")
                .replace("{other}", "00000000-0000-7000-8000-000000000000")
                .replace("{line}", "999999")
                .replace("{doc}", "999999")
                .replace("{consent}", "999999")
                .replace("{referral}", "999999")
                .replace("{documentId}", "999999")
                .replace("{consentId}", "999999")
                .replace("{referralId}", "999999")
                .replace("{nameId}", "999999")
                .replace("{reportId}", "999999")
                .replace("{participationId}", "999999")
                .replace("{report}", "999999")
                .replace("{row}", "999999")
                .replace("{nareizigerId}", "999999")
                .replace("{nareiziger}", "999999")
                .replace("{name}", "999999")
                .replace("{cost}", "999999")
                .replace("{lineId}", "999999")
                .replace("{code}", "bestaat_niet");
            // A current cost of the plan: the matrix tests who may change it, not whether the
            // cost exists (earlier requests add costs, so one is always current).
            let path = if path.contains("{costId}") {
                path.replace("{costId}", &current_costs(&app, &plan).first().map(|k| k.to_string()).unwrap_or_default())
            } else {
                path
            };
            let r = match (route.method.as_str(), route.path) {
                ("GET", _) => client.get(&path).await,
                ("POST", p) if p.starts_with("/api/") => {
                    vnummer += 1;
                    let code = if *user == "klantmanager.heiloo" { "GM0399" } else { "GM0361" };
                    // Earlier requests may have added costs: the order names the current ones.
                    let plan_costs = current_costs(&app, &plan);
                    let body = api_body(route.path, vnummer, code, &in_azc_vnummer, &plan_costs);
                    client.post_json(&path, &body).await
                }
                ("PUT", "/api/v1/persons/{id}/case-worker") => {
                    client.put_json(&path, &[], &serde_json::json!({ "caseWorkerId": case_worker })).await
                }
                ("POST", "/koppelingen/import" | "/urenopgaven/import") => {
                    client.post_multipart(&path, &[], &[("bestand", "leeg.csv", b"")]).await
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

/// A valid request body for each API operation, so that the matrix tests who may, not what.
fn api_body(path: &str, vnummer: u64, code: &str, in_azc_vnummer: &str, plan_costs: &[i64]) -> serde_json::Value {
    use serde_json::json;
    match path {
        "/api/v1/persons/_zoek" => json!({ "query": "Ahmadi" }),
        "/api/v1/koppelingen" => json!({
            "vNummer": vnummer.to_string(), "familyName": "Matrix", "birthYear": 1990, "gender": "X",
            "nationality": "Syrische", "language": "Arabisch", "municipalityCode": code,
            "koppelingDate": "2026-09-01", "householdNumber": "M1"
        }),
        "/api/v1/duo-signals" => json!({ "kind": "kennisgeving", "vNummer": in_azc_vnummer, "date": "2026-09-15" }),
        "/api/v1/persons/{id}/intake" | "/api/v1/persons/{id}/intake/completion" => json!({}),
        "/api/v1/persons/{id}/route-decisions" => {
            json!({ "route": "b1", "grounds": "Volgens het advies", "onderwijsrouteReason": "Past niet bij de leeftijd" })
        }
        "/api/v1/persons/{id}/pips" => json!({ "content": { "languageTarget": "B1" } }),
        "/api/v1/persons/{id}/merges" => json!({ "duplicateId": "bestaat-niet", "reason": "Zelfde persoon" }),
        "/api/v1/pips/{id}/submission" | "/api/v1/pips/{id}/establishment" => json!({}),
        "/api/v1/persons/{id}/documents" => json!({
            "type": "identiteitsbewijs", "name": "paspoort.pdf", "contentType": "application/pdf",
            "contentBase64": "JVBERi0xLjQKJSVFT0YK"
        }),
        "/api/v1/persons/{id}/documents/{documentId}/withdrawal"
        | "/api/v1/persons/{id}/hour-reports/{reportId}/withdrawal"
        | "/api/v1/persons/{id}/participations/{participationId}/withdrawal" => json!({ "reason": "Matrixtest" }),
        "/api/v1/persons/{id}/consents" => json!({ "kind": "delen_met_partners", "givenOn": "2026-10-01" }),
        // A new spelling per request: the same one twice is refused as a duplicate.
        "/api/v1/persons/{id}/names" => json!({ "familyName": format!("Matrix{vnummer}"), "source": "anders" }),
        "/api/v1/persons/{id}/nareizigers" => json!({
            "relation": "kind", "familyName": "Matrix", "status": "verwacht", "statusOn": "2026-10-01"
        }),
        "/api/v1/persons/{id}/nareizigers/{nareizigerId}/status" => {
            json!({ "status": "aangevraagd", "statusOn": "2026-10-02" })
        }
        "/api/v1/persons/{id}/nareizigers/{nareizigerId}/person" => json!({ "vNummer": "1999000002" }),
        "/api/v1/persons/{id}/consents/{consentId}/withdrawal" => {
            json!({ "withdrawnOn": "2026-10-02", "reason": "Matrixtest" })
        }
        "/api/v1/persons/{id}/referrals" => json!({
            "partnerName": "Taalhuis", "kind": "taalaanbieder", "referredOn": "2026-10-01", "goal": "Oefenen"
        }),
        "/api/v1/persons/{id}/referrals/{referralId}/outcome" => {
            json!({ "outcome": "gestart", "outcomeOn": "2026-10-02" })
        }
        // Never a pass: a passed exam refuses the next request's attempt.
        "/api/v1/persons/{id}/exam-attempts" => json!({ "exam": "knm", "examDate": "2026-10-01", "result": "gezakt" }),
        "/api/v1/persons/{id}/hour-reports" => json!({
            "providerName": "Taalschool", "component": "taal", "periodFrom": "2026-10-01", "periodTo": "2026-10-31",
            "hoursAttended": 4, "hoursPlanned": 4.5
        }),
        "/api/v1/hour-report-imports" => json!({ "dryRun": true, "reports": [{
            "vNummer": in_azc_vnummer, "providerName": "Matrix-aanbieder", "component": "taal", "periodFrom": "2026-10-01",
            "periodTo": "2026-10-31", "hoursAttended": 4, "hoursPlanned": 4.5, "keurmerk": true
        }] }),
        "/api/v1/persons/{id}/participations" => json!({
            "kind": "vrijwilligerswerk", "organisation": "Buurthuis", "periodFrom": "2026-10-01",
            "periodTo": "2026-10-31", "hours": 8.5
        }),
        "/api/v1/persons/{id}/interim-tests" => {
            json!({ "testDate": "2026-10-01", "skill": "lezen", "level": "A2", "providerName": "Taalschool" })
        }
        // The person in the AZC has no route yet: refused (409) after authorisation and scope.
        "/api/v1/persons/{id}/map-final-interview" => {
            json!({ "interviewDate": "2026-10-01", "conclusion": "MAP afgerond" })
        }
        // Recorded once: a later request gets 409, which also passed authorisation and scope.
        "/api/v1/persons/{id}/pvt-signing" => json!({ "signingDate": "2026-10-01" }),
        "/api/v1/ontzorging-plans" => json!({
            "personId": "00000000-0000-7000-8000-000000000000", "householdType": "alleenstaand",
            "benefitStart": "2026-11-01", "payeeIban": "NL91ABNA0417164300"
        }),
        "/api/v1/ontzorging-plans/{id}/costs" => json!({
            "costType": "water", "creditorName": "PWN", "creditorIban": "NL91ABNA0417164300",
            "amount": "22,50",
            "fromMonth": regie_domain::ontzorging::Month::of(chrono::Utc::now().date_naive()).next().code()
        }),
        "/api/v1/ontzorging-plans/{id}/machtiging" => json!({
            "signedOn": "2026-10-01", "documentName": "machtiging.pdf", "contentType": "application/pdf",
            "documentBase64": "JVBERi0xLjQKJSVFT0YK"
        }),
        "/api/v1/ontzorging-plans/{id}/activation" => json!({}),
        "/api/v1/ontzorging-plans/{id}/priority-order" => json!({ "order": plan_costs }),
        "/api/v1/ontzorging-plans/{id}/details" => {
            json!({ "householdType": "gehuwd", "payeeIban": "NL91ABNA0417164300", "months": 6 })
        }
        "/api/v1/ontzorging-plans/{id}/costs/{costId}/changes" => json!({
            "costType": "water", "creditorName": "PWN", "creditorIban": "NL91ABNA0417164300",
            "amount": "24,00",
            "fromMonth": regie_domain::ontzorging::Month::of(chrono::Utc::now().date_naive()).plus(3).code()
        }),
        // Later than any version the other requests make, so it is never refused as too early.
        "/api/v1/ontzorging-plans/{id}/costs/{costId}/termination" => json!({
            "fromMonth": regie_domain::ontzorging::Month::of(chrono::Utc::now().date_naive()).plus(4).code()
        }),
        "/api/v1/ontzorging-plans/{id}/handover" => json!({ "plannedOn": chrono::Utc::now().date_naive().to_string() }),
        "/api/v1/ontzorging-plans/{id}/termination" => {
            json!({ "lastDay": chrono::Utc::now().date_naive().to_string(), "reason": "Matrixtest" })
        }
        "/api/v1/ontzorging-plans/{id}/closure" => json!({}),
        "/api/v1/payment-runs/{id}/lines/{lineId}/reversal" => json!({ "reason": "Matrixtest" }),
        "/api/v1/payment-runs" => json!({ "month": "2026-01" }),
        "/api/v1/payment-runs/{id}/approval" => json!({}),
        "/api/v1/payment-runs/{id}/rejection" => json!({ "reason": "Matrixtest" }),
        _ => json!({
            "familyName": "Matrix", "birthYear": 1990, "birthMonth": 1, "birthDay": 1, "vNummer": vnummer.to_string(),
            "nationality": "Syrische", "targetGroup": "asielstatushouder", "municipalityCode": code
        }),
    }
}

/// The ids of a plan's current costs.
fn current_costs(app: &TestApp, plan: &str) -> Vec<i64> {
    app.services
        .store
        .read(|c| regie_store::ontzorging::costs_of_plan(c, plan))
        .expect("costs")
        .into_iter()
        .filter(|k| k.until_month.is_none())
        .map(|k| k.id)
        .collect()
}

/// Two active ontzorging plans of Alkmaar households (the second one is stopped by the test),
/// and the demo's payment run waiting for approval.
fn ontzorging_fixtures(app: &TestApp) -> (String, String, String) {
    let mut active = app
        .services
        .store
        .read(|c| regie_store::ontzorging::list_plans(c, &["GM0361".to_string()], Some("actief"), 0, 2))
        .expect("plans")
        .items
        .into_iter()
        .map(|p| p.plan.id);
    let plan = active.next().expect("an active plan in Alkmaar");
    let plan_to_stop = active.next().expect("a second active plan in Alkmaar");
    let run = app
        .services
        .store
        .read(|c| regie_store::ontzorging::list_runs(c, None))
        .expect("runs")
        .into_iter()
        .find(|r| r.status == "concept")
        .expect("a run waiting for approval")
        .id;
    (plan, plan_to_stop, run)
}

/// An Alkmaar person still in the AZC at the start of the chain, and an established PIP of a
/// housed Alkmaar person.
fn case_fixtures(app: &TestApp) -> (String, String) {
    let ids = app.person_ids_in("GM0361");
    let case = |id: &str| app.services.store.read(|c| regie_store::cases::get(c, id)).expect("read").expect("case");
    let in_azc = ids
        .iter()
        .find(|id| {
            let c = case(id);
            c.housed_on.is_none() && (c.stage == "aangemeld" || c.stage == "intake")
        })
        .expect("an Alkmaar person in the AZC")
        .clone();
    let pip = ids
        .iter()
        .filter(|id| {
            let c = case(id);
            c.stage == "uitvoering" && c.housed_on.is_some()
        })
        .find_map(|id| {
            let pips = app.services.store.read(|c| regie_store::cases::pips_of(c, id)).expect("pips");
            pips.into_iter().find(|p| p.status == "vastgesteld").map(|p| p.id)
        })
        .expect("an established PIP in Alkmaar");
    (in_azc, pip)
}

#[test]
fn an_unknown_route_has_no_entry() {
    let r = std::panic::catch_unwind(|| expected(&Method::GET, "/nieuw-en-vergeten", "beheerder"));
    assert!(r.is_err(), "a route missing from the matrix must fail the test");
}
