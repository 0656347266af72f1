//! Worklists: a case worker's own open cases and a team lead's team, most urgent deadline
//! first. The signal is written out ("Te laat", "Binnenkort"), never shown by colour alone.

use crate::extract::User;
use crate::view::{opt_date_nl, render, Chrome};
use crate::{blocking, AppError, AppState};
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use regie_domain::inburgering::Signal;
use regie_service::cases::worklist;

pub struct Row {
    pub person_id: String,
    pub name: String,
    pub municipality: String,
    pub case_worker: String,
    pub stage: &'static str,
    pub due: String,
    pub due_label: &'static str,
    pub signal: &'static str,
    /// CSS modifier of the signal tag: `te-laat`, `binnenkort` or empty.
    pub signal_class: &'static str,
}

#[derive(Template)]
#[template(path = "worklist.html")]
struct WorklistPage {
    chrome: Chrome,
    team: bool,
    is_lead: bool,
    heading: String,
    rows: Vec<Row>,
    overdue: i64,
    due_soon: i64,
    limit: i64,
}

async fn show(state: AppState, user: User, team: bool) -> Result<Html<String>, AppError> {
    let names = super::persons::municipality_names(&state).await?;
    let (services, actor) = (state.services.clone(), user.actor.clone());
    let list = blocking(move || Ok(worklist::get(&services, &actor, team)?)).await?;
    let rows = list
        .items
        .into_iter()
        .map(|i| {
            let (signal, signal_class) = match i.signal {
                Some(Signal::Overdue) => (Signal::Overdue.label(), "te-laat"),
                Some(Signal::DueSoon) => (Signal::DueSoon.label(), "binnenkort"),
                _ => ("", ""),
            };
            Row {
                municipality: names.get(&i.municipality_code).cloned().unwrap_or(i.municipality_code),
                case_worker: i.case_worker.unwrap_or_else(|| "—".into()),
                stage: i.stage,
                due: opt_date_nl(&i.due),
                due_label: i.due_label,
                signal,
                signal_class,
                name: i.name,
                person_id: i.person_id,
            }
        })
        .collect();
    let heading = if team {
        match list.team {
            Some(name) => format!("Werkvoorraad van {name}"),
            None => "Werkvoorraad van het team".into(),
        }
    } else {
        "Mijn werkvoorraad".into()
    };
    let current = if team { "/werkvoorraad/team" } else { "/werkvoorraad" };
    render(&WorklistPage {
        chrome: Chrome::for_user(&heading, &user.actor, &user.csrf, current),
        team,
        is_lead: user.actor.has_role(regie_domain::Role::Teamleider),
        heading,
        rows,
        overdue: list.overdue,
        due_soon: list.due_soon,
        limit: worklist::WORKLIST_LIMIT,
    })
}

/// `GET /werkvoorraad`: the signed-in user's own open cases.
pub async fn own(State(state): State<AppState>, user: User) -> Result<Html<String>, AppError> {
    show(state, user, false).await
}

/// `GET /werkvoorraad/team`: the open cases of the team lead's team.
pub async fn team(State(state): State<AppState>, user: User) -> Result<Html<String>, AppError> {
    show(state, user, true).await
}
