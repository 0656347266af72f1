//! The route decision on screen: the advice with every reason, whether the onderwijsroute fits
//! and why, the decisions so far, and the form for the decision (grounds when it deviates; the
//! reason the onderwijsroute is not chosen, prefilled from the advice).

use super::{field, Step};
use crate::extract::{CsrfForm, User};
use crate::view::{date_nl, render_status, Chrome, FormState};
use crate::{blocking, AppError, AppState};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use regie_domain::inburgering::{Leerroute, RouteAdvice};
use regie_service::cases::dossier::{self, Dossier};
use regie_service::cases::route::{self, DecisionInput};
use regie_service::Permission;

pub struct Decision {
    pub at: String,
    pub route: &'static str,
    pub grounds: String,
    pub onderwijsroute_reason: String,
    pub by: String,
}

#[derive(Template)]
#[template(path = "route.html")]
struct RoutePage {
    chrome: Chrome,
    id: String,
    name: String,
    stage: &'static str,
    advice: &'static str,
    reasons: Vec<(String, String)>,
    onderwijsroute_fits: bool,
    onderwijsroute_reason: String,
    decisions: Vec<Decision>,
    routes: Vec<(&'static str, &'static str)>,
    refused: String,
    errors: Vec<(String, String)>,
    form: FormState,
}

fn page(user: &User, d: Dossier, advice: RouteAdvice, form: Option<FormState>, refused: String) -> RoutePage {
    let form = form.unwrap_or_else(|| {
        let mut f = FormState::default();
        f.values.insert("route".into(), advice.route.map(|r| r.code()).unwrap_or("").into());
        f.values.insert("onderwijsrouteReason".into(), advice.onderwijsroute_reason.clone());
        f
    });
    RoutePage {
        chrome: Chrome::for_user(
            &format!("Leerroute – {}", d.person.display_name()),
            &user.actor,
            &user.csrf,
            "/personen",
        ),
        id: d.person.id.clone(),
        name: d.person.display_name(),
        stage: d.stage.label(),
        advice: advice.route.map(|r| r.label()).unwrap_or("Geen advies mogelijk"),
        reasons: advice.reasons.iter().map(|r| (r.fact.clone(), r.effect.clone())).collect(),
        onderwijsroute_fits: advice.onderwijsroute_fits,
        onderwijsroute_reason: advice.onderwijsroute_reason.clone(),
        decisions: d
            .route_decisions
            .iter()
            .map(|r| Decision {
                at: date_nl(&r.decided_at.date()),
                route: Leerroute::parse(&r.route).map(|r| r.label()).unwrap_or(""),
                grounds: r.grounds.clone(),
                onderwijsroute_reason: r.onderwijsroute_reason.clone(),
                by: r.decided_by.clone(),
            })
            .collect(),
        routes: Leerroute::ALL.iter().map(|r| (r.code(), r.label())).collect(),
        refused,
        errors: form.errors.iter().map(|e| (format!("veld-{}", e.field), e.message.clone())).collect(),
        form,
    }
}

/// The dossier (for the person and the decisions so far) and the advice as of today.
async fn load(state: &AppState, user: &User, id: String) -> Result<(Dossier, RouteAdvice), AppError> {
    let (services, actor) = (state.services.clone(), user.actor.clone());
    blocking(move || {
        let advice = route::advice(&services, &actor, &id)?;
        Ok((dossier::get(&services, &actor, &id)?, advice))
    })
    .await
}

/// `GET /personen/{id}/route`
pub async fn show(State(state): State<AppState>, user: User, Path(id): Path<String>) -> Result<Response, AppError> {
    let (d, advice) = load(&state, &user, id).await?;
    render_status(StatusCode::OK, &page(&user, d, advice, None, String::new()))
}

/// `POST /personen/{id}/route`: records the decision.
pub async fn decide(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::DecideCase)?;
    let input = DecisionInput {
        route: field(&pairs, "route").to_string(),
        grounds: field(&pairs, "grounds").to_string(),
        onderwijsroute_reason: field(&pairs, "onderwijsrouteReason").to_string(),
    };
    let (services, actor, person) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(route::decide(&services, &actor, &person, &input))).await?;
    let (form, refused, status) = match Step::of(result, &pairs)? {
        Step::Done(_) => return super::see_other(&format!("/personen/{id}")),
        Step::Invalid(form) => (Some(form), String::new(), StatusCode::UNPROCESSABLE_ENTITY),
        Step::Refused(message) => {
            (Some(FormState::with_errors(super::values(&pairs), vec![])), message, StatusCode::CONFLICT)
        }
    };
    let (d, advice) = load(&state, &user, id).await?;
    render_status(status, &page(&user, d, advice, form, refused))
}
