//! Recording the progress facts besides exams and provider hours: participation, interim
//! language tests, the MAP final interview and the signing of the participatieverklaring. Each
//! is a `RecordFacts` step through [`write`] (scope, case history, audit, one transaction; a
//! closed case refuses it). Whether the MAP final interview fits the route, and that the
//! interview and the signing are recorded once, is decided by the domain inside the
//! transaction, so two requests at once cannot both pass.

use super::super::dossier_parts::{required_date, write};
use crate::error::Errors;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use chrono::NaiveDate;
use regie_domain::inburgering::progress::{
    self as rules, FactRefused, HalfHours, InterimLevel, InterimTest, ParticipationKind, Skill,
};
use regie_domain::inburgering::Leerroute;
use regie_store::progress::{NewInterimTest, NewMapInterview, NewParticipation, NewPvtSigning};

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ParticipationInput {
    /// A [`ParticipationKind`] code.
    pub kind: String,
    pub organisation: String,
    /// `dd-mm-jjjj` or ISO; the end not in the future.
    pub period_from: String,
    pub period_to: String,
    /// Whole or half hours, `12` or `12,5`.
    pub hours: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InterimTestInput {
    /// `dd-mm-jjjj` or ISO; not in the future.
    pub test_date: String,
    /// A [`Skill`] code.
    pub skill: String,
    /// `A1`, `A2`, `B1` or `B2`.
    pub level: String,
    pub provider_name: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MapInterviewInput {
    pub interview_date: String,
    pub conclusion: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PvtSigningInput {
    pub signing_date: String,
}

/// A refusal as the caller sees it: a field mistake, or the dossier's state refusing the step.
fn refused(r: FactRefused) -> ServiceError {
    match r.field() {
        Some(field) => ServiceError::field(field, r.message()),
        None => ServiceError::Conflict(r.message()),
    }
}

/// A required date that is not after today (the domain's message when it is).
fn fact_date(e: &mut Errors, field: &'static str, raw: &str, today: NaiveDate, missing: &str) -> Option<NaiveDate> {
    let on = required_date(e, field, raw, NaiveDate::MAX, missing)?;
    match rules::check_date(field, on, today) {
        Ok(()) => Some(on),
        Err(r) => {
            e.push(field, r.message());
            None
        }
    }
}

fn check_name(e: &mut Errors, field: &str, v: &str, message: &str) {
    if !(2..=200).contains(&v.trim().chars().count()) {
        e.push(field, message);
    }
}

fn half_hours_i32(h: HalfHours) -> i32 {
    i32::try_from(h.0).expect("at most 1000 half hours")
}

/// Records a period of participation; returns its id.
pub fn record_participation(
    s: &Services,
    actor: &Actor,
    person_id: &str,
    input: &ParticipationInput,
) -> ServiceResult<i64> {
    actor.require(Permission::WritePersons)?;
    let today = s.clock.today();
    let mut e = Errors::default();
    let kind = ParticipationKind::parse(input.kind.trim());
    if kind.is_none() {
        e.push("kind", "Kies de soort: werk, vrijwilligerswerk, opleiding of activering.");
    }
    let organisation = input.organisation.trim();
    check_name(&mut e, "organisation", organisation, "Vul de naam van de organisatie in (2 tot 200 tekens).");
    let from = required_date(&mut e, "periodFrom", &input.period_from, today, "Vul het begin van de periode in.");
    let to = required_date(&mut e, "periodTo", &input.period_to, NaiveDate::MAX, "Vul het einde van de periode in.");
    if let (Some(from), Some(to)) = (from, to) {
        for (field, message) in rules::check_period(from, to, today) {
            e.push(field, message);
        }
    }
    let hours = match HalfHours::parse(&input.hours) {
        Ok(h) => Some(h),
        Err(m) => {
            e.push("hours", m);
            None
        }
    };
    if input.note.chars().count() > 2000 {
        e.push("note", "De toelichting heeft hoogstens 2000 tekens.");
    }
    e.into_result()?;
    let (kind, hours) = (kind.expect("checked"), hours.expect("checked"));
    let now = s.clock.naive();
    let detail = format!("Participatie: {} ({} uur)", kind.label(), hours);
    write(s, actor, person_id, "progress.participation", detail, |c, person| {
        Ok(regie_store::progress::insert_participation(
            c,
            &NewParticipation {
                person_id: &person.id,
                kind: kind.code(),
                organisation,
                period_from: from.expect("checked"),
                period_to: to.expect("checked"),
                half_hours: half_hours_i32(hours),
                note: input.note.trim(),
                recorded_by: &actor.label,
                recorded_at: now,
            },
        )?)
    })
}

/// Records an interim language test; returns its id. A date in the future is refused.
pub fn record_interim_test(
    s: &Services,
    actor: &Actor,
    person_id: &str,
    input: &InterimTestInput,
) -> ServiceResult<i64> {
    actor.require(Permission::WritePersons)?;
    let today = s.clock.today();
    let mut e = Errors::default();
    let on = required_date(&mut e, "testDate", &input.test_date, NaiveDate::MAX, "Vul de datum van de toets in.");
    let skill = Skill::parse(input.skill.trim());
    if skill.is_none() {
        e.push("skill", "Kies de vaardigheid: lezen, luisteren, schrijven of spreken.");
    }
    let level = InterimLevel::parse(input.level.trim());
    if level.is_none() {
        e.push("level", "Kies het gemeten niveau: onder A1, A1, A2, B1, B2 of C1.");
    }
    let provider = input.provider_name.trim();
    check_name(&mut e, "providerName", provider, "Vul de naam van de aanbieder in (2 tot 200 tekens).");
    if let (Some(on), Some(skill), Some(level)) = (on, skill, level) {
        if let Err(r) = rules::check_interim_test(&InterimTest { on, skill, level }, today) {
            e.push(r.field().unwrap_or("testDate"), r.message());
        }
    }
    e.into_result()?;
    let (on, skill, level) = (on.expect("checked"), skill.expect("checked"), level.expect("checked"));
    let now = s.clock.naive();
    let detail = format!("Tussentoets: {} {}", skill.label().to_lowercase(), level.label());
    write(s, actor, person_id, "progress.interim_test", detail, |c, person| {
        Ok(regie_store::progress::insert_interim_test(
            c,
            &NewInterimTest {
                person_id: &person.id,
                test_date: on,
                skill: skill.code(),
                level: level.code(),
                provider_name: provider,
                recorded_by: &actor.label,
                recorded_at: now,
            },
        )?)
    })
}

/// Records the MAP final interview; returns its id. Refused (409) while no route is decided,
/// in a route without MAP, and when one was recorded already.
pub fn record_map_interview(
    s: &Services,
    actor: &Actor,
    person_id: &str,
    input: &MapInterviewInput,
) -> ServiceResult<i64> {
    actor.require(Permission::WritePersons)?;
    let today = s.clock.today();
    let mut e = Errors::default();
    let on = fact_date(&mut e, "interviewDate", &input.interview_date, today, "Vul de datum van het eindgesprek in.");
    let conclusion = input.conclusion.trim();
    if !(5..=2000).contains(&conclusion.chars().count()) {
        e.push("conclusion", "Vul de conclusie van het eindgesprek in (5 tot 2000 tekens).");
    }
    e.into_result()?;
    let on = on.expect("checked");
    let now = s.clock.naive();
    write(s, actor, person_id, "progress.map_interview", "Eindgesprek MAP vastgelegd".into(), |c, person| {
        let case = regie_store::cases::get(c, &person.id)?.ok_or(ServiceError::NotFound)?;
        let route = case.route.as_deref().and_then(Leerroute::parse);
        let recorded = regie_store::progress::map_interview_of(c, &person.id)?.is_some();
        rules::check_map_interview(route, on, today, recorded).map_err(refused)?;
        Ok(regie_store::progress::insert_map_interview(
            c,
            &NewMapInterview {
                person_id: &person.id,
                interview_date: on,
                conclusion,
                recorded_by: &actor.label,
                recorded_at: now,
            },
        )?)
    })
}

/// Records the signing of the participatieverklaring; returns its id. Refused (409) when it
/// was recorded already.
pub fn record_pvt_signing(s: &Services, actor: &Actor, person_id: &str, input: &PvtSigningInput) -> ServiceResult<i64> {
    actor.require(Permission::WritePersons)?;
    let today = s.clock.today();
    let mut e = Errors::default();
    let on = fact_date(&mut e, "signingDate", &input.signing_date, today, "Vul de datum van de ondertekening in.");
    e.into_result()?;
    let on = on.expect("checked");
    let now = s.clock.naive();
    let detail = "Participatieverklaring ondertekend".to_string();
    write(s, actor, person_id, "progress.pvt_signing", detail, |c, person| {
        let recorded = regie_store::progress::pvt_signing_of(c, &person.id)?.is_some();
        rules::check_pvt_signing(on, today, recorded).map_err(refused)?;
        Ok(regie_store::progress::insert_pvt_signing(
            c,
            &NewPvtSigning { person_id: &person.id, signed_on: on, recorded_by: &actor.label, recorded_at: now },
        )?)
    })
}
