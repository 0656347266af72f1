//! `/api/v1` for participation, interim language tests, the MAP final interview and the PVT
//! signing of a person. Each handler calls one service function, the same one the dossier's
//! "Voortgang" section calls; the OpenAPI paths and schemas are at the end ([`describe`]). The
//! final interview and the signing are one sub-resource each: `GET` shows it (null while not
//! recorded) with the hours that count for its minimum, `POST` records it once (a second is 409).

use super::super::cases::{call, check_id, no_query};
use super::super::dossier::{at, created, located};
use super::super::openapi_cases::{body, id_param, op, request, responses, with};
use crate::extract::{ApiActor, JsonBody};
use crate::{AppError, AppState};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use regie_domain::inburgering::progress::Component;
use regie_service::cases::progress::{
    self, InterimTestInput, MapInterviewInput, ParticipationInput, Progress, PvtSigningInput,
};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

async fn progress_of(state: &AppState, actor: regie_service::Actor, id: String) -> Result<Progress, AppError> {
    call(state, actor, move |s, a| progress::get(s, a, &id)).await
}

/// The hours that count for a component's minimum, as the singleton resources show them.
fn minimum(p: &Progress, component: Component) -> Value {
    match p.total(component) {
        Some(t) => {
            json!({ "hoursAttended": t.attended.hours(), "minimumHours": t.minimum, "minimumMet": t.minimum_met() })
        }
        None => json!({ "hoursAttended": 0.0, "minimumHours": null, "minimumMet": null }),
    }
}

fn merged(mut a: Value, b: Value) -> Value {
    if let (Some(a), Value::Object(b)) = (a.as_object_mut(), b) {
        a.extend(b);
    }
    a
}

/// `GET /api/v1/persons/{id}/participations`: every period, and the hours per kind.
pub async fn list_participations(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    no_query(&q)?;
    let p = progress_of(&state, actor, id).await?;
    let items: Vec<Value> = p
        .participations
        .iter()
        .map(|r| {
            json!({
                "id": r.id, "kind": r.kind, "organisation": r.organisation,
                "periodFrom": r.period_from.to_string(), "periodTo": r.period_to.to_string(),
                "hours": f64::from(r.half_hours) / 2.0, "note": r.note,
                "recordedBy": r.recorded_by, "recordedAt": at(&r.recorded_at),
                "withdrawnBy": r.withdrawn_by, "withdrawnAt": r.withdrawn_at.as_ref().map(at),
                "withdrawnReason": r.withdrawn_reason,
            })
        })
        .collect();
    let totals: Vec<Value> = p
        .participation_totals
        .iter()
        .map(|t| json!({ "kind": t.kind.code(), "periods": t.periods, "hours": t.hours.hours() }))
        .collect();
    Ok(Json(json!({ "items": items, "totals": totals })).into_response())
}

/// A participation as the API takes it: hours as a JSON number.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ParticipationJson {
    kind: String,
    organisation: String,
    period_from: String,
    period_to: String,
    hours: f64,
    #[serde(default)]
    note: String,
}

pub async fn record_participation(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<ParticipationJson>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    // The service reads hours as text, as typed on the screen; a number's own notation parses.
    let input = ParticipationInput {
        kind: b.kind,
        organisation: b.organisation,
        period_from: b.period_from,
        period_to: b.period_to,
        hours: b.hours.to_string(),
        note: b.note,
    };
    let person = id.clone();
    let row = call(&state, actor, move |s, a| progress::record_participation(s, a, &person, &input)).await?;
    Ok(created(format!("/api/v1/persons/{id}/participations"), "participationId", row))
}

/// `GET /api/v1/persons/{id}/interim-tests`
pub async fn list_interim_tests(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    no_query(&q)?;
    let p = progress_of(&state, actor, id).await?;
    let items: Vec<Value> = p
        .interim_tests
        .iter()
        .map(|t| {
            json!({
                "id": t.id, "testDate": t.test_date.to_string(), "skill": t.skill, "level": t.level,
                "providerName": t.provider_name, "recordedBy": t.recorded_by, "recordedAt": at(&t.recorded_at),
            })
        })
        .collect();
    Ok(Json(crate::api::Items { items }).into_response())
}

pub async fn record_interim_test(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<InterimTestInput>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let person = id.clone();
    let row = call(&state, actor, move |s, a| progress::record_interim_test(s, a, &person, &b)).await?;
    Ok(created(format!("/api/v1/persons/{id}/interim-tests"), "interimTestId", row))
}

/// `GET /api/v1/persons/{id}/map-final-interview`
pub async fn map_final_interview(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    no_query(&q)?;
    let p = progress_of(&state, actor, id).await?;
    let interview = p.map_interview.as_ref().map(|m| {
        json!({
            "id": m.id, "interviewDate": m.interview_date.to_string(), "conclusion": m.conclusion,
            "recordedBy": m.recorded_by, "recordedAt": at(&m.recorded_at),
        })
    });
    let own = json!({ "applies": p.map_applies, "interview": interview });
    Ok(Json(merged(own, minimum(&p, Component::Map))).into_response())
}

pub async fn record_map_final_interview(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<MapInterviewInput>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let person = id.clone();
    let row = call(&state, actor, move |s, a| progress::record_map_interview(s, a, &person, &b)).await?;
    Ok(created(format!("/api/v1/persons/{id}/map-final-interview"), "mapFinalInterviewId", row))
}

/// `GET /api/v1/persons/{id}/pvt-signing`
pub async fn pvt_signing(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    no_query(&q)?;
    let p = progress_of(&state, actor, id).await?;
    let signing = p.pvt_signing.as_ref().map(|v| {
        json!({
            "id": v.id, "signingDate": v.signed_on.to_string(), "recordedBy": v.recorded_by,
            "recordedAt": at(&v.recorded_at),
        })
    });
    Ok(Json(merged(json!({ "signing": signing }), minimum(&p, Component::Pvt))).into_response())
}

pub async fn record_pvt_signing(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<PvtSigningInput>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let person = id.clone();
    let row = call(&state, actor, move |s, a| progress::record_pvt_signing(s, a, &person, &b)).await?;
    Ok(created(format!("/api/v1/persons/{id}/pvt-signing"), "pvtSigningId", row))
}

// ---------------------------------------------------------------- OpenAPI

/// The paths and schemas of these resources (tag `tag`), to be merged by [`super::extend`].
pub(super) fn describe(tag: &str, person_id: &str) -> (Value, Value) {
    let person = || json!([id_param(person_id)]);
    let get = |id: &str, summary: &str, description: &str, ok: &str, schema: &str| {
        with(
            with(op(id, summary, description, tag), "parameters", person()),
            "responses",
            responses(&[("200", body(ok, schema))], false, true),
        )
    };
    let post = |id: &str, summary: &str, description: &str, input: &str, reference: &str| {
        with(
            with(with(op(id, summary, description, tag), "parameters", person()), "requestBody", request(input)),
            "responses",
            responses(&[("201", located("Vastgelegd.", reference))], true, true),
        )
    };
    let paths = json!({
        "/persons/{id}/participations": {
            "get": get("listParticipations", "Participatie van een persoon",
                "Alle perioden van participatie (werk, vrijwilligerswerk, opleiding, activering) op periode, en per soort het aantal perioden en de uren. Elke opvraging komt in het auditlog.",
                "De participatie.", "ParticipationList"),
            "post": post("recordParticipation", "Participatie vastleggen",
                "Een periode van participatie bij een organisatie met de uren, in hele of halve uren (0 tot 500). Het einde van de periode ligt niet in de toekomst. Een afgesloten zaak geeft 409.",
                "NewParticipation", "ParticipationRef")
        },
        "/persons/{id}/interim-tests": {
            "get": get("listInterimTests", "Tussentoetsen van een persoon",
                "Alle tussentoetsen taal op datum. Elke opvraging komt in het auditlog.", "De tussentoetsen.", "InterimTestList"),
            "post": post("recordInterimTest", "Tussentoets vastleggen",
                "Een tussentoets met datum, vaardigheid, gehaald niveau en aanbieder. Een datum in de toekomst geeft 400; een afgesloten zaak 409.",
                "NewInterimTest", "InterimTestRef")
        },
        "/persons/{id}/map-final-interview": {
            "get": get("getMapFinalInterview", "Eindgesprek MAP van een persoon",
                "Het eindgesprek MAP (leeg zolang het niet is vastgelegd), of de leerroute MAP heeft, en de gevolgde MAP-uren tegen het minimum. Elke opvraging komt in het auditlog.",
                "Het eindgesprek MAP.", "MapFinalInterviewStatus"),
            "post": post("recordMapFinalInterview", "Eindgesprek MAP vastleggen",
                "Datum en conclusie van het eindgesprek. Eén keer per zaak: een tweede geeft 409, net als een leerroute zonder MAP (onderwijsroute) of een zaak zonder leerroute. Een datum in de toekomst geeft 400.",
                "NewMapFinalInterview", "MapFinalInterviewRef")
        },
        "/persons/{id}/pvt-signing": {
            "get": get("getPvtSigning", "Ondertekening participatieverklaring",
                "De ondertekening van de participatieverklaring (leeg zolang die niet is vastgelegd) en de gevolgde PVT-uren tegen het minimum. Elke opvraging komt in het auditlog.",
                "De ondertekening.", "PvtSigningStatus"),
            "post": post("recordPvtSigning", "Ondertekening participatieverklaring vastleggen",
                "De datum van ondertekening. Eén keer per zaak: een tweede geeft 409. Een datum in de toekomst geeft 400.",
                "NewPvtSigning", "PvtSigningRef")
        }
    });
    let text = || json!({ "type": "string" });
    let date = || json!({ "type": "string", "format": "date" });
    let date_time = || json!({ "type": "string", "format": "date-time" });
    let hours = || json!({ "type": "number", "minimum": 0, "maximum": 500, "multipleOf": 0.5 });
    let reference =
        |key: &str| json!({ "type": "object", "required": [key], "properties": { key: { "type": "integer" } } });
    let nullable =
        |schema: &str| json!({ "allOf": [{ "$ref": format!("#/components/schemas/{schema}") }], "nullable": true });
    use regie_domain::inburgering::progress::{InterimLevel, ParticipationKind, Skill};
    let kinds: Vec<&str> = ParticipationKind::ALL.iter().map(|k| k.code()).collect();
    let skills: Vec<&str> = Skill::ALL.iter().map(|k| k.code()).collect();
    // A0 is below A1.
    let levels: Vec<&str> = InterimLevel::ALL.iter().map(|l| l.code()).collect();
    let minimum_props = || {
        json!({
            "hoursAttended": { "type": "number", "description": "Gevolgde uren volgens de urenopgaven." },
            "minimumHours": { "type": "integer", "nullable": true }, "minimumMet": { "type": "boolean", "nullable": true }
        })
    };
    let status = |own: Value, required: &[&str]| {
        let mut properties = minimum_props();
        if let (Some(p), Value::Object(o)) = (properties.as_object_mut(), own) {
            p.extend(o);
        }
        let mut req: Vec<&str> = required.to_vec();
        req.extend(["hoursAttended", "minimumHours", "minimumMet"]);
        json!({ "type": "object", "required": req, "properties": properties })
    };
    let (withdrawn_text, withdrawn_at) = (super::withdrawn_text, super::withdrawn_at);
    let schemas = json!({
        "Participation": {
            "type": "object", "required": ["id", "kind", "organisation", "periodFrom", "periodTo", "hours", "note", "recordedBy", "recordedAt", "withdrawnBy", "withdrawnAt", "withdrawnReason"],
            "properties": {
                "id": { "type": "integer" }, "kind": { "type": "string", "enum": kinds }, "organisation": text(),
                "periodFrom": date(), "periodTo": date(), "hours": hours(), "note": text(),
                "recordedBy": text(), "recordedAt": date_time(),
                "withdrawnBy": withdrawn_text(), "withdrawnAt": withdrawn_at(), "withdrawnReason": withdrawn_text()
            }
        },
        "ParticipationTotal": {
            "type": "object", "required": ["kind", "periods", "hours"],
            "properties": { "kind": { "type": "string", "enum": kinds }, "periods": { "type": "integer" }, "hours": { "type": "number" } }
        },
        "ParticipationList": {
            "type": "object", "required": ["items", "totals"],
            "properties": {
                "items": { "type": "array", "items": { "$ref": "#/components/schemas/Participation" } },
                "totals": { "type": "array", "items": { "$ref": "#/components/schemas/ParticipationTotal" } }
            }
        },
        "ParticipationRef": reference("participationId"),
        "NewParticipation": {
            "type": "object", "additionalProperties": false,
            "required": ["kind", "organisation", "periodFrom", "periodTo", "hours"],
            "properties": {
                "kind": { "type": "string", "enum": kinds }, "organisation": text(),
                "periodFrom": date(), "periodTo": date(), "hours": hours(), "note": text()
            }
        },
        "InterimTest": {
            "type": "object", "required": ["id", "testDate", "skill", "level", "providerName", "recordedBy", "recordedAt"],
            "properties": {
                "id": { "type": "integer" }, "testDate": date(), "skill": { "type": "string", "enum": skills },
                "level": { "type": "string", "enum": levels }, "providerName": text(),
                "recordedBy": text(), "recordedAt": date_time()
            }
        },
        "InterimTestList": {
            "type": "object", "required": ["items"],
            "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/InterimTest" } } }
        },
        "InterimTestRef": reference("interimTestId"),
        "NewInterimTest": {
            "type": "object", "additionalProperties": false, "required": ["testDate", "skill", "level", "providerName"],
            "properties": {
                "testDate": date(), "skill": { "type": "string", "enum": skills },
                "level": { "type": "string", "enum": levels }, "providerName": text()
            }
        },
        "MapFinalInterview": {
            "type": "object", "required": ["id", "interviewDate", "conclusion", "recordedBy", "recordedAt"],
            "properties": {
                "id": { "type": "integer" }, "interviewDate": date(), "conclusion": text(),
                "recordedBy": text(), "recordedAt": date_time()
            }
        },
        "MapFinalInterviewStatus": status(json!({
            "applies": { "type": "boolean", "nullable": true, "description": "Of de leerroute MAP heeft; leeg zolang er geen leerroute is." },
            "interview": nullable("MapFinalInterview")
        }), &["applies", "interview"]),
        "MapFinalInterviewRef": reference("mapFinalInterviewId"),
        "NewMapFinalInterview": {
            "type": "object", "additionalProperties": false, "required": ["interviewDate", "conclusion"],
            "properties": { "interviewDate": date(), "conclusion": text() }
        },
        "PvtSigning": {
            "type": "object", "required": ["id", "signingDate", "recordedBy", "recordedAt"],
            "properties": { "id": { "type": "integer" }, "signingDate": date(), "recordedBy": text(), "recordedAt": date_time() }
        },
        "PvtSigningStatus": status(json!({ "signing": nullable("PvtSigning") }), &["signing"]),
        "PvtSigningRef": reference("pvtSigningId"),
        "NewPvtSigning": {
            "type": "object", "additionalProperties": false, "required": ["signingDate"],
            "properties": { "signingDate": date() }
        }
    });
    (paths, schemas)
}
