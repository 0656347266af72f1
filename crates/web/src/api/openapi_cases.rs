//! The case-management part of the OpenAPI document: paths and schemas added to the base
//! document built in [`super::openapi`].

use serde_json::{json, Map, Value};

pub(super) fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "headers": { "API-Version": { "$ref": "#/components/headers/API-Version" } },
        "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
    })
}

pub(super) fn body(description: &str, schema: &str) -> Value {
    json!({
        "description": description,
        "headers": { "API-Version": { "$ref": "#/components/headers/API-Version" } },
        "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } }
    })
}

pub(super) fn empty(description: &str) -> Value {
    json!({ "description": description, "headers": { "API-Version": { "$ref": "#/components/headers/API-Version" } } })
}

/// The responses of an operation: its own plus the errors every operation can give.
pub(super) fn responses(own: &[(&str, Value)], reads_input: bool, has_target: bool) -> Value {
    let mut m = Map::new();
    for (code, v) in own {
        m.insert(code.to_string(), v.clone());
    }
    m.insert("400".into(), problem("Ongeldig verzoek of ongeldige velden (zie invalidParams). Er is niets gewijzigd."));
    m.insert("401".into(), problem("Niet ingelogd: geen of een ongeldig token."));
    m.insert("403".into(), problem("De rol van het token geeft geen toegang tot deze handeling."));
    if has_target {
        m.insert("404".into(), problem("Bestaat niet, of valt buiten de gemeenten van het token."));
        m.insert(
            "409".into(),
            problem("De stap past niet bij de fase van de zaak; detail zegt waarom. Er is niets gewijzigd."),
        );
    }
    if reads_input {
        m.insert("413".into(), problem("Het verzoek is te groot."));
        m.insert("415".into(), problem("Geen application/json."));
        m.insert("422".into(), problem("Een of meer velden zijn ongeldig; zie invalidParams. Er is niets gewijzigd."));
    }
    m.insert("500".into(), problem("Interne fout; de foutcode staat in detail."));
    m.insert("503".into(), audit_unavailable());
    Value::Object(m)
}

/// The 503 of a read whose audit record could not be queued in time: nothing was shown.
pub(super) fn audit_unavailable() -> Value {
    let mut v = problem(
        "Het verwerkingenlog kan het inzien van persoonsgegevens nu niet vastleggen; er is niets getoond of gewijzigd. Probeer het opnieuw na Retry-After.",
    );
    v["headers"]["Retry-After"] =
        json!({ "description": "Seconden tot een nieuwe poging zin heeft.", "schema": { "type": "integer" } });
    v
}

/// A response with a record and its version in `ETag`, for a later `If-Match`.
pub(super) fn versioned(description: &str, schema: &str, what: &str) -> Value {
    let mut v = body(description, schema);
    v["headers"]["ETag"] = json!({ "description": format!("Versie van {what}."), "schema": { "type": "string" } });
    v
}

/// The optional `If-Match` of a change (optimistic concurrency) and its 412.
pub(super) fn if_match_param(what: &str) -> Value {
    json!({ "name": "If-Match", "in": "header", "required": false,
        "description": format!("De ETag van {what} zoals opgehaald (bijvoorbeeld \"v3\"); een andere versie geeft 412."),
        "schema": { "type": "string" } })
}

pub(super) fn stale(what: &str) -> Value {
    problem(&format!("If-Match noemt niet de huidige versie van {what}. Er is niets gewijzigd."))
}

pub(super) fn id_param(description: &str) -> Value {
    json!({ "name": "id", "in": "path", "required": true, "description": description, "schema": { "type": "string", "maxLength": 64 } })
}

pub(super) fn request(schema: &str) -> Value {
    json!({ "required": true, "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } })
}

pub(super) fn op(id: &str, summary: &str, description: &str, tag: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("operationId".into(), json!(id));
    m.insert("summary".into(), json!(summary));
    m.insert("description".into(), json!(description));
    m.insert("tags".into(), json!([tag]));
    m
}

pub(super) fn with(mut m: Map<String, Value>, key: &str, v: Value) -> Map<String, Value> {
    m.insert(key.into(), v);
    m
}

const ZAAK: &str = "Zaken";
const PERSON_ID: &str = "Id van de persoon.";
const PIP_ID: &str = "Id van de PIP-versie.";

/// Adds the case-management paths, tag and schemas to `doc`.
pub fn extend(doc: &mut Value) {
    let created_person = {
        let mut v = body("De persoon is geregistreerd met een zaak in de fase aangemeld.", "PersonRef");
        v["headers"]["Location"] = json!({ "description": "Adres van de persoon.", "schema": { "type": "string" } });
        v
    };
    let created_pip = {
        let mut v = body("Het concept van de nieuwe PIP-versie.", "Pip");
        v["headers"]["Location"] = json!({ "description": "Adres van de PIP-versie.", "schema": { "type": "string" } });
        v
    };
    let pdf = json!({
        "description": "Het besluit als PDF/A: Nederlands, en dezelfde inhoud in de gevraagde taal.",
        "headers": { "API-Version": { "$ref": "#/components/headers/API-Version" } },
        "content": { "application/pdf": { "schema": { "type": "string", "format": "binary" } } }
    });
    let assigned = versioned("De persoon met de klantmanager zoals die nu is vastgelegd.", "Person", "de persoon");
    let mut assign_responses = responses(&[("200", assigned)], true, true);
    assign_responses["412"] = stale("de persoon");
    let if_match = if_match_param("de persoon");
    let paths = json!({
        "/persons/{id}/case-worker": { "put": with(with(with(op("assignCaseWorker", "Klantmanager toewijzen",
            "Wijst de klantmanager van een persoon toe, wijzigt of verwijdert die (null). Een teamleider mag dat voor de personen van zijn gemeenten; een klantmanager mag alleen een persoon zonder klantmanager van zijn eigen gemeente zelf oppakken. De nieuwe klantmanager moet een actief account hebben met de rol klantmanager voor de gemeente van de persoon. Dezelfde klantmanager nog eens toewijzen verandert niets. Komt in de geschiedenis van de zaak en in het auditlog.", "Personen"),
            "parameters", json!([id_param(PERSON_ID), if_match])), "requestBody", request("CaseWorkerAssignment")),
            "responses", assign_responses) },
        "/persons/{id}/household": { "get": with(with(op("getHousehold", "Huishouden van een persoon",
            "De andere leden van het huishouden, alleen zover ze binnen de gemeenten (en, voor COA, de AZC-fase) van de aanroeper vallen; andere leden ontbreken gewoon. Elke opvraging komt in het auditlog.", "Personen"),
            "parameters", json!([id_param(PERSON_ID)])),
            "responses", responses(&[("200", body("De leden die de aanroeper mag zien, op geboortejaar.", "Household"))], false, true)) },
        "/persons/_zoek": { "post": with(with(op("searchPersons", "Personen zoeken",
            "Zoekt op BSN (9 cijfers), V-nummer (10 cijfers), (een deel van) de naam in elke spelling en elke vastgelegde schrijfwijze (ook in Arabisch of Ge'ez schrift), of een geboortedatum (dd-mm-jjjj of jjjj-mm-dd, 00 voor een onbekende dag of maand, of alleen het jaar), eventueel met een naam erbij. Hoogstens 50 treffers, alleen in de gemeenten van de aanroeper. Elke zoekopdracht komt in het auditlog.", "Personen"),
            "requestBody", request("PersonSearch")),
            "responses", responses(&[("200", body("De gevonden personen, op naam.", "PersonSearchResult"))], true, false)) },
        "/koppelingen": { "post": with(with(op("createKoppeling", "Koppeling vastleggen",
            "Een koppeling door COA: registreert de persoon en opent de zaak. Dezelfde controles als bij een importbestand; een bekend V-nummer wordt geweigerd.", ZAAK),
            "requestBody", request("Koppeling")),
            "responses", responses(&[("201", created_person)], true, false)) },
        "/duo-signals": { "post": with(with(op("createDuoSignal", "Signaal van DUO verwerken",
            "Een kennisgeving (start de PIP-termijn) of een correctie (trekt de zaak in, met de reden; de geschiedenis blijft).", ZAAK),
            "requestBody", request("DuoSignal")),
            "responses", responses(&[("200", body("Het signaal is verwerkt.", "PersonRef"))], true, true)) },
        "/persons/{id}/intake": { "post": with(with(with(op("saveIntake", "Brede intake (deels) vastleggen",
            "Legt vast wat in een gesprek is besproken; velden die ontbreken blijven zoals ze waren.", ZAAK),
            "parameters", json!([id_param(PERSON_ID)])), "requestBody", request("IntakeInput")),
            "responses", responses(&[("204", empty("Opgeslagen."))], true, true)) },
        "/persons/{id}/intake/completion": { "post": with(with(op("completeIntake", "Brede intake afronden",
            "Rondt de intake af; geweigerd (409) zolang een onderwerp of de leerbaarheidstoets ontbreekt.", ZAAK),
            "parameters", json!([id_param(PERSON_ID)])),
            "responses", responses(&[("204", empty("Afgerond."))], false, true)) },
        "/persons/{id}/route-advice": { "get": with(with(op("getRouteAdvice", "Advies over de leerroute",
            "Het advies uit de intake, met elk feit dat eraan bijdroeg en de afweging van de onderwijsroute.", ZAAK),
            "parameters", json!([id_param(PERSON_ID)])),
            "responses", responses(&[("200", body("Het advies.", "RouteAdvice"))], false, true)) },
        "/persons/{id}/route-decisions": { "post": with(with(with(op("decideRoute", "Leerroute besluiten",
            "Het besluit over de leerroute. Wijkt het af van het advies, dan is een motivering verplicht; wordt de onderwijsroute niet gekozen, dan de reden daarvan.", ZAAK),
            "parameters", json!([id_param(PERSON_ID)])), "requestBody", request("RouteDecision")),
            "responses", responses(&[("201", body("Vastgelegd, met het advies waartegen het is getoetst.", "RouteDecisionResult"))], true, true)) },
        "/persons/{id}/pips": {
            "get": with(with(op("listPips", "PIP-versies opvragen", "Alle versies van het PIP, oudste eerst. Elke opvraging komt in het auditlog.", ZAAK),
                "parameters", json!([id_param(PERSON_ID)])),
                "responses", responses(&[("200", body("De versies.", "PipList"))], false, true)),
            "post": with(with(with(op("draftPip", "PIP opstellen",
                "Een eerste PIP (na intake en routebesluit) of een nieuwe versie van een vastgesteld PIP, met de reden (routewissel, afschalen, verhuizing, bijstelling).", ZAAK),
                "parameters", json!([id_param(PERSON_ID)])), "requestBody", request("PipDraft")),
                "responses", responses(&[("201", created_pip)], true, true))
        },
        "/pips/{id}": { "get": with(with(op("getPip", "Eén PIP-versie opvragen", "Elke opvraging komt in het auditlog.", ZAAK),
            "parameters", json!([id_param(PIP_ID)])),
            "responses", responses(&[("200", body("De versie.", "Pip"))], false, true)) },
        "/pips/{id}/submission": { "post": with(with(op("submitPip", "PIP ter controle aanbieden",
            "Biedt een volledig concept aan een teamleider aan.", ZAAK),
            "parameters", json!([id_param(PIP_ID)])),
            "responses", responses(&[("204", empty("Ter controle aangeboden."))], false, true)) },
        "/pips/{id}/establishment": { "post": with(with(op("establishPip", "PIP vaststellen",
            "Een teamleider, niet de opsteller, stelt het PIP vast als besluit met de dagtekening van vandaag; de bezwaartermijn loopt zes weken.", ZAAK),
            "parameters", json!([id_param(PIP_ID)])),
            "responses", responses(&[("200", body("De vastgestelde versie.", "Pip"))], false, true)) },
        "/pips/{id}/document": { "get": with(with(op("getPipDocument", "Het PIP-besluit als PDF",
            "Het besluit in het Nederlands met dezelfde inhoud in de gevraagde taal, als PDF/A. Een vastgestelde versie wordt bewaard zoals ze is uitgegeven.", ZAAK),
            "parameters", json!([id_param(PIP_ID), { "name": "lang", "in": "query", "required": false,
                "description": "Taal naast het Nederlands: nl, ar, ti, fa, prs, en, tr, so of uk.",
                "schema": { "type": "string", "enum": ["nl", "ar", "ti", "fa", "prs", "en", "tr", "so", "uk"], "default": "nl" } }])),
            "responses", responses(&[("200", pdf)], false, true)) },
        "/persons/{id}/duplicates": { "get": with(with(op("listDuplicates", "Mogelijke dubbele registraties",
            "Andere registraties in de gemeenten van de aanroeper met hetzelfde V-nummer of BSN, of dezelfde naam (in elke spelling) met een passende geboortedatum.", ZAAK),
            "parameters", json!([id_param(PERSON_ID)])),
            "responses", responses(&[("200", body("De mogelijke dubbelen.", "DuplicateList"))], false, true)) },
        "/persons/{id}/merges": { "post": with(with(with(op("mergeDuplicate", "Dubbele registratie samenvoegen",
            "Voegt een herkende dubbele registratie samen met deze persoon, met een reden. De dubbele registratie wordt gesloten en houdt haar geschiedenis.", ZAAK),
            "parameters", json!([id_param(PERSON_ID)])), "requestBody", request("Merge")),
            "responses", responses(&[("204", empty("Samengevoegd."))], true, true)) },
        "/worklist": { "get": with(with(op("getWorklist", "Werkvoorraad",
            "De open zaken van de aanroeper (of van het team van een teamleider), de meest urgente termijn eerst. Alleen voor ingelogde medewerkers, niet voor systeemtokens.", ZAAK),
            "parameters", json!([{ "name": "scope", "in": "query", "required": false, "description": "own (eigen zaken) of team.",
                "schema": { "type": "string", "enum": ["own", "team"], "default": "own" } },
                { "name": "page", "in": "query", "required": false, "description": "Paginanummer, vanaf 1.", "schema": { "type": "integer", "minimum": 1, "maximum": 100000, "default": 1 } },
                { "name": "pageSize", "in": "query", "required": false, "description": "Aantal zaken per pagina.", "schema": { "type": "integer", "minimum": 1, "maximum": 100, "default": 25 } }])),
            "responses", responses(&[("200", body("De werkvoorraad.", "Worklist"))], false, false)) }
    });
    let text = || json!({ "type": "string" });
    let opt_text = || json!({ "type": "string", "nullable": true });
    let schemas = json!({
        "PersonSearch": { "type": "object", "additionalProperties": false, "required": ["query"], "properties": { "query": { "type": "string", "description": "BSN, V-nummer of naam." } } },
        "PersonSearchResult": { "type": "object", "required": ["items"], "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Person" } } } },
        "Duplicate": {
            "type": "object", "required": ["id", "vNummer", "familyName", "givenNames", "birthYear", "birthMonth", "birthDay", "municipalityCode"],
            "properties": {
                "id": text(), "vNummer": opt_text(), "familyName": text(), "givenNames": text(),
                "birthYear": { "type": "integer" }, "birthMonth": { "type": "integer", "nullable": true }, "birthDay": { "type": "integer", "nullable": true },
                "municipalityCode": text()
            }
        },
        "DuplicateList": { "type": "object", "required": ["items"], "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Duplicate" } } } },
        "Merge": { "type": "object", "additionalProperties": false, "required": ["duplicateId", "reason"], "properties": { "duplicateId": text(), "reason": text() } },
        "PersonRef": { "type": "object", "required": ["personId"], "properties": { "personId": text() } },
        "Koppeling": {
            "type": "object", "additionalProperties": false,
            "required": ["vNummer", "familyName", "birthYear", "gender", "nationality", "language", "municipalityCode", "koppelingDate", "householdNumber"],
            "properties": {
                "vNummer": text(), "familyName": text(), "givenNames": text(),
                "birthYear": { "type": "integer" },
                "birthMonth": { "type": "integer", "nullable": true, "description": "Null als de maand onbekend is." },
                "birthDay": { "type": "integer", "nullable": true, "description": "Null als de dag onbekend is." },
                "gender": { "type": "string", "description": "M, V of X (onbekend)." },
                "nationality": text(), "language": text(),
                "municipalityCode": { "type": "string", "description": "CBS-code, zoals GM0361." },
                "koppelingDate": { "type": "string", "format": "date" },
                "householdNumber": text(),
                "profile": {
                    "type": "object", "additionalProperties": false,
                    "properties": {
                        "education": text(), "workExperience": text(), "otherLanguages": text(), "limitations": text(),
                        "bsn": text(), "countryOfBirth": text(), "phone": text(), "email": text(), "azc": text()
                    }
                }
            }
        },
        "DuoSignal": {
            "type": "object", "additionalProperties": false, "required": ["kind", "vNummer"],
            "properties": {
                "kind": { "type": "string", "enum": ["kennisgeving", "correctie"] },
                "vNummer": text(),
                "date": { "type": "string", "format": "date", "description": "Datum van de kennisgeving." },
                "reason": { "type": "string", "description": "Reden van de correctie." }
            }
        },
        "TopicInput": {
            "type": "object", "additionalProperties": false, "required": ["topic", "assessment", "source"],
            "properties": {
                "topic": { "type": "string", "description": "Een van de 13 onderwerpen, zoals opleiding of sociaal_netwerk." },
                "assessment": { "type": "string", "description": "Een antwoord dat bij het onderwerp hoort." },
                "notes": text(),
                "source": { "type": "string", "enum": ["persoon", "coa", "toets", "document"] }
            }
        },
        "IntakeInput": {
            "type": "object", "additionalProperties": false,
            "properties": {
                "topics": { "type": "array", "items": { "$ref": "#/components/schemas/TopicInput" } },
                "lbtDate": { "type": "string", "format": "date", "nullable": true }, "lbtScore": { "type": "integer", "nullable": true },
                "lbtExemption": { "type": "string", "nullable": true, "description": "visual of hearing." },
                "levelReading": opt_text(), "levelListening": opt_text(), "levelWriting": opt_text(), "levelSpeaking": opt_text(),
                "vveInformed": { "type": "boolean", "nullable": true },
                "soloInterviewOffered": { "type": "boolean", "nullable": true }
            }
        },
        "RouteAdvice": {
            "type": "object", "required": ["route", "reasons", "onderwijsrouteFits", "onderwijsrouteReason"],
            "properties": {
                "route": { "type": "string", "nullable": true, "enum": ["b1", "onderwijsroute", "z_route", null] },
                "reasons": { "type": "array", "items": { "type": "object", "required": ["fact", "effect"], "properties": { "fact": text(), "effect": text() } } },
                "onderwijsrouteFits": { "type": "boolean" },
                "onderwijsrouteReason": text()
            }
        },
        "RouteDecision": {
            "type": "object", "additionalProperties": false, "required": ["route"],
            "properties": {
                "route": { "type": "string", "enum": ["b1", "onderwijsroute", "z_route"] },
                "grounds": text(), "onderwijsrouteReason": text()
            }
        },
        "RouteDecisionResult": { "type": "object", "required": ["advice"], "properties": { "advice": { "$ref": "#/components/schemas/RouteAdvice" } } },
        "PipAction": { "type": "object", "additionalProperties": false, "required": ["who", "what", "byWhen"], "properties": { "who": text(), "what": text(), "byWhen": text() } },
        "PipGoal": {
            "type": "object", "additionalProperties": false, "required": ["lifeDomain", "goal"],
            "properties": { "lifeDomain": text(), "goal": text(), "actions": { "type": "array", "items": { "$ref": "#/components/schemas/PipAction" } } }
        },
        "PipComponent": { "type": "object", "additionalProperties": false, "required": ["code", "intensity"], "properties": { "code": { "type": "string", "enum": ["taal", "map", "knm", "pvt"] }, "intensity": text() } },
        "PipContent": {
            "type": "object", "additionalProperties": false, "required": ["languageTarget"],
            "properties": {
                "languageTarget": { "type": "string", "description": "A1, A2, B1 of B2 (leeg in een eerste concept)." },
                "components": { "type": "array", "items": { "$ref": "#/components/schemas/PipComponent" } },
                "goals": { "type": "array", "items": { "$ref": "#/components/schemas/PipGoal" } },
                "preconditions": { "type": "array", "items": text() },
                "ontzorging": text(), "progressInterviews": text(), "personView": text(),
                "personAgrees": { "type": "boolean" }
            }
        },
        "PipChange": {
            "type": "object", "additionalProperties": false, "required": ["kind", "reason"],
            "properties": {
                "kind": { "type": "string", "enum": ["routewissel", "afschalen", "verhuizing", "bijstelling"] },
                "reason": text(),
                "toRoute": { "type": "string", "nullable": true, "enum": ["b1", "onderwijsroute", "z_route", null] },
                "effortSufficient": { "type": "boolean", "description": "Bij afschalen: de inspanning is voldoende beoordeeld. De lesuren bij een school met keurmerk komen uit de urenopgaven." }
            }
        },
        "PipDraft": {
            "type": "object", "additionalProperties": false, "required": ["content"],
            "properties": { "content": { "$ref": "#/components/schemas/PipContent" }, "change": { "allOf": [{ "$ref": "#/components/schemas/PipChange" }], "nullable": true } }
        },
        "Pip": {
            "type": "object",
            "required": ["id", "personId", "version", "status", "route", "languageTarget", "reasonKind", "reason", "dagtekening", "objectionUntil", "content"],
            "properties": {
                "id": text(), "personId": text(), "version": { "type": "integer" },
                "status": { "type": "string", "enum": ["concept", "ter_controle", "vastgesteld", "vervangen", "vervallen"] },
                "route": text(), "languageTarget": text(), "reasonKind": text(), "reason": text(),
                "dagtekening": { "type": "string", "format": "date", "nullable": true },
                "objectionUntil": { "type": "string", "format": "date", "nullable": true },
                "content": { "$ref": "#/components/schemas/PipContent" }
            }
        },
        "PipList": { "type": "object", "required": ["items"], "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Pip" } } } },
        "WorklistItem": {
            "type": "object", "required": ["personId", "name", "municipalityCode", "caseWorker", "stage", "nextDue", "nextDueKind", "signal"],
            "properties": {
                "personId": text(), "name": text(), "municipalityCode": text(),
                "caseWorker": { "type": "string", "nullable": true, "description": "Naam van de klantmanager; null voor een zaak van het team zonder klantmanager." },
                "stage": text(),
                "nextDue": { "type": "string", "format": "date", "nullable": true },
                "nextDueKind": text(),
                "signal": { "type": "string", "nullable": true, "enum": ["overdue", "due_soon", "later", null] }
            }
        },
        "Worklist": {
            "type": "object", "required": ["items", "page", "pageSize", "total", "links", "overdue", "dueSoon"],
            "properties": {
                "items": { "type": "array", "items": { "$ref": "#/components/schemas/WorklistItem" } },
                "page": { "type": "integer" }, "pageSize": { "type": "integer" },
                "total": { "type": "integer", "description": "Alle open zaken op de werkvoorraad, over alle pagina's." },
                "links": { "$ref": "#/components/schemas/PageLinks" },
                "overdue": { "type": "integer" }, "dueSoon": { "type": "integer" }
            }
        },
        "CaseWorkerAssignment": {
            "type": "object", "additionalProperties": false, "required": ["caseWorkerId"],
            "properties": { "caseWorkerId": { "type": "integer", "nullable": true, "description": "Id van de medewerker; null voor geen klantmanager." } }
        },
        "CaseWorker": {
            "type": "object", "required": ["id", "name", "team"],
            "properties": { "id": { "type": "integer" }, "name": text(), "team": { "type": "string", "nullable": true, "description": "Het team van de klantmanager, als die in een team zit." } }
        },
        "HouseholdMember": {
            "type": "object", "required": ["id", "familyName", "givenNames", "birthYear", "birthMonth", "birthDay", "birthDate", "municipalityCode", "status"],
            "properties": {
                "id": text(), "familyName": text(), "givenNames": text(),
                "birthYear": { "type": "integer" },
                "birthMonth": { "type": "integer", "nullable": true, "description": "Null als de maand onbekend is." },
                "birthDay": { "type": "integer", "nullable": true, "description": "Null als de dag onbekend is." },
                "birthDate": { "type": "string", "format": "date", "nullable": true, "description": "Null als de dag of maand onbekend is." },
                "municipalityCode": text(), "status": text()
            }
        },
        "Household": { "type": "object", "required": ["items"], "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/HouseholdMember" } } } },
        "Deadlines": {
            "type": "object", "required": ["pipDue", "termijnStart", "termijnEnd"],
            "description": "De termijnen van de zaak; null zolang de feiten die ze starten onbekend zijn.",
            "properties": {
                "pipDue": { "type": "string", "format": "date", "nullable": true },
                "termijnStart": { "type": "string", "format": "date", "nullable": true },
                "termijnEnd": { "type": "string", "format": "date", "nullable": true }
            }
        }
    });
    if let (Some(target), Value::Object(new)) = (doc["paths"].as_object_mut(), paths) {
        target.extend(new);
    }
    if let (Some(target), Value::Object(new)) = (doc["components"]["schemas"].as_object_mut(), schemas) {
        target.extend(new);
    }
    if let Some(props) = doc["components"]["schemas"]["Person"]["properties"].as_object_mut() {
        props.insert(
            "stage".into(),
            json!({ "type": "string", "description": "Fase van de zaak (alleen bij één persoon)." }),
        );
        props.insert("deadlines".into(), json!({ "$ref": "#/components/schemas/Deadlines" }));
        props.insert(
            "caseWorker".into(),
            json!({ "allOf": [{ "$ref": "#/components/schemas/CaseWorker" }], "nullable": true,
                "description": "De klantmanager met zijn team (alleen bij één persoon); null zolang er geen is." }),
        );
        props.insert(
            "team".into(),
            json!({ "type": "string", "nullable": true,
                "description": "Het team dat de zaak heeft (alleen bij één persoon): het team van de laatst toegewezen klantmanager, ook als de teamleider de klantmanager weer weghaalt; null zolang er geen is." }),
        );
    }
    if let Some(tags) = doc["tags"].as_array_mut() {
        tags.push(json!({ "name": ZAAK, "description": "Zaken van inburgeringsplichtigen: koppeling, intake, leerroute, PIP en werkvoorraad." }));
    }
}
