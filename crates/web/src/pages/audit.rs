//! The auditor's screen: search the audit log by person, user and period; export as CSV.

use crate::extract::User;
use crate::view::{render_status, Chrome, FormState};
use crate::{blocking, AppError, AppState};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use regie_service::audit::AuditFilter;
use regie_service::{FieldError, Permission};
use std::collections::HashMap;

/// One audit record as the table shows it.
pub struct AuditLine {
    seq: i64,
    at: String,
    actor: String,
    role: String,
    action: String,
    purpose: String,
    subjects: String,
    outcome: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    form: FormState,
    filter_fields: Vec<(&'static str, &'static str)>,
    rows: Vec<AuditLine>,
    query: String,
    page: i64,
    prev_page: i64,
    next_page: i64,
}

/// Turns the query into a filter, or field errors in Dutch.
fn filter(q: &HashMap<String, String>) -> Result<AuditFilter, Vec<FieldError>> {
    let mut errors = Vec::new();
    let day = |name: &str, errors: &mut Vec<FieldError>| -> Option<i64> {
        let v = q.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())?;
        match NaiveDate::parse_from_str(v, "%d-%m-%Y").or_else(|_| NaiveDate::parse_from_str(v, "%Y-%m-%d")) {
            Ok(d) => Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp_micros()),
            Err(_) => {
                errors.push(FieldError::new(name, "Vul een datum in als dd-mm-jjjj."));
                None
            }
        }
    };
    let from = day("van", &mut errors);
    // "tot" includes that whole day.
    let to = day("tot", &mut errors).map(|t| t + 86_400_000_000);
    let text = |name: &str| q.get(name).map(|s| s.trim().to_string()).filter(|s| !s.is_empty() && s.len() <= 100);
    if errors.is_empty() {
        Ok(AuditFilter {
            person_id: text("persoon"),
            actor: text("gebruiker"),
            from_micros: from,
            to_micros: to,
            before_seq: None,
        })
    } else {
        Err(errors)
    }
}

fn query_string(q: &HashMap<String, String>) -> String {
    let keep: Vec<(&str, &str)> =
        ["persoon", "gebruiker", "van", "tot"].iter().filter_map(|k| q.get(*k).map(|v| (*k, v.as_str()))).collect();
    serde_urlencoded::to_string(keep).unwrap_or_default()
}

pub async fn search(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::ReadAudit)?;
    let page: i64 = q.get("pagina").and_then(|p| p.parse().ok()).filter(|p| *p >= 1 && *p <= 100_000).unwrap_or(1);
    let values: HashMap<String, String> =
        q.iter().filter(|(k, _)| *k != "pagina").map(|(k, v)| (k.clone(), v.clone())).collect();
    let mut view = AuditPage {
        chrome: Chrome::for_user("Auditlog", &user.actor, &user.csrf, "/audit"),
        form: FormState::default(),
        filter_fields: vec![
            ("persoon", "Persoon (id)"),
            ("gebruiker", "Gebruiker"),
            ("van", "Van"),
            ("tot", "Tot en met"),
        ],
        rows: vec![],
        query: query_string(&q),
        page,
        prev_page: if page > 1 { page - 1 } else { 0 },
        next_page: 0,
    };
    match filter(&q) {
        Err(errors) => {
            view.form = FormState::with_errors(values, errors);
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &view)
        }
        Ok(f) => {
            view.form = FormState::with_errors(values, vec![]);
            let (s, a) = (state.services.clone(), user.actor.clone());
            let result = blocking(move || Ok(regie_service::audit::search(&s, &a, &f, page, 50)?)).await?;
            view.next_page = if result.has_next { page + 1 } else { 0 };
            view.rows = result
                .items
                .into_iter()
                .map(|r| {
                    let n = r.subjects.split(',').filter(|s| !s.is_empty()).count();
                    let subjects = match n {
                        0 => "—".to_string(),
                        1 => r.subjects.clone(),
                        n => format!("{n} personen"),
                    };
                    AuditLine {
                        seq: r.seq,
                        at: regie_service::audit::format_micros(r.at_micros)
                            .replace('T', " ")
                            .chars()
                            .take(19)
                            .collect(),
                        actor: r.actor,
                        role: r.role,
                        action: r.action,
                        purpose: r.purpose,
                        subjects,
                        outcome: r.outcome,
                    }
                })
                .collect();
            render_status(StatusCode::OK, &view)
        }
    }
}

pub async fn export(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::ReadAudit)?;
    let f = filter(&q).map_err(|e| AppError::Service(regie_service::ServiceError::Invalid(e)))?;
    let (s, a) = (state.services.clone(), user.actor.clone());
    let bytes = blocking(move || Ok(regie_service::audit::export_csv(&s, &a, &f)?)).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"auditlog.csv\""),
        ],
        bytes,
    )
        .into_response())
}
