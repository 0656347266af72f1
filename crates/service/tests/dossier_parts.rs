//! Documents, consents and referrals through the service layer, on the engine the suite runs
//! on: everything within the caller's scope, bad input changes nothing, a referral that shares
//! data needs a consent, an outcome is recorded once (the same one again is accepted), and a
//! medical statement is invisible to roles that may not see health data.

mod common;
use common::{actor, env, fields};

use regie_domain::Role;
use regie_service::cases::documents::Upload;
use regie_service::cases::{consents, documents, dossier_parts, koppeling, referrals};
use regie_service::{Actor, ServiceError, Services};

fn km(s: &Services) -> Actor {
    actor(s, "klantmanager", Role::Klantmanager, &["GM0361"])
}

/// A fresh Alkmaar koppeling (the person is still in the AZC).
fn new_case(s: &Services, v: &str) -> String {
    let fields = regie_domain::inburgering::koppeling::KoppelingFields {
        line: 1,
        vnummer: v.into(),
        achternaam: "Yusuf".into(),
        voornamen: "Amina".into(),
        geboortedatum: "02-02-1992".into(),
        geslacht: "V".into(),
        nationaliteit: "Somalische".into(),
        taal: "Somalisch".into(),
        gemeentecode: "GM0361".into(),
        koppelingsdatum: "01-09-2026".into(),
        huishoudnummer: "H-9".into(),
        ..Default::default()
    };
    koppeling::register(s, &km(s), &fields).unwrap()
}

fn pdf(name: &str) -> Upload {
    Upload { name: name.into(), content_type: "application/pdf".into(), bytes: b"%PDF-1.4\n%%EOF\n".to_vec() }
}

fn days_ago(s: &Services, n: u64) -> String {
    (s.clock.today() - chrono::Days::new(n)).format("%d-%m-%Y").to_string()
}

/// Everything a failed step could have left behind.
fn footprint(s: &Services, id: &str) -> (usize, usize, usize, usize, i64) {
    s.flush_audit();
    s.store
        .read(|c| {
            Ok((
                regie_store::dossier::documents_of(c, id)?.len(),
                regie_store::dossier::consents_of(c, id)?.len(),
                regie_store::dossier::referrals_of(c, id)?.len(),
                regie_store::cases::events(c, id)?.len(),
                regie_store::audit::count(c)?,
            ))
        })
        .unwrap()
}

#[test]
fn another_municipality_finds_nothing_and_changes_nothing() {
    let e = env();
    let s = &e.s;
    let id = new_case(s, "6123456780");
    let doc = documents::upload(s, &km(s), &id, "identiteitsbewijs", "", &pdf("paspoort.pdf")).unwrap();
    let heiloo = actor(s, "klantmanager.heiloo", Role::Klantmanager, &["GM0399"]);
    let before = footprint(s, &id);
    assert!(matches!(dossier_parts::get(s, &heiloo, &id), Err(ServiceError::NotFound)));
    assert!(matches!(documents::download(s, &heiloo, &id, doc), Err(ServiceError::NotFound)));
    assert!(matches!(
        documents::upload(s, &heiloo, &id, "diploma", "", &pdf("diploma.pdf")),
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(documents::withdraw(s, &heiloo, &id, doc, "Niet van ons"), Err(ServiceError::NotFound)));
    let consent = consents::ConsentInput {
        kind: "delen_met_partners".into(),
        given_on: days_ago(s, 1),
        document_id: None,
        note: String::new(),
    };
    assert!(matches!(consents::give(s, &heiloo, &id, &consent), Err(ServiceError::NotFound)));
    let referral = referrals::ReferralInput {
        partner_name: "Taalhuis".into(),
        kind: "taalaanbieder".into(),
        referred_on: days_ago(s, 1),
        goal: "Oefenen".into(),
        shares_data: false,
    };
    assert!(matches!(referrals::create(s, &heiloo, &id, &referral), Err(ServiceError::NotFound)));
    let (docs, consents_n, referrals_n, events, _) = footprint(s, &id);
    assert_eq!((docs, consents_n, referrals_n, events), (before.0, before.1, before.2, before.3));
    // Roles without access to persons are refused before anything else.
    let beleid = actor(s, "beleid", Role::Beleid, &["GM0361"]);
    assert!(matches!(dossier_parts::get(s, &beleid, &id), Err(ServiceError::Forbidden)));
    assert!(matches!(documents::upload(s, &beleid, &id, "x", "", &pdf("")), Err(ServiceError::Forbidden)));
}

#[test]
fn bad_input_is_refused_in_dutch_and_changes_nothing() {
    let e = env();
    let s = &e.s;
    let k = km(s);
    let id = new_case(s, "6123456781");
    let before = footprint(s, &id);
    let exe =
        Upload { name: "virus.pdf".into(), content_type: "application/pdf".into(), bytes: b"MZ\x90\x00".to_vec() };
    assert_eq!(fields(documents::upload(s, &k, &id, "identiteitsbewijs", "", &exe)), ["document"]);
    let mut big = b"%PDF-".to_vec();
    big.resize(5 * 1024 * 1024 + 1, b' ');
    let big = Upload { name: "groot.pdf".into(), content_type: "application/pdf".into(), bytes: big };
    match documents::upload(s, &k, &id, "diploma", "", &big) {
        Err(ServiceError::Invalid(f)) => assert_eq!(f[0].message, "Het bestand is groter dan 5 MB."),
        other => panic!("{other:?}"),
    }
    let empty = Upload { name: String::new(), content_type: String::new(), bytes: vec![] };
    assert_eq!(fields(documents::upload(s, &k, &id, "paspoortje", "", &empty)), ["docType", "document"]);
    let consent = consents::ConsentInput {
        kind: "alles".into(),
        given_on: "31-02-2026".into(),
        document_id: None,
        note: String::new(),
    };
    assert_eq!(fields(consents::give(s, &k, &id, &consent)), ["kind", "givenOn"]);
    let future = consents::ConsentInput {
        kind: "delen_met_partners".into(),
        given_on: (s.clock.today() + chrono::Days::new(3)).format("%d-%m-%Y").to_string(),
        document_id: Some(999_999),
        note: String::new(),
    };
    assert_eq!(fields(consents::give(s, &k, &id, &future)), ["givenOn"]);
    let unknown_doc = consents::ConsentInput { given_on: days_ago(s, 2), ..future };
    assert_eq!(fields(consents::give(s, &k, &id, &unknown_doc)), ["documentId"]);
    let referral = referrals::ReferralInput {
        partner_name: " ".into(),
        kind: "bakker".into(),
        referred_on: String::new(),
        goal: String::new(),
        shares_data: false,
    };
    assert_eq!(fields(referrals::create(s, &k, &id, &referral)), ["partnerName", "kind", "referredOn", "goal"]);
    assert_eq!(fields(documents::withdraw(s, &k, &id, 1, "kort")), ["reason"]);
    let (docs, consents_n, referrals_n, events, audits) = footprint(s, &id);
    assert_eq!((docs, consents_n, referrals_n, events, audits), before);
}

#[test]
fn a_referral_that_shares_data_needs_a_consent_that_holds() {
    let e = env();
    let s = &e.s;
    let k = km(s);
    let id = new_case(s, "6123456782");
    let referral = |days: u64, shares: bool| referrals::ReferralInput {
        partner_name: "Stichting Vluchtelingenwerk".into(),
        kind: "vrijwilligersorganisatie".into(),
        referred_on: days_ago(s, days),
        goal: "Maatje voor de taal".into(),
        shares_data: shares,
    };
    let before = footprint(s, &id);
    match referrals::create(s, &k, &id, &referral(5, true)) {
        Err(ServiceError::Invalid(f)) => {
            assert_eq!(f[0].field, "sharesData");
            assert!(f[0].message.contains("geen geldige toestemming"), "{}", f[0].message);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(footprint(s, &id).2, before.2);
    // Without sharing data a referral needs no consent.
    referrals::create(s, &k, &id, &referral(5, false)).unwrap();
    let signed = documents::upload(s, &k, &id, "toestemming", "", &pdf("toestemming.pdf")).unwrap();
    let consent = consents::ConsentInput {
        kind: "delen_met_partners".into(),
        given_on: days_ago(s, 10),
        document_id: Some(signed),
        note: "Met tolk besproken".into(),
    };
    let consent_id = consents::give(s, &k, &id, &consent).unwrap();
    // One consent of a kind holds at a time.
    assert!(matches!(consents::give(s, &k, &id, &consent), Err(ServiceError::Conflict(_))));
    let shared = referrals::create(s, &k, &id, &referral(5, true)).unwrap();
    consents::withdraw(s, &k, &id, consent_id, &days_ago(s, 2), "Wil niet meer delen").unwrap();
    assert!(matches!(
        consents::withdraw(s, &k, &id, consent_id, &days_ago(s, 1), "Nog een keer"),
        Err(ServiceError::Conflict(_))
    ));
    // From the withdrawal on, sharing is refused again; before it, it held.
    assert_eq!(fields(referrals::create(s, &k, &id, &referral(1, true))), ["sharesData"]);
    referrals::create(s, &k, &id, &referral(3, true)).unwrap();
    let parts = dossier_parts::get(s, &k, &id).unwrap();
    // The withdrawn consent stays in the history.
    assert_eq!(parts.consents.len(), 1);
    assert_eq!(parts.consents[0].withdrawn_reason.as_deref(), Some("Wil niet meer delen"));
    let r = parts.referrals.iter().find(|r| r.id == shared).unwrap();
    assert_eq!(r.consent_id, Some(consent_id));
    assert_eq!(parts.referrals.len(), 3);
}

#[test]
fn a_consent_can_be_withdrawn_after_the_case_closed_and_nothing_else_changes_there() {
    let e = env();
    let s = &e.s;
    let k = km(s);
    let id = new_case(s, "6123456785");
    let consent = consents::ConsentInput {
        kind: "delen_met_partners".into(),
        given_on: days_ago(s, 10),
        document_id: None,
        note: String::new(),
    };
    let consent_id = consents::give(s, &k, &id, &consent).unwrap();
    let lead = actor(s, "teamleider", Role::Teamleider, &["GM0361"]);
    regie_service::cases::dossier::withdraw(s, &lead, &id, "DUO: ten onrechte inburgeringsplichtig").unwrap();
    // The closed case takes no new consent, document or referral...
    let mut other = consent.clone();
    other.kind = "machtiging_ontzorging".into();
    assert!(matches!(consents::give(s, &k, &id, &other), Err(ServiceError::Conflict(_))));
    assert!(matches!(documents::upload(s, &k, &id, "overig", "", &pdf("brief.pdf")), Err(ServiceError::Conflict(_))));
    // ...but the person can still take back what they agreed to.
    consents::withdraw(s, &k, &id, consent_id, &days_ago(s, 0), "Wil na de intrekking niets meer delen").unwrap();
    let parts = dossier_parts::get(s, &k, &id).unwrap();
    assert_eq!(parts.consents[0].withdrawn_reason.as_deref(), Some("Wil na de intrekking niets meer delen"));
    // The case stays closed.
    let case = s.store.read(|c| regie_store::cases::get(c, &id)).unwrap().unwrap();
    assert_eq!(case.stage, "ingetrokken");
}

#[test]
fn an_outcome_is_recorded_once_and_the_same_one_again_changes_nothing() {
    let e = env();
    let s = &e.s;
    let k = km(s);
    let id = new_case(s, "6123456783");
    let referral = referrals::ReferralInput {
        partner_name: "Werkgeversservicepunt".into(),
        kind: "werkgever".into(),
        referred_on: days_ago(s, 20),
        goal: "Werkervaring opdoen".into(),
        shares_data: false,
    };
    let r = referrals::create(s, &k, &id, &referral).unwrap();
    let outcome = |o: &str, days: u64| referrals::OutcomeInput {
        outcome: o.into(),
        outcome_on: days_ago(s, days),
        note: "Start in de keuken".into(),
    };
    // Not before the referral itself.
    assert_eq!(fields(referrals::record_outcome(s, &k, &id, r, &outcome("gestart", 30))), ["outcomeOn"]);
    assert!(referrals::record_outcome(s, &k, &id, r, &outcome("gestart", 10)).unwrap());
    let after_first = footprint(s, &id);
    assert!(!referrals::record_outcome(s, &k, &id, r, &outcome("gestart", 10)).unwrap());
    assert_eq!(footprint(s, &id), after_first, "the same outcome again writes nothing");
    match referrals::record_outcome(s, &k, &id, r, &outcome("afgewezen", 10)) {
        Err(ServiceError::Conflict(m)) => assert!(m.contains("al vastgelegd"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        referrals::record_outcome(s, &k, &id, 999_999, &outcome("gestart", 10)),
        Err(ServiceError::NotFound)
    ));
    let row = s.store.read(|c| regie_store::dossier::referral(c, &id, r)).unwrap().unwrap();
    assert_eq!(row.outcome.as_deref(), Some("gestart"));
}

#[test]
fn a_medical_statement_is_invisible_to_roles_without_health_access() {
    let e = env();
    let s = &e.s;
    let k = km(s);
    let id = new_case(s, "6123456784");
    let medical = documents::upload(s, &k, &id, "medische_verklaring", "Huisarts", &pdf("verklaring.pdf")).unwrap();
    let permit = documents::upload(s, &k, &id, "verblijfsvergunning", "", &pdf("vergunning.pdf")).unwrap();
    // The case worker sees both and downloads the statement (audited as a read of the person).
    let parts = dossier_parts::get(s, &k, &id).unwrap();
    assert_eq!(parts.documents.len(), 2);
    let (info, bytes) = documents::download(s, &k, &id, medical).unwrap();
    assert_eq!((info.content_type.as_str(), bytes.starts_with(b"%PDF-")), ("application/pdf", true));
    s.flush_audit();
    let read = s
        .store
        .read(|c| {
            regie_store::audit::search(
                c,
                &regie_service::audit::AuditFilter { person_id: Some(id.clone()), ..Default::default() },
                0,
                100,
            )
        })
        .unwrap();
    assert!(read.items.iter().any(|r| r.action == "document.read" && r.object_id == medical.to_string()));
    // The history of the case does not name the type of a health document.
    let events = s.store.read(|c| regie_store::cases::events(c, &id)).unwrap();
    assert!(events.iter().all(|e| !e.detail.to_lowercase().contains("medisch")));
    // Finance, policy, helpdesk and administrators do not reach documents of persons at all.
    for (user, role) in [
        ("financien", Role::Financien),
        ("beleid", Role::Beleid),
        ("helpdesk", Role::Helpdesk),
        ("beheerder", Role::Beheerder),
    ] {
        let a = actor(s, user, role, &["GM0361"]);
        assert!(matches!(dossier_parts::get(s, &a, &id), Err(ServiceError::Forbidden)), "{user}");
        assert!(matches!(documents::download(s, &a, &id, medical), Err(ServiceError::Forbidden)), "{user}");
    }
    // A COA case manager works with the person in the AZC, but never sees the statement.
    let coa = actor(s, "coa", Role::Coa, &["GM0361"]);
    let seen = dossier_parts::get(s, &coa, &id).unwrap();
    assert_eq!(seen.documents.iter().map(|d| d.id).collect::<Vec<_>>(), vec![permit]);
    assert!(seen.health_hidden);
    assert!(matches!(documents::download(s, &coa, &id, medical), Err(ServiceError::NotFound)));
    assert!(matches!(documents::withdraw(s, &coa, &id, medical, "Weg ermee"), Err(ServiceError::NotFound)));
    assert_eq!(fields(documents::upload(s, &coa, &id, "medische_verklaring", "", &pdf("v.pdf"))), ["docType"]);
    assert!(documents::download(s, &coa, &id, permit).is_ok());
    // A withdrawn document is kept but no longer listed or served.
    documents::withdraw(s, &k, &id, permit, "Verlopen vergunning").unwrap();
    let parts = dossier_parts::get(s, &k, &id).unwrap();
    assert_eq!((parts.documents.len(), parts.withdrawn_documents), (1, 1));
    assert!(matches!(documents::download(s, &k, &id, permit), Err(ServiceError::NotFound)));
    let kept = s.store.read(|c| regie_store::dossier::document(c, &id, permit)).unwrap().unwrap();
    assert_eq!(kept.withdrawn_reason.as_deref(), Some("Verlopen vergunning"));
}

#[test]
fn the_demo_shows_documents_consents_and_referrals_on_alkmaar_dossiers() {
    let e = env();
    let s = &e.s;
    let k = km(s);
    let ids = s.store.read(|c| regie_store::persons::open_ids_in(c, "GM0361")).unwrap();
    let with_parts = ids
        .iter()
        .filter(|id| {
            let p = dossier_parts::get(s, &k, id).unwrap();
            !p.documents.is_empty() && !p.consents.is_empty() && !p.referrals.is_empty()
        })
        .count();
    assert!(with_parts >= 2, "{with_parts}");
}
