//! The dossier's "Voortgang" section: per exam the attempts and the free attempts left, per
//! component the hours reported with the minimum (MAP, PVT), every hour report, and the two
//! forms that add an exam result and an hour report; below them participation, interim tests,
//! the MAP final interview and the PVT signing with their forms ([`facts`]). Built here, shown by [`super::dossier`];
//! the forms post and come back exactly as the documents, consents and referrals do
//! ([`super::dossier_parts::step`]). No rule is decided here: the numbers come from the service.

mod facts;

pub use facts::{
    record_interim_test, record_map_interview, record_participation, record_pvt_signing, withdraw_participation,
    FactsView,
};

use super::dossier_parts::{step, PartForm};
use super::field;
use crate::extract::{CsrfForm, User};
use crate::view::{date_nl, datetime_nl, FormState};
use crate::{AppError, AppState};
use axum::extract::{Path, State};
use axum::response::Response;
use regie_domain::inburgering::progress::{Component, ExamKind, ExamResult, HalfHours};
use regie_service::cases::progress::{self, ExamAttemptInput, HourReportInput, Progress, Withdrawable};
use regie_service::Permission;

pub struct AttemptLine {
    pub date: String,
    pub result: &'static str,
    pub paid: bool,
    pub note: String,
}

pub struct ExamLine {
    pub label: &'static str,
    pub attempts: Vec<AttemptLine>,
    /// "Gehaald", or the free attempts left in words.
    pub status: String,
}

pub struct ComponentLine {
    pub label: &'static str,
    pub attended: String,
    pub planned: String,
    pub keurmerk: String,
    /// "40 uur", or empty for a component without a minimum.
    pub minimum: String,
    /// "Ja", "Nee", or empty without a minimum.
    pub met: &'static str,
}

pub struct ReportLine {
    pub provider: String,
    pub component: &'static str,
    pub period: String,
    pub attended: String,
    pub planned: String,
    pub keurmerk: &'static str,
    pub withdrawal: RowWithdrawal,
}

/// Whether a counted row (an hour report, a participation) was withdrawn, and the form that
/// withdraws it while it counts.
pub struct RowWithdrawal {
    pub id: i64,
    /// "Ingetrokken op ... door ...: reden", or empty while the row counts.
    pub withdrawn: String,
    pub prefix: String,
    pub form: FormState,
    /// Unfolded after a refused submission, so the mistakes show.
    pub open: bool,
}

impl RowWithdrawal {
    /// `which` is the row's withdrawal form; `submitted` the form that came back, if any (taken
    /// when it is this row's).
    pub(super) fn new(
        which: PartForm,
        id: i64,
        (at, by, reason): (Option<&chrono::NaiveDateTime>, Option<&str>, Option<&str>),
        submitted: &mut Option<(PartForm, FormState)>,
    ) -> RowWithdrawal {
        let form = match submitted.take() {
            Some((w, state)) if w == which => Some(state),
            other => {
                *submitted = other;
                None
            }
        };
        RowWithdrawal {
            id,
            withdrawn: at
                .map(|at| {
                    format!("Ingetrokken op {} door {}: {}", datetime_nl(at), by.unwrap_or(""), reason.unwrap_or(""))
                })
                .unwrap_or_default(),
            prefix: which.prefix(),
            open: form.is_some(),
            form: form.unwrap_or_default(),
        }
    }
}

pub struct ProgressView {
    /// Exams with at least one attempt, in list order.
    pub exams: Vec<ExamLine>,
    /// Exams not tried yet, with their free attempts in words.
    pub untried: String,
    pub components: Vec<ComponentLine>,
    pub reports: Vec<ReportLine>,
    pub exam_options: Vec<(&'static str, &'static str)>,
    pub result_options: Vec<(&'static str, &'static str)>,
    pub component_options: Vec<(&'static str, &'static str)>,
    pub keurmerk_options: Vec<(&'static str, &'static str)>,
    pub exam_form: FormState,
    pub hours_form: FormState,
    /// Participation, interim tests, the MAP final interview and the PVT signing.
    pub facts: FactsView,
    /// Every mistake of the submitted form: (element id, message).
    pub errors: Vec<(String, String)>,
}

fn free_words(free_left: u32) -> String {
    match free_left {
        0 => "Geen gratis poging meer: een nieuwe poging is betaald".into(),
        1 => "Nog 1 gratis poging".into(),
        n => format!("Nog {n} gratis pogingen"),
    }
}

fn half(n: i32) -> String {
    HalfHours(u32::try_from(n).unwrap_or(0)).to_string()
}

impl ProgressView {
    pub fn new(p: Progress, submitted: Option<(PartForm, FormState)>) -> ProgressView {
        let errors = submitted
            .as_ref()
            .map(|(w, s)| {
                s.errors.iter().map(|e| (format!("veld-{}{}", w.prefix(), e.field), e.message.clone())).collect()
            })
            .unwrap_or_default();
        let (mut exam_form, mut hours_form, mut other) = (FormState::default(), FormState::default(), None);
        match submitted {
            Some((PartForm::ExamAttempt, s)) => exam_form = s,
            Some((PartForm::HourReport, s)) => hours_form = s,
            rest => other = rest,
        }
        let reports = p
            .reports
            .iter()
            .rev()
            .map(|r| ReportLine {
                provider: r.provider_name.clone(),
                component: Component::parse(&r.component).map(|c| c.label()).unwrap_or(""),
                period: format!("{} t/m {}", date_nl(&r.period_from), date_nl(&r.period_to)),
                attended: half(r.attended_half_hours),
                planned: half(r.planned_half_hours),
                keurmerk: if r.keurmerk { "Ja" } else { "Nee" },
                withdrawal: RowWithdrawal::new(
                    PartForm::WithdrawHours(r.id),
                    r.id,
                    (r.withdrawn_at.as_ref(), r.withdrawn_by.as_deref(), r.withdrawn_reason.as_deref()),
                    &mut other,
                ),
            })
            .collect();
        let facts = FactsView::new(&p, other);
        let tried = p.exams.iter().filter(|e| e.status.attempts > 0);
        let exams = tried
            .map(|e| ExamLine {
                label: e.status.exam.label(),
                attempts: e
                    .attempts
                    .iter()
                    .map(|a| AttemptLine {
                        date: date_nl(&a.exam_date),
                        result: ExamResult::parse(&a.result).map(|r| r.label()).unwrap_or(""),
                        paid: a.paid,
                        note: a.note.clone(),
                    })
                    .collect(),
                status: e.status.free_left.map(free_words).unwrap_or_else(|| "Gehaald".into()),
            })
            .collect();
        let untried_free: Vec<u32> = p.exams.iter().filter(|e| e.status.attempts == 0).map(|e| e.status.free).collect();
        let untried = match untried_free.iter().max() {
            None => String::new(),
            Some(0) => "Voor de andere examens is nog geen poging vastgelegd; er zijn geen gratis pogingen.".into(),
            Some(n) => format!(
                "Voor de andere examens is nog geen poging vastgelegd; per examen {n} gratis pogingen{}.",
                if untried_free.contains(&0) { " (niet voor een examen onder het taaldoel van het PIP)" } else { "" }
            ),
        };
        let components = p
            .totals
            .iter()
            .map(|t| ComponentLine {
                label: t.component.label(),
                attended: t.attended.to_string(),
                planned: t.planned.to_string(),
                keurmerk: t.keurmerk_attended.to_string(),
                minimum: t.minimum.map(|m| format!("{m} uur")).unwrap_or_default(),
                met: match t.minimum_met() {
                    Some(true) => "Ja",
                    Some(false) => "Nee",
                    None => "",
                },
            })
            .collect();
        let choose = |first: &'static str, rest: Vec<(&'static str, &'static str)>| {
            std::iter::once(("", first)).chain(rest).collect::<Vec<_>>()
        };
        ProgressView {
            exams,
            untried,
            components,
            reports,
            exam_options: choose("Kies het examen", ExamKind::ALL.iter().map(|e| (e.code(), e.label())).collect()),
            result_options: choose(
                "Kies het resultaat",
                ExamResult::ALL.iter().map(|r| (r.code(), r.label())).collect(),
            ),
            component_options: choose(
                "Kies het onderdeel",
                Component::ALL.iter().map(|c| (c.code(), c.label())).collect(),
            ),
            keurmerk_options: vec![("nee", "Nee"), ("ja", "Ja, de aanbieder heeft het keurmerk")],
            exam_form,
            hours_form,
            facts,
            errors,
        }
    }
}

/// `POST /personen/{id}/examens`
pub async fn record_attempt(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let input = ExamAttemptInput {
        exam: field(&pairs, "exam").to_string(),
        exam_date: field(&pairs, "examDate").to_string(),
        result: field(&pairs, "result").to_string(),
        note: field(&pairs, "note").to_string(),
    };
    let person = id.clone();
    step(&state, &user, id, PartForm::ExamAttempt, &pairs, move |s, a| progress::record_attempt(s, a, &person, &input))
        .await
}

/// `POST /personen/{id}/uren/{report}/intrekken`
pub async fn withdraw_hours(
    State(state): State<AppState>,
    user: User,
    Path((id, report)): Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    withdraw(&state, user, id, (Withdrawable::HourReport, report), pairs).await
}

/// A withdrawal form of the progress section (an hour report, a participation).
pub(super) async fn withdraw(
    state: &AppState,
    user: User,
    id: String,
    (which, row): (Withdrawable, String),
    pairs: Vec<(String, String)>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let row_id = regie_service::cases::dossier_parts::row_id(&row)?;
    let form = match which {
        Withdrawable::HourReport => PartForm::WithdrawHours(row_id),
        Withdrawable::Participation => PartForm::WithdrawParticipation(row_id),
    };
    let (reason, person) = (field(&pairs, "reason").to_string(), id.clone());
    step(state, &user, id, form, &pairs, move |s, a| progress::withdraw(s, a, &person, which, &row, &reason)).await
}

/// `POST /personen/{id}/uren`
pub async fn record_hours(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let input = HourReportInput {
        provider_name: field(&pairs, "providerName").to_string(),
        component: field(&pairs, "component").to_string(),
        period_from: field(&pairs, "periodFrom").to_string(),
        period_to: field(&pairs, "periodTo").to_string(),
        hours_attended: field(&pairs, "hoursAttended").to_string(),
        hours_planned: field(&pairs, "hoursPlanned").to_string(),
        keurmerk: field(&pairs, "keurmerk") == "ja",
    };
    let person = id.clone();
    step(&state, &user, id, PartForm::HourReport, &pairs, move |s, a| progress::record_hours(s, a, &person, &input))
        .await
}
