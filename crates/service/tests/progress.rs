//! Exam attempts and hour reports through the service layer, on the engine the suite runs on:
//! everything within the caller's scope, bad input and refused steps change nothing, the
//! attempt after the free ones is recorded as paid, an exam passed takes no more attempts,
//! the MAP and PVT minimums are judged on the totals, and a closed case takes no new records.

mod common;
use common::{actor, env, fields, klantmanager};

use regie_domain::inburgering::progress::{Component, ExamKind, HalfHours};
use regie_domain::Role;
use regie_service::cases::progress::{self, ExamAttemptInput, HourReportInput};
use regie_service::cases::{dossier, koppeling};
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
            Ok((
                regie_store::progress::exam_attempts_of(c, id)?.len(),
                regie_store::progress::hour_reports_of(c, id)?.len(),
                regie_store::cases::events(c, id)?.len(),
                regie_store::audit::count(c)?,
            ))
        })
        .unwrap()
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
    let with = ids.iter().filter(|id| !progress::get(s, &k, id).unwrap().reports.is_empty()).count();
    assert!(with >= 1, "a demo person has hour reports");
}
