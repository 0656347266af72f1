//! Extractors: the request id, the signed-in user of a page (with CSRF token), the actor of
//! an API call (Bearer token or session), form and JSON bodies with Dutch errors.

use crate::{blocking, AppError, AppState};
use axum::body::Bytes;
use axum::extract::{FromRef, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use regie_service::auth::{self, Session, Stage};
use regie_service::Actor;
use serde::de::DeserializeOwned;

pub const SESSION_COOKIE: &str = "regie_session";
pub const PRE_COOKIE: &str = "regie_pre";

/// The id of this request, set by the request-id middleware.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<RequestId>().cloned().unwrap_or_else(|| RequestId(String::new())))
    }
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

/// A `Set-Cookie` value with the attributes every Regie cookie has.
pub fn set_cookie(state: &AppState, name: &str, value: &str, max_age: Option<i64>) -> String {
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    let age = max_age.map(|a| format!("; Max-Age={a}")).unwrap_or_default();
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict{secure}{age}")
}

/// A session in any stage (for the login steps themselves).
pub struct AnySession {
    pub session: Session,
    pub token: String,
    pub csrf: String,
}

impl<S> FromRequestParts<S> for AnySession
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let state = AppState::from_ref(state);
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(AppError::Redirect("/inloggen".into()));
        };
        let rid = RequestId::from_request_parts(parts, &state).await.unwrap_or(RequestId(String::new()));
        let services = state.services.clone();
        let t = token.clone();
        let session = match auth::cached_session(&services, &token, &rid.0) {
            Some(session) => Ok(session),
            None => blocking(move || Ok(auth::resolve_session(&services, &t, &rid.0)?)).await,
        };
        match session {
            Ok(session) => {
                let csrf = auth::csrf_token(&state.services, &token);
                Ok(AnySession { session, token, csrf })
            }
            Err(AppError::Service(regie_service::ServiceError::Unauthenticated)) => {
                Err(AppError::Redirect("/inloggen?verlopen=1".into()))
            }
            Err(e) => Err(e),
        }
    }
}

/// A fully signed-in user of a page (second factor done).
pub struct User {
    pub actor: Actor,
    pub token: String,
    pub csrf: String,
    pub session: Session,
}

impl<S> FromRequestParts<S> for User
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let any = AnySession::from_request_parts(parts, state).await?;
        match any.session.stage {
            Stage::Done => {
                Ok(User { actor: any.session.actor.clone(), token: any.token, csrf: any.csrf, session: any.session })
            }
            Stage::VerifySecondFactor => Err(AppError::Redirect("/inloggen/code".into())),
            Stage::EnrolSecondFactor => Err(AppError::Redirect("/inloggen/instellen".into())),
        }
    }
}

/// The actor of an API call: a Bearer token, or a fully signed-in browser session.
pub struct ApiActor(pub Actor);

impl<S> FromRequestParts<S> for ApiActor
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let state = AppState::from_ref(state);
        let rid = RequestId::from_request_parts(parts, &state).await.unwrap_or(RequestId(String::new()));
        let services = state.services.clone();
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let value = value.to_str().unwrap_or_default();
            let token = value
                .strip_prefix("Bearer ")
                .or_else(|| value.strip_prefix("bearer "))
                .map(str::trim)
                .filter(|t| !t.is_empty() && t.len() <= 200)
                .ok_or(AppError::Api(Box::new(AppError::LoginRequired)))?
                .to_string();
            if let Some(actor) = auth::cached_api_token(&services, &token, &rid.0) {
                return Ok(ApiActor(actor));
            }
            return blocking(move || Ok(auth::resolve_api_token(&services, &token, &rid.0)?))
                .await
                .map(ApiActor)
                .map_err(AppError::api);
        }
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(AppError::LoginRequired.api());
        };
        let unsafe_method = !matches!(parts.method.as_str(), "GET" | "HEAD" | "OPTIONS");
        if unsafe_method {
            let presented = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or_default();
            if !auth::csrf_ok(&state.services, &token, presented) {
                return Err(AppError::Csrf.api());
            }
        }
        let session = match auth::cached_session(&services, &token, &rid.0) {
            Some(session) => session,
            None => {
                blocking(move || Ok(auth::resolve_session(&services, &token, &rid.0)?)).await.map_err(AppError::api)?
            }
        };
        if session.stage != Stage::Done {
            return Err(AppError::LoginRequired.api());
        }
        Ok(ApiActor(session.actor))
    }
}

/// A form body (application/x-www-form-urlencoded) with its CSRF field checked against the
/// session (or the pre-login cookie). Values arrive as strings; the service validates them.
pub struct CsrfForm<T>(pub T);

impl<S, T> FromRequest<S> for CsrfForm<T>
where
    AppState: FromRef<S>,
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let app = AppState::from_ref(state);
        let headers = req.headers().clone();
        let bytes = Bytes::from_request(req, state).await.map_err(|_| AppError::PayloadTooLarge)?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| AppError::BadRequest("Het formulier kon niet worden gelezen.".into()))?;
        let presented = pairs.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str()).unwrap_or_default();
        if !csrf_valid(&app, &headers, presented) {
            return Err(AppError::Csrf);
        }
        let value = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| AppError::BadRequest("Het formulier kon niet worden gelezen.".into()))?;
        Ok(CsrfForm(value))
    }
}

/// Whether `presented` is the CSRF token of the session (or pre-login cookie) in `headers`.
fn csrf_valid(app: &AppState, headers: &HeaderMap, presented: &str) -> bool {
    let bound = cookie(headers, SESSION_COOKIE).or_else(|| cookie(headers, PRE_COOKIE));
    bound.is_some_and(|b| auth::csrf_ok(&app.services, &b, presented))
}

/// A `multipart/form-data` body (a form with a file upload) with its CSRF field checked
/// exactly as [`CsrfForm`] does. The whole body is read first (within the body limit); the
/// token is checked before the handler sees any of it. A form sent without
/// `multipart/form-data` is read as an ordinary form without files, so the use case answers
/// that the file is missing.
pub struct CsrfMultipart {
    /// Text fields, in the order sent.
    pub fields: Vec<(String, String)>,
    /// File fields, in the order sent.
    pub files: Vec<FilePart>,
}

/// One file of a multipart form.
pub struct FilePart {
    pub field: String,
    /// The file name without any folder (some browsers send the whole path).
    pub file_name: String,
    /// What the browser said the type is (often `application/octet-stream`).
    pub declared_type: String,
    pub bytes: Vec<u8>,
}

impl CsrfMultipart {
    pub fn file(&self, name: &str) -> &[u8] {
        self.files.iter().find(|f| f.field == name).map(|f| f.bytes.as_slice()).unwrap_or_default()
    }

    /// The first non-empty file of `field` as a document upload, its type the one its bytes
    /// show (PDF, PNG, JPEG) or else the declared one, which the use case then refuses. An
    /// empty upload when there is none.
    pub fn upload(&self, field: &str) -> regie_service::ontzorging::plans::Upload {
        let file = self.files.iter().find(|f| f.field == field && !f.bytes.is_empty());
        regie_service::ontzorging::plans::Upload {
            name: file.map(|f| f.file_name.clone()).unwrap_or_default(),
            content_type: file
                .map(|f| {
                    regie_domain::inburgering::dossier::sniff(&f.bytes)
                        .map_or_else(|| f.declared_type.clone(), String::from)
                })
                .unwrap_or_default(),
            bytes: file.map(|f| f.bytes.clone()).unwrap_or_default(),
        }
    }
}

impl<S> FromRequest<S> for CsrfMultipart
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
        if !multipart {
            let CsrfForm(fields) = CsrfForm::<Vec<(String, String)>>::from_request(req, state).await?;
            return Ok(CsrfMultipart { fields, files: vec![] });
        }
        let app = AppState::from_ref(state);
        let headers = req.headers().clone();
        let unreadable = || AppError::BadRequest("Het formulier kon niet worden gelezen.".into());
        let too_large = |e: axum::extract::multipart::MultipartError| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge
            } else {
                unreadable()
            }
        };
        let mut multipart = axum::extract::Multipart::from_request(req, state).await.map_err(|_| unreadable())?;
        let mut out = CsrfMultipart { fields: vec![], files: vec![] };
        while let Some(field) = multipart.next_field().await.map_err(too_large)? {
            let name = field.name().unwrap_or_default().to_string();
            if let Some(file_name) = field.file_name().map(str::to_string) {
                let declared_type = field.content_type().unwrap_or_default().to_string();
                let bytes = field.bytes().await.map_err(too_large)?.to_vec();
                let file_name = file_name.rsplit(['/', '\\']).next().unwrap_or_default().trim().to_string();
                out.files.push(FilePart { field: name, file_name, declared_type, bytes });
            } else {
                let text = field.text().await.map_err(too_large)?;
                out.fields.push((name, text));
            }
        }
        let presented = out.fields.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str()).unwrap_or_default();
        if !csrf_valid(&app, &headers, presented) {
            return Err(AppError::Csrf);
        }
        Ok(out)
    }
}

/// A JSON body with problem+json errors for a wrong content type, a body that is too large,
/// and malformed JSON (with the position of the problem, never the content).
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let is_json =
            req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
                v.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
            });
        if !is_json {
            return Err(AppError::UnsupportedMediaType.api());
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|_| AppError::PayloadTooLarge.api())?;
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|e| {
            let what = match e.classify() {
                serde_json::error::Category::Data => "Een veld heeft een verkeerd type of ontbreekt",
                _ => "De JSON is ongeldig",
            };
            AppError::BadRequest(format!("{what} (regel {}, kolom {}).", e.line(), e.column())).api()
        })
    }
}
