//! View models and templates. Everything that turns data into HTML lives here and in
//! `templates/`; handlers build a view model and call [`render`].

use crate::AppError;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use regie_service::{Actor, FieldError, Permission};
use std::collections::HashMap;

/// One navigation entry.
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// The frame around every page: title, signed-in user, navigation, the logout form's token.
pub struct Chrome {
    pub title: String,
    pub user_name: String,
    pub organisation: String,
    pub roles: String,
    pub signed_in: bool,
    pub nav: Vec<NavItem>,
    pub csrf: String,
}

impl Chrome {
    pub fn anonymous(title: &str) -> Chrome {
        Chrome {
            title: title.into(),
            user_name: String::new(),
            organisation: String::new(),
            roles: String::new(),
            signed_in: false,
            nav: vec![],
            csrf: String::new(),
        }
    }

    pub fn for_user(title: &str, actor: &Actor, csrf: &str, current: &str) -> Chrome {
        let mut nav = vec![NavItem { href: "/", label: "Start", current: current == "/" }];
        let mut add = |href: &'static str, label: &'static str| {
            nav.push(NavItem { href, label, current: current.starts_with(href) });
        };
        if actor.can(Permission::ReadPersons) {
            add("/werkvoorraad", "Werkvoorraad");
            add("/personen", "Personen");
        }
        if actor.can(Permission::WritePersons) {
            add("/koppelingen/nieuw", "Koppelingen");
            add("/urenopgaven/import", "Urenopgaven");
        }
        if actor.can(Permission::ManageOntzorging) {
            add("/ontzorging", "Ontzorgen");
        }
        if actor.can(Permission::PaymentRuns) {
            add("/betaalruns", "Betaalruns");
        }
        if actor.can(Permission::Administer) {
            add("/beheer", "Beheer");
        }
        if actor.can(Permission::ReadAudit) {
            add("/audit", "Auditlog");
        }
        Chrome {
            title: title.into(),
            user_name: actor.display_name.clone(),
            organisation: actor.organisation_name.clone(),
            roles: actor.role_list().iter().map(|r| r.label()).collect::<Vec<_>>().join(", "),
            signed_in: true,
            nav,
            csrf: csrf.into(),
        }
    }
}

/// Submitted values and their errors, to show a form again after a mistake.
#[derive(Default)]
pub struct FormState {
    pub values: HashMap<String, String>,
    pub errors: Vec<FieldError>,
}

impl FormState {
    pub fn with_errors(values: HashMap<String, String>, errors: Vec<FieldError>) -> FormState {
        FormState { values, errors }
    }
    pub fn val(&self, name: &str) -> &str {
        self.values.get(name).map(String::as_str).unwrap_or("")
    }
    pub fn err(&self, name: &str) -> &str {
        self.errors.iter().find(|e| e.field == name).map(|e| e.message.as_str()).unwrap_or("")
    }
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
    /// `aria-describedby` target and invalid marker for a field with an error.
    pub fn invalid(&self, name: &str) -> bool {
        !self.err(name).is_empty()
    }
}

pub fn render<T: Template>(t: &T) -> Result<Html<String>, AppError> {
    t.render().map(Html).map_err(|e| AppError::Internal(format!("template: {e}")))
}

pub fn render_status<T: Template>(status: StatusCode, t: &T) -> Result<Response, AppError> {
    Ok((status, render(t)?).into_response())
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    pub chrome: Chrome,
    pub status: u16,
    pub detail: &'a str,
    pub fields: &'a [FieldError],
}

pub fn error_page(status: StatusCode, title: &str, detail: &str, fields: &[FieldError]) -> Html<String> {
    let page = ErrorPage { chrome: Chrome::anonymous(title), status: status.as_u16(), detail, fields };
    Html(
        page.render().unwrap_or_else(|_| {
            format!("<!DOCTYPE html><html lang=\"nl\"><title>{title}</title><p>{title}</p></html>")
        }),
    )
}

/// `dd-mm-jjjj`
pub fn date_nl(d: &chrono::NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

pub fn opt_date_nl(d: &Option<chrono::NaiveDate>) -> String {
    d.as_ref().map(date_nl).unwrap_or_else(|| "—".into())
}

/// A deadline on the dossier: its date, or "nog onbekend" while the facts that start it are missing.
pub fn deadline_nl(d: &Option<chrono::NaiveDate>) -> String {
    d.as_ref().map(date_nl).unwrap_or_else(|| "nog onbekend".into())
}

/// `dd-mm-jjjj uu:mm`
pub fn datetime_nl(d: &chrono::NaiveDateTime) -> String {
    d.format("%d-%m-%Y %H:%M").to_string()
}
