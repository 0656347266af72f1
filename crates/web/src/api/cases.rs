//! `/api/v1` for case management: koppelingen and DUO signals in, the intake, the route
//! decision, PIP versions with their four-eyes establishment and the decision document, and
//! the worklist. Each handler calls one service function, the same one the screens call.

use super::PageLinks;
use crate::extract::{ApiActor, JsonBody};
use crate::{blocking, AppError, AppState};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use regie_domain::inburgering::koppeling::{KoppelingFields, KoppelingProfileFields};
use regie_service::cases::PipRow;
use regie_service::cases::{dossier, intake, koppeling, pip, route, worklist};
use regie_service::{Actor, ServiceError, ServiceResult, Services};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Runs one use case off the async executor and maps its error to problem+json.
pub(crate) async fn call<T: Send + 'static>(
    state: &AppState,
    actor: Actor,
    f: impl FnOnce(&Services, &Actor) -> ServiceResult<T> + Send + 'static,
) -> Result<T, AppError> {
    let services = state.services.clone();
    blocking(move || Ok(f(&services, &actor)?)).await.map_err(AppError::api)
}

pub(crate) fn check_id(id: &str) -> Result<(), AppError> {
    if id.is_empty() || id.len() > 64 {
        return Err(AppError::Service(ServiceError::NotFound).api());
    }
    Ok(())
}

pub(crate) fn no_query(q: &HashMap<String, String>) -> Result<(), AppError> {
    match q.keys().next() {
        None => Ok(()),
        Some(k) => Err(AppError::Service(ServiceError::field(k, "Onbekende queryparameter.")).api()),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KoppelingJson {
    v_nummer: String,
    family_name: String,
    #[serde(default)]
    given_names: String,
    birth_year: i32,
    birth_month: Option<u32>,
    birth_day: Option<u32>,
    gender: String,
    nationality: String,
    language: String,
    municipality_code: String,
    koppeling_date: String,
    household_number: String,
    #[serde(default)]
    profile: ProfileJson,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProfileJson {
    #[serde(default)]
    education: String,
    #[serde(default)]
    work_experience: String,
    #[serde(default)]
    other_languages: String,
    #[serde(default)]
    limitations: String,
    #[serde(default)]
    bsn: String,
    #[serde(default)]
    country_of_birth: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    azc: String,
}

/// The API's field names for the file's column names, so problems name what the caller sent.
fn api_field(column: &str) -> String {
    match column {
        "vnummer" => "vNummer",
        "achternaam" => "familyName",
        "voornamen" => "givenNames",
        "geboortedatum" => "birthYear",
        "geslacht" => "gender",
        "nationaliteit" => "nationality",
        "taal" => "language",
        "gemeentecode" => "municipalityCode",
        "koppelingsdatum" => "koppelingDate",
        "huishoudnummer" => "householdNumber",
        other => return format!("profile.{other}"),
    }
    .to_string()
}

pub async fn create_koppeling(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    JsonBody(b): JsonBody<KoppelingJson>,
) -> Result<Response, AppError> {
    let fields = KoppelingFields {
        line: 1,
        vnummer: b.v_nummer,
        achternaam: b.family_name,
        voornamen: b.given_names,
        // Unknown parts are written as 00, as on Dutch papers and in COA's files.
        geboortedatum: format!("{:02}-{:02}-{:04}", b.birth_day.unwrap_or(0), b.birth_month.unwrap_or(0), b.birth_year),
        geslacht: b.gender,
        nationaliteit: b.nationality,
        taal: b.language,
        gemeentecode: b.municipality_code,
        koppelingsdatum: b.koppeling_date,
        huishoudnummer: b.household_number,
        profile: KoppelingProfileFields {
            opleiding: b.profile.education,
            werkervaring: b.profile.work_experience,
            talen_overig: b.profile.other_languages,
            beperkingen: b.profile.limitations,
            bsn: b.profile.bsn,
            geboorteland: b.profile.country_of_birth,
            telefoon: b.profile.phone,
            email: b.profile.email,
            azc: b.profile.azc,
        },
    };
    let id = call(&state, actor, move |s, a| {
        koppeling::register(s, a, &fields).map_err(|e| match e {
            ServiceError::Invalid(list) => ServiceError::Invalid(
                list.into_iter().map(|f| regie_service::FieldError { field: api_field(&f.field), ..f }).collect(),
            ),
            other => other,
        })
    })
    .await?;
    let location = format!("/api/v1/persons/{id}");
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(serde_json::json!({ "personId": id })))
        .into_response())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DuoSignalJson {
    /// `kennisgeving` (the obligation is notified) or `correctie` (withdraw the case).
    kind: String,
    v_nummer: String,
    /// The kennisgeving's date (ISO; dd-mm-jjjj is accepted too).
    #[serde(default)]
    date: String,
    #[serde(default)]
    reason: String,
}

pub async fn duo_signal(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    JsonBody(b): JsonBody<DuoSignalJson>,
) -> Result<Response, AppError> {
    let input = dossier::DuoSignal { kind: b.kind, v_nummer: b.v_nummer, date: b.date, reason: b.reason };
    let person_id = call(&state, actor, move |s, a| dossier::duo_signal(s, a, &input)).await?;
    Ok(Json(serde_json::json!({ "personId": person_id })).into_response())
}

pub async fn save_intake(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<intake::IntakeInput>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    // A form leaves an empty date empty; in JSON a date is a date or null.
    if input.lbt_date.as_deref().is_some_and(|d| d.trim().is_empty()) {
        return Err(AppError::Service(ServiceError::field(
            "lbtDate",
            "Geef de datum als JJJJ-MM-DD, of null als de toets (nog) niet is gedaan.",
        ))
        .api());
    }
    call(&state, actor, move |s, a| intake::save(s, a, &id, &input)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub async fn complete_intake(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    call(&state, actor, move |s, a| intake::complete(s, a, &id)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub async fn route_advice(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let advice = call(&state, actor, move |s, a| route::advice(s, a, &id)).await?;
    Ok(Json(advice_json(&advice)).into_response())
}

fn advice_json(a: &regie_domain::inburgering::RouteAdvice) -> serde_json::Value {
    serde_json::json!({
        "route": a.route.map(|r| r.code()),
        "reasons": a.reasons.iter().map(|r| serde_json::json!({ "fact": r.fact, "effect": r.effect })).collect::<Vec<_>>(),
        "onderwijsrouteFits": a.onderwijsroute_fits,
        "onderwijsrouteReason": a.onderwijsroute_reason,
    })
}

pub async fn decide_route(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<route::DecisionInput>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let advice = call(&state, actor, move |s, a| route::decide(s, a, &id, &input)).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "advice": advice_json(&advice) }))).into_response())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PipJson {
    id: String,
    person_id: String,
    version: i32,
    status: String,
    route: String,
    language_target: String,
    reason_kind: String,
    reason: String,
    dagtekening: Option<String>,
    objection_until: Option<String>,
    content: pip::PipContent,
}

fn pip_json(p: PipRow) -> PipJson {
    PipJson {
        content: serde_json::from_str(&p.content).unwrap_or_default(),
        dagtekening: p.dagtekening.map(|d| d.to_string()),
        objection_until: p.objection_until.map(|d| d.to_string()),
        id: p.id,
        person_id: p.person_id,
        version: p.version,
        status: p.status,
        route: p.route,
        language_target: p.language_target,
        reason_kind: p.reason_kind,
        reason: p.reason,
    }
}

pub async fn list_pips(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    no_query(&q)?;
    let pips = call(&state, actor, move |s, a| pip::versions(s, a, &id)).await?;
    let items: Vec<PipJson> = pips.into_iter().map(pip_json).collect();
    Ok(Json(super::Items { items }).into_response())
}

pub async fn draft_pip(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<pip::DraftInput>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let row = call(&state, actor, move |s, a| pip::draft(s, a, &id, &input)).await?;
    let location = format!("/api/v1/pips/{}", row.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(pip_json(row))).into_response())
}

pub async fn get_pip(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let (row, _, _) = call(&state, actor, move |s, a| pip::get(s, a, &id)).await?;
    Ok(Json(pip_json(row)).into_response())
}

pub async fn submit_pip(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    call(&state, actor, move |s, a| pip::submit(s, a, &id)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub async fn establish_pip(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let row = call(&state, actor, move |s, a| pip::establish(s, a, &id)).await?;
    Ok(Json(pip_json(row)).into_response())
}

pub async fn worklist(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let team = match q.get("scope").map(String::as_str) {
        None | Some("own") => false,
        Some("team") => true,
        Some(_) => return Err(AppError::Service(ServiceError::field("scope", "Kies own of team.")).api()),
    };
    let (page, page_size) =
        super::persons::paging(&q, &["scope"], worklist::WORKLIST_PAGE_SIZE, worklist::WORKLIST_MAX_PAGE_SIZE)?;
    let w = call(&state, actor, move |s, a| worklist::get(s, a, team, page, page_size)).await?;
    let scope_param = if team { "team" } else { "own" };
    let links = PageLinks::new(page, w.has_next(), |p| {
        format!("/api/v1/worklist?scope={scope_param}&page={p}&pageSize={page_size}")
    });
    let items = w
        .items
        .into_iter()
        .map(|i| WorklistItemJson {
            person_id: i.person_id,
            name: i.name,
            municipality_code: i.municipality_code,
            case_worker: i.case_worker,
            stage: i.stage,
            next_due: i.due.map(|d| d.to_string()),
            next_due_kind: i.due_label,
            signal: i.signal.map(|s| match s {
                regie_domain::inburgering::Signal::Overdue => "overdue",
                regie_domain::inburgering::Signal::DueSoon => "due_soon",
                regie_domain::inburgering::Signal::Later => "later",
            }),
        })
        .collect();
    Ok(Json(WorklistJson { items, page, page_size, total: w.total, links, overdue: w.overdue, due_soon: w.due_soon })
        .into_response())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WorklistJson {
    items: Vec<WorklistItemJson>,
    page: i64,
    page_size: i64,
    total: i64,
    links: PageLinks,
    overdue: i64,
    due_soon: i64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WorklistItemJson {
    person_id: String,
    name: String,
    municipality_code: String,
    case_worker: Option<String>,
    stage: &'static str,
    next_due: Option<String>,
    next_due_kind: &'static str,
    signal: Option<&'static str>,
}

pub async fn pip_document(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    if let Some(k) = q.keys().find(|k| *k != "lang") {
        return Err(AppError::Service(ServiceError::field(k, "Onbekende queryparameter.")).api());
    }
    let lang = q.get("lang").cloned().unwrap_or_else(|| "nl".into());
    let pdf = call(&state, actor, move |s, a| pip::document(s, a, &id, &lang)).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/pdf"), (header::CONTENT_DISPOSITION, "attachment; filename=\"pip.pdf\"")],
        pdf,
    )
        .into_response())
}

pub async fn duplicates(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let found = call(&state, actor, move |s, a| regie_service::cases::duplicates::candidates(s, a, &id)).await?;
    let items: Vec<serde_json::Value> = found
        .into_iter()
        .map(|p| {
            serde_json::json!({
                "id": p.id, "vNummer": p.v_nummer, "familyName": p.family_name, "givenNames": p.given_names,
                "birthYear": p.birth_date.year, "birthMonth": p.birth_date.month, "birthDay": p.birth_date.day,
                "municipalityCode": p.municipality_code,
            })
        })
        .collect();
    Ok(Json(super::Items { items }).into_response())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MergeJson {
    duplicate_id: String,
    reason: String,
}

pub async fn merge(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<MergeJson>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    check_id(&b.duplicate_id)?;
    call(&state, actor, move |s, a| regie_service::cases::duplicates::merge(s, a, &id, &b.duplicate_id, &b.reason))
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
