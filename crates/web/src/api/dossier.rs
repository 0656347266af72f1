//! `/api/v1` for the dossier's documents, consents and referrals. Each handler calls one
//! service function, the same one the screens call; the OpenAPI paths and schemas of these
//! operations are at the end ([`extend`]).

use super::cases::{call, check_id, no_query};
use super::openapi_cases::{body, empty, id_param, op, request, responses, with};
use crate::extract::{ApiActor, JsonBody};
use crate::{AppError, AppState};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use regie_service::cases::consents::{self, ConsentInput};
use regie_service::cases::documents::{self, Upload};
use regie_service::cases::dossier_parts::{self, row_id, ConsentRow, DocumentRow, ReferralRow};
use regie_service::cases::referrals::{self, OutcomeInput, ReferralInput};
use regie_service::ServiceError;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

/// A stored time as an ISO date-time in UTC.
pub(crate) fn at(t: &chrono::NaiveDateTime) -> String {
    format!("{}Z", t.format("%Y-%m-%dT%H:%M:%S"))
}

/// A numeric row id from a path; anything else is a 404, like an id that does not exist.
pub(crate) fn row(raw: &str) -> Result<i64, AppError> {
    row_id(raw).map_err(|e| AppError::Service(e).api())
}

/// 201 with the new row's address and its id under `key`.
pub(crate) fn created(location: String, key: &str, id: i64) -> Response {
    (StatusCode::CREATED, [(header::LOCATION, location)], Json(json!({ key: id }))).into_response()
}

fn document_json(d: &DocumentRow) -> Value {
    json!({
        "id": d.id, "type": d.doc_type, "name": d.name, "contentType": d.content_type, "sizeBytes": d.size_bytes,
        "sha256": d.sha256, "note": d.note, "uploadedBy": d.uploaded_by, "uploadedAt": at(&d.uploaded_at),
    })
}

fn consent_json(k: &ConsentRow) -> Value {
    json!({
        "id": k.id, "kind": k.kind, "givenOn": k.given_on.to_string(), "documentId": k.document_id, "note": k.note,
        "recordedBy": k.recorded_by, "recordedAt": at(&k.recorded_at),
        "withdrawnOn": k.withdrawn_on.map(|d| d.to_string()), "withdrawnReason": k.withdrawn_reason,
        "active": k.withdrawn_on.is_none(),
    })
}

fn referral_json(r: &ReferralRow) -> Value {
    json!({
        "id": r.id, "partnerName": r.partner_name, "kind": r.kind, "referredOn": r.referred_on.to_string(),
        "goal": r.goal, "sharesData": r.shares_data, "consentId": r.consent_id, "createdBy": r.created_by,
        "outcome": r.outcome, "outcomeOn": r.outcome_on.map(|d| d.to_string()), "outcomeNote": r.outcome_note,
    })
}

/// One of the three lists of a person (each read is audited).
async fn list(
    state: &AppState,
    actor: regie_service::Actor,
    id: String,
    q: &HashMap<String, String>,
    pick: fn(dossier_parts::DossierParts) -> Vec<Value>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    no_query(q)?;
    let parts = call(state, actor, move |s, a| dossier_parts::get(s, a, &id)).await?;
    Ok(Json(json!({ "items": pick(parts) })).into_response())
}

pub async fn list_documents(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    list(&state, actor, id, &q, |p| p.documents.iter().map(document_json).collect()).await
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DocumentJson {
    #[serde(rename = "type")]
    doc_type: String,
    name: String,
    content_type: String,
    #[serde(default)]
    note: String,
    /// The file (PDF, PNG or JPEG), base64-encoded.
    content_base64: String,
}

pub async fn upload_document(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<DocumentJson>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let bytes = base64::engine::general_purpose::STANDARD.decode(b.content_base64.trim()).map_err(|_| {
        AppError::Service(ServiceError::field("contentBase64", "Het bestand is geen geldige base64-tekst.")).api()
    })?;
    let file = Upload { name: b.name, content_type: b.content_type, bytes };
    let person = id.clone();
    let doc = call(&state, actor, move |s, a| documents::upload(s, a, &person, &b.doc_type, &b.note, &file)).await?;
    Ok(created(format!("/api/v1/persons/{id}/documents/{doc}"), "documentId", doc))
}

pub async fn download_document(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, document_id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let doc = row(&document_id)?;
    let (info, bytes) = call(&state, actor, move |s, a| documents::download(s, a, &id, doc)).await?;
    crate::pages::dossier_parts::download(&info.content_type, &info.name, bytes)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReasonJson {
    pub(crate) reason: String,
}

pub async fn withdraw_document(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, document_id)): Path<(String, String)>,
    JsonBody(b): JsonBody<ReasonJson>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let doc = row(&document_id)?;
    call(&state, actor, move |s, a| documents::withdraw(s, a, &id, doc, &b.reason)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub async fn list_consents(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    list(&state, actor, id, &q, |p| p.consents.iter().map(consent_json).collect()).await
}

pub async fn give_consent(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<ConsentInput>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let person = id.clone();
    let consent = call(&state, actor, move |s, a| consents::give(s, a, &person, &b)).await?;
    Ok(created(format!("/api/v1/persons/{id}/consents"), "consentId", consent))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConsentWithdrawalJson {
    withdrawn_on: String,
    reason: String,
}

pub async fn withdraw_consent(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, consent_id)): Path<(String, String)>,
    JsonBody(b): JsonBody<ConsentWithdrawalJson>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let consent = row(&consent_id)?;
    call(&state, actor, move |s, a| consents::withdraw(s, a, &id, consent, &b.withdrawn_on, &b.reason)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub async fn list_referrals(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    list(&state, actor, id, &q, |p| p.referrals.iter().map(referral_json).collect()).await
}

pub async fn create_referral(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<ReferralInput>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let person = id.clone();
    let referral = call(&state, actor, move |s, a| referrals::create(s, a, &person, &b)).await?;
    Ok(created(format!("/api/v1/persons/{id}/referrals"), "referralId", referral))
}

pub async fn record_outcome(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, referral_id)): Path<(String, String)>,
    JsonBody(b): JsonBody<OutcomeInput>,
) -> Result<Response, AppError> {
    check_id(&id)?;
    let referral = row(&referral_id)?;
    call(&state, actor, move |s, a| referrals::record_outcome(s, a, &id, referral, &b)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---------------------------------------------------------------- OpenAPI

const TAG: &str = "Dossier";
const PERSON_ID: &str = "Id van de persoon.";

pub(crate) fn row_param(name: &str, description: &str) -> Value {
    json!({ "name": name, "in": "path", "required": true, "description": description, "schema": { "type": "string", "maxLength": 20 } })
}

/// Adds the paths, tag and schemas of the documents, consents and referrals to `doc`.
pub fn extend(doc: &mut Value) {
    let file = json!({
        "description": "Het document, met het type waarmee het is opgeslagen, als bijlage.",
        "headers": {
            "API-Version": { "$ref": "#/components/headers/API-Version" },
            "Content-Disposition": { "description": "attachment, met de bestandsnaam.", "schema": { "type": "string" } }
        },
        "content": {
            "application/pdf": { "schema": { "type": "string", "format": "binary" } },
            "image/png": { "schema": { "type": "string", "format": "binary" } },
            "image/jpeg": { "schema": { "type": "string", "format": "binary" } }
        }
    });
    let person = || json!([id_param(PERSON_ID)]);
    let document_id = || json!([id_param(PERSON_ID), row_param("documentId", "Id van het document.")]);
    let paths = json!({
        "/persons/{id}/documents": {
            "get": with(with(op("listPersonDocuments", "Documenten van een persoon",
                "De documenten die niet zijn ingetrokken, oudste eerst. Een medische verklaring alleen voor wie gezondheidsgegevens mag zien. Elke opvraging komt in het auditlog.", TAG),
                "parameters", person()),
                "responses", responses(&[("200", body("De documenten.", "PersonDocumentList"))], false, true)),
            "post": with(with(with(op("uploadPersonDocument", "Document toevoegen",
                "Een PDF, PNG of JPEG van hoogstens 5 MB (gecontroleerd aan de inhoud), met een soort uit de vaste lijst.", TAG),
                "parameters", person()), "requestBody", request("NewPersonDocument")),
                "responses", responses(&[("201", located("Toegevoegd.", "PersonDocumentRef"))], true, true))
        },
        "/persons/{id}/documents/{documentId}": {
            "get": with(with(op("getPersonDocument", "Document downloaden",
                "Het bestand als bijlage. Komt in het auditlog als opvraging van de persoon.", TAG),
                "parameters", document_id()),
                "responses", responses(&[("200", file)], false, true))
        },
        "/persons/{id}/documents/{documentId}/withdrawal": {
            "post": with(with(with(op("withdrawPersonDocument", "Document intrekken",
                "Trekt een document in met een reden. Het blijft bewaard voor de verantwoording, maar staat niet meer in de lijst.", TAG),
                "parameters", document_id()), "requestBody", request("Withdrawal")),
                "responses", responses(&[("204", empty("Ingetrokken."))], true, true))
        },
        "/persons/{id}/consents": {
            "get": with(with(op("listConsents", "Toestemmingen van een persoon",
                "Alle toestemmingen, ook de ingetrokken, oudste eerst. Elke opvraging komt in het auditlog.", TAG),
                "parameters", person()),
                "responses", responses(&[("200", body("De toestemmingen.", "ConsentList"))], false, true)),
            "post": with(with(with(op("giveConsent", "Toestemming vastleggen",
                "Een toestemming op een datum, eventueel met het getekende document. Er is één geldige toestemming per soort (een tweede geeft 409).", TAG),
                "parameters", person()), "requestBody", request("NewConsent")),
                "responses", responses(&[("201", located("Vastgelegd.", "ConsentRef"))], true, true))
        },
        "/persons/{id}/consents/{consentId}/withdrawal": {
            "post": with(with(with(op("withdrawConsent", "Toestemming intrekken",
                "Trekt een toestemming in op een datum met een reden; ze blijft zichtbaar in de geschiedenis.", TAG),
                "parameters", json!([id_param(PERSON_ID), row_param("consentId", "Id van de toestemming.")])),
                "requestBody", request("ConsentWithdrawal")),
                "responses", responses(&[("204", empty("Ingetrokken."))], true, true))
        },
        "/persons/{id}/referrals": {
            "get": with(with(op("listReferrals", "Verwijzingen van een persoon",
                "De verwijzingen naar partners, oudste eerst. Een verwijzing naar de gezondheidszorg alleen voor wie gezondheidsgegevens mag zien. Elke opvraging komt in het auditlog.", TAG),
                "parameters", person()),
                "responses", responses(&[("200", body("De verwijzingen.", "ReferralList"))], false, true)),
            "post": with(with(with(op("createReferral", "Verwijzing vastleggen",
                "Een verwijzing naar een partner. Worden gegevens gedeeld, dan is een geldige toestemming 'delen met partners' op de datum van de verwijzing nodig; anders 400 op sharesData en wordt niets opgeslagen.", TAG),
                "parameters", person()), "requestBody", request("NewReferral")),
                "responses", responses(&[("201", located("Vastgelegd.", "ReferralRef"))], true, true))
        },
        "/persons/{id}/referrals/{referralId}/outcome": {
            "post": with(with(with(op("recordReferralOutcome", "Uitkomst van een verwijzing vastleggen",
                "De uitkomst wordt één keer vastgelegd. Dezelfde uitkomst nogmaals verandert niets (204); een andere geeft 409.", TAG),
                "parameters", json!([id_param(PERSON_ID), row_param("referralId", "Id van de verwijzing.")])),
                "requestBody", request("ReferralOutcome")),
                "responses", responses(&[("204", empty("Vastgelegd, of al zo vastgelegd."))], true, true))
        }
    });
    let text = || json!({ "type": "string" });
    let opt_text = || json!({ "type": "string", "nullable": true });
    let date = || json!({ "type": "string", "format": "date" });
    let opt_date = || json!({ "type": "string", "format": "date", "nullable": true });
    let date_time = || json!({ "type": "string", "format": "date-time" });
    let list = |item: &str| json!({ "type": "object", "required": ["items"], "properties": { "items": { "type": "array", "items": { "$ref": format!("#/components/schemas/{item}") } } } });
    let reference =
        |key: &str| json!({ "type": "object", "required": [key], "properties": { key: { "type": "integer" } } });
    let document_types = [
        "identiteitsbewijs",
        "verblijfsvergunning",
        "diploma",
        "medische_verklaring",
        "machtiging",
        "toestemming",
        "overig",
    ];
    let consent_kinds = ["delen_met_partners", "machtiging_ontzorging"];
    let referral_kinds =
        ["taalaanbieder", "werkgever", "vrijwilligersorganisatie", "gezondheidszorg", "schuldhulp", "overig"];
    let outcomes = ["gestart", "afgerond", "niet_gestart", "afgewezen"];
    let schemas = json!({
        "PersonDocument": {
            "type": "object", "required": ["id", "type", "name", "contentType", "sizeBytes", "sha256", "note", "uploadedBy", "uploadedAt"],
            "properties": {
                "id": { "type": "integer" }, "type": { "type": "string", "enum": document_types }, "name": text(),
                "contentType": { "type": "string", "enum": ["application/pdf", "image/png", "image/jpeg"] },
                "sizeBytes": { "type": "integer" }, "sha256": text(), "note": text(), "uploadedBy": text(), "uploadedAt": date_time()
            }
        },
        "PersonDocumentList": list("PersonDocument"),
        "PersonDocumentRef": reference("documentId"),
        "NewPersonDocument": {
            "type": "object", "additionalProperties": false, "required": ["type", "name", "contentType", "contentBase64"],
            "properties": {
                "type": { "type": "string", "enum": document_types },
                "name": { "type": "string", "description": "Bestandsnaam." },
                "contentType": { "type": "string", "enum": ["application/pdf", "image/png", "image/jpeg"] },
                "note": text(),
                "contentBase64": { "type": "string", "description": "Het bestand, base64-gecodeerd (hoogstens 5 MB)." }
            }
        },
        "Withdrawal": { "type": "object", "additionalProperties": false, "required": ["reason"], "properties": { "reason": { "type": "string", "description": "5 tot 2000 tekens." } } },
        "Consent": {
            "type": "object", "required": ["id", "kind", "givenOn", "documentId", "note", "recordedBy", "recordedAt", "withdrawnOn", "withdrawnReason", "active"],
            "properties": {
                "id": { "type": "integer" }, "kind": { "type": "string", "enum": consent_kinds }, "givenOn": date(),
                "documentId": { "type": "integer", "nullable": true }, "note": text(), "recordedBy": text(), "recordedAt": date_time(),
                "withdrawnOn": opt_date(), "withdrawnReason": opt_text(), "active": { "type": "boolean" }
            }
        },
        "ConsentList": list("Consent"),
        "ConsentRef": reference("consentId"),
        "NewConsent": {
            "type": "object", "additionalProperties": false, "required": ["kind", "givenOn"],
            "properties": {
                "kind": { "type": "string", "enum": consent_kinds }, "givenOn": date(),
                "documentId": { "type": "integer", "nullable": true, "description": "Een document van dezelfde persoon." },
                "note": text()
            }
        },
        "ConsentWithdrawal": {
            "type": "object", "additionalProperties": false, "required": ["withdrawnOn", "reason"],
            "properties": { "withdrawnOn": date(), "reason": { "type": "string", "description": "5 tot 2000 tekens." } }
        },
        "Referral": {
            "type": "object", "required": ["id", "partnerName", "kind", "referredOn", "goal", "sharesData", "consentId", "createdBy", "outcome", "outcomeOn", "outcomeNote"],
            "properties": {
                "id": { "type": "integer" }, "partnerName": text(), "kind": { "type": "string", "enum": referral_kinds },
                "referredOn": date(), "goal": text(), "sharesData": { "type": "boolean" },
                "consentId": { "type": "integer", "nullable": true, "description": "De toestemming waarop het delen berust." },
                "createdBy": text(),
                "outcome": { "type": "string", "nullable": true, "enum": ["gestart", "afgerond", "niet_gestart", "afgewezen", null] },
                "outcomeOn": opt_date(), "outcomeNote": opt_text()
            }
        },
        "ReferralList": list("Referral"),
        "ReferralRef": reference("referralId"),
        "NewReferral": {
            "type": "object", "additionalProperties": false, "required": ["partnerName", "kind", "referredOn", "goal"],
            "properties": {
                "partnerName": text(), "kind": { "type": "string", "enum": referral_kinds }, "referredOn": date(), "goal": text(),
                "sharesData": { "type": "boolean", "default": false }
            }
        },
        "ReferralOutcome": {
            "type": "object", "additionalProperties": false, "required": ["outcome", "outcomeOn"],
            "properties": { "outcome": { "type": "string", "enum": outcomes }, "outcomeOn": date(), "note": text() }
        }
    });
    merge(
        doc,
        paths,
        schemas,
        TAG,
        "Documenten, toestemmingen en verwijzingen naar partners in het dossier van een persoon.",
    );
}

/// A 201 response with the `Location` header.
pub(crate) fn located(description: &str, schema: &str) -> Value {
    let mut v = body(description, schema);
    v["headers"]["Location"] = json!({ "description": "Adres van het aangemaakte.", "schema": { "type": "string" } });
    v
}

/// Adds paths, schemas and a tag to the OpenAPI document.
pub(crate) fn merge(doc: &mut Value, paths: Value, schemas: Value, tag: &str, description: &str) {
    if let (Some(target), Value::Object(new)) = (doc["paths"].as_object_mut(), paths) {
        target.extend(new);
    }
    if let (Some(target), Value::Object(new)) = (doc["components"]["schemas"].as_object_mut(), schemas) {
        target.extend(new);
    }
    if let Some(tags) = doc["tags"].as_array_mut() {
        tags.push(json!({ "name": tag, "description": description }));
    }
}
