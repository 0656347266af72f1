//! The case worker and the household on the dossier and in the API: the team lead's form (CSRF,
//! Dutch errors on the page, no JavaScript needed), "Zelf oppakken" for a klantmanager, the
//! household limited to the user's municipalities, and `PUT /api/v1/persons/{id}/case-worker`
//! with If-Match and problem+json.

mod common;

use axum::http::StatusCode;
use common::{between, TestApp};

fn user_id(app: &TestApp, username: &str) -> i64 {
    app.services.store.read(|c| regie_store::users::find_by_username(c, username)).expect("read").expect("user").id
}

/// The demo family's head of household (Alkmaar, with the Alkmaar case worker).
fn khoury(app: &TestApp) -> String {
    app.person_ids_in("GM0361")
        .into_iter()
        .find(|id| app.person(id).v_nummer.as_deref() == Some("1999000001"))
        .expect("the demo household")
}

/// An Alkmaar person of the demo without a case worker (registered before the merger).
fn unassigned(app: &TestApp) -> String {
    app.person_ids_in("GM0361")
        .into_iter()
        .find(|id| {
            let p = app.person(id);
            p.case_worker_id.is_none() && p.status == "open"
        })
        .expect("an unassigned Alkmaar person")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_lead_assigns_on_the_dossier_and_mistakes_come_back_in_dutch() {
    let app = TestApp::new();
    let id = unassigned(&app);
    let mut c = app.login("teamleider").await;
    let page = c.get(&format!("/personen/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"klantmanager\"") && page.body.contains("Nog geen klantmanager."));
    assert!(page.body.contains("Sanne de Vries (Team Alkmaar)"), "the team beside the name");
    assert!(!page.body.contains("Joost Bakker"), "a Heiloo case worker is not offered for Alkmaar");
    let version = app.person(&id).version.to_string();

    // Nothing chosen: the page again (422), the mistake beside the field, nothing stored.
    let r = c.post_form(&format!("/personen/{id}/klantmanager"), &[("caseWorkerId", ""), ("version", &version)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Kies een klantmanager."));
    assert!(r.body.contains("href=\"#veld-klantmanager-caseWorkerId\""));
    // Someone who is not a klantmanager of Alkmaar.
    let heiloo = user_id(&app, "klantmanager.heiloo").to_string();
    let r =
        c.post_form(&format!("/personen/{id}/klantmanager"), &[("caseWorkerId", &heiloo), ("version", &version)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("klantmanager is voor de gemeente van deze persoon"));
    assert_eq!(app.person(&id).case_worker_id, None);
    // Without the CSRF field nothing happens.
    let km = user_id(&app, "klantmanager").to_string();
    let forged = c.post_raw_form(&format!("/personen/{id}/klantmanager"), &[("caseWorkerId", &km)]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(app.person(&id).case_worker_id, None);

    let r = c.post_form(&format!("/personen/{id}/klantmanager"), &[("caseWorkerId", &km), ("version", &version)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/personen/{id}"));
    assert_eq!(app.person(&id).case_worker_id, Some(km.parse().unwrap()));
    let page = c.get(&format!("/personen/{id}")).await;
    assert!(page.body.contains("Klantmanager: Sanne de Vries (Team Alkmaar)"), "in the case history");
    // The page of before (an old version) is refused with the reason, nothing changed.
    let r =
        c.post_form(&format!("/personen/{id}/klantmanager"), &[("caseWorkerId", "geen"), ("version", &version)]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("Iemand anders heeft deze persoon intussen gewijzigd"));
    assert_eq!(app.person(&id).case_worker_id, Some(km.parse().unwrap()));

    // Taken away again: the case stays with the case worker's team, on the dossier, in the
    // API and on the team's worklist, where it waits without a case worker.
    let version = app.person(&id).version.to_string();
    let r =
        c.post_form(&format!("/personen/{id}/klantmanager"), &[("caseWorkerId", "geen"), ("version", &version)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = c.get(&format!("/personen/{id}")).await;
    assert!(page.body.contains("Nog geen klantmanager. De zaak ligt bij Team Alkmaar."), "{}", page.body);
    let api = c.get(&format!("/api/v1/persons/{id}")).await.json();
    assert_eq!(
        (api["team"].clone(), api["caseWorker"].clone()),
        (serde_json::json!("Team Alkmaar"), serde_json::Value::Null)
    );
    let worklist = c.get("/api/v1/worklist?scope=team&pageSize=100").await.json();
    assert!(worklist["total"].as_i64().unwrap() <= 100, "the demo team's cases fit on one page");
    let items = worklist["items"].as_array().unwrap();
    let at = items.iter().position(|i| i["personId"] == id.as_str()).expect("on the team's worklist");
    assert_eq!(items[at]["caseWorker"], serde_json::Value::Null);
    let page = c.get(&format!("/werkvoorraad/team?pagina={}", at / 25 + 1)).await;
    assert_eq!(page.status, StatusCode::OK);
    let row = between(&page.body, &format!("href=\"/personen/{id}\""), "</tr>");
    assert!(row.contains("Nog niet toegewezen"), "{row}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_klantmanager_takes_an_unassigned_person_with_one_button() {
    let app = TestApp::new();
    let id = unassigned(&app);
    let mut c = app.login("klantmanager").await;
    let page = c.get(&format!("/personen/{id}")).await;
    assert!(page.body.contains("Zelf oppakken"));
    assert!(!page.body.contains("Klantmanager toewijzen"), "no choice of colleagues");
    let me = user_id(&app, "klantmanager");
    let version = between(&page.body, "name=\"version\" value=\"", "\"");
    let r = c
        .post_form(&format!("/personen/{id}/klantmanager"), &[("caseWorkerId", &me.to_string()), ("version", &version)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.person(&id).case_worker_id, Some(me));
    let page = c.get(&format!("/personen/{id}")).await;
    assert!(!page.body.contains("Zelf oppakken"));
    assert!(page.body.contains("Sanne de Vries (Team Alkmaar)"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_household_shows_only_members_the_user_may_see() {
    let app = TestApp::new();
    let id = khoury(&app);
    let mut lead = app.login("teamleider").await;
    let page = lead.get(&format!("/personen/{id}")).await;
    let section = between(&page.body, "id=\"huishouden\"", "</table>");
    for name in ["Khoury, Rania", "Khoury, Omar", "Khoury, Lina"] {
        assert!(section.contains(name), "{name}");
    }
    assert!(section.contains("00-07-1983") && section.contains("00-00-2005"), "partly unknown dates as stored");
    assert!(page.body.contains("reizen gezinsleden na"));
    let mut km = app.login("klantmanager").await;
    let page = km.get(&format!("/personen/{id}")).await;
    let section = between(&page.body, "id=\"huishouden\"", "</table>");
    assert!(section.contains("Khoury, Rania") && !section.contains("Omar"), "the son lives in Heiloo");
    assert!(!page.body.contains("Omar"));

    // The API: the same members, and the case worker on the person.
    let api = km.get(&format!("/api/v1/persons/{id}/household")).await;
    assert_eq!(api.status, StatusCode::OK);
    let items = api.json()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|m| m["familyName"] == "Khoury" && m["givenNames"] != "Omar"));
    let rania = items.iter().find(|m| m["givenNames"] == "Rania").unwrap();
    assert_eq!(
        (rania["birthYear"].as_i64(), rania["birthMonth"].as_i64(), rania["birthDate"].is_null()),
        (Some(1983), Some(7), true)
    );
    let person = km.get(&format!("/api/v1/persons/{id}")).await.json();
    assert_eq!(person["caseWorker"]["name"], "Sanne de Vries");
    assert_eq!(person["caseWorker"]["team"], "Team Alkmaar");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_assigns_with_if_match_and_answers_problems() {
    let app = TestApp::new();
    let id = unassigned(&app);
    let km = user_id(&app, "klantmanager");
    let mut lead = app.api("teamleider", &["GM0361"]);
    let path = format!("/api/v1/persons/{id}/case-worker");
    let etag = lead.get(&format!("/api/v1/persons/{id}")).await.headers["etag"].to_str().unwrap().to_string();

    let r = lead.put_json(&path, &[], &serde_json::json!({ "caseWorkerId": user_id(&app, "financien") })).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.content_type(), "application/problem+json");
    assert_eq!(r.json()["invalidParams"][0]["name"], "caseWorkerId");
    let r = lead.put_json(&path, &[], &serde_json::json!({})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "caseWorkerId must be given");
    assert_eq!(app.person(&id).case_worker_id, None);

    let r = lead.put_json(&path, &[("if-match", &etag)], &serde_json::json!({ "caseWorkerId": km })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["caseWorkerId"], km);
    let new_etag = r.headers["etag"].to_str().unwrap().to_string();
    assert_ne!(new_etag, etag);
    // Again: the same answer, nothing changed.
    let again = lead.put_json(&path, &[], &serde_json::json!({ "caseWorkerId": km })).await;
    assert_eq!((again.status, again.headers["etag"].to_str().unwrap()), (StatusCode::OK, new_etag.as_str()));
    // A stale ETag: 412.
    let stale = lead.put_json(&path, &[("if-match", &etag)], &serde_json::json!({ "caseWorkerId": null })).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(app.person(&id).case_worker_id, Some(km));
    // A body without caseWorkerId is malformed whatever the If-Match says.
    let r = lead.put_json(&path, &[("if-match", "W/\"6\"")], &serde_json::json!({})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    // An empty If-Match is a malformed request, not a stale one.
    let empty = lead.put_json(&path, &[("if-match", "")], &serde_json::json!({ "caseWorkerId": null })).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST, "{}", empty.body);
    assert!(empty.body.contains("If-Match"), "{}", empty.body);
    assert_eq!(app.person(&id).case_worker_id, Some(km));
    let r = lead.put_json(&path, &[("if-match", &new_etag)], &serde_json::json!({ "caseWorkerId": null })).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.json()["caseWorkerId"].is_null());

    // A team lead of Heiloo finds no Alkmaar person; a klantmanager assigns no colleague.
    let mut heiloo = app.api("teamleider", &["GM0399"]);
    assert_eq!(
        heiloo.put_json(&path, &[], &serde_json::json!({ "caseWorkerId": km })).await.status,
        StatusCode::NOT_FOUND
    );
    let mut case_worker = app.api("klantmanager", &["GM0361"]);
    let r = case_worker.put_json(&path, &[], &serde_json::json!({ "caseWorkerId": null })).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.content_type(), "application/problem+json");
    assert_eq!(app.person(&id).case_worker_id, None);
}
