//! The dossier: one person's case on one page (the person, the stage, every deadline, the
//! intake in short, route decisions, notes and contact moments, DUO extensions, the case
//! history and the municipality history), with the small forms that change its facts.
//!
//! Every form posts to its own address and comes back here: a redirect when it was accepted,
//! this page again with the values kept and the mistakes beside the fields (422), or with the
//! Dutch reason on top when the case's state refuses the step (409).
//!
//! Possible duplicate registrations are listed on the dossier for those who may decide on a
//! case; each can be reviewed side by side on its own page and merged into this one.
//!
//! The case worker is shown with their team, with a form to assign one (team leads) or to take
//! an unassigned person ("Zelf oppakken", klantmanagers); the household shows the other members
//! the user may see, each linking to their own dossier.

use super::dossier_parts::{PartForm, PartsView};
use super::progress::ProgressView;
use super::{field, opt, ticked, Step};
use crate::extract::{CsrfForm, User};
use crate::view::{date_nl, datetime_nl, deadline_nl, opt_date_nl, render_status, Chrome, FormState};
use crate::{blocking, AppError, AppState};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use regie_domain::inburgering::{AssessmentSource, CompletionGround, IntakeTopic, Leerroute, Stage, VerlengingGround};
use regie_service::cases::assignment::{self, Assignment};
use regie_service::cases::dossier::{self, CaseFacts, Dossier, CHANNELS, LITERACY, NOTE_KINDS};
use regie_service::cases::dossier_parts::{self, DossierParts};
use regie_service::cases::intake::parse_exemption;
use regie_service::cases::progress::{self, Progress};
use regie_service::cases::{duplicates, household};
use regie_service::persons::{self, Person, PersonDetail};
use regie_service::{Permission, ServiceError};
use std::collections::HashMap;

pub struct Line {
    pub label: &'static str,
    pub value: String,
}

pub struct TopicLine {
    pub topic: &'static str,
    pub answer: String,
    pub source: &'static str,
    pub notes: String,
}

pub struct NoteLine {
    pub at: String,
    pub kind: &'static str,
    pub channel: &'static str,
    pub body: String,
    pub author: String,
}

pub struct EventLine {
    pub at: String,
    pub actor: String,
    pub detail: String,
    pub from: &'static str,
    pub to: &'static str,
}

pub struct VerlengingLine {
    pub ground: &'static str,
    pub months: i32,
    pub granted: String,
    pub note: String,
}

pub struct DecisionLine {
    pub at: String,
    pub route: &'static str,
    pub advice: &'static str,
    pub grounds: String,
    pub onderwijsroute_reason: String,
    pub by: String,
}

/// A possible duplicate registration, as listed on the dossier.
pub struct DuplicateLine {
    pub id: String,
    pub name: String,
    pub birth_date: String,
    pub v_nummer: String,
    pub municipality: String,
}

/// Another member of the person's household, as listed on the dossier.
pub struct MemberLine {
    pub id: String,
    pub name: String,
    pub birth_date: String,
    pub status: String,
}

/// Which of the page's forms a submission came from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    CaseWorker,
    Facts,
    Note,
    Verlenging,
    Withdraw,
    Complete,
}

impl Form {
    /// The prefix of the element ids of this form's fields (unique on the page).
    fn prefix(self) -> &'static str {
        match self {
            Form::CaseWorker => "klantmanager-",
            Form::Facts => "gegevens-",
            Form::Note => "notitie-",
            Form::Verlenging => "verlenging-",
            Form::Withdraw => "intrekken-",
            Form::Complete => "afronden-",
        }
    }
}

#[derive(Template)]
#[template(path = "dossier.html")]
struct DossierPage {
    chrome: Chrome,
    id: String,
    name: String,
    stage: &'static str,
    closed: bool,
    refused: String,
    /// Every mistake of the submitted form: (element id, message).
    errors: Vec<(String, String)>,
    person: Vec<Line>,
    case: Vec<Line>,
    deadlines: Vec<Line>,
    intake_status: String,
    topics: Vec<TopicLine>,
    health_hidden: bool,
    decisions: Vec<DecisionLine>,
    pip_summary: String,
    notes: Vec<NoteLine>,
    verlengingen: Vec<VerlengingLine>,
    events: Vec<EventLine>,
    history: Vec<(String, String, String, String)>,
    /// Possible duplicates; `None` where they are not looked up (no right to merge, or a
    /// closed case).
    duplicates: Option<Vec<DuplicateLine>>,
    /// The case worker with their team, or `None` while the person has none.
    case_worker: Option<String>,
    /// The team that has the case, shown while it has no case worker.
    case_team: Option<String>,
    /// A team lead's choice of case worker (with a first "choose" and a last "none" option);
    /// empty when the user may not assign.
    case_worker_choices: Vec<(String, String)>,
    /// The user's own id when they may take this unassigned person ("Zelf oppakken").
    take_as: Option<i64>,
    person_version: i32,
    case_worker_form: FormState,
    household: Vec<MemberLine>,
    nareizigers_expected: bool,
    can_write: bool,
    can_decide: bool,
    literacy: &'static [(&'static str, &'static str)],
    note_kinds: &'static [(&'static str, &'static str)],
    channels: &'static [(&'static str, &'static str)],
    verlenging_grounds: Vec<(&'static str, &'static str)>,
    completion_grounds: Vec<(&'static str, &'static str)>,
    facts_form: FormState,
    note_form: FormState,
    verlenging_form: FormState,
    withdraw_form: FormState,
    complete_form: FormState,
    /// Documents, consents and referrals with their forms.
    parts: PartsView,
    /// Exam attempts and hour reports with their forms.
    progress: ProgressView,
}

fn stage_label(code: &str) -> &'static str {
    Stage::parse(code).map(|s| s.label()).unwrap_or("")
}

fn route_label(code: &str) -> &'static str {
    Leerroute::parse(code).map(|r| r.label()).unwrap_or("Geen advies")
}

fn label_of(options: &[(&'static str, &'static str)], code: &str) -> &'static str {
    options.iter().find(|(c, _)| *c == code).map(|(_, l)| *l).unwrap_or("")
}

/// A person's status in words.
fn status_label(code: &str) -> String {
    match code {
        "open" => "Lopend".into(),
        "afgerond" => "Afgerond".into(),
        "ingetrokken" => "Ingetrokken".into(),
        "samengevoegd" => "Samengevoegd met een andere registratie".into(),
        other => other.to_string(),
    }
}

/// The case worker form: a team lead's choices, or the user alone to take the person.
fn case_worker_view(a: &Assignment) -> (Vec<(String, String)>, Option<i64>) {
    if !a.may_clear {
        return (vec![], a.choices.first().map(|w| w.id));
    }
    let mut choices = vec![(String::new(), "Kies een klantmanager".to_string())];
    choices.extend(a.choices.iter().map(|w| (w.id.to_string(), w.label())));
    choices.push(("geen".into(), "Geen klantmanager (zaak vrijgeven)".into()));
    (choices, None)
}

/// The facts form as stored, for showing it filled in.
fn facts_values(d: &Dossier) -> FormState {
    let c = &d.case;
    let date = |v: &Option<chrono::NaiveDate>| v.as_ref().map(date_nl).unwrap_or_default();
    let mut values = HashMap::new();
    values.insert("kennisgevingDate".into(), date(&c.kennisgeving_date));
    values.insert("brpDate".into(), date(&c.brp_date));
    values.insert("thirdPartyReceived".into(), date(&c.third_party_received));
    values.insert("housedOn".into(), date(&c.housed_on));
    if c.third_party_awaited {
        values.insert("thirdPartyAwaited".into(), "on".into());
    }
    values.insert("address".into(), c.address.clone().unwrap_or_default());
    values.insert("phone".into(), c.phone.clone().unwrap_or_default());
    values.insert("email".into(), c.email.clone().unwrap_or_default());
    values.insert("language".into(), c.language.clone());
    values.insert("literacy".into(), c.literacy.clone());
    FormState { values, errors: vec![] }
}

fn page(
    user: &User,
    names: &HashMap<String, String>,
    Loaded { dossier: d, duplicates: found, parts, assignment, household, progress }: Loaded,
    submitted: Option<(Form, FormState)>,
    refused: String,
    part: Option<(PartForm, FormState)>,
) -> DossierPage {
    let p = &d.person;
    let name_of = |code: &str| names.get(code).cloned().unwrap_or_else(|| code.to_string());
    let person = vec![
        Line { label: "Achternaam", value: p.family_name.clone() },
        Line {
            label: "Voornamen",
            value: if p.given_names.is_empty() { "(geen; één naam)".into() } else { p.given_names.clone() },
        },
        Line { label: "Geboortedatum", value: p.birth_date.to_string() },
        Line { label: "V-nummer", value: p.v_nummer.clone().unwrap_or_else(|| "—".into()) },
        Line { label: "BSN", value: p.bsn.clone().unwrap_or_else(|| "nog niet ingeschreven in de BRP".into()) },
        Line { label: "Nationaliteit", value: p.nationality.clone() },
        Line { label: "Doelgroep", value: p.target_group.label().into() },
        Line {
            label: "Regime",
            value: match p.regime {
                regie_domain::Regime::Wi2013 => "Wet inburgering 2013".into(),
                regie_domain::Regime::Wi2021 => "Wet inburgering 2021".into(),
            },
        },
        Line { label: "Verblijfsvergunning vanaf", value: opt_date_nl(&p.residence_date) },
        Line { label: "Gemeente", value: name_of(&p.municipality_code) },
        Line {
            label: "Postcode",
            value: p
                .postcode
                .as_deref()
                .and_then(|v| regie_domain::Postcode::parse(v).ok())
                .map(|v| v.display())
                .unwrap_or_else(|| "—".into()),
        },
        Line {
            label: "IBAN",
            value: p
                .iban
                .as_deref()
                .and_then(|v| regie_domain::Iban::parse(v).ok())
                .map(|v| v.grouped())
                .unwrap_or_else(|| "—".into()),
        },
        Line { label: "Status", value: status_label(&p.status) },
    ];
    let c = &d.case;
    let mut case = vec![
        Line { label: "Koppeling door COA", value: opt_date_nl(&c.koppeling_date) },
        Line { label: "AZC", value: c.azc.clone().unwrap_or_else(|| "—".into()) },
        Line { label: "Gehuisvest op", value: opt_date_nl(&c.housed_on) },
        Line { label: "Leerroute", value: c.route.as_deref().map(route_label).unwrap_or("nog niet bepaald").into() },
        Line { label: "Taal", value: if c.language.is_empty() { "—".into() } else { c.language.clone() } },
        Line { label: "Alfabetisering", value: label_of(&LITERACY, &c.literacy).to_string() },
    ];
    if let Some(reason) = &c.withdrawn_reason {
        case.push(Line { label: "Reden intrekking", value: reason.clone() });
    }
    let dl = &d.deadlines;
    let deadlines = vec![
        Line { label: "PIP uiterlijk vastgesteld", value: deadline_nl(&dl.pip_due) },
        Line { label: "Inburgeringstermijn begint", value: deadline_nl(&dl.termijn_start) },
        Line { label: "Inburgeringstermijn eindigt", value: deadline_nl(&dl.termijn_end) },
        Line { label: "Routewissel mogelijk tot", value: deadline_nl(&dl.route_switch_until) },
        Line { label: "Volgend voortgangsgesprek", value: deadline_nl(&dl.next_progress_interview) },
        Line { label: "Bezwaar mogelijk tot", value: deadline_nl(&dl.objection_until) },
        Line { label: "Huisvesting uiterlijk", value: deadline_nl(&dl.housing_due) },
    ];
    let intake_status = match &d.intake {
        None => "Nog niet begonnen.".to_string(),
        Some(i) => match i.completed_at {
            Some(done) => format!("Afgerond op {}.", date_nl(&done.date())),
            None => format!("Begonnen op {}, nog niet afgerond.", date_nl(&i.started_at.date())),
        },
    };
    let intake_lbt = d.intake.as_ref().and_then(|i| {
        if let Some(e) = i.lbt_exemption.as_deref().and_then(parse_exemption) {
            Some(format!("Leerbaarheidstoets: {}.", e.label().to_lowercase()))
        } else {
            i.lbt_score
                .zip(i.lbt_date)
                .map(|(s, on)| format!("Leerbaarheidstoets op {}: score {s} van 40.", date_nl(&on)))
        }
    });
    let intake_status = match intake_lbt {
        Some(l) => format!("{intake_status} {l}"),
        None => intake_status,
    };
    let topics = d
        .topics
        .iter()
        .filter_map(|t| {
            let topic = IntakeTopic::parse(&t.topic)?;
            if d.health_hidden && topic.is_health() {
                return None;
            }
            Some(TopicLine {
                topic: topic.label(),
                answer: topic.option_label(&t.assessment).unwrap_or("").to_string(),
                source: AssessmentSource::parse(&t.source).map(|s| s.label()).unwrap_or(""),
                notes: t.notes.clone(),
            })
        })
        .collect();
    let decisions = d
        .route_decisions
        .iter()
        .map(|r| DecisionLine {
            at: date_nl(&r.decided_at.date()),
            route: route_label(&r.route),
            advice: route_label(&r.advice),
            grounds: r.grounds.clone(),
            onderwijsroute_reason: r.onderwijsroute_reason.clone(),
            by: r.decided_by.clone(),
        })
        .collect();
    let pip_summary = match d.pips.iter().max_by_key(|p| p.version) {
        None => "Nog geen PIP.".to_string(),
        Some(last) => format!(
            "{} {}; de laatste (versie {}) is {}.",
            d.pips.len(),
            if d.pips.len() == 1 { "versie" } else { "versies" },
            last.version,
            super::pip::status_label(&last.status).to_lowercase()
        ),
    };
    let notes = d
        .notes
        .iter()
        .rev()
        .map(|n| NoteLine {
            at: datetime_nl(&n.at),
            kind: label_of(&NOTE_KINDS, &n.kind),
            channel: label_of(&CHANNELS, &n.channel),
            body: n.body.clone(),
            author: n.author.clone(),
        })
        .collect();
    let verlengingen = d
        .verlengingen
        .iter()
        .map(|v| VerlengingLine {
            ground: VerlengingGround::parse(&v.ground).map(|g| g.label()).unwrap_or(""),
            months: v.months,
            granted: date_nl(&v.granted_on),
            note: v.note.clone(),
        })
        .collect();
    let events = d
        .events
        .iter()
        .rev()
        .map(|e| EventLine {
            at: datetime_nl(&e.at),
            actor: e.actor.clone(),
            detail: e.detail.clone(),
            from: stage_label(&e.from_stage),
            to: stage_label(&e.to_stage),
        })
        .collect();
    let history = d
        .history
        .iter()
        .map(|h| (name_of(&h.municipality_code), date_nl(&h.valid_from), opt_date_nl(&h.valid_to), h.reason.clone()))
        .collect();
    let duplicates = found.map(|found| {
        found
            .into_iter()
            .map(|o| DuplicateLine {
                name: o.display_name(),
                birth_date: o.birth_date.to_string(),
                v_nummer: o.v_nummer.clone().unwrap_or_else(|| "—".into()),
                municipality: name_of(&o.municipality_code),
                id: o.id,
            })
            .collect()
    });
    let household = household
        .into_iter()
        .map(|m| MemberLine {
            name: m.display_name(),
            birth_date: m.birth_date.to_string(),
            status: status_label(&m.status),
            id: m.id,
        })
        .collect();
    let (case_worker_choices, take_as) = case_worker_view(&assignment);
    let mut case_worker_form = FormState::default();
    if let Some(w) = &assignment.current {
        case_worker_form.values.insert("caseWorkerId".into(), w.id.to_string());
    }
    let mut facts_form = facts_values(&d);
    let (mut note_form, mut verlenging_form, mut withdraw_form, mut complete_form) =
        (FormState::default(), FormState::default(), FormState::default(), FormState::default());
    let mut errors = vec![];
    if let Some((which, state)) = submitted {
        errors =
            state.errors.iter().map(|e| (format!("veld-{}{}", which.prefix(), e.field), e.message.clone())).collect();
        match which {
            Form::CaseWorker => case_worker_form = state,
            Form::Facts => facts_form = state,
            Form::Note => note_form = state,
            Form::Verlenging => verlenging_form = state,
            Form::Withdraw => withdraw_form = state,
            Form::Complete => complete_form = state,
        }
    }
    let (progress_part, part) = match part {
        Some((which, state)) if which.is_progress() => (Some((which, state)), None),
        other => (None, other),
    };
    let parts = PartsView::new(parts, part);
    errors.extend(parts.errors.iter().cloned());
    let progress = ProgressView::new(progress, progress_part);
    errors.extend(progress.errors.iter().cloned());
    DossierPage {
        chrome: Chrome::for_user(&p.display_name(), &user.actor, &user.csrf, "/personen"),
        id: p.id.clone(),
        name: p.display_name(),
        stage: d.stage.label(),
        closed: d.stage.is_closed(),
        refused,
        errors,
        person,
        case,
        deadlines,
        intake_status,
        topics,
        health_hidden: d.health_hidden,
        decisions,
        pip_summary,
        notes,
        verlengingen,
        events,
        history,
        duplicates,
        case_worker: assignment.current.as_ref().map(|w| w.label()),
        case_team: assignment.team.clone(),
        case_worker_choices,
        take_as,
        person_version: assignment.version,
        case_worker_form,
        household,
        nareizigers_expected: household::expects_nareizigers(&d.topics),
        can_write: user.actor.can(Permission::WritePersons),
        can_decide: user.actor.can(Permission::DecideCase),
        literacy: &LITERACY,
        note_kinds: &NOTE_KINDS,
        channels: &CHANNELS,
        verlenging_grounds: std::iter::once(("", "Kies de grond"))
            .chain(VerlengingGround::ALL.iter().map(|g| (g.code(), g.label())))
            .collect(),
        completion_grounds: std::iter::once(("", "Kies hoe de plicht eindigde"))
            .chain(CompletionGround::ALL.iter().map(|g| (g.code(), g.label())))
            .collect(),
        facts_form,
        note_form,
        verlenging_form,
        withdraw_form,
        complete_form,
        parts,
        progress,
    }
}

/// Everything the dossier page shows.
struct Loaded {
    dossier: Dossier,
    /// Possible duplicates, for those who may merge registrations of an open case.
    duplicates: Option<Vec<Person>>,
    parts: DossierParts,
    assignment: Assignment,
    household: Vec<Person>,
    progress: Progress,
}

/// The dossier with its duplicates, parts, case worker and household.
async fn load(state: &AppState, user: &User, id: String) -> Result<(Loaded, HashMap<String, String>), AppError> {
    let names = super::persons::municipality_names(state).await?;
    let services = state.services.clone();
    let actor = user.actor.clone();
    let loaded = blocking(move || {
        let d = dossier::get(&services, &actor, &id)?;
        let found = if actor.can(Permission::DecideCase) && !d.stage.is_closed() {
            Some(duplicates::candidates(&services, &actor, &id)?)
        } else {
            None
        };
        let parts = dossier_parts::get(&services, &actor, &id)?;
        let assignment = assignment::options(&services, &actor, &id)?;
        let household = household::members(&services, &actor, &id)?;
        let progress = progress::get(&services, &actor, &id)?;
        Ok(Loaded { dossier: d, duplicates: found, parts, assignment, household, progress })
    })
    .await?;
    Ok((loaded, names))
}

/// `GET /personen/{id}`
pub async fn show(State(state): State<AppState>, user: User, Path(id): Path<String>) -> Result<Response, AppError> {
    let (d, names) = load(&state, &user, id).await?;
    render_status(StatusCode::OK, &page(&user, &names, d, None, String::new(), None))
}

/// Shows the dossier again after a refused form, or redirects to it after an accepted one.
async fn answer(state: &AppState, user: &User, id: String, which: Form, step: Step<()>) -> Result<Response, AppError> {
    let (submitted, refused, status) = match step {
        Step::Done(()) => return super::see_other(&format!("/personen/{id}")),
        Step::Invalid(form) => (Some((which, form)), String::new(), StatusCode::UNPROCESSABLE_ENTITY),
        Step::Refused(message) => (None, message, StatusCode::CONFLICT),
    };
    let (d, names) = load(state, user, id).await?;
    render_status(status, &page(user, &names, d, submitted, refused, None))
}

/// As [`answer`], for the forms of the documents, consents and referrals.
pub(super) async fn answer_part(
    state: &AppState,
    user: &User,
    id: String,
    which: PartForm,
    step: Step<()>,
) -> Result<Response, AppError> {
    let (part, refused, status) = match step {
        Step::Done(()) => return super::see_other(&format!("/personen/{id}")),
        Step::Invalid(form) => (Some((which, form)), String::new(), StatusCode::UNPROCESSABLE_ENTITY),
        Step::Refused(message) => (None, message, StatusCode::CONFLICT),
    };
    let (d, names) = load(state, user, id).await?;
    render_status(status, &page(user, &names, d, None, refused, part))
}

/// `POST /personen/{id}/klantmanager`: assigns a case worker (`caseWorkerId`: a user id, or
/// `geen` to leave the person without one), checked against the version the page showed.
pub async fn assign_case_worker(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    assignment::require_may_assign(&user.actor)?;
    let choice = field(&pairs, "caseWorkerId").trim().to_string();
    let version = field(&pairs, "version").trim().parse::<i32>().ok();
    let (services, actor, person) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || {
        let new = match choice.as_str() {
            "geen" => None,
            n => match n.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => return Ok(Err(ServiceError::field("caseWorkerId", "Kies een klantmanager."))),
            },
        };
        Ok(match assignment::assign(&services, &actor, &person, new, version) {
            Ok(_) => Ok(()),
            Err(ServiceError::PreconditionFailed) => Err(ServiceError::Conflict(
                "Iemand anders heeft deze persoon intussen gewijzigd. Bekijk de klantmanager hieronder en kies opnieuw."
                    .into(),
            )),
            Err(e) => Err(e),
        })
    })
    .await?;
    let step = Step::of(result, &pairs)?;
    answer(&state, &user, id, Form::CaseWorker, step).await
}

/// `POST /personen/{id}/gegevens`
pub async fn update_facts(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let input = CaseFacts {
        kennisgeving_date: opt(&pairs, "kennisgevingDate"),
        brp_date: opt(&pairs, "brpDate"),
        third_party_awaited: ticked(&pairs, "thirdPartyAwaited"),
        third_party_received: opt(&pairs, "thirdPartyReceived"),
        housed_on: opt(&pairs, "housedOn"),
        address: opt(&pairs, "address"),
        phone: opt(&pairs, "phone"),
        email: opt(&pairs, "email"),
        language: opt(&pairs, "language"),
        literacy: Some(field(&pairs, "literacy").to_string()),
    };
    let (services, actor, person) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(dossier::update_facts(&services, &actor, &person, &input))).await?;
    let step = Step::of(result, &pairs)?;
    answer(&state, &user, id, Form::Facts, step).await
}

/// `POST /personen/{id}/notities`
pub async fn add_note(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let (kind, channel, body) =
        (field(&pairs, "kind").to_string(), field(&pairs, "channel").to_string(), field(&pairs, "body").to_string());
    let (services, actor, person) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(dossier::add_note(&services, &actor, &person, &kind, &channel, &body))).await?;
    let step = Step::of(result, &pairs)?;
    answer(&state, &user, id, Form::Note, step).await
}

/// `POST /personen/{id}/verlengingen`
pub async fn add_verlenging(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::DecideCase)?;
    let ground = field(&pairs, "ground").to_string();
    let note = field(&pairs, "note").to_string();
    // Not a whole number of months: 0, which the service refuses with its own message.
    let months: i32 = field(&pairs, "months").trim().parse().unwrap_or(0);
    let (services, actor, person) = (state.services.clone(), user.actor.clone(), id.clone());
    let result =
        blocking(move || Ok(dossier::add_verlenging(&services, &actor, &person, &ground, months, &note))).await?;
    let step = Step::of(result, &pairs)?;
    answer(&state, &user, id, Form::Verlenging, step).await
}

/// `POST /personen/{id}/intrekken`
pub async fn withdraw(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::DecideCase)?;
    let reason = field(&pairs, "reason").to_string();
    let (services, actor, person) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(dossier::withdraw(&services, &actor, &person, &reason))).await?;
    let step = Step::of(result, &pairs)?;
    answer(&state, &user, id, Form::Withdraw, step).await
}

/// `POST /personen/{id}/afronden`
pub async fn complete(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::DecideCase)?;
    let ground = field(&pairs, "ground").to_string();
    let (services, actor, person) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(dossier::complete(&services, &actor, &person, &ground))).await?;
    let step = Step::of(result, &pairs)?;
    answer(&state, &user, id, Form::Complete, step).await
}

/// One row of the side-by-side comparison.
pub struct CompareLine {
    pub label: &'static str,
    pub keep: String,
    pub duplicate: String,
    pub same: bool,
    /// The comparison in words ("Gelijk", "Verschilt", "Alleen links bekend", ...).
    pub verdict: &'static str,
}

#[derive(Template)]
#[template(path = "duplicate_review.html")]
struct DuplicateReviewPage {
    chrome: Chrome,
    id: String,
    other: String,
    keep_name: String,
    duplicate_name: String,
    /// Whether the comparison can be made the other way round (the left one is still open).
    reversible: bool,
    refused: String,
    errors: Vec<(String, String)>,
    lines: Vec<CompareLine>,
    form: FormState,
}

/// The facts of one registration in the order of the comparison.
fn compare_values(d: &PersonDetail, names: &HashMap<String, String>) -> [(&'static str, String); 8] {
    let p = &d.person;
    let or_dash = |v: &Option<String>| v.clone().filter(|v| !v.is_empty()).unwrap_or_else(|| "—".into());
    [
        ("Achternaam", p.family_name.clone()),
        ("Voornamen", if p.given_names.is_empty() { "(geen; één naam)".into() } else { p.given_names.clone() }),
        ("Geboortedatum", p.birth_date.to_string()),
        ("V-nummer", or_dash(&p.v_nummer)),
        ("BSN", or_dash(&p.bsn)),
        ("Nationaliteit", p.nationality.clone()),
        ("Gemeente", names.get(&p.municipality_code).cloned().unwrap_or_else(|| p.municipality_code.clone())),
        ("Fase", d.case.as_ref().map(|c| stage_label(&c.stage)).filter(|l| !l.is_empty()).unwrap_or("—").into()),
    ]
}

fn review_page(
    user: &User,
    names: &HashMap<String, String>,
    (keep, duplicate): (PersonDetail, PersonDetail),
    form: FormState,
    refused: String,
) -> DuplicateReviewPage {
    let lines = compare_values(&keep, names)
        .into_iter()
        .zip(compare_values(&duplicate, names))
        .map(|((label, keep), (_, duplicate))| {
            let verdict = match (keep == duplicate, keep == "—", duplicate == "—") {
                (true, _, _) => "Gelijk",
                (false, false, true) => "Alleen links bekend",
                (false, true, false) => "Alleen rechts bekend",
                _ => "Verschilt",
            };
            CompareLine { label, same: keep == duplicate, verdict, keep, duplicate }
        })
        .collect();
    let errors = form.errors.iter().map(|e| (format!("veld-{}", e.field), e.message.clone())).collect();
    DuplicateReviewPage {
        chrome: Chrome::for_user("Dubbele registratie beoordelen", &user.actor, &user.csrf, "/personen"),
        id: keep.person.id.clone(),
        other: duplicate.person.id.clone(),
        keep_name: keep.person.display_name(),
        duplicate_name: duplicate.person.display_name(),
        reversible: keep.person.status == "open",
        refused,
        errors,
        lines,
        form,
    }
}

/// Both registrations, if `other` is a possible duplicate of `id` in the caller's scope.
async fn load_pair(
    state: &AppState,
    user: &User,
    id: String,
    other: String,
) -> Result<((PersonDetail, PersonDetail), HashMap<String, String>), AppError> {
    let names = super::persons::municipality_names(state).await?;
    let services = state.services.clone();
    let actor = user.actor.clone();
    let pair = blocking(move || {
        if !duplicates::candidates(&services, &actor, &id)?.iter().any(|p| p.id == other) {
            return Err(ServiceError::NotFound.into());
        }
        Ok((persons::get(&services, &actor, &id)?, persons::get(&services, &actor, &other)?))
    })
    .await?;
    Ok((pair, names))
}

/// `GET /personen/{id}/dubbel/{other}`: the two registrations side by side, with the merge form.
pub async fn review_duplicate(
    State(state): State<AppState>,
    user: User,
    Path((id, other)): Path<(String, String)>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::DecideCase)?;
    let (pair, names) = load_pair(&state, &user, id, other).await?;
    render_status(StatusCode::OK, &review_page(&user, &names, pair, FormState::default(), String::new()))
}

/// `POST /personen/{id}/dubbel/{other}`: merges `other` into `id`, then shows the kept dossier.
pub async fn merge_duplicate(
    State(state): State<AppState>,
    user: User,
    Path((id, other)): Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::DecideCase)?;
    let reason = field(&pairs, "reason").to_string();
    let (services, actor, keep, duplicate) = (state.services.clone(), user.actor.clone(), id.clone(), other.clone());
    let result = blocking(move || Ok(duplicates::merge(&services, &actor, &keep, &duplicate, &reason))).await?;
    let (form, refused, status) = match Step::of(result, &pairs)? {
        Step::Done(()) => return super::see_other(&format!("/personen/{id}")),
        Step::Invalid(form) => (form, String::new(), StatusCode::UNPROCESSABLE_ENTITY),
        Step::Refused(message) => {
            (FormState { values: super::values(&pairs), errors: vec![] }, message, StatusCode::CONFLICT)
        }
    };
    let (pair, names) = load_pair(&state, &user, id, other).await?;
    render_status(status, &review_page(&user, &names, pair, form, refused))
}
