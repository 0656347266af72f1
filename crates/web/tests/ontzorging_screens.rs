//! Ontzorging on screen: a case worker prepares a plan (costs, machtiging, activation) with every
//! mistake answered in Dutch and nothing half-written; who may see the plan; the payment run's
//! four eyes, the SEPA file and the monthly report; the settings page.

mod common;

use axum::http::{header, StatusCode};
use common::{between, TestApp};
use regie_domain::ontzorging::Month;
use regie_domain::Iban;

fn nl(d: chrono::NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

fn iban(bank: &str, n: u64) -> String {
    Iban::nl(bank, n).expect("iban").to_string()
}

fn plan_row(app: &TestApp, id: &str) -> regie_store::ontzorging::PlanRow {
    app.services.store.read(|c| regie_store::ontzorging::get_plan(c, id)).expect("read").expect("plan")
}

fn cost_count(app: &TestApp, id: &str) -> usize {
    app.services.store.read(|c| regie_store::ontzorging::costs_of_plan(c, id)).expect("read").len()
}

fn header_of(r: &common::TestResponse, name: header::HeaderName) -> &str {
    r.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_worker_prepares_and_activates_a_plan() {
    let app = TestApp::new();
    let today = app.clock.today();
    let this = Month::of(today);
    let (person, _, municipality) = app
        .services
        .store
        .read(|c| regie_store::ontzorging::households_without_plan(c, &["GM0361".to_string()], 1))
        .expect("read")
        .into_iter()
        .next()
        .expect("an Alkmaar household without a plan");
    assert_eq!(municipality, "GM0361");
    let mut km = app.login("klantmanager").await;

    // The list and the new-plan form.
    let list = km.get("/ontzorging").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("<h1>Ontzorgen</h1>") && list.body.contains("Nieuw plan"), "{}", list.body);
    assert!(list.body.contains("href=\"/ontzorging\" aria-current=\"page\""), "the navigation marks Ontzorgen");
    let filtered = km.get("/ontzorging?status=actief").await;
    assert_eq!(filtered.status, StatusCode::OK);
    assert!(filtered.body.contains("Actief") && !filtered.body.contains(">In voorbereiding</td>"));
    let bad = km.get("/ontzorging?status=bestaat-niet").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Kies concept, actief, afgesloten of gestopt."));
    let form = km.get(&format!("/ontzorging/nieuw?persoon={person}")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(&format!("value=\"{person}\"")), "the person id is filled in");
    assert!(form.body.contains("Alleenstaande ouder (21 jaar tot AOW-leeftijd)"), "household types with labels");

    let plans_of = |app: &TestApp| {
        app.services.store.read(|c| regie_store::ontzorging::plans_of_person(c, &person)).expect("read").len()
    };
    let before = plans_of(&app);
    // A bad IBAN and no household type: both named, the input kept, no plan.
    let start = nl(this.first_day());
    let r = km
        .post_form(
            "/ontzorging/nieuw",
            &[
                ("persoon", &person),
                ("householdType", ""),
                ("benefitStart", &start),
                ("months", ""),
                ("payeeIban", "NL00 FOUT 1234"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Kies een huishoudtype") && r.body.contains("Een Nederlands IBAN heeft de vorm"),
        "{}",
        r.body
    );
    assert!(r.body.contains("value=\"NL00 FOUT 1234\""), "the typed IBAN is kept");
    assert_eq!(plans_of(&app), before, "nothing was created");
    // A person who does not exist (or lies outside the municipalities) is named at the field.
    let r = km
        .post_form(
            "/ontzorging/nieuw",
            &[
                ("persoon", "00000000-0000-7000-8000-000000000000"),
                ("householdType", "alleenstaand"),
                ("benefitStart", &start),
                ("payeeIban", &iban("ASNB", 8_812_345_678)),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Er is geen persoon met dit id in uw gemeenten."));

    let r = km
        .post_form(
            "/ontzorging/nieuw",
            &[
                ("persoon", &person),
                ("householdType", "alleenstaand"),
                ("benefitStart", &start),
                ("months", "6"),
                ("payeeIban", &iban("ASNB", 8_812_345_678)),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let plan = r.location().trim_start_matches("/ontzorging/").split('?').next().unwrap().to_string();
    let page = km.get(r.location()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Het plan is aangemaakt."));
    assert!(page.body.contains("Er is nog geen getekende machtiging"), "the signals are shown");
    assert_eq!(plan_row(&app, &plan).status, "concept");
    // A second plan for the same household is refused with the reason.
    let r = km
        .post_form(
            "/ontzorging/nieuw",
            &[
                ("persoon", &person),
                ("householdType", "alleenstaand"),
                ("benefitStart", &start),
                ("payeeIban", &iban("ASNB", 8_812_345_678)),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("Dit huishouden heeft al een plan"), "{}", r.body);

    // Four fixed costs.
    let costs = [
        ("huur", "Woonwaard", iban("INGB", 6_543_210), "HUUR-123456", "650,00"),
        ("energie", "Vattenfall", iban("RABO", 3_017_443_210), "KL12345678", "125,50"),
        ("water", "PWN Waterleidingbedrijf", iban("ABNA", 4_445_556_667), "PWN1234567", "22,50"),
        ("zorgverzekering", "Zilveren Kruis", iban("INGB", 7_000_123), "POLIS 200000001", "148.50"),
    ];
    let path = format!("/ontzorging/{plan}/vaste-lasten");
    for (kind, name, account, reference, amount) in &costs {
        let r = km
            .post_form(
                &path,
                &[
                    ("costType", kind),
                    ("creditorName", name),
                    ("creditorIban", account),
                    ("reference", reference),
                    ("amount", amount),
                    ("period", "maand"),
                    ("fromMonth", &this.code()),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{kind}: {}", r.body);
    }
    assert_eq!(cost_count(&app, &plan), 4);

    // An invalid IBAN, a negative and an absurd amount: the message at the field, nothing added.
    for (account, amount, message) in [
        ("NL91ABNA0417164301", "30,00", "het controlegetal faalt"),
        (iban("ABNA", 1_234_567).as_str(), "-30,00", "groter zijn dan € 0,00"),
        (iban("ABNA", 1_234_567).as_str(), "60000,00", "onwaarschijnlijk hoog"),
    ] {
        let r = km
            .post_form(
                &path,
                &[
                    ("costType", "water"),
                    ("creditorName", "Belastingsamenwerking"),
                    ("creditorIban", account),
                    ("amount", amount),
                    ("period", "maand"),
                    ("fromMonth", &this.code()),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{amount}");
        assert!(r.body.contains(message), "{message}: {}", r.body);
        assert!(r.body.contains("id=\"veld-kost-creditorName\"") && r.body.contains("value=\"Belastingsamenwerking\""));
        assert_eq!(cost_count(&app, &plan), 4, "nothing added for {amount}");
    }
    // Without the CSRF token nothing is added.
    let r = km.post_raw_form(&path, &[("costType", "water"), ("amount", "10,00")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(cost_count(&app, &plan), 4);

    // Activation without a machtiging is refused in Dutch; the plan stays in preparation.
    let r = km.post_form(&format!("/ontzorging/{plan}/activeren"), &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("Er is nog geen getekende machtiging vastgelegd"), "{}", r.body);
    assert!(r.body.contains("Status: <strong>In voorbereiding</strong>"));
    assert_eq!(plan_row(&app, &plan).status, "concept");

    // A machtiging that is not a PDF or image, or without a date, is refused at its field.
    let upload = format!("/ontzorging/{plan}/machtiging");
    let r = km.post_multipart(&upload, &[("signedOn", &nl(today))], &[("document", "notitie.txt", b"hallo")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Alleen een PDF, PNG of JPEG"), "{}", r.body);
    let r = km.post_multipart(&upload, &[("signedOn", "")], &[("document", "machtiging.pdf", PDF)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Vul de datum in waarop de machtiging is getekend."));
    assert!(plan_row(&app, &plan).machtiging_signed_on.is_none());
    // Sent as an ordinary form (no file at all): the missing document is named.
    let r = km.post_form(&upload, &[("signedOn", &nl(today))]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Voeg de getekende machtiging toe"));

    let r =
        km.post_multipart(&upload, &[("signedOn", &nl(today))], &[("document", "machtiging getekend.pdf", PDF)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = km.post_form(&format!("/ontzorging/{plan}/activeren"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(plan_row(&app, &plan).status, "actief");

    // The plan page: the schedule month by month, the costs, the document.
    let page = km.get(&format!("/ontzorging/{plan}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Status: <strong>Actief</strong>"));
    assert!(page.body.contains("Betalingen per maand") && page.body.contains(&this.label_nl()), "{}", page.body);
    assert!(page.body.contains(&this.plus(5).label_nl()), "six months are scheduled");
    assert!(page.body.contains("hele maand"));
    assert!(page.body.contains("€ 946,50"), "650 + 125,50 + 22,50 + 148,50 to the creditors");
    assert!(page.body.contains("INGB 0006 5432 10") || page.body.contains("0006 5432 10"), "IBANs grouped");
    assert!(page.body.contains("Woonwaard") && page.body.contains("€ 650,00"));
    let doc = between(&page.body, &format!("/ontzorging/{plan}/documenten/"), "\"");
    let download = km.get(&format!("/ontzorging/{plan}/documenten/{doc}")).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.content_type(), "application/pdf");
    assert!(header_of(&download, header::CONTENT_DISPOSITION)
        .starts_with("attachment; filename=\"machtiging getekend.pdf\""));
    assert!(download.body.starts_with("%PDF-"));

    // A change from next month: the old amount ends, the new one follows.
    let cost = app
        .services
        .store
        .read(|c| regie_store::ontzorging::costs_of_plan(c, &plan))
        .expect("read")
        .into_iter()
        .find(|k| k.cost_type == "huur")
        .expect("rent");
    let r = km
        .post_form(
            &format!("/ontzorging/{plan}/vaste-lasten/{}/wijzigen", cost.id),
            &[
                ("costType", "huur"),
                ("creditorName", "Woonwaard"),
                ("creditorIban", &iban("INGB", 6_543_210)),
                ("reference", "HUUR-123456"),
                ("amount", "abc"),
                ("period", "maand"),
                ("fromMonth", &this.next().code()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Een bedrag schrijft u als euro"), "{}", r.body);
    assert!(r.body.contains("<details class=\"cost-edit\" open>"), "the form with the mistake is open");
    let r = km
        .post_form(
            &format!("/ontzorging/{plan}/vaste-lasten/{}/wijzigen", cost.id),
            &[
                ("costType", "huur"),
                ("creditorName", "Woonwaard"),
                ("creditorIban", &iban("INGB", 6_543_210)),
                ("reference", "HUUR-123456"),
                ("amount", "675,00"),
                ("period", "maand"),
                ("fromMonth", &this.next().code()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = km.get(r.location()).await;
    assert!(page.body.contains("De vaste last is gewijzigd."));
    assert!(page.body.contains("Eerdere bedragen") && page.body.contains("€ 675,00"));

    // The handover and stop forms check their input.
    let r = km.post_form(&format!("/ontzorging/{plan}/stoppen"), &[("lastDay", ""), ("reason", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Vul de laatste dag in") && r.body.contains("Geef de reden"));
    assert_eq!(plan_row(&app, &plan).status, "actief");
    let r = km.post_form(&format!("/ontzorging/{plan}/overdracht"), &[("plannedOn", "31-02-2026")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Vul een bestaande datum in"));

    // Another municipality's case worker finds nothing; finance sees the plan but not the dossier.
    let mut heiloo = app.login("klantmanager.heiloo").await;
    assert_eq!(heiloo.get(&format!("/ontzorging/{plan}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(heiloo.get(&format!("/ontzorging/{plan}/documenten/{doc}")).await.status, StatusCode::NOT_FOUND);
    let r = heiloo.post_form(&format!("/ontzorging/{plan}/activeren"), &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let mut fin = app.login("financien").await;
    let page = fin.get(&format!("/ontzorging/{plan}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Woonwaard"));
    let dossier = fin.get(&format!("/personen/{person}")).await;
    assert!(matches!(dossier.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{}", dossier.status);
    let mut coa = app.login("coa").await;
    assert_eq!(coa.get(&format!("/ontzorging/{plan}")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(coa.get("/ontzorging").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_whose_costs_exceed_the_benefit_asks_for_an_order() {
    let app = TestApp::new();
    let mut km = app.login("klantmanager").await;
    // The demo's young single person: the norm does not cover the rent.
    let plan = app
        .services
        .store
        .read(|c| regie_store::ontzorging::list_plans(c, &["GM0361".to_string()], Some("actief"), 0, 50))
        .expect("read")
        .items
        .into_iter()
        .find(|p| p.plan.household_type == "alleenstaand_jonger_dan_21")
        .expect("a plan with a shortfall")
        .plan
        .id;
    let page = km.get(&format!("/ontzorging/{plan}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Volgorde bij tekort"), "{}", page.body);
    assert!(page.body.contains("De vaste lasten zijn hoger dan de uitkering"));
    let costs = app.services.store.read(|c| regie_store::ontzorging::costs_of_plan(c, &plan)).expect("read");
    let current: Vec<_> = costs.iter().filter(|k| k.until_month.is_none()).collect();
    // The same number twice is named at the field; nothing is decided.
    let mut fields: Vec<(String, String)> =
        current.iter().map(|k| (format!("rang-{}", k.id), "1".to_string())).collect();
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = km.post_form(&format!("/ontzorging/{plan}/volgorde"), &refs).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Volgnummer 1 is al gebruikt"), "{}", r.body);
    assert!(plan_row(&app, &plan).priority_decided_at.is_none());
    for (i, f) in fields.iter_mut().enumerate() {
        f.1 = (i + 1).to_string();
    }
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = km.post_form(&format!("/ontzorging/{plan}/volgorde"), &refs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(plan_row(&app, &plan).priority_decided_at.is_some());
    let page = km.get(r.location()).await;
    assert!(page.body.contains("De volgorde bij tekort is vastgelegd."));
    assert!(page.body.contains("Tekort: in de besloten volgorde niet (volledig) betaald"), "{}", page.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_run_needs_a_second_pair_of_eyes() {
    let app = TestApp::new();
    let this = Month::of(app.clock.today());
    let run = app
        .services
        .store
        .read(|c| regie_store::ontzorging::list_runs(c, None))
        .expect("runs")
        .into_iter()
        .find(|r| r.status == "concept")
        .expect("the demo's draft run");
    assert_eq!(run.drafted_by, "financien");
    let mut fin = app.login("financien").await;

    let list = fin.get("/betaalruns").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(&format!("href=\"/betaalruns/{}\"", run.id)), "{}", list.body);
    assert!(list.body.contains(&format!("value=\"{}\"", this.code())), "the draft form proposes this month");
    let r = fin.get("/betaalruns?maand=2026-13").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Een maand schrijft u als jaar-maand"));
    let r = fin.post_form("/betaalruns", &[("month", &this.next().code())]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("in de toekomst"), "{}", r.body);
    // Drafting this month again finds the run that exists.
    let r = fin.post_form("/betaalruns", &[("month", &this.code())]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/betaalruns/{}?melding=bestond", run.id));

    let page = fin.get(&format!("/betaalruns/{}", run.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Status: <strong>Concept, wacht op goedkeuring</strong>"));
    assert!(page.body.contains("U heeft deze betaalrun zelf opgesteld."));
    assert!(page.body.contains("Subtotalen per gemeente") && page.body.contains("Alkmaar"));
    assert!(page.body.contains("Restant aan inburgeraar") && page.body.contains("Woonwaard"));
    assert!(page.body.contains("Tekort, besluit nodig"), "the shortfall plan is signalled: {}", page.body);
    assert!(!page.body.contains("sepa.xml"), "no SEPA file before approval");

    // The drafter cannot approve; an empty rejection is named; the run stays a draft.
    let r = fin.post_form(&format!("/betaalruns/{}/goedkeuren", run.id), &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("U heeft deze betaalrun zelf opgesteld. Een andere medewerker"), "{}", r.body);
    let r = fin.post_form(&format!("/betaalruns/{}/afwijzen", run.id), &[("reason", " ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Geef de reden waarom deze betaalrun wordt afgewezen."));
    let status = |app: &TestApp| {
        app.services.store.read(|c| regie_store::ontzorging::get_run(c, &run.id)).expect("read").expect("run").status
    };
    assert_eq!(status(&app), "concept");
    assert_eq!(fin.get(&format!("/betaalruns/{}/sepa.xml", run.id)).await.status, StatusCode::CONFLICT);

    // The second finance user approves.
    let mut second = app.login("financien.controle").await;
    let r = second.post_form(&format!("/betaalruns/{}/goedkeuren", run.id), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(status(&app), "goedgekeurd");
    let page = second.get(r.location()).await;
    assert!(page.body.contains("Status: <strong>Goedgekeurd</strong>"));
    assert!(page.body.contains("Goedgekeurd door") && page.body.contains("financien.controle"));
    let sepa = second.get(&format!("/betaalruns/{}/sepa.xml", run.id)).await;
    assert_eq!(sepa.status, StatusCode::OK);
    assert_eq!(sepa.content_type(), "application/xml");
    assert!(header_of(&sepa, header::CONTENT_DISPOSITION).contains(&format!("betaalrun-{}.xml", this.code())));
    assert!(sepa.body.contains("pain.001.001.03"));

    // A storno needs a reason.
    let line = between(&page.body, &format!("/betaalruns/{}/regels/", run.id), "/storno");
    let r = second.post_form(&format!("/betaalruns/{}/regels/{line}/storno", run.id), &[("reason", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Geef de reden van de storno."));
    let r = second
        .post_form(&format!("/betaalruns/{}/regels/{line}/storno", run.id), &[("reason", "Rekening opgeheven")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = second.post_form(&format!("/betaalruns/{}/regels/{line}/storno", run.id), &[("reason", "Nog eens")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("al teruggeboekt"));

    // The report of the month: on screen, as CSV (with a BOM, for Excel) and as XLSX.
    let report = fin.get(&format!("/ontzorging/rapportage?maand={}", this.code())).await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(report.body.contains("Alkmaar") && report.body.contains("Totaal schuldeisers"), "{}", report.body);
    let csv = fin.get(&format!("/ontzorging/rapportage.csv?maand={}", this.code())).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.content_type(), "text/csv; charset=utf-8");
    assert!(csv.body.starts_with('\u{feff}'), "a byte-order mark for Excel");
    assert!(csv.body.contains("GM0361;Alkmaar;"), "{}", csv.body);
    assert!(header_of(&csv, header::CONTENT_DISPOSITION).contains(&format!("ontzorging-{}.csv", this.code())));
    let xlsx = fin.get(&format!("/ontzorging/rapportage.xlsx?maand={}", this.code())).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert_eq!(xlsx.content_type(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert!(xlsx.body.starts_with("PK"), "a zip container");
    assert_eq!(fin.get("/ontzorging/rapportage?maand=nooit").await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A case worker has no business with runs or the report.
    let mut km = app.login("klantmanager").await;
    assert_eq!(km.get("/betaalruns").await.status, StatusCode::FORBIDDEN);
    assert_eq!(km.get(&format!("/betaalruns/{}", run.id)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(km.get("/ontzorging/rapportage.csv").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_settings_are_read_by_all_and_changed_by_the_administrator() {
    let app = TestApp::new();
    let mut admin = app.login("beheerder").await;
    let index = admin.get("/beheer").await;
    assert!(index.body.contains("Ontzorgen: normen, kostensoorten en rekeningen"));
    let page = admin.get("/beheer/ontzorging").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Bijstandsnormen") && page.body.contains("Norm opslaan"));
    assert!(page.body.contains("BNGHNL2G"), "the demo's paying accounts");

    // A norm not on the first of a month, an absurd amount: named, nothing stored.
    let before = app.services.store.read(regie_store::ontzorging::list_norms).expect("norms").len();
    let r = admin
        .post_form(
            "/beheer/ontzorging/normen",
            &[("householdType", "gehuwd"), ("validFrom", "02-01-2027"), ("amount", "2.050,00")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("eerste dag van een maand"), "{}", r.body);
    let r = admin
        .post_form("/beheer/ontzorging/normen", &[("householdType", "gehuwd"), ("validFrom", "nu"), ("amount", "veel")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Vul de ingangsdatum in als dd-mm-jjjj.") && r.body.contains("Een bedrag schrijft u als"));
    assert_eq!(app.services.store.read(regie_store::ontzorging::list_norms).expect("norms").len(), before);
    let r = admin
        .post_form(
            "/beheer/ontzorging/normen",
            &[("householdType", "gehuwd"), ("validFrom", "01-01-2027"), ("amount", "2.050,00")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(admin.get(r.location()).await.body.contains("€ 2.050,00"));

    // Cost types: a bad code is named; a new one can be switched off.
    let r = admin.post_form("/beheer/ontzorging/kostensoorten", &[("code", "Gemeente Belasting"), ("label", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("kleine letters en liggende streepjes"));
    let r = admin
        .post_form(
            "/beheer/ontzorging/kostensoorten",
            &[("code", "uitvaartverzekering"), ("label", "Uitvaartverzekering")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = admin.post_form("/beheer/ontzorging/kostensoorten/uitvaartverzekering/actief", &[("actief", "nee")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let types = app.services.store.read(regie_store::ontzorging::list_cost_types).expect("types");
    assert!(!types.iter().find(|t| t.code == "uitvaartverzekering").expect("added").active);

    // An account with a bad IBAN and no municipality.
    let r = admin
        .post_form("/beheer/ontzorging/rekeningen", &[("gemeente", ""), ("name", "Gemeente X"), ("iban", "NL12")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Kies een gemeente uit de lijst.") && r.body.contains("Een Nederlands IBAN"));

    // A case worker reads the settings without forms, and cannot change them.
    let mut km = app.login("klantmanager").await;
    let page = km.get("/beheer/ontzorging").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Norm opslaan"));
    let r = km
        .post_form(
            "/beheer/ontzorging/normen",
            &[("householdType", "gehuwd"), ("validFrom", "01-07-2027"), ("amount", "2.100,00")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut helpdesk = app.login("helpdesk").await;
    assert_eq!(helpdesk.get("/beheer/ontzorging").await.status, StatusCode::FORBIDDEN);
}
