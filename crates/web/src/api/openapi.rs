//! The OpenAPI 3 document of `/api/v1`. It is kept as data beside the handlers; a test
//! checks that every API route of the router is described here and a snapshot pins it, and
//! CI lints it with the NL API Design Rules and fuzzes the server against it.

use super::API_VERSION;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

pub async fn document(State(state): State<AppState>) -> Json<Value> {
    Json(build(&state.config.public_url))
}

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "headers": { "API-Version": { "$ref": "#/components/headers/API-Version" } },
        "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
    })
}

fn ok(description: &str, schema: &str) -> Value {
    json!({
        "description": description,
        "headers": { "API-Version": { "$ref": "#/components/headers/API-Version" } },
        "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } }
    })
}

fn nullable(t: &str) -> Value {
    json!({ "type": t, "nullable": true })
}

fn nullable_date() -> Value {
    json!({ "type": "string", "format": "date", "nullable": true })
}

/// The document, with `public_url` as the server address.
pub fn build(public_url: &str) -> Value {
    let base = format!("{}/api/v1", public_url.trim_end_matches('/'));
    let auth_errors = |mut responses: serde_json::Map<String, Value>| {
        responses.insert("401".into(), problem("Niet ingelogd: geen of een ongeldig token."));
        responses.insert(
            "403".into(),
            problem("De rol van het token geeft geen toegang, of de gemeente valt buiten het token."),
        );
        responses.insert("500".into(), problem("Interne fout; de foutcode staat in detail."));
        responses.insert("503".into(), super::openapi_cases::audit_unavailable());
        Value::Object(responses)
    };
    let mut list = serde_json::Map::new();
    list.insert("200".into(), ok("Een pagina personen, op naam gesorteerd.", "PersonList"));
    list.insert("400".into(), problem("Ongeldige queryparameter."));
    let mut one = serde_json::Map::new();
    let mut one_ok = ok("De persoon, met de gemeenten door de tijd.", "Person");
    one_ok["headers"]["ETag"] = json!({ "description": "Versie van de persoon.", "schema": { "type": "string" } });
    one.insert("200".into(), one_ok);
    one.insert("400".into(), problem("Ongeldig verzoek."));
    one.insert("404".into(), problem("Bestaat niet, of valt buiten de gemeenten van het token."));
    let mut create = serde_json::Map::new();
    let mut created = ok("De geregistreerde persoon.", "Person");
    created["headers"]["Location"] =
        json!({ "description": "Adres van de nieuwe persoon.", "schema": { "type": "string" } });
    created["headers"]["ETag"] = json!({ "description": "Versie van de persoon.", "schema": { "type": "string" } });
    create.insert("201".into(), created);
    create.insert(
        "400".into(),
        problem("Ongeldige JSON of ongeldige velden (zie invalidParams). Er is niets opgeslagen."),
    );
    create.insert("413".into(), problem("Het verzoek is te groot."));
    create.insert("415".into(), problem("Geen application/json."));
    create
        .insert("422".into(), problem("Een of meer velden zijn ongeldig; zie invalidParams. Er is niets opgeslagen."));

    let mut doc = json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Regie API",
            "description": "API van Regie, het regionale platform voor de Wet inburgering 2021. Alle antwoorden zijn beperkt tot de gemeenten van de aanroeper.",
            "version": API_VERSION,
            "contact": { "name": "Regie functioneel beheer", "email": "beheer@regie.example", "url": "https://regie.example/contact" },
            "license": { "name": "EUPL-1.2", "url": "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12" }
        },
        "servers": [ { "url": base, "description": "Deze installatie" } ],
        "security": [ { "bearer": [] } ],
        "tags": [ { "name": "Personen", "description": "Inburgeringsplichtigen in de gemeenten van de aanroeper." } ],
        "paths": {
            "/persons": {
                "get": {
                    "operationId": "listPersons",
                    "summary": "Personen opvragen",
                    "description": "Een pagina personen in de gemeenten van de aanroeper. Elke opvraging komt in het auditlog.",
                    "tags": ["Personen"],
                    "parameters": [
                        { "name": "page", "in": "query", "required": false, "description": "Paginanummer, vanaf 1.", "schema": { "type": "integer", "minimum": 1, "maximum": 100000, "default": 1 } },
                        { "name": "pageSize", "in": "query", "required": false, "description": "Aantal per pagina.", "schema": { "type": "integer", "minimum": 1, "maximum": 100, "default": 20 } }
                    ],
                    "responses": auth_errors(list)
                },
                "post": {
                    "operationId": "createPerson",
                    "summary": "Persoon registreren",
                    "description": "Registreert een persoon in een gemeente van de aanroeper. Alle velden worden gecontroleerd; bij een fout wordt niets opgeslagen.",
                    "tags": ["Personen"],
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewPerson" } } } },
                    "responses": auth_errors(create)
                }
            },
            "/persons/{id}": {
                "get": {
                    "operationId": "getPerson",
                    "summary": "Eén persoon opvragen",
                    "description": "De persoon met de gemeenten door de tijd. Elke opvraging komt in het auditlog.",
                    "tags": ["Personen"],
                    "parameters": [
                        { "name": "id", "in": "path", "required": true, "description": "Id van de persoon.", "schema": { "type": "string", "maxLength": 64 } }
                    ],
                    "responses": auth_errors(one)
                }
            }
        },
        "components": {
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer", "description": "Een API-token, aangemaakt door de functioneel beheerder." }
            },
            "headers": {
                "API-Version": { "description": "De volledige versie van de API.", "schema": { "type": "string", "example": API_VERSION } }
            },
            "schemas": {
                "Problem": {
                    "type": "object",
                    "description": "Foutmelding volgens RFC 9457.",
                    "required": ["status", "title", "detail"],
                    "properties": {
                        "type": { "type": "string" },
                        "title": { "type": "string" },
                        "status": { "type": "integer" },
                        "detail": { "type": "string" },
                        "invalidParams": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["name", "reason"],
                                "properties": { "name": { "type": "string" }, "reason": { "type": "string" } }
                            }
                        }
                    }
                },
                "Link": { "type": "object", "required": ["href"], "properties": { "href": { "type": "string" } } },
                "PersonList": {
                    "type": "object",
                    "required": ["items", "page", "pageSize", "links"],
                    "properties": {
                        "items": { "type": "array", "items": { "$ref": "#/components/schemas/Person" } },
                        "page": { "type": "integer" },
                        "pageSize": { "type": "integer" },
                        "links": { "$ref": "#/components/schemas/PageLinks" }
                    }
                },
                "PageLinks": {
                    "type": "object",
                    "required": ["self"],
                    "properties": {
                        "self": { "$ref": "#/components/schemas/Link" },
                        "next": { "$ref": "#/components/schemas/Link" },
                        "prev": { "$ref": "#/components/schemas/Link" }
                    }
                },
                "MunicipalityPeriod": {
                    "type": "object",
                    "required": ["municipalityCode", "validFrom", "validTo", "reason"],
                    "properties": {
                        "municipalityCode": { "type": "string" },
                        "validFrom": { "type": "string", "format": "date" },
                        "validTo": nullable_date(),
                        "reason": { "type": "string" }
                    }
                },
                "Person": {
                    "type": "object",
                    "required": ["id", "vNummer", "bsn", "givenNames", "familyName", "birthYear", "birthMonth", "birthDay", "birthDate",
                                 "nationality", "targetGroup", "regime", "residenceDate", "municipalityCode", "caseWorkerId",
                                 "householdId", "postcode", "iban", "status", "version"],
                    "properties": {
                        "id": { "type": "string" },
                        "vNummer": nullable("string"),
                        "bsn": nullable("string"),
                        "givenNames": { "type": "string", "description": "Leeg bij iemand met één naam." },
                        "familyName": { "type": "string" },
                        "birthYear": { "type": "integer" },
                        "birthMonth": { "type": "integer", "nullable": true, "description": "Null als de maand onbekend is." },
                        "birthDay": { "type": "integer", "nullable": true, "description": "Null als de dag onbekend is." },
                        "birthDate": { "type": "string", "format": "date", "nullable": true, "description": "Null als de dag of maand onbekend is." },
                        "nationality": { "type": "string" },
                        "targetGroup": { "type": "string", "enum": ["asielstatushouder", "gezinsmigrant", "overige_migrant"] },
                        "regime": { "type": "string", "enum": ["wi2013", "wi2021"] },
                        "residenceDate": nullable_date(),
                        "municipalityCode": { "type": "string", "description": "CBS-code van de gemeente." },
                        "caseWorkerId": nullable("integer"),
                        "householdId": { "type": "string" },
                        "postcode": nullable("string"),
                        "iban": nullable("string"),
                        "status": { "type": "string" },
                        "version": { "type": "integer" },
                        "municipalityHistory": { "type": "array", "items": { "$ref": "#/components/schemas/MunicipalityPeriod" } }
                    }
                },
                "NewPerson": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["familyName", "birthYear", "nationality", "targetGroup", "municipalityCode"],
                    "properties": {
                        "givenNames": { "type": "string", "maxLength": 200 },
                        "familyName": { "type": "string", "minLength": 1, "maxLength": 200 },
                        "birthYear": { "type": "integer", "minimum": 1900, "maximum": 2100 },
                        "birthMonth": { "type": "integer", "minimum": 1, "maximum": 12, "nullable": true, "description": "Leeg of null als de maand onbekend is." },
                        "birthDay": { "type": "integer", "minimum": 1, "maximum": 31, "nullable": true, "description": "Leeg of null als de dag onbekend is; dan is ook een bekende maand nodig." },
                        "vNummer": { "type": "string", "nullable": true, "pattern": "^[0-9]{10}$" },
                        "bsn": { "type": "string", "nullable": true, "pattern": "^[0-9]{9}$" },
                        "nationality": { "type": "string", "minLength": 1, "maxLength": 100 },
                        "targetGroup": { "type": "string", "enum": ["asielstatushouder", "gezinsmigrant", "overige_migrant"] },
                        "municipalityCode": { "type": "string", "pattern": "^GM[0-9]{4}$" },
                        "residenceDate": { "type": "string", "format": "date", "nullable": true },
                        "postcode": { "type": "string", "nullable": true },
                        "iban": { "type": "string", "nullable": true }
                    }
                }
            }
        }
    });
    super::openapi_cases::extend(&mut doc);
    super::openapi_ontzorging::extend(&mut doc);
    super::dossier::extend(&mut doc);
    super::names::extend(&mut doc);
    super::progress::extend(&mut doc);
    doc
}
