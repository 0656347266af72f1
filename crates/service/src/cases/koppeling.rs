//! New cases in: a COA koppeling entered in a form, sent to the API or imported from a file.
//!
//! An import validates every row first and then applies all rows or none, in one transaction.
//! A V-nummer that is already registered is not created again, so importing the same file twice
//! creates nothing twice. The report names every bad row with its line number and the reason.

use super::{new_case_row, Step};
use crate::audit::{entry, purpose};
use crate::{Actor, FieldError, Permission, ServiceError, ServiceResult, Services};
use regie_domain::inburgering::koppeling::{validate_rows, Koppeling, KoppelingFields, RowError};
use regie_domain::inburgering::{Command, Stage};
use regie_domain::person::search_key;
use regie_domain::{CbsCode, Regime, TargetGroup};
use regie_store::cases::{CaseRow, NewCaseEvent};
use regie_store::persons::PersonRow;
use serde::Serialize;

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub rows: usize,
    pub created: usize,
    pub already_present: usize,
    pub dry_run: bool,
    /// The ids of the persons created (empty in a dry run).
    pub person_ids: Vec<String>,
}

/// Row errors as field errors named `regel N (kolom)` (the screens and the CLI list them by line).
pub(crate) fn row_errors(errors: Vec<RowError>) -> ServiceError {
    ServiceError::Invalid(
        errors
            .into_iter()
            .map(|e| FieldError { field: format!("regel {} ({})", e.line, e.column), message: e.message })
            .collect(),
    )
}

/// Reads, validates and (unless `dry_run`) applies a koppeling file (CSV or XLSX).
pub fn import_file(s: &Services, actor: &Actor, bytes: &[u8], dry_run: bool) -> ServiceResult<ImportReport> {
    actor.require(Permission::WritePersons)?;
    let rows = regie_documents::koppeling::read_koppeling_file(bytes)
        .map_err(|e| ServiceError::field("bestand", e.to_string()))?;
    import_rows(s, actor, &rows, dry_run, "koppeling_import")
}

/// One koppeling from a form or the API (the same validation as a file row, line 1).
pub fn register(s: &Services, actor: &Actor, fields: &KoppelingFields) -> ServiceResult<String> {
    let mut row = fields.clone();
    row.line = 1;
    let report =
        import_rows(s, actor, std::slice::from_ref(&row), false, "koppeling_formulier").map_err(|e| match e {
            // A single form has fields, not lines: name the column alone.
            ServiceError::Invalid(list) => ServiceError::Invalid(
                list.into_iter()
                    .map(|f| FieldError {
                        field: f
                            .field
                            .split_once('(')
                            .map(|(_, c)| c.trim_end_matches(')').to_string())
                            .unwrap_or(f.field),
                        message: f.message,
                    })
                    .collect(),
            ),
            other => other,
        })?;
    match report.person_ids.first() {
        Some(id) => Ok(id.clone()),
        None => Err(ServiceError::field("vnummer", "Er is al een persoon met dit V-nummer geregistreerd.")),
    }
}

fn import_rows(
    s: &Services,
    actor: &Actor,
    rows: &[KoppelingFields],
    dry_run: bool,
    source: &str,
) -> ServiceResult<ImportReport> {
    let scope = actor.require_scope(Permission::WritePersons)?;
    let today = s.clock.today();
    let now = s.clock.naive();
    let known: Vec<CbsCode> = s
        .store
        .read(regie_store::tenancy::list_municipalities)?
        .into_iter()
        .filter(|m| m.valid_to.is_none_or(|to| to > today))
        .filter_map(|m| CbsCode::parse(&m.code).ok())
        .collect();
    let valid = validate_rows(rows, today, &known).map_err(row_errors)?;
    // A municipality outside the caller's scope is an error of that row, like any other.
    let outside: Vec<RowError> = valid
        .iter()
        .filter(|k| !scope.iter().any(|c| c == k.gemeentecode.as_str()))
        .map(|k| RowError {
            line: k.line,
            column: "gemeentecode",
            message: format!("u mag geen koppelingen vastleggen voor {}", k.gemeentecode.as_str()),
        })
        .collect();
    if !outside.is_empty() {
        return Err(row_errors(outside));
    }
    let v_nummers: Vec<String> = valid.iter().map(|k| k.vnummer.as_str().to_string()).collect();
    s.store.write_with(|c| {
        let existing: std::collections::HashSet<String> =
            regie_store::cases::existing_v_nummers(c, &v_nummers)?.into_iter().map(|(v, _)| v).collect();
        let fresh: Vec<&Koppeling> = valid.iter().filter(|k| !existing.contains(k.vnummer.as_str())).collect();
        let mut report = ImportReport {
            rows: rows.len(),
            created: fresh.len(),
            already_present: valid.len() - fresh.len(),
            dry_run,
            person_ids: vec![],
        };
        if dry_run || fresh.is_empty() {
            return Ok(report);
        }
        let persons: Vec<PersonRow> = fresh.iter().map(|k| person_row(k, now)).collect();
        let since: Vec<_> = fresh.iter().map(|k| k.koppelingsdatum).collect();
        let cases: Vec<CaseRow> = fresh.iter().zip(&persons).map(|(k, p)| case_row(s, k, &p.id, source, now)).collect();
        regie_store::persons::insert_many(c, &persons, &since, "koppeling")?;
        regie_store::cases::insert_many(c, &cases)?;
        let detail = "Koppeling door COA ontvangen".to_string();
        let step = Step { command: Command::RecordFacts, detail };
        let events: Vec<NewCaseEvent<'_>> = persons
            .iter()
            .map(|p| NewCaseEvent {
                person_id: &p.id,
                at: now,
                actor: &actor.label,
                command: "koppeling",
                from_stage: Stage::Aangemeld.code(),
                to_stage: Stage::Aangemeld.code(),
                detail: &step.detail,
            })
            .collect();
        regie_store::cases::add_events(c, &events)?;
        report.person_ids = persons.iter().map(|p| p.id.clone()).collect();
        let rec = entry(
            s,
            actor,
            actor.role_for(Permission::WritePersons),
            "koppeling.import",
            purpose::INBURGERING,
            report.person_ids.clone(),
            ("koppeling", source),
            "success",
        );
        regie_store::audit::append(c, &[rec])?;
        Ok(report)
    })
}

fn person_row(k: &Koppeling, now: chrono::NaiveDateTime) -> PersonRow {
    PersonRow {
        id: uuid::Uuid::now_v7().to_string(),
        v_nummer: Some(k.vnummer.as_str().to_string()),
        bsn: k.bsn.as_ref().map(|b| b.as_str().to_string()),
        given_names: k.voornamen.clone(),
        family_name: k.achternaam.clone(),
        search_key: search_key(&k.voornamen, &k.achternaam),
        birth_year: k.geboortedatum.year,
        birth_month: k.geboortedatum.month.map(|m| m as i32),
        birth_day: k.geboortedatum.day.map(|d| d as i32),
        nationality: k.nationaliteit.clone(),
        // COA links asylum permit holders (and their nareizigers).
        target_group: TargetGroup::Asielstatushouder.code().to_string(),
        // The permit precedes the koppeling by at most two weeks; the regime follows the permit.
        regime: Regime::for_residence_date(k.koppelingsdatum).code().to_string(),
        residence_date: Some(k.koppelingsdatum),
        municipality_code: k.gemeentecode.as_str().to_string(),
        case_worker_id: None,
        household_id: format!("coa-{}-{}", k.gemeentecode.as_str(), k.huishoudnummer),
        postcode: None,
        iban: None,
        status: "open".into(),
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

fn case_row(_s: &Services, k: &Koppeling, person_id: &str, source: &str, now: chrono::NaiveDateTime) -> CaseRow {
    let mut row = new_case_row(person_id, source, now);
    row.gender = k.geslacht.code().to_string();
    row.language = k.taal.clone();
    row.koppeling_date = Some(k.koppelingsdatum);
    row.azc = k.profile.azc.clone();
    row.phone = k.profile.telefoon.clone();
    row.email = k.profile.email.clone();
    let profile = serde_json::json!({
        "opleiding": k.profile.opleiding,
        "werkervaring": k.profile.werkervaring,
        "talenOverig": k.profile.talen_overig,
        "beperkingen": k.profile.beperkingen,
        "geboorteland": k.profile.geboorteland,
    });
    row.profile = profile.to_string();
    // The housing clock starts at the koppeling.
    let (_, next) = super::deadlines::compute(
        &_s.rules,
        &super::deadlines::ClockFacts { case: &row, pips: &[], verlengingen: &[], last_progress_interview: None },
    );
    row.next_due = next.map(|(_, d)| d);
    row.next_due_kind = next.map(|(k, _)| k.code().to_string());
    row
}

/// The actor for an import run from the command line by the operator: COA's koppelingen for
/// every current municipality of the region, recorded in the audit log as `system:import`.
pub fn operator_importer(s: &Services) -> ServiceResult<Actor> {
    operator_as(s, regie_domain::Role::Coa)
}

/// The operator at the command line acting in `role` for every current municipality of the
/// region, recorded in the audit log as `system:import`.
pub fn operator_as(s: &Services, role: regie_domain::Role) -> ServiceResult<Actor> {
    let today = s.clock.today();
    let codes: Vec<String> = s
        .store
        .read(regie_store::tenancy::list_municipalities)?
        .into_iter()
        .filter(|m| m.valid_to.is_none_or(|to| to > today))
        .map(|m| m.code)
        .collect();
    let mut actor = Actor::system("import");
    actor.roles.insert(role, codes);
    Ok(actor)
}
