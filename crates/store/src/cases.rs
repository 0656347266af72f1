//! Integration cases: the case row beside each person, its event history, the brede intake,
//! route decisions, PIP versions and objections, DUO extensions, notes and contact moments.
//!
//! Scope is checked by the caller through [`crate::persons::get_scoped`] before any of these
//! per-person functions is called; the list functions (worklists) take the scope themselves.
//! Nothing here decides whether a step is allowed: that is the domain's state machine.

use crate::schema::{
    case_events, case_notes, cases, intake_topics, intakes, objections, persons, pip_documents, pips, route_decisions,
    verlengingen,
};
use crate::{Conn, StoreResult};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = cases, treat_none_as_null = true)]
pub struct CaseRow {
    pub person_id: String,
    pub stage: String,
    pub source: String,
    pub gender: String,
    pub language: String,
    pub literacy: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub azc: Option<String>,
    pub housed_on: Option<NaiveDate>,
    pub profile: String,
    pub koppeling_date: Option<NaiveDate>,
    pub kennisgeving_date: Option<NaiveDate>,
    pub brp_date: Option<NaiveDate>,
    pub third_party_awaited: bool,
    pub third_party_received: Option<NaiveDate>,
    pub route: Option<String>,
    pub termijn_start: Option<NaiveDate>,
    pub termijn_end: Option<NaiveDate>,
    pub pip_due: Option<NaiveDate>,
    pub next_due: Option<NaiveDate>,
    pub next_due_kind: Option<String>,
    pub withdrawn_reason: Option<String>,
    pub team_id: Option<i64>,
    pub version: i32,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = case_events)]
pub struct CaseEventRow {
    pub id: i64,
    pub person_id: String,
    pub at: NaiveDateTime,
    pub actor: String,
    pub command: String,
    pub from_stage: String,
    pub to_stage: String,
    pub detail: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = case_events)]
pub struct NewCaseEvent<'a> {
    pub person_id: &'a str,
    pub at: NaiveDateTime,
    pub actor: &'a str,
    pub command: &'a str,
    pub from_stage: &'a str,
    pub to_stage: &'a str,
    pub detail: &'a str,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = intakes, treat_none_as_null = true)]
pub struct IntakeRow {
    pub person_id: String,
    pub started_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
    pub lbt_date: Option<NaiveDate>,
    pub lbt_score: Option<i32>,
    pub lbt_exemption: Option<String>,
    pub level_reading: Option<String>,
    pub level_listening: Option<String>,
    pub level_writing: Option<String>,
    pub level_speaking: Option<String>,
    pub vve_informed: bool,
    pub solo_interview_offered: bool,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = intake_topics)]
pub struct TopicRow {
    pub person_id: String,
    pub topic: String,
    pub assessment: String,
    pub notes: String,
    pub source: String,
    pub updated_by: String,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = route_decisions)]
pub struct RouteDecisionRow {
    pub id: i64,
    pub person_id: String,
    pub advice: String,
    pub advice_facts: String,
    pub route: String,
    pub grounds: String,
    pub onderwijsroute_reason: String,
    pub decided_by: String,
    pub decided_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = route_decisions)]
pub struct NewRouteDecision {
    pub person_id: String,
    pub advice: String,
    pub advice_facts: String,
    pub route: String,
    pub grounds: String,
    pub onderwijsroute_reason: String,
    pub decided_by: String,
    pub decided_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = pips, treat_none_as_null = true)]
pub struct PipRow {
    pub id: String,
    pub person_id: String,
    pub version: i32,
    pub status: String,
    pub route: String,
    pub language_target: String,
    pub content: String,
    pub reason_kind: String,
    pub reason: String,
    pub drafted_by: String,
    pub checked_by: Option<String>,
    pub dagtekening: Option<NaiveDate>,
    pub objection_until: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = objections)]
pub struct ObjectionRow {
    pub id: i64,
    pub pip_id: String,
    pub received_on: NaiveDate,
    pub grounds: String,
    pub decided_on: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub registered_by: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = verlengingen)]
pub struct VerlengingRow {
    pub id: i64,
    pub person_id: String,
    pub ground: String,
    pub months: i32,
    pub granted_on: NaiveDate,
    pub note: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = case_notes)]
pub struct NoteRow {
    pub id: i64,
    pub person_id: String,
    pub kind: String,
    pub channel: String,
    pub body: String,
    pub at: NaiveDateTime,
    pub author: String,
}

/// Inserts new cases (persons must exist), in batches under both engines' parameter limits.
pub fn insert_many(conn: &mut Conn, rows: &[CaseRow]) -> StoreResult<()> {
    for chunk in rows.chunks(500) {
        crate::insert_batch!(conn, cases::table, chunk)?;
    }
    Ok(())
}

pub fn get(conn: &mut Conn, person_id: &str) -> StoreResult<Option<CaseRow>> {
    Ok(crate::on_engine!(conn, |c| cases::table
        .filter(cases::person_id.eq(person_id))
        .select(CaseRow::as_select())
        .first(c)
        .optional())?)
}

/// Writes the whole case row if it still has `expected_version` (optimistic locking); returns
/// whether it did. The caller bumps `version` in `row`.
pub fn update(conn: &mut Conn, row: &CaseRow, expected_version: i32) -> StoreResult<bool> {
    let n = diesel::update(
        cases::table.filter(cases::person_id.eq(&row.person_id)).filter(cases::version.eq(expected_version)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

pub fn add_event(conn: &mut Conn, event: &NewCaseEvent<'_>) -> StoreResult<()> {
    diesel::insert_into(case_events::table).values(event).execute(conn)?;
    Ok(())
}

pub fn add_events(conn: &mut Conn, events: &[NewCaseEvent<'_>]) -> StoreResult<()> {
    for chunk in events.chunks(500) {
        crate::insert_batch!(conn, case_events::table, chunk)?;
    }
    Ok(())
}

pub fn events(conn: &mut Conn, person_id: &str) -> StoreResult<Vec<CaseEventRow>> {
    Ok(case_events::table
        .filter(case_events::person_id.eq(person_id))
        .select(CaseEventRow::as_select())
        .order(case_events::id)
        .load(conn)?)
}

pub fn intake(conn: &mut Conn, person_id: &str) -> StoreResult<Option<IntakeRow>> {
    Ok(intakes::table.filter(intakes::person_id.eq(person_id)).select(IntakeRow::as_select()).first(conn).optional()?)
}

pub fn save_intake(conn: &mut Conn, row: &IntakeRow) -> StoreResult<()> {
    let n = diesel::update(intakes::table.filter(intakes::person_id.eq(&row.person_id))).set(row).execute(conn)?;
    if n == 0 {
        diesel::insert_into(intakes::table).values(row).execute(conn)?;
    }
    Ok(())
}

pub fn topics(conn: &mut Conn, person_id: &str) -> StoreResult<Vec<TopicRow>> {
    Ok(intake_topics::table.filter(intake_topics::person_id.eq(person_id)).select(TopicRow::as_select()).load(conn)?)
}

pub fn save_topic(conn: &mut Conn, row: &TopicRow) -> StoreResult<()> {
    let n = diesel::update(
        intake_topics::table
            .filter(intake_topics::person_id.eq(&row.person_id))
            .filter(intake_topics::topic.eq(&row.topic)),
    )
    .set(row)
    .execute(conn)?;
    if n == 0 {
        diesel::insert_into(intake_topics::table).values(row).execute(conn)?;
    }
    Ok(())
}

pub fn add_route_decision(conn: &mut Conn, row: &NewRouteDecision) -> StoreResult<()> {
    diesel::insert_into(route_decisions::table).values(row).execute(conn)?;
    Ok(())
}

pub fn route_decisions(conn: &mut Conn, person_id: &str) -> StoreResult<Vec<RouteDecisionRow>> {
    Ok(route_decisions::table
        .filter(route_decisions::person_id.eq(person_id))
        .select(RouteDecisionRow::as_select())
        .order(route_decisions::id)
        .load(conn)?)
}

pub fn insert_pip(conn: &mut Conn, row: &PipRow) -> StoreResult<()> {
    diesel::insert_into(pips::table).values(row).execute(conn)?;
    Ok(())
}

pub fn insert_pips(conn: &mut Conn, rows: &[PipRow]) -> StoreResult<()> {
    for chunk in rows.chunks(500) {
        crate::insert_batch!(conn, pips::table, chunk)?;
    }
    Ok(())
}

pub fn save_pip(conn: &mut Conn, row: &PipRow) -> StoreResult<()> {
    diesel::update(pips::table.filter(pips::id.eq(&row.id))).set(row).execute(conn)?;
    Ok(())
}

/// The versions of a person's PIP, oldest first.
pub fn pips_of(conn: &mut Conn, person_id: &str) -> StoreResult<Vec<PipRow>> {
    Ok(pips::table.filter(pips::person_id.eq(person_id)).select(PipRow::as_select()).order(pips::version).load(conn)?)
}

pub fn pip(conn: &mut Conn, id: &str) -> StoreResult<Option<PipRow>> {
    Ok(pips::table.filter(pips::id.eq(id)).select(PipRow::as_select()).first(conn).optional()?)
}

pub fn add_objection(
    conn: &mut Conn,
    pip_id: &str,
    received_on: NaiveDate,
    grounds: &str,
    by: &str,
) -> StoreResult<()> {
    diesel::insert_into(objections::table)
        .values((
            objections::pip_id.eq(pip_id),
            objections::received_on.eq(received_on),
            objections::grounds.eq(grounds),
            objections::registered_by.eq(by),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn decide_objection(conn: &mut Conn, id: i64, decided_on: NaiveDate, outcome: &str) -> StoreResult<bool> {
    let n = diesel::update(objections::table.filter(objections::id.eq(id)).filter(objections::decided_on.is_null()))
        .set((objections::decided_on.eq(Some(decided_on)), objections::outcome.eq(Some(outcome))))
        .execute(conn)?;
    Ok(n == 1)
}

pub fn objections_of(conn: &mut Conn, pip_ids: &[String]) -> StoreResult<Vec<ObjectionRow>> {
    Ok(objections::table
        .filter(objections::pip_id.eq_any(pip_ids))
        .select(ObjectionRow::as_select())
        .order(objections::id)
        .load(conn)?)
}

pub fn add_verlenging(
    conn: &mut Conn,
    person_id: &str,
    ground: &str,
    months: i32,
    granted_on: NaiveDate,
    note: &str,
) -> StoreResult<()> {
    diesel::insert_into(verlengingen::table)
        .values((
            verlengingen::person_id.eq(person_id),
            verlengingen::ground.eq(ground),
            verlengingen::months.eq(months),
            verlengingen::granted_on.eq(granted_on),
            verlengingen::note.eq(note),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn verlengingen_of(conn: &mut Conn, person_id: &str) -> StoreResult<Vec<VerlengingRow>> {
    Ok(verlengingen::table
        .filter(verlengingen::person_id.eq(person_id))
        .select(VerlengingRow::as_select())
        .order(verlengingen::id)
        .load(conn)?)
}

pub fn add_note(
    conn: &mut Conn,
    person_id: &str,
    kind: &str,
    channel: &str,
    body: &str,
    at: NaiveDateTime,
    author: &str,
) -> StoreResult<()> {
    diesel::insert_into(case_notes::table)
        .values((
            case_notes::person_id.eq(person_id),
            case_notes::kind.eq(kind),
            case_notes::channel.eq(channel),
            case_notes::body.eq(body),
            case_notes::at.eq(at),
            case_notes::author.eq(author),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn notes_of(conn: &mut Conn, person_id: &str) -> StoreResult<Vec<NoteRow>> {
    Ok(case_notes::table
        .filter(case_notes::person_id.eq(person_id))
        .select(NoteRow::as_select())
        .order(case_notes::id.desc())
        .load(conn)?)
}

/// One line of a worklist: the person's name fields and the case's urgency.
#[derive(Debug, Clone, Queryable)]
pub struct WorklistRow {
    pub person_id: String,
    pub given_names: String,
    pub family_name: String,
    pub municipality_code: String,
    pub case_worker_id: Option<i64>,
    pub stage: String,
    pub next_due: Option<NaiveDate>,
    pub next_due_kind: Option<String>,
}

/// The open cases of some case workers within a scope: how urgent each is, without names.
#[derive(Debug, Clone)]
pub struct CaseloadEntry {
    pub person_id: String,
    pub next_due: Option<NaiveDate>,
    pub family_name: String,
}

/// Every open case of these case workers within the scope, and with `team` also the team's
/// open cases that have no case worker (the team lead's queue), as the worklist orders them:
/// most urgent deadline first, cases without a deadline last, then by family name (bytewise,
/// the same on both engines) and id. The case workers' cases come from one index range
/// (`persons_worklist`: the case worker, status, municipality and the case's next deadline,
/// which the database copies onto the person row), so a caseload of hundreds costs no table
/// reads at all; the team's queue from the cases of the team (`cases_by_team`).
pub fn caseload(
    conn: &mut Conn,
    case_workers: &[i64],
    team: Option<i64>,
    scope: &[String],
) -> StoreResult<Vec<CaseloadEntry>> {
    let mut rows: Vec<(String, Option<NaiveDate>, String)> = crate::on_engine!(conn, |c| persons::table
        .filter(persons::case_worker_id.eq_any(case_workers))
        .filter(persons::status.eq("open"))
        .filter(persons::municipality_code.eq_any(scope))
        .select((persons::id, persons::next_due, persons::family_name))
        .load(c))?;
    if let Some(team) = team {
        let queue: Vec<(String, Option<NaiveDate>, String)> = crate::on_engine!(conn, |c| cases::table
            .inner_join(persons::table)
            .filter(cases::team_id.eq(team))
            .filter(persons::case_worker_id.is_null())
            .filter(persons::status.eq("open"))
            .filter(persons::municipality_code.eq_any(scope))
            .select((persons::id, persons::next_due, persons::family_name))
            .load(c))?;
        rows.extend(queue);
    }
    let mut entries: Vec<CaseloadEntry> = rows
        .into_iter()
        .map(|(person_id, next_due, family_name)| CaseloadEntry { person_id, next_due, family_name })
        .collect();
    entries.sort_by(|a, b| {
        (a.next_due.is_none(), a.next_due, &a.family_name, &a.person_id).cmp(&(
            b.next_due.is_none(),
            b.next_due,
            &b.family_name,
            &b.person_id,
        ))
    });
    Ok(entries)
}

/// The worklist lines of these persons (one page of a caseload), in the order given: one
/// statement of lookups by key (each person with its case), whatever the size of the tables.
pub fn worklist_rows(conn: &mut Conn, person_ids: &[&str]) -> StoreResult<Vec<WorklistRow>> {
    type Line = (String, String, String, String, Option<i64>, Option<String>, Option<NaiveDate>, Option<String>);
    let found: Vec<Line> = crate::on_engine!(conn, |c| persons::table
        .left_join(cases::table)
        .filter(persons::id.eq_any(person_ids))
        .select((
            persons::id,
            persons::given_names,
            persons::family_name,
            persons::municipality_code,
            persons::case_worker_id,
            cases::stage.nullable(),
            cases::next_due.nullable(),
            cases::next_due_kind.nullable(),
        ))
        .load(c))?;
    let mut lines: std::collections::HashMap<String, Line> =
        found.into_iter().map(|line| (line.0.clone(), line)).collect();
    Ok(person_ids
        .iter()
        .filter_map(|id| {
            let (
                person_id,
                given_names,
                family_name,
                municipality_code,
                case_worker_id,
                stage,
                next_due,
                next_due_kind,
            ) = lines.remove(*id)?;
            Some(WorklistRow {
                person_id,
                given_names,
                family_name,
                municipality_code,
                case_worker_id,
                stage: stage.unwrap_or_else(|| "aangemeld".into()),
                next_due,
                next_due_kind,
            })
        })
        .collect())
}

/// The person ids among `v_nummers` that already exist (anywhere: a V-nummer is national).
pub fn existing_v_nummers(conn: &mut Conn, v_nummers: &[String]) -> StoreResult<Vec<(String, String)>> {
    let mut found = Vec::new();
    for chunk in v_nummers.chunks(500) {
        let rows: Vec<(Option<String>, String)> = persons::table
            .filter(persons::v_nummer.eq_any(chunk))
            .select((persons::v_nummer, persons::id))
            .load(conn)?;
        found.extend(rows.into_iter().filter_map(|(v, id)| v.map(|v| (v, id))));
    }
    Ok(found)
}

/// The persons (of any municipality) with one of these BSNs, as (BSN, person id); the caller
/// applies its scope to each.
pub fn existing_bsns(conn: &mut Conn, bsns: &[String]) -> StoreResult<Vec<(String, String)>> {
    let mut found = Vec::new();
    for chunk in bsns.chunks(500) {
        let rows: Vec<(Option<String>, String)> =
            persons::table.filter(persons::bsn.eq_any(chunk)).select((persons::bsn, persons::id)).load(conn)?;
        found.extend(rows.into_iter().filter_map(|(b, id)| b.map(|b| (b, id))));
    }
    Ok(found)
}

/// Keeps the issued document of a PIP version (once per language; a second call keeps the first).
pub fn archive_document(
    conn: &mut Conn,
    pip_id: &str,
    lang: &str,
    pdf: &[u8],
    sha256: &str,
    at: NaiveDateTime,
) -> StoreResult<()> {
    let exists: i64 = pip_documents::table
        .filter(pip_documents::pip_id.eq(pip_id))
        .filter(pip_documents::lang.eq(lang))
        .count()
        .get_result(conn)?;
    if exists == 0 {
        diesel::insert_into(pip_documents::table)
            .values((
                pip_documents::pip_id.eq(pip_id),
                pip_documents::lang.eq(lang),
                pip_documents::pdf.eq(pdf),
                pip_documents::sha256.eq(sha256),
                pip_documents::created_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn archived_document(conn: &mut Conn, pip_id: &str, lang: &str) -> StoreResult<Option<Vec<u8>>> {
    Ok(pip_documents::table
        .filter(pip_documents::pip_id.eq(pip_id))
        .filter(pip_documents::lang.eq(lang))
        .select(pip_documents::pdf)
        .first(conn)
        .optional()?)
}

/// Gives every case that has a case worker but no team the case worker's team (for cases
/// whose case worker was set without the assignment step: registration by a klantmanager,
/// the demo and the seeder). Returns the number of cases changed.
pub fn adopt_case_worker_teams(conn: &mut Conn) -> StoreResult<usize> {
    use crate::schema::users;
    let pairs: Vec<(String, Option<i64>)> = persons::table
        .inner_join(users::table.on(persons::case_worker_id.eq(users::id.nullable())))
        .inner_join(cases::table.on(cases::person_id.eq(persons::id)))
        .filter(cases::team_id.is_null())
        .filter(users::team_id.is_not_null())
        .select((persons::id, users::team_id))
        .load(conn)?;
    let mut by_team: std::collections::BTreeMap<i64, Vec<String>> = std::collections::BTreeMap::new();
    for (person, team) in pairs {
        if let Some(team) = team {
            by_team.entry(team).or_default().push(person);
        }
    }
    let mut changed = 0;
    for (team, persons_of_team) in by_team {
        for chunk in persons_of_team.chunks(500) {
            changed +=
                diesel::update(cases::table.filter(cases::person_id.eq_any(chunk)).filter(cases::team_id.is_null()))
                    .set(cases::team_id.eq(team))
                    .execute(conn)?;
        }
    }
    Ok(changed)
}
