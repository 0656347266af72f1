//! The dossier's "Voortgang" section and the progress API: exam results and hour reports are
//! added by form (CSRF, redirect back to the dossier), a mistake comes back as 422 with the
//! Dutch message beside the field and nothing stored, the paid attempt and the MAP minimum show
//! on the page, the demo shows real progress, and the API answers problem+json for mistakes
//! and 404 outside the caller's municipalities.

mod common;

use axum::http::StatusCode;
use common::TestApp;

fn days_ago(app: &TestApp, n: u64) -> String {
    (app.clock.today() - chrono::Days::new(n)).format("%d-%m-%Y").to_string()
}

fn counts(app: &TestApp, id: &str) -> (usize, usize) {
    app.services
        .store
        .read(|c| {
            Ok((
                regie_store::progress::exam_attempts_of(c, id)?.len(),
                regie_store::progress::hour_reports_of(c, id)?.len(),
            ))
        })
        .expect("read")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exam_results_and_hours_are_added_on_the_dossier() {
    let app = TestApp::new();
    let id = app.in_azc();
    let mut c = app.login("klantmanager").await;
    let page = c.get(&format!("/personen/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for part in ["id=\"voortgang\"", "action=\"/personen/", "/examens\"", "/uren\"", "Nog geen examenresultaten"] {
        assert!(page.body.contains(part), "{part}");
    }
    let exam = |date: String, result: &'static str| {
        vec![("exam", "knm".to_string()), ("examDate", date), ("result", result.to_string())]
    };
    for (days, result) in [(60, "gezakt"), (30, "niet_verschenen"), (5, "gezakt")] {
        let fields = exam(days_ago(&app, days), result);
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = c.post_form(&format!("/personen/{id}/examens"), &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.location(), format!("/personen/{id}"));
    }
    let hours = [
        ("providerName", "Werkplein Alkmaar"),
        ("component", "map"),
        ("periodFrom", "01-10-2026"),
        ("periodTo", "31-10-2026"),
        ("hoursAttended", "39,5"),
        ("hoursPlanned", "40"),
        ("keurmerk", "ja"),
    ];
    let r = c.post_form(&format!("/personen/{id}/uren"), &hours).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(counts(&app, &id), (3, 1));
    let page = c.get(&format!("/personen/{id}")).await;
    for part in [
        "KNM (Kennis van de Nederlandse Maatschappij)",
        "(betaalde poging)",
        "Geen gratis poging meer: een nieuwe poging is betaald",
        "Werkplein Alkmaar",
        "39,5 uur",
        "40 uur",
        "01-10-2026 t/m 31-10-2026",
    ] {
        assert!(page.body.contains(part), "{part}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mistakes_come_back_in_dutch_beside_the_fields_and_nothing_is_stored() {
    let app = TestApp::new();
    let id = app.in_azc();
    let mut c = app.login("klantmanager").await;
    let before = counts(&app, &id);
    let tomorrow = (app.clock.today() + chrono::Days::new(1)).format("%d-%m-%Y").to_string();
    let r = c
        .post_form(&format!("/personen/{id}/examens"), &[("exam", "knm"), ("examDate", &tomorrow), ("result", "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Kies het resultaat: geslaagd, gezakt of niet verschenen."));
    assert!(r.body.contains("href=\"#veld-examen-result\""), "{}", r.body);
    assert!(r.body.contains(&tomorrow), "the values are kept");
    let r = c
        .post_form(
            &format!("/personen/{id}/uren"),
            &[("providerName", "T"), ("component", "map"), ("hoursAttended", "12,25"), ("hoursPlanned", "4")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for part in [
        "href=\"#veld-uren-providerName\"",
        "href=\"#veld-uren-periodFrom\"",
        "href=\"#veld-uren-hoursAttended\"",
        "in hele of halve uren",
    ] {
        assert!(r.body.contains(part), "{part}");
    }
    // A form without its CSRF token is refused before anything is judged.
    let raw = c.post_raw_form(&format!("/personen/{id}/uren"), &[("providerName", "Taalschool")]).await;
    assert_eq!(raw.status, StatusCode::FORBIDDEN);
    assert_eq!(counts(&app, &id), before);
    // Roles without the dossier see no page and write nothing.
    let mut finance = app.login("financien").await;
    let r = finance.post_form(&format!("/personen/{id}/uren"), &[("providerName", "Taalschool")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_shows_exam_results_and_hours() {
    let app = TestApp::new();
    let with_reports = app
        .person_ids_in("GM0361")
        .into_iter()
        .find(|id| counts(&app, id).1 > 0)
        .expect("a demo person with hour reports");
    let mut c = app.login("klantmanager").await;
    let page = c.get(&format!("/personen/{with_reports}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for part in ["Taalschool Noord", "Geslaagd", "Gehaald", "MAP (Module Arbeidsmarkt en Participatie)"] {
        assert!(page.body.contains(part), "{part}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_records_and_lists_progress_with_problem_json_for_mistakes() {
    let app = TestApp::new();
    let id = app.in_azc();
    let mut api = app.api("klantmanager", &["GM0361"]);
    let exams = format!("/api/v1/persons/{id}/exam-attempts");
    let today = app.clock.today();
    let future = (today + chrono::Days::new(3)).to_string();
    let bad =
        api.post_json(&exams, &serde_json::json!({ "exam": "b1_lezen", "examDate": future, "result": "gezakt" })).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.content_type(), "application/problem+json");
    assert_eq!(bad.json()["invalidParams"][0]["name"], "examDate");
    let on = (today - chrono::Days::new(10)).to_string();
    for _ in 0..3 {
        let r =
            api.post_json(&exams, &serde_json::json!({ "exam": "b1_lezen", "examDate": on, "result": "gezakt" })).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert!(r.json()["examAttemptId"].as_i64().is_some());
    }
    let list = api.get(&exams).await.json();
    let paid: Vec<bool> = list["items"].as_array().unwrap().iter().map(|a| a["paid"].as_bool().unwrap()).collect();
    assert_eq!(paid, [false, false, true]);
    let lezen = list["exams"].as_array().unwrap().iter().find(|e| e["exam"] == "b1_lezen").unwrap().clone();
    assert_eq!((lezen["attempts"].as_i64(), lezen["freeAttemptsLeft"].as_i64()), (Some(3), Some(0)));

    let hours = format!("/api/v1/persons/{id}/hour-reports");
    let from = (today - chrono::Days::new(30)).to_string();
    let to = (today - chrono::Days::new(1)).to_string();
    let body = |attended: f64| {
        serde_json::json!({ "providerName": "Buurthuis", "component": "pvt", "periodFrom": from, "periodTo": to,
            "hoursAttended": attended, "hoursPlanned": 12, "keurmerk": true })
    };
    let bad = api.post_json(&hours, &body(7.25)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["invalidParams"][0]["name"], "hoursAttended");
    let r = api.post_json(&hours, &body(12.0)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let list = api.get(&hours).await.json();
    assert_eq!(list["items"][0]["hoursAttended"], 12.0);
    let pvt = list["totals"].as_array().unwrap().iter().find(|t| t["component"] == "pvt").unwrap().clone();
    assert_eq!((pvt["minimumHours"].as_i64(), pvt["minimumMet"].as_bool()), (Some(12), Some(true)));

    let mut heiloo = app.api("klantmanager", &["GM0399"]);
    assert_eq!(heiloo.get(&exams).await.status, StatusCode::NOT_FOUND);
    assert_eq!(heiloo.post_json(&hours, &body(1.0)).await.status, StatusCode::NOT_FOUND);
}
