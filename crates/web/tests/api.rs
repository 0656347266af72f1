//! The JSON API: its errors, limits and audit trail, and the OpenAPI document.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;

fn valid_person(v_nummer: &str) -> serde_json::Value {
    serde_json::json!({
        "givenNames": "Senait", "familyName": "Tesfamariam", "birthYear": 1994, "birthMonth": 3, "birthDay": 12,
        "vNummer": v_nummer, "bsn": "111222333", "nationality": "Eritrese",
        "targetGroup": "asielstatushouder", "municipalityCode": "GM0361",
        "residenceDate": "2024-05-01", "postcode": "1811 AB", "iban": "NL91 ABNA 0417 1643 00"
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registering_a_person_is_validated_audited_and_readable() {
    let app = TestApp::new();
    let mut api = app.api("klantmanager", &["GM0361"]);
    let before = app.person_count();
    let audits = app.audit_count();
    let r = api.post_json("/api/v1/persons", &valid_person("1234567890")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.headers["api-version"], regie_web::api::API_VERSION);
    let body = r.json();
    assert_eq!(body["regime"], "wi2021");
    assert_eq!(body["iban"], "NL91ABNA0417164300");
    assert_eq!(body["postcode"], "1811AB");
    assert_eq!(app.person_count(), before + 1);
    assert_eq!(app.audit_count(), audits + 1, "the write is audited with it");

    // Every read of a person adds an audit record naming that person.
    let id = body["id"].as_str().unwrap_or_default().to_string();
    let audits = app.audit_count();
    let read = api.get(&format!("/api/v1/persons/{id}")).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.headers["etag"], "\"v1\"");
    assert_eq!(read.json()["municipalityHistory"][0]["municipalityCode"], "GM0361");
    assert_eq!(app.audit_count(), audits + 1);
    let filter = regie_service::audit::AuditFilter { person_id: Some(id.clone()), ..Default::default() };
    let auditor = regie_service::Actor {
        roles: [(regie_service::Role::Auditor, vec!["GM0361".to_string()])].into_iter().collect(),
        ..regie_service::Actor::system("test-auditor")
    };
    let found = regie_service::audit::search(&app.services, &auditor, &filter, 1, 50).expect("search");
    let actions: Vec<&str> = found.items.iter().map(|r| r.action.as_str()).collect();
    assert!(actions.contains(&"person.read") && actions.contains(&"person.create"), "{actions:?}");
    assert!(found.items.iter().all(|r| r.actor.starts_with("token:") && r.purpose == "uitvoering_wet_inburgering"));

    // The same V-nummer twice is refused and stores nothing.
    let again = api.post_json("/api/v1/persons", &valid_person("1234567890")).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.person_count(), before + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gets_a_clear_problem_and_changes_nothing() {
    let app = TestApp::new();
    let mut api = app.api("klantmanager", &["GM0361"]);
    let before = app.person_count();

    let mut bad = valid_person("1234567891");
    bad["bsn"] = "123456789".into();
    bad["iban"] = "NL92ABNA0417164300".into();
    bad["postcode"] = "0811 AB".into();
    bad["birthMonth"] = 2.into();
    bad["birthDay"] = 31.into();
    let r = api.post_json("/api/v1/persons", &bad).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.content_type(), "application/problem+json");
    let problem = r.json();
    let names: Vec<&str> =
        problem["invalidParams"].as_array().unwrap().iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(names, ["birthYear", "bsn", "postcode", "iban"]);
    assert!(problem["detail"].as_str().unwrap().contains("niets gewijzigd"));
    assert!(!r.body.contains("123456789"), "the rejected value is not echoed");

    let malformed =
        api.send(Method::POST, "/api/v1/persons", Some("application/json"), b"{\"familyName\": ".to_vec()).await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert!(malformed.json()["detail"].as_str().unwrap().contains("regel 1"));

    let wrong_type = api.send(Method::POST, "/api/v1/persons", Some("text/plain"), b"{}".to_vec()).await;
    assert_eq!(wrong_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let huge = vec![b'x'; 200 * 1024];
    let too_big = api.send(Method::POST, "/api/v1/persons", Some("application/json"), huge).await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(too_big.content_type(), "application/problem+json");

    let outside = {
        let mut p = valid_person("1234567892");
        p["municipalityCode"] = "GM0399".into();
        api.post_json("/api/v1/persons", &p).await
    };
    assert_eq!(outside.status, StatusCode::FORBIDDEN, "a municipality outside the token");

    let paging = api.get("/api/v1/persons?pageSize=1000").await;
    assert_eq!(paging.status, StatusCode::BAD_REQUEST);
    assert_eq!(paging.json()["invalidParams"][0]["name"], "pageSize");
    assert_eq!(app.person_count(), before, "nothing was stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_page_with_links() {
    let app = TestApp::new();
    let mut api = app.api("teamleider", regie_service::demo::MUNICIPALITIES_NOW);
    let first = api.get("/api/v1/persons?page=1&pageSize=50").await.json();
    assert_eq!(first["items"].as_array().unwrap().len(), 50);
    assert_eq!(first["links"]["self"]["href"], "/api/v1/persons?page=1&pageSize=50");
    assert_eq!(first["links"]["next"]["href"], "/api/v1/persons?page=2&pageSize=50");
    assert!(first["links"].get("prev").is_none(), "the first page has no previous page");
    assert_eq!((first["page"].as_i64(), first["pageSize"].as_i64()), (Some(1), Some(50)));
    let second = api.get("/api/v1/persons?page=2&pageSize=50").await.json();
    assert_ne!(first["items"][0]["id"], second["items"][0]["id"]);
    assert_eq!(second["links"]["prev"]["href"], "/api/v1/persons?page=1&pageSize=50");

    // Past the end: no items and no next page, but still its own link.
    let beyond = api.get("/api/v1/persons?page=100000&pageSize=50").await.json();
    assert_eq!(beyond["items"].as_array().map(Vec::len), Some(0));
    assert!(beyond["links"].get("next").is_none());
    assert_eq!(beyond["links"]["self"]["href"], "/api/v1/persons?page=100000&pageSize=50");
}

/// A person record without a case (made outside the use cases, which always open one, for
/// example by a data migration) reads as a person with an unknown clock, not as an error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_without_a_case_reads_with_empty_deadlines() {
    let app = TestApp::new();
    let template = app.person(&app.person_ids_in("GM0361")[0]);
    let id = "0192aaaa-0000-7000-8000-00000000c0de".to_string();
    let row = regie_store::persons::PersonRow {
        id: id.clone(),
        v_nummer: Some("9988776655".into()),
        bsn: None,
        household_id: "zonder-zaak".into(),
        case_worker_id: None,
        ..template
    };
    let since = row.created_at.date();
    app.services
        .store
        .write(|c| regie_store::persons::insert_many(c, &[row], &[since], "migratie"))
        .expect("insert a person without a case");
    assert!(app.services.store.read(|c| regie_store::cases::get(c, &id)).expect("read").is_none());

    let mut api = app.api("klantmanager", &["GM0361"]);
    let audits = app.audit_count();
    let read = api.get(&format!("/api/v1/persons/{id}")).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    let body = read.json();
    assert_eq!(body["id"], id.as_str());
    assert!(body.get("stage").is_none(), "no case, so no stage: {body}");
    let deadlines = body["deadlines"].as_object().expect("deadlines are there, unknown");
    for deadline in ["pipDue", "termijnStart", "termijnEnd"] {
        assert!(deadlines.get(deadline).is_some_and(|d| d.is_null()), "{deadline} present and null: {body}");
    }
    for field in ["caseWorker", "team"] {
        assert!(body.get(field).is_some_and(|f| f.is_null()), "{field} present and null: {body}");
    }
    assert_eq!(app.audit_count(), audits + 1, "the read is audited like any other");

    // Outside the caller's scope it does not exist, case or no case.
    let mut heiloo = app.api("klantmanager", &["GM0399"]);
    assert_eq!(heiloo.get(&format!("/api/v1/persons/{id}")).await.status, StatusCode::NOT_FOUND);
}

/// The read of one person is a single statement joining five tables; this pins what it gathers
/// against the tables it reads: every period of the history in order, the case worker with
/// their team, and the team that has the case.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_shows_the_whole_history_the_case_worker_and_the_team() {
    let app = TestApp::new();
    let history = |id: &str| app.services.store.read(|c| regie_store::persons::history(c, id)).expect("history");

    // A Dijk en Waard person who arrived before the 2022 merger has two periods.
    let moved = app.person_ids_in("GM1980").into_iter().find(|id| history(id).len() == 2).expect("a moved person");
    let mut api = app.api("klantmanager", &["GM1980"]);
    let body = api.get(&format!("/api/v1/persons/{moved}")).await.json();
    let periods = body["municipalityHistory"].as_array().expect("history");
    let codes: Vec<&str> = periods.iter().filter_map(|p| p["municipalityCode"].as_str()).collect();
    let expected: Vec<String> = history(&moved).into_iter().map(|p| p.municipality_code).collect();
    assert_eq!(codes, expected, "{body}");
    assert_eq!(codes.last(), Some(&"GM1980"));
    assert_eq!(periods[0]["validTo"], periods[1]["validFrom"]);

    // Given to the demo case worker of Alkmaar, the person's case goes to their team too.
    let mut own = app.api("klantmanager", &["GM0361"]);
    let created = own.post_json("/api/v1/persons", &valid_person("1234567891")).await.json();
    let id = created["id"].as_str().expect("id").to_string();
    let worker = app.services.store.read(|c| regie_store::users::find_by_username(c, "klantmanager")).expect("read");
    let worker = worker.expect("the demo case worker");
    let mut lead = app.api("teamleider", &["GM0361"]);
    let path = format!("/api/v1/persons/{id}/case-worker");
    let assigned = lead.put_json(&path, &[], &serde_json::json!({"caseWorkerId": worker.id})).await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.body);
    let body = own.get(&format!("/api/v1/persons/{id}")).await.json();
    assert_eq!(body["caseWorker"]["id"], worker.id, "{body}");
    assert_eq!(body["caseWorker"]["name"], worker.display_name.as_str());
    assert_eq!(body["caseWorker"]["team"], "Team Alkmaar");
    assert_eq!(body["team"], "Team Alkmaar");
    assert_eq!(body["municipalityHistory"].as_array().map(Vec::len), Some(1));

    // The case worker taken away, the case stays with the team: the case's team is read from the
    // case, not from the case worker.
    let cleared = lead.put_json(&path, &[], &serde_json::json!({"caseWorkerId": null})).await;
    assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.body);
    let body = own.get(&format!("/api/v1/persons/{id}")).await.json();
    assert!(body["caseWorker"].is_null(), "{body}");
    assert_eq!(body["team"], "Team Alkmaar");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_describes_every_api_route() {
    let doc = regie_web::api::openapi::build("http://localhost");
    for route in regie_web::routes::route_list() {
        let Some(path) = route.path.strip_prefix("/api/v1") else { continue };
        if path == "/openapi.json" {
            continue;
        }
        let method = route.method.as_str().to_lowercase();
        assert!(
            doc["paths"][path][&method].is_object(),
            "{} {} is missing from the OpenAPI document",
            route.method,
            route.path
        );
    }
    assert_eq!(doc["info"]["version"], regie_web::api::API_VERSION);
    assert_eq!(doc["servers"][0]["url"], "http://localhost/api/v1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_strict_security_headers() {
    let app = TestApp::new();
    let mut c = app.client();
    let r = c.get("/inloggen").await;
    let csp = r.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    assert_eq!(r.headers["x-frame-options"], "DENY");
    assert_eq!(r.headers["cache-control"], "no-store");
    let cookie = r.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Secure"));
    let missing = c.get("/bestaat-niet").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("Niet gevonden"));
    let metrics = c.get("/metrics").await;
    assert!(metrics.body.contains("http_requests_total"));
    assert!(metrics.body.contains("regie_audit_backlog_records"), "{}", metrics.body);
    assert!(metrics.body.contains("regie_audit_backlog_persons"), "{}", metrics.body);
    assert!(metrics.body.contains("regie_audit_records_lost 0"), "{}", metrics.body);
    assert!(metrics.body.contains("regie_audit_reads_refused 0"), "{}", metrics.body);
    assert_eq!(c.get("/readyz").await.status, StatusCode::OK);
}
