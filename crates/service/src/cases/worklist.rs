//! Worklists: the open cases of one case worker, or of a team lead's team (the cases of its
//! members, and the team's cases that have no case worker at the moment), most urgent deadline
//! first, with the signal (overdue, due soon) each deadline gives today; and the signal counts
//! shown on the home page.

use super::deadlines::DeadlineKind;
use crate::audit::{entry, purpose};
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use chrono::NaiveDate;
use regie_domain::inburgering::{Signal, Stage};

pub struct WorklistItem {
    pub person_id: String,
    pub name: String,
    pub municipality_code: String,
    pub case_worker: Option<String>,
    pub stage: &'static str,
    pub due: Option<NaiveDate>,
    pub due_label: &'static str,
    pub signal: Option<Signal>,
}

pub struct Worklist {
    /// One page of the open cases, in order of urgency.
    pub items: Vec<WorklistItem>,
    /// All open cases on the worklist (every page).
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
    pub overdue: i64,
    pub due_soon: i64,
    /// The team's name for a team worklist.
    pub team: Option<String>,
}

impl Worklist {
    pub fn has_next(&self) -> bool {
        self.page * self.page_size < self.total
    }
    pub fn pages(&self) -> i64 {
        ((self.total + self.page_size - 1) / self.page_size).max(1)
    }
}

/// Cases on one page of the worklist unless the caller asks otherwise: a screenful, and every
/// case shown is an audited read, so a page names no more persons than the user will look at.
pub const WORKLIST_PAGE_SIZE: i64 = 25;
/// Largest page the API gives.
pub const WORKLIST_MAX_PAGE_SIZE: i64 = 100;

/// Whose cases a worklist shows: the case workers (id, display name) and, for a team
/// worklist, the team (id, name), whose cases without a case worker are on it too.
struct Reach {
    workers: Vec<(i64, String)>,
    team: Option<(i64, String)>,
}

fn reach(s: &Services, actor: &Actor, team: bool) -> ServiceResult<Reach> {
    let me = actor.user_id.ok_or(ServiceError::Forbidden)?;
    if !team {
        return Ok(Reach { workers: vec![(me, actor.display_name.clone())], team: None });
    }
    if !actor.has_role(regie_domain::Role::Teamleider) {
        return Err(ServiceError::Forbidden);
    }
    s.store
        .read(|c| {
            let user = regie_store::users::get(c, me)?;
            let Some(team_id) = user.and_then(|u| u.team_id) else { return Ok(Reach { workers: vec![], team: None }) };
            let name = regie_store::tenancy::team_name(c, team_id)?;
            let workers = regie_store::users::team_members(c, team_id)?;
            Ok(Reach { workers, team: name.map(|n| (team_id, n)) })
        })
        .map_err(Into::into)
}

/// One page (from 1) of the worklist. A page past the end is empty; the totals still count.
pub fn get(s: &Services, actor: &Actor, team: bool, page: i64, page_size: i64) -> ServiceResult<Worklist> {
    if !(1..=WORKLIST_MAX_PAGE_SIZE).contains(&page_size) || page < 1 {
        return Err(ServiceError::field(
            "pageSize",
            "Kies een pagina vanaf 1 en een paginagrootte van 1 tot en met 100.",
        ));
    }
    let scope = actor.require_scope(Permission::ReadPersons)?;
    let Reach { workers, team: team_of_list } = reach(s, actor, team)?;
    let ids: Vec<i64> = workers.iter().map(|(id, _)| *id).collect();
    let team_id = team_of_list.as_ref().map(|(id, _)| *id);
    let today = s.clock.today();
    let soon = today + chrono::Days::new(u64::from(s.rules.at(today).due_soon_days));
    // The caseload comes ordered and without names; only the page's persons are read.
    let skip = usize::try_from((page - 1).saturating_mul(page_size)).unwrap_or(usize::MAX);
    let (caseload, rows) = s.store.read(|c| {
        let caseload = regie_store::cases::caseload(c, &ids, team_id, &scope)?;
        let shown: Vec<&str> =
            caseload.iter().skip(skip).take(page_size as usize).map(|e| e.person_id.as_str()).collect();
        let rows = regie_store::cases::worklist_rows(c, &shown)?;
        Ok((caseload, rows))
    })?;
    let (overdue, due_soon) = signal_counts(&caseload, today, soon);
    let total = caseload.len() as i64;
    let items: Vec<WorklistItem> = rows
        .into_iter()
        .map(|r| WorklistItem {
            name: if r.given_names.is_empty() {
                r.family_name.clone()
            } else {
                format!("{}, {}", r.family_name, r.given_names)
            },
            case_worker: r.case_worker_id.and_then(|id| workers.iter().find(|(w, _)| *w == id).map(|(_, n)| n.clone())),
            stage: Stage::parse(&r.stage).map(|s| s.label()).unwrap_or(""),
            due: r.next_due,
            due_label: r.next_due_kind.as_deref().map(DeadlineKind::label).unwrap_or(""),
            signal: r.next_due.map(|d| Signal::with_rules(&s.rules, d, today)),
            municipality_code: r.municipality_code,
            person_id: r.person_id,
        })
        .collect();
    s.audit_read(entry(
        s,
        actor,
        actor.role_for(Permission::ReadPersons),
        if team { "worklist.team" } else { "worklist.own" },
        purpose::INBURGERING,
        items.iter().map(|i| i.person_id.clone()).collect(),
        ("worklist", ""),
        "success",
    ))?;
    Ok(Worklist { items, total, page, page_size, overdue, due_soon, team: team_of_list.map(|(_, name)| name) })
}

/// Overdue and due-soon counts of the actor's own cases, for the home page (not audited: no
/// person is shown).
pub fn counts(s: &Services, actor: &Actor) -> ServiceResult<Option<(i64, i64)>> {
    let (Some(me), true) = (actor.user_id, actor.can(Permission::ReadPersons)) else { return Ok(None) };
    let scope = actor.scope(Permission::ReadPersons);
    let today = s.clock.today();
    let soon = today + chrono::Days::new(u64::from(s.rules.at(today).due_soon_days));
    let caseload = s.store.read(|c| regie_store::cases::caseload(c, &[me], None, &scope))?;
    Ok(Some(signal_counts(&caseload, today, soon)))
}

/// Overdue and due-soon cases of a caseload (due soon: from today up to and including `soon`).
fn signal_counts(caseload: &[regie_store::cases::CaseloadEntry], today: NaiveDate, soon: NaiveDate) -> (i64, i64) {
    let overdue = caseload.iter().filter(|e| e.next_due.is_some_and(|d| d < today)).count() as i64;
    let due_soon = caseload.iter().filter(|e| e.next_due.is_some_and(|d| d >= today && d <= soon)).count() as i64;
    (overdue, due_soon)
}
