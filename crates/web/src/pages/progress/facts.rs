//! The lower part of the "Voortgang" section: participation with the hours per kind, interim
//! language tests, and the MAP final interview and the PVT signing next to the hours that
//! count for their minimums, each with its form. The forms post and come back exactly as the
//! exam and hour forms do. No rule is decided here: the service says what MAP applies to and
//! what is recorded once.

use super::{half, RowWithdrawal};
use crate::extract::{CsrfForm, User};
use crate::pages::dossier_parts::{step, PartForm};
use crate::pages::field;
use crate::view::{date_nl, FormState};
use crate::{AppError, AppState};
use axum::extract::{Path, State};
use axum::response::Response;
use regie_domain::inburgering::progress::{Component, InterimLevel, ParticipationKind, Skill};
use regie_service::cases::progress::{
    self, InterimTestInput, MapInterviewInput, ParticipationInput, Progress, PvtSigningInput, Withdrawable,
};
use regie_service::Permission;

pub struct ParticipationLine {
    pub kind: &'static str,
    pub organisation: String,
    pub period: String,
    pub hours: String,
    pub note: String,
    pub withdrawal: RowWithdrawal,
}

pub struct KindTotal {
    pub label: &'static str,
    pub periods: usize,
    pub hours: String,
}

pub struct InterimLine {
    pub date: String,
    pub skill: &'static str,
    pub level: String,
    pub provider: String,
}

/// The hours that count for a minimum, in words.
pub struct Minimum {
    /// "24 van 40 uur".
    pub hours: String,
    /// "ja" or "nee".
    pub met: &'static str,
}

pub struct FactsView {
    pub participations: Vec<ParticipationLine>,
    pub kind_totals: Vec<KindTotal>,
    pub interim_tests: Vec<InterimLine>,
    /// Whether the route has MAP: "ja", "nee" (onderwijsroute) or "" (no route yet).
    pub map_applies: &'static str,
    /// "dd-mm-jjjj: conclusion", or empty while not recorded.
    pub map_interview: String,
    pub map_minimum: Minimum,
    /// The date of the signing, or empty while not recorded.
    pub pvt_signing: String,
    pub pvt_minimum: Minimum,
    pub kind_options: Vec<(&'static str, &'static str)>,
    pub skill_options: Vec<(&'static str, &'static str)>,
    pub level_options: Vec<(&'static str, &'static str)>,
    pub participation_form: FormState,
    pub interim_form: FormState,
    pub map_form: FormState,
    pub pvt_form: FormState,
}

fn minimum(p: &Progress, component: Component) -> Minimum {
    match p.total(component) {
        Some(t) => Minimum {
            hours: format!("{} van {} uur", t.attended, t.minimum.unwrap_or(0)),
            met: if t.minimum_met() == Some(true) { "ja" } else { "nee" },
        },
        None => Minimum { hours: String::new(), met: "" },
    }
}

impl FactsView {
    pub fn new(p: &Progress, mut submitted: Option<(PartForm, FormState)>) -> FactsView {
        let participations = p
            .participations
            .iter()
            .rev()
            .map(|r| ParticipationLine {
                kind: ParticipationKind::parse(&r.kind).map(|k| k.label()).unwrap_or(""),
                organisation: r.organisation.clone(),
                period: format!("{} t/m {}", date_nl(&r.period_from), date_nl(&r.period_to)),
                hours: half(r.half_hours),
                note: r.note.clone(),
                withdrawal: RowWithdrawal::new(
                    PartForm::WithdrawParticipation(r.id),
                    r.id,
                    (r.withdrawn_at.as_ref(), r.withdrawn_by.as_deref(), r.withdrawn_reason.as_deref()),
                    &mut submitted,
                ),
            })
            .collect();
        let mut forms: [FormState; 4] = Default::default();
        if let Some((which, state)) = submitted {
            let slot = match which {
                PartForm::Participation => Some(0),
                PartForm::InterimTest => Some(1),
                PartForm::MapInterview => Some(2),
                PartForm::PvtSigning => Some(3),
                _ => None,
            };
            if let Some(i) = slot {
                forms[i] = state;
            }
        }
        let [participation_form, interim_form, map_form, pvt_form] = forms;
        let choose = |first: &'static str, rest: Vec<(&'static str, &'static str)>| {
            std::iter::once(("", first)).chain(rest).collect::<Vec<_>>()
        };
        FactsView {
            participations,
            kind_totals: p
                .participation_totals
                .iter()
                .map(|t| KindTotal { label: t.kind.label(), periods: t.periods, hours: t.hours.to_string() })
                .collect(),
            interim_tests: p
                .interim_tests
                .iter()
                .rev()
                .map(|t| InterimLine {
                    date: date_nl(&t.test_date),
                    skill: Skill::parse(&t.skill).map(|k| k.label()).unwrap_or(""),
                    level: InterimLevel::parse(&t.level).map_or_else(|| t.level.clone(), |l| l.label().to_string()),
                    provider: t.provider_name.clone(),
                })
                .collect(),
            map_applies: match p.map_applies {
                Some(true) => "ja",
                Some(false) => "nee",
                None => "",
            },
            map_interview: p
                .map_interview
                .as_ref()
                .map(|m| format!("{}: {}", date_nl(&m.interview_date), m.conclusion))
                .unwrap_or_default(),
            map_minimum: minimum(p, Component::Map),
            pvt_signing: p.pvt_signing.as_ref().map(|v| date_nl(&v.signed_on)).unwrap_or_default(),
            pvt_minimum: minimum(p, Component::Pvt),
            kind_options: choose(
                "Kies de soort",
                ParticipationKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
            ),
            skill_options: choose("Kies de vaardigheid", Skill::ALL.iter().map(|k| (k.code(), k.label())).collect()),
            level_options: choose("Kies het niveau", InterimLevel::ALL.iter().map(|l| (l.code(), l.label())).collect()),
            participation_form,
            interim_form,
            map_form,
            pvt_form,
        }
    }
}

/// `POST /personen/{id}/participatie/{row}/intrekken`
pub async fn withdraw_participation(
    State(state): State<AppState>,
    user: User,
    Path((id, row)): Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    super::withdraw(&state, user, id, (Withdrawable::Participation, row), pairs).await
}

/// `POST /personen/{id}/participatie`
pub async fn record_participation(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let input = ParticipationInput {
        kind: field(&pairs, "kind").to_string(),
        organisation: field(&pairs, "organisation").to_string(),
        period_from: field(&pairs, "periodFrom").to_string(),
        period_to: field(&pairs, "periodTo").to_string(),
        hours: field(&pairs, "hours").to_string(),
        note: field(&pairs, "note").to_string(),
    };
    let person = id.clone();
    step(&state, &user, id, PartForm::Participation, &pairs, move |s, a| {
        progress::record_participation(s, a, &person, &input)
    })
    .await
}

/// `POST /personen/{id}/tussentoetsen`
pub async fn record_interim_test(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let input = InterimTestInput {
        test_date: field(&pairs, "testDate").to_string(),
        skill: field(&pairs, "skill").to_string(),
        level: field(&pairs, "level").to_string(),
        provider_name: field(&pairs, "providerName").to_string(),
    };
    let person = id.clone();
    step(&state, &user, id, PartForm::InterimTest, &pairs, move |s, a| {
        progress::record_interim_test(s, a, &person, &input)
    })
    .await
}

/// `POST /personen/{id}/eindgesprek-map`
pub async fn record_map_interview(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let input = MapInterviewInput {
        interview_date: field(&pairs, "interviewDate").to_string(),
        conclusion: field(&pairs, "conclusion").to_string(),
    };
    let person = id.clone();
    step(&state, &user, id, PartForm::MapInterview, &pairs, move |s, a| {
        progress::record_map_interview(s, a, &person, &input)
    })
    .await
}

/// `POST /personen/{id}/participatieverklaring`
pub async fn record_pvt_signing(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let input = PvtSigningInput { signing_date: field(&pairs, "signingDate").to_string() };
    let person = id.clone();
    step(&state, &user, id, PartForm::PvtSigning, &pairs, move |s, a| {
        progress::record_pvt_signing(s, a, &person, &input)
    })
    .await
}
