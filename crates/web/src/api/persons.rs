//! `/api/v1/persons`: list, read and register persons within the caller's scope; a person's
//! case worker (`PUT .../case-worker`, with `If-Match`) and household (`GET .../household`).

use super::{Items, PageLinks};
use crate::extract::{ApiActor, JsonBody};
use crate::{blocking, AppError, AppState};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use regie_service::cases::{assignment, household};
use regie_service::persons::{self, NewPerson, Person, PersonDetail};
use regie_service::{FieldError, ServiceError};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonJson {
    id: String,
    v_nummer: Option<String>,
    bsn: Option<String>,
    given_names: String,
    family_name: String,
    birth_year: i32,
    birth_month: Option<u32>,
    birth_day: Option<u32>,
    /// The full date of birth, or null when the day or month is unknown.
    birth_date: Option<String>,
    nationality: String,
    target_group: &'static str,
    regime: &'static str,
    residence_date: Option<String>,
    municipality_code: String,
    case_worker_id: Option<i64>,
    household_id: String,
    postcode: Option<String>,
    iban: Option<String>,
    status: String,
    version: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    municipality_history: Option<Vec<HistoryJson>>,
    /// The stage of the case (single reads only).
    #[serde(skip_serializing_if = "Option::is_none")]
    stage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deadlines: Option<DeadlinesJson>,
    /// The case worker with their team (single reads only; null while there is none).
    #[serde(skip_serializing_if = "Option::is_none")]
    case_worker: Option<Option<CaseWorkerJson>>,
    /// The team that has the case (single reads only; null while there is none).
    #[serde(skip_serializing_if = "Option::is_none")]
    team: Option<Option<String>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseWorkerJson {
    id: i64,
    name: String,
    team: Option<String>,
}

/// The clock of the case; a date is null while the facts that start it are unknown.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeadlinesJson {
    pip_due: Option<String>,
    termijn_start: Option<String>,
    termijn_end: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryJson {
    municipality_code: String,
    valid_from: String,
    valid_to: Option<String>,
    reason: String,
}

fn person_json(p: Person) -> PersonJson {
    let bd = p.birth_date;
    PersonJson {
        birth_date: (bd.is_complete()).then(|| bd.iso()),
        birth_year: bd.year,
        birth_month: bd.month,
        birth_day: bd.day,
        target_group: p.target_group.code(),
        regime: p.regime.code(),
        residence_date: p.residence_date.map(|d| d.to_string()),
        id: p.id,
        v_nummer: p.v_nummer,
        bsn: p.bsn,
        given_names: p.given_names,
        family_name: p.family_name,
        nationality: p.nationality,
        municipality_code: p.municipality_code,
        case_worker_id: p.case_worker_id,
        household_id: p.household_id,
        postcode: p.postcode,
        iban: p.iban,
        status: p.status,
        version: p.version,
        municipality_history: None,
        stage: None,
        deadlines: None,
        case_worker: None,
        team: None,
    }
}

fn detail_json(d: PersonDetail) -> PersonJson {
    let history = d
        .history
        .into_iter()
        .map(|h| HistoryJson {
            municipality_code: h.municipality_code,
            valid_from: h.valid_from.to_string(),
            valid_to: h.valid_to.map(|v| v.to_string()),
            reason: h.reason,
        })
        .collect();
    let iso = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    let deadlines = DeadlinesJson {
        pip_due: iso(d.case.as_ref().and_then(|c| c.pip_due)),
        termijn_start: iso(d.case.as_ref().and_then(|c| c.termijn_start)),
        termijn_end: iso(d.case.as_ref().and_then(|c| c.termijn_end)),
    };
    PersonJson {
        municipality_history: Some(history),
        stage: d.case.map(|c| c.stage),
        deadlines: Some(deadlines),
        case_worker: Some(d.case_worker.map(|w| CaseWorkerJson { id: w.id, name: w.name, team: w.team })),
        team: Some(d.team),
        ..person_json(d.person)
    }
}

fn invalid(name: &str, reason: &str) -> AppError {
    AppError::Service(ServiceError::Invalid(vec![FieldError::new(name, reason)])).api()
}

/// Parses `page` and `pageSize` strictly: unknown or malformed parameters are a 400. `extra`
/// names the other parameters the operation takes; `default_size` and `max_size` bound the page.
pub(crate) fn paging(
    q: &HashMap<String, String>,
    extra: &[&str],
    default_size: i64,
    max_size: i64,
) -> Result<(i64, i64), AppError> {
    if let Some(key) = q.keys().find(|k| !["page", "pageSize"].contains(&k.as_str()) && !extra.contains(&k.as_str())) {
        return Err(invalid(key, "Onbekende queryparameter."));
    }
    let num = |key: &str, default: i64, max: i64| -> Result<i64, AppError> {
        match q.get(key) {
            None => Ok(default),
            Some(v) => match v.parse::<i64>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(invalid(key, &format!("Moet een geheel getal van 1 tot en met {max} zijn."))),
            },
        }
    };
    Ok((num("page", 1, 100_000)?, num("pageSize", default_size, max_size)?))
}

pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let (page, page_size) = paging(&q, &[], 20, persons::MAX_PAGE_SIZE)?;
    let services = state.services.clone();
    let result =
        blocking(move || Ok(persons::list(&services, &actor, page, page_size)?)).await.map_err(AppError::api)?;
    let links = PageLinks::new(page, result.has_next, |p| format!("/api/v1/persons?page={p}&pageSize={page_size}"));
    let items: Vec<PersonJson> = result.items.into_iter().map(person_json).collect();
    Ok(Json(PersonPageJson { items, page, page_size, links }).into_response())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PersonPageJson {
    items: Vec<PersonJson>,
    page: i64,
    page_size: i64,
    links: PageLinks,
}

pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    if id.len() > 64 {
        return Err(AppError::Service(ServiceError::NotFound).api());
    }
    let services = state.services.clone();
    let d = blocking(move || Ok(persons::get(&services, &actor, &id)?)).await.map_err(AppError::api)?;
    Ok(([super::etag(d.person.version)], Json(detail_json(d))).into_response())
}

/// The body of `PUT /api/v1/persons/{id}/case-worker`; `caseWorkerId` must be given, null to
/// leave the person without a case worker.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CaseWorkerBody {
    #[serde(default, deserialize_with = "present")]
    case_worker_id: Option<Option<i64>>,
}

/// A field that is present, possibly null (`Some(None)`), as opposed to absent (`None`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    Option::<i64>::deserialize(d).map(Some)
}

/// `PUT /api/v1/persons/{id}/case-worker`: assigns, changes or clears the case worker. The same
/// case worker again changes nothing and answers 200.
pub async fn assign_case_worker(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<CaseWorkerBody>,
) -> Result<Response, AppError> {
    super::cases::check_id(&id)?;
    assignment::require_may_assign(&actor).map_err(|e| AppError::Service(e).api())?;
    let Some(new) = body.case_worker_id else {
        return Err(invalid("caseWorkerId", "Geef het id van de klantmanager, of null voor geen klantmanager."));
    };
    // After the body: a malformed request is a 400 whatever version it names.
    let expected = super::if_match(&headers)?;
    let p = super::cases::call(&state, actor, move |s, a| assignment::assign(s, a, &id, new, expected)).await?;
    Ok(([super::etag(p.version)], Json(person_json(p))).into_response())
}

/// `GET /api/v1/persons/{id}/household`: the other members of the household the caller may see.
pub async fn household(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    super::cases::check_id(&id)?;
    super::cases::no_query(&q)?;
    let members = super::cases::call(&state, actor, move |s, a| household::members(s, a, &id)).await?;
    let items: Vec<serde_json::Value> = members
        .into_iter()
        .map(|p| {
            serde_json::json!({
                "id": p.id, "familyName": p.family_name, "givenNames": p.given_names,
                "birthYear": p.birth_date.year, "birthMonth": p.birth_date.month, "birthDay": p.birth_date.day,
                "birthDate": p.birth_date.is_complete().then(|| p.birth_date.iso()),
                "municipalityCode": p.municipality_code, "status": p.status,
            })
        })
        .collect();
    Ok(Json(Items { items }).into_response())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewPersonJson {
    #[serde(default)]
    given_names: String,
    family_name: String,
    birth_year: i32,
    birth_month: Option<u32>,
    birth_day: Option<u32>,
    v_nummer: Option<String>,
    bsn: Option<String>,
    nationality: String,
    target_group: String,
    municipality_code: String,
    residence_date: Option<String>,
    postcode: Option<String>,
    iban: Option<String>,
}

pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<NewPersonJson>,
) -> Result<Response, AppError> {
    let input = NewPerson {
        given_names: body.given_names,
        family_name: body.family_name,
        // Unknown parts are written as 00, as on Dutch papers; the service checks the date.
        birth_date: format!(
            "{:02}-{:02}-{:04}",
            body.birth_day.unwrap_or(0),
            body.birth_month.unwrap_or(0),
            body.birth_year
        ),
        v_nummer: body.v_nummer,
        bsn: body.bsn,
        nationality: body.nationality,
        target_group: body.target_group,
        municipality_code: body.municipality_code,
        residence_date: body.residence_date,
        postcode: body.postcode,
        iban: body.iban,
    };
    let services = state.services.clone();
    let p = blocking(move || Ok(persons::create(&services, &actor, &input)?)).await.map_err(|e| match e {
        // The API takes the date of birth in parts; name them in the problem.
        AppError::Service(ServiceError::Invalid(fields)) => AppError::Service(ServiceError::Invalid(
            fields
                .into_iter()
                .map(|f| if f.field == "birthDate" { FieldError { field: "birthYear".into(), ..f } } else { f })
                .collect(),
        ))
        .api(),
        other => other.api(),
    })?;
    let location = format!("/api/v1/persons/{}", p.id);
    let (etag_name, etag) = super::etag(p.version);
    Ok((StatusCode::CREATED, [(header::LOCATION, location), (etag_name, etag)], Json(person_json(p))).into_response())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SearchJson {
    query: String,
}

/// `POST /api/v1/persons/_zoek`: by BSN, V-nummer or any spelling of a name. A search is a
/// POST so that what is searched for never appears in a URL or an access log.
pub async fn search(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<SearchJson>,
) -> Result<Response, AppError> {
    if body.query.chars().count() > 200 {
        return Err(invalid("query", "Hoogstens 200 tekens."));
    }
    let services = state.services.clone();
    let found = blocking(move || Ok(persons::search(&services, &actor, &body.query)?)).await.map_err(|e| match e {
        AppError::Service(ServiceError::Invalid(fields)) => AppError::Service(ServiceError::Invalid(
            fields.into_iter().map(|f| FieldError { field: "query".into(), ..f }).collect(),
        ))
        .api(),
        other => other.api(),
    })?;
    let items: Vec<PersonJson> = found.into_iter().map(person_json).collect();
    Ok(Json(Items { items }).into_response())
}
