//! The ontzorging API end to end: a plan from its start through cost changes, an extension, the
//! handover and an early stop; a storno of a paid line; bad input answered with problem+json
//! that changes nothing; and none of it reachable from Heiloo.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use regie_domain::ontzorging::Month;
use serde_json::json;

const PROBLEM: &str = "application/problem+json";

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// An Alkmaar household of an asielstatushouder without a plan: its person's id.
fn person_without_plan(app: &TestApp) -> String {
    app.services
        .store
        .read(|c| regie_store::ontzorging::households_without_plan(c, &["GM0361".into()], 1))
        .expect("households")
        .pop()
        .expect("a household without a plan")
        .0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_from_start_to_an_early_stop_through_the_api() {
    let app = TestApp::new();
    let mut km = app.api("klantmanager", &["GM0361"]);
    let this_month = Month::of(today());
    let r = km
        .post_json(
            "/api/v1/ontzorging-plans",
            &json!({ "personId": person_without_plan(&app), "householdType": "alleenstaand",
                     "benefitStart": this_month.first_day().to_string(), "payeeIban": "NL91ABNA0417164300" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let plan = r.json()["id"].as_str().unwrap().to_string();
    let at = |rest: &str| format!("/api/v1/ontzorging-plans/{plan}{rest}");
    let r = km
        .post_json(
            &at("/costs"),
            &json!({ "costType": "huur", "creditorName": "Woonwaard", "creditorIban": "NL91ABNA0417164300",
                     "reference": "HUUR-1", "amount": "650,00", "fromMonth": this_month.code() }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let rent = r.json()["costId"].as_i64().unwrap();
    let r = km
        .post_json(
            &at("/machtiging"),
            &json!({ "signedOn": today().to_string(), "documentName": "machtiging.pdf",
                     "contentType": "application/pdf", "documentBase64": "JVBERi0xLjQKJSVFT0YK" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // Only the rent is paid: tailoring needs its reason before the plan can start.
    let r = km.post_json(&at("/activation"), &json!({})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.json()["detail"].as_str().unwrap().contains("maatwerk"), "{}", r.body);

    // An extension needs its reason too: refused with the field named, and nothing changed.
    let details = json!({ "householdType": "alleenstaand", "payeeIban": "NL91ABNA0417164300", "months": 8,
                          "tailoringReason": "Energie, water en zorgverzekering betaalt de inburgeraar zelf" });
    let r = km.post_json(&at("/details"), &details).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.content_type(), PROBLEM);
    assert!(r.body.contains("months"), "{}", r.body);
    let unchanged = km.get(&at("")).await.json();
    assert_eq!((unchanged["months"].clone(), unchanged["tailoringReason"].clone()), (json!(6), json!("")));
    let mut with_reason = details.clone();
    with_reason["monthsReason"] = json!("Budgetcoaching loopt nog");
    // Optimistic concurrency: a change made on an outdated copy of the plan is refused (412)
    // and changes nothing; an empty If-Match is a malformed request (400).
    let seen = km.get(&at("")).await;
    let etag = seen.headers.get("etag").expect("a plan comes with its version").to_str().unwrap().to_string();
    let body = serde_json::to_vec(&with_reason).unwrap();
    for (tag, status) in [("\"v0\"", StatusCode::PRECONDITION_FAILED), ("", StatusCode::BAD_REQUEST)] {
        let r = km
            .send_with(Method::POST, &at("/details"), Some("application/json"), &[("if-match", tag)], body.clone())
            .await;
        assert_eq!(r.status, status, "{}", r.body);
        assert_eq!(r.content_type(), PROBLEM);
        assert_eq!(km.get(&at("")).await.json()["months"], 6, "nothing changed");
    }
    let r = km.send_with(Method::POST, &at("/details"), Some("application/json"), &[("if-match", &etag)], body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["months"], 8);
    assert_ne!(r.headers.get("etag").unwrap().to_str().unwrap(), etag, "a change makes a new version");
    // Without If-Match the change is made as before (the screens send their version in the form).
    let r = km.post_json(&at("/details"), &with_reason).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["months"], 8);
    let r = km.post_json(&at("/activation"), &json!({})).await;
    assert_eq!(r.json()["status"], "actief", "{}", r.body);

    // A rent increase from next month is a new version; the old one runs until this month.
    let next = this_month.next();
    let r = km
        .post_json(
            &at(&format!("/costs/{rent}/changes")),
            &json!({ "costType": "huur", "creditorName": "Woonwaard", "creditorIban": "NL91ABNA0417164300",
                     "reference": "HUUR-1", "amount": "675,00", "fromMonth": next.code() }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let new_rent = r.json()["costId"].as_i64().unwrap();
    let costs = km.get(&at("")).await.json()["costs"].clone();
    let version = |id: i64| costs.as_array().unwrap().iter().find(|k| k["id"] == id).unwrap().clone();
    assert_eq!(version(rent)["untilMonth"], this_month.code());
    assert_eq!(version(new_rent)["amount"], "675.00");
    assert_eq!(version(new_rent)["fromMonth"], next.code());
    // A cost id that is not a number, or not of this plan, is not found.
    let end = json!({ "fromMonth": next.next().code() });
    assert_eq!(km.post_json(&at("/costs/huur/termination"), &end).await.status, StatusCode::NOT_FOUND);
    assert_eq!(km.post_json(&at("/costs/999999/termination"), &end).await.status, StatusCode::NOT_FOUND);
    let r = km.post_json(&at(&format!("/costs/{new_rent}/termination")), &end).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let costs = km.get(&at("")).await.json()["costs"].clone();
    let ended = costs.as_array().unwrap().iter().find(|k| k["id"] == new_rent).unwrap().clone();
    assert_eq!(ended["untilMonth"], next.code());

    // The handover conversation, then an early stop (which needs a reason).
    let planned = today() + chrono::Duration::days(30);
    let r = km.post_json(&at("/handover"), &json!({ "plannedOn": planned.to_string(), "budgetCoaching": true })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["handoverPlannedOn"], planned.to_string());
    assert_eq!(r.json()["budgetCoaching"], true);
    let last_day = next.last_day().to_string();
    let r = km.post_json(&at("/termination"), &json!({ "lastDay": last_day, "reason": " " })).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.content_type(), PROBLEM);
    assert_eq!(km.get(&at("")).await.json()["status"], "actief");
    let r = km
        .post_json(&at("/termination"), &json!({ "lastDay": last_day, "reason": "Bijstand beëindigd: werk gevonden" }))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "gestopt");
    assert_eq!(r.json()["stopReason"], "Bijstand beëindigd: werk gevonden");
    // A stopped plan is not closed with letters: that is for a plan that ran its course.
    let r = km.post_json(&at("/closure"), &json!({})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.content_type(), PROBLEM);

    // Heiloo sees nothing of it and changes nothing.
    let mut heiloo = app.api("klantmanager", &["GM0399"]);
    assert_eq!(heiloo.get(&at("")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        heiloo.post_json(&at("/handover"), &json!({ "plannedOn": planned.to_string() })).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(heiloo.post_json(&at("/details"), &with_reason).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paid_line_is_reversed_once_through_the_api() {
    let app = TestApp::new();
    let mut fin = app.api("financien", regie_service::demo::MUNICIPALITIES_NOW);
    let month = Month::of(today()).prev().code();
    let runs = fin.get(&format!("/api/v1/payment-runs?month={month}")).await.json();
    let run = runs["items"].as_array().unwrap().iter().find(|r| r["status"] == "goedgekeurd").expect("an approved run");
    let run_id = run["id"].as_str().unwrap().to_string();
    let detail = fin.get(&format!("/api/v1/payment-runs/{run_id}")).await.json();
    let line = detail["lines"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/payment-runs/{run_id}/lines/{line}/reversal");

    let r = fin.post_json(&path, &json!({ "reason": "" })).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.content_type(), PROBLEM);
    let r = fin.post_json(&path, &json!({ "reason": "Door de bank teruggestort: rekening opgeheven" })).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = fin.post_json(&path, &json!({ "reason": "Nog een keer" })).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "a line is reversed at most once: {}", r.body);
    let detail = fin.get(&format!("/api/v1/payment-runs/{run_id}")).await.json();
    assert_eq!(detail["reversedLineIds"], json!([line]));
    assert!(regie_service::ontzorging::runs::verify_ledger(&app.services).unwrap().is_empty());

    // A case worker may not book in the ledger; a line that does not exist is not found.
    let mut km = app.api("klantmanager", &["GM0361"]);
    assert_eq!(km.post_json(&path, &json!({ "reason": "x" })).await.status, StatusCode::FORBIDDEN);
    let missing = format!("/api/v1/payment-runs/{run_id}/lines/regel/reversal");
    assert_eq!(fin.post_json(&missing, &json!({ "reason": "x" })).await.status, StatusCode::NOT_FOUND);
}
