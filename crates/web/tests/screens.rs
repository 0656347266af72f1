//! Staff screens: registration form errors, administration, the merger, the audit screen.

mod common;

use axum::http::StatusCode;
use common::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_bsn_iban_and_postcode_in_a_form_get_dutch_errors_and_store_nothing() {
    let app = TestApp::new();
    let mut c = app.login("klantmanager").await;
    assert_eq!(c.get("/personen/nieuw").await.status, StatusCode::OK);
    let before = app.person_count();
    let fields = [
        ("familyName", "Haddad"),
        ("givenNames", "Rama"),
        ("birthDate", "07-03-1991"),
        ("vNummer", "1112223334"),
        ("bsn", "123456789"),
        ("nationality", "Syrische"),
        ("targetGroup", "asielstatushouder"),
        ("municipalityCode", "GM0361"),
        ("postcode", "0811AB"),
        ("iban", "NL00ABNA0417164300"),
    ];
    let r = c.post_form("/personen", &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Er is een probleem"));
    assert!(r.body.contains("elfproef"));
    assert!(r.body.contains("Een postcode bestaat uit 4 cijfers"));
    assert!(r.body.contains("Dit IBAN klopt niet"));
    assert!(r.body.contains("value=\"Haddad\""), "entered values are kept");
    assert_eq!(app.person_count(), before);

    let mut good = fields.to_vec();
    good.retain(|(k, _)| !matches!(*k, "bsn" | "postcode" | "iban"));
    good.extend([("bsn", "111222333"), ("postcode", "1811 ab"), ("iban", "NL91ABNA0417164300")]);
    let ok = c.post_form("/personen", &good).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let detail = c.get(ok.location()).await;
    assert!(detail.body.contains("1811 AB") && detail.body.contains("NL91 ABNA 0417 1643 00"));
    assert_eq!(app.person_count(), before + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_merger_kept_history_and_a_new_merger_moves_open_cases() {
    let app = TestApp::new();
    // The demo region was built through the real merger: Dijk en Waard persons who arrived
    // in 2021 still show Heerhugowaard or Langedijk in their history.
    let dw = app.person_ids_in("GM1980");
    let moved: Vec<_> = dw
        .iter()
        .filter_map(|id| app.services.store.read(|c| regie_store::persons::history(c, id)).ok())
        .filter(|h| h.len() == 2)
        .collect();
    assert!(!moved.is_empty());
    for h in &moved {
        assert!(["GM0398", "GM0416"].contains(&h[0].municipality_code.as_str()));
        assert_eq!(h[0].valid_to, Some(h[1].valid_from));
        assert_eq!(h[1].municipality_code, "GM1980");
    }

    // A merger moves open cases; closed ones keep their municipality as history.
    let open_in = |code: &str| app.services.store.read(|c| regie_store::persons::open_ids_in(c, code)).expect("ids");
    let uitgeest = open_in("GM0450").len();
    let castricum = open_in("GM0383").len();
    let closed_uitgeest = app.person_ids_in("GM0450").len() - uitgeest;
    let audits = app.audit_count();
    let mut admin = app.login("beheerder").await;
    let bad = admin.post_form("/beheer/gemeenten/herindeling", &[("opvolger", "GM9999"), ("datum", "morgen")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = admin
        .post_form(
            "/beheer/gemeenten/herindeling",
            &[
                ("gemeenten", "GM0450"),
                ("gemeenten", "GM0383"),
                ("opvolger", "GM2050"),
                ("naam", "Castricum-Uitgeest"),
                ("datum", "01-01-2027"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(&format!("{} lopende trajecten", uitgeest + castricum)));
    assert_eq!(app.person_ids_in("GM2050").len(), uitgeest + castricum);
    assert_eq!(app.person_ids_in("GM0450").len(), closed_uitgeest);
    assert!(open_in("GM0450").is_empty());
    assert!(app.audit_count() > audits, "the merger is audited");
    // Staff who served Uitgeest now serve the successor too.
    let mut tl = app.login("teamleider").await;
    let home = tl.get("/").await;
    assert!(home.body.contains("Castricum-Uitgeest"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_manage_accounts_and_tokens_from_the_screen() {
    let app = TestApp::new();
    let mut admin = app.login("beheerder").await;
    for page in [
        "/beheer",
        "/beheer/gebruikers",
        "/beheer/organisaties",
        "/beheer/gemeenten",
        "/beheer/mandaten",
        "/beheer/tokens",
    ] {
        assert_eq!(admin.get(page).await.status, StatusCode::OK, "{page}");
    }
    let weak = admin
        .post_form(
            "/beheer/gebruikers",
            &[
                ("gebruikersnaam", "x"),
                ("naam", ""),
                ("email", "geen"),
                ("wachtwoord", "kort"),
                ("organisatie", "Onbekend"),
                ("rol", "koning"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    for m in [
        "Een gebruikersnaam heeft",
        "Vul een geldig e-mailadres in",
        "ten minste 12 tekens",
        "Onbekende rol",
        "Deze organisatie bestaat niet",
    ] {
        assert!(weak.body.contains(m), "{m}");
    }
    let created = admin
        .post_form(
            "/beheer/tokens",
            &[
                ("naam", "koppeling COA"),
                ("rol", "coa"),
                ("gemeente", "GM0361"),
                ("organisatie", regie_service::demo::COA),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let token = common::between(&created.body, "id=\"nieuw-token\" class=\"secret\">", "<");
    assert!(token.starts_with("rg_"));
    let listed = admin.get("/beheer/tokens").await;
    assert!(!listed.body.contains(&token), "a token is shown once only");

    // Disabling a user ends their session at once.
    let mut km = app.login("klantmanager").await;
    let users = regie_service::admin::list_users(&app.services, &regie_service::Actor::system("t")).unwrap();
    let id = users.iter().find(|u| u.user.username == "klantmanager").unwrap().user.id;
    admin.post_form(&format!("/beheer/gebruikers/{id}/blokkeren"), &[]).await;
    assert_eq!(km.get("/personen").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auditors_search_and_export_the_log() {
    let app = TestApp::new();
    let mut km = app.login("klantmanager").await;
    let id = app.person_ids_in("GM0361")[0].clone();
    km.get(&format!("/personen/{id}")).await;
    app.services.flush_audit();
    let mut auditor = app.login("auditor").await;
    let r = auditor.get(&format!("/audit?persoon={id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    // The person's page is the dossier: its read is audited as a read of the case.
    assert!(r.body.contains("case.read") && r.body.contains("klantmanager"));
    let bad = auditor.get("/audit?van=gisteren").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let csv = auditor.get(&format!("/audit/export.csv?persoon={id}")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.content_type().starts_with("text/csv"));
    assert!(csv.body.contains("volgnummer;tijdstip;actor") && csv.body.contains("case.read"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_are_assigned_and_withdrawn_and_take_effect() {
    let app = TestApp::new();
    let mut admin = app.login("beheerder").await;
    let users = regie_service::admin::list_users(&app.services, &regie_service::Actor::system("t")).unwrap();
    let heiloo = users.iter().find(|u| u.user.username == "klantmanager.heiloo").unwrap().user.id;
    let alkmaar_person = app.person_ids_in("GM0361")[0].clone();

    let mut km = app.login("klantmanager.heiloo").await;
    assert_eq!(km.get(&format!("/personen/{alkmaar_person}")).await.status, StatusCode::NOT_FOUND);

    let bad = admin.post_form(&format!("/beheer/gebruikers/{heiloo}/rollen"), &[("rol", "klantmanager")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Kies ten minste één gemeente"));
    let ok = admin
        .post_form(&format!("/beheer/gebruikers/{heiloo}/rollen"), &[("rol", "klantmanager"), ("gemeente", "GM0361")])
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(
        km.get(&format!("/personen/{alkmaar_person}")).await.status,
        StatusCode::OK,
        "the new scope applies at once"
    );

    let gone = admin
        .post_form(
            &format!("/beheer/gebruikers/{heiloo}/rollen/intrekken"),
            &[("rol", "klantmanager"), ("gemeente", "GM0361")],
        )
        .await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER);
    assert_eq!(km.get(&format!("/personen/{alkmaar_person}")).await.status, StatusCode::NOT_FOUND);
}
