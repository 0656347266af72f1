//! Login, second factor (enrolment and verification) and logout.

use crate::extract::{cookie, set_cookie, AnySession, CsrfForm, RequestId, PRE_COOKIE, SESSION_COOKIE};
use crate::view::{render, render_status, Chrome, FormState};
use crate::{blocking, AppError, AppState};
use askama::Template;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use regie_service::auth::{self, Stage};
use regie_service::ServiceError;
use std::net::SocketAddr;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    csrf: String,
    form: FormState,
    expired: bool,
}

#[derive(serde::Deserialize)]
pub struct LoginQuery {
    verlopen: Option<String>,
}

/// The login form. Sets a pre-login cookie that the form's CSRF token is bound to.
pub async fn login_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Result<Response, AppError> {
    let (pre, set) = match cookie(&headers, PRE_COOKIE) {
        Some(p) => (p, None),
        None => {
            let p = auth::random_token();
            let c = set_cookie(&state, PRE_COOKIE, &p, None);
            (p, Some(c))
        }
    };
    let page = LoginPage {
        chrome: Chrome::anonymous("Inloggen"),
        csrf: auth::csrf_token(&state.services, &pre),
        form: FormState::default(),
        expired: q.verlopen.is_some(),
    };
    let mut resp = render(&page)?.into_response();
    if let Some(c) = set {
        resp.headers_mut().append(header::SET_COOKIE, c.parse().map_err(|_| AppError::Internal("cookie".into()))?);
    }
    Ok(resp)
}

#[derive(serde::Deserialize)]
pub struct LoginInput {
    #[serde(default)]
    gebruikersnaam: String,
    #[serde(default)]
    wachtwoord: String,
}

pub async fn login_submit(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    RequestId(rid): RequestId,
    CsrfForm(input): CsrfForm<LoginInput>,
) -> Result<Response, AppError> {
    let services = state.services.clone();
    let username = input.gebruikersnaam.clone();
    let client = addr.ip().to_string();
    let result =
        blocking(move || Ok(auth::login(&services, &input.gebruikersnaam, &input.wachtwoord, &client, &rid))).await?;
    match result {
        Ok(ok) => {
            let to = match ok.stage {
                Stage::Done => "/",
                Stage::VerifySecondFactor => "/inloggen/code",
                Stage::EnrolSecondFactor => "/inloggen/instellen",
            };
            let mut resp = Redirect::to(to).into_response();
            let c = set_cookie(&state, SESSION_COOKIE, &ok.token, None);
            resp.headers_mut().append(header::SET_COOKIE, c.parse().map_err(|_| AppError::Internal("cookie".into()))?);
            let clear = set_cookie(&state, PRE_COOKIE, "", Some(0));
            resp.headers_mut()
                .append(header::SET_COOKIE, clear.parse().map_err(|_| AppError::Internal("cookie".into()))?);
            Ok(resp)
        }
        Err(ServiceError::Invalid(fields)) => {
            let pre = cookie(&headers, PRE_COOKIE).unwrap_or_default();
            let mut values = std::collections::HashMap::new();
            values.insert("gebruikersnaam".to_string(), username);
            let page = LoginPage {
                chrome: Chrome::anonymous("Inloggen"),
                csrf: auth::csrf_token(&state.services, &pre),
                form: FormState::with_errors(values, fields),
                expired: false,
            };
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "totp_enrol.html")]
struct EnrolPage {
    chrome: Chrome,
    csrf: String,
    form: FormState,
    secret: String,
    qr_svg: String,
}

pub async fn enrol_form(State(state): State<AppState>, s: AnySession) -> Result<Response, AppError> {
    enrol_page(&state, s, FormState::default(), StatusCode::OK).await
}

async fn enrol_page(
    state: &AppState,
    s: AnySession,
    form: FormState,
    status: StatusCode,
) -> Result<Response, AppError> {
    match s.session.stage {
        Stage::Done => return Ok(Redirect::to("/").into_response()),
        Stage::VerifySecondFactor => return Ok(Redirect::to("/inloggen/code").into_response()),
        Stage::EnrolSecondFactor => {}
    }
    let services = state.services.clone();
    let session = s.session.clone();
    let e = blocking(move || Ok(auth::begin_enrolment(&services, &session)?)).await?;
    let page = EnrolPage {
        chrome: Chrome::anonymous("Tweestapsverificatie instellen"),
        csrf: s.csrf,
        form,
        secret: e.secret,
        qr_svg: e.qr_svg,
    };
    render_status(status, &page)
}

#[derive(serde::Deserialize)]
pub struct CodeInput {
    #[serde(default)]
    code: String,
}

fn signed_in(state: &AppState, token: &str) -> Result<Response, AppError> {
    let mut resp = Redirect::to("/").into_response();
    let c = set_cookie(state, SESSION_COOKIE, token, None);
    resp.headers_mut().append(header::SET_COOKIE, c.parse().map_err(|_| AppError::Internal("cookie".into()))?);
    Ok(resp)
}

pub async fn enrol_submit(
    State(state): State<AppState>,
    s: AnySession,
    CsrfForm(input): CsrfForm<CodeInput>,
) -> Result<Response, AppError> {
    match s.session.stage {
        Stage::Done => return Ok(Redirect::to("/").into_response()),
        Stage::VerifySecondFactor => return Ok(Redirect::to("/inloggen/code").into_response()),
        Stage::EnrolSecondFactor => {}
    }
    let services = state.services.clone();
    let session = s.session.clone();
    let result = blocking(move || Ok(auth::confirm_enrolment(&services, &session, &input.code))).await?;
    match result {
        Ok(token) => signed_in(&state, &token),
        Err(ServiceError::Invalid(fields)) => {
            enrol_page(&state, s, FormState::with_errors(Default::default(), fields), StatusCode::UNPROCESSABLE_ENTITY)
                .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "totp_verify.html")]
struct VerifyPage {
    chrome: Chrome,
    csrf: String,
    form: FormState,
}

pub async fn verify_form(s: AnySession) -> Result<Response, AppError> {
    match s.session.stage {
        Stage::Done => Ok(Redirect::to("/").into_response()),
        Stage::EnrolSecondFactor => Ok(Redirect::to("/inloggen/instellen").into_response()),
        Stage::VerifySecondFactor => {
            let page =
                VerifyPage { chrome: Chrome::anonymous("Code invullen"), csrf: s.csrf, form: FormState::default() };
            Ok(render(&page)?.into_response())
        }
    }
}

pub async fn verify_submit(
    State(state): State<AppState>,
    s: AnySession,
    CsrfForm(input): CsrfForm<CodeInput>,
) -> Result<Response, AppError> {
    if s.session.stage != Stage::VerifySecondFactor {
        return Ok(Redirect::to("/").into_response());
    }
    let services = state.services.clone();
    let session = s.session.clone();
    let result = blocking(move || Ok(auth::verify_second_factor(&services, &session, &input.code))).await?;
    match result {
        Ok(token) => signed_in(&state, &token),
        Err(ServiceError::Invalid(fields)) => {
            let page = VerifyPage {
                chrome: Chrome::anonymous("Code invullen"),
                csrf: s.csrf,
                form: FormState::with_errors(Default::default(), fields),
            };
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn logout(
    State(state): State<AppState>,
    s: AnySession,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let services = state.services.clone();
    let session = s.session.clone();
    blocking(move || Ok(auth::logout(&services, &session)?)).await?;
    let mut resp = Redirect::to("/inloggen").into_response();
    let c = set_cookie(&state, SESSION_COOKIE, "", Some(0));
    resp.headers_mut().append(header::SET_COOKIE, c.parse().map_err(|_| AppError::Internal("cookie".into()))?);
    Ok(resp)
}
