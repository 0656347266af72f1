//! The dossier's documents, consents and referrals on screen and in the API: the upload form
//! (multipart with its CSRF field), the download, withdrawal, consents and referrals with their
//! outcome, Dutch errors beside the fields with nothing stored, and health documents hidden
//! from the COA case manager.

mod common;

use axum::http::StatusCode;
use common::TestApp;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n";

fn documents(app: &TestApp, id: &str) -> Vec<regie_store::dossier::DocumentRow> {
    app.services.store.read(|c| regie_store::dossier::documents_of(c, id)).expect("read")
}

fn days_ago(app: &TestApp, n: u64) -> String {
    (app.clock.today() - chrono::Days::new(n)).format("%d-%m-%Y").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_is_uploaded_downloaded_and_withdrawn_on_the_dossier() {
    let app = TestApp::new();
    let id = app.in_azc();
    let mut c = app.login("klantmanager").await;
    let page = c.get(&format!("/personen/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for section in
        ["id=\"documenten\"", "id=\"toestemmingen\"", "id=\"verwijzingen\"", "enctype=\"multipart/form-data\""]
    {
        assert!(page.body.contains(section), "{section}");
    }
    let before = documents(&app, &id).len();
    let r = c
        .post_multipart(
            &format!("/personen/{id}/documenten"),
            &[("docType", "identiteitsbewijs"), ("note", "Paspoort, kopie")],
            &[("document", "paspoort.pdf", PDF)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/personen/{id}"));
    let docs = documents(&app, &id);
    assert_eq!(docs.len(), before + 1);
    let doc = docs.last().expect("stored");
    assert_eq!((doc.doc_type.as_str(), doc.content_type.as_str()), ("identiteitsbewijs", "application/pdf"));
    let page = c.get(&format!("/personen/{id}")).await;
    assert!(page.body.contains("paspoort.pdf") && page.body.contains("Identiteitsbewijs"));
    let audits = app.audit_count();
    let download = c.get(&format!("/personen/{id}/documenten/{}", doc.id)).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.content_type(), "application/pdf");
    let disposition = download.headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment;") && disposition.contains("paspoort.pdf"), "{disposition}");
    assert_eq!(download.body.as_bytes(), PDF);
    assert!(app.audit_count() > audits, "the download is audited");
    // Withdrawn with a reason: kept, no longer listed or served.
    let short = c.post_form(&format!("/personen/{id}/documenten/{}/intrekken", doc.id), &[("reason", "nee")]).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("Geef de reden (5 tot 2000 tekens)."));
    assert!(short.body.contains(&format!("href=\"#veld-document-{}-reason\"", doc.id)));
    let r = c
        .post_form(&format!("/personen/{id}/documenten/{}/intrekken", doc.id), &[("reason", "Verkeerde persoon")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = c.get(&format!("/personen/{id}")).await;
    assert!(!page.body.contains("paspoort.pdf"));
    assert!(page.body.contains("ingetrokken document is bewaard"));
    assert_eq!(c.get(&format!("/personen/{id}/documenten/{}", doc.id)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(documents(&app, &id).len(), before + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_upload_shows_the_form_again_in_dutch_and_stores_nothing() {
    let app = TestApp::new();
    let id = app.in_azc();
    let mut c = app.login("klantmanager").await;
    let before = documents(&app, &id).len();
    let r = c
        .post_multipart(
            &format!("/personen/{id}/documenten"),
            &[("docType", "diploma"), ("note", "Mbo-diploma")],
            &[("document", "diploma.pdf", b"MZ\x90\x00 not a pdf")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Er is een probleem"));
    assert!(r.body.contains("Alleen een PDF, PNG of JPEG kan worden opgeslagen."));
    assert!(r.body.contains("href=\"#veld-document-document\""));
    assert!(r.body.contains("aria-invalid=\"true\" aria-describedby=\"fout-document-document\""));
    // The values are kept.
    assert!(r.body.contains("value=\"Mbo-diploma\""));
    let r = c.post_multipart(&format!("/personen/{id}/documenten"), &[("docType", "")], &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Kies het soort document."));
    assert!(r.body.contains("Kies het bestand dat u wilt toevoegen (PDF, PNG of JPEG)."));
    // Without the CSRF field nothing is read at all.
    let forged = c
        .post_multipart_raw(
            &format!("/personen/{id}/documenten"),
            &[("docType", "diploma")],
            &[("document", "diploma.pdf", PDF)],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(documents(&app, &id).len(), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_referral_that_shares_data_waits_for_the_consent_and_its_outcome_is_recorded_once() {
    let app = TestApp::new();
    let id = app.in_azc();
    let mut c = app.login("klantmanager").await;
    let referral = [
        ("partnerName", "Taalhuis Alkmaar"),
        ("kind", "taalaanbieder"),
        ("goal", "Oefenen met spreken"),
        ("sharesData", "ja"),
    ];
    let on = days_ago(&app, 3);
    let mut fields = referral.to_vec();
    fields.push(("referredOn", &on));
    let r = c.post_form(&format!("/personen/{id}/verwijzingen"), &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Er is geen geldige toestemming om gegevens te delen met partners"));
    assert!(r.body.contains("href=\"#veld-verwijzing-sharesData\""));
    assert!(r.body.contains("value=\"Taalhuis Alkmaar\""));
    let stored = || app.services.store.read(|c| regie_store::dossier::referrals_of(c, &id)).expect("read");
    assert!(stored().is_empty());
    let given = days_ago(&app, 10);
    let r = c
        .post_form(&format!("/personen/{id}/toestemmingen"), &[("kind", "delen_met_partners"), ("givenOn", &given)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = c.post_form(&format!("/personen/{id}/verwijzingen"), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let referral_id = stored()[0].id;
    let page = c.get(&format!("/personen/{id}")).await;
    assert!(page.body.contains("Taalhuis Alkmaar") && page.body.contains("Gegevens delen met partnerorganisaties"));
    let outcome = |o: &'static str| vec![("outcome", o), ("note", "Twee ochtenden")];
    let when = days_ago(&app, 1);
    let path = format!("/personen/{id}/verwijzingen/{referral_id}/uitkomst");
    let mut first = outcome("gestart");
    first.push(("outcomeOn", &when));
    assert_eq!(c.post_form(&path, &first).await.status, StatusCode::SEE_OTHER);
    assert_eq!(c.post_form(&path, &first).await.status, StatusCode::SEE_OTHER, "the same outcome again");
    let mut other = outcome("afgewezen");
    other.push(("outcomeOn", &when));
    let r = c.post_form(&path, &other).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("De uitkomst van deze verwijzing is al vastgelegd"));
    assert_eq!(stored()[0].outcome.as_deref(), Some("gestart"));
    // The consent withdrawn: still in the history.
    let consent = app.services.store.read(|c| regie_store::dossier::consents_of(c, &id)).expect("read")[0].id;
    let r = c
        .post_form(
            &format!("/personen/{id}/toestemmingen/{consent}/intrekken"),
            &[("withdrawnOn", &when), ("reason", "Wil niet meer delen")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = c.get(&format!("/personen/{id}")).await;
    assert!(page.body.contains("Wil niet meer delen"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_medical_statement_is_hidden_from_the_coa_case_manager() {
    let app = TestApp::new();
    let id = app.in_azc();
    let mut km = app.login("klantmanager").await;
    let r = km
        .post_multipart(
            &format!("/personen/{id}/documenten"),
            &[("docType", "medische_verklaring")],
            &[("document", "verklaring-huisarts.pdf", PDF)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let doc = documents(&app, &id).last().expect("stored").id;
    assert!(km.get(&format!("/personen/{id}")).await.body.contains("verklaring-huisarts.pdf"));
    let mut coa = app.login("coa").await;
    let page = coa.get(&format!("/personen/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("verklaring-huisarts.pdf"));
    assert!(!page.body.contains("value=\"medische_verklaring\""), "not offered either");
    assert_eq!(coa.get(&format!("/personen/{id}/documenten/{doc}")).await.status, StatusCode::NOT_FOUND);
    let mut finance = app.login("financien").await;
    assert_eq!(finance.get(&format!("/personen/{id}/documenten/{doc}")).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_uploads_lists_and_serves_documents_with_problem_json_for_mistakes() {
    let app = TestApp::new();
    let id = app.in_azc();
    let mut api = app.api("klantmanager", &["GM0361"]);
    let path = format!("/api/v1/persons/{id}/documents");
    let bad = api
        .post_json(
            &path,
            &serde_json::json!({ "type": "diploma", "name": "d.pdf", "contentType": "application/pdf", "contentBase64": "TVqQAA==" }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.content_type(), "application/problem+json");
    assert_eq!(bad.json()["invalidParams"][0]["name"], "document");
    let created = api
        .post_json(
            &path,
            &serde_json::json!({ "type": "diploma", "name": "d.pdf", "contentType": "application/pdf", "contentBase64": "JVBERi0xLjQKJSVFT0YK" }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let doc = created.json()["documentId"].as_i64().expect("id");
    let list = api.get(&path).await.json();
    assert!(list["items"].as_array().unwrap().iter().any(|d| d["id"] == doc && d["type"] == "diploma"));
    let file = api.get(&format!("{path}/{doc}")).await;
    assert_eq!((file.status, file.content_type()), (StatusCode::OK, "application/pdf"));
    assert!(file.body.starts_with("%PDF-1.4"));
    let referral = api
        .post_json(
            &format!("/api/v1/persons/{id}/referrals"),
            &serde_json::json!({ "partnerName": "Schuldhulp Alkmaar", "kind": "schuldhulp",
                "referredOn": (app.clock.today() - chrono::Days::new(2)).to_string(), "goal": "Budgetcoaching", "sharesData": true }),
        )
        .await;
    assert_eq!(referral.status, StatusCode::BAD_REQUEST);
    assert_eq!(referral.json()["invalidParams"][0]["name"], "sharesData");
    let mut heiloo = app.api("klantmanager", &["GM0399"]);
    assert_eq!(heiloo.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(heiloo.get(&format!("{path}/{doc}")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_closed_case_the_dossier_still_offers_to_withdraw_a_consent_and_nothing_else() {
    let app = TestApp::new();
    let id = app.in_azc();
    let km = regie_service::ontzorging::runs::operator(&app.services, "klantmanager").expect("klantmanager");
    let consent = regie_service::cases::consents::ConsentInput {
        kind: "delen_met_partners".into(),
        given_on: days_ago(&app, 3),
        ..Default::default()
    };
    let consent_id = regie_service::cases::consents::give(&app.services, &km, &id, &consent).expect("given");
    let lead = regie_service::ontzorging::runs::operator(&app.services, "teamleider").expect("teamleider");
    regie_service::cases::dossier::withdraw(&app.services, &lead, &id, "DUO-correctie: geen inburgeringsplicht")
        .expect("withdrawn");
    let mut c = app.login("klantmanager").await;
    let page = c.get(&format!("/personen/{id}")).await;
    let withdraw = format!("/personen/{id}/toestemmingen/{consent_id}/intrekken");
    assert!(page.body.contains(&withdraw), "the withdrawal stays possible");
    assert!(!page.body.contains("enctype=\"multipart/form-data\""), "no new documents on a closed case");
    let r = c.post_form(&withdraw, &[("withdrawnOn", &days_ago(&app, 0)), ("reason", "Wil niets meer delen")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let kept = app.services.store.read(|c| regie_store::dossier::consents_of(c, &id)).expect("read");
    assert_eq!(kept[0].withdrawn_reason.as_deref(), Some("Wil niets meer delen"));
}
