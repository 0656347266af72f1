//! The case worker and the household through the service layer, on the engine the suite runs
//! on: a team lead assigns within their municipalities only, a klantmanager only takes an
//! unassigned person as their own, the new case worker must be an active klantmanager of the
//! person's municipality, a refused or repeated assignment changes nothing, and the household
//! shows only the members within the caller's scope.

mod common;
use common::{actor, conflict, env, klantmanager};

use regie_domain::Role;
use regie_service::admin::{self, NewUserInput};
use regie_service::cases::{assignment, household, koppeling};
use regie_service::{Actor, ServiceError, Services};

fn lead(s: &Services, codes: &[&str]) -> Actor {
    actor(s, "teamleider", Role::Teamleider, codes)
}

fn user_id(s: &Services, username: &str) -> i64 {
    s.store.read(|c| regie_store::users::find_by_username(c, username)).unwrap().unwrap().id
}

/// A fresh koppeling in a municipality, in a household, without a case worker.
fn linked(s: &Services, v: &str, given: &str, born: &str, code: &str, household: &str) -> String {
    let fields = regie_domain::inburgering::koppeling::KoppelingFields {
        line: 1,
        vnummer: v.into(),
        achternaam: "Tesfay".into(),
        voornamen: given.into(),
        geboortedatum: born.into(),
        geslacht: "X".into(),
        nationaliteit: "Eritrese".into(),
        taal: "Tigrinya".into(),
        gemeentecode: code.into(),
        koppelingsdatum: "01-09-2026".into(),
        huishoudnummer: household.into(),
        ..Default::default()
    };
    let importer = koppeling::operator_importer(s).unwrap();
    koppeling::register(s, &importer, &fields).unwrap()
}

/// A second active klantmanager of Alkmaar, in no team.
fn second_case_worker(s: &Services) -> i64 {
    admin::add_user(
        s,
        &Actor::system("test"),
        &NewUserInput {
            username: "klantmanager.twee".into(),
            display_name: "Ayla Demir".into(),
            email: "twee@regie.example".into(),
            organisation: regie_service::demo::REGIONAL_ORG.into(),
            password: "Een-lang-wachtwoord-2026".into(),
            roles: vec![("klantmanager".into(), vec!["GM0361".into()])],
            person_id: None,
        },
    )
    .unwrap()
}

/// The person's case worker and version, the case history length and the audit log length.
fn footprint(s: &Services, id: &str) -> (Option<i64>, i32, usize, i64) {
    s.flush_audit();
    s.store
        .read(|c| {
            let all: Vec<String> = regie_service::demo::MUNICIPALITIES_NOW.iter().map(|c| c.to_string()).collect();
            let p = regie_store::persons::get_scoped(c, id, &all)?.unwrap();
            Ok((p.case_worker_id, p.version, regie_store::cases::events(c, id)?.len(), regie_store::audit::count(c)?))
        })
        .unwrap()
}

#[test]
fn a_team_lead_assigns_changes_and_clears_once_and_a_repeat_changes_nothing() {
    let e = env();
    let s = &e.s;
    let id = linked(s, "7100000001", "Selam", "03-04-1995", "GM0361", "T-1");
    let km = user_id(s, "klantmanager");
    let other = second_case_worker(s);
    let tl = lead(s, &["GM0361"]);

    let before = footprint(s, &id);
    let p = assignment::assign(s, &tl, &id, Some(km), Some(before.1)).unwrap();
    assert_eq!((p.case_worker_id, p.version), (Some(km), before.1 + 1));
    let after = footprint(s, &id);
    assert_eq!((after.0, after.1, after.2), (Some(km), before.1 + 1, before.2 + 1));
    assert!(after.3 > before.3, "the assignment is audited");
    let events = s.store.read(|c| regie_store::cases::events(c, &id)).unwrap();
    assert_eq!(events.last().unwrap().detail, "Klantmanager: Sanne de Vries (Team Alkmaar)");
    let detail = regie_service::persons::get(s, &tl, &id).unwrap();
    assert_eq!(
        detail.case_worker.map(|w| (w.name, w.team)),
        Some(("Sanne de Vries".into(), Some("Team Alkmaar".into())))
    );

    // The same again: accepted, nothing written (not even with the version seen before).
    let p = assignment::assign(s, &tl, &id, Some(km), Some(before.1)).unwrap();
    assert_eq!(p.case_worker_id, Some(km));
    let repeated = footprint(s, &id);
    assert_eq!((repeated.0, repeated.1, repeated.2), (after.0, after.1, after.2));

    // A stale version is refused; the current one hands the case over.
    assert!(matches!(
        assignment::assign(s, &tl, &id, Some(other), Some(before.1)),
        Err(ServiceError::PreconditionFailed)
    ));
    assert_eq!(footprint(s, &id).1, after.1);
    assignment::assign(s, &tl, &id, Some(other), Some(after.1)).unwrap();
    let events = s.store.read(|c| regie_store::cases::events(c, &id)).unwrap();
    assert_eq!(events.last().unwrap().detail, "Klantmanager: Ayla Demir");
    // And leaves the person without one.
    let p = assignment::assign(s, &tl, &id, None, None).unwrap();
    assert_eq!(p.case_worker_id, None);
    assert_eq!(footprint(s, &id).0, None);
}

/// Whether the person is on the Alkmaar team lead's team worklist, and with which case worker.
fn on_team_worklist(s: &Services, id: &str) -> Option<Option<String>> {
    use regie_service::cases::worklist;
    let list = worklist::get(s, &lead(s, &["GM0361"]), true, 1, worklist::WORKLIST_MAX_PAGE_SIZE).unwrap();
    assert!(list.total <= worklist::WORKLIST_MAX_PAGE_SIZE, "the demo team's cases fit on one page");
    list.items.into_iter().find(|i| i.person_id == id).map(|i| i.case_worker)
}

#[test]
fn the_case_goes_to_the_team_of_its_case_worker_and_stays_there_when_the_case_worker_is_taken_away() {
    let e = env();
    let s = &e.s;
    let id = linked(s, "7100000009", "Luwam", "09-09-1999", "GM0361", "T-9");
    let tl = lead(s, &["GM0361"]);
    let team = |s: &Services| regie_service::persons::get(s, &tl, &id).unwrap().team;
    assert_eq!(team(s), None, "a new case has no team yet");
    assert_eq!(on_team_worklist(s, &id), None);

    // Given to the Alkmaar case worker: the case is Team Alkmaar's.
    assignment::assign(s, &tl, &id, Some(user_id(s, "klantmanager")), None).unwrap();
    assert_eq!(team(s).as_deref(), Some("Team Alkmaar"));
    assert_eq!(on_team_worklist(s, &id), Some(Some("Sanne de Vries".into())));

    // The team lead takes the case worker away: the case stays with the team, on its worklist
    // without a case worker, and the dossier says where it lies.
    assignment::assign(s, &tl, &id, None, None).unwrap();
    assert_eq!(team(s).as_deref(), Some("Team Alkmaar"));
    assert_eq!(on_team_worklist(s, &id), Some(None));
    let shown = assignment::options(s, &tl, &id).unwrap();
    assert_eq!((shown.current, shown.team.as_deref()), (None, Some("Team Alkmaar")));
    // Not on any case worker's own worklist.
    let own = regie_service::cases::worklist::get(s, &klantmanager(s), false, 1, 100).unwrap();
    assert!(own.items.iter().all(|i| i.person_id != id));

    // A person the klantmanager registers is theirs, and so their team's.
    let registered = regie_service::persons::create(
        s,
        &klantmanager(s),
        &regie_service::persons::NewPerson {
            v_nummer: Some("7100000019".into()),
            given_names: "Hiwet".into(),
            family_name: "Tesfay".into(),
            birth_date: "10-10-1990".into(),
            nationality: "Eritrese".into(),
            target_group: "asielstatushouder".into(),
            municipality_code: "GM0361".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(regie_service::persons::get(s, &tl, &registered.id).unwrap().team.as_deref(), Some("Team Alkmaar"));

    // Given to a case worker in no team: the case leaves the team.
    assignment::assign(s, &tl, &id, Some(second_case_worker(s)), None).unwrap();
    assert_eq!(team(s), None);
    assert_eq!(on_team_worklist(s, &id), None);
}

#[test]
fn a_team_lead_of_heiloo_cannot_assign_in_alkmaar() {
    let e = env();
    let s = &e.s;
    let id = linked(s, "7100000002", "Dawit", "00-06-1990", "GM0361", "T-2");
    let heiloo_lead = lead(s, &["GM0399"]);
    let before = footprint(s, &id);
    let km = user_id(s, "klantmanager");
    assert!(matches!(assignment::assign(s, &heiloo_lead, &id, Some(km), None), Err(ServiceError::NotFound)));
    assert!(matches!(assignment::assign(s, &heiloo_lead, &id, None, None), Err(ServiceError::NotFound)));
    assert!(matches!(assignment::options(s, &heiloo_lead, &id), Err(ServiceError::NotFound)));
    assert_eq!(footprint(s, &id), before);
}

#[test]
fn a_klantmanager_takes_an_unassigned_person_but_assigns_no_one_else() {
    let e = env();
    let s = &e.s;
    let id = linked(s, "7100000003", "Hiwet", "12-12-1988", "GM0361", "T-3");
    let me = klantmanager(s);
    let km = user_id(s, "klantmanager");
    let other = second_case_worker(s);
    let before = footprint(s, &id);
    // Someone else, or no one: not theirs to decide.
    assert!(matches!(assignment::assign(s, &me, &id, Some(other), None), Err(ServiceError::Forbidden)));
    assert!(matches!(assignment::assign(s, &me, &id, None, None), Err(ServiceError::Forbidden)));
    assert_eq!(footprint(s, &id), before);
    let offered = assignment::options(s, &me, &id).unwrap();
    assert_eq!(offered.choices.iter().map(|w| w.id).collect::<Vec<_>>(), vec![km]);
    assert!(!offered.may_clear);
    // Zelf oppakken.
    assert_eq!(assignment::assign(s, &me, &id, Some(km), None).unwrap().case_worker_id, Some(km));
    assert!(assignment::options(s, &me, &id).unwrap().choices.is_empty(), "nothing more to take");
    // A person who is someone else's case: refused with the reason.
    let theirs = linked(s, "7100000004", "Yonas", "01-01-1985", "GM0361", "T-4");
    assignment::assign(s, &lead(s, &["GM0361"]), &theirs, Some(other), None).unwrap();
    let before = footprint(s, &theirs);
    let message = conflict(assignment::assign(s, &me, &theirs, Some(km), None));
    assert!(message.contains("Alleen een teamleider"), "{message}");
    assert_eq!(footprint(s, &theirs), before);
    // The COA case manager may not assign at all.
    let coa = actor(s, "coa", Role::Coa, &["GM0361"]);
    assert!(matches!(assignment::assign(s, &coa, &theirs, Some(km), None), Err(ServiceError::Forbidden)));
}

#[test]
fn only_an_active_klantmanager_of_the_municipality_can_become_case_worker() {
    let e = env();
    let s = &e.s;
    let id = linked(s, "7100000005", "Meron", "00-00-1992", "GM0361", "T-5");
    let tl = lead(s, &["GM0361"]);
    let other = second_case_worker(s);
    let before = footprint(s, &id);
    let refused = |r: Result<regie_service::persons::Person, ServiceError>| match r {
        Err(ServiceError::Invalid(f)) => {
            assert_eq!(f[0].field, "caseWorkerId");
            assert!(f[0].message.contains("klantmanager is voor de gemeente van deze persoon"), "{}", f[0].message);
        }
        other => panic!("expected a field error, got {other:?}"),
    };
    // Not a klantmanager at all, a klantmanager of another municipality, no such user.
    refused(assignment::assign(s, &tl, &id, Some(user_id(s, "financien")), None));
    refused(assignment::assign(s, &tl, &id, Some(user_id(s, "teamleider")), None));
    refused(assignment::assign(s, &tl, &id, Some(user_id(s, "klantmanager.heiloo")), None));
    refused(assignment::assign(s, &tl, &id, Some(999_999), None));
    assert_eq!(footprint(s, &id), before, "a refused assignment changes nothing");
    // A blocked account is no longer offered nor accepted.
    assert!(assignment::options(s, &tl, &id).unwrap().choices.iter().any(|w| w.id == other));
    admin::set_disabled(s, &Actor::system("test"), "klantmanager.twee", true).unwrap();
    assert!(!assignment::options(s, &tl, &id).unwrap().choices.iter().any(|w| w.id == other));
    let before = footprint(s, &id);
    refused(assignment::assign(s, &tl, &id, Some(other), None));
    assert_eq!(footprint(s, &id), before);
}

#[test]
fn the_household_shows_only_members_within_the_callers_scope() {
    let e = env();
    let s = &e.s;
    let father = linked(s, "7100000006", "Tesfay", "15-05-1980", "GM0361", "T-6");
    let mother = linked(s, "7100000007", "Saba", "00-03-1984", "GM0361", "T-6");
    let son = linked(s, "7100000008", "Filmon", "00-00-2004", "GM0361", "T-6");
    let stranger = linked(s, "7100000009", "Abel", "01-01-1999", "GM0361", "T-7");
    // The son moves to Heiloo: still the same household, out of the Alkmaar case worker's sight.
    let today = s.clock.today();
    s.store
        .write(|c| {
            regie_store::persons::move_to(c, std::slice::from_ref(&son), "GM0399", today, "verhuizing", s.clock.naive())
        })
        .unwrap();

    let me = klantmanager(s);
    let audits = footprint(s, &father).3;
    let seen = household::members(s, &me, &father).unwrap();
    assert_eq!(seen.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), vec![mother.as_str()]);
    assert_eq!(seen[0].birth_date.to_string(), "00-03-1984");
    assert!(!seen.iter().any(|p| p.id == stranger || p.id == father));
    assert!(footprint(s, &father).3 > audits, "reading the household is audited");
    let rows = s
        .store
        .read(|c| {
            regie_store::audit::search(
                c,
                &regie_store::audit::AuditFilter { person_id: Some(mother.clone()), ..Default::default() },
                0,
                10,
            )
        })
        .unwrap();
    assert!(rows.items.iter().any(|r| r.action == "person.household"));

    // A team lead of both municipalities sees the son too; the Heiloo case worker sees only him.
    let both = lead(s, &["GM0361", "GM0399"]);
    let mut ids: Vec<String> = household::members(s, &both, &father).unwrap().into_iter().map(|p| p.id).collect();
    ids.sort();
    let mut want = vec![mother.clone(), son.clone()];
    want.sort();
    assert_eq!(ids, want);
    let heiloo = actor(s, "klantmanager.heiloo", Role::Klantmanager, &["GM0399"]);
    assert!(household::members(s, &heiloo, &son).unwrap().is_empty());
    assert!(matches!(household::members(s, &heiloo, &father), Err(ServiceError::NotFound)));

    // COA sees no member whose case records housing.
    let coa = actor(s, "coa", Role::Coa, &["GM0361"]);
    assert_eq!(household::members(s, &coa, &father).unwrap().len(), 1);
    common::house(s, &mother);
    assert!(household::members(s, &coa, &father).unwrap().is_empty());
}

#[test]
fn the_demo_has_a_household_of_four_with_an_expected_nareiziger() {
    let e = env();
    let s = &e.s;
    let tl = lead(s, &["GM0361", "GM0399"]);
    let found = regie_service::persons::search(s, &tl, "1999000001").unwrap();
    let head = &found[0].id;
    assert_eq!(household::members(s, &tl, head).unwrap().len(), 3);
    assert_eq!(household::members(s, &klantmanager(s), head).unwrap().len(), 2, "the son lives in Heiloo");
    let topics = s.store.read(|c| regie_store::cases::topics(c, head)).unwrap();
    assert!(household::expects_nareizigers(&topics));
    assert_eq!(found[0].case_worker_id, Some(user_id(s, "klantmanager")));
    // Cases the demo gave its case worker directly are the team's too.
    assert_eq!(regie_service::persons::get(s, &tl, head).unwrap().team.as_deref(), Some("Team Alkmaar"));
    let seeded = s
        .store
        .read(|c| regie_store::cases::caseload(c, &[user_id(s, "klantmanager")], None, &["GM0361".into()]))
        .unwrap();
    for entry in seeded {
        assert_eq!(
            regie_service::persons::get(s, &tl, &entry.person_id).unwrap().team.as_deref(),
            Some("Team Alkmaar")
        );
    }
    // The younger daughter was handed back to the team: on its worklist without a case worker.
    let lina = regie_service::persons::search(s, &tl, "1999000004").unwrap().remove(0);
    assert_eq!(lina.case_worker_id, None);
    assert_eq!(on_team_worklist(s, &lina.id), Some(None));
}
