//! Worklists: a case worker's own open cases and a team lead's team, most urgent deadline
//! first. The signal is written out ("Te laat", "Binnenkort"), never shown by colour alone.

use crate::extract::User;
use crate::view::{opt_date_nl, render, Chrome};
use crate::{blocking, AppError, AppState};
use askama::Template;
use axum::extract::{Query, State};
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
    total: i64,
    page: i64,
    pages: i64,
    prev_page: i64,
    next_page: i64,
    /// The page's own address, for the pagination links.
    path: &'static str,
}

#[derive(serde::Deserialize)]
pub struct WorklistQuery {
    pagina: Option<String>,
}

async fn show(state: AppState, user: User, team: bool, q: WorklistQuery) -> Result<Html<String>, AppError> {
    // A malformed page number shows the first page rather than an error: it can only come
    // from an edited address.
    let page: i64 = q.pagina.as_deref().and_then(|p| p.parse().ok()).filter(|p| (1..=100_000).contains(p)).unwrap_or(1);
    let names = super::persons::municipality_names(&state).await?;
    let (services, actor) = (state.services.clone(), user.actor.clone());
    let list =
        blocking(move || Ok(worklist::get(&services, &actor, team, page, worklist::WORKLIST_PAGE_SIZE)?)).await?;
    let (total, pages, has_next) = (list.total, list.pages(), list.has_next());
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
                case_worker: i.case_worker.unwrap_or_else(|| "Nog niet toegewezen".into()),
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
        total,
        page,
        pages,
        prev_page: if page > 1 { page - 1 } else { 0 },
        next_page: if has_next { page + 1 } else { 0 },
        path: current,
    })
}

/// `GET /werkvoorraad`: the signed-in user's own open cases.
pub async fn own(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<WorklistQuery>,
) -> Result<Html<String>, AppError> {
    show(state, user, false, q).await
}

/// `GET /werkvoorraad/team`: the open cases of the team lead's team.
pub async fn team(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<WorklistQuery>,
) -> Result<Html<String>, AppError> {
    show(state, user, true, q).await
}
