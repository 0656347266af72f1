//! Signing in: passwords (argon2id), login throttling and lockout, TOTP second factor with
//! enrolment, server-side browser sessions with idle and absolute timeouts, CSRF tokens and
//! API tokens for systems. Secrets are stored only as hashes.

use crate::audit::{entry, purpose};
use crate::{Actor, ServiceError, ServiceResult, Services};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine as _;
use chrono::Duration;
use hmac::{Hmac, Mac};
use rand::RngCore;
use regie_domain::Role;
use regie_store::users::UserRow;
use regie_store::Store;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use totp_rs::{Secret, TOTP};

/// The message for every failed password login, whether the account exists or not,
/// is locked or is disabled: nothing about the account may be learned from it.
pub const LOGIN_FAILED: &str =
    "De combinatie van gebruikersnaam en wachtwoord is niet bekend, of het account is tijdelijk geblokkeerd na te veel mislukte pogingen.";

/// Random 32 bytes, URL-safe base64: session ids, API tokens, pre-session ids.
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// Lowercase hex SHA-256: how session ids and API tokens are stored.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The installation's secret (for CSRF tokens), created once and kept in the database so that
/// every process of the installation and every restart agrees on it.
pub(crate) fn installation_secret(store: &Store) -> ServiceResult<Vec<u8>> {
    let mut b = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut b);
    let fresh = hex::encode(b);
    let value = store.write(|c| regie_store::settings::get_or_insert(c, "installation_secret", &fresh))?;
    hex::decode(value).map_err(|e| ServiceError::Internal(e.to_string()))
}

pub fn hash_password(s: &Services, password: &str) -> ServiceResult<String> {
    let params = Params::new(s.config.argon2_memory_kib, s.config.argon2_iterations, 1, None)
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    let salt = SaltString::generate(&mut OsRng);
    let password = password.to_string();
    s.hashing().run(move || {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| ServiceError::Internal(e.to_string()))
    })?
}

fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// Rules for a new password, in Dutch.
pub fn check_password_strength(password: &str) -> Result<(), &'static str> {
    if password.chars().count() < 12 {
        return Err("Een wachtwoord heeft ten minste 12 tekens.");
    }
    if password.len() > 256 {
        return Err("Een wachtwoord heeft hoogstens 256 tekens.");
    }
    Ok(())
}

/// Limits failed login attempts per client address within any 60 seconds, on top of
/// per-account lockout, so that guessing across many accounts is slowed down as well. Only
/// failures count: colleagues behind one office address or proxy are not locked out by
/// signing in (only thirty logins in progress at the very same moment would be). The window
/// slides: a burst that straddles a minute on the clock is counted whole (a window per clock
/// minute let 60 guesses through in two seconds).
#[derive(Default)]
pub struct Throttle {
    /// Per address, the times (Unix seconds) of its most recent failures and of the attempts
    /// still being checked, in order; at most as many as the limit.
    failures: Mutex<HashMap<String, std::collections::VecDeque<i64>>>,
}

impl Throttle {
    const FAILURES_PER_WINDOW: usize = 30;
    const WINDOW_SECONDS: i64 = 60;

    /// Admits an attempt from `key` at `now` and counts it as a failure until
    /// [`Throttle::succeeded`] takes it back; refuses it (counting nothing) when the address
    /// is at its limit. Checking and counting are one step, so that attempts sent at the same
    /// moment cannot all pass the check while their passwords are still being hashed.
    fn admit(&self, key: &str, now: i64) -> bool {
        let recent = |at: i64| at > now - Self::WINDOW_SECONDS;
        let mut w = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if w.len() > 10_000 {
            w.retain(|_, times| times.back().is_some_and(|&at| recent(at)));
        }
        let times = w.entry(key.to_string()).or_default();
        while times.front().is_some_and(|&at| !recent(at)) {
            times.pop_front();
        }
        if times.len() >= Self::FAILURES_PER_WINDOW {
            return false;
        }
        // In order even if the clock stepped back since the last attempt.
        let at = times.partition_point(|&t| t <= now);
        times.insert(at, now);
        true
    }

    /// The attempt admitted at `at` was a successful login: it no longer counts.
    fn succeeded(&self, key: &str, at: i64) {
        let mut w = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(times) = w.get_mut(key) {
            if let Some(i) = times.iter().rposition(|&t| t == at) {
                times.remove(i);
            }
            if times.is_empty() {
                w.remove(key);
            }
        }
    }
}

/// Argon2id takes about 19 MiB and a core's worth of work per check. Hashing runs on a small
/// fixed set of threads (one per core): memory stays flat when many people sign in together,
/// because the allocator keeps a hashing buffer per thread, not per request thread.
pub struct HashingPool {
    jobs: Mutex<std::sync::mpsc::Sender<Box<dyn FnOnce() + Send>>>,
}

impl Default for HashingPool {
    fn default() -> Self {
        let (tx, rx) = std::sync::mpsc::channel::<Box<dyn FnOnce() + Send>>();
        let rx = std::sync::Arc::new(Mutex::new(rx));
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        for i in 0..cores {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new().name(format!("password-hashing-{i}")).spawn(move || loop {
                let job = match rx.lock().unwrap_or_else(|e| e.into_inner()).recv() {
                    Ok(job) => job,
                    Err(_) => return,
                };
                job();
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password hashing thread");
            }
        }
        HashingPool { jobs: Mutex::new(tx) }
    }
}

impl HashingPool {
    /// Runs `f` on a hashing thread and waits for its result.
    fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> ServiceResult<T> {
        let (done_tx, done_rx) = std::sync::mpsc::sync_channel(1);
        let job: Box<dyn FnOnce() + Send> = Box::new(move || {
            let _ = done_tx.send(f());
        });
        self.jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .send(job)
            .map_err(|_| ServiceError::Internal("password hashing threads have stopped".into()))?;
        done_rx.recv().map_err(|_| ServiceError::Internal("password hashing failed".into()))
    }
}

/// What a browser must do after a correct password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Fully signed in.
    Done,
    /// Enter the code from the authenticator app.
    VerifySecondFactor,
    /// Set up an authenticator app first (first login).
    EnrolSecondFactor,
}

pub struct LoginOk {
    pub token: String,
    pub stage: Stage,
}

fn stage_for(actor: &Actor, user: &UserRow, second_factor_done: bool) -> Stage {
    if second_factor_done || !actor.needs_second_factor() {
        Stage::Done
    } else if user.totp_secret.is_some() {
        Stage::VerifySecondFactor
    } else {
        Stage::EnrolSecondFactor
    }
}

/// Checks a username and password and opens a new session (never reusing an old id).
pub fn login(s: &Services, username: &str, password: &str, client: &str, request_id: &str) -> ServiceResult<LoginOk> {
    let now = s.clock.naive();
    let second = now.and_utc().timestamp();
    if !s.throttle().admit(client, second) {
        return Err(ServiceError::TooManyAttempts);
    }
    let username = username.trim();
    let user = s.store.read(|c| regie_store::users::find_by_username(c, username))?;
    let Some(user) = user else {
        // Same work as for a real account, so timing does not reveal whether it exists.
        let attempt = password.to_string();
        let _ = s.hashing().run(move || verify_password(DUMMY_HASH, &attempt));
        return Err(ServiceError::field("wachtwoord", LOGIN_FAILED));
    };
    let locked = user.locked_until.is_some_and(|t| t > now);
    let (stored, attempt) = (user.password_hash.clone(), password.to_string());
    let ok = s.hashing().run(move || verify_password(&stored, &attempt))?;
    let mut actor = actor_for_user(s, &user)?;
    actor.request_id = request_id.to_string();
    if !ok || locked || user.disabled {
        let failed = if ok { user.failed_logins } else { user.failed_logins + 1 };
        let lock = (failed >= s.config.lockout_threshold && !locked)
            .then(|| now + Duration::minutes(s.config.lockout_minutes))
            .or(user.locked_until);
        let rec = entry(s, &actor, "", "login", purpose::TOEGANG, vec![], ("user", &user.id.to_string()), "denied");
        s.store.write(|c| {
            regie_store::users::record_failed_login(c, user.id, failed, lock)?;
            regie_store::audit::append(c, &[rec])
        })?;
        return Err(ServiceError::field("wachtwoord", LOGIN_FAILED));
    }
    s.throttle().succeeded(client, second);
    let token = random_token();
    let stage = stage_for(&actor, &user, false);
    let rec =
        entry(s, &actor, "", "login.password", purpose::TOEGANG, vec![], ("user", &user.id.to_string()), "success");
    s.store.write(|c| {
        regie_store::users::reset_failed_logins(c, user.id)?;
        regie_store::users::insert_session(c, &token_hash(&token), user.id, now, stage == Stage::Done)?;
        regie_store::audit::append(c, &[rec])
    })?;
    Ok(LoginOk { token, stage })
}

// A valid argon2id hash of a random password, verified when the account does not exist.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3BKkUEuOsCFYq8UHd8X0y0N2bTFOy0dX2jzS9CNxnnU";

/// A resolved browser session.
#[derive(Clone)]
pub struct Session {
    pub token_hash: String,
    pub actor: Actor,
    pub stage: Stage,
    pub pending_totp_secret: Option<String>,
}

/// Looks up a session cookie. Expired, unknown or disabled: Unauthenticated (and an expired
/// session is removed).
pub fn resolve_session(s: &Services, token: &str, request_id: &str) -> ServiceResult<Session> {
    let hash = token_hash(token);
    if let Some(session) = session_from_cache(s, &hash, request_id) {
        return Ok(session);
    }
    let generation = s.session_cache().generation();
    let now = s.clock.naive();
    let row = s.store.read(|c| regie_store::users::get_session(c, &hash))?.ok_or(ServiceError::Unauthenticated)?;
    let idle_limit = row.last_seen_at + Duration::minutes(s.config.session_idle_minutes);
    let absolute_limit = row.created_at + Duration::hours(s.config.session_absolute_hours);
    if now > idle_limit || now > absolute_limit {
        s.store.write(|c| regie_store::users::delete_session(c, &hash).map(|_| ()))?;
        return Err(ServiceError::Unauthenticated);
    }
    let user = s.store.read(|c| regie_store::users::get(c, row.user_id))?.ok_or(ServiceError::Unauthenticated)?;
    if user.disabled {
        return Err(ServiceError::Unauthenticated);
    }
    let mut actor = actor_for_user(s, &user)?;
    actor.request_id = request_id.to_string();
    // Recording activity once a minute is precise enough for a 30-minute idle limit and
    // spares a write on every request.
    let mut seen = row.last_seen_at;
    if now - row.last_seen_at > Duration::seconds(60) {
        s.store.write(|c| regie_store::users::touch_session(c, &hash, now))?;
        seen = now;
    }
    let stage = stage_for(&actor, &user, row.second_factor_done);
    let session = Session { token_hash: hash, actor, stage, pending_totp_secret: row.pending_totp_secret };
    // Only a fully signed-in session is kept: the steps before it change with every form. It
    // is never served past its idle or absolute limit.
    if session.stage == Stage::Done {
        let until = (seen + Duration::minutes(s.config.session_idle_minutes)).min(absolute_limit);
        let window = (s.clock.micros(), until.and_utc().timestamp_micros());
        s.session_cache().put(generation, session.token_hash.clone(), session.clone(), window);
    }
    Ok(session)
}

/// A signed-in session resolved within the last few seconds, without touching the database (so
/// the caller need not leave the async executor for it).
pub fn cached_session(s: &Services, token: &str, request_id: &str) -> Option<Session> {
    session_from_cache(s, &token_hash(token), request_id)
}

fn session_from_cache(s: &Services, hash: &str, request_id: &str) -> Option<Session> {
    let mut session = s.session_cache().get(hash, s.clock.micros())?;
    session.actor.request_id = request_id.to_string();
    Some(session)
}

pub fn actor_for_user(s: &Services, user: &UserRow) -> ServiceResult<Actor> {
    let (assignments, org) = s.store.read(|c| {
        Ok((
            regie_store::users::roles_of(c, user.id)?,
            regie_store::tenancy::get_organisation(c, user.organisation_id)?,
        ))
    })?;
    let mut roles: BTreeMap<Role, Vec<String>> = BTreeMap::new();
    for (role, code) in assignments {
        if let Ok(r) = Role::parse(&role) {
            roles.entry(r).or_default().push(code);
        }
    }
    Ok(Actor {
        user_id: Some(user.id),
        token_id: None,
        label: user.username.clone(),
        display_name: user.display_name.clone(),
        organisation_id: user.organisation_id,
        organisation_name: org.map(|o| o.name).unwrap_or_default(),
        roles,
        person_id: user.person_id.clone(),
        request_id: String::new(),
    })
}

/// Ends a session.
pub fn logout(s: &Services, session: &Session) -> ServiceResult<()> {
    let rec = entry(s, &session.actor, "", "logout", purpose::TOEGANG, vec![], ("session", ""), "success");
    s.store.write(|c| {
        regie_store::users::delete_session(c, &session.token_hash)?;
        regie_store::audit::append(c, &[rec])
    })?;
    s.session_cache().remove(&session.token_hash);
    Ok(())
}

fn totp_for(secret_b32: &str) -> ServiceResult<TOTP> {
    let bytes =
        Secret::Encoded(secret_b32.to_string()).to_bytes().map_err(|e| ServiceError::Internal(e.to_string()))?;
    TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes).map_err(|e| ServiceError::Internal(e.to_string()))
}

/// The current code for a secret; for tests and the load harness.
pub fn totp_code(secret_b32: &str, unix_seconds: u64) -> ServiceResult<String> {
    Ok(totp_for(secret_b32)?.generate(unix_seconds))
}

fn check_code(s: &Services, secret_b32: &str, code: &str) -> ServiceResult<bool> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ServiceError::field("code", "Vul de 6 cijfers in die uw authenticator-app nu toont."));
    }
    Ok(totp_for(secret_b32)?.check(&code, s.clock.now().timestamp() as u64))
}

/// What the enrolment page shows.
pub struct Enrolment {
    pub secret: String,
    pub otpauth_url: String,
    pub qr_svg: String,
}

/// Starts (or continues) setting up an authenticator app: a new secret is kept with the
/// session until a correct code confirms it.
pub fn begin_enrolment(s: &Services, session: &Session) -> ServiceResult<Enrolment> {
    if session.stage != Stage::EnrolSecondFactor {
        return Err(ServiceError::Conflict("Tweestapsverificatie is al ingesteld.".into()));
    }
    let secret = match &session.pending_totp_secret {
        Some(existing) => existing.clone(),
        None => {
            let mut raw = [0u8; 20];
            rand::thread_rng().fill_bytes(&mut raw);
            let Secret::Encoded(enc) = Secret::Raw(raw.to_vec()).to_encoded() else {
                return Err(ServiceError::Internal("secret encoding".into()));
            };
            s.store.write(|c| regie_store::users::set_session_pending_totp(c, &session.token_hash, Some(&enc)))?;
            enc
        }
    };
    let issuer = &s.config.totp_issuer;
    let label = format!("{issuer}:{}", session.actor.label);
    let otpauth_url = format!(
        "otpauth://totp/{}?secret={secret}&issuer={}&algorithm=SHA1&digits=6&period=30",
        percent(&label),
        percent(issuer)
    );
    let qr_svg = regie_documents::qr::svg(&otpauth_url, "QR-code om Regie toe te voegen aan uw authenticator-app")
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok(Enrolment { secret, otpauth_url, qr_svg })
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Confirms enrolment with a code; the session is replaced by a new, fully signed-in one.
pub fn confirm_enrolment(s: &Services, session: &Session, code: &str) -> ServiceResult<String> {
    let secret = session
        .pending_totp_secret
        .clone()
        .ok_or_else(|| ServiceError::Conflict("Begin opnieuw met het instellen van tweestapsverificatie.".into()))?;
    if session.stage != Stage::EnrolSecondFactor {
        return Err(ServiceError::Conflict("Tweestapsverificatie is al ingesteld.".into()));
    }
    if !check_code(s, &secret, code)? {
        return Err(ServiceError::field(
            "code",
            "Deze code klopt niet. Controleer de tijd op uw telefoon en probeer de nieuwe code.",
        ));
    }
    let user_id = session.actor.user_id.ok_or(ServiceError::Unauthenticated)?;
    let rec =
        entry(s, &session.actor, "", "totp.enrol", purpose::TOEGANG, vec![], ("user", &user_id.to_string()), "success");
    rotate(s, session, |c| {
        regie_store::users::set_totp_secret(c, user_id, Some(&secret))?;
        regie_store::audit::append(c, &[rec])
    })
}

/// Checks the second factor; the session is replaced by a new, fully signed-in one.
pub fn verify_second_factor(s: &Services, session: &Session, code: &str) -> ServiceResult<String> {
    let user_id = session.actor.user_id.ok_or(ServiceError::Unauthenticated)?;
    let user = s.store.read(|c| regie_store::users::get(c, user_id))?.ok_or(ServiceError::Unauthenticated)?;
    let secret =
        user.totp_secret.ok_or_else(|| ServiceError::Conflict("Stel eerst tweestapsverificatie in.".into()))?;
    let now = s.clock.naive();
    if user.locked_until.is_some_and(|t| t > now) {
        return Err(ServiceError::field("code", "Te veel onjuiste codes. Probeer het over een kwartier opnieuw."));
    }
    if !check_code(s, &secret, code)? {
        let failed = user.failed_logins + 1;
        let lock = (failed >= s.config.lockout_threshold).then(|| now + Duration::minutes(s.config.lockout_minutes));
        let rec = entry(
            s,
            &session.actor,
            "",
            "login.totp",
            purpose::TOEGANG,
            vec![],
            ("user", &user_id.to_string()),
            "denied",
        );
        s.store.write(|c| {
            regie_store::users::record_failed_login(c, user_id, failed, lock)?;
            regie_store::audit::append(c, &[rec])
        })?;
        return Err(ServiceError::field(
            "code",
            "Deze code klopt niet. Probeer de nieuwe code uit uw authenticator-app.",
        ));
    }
    let rec =
        entry(s, &session.actor, "", "login.totp", purpose::TOEGANG, vec![], ("user", &user_id.to_string()), "success");
    rotate(s, session, |c| {
        regie_store::users::reset_failed_logins(c, user_id)?;
        regie_store::audit::append(c, &[rec])
    })
}

/// Replaces a session by a new id with the second factor done, in the same transaction as `f`.
fn rotate(
    s: &Services,
    session: &Session,
    f: impl FnOnce(&mut regie_store::Conn) -> regie_store::StoreResult<()>,
) -> ServiceResult<String> {
    let user_id = session.actor.user_id.ok_or(ServiceError::Unauthenticated)?;
    let token = random_token();
    let now = s.clock.naive();
    s.store.write(|c| {
        f(c)?;
        regie_store::users::delete_session(c, &session.token_hash)?;
        regie_store::users::insert_session(c, &token_hash(&token), user_id, now, true)
    })?;
    s.session_cache().remove(&session.token_hash);
    Ok(token)
}

type HmacSha256 = Hmac<Sha256>;

/// The CSRF token for a session id or a pre-login id: an HMAC, so nothing needs storing.
pub fn csrf_token(s: &Services, session_or_pre: &str) -> String {
    let mut mac = HmacSha256::new_from_slice(s.secret()).expect("hmac accepts any key length");
    mac.update(b"csrf|");
    mac.update(session_or_pre.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

pub fn csrf_ok(s: &Services, session_or_pre: &str, presented: &str) -> bool {
    let mut mac = HmacSha256::new_from_slice(s.secret()).expect("hmac accepts any key length");
    mac.update(b"csrf|");
    mac.update(session_or_pre.as_bytes());
    match hex::decode(presented) {
        Ok(bytes) => mac.verify_slice(&bytes).is_ok(),
        Err(_) => false,
    }
}

// ---- API tokens ----

/// An API token resolved within the last few seconds, without touching the database (so the
/// caller need not leave the async executor for it).
pub fn cached_api_token(s: &Services, token: &str, request_id: &str) -> Option<Actor> {
    let actor = s.token_cache().get(&token_hash(token), s.clock.micros())?;
    Some(Actor { request_id: request_id.to_string(), ..actor })
}

/// Resolves `Authorization: Bearer <token>` to an actor scoped like a user.
pub fn resolve_api_token(s: &Services, token: &str, request_id: &str) -> ServiceResult<Actor> {
    if let Some(actor) = cached_api_token(s, token, request_id) {
        return Ok(actor);
    }
    let hash = token_hash(token);
    let generation = s.token_cache().generation();
    let found = s.store.read(|c| regie_store::users::find_token(c, &hash))?;
    let Some((row, codes)) = found else {
        return Err(ServiceError::Unauthenticated);
    };
    if row.revoked_at.is_some() {
        return Err(ServiceError::Unauthenticated);
    }
    let role = Role::parse(&row.role).map_err(|_| ServiceError::Unauthenticated)?;
    let org = s.store.read(|c| regie_store::tenancy::get_organisation(c, row.organisation_id))?;
    let now = s.clock.naive();
    if row.last_used_at.is_none_or(|t| now - t > Duration::minutes(5)) {
        s.store.write(|c| regie_store::users::touch_token(c, row.id, now))?;
    }
    let mut roles = BTreeMap::new();
    roles.insert(role, codes);
    let actor = Actor {
        user_id: None,
        token_id: Some(row.id),
        label: format!("token:{}", row.name),
        display_name: row.name.clone(),
        organisation_id: row.organisation_id,
        organisation_name: org.map(|o| o.name).unwrap_or_default(),
        roles,
        person_id: None,
        request_id: request_id.to_string(),
    };
    s.token_cache().put(generation, hash, actor.clone(), (s.clock.micros(), i64::MAX));
    Ok(actor)
}

/// Resolved credentials (API tokens, signed-in browser sessions) kept for a few seconds, so that
/// a burst of calls with one credential costs one database lookup instead of three or four per
/// call. Whatever this process changes about access (a disabled account, a reset second factor,
/// a role given or taken, a revoked token, a merger) empties the caches at once
/// ([`Services::access_changed`]); logout and a new session id drop their own entry. A change
/// made by another process (the CLI, a second web process) takes effect within
/// [`ResolvedCache::TTL_MICROS`].
///
/// A resolution that read the database before such a change must not put its outdated result
/// back afterwards: every clear or removal advances a generation, and a result is kept only if
/// the generation it started under is still current.
pub struct ResolvedCache<V> {
    inner: Mutex<CacheInner<V>>,
}

struct CacheInner<V> {
    generation: u64,
    /// Per credential hash: the value, when it was resolved, and when it stops being valid
    /// on its own (a session's idle or absolute limit), in clock microseconds.
    entries: HashMap<String, (V, i64, i64)>,
}

impl<V> Default for ResolvedCache<V> {
    fn default() -> Self {
        ResolvedCache { inner: Mutex::new(CacheInner { generation: 0, entries: HashMap::new() }) }
    }
}

impl<V: Clone> ResolvedCache<V> {
    pub const TTL_MICROS: i64 = 5_000_000;
    /// More entries than this empties the cache (it only ever saves a lookup).
    const MAX_ENTRIES: usize = 1000;

    fn lock(&self) -> std::sync::MutexGuard<'_, CacheInner<V>> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn get(&self, hash: &str, now: i64) -> Option<V> {
        let e = self.lock();
        e.entries
            .get(hash)
            .filter(|(_, at, until)| (0..Self::TTL_MICROS).contains(&(now - at)) && now < *until)
            .map(|(v, _, _)| v.clone())
    }

    /// The generation to pass to [`Self::put`], taken before the database is read.
    fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// Keeps `value` until `until` (at most [`Self::TTL_MICROS`]), unless access changed since
    /// `generation` was taken.
    fn put(&self, generation: u64, hash: String, value: V, (now, until): (i64, i64)) {
        let mut e = self.lock();
        if e.generation != generation {
            return;
        }
        if e.entries.len() >= Self::MAX_ENTRIES {
            e.entries.clear();
        }
        e.entries.insert(hash, (value, now, until));
    }

    fn remove(&self, hash: &str) {
        let mut e = self.lock();
        e.generation += 1;
        e.entries.remove(hash);
    }

    pub fn clear(&self) {
        let mut e = self.lock();
        e.generation += 1;
        e.entries.clear();
    }
}

pub type TokenCache = ResolvedCache<Actor>;
pub type SessionCache = ResolvedCache<Session>;

/// Removes sessions past their idle or absolute limit (the background worker calls this).
pub fn purge_expired_sessions(s: &Services) -> ServiceResult<usize> {
    let now = s.clock.naive();
    let created_before = now - Duration::hours(s.config.session_absolute_hours);
    let seen_before = now - Duration::minutes(s.config.session_idle_minutes);
    Ok(s.store.write(|c| regie_store::users::delete_sessions_before(c, created_before, seen_before))?)
}

#[cfg(test)]
mod cache_tests {
    use super::ResolvedCache;

    #[test]
    fn a_result_resolved_before_a_change_of_access_is_not_kept_after_it() {
        let cache: ResolvedCache<&str> = ResolvedCache::default();
        let before = cache.generation();
        cache.clear();
        cache.put(before, "h".into(), "stale", (0, i64::MAX));
        assert_eq!(cache.get("h", 1), None, "a clear in between: not kept");
        let before = cache.generation();
        cache.remove("other");
        cache.put(before, "h".into(), "stale", (0, i64::MAX));
        assert_eq!(cache.get("h", 1), None, "a logout in between: not kept");
        let now = cache.generation();
        cache.put(now, "h".into(), "fresh", (0, i64::MAX));
        assert_eq!(cache.get("h", 1), Some("fresh"));
    }

    #[test]
    fn an_entry_is_served_neither_past_its_own_limit_nor_past_the_time_to_live() {
        let cache: ResolvedCache<&str> = ResolvedCache::default();
        cache.put(cache.generation(), "h".into(), "session", (1_000, 3_000));
        assert_eq!(cache.get("h", 2_999), Some("session"));
        assert_eq!(cache.get("h", 3_000), None, "idle or absolute limit reached");
        cache.put(cache.generation(), "t".into(), "token", (1_000, i64::MAX));
        assert_eq!(cache.get("t", 1_000 + ResolvedCache::<&str>::TTL_MICROS - 1), Some("token"));
        assert_eq!(cache.get("t", 1_000 + ResolvedCache::<&str>::TTL_MICROS), None);
        assert_eq!(cache.get("t", 999), None, "a clock moved back is a miss");
    }
}

#[cfg(test)]
mod throttle_tests {
    use super::Throttle;

    /// Unix seconds of 12:00:00 on some day: a whole minute on the clock.
    const MINUTE: i64 = 1_796_558_400;

    #[test]
    fn a_burst_across_a_minute_on_the_clock_is_counted_whole() {
        let t = Throttle::default();
        for i in 0..20 {
            assert!(t.admit("192.0.2.1", MINUTE - 1 + i / 10), "a failure, admitted");
        }
        for _ in 0..10 {
            assert!(t.admit("192.0.2.1", MINUTE + 1));
        }
        assert!(!t.admit("192.0.2.1", MINUTE + 1), "30 failures within two seconds");
        assert!(t.admit("192.0.2.2", MINUTE + 1), "another address is not slowed down");
        assert!(!t.admit("192.0.2.1", MINUTE + 58), "still within 60 s of all of them");
        assert!(t.admit("192.0.2.1", MINUTE + 60), "twenty of them are a minute old");
    }

    #[test]
    fn attempts_in_progress_count_until_they_succeed() {
        let t = Throttle::default();
        // Thirty guesses sent at once are all admitted before any is checked; the next waits.
        for _ in 0..30 {
            assert!(t.admit("192.0.2.7", MINUTE));
        }
        assert!(!t.admit("192.0.2.7", MINUTE), "the thirty-first is refused while the others run");
        // Successful logins take their attempt back: signing in never uses up the limit.
        let t = Throttle::default();
        for _ in 0..100 {
            assert!(t.admit("198.51.100.1", MINUTE));
            t.succeeded("198.51.100.1", MINUTE);
        }
        assert!(t.admit("198.51.100.1", MINUTE));
    }
}
