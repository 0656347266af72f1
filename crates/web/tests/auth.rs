//! Signing in and its failures: wrong passwords that reveal nothing, lockout, the second
//! factor, session expiry, logout, CSRF.

mod common;

use axum::http::StatusCode;
use common::{TestApp, PASSWORD};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_reveals_nothing_about_the_account() {
    let app = TestApp::new();
    let mut c = app.client();
    c.get("/inloggen").await;
    let wrong =
        c.post_form("/inloggen", &[("gebruikersnaam", "klantmanager"), ("wachtwoord", "fout-wachtwoord")]).await;
    let unknown =
        c.post_form("/inloggen", &[("gebruikersnaam", "bestaat-niet"), ("wachtwoord", "fout-wachtwoord")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let msg = |b: &str| common::between(b, "id=\"fout-wachtwoord\">", "</p>");
    assert_eq!(msg(&wrong.body), msg(&unknown.body), "same message for a wrong password and an unknown account");
    assert!(!c.cookies.contains_key("regie_session"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failures_lock_the_account_without_saying_so() {
    let app = TestApp::new();
    let mut c = app.client();
    c.get("/inloggen").await;
    for _ in 0..5 {
        c.post_form("/inloggen", &[("gebruikersnaam", "auditor"), ("wachtwoord", "fout")]).await;
    }
    let correct = c.post_form("/inloggen", &[("gebruikersnaam", "auditor"), ("wachtwoord", PASSWORD)]).await;
    assert_eq!(correct.status, StatusCode::UNPROCESSABLE_ENTITY, "a locked account cannot log in");
    app.clock.advance(chrono::Duration::minutes(16));
    let later = c.post_form("/inloggen", &[("gebruikersnaam", "auditor"), ("wachtwoord", PASSWORD)]).await;
    assert_eq!(later.status, StatusCode::SEE_OTHER, "the lock ends after the lockout period");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn second_factor_is_required_and_checked() {
    let app = TestApp::new();
    let mut c = app.login("teamleider").await;
    assert_eq!(c.get("/").await.status, StatusCode::OK);
    c.post_form("/uitloggen", &[]).await;
    // Password alone does not open the application.
    let mut d = app.client();
    d.get("/inloggen").await;
    let r = d.post_form("/inloggen", &[("gebruikersnaam", "teamleider"), ("wachtwoord", PASSWORD)]).await;
    assert_eq!(r.location(), "/inloggen/code");
    let home = d.get("/").await;
    assert_eq!(home.location(), "/inloggen/code");
    let api = d.get("/api/v1/persons").await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    let bad = d.post_form("/inloggen/code", &[("code", "000000")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("klopt niet"));
    let letters = d.post_form("/inloggen/code", &[("code", "abc")]).await;
    assert!(letters.body.contains("6 cijfers"));
    // The session id changes when the second factor is done.
    let before = d.cookies.get("regie_session").cloned();
    d.login("teamleider", PASSWORD).await;
    assert_ne!(before, d.cookies.get("regie_session").cloned(), "session is rotated");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_expire_and_logout_ends_them() {
    let app = TestApp::new();
    let mut c = app.login("beheerder").await;
    assert_eq!(c.get("/beheer").await.status, StatusCode::OK);
    app.clock.advance(chrono::Duration::minutes(31));
    let expired = c.get("/beheer").await;
    assert_eq!(expired.status, StatusCode::SEE_OTHER);
    assert_eq!(expired.location(), "/inloggen?verlopen=1");
    let page = c.get("/inloggen?verlopen=1").await;
    assert!(page.body.contains("Uw sessie is verlopen"));

    let mut d = app.login("beheerder").await;
    let token = d.cookies.get("regie_session").cloned().unwrap_or_default();
    d.post_form("/uitloggen", &[]).await;
    let mut replay = app.client();
    replay.cookies.insert("regie_session".into(), token);
    assert_eq!(replay.get("/beheer").await.location(), "/inloggen?verlopen=1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_without_a_valid_csrf_token_change_nothing() {
    let app = TestApp::new();
    let mut c = app.login("beheerder").await;
    let users_before = app.services.store.read(regie_store::users::count).unwrap_or_default();
    let fields = [
        ("gebruikersnaam", "nieuwe.collega"),
        ("naam", "Nieuwe Collega"),
        ("email", "n@regie.example"),
        ("wachtwoord", "een-lang-wachtwoord"),
        ("organisatie", regie_service::demo::REGIONAL_ORG),
        ("rol", "klantmanager"),
        ("gemeente", "GM0361"),
    ];
    let missing = c.post_raw_form("/beheer/gebruikers", &fields).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert!(missing.body.contains("Formulier verlopen"));
    let mut wrong = fields.to_vec();
    wrong.push(("csrf", "0123456789abcdef"));
    assert_eq!(c.post_raw_form("/beheer/gebruikers", &wrong).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.services.store.read(regie_store::users::count).unwrap_or_default(), users_before);
    // With the token it works.
    let ok = c.post_form("/beheer/gebruikers", &fields).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    assert_eq!(app.services.store.read(regie_store::users::count).unwrap_or_default(), users_before + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_tokens_authenticate_and_revocation_ends_them() {
    let app = TestApp::new();
    let mut api = app.api("klantmanager", &["GM0361"]);
    assert_eq!(api.get("/api/v1/persons").await.status, StatusCode::OK);
    let mut nobody = app.client();
    nobody.bearer = Some("rg_niet-bestaand".into());
    let r = nobody.get("/api/v1/persons").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.content_type(), "application/problem+json");
    let tokens =
        regie_service::admin::list_tokens(&app.services, &regie_service::Actor::system("t")).unwrap_or_default();
    let id = tokens[0].0.id;
    regie_service::admin::revoke_token(&app.services, &regie_service::Actor::system("t"), id).expect("revoke");
    assert_eq!(api.get("/api/v1/persons").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_failed_logins_count_towards_the_address_limit() {
    let app = TestApp::new();
    let office = std::net::SocketAddr::from(([192, 0, 2, 10], 40000));
    // A whole office behind one address signs in without being throttled.
    for _ in 0..35 {
        let mut c = app.client();
        c.address = office;
        c.get("/inloggen").await;
        let r = c.post_form("/inloggen", &[("gebruikersnaam", "beleid"), ("wachtwoord", PASSWORD)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    // Guessing from one address is slowed down, whichever accounts are tried.
    let mut guesser = app.client();
    guesser.address = office;
    guesser.get("/inloggen").await;
    let mut last = StatusCode::OK;
    for i in 0..31 {
        let r = guesser.post_form("/inloggen", &[("gebruikersnaam", &format!("gok{i}")), ("wachtwoord", "fout")]).await;
        last = r.status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    let r = guesser.post_form("/inloggen", &[("gebruikersnaam", "beleid"), ("wachtwoord", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "a throttled address waits a minute");
    assert!(r.body.contains("Te veel pogingen"));
}

/// Signed-in sessions are resolved from a short-lived cache; a change of access made here must
/// still hold from the very next request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_taken_away_holds_from_the_next_request() {
    let app = TestApp::new();
    let mut km = app.login("klantmanager").await;
    let id = app.person_ids_in("GM0361")[0].clone();
    assert_eq!(km.get(&format!("/api/v1/persons/{id}")).await.status, StatusCode::OK);
    assert_eq!(km.get(&format!("/api/v1/persons/{id}")).await.status, StatusCode::OK, "served from the cache");
    let admin = regie_service::Actor::system("test");
    let users = regie_service::admin::list_users(&app.services, &admin).unwrap();
    let user = users.iter().find(|u| u.user.username == "klantmanager").unwrap();
    for (role, code) in &user.roles {
        regie_service::admin::remove_role(&app.services, &admin, user.user.id, role, code).unwrap();
    }
    let after = km.get(&format!("/api/v1/persons/{id}")).await;
    assert!(matches!(after.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{}", after.status);
}
