//! A provider's hour file on screen and the batch in the API: the upload needs CSRF, a dry run
//! stores nothing, the report comes after a redirect with counts only, the same file again adds
//! nothing, bad rows are listed with line, column and reason (422, nothing stored), the hours
//! show on the dossier; the API names `reports[i].field` and knows nobody outside the token's
//! municipalities.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use serde_json::json;

fn days_ago(app: &TestApp, n: u64) -> String {
    (app.clock.today() - chrono::Days::new(n)).format("%d-%m-%Y").to_string()
}

/// A new Alkmaar newcomer by the API; returns the person's id.
async fn newcomer(app: &TestApp, vnummer: &str) -> String {
    let mut km = app.api("klantmanager", &["GM0361"]);
    let body = json!({
        "vNummer": vnummer, "familyName": "Haile", "givenNames": "Selam", "birthYear": 1995, "gender": "V",
        "nationality": "Eritrese", "language": "Tigrinya", "municipalityCode": "GM0361",
        "koppelingDate": "2026-09-01", "householdNumber": "U-1"
    });
    let r = km.post_json("/api/v1/koppelingen", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["personId"].as_str().unwrap().to_string()
}

fn hours_of(app: &TestApp, id: &str) -> usize {
    app.services.store.read(|c| regie_store::progress::hour_reports_of(c, id)).unwrap().len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_hour_file_is_checked_then_read_once_and_bad_rows_are_listed() {
    let app = TestApp::new();
    let id = newcomer(&app, "5559990001").await;
    let mut km = app.login("klantmanager").await;
    let form = km.get("/urenopgaven/import").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("<h1>Urenopgaven inlezen</h1>") && form.body.contains("href=\"/urenopgaven/import\""));
    let header = "vnummer;aanbieder;onderdeel;periode_van;periode_tot;uren_aanwezig;uren_gepland;keurmerk";
    let (from, to) = (days_ago(&app, 45), days_ago(&app, 15));
    let good = format!(
        "{header}\r\n5559990001;Taalschool Noord;taal;{from};{to};24,5;26;ja\r\n5559990001;MAP Partners;map;{from};{to};12;12;nee\r\n"
    );
    let refs: &[(&str, &str, &[u8])] = &[("bestand", "uren.csv", good.as_bytes())];

    // Without the CSRF field nothing is read.
    let r = km.post_multipart_raw("/urenopgaven/import", &[], refs).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // A dry run reports and stores nothing.
    let r = km.post_multipart("/urenopgaven/import", &[("alleenControleren", "on")], refs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(!r.location().contains("5559990001"), "no identifier in the address");
    let report = km.get(r.location()).await;
    assert!(report.body.contains("Controle geslaagd"), "{}", report.body);
    assert!(report.body.contains("2 urenopgaven zouden nieuw worden vastgelegd, voor 1 persoon"), "{}", report.body);
    assert_eq!(hours_of(&app, &id), 0);

    // The real import, and the same file again.
    let r = km.post_multipart("/urenopgaven/import", &[], refs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(km.get(r.location()).await.body.contains("2 urenopgaven nieuw vastgelegd, voor 1 persoon"));
    assert_eq!(hours_of(&app, &id), 2);
    let r = km.post_multipart("/urenopgaven/import", &[], refs).await;
    let again = km.get(r.location()).await;
    assert!(again.body.contains("0 urenopgaven nieuw vastgelegd") && again.body.contains("2 al eerder vastgelegd"));
    assert_eq!(hours_of(&app, &id), 2);

    // The dossier shows the imported hours.
    let dossier = km.get(&format!("/personen/{id}")).await;
    assert!(dossier.body.contains("Taalschool Noord") && dossier.body.contains("24,5"), "{}", dossier.body);

    // Bad rows: every one listed, nothing stored; other hours for a recorded period too.
    let bad = format!(
        "{header}\r\n5559990001;Taalschool Noord;taal;{from};{to};20;26;ja\r\n5559990009;X;rekenen;{from};{to};1;1;ja\r\n"
    );
    let r = km.post_multipart("/urenopgaven/import", &[], &[("bestand", "uren.csv", bad.as_bytes())]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Regels met fouten (3)"), "{}", r.body);
    assert!(r.body.contains("24,5 uur aanwezig"), "{}", r.body);
    assert!(r.body.contains("&#39;rekenen&#39;"), "{}", r.body);
    assert!(!r.body.contains("5559990009"), "a V-nummer is never quoted back");
    assert_eq!(hours_of(&app, &id), 2);

    // A file that is not an hour file: the header is named.
    let wrong = "vnummer;achternaam\r\n5559990001;Haile\r\n";
    let r = km.post_multipart("/urenopgaven/import", &[], &[("bestand", "uren.csv", wrong.as_bytes())]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Deze verplichte kolommen ontbreken: aanbieder"), "{}", r.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_takes_a_batch_all_or_nothing_and_names_the_bad_reports() {
    let app = TestApp::new();
    let id = newcomer(&app, "5559990002").await;
    let mut api = app.api("klantmanager", &["GM0361"]);
    let report = |hours: f64| {
        json!({
            "vNummer": "5559990002", "providerName": "Taalschool Noord", "component": "taal",
            "periodFrom": "2026-10-01", "periodTo": "2026-10-31", "hoursAttended": hours, "hoursPlanned": 40,
            "keurmerk": true
        })
    };
    let mut second = report(10.0);
    second["component"] = json!("knm");
    second["periodFrom"] = json!("2026-11-30T00:00:00");
    let r = api.post_json("/api/v1/hour-report-imports", &json!({ "reports": [report(12.5), second] })).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.content_type(), "application/problem+json");
    assert_eq!(r.json()["invalidParams"][0]["name"], "reports[1].periodFrom", "{}", r.body);
    assert_eq!(hours_of(&app, &id), 0, "nothing of a refused batch is stored");

    let r = api.post_json("/api/v1/hour-report-imports", &json!({ "reports": [report(12.5)], "dryRun": true })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json(), json!({ "rows": 1, "created": 1, "alreadyPresent": 0, "persons": 1, "dryRun": true }));
    assert_eq!(hours_of(&app, &id), 0);
    let r = api.post_json("/api/v1/hour-report-imports", &json!({ "reports": [report(12.5)] })).await;
    assert_eq!(r.json()["created"], 1, "{}", r.body);
    let r = api.post_json("/api/v1/hour-report-imports", &json!({ "reports": [report(12.5)] })).await;
    assert_eq!((r.json()["created"].clone(), r.json()["alreadyPresent"].clone()), (json!(0), json!(1)));
    let r = api.post_json("/api/v1/hour-report-imports", &json!({ "reports": [report(12.25)] })).await;
    assert_eq!(r.json()["invalidParams"][0]["name"], "reports[0].hoursAttended", "{}", r.body);
    let r = api.post_json("/api/v1/hour-report-imports", &json!({ "reports": [] })).await;
    assert_eq!(r.json()["invalidParams"][0]["name"], "reports", "{}", r.body);
    assert_eq!(hours_of(&app, &id), 1);

    // Heiloo's token does not know the Alkmaar newcomer: the same answer as for nobody.
    let mut heiloo = app.api("klantmanager", &["GM0399"]);
    let r = heiloo.post_json("/api/v1/hour-report-imports", &json!({ "reports": [report(3.0)] })).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()["invalidParams"][0]["name"], "reports[0].vNummer");
    assert!(r.json()["invalidParams"][0]["reason"].as_str().unwrap().contains("geen persoon met dit V-nummer"));
    assert_eq!(hours_of(&app, &id), 1);
}
