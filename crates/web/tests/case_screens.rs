//! Case management on screen: koppeling, brede intake, route decision, PIP drafting, checking
//! and establishing, a new version, the dossier's deadlines, worklists, the koppeling import,
//! and who may not open any of it.

mod common;

use axum::http::StatusCode;
use common::{between, Client, TestApp};

fn nl(d: chrono::NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

fn intake_row(app: &TestApp, id: &str) -> Option<regie_store::cases::IntakeRow> {
    app.services.store.read(|c| regie_store::cases::intake(c, id)).expect("read")
}

fn topic_codes(app: &TestApp, id: &str) -> Vec<String> {
    app.services.store.read(|c| regie_store::cases::topics(c, id)).expect("read").into_iter().map(|t| t.topic).collect()
}

fn stage(app: &TestApp, id: &str) -> String {
    app.services.store.read(|c| regie_store::cases::get(c, id)).expect("read").expect("case").stage
}

/// Registers a newcomer by the koppeling form and returns the new person's id.
async fn koppeling(app: &TestApp, c: &mut Client<'_>, vnummer: &str) -> String {
    let today = app.clock.today();
    let r = c
        .post_form(
            "/koppelingen/nieuw",
            &[
                ("vnummer", vnummer),
                ("achternaam", "Tesfay"),
                ("voornamen", "Selam"),
                ("geboortedatum", "10-05-1985"),
                ("geslacht", "V"),
                ("nationaliteit", "Eritrese"),
                ("taal", "Tigrinya"),
                ("gemeentecode", "GM0361"),
                ("koppelingsdatum", &nl(today - chrono::Days::new(3))),
                ("huishoudnummer", "H-77"),
                ("azc", "AZC Alkmaar"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location().trim_start_matches("/personen/").to_string()
}

const NON_HEALTH: [(&str, &str); 11] = [
    ("leerbaarheid", "gemiddeld"),
    ("opleiding", "basis"),
    ("werkervaring", "tot_2_jaar"),
    ("praktische_competenties", "voldoende"),
    ("werknemersvaardigheden", "matig"),
    ("taalniveau", "geen"),
    ("motivatie", "sterk"),
    ("zelfredzaamheid", "voldoende"),
    ("digitale_vaardigheden", "matig"),
    ("gezinssituatie", "alleenstaand"),
    ("sociaal_netwerk", "zwak"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_chain_on_screen_from_koppeling_to_a_new_pip_version() {
    let app = TestApp::new();
    let today = app.clock.today();
    let mut km = app.login("klantmanager").await;

    // Koppeling by form: a bad V-nummer is named at its field and nothing is created.
    let before = app.person_count();
    let bad = km.post_form("/koppelingen/nieuw", &[("vnummer", "12"), ("achternaam", "Tesfay")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("10 cijfers") && bad.body.contains("value=\"Tesfay\""), "{}", bad.body);
    assert_eq!(app.person_count(), before);
    let id = koppeling(&app, &mut km, "5550001112").await;
    assert_eq!(app.person_count(), before + 1);

    let dossier = km.get(&format!("/personen/{id}")).await;
    assert_eq!(dossier.status, StatusCode::OK);
    assert!(dossier.body.contains("Fase: <strong>Aangemeld</strong>"), "{}", dossier.body);
    assert!(dossier.body.contains("<dt>PIP uiterlijk vastgesteld</dt><dd>nog onbekend</dd>"));
    assert!(dossier.body.contains("<dt>Huisvesting uiterlijk</dt><dd>"));
    assert!(dossier.body.contains("Koppeling door COA ontvangen"), "the case history shows the koppeling");

    // A partial save of two topics.
    let intake = format!("/personen/{id}/intake");
    assert_eq!(km.get(&intake).await.status, StatusCode::OK);
    let r = km
        .post_form(
            &intake,
            &[
                ("intakeForm", "1"),
                ("topics.leerbaarheid", "gemiddeld"),
                ("topics.leerbaarheid.source", "persoon"),
                ("topics.opleiding", "basis"),
                ("topics.opleiding.source", "document"),
                ("topics.werkervaring", ""),
                ("topics.werkervaring.source", ""),
                ("levelReading", "a0"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(km.get(r.location()).await.body.contains("De intake is opgeslagen"));
    assert_eq!(topic_codes(&app, &id).len(), 2, "an empty topic is not sent");
    assert_eq!(intake_row(&app, &id).and_then(|i| i.level_reading).as_deref(), Some("a0"));

    // An impossible LBT score changes nothing, not even the topic sent with it.
    let r = km
        .post_form(
            &intake,
            &[
                ("intakeForm", "1"),
                ("topics.werkervaring", "geen"),
                ("topics.werkervaring.source", "persoon"),
                ("lbtDate", &nl(today)),
                ("lbtScore", "41"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("maximumscore"), "{}", r.body);
    assert!(r.body.contains("value=\"41\""), "the typed score is kept");
    assert_eq!(topic_codes(&app, &id).len(), 2);
    assert_eq!(intake_row(&app, &id).and_then(|i| i.lbt_score), None);
    let r = km.post_form(&intake, &[("intakeForm", "1"), ("lbtDate", &nl(today)), ("lbtScore", "dertig")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("geheel getal"));

    // Without the CSRF token nothing is saved.
    let r =
        km.post_raw_form(&intake, &[("topics.werkervaring", "geen"), ("topics.werkervaring.source", "persoon")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(topic_codes(&app, &id).len(), 2);

    // Completing now is refused with what is missing.
    let r = km.post_form(&format!("{intake}/afronden"), &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("De brede intake is nog niet compleet"), "{}", r.body);
    assert!(r.body.contains("leerbaarheidstoets") && r.body.contains("Werkervaring"));

    // The health topics, by the case worker.
    let r = km
        .post_form(
            &intake,
            &[
                ("intakeForm", "1"),
                ("topics.fysieke_gezondheid", "beperkte_belemmering"),
                ("topics.fysieke_gezondheid.source", "persoon"),
                ("topics.fysieke_gezondheid.notes", "Rugklachten na de lange reis"),
                ("topics.mentale_gezondheid", "geen_belemmering"),
                ("topics.mentale_gezondheid.source", "persoon"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // COA (the person is still in the AZC) sees the intake without health, and cannot send it.
    let mut coa = app.login("coa").await;
    for path in [format!("/personen/{id}"), intake.clone()] {
        let page = coa.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(!page.body.contains("Rugklachten"), "health notes are invisible to COA on {path}");
        assert!(!page.body.contains("Beperkte belemmering"), "health answers are invisible to COA on {path}");
        assert!(!page.body.contains("topics.fysieke_gezondheid"), "no health field for COA on {path}");
    }
    let own = km.get(&intake).await;
    assert!(own.body.contains("Rugklachten"), "the case worker sees what they wrote");
    let r = coa
        .post_form(&intake, &[("topics.mentale_gezondheid", "onbekend"), ("topics.mentale_gezondheid.source", "coa")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("alleen door de klantmanager"));
    let r =
        coa.post_form(&intake, &[("topics.sociaal_netwerk", "zwak"), ("topics.sociaal_netwerk.source", "coa")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(coa.get(&format!("/personen/{id}/route")).await.status, StatusCode::FORBIDDEN);

    // The rest of the intake, then completion.
    let mut rest: Vec<(String, String)> = vec![
        ("intakeForm".into(), "1".into()),
        ("lbtDate".into(), nl(today)),
        ("lbtScore".into(), "30".into()),
        ("vveInformed".into(), "on".into()),
        ("soloInterviewOffered".into(), "on".into()),
    ];
    for (topic, answer) in NON_HEALTH {
        rest.push((format!("topics.{topic}"), answer.into()));
        rest.push((format!("topics.{topic}.source"), "persoon".into()));
    }
    let rest_ref: Vec<(&str, &str)> = rest.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = km.post_form(&intake, &rest_ref).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = km.post_form(&format!("{intake}/afronden"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(stage(&app, &id), "intake_afgerond");

    // The route: the advice with its reasons; deviating without grounds is refused in Dutch.
    let route = format!("/personen/{id}/route");
    let page = km.get(&route).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Advies: B1-route"), "{}", page.body);
    assert!(page.body.contains("Onderwijsroute: past (nog) niet"));
    let reason = between(
        &page.body,
        "name=\"onderwijsrouteReason\" rows=\"4\" aria-describedby=\"hint-onderwijsrouteReason\">",
        "</textarea>",
    );
    assert!(reason.len() > 10, "the onderwijsroute reason is prefilled from the advice");
    let reason = reason.replace("&#39;", "'").replace("&#34;", "\"").replace("&#38;", "&");
    let r = km.post_form(&route, &[("route", "z_route"), ("grounds", ""), ("onderwijsrouteReason", &reason)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("wijkt af van het advies"), "{}", r.body);
    assert_eq!(stage(&app, &id), "intake_afgerond");
    let r = km.post_form(&route, &[("route", "b1"), ("grounds", ""), ("onderwijsrouteReason", &reason)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(stage(&app, &id), "route_bepaald");

    // The PIP: a row with a goal but no life domain is named at its row; empty rows are skipped.
    let pip = format!("/personen/{id}/pip");
    assert!(km.get(&pip).await.body.contains("Eerste PIP opstellen"));
    let mut content = vec![
        ("languageTarget", "B1"),
        ("component.taal", "on"),
        ("component.taal.intensity", "12 uur per week"),
        ("component.pvt", "on"),
        ("goals.0.lifeDomain", "taal"),
        ("goals.0.goal", "Taalniveau B1 halen"),
        ("goals.0.actions.0.who", "Inburgeraar"),
        ("goals.0.actions.0.what", "Lessen volgen"),
        ("goals.0.actions.0.byWhen", "Doorlopend"),
        ("goals.1.lifeDomain", ""),
        ("goals.1.goal", ""),
        ("goals.2.lifeDomain", ""),
        ("goals.2.goal", "Werk vinden"),
        ("progressInterviews", "Elke drie maanden"),
    ];
    let r = km.post_form(&pip, &content).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("href=\"#veld-goals.2.lifeDomain\">Kies een leefgebied."), "{}", r.body);
    assert!(r.body.contains("value=\"Werk vinden\""));
    content.retain(|(k, _)| !k.starts_with("goals.2"));
    let r = km.post_form(&pip, &content).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let first = r.location().to_string();
    assert!(first.starts_with("/pips/"));
    let page = km.get(&first).await;
    assert!(page.body.contains("Status: <strong>Concept</strong>") && page.body.contains("Lessen volgen"));

    // Submit; the case worker may not establish; the team lead does.
    let r = km.post_form(&format!("{first}/indienen"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(km.post_form(&format!("{first}/vaststellen"), &[]).await.status, StatusCode::FORBIDDEN);
    let mut tl = app.login("teamleider").await;
    let r = tl.post_form(&format!("{first}/terugzetten"), &[("remark", "kort")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a remark of 4 characters is too short");
    let r = tl.post_form(&format!("{first}/vaststellen"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = tl.get(&first).await;
    assert!(page.body.contains("Status: <strong>Vastgesteld</strong>"), "{}", page.body);
    assert!(page.body.contains(&format!("<dt>Dagtekening</dt><dd>{}</dd>", nl(today))));
    let r = tl.post_form(&format!("{first}/vaststellen"), &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "establishing twice is refused on the page");
    assert!(r.body.contains("Deze stap kan nu niet"));

    // The dossier: the termijn starts the day after the dagtekening.
    let dossier = km.get(&format!("/personen/{id}")).await;
    let start = today + chrono::Days::new(1);
    assert!(
        dossier.body.contains(&format!("<dt>Inburgeringstermijn begint</dt><dd>{}</dd>", nl(start))),
        "{}",
        dossier.body
    );
    assert!(dossier.body.contains("PIP vastgesteld, in uitvoering"));

    // A new version with a route switch.
    let mut change = vec![
        ("change.kind", "routewissel"),
        ("change.reason", "Het leertempo past beter bij de Z-route"),
        ("change.toRoute", "z_route"),
    ];
    change.extend(content.iter().copied());
    let r = km.post_form(&pip, &change).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let second = r.location().to_string();
    assert_ne!(second, first);
    let list = km.get(&pip).await;
    assert!(list.body.contains("Versie 2") && list.body.contains("Wisseling van leerroute"), "{}", list.body);
    assert_eq!(stage(&app, &id), "wijziging_concept");
    let page = km.get(&second).await;
    assert!(page.body.contains("Z-route"));
    // The termijn did not move.
    let dossier = km.get(&format!("/personen/{id}")).await;
    assert!(dossier.body.contains(&format!("<dt>Inburgeringstermijn begint</dt><dd>{}</dd>", nl(start))));

    // An objection against the established version, decided by the team lead.
    let r = km
        .post_form(&format!("{first}/bezwaar"), &[("receivedOn", &nl(today)), ("grounds", "Niet eens met de route")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = tl.get(&first).await;
    assert!(page.body.contains("Niet eens met de route") && page.body.contains("Nog niet beslist"));
    let objection_action = between(&page.body, &format!("action=\"{first}/bezwaar/"), "\"");
    let r = tl.post_form(&format!("{first}/bezwaar/{objection_action}"), &[("outcome", "ongegrond")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(tl.get(&first).await.body.contains("Ongegrond"));

    // Notes and a refused verlenging input.
    let r = km
        .post_form(
            &format!("/personen/{id}/notities"),
            &[("kind", "contactmoment"), ("channel", "telefoon"), ("body", "Gebeld over de lessen")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = km
        .post_form(&format!("/personen/{id}/verlengingen"), &[("ground", "ziekte"), ("months", "99"), ("note", "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("1 tot 36 maanden") && r.body.contains("value=\"99\""), "{}", r.body);
    let dossier = km.get(&format!("/personen/{id}")).await;
    assert!(dossier.body.contains("Gebeld over de lessen"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_without_case_access_cannot_open_any_case_screen() {
    let app = TestApp::new();
    let id = app.person_ids_in("GM0361")[0].clone();
    let pip = app
        .person_ids_in("GM0361")
        .iter()
        .find_map(|p| app.services.store.read(|c| regie_store::cases::pips_of(c, p)).expect("pips").into_iter().next())
        .expect("a PIP")
        .id;
    for user in ["financien", "beleid", "helpdesk", "beheerder"] {
        let mut c = app.login(user).await;
        for path in [
            "/werkvoorraad".to_string(),
            "/werkvoorraad/team".to_string(),
            format!("/personen/{id}"),
            format!("/personen/{id}/intake"),
            format!("/personen/{id}/route"),
            format!("/personen/{id}/pip"),
            format!("/pips/{pip}"),
            "/koppelingen/nieuw".to_string(),
            "/koppelingen/import".to_string(),
        ] {
            let r = c.get(&path).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user} on {path}");
            assert!(!r.body.contains(&id));
        }
        for path in
            [format!("/personen/{id}/intake"), format!("/personen/{id}/notities"), format!("/pips/{pip}/vaststellen")]
        {
            let r = c.post_form(&path, &[("kind", "notitie"), ("body", "x")]).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user} posting {path}");
        }
        let home = c.get("/").await;
        assert!(!home.body.contains("Uw werkvoorraad") && !home.body.contains("href=\"/werkvoorraad\""));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn worklists_and_the_home_page_show_deadlines_with_their_signal_in_words() {
    let app = TestApp::new();
    let mut km = app.login("klantmanager").await;
    let home = km.get("/").await;
    assert!(home.body.contains("Uw werkvoorraad") && home.body.contains("href=\"/werkvoorraad\""), "{}", home.body);
    let list = km.get("/werkvoorraad").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Mijn werkvoorraad"));
    assert!(list.body.contains("href=\"/personen/"), "the case worker's cases are listed");
    assert!(list.body.contains(">Te laat<") || list.body.contains(">Binnenkort<"), "signals are written out");
    assert!(!list.body.contains("<th scope=\"col\">Klantmanager</th>"));
    assert_eq!(km.get("/werkvoorraad/team").await.status, StatusCode::FORBIDDEN);
    // The demo case worker has more cases than one page: the next page continues the list.
    assert!(list.body.contains("href=\"/werkvoorraad?pagina=2\""), "a link to the second page");
    let second = km.get("/werkvoorraad?pagina=2").await;
    assert!(second.body.contains("Pagina 2 van") && second.body.contains("href=\"/werkvoorraad?pagina=1\""));
    let links = |body: &str| -> Vec<String> {
        body.split("href=\"/personen/").skip(1).filter_map(|rest| rest.split('"').next()).map(String::from).collect()
    };
    let first_ids = links(&list.body);
    assert!(
        !first_ids.is_empty() && links(&second.body).iter().all(|id| !first_ids.contains(id)),
        "no case on both pages"
    );
    let past = km.get("/werkvoorraad?pagina=999").await;
    assert!(past.body.contains("Deze pagina bestaat niet"));
    assert_eq!(km.get("/werkvoorraad?pagina=abc").await.status, StatusCode::OK, "a malformed page shows page 1");

    let mut tl = app.login("teamleider").await;
    let team = tl.get("/werkvoorraad/team").await;
    assert_eq!(team.status, StatusCode::OK, "{}", team.body);
    assert!(team.body.contains("Werkvoorraad van"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_koppeling_file_is_checked_then_imported_once_and_bad_rows_are_listed() {
    let app = TestApp::new();
    let today = app.clock.today();
    let mut km = app.login("klantmanager").await;
    assert_eq!(km.get("/koppelingen/import").await.status, StatusCode::OK);
    let header = "vnummer;achternaam;voornamen;geboortedatum;geslacht;nationaliteit;taal;gemeentecode;koppelingsdatum;huishoudnummer";
    let good = format!(
        "{header}\r\n5550002221;Haile;Selam;07-03-1991;V;Eritrese;Tigrinya;GM0361;{d};H1\r\n5550002222;Haile;Yonas;01-01-2015;M;Eritrese;Tigrinya;GM0361;{d};H1\r\n",
        d = nl(today - chrono::Days::new(2))
    );
    let before = app.person_count();

    // Without the CSRF field the upload is refused and nothing is read.
    let r = km.post_multipart_raw("/koppelingen/import", &[], &[("bestand", "coa.csv", good.as_bytes())]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.person_count(), before);

    // A dry run reports and stores nothing.
    let r = km
        .post_multipart(
            "/koppelingen/import",
            &[("alleenControleren", "on")],
            &[("bestand", "coa.csv", good.as_bytes())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let report = km.get(r.location()).await;
    assert!(
        report.body.contains("Controle geslaagd") && report.body.contains("2 zouden nieuw worden vastgelegd"),
        "{}",
        report.body
    );
    assert_eq!(app.person_count(), before);

    // The real import, and the same file again.
    let r = km.post_multipart("/koppelingen/import", &[], &[("bestand", "coa.csv", good.as_bytes())]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(km.get(r.location()).await.body.contains("2 nieuw vastgelegd"));
    assert_eq!(app.person_count(), before + 2);
    let r = km.post_multipart("/koppelingen/import", &[], &[("bestand", "coa.csv", good.as_bytes())]).await;
    let again = km.get(r.location()).await;
    assert!(again.body.contains("0 nieuw vastgelegd") && again.body.contains("2 al eerder vastgelegd"));
    assert_eq!(app.person_count(), before + 2);

    // Bad rows: every one listed with line and column, nothing stored.
    let bad = format!(
        "{header}\r\n12;Haile;Selam;07-03-1991;V;Eritrese;Tigrinya;GM0361;{d};H1\r\n5550002229;Haile;Yonas;01-01-2015;Q;Eritrese;Tigrinya;GM0361;{d};H1\r\n",
        d = nl(today)
    );
    let r = km.post_multipart("/koppelingen/import", &[], &[("bestand", "coa.csv", bad.as_bytes())]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Regels met fouten (2)"), "{}", r.body);
    assert!(
        r.body.contains("<td class=\"num\">2</td><td>vnummer</td>")
            && r.body.contains("<td class=\"num\">3</td><td>geslacht</td>")
    );
    assert_eq!(app.person_count(), before + 2);

    // An empty file.
    let r = km.post_multipart("/koppelingen/import", &[], &[("bestand", "leeg.csv", b"")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"fout-bestand\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_duplicate_registration_is_listed_compared_side_by_side_and_merged_with_a_reason() {
    let app = TestApp::new();
    let open = |id: &str| {
        app.person(id).status == "open"
            && regie_domain::inburgering::Stage::parse(&stage(&app, id)).is_some_and(|s| !s.is_closed())
    };
    let keep = app
        .person_ids_in("GM0361")
        .into_iter()
        .find(|id| app.person(id).family_name == "Haddad" && open(id))
        .expect("an open case of a Haddad in Alkmaar");
    let row = app.person(&keep);
    // The same person registered again by hand: the name spelled differently, with a BSN.
    let mut actor = regie_service::Actor::system("test");
    actor.roles.insert(regie_domain::Role::Klantmanager, vec!["GM0361".into()]);
    let birth = format!("{:02}-{:02}-{}", row.birth_day.unwrap_or(0), row.birth_month.unwrap_or(0), row.birth_year);
    let again = regie_service::persons::create(
        &app.services,
        &actor,
        &regie_service::persons::NewPerson {
            given_names: row.given_names.clone(),
            family_name: "Hadad".into(),
            birth_date: birth,
            bsn: Some("111222333".into()),
            nationality: row.nationality.clone(),
            target_group: "asielstatushouder".into(),
            municipality_code: "GM0361".into(),
            ..Default::default()
        },
    )
    .expect("registered again")
    .id;

    // Listed on the dossier with a link to the comparison.
    let mut km = app.login("klantmanager").await;
    let review = format!("/personen/{keep}/dubbel/{again}");
    let dossier = km.get(&format!("/personen/{keep}")).await;
    assert_eq!(dossier.status, StatusCode::OK);
    let section = between(&dossier.body, "Mogelijke dubbele registraties</h2>", "<h2");
    assert!(section.contains(&format!("href=\"{review}\"")) && section.contains("Vergelijken"), "{section}");
    assert!(section.contains("Hadad"), "{section}");

    // Side by side: both spellings, the BSN only on the right, the difference in words.
    let page = km.get(&review).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<td>Haddad</td><td>Hadad</td>"), "{}", page.body);
    assert!(page.body.contains("<td>111222333</td><td><strong>Verschilt</strong>"), "{}", page.body);
    assert!(
        page.body.contains("<td>—</td><td><strong>Alleen links bekend</strong>"),
        "the V-nummer is known only on the left"
    );
    assert!(page.body.contains("Samenvoegen: behoud de linker registratie"));
    // A registration that is not a possible duplicate cannot be compared; COA may not merge.
    let unrelated = app.person_ids_in("GM0361").into_iter().find(|id| *id != keep && *id != again).expect("another");
    assert_eq!(km.get(&format!("/personen/{keep}/dubbel/{unrelated}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.login("coa").await.get(&review).await.status, StatusCode::FORBIDDEN);

    // Without a reason: the message at the field, nothing changed.
    let r = km.post_form(&review, &[("reason", " ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("id=\"fout-reason\"") && r.body.contains("Geef de reden van het samenvoegen"),
        "{}",
        r.body
    );
    assert!(r.body.contains("href=\"#veld-reason\""), "the error summary links to the field");
    assert!(open(&again) && app.person(&keep).bsn == row.bsn);

    // With a reason: back to the kept dossier; the duplicate is closed and no longer listed.
    let r = km.post_form(&review, &[("reason", "Zelfde persoon, naam anders gespeld")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/personen/{keep}"));
    let merged = km.get(&format!("/personen/{again}")).await;
    assert!(merged.body.contains("Fase: <strong>Ingetrokken</strong>"), "{}", merged.body);
    assert!(merged.body.contains("Dubbele registratie: Zelfde persoon"));
    let kept = km.get(&format!("/personen/{keep}")).await;
    assert!(!kept.body.contains(&review) && kept.body.contains("Dubbele registratie samengevoegd"));

    // Keeping the closed one instead is refused on the page, with the reason.
    let r = km.post_form(&format!("/personen/{again}/dubbel/{keep}"), &[("reason", "Toch andersom")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("De te behouden registratie is gesloten."), "{}", r.body);
}
