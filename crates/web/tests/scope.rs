//! A case worker of Heiloo cannot see, list, search, export or guess any person of Alkmaar,
//! through the screens or the API.

mod common;

use axum::http::StatusCode;
use common::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heiloo_sees_nothing_of_alkmaar() {
    let app = TestApp::new();
    let alkmaar = app.person_ids_in("GM0361");
    let heiloo = app.person_ids_in("GM0399");
    assert!(!alkmaar.is_empty() && !heiloo.is_empty());
    let mut web = app.login("klantmanager.heiloo").await;

    // See: the detail page of an Alkmaar person does not exist for Heiloo.
    for id in alkmaar.iter().take(5) {
        let r = web.get(&format!("/personen/{id}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(!r.body.contains(id.as_str()));
    }
    // Guess: an id that never existed looks exactly the same.
    let never = web.get("/personen/00000000-0000-0000-0000-000000000000").await;
    assert_eq!(never.status, StatusCode::NOT_FOUND);

    // List: every page holds only Heiloo persons.
    let mut page = 1;
    loop {
        let r = web.get(&format!("/personen?pagina={page}")).await;
        assert_eq!(r.status, StatusCode::OK);
        for id in &alkmaar {
            assert!(!r.body.contains(id.as_str()), "an Alkmaar person is listed for Heiloo");
        }
        if !r.body.contains("rel=\"next\"") {
            break;
        }
        page += 1;
    }

    // Search: by name, V-nummer and BSN of an Alkmaar person.
    let target = app.person(&alkmaar[0]);
    let mut queries = vec![target.family_name.clone()];
    queries.extend(target.v_nummer.clone());
    queries.extend(target.bsn.clone());
    for q in queries {
        let r = web.post_form("/personen/zoeken", &[("q", &q)]).await;
        assert!(!r.body.contains(&target.id), "search found an Alkmaar person for Heiloo");
    }

    // API: list and read with a Heiloo token.
    let mut api = app.api("klantmanager", &["GM0399"]);
    let list = api.get("/api/v1/persons?pageSize=100").await;
    assert_eq!(list.status, StatusCode::OK);
    let items = list.json()["items"].as_array().cloned().unwrap_or_default();
    assert!(!items.is_empty());
    assert!(items.iter().all(|p| p["municipalityCode"] == "GM0399"));
    let read = api.get(&format!("/api/v1/persons/{}", alkmaar[0])).await;
    assert_eq!(read.status, StatusCode::NOT_FOUND);
    assert_eq!(read.content_type(), "application/problem+json");

    // Export: the audit export is not open to case workers at all.
    let export = web.get("/audit/export.csv").await;
    assert_eq!(export.status, StatusCode::FORBIDDEN);

    // And Alkmaar's own case worker does see them.
    let mut own = app.login("klantmanager").await;
    assert_eq!(own.get(&format!("/personen/{}", alkmaar[0])).await.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_finds_any_spelling_within_scope() {
    let app = TestApp::new();
    let mut api = app.api("klantmanager", &["GM0361"]);
    let created = api
        .post_json(
            "/api/v1/persons",
            &serde_json::json!({
                "givenNames": "Mohammed", "familyName": "Al-Hassan", "birthYear": 1990, "birthMonth": 7,
                "vNummer": "5550001111", "nationality": "Syrische", "targetGroup": "asielstatushouder",
                "municipalityCode": "GM0361"
            }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_str().unwrap_or_default().to_string();
    let mut web = app.login("klantmanager").await;
    for q in ["Muhammad", "mohamed al-hassan", "5550001111"] {
        let r = web.post_form("/personen/zoeken", &[("q", q)]).await;
        assert!(r.body.contains(&id), "searching {q} finds the person");
    }
    let bad = web.post_form("/personen/zoeken", &[("q", "!!")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Zoek op"));
}
