//! The in-process test application: a fresh database (SQLite, or PostgreSQL when
//! `TEST_DATABASE_URL` is set) with the demo region, the real router, and a client with a
//! cookie jar and a login helper per role.
#![allow(dead_code)]

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use regie_service::{Clock, Config, Services};
use regie_store::testdb::TestDb;
use std::collections::HashMap;
use std::net::SocketAddr;
use tower::ServiceExt;

pub const PASSWORD: &str = "Welkom-bij-Regie-2026";

pub struct TestApp {
    pub services: Services,
    pub router: Router,
    pub clock: Clock,
    // Dropped last: removes the database.
    _db: TestDb,
}

impl TestApp {
    pub fn new() -> TestApp {
        let db = TestDb::new();
        let store = db.store();
        let clock = Clock::default();
        // Cheap password hashing keeps the suite fast; production parameters are the defaults.
        let config = Config { argon2_memory_kib: 1024, argon2_iterations: 1, ..Config::default() };
        let services = Services::start(store, config, clock.clone()).expect("services");
        regie_service::demo::create_demo(&services).expect("demo region");
        let web =
            regie_web::WebConfig { secure_cookies: true, body_limit: 64 * 1024, public_url: "http://localhost".into() };
        let router = regie_web::router(regie_web::AppState::new(services.clone(), web));
        TestApp { services, router, clock, _db: db }
    }

    pub fn client(&self) -> Client<'_> {
        Client { app: self, cookies: HashMap::new(), bearer: None, address: next_address() }
    }

    /// A logged-in client for a demo account, second factor included.
    pub async fn login(&self, username: &str) -> Client<'_> {
        let mut c = self.client();
        c.login(username, PASSWORD).await;
        c
    }

    /// A client using an API token with one role and municipalities.
    pub fn api(&self, role: &str, municipalities: &[&str]) -> Client<'_> {
        let token = regie_service::admin::create_token(
            &self.services,
            &regie_service::Actor::system("test"),
            &format!("test-{role}-{}", uuid_like()),
            role,
            &municipalities.iter().map(|m| m.to_string()).collect::<Vec<_>>(),
            regie_service::demo::REGIONAL_ORG,
        )
        .expect("token");
        Client { app: self, cookies: HashMap::new(), bearer: Some(token), address: next_address() }
    }

    /// Ids of the persons of one municipality, straight from the database.
    /// An open Alkmaar case of a person still in the AZC (reached by the COA case manager too).
    pub fn in_azc(&self) -> String {
        self.person_ids_in("GM0361")
            .into_iter()
            .find(|id| {
                let c = self.services.store.read(|c| regie_store::cases::get(c, id)).expect("read").expect("case");
                c.housed_on.is_none() && (c.stage == "aangemeld" || c.stage == "intake")
            })
            .expect("an Alkmaar person in the AZC")
    }

    pub fn person_ids_in(&self, code: &str) -> Vec<String> {
        let all = vec![code.to_string()];
        let page =
            self.services.store.read(|c| regie_store::persons::list_scoped(c, &all, 0, 100_000)).expect("persons");
        page.items.into_iter().filter(|p| p.municipality_code == code).map(|p| p.id).collect()
    }

    pub fn person(&self, id: &str) -> regie_store::persons::PersonRow {
        let all: Vec<String> = regie_service::demo::MUNICIPALITIES_NOW.iter().map(|c| c.to_string()).collect();
        self.services
            .store
            .read(|c| regie_store::persons::get_scoped(c, id, &all))
            .expect("read")
            .expect("person exists")
    }

    pub fn person_count(&self) -> i64 {
        self.services.store.read(regie_store::persons::count_all).expect("count")
    }

    pub fn audit_count(&self) -> i64 {
        self.services.flush_audit();
        self.services.store.read(regie_store::audit::count).expect("count")
    }
}

/// A distinct client address per test client.
fn next_address() -> SocketAddr {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    SocketAddr::from(([10, (n >> 16) as u8, (n >> 8) as u8, n as u8], 40000))
}

fn uuid_like() -> String {
    regie_service::auth::random_token()[..8].to_string()
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn content_type(&self) -> &str {
        self.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

pub struct Client<'a> {
    pub app: &'a TestApp,
    pub cookies: HashMap<String, String>,
    pub bearer: Option<String>,
    pub address: SocketAddr,
}

impl Client<'_> {
    pub async fn send(
        &mut self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> TestResponse {
        self.send_with(method, path, content_type, &[], body).await
    }

    pub async fn send_with(
        &mut self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        extra: &[(&str, &str)],
        body: Vec<u8>,
    ) -> TestResponse {
        let mut req = Request::builder().method(method).uri(path);
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        if !self.cookies.is_empty() {
            let cookie = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
            req = req.header(header::COOKIE, cookie);
        }
        if let Some(t) = &self.bearer {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        let mut req = req.body(Body::from(body)).expect("request");
        req.extensions_mut().insert(ConnectInfo(self.address));
        let resp = self.app.router.clone().oneshot(req).await.expect("response");
        let status = resp.status();
        let headers = resp.headers().clone();
        for v in headers.get_all(header::SET_COOKIE) {
            let v = v.to_str().unwrap_or_default();
            let first = v.split(';').next().unwrap_or_default();
            if let Some((k, val)) = first.split_once('=') {
                if val.is_empty() || v.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_string(), val.to_string());
                }
            }
        }
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        TestResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        self.send(Method::GET, path, None, vec![]).await
    }

    /// The CSRF token the server expects from this client's forms.
    pub fn csrf(&self) -> String {
        let bound =
            self.cookies.get("regie_session").or_else(|| self.cookies.get("regie_pre")).cloned().unwrap_or_default();
        regie_service::auth::csrf_token(&self.app.services, &bound)
    }

    /// Posts a form with a valid CSRF token.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let mut all: Vec<(&str, String)> = fields.iter().map(|(k, v)| (*k, v.to_string())).collect();
        all.push(("csrf", self.csrf()));
        let body = serde_urlencoded::to_string(&all).expect("form");
        self.send(Method::POST, path, Some("application/x-www-form-urlencoded"), body.into_bytes()).await
    }

    /// Posts a form exactly as given (for CSRF tests).
    pub async fn post_raw_form(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = serde_urlencoded::to_string(fields).expect("form");
        self.send(Method::POST, path, Some("application/x-www-form-urlencoded"), body.into_bytes()).await
    }

    /// Posts `multipart/form-data` with a valid CSRF field first, as a browser sends a form
    /// with a file upload: text fields, then files as (field, file name, content).
    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> TestResponse {
        let csrf = self.csrf();
        let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_multipart_raw(path, &all, files).await
    }

    /// Posts `multipart/form-data` exactly as given (for CSRF tests).
    pub async fn post_multipart_raw(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> TestResponse {
        let boundary = "----regie-test-boundary-7d1f";
        let mut body: Vec<u8> = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        for (name, file_name, content) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        self.send(Method::POST, path, Some(&content_type), body).await
    }

    /// Posts JSON; a browser session adds its CSRF token header as the pages' scripts would.
    pub async fn post_json(&mut self, path: &str, body: &serde_json::Value) -> TestResponse {
        let csrf = self.csrf();
        let extra: Vec<(&str, &str)> =
            if self.cookies.contains_key("regie_session") { vec![("x-csrf-token", csrf.as_str())] } else { vec![] };
        self.send_with(Method::POST, path, Some("application/json"), &extra, body.to_string().into_bytes()).await
    }

    /// Puts JSON with extra headers (such as If-Match); a browser session adds its CSRF header.
    pub async fn put_json(&mut self, path: &str, headers: &[(&str, &str)], body: &serde_json::Value) -> TestResponse {
        let csrf = self.csrf();
        let mut extra: Vec<(&str, &str)> = headers.to_vec();
        if self.cookies.contains_key("regie_session") {
            extra.push(("x-csrf-token", csrf.as_str()));
        }
        self.send_with(Method::PUT, path, Some("application/json"), &extra, body.to_string().into_bytes()).await
    }

    /// Password, then the second factor: enrolment on first login, a code afterwards.
    pub async fn login(&mut self, username: &str, password: &str) {
        let page = self.get("/inloggen").await;
        assert_eq!(page.status, StatusCode::OK);
        let r = self.post_form("/inloggen", &[("gebruikersnaam", username), ("wachtwoord", password)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "login of {username} failed: {}", r.body);
        let now = self.app.clock.now().timestamp() as u64;
        match r.location() {
            "/" => {}
            "/inloggen/instellen" => {
                let page = self.get("/inloggen/instellen").await;
                let secret = between(&page.body, "id=\"totp-secret\" class=\"secret\">", "<");
                let code = regie_service::auth::totp_code(&secret, now).expect("code");
                let done = self.post_form("/inloggen/instellen", &[("code", &code)]).await;
                assert_eq!(done.location(), "/", "enrolment of {username} failed: {}", done.body);
            }
            "/inloggen/code" => {
                let user = self
                    .app
                    .services
                    .store
                    .read(|c| regie_store::users::find_by_username(c, username))
                    .expect("user")
                    .expect("exists");
                let code = regie_service::auth::totp_code(&user.totp_secret.expect("enrolled"), now).expect("code");
                let done = self.post_form("/inloggen/code", &[("code", &code)]).await;
                assert_eq!(done.location(), "/", "second factor of {username} failed: {}", done.body);
            }
            other => panic!("unexpected redirect after login: {other}"),
        }
    }
}

pub fn between(haystack: &str, start: &str, end: &str) -> String {
    let from = haystack.find(start).unwrap_or_else(|| panic!("{start} not in page")) + start.len();
    let rest = &haystack[from..];
    rest[..rest.find(end).unwrap_or(rest.len())].to_string()
}
