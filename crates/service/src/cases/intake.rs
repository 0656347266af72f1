//! The brede intake: partial saves over several conversations (by the case worker, and by the
//! COA case manager while the person is in the AZC), and completion once every topic and the
//! leerbaarheidstoets are in.

use super::dossier::parse_date;
use super::{transition, Step};
use crate::error::Errors;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use regie_domain::inburgering::intake::{check_complete, language_level_label};
use regie_domain::inburgering::{
    AssessmentSource, Command, IntakeTopic, LbtExemption, Leerbaarheidstoets, TopicAssessment,
};
use regie_store::cases::{IntakeRow, TopicRow};
use regie_store::Conn;

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TopicInput {
    pub topic: String,
    pub assessment: String,
    #[serde(default)]
    pub notes: String,
    pub source: String,
}

/// What one conversation adds to the intake; absent fields keep their saved value.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IntakeInput {
    #[serde(default)]
    pub topics: Vec<TopicInput>,
    pub lbt_date: Option<String>,
    pub lbt_score: Option<i32>,
    /// `visual` or `hearing`: exempt from the LBT (then no date and score).
    pub lbt_exemption: Option<String>,
    pub level_reading: Option<String>,
    pub level_listening: Option<String>,
    pub level_writing: Option<String>,
    pub level_speaking: Option<String>,
    pub vve_informed: Option<bool>,
    pub solo_interview_offered: Option<bool>,
}

pub fn exemption_code(e: LbtExemption) -> &'static str {
    match e {
        LbtExemption::VisualImpairment => "visual",
        LbtExemption::HearingImpairment => "hearing",
    }
}

pub fn parse_exemption(code: &str) -> Option<LbtExemption> {
    match code {
        "visual" => Some(LbtExemption::VisualImpairment),
        "hearing" => Some(LbtExemption::HearingImpairment),
        _ => None,
    }
}

/// The LBT as recorded on an intake row.
pub fn lbt_of(s: &Services, row: &IntakeRow) -> Option<Leerbaarheidstoets> {
    if let Some(e) = row.lbt_exemption.as_deref().and_then(parse_exemption) {
        return Some(Leerbaarheidstoets::exempt(e));
    }
    match (row.lbt_date, row.lbt_score) {
        (Some(d), Some(score)) => Leerbaarheidstoets::taken(&s.rules, d, score).ok(),
        _ => None,
    }
}

/// Saves what was discussed; every field is checked and nothing is saved when one is wrong.
pub fn save(s: &Services, actor: &Actor, person_id: &str, input: &IntakeInput) -> ServiceResult<()> {
    actor.require(Permission::WritePersons)?;
    let today = s.clock.today();
    let now = s.clock.naive();
    let mut e = Errors::default();
    let mut topics = Vec::new();
    for t in &input.topics {
        let field = format!("topics.{}", t.topic);
        let Some(topic) = IntakeTopic::parse(&t.topic) else {
            e.push(&field, "Onbekend onderwerp van de intake.");
            continue;
        };
        if topic.is_health() && !actor.can(Permission::ReadHealth) {
            e.push(&field, "Gezondheid wordt alleen door de klantmanager vastgelegd.");
            continue;
        }
        let Some(source) = AssessmentSource::parse(&t.source) else {
            e.push(&field, "Kies de bron: de persoon, COA, een toets of een document.");
            continue;
        };
        if let Some(a) = e.check(&field, TopicAssessment::new(topic, &t.assessment, &t.notes, source)) {
            topics.push(a);
        }
    }
    let exemption = match input.lbt_exemption.as_deref().map(str::trim).filter(|x| !x.is_empty()) {
        None => None,
        Some(code) => {
            let parsed = parse_exemption(code);
            if parsed.is_none() {
                e.push("lbtExemption", "Kies een vrijstelling wegens een visuele of een auditieve beperking.");
            }
            parsed
        }
    };
    let lbt_date = parse_date(&mut e, "lbtDate", &input.lbt_date, today);
    let lbt = match (exemption, lbt_date, input.lbt_score) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            e.push("lbtExemption", "Vul een toetsuitslag óf een vrijstelling in, niet allebei.");
            None
        }
        (Some(x), None, None) => Some(Leerbaarheidstoets::exempt(x)),
        (None, Some(d), Some(score)) => e.check("lbtScore", Leerbaarheidstoets::taken(&s.rules, d, score)),
        (None, Some(_), None) => {
            e.push("lbtScore", "Vul de score van de leerbaarheidstoets in.");
            None
        }
        (None, None, Some(_)) => {
            e.push("lbtDate", "Vul de datum van de leerbaarheidstoets in.");
            None
        }
        (None, None, None) => None,
    };
    for (field, v) in [
        ("levelReading", &input.level_reading),
        ("levelListening", &input.level_listening),
        ("levelWriting", &input.level_writing),
        ("levelSpeaking", &input.level_speaking),
    ] {
        if v.as_deref().is_some_and(|l| !l.is_empty() && language_level_label(l).is_none()) {
            e.push(field, "Kies een taalniveau (A0 tot en met C1) of 'niet getest'.");
        }
    }
    e.into_result()?;
    let detail = format!("Intake bijgewerkt ({} onderwerpen)", topics.len());
    transition(
        s,
        actor,
        person_id,
        Permission::WritePersons,
        "intake.save",
        |_, _, _| Ok(Step { command: Command::RecordIntake, detail }),
        |c, _, _, _| {
            let mut row = regie_store::cases::intake(c, person_id)?.unwrap_or(IntakeRow {
                person_id: person_id.to_string(),
                started_at: now,
                completed_at: None,
                lbt_date: None,
                lbt_score: None,
                lbt_exemption: None,
                level_reading: None,
                level_listening: None,
                level_writing: None,
                level_speaking: None,
                vve_informed: false,
                solo_interview_offered: false,
                updated_at: now,
            });
            match lbt {
                Some(Leerbaarheidstoets::Taken { date, score }) => {
                    row.lbt_date = Some(date);
                    row.lbt_score = Some(i32::from(score));
                    row.lbt_exemption = None;
                }
                Some(Leerbaarheidstoets::Exempt { ground }) => {
                    row.lbt_date = None;
                    row.lbt_score = None;
                    row.lbt_exemption = Some(exemption_code(ground).to_string());
                }
                None => {}
            }
            let keep = |new: &Option<String>, old: Option<String>| match new.as_deref() {
                None => old,
                Some("") => None,
                Some(v) => Some(v.to_string()),
            };
            row.level_reading = keep(&input.level_reading, row.level_reading.take());
            row.level_listening = keep(&input.level_listening, row.level_listening.take());
            row.level_writing = keep(&input.level_writing, row.level_writing.take());
            row.level_speaking = keep(&input.level_speaking, row.level_speaking.take());
            row.vve_informed = input.vve_informed.unwrap_or(row.vve_informed);
            row.solo_interview_offered = input.solo_interview_offered.unwrap_or(row.solo_interview_offered);
            row.updated_at = now;
            regie_store::cases::save_intake(c, &row)?;
            for a in &topics {
                regie_store::cases::save_topic(
                    c,
                    &TopicRow {
                        person_id: person_id.to_string(),
                        topic: a.topic.code().to_string(),
                        assessment: a.assessment.clone(),
                        notes: a.notes.clone(),
                        source: a.source.code().to_string(),
                        updated_by: actor.label.clone(),
                        updated_at: now,
                    },
                )?;
            }
            Ok(())
        },
    )
}

fn completeness(s: &Services, c: &mut Conn, person_id: &str) -> ServiceResult<Command> {
    let row = regie_store::cases::intake(c, person_id)?;
    let assessed: Vec<IntakeTopic> =
        regie_store::cases::topics(c, person_id)?.iter().filter_map(|t| IntakeTopic::parse(&t.topic)).collect();
    let lbt = row.as_ref().and_then(|r| lbt_of(s, r));
    Ok(Command::CompleteIntake { check: check_complete(&assessed, lbt.as_ref()) })
}

/// Closes the intake: refused, with what is missing, until every topic and the LBT are in.
pub fn complete(s: &Services, actor: &Actor, person_id: &str) -> ServiceResult<()> {
    let now = s.clock.naive();
    transition(
        s,
        actor,
        person_id,
        Permission::WritePersons,
        "intake.complete",
        |c, _, _| Ok(Step { command: completeness(s, c, person_id)?, detail: "Brede intake afgerond".into() }),
        |c, _, _, _| {
            let mut row = regie_store::cases::intake(c, person_id)?.ok_or(ServiceError::NotFound)?;
            row.completed_at = Some(now);
            regie_store::cases::save_intake(c, &row)?;
            Ok(())
        },
    )
}
