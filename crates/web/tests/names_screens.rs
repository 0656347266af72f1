//! Other spellings of a name on the dossier and in the API: added by form (CSRF, back to the
//! dossier), a mistake comes back as 422 beside the field with nothing stored, the search page
//! then finds the person by that spelling (also in Ge'ez script) and by date of birth, a
//! withdrawn spelling no longer; the API lists, adds (201 with Location), refuses a duplicate
//! with problem+json and knows nothing outside the token's municipalities.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use serde_json::json;

async fn newcomer(app: &TestApp, vnummer: &str) -> String {
    let mut km = app.api("klantmanager", &["GM0361"]);
    let body = json!({
        "vNummer": vnummer, "familyName": "Gebreyesus", "givenNames": "Mebrahtu", "birthYear": 1991,
        "birthMonth": 4, "birthDay": 23, "gender": "M", "nationality": "Eritrese", "language": "Tigrinya",
        "municipalityCode": "GM0361", "koppelingDate": "2026-09-01", "householdNumber": "S-1"
    });
    let r = km.post_json("/api/v1/koppelingen", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["personId"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spelling_added_on_the_dossier_is_found_by_search_until_it_is_withdrawn() {
    let app = TestApp::new();
    let id = newcomer(&app, "5558880001").await;
    let mut km = app.login("klantmanager").await;
    let dossier = km.get(&format!("/personen/{id}")).await;
    assert!(
        dossier.body.contains("Andere schrijfwijzen van de naam") && dossier.body.contains("Geen andere schrijfwijzen")
    );

    // Without a family name: 422, the message beside the field, nothing stored.
    let r =
        km.post_form(&format!("/personen/{id}/namen"), &[("givenNames", "Mebrahtom"), ("source", "paspoort")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"fout-naam-familyName\""), "{}", r.body);
    assert!(r.body.contains("value=\"Mebrahtom\""), "the typed value stays");

    let r = km
        .post_form(
            &format!("/personen/{id}/namen"),
            &[("givenNames", "መብራህቱ"), ("familyName", "ገብረየሱስ"), ("source", "persoon")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/personen/{id}"));
    let dossier = km.get(&format!("/personen/{id}")).await;
    assert!(dossier.body.contains("<span dir=\"auto\">መብራህቱ ገብረየሱስ</span>"), "{}", dossier.body);
    assert!(dossier.body.contains("Opgegeven door de persoon"));

    let r = km
        .post_form(
            &format!("/personen/{id}/namen"),
            &[("givenNames", "Mebrahtom"), ("familyName", "Woldegiorgis"), ("source", "paspoort")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let link = format!("href=\"/personen/{id}\"");
    for q in ["መብራህቱ", "Gebreyesus", "Woldegiorgis", "23-04-1991", "Mebrahtu 1991-04-23"] {
        let r = km.post_form("/personen/zoeken", &[("q", q)]).await;
        assert!(r.body.contains(&link), "{q}: {}", r.body);
    }

    // Withdrawn: search no longer finds the person by that spelling.
    let passport = app.services.store.read(|c| regie_store::names::of_person(c, &id)).unwrap()[1].id;
    let r = km.post_form(&format!("/personen/{id}/namen/{passport}/intrekken"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = km.post_form("/personen/zoeken", &[("q", "Woldegiorgis")]).await;
    assert!(!r.body.contains(&link), "{}", r.body);
    let dossier = km.get(&format!("/personen/{id}")).await;
    assert!(dossier.body.contains("Ingetrokken op"), "{}", dossier.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_names_api_lists_adds_refuses_duplicates_and_withdraws() {
    let app = TestApp::new();
    let id = newcomer(&app, "5558880002").await;
    let mut api = app.api("klantmanager", &["GM0361"]);
    let path = format!("/api/v1/persons/{id}/names");
    let r = api
        .post_json(&path, &json!({ "givenNames": "Mebrahtom", "familyName": "Gebreyesus", "source": "paspoort" }))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.location(), path);
    let name_id = r.json()["nameId"].as_i64().unwrap();

    let again =
        api.post_json(&path, &json!({ "givenNames": "MEBRAHTOM", "familyName": "gebreyesus", "source": "brp" })).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "{}", again.body);
    assert_eq!(again.content_type(), "application/problem+json");
    assert_eq!(again.json()["invalidParams"][0]["name"], "familyName");
    let unknown = api.post_json(&path, &json!({ "familyName": "X", "source": "brp", "extra": 1 })).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "unknown fields are refused");

    let list = api.get(&path).await;
    assert_eq!(list.status, StatusCode::OK);
    let items = list.json()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 1);
    assert_eq!((items[0]["familyName"].clone(), items[0]["withdrawnAt"].clone()), (json!("Gebreyesus"), json!(null)));

    let withdraw = format!("{path}/{name_id}/withdrawal");
    assert_eq!(api.post_json(&withdraw, &json!({})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(api.post_json(&withdraw, &json!({})).await.status, StatusCode::NOT_FOUND, "withdrawn already");
    assert!(api.get(&path).await.json()["items"][0]["withdrawnAt"].is_string());

    let mut heiloo = app.api("klantmanager", &["GM0399"]);
    assert_eq!(heiloo.get(&path).await.status, StatusCode::NOT_FOUND);
    let r = heiloo.post_json(&path, &json!({ "familyName": "Gebreyesus", "source": "brp" })).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nareiziger_is_recorded_and_followed_on_the_dossier_and_in_the_api() {
    let app = TestApp::new();
    let id = newcomer(&app, "5558880003").await;
    let mut km = app.login("klantmanager").await;
    let today = app.clock.today();
    let nl = |days: u64| (today - chrono::Days::new(days)).format("%d-%m-%Y").to_string();
    let dossier = km.get(&format!("/personen/{id}")).await;
    assert!(dossier.body.contains("Geen nareizigers vastgelegd."));

    let r = km
        .post_form(&format!("/personen/{id}/nareizigers"), &[("relation", "partner"), ("status", "aangekomen")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for field in ["familyName", "status", "statusOn"] {
        assert!(r.body.contains(&format!("id=\"fout-nareiziger-{field}\"")), "{field}: {}", r.body);
    }

    let r = km
        .post_form(
            &format!("/personen/{id}/nareizigers"),
            &[
                ("relation", "partner"),
                ("givenNames", "Freweini"),
                ("familyName", "Gebreyesus"),
                ("birthDate", "00-03-1993"),
                ("status", "aangevraagd"),
                ("statusOn", &nl(30)),
                ("note", "Wacht in Addis Abeba"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let dossier = km.get(&format!("/personen/{id}")).await;
    assert!(dossier.body.contains("Freweini Gebreyesus") && dossier.body.contains("00-03-1993"), "{}", dossier.body);
    assert!(dossier.body.contains("Aanvraag gezinshereniging ingediend"));

    let n = app.services.store.read(|c| regie_store::names::nareizigers_of(c, &id)).unwrap()[0].id;
    let step = format!("/personen/{id}/nareizigers/{n}/stand");
    let r = km.post_form(&step, &[("status", "aangekomen"), ("statusOn", &nl(2))]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "an arrival needs a grant first");
    assert!(r.body.contains(&format!("id=\"fout-nareiziger-{n}-status\"")), "{}", r.body);
    let r = km.post_form(&step, &[("status", "ingewilligd"), ("statusOn", &nl(2))]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(km.get(&format!("/personen/{id}")).await.body.contains("Aanvraag ingewilligd (mvv)"));

    let mut api = app.api("klantmanager", &["GM0361"]);
    let path = format!("/api/v1/persons/{id}/nareizigers");
    let r = api
        .post_json(
            &path,
            &json!({ "relation": "kind", "familyName": "Gebreyesus", "status": "verwacht", "statusOn": "2026-10-01" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let child = r.json()["nareizigerId"].as_i64().unwrap();
    let items = api.get(&path).await.json()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 2);
    assert_eq!((items[1]["birthYear"].clone(), items[1]["status"].clone()), (json!(null), json!("verwacht")));
    let r = api
        .post_json(&format!("{path}/{child}/status"), &json!({ "status": "ingewilligd", "statusOn": "2026-10-02" }))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "a grant needs an application first");
    assert_eq!(r.json()["invalidParams"][0]["name"], "status");
    let r = api
        .post_json(&format!("{path}/{child}/status"), &json!({ "status": "vervallen", "statusOn": "2026-10-02" }))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let mut heiloo = app.api("klantmanager", &["GM0399"]);
    assert_eq!(heiloo.get(&path).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_arrived_nareiziger_is_linked_to_their_own_dossier_from_the_screen_and_the_api() {
    let app = TestApp::new();
    let id = newcomer(&app, "5558880005").await;
    let mut km = app.login("klantmanager").await;
    let nl = |days: u64| (app.clock.today() - chrono::Days::new(days)).format("%d-%m-%Y").to_string();
    let base = format!("/personen/{id}/nareizigers");
    let r = km
        .post_form(
            &base,
            &[
                ("relation", "partner"),
                ("familyName", "Gebreyesus"),
                ("givenNames", "Freweini"),
                ("status", "ingewilligd"),
                ("statusOn", &nl(30)),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let n = app.services.store.read(|c| regie_store::names::nareizigers_of(c, &id)).unwrap()[0].id;
    let link = format!("{base}/{n}/dossier");
    assert!(!km.get(&format!("/personen/{id}")).await.body.contains(&link), "no link form before the arrival");
    let r = km.post_form(&format!("{base}/{n}/stand"), &[("status", "aangekomen"), ("statusOn", &nl(3))]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(km.get(&format!("/personen/{id}")).await.body.contains(&link), "the link form once arrived");

    // Her own registration is not there yet: 422 beside the field, nothing linked.
    let r = km.post_form(&link, &[("vNummer", "5558880006")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains(&format!("id=\"fout-nareiziger-{n}-aankomst-vNummer\"")), "{}", r.body);
    assert!(r.body.contains("Registreer de nareiziger eerst"), "{}", r.body);

    let partner = newcomer(&app, "5558880006").await;
    let r = km.post_form(&link, &[("vNummer", "5558880006")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let dossier = km.get(&format!("/personen/{id}")).await;
    assert!(dossier.body.contains(&format!("href=\"/personen/{partner}\"")), "{}", dossier.body);
    assert!(!dossier.body.contains(&link), "linked: the form is gone");
    let hers = km.get(&format!("/personen/{partner}")).await;
    assert!(hers.body.contains("als nareiziger (echtgenoot of partner)"), "{}", hers.body);
    assert!(hers.body.contains(&format!("href=\"/personen/{id}\"")));

    // The API shows the link; the same again is accepted; a second person is refused (409).
    let mut api = app.api("klantmanager", &["GM0361"]);
    let path = format!("/api/v1/persons/{id}/nareizigers");
    assert_eq!(api.get(&path).await.json()["items"][0]["arrivedPersonId"], json!(partner));
    let r = api.post_json(&format!("{path}/{n}/person"), &json!({ "vNummer": "5558880006" })).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    newcomer(&app, "5558880007").await;
    let r = api.post_json(&format!("{path}/{n}/person"), &json!({ "vNummer": "5558880007" })).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.content_type(), "application/problem+json");
    let r = api.post_json(&format!("{path}/{n}/person"), &json!({ "vNummer": "12" })).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()["invalidParams"][0]["name"], "vNummer");
    let mut heiloo = app.api("klantmanager", &["GM0399"]);
    let r = heiloo.post_json(&format!("{path}/{n}/person"), &json!({ "vNummer": "5558880006" })).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
