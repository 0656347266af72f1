//! The dossier's "Voortgang" section and the progress API: exam results and hour reports are
//! added by form (CSRF, redirect back to the dossier), a mistake comes back as 422 with the
//! Dutch message beside the field and nothing stored, the paid attempt and the MAP minimum show
//! on the page, the demo shows real progress, and the API answers problem+json for mistakes
//! and 404 outside the caller's municipalities. Participation, interim tests, the MAP final
//! interview and the PVT signing work the same way (once-only facts refused the second time),
//! and the PIP form shows the recorded quality-marked hours afschalen counts instead of asking.

mod common;

use axum::http::StatusCode;
use common::{between, TestApp};

fn days_ago(app: &TestApp, n: u64) -> String {
    (app.clock.today() - chrono::Days::new(n)).format("%d-%m-%Y").to_string()
}

fn counts(app: &TestApp, id: &str) -> (usize, usize) {
    app.services
        .store
        .read(|c| {
            Ok((
                regie_store::progress::exam_attempts_of(c, id)?.len(),
                regie_store::progress::hour_reports_of(c, id)?.len(),
            ))
        })
        .expect("read")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exam_results_and_hours_are_added_on_the_dossier() {
    let app = TestApp::new();
    let id = app.in_azc();
    let mut c = app.login("klantmanager").await;
    let page = c.get(&format!("/personen/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for part in ["id=\"voortgang\"", "action=\"/personen/", "/examens\"", "/uren\"", "Nog geen examenresultaten"] {
        assert!(page.body.contains(part), "{part}");
    }
    let exam = |date: String, result: &'static str| {
        vec![("exam", "knm".to_string()), ("examDate", date), ("result", result.to_string())]
    };
    for (days, result) in [(60, "gezakt"), (30, "niet_verschenen"), (5, "gezakt")] {
        let fields = exam(days_ago(&app, days), result);
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = c.post_form(&format!("/personen/{id}/examens"), &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.location(), format!("/personen/{id}"));
    }
    let hours = [
        ("providerName", "Werkplein Alkmaar"),
        ("component", "map"),
        ("periodFrom", "01-10-2026"),
        ("periodTo", "31-10-2026"),
        ("hoursAttended", "39,5"),
        ("hoursPlanned", "40"),
        ("keurmerk", "ja"),
    ];
    let r = c.post_form(&format!("/personen/{id}/uren"), &hours).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(counts(&app, &id), (3, 1));
    let page = c.get(&format!("/personen/{id}")).await;
    for part in [
        "KNM (Kennis van de Nederlandse Maatschappij)",
        "(betaalde poging)",
        "Geen gratis poging meer: een nieuwe poging is betaald",
        "Werkplein Alkmaar",
        "39,5 uur",
        "40 uur",
        "01-10-2026 t/m 31-10-2026",
    ] {
        assert!(page.body.contains(part), "{part}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mistakes_come_back_in_dutch_beside_the_fields_and_nothing_is_stored() {
    let app = TestApp::new();
    let id = app.in_azc();
    let mut c = app.login("klantmanager").await;
    let before = counts(&app, &id);
    let tomorrow = (app.clock.today() + chrono::Days::new(1)).format("%d-%m-%Y").to_string();
    let r = c
        .post_form(&format!("/personen/{id}/examens"), &[("exam", "knm"), ("examDate", &tomorrow), ("result", "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Kies het resultaat: geslaagd, gezakt of niet verschenen."));
    assert!(r.body.contains("href=\"#veld-examen-result\""), "{}", r.body);
    assert!(r.body.contains(&tomorrow), "the values are kept");
    let r = c
        .post_form(
            &format!("/personen/{id}/uren"),
            &[("providerName", "T"), ("component", "map"), ("hoursAttended", "12,25"), ("hoursPlanned", "4")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for part in [
        "href=\"#veld-uren-providerName\"",
        "href=\"#veld-uren-periodFrom\"",
        "href=\"#veld-uren-hoursAttended\"",
        "in hele of halve uren",
    ] {
        assert!(r.body.contains(part), "{part}");
    }
    // A form without its CSRF token is refused before anything is judged.
    let raw = c.post_raw_form(&format!("/personen/{id}/uren"), &[("providerName", "Taalschool")]).await;
    assert_eq!(raw.status, StatusCode::FORBIDDEN);
    assert_eq!(counts(&app, &id), before);
    // Roles without the dossier see no page and write nothing.
    let mut finance = app.login("financien").await;
    let r = finance.post_form(&format!("/personen/{id}/uren"), &[("providerName", "Taalschool")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_shows_exam_results_and_hours() {
    let app = TestApp::new();
    let with_reports = app
        .person_ids_in("GM0361")
        .into_iter()
        .find(|id| counts(&app, id).1 > 0)
        .expect("a demo person with hour reports");
    let mut c = app.login("klantmanager").await;
    let page = c.get(&format!("/personen/{with_reports}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for part in ["Taalschool Noord", "Geslaagd", "Gehaald", "MAP (Module Arbeidsmarkt en Participatie)"] {
        assert!(page.body.contains(part), "{part}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_records_and_lists_progress_with_problem_json_for_mistakes() {
    let app = TestApp::new();
    let id = app.in_azc();
    let mut api = app.api("klantmanager", &["GM0361"]);
    let exams = format!("/api/v1/persons/{id}/exam-attempts");
    let today = app.clock.today();
    let future = (today + chrono::Days::new(3)).to_string();
    let bad =
        api.post_json(&exams, &serde_json::json!({ "exam": "b1_lezen", "examDate": future, "result": "gezakt" })).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.content_type(), "application/problem+json");
    assert_eq!(bad.json()["invalidParams"][0]["name"], "examDate");
    let on = (today - chrono::Days::new(10)).to_string();
    for _ in 0..3 {
        let r =
            api.post_json(&exams, &serde_json::json!({ "exam": "b1_lezen", "examDate": on, "result": "gezakt" })).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert!(r.json()["examAttemptId"].as_i64().is_some());
    }
    let list = api.get(&exams).await.json();
    let paid: Vec<bool> = list["items"].as_array().unwrap().iter().map(|a| a["paid"].as_bool().unwrap()).collect();
    assert_eq!(paid, [false, false, true]);
    let lezen = list["exams"].as_array().unwrap().iter().find(|e| e["exam"] == "b1_lezen").unwrap().clone();
    assert_eq!((lezen["attempts"].as_i64(), lezen["freeAttemptsLeft"].as_i64()), (Some(3), Some(0)));

    let hours = format!("/api/v1/persons/{id}/hour-reports");
    let from = (today - chrono::Days::new(30)).to_string();
    let to = (today - chrono::Days::new(1)).to_string();
    let body = |attended: f64| {
        serde_json::json!({ "providerName": "Buurthuis", "component": "pvt", "periodFrom": from, "periodTo": to,
            "hoursAttended": attended, "hoursPlanned": 12, "keurmerk": true })
    };
    let bad = api.post_json(&hours, &body(7.25)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["invalidParams"][0]["name"], "hoursAttended");
    let r = api.post_json(&hours, &body(12.0)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let list = api.get(&hours).await.json();
    assert_eq!(list["items"][0]["hoursAttended"], 12.0);
    let pvt = list["totals"].as_array().unwrap().iter().find(|t| t["component"] == "pvt").unwrap().clone();
    assert_eq!((pvt["minimumHours"].as_i64(), pvt["minimumMet"].as_bool()), (Some(12), Some(true)));

    let mut heiloo = app.api("klantmanager", &["GM0399"]);
    assert_eq!(heiloo.get(&exams).await.status, StatusCode::NOT_FOUND);
    assert_eq!(heiloo.post_json(&hours, &body(1.0)).await.status, StatusCode::NOT_FOUND);
}

fn nl(d: chrono::NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn participation_interim_tests_and_the_pvt_signing_are_added_on_the_dossier() {
    let app = TestApp::new();
    let id = app.in_azc();
    let mut c = app.login("klantmanager").await;
    let page = c.get(&format!("/personen/{id}")).await;
    for part in [
        "Nog geen participatie vastgelegd.",
        "Nog geen tussentoetsen vastgelegd.",
        "/participatie\"",
        "/tussentoetsen\"",
        "/participatieverklaring\"",
        "Nog geen leerroute bepaald",
        // The exam and hour forms keep their buttons.
        "Examenresultaat vastleggen</button>",
        "Urenopgave vastleggen</button>",
    ] {
        assert!(page.body.contains(part), "{part}");
    }
    assert!(!page.body.contains("/eindgesprek-map\""), "no MAP form while no route is decided");
    let from = days_ago(&app, 40);
    let to = days_ago(&app, 10);
    let participation = [
        ("kind", "vrijwilligerswerk"),
        ("organisation", "Voedselbank Alkmaar"),
        ("periodFrom", from.as_str()),
        ("periodTo", to.as_str()),
        ("hours", "12,5"),
        ("note", "Dinsdagochtend"),
    ];
    let r = c.post_form(&format!("/personen/{id}/participatie"), &participation).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let on = days_ago(&app, 3);
    let test =
        [("testDate", on.as_str()), ("skill", "luisteren"), ("level", "A2"), ("providerName", "Taalschool Noord")];
    let r = c.post_form(&format!("/personen/{id}/tussentoetsen"), &test).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let below_a1 =
        [("testDate", on.as_str()), ("skill", "schrijven"), ("level", "A0"), ("providerName", "Taalschool Noord")];
    let r = c.post_form(&format!("/personen/{id}/tussentoetsen"), &below_a1).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = c.post_form(&format!("/personen/{id}/participatieverklaring"), &[("signingDate", on.as_str())]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = c.get(&format!("/personen/{id}")).await;
    let signed = format!("Op {on}");
    for part in [
        "Voedselbank Alkmaar",
        "12,5 uur",
        "Dinsdagochtend",
        "Luisteren",
        "<td>Schrijven</td><td>Onder A1</td>",
        signed.as_str(),
        "0 van 12 uur (minimum gehaald: nee)",
        "0 van 40 uur (minimum gehaald: nee)",
    ] {
        assert!(page.body.contains(part), "{part}");
    }
    assert!(!page.body.contains("/participatieverklaring\""), "the signing form is gone once recorded");

    // A second signing and a MAP interview without a route are refused with the reason on top.
    let r = c.post_form(&format!("/personen/{id}/participatieverklaring"), &[("signingDate", on.as_str())]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("participatieverklaring is al vastgelegd"), "{}", r.body);
    let r = c
        .post_form(
            &format!("/personen/{id}/eindgesprek-map"),
            &[("interviewDate", on.as_str()), ("conclusion", "Afgerond")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("nog geen leerroute bepaald"), "{}", r.body);

    // Mistakes come back beside the fields, nothing stored.
    let before = facts(&app, &id);
    let tomorrow = nl(app.clock.today() + chrono::Days::new(1));
    let r = c
        .post_form(
            &format!("/personen/{id}/participatie"),
            &[
                ("kind", ""),
                ("organisation", "Voedselbank"),
                ("periodFrom", &from),
                ("periodTo", &to),
                ("hours", "2,25"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for part in ["href=\"#veld-participatie-kind\"", "href=\"#veld-participatie-hours\"", "Voedselbank"] {
        assert!(r.body.contains(part), "{part}");
    }
    let bad = [("testDate", tomorrow.as_str()), ("skill", "lezen"), ("level", "A1"), ("providerName", "Taalschool")];
    let r = c.post_form(&format!("/personen/{id}/tussentoetsen"), &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("href=\"#veld-tussentoets-testDate\""), "{}", r.body);
    assert_eq!(facts(&app, &id), before);
}

/// Participations, interim tests, MAP interviews and PVT signings stored for a person.
fn facts(app: &TestApp, id: &str) -> (usize, usize, bool, bool) {
    app.services
        .store
        .read(|c| {
            Ok((
                regie_store::progress::participations_of(c, id)?.len(),
                regie_store::progress::interim_tests_of(c, id)?.len(),
                regie_store::progress::map_interview_of(c, id)?.is_some(),
                regie_store::progress::pvt_signing_of(c, id)?.is_some(),
            ))
        })
        .expect("read")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_records_the_new_facts_once_with_problem_json_for_mistakes() {
    let app = TestApp::new();
    let id = app.in_azc();
    let mut api = app.api("klantmanager", &["GM0361"]);
    let today = app.clock.today();
    let iso = |n: u64| (today - chrono::Days::new(n)).to_string();

    let participations = format!("/api/v1/persons/{id}/participations");
    let body = |hours: f64| {
        serde_json::json!({ "kind": "werk", "organisation": "Bakkerij Noord", "periodFrom": iso(30),
            "periodTo": iso(1), "hours": hours })
    };
    let bad = api.post_json(&participations, &body(3.25)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.content_type(), "application/problem+json");
    assert_eq!(bad.json()["invalidParams"][0]["name"], "hours");
    let r = api.post_json(&participations, &body(16.5)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.json()["participationId"].as_i64().is_some());
    let list = api.get(&participations).await.json();
    assert_eq!(list["items"][0]["hours"], 16.5);
    let werk = list["totals"].as_array().unwrap().iter().find(|t| t["kind"] == "werk").unwrap().clone();
    assert_eq!((werk["periods"].as_i64(), werk["hours"].as_f64()), (Some(1), Some(16.5)));

    let tests = format!("/api/v1/persons/{id}/interim-tests");
    let future = (today + chrono::Days::new(2)).to_string();
    let test = |date: String| serde_json::json!({ "testDate": date, "skill": "schrijven", "level": "A1", "providerName": "Taalschool" });
    let bad = api.post_json(&tests, &test(future)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["invalidParams"][0]["name"], "testDate");
    assert_eq!(api.post_json(&tests, &test(iso(2))).await.status, StatusCode::CREATED);
    assert_eq!(api.get(&tests).await.json()["items"][0]["skill"], "schrijven");

    // The MAP final interview: no route yet, so refused (409); the GET says why.
    let map = format!("/api/v1/persons/{id}/map-final-interview");
    let r = api.post_json(&map, &serde_json::json!({ "interviewDate": iso(1), "conclusion": "Afgerond" })).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.content_type(), "application/problem+json");
    let got = api.get(&map).await.json();
    assert!(got["applies"].is_null() && got["interview"].is_null(), "{got}");
    assert_eq!(got["minimumHours"], 40);

    // The PVT signing: once.
    let pvt = format!("/api/v1/persons/{id}/pvt-signing");
    assert!(api.get(&pvt).await.json()["signing"].is_null());
    let r = api.post_json(&pvt, &serde_json::json!({ "signingDate": iso(4) })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let again = api.post_json(&pvt, &serde_json::json!({ "signingDate": iso(3) })).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.json()["detail"].as_str().unwrap_or("").contains("al vastgelegd"));
    let got = api.get(&pvt).await.json();
    assert_eq!(
        (got["signing"]["signingDate"].as_str(), got["minimumMet"].as_bool()),
        (Some(iso(4).as_str()), Some(false))
    );

    let mut heiloo = app.api("klantmanager", &["GM0399"]);
    for path in [&participations, &tests, &map, &pvt] {
        assert_eq!(heiloo.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(heiloo.post_json(&participations, &body(1.0)).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pip_form_shows_the_recorded_keurmerk_hours_and_afschalen_counts_them() {
    let app = TestApp::new();
    // An Alkmaar person in the B1-route with an established PIP.
    let id = app
        .person_ids_in("GM0361")
        .into_iter()
        .find(|id| {
            let case = app.services.store.read(|c| regie_store::cases::get(c, id)).expect("read").expect("case");
            let pips = app.services.store.read(|c| regie_store::cases::pips_of(c, id)).expect("pips");
            case.stage == "uitvoering"
                && case.route.as_deref() == Some("b1")
                && pips.iter().any(|p| p.status == "vastgesteld")
        })
        .expect("a demo person in the B1-route with an established PIP");
    let mut c = app.login("klantmanager").await;
    let hours = |attended: &'static str, keurmerk: &'static str| {
        vec![
            ("providerName", "Taalschool Noord"),
            ("component", "taal"),
            ("periodFrom", "01-01-2026"),
            ("periodTo", "30-06-2026"),
            ("hoursAttended", attended),
            ("hoursPlanned", attended),
            ("keurmerk", keurmerk),
        ]
    };
    for (attended, keurmerk) in [("1,5", "ja"), ("400", "nee")] {
        let r = c.post_form(&format!("/personen/{id}/uren"), &hours(attended, keurmerk)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let page = c.get(&format!("/personen/{id}/pip")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("change.courseHours"), "the hours are no longer asked");
    let shown = between(&page.body, "bij een school met keurmerk volgens de urenopgaven: ", " uur.");
    let shown_half: u32 = {
        let (whole, half) = shown.split_once(',').unwrap_or((shown.as_str(), "0"));
        whole.parse::<u32>().expect("hours") * 2 + u32::from(half == "5")
    };
    let keurmerk_in_db: u32 = app
        .services
        .store
        .read(|c| regie_store::progress::hour_reports_of(c, &id))
        .expect("reports")
        .iter()
        .filter(|r| r.component == "taal" && r.keurmerk)
        .map(|r| r.attended_half_hours as u32)
        .sum();
    assert_eq!(shown_half, keurmerk_in_db, "the page shows the keurmerk language hours, not the others");
    assert!(shown_half < 1200, "the demo has fewer than 600 keurmerk hours");

    let mut form: Vec<(&str, &str)> = vec![
        ("change.kind", "afschalen"),
        ("change.reason", "B1 blijkt niet haalbaar"),
        ("change.effortSufficient", "on"),
        ("languageTarget", "A2"),
        ("goals.0.lifeDomain", "taal"),
        ("goals.0.goal", "A2 halen"),
        ("goals.0.actions.0.who", "Inburgeraar"),
        ("goals.0.actions.0.what", "Lessen"),
        ("goals.0.actions.0.byWhen", "Doorlopend"),
        ("progressInterviews", "Elke drie maanden"),
    ];
    let r = c.post_form(&format!("/personen/{id}/pip"), &form).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("minstens 600 lesuren bij een school met een keurmerk"), "{}", r.body);
    // Enough hours at the quality-marked school: afschalen is drafted.
    let mut missing = 1200 - shown_half;
    while missing > 0 {
        let chunk = missing.min(1000);
        missing -= chunk;
        let topup = format!("{}{}", chunk / 2, if chunk % 2 == 1 { ",5" } else { "" });
        let topup: &'static str = Box::leak(topup.into_boxed_str());
        let r = c.post_form(&format!("/personen/{id}/uren"), &hours(topup, "ja")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    form.retain(|(k, _)| *k != "change.effortSufficient");
    let r = c.post_form(&format!("/personen/{id}/pip"), &form).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "the effort judgement is still asked");
    assert!(r.body.contains("inspanning"), "{}", r.body);
    form.push(("change.effortSufficient", "on"));
    let r = c.post_form(&format!("/personen/{id}/pip"), &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}
