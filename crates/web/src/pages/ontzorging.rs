//! Ontzorging plans on screen (art. 56a Participatiewet): the list of plans of the user's
//! municipalities, a new plan for a person's household, and the plan page with everything that
//! is done to a plan: its details, the signed machtiging, the fixed costs (added, changed from a
//! month, ended), the order of creditors when the benefit does not suffice, activation, the
//! handover, stopping and closing with letters.
//!
//! Every form posts to its own address and comes back to the plan page: a redirect with a short
//! confirmation when it was accepted, the page again with the values kept and the mistakes at the
//! fields (422), or with the Dutch reason on top when the plan's state refuses the step (409).
//! No rule lives here: amounts, months and states are checked by the service.

use super::{field, ticked, Step};
use crate::extract::{CsrfForm, CsrfMultipart, User};
use crate::view::{date_nl, datetime_nl, opt_date_nl, render_status, Chrome, FormState};
use crate::{blocking, AppError, AppState};
use askama::Template;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use regie_domain::ontzorging::norms::Norm;
use regie_domain::ontzorging::{CostPeriod, HouseholdType, Month, MonthOutcome, NormTable, PlanSignal, PlanStatus};
use regie_domain::{Cents, Iban};
use regie_service::ontzorging::plans::{self, CostInput, Handover, NewPlan, PlanDetails, PlanView};
use regie_service::ontzorging::{settings, CostRow, CostTypeRow, NormRow};
use regie_service::{FieldError, Permission, ServiceError};
use serde::Deserialize;
use std::collections::HashMap;

// ---------------------------------------------------------------------------------------------
// Words for codes, shared with the payment run screens.

pub fn status_label(code: &str) -> &'static str {
    PlanStatus::parse(code).map(|s| s.label_nl()).unwrap_or("Onbekend")
}

pub fn household_label(code: &str) -> &'static str {
    HouseholdType::parse(code).map(|h| h.label_nl()).unwrap_or("Onbekend")
}

fn period_label(code: &str) -> &'static str {
    CostPeriod::parse(code).map(|p| p.label_nl()).unwrap_or("")
}

/// `november 2026` for `2026-11`.
pub fn month_label(code: &str) -> String {
    Month::parse(code).map(|m| m.label_nl()).unwrap_or_else(|_| code.to_string())
}

/// An IBAN in groups of four, as people read it.
pub fn iban_grouped(raw: &str) -> String {
    Iban::parse(raw).map(|i| i.grouped()).unwrap_or_else(|_| raw.to_string())
}

/// An amount as a form shows it for editing: `650,00`.
fn amount_input(cents: i64) -> String {
    format!("{},{:02}", cents / 100, (cents % 100).abs())
}

pub fn cost_type_label(types: &[CostTypeRow], code: &str) -> String {
    types.iter().find(|t| t.code == code).map(|t| t.label.clone()).unwrap_or_else(|| code.to_string())
}

/// A short name for a signal, for lists; the plan page shows the full sentence.
fn signal_short(s: &PlanSignal) -> &'static str {
    match s {
        PlanSignal::GeenMachtiging => "Geen machtiging",
        PlanSignal::GeenVasteLasten => "Geen vaste lasten",
        PlanSignal::TekortBesluitNodig => "Tekort: besluit nodig",
        PlanSignal::OverdrachtPlannen => "Overdracht plannen",
        PlanSignal::Afsluiten => "Afsluiten",
    }
}

pub fn run_status_label(code: &str) -> &'static str {
    match code {
        "concept" => "Concept, wacht op goedkeuring",
        "goedgekeurd" => "Goedgekeurd",
        "verworpen" => "Afgewezen",
        _ => "Onbekend",
    }
}

pub fn line_kind_label(code: &str) -> &'static str {
    match code {
        "schuldeiser" => "Schuldeiser",
        "inburgeraar" => "Restant aan inburgeraar",
        _ => "Onbekend",
    }
}

fn document_kind_label(code: &str) -> &'static str {
    match code {
        "machtiging" => "Getekende machtiging",
        "brief_inburgeraar" => "Brief aan de inburgeraar",
        "brief_schuldeiser" => "Brief aan een schuldeiser",
        _ => "Document",
    }
}

fn event_label(code: &str) -> &'static str {
    match code {
        "aangemaakt" => "Plan aangemaakt",
        "gewijzigd" => "Gegevens gewijzigd",
        "machtiging" => "Machtiging vastgelegd",
        "geactiveerd" => "Geactiveerd",
        "vaste_last" => "Vaste last toegevoegd",
        "vaste_last_gewijzigd" => "Vaste last gewijzigd",
        "vaste_last_beeindigd" => "Vaste last beëindigd",
        "volgorde" => "Volgorde bij tekort besloten",
        "overdracht" => "Overdracht gepland",
        "gestopt" => "Gestopt",
        "afgesloten" => "Afgesloten",
        _ => "Wijziging",
    }
}

/// The confirmation shown after a redirect; the address carries a fixed code, never data.
fn notice_text(code: &str) -> &'static str {
    match code {
        "aangemaakt" => "Het plan is aangemaakt. Leg de vaste lasten en de getekende machtiging vast.",
        "gegevens" => "De gegevens van het plan zijn opgeslagen.",
        "machtiging" => "De getekende machtiging is vastgelegd.",
        "geactiveerd" => "Het plan is actief: de gemeente betaalt vanaf nu de vaste lasten.",
        "vaste-last" => "De vaste last is toegevoegd.",
        "gewijzigd" => "De vaste last is gewijzigd.",
        "beeindigd" => "De vaste last wordt niet meer betaald vanaf de gekozen maand.",
        "volgorde" => "De volgorde bij tekort is vastgelegd.",
        "overdracht" => "De overdracht is gepland.",
        "gestopt" => "Het ontzorgen is gestopt.",
        "afgesloten" => "Het plan is afgesloten; de brieven staan bij de documenten.",
        _ => "",
    }
}

/// A `Content-Disposition` value for a download, with an ASCII fallback name and the exact
/// name in UTF-8 (RFC 6266).
pub fn attachment(name: &str) -> HeaderValue {
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || " .-_()".contains(c) { c } else { '_' }).collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

fn household_options(first: &'static str) -> Vec<(&'static str, &'static str)> {
    std::iter::once(("", first)).chain(HouseholdType::ALL.iter().map(|h| (h.code(), h.label_nl()))).collect()
}

fn period_options() -> Vec<(&'static str, &'static str)> {
    CostPeriod::ALL.iter().map(|p| (p.code(), p.label_nl())).collect()
}

fn error_links(prefix: &str, form: &FormState) -> Vec<(String, String)> {
    form.errors.iter().map(|e| (format!("veld-{prefix}{}", e.field), e.message.clone())).collect()
}

// ---------------------------------------------------------------------------------------------
// The list of plans.

pub struct PlanLine {
    pub id: String,
    pub person: String,
    pub municipality: String,
    pub start: String,
    pub end: String,
    pub status: &'static str,
    pub signals: Vec<&'static str>,
}

#[derive(Template)]
#[template(path = "ontzorging_list.html")]
struct ListPage {
    chrome: Chrome,
    filter: FormState,
    statuses: Vec<(&'static str, &'static str)>,
    new_form: FormState,
    rows: Vec<PlanLine>,
    caption: String,
    page: i64,
    prev_href: String,
    next_href: String,
    can_runs: bool,
}

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    pagina: Option<String>,
}

/// `GET /ontzorging`: the plans of the user's municipalities, 50 a page, optionally of one status.
pub async fn list(State(state): State<AppState>, user: User, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    user.actor.require(Permission::ManageOntzorging)?;
    let status = q.status.clone().map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let page: i64 = match q.pagina.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => 1,
        // Not a number: 0, which the service refuses with its own message.
        Some(p) => p.parse().unwrap_or(0),
    };
    let names = super::persons::municipality_names(&state).await?;
    let (s, a, st) = (state.services.clone(), user.actor.clone(), status.clone());
    let result = blocking(move || Ok(plans::list(&s, &a, st.as_deref(), page))).await?;
    let mut filter = FormState::default();
    filter.values.insert("status".into(), status.clone().unwrap_or_default());
    let (rows, has_next, http) = match result {
        Ok((rows, has_next)) => (rows, has_next, StatusCode::OK),
        Err(ServiceError::Invalid(fields)) => {
            filter.errors = fields;
            (vec![], false, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => return Err(e.into()),
    };
    let href = |p: i64| match &status {
        Some(st) => format!("/ontzorging?status={st}&pagina={p}"),
        None => format!("/ontzorging?pagina={p}"),
    };
    let caption = match status.as_deref() {
        Some(st) => format!("Plannen met status {} (pagina {page})", status_label(st).to_lowercase()),
        None => format!("Alle plannen in uw gemeenten (pagina {page})"),
    };
    let page_view = ListPage {
        chrome: Chrome::for_user("Ontzorgen", &user.actor, &user.csrf, "/ontzorging"),
        statuses: std::iter::once(("", "Alle statussen"))
            .chain(PlanStatus::ALL.iter().map(|s| (s.code(), s.label_nl())))
            .collect(),
        filter,
        new_form: FormState::default(),
        rows: rows
            .into_iter()
            .map(|r| PlanLine {
                person: r.person_name,
                municipality: names
                    .get(&r.plan.municipality_code)
                    .cloned()
                    .unwrap_or_else(|| r.plan.municipality_code.clone()),
                start: date_nl(&r.plan.benefit_start),
                end: date_nl(&r.end),
                status: status_label(&r.plan.status),
                signals: r.signals.iter().map(signal_short).collect(),
                id: r.plan.id,
            })
            .collect(),
        caption,
        page,
        prev_href: if page > 1 && http == StatusCode::OK { href(page - 1) } else { String::new() },
        next_href: if has_next { href(page + 1) } else { String::new() },
        can_runs: user.actor.can(Permission::PaymentRuns),
    };
    render_status(http, &page_view)
}

// ---------------------------------------------------------------------------------------------
// A new plan.

#[derive(Template)]
#[template(path = "ontzorging_new.html")]
struct NewPage {
    chrome: Chrome,
    form: FormState,
    errors: Vec<(String, String)>,
    refused: String,
    households: Vec<(&'static str, &'static str)>,
    person_name: String,
    standard_months: u32,
}

#[derive(Deserialize)]
pub struct NewQuery {
    persoon: Option<String>,
}

async fn new_page(
    state: &AppState,
    user: &User,
    form: FormState,
    refused: String,
    http: StatusCode,
) -> Result<Response, AppError> {
    let (s, a) = (state.services.clone(), user.actor.clone());
    let person_id = form.val("persoon").trim().to_string();
    // Case workers see whose plan they start (and the IBAN the person gave); finance, who may
    // not read dossiers, sees only the id.
    let (standard, person) = blocking(move || {
        let standard = plans::standard_months(&s)?;
        let person = if a.can(Permission::ReadPersons) && !person_id.is_empty() {
            match regie_service::persons::get(&s, &a, &person_id) {
                Ok(d) => Some(d.person),
                Err(ServiceError::NotFound) => None,
                Err(e) => return Err(e.into()),
            }
        } else {
            None
        };
        Ok((standard, person))
    })
    .await?;
    let mut form = form;
    if http == StatusCode::OK {
        form.values.insert("months".into(), standard.to_string());
        if let Some(iban) = person.as_ref().and_then(|p| p.iban.clone()) {
            form.values.insert("payeeIban".into(), iban_grouped(&iban));
        }
    }
    let errors = error_links("", &form);
    let page = NewPage {
        chrome: Chrome::for_user("Nieuw plan voor ontzorgen", &user.actor, &user.csrf, "/ontzorging"),
        errors,
        refused,
        households: household_options("Kies het huishoudtype"),
        person_name: person.map(|p| p.display_name()).unwrap_or_default(),
        standard_months: standard,
        form,
    };
    render_status(http, &page)
}

/// `GET /ontzorging/nieuw?persoon={id}`
pub async fn new_form(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::ManageOntzorging)?;
    let mut form = FormState::default();
    form.values.insert("persoon".into(), q.persoon.unwrap_or_default().trim().to_string());
    new_page(&state, &user, form, String::new(), StatusCode::OK).await
}

/// `POST /ontzorging/nieuw`: starts a plan (in preparation); on to the plan page.
pub async fn create(
    State(state): State<AppState>,
    user: User,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::ManageOntzorging)?;
    let person = field(&pairs, "persoon").trim().to_string();
    let months = field(&pairs, "months").trim();
    let input = NewPlan {
        person_id: person.clone(),
        household_type: field(&pairs, "householdType").trim().to_string(),
        benefit_start: field(&pairs, "benefitStart").trim().to_string(),
        // Not a whole number: 0, which the service refuses with its own message.
        months: if months.is_empty() { None } else { Some(months.parse().unwrap_or(0)) },
        months_reason: field(&pairs, "monthsReason").to_string(),
        payee_iban: field(&pairs, "payeeIban").to_string(),
    };
    let (s, a) = (state.services.clone(), user.actor.clone());
    let result = blocking(move || Ok(plans::create(&s, &a, &input))).await?;
    let no_person = |message: &str| FieldError { field: "persoon".into(), message: message.into() };
    let result = match result {
        Err(ServiceError::Invalid(mut fields)) => {
            if person.is_empty() {
                fields.insert(0, no_person("Vul het id van de persoon in (uit het dossier of de werkvoorraad)."));
            }
            Err(ServiceError::Invalid(fields))
        }
        Err(ServiceError::NotFound) => Err(ServiceError::Invalid(vec![no_person(if person.is_empty() {
            "Vul het id van de persoon in (uit het dossier of de werkvoorraad)."
        } else {
            "Er is geen persoon met dit id in uw gemeenten."
        })])),
        other => other,
    };
    match Step::of(result, &pairs)? {
        Step::Done(row) => super::see_other(&format!("/ontzorging/{}?melding=aangemaakt", row.id)),
        Step::Invalid(form) => new_page(&state, &user, form, String::new(), StatusCode::UNPROCESSABLE_ENTITY).await,
        Step::Refused(message) => {
            let form = FormState::with_errors(super::values(&pairs), vec![]);
            new_page(&state, &user, form, message, StatusCode::CONFLICT).await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The plan page.

/// Which of the plan page's forms a submission came from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Details,
    Machtiging,
    AddCost,
    ChangeCost(i64),
    EndCost(i64),
    Order,
    Handover,
    Stop,
}

impl Form {
    /// The prefix of the element ids of this form's fields (unique on the page).
    fn prefix(self) -> String {
        match self {
            Form::Details => "gegevens-".into(),
            Form::Machtiging => "machtiging-".into(),
            Form::AddCost => "kost-".into(),
            Form::ChangeCost(id) => format!("wijzig-{id}-"),
            Form::EndCost(id) => format!("einde-{id}-"),
            Form::Order => "volgorde-".into(),
            Form::Handover => "overdracht-".into(),
            Form::Stop => "stoppen-".into(),
        }
    }
}

pub struct Line {
    pub label: &'static str,
    pub value: String,
}

pub struct CostLine {
    pub id: i64,
    pub cost_type: String,
    pub creditor: String,
    pub iban: String,
    pub reference: String,
    pub amount: String,
    pub period: &'static str,
    pub from: String,
    pub until: String,
    pub priority: String,
    pub change_prefix: String,
    pub change_form: FormState,
    pub end_prefix: String,
    pub end_form: FormState,
    /// Whether the change or end form of this cost comes back with a mistake (opened).
    pub open: bool,
}

pub struct OrderLine {
    pub id: i64,
    pub name: String,
    pub creditor: String,
    pub amount: String,
}

pub struct ScheduleLine {
    pub month: String,
    pub days: String,
    pub benefit: String,
    pub creditors: String,
    pub remainder: String,
    pub note: String,
    pub shortfall: bool,
    pub run: &'static str,
}

pub struct PaymentLine {
    pub month: String,
    pub kind: &'static str,
    pub payee: String,
    pub iban: String,
    pub amount: String,
    pub days: String,
    pub run_id: String,
    pub run_status: &'static str,
}

pub struct DocumentLine {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    pub at: String,
    pub by: String,
}

pub struct EventLine {
    pub at: String,
    pub action: &'static str,
    pub detail: String,
    pub actor: String,
}

#[derive(Template)]
#[template(path = "ontzorging_show.html")]
struct PlanPage {
    chrome: Chrome,
    id: String,
    person_name: String,
    status: &'static str,
    is_concept: bool,
    is_active: bool,
    is_open: bool,
    notice: &'static str,
    refused: String,
    errors: Vec<(String, String)>,
    summary: Vec<Line>,
    signals: Vec<&'static str>,
    current_costs: Vec<CostLine>,
    past_costs: Vec<CostLine>,
    cost_types: Vec<(String, String)>,
    periods: Vec<(&'static str, &'static str)>,
    households: Vec<(&'static str, &'static str)>,
    add_form: FormState,
    schedule: Vec<ScheduleLine>,
    payments: Vec<PaymentLine>,
    documents: Vec<DocumentLine>,
    events: Vec<EventLine>,
    show_order: bool,
    order_lines: Vec<OrderLine>,
    order_form: FormState,
    details_form: FormState,
    machtiging_form: FormState,
    handover_form: FormState,
    stop_form: FormState,
    can_runs: bool,
}

struct Loaded {
    view: PlanView,
    types: Vec<CostTypeRow>,
    norms: Vec<NormRow>,
    names: HashMap<String, String>,
}

async fn load(state: &AppState, user: &User, id: String) -> Result<Loaded, AppError> {
    let names = super::persons::municipality_names(state).await?;
    let (s, a) = (state.services.clone(), user.actor.clone());
    let (view, types, norms) = blocking(move || {
        let view = plans::get(&s, &a, &id)?;
        Ok((view, settings::cost_types(&s, &a)?, settings::norms(&s, &a)?))
    })
    .await?;
    Ok(Loaded { view, types, norms, names })
}

fn norm_table(rows: &[NormRow]) -> NormTable {
    NormTable::new(
        rows.iter()
            .filter_map(|r| {
                Some(Norm {
                    household_type: HouseholdType::parse(&r.household_type).ok()?,
                    valid_from: r.valid_from,
                    amount: Cents(r.amount_cents),
                })
            })
            .collect(),
    )
}

/// The first month that is in no payment run yet (a change takes effect from then at the
/// earliest).
fn first_open_month(v: &PlanView) -> Month {
    let start = Month::of(v.plan.benefit_start);
    v.paid
        .iter()
        .filter(|(_, status)| status != "verworpen")
        .filter_map(|(l, _)| Month::parse(&l.month).ok())
        .max()
        .map(|m| m.next().max(start))
        .unwrap_or(start)
}

fn cost_values(k: &CostRow, from: Month) -> FormState {
    let mut v = HashMap::new();
    v.insert("costType".into(), k.cost_type.clone());
    v.insert("creditorName".into(), k.creditor_name.clone());
    v.insert("creditorIban".into(), iban_grouped(&k.creditor_iban));
    v.insert("reference".into(), k.reference.clone());
    v.insert("amount".into(), amount_input(k.amount_cents));
    v.insert("period".into(), k.period.clone());
    v.insert("fromMonth".into(), from.code());
    FormState { values: v, errors: vec![] }
}

/// The submitted state of `which`, if the submission came from that form.
fn take(slot: &mut Option<(Form, FormState)>, which: Form) -> Option<FormState> {
    match slot {
        Some((w, _)) if *w == which => slot.take().map(|(_, f)| f),
        _ => None,
    }
}

fn plan_page(
    user: &User,
    today: chrono::NaiveDate,
    loaded: Loaded,
    submitted: Option<(Form, FormState)>,
    refused: String,
    notice: &'static str,
) -> PlanPage {
    let Loaded { view: v, types, norms, names } = loaded;
    let p = &v.plan;
    let status = PlanStatus::parse(&p.status);
    let is_open = status.is_some_and(|s| s.is_open());
    let first_open = first_open_month(&v);
    let norm_date = today.max(p.benefit_start).min(v.end);
    let norm = HouseholdType::parse(&p.household_type).ok().and_then(|h| norm_table(&norms).at(h, norm_date));

    let mut summary = vec![
        Line { label: "Status", value: status_label(&p.status).into() },
        Line {
            label: "Gemeente",
            value: names.get(&p.municipality_code).cloned().unwrap_or_else(|| p.municipality_code.clone()),
        },
        Line { label: "Ingangsdatum bijstandsuitkering", value: date_nl(&p.benefit_start) },
        Line { label: "Laatste dag ontzorgen", value: date_nl(&v.end) },
        Line {
            label: "Duur",
            value: if p.months_reason.is_empty() {
                format!("{} maanden", p.months)
            } else {
                format!("{} maanden ({})", p.months, p.months_reason)
            },
        },
        Line { label: "Huishoudtype", value: household_label(&p.household_type).into() },
        Line {
            label: "Bijstandsnorm per maand",
            value: match norm {
                Some(n) => format!("{} (op {})", n.display_nl(), date_nl(&norm_date)),
                None => "Geen norm bekend voor dit huishoudtype".into(),
            },
        },
        Line { label: "Restant naar", value: format!("{}, {}", p.payee_name, iban_grouped(&p.payee_iban)) },
        Line { label: "Machtiging getekend op", value: opt_date_nl(&p.machtiging_signed_on) },
    ];
    if !v.language.is_empty() {
        summary.push(Line { label: "Taal van de persoon", value: v.language.clone() });
    }
    if !p.tailoring_reason.is_empty() {
        summary.push(Line { label: "Maatwerk", value: p.tailoring_reason.clone() });
    }
    summary.push(Line {
        label: "Financiële zelfredzaamheid",
        value: match (p.training.is_empty(), p.budget_coaching) {
            (true, false) => "Nog niets afgesproken".into(),
            (true, true) => "Budgetcoaching".into(),
            (false, false) => p.training.clone(),
            (false, true) => format!("{}; budgetcoaching", p.training),
        },
    });
    summary.push(Line {
        label: "Overdrachtsgesprek",
        value: match p.handover_planned_on {
            Some(d) if p.handover_notes.is_empty() => date_nl(&d),
            Some(d) => format!("{}: {}", date_nl(&d), p.handover_notes),
            None => "Nog niet gepland".into(),
        },
    });
    if let (Some(at), Some(by)) = (&p.priority_decided_at, &p.priority_decided_by) {
        summary.push(Line { label: "Volgorde bij tekort besloten", value: format!("{} door {by}", datetime_nl(at)) });
    }
    if let Some(reason) = &p.stop_reason {
        summary.push(Line {
            label: "Gestopt",
            value: format!("Laatste dag {}: {reason}", p.closed_on.as_ref().map(date_nl).unwrap_or_default()),
        });
    } else if let Some(closed) = &p.closed_on {
        summary.push(Line { label: "Afgesloten op", value: date_nl(closed) });
    }

    let mut slot = submitted;
    let order_sent = slot.as_ref().is_some_and(|(w, _)| *w == Form::Order);
    let line_of = |k: &CostRow, slot: &mut Option<(Form, FormState)>| {
        let from = first_open.max(Month::parse(&k.from_month).map(|m| m.next()).unwrap_or(first_open));
        let change = take(slot, Form::ChangeCost(k.id));
        let end = take(slot, Form::EndCost(k.id));
        let open = change.as_ref().is_some_and(|f| f.has_errors()) || end.as_ref().is_some_and(|f| f.has_errors());
        CostLine {
            id: k.id,
            cost_type: cost_type_label(&types, &k.cost_type),
            creditor: k.creditor_name.clone(),
            iban: iban_grouped(&k.creditor_iban),
            reference: if k.reference.is_empty() { "—".into() } else { k.reference.clone() },
            amount: Cents(k.amount_cents).display_nl(),
            period: period_label(&k.period),
            from: month_label(&k.from_month),
            until: k.until_month.as_deref().map(month_label).unwrap_or_else(|| "—".into()),
            priority: k.priority.map(|x| x.to_string()).unwrap_or_else(|| "—".into()),
            change_prefix: Form::ChangeCost(k.id).prefix(),
            change_form: change.unwrap_or_else(|| cost_values(k, from)),
            end_prefix: Form::EndCost(k.id).prefix(),
            end_form: end.unwrap_or_else(|| {
                let mut f = FormState::default();
                f.values.insert("fromMonth".into(), from.code());
                f
            }),
            open,
        }
    };
    let current: Vec<&CostRow> = v.costs.iter().filter(|k| k.until_month.is_none()).collect();
    let current_costs: Vec<CostLine> = current.iter().map(|k| line_of(k, &mut slot)).collect();
    let past_costs: Vec<CostLine> =
        v.costs.iter().filter(|k| k.until_month.is_some()).map(|k| line_of(k, &mut slot)).collect();

    let run_of_month = |code: &str| -> &'static str {
        let statuses: Vec<&str> = v.paid.iter().filter(|(l, _)| l.month == code).map(|(_, s)| s.as_str()).collect();
        if statuses.contains(&"goedgekeurd") {
            "Betaald"
        } else if statuses.contains(&"concept") {
            "In een betaalrun, wacht op goedkeuring"
        } else if statuses.contains(&"verworpen") {
            "Betaalrun afgewezen"
        } else {
            "—"
        }
    };
    let name_of_cost =
        |id: i64| v.costs.iter().find(|k| k.id == id).map(|k| k.creditor_name.clone()).unwrap_or_default();
    let schedule = v
        .schedule
        .iter()
        .filter(|(_, o)| !matches!(o, Some(MonthOutcome::NotActive)))
        .map(|(m, outcome)| {
            let mut line = ScheduleLine {
                month: m.label_nl(),
                days: "—".into(),
                benefit: "—".into(),
                creditors: "—".into(),
                remainder: "—".into(),
                note: String::new(),
                shortfall: false,
                run: run_of_month(&m.code()),
            };
            match outcome {
                None => {
                    line.note = "Geen bijstandsnorm voor dit huishoudtype in deze maand: er wordt niets betaald.".into()
                }
                Some(MonthOutcome::NotActive) => {}
                Some(MonthOutcome::NeedsDecision { benefit, costs }) => {
                    line.benefit = benefit.display_nl();
                    line.shortfall = true;
                    line.note = format!(
                        "Vaste lasten {}, tekort {}. {}",
                        costs.display_nl(),
                        Cents(costs.0 - benefit.0).display_nl(),
                        PlanSignal::TekortBesluitNodig.text_nl()
                    );
                }
                Some(MonthOutcome::Paid(pay)) | Some(MonthOutcome::PaidInOrder { payment: pay, .. }) => {
                    line.days = if pay.days == pay.days_in_month {
                        "hele maand".into()
                    } else {
                        format!("{} van {} dagen", pay.days, pay.days_in_month)
                    };
                    line.benefit = pay.benefit.display_nl();
                    line.creditors = Cents(pay.creditors.iter().map(|(_, c)| c.0).sum()).display_nl();
                    line.remainder = pay.remainder.display_nl();
                    if let Some(MonthOutcome::PaidInOrder { unpaid, .. }) = outcome {
                        line.shortfall = true;
                        line.note = format!(
                            "Tekort: in de besloten volgorde niet (volledig) betaald: {}.",
                            unpaid
                                .iter()
                                .map(|(id, a)| format!("{} ({})", name_of_cost(*id), a.display_nl()))
                                .collect::<Vec<_>>()
                                .join(", ")
                        );
                    }
                }
            }
            line
        })
        .collect();

    let payments = v
        .paid
        .iter()
        .map(|(l, run_status)| PaymentLine {
            month: month_label(&l.month),
            kind: line_kind_label(&l.kind),
            payee: l.payee_name.clone(),
            iban: iban_grouped(&l.payee_iban),
            amount: Cents(l.amount_cents).display_nl(),
            days: if l.days == l.days_in_month {
                "hele maand".into()
            } else {
                format!("{} van {} dagen", l.days, l.days_in_month)
            },
            run_id: l.run_id.clone(),
            run_status: run_status_label(run_status),
        })
        .collect();

    let documents = v
        .documents
        .iter()
        .map(|d| DocumentLine {
            id: d.id,
            name: d.name.clone(),
            kind: document_kind_label(&d.kind),
            at: datetime_nl(&d.created_at),
            by: d.created_by.clone(),
        })
        .collect();
    let events = v
        .events
        .iter()
        .rev()
        .map(|e| EventLine {
            at: datetime_nl(&e.at),
            action: event_label(&e.action),
            detail: e.detail.clone(),
            actor: e.actor.clone(),
        })
        .collect();

    let order_lines: Vec<OrderLine> = current
        .iter()
        .map(|k| OrderLine {
            id: k.id,
            name: format!("rang-{}", k.id),
            creditor: format!("{} ({})", k.creditor_name, cost_type_label(&types, &k.cost_type)),
            amount: format!("{} {}", Cents(k.amount_cents).display_nl(), period_label(&k.period)),
        })
        .collect();
    let order_form = take(&mut slot, Form::Order).unwrap_or_else(|| {
        let mut f = FormState::default();
        let mut ranked: Vec<&&CostRow> = current.iter().collect();
        ranked.sort_by_key(|k| (k.priority.unwrap_or(i32::MAX), k.id));
        for (i, k) in ranked.iter().enumerate() {
            f.values.insert(format!("rang-{}", k.id), (i + 1).to_string());
        }
        f
    });
    let show_order = is_open
        && !current.is_empty()
        && (v.signals.contains(&PlanSignal::TekortBesluitNodig)
            || p.priority_decided_at.is_some()
            || v.schedule.iter().any(|(_, o)| {
                matches!(o, Some(MonthOutcome::NeedsDecision { .. }) | Some(MonthOutcome::PaidInOrder { .. }))
            })
            || order_sent);

    let details_form = take(&mut slot, Form::Details).unwrap_or_else(|| {
        let mut f = HashMap::new();
        f.insert("householdType".into(), p.household_type.clone());
        f.insert("payeeIban".into(), iban_grouped(&p.payee_iban));
        f.insert("months".into(), p.months.to_string());
        f.insert("monthsReason".into(), p.months_reason.clone());
        f.insert("tailoringReason".into(), p.tailoring_reason.clone());
        f.insert("training".into(), p.training.clone());
        if p.budget_coaching {
            f.insert("budgetCoaching".into(), "on".into());
        }
        f.insert("version".into(), p.version.to_string());
        FormState { values: f, errors: vec![] }
    });
    let handover_form = take(&mut slot, Form::Handover).unwrap_or_else(|| {
        let mut f = HashMap::new();
        f.insert("plannedOn".into(), p.handover_planned_on.as_ref().map(date_nl).unwrap_or_default());
        f.insert("notes".into(), p.handover_notes.clone());
        f.insert("training".into(), p.training.clone());
        if p.budget_coaching {
            f.insert("budgetCoaching".into(), "on".into());
        }
        FormState { values: f, errors: vec![] }
    });
    let add_form = take(&mut slot, Form::AddCost).unwrap_or_else(|| {
        let mut f = FormState::default();
        f.values.insert("period".into(), "maand".into());
        f.values.insert("fromMonth".into(), first_open.code());
        f
    });
    let machtiging_form = take(&mut slot, Form::Machtiging).unwrap_or_default();
    let stop_form = take(&mut slot, Form::Stop).unwrap_or_default();

    let mut errors = Vec::new();
    for (prefix, form) in [
        ("gegevens-".to_string(), &details_form),
        ("machtiging-".to_string(), &machtiging_form),
        ("kost-".to_string(), &add_form),
        ("volgorde-".to_string(), &order_form),
        ("overdracht-".to_string(), &handover_form),
        ("stoppen-".to_string(), &stop_form),
    ] {
        errors.extend(error_links(&prefix, form));
    }
    for c in current_costs.iter().chain(&past_costs) {
        errors.extend(error_links(&c.change_prefix, &c.change_form));
        errors.extend(error_links(&c.end_prefix, &c.end_form));
    }

    PlanPage {
        chrome: Chrome::for_user(&format!("Ontzorgen – {}", v.person_name), &user.actor, &user.csrf, "/ontzorging"),
        id: p.id.clone(),
        person_name: v.person_name.clone(),
        status: status_label(&p.status),
        is_concept: status == Some(PlanStatus::Concept),
        is_active: status == Some(PlanStatus::Actief),
        is_open,
        notice,
        refused,
        errors,
        summary,
        signals: v.signals.iter().map(|s| s.text_nl()).collect(),
        current_costs,
        past_costs,
        cost_types: std::iter::once((String::new(), "Kies de soort vaste last".to_string()))
            .chain(types.iter().filter(|t| t.active).map(|t| (t.code.clone(), t.label.clone())))
            .collect(),
        periods: period_options(),
        households: household_options("Kies het huishoudtype"),
        add_form,
        schedule,
        payments,
        documents,
        events,
        show_order,
        order_lines,
        order_form,
        details_form,
        machtiging_form,
        handover_form,
        stop_form,
        can_runs: user.actor.can(Permission::PaymentRuns),
    }
}

#[derive(Deserialize)]
pub struct ShowQuery {
    melding: Option<String>,
}

/// `GET /ontzorging/{id}`
pub async fn show(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, AppError> {
    let loaded = load(&state, &user, id).await?;
    let notice = q.melding.as_deref().map(notice_text).unwrap_or("");
    let today = state.services.clock.today();
    render_status(StatusCode::OK, &plan_page(&user, today, loaded, None, String::new(), notice))
}

/// Bad input or a refused step; a plan changed by someone else in the meantime is a refusal too.
fn step<T>(result: Result<T, ServiceError>, pairs: &[(String, String)]) -> Result<Step<T>, AppError> {
    match result {
        Err(ServiceError::PreconditionFailed) => Ok(Step::Refused(
            "Het plan is intussen door een ander gewijzigd. Uw wijziging is niet opgeslagen; bekijk het plan en probeer het opnieuw."
                .into(),
        )),
        other => Step::of(other, pairs),
    }
}

/// Back to the plan after a step: a redirect with a confirmation when it was done, the page
/// again otherwise (the submitted values kept in the form they came from).
async fn answer(
    state: &AppState,
    user: &User,
    id: String,
    which: Form,
    step: Step<()>,
    pairs: &[(String, String)],
    done: &str,
) -> Result<Response, AppError> {
    let (submitted, refused, http) = match step {
        Step::Done(()) => return super::see_other(&format!("/ontzorging/{id}?melding={done}")),
        Step::Invalid(form) => (Some((which, form)), String::new(), StatusCode::UNPROCESSABLE_ENTITY),
        Step::Refused(message) => {
            (Some((which, FormState::with_errors(super::values(pairs), vec![]))), message, StatusCode::CONFLICT)
        }
    };
    let loaded = load(state, user, id).await?;
    let today = state.services.clock.today();
    render_status(http, &plan_page(user, today, loaded, submitted, refused, ""))
}

fn cost_id(raw: &str) -> Result<i64, AppError> {
    raw.parse().map_err(|_| AppError::Service(ServiceError::NotFound))
}

/// `POST /ontzorging/{id}/gegevens`
pub async fn update_details(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::ManageOntzorging)?;
    let input = PlanDetails {
        household_type: field(&pairs, "householdType").trim().to_string(),
        payee_iban: field(&pairs, "payeeIban").to_string(),
        // Not a whole number: 0, which the service refuses with its own message.
        months: field(&pairs, "months").trim().parse().unwrap_or(0),
        months_reason: field(&pairs, "monthsReason").to_string(),
        tailoring_reason: field(&pairs, "tailoringReason").to_string(),
        training: field(&pairs, "training").to_string(),
        budget_coaching: ticked(&pairs, "budgetCoaching"),
    };
    let version = field(&pairs, "version").trim().parse::<i32>().ok();
    let (s, a, plan) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(plans::update_details(&s, &a, &plan, version, &input))).await?;
    let step = step(result, &pairs)?;
    answer(&state, &user, id, Form::Details, step, &pairs, "gegevens").await
}

/// `POST /ontzorging/{id}/machtiging` (multipart): the signed machtiging with its date.
pub async fn record_machtiging(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    req: Request,
) -> Result<Response, AppError> {
    user.actor.require(Permission::ManageOntzorging)?;
    let form = CsrfMultipart::from_request(req, &state).await?;
    let signed_on = field(&form.fields, "signedOn").trim().to_string();
    let mut upload = form.upload("document");
    if upload.name.is_empty() && !upload.bytes.is_empty() {
        upload.name = "machtiging".into();
    }
    let (s, a, plan) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(plans::record_machtiging(&s, &a, &plan, &signed_on, &upload).map(|_| ()))).await?;
    let step = step(result, &form.fields)?;
    answer(&state, &user, id, Form::Machtiging, step, &form.fields, "machtiging").await
}

/// `GET /ontzorging/{id}/documenten/{doc}`: a stored document as a download.
pub async fn document(
    State(state): State<AppState>,
    user: User,
    Path((id, doc)): Path<(String, String)>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::ManageOntzorging)?;
    let doc = cost_id(&doc)?;
    let (s, a) = (state.services.clone(), user.actor.clone());
    let (info, bytes) = blocking(move || Ok(plans::document(&s, &a, &id, doc)?)).await?;
    let content_type = HeaderValue::from_str(&info.content_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    Ok(([(header::CONTENT_TYPE, content_type), (header::CONTENT_DISPOSITION, attachment(&info.name))], bytes)
        .into_response())
}

/// `POST /ontzorging/{id}/activeren`
pub async fn activate(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::ManageOntzorging)?;
    let (s, a, plan) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(plans::activate(&s, &a, &plan))).await?;
    let step = step(result, &pairs)?;
    answer(&state, &user, id, Form::Machtiging, step, &[], "geactiveerd").await
}

fn cost_input(pairs: &[(String, String)]) -> CostInput {
    CostInput {
        cost_type: field(pairs, "costType").trim().to_string(),
        creditor_name: field(pairs, "creditorName").to_string(),
        creditor_iban: field(pairs, "creditorIban").to_string(),
        reference: field(pairs, "reference").to_string(),
        amount: field(pairs, "amount").to_string(),
        period: field(pairs, "period").trim().to_string(),
        from_month: field(pairs, "fromMonth").trim().to_string(),
    }
}

/// `POST /ontzorging/{id}/vaste-lasten`
pub async fn add_cost(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::ManageOntzorging)?;
    let input = cost_input(&pairs);
    let (s, a, plan) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(plans::add_cost(&s, &a, &plan, &input).map(|_| ()))).await?;
    let step = step(result, &pairs)?;
    answer(&state, &user, id, Form::AddCost, step, &pairs, "vaste-last").await
}

/// `POST /ontzorging/{id}/vaste-lasten/{cost}/wijzigen`: a new amount (or creditor details)
/// from a month on.
pub async fn change_cost(
    State(state): State<AppState>,
    user: User,
    Path((id, cost)): Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::ManageOntzorging)?;
    let cost = cost_id(&cost)?;
    let input = cost_input(&pairs);
    let (s, a, plan) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(plans::change_cost(&s, &a, &plan, cost, &input).map(|_| ()))).await?;
    let step = step(result, &pairs)?;
    answer(&state, &user, id, Form::ChangeCost(cost), step, &pairs, "gewijzigd").await
}

/// `POST /ontzorging/{id}/vaste-lasten/{cost}/beeindigen`
pub async fn end_cost(
    State(state): State<AppState>,
    user: User,
    Path((id, cost)): Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::ManageOntzorging)?;
    let cost = cost_id(&cost)?;
    let from = field(&pairs, "fromMonth").trim().to_string();
    let (s, a, plan) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(plans::end_cost(&s, &a, &plan, cost, &from))).await?;
    let step = step(result, &pairs)?;
    answer(&state, &user, id, Form::EndCost(cost), step, &pairs, "beeindigd").await
}

/// The order of the submitted ranks (`rang-{cost}` = 1, 2, ...): cost ids, first paid first. A
/// rank that is not a positive whole number, or used twice, is a mistake at its field.
fn order_of(pairs: &[(String, String)]) -> Result<Vec<i64>, Vec<FieldError>> {
    let mut ranked = Vec::new();
    let mut errors = Vec::new();
    for (k, v) in pairs {
        let Some(id) = k.strip_prefix("rang-").and_then(|id| id.parse::<i64>().ok()) else { continue };
        match v.trim().parse::<u32>() {
            Ok(rank) if rank >= 1 => {
                if ranked.iter().any(|(r, _)| *r == rank) {
                    errors.push(FieldError {
                        field: k.clone(),
                        message: format!(
                            "Volgnummer {rank} is al gebruikt; geef elke vaste last een eigen volgnummer."
                        ),
                    });
                }
                ranked.push((rank, id));
            }
            _ => errors.push(FieldError {
                field: k.clone(),
                message: "Vul een volgnummer in: 1 voor de schuldeiser die als eerste wordt betaald.".into(),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    ranked.sort_unstable();
    Ok(ranked.into_iter().map(|(_, id)| id).collect())
}

/// `POST /ontzorging/{id}/volgorde`: which creditors go first when the benefit does not suffice.
pub async fn decide_order(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::ManageOntzorging)?;
    let result = match order_of(&pairs) {
        Ok(order) => {
            let (s, a, plan) = (state.services.clone(), user.actor.clone(), id.clone());
            blocking(move || Ok(plans::decide_order(&s, &a, &plan, &order))).await?
        }
        Err(fields) => Err(ServiceError::Invalid(fields)),
    };
    let step = step(result, &pairs)?;
    answer(&state, &user, id, Form::Order, step, &pairs, "volgorde").await
}

/// `POST /ontzorging/{id}/overdracht`
pub async fn plan_handover(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::ManageOntzorging)?;
    let input = Handover {
        planned_on: field(&pairs, "plannedOn").trim().to_string(),
        notes: field(&pairs, "notes").to_string(),
        training: field(&pairs, "training").to_string(),
        budget_coaching: ticked(&pairs, "budgetCoaching"),
    };
    let (s, a, plan) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(plans::plan_handover(&s, &a, &plan, &input))).await?;
    let step = step(result, &pairs)?;
    answer(&state, &user, id, Form::Handover, step, &pairs, "overdracht").await
}

/// `POST /ontzorging/{id}/stoppen`
pub async fn stop(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::ManageOntzorging)?;
    let (last, reason) = (field(&pairs, "lastDay").trim().to_string(), field(&pairs, "reason").to_string());
    let (s, a, plan) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(plans::stop(&s, &a, &plan, &last, &reason))).await?;
    let step = step(result, &pairs)?;
    answer(&state, &user, id, Form::Stop, step, &pairs, "gestopt").await
}

/// `POST /ontzorging/{id}/afsluiten`: closes the plan and makes the letters.
pub async fn close(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::ManageOntzorging)?;
    let (s, a, plan) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(plans::close(&s, &a, &plan).map(|_| ()))).await?;
    let step = step(result, &pairs)?;
    answer(&state, &user, id, Form::Stop, step, &[], "afgesloten").await
}
