//! `regie-loadgen`: drives real HTTP load against a running Regie and prints, per scenario,
//! throughput and latency percentiles next to the trivial endpoint (`/healthz`) measured in the
//! same run. The machine is noisy and shared, so the ratios are the figures that matter.
//!
//! Every loop is bounded: each scenario stops at its deadline (or request budget, capped by
//! `--max-seconds`), every request has a timeout, and every set-up step is tried a fixed
//! number of times. It must never write to a database other than through the public API.

use clap::{Parser, ValueEnum};
use reqwest::header::{HeaderMap, AUTHORIZATION, CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum Scenario {
    /// GET /healthz
    Trivial,
    /// GET /inloggen + POST /inloggen as a user without second factor (expects 303 to /)
    Login,
    /// Authenticated HTML GET /personen with a session cookie
    ListPage,
    /// GET /api/v1/persons?page=P&pageSize=50 with a Bearer token, P cycling through
    /// 1..=--list-pages
    JsonList,
    /// GET /api/v1/persons/{id}, ids taken from the list, rotating
    JsonRead,
    /// POST /api/v1/persons with a valid synthetic person (expects 201)
    AuditedWrite,
    /// GET /api/v1/worklist with the --list-user session: the case worker's open cases with
    /// their signals, most urgent first
    Worklist,
    /// POST /api/v1/persons/_zoek with a Bearer token: spelling-tolerant name search, rotating
    /// over common names
    NameSearch,
}

impl Scenario {
    fn name(self) -> &'static str {
        match self {
            Scenario::Trivial => "trivial",
            Scenario::Login => "login",
            Scenario::ListPage => "list-page",
            Scenario::JsonList => "json-list",
            Scenario::JsonRead => "json-read",
            Scenario::AuditedWrite => "audited-write",
            Scenario::Worklist => "worklist",
            Scenario::NameSearch => "name-search",
        }
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "regie-loadgen",
    about = "HTTP load harness for Regie: throughput and latency next to a trivial endpoint"
)]
struct Args {
    /// Base URL of the running server.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    base_url: String,
    /// API token (Bearer) of a klantmanager scoped to --municipality; needed by the json-* and
    /// audited-write scenarios.
    #[arg(long, env = "REGIE_BENCH_TOKEN")]
    token: Option<String>,
    /// Demo password of the accounts.
    #[arg(long, env = "REGIE_DEMO_PASSWORD", default_value = "Welkom-bij-Regie-2026")]
    password: String,
    /// Concurrent connections (one client and one keep-alive connection each).
    #[arg(long, default_value_t = 16)]
    connections: usize,
    /// Measured seconds per scenario.
    #[arg(long, default_value_t = 10.0)]
    seconds: f64,
    /// Instead of a duration: measured requests per scenario (still capped by --max-seconds).
    #[arg(long)]
    requests: Option<u64>,
    /// Cap on the measured time of a scenario in --requests mode.
    #[arg(long, default_value_t = 600.0)]
    max_seconds: f64,
    /// Unmeasured warm-up seconds before each scenario.
    #[arg(long, default_value_t = 1.0)]
    warmup: f64,
    /// Scenarios to run, in order (trivial always runs first, as the yardstick). Login runs
    /// last by default: concurrent argon2id hashes grow the server's heap, which would
    /// otherwise show in the memory figures of the scenarios after it.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "trivial,json-list,json-read,list-page,audited-write,login"
    )]
    scenarios: Vec<Scenario>,
    /// Print one JSON document on stdout instead of the table.
    #[arg(long)]
    json: bool,
    /// PID of the server: its VmRSS/VmHWM are read after each scenario and VmRSS sampled during it.
    #[arg(long)]
    server_pid: Option<u32>,
    /// Account for the login scenario (must need no second factor).
    #[arg(long, default_value = "beleid")]
    login_user: String,
    /// Send every login from one source address. By default, against a loopback server, the
    /// login scenario binds its connections to ever new addresses in 127.0.0.0/8 (ten logins
    /// each), because the server throttles login attempts per client address (20 a minute):
    /// the figure is then the cost of a login, as with many users on many addresses.
    #[arg(long)]
    login_one_address: bool,
    /// Account for the list-page scenario (TOTP is enrolled on first login).
    #[arg(long, default_value = "klantmanager")]
    list_user: String,
    /// Base32 TOTP secret of --list-user when it is already enrolled (printed by an earlier run).
    #[arg(long, env = "REGIE_BENCH_TOTP_SECRET")]
    totp_secret: Option<String>,
    /// Municipality (CBS code) of the persons written by audited-write.
    #[arg(long, default_value = "GM0361")]
    municipality: String,
    /// First V-nummer of audited-write (10 digits); by default derived from the clock so that
    /// repeated runs against one database do not collide.
    #[arg(long)]
    vnummer_base: Option<u64>,
    /// Per-request timeout in seconds.
    #[arg(long, default_value_t = 30.0)]
    timeout: f64,
    /// Pages the json-list scenario cycles through (1 = the first page every time). A case
    /// worker browses beyond the first page, and the audit trail then names a thousand
    /// persons rather than the same fifty, which a first-page-only load would flatter.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=1000))]
    list_pages: u64,
}

/// What a worker needs; shared read-only (apart from the write counter).
struct Ctx {
    base: String,
    token: Option<String>,
    password: String,
    login_user: String,
    municipality: String,
    session: Option<String>,
    ids: Vec<String>,
    write_counter: AtomicU64,
    vnummer_base: u64,
    /// Next loopback source address for logins, when rotating.
    login_addr: Option<AtomicU64>,
    timeout: Duration,
    list_pages: u64,
}

/// Logins per source address before the worker moves to a fresh one (the server allows 20 a
/// minute per address).
const LOGINS_PER_ADDRESS: u64 = 10;

/// The n-th address in 127.2.0.1 ..= 127.251.255.254 (never .0 or .255 in the last octet).
fn loopback_addr(n: u64) -> std::net::IpAddr {
    let n = n % (250 * 256 * 254);
    let a = 2 + n / (256 * 254);
    let b = (n / 254) % 256;
    let c = 1 + n % 254;
    std::net::IpAddr::V4(std::net::Ipv4Addr::new(127, a as u8, b as u8, c as u8))
}

/// What one worker keeps between operations.
struct WorkerState {
    client: Client,
    /// The login client bound to a loopback source address and how often it was used.
    login: Option<(Client, u64)>,
}

/// Why one operation failed: a short key for counting and an optional sample of the body.
struct OpErr {
    kind: String,
    sample: Option<String>,
}

impl OpErr {
    fn new(kind: impl Into<String>) -> OpErr {
        OpErr { kind: kind.into(), sample: None }
    }
    fn transport(e: reqwest::Error) -> OpErr {
        let kind = if e.is_timeout() {
            "timeout"
        } else if e.is_connect() {
            "connect error"
        } else if e.is_body() || e.is_decode() {
            "body error"
        } else {
            "transport error"
        };
        OpErr { kind: kind.into(), sample: Some(e.to_string()) }
    }
}

fn unexpected(what: &str, status: StatusCode, expected: &str, body: &str) -> OpErr {
    OpErr {
        kind: format!("{what}: status {} (expected {expected})", status.as_u16()),
        sample: Some(truncate(body, 400)),
    }
}

fn truncate(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out.replace('\n', " ")
}

fn client(timeout: Duration) -> Result<Client, String> {
    client_from(timeout, None)
}

fn client_from(timeout: Duration, local: Option<std::net::IpAddr>) -> Result<Client, String> {
    Client::builder()
        .local_address(local)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(5))
        .pool_max_idle_per_host(1)
        .tcp_nodelay(true)
        .build()
        .map_err(|e| format!("cannot build HTTP client: {e}"))
}

/// `name=value` of every Set-Cookie header.
fn set_cookies(h: &HeaderMap) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for v in h.get_all(SET_COOKIE) {
        if let Ok(s) = v.to_str() {
            let pair = s.split(';').next().unwrap_or("");
            if let Some((n, val)) = pair.split_once('=') {
                out.insert(n.trim().to_string(), val.trim().to_string());
            }
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&#x2F;", "/")
        .replace("&#x2f;", "/")
        .replace("&#43;", "+")
        .replace("&#x3D;", "=")
        .replace("&#61;", "=")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The value of the hidden `csrf` input of the first form that has one.
fn find_csrf(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\"")?;
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')?;
    let tag = &html[start..end];
    let v = tag.find("value=\"")? + 7;
    let len = tag[v..].find('"')?;
    Some(unescape(&tag[v..v + len]))
}

/// The text of `<code id="totp-secret">…</code>`, without whitespace.
fn find_totp_secret(html: &str) -> Option<String> {
    let at = html.find("id=\"totp-secret\"")?;
    let open = at + html[at..].find('>')? + 1;
    let close = open + html[open..].find("</code>")?;
    let s: String = unescape(&html[open..close]).chars().filter(|c| !c.is_whitespace() && *c != '=').collect();
    (!s.is_empty()).then(|| s.to_uppercase())
}

/// RFC 6238 code (SHA1, 6 digits, 30 s) for a base32 secret.
fn totp_code(secret_b32: &str, at_unix: u64) -> Result<String, String> {
    let bytes = totp_rs::Secret::Encoded(secret_b32.to_string())
        .to_bytes()
        .map_err(|e| format!("TOTP secret is not base32: {e:?}"))?;
    Ok(totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes).generate(at_unix))
}

fn is_loopback(base_url: &str) -> bool {
    let rest = base_url.split_once("://").map(|(_, r)| r).unwrap_or(base_url);
    let host = rest.split(['/', ':']).next().unwrap_or("");
    host == "localhost" || host.starts_with("127.")
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// One login through the form: GET /inloggen (pre cookie + csrf), POST /inloggen.
/// Returns the redirect target and the session cookie.
async fn login_once(c: &Client, base: &str, user: &str, password: &str) -> Result<(String, String), OpErr> {
    let r = c.get(format!("{base}/inloggen")).send().await.map_err(OpErr::transport)?;
    let status = r.status();
    let cookies = set_cookies(r.headers());
    let body = r.text().await.map_err(OpErr::transport)?;
    if status != StatusCode::OK {
        return Err(unexpected("GET /inloggen", status, "200", &body));
    }
    let pre = cookies.get("regie_pre").ok_or_else(|| OpErr::new("GET /inloggen: no regie_pre cookie"))?;
    let csrf = find_csrf(&body)
        .ok_or_else(|| OpErr { kind: "GET /inloggen: no csrf input".into(), sample: Some(truncate(&body, 400)) })?;
    let r = c
        .post(format!("{base}/inloggen"))
        .header(COOKIE, format!("regie_pre={pre}"))
        .form(&[("csrf", csrf.as_str()), ("gebruikersnaam", user), ("wachtwoord", password)])
        .send()
        .await
        .map_err(OpErr::transport)?;
    let status = r.status();
    let loc = r.headers().get(LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let cookies = set_cookies(r.headers());
    let body = r.text().await.map_err(OpErr::transport)?;
    if status != StatusCode::SEE_OTHER {
        return Err(unexpected("POST /inloggen", status, "303", &body));
    }
    let session = cookies
        .get("regie_session")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| OpErr::new("POST /inloggen: no regie_session cookie"))?;
    Ok((loc, session.clone()))
}

/// GET a page of a login step with the session cookie, return (status, body).
async fn get_page(c: &Client, base: &str, path: &str, session: &str) -> Result<(StatusCode, String), String> {
    let r = c
        .get(format!("{base}{path}"))
        .header(COOKIE, format!("regie_session={session}"))
        .send()
        .await
        .map_err(|e| format!("GET {path}: {e}"))?;
    let s = r.status();
    Ok((s, r.text().await.map_err(|e| format!("GET {path}: {e}"))?))
}

/// POST a code form of a login step; returns (status, location, new session cookie, body).
async fn post_code(
    c: &Client,
    base: &str,
    path: &str,
    session: &str,
    csrf: &str,
    code: &str,
) -> Result<(StatusCode, String, Option<String>, String), String> {
    let r = c
        .post(format!("{base}{path}"))
        .header(COOKIE, format!("regie_session={session}"))
        .form(&[("csrf", csrf), ("code", code)])
        .send()
        .await
        .map_err(|e| format!("POST {path}: {e}"))?;
    let s = r.status();
    let loc = r.headers().get(LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let cookie = set_cookies(r.headers()).get("regie_session").filter(|v| !v.is_empty()).cloned();
    Ok((s, loc, cookie, r.text().await.map_err(|e| format!("POST {path}: {e}"))?))
}

/// Logs in `user` with both factors, enrolling TOTP when asked; returns a full session cookie.
async fn full_session(c: &Client, args: &Args, log: &dyn Fn(&str)) -> Result<String, String> {
    let base = args.base_url.as_str();
    let (loc, session) = login_once(c, base, &args.list_user, &args.password).await.map_err(|e| {
        format!("login as {}: {}{}", args.list_user, e.kind, e.sample.map(|s| format!(" — {s}")).unwrap_or_default())
    })?;
    let (path, secret, page) = match loc.as_str() {
        "/" => return Ok(session),
        "/inloggen/instellen" => {
            let (s, body) = get_page(c, base, "/inloggen/instellen", &session).await?;
            if s != StatusCode::OK {
                return Err(format!("GET /inloggen/instellen: status {} — {}", s.as_u16(), truncate(&body, 300)));
            }
            let secret =
                find_totp_secret(&body).ok_or("GET /inloggen/instellen: no <code id=\"totp-secret\"> in the page")?;
            log(&format!("enrolled TOTP for {}; reuse with --totp-secret {secret}", args.list_user));
            ("/inloggen/instellen", secret, body)
        }
        "/inloggen/code" => {
            let secret = args
                .totp_secret
                .clone()
                .ok_or_else(|| format!("{} already has a second factor: pass --totp-secret (printed by the run that enrolled it) or reset it with `regie user reset-2fa`", args.list_user))?;
            let (s, body) = get_page(c, base, "/inloggen/code", &session).await?;
            if s != StatusCode::OK {
                return Err(format!("GET /inloggen/code: status {} — {}", s.as_u16(), truncate(&body, 300)));
            }
            ("/inloggen/code", secret, body)
        }
        other => {
            return Err(format!(
                "POST /inloggen as {} redirected to {other:?}, expected /inloggen/instellen or /inloggen/code",
                args.list_user
            ))
        }
    };
    let mut csrf = find_csrf(&page).ok_or_else(|| format!("GET {path}: no csrf input"))?;
    // Two attempts: a code of a step already used (replay protection) or a step boundary
    // makes the first fail; the second waits for the next 30-second step.
    for attempt in 0..2 {
        let now = unix_now();
        let code = totp_code(&secret, now)?;
        let (s, loc, cookie, body) = post_code(c, base, path, &session, &csrf, &code).await?;
        if s == StatusCode::SEE_OTHER && loc == "/" {
            return cookie
                .ok_or_else(|| format!("POST {path}: 303 without a new regie_session cookie (no session rotation?)"));
        }
        if s == StatusCode::UNPROCESSABLE_ENTITY && attempt == 0 {
            log(&format!("POST {path}: code refused (422), retrying in the next TOTP step"));
            tokio::time::sleep(Duration::from_secs(30 - now % 30 + 1)).await;
            csrf = find_csrf(&body).unwrap_or(csrf);
            continue;
        }
        return Err(format!("POST {path}: status {} location {loc:?} — {}", s.as_u16(), truncate(&body, 300)));
    }
    Err(format!("POST {path}: TOTP code refused twice"))
}

/// Collects person ids from the first pages of the API list.
async fn collect_ids(c: &Client, args: &Args) -> Result<Vec<String>, String> {
    let token = args.token.as_deref().ok_or("needs --token")?;
    let mut ids = Vec::new();
    for page in 1..=4 {
        let url = format!("{}/api/v1/persons?page={page}&pageSize=50", args.base_url);
        let r = c
            .get(&url)
            .header(AUTHORIZATION, format!("Bearer {token}"))
            .send()
            .await
            .map_err(|e| format!("GET {url}: {e}"))?;
        let s = r.status();
        let body = r.text().await.map_err(|e| format!("GET {url}: {e}"))?;
        if s != StatusCode::OK {
            return Err(format!("GET {url}: status {} — {}", s.as_u16(), truncate(&body, 300)));
        }
        let v: Value =
            serde_json::from_str(&body).map_err(|e| format!("GET {url}: not JSON ({e}) — {}", truncate(&body, 300)))?;
        let items = v
            .get("items")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("GET {url}: no \"items\" array — {}", truncate(&body, 300)))?;
        if items.is_empty() {
            break;
        }
        for it in items {
            let id = match it.get("id") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => return Err(format!("GET {url}: an item without \"id\" — {}", truncate(&it.to_string(), 300))),
            };
            if let Some(m) = it.get("municipalityCode").and_then(Value::as_str) {
                if m != args.municipality {
                    return Err(format!(
                        "GET {url}: item {id} has municipalityCode {m}, outside the token's scope {}",
                        args.municipality
                    ));
                }
            } else {
                return Err(format!("GET {url}: an item without \"municipalityCode\""));
            }
            ids.push(id);
        }
    }
    if ids.is_empty() {
        return Err("the API list is empty: seed the database first".into());
    }
    Ok(ids)
}

/// Checks one response of a JSON endpoint in set-up, so that the hot loop need not parse.
async fn check_json(c: &Client, url: &str, token: &str, want: StatusCode) -> Result<Value, String> {
    let r = c
        .get(url)
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .send()
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    let s = r.status();
    let ct = r.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let body = r.text().await.map_err(|e| format!("GET {url}: {e}"))?;
    if s != want {
        return Err(format!("GET {url}: status {} — {}", s.as_u16(), truncate(&body, 300)));
    }
    if !ct.starts_with("application/json") {
        return Err(format!("GET {url}: content-type {ct:?}, expected application/json"));
    }
    serde_json::from_str::<Value>(&body).map_err(|e| format!("GET {url}: not JSON: {e}"))
}

/// The `n`-th of `len` items for a worker's `i`-th operation: the workers start at different
/// items and step by the number of connections, so together they cover all of them.
fn rotate(worker: usize, i: u64, connections: usize, len: usize) -> usize {
    (worker + (i as usize).wrapping_mul(connections)) % len
}

fn person_body(ctx: &Ctx, n: u64) -> Value {
    const GIVEN: &[&str] = &["Ahmad", "Rahaf", "Yonas", "Selam", "Omar", "Lina", "Khaled", "Huda"];
    const FAMILY: &[&str] = &["Al-Hassan", "Tesfay", "Haddad", "Mehari", "Al-Khatib", "Kidane", "Suleiman", "Ghebre"];
    let v = ctx.vnummer_base + n;
    json!({
        "givenNames": GIVEN[(n % GIVEN.len() as u64) as usize],
        "familyName": FAMILY[((n / 8) % FAMILY.len() as u64) as usize],
        "birthYear": 1960 + (n % 45),
        "birthMonth": 1 + (n / 28) % 12,
        "birthDay": 1 + n % 28,
        "vNummer": format!("{v:010}"),
        "nationality": "Syrische",
        "targetGroup": "asielstatushouder",
        "municipalityCode": ctx.municipality,
    })
}

/// One operation of a scenario.
async fn op(
    sc: Scenario,
    st: &mut WorkerState,
    ctx: &Ctx,
    worker: usize,
    i: u64,
    connections: usize,
) -> Result<(), OpErr> {
    let base = ctx.base.as_str();
    let c = &st.client;
    let bearer = || format!("Bearer {}", ctx.token.as_deref().unwrap_or(""));
    let (what, want, req) = match sc {
        Scenario::Trivial => ("GET /healthz", StatusCode::OK, c.get(format!("{base}/healthz"))),
        Scenario::Login => {
            let lc = match (&ctx.login_addr, &mut st.login) {
                (None, _) => c,
                (Some(next), slot) => {
                    if slot.as_ref().is_none_or(|(_, used)| *used >= LOGINS_PER_ADDRESS) {
                        let addr = loopback_addr(next.fetch_add(1, Ordering::Relaxed));
                        *slot = Some((client_from(ctx.timeout, Some(addr)).map_err(OpErr::new)?, 0));
                    }
                    let (lc, used) = slot.as_mut().expect("set above");
                    *used += 1;
                    &*lc
                }
            };
            let (loc, _) = login_once(lc, base, &ctx.login_user, &ctx.password).await?;
            if loc != "/" {
                return Err(OpErr::new(format!("POST /inloggen: redirected to {loc:?}, expected \"/\"")));
            }
            return Ok(());
        }
        Scenario::ListPage => (
            "GET /personen",
            StatusCode::OK,
            c.get(format!("{base}/personen"))
                .header(COOKIE, format!("regie_session={}", ctx.session.as_deref().unwrap_or(""))),
        ),
        Scenario::Worklist => (
            "GET /api/v1/worklist",
            StatusCode::OK,
            c.get(format!("{base}/api/v1/worklist"))
                .header(COOKIE, format!("regie_session={}", ctx.session.as_deref().unwrap_or(""))),
        ),
        Scenario::NameSearch => {
            let q = SEARCHES[rotate(worker, i, connections, SEARCHES.len())];
            (
                "POST /api/v1/persons/_zoek",
                StatusCode::OK,
                c.post(format!("{base}/api/v1/persons/_zoek"))
                    .header(AUTHORIZATION, bearer())
                    .json(&json!({ "query": q })),
            )
        }
        Scenario::JsonList => {
            let page = 1 + rotate(worker, i, connections, ctx.list_pages as usize);
            (
                "GET /api/v1/persons",
                StatusCode::OK,
                c.get(format!("{base}/api/v1/persons?page={page}&pageSize=50")).header(AUTHORIZATION, bearer()),
            )
        }
        Scenario::JsonRead => {
            let id = &ctx.ids[rotate(worker, i, connections, ctx.ids.len())];
            (
                "GET /api/v1/persons/{id}",
                StatusCode::OK,
                c.get(format!("{base}/api/v1/persons/{id}")).header(AUTHORIZATION, bearer()),
            )
        }
        Scenario::AuditedWrite => {
            let n = ctx.write_counter.fetch_add(1, Ordering::Relaxed);
            (
                "POST /api/v1/persons",
                StatusCode::CREATED,
                c.post(format!("{base}/api/v1/persons")).header(AUTHORIZATION, bearer()).json(&person_body(ctx, n)),
            )
        }
    };
    let r = req.send().await.map_err(OpErr::transport)?;
    let status = r.status();
    let body = r.bytes().await.map_err(OpErr::transport)?;
    if status != want {
        return Err(unexpected(what, status, &want.as_u16().to_string(), &String::from_utf8_lossy(&body)));
    }
    Ok(())
}

#[derive(Default)]
struct WorkerOut {
    lat_us: Vec<u32>,
    errors: BTreeMap<String, u64>,
    samples: BTreeMap<String, String>,
}

struct Window {
    measure_from: Instant,
    deadline: Instant,
    budget: Option<Arc<AtomicU64>>,
    limit: u64,
}

async fn worker(sc: Scenario, c: Client, ctx: Arc<Ctx>, w: usize, win: Arc<Window>, connections: usize) -> WorkerOut {
    let mut out = WorkerOut { lat_us: Vec::with_capacity(4096), ..Default::default() };
    let mut i: u64 = 0;
    let mut st = WorkerState { client: c, login: None };
    loop {
        let t = Instant::now();
        if t >= win.deadline {
            break;
        }
        let measured = t >= win.measure_from;
        if measured {
            if let Some(b) = &win.budget {
                if b.fetch_add(1, Ordering::Relaxed) >= win.limit {
                    break;
                }
            }
        }
        let r = op(sc, &mut st, &ctx, w, i, connections).await;
        i += 1;
        if !measured {
            continue;
        }
        match r {
            Ok(()) => out.lat_us.push(t.elapsed().as_micros().min(u32::MAX as u128) as u32),
            Err(e) => {
                *out.errors.entry(e.kind.clone()).or_default() += 1;
                if let Some(s) = e.sample {
                    out.samples.entry(e.kind).or_insert(s);
                }
                // A refused connection fails in microseconds; do not spin on it.
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
    }
    out
}

#[derive(Clone, Copy, Default)]
struct Mem {
    rss_kb: u64,
    hwm_kb: u64,
    peak_rss_kb: u64,
}

fn read_status(pid: u32) -> Option<(u64, u64)> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<u64> {
        s.lines().find(|l| l.starts_with(name))?.split_whitespace().nth(1)?.parse().ok()
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

struct Result_ {
    name: &'static str,
    ok: u64,
    errors: u64,
    error_kinds: BTreeMap<String, u64>,
    samples: BTreeMap<String, String>,
    secs: f64,
    rps: f64,
    p50: f64,
    p90: f64,
    p99: f64,
    max: f64,
    mem: Option<Mem>,
    skipped: Option<String>,
}

fn pct(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1] as f64 / 1000.0
}

/// Name searches as case workers type them: one name, two names, other spellings.
const SEARCHES: &[&str] =
    &["mohamed", "muhammad ali", "ahmadi", "tesfay", "yusuf", "hassan", "fatima", "abdi", "kaya", "omar ibrahim"];

async fn run_scenario(sc: Scenario, args: &Args, ctx: Arc<Ctx>) -> Result<Result_, String> {
    let timeout = Duration::from_secs_f64(args.timeout);
    let clients: Vec<Client> = (0..args.connections).map(|_| client(timeout)).collect::<Result<_, _>>()?;
    let measured = match args.requests {
        Some(_) => args.max_seconds,
        None => args.seconds,
    };
    let start = Instant::now();
    let win = Arc::new(Window {
        measure_from: start + Duration::from_secs_f64(args.warmup),
        deadline: start + Duration::from_secs_f64(args.warmup + measured),
        budget: args.requests.map(|_| Arc::new(AtomicU64::new(0))),
        limit: args.requests.unwrap_or(u64::MAX),
    });
    // Memory sampler: bounded by the same deadline (plus the per-request timeout).
    let running = Arc::new(AtomicBool::new(true));
    let sampler = args.server_pid.map(|pid| {
        let running = running.clone();
        let stop_at = win.deadline + timeout + Duration::from_secs(1);
        tokio::spawn(async move {
            let mut peak = 0;
            while running.load(Ordering::Relaxed) && Instant::now() < stop_at {
                if let Some((rss, _)) = read_status(pid) {
                    peak = peak.max(rss);
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            peak
        })
    });
    let handles: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(w, c)| tokio::spawn(worker(sc, c, ctx.clone(), w, win.clone(), args.connections)))
        .collect();
    let mut all = WorkerOut::default();
    for h in handles {
        let o = h.await.map_err(|e| format!("worker failed: {e}"))?;
        all.lat_us.extend(o.lat_us);
        for (k, v) in o.errors {
            *all.errors.entry(k).or_default() += v;
        }
        for (k, v) in o.samples {
            all.samples.entry(k).or_insert(v);
        }
    }
    let secs = win.measure_from.elapsed().as_secs_f64();
    running.store(false, Ordering::Relaxed);
    let mem = match (sampler, args.server_pid) {
        (Some(s), Some(pid)) => {
            let peak = s.await.unwrap_or(0);
            read_status(pid).map(|(rss, hwm)| Mem { rss_kb: rss, hwm_kb: hwm, peak_rss_kb: peak.max(rss) })
        }
        _ => None,
    };
    all.lat_us.sort_unstable();
    let ok = all.lat_us.len() as u64;
    Ok(Result_ {
        name: sc.name(),
        ok,
        errors: all.errors.values().sum(),
        error_kinds: all.errors,
        samples: all.samples,
        secs,
        rps: ok as f64 / secs.max(1e-9),
        p50: pct(&all.lat_us, 50.0),
        p90: pct(&all.lat_us, 90.0),
        p99: pct(&all.lat_us, 99.0),
        max: all.lat_us.last().map(|v| *v as f64 / 1000.0).unwrap_or(f64::NAN),
        mem,
        skipped: None,
    })
}

fn skipped(sc: Scenario, why: String) -> Result_ {
    Result_ {
        name: sc.name(),
        ok: 0,
        errors: 0,
        error_kinds: BTreeMap::new(),
        samples: BTreeMap::new(),
        secs: 0.0,
        rps: 0.0,
        p50: f64::NAN,
        p90: f64::NAN,
        p99: f64::NAN,
        max: f64::NAN,
        mem: None,
        skipped: Some(why),
    }
}

fn num(v: f64) -> Value {
    if v.is_finite() {
        json!((v * 1000.0).round() / 1000.0)
    } else {
        Value::Null
    }
}

fn fmt(v: f64, prec: usize) -> String {
    if v.is_finite() {
        format!("{v:.prec$}")
    } else {
        "-".into()
    }
}

fn mb(kb: u64) -> String {
    format!("{:.1}", kb as f64 / 1024.0)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> ExitCode {
    let mut args = Args::parse();
    args.base_url = args.base_url.trim_end_matches('/').to_string();
    if args.connections == 0
        || args.seconds <= 0.0
        || args.warmup < 0.0
        || args.timeout <= 0.0
        || args.max_seconds <= 0.0
    {
        eprintln!("regie-loadgen: --connections, --seconds, --timeout and --max-seconds must be positive");
        return ExitCode::from(2);
    }
    let quiet = args.json;
    let log = move |m: &str| eprintln!("[loadgen] {m}");
    let mut order = vec![Scenario::Trivial];
    for s in &args.scenarios {
        if !order.contains(s) {
            order.push(*s);
        }
    }

    let setup_client = match client(Duration::from_secs_f64(args.timeout)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("regie-loadgen: {e}");
            return ExitCode::from(2);
        }
    };
    // The server must answer before anything else is tried (bounded: 50 tries).
    let mut up = false;
    for _ in 0..50 {
        if let Ok(r) = setup_client.get(format!("{}/healthz", args.base_url)).send().await {
            if r.status().is_success() {
                up = true;
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    if !up {
        eprintln!("regie-loadgen: {}/healthz does not answer 200", args.base_url);
        return ExitCode::from(1);
    }

    let vnummer_base = args.vnummer_base.unwrap_or(7_000_000_000 + (unix_now() % 20_000) * 100_000);
    let mut ctx = Ctx {
        base: args.base_url.clone(),
        token: args.token.clone(),
        password: args.password.clone(),
        login_user: args.login_user.clone(),
        municipality: args.municipality.clone(),
        session: None,
        ids: Vec::new(),
        write_counter: AtomicU64::new(0),
        vnummer_base,
        login_addr: (!args.login_one_address && is_loopback(&args.base_url))
            .then(|| AtomicU64::new((unix_now() % 3_000) * 1_000)),
        timeout: Duration::from_secs_f64(args.timeout),
        list_pages: args.list_pages,
    };
    let mut setup_err: BTreeMap<&'static str, String> = BTreeMap::new();
    if order.contains(&Scenario::ListPage) || order.contains(&Scenario::Worklist) {
        match full_session(&setup_client, &args, &log).await {
            Ok(s) => match get_page(&setup_client, &args.base_url, "/personen", &s).await {
                Ok((st, body)) if st == StatusCode::OK && body.contains("<html") => ctx.session = Some(s),
                Ok((st, body)) => {
                    setup_err.insert(
                        "list-page",
                        format!(
                            "GET /personen with a fresh session: status {} — {}",
                            st.as_u16(),
                            truncate(&body, 300)
                        ),
                    );
                }
                Err(e) => {
                    setup_err.insert("list-page", e);
                }
            },
            Err(e) => {
                setup_err.insert("list-page", e);
            }
        }
    }
    let api = [Scenario::JsonList, Scenario::JsonRead, Scenario::AuditedWrite, Scenario::NameSearch];
    if order.iter().any(|s| api.contains(s)) {
        match args.token.as_deref() {
            None => {
                for s in api {
                    setup_err.insert(
                        s.name(),
                        "needs --token (regie token create --name bench --role klantmanager --municipality GM0361)"
                            .into(),
                    );
                }
            }
            Some(token) => {
                let list_url = format!("{}/api/v1/persons?page=1&pageSize=50", args.base_url);
                // The list's last page must hold persons, or the scenario would time empty pages.
                let last_url = format!("{}/api/v1/persons?page={}&pageSize=50", args.base_url, args.list_pages);
                if order.contains(&Scenario::JsonList) {
                    match check_json(&setup_client, &last_url, token, StatusCode::OK).await {
                        Ok(v) if v.get("items").and_then(Value::as_array).is_some_and(|items| !items.is_empty()) => {}
                        Ok(_) => {
                            setup_err.insert(
                                "json-list",
                                format!(
                                    "GET {last_url}: no persons on page {}: the caseload has fewer pages of 50; lower --list-pages",
                                    args.list_pages
                                ),
                            );
                        }
                        Err(e) => {
                            setup_err.insert("json-list", e);
                        }
                    }
                }
                match check_json(&setup_client, &list_url, token, StatusCode::OK).await {
                    Err(e) => {
                        setup_err.insert("json-list", e.clone());
                        setup_err.insert("json-read", e);
                    }
                    Ok(_) => match collect_ids(&setup_client, &args).await {
                        Err(e) => {
                            setup_err.insert("json-read", e);
                        }
                        Ok(ids) => {
                            let url = format!("{}/api/v1/persons/{}", args.base_url, ids[0]);
                            if let Err(e) = check_json(&setup_client, &url, token, StatusCode::OK).await {
                                setup_err.insert("json-read", e);
                            }
                            ctx.ids = ids;
                        }
                    },
                }
            }
        }
    }
    let ctx = Arc::new(ctx);

    if !quiet {
        println!(
            "regie-loadgen: {} — {} connections, {} per scenario (+{}s warm-up){}",
            args.base_url,
            args.connections,
            match args.requests {
                Some(n) => format!("{n} requests"),
                None => format!("{}s", args.seconds),
            },
            args.warmup,
            args.server_pid.map(|p| format!(", server pid {p}")).unwrap_or_default()
        );
    }
    let mut results: Vec<Result_> = Vec::new();
    for sc in order {
        if let Some(e) = setup_err.get(sc.name()) {
            log(&format!("{}: skipped: {e}", sc.name()));
            results.push(skipped(sc, e.clone()));
            continue;
        }
        log(&format!("{}: running", sc.name()));
        match run_scenario(sc, &args, ctx.clone()).await {
            Ok(r) => {
                log(&format!("{}: {} ok, {} errors, {:.0}/s, p99 {} ms", r.name, r.ok, r.errors, r.rps, fmt(r.p99, 2)));
                results.push(r)
            }
            Err(e) => results.push(skipped(sc, e)),
        }
    }

    let trivial =
        results.iter().find(|r| r.name == "trivial" && r.skipped.is_none() && r.ok > 0).map(|r| (r.rps, r.p99));
    let ratio = |r: &Result_| -> (f64, f64) {
        match trivial {
            Some((rps, p99)) if r.ok > 0 => (r.rps / rps, r.p99 / p99),
            _ => (f64::NAN, f64::NAN),
        }
    };
    let failed = results.iter().any(|r| r.skipped.is_some() || r.errors > 0);

    if args.json {
        let items: Vec<Value> = results
            .iter()
            .map(|r| {
                let (rr, pr) = ratio(r);
                json!({
                    "scenario": r.name,
                    "skipped": r.skipped,
                    "ok": r.ok,
                    "errors": r.errors,
                    "errorKinds": r.error_kinds,
                    "errorSamples": r.samples,
                    "seconds": num(r.secs),
                    "rps": num(r.rps),
                    "p50Ms": num(r.p50),
                    "p90Ms": num(r.p90),
                    "p99Ms": num(r.p99),
                    "maxMs": num(r.max),
                    "rpsVsTrivial": num(rr),
                    "p99VsTrivial": num(pr),
                    "memory": r.mem.map(|m| json!({"rssKb": m.rss_kb, "hwmKb": m.hwm_kb, "peakRssDuringKb": m.peak_rss_kb})),
                })
            })
            .collect();
        let doc = json!({
            "baseUrl": args.base_url,
            "connections": args.connections,
            "seconds": args.seconds,
            "requests": args.requests,
            "warmup": args.warmup,
            "serverPid": args.server_pid,
            "listPages": args.list_pages,
            "scenarios": items,
        });
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else {
        let mem_cols = args.server_pid.is_some();
        print!(
            "{:<14} {:>8} {:>9} {:>8} {:>8} {:>8} {:>8} {:>6} {:>9} {:>9}",
            "scenario", "ok", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "rps/triv", "p99/triv"
        );
        if mem_cols {
            print!(" {:>8} {:>9} {:>8}", "RSS MB", "peak MB", "HWM MB");
        }
        println!();
        for r in &results {
            if let Some(why) = &r.skipped {
                println!("{:<14} skipped: {why}", r.name);
                continue;
            }
            let (rr, pr) = ratio(r);
            print!(
                "{:<14} {:>8} {:>9} {:>8} {:>8} {:>8} {:>8} {:>6} {:>9} {:>9}",
                r.name,
                r.ok,
                fmt(r.rps, 1),
                fmt(r.p50, 2),
                fmt(r.p90, 2),
                fmt(r.p99, 2),
                fmt(r.max, 1),
                r.errors,
                fmt(rr, 3),
                fmt(pr, 2)
            );
            if let Some(m) = r.mem {
                print!(" {:>8} {:>9} {:>8}", mb(m.rss_kb), mb(m.peak_rss_kb), mb(m.hwm_kb));
            }
            println!();
        }
        for r in &results {
            for (k, n) in &r.error_kinds {
                println!("  {}: {n} × {k}{}", r.name, r.samples.get(k).map(|s| format!(" — {s}")).unwrap_or_default());
            }
        }
        if mem_cols {
            println!("RSS: after the scenario; peak: highest VmRSS sampled every 100 ms during it; HWM: the process's VmHWM so far.");
        }
        if results.iter().any(|r| r.name == "login" && r.skipped.is_none()) {
            println!(
                "login: one operation = GET /inloggen + POST /inloggen (argon2id verification){}.",
                if ctx.login_addr.is_some() {
                    ", from rotating 127.x.y.z source addresses (the server throttles 20 logins/min per address)"
                } else {
                    ""
                }
            );
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::rotate;
    use std::collections::BTreeSet;

    #[test]
    fn the_workers_together_ask_for_every_page_and_none_beyond() {
        for (connections, pages) in [(16, 20), (16, 1), (20, 20), (3, 7)] {
            let asked: BTreeSet<usize> = (0..connections)
                .flat_map(|w| (0..pages as u64).map(move |i| rotate(w, i, connections, pages)))
                .collect();
            assert_eq!(asked, (0..pages).collect(), "{connections} connections over {pages} pages");
        }
    }
}
