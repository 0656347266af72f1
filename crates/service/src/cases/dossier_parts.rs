//! Documents, consents and referrals on a person's dossier (and the other spellings of the
//! name and the nareizigers, written by [`super::names`] and [`super::nareizigers`]): the read of all of them (for the
//! dossier page and the API lists), the write path the use cases in [`super::documents`],
//! [`super::consents`] and [`super::referrals`] share, and the demo's examples.
//!
//! Health data (a medical statement, a referral to health care) is left out for every role
//! that may not see health fields, as if it did not exist.

use super::{load_scoped, transition, Step};
use crate::audit::{entry, purpose};
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use regie_domain::inburgering::dossier::{DocumentType, ReferralKind};
use regie_domain::inburgering::Command;
/// The stored rows the use cases return (read-only for callers).
pub use regie_store::dossier::{ConsentRow, DocumentRow, ReferralRow};
use regie_store::persons::PersonRow;
use regie_store::Conn;

pub struct DossierParts {
    /// Current documents (not withdrawn) the caller may see, oldest first.
    pub documents: Vec<DocumentRow>,
    /// How many documents were withdrawn (kept for the audit trail, not listed).
    pub withdrawn_documents: usize,
    /// Every consent, withdrawn ones included (their history stays visible).
    pub consents: Vec<ConsentRow>,
    /// Referrals the caller may see, oldest first.
    pub referrals: Vec<ReferralRow>,
    /// Whether health data was left out for this caller.
    pub health_hidden: bool,
    /// Other spellings of the name, withdrawn ones included ([`super::names`]).
    pub names: Vec<regie_store::names::PersonNameRow>,
    /// Family members who follow through family reunification ([`super::nareizigers`]).
    pub nareizigers: Vec<regie_store::names::NareizigerRow>,
    /// When this person arrived as someone's nareiziger: the relation code and the id of the
    /// person they followed, if that person is within the caller's scope.
    pub followed: Option<(String, String)>,
}

/// Whether a document may be shown to a caller who may (or may not) see health data.
pub(crate) fn document_visible(health: bool, d: &DocumentRow) -> bool {
    health || DocumentType::parse(&d.doc_type).is_some_and(|t| !t.is_health())
}

pub(crate) fn referral_visible(health: bool, r: &ReferralRow) -> bool {
    health || ReferralKind::parse(&r.kind).is_some_and(|k| !k.is_health())
}

/// A required date (`dd-mm-jjjj` or ISO, not in the future): empty is a mistake too.
pub(crate) fn required_date(
    e: &mut crate::error::Errors,
    field: &str,
    raw: &str,
    today: chrono::NaiveDate,
    missing: &str,
) -> Option<chrono::NaiveDate> {
    let before = e.0.len();
    let date = super::dossier::parse_date(e, field, &Some(raw.to_string()), today);
    if date.is_none() && e.0.len() == before {
        e.push(field, missing);
    }
    date
}

/// A number from a path or form that names a row; anything else names nothing.
pub fn row_id(raw: &str) -> ServiceResult<i64> {
    raw.trim().parse().map_err(|_| ServiceError::NotFound)
}

/// The documents, consents and referrals of a person within the caller's scope. Audited as a
/// read of the person.
pub fn get(s: &Services, actor: &Actor, person_id: &str) -> ServiceResult<DossierParts> {
    let health = actor.can(Permission::ReadHealth);
    let parts = s.store.read(|c| {
        Ok(load_scoped(c, actor, person_id, Permission::ReadPersons).and_then(|_| {
            let followed = match regie_store::names::nareiziger_record_of(c, person_id)? {
                Some(n) => match load_scoped(c, actor, &n.person_id, Permission::ReadPersons) {
                    Ok(_) => Some((n.relation, n.person_id)),
                    Err(ServiceError::NotFound) => None,
                    Err(other) => return Err(other),
                },
                None => None,
            };
            let all = regie_store::dossier::documents_of(c, person_id)?;
            let withdrawn_documents =
                all.iter().filter(|d| d.withdrawn_at.is_some() && document_visible(health, d)).count();
            let mut referrals = regie_store::dossier::referrals_of(c, person_id)?;
            referrals.retain(|r| referral_visible(health, r));
            Ok(DossierParts {
                documents: all
                    .into_iter()
                    .filter(|d| d.withdrawn_at.is_none() && document_visible(health, d))
                    .collect(),
                withdrawn_documents,
                consents: regie_store::dossier::consents_of(c, person_id)?,
                referrals,
                health_hidden: !health,
                names: regie_store::names::of_person(c, person_id)?,
                nareizigers: {
                    let mut rows = regie_store::names::nareizigers_of(c, person_id)?;
                    super::nareizigers::hide_unreachable_arrivals(c, actor, &mut rows)?;
                    rows
                },
                followed,
            })
        }))
    })??;
    audit_read(s, actor, "dossier.parts.read", person_id, ("person", person_id))?;
    Ok(parts)
}

/// Queues the audit record of a read of the person's dossier parts.
pub(crate) fn audit_read(
    s: &Services,
    actor: &Actor,
    action: &str,
    person_id: &str,
    object: (&str, &str),
) -> ServiceResult<()> {
    s.audit_read(entry(
        s,
        actor,
        actor.role_for(Permission::ReadPersons),
        action,
        purpose::INBURGERING,
        vec![person_id.to_string()],
        object,
        "success",
    ))
}

/// One change of a dossier part: within the caller's scope, recorded in the case history with
/// `detail` (never health details), audited, in one transaction. A closed case refuses it
/// (except a withdrawal of consent, see [`write_as`]).
pub(crate) fn write<T>(
    s: &Services,
    actor: &Actor,
    person_id: &str,
    action: &str,
    detail: String,
    f: impl FnOnce(&mut Conn, &PersonRow) -> ServiceResult<T>,
) -> ServiceResult<T> {
    write_as(s, actor, person_id, Command::RecordFacts, action, detail, f)
}

/// As [`write`], as the step `command` of the case (whose rule decides whether a closed case
/// takes it).
pub(crate) fn write_as<T>(
    s: &Services,
    actor: &Actor,
    person_id: &str,
    command: Command,
    action: &str,
    detail: String,
    f: impl FnOnce(&mut Conn, &PersonRow) -> ServiceResult<T>,
) -> ServiceResult<T> {
    transition(
        s,
        actor,
        person_id,
        Permission::WritePersons,
        action,
        |_, _, _| Ok(Step { command, detail }),
        |c, person, _, _| f(c, person),
    )
}

/// The first `n` open Alkmaar cases of housed persons in the uitvoering stage: the demo's
/// examples of dossier parts and progress go there.
pub(crate) fn demo_cases(s: &Services, n: usize) -> ServiceResult<Vec<String>> {
    let ids = s.store.read(|c| regie_store::persons::open_ids_in(c, "GM0361"))?;
    let mut picked = vec![];
    for id in ids {
        let case = s.store.read(|c| regie_store::cases::get(c, &id))?;
        if case.is_some_and(|c| c.housed_on.is_some() && c.stage == "uitvoering") {
            picked.push(id);
        }
        if picked.len() == n {
            break;
        }
    }
    Ok(picked)
}

/// A few documents, consents and referrals on open Alkmaar dossiers of housed persons, through
/// the use cases, so the dossier shows them on first start. Only for the demo region: the
/// seeder for large scales adds none.
pub fn demo(s: &Services) -> ServiceResult<()> {
    use super::{consents, documents, referrals};
    let km = crate::ontzorging::runs::operator(s, "klantmanager")?;
    let today = s.clock.today();
    let date = |days: u64| (today - chrono::Days::new(days)).format("%d-%m-%Y").to_string();
    let picked = demo_cases(s, 3)?;
    let pdf = |title: &str| format!("%PDF-1.4\n% {title}\n%%EOF\n").into_bytes();
    for (i, id) in picked.iter().enumerate() {
        let upload = |name: &str, title: &str| documents::Upload {
            name: name.into(),
            content_type: "application/pdf".into(),
            bytes: pdf(title),
        };
        documents::upload(
            s,
            &km,
            id,
            "verblijfsvergunning",
            "Kopie voor- en achterkant",
            &upload("vergunning.pdf", "Verblijfsvergunning"),
        )?;
        let signed = documents::upload(s, &km, id, "toestemming", "", &upload("toestemming.pdf", "Toestemming"))?;
        if i == 0 {
            documents::upload(
                s,
                &km,
                id,
                "medische_verklaring",
                "Van de huisarts",
                &upload("verklaring.pdf", "Verklaring"),
            )?;
            let old = documents::upload(s, &km, id, "diploma", "", &upload("diploma.pdf", "Diploma"))?;
            documents::withdraw(s, &km, id, old, "Verkeerd bestand geüpload; opnieuw toegevoegd.")?;
            documents::upload(
                s,
                &km,
                id,
                "diploma",
                "Vertaald door een beëdigd vertaler",
                &upload("diploma-vertaald.pdf", "Diploma"),
            )?;
        }
        let consent = consents::ConsentInput {
            kind: "delen_met_partners".into(),
            given_on: date(60),
            document_id: Some(signed),
            note: "Besproken in het intakegesprek, met tolk.".into(),
        };
        let consent_id = consents::give(s, &km, id, &consent)?;
        let referral = |partner: &str, kind: &str, days: u64, goal: &str, shares: bool| referrals::ReferralInput {
            partner_name: partner.into(),
            kind: kind.into(),
            referred_on: date(days),
            goal: goal.into(),
            shares_data: shares,
        };
        let taal = referrals::create(
            s,
            &km,
            id,
            &referral("Taalhuis Alkmaar", "taalaanbieder", 50, "Extra oefenen met spreken naast de B1-les.", true),
        )?;
        referrals::record_outcome(
            s,
            &km,
            id,
            taal,
            &referrals::OutcomeInput {
                outcome: "gestart".into(),
                outcome_on: date(40),
                note: "Twee ochtenden per week.".into(),
            },
        )?;
        referrals::create(
            s,
            &km,
            id,
            &referral(
                "Vrijwilligerscentrale",
                "vrijwilligersorganisatie",
                20,
                "Vrijwilligerswerk voor de participatie-uren.",
                true,
            ),
        )?;
        if i == 1 {
            consents::withdraw(s, &km, id, consent_id, &date(10), "De persoon wil geen gegevens meer laten delen.")?;
            referrals::create(
                s,
                &km,
                id,
                &referral("Werkgeversservicepunt", "werkgever", 5, "Oriëntatie op werk in de zorg.", false),
            )?;
        }
        if i == 2 {
            consents::give(
                s,
                &km,
                id,
                &consents::ConsentInput {
                    kind: "machtiging_ontzorging".into(),
                    given_on: date(30),
                    document_id: None,
                    note: String::new(),
                },
            )?;
        }
    }
    Ok(())
}
