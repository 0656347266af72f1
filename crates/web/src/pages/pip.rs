//! The PIP on screen: a person's versions (`/personen/{id}/pip`, where the first PIP or a new
//! version is drafted) and one version (`/pips/{id}`: read it, edit it while it is a concept,
//! offer it for checking, send it back, establish it, let a new version lapse, and register and
//! decide objections).
//!
//! Goals and actions are a fixed number of empty rows, so the form works without JavaScript;
//! a row left fully empty is ignored, and the service's messages about a row are shown at the
//! row the user filled in.

use super::{field, ticked, Step};
use crate::extract::{CsrfForm, User};
use crate::view::{date_nl, opt_date_nl, render_status, Chrome, FormState};
use crate::{blocking, AppError, AppState};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use regie_domain::inburgering::{Leerroute, Stage};
use regie_service::cases::dossier::{self, Dossier};
use regie_service::cases::pip::{
    self, ChangeInput, DraftInput, PipAction, PipComponent, PipContent, PipGoal, COMPONENTS, LANGUAGE_TARGETS,
    LIFE_DOMAINS, OBJECTION_OUTCOMES,
};
use regie_service::cases::progress::{self, AfschalenHours};
use regie_service::{FieldError, Permission, ServiceError};
use std::collections::HashMap;

pub fn status_label(code: &str) -> &'static str {
    match code {
        "concept" => "Concept",
        "ter_controle" => "Ter controle",
        "vastgesteld" => "Vastgesteld",
        "vervangen" => "Vervangen",
        "vervallen" => "Vervallen",
        _ => "Onbekend",
    }
}

const CHANGE_KINDS: [(&str, &str); 5] = [
    ("", "Kies de reden"),
    ("routewissel", "Wisseling van leerroute"),
    ("afschalen", "Afschalen van B1 naar A2"),
    ("verhuizing", "Verhuizing naar een andere gemeente"),
    ("bijstelling", "Bijstelling van het plan"),
];

fn reason_kind_label(code: &str) -> &'static str {
    match code {
        "eerste" => "Eerste PIP",
        other => CHANGE_KINDS.iter().find(|(c, _)| *c == other).map(|(_, l)| *l).unwrap_or(""),
    }
}

fn route_label(code: &str) -> &'static str {
    Leerroute::parse(code).map(|r| r.label()).unwrap_or("")
}

/// Rows of the goals form.
const MIN_GOAL_ROWS: usize = 3;
const MIN_ACTION_ROWS: usize = 3;
const MAX_ROWS: usize = 50;

// ---------------------------------------------------------------------------------------------
// The content form: from stored content, from a submission, and back to content.

pub struct ComponentRow {
    pub code: &'static str,
    pub label: &'static str,
    pub checked: bool,
    pub intensity: String,
    pub error: String,
}

pub struct ActionRow {
    pub key: String,
    pub who: String,
    pub what: String,
    pub by_when: String,
    pub errors: Vec<String>,
}

pub struct GoalRow {
    pub key: String,
    pub number: usize,
    pub life_domain: String,
    pub goal: String,
    pub errors: Vec<String>,
    pub actions: Vec<ActionRow>,
}

pub struct ContentForm {
    pub form: FormState,
    pub targets: Vec<(&'static str, &'static str)>,
    pub domains: Vec<(&'static str, &'static str)>,
    pub components: Vec<ComponentRow>,
    pub goals: Vec<GoalRow>,
}

/// The form's values for stored content.
fn content_values(c: &PipContent) -> FormState {
    let mut v: HashMap<String, String> = HashMap::new();
    v.insert("languageTarget".into(), c.language_target.clone());
    for comp in &c.components {
        v.insert(format!("component.{}", comp.code), "on".into());
        v.insert(format!("component.{}.intensity", comp.code), comp.intensity.clone());
    }
    for (i, g) in c.goals.iter().enumerate() {
        v.insert(format!("goals.{i}.lifeDomain"), g.life_domain.clone());
        v.insert(format!("goals.{i}.goal"), g.goal.clone());
        for (j, a) in g.actions.iter().enumerate() {
            v.insert(format!("goals.{i}.actions.{j}.who"), a.who.clone());
            v.insert(format!("goals.{i}.actions.{j}.what"), a.what.clone());
            v.insert(format!("goals.{i}.actions.{j}.byWhen"), a.by_when.clone());
        }
    }
    v.insert("preconditions".into(), c.preconditions.join("\n"));
    v.insert("ontzorging".into(), c.ontzorging.clone());
    v.insert("progressInterviews".into(), c.progress_interviews.clone());
    v.insert("personView".into(), c.person_view.clone());
    if c.person_agrees {
        v.insert("personAgrees".into(), "on".into());
    }
    FormState { values: v, errors: vec![] }
}

/// How many rows of `prefix{i}.` the values use (the highest index with a value, plus one).
fn used_rows(form: &FormState, prefix: &str) -> usize {
    form.values
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .filter_map(|(k, _)| k.strip_prefix(prefix)?.split('.').next()?.parse::<usize>().ok())
        .filter(|i| *i < MAX_ROWS)
        .map(|i| i + 1)
        .max()
        .unwrap_or(0)
}

fn content_form(form: FormState) -> ContentForm {
    let errs = |prefix: &str| -> Vec<String> {
        form.errors.iter().filter(|e| e.field == prefix).map(|e| e.message.clone()).collect()
    };
    let goal_rows = (used_rows(&form, "goals.") + 1).clamp(MIN_GOAL_ROWS, MAX_ROWS);
    let goals = (0..goal_rows)
        .map(|i| {
            let base = format!("goals.{i}");
            let action_rows = (used_rows(&form, &format!("{base}.actions.")) + 1).clamp(MIN_ACTION_ROWS, MAX_ROWS);
            GoalRow {
                number: i + 1,
                life_domain: form.val(&format!("{base}.lifeDomain")).to_string(),
                goal: form.val(&format!("{base}.goal")).to_string(),
                errors: [errs(&format!("{base}.lifeDomain")), errs(&format!("{base}.goal"))].concat(),
                actions: (0..action_rows)
                    .map(|j| {
                        let a = format!("{base}.actions.{j}");
                        ActionRow {
                            who: form.val(&format!("{a}.who")).to_string(),
                            what: form.val(&format!("{a}.what")).to_string(),
                            by_when: form.val(&format!("{a}.byWhen")).to_string(),
                            errors: [
                                errs(&format!("{a}.who")),
                                errs(&format!("{a}.what")),
                                errs(&format!("{a}.byWhen")),
                            ]
                            .concat(),
                            key: a,
                        }
                    })
                    .collect(),
                key: base,
            }
        })
        .collect();
    ContentForm {
        targets: std::iter::once(("", "Kies het taaldoel")).chain(LANGUAGE_TARGETS.iter().map(|t| (*t, *t))).collect(),
        domains: std::iter::once(("", "Kies een leefgebied")).chain(LIFE_DOMAINS.iter().copied()).collect(),
        components: COMPONENTS
            .iter()
            .map(|(code, label)| ComponentRow {
                code,
                label,
                checked: form.val(&format!("component.{code}")) == "on",
                intensity: form.val(&format!("component.{code}.intensity")).to_string(),
                error: form.err(&format!("component.{code}")).to_string(),
            })
            .collect(),
        goals,
        form,
    }
}

/// Where each entry of the submitted content came from in the form, to put the service's
/// messages (which count entries) back at the rows the user filled in.
struct Origin {
    components: Vec<&'static str>,
    goals: Vec<(usize, Vec<usize>)>,
}

impl Origin {
    fn field(&self, service_field: &str) -> String {
        let parts: Vec<&str> = service_field.split('.').collect();
        let index = |s: &str| s.parse::<usize>().ok();
        match parts.as_slice() {
            ["components", k] => match index(k).and_then(|k| self.components.get(k)) {
                Some(code) => format!("component.{code}"),
                None => service_field.to_string(),
            },
            ["goals", k, rest @ ..] => match index(k).and_then(|k| self.goals.get(k)) {
                Some((row, actions)) => match rest {
                    ["actions", m, what] => match index(m).and_then(|m| actions.get(m)) {
                        Some(j) => format!("goals.{row}.actions.{j}.{what}"),
                        None => service_field.to_string(),
                    },
                    _ => format!("goals.{row}.{}", rest.join(".")),
                },
                None => service_field.to_string(),
            },
            ["preconditions", _] => "preconditions".into(),
            _ => service_field.to_string(),
        }
    }

    fn remap(&self, errors: Vec<FieldError>) -> Vec<FieldError> {
        errors.into_iter().map(|e| FieldError { field: self.field(&e.field), message: e.message }).collect()
    }
}

/// The content of a submitted form; fully empty goal and action rows are left out.
fn content_of(pairs: &[(String, String)]) -> (PipContent, Origin) {
    let v = |name: &str| field(pairs, name).trim().to_string();
    let mut origin = Origin { components: vec![], goals: vec![] };
    let mut components = vec![];
    for (code, _) in COMPONENTS {
        if ticked(pairs, &format!("component.{code}")) {
            origin.components.push(code);
            components
                .push(PipComponent { code: code.to_string(), intensity: v(&format!("component.{code}.intensity")) });
        }
    }
    let mut goals = vec![];
    for i in 0..MAX_ROWS {
        let base = format!("goals.{i}");
        let mut actions = vec![];
        let mut action_rows = vec![];
        for j in 0..MAX_ROWS {
            let a = format!("{base}.actions.{j}");
            let action = PipAction {
                who: v(&format!("{a}.who")),
                what: v(&format!("{a}.what")),
                by_when: v(&format!("{a}.byWhen")),
            };
            if action != PipAction::default() {
                actions.push(action);
                action_rows.push(j);
            }
        }
        let (life_domain, goal) = (v(&format!("{base}.lifeDomain")), v(&format!("{base}.goal")));
        if life_domain.is_empty() && goal.is_empty() && actions.is_empty() {
            continue;
        }
        goals.push(PipGoal { life_domain, goal, actions });
        origin.goals.push((i, action_rows));
    }
    let content = PipContent {
        language_target: v("languageTarget"),
        components,
        goals,
        preconditions: field(pairs, "preconditions")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect(),
        ontzorging: v("ontzorging"),
        progress_interviews: v("progressInterviews"),
        person_view: v("personView"),
        person_agrees: ticked(pairs, "personAgrees"),
    };
    (content, origin)
}

/// Bad input or a refused step, with the service's field names mapped back to the form.
fn step<T>(
    result: Result<T, ServiceError>,
    pairs: &[(String, String)],
    origin: Option<&Origin>,
) -> Result<Step<T>, AppError> {
    let result = match (result, origin) {
        (Err(ServiceError::Invalid(fields)), Some(o)) => Err(ServiceError::Invalid(o.remap(fields))),
        (other, _) => other,
    };
    Step::of(result, pairs)
}

/// Read-only content of a version.
pub struct ContentView {
    pub target: String,
    pub components: Vec<(&'static str, String)>,
    pub goals: Vec<(&'static str, String, Vec<PipAction>)>,
    pub preconditions: Vec<String>,
    pub ontzorging: String,
    pub progress_interviews: String,
    pub person_view: String,
    pub person_agrees: bool,
}

fn content_view(c: &PipContent) -> ContentView {
    let label = |options: &[(&'static str, &'static str)], code: &str| {
        options.iter().find(|(k, _)| *k == code).map(|(_, l)| *l).unwrap_or("")
    };
    ContentView {
        target: if c.language_target.is_empty() { "nog niet gekozen".into() } else { c.language_target.clone() },
        components: c.components.iter().map(|x| (label(&COMPONENTS, &x.code), x.intensity.clone())).collect(),
        goals: c
            .goals
            .iter()
            .map(|g| (label(&LIFE_DOMAINS, &g.life_domain), g.goal.clone(), g.actions.clone()))
            .collect(),
        preconditions: c.preconditions.clone(),
        ontzorging: c.ontzorging.clone(),
        progress_interviews: c.progress_interviews.clone(),
        person_view: c.person_view.clone(),
        person_agrees: c.person_agrees,
    }
}

fn parse_content(json: &str) -> PipContent {
    serde_json::from_str(json).unwrap_or_default()
}

/// One version as the version page needs it.
struct Version {
    id: String,
    version: i32,
    status: String,
    route: String,
    content: String,
    reason_kind: String,
    reason: String,
    drafted_by: String,
    checked_by: Option<String>,
    dagtekening: Option<chrono::NaiveDate>,
    objection_until: Option<chrono::NaiveDate>,
}

fn error_links(form: &FormState) -> Vec<(String, String)> {
    form.errors.iter().map(|e| (format!("veld-{}", e.field), e.message.clone())).collect()
}

// ---------------------------------------------------------------------------------------------
// A person's versions, and drafting.

pub struct VersionRow {
    pub id: String,
    pub version: i32,
    pub status: &'static str,
    pub reason: String,
    pub route: &'static str,
    pub target: String,
    pub dagtekening: String,
    pub objection_until: String,
    pub objections: usize,
}

#[derive(Template)]
#[template(path = "pip_list.html")]
struct ListPage {
    chrome: Chrome,
    id: String,
    name: String,
    stage: &'static str,
    versions: Vec<VersionRow>,
    first: bool,
    new_version: bool,
    content: ContentForm,
    change: FormState,
    change_kinds: &'static [(&'static str, &'static str)],
    routes: Vec<(&'static str, &'static str)>,
    /// The quality-marked language hours afschalen counts, from the hour reports, in words.
    afschalen_hours: String,
    refused: String,
    errors: Vec<(String, String)>,
}

fn list_page(user: &User, (d, hours): (Dossier, AfschalenHours), form: Option<FormState>, refused: String) -> ListPage {
    let can_decide = user.actor.can(Permission::DecideCase);
    let established = d.pips.iter().filter(|p| p.dagtekening.is_some()).max_by_key(|p| p.version);
    let form = form.unwrap_or_else(|| match established {
        Some(p) => content_values(&parse_content(&p.content)),
        None => FormState::default(),
    });
    let errors = error_links(&form);
    let change = FormState { values: form.values.clone(), errors: form.errors.clone() };
    ListPage {
        chrome: Chrome::for_user(&format!("PIP – {}", d.person.display_name()), &user.actor, &user.csrf, "/personen"),
        id: d.person.id.clone(),
        name: d.person.display_name(),
        stage: d.stage.label(),
        versions: d
            .pips
            .iter()
            .map(|p| VersionRow {
                id: p.id.clone(),
                version: p.version,
                status: status_label(&p.status),
                reason: if p.reason.is_empty() {
                    reason_kind_label(&p.reason_kind).to_string()
                } else {
                    format!("{}: {}", reason_kind_label(&p.reason_kind), p.reason)
                },
                route: route_label(&p.route),
                target: p.language_target.clone(),
                dagtekening: opt_date_nl(&p.dagtekening),
                objection_until: opt_date_nl(&p.objection_until),
                objections: d.objections.iter().filter(|o| o.pip_id == p.id).count(),
            })
            .collect(),
        first: can_decide && pip::can_draft_first(d.stage),
        new_version: can_decide && d.stage == Stage::Uitvoering,
        content: content_form(form),
        change,
        change_kinds: &CHANGE_KINDS,
        routes: std::iter::once(("", "Kies de nieuwe leerroute"))
            .chain(Leerroute::ALL.iter().map(|r| (r.code(), r.label())))
            .collect(),
        afschalen_hours: format!(
            "Gevolgde lesuren taal bij een school met keurmerk volgens de urenopgaven: {} uur. Afschalen naar A2 kan na \
             minstens {} uur.",
            hours.recorded, hours.required
        ),
        refused,
        errors,
    }
}

/// The dossier with the hours afschalen counts, for the versions page.
async fn versions_of(state: &AppState, user: &User, person: String) -> Result<(Dossier, AfschalenHours), AppError> {
    let (services, actor) = (state.services.clone(), user.actor.clone());
    blocking(move || {
        let d = dossier::get(&services, &actor, &person)?;
        Ok((d, progress::afschalen_hours(&services, &actor, &person)?))
    })
    .await
}

/// `GET /personen/{id}/pip`
pub async fn list(State(state): State<AppState>, user: User, Path(id): Path<String>) -> Result<Response, AppError> {
    let d = versions_of(&state, &user, id).await?;
    render_status(StatusCode::OK, &list_page(&user, d, None, String::new()))
}

/// `POST /personen/{id}/pip`: drafts the first PIP, or a new version with its reason.
pub async fn draft(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::DecideCase)?;
    let (content, origin) = content_of(&pairs);
    let change = if pairs.iter().any(|(k, _)| k == "change.kind") {
        let to_route = field(&pairs, "change.toRoute").trim();
        Some(ChangeInput {
            kind: field(&pairs, "change.kind").trim().to_string(),
            reason: field(&pairs, "change.reason").to_string(),
            to_route: (!to_route.is_empty()).then(|| to_route.to_string()),
            effort_sufficient: ticked(&pairs, "change.effortSufficient"),
        })
    } else {
        None
    };
    let input = DraftInput { content, change };
    let (services, actor, person) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(pip::draft(&services, &actor, &person, &input))).await?;
    let (form, refused, status) = match step(result, &pairs, Some(&origin))? {
        Step::Done(row) => return super::see_other(&format!("/pips/{}", row.id)),
        Step::Invalid(form) => (form, String::new(), StatusCode::UNPROCESSABLE_ENTITY),
        Step::Refused(message) => {
            (FormState::with_errors(super::values(&pairs), vec![]), message, StatusCode::CONFLICT)
        }
    };
    let d = versions_of(&state, &user, id).await?;
    render_status(status, &list_page(&user, d, Some(form), refused))
}

// ---------------------------------------------------------------------------------------------
// One version.

pub struct ObjectionRow {
    pub id: i64,
    pub received: String,
    pub grounds: String,
    pub outcome: String,
    pub open: bool,
}

#[derive(Template)]
#[template(path = "pip_show.html")]
struct ShowPage {
    chrome: Chrome,
    pip_id: String,
    person_id: String,
    name: String,
    version: i32,
    status: &'static str,
    reason: String,
    route: &'static str,
    drafted_by: String,
    checked_by: String,
    dagtekening: String,
    objection_until: String,
    view: ContentView,
    editable: bool,
    content: ContentForm,
    can_submit: bool,
    can_discard: bool,
    can_check: bool,
    can_object: bool,
    can_decide_objection: bool,
    objections: Vec<ObjectionRow>,
    outcomes: Vec<(&'static str, &'static str)>,
    other: FormState,
    refused: String,
    errors: Vec<(String, String)>,
}

/// Which form of the version page a submission came from.
enum Submitted {
    Nothing,
    Content(FormState),
    Other(FormState),
}

fn show_page(user: &User, pip: Version, d: Dossier, submitted: Submitted, refused: String) -> ShowPage {
    let a = &user.actor;
    let stored = parse_content(&pip.content);
    let (content, other) = match submitted {
        Submitted::Nothing => (content_values(&stored), FormState::default()),
        Submitted::Content(f) => (f, FormState::default()),
        Submitted::Other(f) => (content_values(&stored), f),
    };
    let errors = [error_links(&content), error_links(&other)].concat();
    let concept = pip.status == "concept";
    let open = pip.dagtekening.is_none() && pip.status != "vervallen";
    ShowPage {
        chrome: Chrome::for_user(
            &format!("PIP versie {} – {}", pip.version, d.person.display_name()),
            a,
            &user.csrf,
            "/personen",
        ),
        pip_id: pip.id.clone(),
        person_id: d.person.id.clone(),
        name: d.person.display_name(),
        version: pip.version,
        status: status_label(&pip.status),
        reason: if pip.reason.is_empty() {
            reason_kind_label(&pip.reason_kind).to_string()
        } else {
            format!("{}: {}", reason_kind_label(&pip.reason_kind), pip.reason)
        },
        route: route_label(&pip.route),
        drafted_by: pip.drafted_by.clone(),
        checked_by: pip.checked_by.clone().unwrap_or_else(|| "—".into()),
        dagtekening: opt_date_nl(&pip.dagtekening),
        objection_until: opt_date_nl(&pip.objection_until),
        view: content_view(&stored),
        editable: concept && a.can(Permission::DecideCase),
        content: content_form(content),
        can_submit: concept && a.can(Permission::DecideCase),
        can_discard: open && pip.version > 1 && a.can(Permission::DecideCase),
        can_check: pip.status == "ter_controle" && a.can(Permission::EstablishPip),
        can_object: pip.dagtekening.is_some() && a.can(Permission::DecideCase),
        can_decide_objection: a.can(Permission::EstablishPip),
        objections: d
            .objections
            .iter()
            .filter(|o| o.pip_id == pip.id)
            .map(|o| ObjectionRow {
                id: o.id,
                received: date_nl(&o.received_on),
                grounds: o.grounds.clone(),
                outcome: match (&o.outcome, o.decided_on) {
                    (Some(out), Some(on)) => format!(
                        "{} ({})",
                        OBJECTION_OUTCOMES.iter().find(|(c, _)| c == out).map(|(_, l)| *l).unwrap_or(""),
                        date_nl(&on)
                    ),
                    _ => "Nog niet beslist".into(),
                },
                open: o.outcome.is_none(),
            })
            .collect(),
        outcomes: std::iter::once(("", "Kies de beslissing")).chain(OBJECTION_OUTCOMES.iter().copied()).collect(),
        other,
        refused,
        errors,
    }
}

/// The version and the dossier it belongs to (for its person and objections).
async fn version(state: &AppState, user: &User, pip_id: String) -> Result<(Version, Dossier), AppError> {
    let (services, actor) = (state.services.clone(), user.actor.clone());
    blocking(move || {
        let (p, person, _) = pip::get(&services, &actor, &pip_id)?;
        let v = Version {
            id: p.id,
            version: p.version,
            status: p.status,
            route: p.route,
            content: p.content,
            reason_kind: p.reason_kind,
            reason: p.reason,
            drafted_by: p.drafted_by,
            checked_by: p.checked_by,
            dagtekening: p.dagtekening,
            objection_until: p.objection_until,
        };
        Ok((v, dossier::get(&services, &actor, &person.id)?))
    })
    .await
}

/// `GET /pips/{id}`
pub async fn show(State(state): State<AppState>, user: User, Path(id): Path<String>) -> Result<Response, AppError> {
    let (pip, d) = version(&state, &user, id).await?;
    render_status(StatusCode::OK, &show_page(&user, pip, d, Submitted::Nothing, String::new()))
}

/// Back to the version after a step: a redirect when it was done, the page again otherwise.
async fn after(
    state: &AppState,
    user: &User,
    pip_id: String,
    step: Step<()>,
    content_form: bool,
    pairs: &[(String, String)],
) -> Result<Response, AppError> {
    let (submitted, refused, status) = match step {
        Step::Done(()) => return super::see_other(&format!("/pips/{pip_id}")),
        Step::Invalid(form) if content_form => {
            (Submitted::Content(form), String::new(), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Step::Invalid(form) => (Submitted::Other(form), String::new(), StatusCode::UNPROCESSABLE_ENTITY),
        Step::Refused(message) if content_form => {
            (Submitted::Content(FormState::with_errors(super::values(pairs), vec![])), message, StatusCode::CONFLICT)
        }
        Step::Refused(message) => (Submitted::Nothing, message, StatusCode::CONFLICT),
    };
    let (pip, d) = version(state, user, pip_id).await?;
    render_status(status, &show_page(user, pip, d, submitted, refused))
}

/// `POST /pips/{id}`: changes a concept.
pub async fn update(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::DecideCase)?;
    let (content, origin) = content_of(&pairs);
    let (services, actor, pip_id) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(pip::update_draft(&services, &actor, &pip_id, &content))).await?;
    let step = step(result, &pairs, Some(&origin))?;
    after(&state, &user, id, step, true, &pairs).await
}

/// `POST /pips/{id}/indienen`
pub async fn submit(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::DecideCase)?;
    let (services, actor, pip_id) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(pip::submit(&services, &actor, &pip_id))).await?;
    // A draft that is not complete enough comes back with the messages at its fields.
    let step = step(result, &pairs, None)?;
    let step = match step {
        Step::Invalid(form) => Step::Refused(
            std::iter::once("Het PIP is nog niet compleet genoeg om ter controle aan te bieden:".to_string())
                .chain(form.errors.iter().map(|e| e.message.clone()))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        other => other,
    };
    after(&state, &user, id, step, false, &pairs).await
}

/// `POST /pips/{id}/terugzetten`
pub async fn return_to_draft(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::EstablishPip)?;
    let remark = field(&pairs, "remark").to_string();
    let (services, actor, pip_id) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(pip::return_to_draft(&services, &actor, &pip_id, &remark))).await?;
    let step = step(result, &pairs, None)?;
    after(&state, &user, id, step, false, &pairs).await
}

/// `POST /pips/{id}/vaststellen`
pub async fn establish(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::EstablishPip)?;
    let (services, actor, pip_id) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(pip::establish(&services, &actor, &pip_id).map(|_| ()))).await?;
    let step = step(result, &pairs, None)?;
    after(&state, &user, id, step, false, &pairs).await
}

/// `POST /pips/{id}/vervallen`
pub async fn discard(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::DecideCase)?;
    let (services, actor, pip_id) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(pip::discard_change(&services, &actor, &pip_id))).await?;
    let step = step(result, &pairs, None)?;
    after(&state, &user, id, step, false, &pairs).await
}

/// `POST /pips/{id}/bezwaar`
pub async fn register_objection(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::DecideCase)?;
    let (received, grounds) = (field(&pairs, "receivedOn").to_string(), field(&pairs, "grounds").to_string());
    let (services, actor, pip_id) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(pip::register_objection(&services, &actor, &pip_id, &received, &grounds))).await?;
    let step = step(result, &pairs, None)?;
    after(&state, &user, id, step, false, &pairs).await
}

/// `POST /pips/{id}/bezwaar/{objection_id}/beslissen`
pub async fn decide_objection(
    State(state): State<AppState>,
    user: User,
    Path((id, objection)): Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::EstablishPip)?;
    let objection: i64 = objection.parse().map_err(|_| AppError::Service(ServiceError::NotFound))?;
    let outcome = field(&pairs, "outcome").to_string();
    let (services, actor, pip_id) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(pip::decide_objection(&services, &actor, &pip_id, objection, &outcome))).await?;
    let step = step(result, &pairs, None)?;
    after(&state, &user, id, step, false, &pairs).await
}
