//! Case management through the service layer, on the engine the suite runs on: the state
//! machine refuses illegal steps and changes nothing, the termijn does not move with a new PIP
//! version, and a koppeling import is all-or-nothing and idempotent.

mod common;
use common::{actor, conflict, env, klantmanager};

use chrono::{Days, NaiveDate};
use regie_domain::Role;
use regie_service::cases::{dossier, duplicates, intake, koppeling, pip, route};
use regie_service::{Actor, ServiceError, Services};

fn teamleider(s: &Services) -> Actor {
    actor(s, "teamleider", Role::Teamleider, &["GM0361"])
}

/// A fresh Alkmaar koppeling: a case at its first stage.
fn new_case(s: &Services, v: &str) -> String {
    let fields = koppeling_fields(1, v, "GM0361");
    koppeling::register(s, &klantmanager(s), &fields).unwrap()
}

fn koppeling_fields(line: usize, v: &str, code: &str) -> regie_domain::inburgering::koppeling::KoppelingFields {
    regie_domain::inburgering::koppeling::KoppelingFields {
        line,
        vnummer: v.into(),
        achternaam: "Haddad".into(),
        voornamen: "Rania".into(),
        geboortedatum: "14-03-1996".into(),
        geslacht: "V".into(),
        nationaliteit: "Syrische".into(),
        taal: "Arabisch".into(),
        gemeentecode: code.into(),
        koppelingsdatum: "01-09-2026".into(),
        huishoudnummer: "H-1".into(),
        ..Default::default()
    }
}

fn stage(s: &Services, id: &str) -> String {
    s.store.read(|c| regie_store::cases::get(c, id)).unwrap().unwrap().stage
}

fn full_intake(s: &Services, id: &str, score: i32, on: NaiveDate) {
    let topics = regie_domain::inburgering::IntakeTopic::ALL
        .iter()
        .map(|t| intake::TopicInput {
            topic: t.code().into(),
            assessment: t.options()[0].0.into(),
            notes: String::new(),
            source: "persoon".into(),
        })
        .collect();
    let input = intake::IntakeInput {
        topics,
        lbt_date: Some(on.format("%d-%m-%Y").to_string()),
        lbt_score: Some(score),
        ..Default::default()
    };
    intake::save(s, &klantmanager(s), id, &input).unwrap();
}

fn pip_input() -> pip::DraftInput {
    pip::DraftInput {
        content: pip::PipContent {
            language_target: "B1".into(),
            goals: vec![pip::PipGoal {
                life_domain: "taal".into(),
                goal: "B1 halen".into(),
                actions: vec![pip::PipAction {
                    who: "Inburgeraar".into(),
                    what: "Lessen".into(),
                    by_when: "Doorlopend".into(),
                }],
            }],
            progress_interviews: "Elke drie maanden".into(),
            ..Default::default()
        },
        change: None,
    }
}

#[test]
fn illegal_steps_are_refused_in_dutch_and_change_nothing() {
    let e = env();
    let s = &e.s;
    let km = klantmanager(s);
    let id = new_case(s, "5123456780");
    let audit_before = s.store.read(regie_store::audit::count).unwrap();

    // A PIP without a completed intake.
    let msg = conflict(pip::draft(s, &km, &id, &pip_input()));
    assert!(msg.contains("na een afgeronde brede intake"), "{msg}");
    // Completing an intake that lacks topics names them.
    intake::save(s, &km, &id, &intake::IntakeInput::default()).unwrap();
    let msg = conflict(intake::complete(s, &km, &id));
    assert!(msg.contains("leerbaarheidstoets") && msg.contains("Sociaal netwerk"), "{msg}");
    assert_eq!(stage(s, &id), "intake");
    // A score above 40 is bad input.
    let bad = intake::IntakeInput { lbt_date: Some("01-10-2026".into()), lbt_score: Some(41), ..Default::default() };
    assert!(matches!(intake::save(s, &km, &id, &bad), Err(ServiceError::Invalid(_))));
    assert!(s.store.read(|c| regie_store::cases::intake(c, &id)).unwrap().unwrap().lbt_score.is_none());
    // Only the successful partial save was audited (one write record).
    assert_eq!(s.store.read(regie_store::audit::count).unwrap(), audit_before + 1);
}

#[test]
fn the_chain_from_intake_to_an_established_pip_and_a_termijn_that_does_not_move() {
    let e = env();
    let s = &e.s;
    let km = klantmanager(s);
    let tl = teamleider(s);
    let id = new_case(s, "5123456781");
    let today = s.clock.today();
    full_intake(s, &id, 33, today);
    intake::complete(s, &km, &id).unwrap();

    // Deviating from the advice without grounds is refused; with grounds it is recorded.
    let advice = route::advice(s, &km, &id).unwrap();
    assert!(advice.route.is_some());
    assert!(!advice.reasons.is_empty());
    let deviate = route::DecisionInput {
        route: "z_route".into(),
        grounds: String::new(),
        onderwijsroute_reason: "Past niet bij de wens van de persoon".into(),
    };
    match route::decide(s, &km, &id, &deviate) {
        Err(ServiceError::Invalid(f)) => assert!(f[0].message.contains("wijkt af")),
        other => panic!("{other:?}"),
    }
    let decision = route::DecisionInput {
        route: "b1".into(),
        grounds: "Wil snel aan het werk, bewust geen onderwijsroute".into(),
        onderwijsroute_reason: "Wil snel aan het werk".into(),
    };
    route::decide(s, &km, &id, &decision).unwrap();
    assert_eq!(stage(s, &id), "route_bepaald");

    let draft = pip::draft(s, &km, &id, &pip_input()).unwrap();
    pip::submit(s, &km, &draft.id).unwrap();
    // A klantmanager cannot establish; the team lead can.
    assert!(matches!(pip::establish(s, &km, &draft.id), Err(ServiceError::Forbidden)));
    let established = pip::establish(s, &tl, &draft.id).unwrap();
    assert_eq!(established.dagtekening, Some(today));
    let case = s.store.read(|c| regie_store::cases::get(c, &id)).unwrap().unwrap();
    assert_eq!(case.stage, "uitvoering");
    assert_eq!(case.termijn_start, Some(today + Days::new(1)));
    let first_end = case.termijn_end.unwrap();

    // A later version (a route switch within 18 months) does not move the termijn.
    s.clock.advance(chrono::Duration::days(40));
    let mut change = pip_input();
    change.change = Some(pip::ChangeInput {
        kind: "routewissel".into(),
        reason: "Toch onderwijs".into(),
        to_route: Some("onderwijsroute".into()),
        ..Default::default()
    });
    let v2 = pip::draft(s, &km, &id, &change).unwrap();
    assert_eq!(v2.version, 2);
    pip::submit(s, &km, &v2.id).unwrap();
    pip::establish(s, &tl, &v2.id).unwrap();
    let case = s.store.read(|c| regie_store::cases::get(c, &id)).unwrap().unwrap();
    assert_eq!(case.termijn_start, Some(today + Days::new(1)));
    assert_eq!(case.termijn_end, Some(first_end));
    assert_eq!(case.route.as_deref(), Some("onderwijsroute"));
    let versions = pip::versions(s, &km, &id).unwrap();
    assert_eq!(versions.iter().map(|p| p.status.as_str()).collect::<Vec<_>>(), ["vervangen", "vastgesteld"]);

    // Afschalen with too few hours is refused, and a route switch after 18 months too.
    let mut afschalen = pip_input();
    afschalen.change = Some(pip::ChangeInput {
        kind: "afschalen".into(),
        reason: "Te moeilijk".into(),
        effort_sufficient: true,
        ..Default::default()
    });
    let msg = conflict(pip::draft(s, &km, &id, &afschalen));
    assert!(msg.contains("B1-route"), "{msg}");
    s.clock.advance(chrono::Duration::days(19 * 31));
    let mut late = pip_input();
    late.change = Some(pip::ChangeInput {
        kind: "routewissel".into(),
        reason: "Nog eens wisselen".into(),
        to_route: Some("z_route".into()),
        ..Default::default()
    });
    let msg = conflict(pip::draft(s, &km, &id, &late));
    assert!(msg.contains("18 maanden"), "{msg}");
    assert_eq!(pip::versions(s, &km, &id).unwrap().len(), 2);
}

#[test]
fn the_drafter_cannot_establish_their_own_pip() {
    let e = env();
    let s = &e.s;
    let tl = teamleider(s);
    let id = new_case(s, "5123456782");
    full_intake(s, &id, 30, s.clock.today());
    intake::complete(s, &tl, &id).unwrap();
    route::decide(
        s,
        &tl,
        &id,
        &route::DecisionInput {
            route: "b1".into(),
            grounds: "Advies gevolgd, met uitleg".into(),
            onderwijsroute_reason: "Ouder dan de richtleeftijd".into(),
        },
    )
    .unwrap();
    let draft = pip::draft(s, &tl, &id, &pip_input()).unwrap();
    pip::submit(s, &tl, &draft.id).unwrap();
    let msg = conflict(pip::establish(s, &tl, &draft.id));
    assert!(msg.contains("niet zelf vaststellen"), "{msg}");
}

#[test]
fn a_duo_correction_withdraws_the_case_and_keeps_its_history() {
    let e = env();
    let s = &e.s;
    let km = klantmanager(s);
    let id = new_case(s, "5123456783");
    dossier::withdraw(s, &km, &id, "Correctie DUO: EU-onderdaan").unwrap();
    let d = dossier::get(s, &km, &id).unwrap();
    assert_eq!(d.case.stage, "ingetrokken");
    assert_eq!(d.person.status, "ingetrokken");
    assert_eq!(d.events.last().unwrap().command, "ingetrokken");
    assert!(matches!(intake::save(s, &km, &id, &intake::IntakeInput::default()), Err(ServiceError::Conflict(_))));
}

fn csv(rows: &[String]) -> Vec<u8> {
    let mut out = String::from("vnummer;achternaam;voornamen;geboortedatum;geslacht;nationaliteit;taal;gemeentecode;koppelingsdatum;huishoudnummer\n");
    for r in rows {
        out.push_str(r);
        out.push('\n');
    }
    out.into_bytes()
}

#[test]
fn an_import_of_1000_rows_is_all_or_nothing_and_idempotent() {
    let e = env();
    let s = &e.s;
    let km = klantmanager(s);
    let row = |i: usize| {
        format!(
            "{};Ahmadi;Sahar;{:02}-05-1990;V;Afghaanse;Dari;GM0361;02-09-2026;H{}",
            6_000_000_000u64 + i as u64,
            1 + i % 28,
            i / 2
        )
    };
    let mut rows: Vec<String> = (0..1000).map(row).collect();
    rows[10] = rows[10].replace("-05-1990", "-13-1990");
    rows[500] = rows[500].replace("GM0361", "GM9999");
    rows[998] = rows[999].clone();
    let persons_before = s.store.read(regie_store::persons::count_all).unwrap();
    match koppeling::import_file(s, &km, &csv(&rows), false) {
        Err(ServiceError::Invalid(errors)) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["regel 12 (geboortedatum)", "regel 502 (gemeentecode)", "regel 1001 (vnummer)"]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.store.read(regie_store::persons::count_all).unwrap(), persons_before);

    let rows: Vec<String> = (0..1000).map(row).collect();
    let dry = koppeling::import_file(s, &km, &csv(&rows), true).unwrap();
    assert_eq!((dry.created, dry.dry_run), (1000, true));
    assert_eq!(s.store.read(regie_store::persons::count_all).unwrap(), persons_before);
    let first = koppeling::import_file(s, &km, &csv(&rows), false).unwrap();
    assert_eq!((first.created, first.already_present), (1000, 0));
    let again = koppeling::import_file(s, &km, &csv(&rows), false).unwrap();
    assert_eq!((again.created, again.already_present), (0, 1000));
    assert_eq!(s.store.read(regie_store::persons::count_all).unwrap(), persons_before + 1000);
    // Each imported person has a case at its first stage with the housing clock running.
    let case = s.store.read(|c| regie_store::cases::get(c, &first.person_ids[0])).unwrap().unwrap();
    assert_eq!(case.stage, "aangemeld");
    assert_eq!(case.next_due_kind.as_deref(), Some("huisvesting"));
}

#[test]
fn an_import_for_a_municipality_outside_the_scope_is_refused_whole() {
    let e = env();
    let s = &e.s;
    let heiloo = actor(s, "klantmanager.heiloo", Role::Klantmanager, &["GM0399"]);
    let body = csv(&["7000000001;Ali;Omar;01-01-1990;M;Syrische;Arabisch;GM0361;01-09-2026;H1".into()]);
    match koppeling::import_file(s, &heiloo, &body, false) {
        Err(ServiceError::Invalid(errors)) => assert_eq!(errors[0].field, "regel 2 (gemeentecode)"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_demo_holds_cases_in_every_stage() {
    let e = env();
    let stages: std::collections::BTreeSet<String> =
        e.s.store
            .read(|c| regie_store::persons::open_ids_in(c, "GM0361"))
            .unwrap()
            .iter()
            .chain(e.s.store.read(|c| regie_store::persons::open_ids_in(c, "GM1980")).unwrap().iter())
            .map(|id| stage(&e.s, id))
            .collect();
    for st in regie_domain::inburgering::Stage::ALL.iter().filter(|s| !s.is_closed()) {
        assert!(stages.contains(st.code()), "no demo case in stage {}", st.code());
    }
}

#[test]
fn coa_case_managers_lose_access_once_the_person_is_housed() {
    let e = env();
    let s = &e.s;
    let coa = actor(s, "coa", Role::Coa, &["GM0361"]);
    let id = new_case(s, "5123456784");
    // During the AZC phase COA contributes to the intake, but not to the health topics.
    let topic = |t: &str, a: &str| intake::IntakeInput {
        topics: vec![intake::TopicInput {
            topic: t.into(),
            assessment: a.into(),
            notes: String::new(),
            source: "coa".into(),
        }],
        ..Default::default()
    };
    intake::save(s, &coa, &id, &topic("werkervaring", "geen")).unwrap();
    assert!(matches!(
        intake::save(s, &coa, &id, &topic("mentale_gezondheid", "onbekend")),
        Err(ServiceError::Invalid(_))
    ));
    assert!(regie_service::persons::get(s, &coa, &id).is_ok());
    assert_eq!(regie_service::persons::search(s, &coa, "5123456784").unwrap().len(), 1);
    let housed =
        dossier::CaseFacts { housed_on: Some(s.clock.today().format("%d-%m-%Y").to_string()), ..Default::default() };
    dossier::update_facts(s, &klantmanager(s), &id, &housed).unwrap();
    assert!(matches!(regie_service::persons::get(s, &coa, &id), Err(ServiceError::NotFound)));
    assert!(matches!(dossier::get(s, &coa, &id), Err(ServiceError::NotFound)));
    // Nor in COA's lists and searches.
    let listed = regie_service::persons::list(s, &coa, 1, 100).unwrap();
    assert!(!listed.items.is_empty() && listed.items.iter().all(|p| p.id != id));
    assert!(regie_service::persons::search(s, &coa, "5123456784").unwrap().is_empty());
    assert_eq!(regie_service::persons::search(s, &klantmanager(s), "5123456784").unwrap().len(), 1);
    // The case worker still sees it, health topics included.
    assert!(dossier::get(s, &klantmanager(s), &id).is_ok());
}

#[test]
fn a_duplicate_spelled_differently_is_detected_and_merged_with_its_history_kept() {
    let e = env();
    let s = &e.s;
    let km = klantmanager(s);
    let first = new_case(s, "5123456785");
    // The same woman registered again by hand, her name transliterated differently, with a BSN.
    let again = regie_service::persons::create(
        s,
        &km,
        &regie_service::persons::NewPerson {
            given_names: "Rania".into(),
            family_name: "Hadad".into(),
            birth_date: "00-03-1996".into(),
            bsn: Some("111222333".into()),
            nationality: "Syrische".into(),
            target_group: "asielstatushouder".into(),
            municipality_code: "GM0361".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let found = duplicates::candidates(s, &km, &first).unwrap();
    assert_eq!(found.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), [again.id.as_str()]);
    // Heiloo sees no duplicates of an Alkmaar person (nor the person).
    let heiloo = actor(s, "klantmanager.heiloo", Role::Klantmanager, &["GM0399"]);
    assert!(matches!(duplicates::candidates(s, &heiloo, &first), Err(ServiceError::NotFound)));
    // Without a reason nothing happens; with one the duplicate closes and the BSN is adopted.
    assert!(matches!(duplicates::merge(s, &km, &first, &again.id, ""), Err(ServiceError::Invalid(_))));
    duplicates::merge(s, &km, &first, &again.id, "Zelfde persoon, andere spelling").unwrap();
    let kept = s.store.read(|c| regie_store::persons::get_scoped(c, &first, &["GM0361".into()])).unwrap().unwrap();
    assert_eq!(kept.bsn.as_deref(), Some("111222333"));
    assert_eq!(stage(s, &again.id), "ingetrokken");
    let merged = dossier::get(s, &km, &again.id).unwrap();
    assert_eq!(merged.person.status, "samengevoegd");
    assert!(dossier::get(s, &km, &first).unwrap().events.iter().any(|e| e.command == "samenvoegen"));
    // A person who is not a detected duplicate cannot be merged.
    let other = new_case(s, "5123456786");
    let other_row = s.store.read(|c| regie_store::persons::get_scoped(c, &other, &["GM0361".into()])).unwrap().unwrap();
    assert_eq!(other_row.family_name, "Haddad", "same name but...");
    let unrelated = regie_service::persons::create(
        s,
        &km,
        &regie_service::persons::NewPerson {
            given_names: "Omar".into(),
            family_name: "Khalil".into(),
            birth_date: "01-01-1980".into(),
            v_nummer: Some("5123456787".into()),
            nationality: "Syrische".into(),
            target_group: "asielstatushouder".into(),
            municipality_code: "GM0361".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(matches!(
        duplicates::merge(s, &km, &other, &unrelated.id, "Geen echte dubbel"),
        Err(ServiceError::Conflict(_))
    ));
}

#[test]
fn worklists_put_the_most_urgent_deadline_first_for_the_case_worker_and_the_team() {
    let e = env();
    let s = &e.s;
    use regie_service::cases::worklist;
    let own = worklist::get(s, &klantmanager(s), false, 1, worklist::WORKLIST_MAX_PAGE_SIZE).unwrap();
    assert!(!own.items.is_empty(), "the demo case worker has cases");
    let dues: Vec<_> = own.items.iter().map(|i| i.due).collect();
    let mut sorted = dues.clone();
    sorted.sort_by_key(|d| (d.is_none(), *d));
    assert_eq!(dues, sorted, "most urgent first, cases without a deadline last");
    assert!(own.overdue + own.due_soon > 0, "the demo has signals");
    // Pages of three together give the same cases in the same order, and nothing twice.
    assert!(own.total > 3 && own.total <= worklist::WORKLIST_MAX_PAGE_SIZE, "the demo fits on one page of 100");
    let mut paged = Vec::new();
    let mut page = 1;
    loop {
        let p = worklist::get(s, &klantmanager(s), false, page, 3).unwrap();
        assert_eq!(p.total, own.total);
        assert_eq!((p.overdue, p.due_soon), (own.overdue, own.due_soon), "the counts cover every page");
        paged.extend(p.items.iter().map(|i| i.person_id.clone()));
        if !p.has_next() {
            break;
        }
        page += 1;
    }
    assert_eq!(paged, own.items.iter().map(|i| i.person_id.clone()).collect::<Vec<_>>());
    assert!(worklist::get(s, &klantmanager(s), false, page + 1, 3).unwrap().items.is_empty(), "past the end");
    assert!(matches!(worklist::get(s, &klantmanager(s), false, 1, 0), Err(ServiceError::Invalid(_))));
    assert!(matches!(worklist::get(s, &klantmanager(s), false, 0, 25), Err(ServiceError::Invalid(_))));
    let team = worklist::get(s, &teamleider(s), true, 1, worklist::WORKLIST_PAGE_SIZE).unwrap();
    assert_eq!(team.team.as_deref(), Some("Team Alkmaar"));
    assert!(team.items.iter().any(|i| i.case_worker.as_deref() == Some("Sanne de Vries")));
    // A case worker has no team worklist.
    assert!(matches!(worklist::get(s, &klantmanager(s), true, 1, 25), Err(ServiceError::Forbidden)));
}

/// The worklist orders by the deadline the database copies from the case onto the person row;
/// a new case and a case step that moves its deadline must both reach that copy.
#[test]
fn a_case_whose_deadline_moves_moves_on_the_worklist() {
    let e = env();
    let s = &e.s;
    use regie_service::cases::{assignment, worklist};
    let km = klantmanager(s);
    let id = new_case(s, "5123456790");
    assignment::assign(s, &km, &id, km.user_id, None).unwrap();
    let listed = |s: &Services| {
        let all = worklist::get(s, &klantmanager(s), false, 1, worklist::WORKLIST_MAX_PAGE_SIZE).unwrap();
        let dues: Vec<_> = all.items.iter().map(|i| i.due).collect();
        let mut sorted = dues.clone();
        sorted.sort_by_key(|d| (d.is_none(), *d));
        assert_eq!(dues, sorted, "most urgent first, cases without a deadline last");
        let position = all.items.iter().position(|i| i.person_id == id).expect("the new case is on the worklist");
        (all.items[position].due, all.overdue)
    };
    let (due_before, overdue_before) = listed(s);
    let case_due = |s: &Services| s.store.read(|c| regie_store::cases::get(c, &id)).unwrap().unwrap().next_due;
    assert_eq!(due_before, case_due(s));
    // The person was housed, and the DUO kennisgeving and the BRP registration came, a week ago:
    // the housing deadline is gone and the PIP is due ten weeks later, so the case is no longer
    // overdue and moves down the list.
    assert!(due_before.is_some_and(|d| d < s.clock.today()), "counted from the koppeling, housing is overdue");
    let week_ago = (s.clock.today() - Days::new(7)).format("%d-%m-%Y").to_string();
    let facts = dossier::CaseFacts {
        kennisgeving_date: Some(week_ago.clone()),
        brp_date: Some(week_ago.clone()),
        housed_on: Some(week_ago),
        ..Default::default()
    };
    dossier::update_facts(s, &km, &id, &facts).unwrap();
    let (due_after, overdue_after) = listed(s);
    assert_eq!(due_after, case_due(s));
    assert!(due_after.is_some_and(|d| d > s.clock.today()), "the PIP is due in the future: {due_after:?}");
    assert_eq!(overdue_after, overdue_before - 1);
}

#[test]
fn a_role_without_the_permission_is_refused_before_its_input_is_judged() {
    let e = env();
    let s = &e.s;
    let id = new_case(s, "5123456788");
    let finance = actor(s, "financien", Role::Financien, &["GM0361"]);
    let bad_route = route::DecisionInput { route: "geen".into(), ..Default::default() };
    assert!(matches!(route::decide(s, &finance, &id, &bad_route), Err(ServiceError::Forbidden)));
    assert!(matches!(dossier::withdraw(s, &finance, &id, ""), Err(ServiceError::Forbidden)));
    assert!(matches!(duplicates::merge(s, &finance, &id, &id, ""), Err(ServiceError::Forbidden)));
    let bad_intake = intake::IntakeInput { lbt_score: Some(99), ..Default::default() };
    assert!(matches!(intake::save(s, &finance, &id, &bad_intake), Err(ServiceError::Forbidden)));
    // A case worker with the same bad input is told what is wrong.
    assert!(matches!(route::decide(s, &klantmanager(s), &id, &bad_route), Err(ServiceError::Invalid(_))));
}

#[test]
fn name_search_matches_every_word_in_any_spelling_and_lists_by_family_name() {
    let e = env();
    let s = &e.s;
    let km = klantmanager(s);
    for (i, (given, family)) in
        [("Muhammad Ali", "Oyelaran"), ("Mohamed", "Oyelaran"), ("Alexander", "Oyelaranke"), ("Ali", "Oyelaran Bello")]
            .iter()
            .enumerate()
    {
        let mut fields = koppeling_fields(1, &format!("555900000{i}"), "GM0361");
        fields.voornamen = (*given).into();
        fields.achternaam = (*family).into();
        koppeling::register(s, &km, &fields).unwrap();
    }
    let names = |q: &str| -> Vec<String> {
        regie_service::persons::search(s, &km, q)
            .unwrap()
            .into_iter()
            .map(|p| format!("{} {}", p.given_names, p.family_name))
            .collect()
    };
    // A word is a prefix of a name in any spelling; the list is in family-name order.
    assert_eq!(
        names("oyelaran"),
        ["Ali Oyelaran Bello", "Mohamed Oyelaran", "Muhammad Ali Oyelaran", "Alexander Oyelaranke"]
    );
    // Every word must match; a short word (Ali) matches a whole name only, not Alexander.
    assert_eq!(names("Oyelaran Ali"), ["Ali Oyelaran Bello", "Muhammad Ali Oyelaran"]);
    assert_eq!(names("mohammed oyelaran"), ["Mohamed Oyelaran", "Muhammad Ali Oyelaran"]);
    assert_eq!(names("Oyelaran Bello"), ["Ali Oyelaran Bello"]);
    assert!(names("Oyelaran Tesfay").is_empty());
    // Outside the scope nothing is found.
    let heiloo = actor(s, "klantmanager.heiloo", Role::Klantmanager, &["GM0399"]);
    assert!(regie_service::persons::search(s, &heiloo, "oyelaran").unwrap().is_empty());
}
