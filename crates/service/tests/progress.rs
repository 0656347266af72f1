//! The progress record through the service layer, on the engine the suite runs on: everything
//! within the caller's scope, bad input and refused steps change nothing, the attempt after the
//! free ones is recorded as paid, an exam passed takes no more attempts, the MAP and PVT
//! minimums are judged on the totals, a closed case takes no new records, participation adds up
//! per kind, the MAP final interview fits only a route with MAP and is recorded once (as is the
//! PVT signing), and afschalen counts the recorded quality-marked language hours.

mod common;
use common::{actor, conflict, env, fields, klantmanager};

use regie_domain::inburgering::progress::ParticipationKind;
use regie_domain::inburgering::progress::{Component, ExamKind, HalfHours};
use regie_domain::Role;
use regie_service::cases::progress::{
    self, ExamAttemptInput, HourReportInput, InterimTestInput, MapInterviewInput, ParticipationInput, PvtSigningInput,
};
use regie_service::cases::{dossier, intake, koppeling, pip, route};
use regie_service::{ServiceError, Services};

/// A fresh Alkmaar koppeling of an asielstatushouder.
fn new_case(s: &Services, v: &str) -> String {
    let fields = regie_domain::inburgering::koppeling::KoppelingFields {
        line: 1,
        vnummer: v.into(),
        achternaam: "Haile".into(),
        voornamen: "Selam".into(),
        geboortedatum: "03-03-1995".into(),
        geslacht: "V".into(),
        nationaliteit: "Eritrese".into(),
        taal: "Tigrinya".into(),
        gemeentecode: "GM0361".into(),
        koppelingsdatum: "01-09-2026".into(),
        huishoudnummer: "H-7".into(),
        ..Default::default()
    };
    koppeling::register(s, &klantmanager(s), &fields).unwrap()
}

fn days_ago(s: &Services, n: u64) -> String {
    (s.clock.today() - chrono::Days::new(n)).format("%d-%m-%Y").to_string()
}

fn attempt(exam: &str, date: String, result: &str) -> ExamAttemptInput {
    ExamAttemptInput { exam: exam.into(), exam_date: date, result: result.into(), note: String::new() }
}

fn report(s: &Services, component: &str, attended: &str) -> HourReportInput {
    HourReportInput {
        provider_name: "Taalschool Noord".into(),
        component: component.into(),
        period_from: days_ago(s, 60),
        period_to: days_ago(s, 31),
        hours_attended: attended.into(),
        hours_planned: "20".into(),
        keurmerk: true,
    }
}

/// Everything a failed step could have left behind.
fn footprint(s: &Services, id: &str) -> (usize, usize, usize, i64) {
    s.flush_audit();
    s.store
        .read(|c| {
            let facts = regie_store::progress::participations_of(c, id)?.len()
                + regie_store::progress::interim_tests_of(c, id)?.len()
                + usize::from(regie_store::progress::map_interview_of(c, id)?.is_some())
                + usize::from(regie_store::progress::pvt_signing_of(c, id)?.is_some());
            Ok((
                regie_store::progress::exam_attempts_of(c, id)?.len() + facts,
                regie_store::progress::hour_reports_of(c, id)?.len(),
                regie_store::cases::events(c, id)?.len(),
                regie_store::audit::count(c)?,
            ))
        })
        .unwrap()
}

fn participation(s: &Services, kind: &str, hours: &str) -> ParticipationInput {
    ParticipationInput {
        kind: kind.into(),
        organisation: "Voedselbank Alkmaar".into(),
        period_from: days_ago(s, 40),
        period_to: days_ago(s, 10),
        hours: hours.into(),
        note: String::new(),
    }
}

fn interim(date: String, skill: &str, level: &str) -> InterimTestInput {
    InterimTestInput {
        test_date: date,
        skill: skill.into(),
        level: level.into(),
        provider_name: "Taalschool Noord".into(),
    }
}

fn interview(date: String) -> MapInterviewInput {
    MapInterviewInput { interview_date: date, conclusion: "MAP afgerond met een werkervaringsplek".into() }
}

/// A fresh case whose learning route is decided (`b1`, `onderwijsroute` or `z_route`).
fn with_route(s: &Services, v: &str, route_code: &str) -> String {
    let id = new_case(s, v);
    let k = klantmanager(s);
    let topics = regie_domain::inburgering::IntakeTopic::ALL
        .iter()
        .map(|t| intake::TopicInput {
            topic: t.code().into(),
            assessment: t.options()[0].0.into(),
            notes: String::new(),
            source: "persoon".into(),
        })
        .collect();
    let input =
        intake::IntakeInput { topics, lbt_date: Some(days_ago(s, 20)), lbt_score: Some(33), ..Default::default() };
    intake::save(s, &k, &id, &input).unwrap();
    intake::complete(s, &k, &id).unwrap();
    let decision = route::DecisionInput {
        route: route_code.into(),
        grounds: "Besproken met de persoon en de docent".into(),
        onderwijsroute_reason: "Wil eerst aan het werk, daarna verder kijken".into(),
    };
    route::decide(s, &k, &id, &decision).unwrap();
    id
}

fn pip_content() -> pip::PipContent {
    pip::PipContent {
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
    }
}

/// A case in the B1-route with an established PIP (drafted by the case worker, established by
/// the team lead).
fn established_b1(s: &Services, v: &str) -> String {
    let id = with_route(s, v, "b1");
    let k = klantmanager(s);
    let draft = pip::draft(s, &k, &id, &pip::DraftInput { content: pip_content(), change: None }).unwrap();
    pip::submit(s, &k, &draft.id).unwrap();
    pip::establish(s, &actor(s, "teamleider", Role::Teamleider, &["GM0361"]), &draft.id).unwrap();
    id
}

fn afschalen() -> pip::DraftInput {
    pip::DraftInput {
        content: pip_content(),
        change: Some(pip::ChangeInput {
            kind: "afschalen".into(),
            reason: "B1 blijkt na lange inzet niet haalbaar".into(),
            effort_sufficient: true,
            ..Default::default()
        }),
    }
}

#[test]
fn the_attempt_after_two_free_ones_is_paid_and_a_passed_exam_takes_no_more() {
    let e = env();
    let s = &e.s;
    let id = new_case(s, "6234567891");
    let k = klantmanager(s);
    progress::record_attempt(s, &k, &id, &attempt("knm", days_ago(s, 90), "niet_verschenen")).unwrap();
    progress::record_attempt(s, &k, &id, &attempt("knm", days_ago(s, 60), "gezakt")).unwrap();
    let p = progress::get(s, &k, &id).unwrap();
    let knm = p.exams.iter().find(|x| x.status.exam == ExamKind::Knm).unwrap();
    assert_eq!((knm.status.free, knm.status.free_left, knm.attempts.len()), (2, Some(0), 2));
    progress::record_attempt(s, &k, &id, &attempt("knm", days_ago(s, 30), "geslaagd")).unwrap();
    let p = progress::get(s, &k, &id).unwrap();
    let knm = p.exams.iter().find(|x| x.status.exam == ExamKind::Knm).unwrap();
    assert_eq!(knm.attempts.iter().map(|a| a.paid).collect::<Vec<_>>(), [false, false, true]);
    assert!(knm.status.passed);
    assert_eq!(knm.status.free_left, None);
    // Other exams are untouched, every exam is listed.
    assert_eq!(p.exams.len(), ExamKind::ALL.len());
    let lezen = p.exams.iter().find(|x| x.status.exam == ExamKind::B1Lezen).unwrap();
    assert_eq!((lezen.status.free_left, lezen.attempts.len()), (Some(2), 0));

    let before = footprint(s, &id);
    assert_eq!(fields(progress::record_attempt(s, &k, &id, &attempt("knm", days_ago(s, 1), "gezakt"))), ["exam"]);
    assert_eq!(footprint(s, &id), before);
}

#[test]
fn bad_attempts_are_refused_field_by_field_and_change_nothing() {
    let e = env();
    let s = &e.s;
    let id = new_case(s, "6234567892");
    let k = klantmanager(s);
    let before = footprint(s, &id);
    let tomorrow = (s.clock.today() + chrono::Days::new(1)).format("%d-%m-%Y").to_string();
    assert_eq!(fields(progress::record_attempt(s, &k, &id, &attempt("b1_lezen", tomorrow, "gezakt"))), ["examDate"]);
    let bad = ExamAttemptInput {
        exam: "c2".into(),
        exam_date: "31-02-2026".into(),
        result: "half".into(),
        note: String::new(),
    };
    assert_eq!(fields(progress::record_attempt(s, &k, &id, &bad)), ["exam", "examDate", "result"]);
    assert_eq!(fields(progress::record_attempt(s, &k, &id, &attempt("knm", String::new(), "gezakt"))), ["examDate"]);
    assert_eq!(footprint(s, &id), before);
}

#[test]
fn hours_add_up_per_component_against_the_map_and_pvt_minimums() {
    let e = env();
    let s = &e.s;
    let id = new_case(s, "6234567893");
    let k = klantmanager(s);
    progress::record_hours(s, &k, &id, &report(s, "map", "20")).unwrap();
    progress::record_hours(s, &k, &id, &report(s, "map", "19,5")).unwrap();
    progress::record_hours(s, &k, &id, &report(s, "pvt", "12")).unwrap();
    let p = progress::get(s, &k, &id).unwrap();
    let of = |c: Component| p.totals.iter().find(|t| t.component == c).unwrap().clone();
    assert_eq!((of(Component::Map).attended, of(Component::Map).minimum_met()), (HalfHours(79), Some(false)));
    assert_eq!(of(Component::Pvt).minimum_met(), Some(true));
    assert_eq!(of(Component::Taal).minimum_met(), None);
    progress::record_hours(s, &k, &id, &report(s, "map", "0,5")).unwrap();
    let p = progress::get(s, &k, &id).unwrap();
    assert_eq!(p.totals.iter().find(|t| t.component == Component::Map).unwrap().minimum_met(), Some(true));
    assert_eq!(p.reports.len(), 4);
}

#[test]
fn bad_hour_reports_are_refused_field_by_field_and_change_nothing() {
    let e = env();
    let s = &e.s;
    let id = new_case(s, "6234567894");
    let k = klantmanager(s);
    let before = footprint(s, &id);
    let bad = HourReportInput {
        provider_name: " ".into(),
        component: "sport".into(),
        period_from: days_ago(s, 10),
        period_to: days_ago(s, 20),
        hours_attended: "12,25".into(),
        hours_planned: "501".into(),
        keurmerk: false,
    };
    assert_eq!(
        fields(progress::record_hours(s, &k, &id, &bad)),
        ["providerName", "component", "periodTo", "hoursAttended", "hoursPlanned"]
    );
    let mut future = report(s, "taal", "10");
    future.period_to = (s.clock.today() + chrono::Days::new(3)).format("%d-%m-%Y").to_string();
    assert_eq!(fields(progress::record_hours(s, &k, &id, &future)), ["periodTo"]);
    let mut missing = report(s, "taal", "");
    missing.period_from = String::new();
    assert_eq!(fields(progress::record_hours(s, &k, &id, &missing)), ["periodFrom", "hoursAttended"]);
    assert_eq!(footprint(s, &id), before);
}

#[test]
fn another_municipality_finds_nothing_and_other_roles_are_refused_first() {
    let e = env();
    let s = &e.s;
    let id = new_case(s, "6234567895");
    let heiloo = actor(s, "klantmanager.heiloo", Role::Klantmanager, &["GM0399"]);
    let before = footprint(s, &id);
    assert!(matches!(progress::get(s, &heiloo, &id), Err(ServiceError::NotFound)));
    let a = attempt("knm", days_ago(s, 5), "gezakt");
    assert!(matches!(progress::record_attempt(s, &heiloo, &id, &a), Err(ServiceError::NotFound)));
    assert!(matches!(progress::record_hours(s, &heiloo, &id, &report(s, "taal", "4")), Err(ServiceError::NotFound)));
    for (user, role) in [("financien", Role::Financien), ("beleid", Role::Beleid), ("beheerder", Role::Beheerder)] {
        let other = actor(s, user, role, &["GM0361"]);
        assert!(matches!(progress::get(s, &other, &id), Err(ServiceError::Forbidden)), "{user}");
        let bad = attempt("nope", String::new(), "");
        assert!(matches!(progress::record_attempt(s, &other, &id, &bad), Err(ServiceError::Forbidden)), "{user}");
        assert!(matches!(progress::record_hours(s, &other, &id, &report(s, "", "")), Err(ServiceError::Forbidden)));
    }
    assert_eq!(footprint(s, &id), before);
    // A team lead writes as the case worker does.
    let tl = actor(s, "teamleider", Role::Teamleider, &["GM0361"]);
    progress::record_hours(s, &tl, &id, &report(s, "taal", "4")).unwrap();
}

#[test]
fn a_write_is_in_the_case_history_and_audited_and_a_read_is_audited() {
    let e = env();
    let s = &e.s;
    let id = new_case(s, "6234567896");
    let k = klantmanager(s);
    let (_, _, events, audits) = footprint(s, &id);
    progress::record_hours(s, &k, &id, &report(s, "pvt", "6")).unwrap();
    let (_, reports, events_after, audits_after) = footprint(s, &id);
    assert_eq!((reports, events_after, audits_after), (1, events + 1, audits + 1));
    progress::get(s, &k, &id).unwrap();
    assert_eq!(footprint(s, &id).3, audits_after + 1);
}

#[test]
fn a_closed_case_takes_no_new_records() {
    let e = env();
    let s = &e.s;
    let id = new_case(s, "6234567897");
    let tl = actor(s, "teamleider", Role::Teamleider, &["GM0361"]);
    dossier::withdraw(s, &tl, &id, "DUO trekt de kennisgeving in: geen inburgeringsplicht.").unwrap();
    let before = footprint(s, &id);
    let k = klantmanager(s);
    assert!(matches!(
        progress::record_attempt(s, &k, &id, &attempt("knm", days_ago(s, 5), "gezakt")),
        Err(ServiceError::Conflict(_))
    ));
    assert!(matches!(progress::record_hours(s, &k, &id, &report(s, "taal", "4")), Err(ServiceError::Conflict(_))));
    assert_eq!(footprint(s, &id), before);
    // The record stays readable.
    assert_eq!(progress::get(s, &k, &id).unwrap().reports.len(), 0);
}

#[test]
fn the_demo_shows_progress() {
    let e = env();
    let s = &e.s;
    let k = klantmanager(s);
    let ids = s.store.read(|c| regie_store::persons::open_ids_in(c, "GM0361")).unwrap();
    let all: Vec<_> = ids.iter().map(|id| progress::get(s, &k, id).unwrap()).collect();
    assert!(all.iter().any(|p| !p.reports.is_empty()), "a demo person has hour reports");
    assert!(all.iter().any(|p| !p.participations.is_empty() && !p.interim_tests.is_empty()));
    assert!(all.iter().any(|p| p.map_interview.is_some() && p.pvt_signing.is_some()));
}

#[test]
fn participation_adds_up_per_kind_and_bad_input_changes_nothing() {
    let e = env();
    let s = &e.s;
    let id = new_case(s, "6234567898");
    let k = klantmanager(s);
    progress::record_participation(s, &k, &id, &participation(s, "vrijwilligerswerk", "20,5")).unwrap();
    progress::record_participation(s, &k, &id, &participation(s, "vrijwilligerswerk", "4")).unwrap();
    progress::record_participation(s, &k, &id, &participation(s, "werk", "16")).unwrap();
    let p = progress::get(s, &k, &id).unwrap();
    assert_eq!(p.participations.len(), 3);
    let of = |kind| p.participation_totals.iter().find(|t| t.kind == kind).unwrap().clone();
    assert_eq!(
        (of(ParticipationKind::Vrijwilligerswerk).periods, of(ParticipationKind::Vrijwilligerswerk).hours),
        (2, HalfHours(49))
    );
    assert_eq!(of(ParticipationKind::Werk).hours, HalfHours(32));
    assert_eq!(of(ParticipationKind::Activering).hours, HalfHours(0), "every kind is listed");

    let before = footprint(s, &id);
    let bad = ParticipationInput {
        kind: "sport".into(),
        organisation: "X".into(),
        period_from: days_ago(s, 5),
        period_to: days_ago(s, 9),
        hours: "3,25".into(),
        note: String::new(),
    };
    assert_eq!(fields(progress::record_participation(s, &k, &id, &bad)), ["kind", "organisation", "periodTo", "hours"]);
    let mut future = participation(s, "opleiding", "2");
    future.period_to = (s.clock.today() + chrono::Days::new(2)).format("%d-%m-%Y").to_string();
    assert_eq!(fields(progress::record_participation(s, &k, &id, &future)), ["periodTo"]);
    assert_eq!(footprint(s, &id), before);
}

#[test]
fn an_interim_test_is_not_in_the_future_and_names_skill_and_level() {
    let e = env();
    let s = &e.s;
    let id = new_case(s, "6234567899");
    let k = klantmanager(s);
    let before = footprint(s, &id);
    let tomorrow = (s.clock.today() + chrono::Days::new(1)).format("%d-%m-%Y").to_string();
    match progress::record_interim_test(s, &k, &id, &interim(tomorrow, "lezen", "A2")) {
        Err(ServiceError::Invalid(f)) => {
            assert_eq!(f[0].field, "testDate");
            assert!(f[0].message.contains("toekomst"), "{}", f[0].message);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        fields(progress::record_interim_test(s, &k, &id, &interim(String::new(), "rekenen", "C2"))),
        ["testDate", "skill", "level"]
    );
    assert_eq!(footprint(s, &id), before);
    progress::record_interim_test(s, &k, &id, &interim(days_ago(s, 3), "spreken", "A2")).unwrap();
    // A Z-route learner may still write below A1; a fast learner may read at C1.
    progress::record_interim_test(s, &k, &id, &interim(days_ago(s, 2), "schrijven", "A0")).unwrap();
    progress::record_interim_test(s, &k, &id, &interim(days_ago(s, 1), "lezen", "C1")).unwrap();
    let p = progress::get(s, &k, &id).unwrap();
    let found: Vec<(&str, &str)> = p.interim_tests.iter().map(|t| (t.skill.as_str(), t.level.as_str())).collect();
    assert_eq!(found, [("spreken", "A2"), ("schrijven", "A0"), ("lezen", "C1")]);
}

#[test]
fn the_map_final_interview_needs_a_route_with_map_and_is_recorded_once() {
    let e = env();
    let s = &e.s;
    let k = klantmanager(s);
    // No route yet, and the onderwijsroute (no MAP): refused in Dutch, nothing written.
    let no_route = new_case(s, "6234567901");
    let before = footprint(s, &no_route);
    let msg = conflict(progress::record_map_interview(s, &k, &no_route, &interview(days_ago(s, 2))));
    assert!(msg.contains("nog geen leerroute"), "{msg}");
    assert_eq!(footprint(s, &no_route), before);
    let onderwijs = with_route(s, "6234567902", "onderwijsroute");
    let before = footprint(s, &onderwijs);
    let msg = conflict(progress::record_map_interview(s, &k, &onderwijs, &interview(days_ago(s, 2))));
    assert!(msg.contains("onderwijsroute heeft geen MAP"), "{msg}");
    assert_eq!(footprint(s, &onderwijs), before);
    assert_eq!(progress::get(s, &k, &onderwijs).unwrap().map_applies, Some(false));

    // The B1-route: recorded once; the second is refused, the first stays.
    let b1 = with_route(s, "6234567903", "b1");
    let future = (s.clock.today() + chrono::Days::new(1)).format("%d-%m-%Y").to_string();
    assert_eq!(fields(progress::record_map_interview(s, &k, &b1, &interview(future))), ["interviewDate"]);
    let short = MapInterviewInput { interview_date: days_ago(s, 2), conclusion: "ok".into() };
    assert_eq!(fields(progress::record_map_interview(s, &k, &b1, &short)), ["conclusion"]);
    progress::record_map_interview(s, &k, &b1, &interview(days_ago(s, 2))).unwrap();
    let before = footprint(s, &b1);
    let msg = conflict(progress::record_map_interview(s, &k, &b1, &interview(days_ago(s, 1))));
    assert!(msg.contains("al vastgelegd"), "{msg}");
    assert_eq!(footprint(s, &b1), before);
    let p = progress::get(s, &k, &b1).unwrap();
    assert_eq!(p.map_applies, Some(true));
    assert_eq!(p.map_interview.as_ref().unwrap().interview_date, s.clock.today() - chrono::Days::new(2));
}

#[test]
fn the_pvt_signing_is_recorded_once_next_to_the_pvt_hours() {
    let e = env();
    let s = &e.s;
    let id = new_case(s, "6234567904");
    let k = klantmanager(s);
    progress::record_hours(s, &k, &id, &report(s, "pvt", "8")).unwrap();
    let signing = |days| PvtSigningInput { signing_date: days_ago(s, days) };
    progress::record_pvt_signing(s, &k, &id, &signing(3)).unwrap();
    let before = footprint(s, &id);
    let msg = conflict(progress::record_pvt_signing(s, &k, &id, &signing(1)));
    assert!(msg.contains("participatieverklaring is al vastgelegd"), "{msg}");
    assert_eq!(footprint(s, &id), before);
    let p = progress::get(s, &k, &id).unwrap();
    assert_eq!(p.pvt_signing.as_ref().unwrap().signed_on, s.clock.today() - chrono::Days::new(3));
    assert_eq!(p.total(Component::Pvt).unwrap().minimum_met(), Some(false), "8 of 12 hours");
}

#[test]
fn the_new_facts_are_scoped_refused_to_other_roles_and_closed_cases() {
    let e = env();
    let s = &e.s;
    let id = new_case(s, "6234567905");
    let heiloo = actor(s, "klantmanager.heiloo", Role::Klantmanager, &["GM0399"]);
    let before = footprint(s, &id);
    let p = participation(s, "werk", "8");
    let t = interim(days_ago(s, 3), "lezen", "A1");
    let sign = PvtSigningInput { signing_date: days_ago(s, 3) };
    assert!(matches!(progress::record_participation(s, &heiloo, &id, &p), Err(ServiceError::NotFound)));
    assert!(matches!(progress::record_interim_test(s, &heiloo, &id, &t), Err(ServiceError::NotFound)));
    assert!(matches!(progress::record_pvt_signing(s, &heiloo, &id, &sign), Err(ServiceError::NotFound)));
    assert!(matches!(progress::afschalen_hours(s, &heiloo, &id), Err(ServiceError::NotFound)));
    let finance = actor(s, "financien", Role::Financien, &["GM0361"]);
    let empty = MapInterviewInput::default();
    assert!(matches!(progress::record_map_interview(s, &finance, &id, &empty), Err(ServiceError::Forbidden)));
    assert!(matches!(progress::record_participation(s, &finance, &id, &p), Err(ServiceError::Forbidden)));
    assert_eq!(footprint(s, &id), before);
    let tl = actor(s, "teamleider", Role::Teamleider, &["GM0361"]);
    dossier::withdraw(s, &tl, &id, "DUO trekt de kennisgeving in: geen inburgeringsplicht.").unwrap();
    let before = footprint(s, &id);
    let k = klantmanager(s);
    assert!(matches!(progress::record_participation(s, &k, &id, &p), Err(ServiceError::Conflict(_))));
    assert!(matches!(progress::record_pvt_signing(s, &k, &id, &sign), Err(ServiceError::Conflict(_))));
    assert_eq!(footprint(s, &id), before);
}

#[test]
fn afschalen_counts_only_recorded_language_hours_with_keurmerk() {
    let e = env();
    let s = &e.s;
    let k = klantmanager(s);
    let id = established_b1(s, "6234567906");
    let taal = |hours: &str, keurmerk: bool| HourReportInput {
        provider_name: if keurmerk { "Taalschool Noord" } else { "Taalcafé De Mare" }.into(),
        keurmerk,
        ..report(s, "taal", hours)
    };
    progress::record_hours(s, &k, &id, &taal("300", true)).unwrap();
    progress::record_hours(s, &k, &id, &taal("299,5", true)).unwrap();
    // Hours without the quality mark, and other components, do not count.
    progress::record_hours(s, &k, &id, &taal("400", false)).unwrap();
    progress::record_hours(s, &k, &id, &HourReportInput { keurmerk: true, ..report(s, "map", "40") }).unwrap();
    let hours = progress::afschalen_hours(s, &k, &id).unwrap();
    assert_eq!((hours.recorded, hours.required), (HalfHours(1199), 600));
    let pips = |s: &Services| pip::versions(s, &k, &id).unwrap().len();
    let versions = pips(s);
    let msg = conflict(pip::draft(s, &k, &id, &afschalen()));
    assert!(msg.contains("minstens 600 lesuren") && msg.contains("er zijn er 599 geregistreerd"), "{msg}");
    assert_eq!(pips(s), versions, "nothing drafted");
    // Half an hour more at the quality-marked school reaches 600.
    progress::record_hours(s, &k, &id, &taal("0,5", true)).unwrap();
    let v = pip::draft(s, &k, &id, &afschalen()).unwrap();
    assert_eq!((v.reason_kind.as_str(), v.language_target.as_str()), ("afschalen", "A2"));
    assert_eq!(pips(s), versions + 1);
}

#[test]
fn a_withdrawn_hour_report_counts_nowhere_and_stays_in_the_record() {
    let e = env();
    let s = &e.s;
    let k = klantmanager(s);
    let id = established_b1(s, "6234567914");
    let taal = HourReportInput { provider_name: "Taalschool Noord".into(), ..report(s, "taal", "300") };
    progress::record_hours(s, &k, &id, &taal).unwrap();
    let report_id = progress::record_hours(s, &k, &id, &taal).unwrap().to_string();
    assert_eq!(progress::afschalen_hours(s, &k, &id).unwrap().recorded, HalfHours(1200));
    let before = footprint(s, &id);
    let withdraw =
        |who, row: &str, reason: &str| progress::withdraw(s, who, &id, progress::Withdrawable::HourReport, row, reason);
    // Bad input, a report that is not there, and a caller out of scope change nothing.
    assert_eq!(fields(withdraw(&k, &report_id, " ")), ["reason"]);
    assert!(matches!(withdraw(&k, "999999", "Dubbel opgegeven"), Err(ServiceError::NotFound)));
    assert!(matches!(withdraw(&k, "twaalf", "Dubbel opgegeven"), Err(ServiceError::NotFound)));
    let heiloo = actor(s, "klantmanager.heiloo", Role::Klantmanager, &["GM0399"]);
    assert!(matches!(withdraw(&heiloo, &report_id, "Dubbel opgegeven"), Err(ServiceError::NotFound)));
    let finance = actor(s, "financien", Role::Financien, &["GM0361"]);
    assert!(matches!(withdraw(&finance, &report_id, "Dubbel opgegeven"), Err(ServiceError::Forbidden)));
    assert_eq!(footprint(s, &id), before);

    withdraw(&k, &report_id, "Dubbel opgegeven door de aanbieder").unwrap();
    let p = progress::get(s, &k, &id).unwrap();
    let r = p.reports.iter().find(|r| r.id.to_string() == report_id).unwrap();
    assert_eq!(p.reports.len(), 2, "kept in the record");
    assert_eq!(r.withdrawn_reason.as_deref(), Some("Dubbel opgegeven door de aanbieder"));
    assert_eq!(r.withdrawn_by.as_deref(), Some(k.label.as_str()));
    assert_eq!(p.total(Component::Taal).unwrap().attended, HalfHours(600), "not in the totals");
    assert_eq!(progress::afschalen_hours(s, &k, &id).unwrap().recorded, HalfHours(600), "not for afschalen");
    let msg = conflict(pip::draft(s, &k, &id, &afschalen()));
    assert!(msg.contains("er zijn er 300 geregistreerd"), "{msg}");
    let (_, _, events, audits) = footprint(s, &id);
    assert_eq!((events, audits), (before.2 + 1, before.3 + 3), "one history entry; the write and two reads audited");
    assert!(s
        .store
        .read(|c| regie_store::cases::events(c, &id))
        .unwrap()
        .iter()
        .any(|ev| ev.detail == "Urenopgave ingetrokken"));
    // Once withdrawn it cannot be withdrawn again.
    assert!(matches!(withdraw(&k, &report_id, "Nog een keer"), Err(ServiceError::NotFound)));
}

#[test]
fn a_withdrawn_participation_no_longer_adds_to_its_kind() {
    let e = env();
    let s = &e.s;
    let k = klantmanager(s);
    let id = new_case(s, "6234567922");
    let wrong = progress::record_participation(s, &k, &id, &participation(s, "vrijwilligerswerk", "40")).unwrap();
    progress::record_participation(s, &k, &id, &participation(s, "vrijwilligerswerk", "12,5")).unwrap();
    let hours = |s: &Services| {
        let p = progress::get(s, &k, &id).unwrap();
        let t = p.participation_totals.iter().find(|t| t.kind == ParticipationKind::Vrijwilligerswerk).unwrap();
        (t.periods, t.hours)
    };
    assert_eq!(hours(s), (2, HalfHours(105)));
    progress::withdraw(s, &k, &id, progress::Withdrawable::Participation, &wrong.to_string(), "Verkeerde persoon")
        .unwrap();
    assert_eq!(hours(s), (1, HalfHours(25)));
    assert!(matches!(
        progress::withdraw(s, &k, &id, progress::Withdrawable::Participation, &wrong.to_string(), "Nog een keer"),
        Err(ServiceError::NotFound)
    ));
    assert_eq!(hours(s), (1, HalfHours(25)));
}

#[test]
fn afschalen_drafted_on_hours_withdrawn_before_it_is_established_is_refused_then() {
    let e = env();
    let s = &e.s;
    let k = klantmanager(s);
    let tl = actor(s, "teamleider", Role::Teamleider, &["GM0361"]);
    let id = established_b1(s, "6234567930");
    let taal = HourReportInput { provider_name: "Taalschool Noord".into(), ..report(s, "taal", "300") };
    progress::record_hours(s, &k, &id, &taal).unwrap();
    let wrong = progress::record_hours(s, &k, &id, &taal).unwrap().to_string();
    let draft = pip::draft(s, &k, &id, &afschalen()).unwrap();
    pip::submit(s, &k, &draft.id).unwrap();
    progress::withdraw(s, &k, &id, progress::Withdrawable::HourReport, &wrong, "Dubbel opgegeven").unwrap();
    let before = footprint(s, &id);
    let msg = conflict(pip::establish(s, &tl, &draft.id));
    assert!(msg.contains("minstens 600 lesuren") && msg.contains("er zijn er 300 geregistreerd"), "{msg}");
    assert_eq!(footprint(s, &id).2, before.2, "no step in the case history");
    let versions = pip::versions(s, &k, &id).unwrap();
    assert!(versions.iter().all(|v| v.id != draft.id || v.status == "ter_controle"), "still waiting");
    // The hours recorded again: now it is established.
    progress::record_hours(s, &k, &id, &taal).unwrap();
    assert_eq!(pip::establish(s, &tl, &draft.id).unwrap().status, "vastgesteld");
}
