//! The ontzorging part of the OpenAPI document: plans, payment runs and the monthly report.

use super::openapi_cases::{body, empty, id_param, if_match_param, op, request, responses, stale, versioned, with};
use serde_json::{json, Value};

const TAG: &str = "Ontzorgen";
const PLAN_ID: &str = "Id van het plan.";
const RUN_ID: &str = "Id van de betaalrun.";

fn month_query(required: bool) -> Value {
    json!({ "name": "month", "in": "query", "required": required, "description": "Maand als jaar-maand, zoals 2026-11.",
        "schema": { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$" } })
}

fn cost_param() -> Value {
    json!({ "name": "costId", "in": "path", "required": true, "description": "Id van de vaste last (de huidige versie).",
        "schema": { "type": "string", "maxLength": 20 } })
}

/// Adds the ontzorging paths, tag and schemas to `doc`.
pub fn extend(doc: &mut Value) {
    let mut details_responses =
        responses(&[("200", versioned("Het gewijzigde plan.", "OntzorgingPlan", "het plan"))], true, true);
    details_responses["412"] = stale("het plan");
    let located = |description: &str, schema: &str| {
        let mut v = body(description, schema);
        v["headers"]["Location"] =
            json!({ "description": "Adres van het aangemaakte.", "schema": { "type": "string" } });
        v
    };
    let xml = json!({
        "description": "Het SEPA-bestand (pain.001.001.03), elke keer dezelfde bytes als bij de goedkeuring vastgelegd.",
        "headers": { "API-Version": { "$ref": "#/components/headers/API-Version" } },
        "content": { "application/xml": { "schema": { "type": "string" } } }
    });
    let paths = json!({
        "/ontzorging-plans": {
            "get": with(with(op("listOntzorgingPlans", "Plannen voor ontzorgen",
                "De plannen in de gemeenten van de aanroeper, nieuwste ingangsdatum eerst, 50 per pagina, met hun signalen. Elke opvraging komt in het auditlog.", TAG),
                "parameters", json!([
                    { "name": "status", "in": "query", "required": false, "description": "Alleen plannen met deze status.",
                      "schema": { "type": "string", "enum": ["concept", "actief", "afgesloten", "gestopt"] } },
                    { "name": "page", "in": "query", "required": false, "description": "Paginanummer, vanaf 1.",
                      "schema": { "type": "integer", "minimum": 1, "maximum": 100000, "default": 1 } }
                ])),
                "responses", responses(&[("200", body("De plannen.", "OntzorgingPlanList"))], false, false)),
            "post": with(with(op("createOntzorgingPlan", "Plan voor ontzorgen starten",
                "Start een plan (in voorbereiding) voor het huishouden van een asielstatushouder met bijstand. Eén lopend plan per huishouden.", TAG),
                "requestBody", request("NewOntzorgingPlan")),
                "responses", responses(&[("201", located("Het nieuwe plan.", "OntzorgingPlan"))], true, true))
        },
        "/ontzorging-plans/{id}": { "get": with(with(op("getOntzorgingPlan", "Eén plan",
            "Het plan met vaste lasten, documenten, signalen en per maand wat het betaalt. Elke opvraging komt in het auditlog.", TAG),
            "parameters", json!([id_param(PLAN_ID)])),
            "responses", responses(&[("200", versioned("Het plan.", "OntzorgingPlan", "het plan"))], false, true)) },
        "/ontzorging-plans/{id}/costs": { "post": with(with(with(op("addOntzorgingCost", "Vaste last toevoegen",
            "Een vaste last met schuldeiser, IBAN, kenmerk, bedrag en periode, vanaf een maand die nog niet betaald is.", TAG),
            "parameters", json!([id_param(PLAN_ID)])), "requestBody", request("OntzorgingCost")),
            "responses", responses(&[("201", body("Toegevoegd.", "CostRef"))], true, true)) },
        "/ontzorging-plans/{id}/machtiging": { "post": with(with(with(op("recordMachtiging", "Getekende machtiging vastleggen",
            "De getekende machtiging met het document (PDF, PNG of JPEG, hoogstens 5 MB). Zonder machtiging wordt niets betaald.", TAG),
            "parameters", json!([id_param(PLAN_ID)])), "requestBody", request("Machtiging")),
            "responses", responses(&[("201", body("Vastgelegd.", "DocumentRef"))], true, true)) },
        "/ontzorging-plans/{id}/activation": { "post": with(with(op("activateOntzorgingPlan", "Plan activeren",
            "Activeert het plan; geweigerd (409) zonder getekende machtiging, zonder vaste lasten, of zonder reden voor maatwerk.", TAG),
            "parameters", json!([id_param(PLAN_ID)])),
            "responses", responses(&[("200", body("Het actieve plan.", "OntzorgingPlan"))], false, true)) },
        "/ontzorging-plans/{id}/priority-order": { "post": with(with(with(op("decideOntzorgingOrder", "Volgorde bij tekort besluiten",
            "Welke schuldeisers eerst worden betaald als de uitkering niet alle vaste lasten dekt: elke huidige vaste last precies één keer.", TAG),
            "parameters", json!([id_param(PLAN_ID)])), "requestBody", request("PriorityOrder")),
            "responses", responses(&[("204", empty("Besloten."))], true, true)) },
        "/ontzorging-plans/{id}/details": { "post": with(with(with(op("updateOntzorgingPlanDetails", "Gegevens van een plan wijzigen",
            "Huishoudtype, rekening voor het restant, duur (een verlenging of verkorting met reden) en maatwerk. Een plan eindigt nooit voor een maand die al betaald is.", TAG),
            "parameters", json!([id_param(PLAN_ID), if_match_param("het plan")])), "requestBody", request("OntzorgingPlanDetails")),
            "responses", details_responses) },
        "/ontzorging-plans/{id}/costs/{costId}/changes": { "post": with(with(with(op("changeOntzorgingCost", "Vaste last wijzigen",
            "Een nieuwe versie van een vaste last vanaf een maand die nog niet betaald is; de oude versie loopt tot de maand ervoor.", TAG),
            "parameters", json!([id_param(PLAN_ID), cost_param()])), "requestBody", request("OntzorgingCost")),
            "responses", responses(&[("201", body("De nieuwe versie.", "CostRef"))], true, true)) },
        "/ontzorging-plans/{id}/costs/{costId}/termination": { "post": with(with(with(op("endOntzorgingCost", "Vaste last beëindigen",
            "Vanaf de gegeven maand wordt deze vaste last niet meer betaald (de inburgeraar betaalt zelf, of het contract is afgelopen).", TAG),
            "parameters", json!([id_param(PLAN_ID), cost_param()])), "requestBody", request("OntzorgingCostEnd")),
            "responses", responses(&[("204", empty("Beëindigd."))], true, true)) },
        "/ontzorging-plans/{id}/handover": { "post": with(with(with(op("planOntzorgingHandover", "Overdracht plannen",
            "Datum van het overdrachtsgesprek, afspraken, training in financiële zelfredzaamheid en budgetcoaching.", TAG),
            "parameters", json!([id_param(PLAN_ID)])), "requestBody", request("OntzorgingHandover")),
            "responses", responses(&[("200", body("Het plan.", "OntzorgingPlan"))], true, true)) },
        "/ontzorging-plans/{id}/termination": { "post": with(with(with(op("stopOntzorgingPlan", "Plan tussentijds stoppen",
            "Stopt het plan met een reden (bijvoorbeeld: de bijstand is beëindigd); betaald wordt tot en met de laatste dag, naar rato.", TAG),
            "parameters", json!([id_param(PLAN_ID)])), "requestBody", request("OntzorgingStop")),
            "responses", responses(&[("200", body("Het gestopte plan.", "OntzorgingPlan"))], true, true)) },
        "/ontzorging-plans/{id}/closure": { "post": with(with(op("closeOntzorgingPlan", "Plan afsluiten",
            "Sluit een actief plan af als de laatste maand voorbij is: de brief aan de inburgeraar (in de eigen taal) en aan elke schuldeiser worden gemaakt en bij het plan bewaard.", TAG),
            "parameters", json!([id_param(PLAN_ID)])),
            "responses", responses(&[("200", body("Het afgesloten plan.", "OntzorgingPlan"))], false, true)) },
        "/payment-runs": {
            "get": with(with(op("listPaymentRuns", "Betaalruns",
                "De betaalruns over de gemeenten van de aanroeper, nieuwste eerst.", TAG),
                "parameters", json!([month_query(false)])),
                "responses", responses(&[("200", body("De betaalruns.", "PaymentRunList"))], false, false)),
            "post": with(with(op("draftPaymentRun", "Betaalrun opstellen",
                "Stelt de betaalrun van een maand op voor de gemeenten van de aanroeper. Bestaat die al, dan komt dezelfde run terug (200); een run die andere gemeenten overlapt geeft 409. Nooit een tweede run. Een maand in de toekomst wordt geweigerd.", TAG),
                "requestBody", request("PaymentRunDraft")),
                "responses", responses(&[
                    ("201", located("De nieuwe betaalrun.", "PaymentRun")),
                    ("200", body("De betaalrun die al bestond.", "PaymentRun"))
                ], true, true))
        },
        "/payment-runs/{id}": { "get": with(with(op("getPaymentRun", "Eén betaalrun",
            "Status, totalen, één regel per betaling en de signalen. Elke opvraging komt in het auditlog.", TAG),
            "parameters", json!([id_param(RUN_ID)])),
            "responses", responses(&[("200", body("De betaalrun.", "PaymentRunDetail"))], false, true)) },
        "/payment-runs/{id}/approval": { "post": with(with(op("approvePaymentRun", "Betaalrun goedkeuren",
            "Een andere medewerker van financiën dan de opsteller keurt goed (vier ogen); elke regel wordt geboekt en het SEPA-bestand vastgelegd. Nogmaals goedkeuren geeft dezelfde run.", TAG),
            "parameters", json!([id_param(RUN_ID)])),
            "responses", responses(&[("200", body("De goedgekeurde run.", "PaymentRun"))], false, true)) },
        "/payment-runs/{id}/rejection": { "post": with(with(with(op("rejectPaymentRun", "Betaalrun afwijzen",
            "Wijst een concept af met een reden; de maand is daarna vrij voor een nieuwe run.", TAG),
            "parameters", json!([id_param(RUN_ID)])), "requestBody", request("Rejection")),
            "responses", responses(&[("200", body("De afgewezen run.", "PaymentRun"))], true, true)) },
        "/payment-runs/{id}/sepa": { "get": with(with(op("getPaymentRunSepa", "SEPA-bestand van een betaalrun",
            "Het overboekingsbestand voor de bank; pas na goedkeuring (anders 409).", TAG),
            "parameters", json!([id_param(RUN_ID)])),
            "responses", responses(&[("200", xml)], false, true)) },
        "/payment-runs/{id}/lines/{lineId}/reversal": { "post": with(with(with(op("reversePaymentLine", "Betaling terugboeken (storno)",
            "Boekt één betaalde regel van een goedgekeurde run terug met een reden, als nieuwe boeking in het grootboek; een regel hoogstens één keer.", TAG),
            "parameters", json!([id_param(RUN_ID), { "name": "lineId", "in": "path", "required": true, "description": "Id van de betaalregel.", "schema": { "type": "string", "maxLength": 20 } }])),
            "requestBody", request("Rejection")),
            "responses", responses(&[("204", empty("Teruggeboekt."))], true, true)) },
        "/ontzorging-reports": { "get": with(with(op("getOntzorgingReport", "Maandrapportage ontzorgen",
            "Per gemeente: huishoudens, bedragen per kostensoort, restanten en signalen, voor de gevraagde maand (standaard de huidige). Alleen goedgekeurde runs tellen als betaald.", TAG),
            "parameters", json!([month_query(false)])),
            "responses", responses(&[("200", body("De rapportage.", "OntzorgingReport"))], false, false)) }
    });
    let text = || json!({ "type": "string" });
    let opt_text = || json!({ "type": "string", "nullable": true });
    let date = || json!({ "type": "string", "format": "date" });
    let opt_date = || json!({ "type": "string", "format": "date", "nullable": true });
    let money = || json!({ "type": "string", "description": "Bedrag in euro's met twee decimalen, zoals 650.00." });
    let schemas = json!({
        "NewOntzorgingPlan": {
            "type": "object", "additionalProperties": false, "required": ["personId", "householdType", "benefitStart", "payeeIban"],
            "properties": {
                "personId": text(),
                "householdType": { "type": "string", "enum": ["alleenstaand", "alleenstaande_ouder", "gehuwd", "alleenstaand_jonger_dan_21", "alleenstaande_ouder_jonger_dan_21", "gehuwd_beiden_jonger_dan_21"] },
                "benefitStart": { "type": "string", "description": "Ingangsdatum van de bijstand (jjjj-mm-dd of dd-mm-jjjj)." },
                "months": { "type": "integer", "minimum": 1, "maximum": 24, "nullable": true, "description": "Standaard 6." },
                "monthsReason": text(),
                "payeeIban": { "type": "string", "description": "Rekening van de inburgeraar voor het restant." }
            }
        },
        "OntzorgingCost": {
            "type": "object", "additionalProperties": false, "required": ["costType", "creditorName", "creditorIban", "amount", "fromMonth"],
            "properties": {
                "costType": { "type": "string", "description": "Code uit de lijst van kostensoorten, zoals huur of zorgverzekering." },
                "creditorName": text(), "creditorIban": text(), "reference": text(),
                "amount": { "type": "string", "description": "Bedrag, zoals 650,00 of 650.00." },
                "period": { "type": "string", "enum": ["maand", "kwartaal", "jaar"], "default": "maand" },
                "fromMonth": { "type": "string", "description": "Eerste maand, jjjj-mm." }
            }
        },
        "Machtiging": {
            "type": "object", "additionalProperties": false, "required": ["signedOn", "documentName", "contentType", "documentBase64"],
            "properties": {
                "signedOn": { "type": "string", "description": "Datum van ondertekening." },
                "documentName": text(),
                "contentType": { "type": "string", "enum": ["application/pdf", "image/png", "image/jpeg"] },
                "documentBase64": { "type": "string", "description": "Het document, base64." }
            }
        },
        "PriorityOrder": {
            "type": "object", "additionalProperties": false, "required": ["order"],
            "properties": { "order": { "type": "array", "items": { "type": "integer" }, "description": "Ids van de huidige vaste lasten, eerst betaald eerst." } }
        },
        "OntzorgingPlanDetails": {
            "type": "object", "additionalProperties": false, "required": ["householdType", "payeeIban", "months"],
            "properties": {
                "householdType": { "type": "string", "enum": ["alleenstaand", "alleenstaande_ouder", "gehuwd", "alleenstaand_jonger_dan_21", "alleenstaande_ouder_jonger_dan_21", "gehuwd_beiden_jonger_dan_21"] },
                "payeeIban": text(),
                "months": { "type": "integer", "minimum": 1, "maximum": 24 },
                "monthsReason": { "type": "string", "description": "Verplicht als de duur afwijkt van de standaard." },
                "tailoringReason": text(), "training": text(), "budgetCoaching": { "type": "boolean" }
            }
        },
        "OntzorgingCostEnd": {
            "type": "object", "additionalProperties": false, "required": ["fromMonth"],
            "properties": { "fromMonth": { "type": "string", "description": "Eerste maand zonder deze vaste last, jjjj-mm." } }
        },
        "OntzorgingHandover": {
            "type": "object", "additionalProperties": false, "required": ["plannedOn"],
            "properties": { "plannedOn": { "type": "string", "description": "Datum van het overdrachtsgesprek." }, "notes": text(), "training": text(), "budgetCoaching": { "type": "boolean" } }
        },
        "OntzorgingStop": {
            "type": "object", "additionalProperties": false, "required": ["lastDay", "reason"],
            "properties": { "lastDay": { "type": "string", "description": "Laatste dag waarover nog wordt betaald." }, "reason": text() }
        },
        "CostRef": { "type": "object", "required": ["costId"], "properties": { "costId": { "type": "integer" } } },
        "DocumentRef": { "type": "object", "required": ["documentId"], "properties": { "documentId": { "type": "integer" } } },
        "PlanSignal": { "type": "object", "required": ["code", "text"], "properties": { "code": text(), "text": text() } },
        "OntzorgingPlanSummary": {
            "type": "object", "required": ["id", "personId", "personName", "municipalityCode", "status", "benefitStart", "end", "signals"],
            "properties": {
                "id": text(), "personId": text(), "personName": text(), "municipalityCode": text(), "status": text(),
                "benefitStart": date(), "end": date(), "signals": { "type": "array", "items": text() }
            }
        },
        "OntzorgingPlanList": {
            "type": "object", "required": ["items", "page", "hasNext"],
            "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/OntzorgingPlanSummary" } }, "page": { "type": "integer" }, "hasNext": { "type": "boolean" } }
        },
        "OntzorgingPlan": {
            "type": "object",
            "required": ["id", "personId", "municipalityCode", "householdType", "status", "benefitStart", "end", "months", "payeeName", "payeeIban", "machtigingSignedOn", "priorityDecided", "version", "signals", "costs", "documents", "schedule"],
            "properties": {
                "id": text(), "personId": text(), "municipalityCode": text(), "householdType": text(),
                "status": { "type": "string", "enum": ["concept", "actief", "afgesloten", "gestopt"] },
                "benefitStart": date(), "end": date(), "months": { "type": "integer" }, "monthsReason": text(), "tailoringReason": text(),
                "payeeName": text(), "payeeIban": text(), "machtigingSignedOn": opt_date(), "priorityDecided": { "type": "boolean" },
                "training": text(), "budgetCoaching": { "type": "boolean" }, "handoverPlannedOn": opt_date(), "closedOn": opt_date(),
                "stopReason": opt_text(), "version": { "type": "integer" },
                "signals": { "type": "array", "items": { "$ref": "#/components/schemas/PlanSignal" } },
                "costs": { "type": "array", "items": { "type": "object", "required": ["id", "costType", "creditorName", "creditorIban", "amount", "period", "fromMonth"],
                    "properties": { "id": { "type": "integer" }, "costType": text(), "creditorName": text(), "creditorIban": text(), "reference": text(),
                        "amount": money(), "period": text(), "fromMonth": text(), "untilMonth": opt_text(), "priority": { "type": "integer", "nullable": true } } } },
                "documents": { "type": "array", "items": { "type": "object", "required": ["id", "kind", "name", "contentType", "sha256"],
                    "properties": { "id": { "type": "integer" }, "kind": text(), "name": text(), "contentType": text(), "sha256": text() } } },
                "schedule": { "type": "array", "items": { "type": "object", "required": ["month", "outcome"],
                    "properties": { "month": text(), "outcome": { "type": "string", "enum": ["betaald", "betaald_in_volgorde", "tekort_besluit_nodig", "niet_actief", "geen_norm"] },
                        "days": { "type": "integer" }, "daysInMonth": { "type": "integer" }, "benefit": money(), "costs": money(), "remainder": money(),
                        "creditors": { "type": "array", "items": { "type": "object", "properties": { "costId": { "type": "integer" }, "amount": money() } } } } } }
            }
        },
        "PaymentRunDraft": { "type": "object", "additionalProperties": false, "required": ["month"], "properties": { "month": { "type": "string", "description": "jjjj-mm" } } },
        "Rejection": { "type": "object", "additionalProperties": false, "required": ["reason"], "properties": { "reason": text() } },
        "PaymentRun": {
            "type": "object",
            "required": ["id", "month", "municipalityCodes", "status", "draftedBy", "draftedAt", "decidedBy", "decidedAt", "rejectionReason", "planCount", "lineCount", "total", "toCreditors", "toPersons", "signalCount", "messageId"],
            "properties": {
                "id": text(), "month": text(), "municipalityCodes": { "type": "array", "items": text() },
                "status": { "type": "string", "enum": ["concept", "goedgekeurd", "verworpen"] },
                "draftedBy": text(), "draftedAt": { "type": "string", "format": "date-time" },
                "decidedBy": opt_text(), "decidedAt": { "type": "string", "format": "date-time", "nullable": true },
                "rejectionReason": opt_text(), "planCount": { "type": "integer" }, "lineCount": { "type": "integer" },
                "total": money(), "toCreditors": money(), "toPersons": money(), "signalCount": { "type": "integer" }, "messageId": text()
            }
        },
        "PaymentRunList": { "type": "object", "required": ["items"], "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/PaymentRun" } } } },
        "PaymentRunDetail": {
            "allOf": [{ "$ref": "#/components/schemas/PaymentRun" }, { "type": "object", "required": ["lines", "signals", "reversedLineIds"], "properties": {
                "reversedLineIds": { "type": "array", "items": { "type": "integer" }, "description": "Regels die met een storno zijn teruggeboekt." },
                "lines": { "type": "array", "items": { "type": "object",
                    "required": ["id", "planId", "municipalityCode", "kind", "costType", "payeeName", "payeeIban", "reference", "amount", "days", "daysInMonth", "endToEndId"],
                    "properties": { "id": { "type": "integer" }, "planId": text(), "municipalityCode": text(),
                        "kind": { "type": "string", "enum": ["schuldeiser", "inburgeraar"] }, "costType": opt_text(),
                        "payeeName": text(), "payeeIban": text(), "reference": text(), "amount": money(),
                        "days": { "type": "integer" }, "daysInMonth": { "type": "integer" }, "endToEndId": text() } } },
                "signals": { "type": "array", "items": { "type": "object", "required": ["planId", "code", "detail", "amount"],
                    "properties": { "planId": text(), "code": text(), "detail": text(), "amount": money() } } }
            } }]
        },
        "OntzorgingReport": {
            "type": "object", "required": ["month", "items"],
            "properties": { "month": text(), "items": { "type": "array", "items": { "type": "object",
                "required": ["municipalityCode", "municipalityName", "households", "perCostType", "toCreditors", "toPersons", "signals"],
                "properties": { "municipalityCode": text(), "municipalityName": text(), "households": { "type": "integer" },
                    "perCostType": { "type": "object", "additionalProperties": money() }, "toCreditors": money(), "toPersons": money(),
                    "signals": { "type": "object", "additionalProperties": { "type": "integer" } } } } } }
        }
    });
    if let (Some(target), Value::Object(new)) = (doc["paths"].as_object_mut(), paths) {
        target.extend(new);
    }
    if let (Some(target), Value::Object(new)) = (doc["components"]["schemas"].as_object_mut(), schemas) {
        target.extend(new);
    }
    if let Some(tags) = doc["tags"].as_array_mut() {
        tags.push(json!({ "name": TAG, "description": "Ontzorgen (art. 56a Participatiewet): plannen, betaalruns met vier ogen, SEPA-bestanden en rapportage." }));
    }
}
