//! The brede intake on screen: one form with the region's 13 topics, the leerbaarheidstoets,
//! the language levels and the two things to tell or offer. A conversation saves what it
//! covered; a topic left on "nog niet besproken" is not sent and keeps what was saved before.
//! Health topics are in the form only for roles that may see them.

use super::{field, opt, ticked, Step};
use crate::extract::{CsrfForm, User};
use crate::view::{date_nl, render_status, Chrome, FormState};
use crate::{blocking, AppError, AppState};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use regie_domain::inburgering::intake::{language_level_label, LANGUAGE_LEVELS};
use regie_domain::inburgering::{AssessmentSource, IntakeTopic, Stage};
use regie_service::cases::dossier::{self, Dossier};
use regie_service::cases::intake::{self, IntakeInput, TopicInput};
use regie_service::{FieldError, Permission};
use std::collections::HashMap;

pub struct TopicField {
    pub code: &'static str,
    pub label: &'static str,
    pub options: Vec<(&'static str, &'static str)>,
    pub assessment: String,
    pub source: String,
    pub notes: String,
    pub error: String,
}

pub struct LevelField {
    pub name: &'static str,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "intake.html")]
struct IntakePage {
    chrome: Chrome,
    id: String,
    name: String,
    stage: &'static str,
    editable: bool,
    saved: bool,
    status: String,
    refused: String,
    errors: Vec<(String, String)>,
    topics: Vec<TopicField>,
    health_hidden: bool,
    sources: Vec<(&'static str, &'static str)>,
    exemptions: Vec<(&'static str, &'static str)>,
    levels: Vec<(&'static str, &'static str)>,
    level_fields: Vec<LevelField>,
    form: FormState,
}

const LEVEL_FIELDS: [(&str, &str); 4] = [
    ("levelReading", "Lezen"),
    ("levelListening", "Luisteren"),
    ("levelWriting", "Schrijven"),
    ("levelSpeaking", "Spreken"),
];

/// The form as saved.
fn saved_values(d: &Dossier) -> FormState {
    let mut v: HashMap<String, String> = HashMap::new();
    for t in &d.topics {
        v.insert(format!("topics.{}", t.topic), t.assessment.clone());
        v.insert(format!("topics.{}.source", t.topic), t.source.clone());
        v.insert(format!("topics.{}.notes", t.topic), t.notes.clone());
    }
    if let Some(i) = &d.intake {
        v.insert("lbtDate".into(), i.lbt_date.as_ref().map(date_nl).unwrap_or_default());
        v.insert("lbtScore".into(), i.lbt_score.map(|s| s.to_string()).unwrap_or_default());
        v.insert("lbtExemption".into(), i.lbt_exemption.clone().unwrap_or_default());
        for (name, value) in [
            ("levelReading", &i.level_reading),
            ("levelListening", &i.level_listening),
            ("levelWriting", &i.level_writing),
            ("levelSpeaking", &i.level_speaking),
        ] {
            v.insert(name.into(), value.clone().unwrap_or_default());
        }
        if i.vve_informed {
            v.insert("vveInformed".into(), "on".into());
        }
        if i.solo_interview_offered {
            v.insert("soloInterviewOffered".into(), "on".into());
        }
    }
    FormState { values: v, errors: vec![] }
}

fn page(user: &User, d: Dossier, form: Option<FormState>, refused: String, saved: bool) -> IntakePage {
    let form = form.unwrap_or_else(|| saved_values(&d));
    let topics = IntakeTopic::ALL
        .iter()
        .filter(|t| !(d.health_hidden && t.is_health()))
        .map(|t| {
            let key = format!("topics.{}", t.code());
            TopicField {
                code: t.code(),
                label: t.label(),
                options: std::iter::once(("", "Nog niet besproken")).chain(t.options().iter().copied()).collect(),
                assessment: form.val(&key).to_string(),
                source: form.val(&format!("{key}.source")).to_string(),
                notes: form.val(&format!("{key}.notes")).to_string(),
                error: form.err(&key).to_string(),
            }
        })
        .collect();
    let status = match &d.intake {
        None => "De intake is nog niet begonnen.".to_string(),
        Some(i) => match i.completed_at {
            Some(done) => format!("De intake is afgerond op {}.", date_nl(&done.date())),
            None => format!("De intake is begonnen op {} en nog niet afgerond.", date_nl(&i.started_at.date())),
        },
    };
    let errors = form.errors.iter().map(|e: &FieldError| (format!("veld-{}", e.field), e.message.clone())).collect();
    IntakePage {
        chrome: Chrome::for_user(
            &format!("Brede intake – {}", d.person.display_name()),
            &user.actor,
            &user.csrf,
            "/personen",
        ),
        id: d.person.id.clone(),
        name: d.person.display_name(),
        stage: d.stage.label(),
        editable: matches!(d.stage, Stage::Aangemeld | Stage::Intake),
        saved,
        status,
        refused,
        errors,
        topics,
        health_hidden: d.health_hidden,
        sources: std::iter::once(("", "Kies de bron"))
            .chain(AssessmentSource::ALL.iter().map(|s| (s.code(), s.label())))
            .collect(),
        exemptions: vec![
            ("", "Geen vrijstelling"),
            ("visual", "Vrijgesteld: visuele beperking"),
            ("hearing", "Vrijgesteld: auditieve beperking"),
        ],
        levels: std::iter::once(("", "Nog niet vastgelegd"))
            .chain(LANGUAGE_LEVELS.iter().map(|l| (*l, language_level_label(l).unwrap_or(""))))
            .collect(),
        level_fields: LEVEL_FIELDS.iter().map(|(name, label)| LevelField { name, label }).collect(),
        form,
    }
}

async fn load(state: &AppState, user: &User, id: String) -> Result<Dossier, AppError> {
    let (services, actor) = (state.services.clone(), user.actor.clone());
    blocking(move || Ok(dossier::get(&services, &actor, &id)?)).await
}

#[derive(serde::Deserialize)]
pub struct ShowQuery {
    opgeslagen: Option<String>,
}

/// `GET /personen/{id}/intake`
pub async fn show(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, AppError> {
    let d = load(&state, &user, id).await?;
    render_status(StatusCode::OK, &page(&user, d, None, String::new(), q.opgeslagen.is_some()))
}

/// The intake input of a submitted form; a score that is not a whole number is a mistake of
/// its own (the service never sees it).
fn input(pairs: &[(String, String)]) -> Result<IntakeInput, FieldError> {
    let topics = IntakeTopic::ALL
        .iter()
        .filter_map(|t| {
            let key = format!("topics.{}", t.code());
            let assessment = field(pairs, &key).trim();
            (!assessment.is_empty()).then(|| TopicInput {
                topic: t.code().to_string(),
                assessment: assessment.to_string(),
                notes: field(pairs, &format!("{key}.notes")).to_string(),
                source: field(pairs, &format!("{key}.source")).to_string(),
            })
        })
        .collect();
    let lbt_score = match opt(pairs, "lbtScore") {
        None => None,
        Some(s) => Some(s.trim().parse::<i32>().map_err(|_| FieldError {
            field: "lbtScore".into(),
            message: "Vul de score in als een geheel getal van 0 tot en met 40.".into(),
        })?),
    };
    let sent = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_string());
    // Checkboxes send nothing when unticked: only this form says "unticked" by being sent.
    let whole_form = ticked(pairs, "intakeForm");
    Ok(IntakeInput {
        topics,
        lbt_date: opt(pairs, "lbtDate"),
        lbt_score,
        lbt_exemption: opt(pairs, "lbtExemption"),
        level_reading: sent("levelReading"),
        level_listening: sent("levelListening"),
        level_writing: sent("levelWriting"),
        level_speaking: sent("levelSpeaking"),
        vve_informed: whole_form.then(|| ticked(pairs, "vveInformed")),
        solo_interview_offered: whole_form.then(|| ticked(pairs, "soloInterviewOffered")),
    })
}

/// `POST /personen/{id}/intake`: saves what this conversation covered.
pub async fn save(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let result = match input(&pairs) {
        Ok(input) => {
            let (services, actor, person) = (state.services.clone(), user.actor.clone(), id.clone());
            blocking(move || Ok(intake::save(&services, &actor, &person, &input))).await?
        }
        Err(mistake) => Err(regie_service::ServiceError::Invalid(vec![mistake])),
    };
    match Step::of(result, &pairs)? {
        Step::Done(()) => super::see_other(&format!("/personen/{id}/intake?opgeslagen=1")),
        Step::Invalid(form) => {
            let d = load(&state, &user, id).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&user, d, Some(form), String::new(), false))
        }
        Step::Refused(message) => {
            let d = load(&state, &user, id).await?;
            render_status(StatusCode::CONFLICT, &page(&user, d, None, message, false))
        }
    }
}

/// `POST /personen/{id}/intake/afronden`: refused, with what is missing, until complete.
pub async fn complete(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let (services, actor, person) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(intake::complete(&services, &actor, &person))).await?;
    match Step::of(result, &pairs)? {
        Step::Done(()) => super::see_other(&format!("/personen/{id}")),
        Step::Invalid(form) => {
            let d = load(&state, &user, id).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&user, d, Some(form), String::new(), false))
        }
        Step::Refused(message) => {
            let d = load(&state, &user, id).await?;
            render_status(StatusCode::CONFLICT, &page(&user, d, None, message, false))
        }
    }
}
