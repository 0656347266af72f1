//! A provider's hour file (urenopgave, CSV or XLSX) uploaded by a case worker, with an optional
//! dry run. The import is all-or-nothing; a refused file is answered with every bad row (line,
//! column, reason). The report of an accepted file is shown after a redirect, from counts in the
//! address only (no personal data in a URL).

use super::koppeling::{file_errors, BadRow};
use super::Step;
use crate::extract::{CsrfMultipart, User};
use crate::view::{render_status, Chrome};
use crate::{blocking, AppError, AppState};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use regie_service::cases::progress::import;
use regie_service::Permission;

const TITLE: &str = "Urenopgaven inlezen";
const PATH: &str = "/urenopgaven/import";

#[derive(Template)]
#[template(path = "hour_import.html")]
struct ImportPage {
    chrome: Chrome,
    report: Option<Report>,
    file_error: String,
    bad_rows: Vec<BadRow>,
    dry_run: bool,
}

pub struct Report {
    pub rows: usize,
    pub created: usize,
    pub persons: usize,
    pub already_present: usize,
    pub dry_run: bool,
}

#[derive(serde::Deserialize)]
pub struct ReportQuery {
    regels: Option<usize>,
    nieuw: Option<usize>,
    personen: Option<usize>,
    bestaand: Option<usize>,
    proef: Option<String>,
}

fn page(user: &User, dry_run: bool) -> ImportPage {
    ImportPage {
        chrome: Chrome::for_user(TITLE, &user.actor, &user.csrf, PATH),
        report: None,
        file_error: String::new(),
        bad_rows: vec![],
        dry_run,
    }
}

/// `GET /urenopgaven/import`: the upload form, and the report of the last import.
pub async fn import_form(user: User, Query(q): Query<ReportQuery>) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let mut shown = page(&user, false);
    if let (Some(rows), Some(created), Some(persons), Some(already_present)) =
        (q.regels, q.nieuw, q.personen, q.bestaand)
    {
        shown.report = Some(Report { rows, created, persons, already_present, dry_run: q.proef.is_some() });
    }
    render_status(StatusCode::OK, &shown)
}

/// `POST /urenopgaven/import`: a multipart upload of one file, all rows or none.
pub async fn import(State(state): State<AppState>, user: User, form: CsrfMultipart) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let dry_run = form.fields.iter().any(|(k, _)| k == "alleenControleren");
    let bytes = form.file("bestand").to_vec();
    let (services, actor) = (state.services.clone(), user.actor.clone());
    let result = blocking(move || Ok(import::import_hour_file(&services, &actor, &bytes, dry_run))).await?;
    let mut shown = page(&user, dry_run);
    match Step::of(result, &form.fields)? {
        Step::Done(r) => super::see_other(&format!(
            "{PATH}?regels={}&nieuw={}&personen={}&bestaand={}{}",
            r.rows,
            r.created,
            r.persons,
            r.already_present,
            if r.dry_run { "&proef=1" } else { "" }
        )),
        Step::Invalid(f) => {
            (shown.file_error, shown.bad_rows) = file_errors(f.errors);
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &shown)
        }
        Step::Refused(message) => {
            shown.file_error = message;
            render_status(StatusCode::CONFLICT, &shown)
        }
    }
}
