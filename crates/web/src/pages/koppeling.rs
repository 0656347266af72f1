//! New cases in from COA: one koppeling by form, or a koppeling file (CSV or XLSX) uploaded
//! with an optional dry run. The import is all-or-nothing; a refused file is answered with
//! every bad row (line, column, reason). The report of an accepted file is shown after a
//! redirect, from counts in the address only (no personal data in a URL).

use super::{field, Step};
use crate::extract::{CsrfForm, CsrfMultipart, User};
use crate::view::{render_status, Chrome, FormState};
use crate::{blocking, AppError, AppState};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use regie_domain::inburgering::koppeling::{KoppelingFields, KoppelingProfileFields};
use regie_domain::inburgering::Gender;
use regie_service::cases::koppeling;
use regie_service::Permission;

pub struct Spec {
    pub name: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
}

const REQUIRED: &[Spec] = &[
    Spec { name: "vnummer", label: "V-nummer", hint: "10 cijfers." },
    Spec { name: "achternaam", label: "Achternaam", hint: "" },
    Spec { name: "voornamen", label: "Voornamen", hint: "Leeg als de persoon één naam heeft." },
    Spec { name: "geboortedatum", label: "Geboortedatum", hint: "dd-mm-jjjj; onbekende dag of maand als 00." },
    Spec { name: "geslacht", label: "Geslacht", hint: "" },
    Spec { name: "nationaliteit", label: "Nationaliteit", hint: "" },
    Spec { name: "taal", label: "Taal", hint: "De taal waarin de persoon het best communiceert." },
    Spec { name: "gemeentecode", label: "Gemeente", hint: "" },
    Spec { name: "koppelingsdatum", label: "Koppelingsdatum", hint: "dd-mm-jjjj." },
    Spec { name: "huishoudnummer", label: "Huishoudnummer", hint: "Het nummer dat COA het huishouden gaf." },
];

const PROFILE: &[Spec] = &[
    Spec { name: "bsn", label: "BSN", hint: "9 cijfers, als de persoon al in de BRP staat." },
    Spec { name: "geboorteland", label: "Geboorteland", hint: "" },
    Spec { name: "azc", label: "AZC", hint: "" },
    Spec { name: "telefoon", label: "Telefoon", hint: "" },
    Spec { name: "email", label: "E-mailadres", hint: "" },
    Spec { name: "opleiding", label: "Opleiding", hint: "" },
    Spec { name: "werkervaring", label: "Werkervaring", hint: "" },
    Spec { name: "talen_overig", label: "Andere talen", hint: "" },
    Spec { name: "beperkingen", label: "Zichtbare lichamelijke beperkingen", hint: "" },
];

#[derive(Template)]
#[template(path = "koppeling_new.html")]
struct NewPage {
    chrome: Chrome,
    form: FormState,
    errors: Vec<(String, String)>,
    required: &'static [Spec],
    profile: &'static [Spec],
    genders: Vec<(&'static str, &'static str)>,
    municipalities: Vec<(String, String)>,
}

async fn new_page(state: &AppState, user: &User, form: FormState, status: StatusCode) -> Result<Response, AppError> {
    let names = super::persons::municipality_names(state).await?;
    let mut municipalities: Vec<(String, String)> = user
        .actor
        .scope(Permission::WritePersons)
        .into_iter()
        .map(|c| {
            let name = names.get(&c).cloned().unwrap_or_else(|| c.clone());
            (c, name)
        })
        .collect();
    municipalities.sort_by(|a, b| a.1.cmp(&b.1));
    let errors = form.errors.iter().map(|e| (format!("veld-{}", e.field), e.message.clone())).collect();
    render_status(
        status,
        &NewPage {
            chrome: Chrome::for_user("Koppeling vastleggen", &user.actor, &user.csrf, "/koppelingen/nieuw"),
            form,
            errors,
            required: REQUIRED,
            profile: PROFILE,
            genders: std::iter::once(("", "Kies"))
                .chain(Gender::ALL.iter().map(|g| (g.code(), g.label_nl())))
                .collect(),
            municipalities,
        },
    )
}

/// `GET /koppelingen/nieuw`
pub async fn new_form(State(state): State<AppState>, user: User) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    new_page(&state, &user, FormState::default(), StatusCode::OK).await
}

/// `POST /koppelingen/nieuw`: registers one koppeling; on to the new dossier.
pub async fn create(
    State(state): State<AppState>,
    user: User,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let v = |name: &str| field(&pairs, name).trim().to_string();
    let fields = KoppelingFields {
        line: 1,
        vnummer: v("vnummer"),
        achternaam: v("achternaam"),
        voornamen: v("voornamen"),
        geboortedatum: v("geboortedatum"),
        geslacht: v("geslacht"),
        nationaliteit: v("nationaliteit"),
        taal: v("taal"),
        gemeentecode: v("gemeentecode"),
        koppelingsdatum: v("koppelingsdatum"),
        huishoudnummer: v("huishoudnummer"),
        profile: KoppelingProfileFields {
            opleiding: v("opleiding"),
            werkervaring: v("werkervaring"),
            talen_overig: v("talen_overig"),
            beperkingen: v("beperkingen"),
            bsn: v("bsn"),
            geboorteland: v("geboorteland"),
            telefoon: v("telefoon"),
            email: v("email"),
            azc: v("azc"),
        },
    };
    let (services, actor) = (state.services.clone(), user.actor.clone());
    let result = blocking(move || Ok(koppeling::register(&services, &actor, &fields))).await?;
    match Step::of(result, &pairs)? {
        Step::Done(id) => super::see_other(&format!("/personen/{id}")),
        Step::Invalid(form) => new_page(&state, &user, form, StatusCode::UNPROCESSABLE_ENTITY).await,
        Step::Refused(message) => {
            let form = FormState::with_errors(
                super::values(&pairs),
                vec![regie_service::FieldError { field: "vnummer".into(), message }],
            );
            new_page(&state, &user, form, StatusCode::CONFLICT).await
        }
    }
}

/// One row of an import file that was refused, as listed under the error summary.
pub struct BadRow {
    pub line: String,
    pub column: String,
    pub reason: String,
}

/// Splits an import's errors into the file's own error (field "bestand": the file cannot be
/// read) and the bad rows (fields named "regel N (kolom)"), for `_import_errors.html`.
pub(super) fn file_errors(errors: Vec<regie_service::FieldError>) -> (String, Vec<BadRow>) {
    let mut file_error = String::new();
    let mut bad_rows = vec![];
    for e in errors {
        match e.field.strip_prefix("regel ").and_then(|rest| rest.split_once(" (")) {
            Some((line, column)) => bad_rows.push(BadRow {
                line: line.to_string(),
                column: column.trim_end_matches(')').to_string(),
                reason: e.message,
            }),
            None => file_error = e.message,
        }
    }
    (file_error, bad_rows)
}

#[derive(Template)]
#[template(path = "koppeling_import.html")]
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
    pub already_present: usize,
    pub dry_run: bool,
}

#[derive(serde::Deserialize)]
pub struct ReportQuery {
    regels: Option<usize>,
    nieuw: Option<usize>,
    bestaand: Option<usize>,
    proef: Option<String>,
}

/// `GET /koppelingen/import`: the upload form, and the report of the last import.
pub async fn import_form(user: User, Query(q): Query<ReportQuery>) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let report = match (q.regels, q.nieuw, q.bestaand) {
        (Some(rows), Some(created), Some(already_present)) => {
            Some(Report { rows, created, already_present, dry_run: q.proef.is_some() })
        }
        _ => None,
    };
    let page = ImportPage {
        chrome: Chrome::for_user("Koppelingen inlezen", &user.actor, &user.csrf, "/koppelingen/nieuw"),
        report,
        file_error: String::new(),
        bad_rows: vec![],
        dry_run: false,
    };
    render_status(StatusCode::OK, &page)
}

/// `POST /koppelingen/import`: a multipart upload of one file, all rows or none.
pub async fn import(State(state): State<AppState>, user: User, form: CsrfMultipart) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let dry_run = form.fields.iter().any(|(k, _)| k == "alleenControleren");
    let bytes = form.file("bestand").to_vec();
    let (services, actor) = (state.services.clone(), user.actor.clone());
    let result = blocking(move || Ok(koppeling::import_file(&services, &actor, &bytes, dry_run))).await?;
    let mut page = ImportPage {
        chrome: Chrome::for_user("Koppelingen inlezen", &user.actor, &user.csrf, "/koppelingen/nieuw"),
        report: None,
        file_error: String::new(),
        bad_rows: vec![],
        dry_run,
    };
    match Step::of(result, &form.fields)? {
        Step::Done(r) => super::see_other(&format!(
            "/koppelingen/import?regels={}&nieuw={}&bestaand={}{}",
            r.rows,
            r.created,
            r.already_present,
            if r.dry_run { "&proef=1" } else { "" }
        )),
        Step::Invalid(f) => {
            (page.file_error, page.bad_rows) = file_errors(f.errors);
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Step::Refused(message) => {
            page.file_error = message;
            render_status(StatusCode::CONFLICT, &page)
        }
    }
}
