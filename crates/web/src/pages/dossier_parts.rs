//! The dossier's documents, consents and referrals on screen: the sections of the dossier page
//! (built here, shown by [`super::dossier`]) and the forms that change them. Every form posts
//! to its own address and comes back to the dossier, exactly as the dossier's other forms: a
//! redirect when accepted, the page again with the mistakes beside the fields (422), or the
//! Dutch reason on top when the dossier's state refuses the step (409).
//!
//! A document upload is `multipart/form-data` with the CSRF field checked as for any form; the
//! type of a file is what its bytes show, not what the browser says.

use super::dossier::answer_part;
use super::{field, Step};
use crate::extract::{CsrfForm, CsrfMultipart, User};
use crate::view::{date_nl, datetime_nl, FormState};
use crate::{blocking, AppError, AppState};
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use regie_domain::inburgering::dossier::{ConsentKind, DocumentType, NameSource, ReferralKind, ReferralOutcome};
use regie_domain::inburgering::nareis::{first_statuses, FamilyRelation, NareisStatus};
use regie_domain::PartialDate;
use regie_service::cases::consents::{self, ConsentInput};
use regie_service::cases::documents;
use regie_service::cases::dossier_parts::{row_id, DossierParts};
use regie_service::cases::names::{self, SpellingInput};
use regie_service::cases::nareizigers::{self, ArrivalInput, NareizigerInput, StatusInput};
use regie_service::cases::referrals::{self, OutcomeInput, ReferralInput};
use regie_service::Permission;

/// Which of the parts' forms a submission came from (the row forms name their row).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PartForm {
    Upload,
    Consent,
    Referral,
    WithdrawDocument(i64),
    WithdrawConsent(i64),
    Outcome(i64),
    /// Another spelling of the name, and withdrawing one.
    Name,
    WithdrawName(i64),
    /// A nareiziger, and the next step of one.
    Nareiziger,
    NareizigerStatus(i64),
    /// Linking an arrived nareiziger to their own dossier.
    NareizigerArrival(i64),
    /// The progress section's forms ([`super::progress`]).
    ExamAttempt,
    HourReport,
    WithdrawHours(i64),
    Participation,
    WithdrawParticipation(i64),
    InterimTest,
    MapInterview,
    PvtSigning,
}

impl PartForm {
    /// The prefix of the element ids of this form's fields (unique on the page).
    pub(super) fn prefix(self) -> String {
        match self {
            PartForm::Upload => "document-".into(),
            PartForm::Consent => "toestemming-".into(),
            PartForm::Referral => "verwijzing-".into(),
            PartForm::WithdrawDocument(id) => format!("document-{id}-"),
            PartForm::WithdrawConsent(id) => format!("toestemming-{id}-"),
            PartForm::Outcome(id) => format!("verwijzing-{id}-"),
            PartForm::Name => "naam-".into(),
            PartForm::WithdrawName(id) => format!("naam-{id}-"),
            PartForm::Nareiziger => "nareiziger-".into(),
            PartForm::NareizigerStatus(id) => format!("nareiziger-{id}-"),
            PartForm::NareizigerArrival(id) => format!("nareiziger-{id}-aankomst-"),
            PartForm::ExamAttempt => "examen-".into(),
            PartForm::HourReport => "uren-".into(),
            PartForm::WithdrawHours(id) => format!("uren-{id}-"),
            PartForm::Participation => "participatie-".into(),
            PartForm::WithdrawParticipation(id) => format!("participatie-{id}-"),
            PartForm::InterimTest => "tussentoets-".into(),
            PartForm::MapInterview => "eindgesprek-".into(),
            PartForm::PvtSigning => "pvt-".into(),
        }
    }

    /// Whether the form belongs to the progress section rather than to these parts.
    pub(super) fn is_progress(self) -> bool {
        matches!(
            self,
            PartForm::ExamAttempt
                | PartForm::HourReport
                | PartForm::WithdrawHours(_)
                | PartForm::Participation
                | PartForm::WithdrawParticipation(_)
                | PartForm::InterimTest
                | PartForm::MapInterview
                | PartForm::PvtSigning
        )
    }
}

pub struct DocLine {
    pub id: i64,
    pub doc_type: &'static str,
    pub name: String,
    pub size: String,
    pub uploaded: String,
    pub by: String,
    pub note: String,
    /// The row's withdrawal form: its id prefix, state, and whether to show it unfolded.
    pub prefix: String,
    pub form: FormState,
    pub open: bool,
}

pub struct ConsentLine {
    pub id: i64,
    pub kind: &'static str,
    pub given: String,
    pub document: String,
    pub note: String,
    /// "Ingetrokken op ...: reden", or empty while it holds.
    pub withdrawn: String,
    pub prefix: String,
    pub form: FormState,
    pub open: bool,
}

pub struct ReferralLine {
    pub id: i64,
    pub partner: String,
    pub kind: &'static str,
    pub referred: String,
    pub goal: String,
    pub shares: &'static str,
    /// "Gestart op ...: toelichting", or empty while unknown.
    pub outcome: String,
    pub prefix: String,
    pub form: FormState,
    pub open: bool,
}

/// Another spelling of the name, as listed under "Persoon".
pub struct NameLine {
    pub id: i64,
    pub name: String,
    pub source: &'static str,
    pub recorded: String,
    pub by: String,
    /// "Ingetrokken op ... door ...", or empty while current.
    pub withdrawn: String,
}

/// A nareiziger, as listed under "Huishouden", with the form for the next step.
pub struct NareizigerLine {
    pub id: i64,
    pub name: String,
    pub relation: &'static str,
    pub birth_date: String,
    pub status: &'static str,
    pub status_on: String,
    pub note: String,
    /// The steps that may follow (with a first "choose"); empty when the status is final.
    pub next: Vec<(&'static str, &'static str)>,
    pub prefix: String,
    pub form: FormState,
    pub open: bool,
    /// The nareiziger's own dossier, once linked.
    pub arrived_person: Option<String>,
    /// Whether the nareiziger has arrived and is not linked yet (the form to link them).
    pub may_link: bool,
    pub link_prefix: String,
    pub link_form: FormState,
    pub link_open: bool,
}

/// The parts' sections of the dossier page with their forms.
pub struct PartsView {
    pub nareizigers: Vec<NareizigerLine>,
    pub nareiziger_form: FormState,
    /// Whom this person followed as a nareiziger: the relation and that person's id.
    pub followed: Option<(&'static str, String)>,
    pub relations: Vec<(&'static str, &'static str)>,
    pub first_statuses: Vec<(&'static str, &'static str)>,
    pub names: Vec<NameLine>,
    pub name_sources: Vec<(&'static str, &'static str)>,
    pub name_form: FormState,
    pub documents: Vec<DocLine>,
    pub withdrawn_documents: usize,
    pub consents: Vec<ConsentLine>,
    pub referrals: Vec<ReferralLine>,
    pub health_hidden: bool,
    pub doc_types: Vec<(&'static str, &'static str)>,
    pub consent_kinds: Vec<(&'static str, &'static str)>,
    pub referral_kinds: Vec<(&'static str, &'static str)>,
    pub outcomes: Vec<(&'static str, &'static str)>,
    pub share_options: Vec<(&'static str, &'static str)>,
    /// The person's current documents, to link a consent to.
    pub doc_options: Vec<(String, String)>,
    pub upload_form: FormState,
    pub consent_form: FormState,
    pub referral_form: FormState,
    /// Every mistake of the submitted form: (element id, message).
    pub errors: Vec<(String, String)>,
}

fn choose(
    first: &'static str,
    rest: impl Iterator<Item = (&'static str, &'static str)>,
) -> Vec<(&'static str, &'static str)> {
    std::iter::once(("", first)).chain(rest).collect()
}

fn size_nl(bytes: i64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} kB", (bytes + 1023) / 1024)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    }
}

impl PartsView {
    pub fn new(p: DossierParts, submitted: Option<(PartForm, FormState)>) -> PartsView {
        let (which, mut state) = match submitted {
            Some((which, state)) => (Some(which), Some(state)),
            None => (None, None),
        };
        let errors = match (which, &state) {
            (Some(w), Some(s)) => {
                s.errors.iter().map(|e| (format!("veld-{}{}", w.prefix(), e.field), e.message.clone())).collect()
            }
            _ => vec![],
        };
        let mut take = |form: PartForm| if which == Some(form) { state.take() } else { None };
        let documents = p
            .documents
            .iter()
            .map(|d| {
                let form = take(PartForm::WithdrawDocument(d.id));
                DocLine {
                    id: d.id,
                    doc_type: DocumentType::parse(&d.doc_type).map(|t| t.label()).unwrap_or(""),
                    name: d.name.clone(),
                    size: size_nl(d.size_bytes),
                    uploaded: datetime_nl(&d.uploaded_at),
                    by: d.uploaded_by.clone(),
                    note: d.note.clone(),
                    prefix: PartForm::WithdrawDocument(d.id).prefix(),
                    open: form.is_some(),
                    form: form.unwrap_or_default(),
                }
            })
            .collect();
        let doc_name = |id: Option<i64>| {
            id.and_then(|id| p.documents.iter().find(|d| d.id == id)).map(|d| d.name.clone()).unwrap_or_default()
        };
        let consents = p
            .consents
            .iter()
            .rev()
            .map(|k| {
                let form = take(PartForm::WithdrawConsent(k.id));
                ConsentLine {
                    id: k.id,
                    kind: ConsentKind::parse(&k.kind).map(|c| c.label()).unwrap_or(""),
                    given: date_nl(&k.given_on),
                    document: doc_name(k.document_id),
                    note: k.note.clone(),
                    withdrawn: k
                        .withdrawn_on
                        .map(|on| {
                            format!(
                                "Ingetrokken op {}: {}",
                                date_nl(&on),
                                k.withdrawn_reason.clone().unwrap_or_default()
                            )
                        })
                        .unwrap_or_default(),
                    prefix: PartForm::WithdrawConsent(k.id).prefix(),
                    open: form.is_some(),
                    form: form.unwrap_or_default(),
                }
            })
            .collect();
        let referrals = p
            .referrals
            .iter()
            .rev()
            .map(|r| {
                let form = take(PartForm::Outcome(r.id));
                let outcome = match (&r.outcome, r.outcome_on) {
                    (Some(o), Some(on)) => {
                        let note = r.outcome_note.clone().unwrap_or_default();
                        let label = referrals::outcome_label(o);
                        if note.is_empty() {
                            format!("{label} op {}", date_nl(&on))
                        } else {
                            format!("{label} op {}: {note}", date_nl(&on))
                        }
                    }
                    _ => String::new(),
                };
                ReferralLine {
                    id: r.id,
                    partner: r.partner_name.clone(),
                    kind: ReferralKind::parse(&r.kind).map(|k| k.label()).unwrap_or(""),
                    referred: date_nl(&r.referred_on),
                    goal: r.goal.clone(),
                    shares: if r.shares_data { "Ja" } else { "Nee" },
                    outcome,
                    prefix: PartForm::Outcome(r.id).prefix(),
                    open: form.is_some(),
                    form: form.unwrap_or_default(),
                }
            })
            .collect();
        let health = !p.health_hidden;
        let names = p
            .names
            .iter()
            .map(|n| NameLine {
                id: n.id,
                name: format!("{} {}", n.given_names, n.family_name).trim().to_string(),
                source: NameSource::parse(&n.source).map(|s| s.label()).unwrap_or(""),
                recorded: datetime_nl(&n.recorded_at),
                by: n.recorded_by.clone(),
                withdrawn: n
                    .withdrawn_at
                    .map(|at| {
                        format!(
                            "Ingetrokken op {} door {}",
                            datetime_nl(&at),
                            n.withdrawn_by.clone().unwrap_or_default()
                        )
                    })
                    .unwrap_or_default(),
            })
            .collect();
        let nareizigers = p
            .nareizigers
            .iter()
            .map(|n| {
                let form = take(PartForm::NareizigerStatus(n.id));
                let link_form = take(PartForm::NareizigerArrival(n.id));
                let status = NareisStatus::parse(&n.status);
                let birth = PartialDate::new(
                    n.birth_year.unwrap_or(0),
                    n.birth_month.map(|m| m as u32),
                    n.birth_day.map(|d| d as u32),
                );
                NareizigerLine {
                    id: n.id,
                    name: format!("{} {}", n.given_names, n.family_name).trim().to_string(),
                    relation: FamilyRelation::parse(&n.relation).map(|r| r.label()).unwrap_or(""),
                    birth_date: match (n.birth_year, birth) {
                        (Some(_), Ok(b)) => b.to_string(),
                        _ => "onbekend".into(),
                    },
                    status: status.map(|s| s.label()).unwrap_or(""),
                    status_on: date_nl(&n.status_on),
                    note: n.note.clone(),
                    next: match status.map(|s| s.successors()).unwrap_or(&[]) {
                        [] => vec![],
                        next => choose("Kies de nieuwe stand", next.iter().map(|s| (s.code(), s.label()))),
                    },
                    prefix: PartForm::NareizigerStatus(n.id).prefix(),
                    open: form.is_some(),
                    form: form.unwrap_or_default(),
                    arrived_person: n.arrived_person_id.clone(),
                    may_link: status == Some(NareisStatus::Aangekomen) && n.arrived_person_id.is_none(),
                    link_prefix: PartForm::NareizigerArrival(n.id).prefix(),
                    link_open: link_form.is_some(),
                    link_form: link_form.unwrap_or_default(),
                }
            })
            .collect();
        PartsView {
            nareizigers,
            nareiziger_form: take(PartForm::Nareiziger).unwrap_or_default(),
            followed: p
                .followed
                .as_ref()
                .map(|(relation, id)| (FamilyRelation::parse(relation).map(|r| r.label()).unwrap_or(""), id.clone())),
            relations: choose("Kies de relatie", FamilyRelation::ALL.iter().map(|r| (r.code(), r.label()))),
            first_statuses: choose("Kies de stand", first_statuses().iter().map(|s| (s.code(), s.label()))),
            names,
            name_sources: choose("Kies de bron", NameSource::ALL.iter().map(|s| (s.code(), s.label()))),
            name_form: take(PartForm::Name).unwrap_or_default(),
            doc_options: std::iter::once((String::new(), "Geen document".to_string()))
                .chain(p.documents.iter().map(|d| {
                    let kind = DocumentType::parse(&d.doc_type).map(|t| t.label()).unwrap_or("");
                    (d.id.to_string(), format!("{} ({kind})", d.name))
                }))
                .collect(),
            documents,
            withdrawn_documents: p.withdrawn_documents,
            consents,
            referrals,
            health_hidden: p.health_hidden,
            doc_types: choose(
                "Kies het soort document",
                DocumentType::ALL.iter().filter(|t| health || !t.is_health()).map(|t| (t.code(), t.label())),
            ),
            consent_kinds: choose("Kies de toestemming", ConsentKind::ALL.iter().map(|k| (k.code(), k.label()))),
            referral_kinds: choose(
                "Kies het soort partner",
                ReferralKind::ALL.iter().filter(|k| health || !k.is_health()).map(|k| (k.code(), k.label())),
            ),
            outcomes: choose("Kies de uitkomst", ReferralOutcome::ALL.iter().map(|o| (o.code(), o.label()))),
            share_options: vec![("nee", "Nee, alleen verwijzen"), ("ja", "Ja, met toestemming van de persoon")],
            upload_form: take(PartForm::Upload).unwrap_or_default(),
            consent_form: take(PartForm::Consent).unwrap_or_default(),
            referral_form: take(PartForm::Referral).unwrap_or_default(),
            errors,
        }
    }
}

/// Runs one use case off the executor and answers with the dossier (see [`answer_part`]).
pub(super) async fn step<T: Send + 'static>(
    state: &AppState,
    user: &User,
    id: String,
    which: PartForm,
    pairs: &[(String, String)],
    f: impl FnOnce(&regie_service::Services, &regie_service::Actor) -> regie_service::ServiceResult<T> + Send + 'static,
) -> Result<Response, AppError> {
    let (services, actor) = (state.services.clone(), user.actor.clone());
    let result = blocking(move || Ok(f(&services, &actor).map(|_| ()))).await?;
    let step = Step::of(result, pairs)?;
    answer_part(state, user, id, which, step).await
}

/// `POST /personen/{id}/documenten` (multipart): a document with its type.
pub async fn upload_document(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    req: Request,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let form = CsrfMultipart::from_request(req, &state).await?;
    let (fields, file) = (form.fields.as_slice(), form.upload("document"));
    let (doc_type, note, person) =
        (field(fields, "docType").to_string(), field(fields, "note").to_string(), id.clone());
    step(&state, &user, id, PartForm::Upload, fields, move |s, a| {
        documents::upload(s, a, &person, &doc_type, &note, &file)
    })
    .await
}

/// `GET /personen/{id}/documenten/{doc}`: the document as a download.
pub async fn document(
    State(state): State<AppState>,
    user: User,
    Path((id, doc)): Path<(String, String)>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::ReadPersons)?;
    let doc = row_id(&doc)?;
    let (s, a) = (state.services.clone(), user.actor.clone());
    let (info, bytes) = blocking(move || Ok(documents::download(&s, &a, &id, doc)?)).await?;
    download(&info.content_type, &info.name, bytes)
}

/// A stored document as an attachment, with the type it was stored with.
pub(crate) fn download(content_type: &str, name: &str, bytes: Vec<u8>) -> Result<Response, AppError> {
    let content_type =
        HeaderValue::from_str(content_type).unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    let disposition = super::ontzorging::attachment(name);
    Ok(([(header::CONTENT_TYPE, content_type), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}

/// `POST /personen/{id}/documenten/{doc}/intrekken`
pub async fn withdraw_document(
    State(state): State<AppState>,
    user: User,
    Path((id, doc)): Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let doc = row_id(&doc)?;
    let (reason, person) = (field(&pairs, "reason").to_string(), id.clone());
    step(&state, &user, id, PartForm::WithdrawDocument(doc), &pairs, move |s, a| {
        documents::withdraw(s, a, &person, doc, &reason)
    })
    .await
}

/// `POST /personen/{id}/toestemmingen`
pub async fn give_consent(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let raw_doc = field(&pairs, "documentId").trim();
    let input = ConsentInput {
        kind: field(&pairs, "kind").to_string(),
        given_on: field(&pairs, "givenOn").to_string(),
        // Not a number: 0, which names no document, so the service refuses it.
        document_id: (!raw_doc.is_empty()).then(|| raw_doc.parse().unwrap_or(0)),
        note: field(&pairs, "note").to_string(),
    };
    let person = id.clone();
    step(&state, &user, id, PartForm::Consent, &pairs, move |s, a| consents::give(s, a, &person, &input)).await
}

/// `POST /personen/{id}/toestemmingen/{consent}/intrekken`
pub async fn withdraw_consent(
    State(state): State<AppState>,
    user: User,
    Path((id, consent)): Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let consent = row_id(&consent)?;
    let (on, reason, person) =
        (field(&pairs, "withdrawnOn").to_string(), field(&pairs, "reason").to_string(), id.clone());
    step(&state, &user, id, PartForm::WithdrawConsent(consent), &pairs, move |s, a| {
        consents::withdraw(s, a, &person, consent, &on, &reason)
    })
    .await
}

/// `POST /personen/{id}/verwijzingen`
pub async fn create_referral(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let input = ReferralInput {
        partner_name: field(&pairs, "partnerName").to_string(),
        kind: field(&pairs, "kind").to_string(),
        referred_on: field(&pairs, "referredOn").to_string(),
        goal: field(&pairs, "goal").to_string(),
        shares_data: field(&pairs, "sharesData") == "ja",
    };
    let person = id.clone();
    step(&state, &user, id, PartForm::Referral, &pairs, move |s, a| referrals::create(s, a, &person, &input)).await
}

/// `POST /personen/{id}/verwijzingen/{referral}/uitkomst`
pub async fn record_outcome(
    State(state): State<AppState>,
    user: User,
    Path((id, referral)): Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let referral = row_id(&referral)?;
    let input = OutcomeInput {
        outcome: field(&pairs, "outcome").to_string(),
        outcome_on: field(&pairs, "outcomeOn").to_string(),
        note: field(&pairs, "note").to_string(),
    };
    let person = id.clone();
    step(&state, &user, id, PartForm::Outcome(referral), &pairs, move |s, a| {
        referrals::record_outcome(s, a, &person, referral, &input)
    })
    .await
}

/// `POST /personen/{id}/namen`: another spelling of the name.
pub async fn add_name(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let input = SpellingInput {
        given_names: field(&pairs, "givenNames").to_string(),
        family_name: field(&pairs, "familyName").to_string(),
        source: field(&pairs, "source").to_string(),
    };
    let person = id.clone();
    step(&state, &user, id, PartForm::Name, &pairs, move |s, a| names::add(s, a, &person, &input)).await
}

/// `POST /personen/{id}/namen/{name}/intrekken`: search no longer finds the person by it.
pub async fn withdraw_name(
    State(state): State<AppState>,
    user: User,
    Path((id, name)): Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let which = PartForm::WithdrawName(row_id(&name)?);
    let person = id.clone();
    step(&state, &user, id, which, &pairs, move |s, a| names::withdraw(s, a, &person, &name)).await
}

/// `POST /personen/{id}/nareizigers`: a family member who follows.
pub async fn add_nareiziger(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let input = NareizigerInput {
        relation: field(&pairs, "relation").to_string(),
        given_names: field(&pairs, "givenNames").to_string(),
        family_name: field(&pairs, "familyName").to_string(),
        birth_date: field(&pairs, "birthDate").to_string(),
        status: field(&pairs, "status").to_string(),
        status_on: field(&pairs, "statusOn").to_string(),
        note: field(&pairs, "note").to_string(),
    };
    let person = id.clone();
    step(&state, &user, id, PartForm::Nareiziger, &pairs, move |s, a| nareizigers::add(s, a, &person, &input)).await
}

/// `POST /personen/{id}/nareizigers/{nareiziger}/dossier`: an arrived nareiziger linked to
/// their own dossier by V-nummer.
pub async fn link_nareiziger(
    State(state): State<AppState>,
    user: User,
    Path((id, nareiziger)): Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let which = PartForm::NareizigerArrival(row_id(&nareiziger)?);
    let input = ArrivalInput { v_nummer: field(&pairs, "vNummer").to_string() };
    let person = id.clone();
    step(&state, &user, id, which, &pairs, move |s, a| nareizigers::link_arrived(s, a, &person, &nareiziger, &input))
        .await
}

/// `POST /personen/{id}/nareizigers/{nareiziger}/stand`: the next step of the reunification.
pub async fn nareiziger_status(
    State(state): State<AppState>,
    user: User,
    Path((id, nareiziger)): Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.actor.require(Permission::WritePersons)?;
    let which = PartForm::NareizigerStatus(row_id(&nareiziger)?);
    let input =
        StatusInput { status: field(&pairs, "status").to_string(), status_on: field(&pairs, "statusOn").to_string() };
    let person = id.clone();
    step(&state, &user, id, which, &pairs, move |s, a| nareizigers::step(s, a, &person, &nareiziger, &input)).await
}
