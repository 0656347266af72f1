//! Functional administration screens: users and roles, organisations, municipalities and
//! mergers, mandates, API tokens.

use super::{all, field, form_outcome, see_other};
use crate::extract::{CsrfForm, User};
use crate::view::{date_nl, opt_date_nl, render_status, Chrome, FormState};
use crate::{blocking, AppError, AppState};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use regie_service::admin::{self, NewUserInput};
use regie_service::{Permission, Role, ServiceError};

fn require(user: &User) -> Result<(), AppError> {
    Ok(user.actor.require(Permission::Administer)?)
}

#[derive(Template)]
#[template(path = "admin_index.html")]
struct IndexPage {
    chrome: Chrome,
    region: String,
    users: usize,
    organisations: usize,
    municipalities: usize,
    mandates: usize,
    tokens: usize,
}

pub async fn index(State(state): State<AppState>, user: User) -> Result<Response, AppError> {
    require(&user)?;
    let (s, a) = (state.services.clone(), user.actor.clone());
    let (t, users, tokens) = blocking(move || {
        Ok((admin::tenancy(&s, &a)?, admin::list_users(&s, &a)?.len(), admin::list_tokens(&s, &a)?.len()))
    })
    .await?;
    let page = IndexPage {
        chrome: Chrome::for_user("Beheer", &user.actor, &user.csrf, "/beheer"),
        region: t.region,
        users,
        organisations: t.organisations.len(),
        municipalities: t.municipalities.len(),
        mandates: t.mandates.len(),
        tokens,
    };
    render_status(StatusCode::OK, &page)
}

pub struct UserRowView {
    id: i64,
    username: String,
    name: String,
    organisation: String,
    roles: Vec<(String, String, String)>,
    status: &'static str,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    chrome: Chrome,
    message: String,
    users: Vec<UserRowView>,
    form: FormState,
    text_fields: Vec<(&'static str, &'static str, &'static str)>,
    organisations: Vec<String>,
    roles: Vec<(&'static str, &'static str)>,
    municipalities: Vec<(String, String)>,
}

async fn users_page(
    state: &AppState,
    user: &User,
    form: FormState,
    message: String,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (s, a) = (state.services.clone(), user.actor.clone());
    let (list, t) = blocking(move || Ok((admin::list_users(&s, &a)?, admin::tenancy(&s, &a)?))).await?;
    let now = state.services.clock.naive();
    let users = list
        .into_iter()
        .map(|u| UserRowView {
            id: u.user.id,
            username: u.user.username.clone(),
            name: u.user.display_name.clone(),
            organisation: u.organisation.clone(),
            roles: u
                .roles
                .iter()
                .map(|(r, m)| {
                    let label = Role::parse(r).map(|role| role.label()).unwrap_or(r.as_str());
                    (r.clone(), m.clone(), format!("{label} ({m})"))
                })
                .collect(),
            status: if u.user.disabled {
                "Geblokkeerd"
            } else if u.user.locked_until.is_some_and(|t| t > now) {
                "Tijdelijk vergrendeld"
            } else if u.user.totp_secret.is_some() {
                "Actief, tweestap ingesteld"
            } else {
                "Actief"
            },
            disabled: u.user.disabled,
        })
        .collect();
    let page = UsersPage {
        chrome: Chrome::for_user("Gebruikers en rollen", &user.actor, &user.csrf, "/beheer"),
        message,
        users,
        form,
        text_fields: vec![
            ("gebruikersnaam", "Gebruikersnaam", "text"),
            ("naam", "Naam", "text"),
            ("email", "E-mailadres", "text"),
            ("wachtwoord", "Eerste wachtwoord (ten minste 12 tekens)", "password"),
        ],
        organisations: t.organisations.into_iter().map(|o| o.name).collect(),
        roles: Role::ALL.iter().map(|r| (r.code(), r.label())).collect(),
        municipalities: t
            .municipalities
            .into_iter()
            .filter(|m| m.valid_to.is_none())
            .map(|m| (m.code, m.name))
            .collect(),
    };
    render_status(status, &page)
}

pub async fn users(State(state): State<AppState>, user: User) -> Result<Response, AppError> {
    require(&user)?;
    users_page(&state, &user, FormState::default(), String::new(), StatusCode::OK).await
}

pub async fn add_user(
    State(state): State<AppState>,
    user: User,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user)?;
    let input = NewUserInput {
        username: field(&pairs, "gebruikersnaam").into(),
        display_name: field(&pairs, "naam").into(),
        email: field(&pairs, "email").into(),
        organisation: field(&pairs, "organisatie").into(),
        password: field(&pairs, "wachtwoord").into(),
        roles: vec![(field(&pairs, "rol").into(), all(&pairs, "gemeente"))],
        person_id: None,
    };
    let (s, a) = (state.services.clone(), user.actor.clone());
    let result = blocking(move || Ok(admin::add_user(&s, &a, &input))).await?;
    let name = field(&pairs, "gebruikersnaam").trim().to_string();
    match result {
        Ok(_) => {
            let message = format!("Gebruiker {name} is toegevoegd.");
            users_page(&state, &user, FormState::default(), message, StatusCode::CREATED).await
        }
        other => {
            form_outcome(
                other,
                &pairs,
                |_| see_other("/beheer/gebruikers"),
                |form| users_page(&state, &user, form, String::new(), StatusCode::UNPROCESSABLE_ENTITY),
            )
            .await
        }
    }
}

#[derive(Clone, Copy)]
enum UserAction {
    Disable,
    Enable,
    ResetSecondFactor,
}

async fn user_action(state: AppState, user: User, id: i64, action: UserAction) -> Result<Response, AppError> {
    require(&user)?;
    let (s, a) = (state.services.clone(), user.actor.clone());
    blocking(move || {
        let target = admin::list_users(&s, &a)?.into_iter().find(|u| u.user.id == id).ok_or(ServiceError::NotFound)?;
        let name = target.user.username;
        match action {
            UserAction::Disable => admin::set_disabled(&s, &a, &name, true)?,
            UserAction::Enable => admin::set_disabled(&s, &a, &name, false)?,
            UserAction::ResetSecondFactor => admin::reset_second_factor(&s, &a, &name)?,
        }
        Ok(())
    })
    .await?;
    Ok(Redirect::to("/beheer/gebruikers").into_response())
}

pub async fn disable_user(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user_action(state, user, id, UserAction::Disable).await
}

pub async fn enable_user(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user_action(state, user, id, UserAction::Enable).await
}

pub async fn reset_2fa(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user_action(state, user, id, UserAction::ResetSecondFactor).await
}

#[derive(Template)]
#[template(path = "admin_organisations.html")]
struct OrganisationsPage {
    chrome: Chrome,
    organisations: Vec<(String, String)>,
    kinds: &'static [(&'static str, &'static str)],
    form: FormState,
}

async fn organisations_page(
    state: &AppState,
    user: &User,
    form: FormState,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (s, a) = (state.services.clone(), user.actor.clone());
    let t = blocking(move || Ok(admin::tenancy(&s, &a)?)).await?;
    let label = |k: &str| {
        admin::ORGANISATION_KINDS
            .iter()
            .find(|(c, _)| *c == k)
            .map(|(_, l)| l.to_string())
            .unwrap_or_else(|| k.to_string())
    };
    let page = OrganisationsPage {
        chrome: Chrome::for_user("Organisaties", &user.actor, &user.csrf, "/beheer"),
        organisations: t.organisations.iter().map(|o| (o.name.clone(), label(&o.kind))).collect(),
        kinds: admin::ORGANISATION_KINDS,
        form,
    };
    render_status(status, &page)
}

pub async fn organisations(State(state): State<AppState>, user: User) -> Result<Response, AppError> {
    require(&user)?;
    organisations_page(&state, &user, FormState::default(), StatusCode::OK).await
}

pub async fn add_organisation(
    State(state): State<AppState>,
    user: User,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user)?;
    let (s, a) = (state.services.clone(), user.actor.clone());
    let (name, kind) = (field(&pairs, "naam").to_string(), field(&pairs, "soort").to_string());
    let result = blocking(move || Ok(admin::add_organisation(&s, &a, &name, &kind))).await?;
    form_outcome(
        result,
        &pairs,
        |_| see_other("/beheer/organisaties"),
        |form| organisations_page(&state, &user, form, StatusCode::UNPROCESSABLE_ENTITY),
    )
    .await
}

#[derive(Template)]
#[template(path = "admin_municipalities.html")]
struct MunicipalitiesPage {
    chrome: Chrome,
    message: String,
    rows: Vec<(String, String, String, String, String)>,
    current: Vec<(String, String)>,
    merger_fields: Vec<(&'static str, &'static str)>,
    form: FormState,
}

async fn municipalities_page(
    state: &AppState,
    user: &User,
    form: FormState,
    message: String,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (s, a) = (state.services.clone(), user.actor.clone());
    let t = blocking(move || Ok(admin::tenancy(&s, &a)?)).await?;
    let page = MunicipalitiesPage {
        chrome: Chrome::for_user("Gemeenten", &user.actor, &user.csrf, "/beheer"),
        message,
        rows: t
            .municipalities
            .iter()
            .map(|m| {
                (
                    m.code.clone(),
                    m.name.clone(),
                    date_nl(&m.valid_from),
                    opt_date_nl(&m.valid_to),
                    m.successor_code.clone().unwrap_or_else(|| "—".into()),
                )
            })
            .collect(),
        current: t
            .municipalities
            .iter()
            .filter(|m| m.valid_to.is_none())
            .map(|m| (m.code.clone(), m.name.clone()))
            .collect(),
        merger_fields: vec![
            ("opvolger", "CBS-code van de opvolger (bestaand of nieuw), bijvoorbeeld GM1980"),
            ("naam", "Naam van de nieuwe gemeente (alleen als die nog niet bestaat)"),
            ("datum", "Datum van de herindeling (dd-mm-jjjj)"),
        ],
        form,
    };
    render_status(status, &page)
}

pub async fn municipalities(State(state): State<AppState>, user: User) -> Result<Response, AppError> {
    require(&user)?;
    municipalities_page(&state, &user, FormState::default(), String::new(), StatusCode::OK).await
}

pub async fn merge(
    State(state): State<AppState>,
    user: User,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user)?;
    let (s, a) = (state.services.clone(), user.actor.clone());
    let sources = all(&pairs, "gemeenten");
    let (succ, name, date) =
        (field(&pairs, "opvolger").to_string(), field(&pairs, "naam").to_string(), field(&pairs, "datum").to_string());
    let result = blocking(move || Ok(admin::merge_municipalities(&s, &a, &sources, &succ, &name, &date))).await?;
    match result {
        Ok(o) => {
            let message = format!("De herindeling is uitgevoerd: {} lopende trajecten zijn overgegaan.", o.moved);
            municipalities_page(&state, &user, FormState::default(), message, StatusCode::OK).await
        }
        other => {
            form_outcome(
                other,
                &pairs,
                |_| see_other("/beheer/gemeenten"),
                |form| municipalities_page(&state, &user, form, String::new(), StatusCode::UNPROCESSABLE_ENTITY),
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "admin_mandates.html")]
struct MandatesPage {
    chrome: Chrome,
    rows: Vec<(i64, String, String, String, String, bool)>,
    organisations: Vec<String>,
    municipalities: Vec<(String, String)>,
    date_fields: Vec<(&'static str, &'static str)>,
    form: FormState,
}

async fn mandates_page(
    state: &AppState,
    user: &User,
    form: FormState,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (s, a) = (state.services.clone(), user.actor.clone());
    let t = blocking(move || Ok(admin::tenancy(&s, &a)?)).await?;
    let org_name = |id: i64| t.organisations.iter().find(|o| o.id == id).map(|o| o.name.clone()).unwrap_or_default();
    let mun_name = |code: &str| {
        t.municipalities.iter().find(|m| m.code == code).map(|m| m.name.clone()).unwrap_or_else(|| code.to_string())
    };
    let page = MandatesPage {
        chrome: Chrome::for_user("Mandaten", &user.actor, &user.csrf, "/beheer"),
        rows: t
            .mandates
            .iter()
            .map(|m| {
                (
                    m.id,
                    org_name(m.organisation_id),
                    mun_name(&m.municipality_code),
                    date_nl(&m.valid_from),
                    opt_date_nl(&m.valid_to),
                    m.valid_to.is_none(),
                )
            })
            .collect(),
        organisations: t.organisations.iter().map(|o| o.name.clone()).collect(),
        municipalities: t
            .municipalities
            .iter()
            .filter(|m| m.valid_to.is_none())
            .map(|m| (m.code.clone(), m.name.clone()))
            .collect(),
        date_fields: vec![("vanaf", "Geldig vanaf (dd-mm-jjjj)"), ("tot", "Geldig tot (dd-mm-jjjj, leeg = onbepaald)")],
        form,
    };
    render_status(status, &page)
}

pub async fn mandates(State(state): State<AppState>, user: User) -> Result<Response, AppError> {
    require(&user)?;
    mandates_page(&state, &user, FormState::default(), StatusCode::OK).await
}

pub async fn add_mandate(
    State(state): State<AppState>,
    user: User,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user)?;
    let (s, a) = (state.services.clone(), user.actor.clone());
    let p = pairs.clone();
    let result = blocking(move || {
        Ok(admin::add_mandate(
            &s,
            &a,
            field(&p, "organisatie"),
            field(&p, "gemeente"),
            field(&p, "vanaf"),
            field(&p, "tot"),
        ))
    })
    .await?;
    form_outcome(
        result,
        &pairs,
        |_| see_other("/beheer/mandaten"),
        |form| mandates_page(&state, &user, form, StatusCode::UNPROCESSABLE_ENTITY),
    )
    .await
}

pub async fn end_mandate(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user)?;
    let (s, a) = (state.services.clone(), user.actor.clone());
    let to = field(&pairs, "tot").to_string();
    let result = blocking(move || Ok(admin::end_mandate(&s, &a, id, &to))).await?;
    form_outcome(
        result,
        &pairs,
        |_| see_other("/beheer/mandaten"),
        |form| mandates_page(&state, &user, form, StatusCode::UNPROCESSABLE_ENTITY),
    )
    .await
}

#[derive(Template)]
#[template(path = "admin_tokens.html")]
struct TokensPage {
    chrome: Chrome,
    new_token: String,
    rows: Vec<(i64, String, String, String, String, String, bool)>,
    organisations: Vec<String>,
    roles: Vec<(&'static str, &'static str)>,
    municipalities: Vec<(String, String)>,
    form: FormState,
}

async fn tokens_page(
    state: &AppState,
    user: &User,
    form: FormState,
    new_token: String,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (s, a) = (state.services.clone(), user.actor.clone());
    let (tokens, t) = blocking(move || Ok((admin::list_tokens(&s, &a)?, admin::tenancy(&s, &a)?))).await?;
    let dt = |d: &chrono::NaiveDateTime| d.format("%d-%m-%Y %H:%M").to_string();
    let page = TokensPage {
        chrome: Chrome::for_user("API-tokens", &user.actor, &user.csrf, "/beheer"),
        new_token,
        rows: tokens
            .iter()
            .map(|(r, codes)| {
                (
                    r.id,
                    r.name.clone(),
                    r.role.clone(),
                    codes.join(", "),
                    dt(&r.created_at),
                    r.last_used_at.as_ref().map(dt).unwrap_or_else(|| "nooit".into()),
                    r.revoked_at.is_some(),
                )
            })
            .collect(),
        organisations: t.organisations.iter().map(|o| o.name.clone()).collect(),
        roles: Role::ALL.iter().filter(|r| **r != Role::Inburgeraar).map(|r| (r.code(), r.label())).collect(),
        municipalities: t
            .municipalities
            .iter()
            .filter(|m| m.valid_to.is_none())
            .map(|m| (m.code.clone(), m.name.clone()))
            .collect(),
        form,
    };
    render_status(status, &page)
}

pub async fn tokens(State(state): State<AppState>, user: User) -> Result<Response, AppError> {
    require(&user)?;
    tokens_page(&state, &user, FormState::default(), String::new(), StatusCode::OK).await
}

pub async fn create_token(
    State(state): State<AppState>,
    user: User,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user)?;
    let (s, a) = (state.services.clone(), user.actor.clone());
    let p = pairs.clone();
    let result = blocking(move || {
        let (name, role, organisation) = (field(&p, "naam"), field(&p, "rol"), field(&p, "organisatie"));
        Ok(admin::create_token(&s, &a, name, role, &all(&p, "gemeente"), organisation))
    })
    .await?;
    match result {
        Ok(token) => tokens_page(&state, &user, FormState::default(), token, StatusCode::CREATED).await,
        other => {
            form_outcome(
                other,
                &pairs,
                |_| see_other("/beheer/tokens"),
                |form| tokens_page(&state, &user, form, String::new(), StatusCode::UNPROCESSABLE_ENTITY),
            )
            .await
        }
    }
}

pub async fn revoke_token(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user)?;
    let (s, a) = (state.services.clone(), user.actor.clone());
    blocking(move || Ok(admin::revoke_token(&s, &a, id)?)).await?;
    Ok(Redirect::to("/beheer/tokens").into_response())
}

pub async fn assign_role(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user)?;
    let (s, a) = (state.services.clone(), user.actor.clone());
    let (role, codes) = (field(&pairs, "rol").to_string(), all(&pairs, "gemeente"));
    let result = blocking(move || Ok(admin::assign_role(&s, &a, id, &role, &codes))).await?;
    form_outcome(
        result,
        &pairs,
        |_| see_other("/beheer/gebruikers"),
        |form| users_page(&state, &user, form, String::new(), StatusCode::UNPROCESSABLE_ENTITY),
    )
    .await
}

pub async fn remove_role(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user)?;
    let (s, a) = (state.services.clone(), user.actor.clone());
    let (role, code) = (field(&pairs, "rol").to_string(), field(&pairs, "gemeente").to_string());
    blocking(move || Ok(admin::remove_role(&s, &a, id, &role, &code)?)).await?;
    Ok(Redirect::to("/beheer/gebruikers").into_response())
}
