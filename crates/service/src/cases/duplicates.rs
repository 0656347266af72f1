//! Duplicate registrations: the same person registered twice (a koppeling and a registration,
//! or a name spelled two ways). Detection by V-nummer, BSN, or name skeleton (any
//! transliteration) with a compatible date of birth; a merge only of a detected duplicate,
//! with a reason, reviewed on screen side by side. The merged registration is closed like a
//! withdrawn case and keeps its history; the kept one adopts identifiers it lacked.

use super::{load_scoped, transition, Step};
use crate::audit::{entry, purpose};
use crate::persons::Person;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use regie_domain::inburgering::{Command, Stage};
use regie_store::cases::NewCaseEvent;

/// The status of a person record merged into another (it keeps its identifiers).
pub const MERGED: &str = "samengevoegd";

/// Possible duplicates of a person within the caller's scope (audited read).
pub fn candidates(s: &Services, actor: &Actor, person_id: &str) -> ServiceResult<Vec<Person>> {
    let scope = actor.require_scope(Permission::ReadPersons)?;
    let found = s.store.read(|c| match load_scoped(c, actor, person_id, Permission::ReadPersons) {
        Ok((p, _)) => Ok(Ok(regie_store::persons::possible_duplicates(c, &p, &scope)?)),
        Err(e) => Ok(Err(e)),
    })??;
    let found: Vec<Person> = found.into_iter().filter(|p| p.status == "open").map(Person::from).collect();
    let mut subjects = vec![person_id.to_string()];
    subjects.extend(found.iter().map(|p| p.id.clone()));
    s.audit_read(entry(
        s,
        actor,
        actor.role_for(Permission::ReadPersons),
        "person.duplicates",
        purpose::INBURGERING,
        subjects,
        ("person", person_id),
        "success",
    ))?;
    Ok(found)
}

/// Merges `duplicate_id` into `keep_id`: only a detected duplicate, with a reason.
pub fn merge(s: &Services, actor: &Actor, keep_id: &str, duplicate_id: &str, reason: &str) -> ServiceResult<()> {
    actor.require(Permission::DecideCase)?;
    let reason = reason.trim();
    if !(5..=2000).contains(&reason.chars().count()) {
        return Err(ServiceError::field("reason", "Geef de reden van het samenvoegen (5 tot 2000 tekens)."));
    }
    if keep_id == duplicate_id {
        return Err(ServiceError::field("duplicateId", "Kies een andere registratie dan de te behouden."));
    }
    let now = s.clock.naive();
    transition(
        s,
        actor,
        duplicate_id,
        Permission::DecideCase,
        "person.merge",
        |c, duplicate, _| {
            let scope = actor.require_scope(Permission::DecideCase)?;
            let (keep, keep_case) = load_scoped(c, actor, keep_id, Permission::DecideCase)?;
            if Stage::parse(&keep_case.stage).is_none_or(|st| st.is_closed()) {
                return Err(ServiceError::Conflict("De te behouden registratie is gesloten.".into()));
            }
            let detected = regie_store::persons::possible_duplicates(c, &keep, &scope)?;
            if !detected.iter().any(|d| d.id == duplicate.id) {
                return Err(ServiceError::Conflict(
                    "Deze registraties zijn niet als mogelijk dubbel herkend (V-nummer, BSN of naam met geboortedatum); samenvoegen kan niet.".into(),
                ));
            }
            Ok(Step {
                command: Command::Withdraw,
                detail: format!("Samengevoegd met een andere registratie: {reason}"),
            })
        },
        |c, duplicate, case, _| {
            case.withdrawn_reason = Some(format!("Dubbele registratie: {reason}"));
            regie_store::persons::set_status(c, &duplicate.id, MERGED, now)?;
            regie_store::persons::adopt_identifiers(
                c,
                keep_id,
                duplicate.v_nummer.as_deref(),
                duplicate.bsn.as_deref(),
                now,
            )?;
            let keep_case = regie_store::cases::get(c, keep_id)?.ok_or(ServiceError::NotFound)?;
            regie_store::cases::add_event(
                c,
                &NewCaseEvent {
                    person_id: keep_id,
                    at: now,
                    actor: &actor.label,
                    command: "samenvoegen",
                    from_stage: &keep_case.stage,
                    to_stage: &keep_case.stage,
                    detail: &format!("Dubbele registratie samengevoegd: {reason}"),
                },
            )?;
            Ok(())
        },
    )
}
