//! Case worker and team: who is a person's klantmanager, who may change that, and whom they may
//! choose. A team lead assigns, changes or clears the case worker of any person of their
//! municipalities; a klantmanager may take an unassigned person of their own municipality as
//! their own ("zelf oppakken"). A new case worker must be an active user who is klantmanager for
//! the person's municipality.
//!
//! The case's team (`cases.team_id`) is the team of the case worker it was last given: a new
//! case worker brings the case to their team (or to none), and a team lead who takes the case
//! worker away leaves the case with the team, on the team's worklist until someone is
//! assigned. The team shown beside a case worker is their own team.
//!
//! A change is a step of the case (through [`super::transition`]: the case history, the audit
//! record, one transaction) and checks the person's version; asking for the case worker the
//! person already has changes nothing and succeeds.
//!
//! The rule of who may change what is `regie_domain::access::case_worker_change`. This module
//! must not write SQL: the one statement that changes a case worker is
//! `regie_store::persons::set_case_worker`.

use super::{load_scoped, transition, Step};
use crate::audit::{entry, purpose};
use crate::persons::Person;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use regie_domain::access::{case_worker_change, AssignRefused, Assigner};
use regie_domain::inburgering::Command;
use regie_domain::Role;
use regie_store::persons::PersonRow;
use regie_store::{Conn, StoreResult};

/// A case worker as shown beside a person: the user and, if they are in one, their team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseWorker {
    pub id: i64,
    pub name: String,
    pub team: Option<String>,
}

impl CaseWorker {
    /// The name, with the team beside it when there is one.
    pub fn label(&self) -> String {
        match &self.team {
            Some(team) => format!("{} ({team})", self.name),
            None => self.name.clone(),
        }
    }
}

/// The name of a team (of a user or a case), when there is one.
pub(crate) fn team_name(c: &mut Conn, team: Option<i64>) -> StoreResult<Option<String>> {
    team.map(|id| regie_store::tenancy::team_name(c, id)).transpose().map(Option::flatten)
}

/// The user with this id as a case worker (also when no longer eligible, such as a blocked
/// account: the person still has them until someone changes it).
pub(crate) fn case_worker(c: &mut Conn, id: Option<i64>) -> StoreResult<Option<CaseWorker>> {
    let Some(user) = id.map(|id| regie_store::users::get(c, id)).transpose()?.flatten() else { return Ok(None) };
    let team = team_name(c, user.team_id)?;
    Ok(Some(CaseWorker { id: user.id, name: user.display_name, team }))
}

/// The active klantmanagers of a municipality, in name order, with their teams.
fn eligible(c: &mut Conn, municipality: &str) -> StoreResult<Vec<CaseWorker>> {
    let holders = regie_store::users::active_holders(c, Role::Klantmanager.code(), municipality)?;
    let teams = regie_store::tenancy::list_teams(c)?;
    Ok(holders
        .into_iter()
        .map(|(id, name, team)| CaseWorker {
            id,
            name,
            team: team.and_then(|t| teams.iter().find(|x| x.id == t).map(|x| x.name.clone())),
        })
        .collect())
}

/// How the actor may change case workers in a municipality, if at all.
fn assigner(actor: &Actor, municipality: &str) -> Option<Assigner> {
    let holds = |p: Permission| actor.scope(p).iter().any(|c| c == municipality);
    if holds(Permission::AssignCaseWorker) {
        Some(Assigner::TeamLead)
    } else if holds(Permission::TakeCase) {
        actor.user_id.map(Assigner::CaseWorker)
    } else {
        None
    }
}

/// Refuses a caller whose roles allow no change of case worker anywhere, before any input is
/// judged (a screen calls this before it reads the form).
pub fn require_may_assign(actor: &Actor) -> ServiceResult<()> {
    if actor.can(Permission::AssignCaseWorker) || actor.can(Permission::TakeCase) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// What the dossier shows and offers about the case worker.
pub struct Assignment {
    pub current: Option<CaseWorker>,
    /// The team that has the case (see the module documentation).
    pub team: Option<String>,
    /// Whom the actor may choose: every eligible case worker for a team lead; the actor alone
    /// for a klantmanager who may take this unassigned person; nobody otherwise.
    pub choices: Vec<CaseWorker>,
    /// Whether the actor may leave the person without a case worker (team leads).
    pub may_clear: bool,
    /// The person's version, to send back with a change.
    pub version: i32,
}

/// The current case worker and the choices the actor has, for the dossier (whose read is
/// audited; this names no other person).
pub fn options(s: &Services, actor: &Actor, person_id: &str) -> ServiceResult<Assignment> {
    s.store.read(|c| Ok(options_in(c, actor, person_id)))?
}

fn options_in(c: &mut Conn, actor: &Actor, person_id: &str) -> ServiceResult<Assignment> {
    let (person, case) = load_scoped(c, actor, person_id, Permission::ReadPersons)?;
    let current = case_worker(c, person.case_worker_id)?;
    let team = team_name(c, case.team_id)?;
    let (choices, may_clear) = match assigner(actor, &person.municipality_code) {
        Some(Assigner::TeamLead) => (eligible(c, &person.municipality_code)?, true),
        Some(Assigner::CaseWorker(me)) if person.case_worker_id.is_none() => {
            (eligible(c, &person.municipality_code)?.into_iter().filter(|w| w.id == me).collect(), false)
        }
        _ => (vec![], false),
    };
    Ok(Assignment { current, team, choices, may_clear, version: person.version })
}

/// Whether the actor may give `person` the case worker `new`, and who that is.
fn judge(c: &mut Conn, actor: &Actor, person: &PersonRow, new: Option<i64>) -> ServiceResult<Option<CaseWorker>> {
    let who = assigner(actor, &person.municipality_code).ok_or(ServiceError::Forbidden)?;
    case_worker_change(who, person.case_worker_id, new).map_err(|refused| match refused {
        AssignRefused::NotAllowed => ServiceError::Forbidden,
        AssignRefused::AlreadyAssigned => ServiceError::Conflict(
            "Deze persoon heeft al een klantmanager. Alleen een teamleider kan de zaak overdragen.".into(),
        ),
    })?;
    let Some(new) = new else { return Ok(None) };
    match eligible(c, &person.municipality_code)?.into_iter().find(|w| w.id == new) {
        Some(w) => Ok(Some(w)),
        None => Err(ServiceError::field(
            "caseWorkerId",
            "Kies een medewerker met een actief account die klantmanager is voor de gemeente van deze persoon.",
        )),
    }
}

/// Assigns `new` as the person's case worker, or leaves the person without one (`None`, team
/// leads only). `expected_version` is the person's version the caller saw (If-Match, or the
/// form's hidden field); a different one is refused as stale. Returns the person as stored.
pub fn assign(
    s: &Services,
    actor: &Actor,
    person_id: &str,
    new: Option<i64>,
    expected_version: Option<i32>,
) -> ServiceResult<Person> {
    require_may_assign(actor)?;
    // Already so: nothing is written, so a repeated request leaves no second history entry.
    let person = s.store.read(|c| {
        Ok(load_scoped(c, actor, person_id, Permission::WritePersons)
            .and_then(|(person, _)| judge(c, actor, &person, new).map(|_| person)))
    })??;
    if person.case_worker_id == new {
        s.audit_read(entry(
            s,
            actor,
            actor.role_for(Permission::WritePersons),
            "person.case_worker",
            purpose::INBURGERING,
            vec![person.id.clone()],
            ("person", &person.id),
            "unchanged",
        ))?;
        return Ok(person.into());
    }
    if expected_version.is_some_and(|v| v != person.version) {
        return Err(ServiceError::PreconditionFailed);
    }
    let now = s.clock.naive();
    transition(
        s,
        actor,
        person_id,
        Permission::WritePersons,
        "person.case_worker",
        |c, person, _| {
            let detail = match judge(c, actor, person, new)? {
                Some(w) => format!("Klantmanager: {}", w.label()),
                None => "Geen klantmanager meer".to_string(),
            };
            Ok(Step { command: Command::RecordFacts, detail })
        },
        |c, person, case, _| {
            if let Some(new) = new {
                case.team_id = regie_store::users::get(c, new)?.and_then(|u| u.team_id);
            }
            let expected = expected_version.unwrap_or(person.version);
            if !regie_store::persons::set_case_worker(c, &person.id, new, expected, now)? {
                return Err(ServiceError::PreconditionFailed);
            }
            let mut stored = person.clone();
            stored.case_worker_id = new;
            stored.version = expected + 1;
            stored.updated_at = now;
            Ok(stored.into())
        },
    )
}
