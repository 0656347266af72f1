//! The case-management API end to end: a koppeling in, the intake, the route decision, a PIP
//! drafted, checked and established with its deadlines on the person, the decision document in
//! Arabic, DUO signals, search and the worklist; and none of it reachable from Heiloo.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use serde_json::json;

fn koppeling(v: &str, code: &str) -> serde_json::Value {
    json!({
        "vNummer": v, "familyName": "Haile", "givenNames": "Selam", "birthYear": 1995, "birthMonth": 6, "gender": "V",
        "nationality": "Eritrese", "language": "Tigrinya", "municipalityCode": code,
        "koppelingDate": "2026-09-01", "householdNumber": "E-77", "profile": { "azc": "AZC Heerhugowaard" }
    })
}

fn intake_body() -> serde_json::Value {
    let topics: Vec<_> = regie_domain::inburgering::IntakeTopic::ALL
        .iter()
        .map(|t| json!({ "topic": t.code(), "assessment": t.options()[0].0, "source": "persoon" }))
        .collect();
    json!({ "topics": topics, "lbtDate": "2026-09-15", "lbtScore": 34, "vveInformed": true, "soloInterviewOffered": true })
}

fn pip_body() -> serde_json::Value {
    json!({ "content": {
        "languageTarget": "B1",
        "components": [{ "code": "taal", "intensity": "12 uur per week" }, { "code": "pvt", "intensity": "12 uur" }],
        "goals": [{ "lifeDomain": "taal", "goal": "B1 halen", "actions": [{ "who": "Selam", "what": "Lessen volgen", "byWhen": "Doorlopend" }] }],
        "progressInterviews": "Elke drie maanden",
        "personView": "ሓጋዚ እዩ",
        "personAgrees": true
    }})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_from_koppeling_to_an_established_pip_through_the_api() {
    let app = TestApp::new();
    let mut km = app.api("klantmanager", &["GM0361"]);
    let r = km.post_json("/api/v1/koppelingen", &koppeling("5551234567", "GM0361")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["personId"].as_str().unwrap().to_string();
    assert_eq!(r.location(), format!("/api/v1/persons/{id}"));

    // The clock is not running yet: every deadline is null until its facts are known.
    let p = km.get(&format!("/api/v1/persons/{id}")).await.json();
    assert_eq!(p["stage"], "aangemeld");
    assert_eq!(p["deadlines"], json!({ "pipDue": null, "termijnStart": null, "termijnEnd": null }));

    // DUO's kennisgeving starts the PIP clock: 10 weeks (the person is registered in the BRP
    // only when the case records it; here the test records it through the screen's use case).
    let r = km
        .post_json(
            "/api/v1/duo-signals",
            &json!({ "kind": "kennisgeving", "vNummer": "5551234567", "date": "2026-09-10" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let facts = regie_service::cases::dossier::CaseFacts {
        kennisgeving_date: Some("10-09-2026".into()),
        brp_date: Some("05-09-2026".into()),
        ..Default::default()
    };
    regie_service::cases::dossier::update_facts(&app.services, &system_klantmanager(&app), &id, &facts).unwrap();
    let p = km.get(&format!("/api/v1/persons/{id}")).await.json();
    assert_eq!(p["deadlines"]["pipDue"], "2026-11-19");

    // Out of order: no PIP before the intake is complete.
    let r = km.post_json(&format!("/api/v1/persons/{id}/pips"), &pip_body()).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.json()["detail"].as_str().unwrap().contains("afgeronde brede intake"));

    // An empty date is not a date: refused, nothing saved.
    let mut empty_date = intake_body();
    empty_date["lbtDate"] = json!("");
    let r = km.post_json(&format!("/api/v1/persons/{id}/intake"), &empty_date).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()["invalidParams"][0]["name"], "lbtDate", "{}", r.body);
    let r = km.post_json(&format!("/api/v1/persons/{id}/intake"), &intake_body()).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = km.post_json(&format!("/api/v1/persons/{id}/intake/completion"), &json!({})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let audits = app.audit_count();
    let advice = km.get(&format!("/api/v1/persons/{id}/route-advice")).await.json();
    assert!(advice["reasons"].as_array().unwrap().iter().any(|r| r["fact"].as_str().unwrap().contains("score 34")));
    assert_eq!(app.audit_count(), audits + 1, "the advice shows the learnability score: an audited read");
    let r = km
        .post_json(&format!("/api/v1/persons/{id}/route-decisions"), &json!({ "route": "b1", "grounds": "Wil eerst werken, dan studeren", "onderwijsrouteReason": "Wil eerst werken" }))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = km.post_json(&format!("/api/v1/persons/{id}/pips"), &pip_body()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let pip = r.json()["id"].as_str().unwrap().to_string();
    assert_eq!(
        km.post_json(&format!("/api/v1/pips/{pip}/submission"), &json!({})).await.status,
        StatusCode::NO_CONTENT
    );
    // A klantmanager token cannot establish; a team lead's can.
    assert_eq!(
        km.post_json(&format!("/api/v1/pips/{pip}/establishment"), &json!({})).await.status,
        StatusCode::FORBIDDEN
    );
    let mut tl = app.api("teamleider", &["GM0361"]);
    let r = tl.post_json(&format!("/api/v1/pips/{pip}/establishment"), &json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let today = app.services.clock.today();
    assert_eq!(r.json()["dagtekening"], today.to_string());

    let p = km.get(&format!("/api/v1/persons/{id}")).await.json();
    assert_eq!(p["stage"], "uitvoering");
    assert_eq!(p["deadlines"]["termijnStart"], (today + chrono::Days::new(1)).to_string());
    assert_eq!(p["deadlines"]["termijnEnd"], (today + chrono::Months::new(36)).to_string());
    let versions = km.get(&format!("/api/v1/persons/{id}/pips")).await.json();
    assert_eq!(versions["items"][0]["status"], "vastgesteld");

    // The decision in Arabic: a PDF/A, issued once and then returned as issued.
    let doc = km.get(&format!("/api/v1/pips/{pip}/document?lang=ar")).await;
    assert_eq!(doc.status, StatusCode::OK);
    assert_eq!(doc.content_type(), "application/pdf");
    assert!(doc.body.starts_with("%PDF"));
    assert!(doc.body.contains("pdfaid:part"), "the document declares PDF/A");
    let again = km.get(&format!("/api/v1/pips/{pip}/document?lang=ar")).await;
    assert_eq!(again.body, doc.body);
    let bad = km.get(&format!("/api/v1/pips/{pip}/document?lang=xx")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    // Heiloo sees none of it, on any endpoint.
    let mut heiloo = app.api("klantmanager", &["GM0399"]);
    for path in [
        format!("/api/v1/persons/{id}"),
        format!("/api/v1/persons/{id}/pips"),
        format!("/api/v1/persons/{id}/route-advice"),
        format!("/api/v1/pips/{pip}"),
        format!("/api/v1/pips/{pip}/document?lang=nl"),
    ] {
        assert_eq!(heiloo.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let r = heiloo.post_json(&format!("/api/v1/persons/{id}/intake"), &intake_body()).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let found = heiloo.post_json("/api/v1/persons/_zoek", &json!({ "query": "5551234567" })).await.json();
    assert_eq!(found["items"], json!([]));
    let found = km.post_json("/api/v1/persons/_zoek", &json!({ "query": "Hayle Selam" })).await.json();
    assert!(found["items"].as_array().unwrap().iter().any(|p| p["id"] == id.as_str()), "spelling-tolerant search");
}

fn system_klantmanager(app: &TestApp) -> regie_service::Actor {
    let mut a = regie_service::Actor::system("test");
    a.roles.insert(regie_domain::Role::Klantmanager, vec!["GM0361".into()]);
    let _ = app;
    a
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_koppelingen_and_signals_are_refused_with_the_field_named() {
    let app = TestApp::new();
    let mut km = app.api("klantmanager", &["GM0361"]);
    let before = app.person_count();
    let mut body = koppeling("123", "GM0361");
    body["birthMonth"] = json!(2);
    body["birthDay"] = json!(31);
    let r = km.post_json("/api/v1/koppelingen", &body).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let names: Vec<String> =
        r.json()["invalidParams"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap().to_string()).collect();
    assert!(names.contains(&"vNummer".to_string()) && names.contains(&"birthYear".to_string()), "{names:?}");
    // Another municipality than the token's: refused, nothing stored.
    let r = km.post_json("/api/v1/koppelingen", &koppeling("5551234568", "GM0399")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(app.person_count(), before);
    // The same V-nummer twice is refused the second time.
    assert_eq!(
        km.post_json("/api/v1/koppelingen", &koppeling("5551234569", "GM0361")).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        km.post_json("/api/v1/koppelingen", &koppeling("5551234569", "GM0361")).await.status,
        StatusCode::BAD_REQUEST
    );
    // A correction without a reason, and a signal for an unknown V-nummer.
    let r = km.post_json("/api/v1/duo-signals", &json!({ "kind": "correctie", "vNummer": "5551234569" })).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = km
        .post_json(
            "/api/v1/duo-signals",
            &json!({ "kind": "kennisgeving", "vNummer": "5550000000", "date": "01-10-2026" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = km.post_json("/api/v1/duo-signals", &json!({ "kind": "correctie", "vNummer": "5551234569", "reason": "EU-onderdaan, niet inburgeringsplichtig" })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worklist_comes_in_pages_with_links_and_bad_paging_is_a_400() {
    let app = TestApp::new();
    let mut km = app.login("klantmanager").await;
    let first = km.get("/api/v1/worklist?pageSize=5").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let first = first.json();
    let total = first["total"].as_i64().unwrap();
    assert!(total > 5, "the demo case worker has more than one page of 5");
    assert_eq!(first["items"].as_array().unwrap().len(), 5);
    assert_eq!(first["links"]["next"]["href"], "/api/v1/worklist?scope=own&page=2&pageSize=5");
    assert!(first["links"].get("prev").is_none());
    let second = km.get("/api/v1/worklist?scope=own&page=2&pageSize=5").await.json();
    assert_eq!(second["total"], total);
    assert_eq!(second["overdue"], first["overdue"], "the counts cover every page");
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["items"].as_array().unwrap().iter().map(|i| i["personId"].as_str().unwrap().to_string()).collect()
    };
    assert!(ids(&first).iter().all(|id| !ids(&second).contains(id)), "no case on two pages");
    for bad in ["page=0", "pageSize=101", "pageSize=x", "pagina=2"] {
        let r = km.get(&format!("/api/v1/worklist?{bad}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.body);
        assert_eq!(r.content_type(), "application/problem+json", "{bad}");
    }
}
