//! Other spellings of a name and search, through the service layer on the engine the suite
//! runs on: search finds a person by any current spelling (also in Arabic or Ge'ez script, and
//! by date of birth, alone or with a name), no longer by a withdrawn one, never outside the
//! caller's scope; bad input and duplicates change nothing; the case history never holds the
//! name.

mod common;
use common::{actor, env, fields, klantmanager};

use regie_domain::Role;
use regie_service::cases::koppeling;
use regie_service::cases::names::{self, SpellingInput};
use regie_service::{persons, ServiceError, Services};

/// A fresh Alkmaar koppeling; returns the person's id.
fn newcomer(s: &Services, vnummer: &str, given: &str, family: &str, born: &str) -> String {
    let fields = regie_domain::inburgering::koppeling::KoppelingFields {
        line: 1,
        vnummer: vnummer.into(),
        achternaam: family.into(),
        voornamen: given.into(),
        geboortedatum: born.into(),
        geslacht: "V".into(),
        nationaliteit: "Eritrese".into(),
        taal: "Tigrinya".into(),
        gemeentecode: "GM0361".into(),
        koppelingsdatum: "01-09-2026".into(),
        huishoudnummer: "N-1".into(),
        ..Default::default()
    };
    koppeling::register(s, &klantmanager(s), &fields).unwrap()
}

fn spelling(given: &str, family: &str, source: &str) -> SpellingInput {
    SpellingInput { given_names: given.into(), family_name: family.into(), source: source.into() }
}

fn found(s: &Services, q: &str) -> Vec<String> {
    persons::search(s, &klantmanager(s), q).unwrap().into_iter().map(|p| p.id).collect()
}

#[test]
fn search_finds_a_person_by_every_current_spelling_and_not_by_a_withdrawn_one() {
    let e = env();
    let s = &e.s;
    let km = klantmanager(s);
    let id = newcomer(s, "7400000001", "Selamawit", "Gebrezgiabher", "14-02-1994");
    assert!(!found(s, "Weldemichael").contains(&id));

    let passport = names::add(s, &km, &id, &spelling("Selamawit", "Weldemichael", "paspoort")).unwrap();
    let geez = names::add(s, &km, &id, &spelling("ሰላማዊት", "ገብረእግዚኣብሄር", "persoon")).unwrap();
    assert!(found(s, "Weldemichael").contains(&id), "found by the passport's spelling");
    assert!(found(s, "Woldemichael Selamawit").contains(&id), "and by another transliteration of it");
    assert!(found(s, "ሰላማዊት").contains(&id), "and in Ge'ez script");
    assert!(found(s, "Gebrezgiabher").contains(&id), "the registered name still finds the person");

    let listed = names::list(s, &km, &id).unwrap();
    assert_eq!(listed.iter().map(|n| n.id).collect::<Vec<_>>(), vec![passport, geez]);
    assert_eq!(listed[0].source, "paspoort");

    names::withdraw(s, &km, &id, &passport.to_string()).unwrap();
    assert!(!found(s, "Weldemichael").contains(&id), "a withdrawn spelling no longer finds the person");
    assert!(found(s, "ሰላማዊት").contains(&id));
    let listed = names::list(s, &km, &id).unwrap();
    assert!(listed[0].withdrawn_at.is_some() && listed[0].withdrawn_by.as_deref() == Some("klantmanager"));
    // Withdrawn twice, or a spelling that does not exist: not found, nothing changes.
    assert!(matches!(names::withdraw(s, &km, &id, &passport.to_string()), Err(ServiceError::NotFound)));
    assert!(matches!(names::withdraw(s, &km, &id, "abc"), Err(ServiceError::NotFound)));

    // The history says a spelling changed, never the name.
    let history = s.store.read(|c| regie_store::cases::events(c, &id)).unwrap();
    assert!(history.iter().any(|e| e.detail == "Andere schrijfwijze van de naam vastgelegd"));
    assert!(history.iter().all(|e| !e.detail.contains("Weldemichael") && !e.detail.contains("ሰላማዊት")));
}

#[test]
fn bad_spellings_and_duplicates_are_refused_and_store_nothing() {
    let e = env();
    let s = &e.s;
    let km = klantmanager(s);
    let id = newcomer(s, "7400000002", "Aman", "Tesfamariam", "01-01-1990");
    let count = || names::list(s, &km, &id).unwrap().len();
    assert_eq!(fields(names::add(s, &km, &id, &spelling("Aman", "", "paspoort"))), ["familyName"]);
    assert_eq!(fields(names::add(s, &km, &id, &spelling("", "12345", "onbekend"))), ["familyName", "source"]);
    assert_eq!(fields(names::add(s, &km, &id, &spelling("A\u{0007}", "Tesfa", "brp"))), ["givenNames"]);
    assert_eq!(fields(names::add(s, &km, &id, &spelling("", &"x".repeat(201), "brp"))), ["familyName"]);
    assert_eq!(
        fields(names::add(s, &km, &id, &spelling("AMAN", " tesfamariam ", "brp"))),
        ["familyName"],
        "the registered name itself is no other spelling"
    );
    names::add(s, &km, &id, &spelling("Amanuel", "Tesfamariam", "brp")).unwrap();
    assert_eq!(fields(names::add(s, &km, &id, &spelling("amanuel", "TESFAMARIAM", "coa"))), ["familyName"]);
    assert_eq!(count(), 1);
}

#[test]
fn spellings_stay_within_the_scope_and_the_roles_that_work_with_persons() {
    let e = env();
    let s = &e.s;
    let km = klantmanager(s);
    let id = newcomer(s, "7400000003", "Hiwet", "Kidane", "05-05-1985");
    names::add(s, &km, &id, &spelling("Hewet", "Kidanemariam", "paspoort")).unwrap();
    let heiloo = actor(s, "klantmanager.heiloo", Role::Klantmanager, &["GM0399"]);
    assert!(matches!(names::list(s, &heiloo, &id), Err(ServiceError::NotFound)));
    assert!(matches!(names::add(s, &heiloo, &id, &spelling("X", "Kidane", "brp")), Err(ServiceError::NotFound)));
    assert!(persons::search(s, &heiloo, "Kidanemariam").unwrap().is_empty(), "not found outside the scope");
    let finance = actor(s, "financien", Role::Financien, &["GM0361"]);
    assert!(matches!(names::list(s, &finance, &id), Err(ServiceError::Forbidden)));
    assert!(matches!(names::add(s, &finance, &id, &spelling("X", "Kidane", "brp")), Err(ServiceError::Forbidden)));
}

#[test]
fn search_by_date_of_birth_alone_or_with_a_name_and_unknown_parts_match() {
    let e = env();
    let s = &e.s;
    let exact = newcomer(s, "7400000004", "Nardos", "Berhane", "17-08-1987");
    let month_known = newcomer(s, "7400000005", "Filmon", "Berhane", "00-08-1987");
    let other_day = newcomer(s, "7400000006", "Ruta", "Berhane", "18-08-1987");
    let by_date = found(s, "17-08-1987");
    assert!(by_date.contains(&exact) && by_date.contains(&month_known), "an unknown day may be the 17th");
    assert!(!by_date.contains(&other_day));
    assert_eq!(found(s, "1987-08-17"), by_date, "ISO dates mean the same");
    let with_name = found(s, "Nardos 17-08-1987");
    assert_eq!(with_name, vec![exact.clone()]);
    assert!(found(s, "Berhane 00-08-1987").len() >= 3, "a month without a day");
    assert!(found(s, "1987").contains(&other_day), "a bare year");
    for bad in ["31-02-1987", "17-08-87", "12-03-1979 13-03-1979"] {
        match persons::search(s, &klantmanager(s), bad) {
            Err(ServiceError::Invalid(f)) => assert_eq!(f[0].field, "q", "{bad}"),
            other => panic!("{bad}: {other:?}"),
        }
    }
}

#[test]
fn the_demo_family_is_found_by_its_passport_spelling_and_in_arabic_script() {
    let e = env();
    let s = &e.s;
    let id_of =
        |v: &str| s.store.read(|c| regie_store::cases::existing_v_nummers(c, &[v.to_string()])).unwrap().remove(0).1;
    let (yousef, rania) = (id_of("1999000001"), id_of("1999000002"));
    assert!(found(s, "Yousef Khoury").contains(&yousef));
    assert!(found(s, "Youssef Al-Khouri").contains(&yousef), "the passport's spelling");
    assert!(found(s, "يوسف خوري").contains(&yousef), "Arabic script");
    let arabic_family = found(s, "خوري");
    assert!(arabic_family.contains(&yousef) && arabic_family.contains(&rania));
}

mod nareizigers_tests {
    use super::*;
    use regie_service::cases::nareizigers::{self, ArrivalInput, NareizigerInput, StatusInput};

    fn daughter(s: &Services, days_ago: u64) -> NareizigerInput {
        NareizigerInput {
            relation: "kind".into(),
            given_names: "Semhar".into(),
            family_name: "Tesfay".into(),
            birth_date: "00-00-2012".into(),
            status: "verwacht".into(),
            status_on: (s.clock.today() - chrono::Days::new(days_ago)).format("%d-%m-%Y").to_string(),
            note: String::new(),
        }
    }

    fn step_to(s: &Services, status: &str, days_ago: u64) -> StatusInput {
        StatusInput {
            status: status.into(),
            status_on: (s.clock.today() - chrono::Days::new(days_ago)).format("%d-%m-%Y").to_string(),
        }
    }

    #[test]
    fn a_nareiziger_is_followed_from_expected_to_arrival_and_wrong_steps_change_nothing() {
        let e = env();
        let s = &e.s;
        let km = klantmanager(s);
        let id = newcomer(s, "7400000010", "Yonas", "Tesfay", "01-01-1985");
        let n = nareizigers::add(s, &km, &id, &daughter(s, 60)).unwrap();
        let status = || nareizigers::list(s, &km, &id).unwrap()[0].status.clone();

        // Arrival before an application: refused with the steps that may follow.
        match nareizigers::step(s, &km, &id, &n.to_string(), &step_to(s, "aangekomen", 10)) {
            Err(ServiceError::Invalid(f)) => {
                assert_eq!(f[0].field, "status");
                assert!(f[0].message.contains("Aanvraag gezinshereniging ingediend"), "{}", f[0].message);
            }
            other => panic!("{other:?}"),
        }
        // A date before the current status.
        assert_eq!(
            fields(nareizigers::step(s, &km, &id, &n.to_string(), &step_to(s, "aangevraagd", 61))),
            ["statusOn"]
        );
        assert_eq!(status(), "verwacht");

        for (next, days) in [("aangevraagd", 50), ("ingewilligd", 20), ("aangekomen", 5)] {
            nareizigers::step(s, &km, &id, &n.to_string(), &step_to(s, next, days)).unwrap();
            assert_eq!(status(), next);
        }
        let row = &nareizigers::list(s, &km, &id).unwrap()[0];
        assert_eq!((row.birth_year, row.birth_month, row.birth_day), (Some(2012), None, None));
        assert_eq!(row.updated_by, "klantmanager");
        // Arrived is final.
        assert_eq!(fields(nareizigers::step(s, &km, &id, &n.to_string(), &step_to(s, "vervallen", 1))), ["status"]);
        let history = s.store.read(|c| regie_store::cases::events(c, &id)).unwrap();
        assert!(history.iter().any(|e| e.detail == "Nareiziger: Aangekomen in Nederland"));
        assert!(history.iter().all(|e| !e.detail.contains("Semhar")), "the history never names the nareiziger");
    }

    #[test]
    fn bad_nareizigers_are_refused_and_others_cannot_reach_them() {
        let e = env();
        let s = &e.s;
        let km = klantmanager(s);
        let id = newcomer(s, "7400000011", "Yonas", "Tesfay", "01-01-1985");
        let mut bad = daughter(s, 1);
        bad.relation = "buurman".into();
        bad.family_name = String::new();
        bad.birth_date = "31-02-2012".into();
        bad.status = "aangekomen".into();
        bad.status_on = "01-01-2999".into();
        assert_eq!(
            fields(nareizigers::add(s, &km, &id, &bad)),
            ["relation", "familyName", "birthDate", "status", "statusOn"]
        );
        let mut future_birth = daughter(s, 1);
        future_birth.birth_date = (s.clock.today() + chrono::Days::new(1)).format("%d-%m-%Y").to_string();
        assert_eq!(fields(nareizigers::add(s, &km, &id, &future_birth)), ["birthDate"]);
        assert!(nareizigers::list(s, &km, &id).unwrap().is_empty());

        let n = nareizigers::add(s, &km, &id, &daughter(s, 3)).unwrap();
        let heiloo = actor(s, "klantmanager.heiloo", Role::Klantmanager, &["GM0399"]);
        assert!(matches!(nareizigers::list(s, &heiloo, &id), Err(ServiceError::NotFound)));
        assert!(matches!(
            nareizigers::step(s, &heiloo, &id, &n.to_string(), &step_to(s, "aangevraagd", 1)),
            Err(ServiceError::NotFound)
        ));
        assert!(matches!(
            nareizigers::step(s, &km, &id, "999999", &step_to(s, "aangevraagd", 1)),
            Err(ServiceError::NotFound)
        ));
        let helpdesk = actor(s, "helpdesk", Role::Helpdesk, &["GM0361"]);
        assert!(matches!(nareizigers::list(s, &helpdesk, &id), Err(ServiceError::Forbidden)));
    }

    /// Applied for, granted and arrived.
    fn arrive(s: &Services, person: &str, n: &str) {
        for (next, days) in [("aangevraagd", 50), ("ingewilligd", 20), ("aangekomen", 5)] {
            nareizigers::step(s, &klantmanager(s), person, n, &step_to(s, next, days)).unwrap();
        }
    }

    fn arrival(v: &str) -> ArrivalInput {
        ArrivalInput { v_nummer: v.into() }
    }

    /// A father registered under `v_nummer` whose daughter's nareis has reached "Aangekomen":
    /// the father's id and the nareiziger record's id.
    fn father_with_arrived_daughter(s: &Services, v_nummer: &str) -> (String, String) {
        let father = newcomer(s, v_nummer, "Yonas", "Tesfay", "01-01-1985");
        let n = nareizigers::add(s, &klantmanager(s), &father, &daughter(s, 60)).unwrap().to_string();
        arrive(s, &father, &n);
        (father, n)
    }

    /// Steps in a person's case history.
    fn history_len(s: &Services, person_id: &str) -> usize {
        s.store.read(|c| regie_store::cases::events(c, person_id)).unwrap().len()
    }

    #[test]
    fn an_arrived_nareiziger_is_linked_to_their_own_dossier_once() {
        let e = env();
        let s = &e.s;
        let km = klantmanager(s);
        let father = newcomer(s, "7400000020", "Yonas", "Tesfay", "01-01-1985");
        let n = nareizigers::add(s, &km, &father, &daughter(s, 60)).unwrap().to_string();
        let daughter_id = newcomer(s, "7400000021", "Semhar", "Tesfay", "00-00-2012");

        // Not yet arrived: refused, nothing linked.
        let refused = common::conflict(nareizigers::link_arrived(s, &km, &father, &n, &arrival("7400000021")));
        assert!(refused.contains("Aangekomen in Nederland"), "{refused}");
        arrive(s, &father, &n);
        // Bad V-nummers: malformed, unknown, the person's own.
        assert_eq!(fields(nareizigers::link_arrived(s, &km, &father, &n, &arrival("74-000"))), ["vNummer"]);
        assert_eq!(fields(nareizigers::link_arrived(s, &km, &father, &n, &arrival("7400009999"))), ["vNummer"]);
        assert_eq!(fields(nareizigers::link_arrived(s, &km, &father, &n, &arrival("7400000020"))), ["vNummer"]);
        assert_eq!(nareizigers::list(s, &km, &father).unwrap()[0].arrived_person_id, None);

        let (father_events, daughter_events) = (history_len(s, &father), history_len(s, &daughter_id));
        nareizigers::link_arrived(s, &km, &father, &n, &arrival("74000 00021")).unwrap();
        assert_eq!(
            nareizigers::list(s, &km, &father).unwrap()[0].arrived_person_id.as_deref(),
            Some(daughter_id.as_str())
        );
        assert_eq!((history_len(s, &father), history_len(s, &daughter_id)), (father_events + 1, daughter_events + 1));
        // Her dossier leads back to her father's.
        let parts = regie_service::cases::dossier_parts::get(s, &km, &daughter_id).unwrap();
        assert_eq!(parts.followed, Some(("kind".to_string(), father.clone())));
        // The audit log names her as a subject of the link.
        s.flush_audit();
        let filter = regie_store::audit::AuditFilter { person_id: Some(daughter_id.clone()), ..Default::default() };
        let audited = s.store.read(|c| regie_store::audit::search(c, &filter, 0, 100)).unwrap().items;
        assert_eq!(audited.iter().filter(|r| r.action == "person.nareiziger_arrived").count(), 1);

        // The same again changes nothing; another person, or her linked to a second record, is refused.
        nareizigers::link_arrived(s, &km, &father, &n, &arrival("7400000021")).unwrap();
        assert_eq!((history_len(s, &father), history_len(s, &daughter_id)), (father_events + 1, daughter_events + 1));
        newcomer(s, "7400000022", "Yohannes", "Tesfay", "00-00-2014");
        let other = common::conflict(nareizigers::link_arrived(s, &km, &father, &n, &arrival("7400000022")));
        assert!(other.contains("al gekoppeld aan een ander dossier"), "{other}");
        let mother = newcomer(s, "7400000023", "Mebrat", "Tesfay", "01-01-1988");
        let again = nareizigers::add(s, &km, &mother, &daughter(s, 60)).unwrap().to_string();
        arrive(s, &mother, &again);
        let twice = common::conflict(nareizigers::link_arrived(s, &km, &mother, &again, &arrival("7400000021")));
        assert!(twice.contains("al gekoppeld als aangekomen nareiziger"), "{twice}");
        assert_eq!(nareizigers::list(s, &km, &mother).unwrap()[0].arrived_person_id, None);

        // A COA case manager does not find a person who has been housed (out of their sight),
        // and the same answer as for a V-nummer nobody has.
        let coa = actor(s, "coa", Role::Coa, &["GM0361"]);
        let housed = newcomer(s, "7400000024", "Aster", "Tesfay", "01-01-1990");
        common::house(s, &housed);
        let by_coa = nareizigers::link_arrived(s, &coa, &mother, &again, &arrival("7400000024"));
        assert_eq!(fields(by_coa), ["vNummer"]);
        assert_eq!(nareizigers::list(s, &km, &mother).unwrap()[0].arrived_person_id, None);

        // Outside the caller's scope: the father is not found; a nareiziger in Heiloo is not found by V-nummer.
        let heiloo = actor(s, "klantmanager.heiloo", Role::Klantmanager, &["GM0399"]);
        assert!(matches!(
            nareizigers::link_arrived(s, &heiloo, &father, &n, &arrival("7400000021")),
            Err(ServiceError::NotFound)
        ));
    }

    #[test]
    fn two_identical_links_at_the_same_time_both_succeed_and_link_once() {
        let e = env();
        let s = &e.s;
        let km = klantmanager(s);
        let (father, n) = father_with_arrived_daughter(s, "7400000040");
        let daughter_id = newcomer(s, "7400000041", "Semhar", "Tesfay", "00-00-2012");
        let before = (history_len(s, &father), history_len(s, &daughter_id));

        // The same link sent twice at once (a double click, a retry).
        let start = std::sync::Barrier::new(2);
        let results: Vec<_> = std::thread::scope(|scope| {
            let racers: Vec<_> = (0..2)
                .map(|_| {
                    scope.spawn(|| {
                        start.wait();
                        nareizigers::link_arrived(s, &km, &father, &n, &arrival("7400000041"))
                    })
                })
                .collect();
            racers.into_iter().map(|r| r.join().expect("no panic")).collect()
        });
        for r in results {
            r.unwrap();
        }

        assert_eq!(
            nareizigers::list(s, &km, &father).unwrap()[0].arrived_person_id.as_deref(),
            Some(daughter_id.as_str())
        );
        // One step in each case history and one link audited as made; the other request is
        // audited as changing nothing.
        assert_eq!((history_len(s, &father), history_len(s, &daughter_id)), (before.0 + 1, before.1 + 1));
        s.flush_audit();
        let outcomes = |person: &str| {
            let filter = regie_store::audit::AuditFilter { person_id: Some(person.into()), ..Default::default() };
            let audited = s.store.read(|c| regie_store::audit::search(c, &filter, 0, 100)).unwrap().items;
            let mut links: Vec<String> =
                audited.into_iter().filter(|r| r.action == "person.nareiziger_arrived").map(|r| r.outcome).collect();
            links.sort();
            links
        };
        assert_eq!(outcomes(&daughter_id), ["success"]);
        assert_eq!(outcomes(&father), ["success", "unchanged"]);
    }

    #[test]
    fn a_link_passes_over_a_merged_record_and_is_hidden_once_the_dossier_is_out_of_reach() {
        let e = env();
        let s = &e.s;
        let km = klantmanager(s);
        let (father, n) = father_with_arrived_daughter(s, "7400000030");
        // She was registered twice; the koppeling's record was merged into the other, which
        // took over its V-nummer. The merged record keeps it too, and is passed over.
        let first = newcomer(s, "7400000031", "Semhar", "Tesfay", "14-02-2012");
        let again = regie_service::persons::create(
            s,
            &km,
            &regie_service::persons::NewPerson {
                given_names: "Semhar".into(),
                family_name: "Tesfaye".into(),
                birth_date: "14-02-2012".into(),
                bsn: Some("111222333".into()),
                nationality: "Eritrese".into(),
                target_group: "gezinsmigrant".into(),
                municipality_code: "GM0361".into(),
                ..Default::default()
            },
        )
        .unwrap();
        regie_service::cases::duplicates::merge(s, &km, &again.id, &first, "Twee keer geregistreerd").unwrap();
        nareizigers::link_arrived(s, &km, &father, &n, &arrival("7400000031")).unwrap();
        assert_eq!(
            nareizigers::list(s, &km, &father).unwrap()[0].arrived_person_id.as_deref(),
            Some(again.id.as_str())
        );

        // She moves to Heiloo: the Alkmaar case worker no longer sees whose dossier it is.
        let now = s.clock.naive();
        s.store
            .write(|c| {
                regie_store::persons::move_to(
                    c,
                    std::slice::from_ref(&again.id),
                    "GM0399",
                    s.clock.today(),
                    "verhuizing",
                    now,
                )
            })
            .unwrap();
        assert_eq!(nareizigers::list(s, &km, &father).unwrap()[0].arrived_person_id, None);
        let parts = regie_service::cases::dossier_parts::get(s, &km, &father).unwrap();
        assert_eq!(parts.nareizigers[0].arrived_person_id, None);
        let both = actor(s, "teamleider", Role::Teamleider, &["GM0361", "GM0399"]);
        assert_eq!(
            nareizigers::list(s, &both, &father).unwrap()[0].arrived_person_id.as_deref(),
            Some(again.id.as_str())
        );
    }

    #[test]
    fn the_demo_family_expects_a_daughter() {
        let e = env();
        let s = &e.s;
        let father = s
            .store
            .read(|c| regie_store::cases::existing_v_nummers(c, &["1999000001".to_string()]))
            .unwrap()
            .remove(0)
            .1;
        let list = nareizigers::list(s, &klantmanager(s), &father).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!((list[0].relation.as_str(), list[0].status.as_str()), ("kind", "aangevraagd"));
    }
}
