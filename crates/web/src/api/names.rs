//! `/api/v1` for the other spellings of a person's name (list, add, withdraw) and the
//! nareizigers who follow a person (list, add, next step). Each handler calls one service
//! function (`regie_service::cases::names`, `::nareizigers`), the same one the dossier calls.

use super::cases::{call, check_id, no_query};
use super::dossier::{at, created, located, row_param};
use super::openapi_cases::{body, empty, id_param, op, request, responses, with};
use crate::extract::{ApiActor, JsonBody};
use crate::{AppError, AppState};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use regie_service::cases::names::{self, SpellingInput};
use regie_service::cases::nareizigers::{self, ArrivalInput, NareizigerInput, StatusInput};
use serde_json::{json, Value};
use std::collections::HashMap;

/// `GET /api/v1/persons/{id}/names`: every other spelling, withdrawn ones included.
pub async fn list_names(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    no_query(&q)?;
    let rows = call(&state, actor, move |s, a| names::list(s, a, &id)).await?;
    let items: Vec<Value> = rows
        .iter()
        .map(|n| {
            json!({
                "id": n.id, "givenNames": n.given_names, "familyName": n.family_name, "source": n.source,
                "recordedBy": n.recorded_by, "recordedAt": at(&n.recorded_at),
                "withdrawnBy": n.withdrawn_by, "withdrawnAt": n.withdrawn_at.as_ref().map(at),
            })
        })
        .collect();
    Ok(Json(super::Items { items }).into_response())
}

/// `POST /api/v1/persons/{id}/names`
pub async fn add_name(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<SpellingInput>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let person = id.clone();
    let name = call(&state, actor, move |s, a| names::add(s, a, &person, &b)).await?;
    Ok(created(format!("/api/v1/persons/{id}/names"), "nameId", name))
}

/// `POST /api/v1/persons/{id}/names/{nameId}/withdrawal`
pub async fn withdraw_name(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, name_id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    call(&state, actor, move |s, a| names::withdraw(s, a, &id, &name_id)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /api/v1/persons/{id}/nareizigers`
pub async fn list_nareizigers(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    no_query(&q)?;
    let rows = call(&state, actor, move |s, a| nareizigers::list(s, a, &id)).await?;
    let items: Vec<Value> = rows
        .iter()
        .map(|n| {
            json!({
                "id": n.id, "relation": n.relation, "givenNames": n.given_names, "familyName": n.family_name,
                "birthYear": n.birth_year, "birthMonth": n.birth_month, "birthDay": n.birth_day,
                "status": n.status, "statusOn": n.status_on.to_string(), "note": n.note,
                "recordedBy": n.recorded_by, "recordedAt": at(&n.recorded_at),
                "updatedBy": n.updated_by, "updatedAt": at(&n.updated_at),
                "arrivedPersonId": n.arrived_person_id,
            })
        })
        .collect();
    Ok(Json(super::Items { items }).into_response())
}

/// A nareiziger as the API takes it: the birth date in parts, as on `GET` (and as for a
/// koppeling), each part left out when unknown.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NareizigerJson {
    relation: String,
    #[serde(default)]
    given_names: String,
    family_name: String,
    birth_year: Option<i32>,
    birth_month: Option<u32>,
    birth_day: Option<u32>,
    status: String,
    status_on: String,
    #[serde(default)]
    note: String,
}

/// `POST /api/v1/persons/{id}/nareizigers`
pub async fn add_nareiziger(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<NareizigerJson>,
) -> Result<Response, AppError> {
    use regie_service::{FieldError, ServiceError};
    check_id(&id)?;
    let input = NareizigerInput {
        relation: b.relation,
        given_names: b.given_names,
        family_name: b.family_name,
        // Unknown parts as 00, as the form takes them; no year: no birth date at all.
        birth_date: match (b.birth_year, b.birth_month, b.birth_day) {
            (None, None, None) => String::new(),
            (year, month, day) => {
                format!("{:02}-{:02}-{:04}", day.unwrap_or(0), month.unwrap_or(0), year.unwrap_or(0).clamp(0, 9999))
            }
        },
        status: b.status,
        status_on: b.status_on,
        note: b.note,
    };
    let person = id.clone();
    let n = call(&state, actor, move |s, a| {
        nareizigers::add(s, a, &person, &input).map_err(|e| match e {
            ServiceError::Invalid(list) => ServiceError::Invalid(
                list.into_iter()
                    .map(|f| FieldError {
                        field: if f.field == "birthDate" { "birthYear".into() } else { f.field },
                        message: f.message,
                    })
                    .collect(),
            ),
            other => other,
        })
    })
    .await?;
    Ok(created(format!("/api/v1/persons/{id}/nareizigers"), "nareizigerId", n))
}

/// `POST /api/v1/persons/{id}/nareizigers/{nareizigerId}/status`
pub async fn nareiziger_status(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, nareiziger_id)): Path<(String, String)>,
    JsonBody(b): JsonBody<StatusInput>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    call(&state, actor, move |s, a| nareizigers::step(s, a, &id, &nareiziger_id, &b)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /api/v1/persons/{id}/nareizigers/{nareizigerId}/person`
pub async fn link_nareiziger(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, nareiziger_id)): Path<(String, String)>,
    JsonBody(b): JsonBody<ArrivalInput>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    call(&state, actor, move |s, a| nareizigers::link_arrived(s, a, &id, &nareiziger_id, &b)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

const TAG: &str = "Dossier";

/// Adds the paths and schemas of the name spellings and nareizigers to `doc` (under the
/// dossier's tag).
pub fn extend(doc: &mut Value) {
    let person = || json!([id_param("Id van de persoon.")]);
    let paths = json!({
        "/persons/{id}/names": {
            "get": with(with(op("listPersonNames", "Andere schrijfwijzen van de naam",
                "Alle andere schrijfwijzen van de naam van een persoon, ook ingetrokken schrijfwijzen. Elke opvraging komt in het auditlog.", TAG),
                "parameters", person()),
                "responses", responses(&[("200", body("De schrijfwijzen.", "PersonNameList"))], false, true)),
            "post": with(with(with(op("addPersonName", "Schrijfwijze van de naam toevoegen",
                "Een andere schrijfwijze (zoals in het paspoort, of in Arabisch of Ge'ez schrift); zoeken vindt de persoon daarna ook zo. Een schrijfwijze die er al is geeft 400; een afgesloten zaak 409.", TAG),
                "parameters", person()), "requestBody", request("NewPersonName")),
                "responses", responses(&[("201", located("Toegevoegd.", "PersonNameRef"))], true, true))
        },
        "/persons/{id}/nareizigers": {
            "get": with(with(op("listNareizigers", "Nareizigers van een persoon",
                "De gezinsleden die via gezinshereniging volgen, met de stand van de gezinshereniging. Elke opvraging komt in het auditlog.", TAG),
                "parameters", person()),
                "responses", responses(&[("200", body("De nareizigers.", "NareizigerList"))], false, true)),
            "post": with(with(with(op("addNareiziger", "Nareiziger vastleggen",
                "Een gezinslid dat via gezinshereniging volgt, met relatie, naam, geboortedatum (mag deels of helemaal onbekend zijn) en de stand waarmee het begint (verwacht, aangevraagd of ingewilligd). Een afgesloten zaak geeft 409.", TAG),
                "parameters", person()), "requestBody", request("NewNareiziger")),
                "responses", responses(&[("201", located("Vastgelegd.", "NareizigerRef"))], true, true))
        },
        "/persons/{id}/nareizigers/{nareizigerId}/status": {
            "post": with(with(with(op("stepNareiziger", "Stand van een nareiziger bijwerken",
                "De volgende stap: na verwacht een aanvraag; na een aanvraag ingewilligd of afgewezen; na ingewilligd aangekomen; na afgewezen een nieuwe aanvraag; en altijd 'reist niet meer na' zolang de stand niet definitief is. Een stap die niet kan volgen of een datum vóór de vorige stand geeft 400.", TAG),
                "parameters", json!([id_param("Id van de persoon."), row_param("nareizigerId", "Id van de nareiziger.")])),
                "requestBody", request("NareizigerStep")),
                "responses", responses(&[("204", empty("Bijgewerkt."))], true, true))
        },
        "/persons/{id}/nareizigers/{nareizigerId}/person": {
            "post": with(with(with(op("linkArrivedNareiziger", "Aangekomen nareiziger koppelen aan het eigen dossier",
                "Koppelt een nareiziger met de stand 'aangekomen' aan de persoon met dit V-nummer (geregistreerd met een koppeling of DUO-kennisgeving, in uw gemeenten). Beide dossiers verwijzen daarna naar elkaar. Een V-nummer dat niet gevonden wordt of van de persoon zelf is geeft 400; een nareiziger die nog niet is aangekomen, al aan een ander dossier is gekoppeld, of een persoon die al als nareiziger is gekoppeld geeft 409. Nogmaals dezelfde koppeling verandert niets.", TAG),
                "parameters", json!([id_param("Id van de persoon."), row_param("nareizigerId", "Id van de nareiziger.")])),
                "requestBody", request("NareizigerArrival")),
                "responses", responses(&[("204", empty("Gekoppeld."))], true, true))
        },
        "/persons/{id}/names/{nameId}/withdrawal": {
            "post": with(with(op("withdrawPersonName", "Schrijfwijze van de naam intrekken",
                "Zoeken vindt de persoon niet meer op deze schrijfwijze; de schrijfwijze blijft bewaard met wie haar introk.", TAG),
                "parameters", json!([id_param("Id van de persoon."), row_param("nameId", "Id van de schrijfwijze.")])),
                "responses", responses(&[("204", empty("Ingetrokken."))], false, true))
        }
    });
    let sources: Vec<&str> = regie_domain::inburgering::dossier::NameSource::ALL.iter().map(|s| s.code()).collect();
    use regie_domain::inburgering::nareis::{first_statuses, FamilyRelation, NareisStatus};
    let relations: Vec<&str> = FamilyRelation::ALL.iter().map(|r| r.code()).collect();
    let statuses: Vec<&str> = NareisStatus::ALL.iter().map(|s| s.code()).collect();
    let first: Vec<&str> = first_statuses().iter().map(|s| s.code()).collect();
    let text = || json!({ "type": "string" });
    let int = || json!({ "type": "integer", "nullable": true });
    let schemas = json!({
        "PersonName": {
            "type": "object",
            "required": ["id", "givenNames", "familyName", "source", "recordedBy", "recordedAt", "withdrawnBy", "withdrawnAt"],
            "properties": {
                "id": { "type": "integer" }, "givenNames": text(), "familyName": text(),
                "source": { "type": "string", "enum": sources }, "recordedBy": text(),
                "recordedAt": { "type": "string", "format": "date-time" },
                "withdrawnBy": { "type": "string", "nullable": true },
                "withdrawnAt": { "type": "string", "format": "date-time", "nullable": true }
            }
        },
        "PersonNameList": {
            "type": "object", "required": ["items"],
            "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/PersonName" } } }
        },
        "Nareiziger": {
            "type": "object",
            "required": ["id", "relation", "givenNames", "familyName", "birthYear", "birthMonth", "birthDay", "status", "statusOn", "note", "recordedBy", "recordedAt", "updatedBy", "updatedAt", "arrivedPersonId"],
            "properties": {
                "id": { "type": "integer" }, "relation": { "type": "string", "enum": relations },
                "givenNames": text(), "familyName": text(),
                "birthYear": int(), "birthMonth": int(), "birthDay": int(),
                "status": { "type": "string", "enum": statuses }, "statusOn": { "type": "string", "format": "date" },
                "note": text(), "recordedBy": text(), "recordedAt": { "type": "string", "format": "date-time" },
                "updatedBy": text(), "updatedAt": { "type": "string", "format": "date-time" },
                "arrivedPersonId": { "type": "string", "nullable": true, "description": "Id van het eigen dossier van de aangekomen nareiziger, zodra gekoppeld." }
            }
        },
        "NareizigerList": {
            "type": "object", "required": ["items"],
            "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Nareiziger" } } }
        },
        "NareizigerRef": { "type": "object", "required": ["nareizigerId"], "properties": { "nareizigerId": { "type": "integer" } } },
        "NewNareiziger": {
            "type": "object", "additionalProperties": false, "required": ["relation", "familyName", "status", "statusOn"],
            "properties": {
                "relation": { "type": "string", "enum": relations },
                "givenNames": { "type": "string", "maxLength": 200 },
                "familyName": { "type": "string", "minLength": 1, "maxLength": 200 },
                "birthYear": { "type": "integer", "minimum": 1900, "maximum": 2100, "description": "Weglaten als het onbekend is." },
                "birthMonth": { "type": "integer", "minimum": 1, "maximum": 12, "description": "Weglaten als de maand onbekend is." },
                "birthDay": { "type": "integer", "minimum": 1, "maximum": 31, "description": "Weglaten als de dag onbekend is; alleen met een maand." },
                "status": { "type": "string", "enum": first }, "statusOn": { "type": "string", "format": "date" },
                "note": { "type": "string", "maxLength": 2000 }
            }
        },
        "NareizigerArrival": {
            "type": "object", "additionalProperties": false, "required": ["vNummer"],
            "properties": { "vNummer": { "type": "string", "pattern": "^[0-9]{10}$", "description": "V-nummer van de aangekomen nareiziger." } }
        },
        "NareizigerStep": {
            "type": "object", "additionalProperties": false, "required": ["status", "statusOn"],
            "properties": { "status": { "type": "string", "enum": statuses }, "statusOn": { "type": "string", "format": "date" } }
        },
        "PersonNameRef": { "type": "object", "required": ["nameId"], "properties": { "nameId": { "type": "integer" } } },
        "NewPersonName": {
            "type": "object", "additionalProperties": false, "required": ["familyName", "source"],
            "properties": {
                "givenNames": { "type": "string", "maxLength": 200, "description": "Leeg als de persoon één naam heeft." },
                "familyName": { "type": "string", "minLength": 1, "maxLength": 200 },
                "source": { "type": "string", "enum": sources }
            }
        }
    });
    // The tag is the dossier's, added there; only paths and schemas come here.
    if let (Some(target), Value::Object(new)) = (doc["paths"].as_object_mut(), paths) {
        target.extend(new);
    }
    if let (Some(target), Value::Object(new)) = (doc["components"]["schemas"].as_object_mut(), schemas) {
        target.extend(new);
    }
}
