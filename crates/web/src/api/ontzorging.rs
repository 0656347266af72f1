//! `/api/v1` for ontzorging: plans (create, read, costs, machtiging, activation, the order of
//! creditors when the benefit does not suffice), monthly payment runs (draft, approval,
//! rejection, the SEPA file) and the monthly report. Each handler calls one service function,
//! the same one the screens call.

use super::cases::{call, check_id, no_query};
use super::dossier::{row, ReasonJson};
use crate::extract::{ApiActor, JsonBody};
use crate::{AppError, AppState};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use regie_domain::ontzorging::MonthOutcome;
use regie_domain::Cents;
use regie_service::ontzorging::plans::{self, CostInput, Handover, NewPlan, PlanDetails, PlanView, Upload};
use regie_service::ontzorging::runs::{self, RunView};
use regie_service::ontzorging::{reports, RunRow};
use regie_service::ServiceError;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

fn bad_query(field: &str, message: &str) -> AppError {
    AppError::Service(ServiceError::field(field, message)).api()
}

fn only_query(q: &HashMap<String, String>, allowed: &[&str]) -> Result<(), AppError> {
    match q.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(bad_query(k, "Onbekende queryparameter.")),
        None => Ok(()),
    }
}

fn money(c: Cents) -> String {
    format!("{}.{:02}", c.0 / 100, (c.0 % 100).abs())
}

fn outcome_json(month: &regie_domain::ontzorging::Month, o: &Option<MonthOutcome>) -> Value {
    let base = |kind: &str| json!({ "month": month.code(), "outcome": kind });
    match o {
        None => base("geen_norm"),
        Some(MonthOutcome::NotActive) => base("niet_actief"),
        Some(MonthOutcome::NeedsDecision { benefit, costs }) => {
            json!({ "month": month.code(), "outcome": "tekort_besluit_nodig", "benefit": money(*benefit), "costs": money(*costs) })
        }
        Some(MonthOutcome::Paid(p)) | Some(MonthOutcome::PaidInOrder { payment: p, .. }) => json!({
            "month": month.code(),
            "outcome": if matches!(o, Some(MonthOutcome::Paid(_))) { "betaald" } else { "betaald_in_volgorde" },
            "days": p.days,
            "daysInMonth": p.days_in_month,
            "benefit": money(p.benefit),
            "creditors": p.creditors.iter().map(|(id, a)| json!({ "costId": id, "amount": money(*a) })).collect::<Vec<_>>(),
            "remainder": money(p.remainder),
        }),
    }
}

fn plan_json(v: &PlanView) -> Value {
    let p = &v.plan;
    json!({
        "id": p.id,
        "personId": p.person_id,
        "municipalityCode": p.municipality_code,
        "householdType": p.household_type,
        "status": p.status,
        "benefitStart": p.benefit_start.to_string(),
        "end": v.end.to_string(),
        "months": p.months,
        "monthsReason": p.months_reason,
        "tailoringReason": p.tailoring_reason,
        "payeeName": p.payee_name,
        "payeeIban": p.payee_iban,
        "machtigingSignedOn": p.machtiging_signed_on.map(|d| d.to_string()),
        "priorityDecided": p.priority_decided_at.is_some(),
        "training": p.training,
        "budgetCoaching": p.budget_coaching,
        "handoverPlannedOn": p.handover_planned_on.map(|d| d.to_string()),
        "closedOn": p.closed_on.map(|d| d.to_string()),
        "stopReason": p.stop_reason,
        "version": p.version,
        "signals": v.signals.iter().map(|s| json!({ "code": s.code(), "text": s.text_nl() })).collect::<Vec<_>>(),
        "costs": v.costs.iter().map(|k| json!({
            "id": k.id, "costType": k.cost_type, "creditorName": k.creditor_name, "creditorIban": k.creditor_iban,
            "reference": k.reference, "amount": money(Cents(k.amount_cents)), "period": k.period,
            "fromMonth": k.from_month, "untilMonth": k.until_month, "priority": k.priority,
        })).collect::<Vec<_>>(),
        "documents": v.documents.iter().map(|d| json!({
            "id": d.id, "kind": d.kind, "name": d.name, "contentType": d.content_type, "sha256": d.sha256,
        })).collect::<Vec<_>>(),
        "schedule": v.schedule.iter().map(|(m, o)| outcome_json(m, o)).collect::<Vec<_>>(),
    })
}

pub async fn list_plans(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    only_query(&q, &["status", "page"])?;
    let page = match q.get("page") {
        None => 1,
        Some(p) => p.parse::<i64>().map_err(|_| bad_query("page", "Een paginanummer is 1 of hoger."))?,
    };
    let status = q.get("status").cloned();
    let (items, has_next) = call(&state, actor, move |s, a| plans::list(s, a, status.as_deref(), page)).await?;
    let items: Vec<Value> = items
        .iter()
        .map(|p| {
            json!({
                "id": p.plan.id, "personId": p.plan.person_id, "personName": p.person_name,
                "municipalityCode": p.plan.municipality_code, "status": p.plan.status,
                "benefitStart": p.plan.benefit_start.to_string(), "end": p.end.to_string(),
                "signals": p.signals.iter().map(|s| s.code()).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Json(json!({ "items": items, "page": page, "hasNext": has_next })).into_response())
}

pub async fn create_plan(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    JsonBody(input): JsonBody<NewPlan>,
) -> Result<Response, AppError> {
    if !input.person_id.is_empty() {
        check_id(&input.person_id)?;
    }
    let view = call(&state, actor, move |s, a| {
        let row = plans::create(s, a, &input)?;
        plans::get(s, a, &row.id)
    })
    .await?;
    let location = format!("/api/v1/ontzorging-plans/{}", view.plan.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(plan_json(&view))).into_response())
}

pub async fn get_plan(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let view = call(&state, actor, move |s, a| plans::get(s, a, &id)).await?;
    Ok(([super::etag(view.plan.version)], Json(plan_json(&view))).into_response())
}

pub async fn add_cost(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<CostInput>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let cost_id = call(&state, actor, move |s, a| plans::add_cost(s, a, &id, &input)).await?;
    Ok((StatusCode::CREATED, Json(json!({ "costId": cost_id }))).into_response())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MachtigingJson {
    signed_on: String,
    document_name: String,
    content_type: String,
    /// The signed document (PDF, PNG or JPEG), base64-encoded.
    document_base64: String,
}

pub async fn record_machtiging(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<MachtigingJson>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b.document_base64.trim())
        .map_err(|_| bad_query("documentBase64", "Het document is geen geldige base64-tekst."))?;
    let upload = Upload { name: b.document_name, content_type: b.content_type, bytes };
    let doc_id = call(&state, actor, move |s, a| plans::record_machtiging(s, a, &id, &b.signed_on, &upload)).await?;
    Ok((StatusCode::CREATED, Json(json!({ "documentId": doc_id }))).into_response())
}

pub async fn activate(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let view = call(&state, actor, move |s, a| {
        plans::activate(s, a, &id)?;
        plans::get(s, a, &id)
    })
    .await?;
    Ok(Json(plan_json(&view)).into_response())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrderJson {
    /// Every current cost id, first paid first.
    order: Vec<i64>,
}

pub async fn decide_order(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<OrderJson>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    call(&state, actor, move |s, a| plans::decide_order(s, a, &id, &b.order)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Answers with the plan as it is after a change.
async fn changed_plan(
    state: &AppState,
    actor: regie_service::Actor,
    id: String,
    change: impl FnOnce(&regie_service::Services, &regie_service::Actor, &str) -> regie_service::ServiceResult<()>
        + Send
        + 'static,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let view = call(state, actor, move |s, a| {
        change(s, a, &id)?;
        plans::get(s, a, &id)
    })
    .await?;
    Ok(([super::etag(view.plan.version)], Json(plan_json(&view))).into_response())
}

/// Household type, payee account, duration (an extension needs its reason) and tailoring.
pub async fn update_details(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(b): JsonBody<PlanDetails>,
) -> Result<Response, AppError> {
    let expected = super::if_match(&headers)?;
    changed_plan(&state, actor, id, move |s, a, id| plans::update_details(s, a, id, expected, &b)).await
}

/// A new version of a fixed cost from a month on; the old version ends the month before.
pub async fn change_cost(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, cost)): Path<(String, String)>,
    JsonBody(input): JsonBody<CostInput>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let cost = row(&cost)?;
    let cost_id = call(&state, actor, move |s, a| plans::change_cost(s, a, &id, cost, &input)).await?;
    Ok((StatusCode::CREATED, Json(json!({ "costId": cost_id }))).into_response())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CostEndJson {
    /// `YYYY-MM`: the first month the cost is no longer paid.
    from_month: String,
}

pub async fn end_cost(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, cost)): Path<(String, String)>,
    JsonBody(b): JsonBody<CostEndJson>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let cost = row(&cost)?;
    call(&state, actor, move |s, a| plans::end_cost(s, a, &id, cost, &b.from_month)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub async fn plan_handover(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<Handover>,
) -> Result<Response, AppError> {
    changed_plan(&state, actor, id, move |s, a, id| plans::plan_handover(s, a, id, &b)).await
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StopJson {
    /// The last day still paid.
    last_day: String,
    reason: String,
}

/// Stops a plan early (the benefit ended, the household moved): paid up to its last day.
pub async fn stop_plan(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<StopJson>,
) -> Result<Response, AppError> {
    changed_plan(&state, actor, id, move |s, a, id| plans::stop(s, a, id, &b.last_day, &b.reason)).await
}

/// Closes a plan that has run its course: the letters to the person and each creditor are made.
pub async fn close_plan(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    changed_plan(&state, actor, id, move |s, a, id| plans::close(s, a, id).map(|_| ())).await
}

fn run_json(r: &RunRow) -> Value {
    json!({
        "id": r.id,
        "month": r.month,
        "municipalityCodes": r.municipality_codes(),
        "status": r.status,
        "draftedBy": r.drafted_by,
        "draftedAt": format!("{}Z", r.drafted_at.format("%Y-%m-%dT%H:%M:%S")),
        "decidedBy": r.decided_by,
        "decidedAt": r.decided_at.map(|d| format!("{}Z", d.format("%Y-%m-%dT%H:%M:%S"))),
        "rejectionReason": r.rejection_reason,
        "planCount": r.plan_count,
        "lineCount": r.line_count,
        "total": money(Cents(r.total_cents)),
        "toCreditors": money(Cents(r.creditor_cents)),
        "toPersons": money(Cents(r.remainder_cents)),
        "signalCount": r.signal_count,
        "messageId": r.message_id,
    })
}

fn run_view_json(v: &RunView) -> Value {
    let mut j = run_json(&v.run);
    j["reversedLineIds"] = json!(v.reversed);
    j["lines"] = v
        .lines
        .iter()
        .map(|l| {
            json!({
                "id": l.id, "planId": l.plan_id, "municipalityCode": l.municipality_code, "kind": l.kind,
                "costType": l.cost_type, "payeeName": l.payee_name, "payeeIban": l.payee_iban,
                "reference": l.reference, "amount": money(Cents(l.amount_cents)), "days": l.days,
                "daysInMonth": l.days_in_month, "endToEndId": l.end_to_end_id,
            })
        })
        .collect();
    j["signals"] = v
        .signals
        .iter()
        .map(|x| json!({ "planId": x.plan_id, "code": x.code, "detail": x.detail, "amount": money(Cents(x.amount_cents)) }))
        .collect();
    j
}

pub async fn list_runs(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    only_query(&q, &["month"])?;
    let month = q.get("month").cloned();
    let runs = call(&state, actor, move |s, a| runs::list(s, a, month.as_deref())).await?;
    Ok(Json(json!({ "items": runs.iter().map(run_json).collect::<Vec<_>>() })).into_response())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DraftJson {
    /// `YYYY-MM`: the month to pay.
    month: String,
}

/// A new run answers 201; the same run drafted before answers 200 (never a second run).
pub async fn draft_run(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    JsonBody(b): JsonBody<DraftJson>,
) -> Result<Response, AppError> {
    let (run, created) = call(&state, actor, move |s, a| runs::draft(s, a, &b.month)).await?;
    let location = format!("/api/v1/payment-runs/{}", run.id);
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, [(header::LOCATION, location)], Json(run_json(&run))).into_response())
}

pub async fn get_run(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let view = call(&state, actor, move |s, a| runs::get(s, a, &id)).await?;
    Ok(Json(run_view_json(&view)).into_response())
}

pub async fn approve_run(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let run = call(&state, actor, move |s, a| runs::approve(s, a, &id)).await?;
    Ok(Json(run_json(&run)).into_response())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RejectJson {
    reason: String,
}

pub async fn reject_run(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<RejectJson>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let run = call(&state, actor, move |s, a| runs::reject(s, a, &id, &b.reason)).await?;
    Ok(Json(run_json(&run)).into_response())
}

/// Reverses one paid line of an approved run with a storno entry in the ledger (at most once).
pub async fn reverse_line(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, line)): Path<(String, String)>,
    JsonBody(b): JsonBody<ReasonJson>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let line = row(&line)?;
    call(&state, actor, move |s, a| runs::reverse_line(s, a, &id, line, &b.reason)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub async fn sepa(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    no_query(&q)?;
    let xml = call(&state, actor, move |s, a| runs::sepa(s, a, &id)).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/xml"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"sepa-pain.001.xml\""),
        ],
        xml,
    )
        .into_response())
}

pub async fn report(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    only_query(&q, &["month"])?;
    let month = q.get("month").cloned();
    let r = call(&state, actor, move |s, a| {
        let month = month.unwrap_or_else(|| regie_domain::ontzorging::Month::of(s.clock.today()).code());
        reports::month_report(s, a, &month)
    })
    .await?;
    let items: Vec<Value> = r
        .rows
        .iter()
        .map(|m| {
            json!({
                "municipalityCode": m.municipality_code,
                "municipalityName": m.municipality_name,
                "households": m.households,
                "perCostType": m.per_cost_type.iter().map(|(k, v)| (k.clone(), json!(money(*v)))).collect::<serde_json::Map<_, _>>(),
                "toCreditors": money(m.creditors),
                "toPersons": money(m.remainders),
                "signals": m.signals.iter().map(|(k, v)| (k.clone(), json!(v))).collect::<serde_json::Map<_, _>>(),
            })
        })
        .collect();
    Ok(Json(json!({ "month": r.month.code(), "items": items })).into_response())
}
