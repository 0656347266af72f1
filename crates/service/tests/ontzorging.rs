//! Ontzorging through the service layer, on the engine the suite runs on: the demo region's
//! plans and runs, four eyes on a run, exactly-once payment per plan and month, a ledger that
//! balances, a SEPA file that the official schema accepts, and bad input that changes nothing.

mod common;
use common::env;

use regie_domain::ontzorging::Month;
use regie_service::ontzorging::plans::{self, CostInput, NewPlan, Upload};
use regie_service::ontzorging::{reports, runs, synth};
use regie_service::{Actor, ServiceError, Services};

fn user(s: &Services, name: &str) -> Actor {
    runs::operator(s, name).unwrap()
}

fn this_month(s: &Services) -> Month {
    Month::of(s.clock.today())
}

fn field_error<T: std::fmt::Debug>(r: Result<T, ServiceError>, field: &str) -> String {
    match r {
        Err(ServiceError::Invalid(list)) => list
            .iter()
            .find(|f| f.field == field)
            .unwrap_or_else(|| panic!("no error on {field}: {list:?}"))
            .message
            .clone(),
        other => panic!("expected invalid input on {field}, got {other:?}"),
    }
}

fn conflict<T: std::fmt::Debug>(r: Result<T, ServiceError>) -> String {
    match r {
        Err(ServiceError::Conflict(m)) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A new plan for an Alkmaar asielstatushouder without one, with the four usual costs.
fn new_plan(s: &Services, start: chrono::NaiveDate) -> String {
    let km = user(s, "klantmanager");
    let (person, _, _) = s
        .store
        .read(|c| regie_store::ontzorging::households_without_plan(c, &["GM0361".into()], 1))
        .unwrap()
        .pop()
        .expect("a household without a plan");
    let plan = plans::create(
        s,
        &km,
        &NewPlan {
            person_id: person,
            household_type: "gehuwd".into(),
            benefit_start: start.to_string(),
            months: None,
            months_reason: String::new(),
            payee_iban: "NL91ABNA0417164300".into(),
        },
    )
    .unwrap();
    for cost in synth::standard_costs(3, Month::of(start)) {
        plans::add_cost(s, &km, &plan.id, &cost).unwrap();
    }
    plan.id
}

fn machtiging(s: &Services, plan: &str) {
    let km = user(s, "klantmanager");
    let doc =
        Upload { name: "m.pdf".into(), content_type: "application/pdf".into(), bytes: synth::sample_machtiging() };
    plans::record_machtiging(s, &km, plan, &s.clock.today().to_string(), &doc).unwrap();
}

#[test]
fn the_demo_has_plans_in_every_state_and_a_run_waiting_for_approval() {
    let e = env();
    let fin = user(&e.s, "financien");
    let km = user(&e.s, "klantmanager");
    let (alkmaar, _) = plans::list(&e.s, &km, None, 1).unwrap();
    let statuses: std::collections::BTreeSet<&str> = alkmaar.iter().map(|p| p.plan.status.as_str()).collect();
    for st in ["concept", "actief", "afgesloten", "gestopt"] {
        assert!(statuses.contains(st), "a plan in state {st}: {statuses:?}");
    }
    let signals: Vec<&str> = alkmaar.iter().flat_map(|p| p.signals.iter().map(|x| x.code())).collect();
    for code in ["geen_machtiging", "tekort_besluit_nodig", "overdracht_plannen"] {
        assert!(signals.contains(&code), "a plan signalling {code}: {signals:?}");
    }
    let closed = alkmaar.iter().find(|p| p.plan.status == "afgesloten").unwrap();
    let docs = plans::get(&e.s, &km, &closed.plan.id).unwrap().documents;
    assert!(docs.iter().any(|d| d.kind == "brief_inburgeraar"), "the person got a letter");
    assert_eq!(docs.iter().filter(|d| d.kind == "brief_schuldeiser").count(), 4, "each creditor got a letter");
    let this = runs::list(&e.s, &fin, Some(&this_month(&e.s).code())).unwrap();
    assert_eq!(this.len(), 1);
    assert_eq!(this[0].status, "concept");
    assert!(this[0].line_count > 0 && this[0].signal_count > 0);
    let last = runs::list(&e.s, &fin, Some(&this_month(&e.s).prev().code())).unwrap();
    assert_eq!(last[0].status, "goedgekeurd");
    assert!(runs::verify_ledger(&e.s).unwrap().is_empty());
}

#[test]
fn four_eyes_exactly_once_and_a_balanced_ledger() {
    let e = env();
    let s = &e.s;
    let fin = user(s, "financien");
    let fin2 = user(s, "financien.controle");
    let month = this_month(s).code();
    let draft = runs::list(s, &fin, Some(&month)).unwrap().remove(0);

    // The drafter cannot approve; nothing changes.
    let m = conflict(runs::approve(s, &fin, &draft.id));
    assert!(m.contains("vier ogen"), "{m}");
    assert_eq!(runs::get(s, &fin, &draft.id).unwrap().run.status, "concept");

    // A second draft for the month returns the same run.
    let (again, created) = runs::draft(s, &fin2, &month).unwrap();
    assert!(!created);
    assert_eq!(again.id, draft.id);

    // A future month is refused.
    let next = this_month(s).next().code();
    assert!(field_error(runs::draft(s, &fin, &next), "month").contains("toekomst"));
    assert!(runs::list(s, &fin, Some(&next)).unwrap().is_empty());

    let approved = runs::approve(s, &fin2, &draft.id).unwrap();
    assert_eq!(approved.status, "goedgekeurd");
    // Approving again is harmless and books nothing twice.
    runs::approve(s, &fin2, &draft.id).unwrap();
    assert!(runs::verify_ledger(s).unwrap().is_empty(), "{:?}", runs::verify_ledger(s));

    // Each line: creditors plus remainder equal the benefit of the plan for the month.
    let view = runs::get(s, &fin2, &draft.id).unwrap();
    let mut per_plan = std::collections::HashMap::<&str, i64>::new();
    for l in &view.lines {
        assert!(l.amount_cents > 0);
        *per_plan.entry(l.plan_id.as_str()).or_default() += l.amount_cents;
    }
    assert_eq!(per_plan.len() as i32, view.run.plan_count);
    assert_eq!(view.lines.iter().map(|l| l.amount_cents).sum::<i64>(), view.run.total_cents);

    // A correction is a storno entry; the original stays and cannot be reversed twice.
    let line = &view.lines[0];
    runs::reverse_line(s, &fin2, &draft.id, line.id, "Rekening opgeheven; terug van de bank").unwrap();
    assert!(conflict(runs::reverse_line(s, &fin2, &draft.id, line.id, "nogmaals")).contains("al teruggeboekt"));
    assert!(runs::verify_ledger(s).unwrap().is_empty());

    // The report counts what was paid.
    let report = reports::month_report(s, &fin, &month).unwrap();
    let paid: i64 = report.rows.iter().map(|r| r.creditors.0 + r.remainders.0).sum();
    assert_eq!(paid, view.run.total_cents);
    assert!(reports::csv(&report).unwrap().starts_with(&[0xEF, 0xBB, 0xBF]));
    assert!(!reports::xlsx(&report).unwrap().is_empty());
}

#[test]
fn the_sepa_file_of_an_approved_run_passes_the_official_schema() {
    let e = env();
    let fin = user(&e.s, "financien");
    let last = runs::list(&e.s, &fin, Some(&this_month(&e.s).prev().code())).unwrap().remove(0);
    let xml = runs::sepa(&e.s, &fin, &last.id).unwrap();
    assert_eq!(xml, runs::sepa(&e.s, &fin, &last.id).unwrap(), "the same file every time");
    // The download is audited naming the paid persons: an auditor finds it by any of them.
    let plan = runs::get(&e.s, &fin, &last.id).unwrap().lines[0].plan_id.clone();
    let paid = e.s.store.read(|c| regie_store::ontzorging::persons_of_plans(c, &[plan.as_str()])).unwrap();
    e.s.flush_audit();
    let filter = regie_service::audit::AuditFilter { person_id: Some(paid[0].clone()), ..Default::default() };
    let found = e.s.store.read(|c| regie_store::audit::search(c, &filter, 0, 1000)).unwrap();
    assert!(
        found.items.iter().any(|r| r.action == "ontzorging.run.sepa" && r.object_id == last.id),
        "the SEPA download names the person"
    );
    let text = String::from_utf8(xml.clone()).unwrap();
    assert!(text.contains(&format!("<NbOfTxs>{}</NbOfTxs>", last.line_count)));
    let dir = std::env::temp_dir().join(format!("regie-sepa-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("run.xml");
    std::fs::write(&file, &xml).unwrap();
    let xsd = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../documents/tests/data/pain.001.001.03.xsd");
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&xsd)
        .arg(&file)
        .output()
        .expect("xmllint (Debian package libxml2-utils) must be installed");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // A draft has no file yet.
    let draft = runs::list(&e.s, &fin, Some(&this_month(&e.s).code())).unwrap().remove(0);
    assert!(conflict(runs::sepa(&e.s, &fin, &draft.id)).contains("goedgekeurd"));
}

#[test]
fn the_approved_sepa_file_is_kept_and_a_changed_copy_is_never_handed_out() {
    let e = env();
    let fin = user(&e.s, "financien");
    let last = runs::list(&e.s, &fin, Some(&this_month(&e.s).prev().code())).unwrap().remove(0);
    let xml = runs::sepa(&e.s, &fin, &last.id).unwrap();
    let kept = e.s.store.read(|c| regie_store::ontzorging::run_file(c, &last.id)).unwrap().expect("kept at approval");
    assert_eq!(kept.byte_count as usize, xml.len());
    assert!(kept.content.len() * 4 < xml.len(), "kept compressed: {} of {} bytes", kept.content.len(), xml.len());

    // A kept copy that differs from what was approved (one amount changed) is refused.
    let text = String::from_utf8(xml.clone()).unwrap();
    let at = text.find("<InstdAmt Ccy=\"EUR\">").expect("an amount") + "<InstdAmt Ccy=\"EUR\">".len();
    let mut changed = text.into_bytes();
    changed[at] = if changed[at] == b'1' { b'2' } else { b'1' };
    let forged = regie_store::ontzorging::RunFileRow {
        content: zstd::bulk::compress(&changed, 1).unwrap(),
        byte_count: changed.len() as i64,
        ..kept
    };
    e.s.store.execute_raw("DELETE FROM payment_run_files").unwrap();
    e.s.store.write_with(|c| Ok::<_, ServiceError>(regie_store::ontzorging::insert_run_file(c, &forged)?)).unwrap();
    assert!(matches!(runs::sepa(&e.s, &fin, &last.id), Err(ServiceError::Internal(_))));
    // `regie payments verify` names the run whose kept file changed.
    let problems = runs::verify_ledger(&e.s).unwrap();
    assert!(
        problems.iter().any(|p| p.contains(&last.id) && p.contains("wijkt af")),
        "verify reports the changed file: {problems:?}"
    );

    // Without a kept copy (runs approved before files were kept) the file is built from the
    // lines: the same bytes as approved.
    e.s.store.execute_raw("DELETE FROM payment_run_files").unwrap();
    assert_eq!(runs::sepa(&e.s, &fin, &last.id).unwrap(), xml);
    assert!(runs::verify_ledger(&e.s).unwrap().is_empty(), "nothing kept, nothing wrong");
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let e = env();
    let s = &e.s;
    let km = user(s, "klantmanager");
    let start = this_month(s).first_day();
    let plan = new_plan(s, start);
    let costs_before = plans::get(s, &km, &plan).unwrap().costs.len();
    let cost = |iban: &str, amount: &str| CostInput {
        cost_type: "water".into(),
        creditor_name: "PWN".into(),
        creditor_iban: iban.into(),
        reference: "K1".into(),
        amount: amount.into(),
        period: "maand".into(),
        from_month: this_month(s).code(),
    };
    assert!(field_error(plans::add_cost(s, &km, &plan, &cost("NL91ABNA0417164301", "20,00")), "creditorIban")
        .contains("IBAN"));
    assert!(
        field_error(plans::add_cost(s, &km, &plan, &cost("NL91ABNA0417164300", "-20,00")), "amount").contains("groter")
    );
    assert!(field_error(plans::add_cost(s, &km, &plan, &cost("NL91ABNA0417164300", "120000,00")), "amount")
        .contains("hoog"));
    // A name the bank cannot carry would make the whole run's SEPA file fail: refused at entry.
    let arabic_only =
        CostInput { creditor_name: "شركة المياه".into(), ..cost("NL91ABNA0417164300", "20,00") };
    assert!(field_error(plans::add_cost(s, &km, &plan, &arabic_only), "creditorName").contains("Latijnse"));
    assert_eq!(plans::get(s, &km, &plan).unwrap().costs.len(), costs_before);
    let person = regie_service::persons::create(
        s,
        &km,
        &regie_service::persons::NewPerson {
            given_names: "أمل".into(),
            family_name: "الحسن".into(),
            birth_date: "01-01-1990".into(),
            v_nummer: Some("5559123456".into()),
            nationality: "Syrische".into(),
            target_group: "asielstatushouder".into(),
            municipality_code: "GM0361".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let refused = plans::create(
        s,
        &km,
        &NewPlan {
            person_id: person.id,
            household_type: "alleenstaand".into(),
            benefit_start: start.to_string(),
            months: None,
            months_reason: String::new(),
            payee_iban: "NL91ABNA0417164300".into(),
        },
    );
    assert!(conflict(refused).contains("Latijnse letters"));

    // No payment without a machtiging: the plan cannot become active, and a run pays it nothing.
    let m = conflict(plans::activate(s, &km, &plan));
    assert!(m.contains("machtiging"), "{m}");
    assert_eq!(plans::get(s, &km, &plan).unwrap().plan.status, "concept");
    let bad_doc = Upload { name: "m.exe".into(), content_type: "application/pdf".into(), bytes: b"MZ..".to_vec() };
    assert!(
        field_error(plans::record_machtiging(s, &km, &plan, &start.to_string(), &bad_doc), "document").contains("PDF")
    );
    assert!(plans::get(s, &km, &plan).unwrap().documents.is_empty());

    // A run long ago, or for a month in which no plan runs, is refused and stores nothing.
    let fin = user(s, "financien");
    let long_ago = this_month(s).plus(-30).code();
    assert!(field_error(runs::draft(s, &fin, &long_ago), "month").contains("twee jaar"));
    let empty = this_month(s).plus(-20).code();
    assert!(conflict(runs::draft(s, &fin, &empty)).contains("niets te betalen"));
    assert!(runs::list(s, &fin, Some(&empty)).unwrap().is_empty());
    assert!(field_error(runs::draft(s, &fin, "2026-13"), "month").contains("jaar-maand"));

    // The Heiloo case worker finds nothing; COA may not touch ontzorging.
    let heiloo = user(s, "klantmanager.heiloo");
    assert!(matches!(plans::get(s, &heiloo, &plan), Err(ServiceError::NotFound)));
    assert!(matches!(plans::activate(s, &heiloo, &plan), Err(ServiceError::NotFound)));
    assert!(matches!(plans::get(s, &user(s, "coa"), &plan), Err(ServiceError::Forbidden)));
    assert!(matches!(runs::list(s, &km, None), Err(ServiceError::Forbidden)));
}

#[test]
fn a_rejected_run_frees_the_month_and_a_plan_is_paid_once() {
    let e = env();
    let s = &e.s;
    let fin = user(s, "financien");
    let fin2 = user(s, "financien.controle");
    let km = user(s, "klantmanager");
    let month = this_month(s);
    // A plan starting mid-month: pro rata.
    let start = chrono::NaiveDate::from_ymd_opt(month.year(), month.number(), 10).unwrap();
    let plan = new_plan(s, start);
    machtiging(s, &plan);
    plans::activate(s, &km, &plan).unwrap();

    let draft = runs::list(s, &fin, Some(&month.code())).unwrap().remove(0);
    assert!(runs::get(s, &fin, &draft.id).unwrap().lines.iter().all(|l| l.plan_id != plan), "drafted before the plan");
    assert!(field_error(runs::reject(s, &fin2, &draft.id, " "), "reason").contains("reden"));
    runs::reject(s, &fin2, &draft.id, "Nieuw plan moet mee").unwrap();
    let (redraft, created) = runs::draft(s, &fin, &month.code()).unwrap();
    assert!(created);
    let lines: Vec<_> =
        runs::get(s, &fin, &redraft.id).unwrap().lines.into_iter().filter(|l| l.plan_id == plan).collect();
    assert!(!lines.is_empty());
    let days = month.days() as i32 - 9;
    assert!(lines.iter().all(|l| l.days == days), "pro rata over {days} days");
    runs::approve(s, &fin2, &redraft.id).unwrap();
    // The plan is paid once for the month, whatever is tried next.
    assert!(conflict(runs::reject(s, &fin2, &redraft.id, "te laat")).contains("storno"));
    let paid_months: Vec<_> =
        plans::get(s, &km, &plan).unwrap().paid.into_iter().filter(|(_, st)| st == "goedgekeurd").collect();
    assert_eq!(paid_months.len(), lines.len());
    assert!(runs::verify_ledger(s).unwrap().is_empty());

    // A cost change for a paid month is refused.
    let cost_id = plans::get(s, &km, &plan).unwrap().costs[0].id;
    let change = CostInput {
        cost_type: "huur".into(),
        creditor_name: "Woonwaard".into(),
        creditor_iban: "NL91ABNA0417164300".into(),
        reference: "X".into(),
        amount: "700,00".into(),
        period: "maand".into(),
        from_month: month.code(),
    };
    assert!(field_error(plans::change_cost(s, &km, &plan, cost_id, &change), "fromMonth").contains("betaald"));
    let next = CostInput { from_month: month.next().code(), ..change };
    plans::change_cost(s, &km, &plan, cost_id, &next).unwrap();
    let v = plans::get(s, &km, &plan).unwrap();
    assert_eq!(v.costs.iter().find(|k| k.id == cost_id).unwrap().until_month.as_deref(), Some(month.code().as_str()));
}

/// The run tables carry no foreign keys (they cost a lookup per row for half a million rows);
/// the ledger check finds what a key would have refused, and an altered amount.
#[test]
fn the_ledger_check_finds_dangling_references_and_altered_bookings() {
    let e = env();
    let s = &e.s;
    assert!(runs::verify_ledger(s).unwrap().is_empty());
    s.store
        .execute_raw(
            "UPDATE ledger_entries SET amount_cents = amount_cents + 1 WHERE id = (SELECT MIN(id) FROM ledger_entries)",
        )
        .unwrap();
    let problems = runs::verify_ledger(s).unwrap();
    assert!(problems.iter().any(|p| p.contains("hoort niet bij een goedgekeurde regel")), "{problems:?}");
    s.store.execute_raw("DELETE FROM payment_lines WHERE id = (SELECT MIN(line_id) FROM ledger_entries)").unwrap();
    s.store
        .execute_raw(
            "UPDATE plan_months SET run_id = 'verdwenen' WHERE plan_id = (SELECT MIN(plan_id) FROM plan_months)",
        )
        .unwrap();
    let problems = runs::verify_ledger(s).unwrap();
    assert!(problems.iter().any(|p| p.contains("verwijst naar een regel die niet bestaat")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("betaald door een run die niet bestaat")), "{problems:?}");
}
