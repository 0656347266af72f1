//! `/api/v1` for the progress record of a person: exam attempts and providers' hour reports
//! (here), participation, interim tests, the MAP final interview and the PVT signing ([`facts`]).
//! Each handler calls one service function, the same one the dossier's "Voortgang" section
//! calls; the OpenAPI paths and schemas are at the end ([`extend`]). No rule is decided here.

mod facts;

pub use facts::{
    list_interim_tests, list_participations, map_final_interview, pvt_signing, record_interim_test,
    record_map_final_interview, record_participation, record_pvt_signing,
};

use super::cases::{call, check_id, no_query};
use super::dossier::{at, created, located, merge, row_param, ReasonJson};
use super::openapi_cases::{body, id_param, op, request, responses, with};
use crate::extract::{ApiActor, JsonBody};
use crate::{AppError, AppState};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use regie_service::cases::progress::{self, ExamAttemptInput, HourReportInput, Withdrawable};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

/// `GET /api/v1/persons/{id}/exam-attempts`: every attempt, and per exam the free attempts left.
pub async fn list_exam_attempts(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    no_query(&q)?;
    let p = call(&state, actor, move |s, a| progress::get(s, a, &id)).await?;
    let items: Vec<Value> = p
        .exams
        .iter()
        .flat_map(|e| &e.attempts)
        .map(|r| {
            json!({
                "id": r.id, "exam": r.exam, "examDate": r.exam_date.to_string(), "result": r.result,
                "paid": r.paid, "note": r.note, "recordedBy": r.recorded_by, "recordedAt": at(&r.recorded_at),
            })
        })
        .collect();
    let exams: Vec<Value> = p
        .exams
        .iter()
        .map(|e| {
            json!({
                "exam": e.status.exam.code(), "attempts": e.status.attempts, "passed": e.status.passed,
                "freeAttempts": e.status.free, "freeAttemptsLeft": e.status.free_left,
            })
        })
        .collect();
    Ok(Json(json!({ "items": items, "exams": exams })).into_response())
}

pub async fn record_exam_attempt(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<ExamAttemptInput>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let person = id.clone();
    let attempt = call(&state, actor, move |s, a| progress::record_attempt(s, a, &person, &b)).await?;
    Ok(created(format!("/api/v1/persons/{id}/exam-attempts"), "examAttemptId", attempt))
}

/// `GET /api/v1/persons/{id}/hour-reports`: every report, and the totals per component.
pub async fn list_hour_reports(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    no_query(&q)?;
    let p = call(&state, actor, move |s, a| progress::get(s, a, &id)).await?;
    let hours = |half: i32| f64::from(half) / 2.0;
    let items: Vec<Value> = p
        .reports
        .iter()
        .map(|r| {
            json!({
                "id": r.id, "providerName": r.provider_name, "component": r.component,
                "periodFrom": r.period_from.to_string(), "periodTo": r.period_to.to_string(),
                "hoursAttended": hours(r.attended_half_hours), "hoursPlanned": hours(r.planned_half_hours),
                "keurmerk": r.keurmerk, "recordedBy": r.recorded_by, "recordedAt": at(&r.recorded_at),
                "withdrawnBy": r.withdrawn_by, "withdrawnAt": r.withdrawn_at.as_ref().map(at),
                "withdrawnReason": r.withdrawn_reason,
            })
        })
        .collect();
    let totals: Vec<Value> = p
        .totals
        .iter()
        .map(|t| {
            json!({
                "component": t.component.code(), "reports": t.reports, "hoursAttended": t.attended.hours(),
                "hoursPlanned": t.planned.hours(), "hoursAttendedKeurmerk": t.keurmerk_attended.hours(),
                "minimumHours": t.minimum, "minimumMet": t.minimum_met(),
            })
        })
        .collect();
    Ok(Json(json!({ "items": items, "totals": totals })).into_response())
}

/// An hour report as the API takes it: hours as JSON numbers.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HourReportJson {
    provider_name: String,
    component: String,
    period_from: String,
    period_to: String,
    hours_attended: f64,
    hours_planned: f64,
    #[serde(default)]
    keurmerk: bool,
}

pub async fn record_hour_report(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<HourReportJson>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    // The service reads hours as text, as typed on the screen; a number's own notation parses.
    let input = HourReportInput {
        provider_name: b.provider_name,
        component: b.component,
        period_from: b.period_from,
        period_to: b.period_to,
        hours_attended: b.hours_attended.to_string(),
        hours_planned: b.hours_planned.to_string(),
        keurmerk: b.keurmerk,
    };
    let person = id.clone();
    let report = call(&state, actor, move |s, a| progress::record_hours(s, a, &person, &input)).await?;
    Ok(created(format!("/api/v1/persons/{id}/hour-reports"), "hourReportId", report))
}

/// One report of a provider's batch: the person by V-nummer and/or BSN, hours as numbers.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BatchHourReportJson {
    #[serde(default)]
    v_nummer: String,
    #[serde(default)]
    bsn: String,
    provider_name: String,
    component: String,
    period_from: String,
    period_to: String,
    hours_attended: f64,
    hours_planned: f64,
    keurmerk: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HourImportJson {
    #[serde(default)]
    dry_run: bool,
    reports: Vec<BatchHourReportJson>,
}

/// The most reports one batch may carry.
const MAX_BATCH: usize = 2000;

/// `POST /api/v1/persons/{id}/hour-reports/{reportId}/withdrawal`
pub async fn withdraw_hour_report(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, report_id)): Path<(String, String)>,
    JsonBody(b): JsonBody<ReasonJson>,
) -> Result<Response, AppError> {
    withdraw(&state, actor, id, Withdrawable::HourReport, report_id, b.reason).await
}

/// `POST /api/v1/persons/{id}/participations/{participationId}/withdrawal`
pub async fn withdraw_participation(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, participation_id)): Path<(String, String)>,
    JsonBody(b): JsonBody<ReasonJson>,
) -> Result<Response, AppError> {
    withdraw(&state, actor, id, Withdrawable::Participation, participation_id, b.reason).await
}

async fn withdraw(
    state: &AppState,
    actor: regie_service::Actor,
    id: String,
    which: Withdrawable,
    row: String,
    reason: String,
) -> Result<Response, AppError> {
    check_id(&id)?;
    call(state, actor, move |s, a| progress::withdraw(s, a, &id, which, &row, &reason)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The API's name of a column of the hour file.
fn batch_field(column: &str) -> &str {
    match column {
        "vnummer" => "vNummer",
        "aanbieder" => "providerName",
        "onderdeel" => "component",
        "periode_van" => "periodFrom",
        "periode_tot" => "periodTo",
        "uren_aanwezig" => "hoursAttended",
        "uren_gepland" => "hoursPlanned",
        other => other,
    }
}

/// `POST /api/v1/hour-report-imports`: a provider's reports for many persons, checked all
/// first and then recorded all or none (the file import's rules). Errors name
/// `reports[i].field`.
pub async fn import_hour_reports(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    JsonBody(b): JsonBody<HourImportJson>,
) -> Result<Response, AppError> {
    use regie_domain::inburgering::progress::import::HourRowFields;
    use regie_service::{FieldError, ServiceError};
    if b.reports.is_empty() || b.reports.len() > MAX_BATCH {
        let message = format!("Geef 1 tot {MAX_BATCH} urenopgaven mee.");
        return Err(AppError::Service(ServiceError::field("reports", message)).api());
    }
    // Line i + 1 stands for reports[i]; the service names errors by line.
    let rows: Vec<HourRowFields> = b
        .reports
        .into_iter()
        .enumerate()
        .map(|(i, r)| HourRowFields {
            line: i + 1,
            vnummer: r.v_nummer,
            bsn: r.bsn,
            aanbieder: r.provider_name,
            onderdeel: r.component,
            periode_van: r.period_from,
            periode_tot: r.period_to,
            uren_aanwezig: r.hours_attended.to_string(),
            uren_gepland: r.hours_planned.to_string(),
            keurmerk: if r.keurmerk { "ja" } else { "nee" }.to_string(),
        })
        .collect();
    let dry_run = b.dry_run;
    let report = call(&state, actor, move |s, a| {
        progress::import::import_hour_rows(s, a, &rows, dry_run).map_err(|e| match e {
            ServiceError::Invalid(list) => ServiceError::Invalid(
                list.into_iter()
                    .map(|f| {
                        let named = f.field.strip_prefix("regel ").and_then(|rest| rest.split_once(" ("));
                        let field = match named.and_then(|(line, column)| Some((line.parse::<usize>().ok()?, column))) {
                            Some((line, column)) => {
                                format!("reports[{}].{}", line - 1, batch_field(column.trim_end_matches(')')))
                            }
                            None => f.field,
                        };
                        FieldError { field, message: f.message }
                    })
                    .collect(),
            ),
            other => other,
        })
    })
    .await?;
    Ok(Json(json!({
        "rows": report.rows, "created": report.created, "alreadyPresent": report.already_present,
        "persons": report.persons, "dryRun": report.dry_run,
    }))
    .into_response())
}

// ---------------------------------------------------------------- OpenAPI

const TAG: &str = "Voortgang";
const PERSON_ID: &str = "Id van de persoon.";

/// The schema of who withdrew a row, or why (empty while it counts).
pub(super) fn withdrawn_text() -> Value {
    json!({ "type": "string", "nullable": true, "description": "Leeg zolang de opgave meetelt." })
}

/// The schema of when a row was withdrawn (empty while it counts).
pub(super) fn withdrawn_at() -> Value {
    json!({ "type": "string", "format": "date-time", "nullable": true })
}

/// Adds the paths, tag and schemas of the progress record to `doc`.
pub fn extend(doc: &mut Value) {
    let person = || json!([id_param(PERSON_ID)]);
    let withdrawal = |id: &str, summary: &str, description: &str, row: &str, row_description: &str| {
        with(
            with(
                with(
                    op(id, summary, description, TAG),
                    "parameters",
                    json!([id_param(PERSON_ID), row_param(row, row_description)]),
                ),
                "requestBody",
                request("Withdrawal"),
            ),
            "responses",
            responses(&[("204", super::openapi_cases::empty("Ingetrokken."))], true, true),
        )
    };
    let paths = json!({
        "/persons/{id}/exam-attempts": {
            "get": with(with(op("listExamAttempts", "Examenpogingen van een persoon",
                "Alle examenpogingen op examendatum, en per examen het aantal pogingen, of het gehaald is en de gratis pogingen die over zijn. Elke opvraging komt in het auditlog.", TAG),
                "parameters", person()),
                "responses", responses(&[("200", body("De examenpogingen.", "ExamAttemptList"))], false, true)),
            "post": with(with(with(op("recordExamAttempt", "Examenresultaat vastleggen",
                "Een poging met datum en resultaat. Een datum in de toekomst en een examen dat al gehaald is geven 400; een poging na de gratis pogingen wordt vastgelegd als betaalde poging. Een afgesloten zaak geeft 409.", TAG),
                "parameters", person()), "requestBody", request("NewExamAttempt")),
                "responses", responses(&[("201", located("Vastgelegd.", "ExamAttemptRef"))], true, true))
        },
        "/hour-report-imports": {
            "post": with(with(op("importHourReports", "Urenopgaven van een aanbieder inlezen",
                "Urenopgaven voor veel personen tegelijk, met dezelfde regels als het bestand op het scherm: eerst wordt elke opgave gecontroleerd, dan worden alle opgaven vastgelegd of geen enkele. De persoon wordt aangewezen met V-nummer en/of BSN, binnen de gemeenten van de aanroeper. Een periode die al met dezelfde uren is vastgelegd wordt overgeslagen; met andere uren is het een fout. Fouten noemen reports[i].veld. Met dryRun wordt alleen gecontroleerd.", TAG),
                "requestBody", request("HourReportImport")),
                "responses", responses(&[("200", body("Wat is (of bij dryRun: zou worden) vastgelegd.", "HourImportResult"))], true, false))
        },
        "/persons/{id}/hour-reports": {
            "get": with(with(op("listHourReports", "Urenopgaven van een persoon",
                "Alle urenopgaven van aanbieders op periode, en per onderdeel de totalen met het minimum (MAP, PVT). Elke opvraging komt in het auditlog.", TAG),
                "parameters", person()),
                "responses", responses(&[("200", body("De urenopgaven.", "HourReportList"))], false, true)),
            "post": with(with(with(op("recordHourReport", "Urenopgave vastleggen",
                "Uren van een aanbieder over een periode, in hele of halve uren (0 tot 500 per opgave). Een afgesloten zaak geeft 409.", TAG),
                "parameters", person()), "requestBody", request("NewHourReport")),
                "responses", responses(&[("201", located("Vastgelegd.", "HourReportRef"))], true, true))
        },
        "/persons/{id}/hour-reports/{reportId}/withdrawal": {
            "post": withdrawal("withdrawHourReport", "Urenopgave intrekken",
                "Trekt een urenopgave in die ten onrechte is vastgelegd, met een reden. Ze blijft bewaard met wie haar introk en telt nergens meer mee: niet in de totalen, niet voor afschalen en niet als periode die al is opgegeven (de juiste opgave kan daarna worden vastgelegd of ingelezen). Een urenopgave die niet bestaat of al is ingetrokken geeft 404.",
                "reportId", "Id van de urenopgave.")
        },
        "/persons/{id}/participations/{participationId}/withdrawal": {
            "post": withdrawal("withdrawParticipation", "Participatie intrekken",
                "Trekt een periode van participatie in die ten onrechte is vastgelegd, met een reden. Ze blijft bewaard met wie haar introk en telt niet meer mee in de uren per soort. Een participatie die niet bestaat of al is ingetrokken geeft 404.",
                "participationId", "Id van de participatie.")
        }
    });
    let text = || json!({ "type": "string" });
    let date = || json!({ "type": "string", "format": "date" });
    let date_time = || json!({ "type": "string", "format": "date-time" });
    let hours = || json!({ "type": "number", "minimum": 0, "maximum": 500, "multipleOf": 0.5 });
    let reference =
        |key: &str| json!({ "type": "object", "required": [key], "properties": { key: { "type": "integer" } } });
    use regie_domain::inburgering::progress::{Component, ExamKind, ExamResult};
    let exams: Vec<&str> = ExamKind::ALL.iter().map(|e| e.code()).collect();
    let results: Vec<&str> = ExamResult::ALL.iter().map(|r| r.code()).collect();
    let components: Vec<&str> = Component::ALL.iter().map(|c| c.code()).collect();
    let schemas = json!({
        "ExamAttempt": {
            "type": "object", "required": ["id", "exam", "examDate", "result", "paid", "note", "recordedBy", "recordedAt"],
            "properties": {
                "id": { "type": "integer" }, "exam": { "type": "string", "enum": exams }, "examDate": date(),
                "result": { "type": "string", "enum": results },
                "paid": { "type": "boolean", "description": "Een poging na de gratis pogingen (betaalde poging)." },
                "note": text(), "recordedBy": text(), "recordedAt": date_time()
            }
        },
        "ExamStatus": {
            "type": "object", "required": ["exam", "attempts", "passed", "freeAttempts", "freeAttemptsLeft"],
            "properties": {
                "exam": { "type": "string", "enum": exams }, "attempts": { "type": "integer" }, "passed": { "type": "boolean" },
                "freeAttempts": { "type": "integer" },
                "freeAttemptsLeft": { "type": "integer", "nullable": true, "description": "Leeg als het examen gehaald is." }
            }
        },
        "ExamAttemptList": {
            "type": "object", "required": ["items", "exams"],
            "properties": {
                "items": { "type": "array", "items": { "$ref": "#/components/schemas/ExamAttempt" } },
                "exams": { "type": "array", "items": { "$ref": "#/components/schemas/ExamStatus" } }
            }
        },
        "ExamAttemptRef": reference("examAttemptId"),
        "NewExamAttempt": {
            "type": "object", "additionalProperties": false, "required": ["exam", "examDate", "result"],
            "properties": {
                "exam": { "type": "string", "enum": exams }, "examDate": date(),
                "result": { "type": "string", "enum": results }, "note": text()
            }
        },
        "HourReport": {
            "type": "object", "required": ["id", "providerName", "component", "periodFrom", "periodTo", "hoursAttended", "hoursPlanned", "keurmerk", "recordedBy", "recordedAt", "withdrawnBy", "withdrawnAt", "withdrawnReason"],
            "properties": {
                "id": { "type": "integer" }, "providerName": text(), "component": { "type": "string", "enum": components },
                "periodFrom": date(), "periodTo": date(), "hoursAttended": hours(), "hoursPlanned": hours(),
                "keurmerk": { "type": "boolean" }, "recordedBy": text(), "recordedAt": date_time(),
                "withdrawnBy": withdrawn_text(), "withdrawnAt": withdrawn_at(),
                "withdrawnReason": withdrawn_text()
            }
        },
        "ComponentTotal": {
            "type": "object", "required": ["component", "reports", "hoursAttended", "hoursPlanned", "hoursAttendedKeurmerk", "minimumHours", "minimumMet"],
            "properties": {
                "component": { "type": "string", "enum": components }, "reports": { "type": "integer" },
                "hoursAttended": { "type": "number" }, "hoursPlanned": { "type": "number" },
                "hoursAttendedKeurmerk": { "type": "number", "description": "Gevolgde uren bij een aanbieder met keurmerk." },
                "minimumHours": { "type": "integer", "nullable": true }, "minimumMet": { "type": "boolean", "nullable": true }
            }
        },
        "HourReportList": {
            "type": "object", "required": ["items", "totals"],
            "properties": {
                "items": { "type": "array", "items": { "$ref": "#/components/schemas/HourReport" } },
                "totals": { "type": "array", "items": { "$ref": "#/components/schemas/ComponentTotal" } }
            }
        },
        "HourReportRef": reference("hourReportId"),
        "BatchHourReport": {
            "type": "object", "additionalProperties": false,
            "required": ["providerName", "component", "periodFrom", "periodTo", "hoursAttended", "hoursPlanned", "keurmerk"],
            "properties": {
                "vNummer": { "type": "string", "description": "V-nummer; het V-nummer of het BSN is verplicht." },
                "bsn": { "type": "string", "description": "BSN; het V-nummer of het BSN is verplicht." },
                "providerName": text(), "component": { "type": "string", "enum": components },
                "periodFrom": date(), "periodTo": date(), "hoursAttended": hours(), "hoursPlanned": hours(),
                "keurmerk": { "type": "boolean" }
            }
        },
        "HourReportImport": {
            "type": "object", "additionalProperties": false, "required": ["reports"],
            "properties": {
                "dryRun": { "type": "boolean", "default": false, "description": "Alleen controleren, niets vastleggen." },
                "reports": { "type": "array", "minItems": 1, "maxItems": 2000, "items": { "$ref": "#/components/schemas/BatchHourReport" } }
            }
        },
        "HourImportResult": {
            "type": "object", "required": ["rows", "created", "alreadyPresent", "persons", "dryRun"],
            "properties": {
                "rows": { "type": "integer" },
                "created": { "type": "integer", "description": "Nieuw vastgelegde opgaven (bij dryRun: die vastgelegd zouden worden)." },
                "alreadyPresent": { "type": "integer", "description": "Al eerder met dezelfde uren vastgelegd." },
                "persons": { "type": "integer", "description": "Personen met nieuwe opgaven." },
                "dryRun": { "type": "boolean" }
            }
        },
        "NewHourReport": {
            "type": "object", "additionalProperties": false,
            "required": ["providerName", "component", "periodFrom", "periodTo", "hoursAttended", "hoursPlanned"],
            "properties": {
                "providerName": text(), "component": { "type": "string", "enum": components },
                "periodFrom": date(), "periodTo": date(), "hoursAttended": hours(), "hoursPlanned": hours(),
                "keurmerk": { "type": "boolean", "default": false }
            }
        }
    });
    let (mut paths, mut schemas) = (paths, schemas);
    let (more_paths, more_schemas) = facts::describe(TAG, PERSON_ID);
    for (all, more) in [(&mut paths, more_paths), (&mut schemas, more_schemas)] {
        if let (Some(all), Value::Object(more)) = (all.as_object_mut(), more) {
            all.extend(more);
        }
    }
    merge(
        doc,
        paths,
        schemas,
        TAG,
        "Examenresultaten, urenopgaven van aanbieders, participatie, tussentoetsen, het eindgesprek MAP en de ondertekening van de participatieverklaring in het dossier van een persoon.",
    );
}
