//! Person screens: list and search, registration. The person's page is the dossier
//! (`dossier.rs`).

use super::field;
use crate::extract::{CsrfForm, User};
use crate::view::{render, render_status, Chrome, FormState};
use crate::{blocking, AppError, AppState};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use regie_domain::TargetGroup;
use regie_service::persons::{self, NewPerson, Person};
use regie_service::ServiceError;
use std::collections::HashMap;

pub struct Row {
    id: String,
    name: String,
    birth: String,
    nationality: String,
    group: &'static str,
    municipality: String,
}

#[derive(Template)]
#[template(path = "persons_list.html")]
struct ListPage {
    chrome: Chrome,
    q: String,
    search_error: String,
    rows: Vec<Row>,
    caption: String,
    page: i64,
    prev_page: i64,
    next_page: i64,
}

#[derive(serde::Deserialize)]
pub struct ListQuery {
    pagina: Option<String>,
}

pub(crate) async fn municipality_names(state: &AppState) -> Result<HashMap<String, String>, AppError> {
    let services = state.services.clone();
    let all = blocking(move || Ok(regie_service::admin::municipalities(&services)?)).await?;
    Ok(all.into_iter().map(|m| (m.code, m.name)).collect())
}

fn row(p: Person, names: &HashMap<String, String>) -> Row {
    Row {
        name: p.display_name(),
        birth: p.birth_date.to_string(),
        group: p.target_group.label(),
        municipality: names.get(&p.municipality_code).cloned().unwrap_or_else(|| p.municipality_code.clone()),
        nationality: p.nationality,
        id: p.id,
    }
}

fn empty_list(user: &User, page: i64) -> ListPage {
    ListPage {
        chrome: Chrome::for_user("Personen", &user.actor, &user.csrf, "/personen"),
        q: String::new(),
        search_error: String::new(),
        rows: vec![],
        caption: String::new(),
        page,
        prev_page: 0,
        next_page: 0,
    }
}

/// The persons of the user's municipalities, a page at a time.
pub async fn list(State(state): State<AppState>, user: User, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    let names = municipality_names(&state).await?;
    let page: i64 = q.pagina.as_deref().and_then(|p| p.parse().ok()).filter(|p| *p >= 1 && *p <= 100_000).unwrap_or(1);
    let services = state.services.clone();
    let actor = user.actor.clone();
    let result = blocking(move || Ok(persons::list(&services, &actor, page, 50)?)).await?;
    let mut view = empty_list(&user, page);
    view.caption = format!("Personen in uw gemeenten, pagina {page}");
    view.prev_page = if page > 1 { page - 1 } else { 0 };
    view.next_page = if result.has_next { page + 1 } else { 0 };
    view.rows = result.items.into_iter().map(|p| row(p, &names)).collect();
    Ok(render(&view)?.into_response())
}

#[derive(serde::Deserialize)]
pub struct SearchInput {
    #[serde(default)]
    q: String,
}

/// Search by name, BSN or V-nummer. A form post, so that what is searched for (personal
/// data) never appears in a URL, a browser history or an access log.
pub async fn search(
    State(state): State<AppState>,
    user: User,
    CsrfForm(input): CsrfForm<SearchInput>,
) -> Result<Response, AppError> {
    let names = municipality_names(&state).await?;
    let services = state.services.clone();
    let actor = user.actor.clone();
    let query = input.q.clone();
    let result = blocking(move || Ok(persons::search(&services, &actor, &query))).await?;
    let mut view = empty_list(&user, 1);
    view.q = input.q;
    match result {
        Ok(found) => {
            view.caption = if found.len() >= persons::SEARCH_LIMIT {
                format!(
                    "{} gevonden, in naamvolgorde; er kunnen er meer zijn. Voeg een tweede naam toe of zoek op BSN of V-nummer.",
                    found.len()
                )
            } else {
                format!("{} gevonden", found.len())
            };
            view.rows = found.into_iter().map(|p| row(p, &names)).collect();
            Ok(render(&view)?.into_response())
        }
        Err(ServiceError::Invalid(fields)) => {
            view.search_error = fields.first().map(|f| f.message.clone()).unwrap_or_default();
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &view)
        }
        Err(e) => Err(e.into()),
    }
}

pub struct FieldSpec {
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    required: bool,
}

const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "familyName",
        label: "Achternaam",
        hint: "Heeft de persoon maar één naam, vul die dan hier in.",
        required: true,
    },
    FieldSpec { name: "givenNames", label: "Voornamen", hint: "", required: false },
    FieldSpec {
        name: "birthDate",
        label: "Geboortedatum",
        hint: "Bijvoorbeeld 07-03-1991. Onbekende dag of maand: 00, bijvoorbeeld 00-07-1990.",
        required: true,
    },
    FieldSpec {
        name: "vNummer",
        label: "V-nummer",
        hint: "10 cijfers. Vul een V-nummer of een BSN in.",
        required: false,
    },
    FieldSpec { name: "bsn", label: "BSN", hint: "9 cijfers, als de persoon al in de BRP staat.", required: false },
    FieldSpec { name: "nationality", label: "Nationaliteit", hint: "", required: true },
    FieldSpec { name: "targetGroup", label: "Doelgroep", hint: "", required: true },
    FieldSpec { name: "municipalityCode", label: "Gemeente", hint: "", required: true },
    FieldSpec {
        name: "residenceDate",
        label: "Datum verblijfsvergunning",
        hint: "Bepaalt of de Wet inburgering 2021 of 2013 geldt. Bijvoorbeeld 15-03-2024.",
        required: false,
    },
    FieldSpec { name: "postcode", label: "Postcode", hint: "Bijvoorbeeld 1811 AB.", required: false },
    FieldSpec { name: "iban", label: "IBAN", hint: "Bijvoorbeeld NL91 ABNA 0417 1643 00.", required: false },
];

#[derive(Template)]
#[template(path = "person_new.html")]
struct NewPage {
    chrome: Chrome,
    form: FormState,
    fields: &'static [FieldSpec],
    groups: Vec<(&'static str, &'static str)>,
    municipalities: Vec<(String, String)>,
}

async fn new_page(state: &AppState, user: &User, form: FormState, status: StatusCode) -> Result<Response, AppError> {
    let scope = user.actor.scope(regie_service::Permission::WritePersons);
    let names = municipality_names(state).await?;
    let mut municipalities: Vec<(String, String)> =
        scope.iter().map(|c| (c.clone(), names.get(c).cloned().unwrap_or_else(|| c.clone()))).collect();
    municipalities.sort_by(|a, b| a.1.cmp(&b.1));
    let page = NewPage {
        chrome: Chrome::for_user("Persoon registreren", &user.actor, &user.csrf, "/personen"),
        form,
        fields: FIELDS,
        groups: TargetGroup::ALL.iter().map(|g| (g.code(), g.label())).collect(),
        municipalities,
    };
    render_status(status, &page)
}

pub async fn new_form(State(state): State<AppState>, user: User) -> Result<Response, AppError> {
    user.actor.require(regie_service::Permission::WritePersons)?;
    new_page(&state, &user, FormState::default(), StatusCode::OK).await
}

pub async fn create(
    State(state): State<AppState>,
    user: User,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let opt = |name: &str| Some(field(&pairs, name).to_string());
    let input = NewPerson {
        given_names: field(&pairs, "givenNames").into(),
        family_name: field(&pairs, "familyName").into(),
        birth_date: field(&pairs, "birthDate").into(),
        v_nummer: opt("vNummer"),
        bsn: opt("bsn"),
        nationality: field(&pairs, "nationality").into(),
        target_group: field(&pairs, "targetGroup").into(),
        municipality_code: field(&pairs, "municipalityCode").into(),
        residence_date: opt("residenceDate"),
        postcode: opt("postcode"),
        iban: opt("iban"),
    };
    let services = state.services.clone();
    let actor = user.actor.clone();
    let result = blocking(move || Ok(persons::create(&services, &actor, &input))).await?;
    super::form_outcome(
        result,
        &pairs,
        |p| super::see_other(&format!("/personen/{}", p.id)),
        |form| new_page(&state, &user, form, StatusCode::UNPROCESSABLE_ENTITY),
    )
    .await
}
