//! The monthly payment runs on screen (finance only): the list with a form that drafts the run
//! of a month, the review page of one run (totals, subtotals per municipality, signals, every
//! payment line) where a second finance user approves or rejects it, the SEPA file of an
//! approved run, storno of a paid line, and the monthly report per municipality with its CSV
//! and XLSX downloads.
//!
//! The four-eyes rule, the refusal of a second run and the ledger are the service's; this
//! module only shows its answers. The report has figures only, no names.

use super::ontzorging::{attachment, cost_type_label, iban_grouped, line_kind_label, month_label, run_status_label};
use super::{field, Step};
use crate::extract::{CsrfForm, User};
use crate::view::{datetime_nl, render_status, Chrome, FormState};
use crate::{blocking, AppError, AppState};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use regie_domain::ontzorging::Month;
use regie_domain::Cents;
use regie_service::ontzorging::reports::{self, SIGNAL_LABELS};
use regie_service::ontzorging::runs::{self, RunView};
use regie_service::ontzorging::{settings, CostTypeRow};
use regie_service::{FieldError, Permission, ServiceError};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

fn this_month(state: &AppState) -> String {
    Month::of(state.services.clock.today()).code()
}

/// Service messages about the month, at the field the form calls it.
fn rename(fields: Vec<FieldError>, to: &str) -> Vec<FieldError> {
    fields
        .into_iter()
        .map(|e| FieldError { field: if e.field == "month" { to.into() } else { e.field }, ..e })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The list, and drafting.

pub struct RunLine {
    pub id: String,
    pub month: String,
    pub status: &'static str,
    pub drafted_by: String,
    pub decided_by: String,
    pub plans: i32,
    pub lines: i32,
    pub total: String,
    pub signals: i32,
}

#[derive(Template)]
#[template(path = "betaalruns.html")]
struct ListPage {
    chrome: Chrome,
    filter: FormState,
    draft: FormState,
    refused: String,
    errors: Vec<(String, String)>,
    rows: Vec<RunLine>,
    filtered: bool,
}

#[derive(Deserialize)]
pub struct ListQuery {
    maand: Option<String>,
}

async fn list_page(
    state: &AppState,
    user: &User,
    maand: Option<String>,
    draft: FormState,
    refused: String,
    http: StatusCode,
) -> Result<Response, AppError> {
    let (s, a, m) = (state.services.clone(), user.actor.clone(), maand.clone());
    let result = blocking(move || Ok(runs::list(&s, &a, m.as_deref()))).await?;
    let mut filter = FormState::default();
    filter.values.insert("maand".into(), maand.clone().unwrap_or_default());
    let mut http = http;
    let runs = match result {
        Ok(runs) => runs,
        Err(ServiceError::Invalid(fields)) => {
            filter.errors = rename(fields, "maand");
            http = StatusCode::UNPROCESSABLE_ENTITY;
            vec![]
        }
        Err(e) => return Err(e.into()),
    };
    let mut draft = draft;
    if draft.val("month").is_empty() && !draft.has_errors() {
        draft.values.insert("month".into(), this_month(state));
    }
    let mut errors: Vec<(String, String)> =
        filter.errors.iter().map(|e| (format!("veld-filter-{}", e.field), e.message.clone())).collect();
    errors.extend(draft.errors.iter().map(|e| (format!("veld-run-{}", e.field), e.message.clone())));
    let page = ListPage {
        chrome: Chrome::for_user("Betaalruns", &user.actor, &user.csrf, "/betaalruns"),
        filter,
        draft,
        refused,
        errors,
        rows: runs
            .into_iter()
            .map(|r| RunLine {
                month: month_label(&r.month),
                status: run_status_label(&r.status),
                decided_by: r.decided_by.clone().unwrap_or_else(|| "—".into()),
                drafted_by: r.drafted_by,
                plans: r.plan_count,
                lines: r.line_count,
                total: Cents(r.total_cents).display_nl(),
                signals: r.signal_count,
                id: r.id,
            })
            .collect(),
        filtered: maand.is_some(),
    };
    render_status(http, &page)
}

/// `GET /betaalruns?maand=YYYY-MM`
pub async fn list(State(state): State<AppState>, user: User, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    user.actor.require(Permission::PaymentRuns)?;
    let maand = q.maand.map(|m| m.trim().to_string()).filter(|m| !m.is_empty());
    list_page(&state, &user, maand, FormState::default(), String::new(), StatusCode::OK).await
}

/// `POST /betaalruns`: drafts the run of a month (or finds the one that exists).
pub async fn draft(
    State(state): State<AppState>,
    user: User,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::PaymentRuns)?;
    let month = field(&pairs, "month").trim().to_string();
    let (s, a) = (state.services.clone(), user.actor.clone());
    let result = blocking(move || Ok(runs::draft(&s, &a, &month))).await?;
    match Step::of(result, &pairs)? {
        Step::Done((run, created)) => super::see_other(&format!(
            "/betaalruns/{}?melding={}",
            run.id,
            if created { "opgesteld" } else { "bestond" }
        )),
        Step::Invalid(form) => {
            list_page(&state, &user, None, form, String::new(), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Step::Refused(message) => {
            let form = FormState::with_errors(super::values(&pairs), vec![]);
            list_page(&state, &user, None, form, message, StatusCode::CONFLICT).await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// One run.

pub struct MunicipalityTotal {
    pub name: String,
    pub plans: usize,
    pub lines: usize,
    pub creditors: String,
    pub remainders: String,
    pub total: String,
}

pub struct SignalLine {
    pub plan_id: String,
    pub number: usize,
    pub label: &'static str,
    pub detail: String,
    pub amount: String,
}

pub struct PaymentLine {
    pub id: i64,
    pub municipality: String,
    pub payee: String,
    pub iban: String,
    pub kind: &'static str,
    pub cost_type: String,
    pub reference: String,
    pub amount: String,
    pub days: String,
    pub plan_id: String,
    pub storno_prefix: String,
    pub storno: FormState,
}

#[derive(Template)]
#[template(path = "betaalrun.html")]
struct RunPage {
    chrome: Chrome,
    id: String,
    month: String,
    status: &'static str,
    is_concept: bool,
    is_approved: bool,
    own_draft: bool,
    notice: &'static str,
    refused: String,
    errors: Vec<(String, String)>,
    facts: Vec<(&'static str, String)>,
    municipalities: Vec<MunicipalityTotal>,
    signals: Vec<SignalLine>,
    lines: Vec<PaymentLine>,
    reject: FormState,
}

/// Which of the run page's forms a submission came from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Approve,
    Reject,
    Storno(i64),
}

fn notice_text(code: &str) -> &'static str {
    match code {
        "opgesteld" => "De betaalrun is opgesteld. Een andere medewerker van financiën controleert en keurt hem goed.",
        "bestond" => "Voor deze maand bestond al een betaalrun; dit is die run.",
        "goedgekeurd" => "De betaalrun is goedgekeurd en geboekt. Het SEPA-bestand kan worden gedownload.",
        "afgewezen" => "De betaalrun is afgewezen. De maand is vrij voor een nieuwe run.",
        "storno" => "De betaling is teruggeboekt (storno).",
        _ => "",
    }
}

async fn load(
    state: &AppState,
    user: &User,
    id: String,
) -> Result<(RunView, Vec<CostTypeRow>, HashMap<String, String>), AppError> {
    let names = super::persons::municipality_names(state).await?;
    let (s, a) = (state.services.clone(), user.actor.clone());
    let (view, types) = blocking(move || Ok((runs::get(&s, &a, &id)?, settings::cost_types(&s, &a)?))).await?;
    Ok((view, types, names))
}

fn run_page(
    user: &User,
    (v, types, names): (RunView, Vec<CostTypeRow>, HashMap<String, String>),
    submitted: Option<(Form, FormState)>,
    refused: String,
    notice: &'static str,
) -> RunPage {
    let r = &v.run;
    let name_of = |code: &str| names.get(code).cloned().unwrap_or_else(|| code.to_string());
    let mut facts = vec![
        ("Maand", month_label(&r.month)),
        ("Status", run_status_label(&r.status).to_string()),
        ("Gemeenten", r.municipality_codes().iter().map(|c| name_of(c)).collect::<Vec<_>>().join(", ")),
        ("Opgesteld door", format!("{} op {}", r.drafted_by, datetime_nl(&r.drafted_at))),
    ];
    if let (Some(by), Some(at)) = (&r.decided_by, &r.decided_at) {
        let what = if r.status == "verworpen" { "Afgewezen door" } else { "Goedgekeurd door" };
        facts.push((what, format!("{by} op {}", datetime_nl(at))));
    }
    if let Some(reason) = &r.rejection_reason {
        facts.push(("Reden van afwijzing", reason.clone()));
    }
    facts.extend([
        ("Huishoudens betaald", r.plan_count.to_string()),
        ("Betaalregels", r.line_count.to_string()),
        ("Naar schuldeisers", Cents(r.creditor_cents).display_nl()),
        ("Restant aan inburgeraars", Cents(r.remainder_cents).display_nl()),
        ("Totaal", Cents(r.total_cents).display_nl()),
        ("Signalen", r.signal_count.to_string()),
        ("Berichtkenmerk (SEPA)", r.message_id.clone()),
    ]);

    let mut per: BTreeMap<String, (std::collections::BTreeSet<&str>, usize, i64, i64)> = BTreeMap::new();
    for code in r.municipality_codes() {
        per.entry(code).or_default();
    }
    for l in &v.lines {
        let e = per.entry(l.municipality_code.clone()).or_default();
        e.0.insert(l.plan_id.as_str());
        e.1 += 1;
        if l.kind == "inburgeraar" {
            e.3 += l.amount_cents;
        } else {
            e.2 += l.amount_cents;
        }
    }
    let mut municipalities: Vec<MunicipalityTotal> = per
        .into_iter()
        .map(|(code, (plans, lines, creditors, remainders))| MunicipalityTotal {
            name: name_of(&code),
            plans: plans.len(),
            lines,
            creditors: Cents(creditors).display_nl(),
            remainders: Cents(remainders).display_nl(),
            total: Cents(creditors + remainders).display_nl(),
        })
        .collect();
    municipalities.sort_by(|a, b| a.name.cmp(&b.name));

    let signals = v
        .signals
        .iter()
        .enumerate()
        .map(|(i, s)| SignalLine {
            plan_id: s.plan_id.clone(),
            number: i + 1,
            label: SIGNAL_LABELS.iter().find(|(c, _)| *c == s.code).map(|(_, l)| *l).unwrap_or("Signaal"),
            detail: s.detail.clone(),
            amount: if s.amount_cents == 0 { "—".into() } else { Cents(s.amount_cents).display_nl() },
        })
        .collect();

    let mut submitted = submitted;
    let lines = v
        .lines
        .iter()
        .map(|l| {
            let storno = match &submitted {
                Some((Form::Storno(id), _)) if *id == l.id => submitted.take().map(|(_, f)| f).unwrap_or_default(),
                _ => FormState::default(),
            };
            PaymentLine {
                id: l.id,
                municipality: name_of(&l.municipality_code),
                payee: l.payee_name.clone(),
                iban: iban_grouped(&l.payee_iban),
                kind: line_kind_label(&l.kind),
                cost_type: l.cost_type.as_deref().map(|c| cost_type_label(&types, c)).unwrap_or_else(|| "—".into()),
                reference: l.reference.clone(),
                amount: Cents(l.amount_cents).display_nl(),
                days: if l.days == l.days_in_month {
                    "hele maand".into()
                } else {
                    format!("{} van {} dagen", l.days, l.days_in_month)
                },
                plan_id: l.plan_id.clone(),
                storno_prefix: format!("storno-{}-", l.id),
                storno,
            }
        })
        .collect::<Vec<_>>();
    let reject = match submitted {
        Some((Form::Reject, f)) => f,
        _ => FormState::default(),
    };
    let mut errors: Vec<(String, String)> =
        reject.errors.iter().map(|e| (format!("veld-afwijzen-{}", e.field), e.message.clone())).collect();
    for l in &lines {
        errors.extend(
            l.storno.errors.iter().map(|e| (format!("veld-{}{}", l.storno_prefix, e.field), e.message.clone())),
        );
    }
    RunPage {
        chrome: Chrome::for_user(
            &format!("Betaalrun {}", month_label(&r.month)),
            &user.actor,
            &user.csrf,
            "/betaalruns",
        ),
        id: r.id.clone(),
        month: month_label(&r.month),
        status: run_status_label(&r.status),
        is_concept: r.status == "concept",
        is_approved: r.status == "goedgekeurd",
        own_draft: user.actor.user_id.is_some_and(|u| u == r.drafted_by_user),
        notice,
        refused,
        errors,
        facts,
        municipalities,
        signals,
        lines,
        reject,
    }
}

#[derive(Deserialize)]
pub struct ShowQuery {
    melding: Option<String>,
}

/// `GET /betaalruns/{id}`
pub async fn show(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::PaymentRuns)?;
    let loaded = load(&state, &user, id).await?;
    let notice = q.melding.as_deref().map(notice_text).unwrap_or("");
    render_status(StatusCode::OK, &run_page(&user, loaded, None, String::new(), notice))
}

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
        Step::Done(()) => return super::see_other(&format!("/betaalruns/{id}?melding={done}")),
        Step::Invalid(form) => (Some((which, form)), String::new(), StatusCode::UNPROCESSABLE_ENTITY),
        Step::Refused(message) => {
            (Some((which, FormState::with_errors(super::values(pairs), vec![]))), message, StatusCode::CONFLICT)
        }
    };
    let loaded = load(state, user, id).await?;
    render_status(http, &run_page(user, loaded, submitted, refused, ""))
}

fn refuse_stale<T>(result: Result<T, ServiceError>) -> Result<T, ServiceError> {
    result.map_err(|e| match e {
        ServiceError::PreconditionFailed => {
            ServiceError::Conflict("De betaalrun is intussen door een ander behandeld. Bekijk hem opnieuw.".into())
        }
        other => other,
    })
}

/// `POST /betaalruns/{id}/goedkeuren`: the second pair of eyes approves; the ledger is booked.
pub async fn approve(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::PaymentRuns)?;
    let (s, a, run) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(refuse_stale(runs::approve(&s, &a, &run)).map(|_| ()))).await?;
    let step = Step::of(result, &pairs)?;
    answer(&state, &user, id, Form::Approve, step, &pairs, "goedgekeurd").await
}

/// `POST /betaalruns/{id}/afwijzen`
pub async fn reject(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::PaymentRuns)?;
    let reason = field(&pairs, "reason").to_string();
    let (s, a, run) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(refuse_stale(runs::reject(&s, &a, &run, &reason)).map(|_| ()))).await?;
    let step = Step::of(result, &pairs)?;
    answer(&state, &user, id, Form::Reject, step, &pairs, "afgewezen").await
}

/// `POST /betaalruns/{id}/regels/{line}/storno`
pub async fn reverse_line(
    State(state): State<AppState>,
    user: User,
    Path((id, line)): Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::PaymentRuns)?;
    let line: i64 = line.parse().map_err(|_| AppError::Service(ServiceError::NotFound))?;
    let reason = field(&pairs, "reason").to_string();
    let (s, a, run) = (state.services.clone(), user.actor.clone(), id.clone());
    let result = blocking(move || Ok(runs::reverse_line(&s, &a, &run, line, &reason))).await?;
    let step = Step::of(result, &pairs)?;
    answer(&state, &user, id, Form::Storno(line), step, &pairs, "storno").await
}

/// `GET /betaalruns/{id}/sepa.xml`: the credit-transfer file of an approved run.
pub async fn sepa(State(state): State<AppState>, user: User, Path(id): Path<String>) -> Result<Response, AppError> {
    user.actor.require(Permission::PaymentRuns)?;
    let (s, a) = (state.services.clone(), user.actor.clone());
    let (month, xml) = blocking(move || {
        let xml = runs::sepa(&s, &a, &id)?;
        // The month for the file name (the list reads no personal data).
        let month = runs::list(&s, &a, None)?.into_iter().find(|r| r.id == id).map(|r| r.month).unwrap_or_default();
        Ok((month, xml))
    })
    .await?;
    if xml.is_empty() {
        return Err(
            ServiceError::Conflict("Deze betaalrun heeft geen betalingen; er is geen SEPA-bestand.".into()).into()
        );
    }
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/xml")),
            (header::CONTENT_DISPOSITION, attachment(&format!("betaalrun-{month}.xml"))),
        ],
        xml,
    )
        .into_response())
}

// ---------------------------------------------------------------------------------------------
// The monthly report.

pub struct ReportRow {
    pub name: String,
    pub households: String,
    pub per_type: Vec<String>,
    pub creditors: String,
    pub remainders: String,
    pub signals: Vec<String>,
}

#[derive(Template)]
#[template(path = "ontzorging_rapportage.html")]
struct ReportPage {
    chrome: Chrome,
    filter: FormState,
    month_code: String,
    month: String,
    cost_types: Vec<String>,
    signal_labels: Vec<&'static str>,
    rows: Vec<ReportRow>,
    total: Option<ReportRow>,
}

#[derive(Deserialize)]
pub struct ReportQuery {
    maand: Option<String>,
}

/// The month asked for; without one, the latest month with an approved run (or this month).
async fn report_month(state: &AppState, user: &User, q: ReportQuery) -> Result<String, AppError> {
    if let Some(m) = q.maand.map(|m| m.trim().to_string()).filter(|m| !m.is_empty()) {
        return Ok(m);
    }
    let (s, a) = (state.services.clone(), user.actor.clone());
    let latest = blocking(move || {
        Ok(runs::list(&s, &a, None)?.into_iter().filter(|r| r.status == "goedgekeurd").map(|r| r.month).max())
    })
    .await?;
    Ok(latest.unwrap_or_else(|| this_month(state)))
}

/// `GET /ontzorging/rapportage?maand=YYYY-MM`: what was paid per municipality (approved runs);
/// without a month, the latest month with an approved run.
pub async fn report(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::PaymentRuns)?;
    let month = report_month(&state, &user, q).await?;
    let (s, a, m) = (state.services.clone(), user.actor.clone(), month.clone());
    let result = blocking(move || Ok(reports::month_report(&s, &a, &m))).await?;
    let mut filter = FormState::default();
    filter.values.insert("maand".into(), month.clone());
    let chrome = Chrome::for_user("Rapportage ontzorgen", &user.actor, &user.csrf, "/betaalruns");
    let report = match result {
        Ok(r) => r,
        Err(ServiceError::Invalid(fields)) => {
            filter.errors = rename(fields, "maand");
            let page = ReportPage {
                chrome,
                filter,
                month_code: String::new(),
                month: String::new(),
                cost_types: vec![],
                signal_labels: vec![],
                rows: vec![],
                total: None,
            };
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
        Err(e) => return Err(e.into()),
    };
    let row = |name: String,
               households: usize,
               per: &BTreeMap<String, Cents>,
               c: Cents,
               r: Cents,
               sig: &BTreeMap<String, usize>| {
        ReportRow {
            name,
            households: households.to_string(),
            per_type: report
                .cost_types
                .iter()
                .map(|(code, _)| per.get(code).copied().unwrap_or_default().display_nl())
                .collect(),
            creditors: c.display_nl(),
            remainders: r.display_nl(),
            signals: SIGNAL_LABELS.iter().map(|(code, _)| sig.get(*code).copied().unwrap_or(0).to_string()).collect(),
        }
    };
    let rows: Vec<ReportRow> = report
        .rows
        .iter()
        .map(|m| {
            row(m.municipality_name.clone(), m.households, &m.per_cost_type, m.creditors, m.remainders, &m.signals)
        })
        .collect();
    let total = (report.rows.len() > 1).then(|| {
        let mut per: BTreeMap<String, Cents> = BTreeMap::new();
        let mut sig: BTreeMap<String, usize> = BTreeMap::new();
        for m in &report.rows {
            for (k, v) in &m.per_cost_type {
                per.entry(k.clone()).or_default().0 += v.0;
            }
            for (k, v) in &m.signals {
                *sig.entry(k.clone()).or_default() += v;
            }
        }
        row(
            "Totaal".into(),
            report.rows.iter().map(|m| m.households).sum(),
            &per,
            Cents(report.rows.iter().map(|m| m.creditors.0).sum()),
            Cents(report.rows.iter().map(|m| m.remainders.0).sum()),
            &sig,
        )
    });
    let page = ReportPage {
        chrome,
        filter,
        month_code: report.month.code(),
        month: report.month.label_nl(),
        cost_types: report.cost_types.iter().map(|(_, l)| l.clone()).collect(),
        signal_labels: SIGNAL_LABELS.iter().map(|(_, l)| *l).collect(),
        rows,
        total,
    };
    render_status(StatusCode::OK, &page)
}

async fn report_file(state: &AppState, user: &User, q: ReportQuery, xlsx: bool) -> Result<Response, AppError> {
    user.actor.require(Permission::PaymentRuns)?;
    let month = report_month(state, user, q).await?;
    let (s, a) = (state.services.clone(), user.actor.clone());
    let (code, bytes) = blocking(move || {
        let report = reports::month_report(&s, &a, &month)?;
        let bytes = if xlsx { reports::xlsx(&report)? } else { reports::csv(&report)? };
        Ok((report.month.code(), bytes))
    })
    .await?;
    let (content_type, name) = if xlsx {
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", format!("ontzorging-{code}.xlsx"))
    } else {
        ("text/csv; charset=utf-8", format!("ontzorging-{code}.csv"))
    };
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, attachment(&name)),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /ontzorging/rapportage.csv?maand=YYYY-MM` (semicolons, UTF-8 with BOM, for Excel)
pub async fn report_csv(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    report_file(&state, &user, q, false).await
}

/// `GET /ontzorging/rapportage.xlsx?maand=YYYY-MM`
pub async fn report_xlsx(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    report_file(&state, &user, q, true).await
}
