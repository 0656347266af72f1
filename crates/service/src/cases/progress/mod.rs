//! The progress record of a case, for the dossier's "Voortgang" section and the API: exam
//! attempts with their results and the hours providers report per component (here), and
//! participation, interim language tests, the MAP final interview and the signing of the
//! participatieverklaring ([`facts`]), a provider's hour file ([`import`]), and withdrawing an
//! hour report or a participation recorded in error ([`withdrawal`]). Recording goes through [`super::dossier_parts::write`]
//! (scope, case history, audit, one transaction; a closed case refuses it); reading is audited
//! as a read of the person. The quality-marked language hours that afschalen counts
//! ([`super::pip`]) are read from the hour reports here.
//!
//! The rules (a future exam date, an exam already passed, free or paid attempts, hour steps,
//! the MAP and PVT minimums, which route has a MAP final interview, what is recorded once) are
//! the domain's (`regie_domain::inburgering::progress`); this module must not decide them
//! itself, nor write SQL.

mod facts;
pub mod import;
mod sample;
mod withdrawal;

pub use facts::{
    record_interim_test, record_map_interview, record_participation, record_pvt_signing, InterimTestInput,
    MapInterviewInput, ParticipationInput, PvtSigningInput,
};
pub use sample::demo;
pub use withdrawal::{withdraw, Withdrawable};

use super::dossier_parts::{audit_read, required_date, write};
use super::load_scoped;
use crate::error::Errors;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use chrono::NaiveDate;
use regie_domain::inburgering::progress::{
    self as rules, Attempt, Component, ComponentTotal, ExamKind, ExamResult, ExamStatus, HalfHours, HourReport, Level,
};
use regie_domain::inburgering::progress::{Participation, ParticipationKind, ParticipationTotal};
use regie_domain::inburgering::Leerroute;
use regie_domain::TargetGroup;
use regie_store::persons::PersonRow;
/// The stored rows the use cases return (read-only for callers).
pub use regie_store::progress::{
    ExamAttemptRow, HourReportRow, InterimTestRow, MapInterviewRow, ParticipationRow, PvtSigningRow,
};
use regie_store::progress::{NewExamAttempt, NewHourReport};
use regie_store::Conn;

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExamAttemptInput {
    /// An [`ExamKind`] code.
    pub exam: String,
    /// `dd-mm-jjjj` or ISO; not in the future.
    pub exam_date: String,
    /// An [`ExamResult`] code.
    pub result: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HourReportInput {
    pub provider_name: String,
    /// A [`Component`] code.
    pub component: String,
    /// `dd-mm-jjjj` or ISO.
    pub period_from: String,
    pub period_to: String,
    /// Whole or half hours, `12` or `12,5`.
    pub hours_attended: String,
    pub hours_planned: String,
    /// Whether the provider holds the quality mark (keurmerk).
    #[serde(default)]
    pub keurmerk: bool,
}

/// Where a person stands with one exam, with its attempts.
pub struct ExamProgress {
    pub status: ExamStatus,
    /// This exam's attempts, by date.
    pub attempts: Vec<ExamAttemptRow>,
}

/// The progress of a person: every exam (also those not yet tried), every component, and the
/// other facts the completion rests on.
pub struct Progress {
    pub exams: Vec<ExamProgress>,
    pub totals: Vec<ComponentTotal>,
    /// Every hour report, by period.
    pub reports: Vec<HourReportRow>,
    /// Every participation, by period.
    pub participations: Vec<ParticipationRow>,
    /// Every kind of participation with its hours (kinds without any at zero).
    pub participation_totals: Vec<ParticipationTotal>,
    /// Every interim language test, by date.
    pub interim_tests: Vec<InterimTestRow>,
    /// Whether the person's route has MAP; `None` while no route is decided.
    pub map_applies: Option<bool>,
    pub map_interview: Option<MapInterviewRow>,
    pub pvt_signing: Option<PvtSigningRow>,
}

impl Progress {
    /// The totals of one component.
    pub fn total(&self, component: Component) -> Option<&ComponentTotal> {
        self.totals.iter().find(|t| t.component == component)
    }
}

fn attempt_of(r: &ExamAttemptRow) -> Option<Attempt> {
    Some(Attempt { exam: ExamKind::parse(&r.exam)?, on: r.exam_date, result: ExamResult::parse(&r.result)? })
}

/// The report as the rules count it; `None` for a withdrawn report, which counts nowhere.
fn report_of(r: &HourReportRow) -> Option<HourReport> {
    if r.withdrawn_at.is_some() {
        return None;
    }
    let half = |n: i32| HalfHours(u32::try_from(n).unwrap_or(0));
    Some(HourReport {
        component: Component::parse(&r.component)?,
        from: r.period_from,
        to: r.period_to,
        attended: half(r.attended_half_hours),
        planned: half(r.planned_half_hours),
        keurmerk: r.keurmerk,
    })
}

/// The participation as the rules count it; `None` for a withdrawn one.
fn participation_of(r: &ParticipationRow) -> Option<Participation> {
    if r.withdrawn_at.is_some() {
        return None;
    }
    Some(Participation {
        kind: ParticipationKind::parse(&r.kind)?,
        hours: HalfHours(u32::try_from(r.half_hours).ok()?),
    })
}

/// The quality-marked language hours afschalen counts, from the person's hour reports (the
/// caller has checked the scope).
pub(crate) fn keurmerk_language_hours(c: &mut Conn, person_id: &str) -> ServiceResult<HalfHours> {
    let reports = regie_store::progress::hour_reports_of(c, person_id)?;
    Ok(rules::quality_marked_language_hours(&reports.iter().filter_map(report_of).collect::<Vec<_>>()))
}

/// The hours afschalen counts for a person, next to the minimum in force today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AfschalenHours {
    /// Attended language hours at a provider with the quality mark, from the hour reports.
    pub recorded: HalfHours,
    /// The whole hours afschalen needs (the dated setting `afschalen_min_course_hours`).
    pub required: u32,
}

/// The quality-marked language hours of a person within the caller's scope, as afschalen
/// counts them (shown on the PIP form). Audited as a read of the person.
pub fn afschalen_hours(s: &Services, actor: &Actor, person_id: &str) -> ServiceResult<AfschalenHours> {
    let recorded = s.store.read(|c| {
        Ok(load_scoped(c, actor, person_id, Permission::ReadPersons)
            .and_then(|_| keurmerk_language_hours(c, person_id)))
    })??;
    audit_read(s, actor, "progress.read", person_id, ("person", person_id))?;
    Ok(AfschalenHours { recorded, required: s.rules.at(s.clock.today()).afschalen_min_course_hours })
}

/// The language target of the person's established PIP (the latest version with a dagtekening).
fn pip_target(c: &mut Conn, person_id: &str) -> ServiceResult<Option<Level>> {
    let pips = regie_store::cases::pips_of(c, person_id)?;
    Ok(pips
        .iter()
        .filter(|p| p.dagtekening.is_some())
        .max_by_key(|p| p.version)
        .and_then(|p| Level::parse(&p.language_target)))
}

/// The free attempts at `exam` for this person under the rules in force on `on`.
fn free_for(s: &Services, c: &mut Conn, person: &PersonRow, exam: ExamKind, on: NaiveDate) -> ServiceResult<u32> {
    let group =
        TargetGroup::parse(&person.target_group).map_err(|_| ServiceError::Internal("unknown target group".into()))?;
    Ok(rules::free_attempts(&s.rules.at(on), group, pip_target(c, &person.id)?, exam))
}

/// The progress record of a person within the caller's scope, with the status
/// per exam (free attempts left under today's rules) and the totals per component. Audited as
/// a read of the person.
pub fn get(s: &Services, actor: &Actor, person_id: &str) -> ServiceResult<Progress> {
    let today = s.clock.today();
    let progress = s.store.read(|c| {
        Ok(load_scoped(c, actor, person_id, Permission::ReadPersons).and_then(|(person, case)| {
            let rows = regie_store::progress::exam_attempts_of(c, person_id)?;
            let attempts: Vec<Attempt> = rows.iter().filter_map(attempt_of).collect();
            let mut exams = vec![];
            for &exam in ExamKind::ALL {
                let free = free_for(s, c, &person, exam, today)?;
                exams.push(ExamProgress {
                    status: rules::exam_status(exam, &attempts, free),
                    attempts: rows.iter().filter(|r| r.exam == exam.code()).cloned().collect(),
                });
            }
            let reports = regie_store::progress::hour_reports_of(c, person_id)?;
            let facts: Vec<HourReport> = reports.iter().filter_map(report_of).collect();
            let participations = regie_store::progress::participations_of(c, person_id)?;
            let counted: Vec<Participation> = participations.iter().filter_map(participation_of).collect();
            Ok(Progress {
                exams,
                totals: rules::totals(&facts, &s.rules.at(today)),
                reports,
                participation_totals: rules::participation_totals(&counted),
                participations,
                interim_tests: regie_store::progress::interim_tests_of(c, person_id)?,
                map_applies: case.route.as_deref().and_then(Leerroute::parse).map(|r| r.has_map()),
                map_interview: regie_store::progress::map_interview_of(c, person_id)?,
                pvt_signing: regie_store::progress::pvt_signing_of(c, person_id)?,
            })
        }))
    })??;
    audit_read(s, actor, "progress.read", person_id, ("person", person_id))?;
    Ok(progress)
}

/// Records an exam attempt; returns its id. A date in the future and an exam already passed are
/// refused; an attempt beyond the free ones is recorded as paid ("betaalde poging").
pub fn record_attempt(s: &Services, actor: &Actor, person_id: &str, input: &ExamAttemptInput) -> ServiceResult<i64> {
    actor.require(Permission::WritePersons)?;
    let today = s.clock.today();
    let mut e = Errors::default();
    let exam = ExamKind::parse(input.exam.trim());
    if exam.is_none() {
        e.push("exam", "Kies het examen.");
    }
    // A date in the future is the domain's refusal, with its own message.
    let on = required_date(&mut e, "examDate", &input.exam_date, NaiveDate::MAX, "Vul de datum van het examen in.");
    let result = ExamResult::parse(input.result.trim());
    if result.is_none() {
        e.push("result", "Kies het resultaat: geslaagd, gezakt of niet verschenen.");
    }
    if input.note.chars().count() > 2000 {
        e.push("note", "De toelichting heeft hoogstens 2000 tekens.");
    }
    e.into_result()?;
    let new = Attempt { exam: exam.expect("checked"), on: on.expect("checked"), result: result.expect("checked") };
    rules::check_attempt(&new, today, &[]).map_err(|r| ServiceError::field(r.field(), r.message()))?;
    let now = s.clock.naive();
    let detail = format!("Examenresultaat: {} ({})", new.exam.label(), new.result.label().to_lowercase());
    write(s, actor, person_id, "progress.exam_attempt", detail, |c, person| {
        let recorded = regie_store::progress::exam_attempts_of(c, &person.id)?;
        let attempts: Vec<Attempt> = recorded.iter().filter_map(attempt_of).collect();
        rules::check_attempt(&new, today, &attempts).map_err(|r| ServiceError::field(r.field(), r.message()))?;
        let earlier = attempts.iter().filter(|a| a.exam == new.exam).count();
        let paid = rules::is_paid(earlier, free_for(s, c, person, new.exam, new.on)?);
        Ok(regie_store::progress::insert_exam_attempt(
            c,
            &NewExamAttempt {
                person_id: &person.id,
                exam: new.exam.code(),
                exam_date: new.on,
                result: new.result.code(),
                paid,
                note: input.note.trim(),
                recorded_by: &actor.label,
                recorded_at: now,
            },
        )?)
    })
}

/// Records a provider's hour report; returns its id.
pub fn record_hours(s: &Services, actor: &Actor, person_id: &str, input: &HourReportInput) -> ServiceResult<i64> {
    actor.require(Permission::WritePersons)?;
    let today = s.clock.today();
    let mut e = Errors::default();
    let provider = input.provider_name.trim();
    if !(2..=200).contains(&provider.chars().count()) {
        e.push("providerName", "Vul de naam van de aanbieder in (2 tot 200 tekens).");
    }
    let component = Component::parse(input.component.trim());
    if component.is_none() {
        e.push("component", "Kies het onderdeel: taal, MAP, PVT, KNM of participatie.");
    }
    let from = required_date(&mut e, "periodFrom", &input.period_from, today, "Vul het begin van de periode in.");
    let to = required_date(&mut e, "periodTo", &input.period_to, NaiveDate::MAX, "Vul het einde van de periode in.");
    if let (Some(from), Some(to)) = (from, to) {
        for (field, message) in rules::check_period(from, to, today) {
            e.push(field, message);
        }
    }
    let mut hours = |field: &str, raw: &str| match HalfHours::parse(raw) {
        Ok(h) => Some(h),
        Err(m) => {
            e.push(field, m);
            None
        }
    };
    let attended = hours("hoursAttended", &input.hours_attended);
    let planned = hours("hoursPlanned", &input.hours_planned);
    e.into_result()?;
    let (component, attended, planned) =
        (component.expect("checked"), attended.expect("checked"), planned.expect("checked"));
    let now = s.clock.naive();
    let detail = format!("Urenopgave: {} ({} uur)", component.label(), attended);
    let as_i32 = |h: HalfHours| i32::try_from(h.0).expect("at most 1000 half hours");
    write(s, actor, person_id, "progress.hour_report", detail, |c, person| {
        Ok(regie_store::progress::insert_hour_report(
            c,
            &NewHourReport {
                person_id: &person.id,
                provider_name: provider,
                component: component.code(),
                period_from: from.expect("checked"),
                period_to: to.expect("checked"),
                attended_half_hours: as_i32(attended),
                planned_half_hours: as_i32(planned),
                keurmerk: input.keurmerk,
                recorded_by: &actor.label,
                recorded_at: now,
            },
        )?)
    })
}
