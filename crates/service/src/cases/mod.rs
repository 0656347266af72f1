//! Integration case management: the use cases a case worker, team lead and COA case manager
//! perform for one newcomer, from koppeling to completion. Each public function is one use
//! case behind both the screens and the API; every change of a case goes through
//! [`transition`], which asks the domain's state machine, records the step in the case
//! history, recomputes the deadlines and writes the audit record, in one transaction.
//!
//! This module must not decide rules itself (they live in `regie_domain::inburgering`) and must
//! not write SQL (that is `regie_store::cases`).

pub mod assignment;
pub mod consents;
pub mod deadlines;
pub mod documents;
pub mod dossier;
pub mod dossier_parts;
pub mod duplicates;
pub mod household;
pub mod intake;
pub mod koppeling;
pub mod names;
pub mod nareizigers;
pub mod pip;
pub mod progress;
pub mod referrals;
pub mod route;
pub mod synth;
pub mod worklist;

use crate::audit::{entry, purpose};
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use regie_domain::inburgering::{Command, RuleSet, Stage};
use regie_store::cases::NewCaseEvent;
use regie_store::persons::PersonRow;
use regie_store::{Conn, Store};

pub use deadlines::Deadlines;
/// The stored rows the use cases return (read-only for callers).
pub use regie_store::cases::{
    CaseEventRow, CaseRow, IntakeRow, NoteRow, ObjectionRow, PipRow, RouteDecisionRow, TopicRow, VerlengingRow,
};

/// The rule set in force: the defaults, with any stored overrides (`inburgering_rules`).
pub fn load_rules(store: &Store) -> ServiceResult<RuleSet> {
    let stored = store.read(|c| regie_store::settings::get(c, "inburgering_rules"))?;
    match stored {
        None => Ok(RuleSet::default()),
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| ServiceError::Internal(format!("stored rule set `inburgering_rules` is invalid: {e}"))),
    }
}

/// A person and their case, loaded within the caller's scope. COA case managers see a person
/// only while they live in the AZC: once the case records housing, the person is out of their
/// reach (reported as not found, like any record outside a scope).
pub(crate) fn load_scoped(
    c: &mut Conn,
    actor: &Actor,
    person_id: &str,
    permission: Permission,
) -> ServiceResult<(PersonRow, CaseRow)> {
    let scope = actor.require_scope(permission)?;
    let person = regie_store::persons::get_scoped(c, person_id, &scope)?.ok_or(ServiceError::NotFound)?;
    let case = regie_store::cases::get(c, person_id)?.ok_or(ServiceError::NotFound)?;
    if actor.azc_phase_only_in(&person.municipality_code) && case.housed_on.is_some() {
        return Err(ServiceError::NotFound);
    }
    Ok((person, case))
}

/// What a use case does inside [`transition`] besides moving the stage.
pub(crate) struct Step {
    pub command: Command,
    /// A short description for the case history (no health details).
    pub detail: String,
}

/// Applies one step to a case in one transaction: checks the state machine, lets `write` make
/// the use case's own changes (it gets the new stage), records the event, recomputes the
/// deadlines, saves the case (refusing a concurrent change) and appends the audit record.
/// Any error rolls everything back.
pub(crate) fn transition<T>(
    s: &Services,
    actor: &Actor,
    person_id: &str,
    permission: Permission,
    action: &str,
    step: impl FnOnce(&mut Conn, &PersonRow, &CaseRow) -> ServiceResult<Step>,
    write: impl FnOnce(&mut Conn, &PersonRow, &mut CaseRow, Stage) -> ServiceResult<T>,
) -> ServiceResult<T> {
    let today = s.clock.today();
    let now = s.clock.naive();
    s.store.write_with(|c| {
        let (person, mut case) = load_scoped(c, actor, person_id, permission)?;
        let from = Stage::parse(&case.stage).ok_or_else(|| ServiceError::Internal("unknown stage".into()))?;
        let Step { command, detail } = step(c, &person, &case)?;
        let to = regie_domain::inburgering::case::next(&s.rules, from, &command)
            .map_err(|refused| ServiceError::Conflict(refused.to_string()))?;
        let expected_version = case.version;
        let value = write(c, &person, &mut case, to)?;
        case.stage = to.code().to_string();
        deadlines::refresh(c, &s.rules, &mut case, today)?;
        case.version += 1;
        case.updated_at = now;
        if !regie_store::cases::update(c, &case, expected_version)? {
            return Err(ServiceError::PreconditionFailed);
        }
        regie_store::cases::add_event(
            c,
            &NewCaseEvent {
                person_id,
                at: now,
                actor: &actor.label,
                command: command.code(),
                from_stage: from.code(),
                to_stage: to.code(),
                detail: &detail,
            },
        )?;
        let rec = entry(
            s,
            actor,
            actor.role_for(permission),
            action,
            purpose::INBURGERING,
            vec![person.id.clone()],
            ("case", &person.id),
            "success",
        );
        regie_store::audit::append(c, &[rec])?;
        Ok(value)
    })
}

/// A new case row for a person who has just been registered.
pub(crate) fn new_case_row(person_id: &str, source: &str, now: chrono::NaiveDateTime) -> CaseRow {
    CaseRow {
        person_id: person_id.to_string(),
        stage: Stage::Aangemeld.code().to_string(),
        source: source.to_string(),
        gender: "X".into(),
        language: String::new(),
        literacy: String::new(),
        phone: None,
        email: None,
        address: None,
        azc: None,
        housed_on: None,
        profile: "{}".into(),
        koppeling_date: None,
        kennisgeving_date: None,
        brp_date: None,
        third_party_awaited: false,
        third_party_received: None,
        route: None,
        termijn_start: None,
        termijn_end: None,
        pip_due: None,
        next_due: None,
        next_due_kind: None,
        withdrawn_reason: None,
        team_id: None,
        version: 1,
        updated_at: now,
    }
}
