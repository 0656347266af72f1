//! Withdrawing an hour report or a participation recorded in error, on the dossier and through
//! the API: a reason is required (422 beside the field on screen, problem+json in the API, and
//! nothing changes), the row stays visible with who withdrew it and why, it no longer counts in
//! the totals, a second withdrawal or another municipality's caller finds nothing, and a form
//! without its CSRF token is refused.

mod common;

use axum::http::StatusCode;
use common::TestApp;

fn hour_reports(app: &TestApp, id: &str) -> Vec<regie_store::progress::HourReportRow> {
    app.services.store.read(|c| regie_store::progress::hour_reports_of(c, id)).expect("read")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_hour_report_is_withdrawn_on_the_dossier_with_its_reason_and_no_longer_counts() {
    let app = TestApp::new();
    let id = app.in_azc();
    let mut c = app.login("klantmanager").await;
    let hours = [
        ("providerName", "Werkplein Alkmaar"),
        ("component", "map"),
        ("periodFrom", "01-10-2026"),
        ("periodTo", "31-10-2026"),
        ("hoursAttended", "39,5"),
        ("hoursPlanned", "40"),
        ("keurmerk", "ja"),
    ];
    assert_eq!(c.post_form(&format!("/personen/{id}/uren"), &hours).await.status, StatusCode::SEE_OTHER);
    let report = hour_reports(&app, &id)[0].id;
    let page = c.get(&format!("/personen/{id}")).await;
    let action = format!("/personen/{id}/uren/{report}/intrekken");
    assert!(page.body.contains(&action) && page.body.contains("Telt mee"), "the withdrawal form is on the row");

    // Without a reason: the page again, the form unfolded with the mistake beside the field.
    let r = c.post_form(&action, &[("reason", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(&format!("veld-uren-{report}-reason")), "the mistake names the row's field");
    assert!(r.body.contains("Geef de reden"), "{}", r.body);
    assert!(hour_reports(&app, &id)[0].withdrawn_at.is_none());
    // Without the CSRF token: refused, nothing changes.
    let r = c.post_raw_form(&action, &[("reason", "Dubbel opgegeven")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(hour_reports(&app, &id)[0].withdrawn_at.is_none());

    let r = c.post_form(&action, &[("reason", "Dubbel opgegeven door de aanbieder")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/personen/{id}"));
    let page = c.get(&format!("/personen/{id}")).await;
    assert!(page.body.contains("Ingetrokken op"), "the row stays, marked withdrawn");
    assert!(page.body.contains("Dubbel opgegeven door de aanbieder"));
    assert!(!page.body.contains(&action), "a withdrawn row has no withdrawal form");
    // Again: the report is no longer there to withdraw.
    let r = c.post_form(&action, &[("reason", "Nog een keer")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_withdraws_hour_reports_and_participations_with_problem_json_for_mistakes() {
    let app = TestApp::new();
    let id = app.in_azc();
    let mut api = app.api("klantmanager", &["GM0361"]);
    let today = app.clock.today();
    let (from, to) = ((today - chrono::Days::new(30)).to_string(), (today - chrono::Days::new(1)).to_string());
    let hours = format!("/api/v1/persons/{id}/hour-reports");
    let report = api
        .post_json(
            &hours,
            &serde_json::json!({ "providerName": "Buurthuis", "component": "pvt", "periodFrom": from, "periodTo": to,
                "hoursAttended": 12, "hoursPlanned": 12, "keurmerk": true }),
        )
        .await
        .json()["hourReportId"]
        .as_i64()
        .expect("created");
    let withdrawal = format!("/api/v1/persons/{id}/hour-reports/{report}/withdrawal");
    let bad = api.post_json(&withdrawal, &serde_json::json!({ "reason": "" })).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.content_type(), "application/problem+json");
    assert_eq!(bad.json()["invalidParams"][0]["name"], "reason");
    let unknown_field = api.post_json(&withdrawal, &serde_json::json!({ "reason": "Fout", "extra": 1 })).await;
    assert_eq!(unknown_field.status, StatusCode::BAD_REQUEST);
    let mut heiloo = app.api("klantmanager", &["GM0399"]);
    let other = heiloo.post_json(&withdrawal, &serde_json::json!({ "reason": "Dubbel opgegeven" })).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert!(hour_reports(&app, &id)[0].withdrawn_at.is_none(), "nothing changed");

    let r = api.post_json(&withdrawal, &serde_json::json!({ "reason": "Dubbel opgegeven" })).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let list = api.get(&hours).await.json();
    assert_eq!(list["items"][0]["withdrawnReason"], "Dubbel opgegeven");
    assert!(list["items"][0]["withdrawnAt"].is_string());
    let pvt = list["totals"].as_array().unwrap().iter().find(|t| t["component"] == "pvt").unwrap().clone();
    assert_eq!((pvt["hoursAttended"].as_f64(), pvt["minimumMet"].as_bool()), (Some(0.0), Some(false)));
    let again = api.post_json(&withdrawal, &serde_json::json!({ "reason": "Dubbel opgegeven" })).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    let participations = format!("/api/v1/persons/{id}/participations");
    let row = api
        .post_json(
            &participations,
            &serde_json::json!({ "kind": "werk", "organisation": "Bakkerij", "periodFrom": from, "periodTo": to, "hours": 16 }),
        )
        .await
        .json()["participationId"]
        .as_i64()
        .expect("created");
    let r = api
        .post_json(
            &format!("{participations}/{row}/withdrawal"),
            &serde_json::json!({ "reason": "Andere persoon bedoeld" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let list = api.get(&participations).await.json();
    assert_eq!(list["items"][0]["withdrawnReason"], "Andere persoon bedoeld");
    let werk = list["totals"].as_array().unwrap().iter().find(|t| t["kind"] == "werk").unwrap().clone();
    assert_eq!((werk["periods"].as_i64(), werk["hours"].as_f64()), (Some(0), Some(0.0)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_participation_is_withdrawn_on_the_dossier_and_a_mistake_names_its_row() {
    let app = TestApp::new();
    let id = app.in_azc();
    let mut c = app.login("klantmanager").await;
    let participation = [
        ("kind", "vrijwilligerswerk"),
        ("organisation", "Voedselbank Alkmaar"),
        ("periodFrom", "01-10-2026"),
        ("periodTo", "31-10-2026"),
        ("hours", "16"),
    ];
    let r = c.post_form(&format!("/personen/{id}/participatie"), &participation).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let row = app.services.store.read(|c| regie_store::progress::participations_of(c, &id)).expect("read").remove(0).id;
    let action = format!("/personen/{id}/participatie/{row}/intrekken");
    let r = c.post_form(&action, &[("reason", "kort")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(&format!("veld-participatie-{row}-reason")), "the mistake names the row's field");
    let r = c.post_form(&action, &[("reason", "Andere persoon bedoeld")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = c.get(&format!("/personen/{id}")).await;
    assert!(page.body.contains("Ingetrokken op") && page.body.contains("Andere persoon bedoeld"));
    assert!(!page.body.contains(&action), "a withdrawn row has no withdrawal form");
    let mut heiloo = app.login("klantmanager.heiloo").await;
    assert_eq!(heiloo.post_form(&action, &[("reason", "Andere persoon bedoeld")]).await.status, StatusCode::NOT_FOUND);
}
