//! A provider's hour file (urenopgave): many hour reports at once, from a file on the screen or
//! the command line, or as a list from the API. Every row is checked first (the domain's
//! `progress::import` rules, then against the database: the person exists within the caller's
//! scope, V-nummer and BSN name the same person, the case is open, the period is not recorded
//! with other hours); then all rows are recorded, or none, in one transaction. A row recorded
//! before with the same hours is not recorded again, so a file can be imported twice.
//!
//! Each person with new hours gets one case history entry; one audit record names them all.
//! Row errors never quote a V-nummer, BSN or name.

use super::report_of;
use crate::audit::{entry, purpose};
use crate::cases::koppeling::row_errors;
use crate::cases::load_scoped;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use regie_domain::inburgering::koppeling::RowError;
use regie_domain::inburgering::progress::import::{
    check_hour_rows, compare_with_recorded, AgainstRecorded, HourRowFields, ImportedHours,
};
use regie_domain::inburgering::progress::HourReport;
use regie_domain::inburgering::{Command, Stage};
use regie_store::cases::NewCaseEvent;
use regie_store::progress::NewHourReport;
use regie_store::Conn;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// What an hour import did (or, in a dry run, would do).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HourImportReport {
    pub rows: usize,
    /// Reports recorded now (or that would be, in a dry run).
    pub created: usize,
    /// Reports recorded before with the same hours, not recorded again.
    pub already_present: usize,
    /// Persons with new reports.
    pub persons: usize,
    pub dry_run: bool,
}

/// Reads, checks and (unless `dry_run`) records a provider's hour file (CSV or XLSX).
pub fn import_hour_file(s: &Services, actor: &Actor, bytes: &[u8], dry_run: bool) -> ServiceResult<HourImportReport> {
    actor.require(Permission::WritePersons)?;
    let rows =
        regie_documents::hours::read_hour_file(bytes).map_err(|e| ServiceError::field("bestand", e.to_string()))?;
    import_hour_rows(s, actor, &rows, dry_run)
}

/// Checks and (unless `dry_run`) records hour rows, all or none. Row errors are named
/// `regel N (kolom)` with each row's own line.
pub fn import_hour_rows(
    s: &Services,
    actor: &Actor,
    rows: &[HourRowFields],
    dry_run: bool,
) -> ServiceResult<HourImportReport> {
    actor.require_scope(Permission::WritePersons)?;
    let today = s.clock.today();
    let now = s.clock.naive();
    let (valid, row_mistakes) = check_hour_rows(rows, today);
    s.store.write_with(|c| {
        let people = People::resolve(c, actor, &valid)?;
        let mut open_cases: HashMap<String, Result<OpenCase, Blocked>> = HashMap::new();
        let mut errors = row_mistakes.clone();
        let mut fresh: Vec<(String, &ImportedHours)> = Vec::new();
        let mut already_present = 0;
        for row in &valid {
            let person_id = match people.person_of(row) {
                Ok(id) => id,
                Err((column, message)) => {
                    errors.push(RowError { line: row.line, column, message });
                    continue;
                }
            };
            if !open_cases.contains_key(&person_id) {
                let recorded = recorded_reports(s, c, actor, &person_id)?;
                open_cases.insert(person_id.clone(), recorded);
            }
            let recorded = match &open_cases[&person_id] {
                Ok((_, recorded)) => recorded,
                Err(blocked) => {
                    let (column, what) =
                        if row.person.vnummer.is_some() { ("vnummer", "dit V-nummer") } else { ("bsn", "dit BSN") };
                    let message = match blocked {
                        Blocked::OutOfScope => unknown(what),
                        Blocked::Closed(why) => format!("het dossier van deze persoon is afgesloten: {why}"),
                    };
                    errors.push(RowError { line: row.line, column, message });
                    continue;
                }
            };
            match compare_with_recorded(row, recorded) {
                AgainstRecorded::New => fresh.push((person_id, row)),
                AgainstRecorded::AlreadyRecorded => already_present += 1,
                AgainstRecorded::Conflicts(message) => {
                    errors.push(RowError { line: row.line, column: "uren_aanwezig", message })
                }
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.line);
            return Err(row_errors(errors));
        }
        let mut per_person: BTreeMap<&str, usize> = BTreeMap::new();
        for (id, _) in &fresh {
            *per_person.entry(id).or_default() += 1;
        }
        let report = HourImportReport {
            rows: rows.len(),
            created: fresh.len(),
            already_present,
            persons: per_person.len(),
            dry_run,
        };
        if dry_run || fresh.is_empty() {
            return Ok(report);
        }
        let as_i32 = |h: regie_domain::inburgering::progress::HalfHours| i32::try_from(h.0).expect("at most 1000");
        let new: Vec<NewHourReport<'_>> = fresh
            .iter()
            .map(|(id, row)| NewHourReport {
                person_id: id,
                provider_name: row.provider.trim(),
                component: row.report.component.code(),
                period_from: row.report.from,
                period_to: row.report.to,
                attended_half_hours: as_i32(row.report.attended),
                planned_half_hours: as_i32(row.report.planned),
                keurmerk: row.report.keurmerk,
                recorded_by: &actor.label,
                recorded_at: now,
            })
            .collect();
        regie_store::progress::insert_hour_reports(c, &new)?;
        let details: Vec<(&str, String)> = per_person
            .iter()
            .map(|(id, n)| (*id, format!("Urenopgave ingelezen: {n} {}", if *n == 1 { "opgave" } else { "opgaven" })))
            .collect();
        let mut events = Vec::with_capacity(details.len());
        for (id, detail) in &details {
            // Recording facts keeps the stage (checked per person above).
            let stage = open_cases
                .get(*id)
                .and_then(|r| r.as_ref().ok())
                .map(|(stage, _)| stage.code())
                .ok_or_else(|| ServiceError::Internal("a person with new hours has no open case".into()))?;
            events.push(NewCaseEvent {
                person_id: id,
                at: now,
                actor: &actor.label,
                command: Command::RecordFacts.code(),
                from_stage: stage,
                to_stage: stage,
                detail,
            });
        }
        regie_store::cases::add_events(c, &events)?;
        let subjects: Vec<String> = per_person.keys().map(|id| id.to_string()).collect();
        let rec = entry(
            s,
            actor,
            actor.role_for(Permission::WritePersons),
            "progress.hour_import",
            purpose::INBURGERING,
            subjects,
            ("hour_import", &format!("{} opgaven", report.created)),
            "success",
        );
        regie_store::audit::append(c, &[rec])?;
        Ok(report)
    })
}

/// The persons the rows name within the caller's reach, found by V-nummer and by BSN in one
/// query each. A person outside the reach is left out before anything is compared, so that no
/// answer (not even "V-nummer and BSN name different persons") tells that they exist.
struct People {
    by_vnummer: HashMap<String, String>,
    by_bsn: HashMap<String, String>,
}

impl People {
    fn resolve(c: &mut Conn, actor: &Actor, rows: &[ImportedHours]) -> ServiceResult<People> {
        let mut v: Vec<String> =
            rows.iter().filter_map(|r| r.person.vnummer.as_ref().map(|v| v.as_str().to_string())).collect();
        let mut b: Vec<String> =
            rows.iter().filter_map(|r| r.person.bsn.as_ref().map(|b| b.as_str().to_string())).collect();
        for list in [&mut v, &mut b] {
            list.sort();
            list.dedup();
        }
        let mut people = People {
            by_vnummer: regie_store::cases::existing_v_nummers(c, &v)?.into_iter().collect(),
            by_bsn: regie_store::cases::existing_bsns(c, &b)?.into_iter().collect(),
        };
        let mut ids: Vec<String> = people.by_vnummer.values().chain(people.by_bsn.values()).cloned().collect();
        ids.sort();
        ids.dedup();
        for id in ids {
            match load_scoped(c, actor, &id, Permission::WritePersons) {
                Ok(_) => {}
                Err(ServiceError::NotFound) => {
                    people.by_vnummer.retain(|_, p| *p != id);
                    people.by_bsn.retain(|_, p| *p != id);
                }
                Err(other) => return Err(other),
            }
        }
        Ok(people)
    }

    /// The person a row names, or the column and reason it names none (a person out of reach is
    /// unknown here, in the same words).
    fn person_of(&self, row: &ImportedHours) -> Result<String, (&'static str, String)> {
        let by_v = row.person.vnummer.as_ref().map(|v| self.by_vnummer.get(v.as_str()));
        let by_b = row.person.bsn.as_ref().map(|b| self.by_bsn.get(b.as_str()));
        match (by_v, by_b) {
            (Some(None), _) => Err(("vnummer", unknown("dit V-nummer"))),
            (_, Some(None)) => Err(("bsn", unknown("dit BSN"))),
            (Some(Some(a)), Some(Some(b))) if a != b => {
                Err(("bsn", "het V-nummer en het BSN horen niet bij dezelfde persoon".to_string()))
            }
            (Some(Some(id)), _) | (None, Some(Some(id))) => Ok(id.clone()),
            (None, None) => Err(("vnummer", "vul het V-nummer of het BSN van de persoon in".to_string())),
        }
    }
}

fn unknown(what: &str) -> String {
    format!("er is geen persoon met {what} in de gemeenten waarvoor u uren mag vastleggen")
}

/// A person's open case: its stage, and the reports recorded so far with their providers.
type OpenCase = (Stage, Vec<(String, HourReport)>);

/// Why nothing may be recorded for a person.
enum Blocked {
    /// Outside the caller's scope: said as "unknown", like any record outside a scope.
    OutOfScope,
    /// A closed case, with the state machine's reason.
    Closed(String),
}

/// The reports already recorded for a person, or why nothing may be recorded for them.
fn recorded_reports(
    s: &Services,
    c: &mut Conn,
    actor: &Actor,
    person_id: &str,
) -> ServiceResult<Result<OpenCase, Blocked>> {
    let case = match load_scoped(c, actor, person_id, Permission::WritePersons) {
        Ok((_, case)) => case,
        Err(ServiceError::NotFound) => return Ok(Err(Blocked::OutOfScope)),
        Err(other) => return Err(other),
    };
    let stage = Stage::parse(&case.stage).ok_or_else(|| ServiceError::Internal("unknown stage".into()))?;
    if let Err(refused) = regie_domain::inburgering::case::next(&s.rules, stage, &Command::RecordFacts) {
        return Ok(Err(Blocked::Closed(refused.to_string())));
    }
    let rows = regie_store::progress::hour_reports_of(c, person_id)?;
    Ok(Ok((stage, rows.iter().filter_map(|r| Some((r.provider_name.clone(), report_of(r)?))).collect())))
}
