//! A provider's hour file through the service layer, on the engine the suite runs on: a
//! 1,000-row file with bad rows records nothing and names every bad row; fixed, it records all;
//! imported again, nothing new. The person is found by V-nummer or BSN within the caller's
//! scope only; a period recorded with other hours, a closed case and a mismatched V-nummer and
//! BSN are errors of their rows; a dry run records nothing.

mod common;
use common::{actor, env, klantmanager};

use regie_domain::Role;
use regie_service::cases::progress::import::{import_hour_file, HourImportReport};
use regie_service::cases::{dossier, koppeling, progress};
use regie_service::{Actor, ServiceError, Services};

const HEADER: &str = "vnummer;bsn;aanbieder;onderdeel;periode_van;periode_tot;uren_aanwezig;uren_gepland;keurmerk";

fn csv(header: &str, rows: &[String]) -> Vec<u8> {
    let mut out = format!("{header}\r\n");
    for r in rows {
        out.push_str(r);
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn days_ago(s: &Services, n: u64) -> String {
    (s.clock.today() - chrono::Days::new(n)).format("%d-%m-%Y").to_string()
}

/// Registers `n` Alkmaar newcomers by a koppeling file; V-nummers from `first`.
fn newcomers(s: &Services, first: u64, n: usize) -> Vec<String> {
    let rows: Vec<String> = (0..n)
        .map(|i| format!("{};Tesfay;Meron;01-01-1992;V;Eritrese;Tigrinya;GM0361;02-09-2026;T{i}", first + i as u64))
        .collect();
    let header =
        "vnummer;achternaam;voornamen;geboortedatum;geslacht;nationaliteit;taal;gemeentecode;koppelingsdatum;huishoudnummer";
    koppeling::import_file(s, &klantmanager(s), &csv(header, &rows), false).unwrap().person_ids
}

/// The hour reports of these persons, and the audit records.
fn footprint(s: &Services, ids: &[String]) -> (usize, i64) {
    s.flush_audit();
    let reports = ids.iter().map(|id| regie_store_hours(s, id)).sum();
    (reports, s.store.read(regie_store::audit::count).unwrap())
}

fn bad_lines(r: Result<HourImportReport, ServiceError>) -> Vec<(String, String)> {
    match r {
        Err(ServiceError::Invalid(errors)) => errors.into_iter().map(|e| (e.field, e.message)).collect(),
        other => panic!("expected row errors, got {other:?}"),
    }
}

#[test]
fn a_file_of_1000_rows_is_all_or_nothing_and_importing_it_again_adds_nothing() {
    let e = env();
    let s = &e.s;
    let km = klantmanager(s);
    let ids = newcomers(s, 7_100_000_000, 250);
    let components = ["taal", "map", "pvt", "knm"];
    let (from, to) = (days_ago(s, 60), days_ago(s, 31));
    let row = |i: usize| {
        format!(
            "{};;Taalschool Noord;{};{from};{to};{};20;ja",
            7_100_000_000u64 + (i / 4) as u64,
            components[i % 4],
            if i.is_multiple_of(2) { "12,5" } else { "8" }
        )
    };
    let good: Vec<String> = (0..1000).map(row).collect();
    let before = footprint(s, &ids);

    let mut bad = good.clone();
    bad[3] = bad[3].replace(";8;20;", ";8,25;20;"); // line 5: quarter hours
    bad[100] = bad[100].replace("Taalschool Noord;taal", "Taalschool Noord;rekenen"); // line 102
    bad[400] = bad[400].replace("7100000100;", "7199999999;"); // line 402: nobody has it
    bad[700] = bad[700].replace(&format!(";{to};"), &format!(";{};", days_ago(s, 61))); // line 702
    bad[998] = bad[997].clone(); // line 1000 repeats line 999
    bad[999] = bad[999].replace(";ja", ";misschien"); // line 1001
    let errors = bad_lines(import_hour_file(s, &km, &csv(HEADER, &bad), false));
    let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        fields,
        [
            "regel 5 (uren_aanwezig)",
            "regel 102 (onderdeel)",
            "regel 402 (vnummer)",
            "regel 702 (periode_tot)",
            "regel 1000 (periode_van)",
            "regel 1001 (keurmerk)",
        ]
    );
    assert!(errors[2].1.contains("geen persoon met dit V-nummer"), "{}", errors[2].1);
    assert!(errors[4].1.contains("regel 999"), "{}", errors[4].1);
    assert!(errors.iter().all(|(_, m)| !m.contains("7199999999")), "no V-nummer is quoted");
    assert_eq!(footprint(s, &ids), before, "a refused file records nothing");

    let dry = import_hour_file(s, &km, &csv(HEADER, &good), true).unwrap();
    assert_eq!((dry.rows, dry.created, dry.persons, dry.dry_run), (1000, 1000, 250, true));
    assert_eq!(footprint(s, &ids), before, "a dry run records nothing");

    let first = import_hour_file(s, &km, &csv(HEADER, &good), false).unwrap();
    assert_eq!((first.created, first.already_present, first.persons), (1000, 0, 250));
    let after = footprint(s, &ids);
    assert_eq!(after.0, before.0 + 1000);
    assert_eq!(after.1, before.1 + 1, "one audit record names every person");

    let again = import_hour_file(s, &km, &csv(HEADER, &good), false).unwrap();
    assert_eq!((again.created, again.already_present, again.persons), (0, 1000, 0));
    assert_eq!(footprint(s, &ids).0, after.0, "the same file again adds nothing");

    // The hours count on the dossier: 12,5 language hours with the quality mark.
    let p = progress::get(s, &km, &ids[0]).unwrap();
    let taal = p.total(regie_domain::inburgering::progress::Component::Taal).unwrap();
    assert_eq!((taal.reports, taal.keurmerk_attended.to_string()), (1, "12,5".to_string()));
    let history = s.store.read(|c| regie_store::cases::events(c, &ids[0])).unwrap();
    assert!(history.iter().any(|ev| ev.detail == "Urenopgave ingelezen: 4 opgaven"));
}

/// Registers one newcomer with a BSN; returns (person id, V-nummer, BSN).
fn with_bsn(s: &Services) -> (String, String, String) {
    let header = "vnummer;achternaam;voornamen;geboortedatum;geslacht;nationaliteit;taal;gemeentecode;koppelingsdatum;huishoudnummer;bsn";
    let row = "7200000001;Ahmadi;Sahar;01-05-1990;V;Afghaanse;Dari;GM0361;02-09-2026;A1;111222333".to_string();
    let id = koppeling::import_file(s, &klantmanager(s), &csv(header, &[row]), false).unwrap().person_ids.remove(0);
    (id, "7200000001".into(), "111222333".into())
}

fn one_row(s: &Services, vnummer: &str, bsn: &str, attended: &str) -> Vec<u8> {
    let row = format!("{vnummer};{bsn};MAP Partners;map;{};{};{attended};10;nee", days_ago(s, 40), days_ago(s, 10));
    csv(HEADER, &[row])
}

#[test]
fn a_bsn_alone_finds_the_person_and_a_v_nummer_of_someone_else_is_refused() {
    let e = env();
    let s = &e.s;
    let km = klantmanager(s);
    let (id, _, bsn) = with_bsn(s);
    let other = newcomers(s, 7_300_000_000, 1);
    let ids = [id.clone(), other[0].clone()];
    let before = footprint(s, &ids);
    let errors = bad_lines(import_hour_file(s, &km, &one_row(s, "7300000000", &bsn, "10"), false));
    assert_eq!(errors[0].0, "regel 2 (bsn)");
    assert!(errors[0].1.contains("niet bij dezelfde persoon"), "{}", errors[0].1);
    assert_eq!(footprint(s, &ids), before);
    let ok = import_hour_file(s, &km, &one_row(s, "", &bsn, "10"), false).unwrap();
    assert_eq!((ok.created, ok.persons), (1, 1));
    assert_eq!(regie_store_hours(s, &id), 1);
    assert_eq!(regie_store_hours(s, &other[0]), 0);
    let errors = bad_lines(import_hour_file(s, &km, &one_row(s, "", "123456782", "10"), false));
    assert_eq!(errors[0].0, "regel 2 (bsn)");
    assert!(errors[0].1.contains("geen persoon met dit BSN"), "{}", errors[0].1);
}

fn regie_store_hours(s: &Services, id: &str) -> usize {
    s.store.read(|c| regie_store::progress::hour_reports_of(c, id)).unwrap().len()
}

#[test]
fn other_hours_for_a_recorded_period_a_closed_case_and_another_municipality_are_row_errors() {
    let e = env();
    let s = &e.s;
    let km = klantmanager(s);
    let (id, vnummer, _) = with_bsn(s);
    import_hour_file(s, &km, &one_row(s, &vnummer, "", "10"), false).unwrap();

    // The same period with other hours: refused, and the recorded hours stay.
    let errors = bad_lines(import_hour_file(s, &km, &one_row(s, &vnummer, "", "9,5"), false));
    assert_eq!(errors[0].0, "regel 2 (uren_aanwezig)");
    assert!(errors[0].1.contains("10 uur aanwezig"), "{}", errors[0].1);
    assert_eq!(regie_store_hours(s, &id), 1);

    // The Heiloo case worker cannot reach an Alkmaar person: the same words as for nobody.
    let heiloo: Actor = actor(s, "klantmanager.heiloo", Role::Klantmanager, &["GM0399"]);
    let errors = bad_lines(import_hour_file(s, &heiloo, &one_row(s, &vnummer, "", "10"), true));
    assert_eq!(errors[0].0, "regel 2 (vnummer)");
    assert!(errors[0].1.contains("geen persoon met dit V-nummer"), "{}", errors[0].1);

    // Finance may not record hours at all.
    let finance = actor(s, "financien", Role::Financien, &["GM0361"]);
    assert!(matches!(
        import_hour_file(s, &finance, &one_row(s, &vnummer, "", "10"), false),
        Err(ServiceError::Forbidden)
    ));

    // A withdrawn case takes no new hours.
    dossier::withdraw(s, &km, &id, "Vertrokken naar het buitenland").unwrap();
    let mut row = String::from_utf8(one_row(s, &vnummer, "", "10")).unwrap();
    row = row.replace("MAP Partners;map", "Taalschool Noord;taal");
    let errors = bad_lines(import_hour_file(s, &km, row.as_bytes(), false));
    assert_eq!(errors[0].0, "regel 2 (vnummer)");
    assert!(errors[0].1.contains("afgesloten"), "{}", errors[0].1);
    assert_eq!(regie_store_hours(s, &id), 1);
}

#[test]
fn a_file_that_is_no_hour_file_is_refused_with_its_header_named() {
    let e = env();
    let s = &e.s;
    let km = klantmanager(s);
    let koppeling_file = b"vnummer;achternaam;voornamen\n7000000001;Ali;Omar\n";
    match import_hour_file(s, &km, koppeling_file, false) {
        Err(ServiceError::Invalid(errors)) => {
            assert_eq!(errors[0].field, "bestand");
            assert!(errors[0].message.contains("aanbieder"), "{}", errors[0].message);
            assert!(errors[0].message.contains("'achternaam'"), "{}", errors[0].message);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_v_nummer_outside_the_scope_is_unknown_even_beside_a_bsn_in_it() {
    let e = env();
    let s = &e.s;
    let km = klantmanager(s);
    let (_, _, bsn) = with_bsn(s);
    // A Heiloo newcomer, registered by the Heiloo case worker.
    let heiloo = actor(s, "klantmanager.heiloo", Role::Klantmanager, &["GM0399"]);
    let header =
        "vnummer;achternaam;voornamen;geboortedatum;geslacht;nationaliteit;taal;gemeentecode;koppelingsdatum;huishoudnummer";
    let row = "7500000001;Ali;Omar;01-01-1990;M;Syrische;Arabisch;GM0399;02-09-2026;HH1".to_string();
    koppeling::import_file(s, &heiloo, &csv(header, &[row]), false).unwrap();
    // Alkmaar's case worker names the Heiloo V-nummer with an Alkmaar BSN: the V-nummer is
    // unknown to them, not "of another person" (which would tell that it exists).
    let errors = bad_lines(import_hour_file(s, &km, &one_row(s, "7500000001", &bsn, "10"), true));
    assert_eq!(errors[0].0, "regel 2 (vnummer)");
    assert!(errors[0].1.contains("geen persoon met dit V-nummer"), "{}", errors[0].1);
    assert!(errors.iter().all(|(_, m)| !m.contains("dezelfde persoon")));
}

#[test]
fn a_withdrawn_report_leaves_its_period_free_for_the_corrected_hours() {
    let e = env();
    let s = &e.s;
    let km = klantmanager(s);
    let (id, vnummer, _) = with_bsn(s);
    import_hour_file(s, &km, &one_row(s, &vnummer, "", "10"), false).unwrap();
    let wrong = progress::get(s, &km, &id).unwrap().reports[0].id.to_string();
    progress::withdraw(s, &km, &id, progress::Withdrawable::HourReport, &wrong, "Aanbieder meldt: 9,5 uur, niet 10")
        .unwrap();
    let corrected = import_hour_file(s, &km, &one_row(s, &vnummer, "", "9,5"), false).unwrap();
    assert_eq!(corrected.created, 1);
    let p = progress::get(s, &km, &id).unwrap();
    assert_eq!(p.reports.len(), 2, "the withdrawn report stays in the record");
    let map = p.totals.iter().find(|t| t.component.code() == "map").unwrap();
    assert_eq!(map.attended.to_string(), "9,5", "only the corrected report counts");
    // The corrected file again: nothing new.
    assert_eq!(import_hour_file(s, &km, &one_row(s, &vnummer, "", "9,5"), false).unwrap().created, 0);
}
