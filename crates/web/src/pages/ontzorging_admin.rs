//! The settings ontzorging runs on (`/beheer/ontzorging`): the dated welfare norms per household
//! type, the cost types, and each municipality's paying account. Everyone who works with
//! ontzorging may read them; only the functional administrator changes them (the service
//! decides both).

use super::ontzorging::{household_label, iban_grouped};
use super::{field, Step};
use crate::extract::{CsrfForm, User};
use crate::view::{date_nl, datetime_nl, render_status, Chrome, FormState};
use crate::{blocking, AppError, AppState};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use regie_domain::ontzorging::HouseholdType;
use regie_domain::Cents;
use regie_service::ontzorging::settings;
use regie_service::{FieldError, Permission, ServiceError};
use serde::Deserialize;

pub struct NormLine {
    pub from: String,
    pub household: &'static str,
    pub amount: String,
    pub changed: String,
}

pub struct CostTypeLine {
    pub code: String,
    pub label: String,
    pub standard: bool,
    pub active: bool,
}

pub struct AccountLine {
    pub municipality: String,
    pub name: String,
    pub iban: String,
    pub bic: String,
}

/// Which of the page's forms a submission came from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Norm,
    CostType,
    Account,
}

#[derive(Template)]
#[template(path = "ontzorging_beheer.html")]
struct SettingsPage {
    chrome: Chrome,
    can_change: bool,
    notice: &'static str,
    refused: String,
    errors: Vec<(String, String)>,
    norms: Vec<NormLine>,
    cost_types: Vec<CostTypeLine>,
    accounts: Vec<AccountLine>,
    households: Vec<(&'static str, &'static str)>,
    municipalities: Vec<(String, String)>,
    norm_form: FormState,
    type_form: FormState,
    account_form: FormState,
}

fn notice_text(code: &str) -> &'static str {
    match code {
        "norm" => "De norm is opgeslagen. Betaalruns die al zijn opgesteld, houden hun bedragen.",
        "kostensoort" => "De kostensoort is opgeslagen.",
        "rekening" => "De betaalrekening is opgeslagen.",
        _ => "",
    }
}

async fn page(
    state: &AppState,
    user: &User,
    submitted: Option<(Form, FormState)>,
    refused: String,
    notice: &'static str,
    http: StatusCode,
) -> Result<Response, AppError> {
    let (s, a) = (state.services.clone(), user.actor.clone());
    let (norms, types, accounts, municipalities) = blocking(move || {
        Ok((
            settings::norms(&s, &a)?,
            settings::cost_types(&s, &a)?,
            settings::payer_accounts(&s, &a)?,
            regie_service::admin::municipalities(&s)?,
        ))
    })
    .await?;
    let current: Vec<(String, String)> =
        municipalities.iter().filter(|m| m.valid_to.is_none()).map(|m| (m.code.clone(), m.name.clone())).collect();
    let name_of = |code: &str| {
        municipalities.iter().find(|m| m.code == code).map(|m| m.name.clone()).unwrap_or_else(|| code.to_string())
    };
    let mut norms = norms;
    let order = |code: &str| HouseholdType::ALL.iter().position(|h| h.code() == code).unwrap_or(usize::MAX);
    norms.sort_by(|a, b| b.valid_from.cmp(&a.valid_from).then(order(&a.household_type).cmp(&order(&b.household_type))));
    let mut accounts_view: Vec<AccountLine> = current
        .iter()
        .map(|(code, name)| match accounts.iter().find(|acc| &acc.municipality_code == code) {
            Some(acc) => AccountLine {
                municipality: name.clone(),
                name: acc.name.clone(),
                iban: iban_grouped(&acc.iban),
                bic: acc.bic.clone().unwrap_or_else(|| "—".into()),
            },
            None => AccountLine {
                municipality: name.clone(),
                name: "Nog niet ingesteld".into(),
                iban: "—".into(),
                bic: "—".into(),
            },
        })
        .collect();
    // Accounts of municipalities that no longer exist stay visible.
    for acc in accounts.iter().filter(|acc| !current.iter().any(|(c, _)| *c == acc.municipality_code)) {
        accounts_view.push(AccountLine {
            municipality: format!("{} (opgeheven)", name_of(&acc.municipality_code)),
            name: acc.name.clone(),
            iban: iban_grouped(&acc.iban),
            bic: acc.bic.clone().unwrap_or_else(|| "—".into()),
        });
    }
    let (mut norm_form, mut type_form, mut account_form) =
        (FormState::default(), FormState::default(), FormState::default());
    let mut errors = vec![];
    if let Some((which, form)) = submitted {
        let prefix = match which {
            Form::Norm => "norm-",
            Form::CostType => "soort-",
            Form::Account => "rekening-",
        };
        errors = form.errors.iter().map(|e| (format!("veld-{prefix}{}", e.field), e.message.clone())).collect();
        match which {
            Form::Norm => norm_form = form,
            Form::CostType => type_form = form,
            Form::Account => account_form = form,
        }
    }
    let view = SettingsPage {
        chrome: Chrome::for_user(
            "Ontzorgen: normen, kostensoorten en rekeningen",
            &user.actor,
            &user.csrf,
            if user.actor.can(Permission::Administer) {
                "/beheer"
            } else if user.actor.can(Permission::ManageOntzorging) {
                "/ontzorging"
            } else {
                "/betaalruns"
            },
        ),
        can_change: user.actor.can(Permission::Administer),
        notice,
        refused,
        errors,
        norms: norms
            .iter()
            .map(|n| NormLine {
                from: date_nl(&n.valid_from),
                household: household_label(&n.household_type),
                amount: Cents(n.amount_cents).display_nl(),
                changed: format!("{} op {}", n.changed_by, datetime_nl(&n.changed_at)),
            })
            .collect(),
        cost_types: types
            .into_iter()
            .map(|t| CostTypeLine { code: t.code, label: t.label, standard: t.standard, active: t.active })
            .collect(),
        accounts: accounts_view,
        households: std::iter::once(("", "Kies het huishoudtype"))
            .chain(HouseholdType::ALL.iter().map(|h| (h.code(), h.label_nl())))
            .collect(),
        municipalities: std::iter::once((String::new(), "Kies de gemeente".to_string())).chain(current).collect(),
        norm_form,
        type_form,
        account_form,
    };
    render_status(http, &view)
}

#[derive(Deserialize)]
pub struct ShowQuery {
    melding: Option<String>,
}

/// `GET /beheer/ontzorging`
pub async fn show(State(state): State<AppState>, user: User, Query(q): Query<ShowQuery>) -> Result<Response, AppError> {
    let notice = q.melding.as_deref().map(notice_text).unwrap_or("");
    page(&state, &user, None, String::new(), notice, StatusCode::OK).await
}

async fn answer(
    state: &AppState,
    user: &User,
    which: Form,
    step: Step<()>,
    pairs: &[(String, String)],
    done: &str,
) -> Result<Response, AppError> {
    let (form, refused, http) = match step {
        Step::Done(()) => return super::see_other(&format!("/beheer/ontzorging?melding={done}")),
        Step::Invalid(form) => (form, String::new(), StatusCode::UNPROCESSABLE_ENTITY),
        Step::Refused(message) => (FormState::with_errors(super::values(pairs), vec![]), message, StatusCode::CONFLICT),
    };
    page(state, user, Some((which, form)), refused, "", http).await
}

/// `POST /beheer/ontzorging/normen`: a norm from a date (a new indexation or a correction).
pub async fn put_norm(
    State(state): State<AppState>,
    user: User,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::Administer)?;
    let (t, from, amount) = (
        field(&pairs, "householdType").trim().to_string(),
        field(&pairs, "validFrom").trim().to_string(),
        field(&pairs, "amount").to_string(),
    );
    let (s, a) = (state.services.clone(), user.actor.clone());
    let result = blocking(move || Ok(settings::put_norm(&s, &a, &t, &from, &amount))).await?;
    let step = Step::of(result, &pairs)?;
    answer(&state, &user, Form::Norm, step, &pairs, "norm").await
}

/// `POST /beheer/ontzorging/kostensoorten`
pub async fn add_cost_type(
    State(state): State<AppState>,
    user: User,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::Administer)?;
    let (code, label) = (field(&pairs, "code").to_string(), field(&pairs, "label").to_string());
    let (s, a) = (state.services.clone(), user.actor.clone());
    let result = blocking(move || Ok(settings::add_cost_type(&s, &a, &code, &label))).await?;
    let step = Step::of(result, &pairs)?;
    answer(&state, &user, Form::CostType, step, &pairs, "kostensoort").await
}

/// `POST /beheer/ontzorging/kostensoorten/{code}/actief` with `actief=ja` or `actief=nee`.
pub async fn set_cost_type_active(
    State(state): State<AppState>,
    user: User,
    Path(code): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::Administer)?;
    let active = field(&pairs, "actief").trim() == "ja";
    let (s, a) = (state.services.clone(), user.actor.clone());
    blocking(move || Ok(settings::set_cost_type_active(&s, &a, &code, active)?)).await?;
    super::see_other("/beheer/ontzorging?melding=kostensoort")
}

/// `POST /beheer/ontzorging/rekeningen`: the account a municipality pays from.
pub async fn put_payer_account(
    State(state): State<AppState>,
    user: User,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::Administer)?;
    let code = field(&pairs, "gemeente").trim().to_string();
    let (name, iban, bic) =
        (field(&pairs, "name").to_string(), field(&pairs, "iban").to_string(), field(&pairs, "bic").to_string());
    let (s, a, c) = (state.services.clone(), user.actor.clone(), code.clone());
    let result = blocking(move || Ok(settings::put_payer_account(&s, &a, &c, &name, &iban, &bic))).await?;
    // An unknown municipality is a mistake in the form, not a missing page.
    let result = match result {
        Err(ServiceError::NotFound) => Err(ServiceError::Invalid(vec![FieldError {
            field: "gemeente".into(),
            message: "Kies een gemeente uit de lijst.".into(),
        }])),
        Err(ServiceError::Invalid(mut fields)) if code.is_empty() => {
            fields
                .insert(0, FieldError { field: "gemeente".into(), message: "Kies een gemeente uit de lijst.".into() });
            Err(ServiceError::Invalid(fields))
        }
        other => other,
    };
    let step = Step::of(result, &pairs)?;
    answer(&state, &user, Form::Account, step, &pairs, "rekening").await
}
