//! The PIP (persoonlijk plan inburgering en participatie): drafted by the case worker, checked
//! and established by a team lead as a decision (dagtekening, six weeks for objection), and
//! after that changed only by a new version with its reason. Objections are registered and
//! decided here. The termijn starts from the first version's dagtekening and does not move.

use super::{load_scoped, transition, Step};
use crate::audit::{entry, purpose};
use crate::error::Errors;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use regie_domain::inburgering::deadlines::objection_deadline;
use regie_domain::inburgering::{Command, Leerroute, PipChange, Stage};
use regie_store::cases::{ObjectionRow, PipRow};
use serde::{Deserialize, Serialize};

pub const LIFE_DOMAINS: [(&str, &str); 8] = [
    ("taal", "Taal"),
    ("werk", "Werk en participatie"),
    ("onderwijs", "Onderwijs"),
    ("gezondheid", "Gezondheid"),
    ("gezin", "Gezin en kinderen"),
    ("financien", "Geld en administratie"),
    ("wonen", "Wonen"),
    ("netwerk", "Sociaal netwerk"),
];
pub const COMPONENTS: [(&str, &str); 4] = [
    ("taal", "Taal (leerroute)"),
    ("map", "Module Arbeidsmarkt en Participatie (MAP)"),
    ("knm", "Kennis van de Nederlandse Maatschappij (KNM)"),
    ("pvt", "Participatieverklaringstraject (PVT)"),
];
pub const LANGUAGE_TARGETS: [&str; 4] = ["A1", "A2", "B1", "B2"];

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PipAction {
    pub who: String,
    pub what: String,
    pub by_when: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PipGoal {
    pub life_domain: String,
    pub goal: String,
    #[serde(default)]
    pub actions: Vec<PipAction>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PipComponent {
    pub code: String,
    pub intensity: String,
}

/// The content of one PIP version, as drafted (stored as JSON with the version).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PipContent {
    pub language_target: String,
    #[serde(default)]
    pub components: Vec<PipComponent>,
    #[serde(default)]
    pub goals: Vec<PipGoal>,
    /// Preconditions such as childcare and travel.
    #[serde(default)]
    pub preconditions: Vec<String>,
    #[serde(default)]
    pub ontzorging: String,
    #[serde(default)]
    pub progress_interviews: String,
    #[serde(default)]
    pub person_view: String,
    #[serde(default)]
    pub person_agrees: bool,
}

const MAX_TEXT: usize = 2000;

fn check_text(e: &mut Errors, field: &str, v: &str, required: bool) {
    let n = v.trim().chars().count();
    if required && n == 0 {
        e.push(field, "Vul dit veld in.");
    } else if n > MAX_TEXT {
        e.push(field, "Hoogstens 2000 tekens.");
    } else if v.chars().any(|c| c.is_control() && !"\n\r\t".contains(c)) {
        e.push(field, "Bevat tekens die niet zijn toegestaan.");
    }
}

impl PipContent {
    /// Checks the shape of a draft for `route`; `for_submission` also asks for what a decision
    /// needs (a language target and at least one goal with an action).
    pub fn validate(&self, route: Leerroute, for_submission: bool) -> Result<(), ServiceError> {
        let mut e = Errors::default();
        if (!self.language_target.is_empty() || for_submission)
            && !LANGUAGE_TARGETS.contains(&self.language_target.as_str())
        {
            e.push("languageTarget", "Kies het taaldoel: A1, A2, B1 of B2.");
        }
        for (i, c) in self.components.iter().enumerate() {
            if !COMPONENTS.iter().any(|(code, _)| *code == c.code) {
                e.push(&format!("components.{i}"), "Onbekend onderdeel; kies taal, MAP, KNM of PVT.");
            } else if c.code == "map" && !route.has_map() {
                e.push(
                    &format!("components.{i}"),
                    "De onderwijsroute heeft geen MAP (wel studie- en loopbaanbegeleiding).",
                );
            }
            check_text(&mut e, &format!("components.{i}"), &c.intensity, false);
        }
        if self.goals.len() > 50 {
            e.push("goals", "Hoogstens 50 doelen.");
        }
        for (i, g) in self.goals.iter().enumerate() {
            if !LIFE_DOMAINS.iter().any(|(code, _)| *code == g.life_domain) {
                e.push(&format!("goals.{i}.lifeDomain"), "Kies een leefgebied.");
            }
            check_text(&mut e, &format!("goals.{i}.goal"), &g.goal, true);
            for (j, a) in g.actions.iter().enumerate().take(50) {
                check_text(&mut e, &format!("goals.{i}.actions.{j}.who"), &a.who, true);
                check_text(&mut e, &format!("goals.{i}.actions.{j}.what"), &a.what, true);
                check_text(&mut e, &format!("goals.{i}.actions.{j}.byWhen"), &a.by_when, true);
            }
        }
        for (i, p) in self.preconditions.iter().enumerate().take(50) {
            check_text(&mut e, &format!("preconditions.{i}"), p, false);
        }
        for (field, v) in [
            ("ontzorging", &self.ontzorging),
            ("progressInterviews", &self.progress_interviews),
            ("personView", &self.person_view),
        ] {
            check_text(&mut e, field, v, false);
        }
        if for_submission {
            if !self.goals.iter().any(|g| !g.actions.is_empty()) {
                e.push("goals", "Een PIP heeft minstens één doel met een actie (wie doet wat, wanneer).");
            }
            if self.progress_interviews.trim().is_empty() {
                e.push("progressInterviews", "Leg vast wanneer de voortgangsgesprekken zijn.");
            }
        }
        e.into_result()
    }
}

/// Why a new version is made, as given in a form or the API.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangeInput {
    /// `routewissel`, `afschalen`, `verhuizing` or `bijstelling`.
    pub kind: String,
    pub reason: String,
    /// For a route switch: the new route.
    pub to_route: Option<String>,
    /// For afschalen: whether the effort sufficed (the case worker's judgement). The course
    /// hours are not asked: they are the recorded hour reports (see [`super::progress`]).
    #[serde(default)]
    pub effort_sufficient: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DraftInput {
    pub content: PipContent,
    pub change: Option<ChangeInput>,
}

fn route_of(case: &regie_store::cases::CaseRow) -> ServiceResult<Leerroute> {
    case.route
        .as_deref()
        .and_then(Leerroute::parse)
        .ok_or_else(|| ServiceError::Conflict("Er is nog geen leerroute bepaald.".into()))
}

/// Drafts the first PIP, or a new version of an established one (with its reason).
pub fn draft(s: &Services, actor: &Actor, person_id: &str, input: &DraftInput) -> ServiceResult<PipRow> {
    actor.require(Permission::DecideCase)?;
    let today = s.clock.today();
    let now = s.clock.naive();
    let change_reason = input.change.as_ref().map(|c| c.reason.trim().to_string()).unwrap_or_default();
    if input.change.is_some() && !(5..=2000).contains(&change_reason.chars().count()) {
        return Err(ServiceError::field("change.reason", "Geef de reden van de nieuwe versie (5 tot 2000 tekens)."));
    }
    let switch_to = input
        .change
        .as_ref()
        .filter(|c| c.kind == "routewissel")
        .and_then(|c| c.to_route.as_deref())
        .and_then(Leerroute::parse);
    transition(
        s,
        actor,
        person_id,
        Permission::DecideCase,
        "pip.draft",
        |c, _, case| {
            let change = match &input.change {
                None => None,
                Some(ch) => Some(match ch.kind.as_str() {
                    "routewissel" => {
                        let to = switch_to
                            .ok_or_else(|| ServiceError::field("change.toRoute", "Kies de nieuwe leerroute."))?;
                        PipChange::RouteSwitch {
                            from: route_of(case)?,
                            to,
                            termijn_start: case.termijn_start.unwrap_or(today),
                            on: today,
                        }
                    }
                    // The hours are what providers reported: language lessons at a school
                    // with the quality mark, whole hours attended (read in this transaction).
                    "afschalen" => PipChange::Afschalen {
                        route: route_of(case)?,
                        quality_marked_course_hours: super::progress::keurmerk_language_hours(c, person_id)?
                            .whole_hours(),
                        effort_sufficient: ch.effort_sufficient,
                        on: today,
                    },
                    "verhuizing" => PipChange::Verhuizing,
                    "bijstelling" => PipChange::Bijstelling,
                    _ => {
                        return Err(ServiceError::field(
                            "change.kind",
                            "Kies de reden: routewissel, afschalen, verhuizing of bijstelling.",
                        ))
                    }
                }),
            };
            let detail = match &change {
                None => "Eerste PIP opgesteld".to_string(),
                Some(ch) => format!("Nieuwe PIP-versie: {}", ch.label()),
            };
            Ok(Step { command: Command::DraftPip { change }, detail })
        },
        |c, _, case, _| {
            let route = switch_to.map_or_else(|| route_of(case), Ok)?;
            let mut content = input.content.clone();
            if input.change.as_ref().is_some_and(|ch| ch.kind == "afschalen") {
                content.language_target = "A2".into();
            }
            content.validate(route, false)?;
            let version = regie_store::cases::pips_of(c, person_id)?.iter().map(|p| p.version).max().unwrap_or(0) + 1;
            let row = PipRow {
                id: uuid::Uuid::now_v7().to_string(),
                person_id: person_id.to_string(),
                version,
                status: "concept".into(),
                route: route.code().to_string(),
                language_target: content.language_target.clone(),
                content: serde_json::to_string(&content).map_err(|e| ServiceError::Internal(e.to_string()))?,
                reason_kind: input.change.as_ref().map(|c| c.kind.clone()).unwrap_or_else(|| "eerste".into()),
                reason: change_reason.clone(),
                drafted_by: actor.label.clone(),
                checked_by: None,
                dagtekening: None,
                objection_until: None,
                created_at: now,
                updated_at: now,
            };
            regie_store::cases::insert_pip(c, &row)?;
            Ok(row)
        },
    )
}

/// The person a PIP belongs to, for the use cases addressed by PIP id. The caller's role is
/// checked first, so that a role without the permission is refused before anything is looked up.
fn owner(s: &Services, actor: &Actor, permission: Permission, pip_id: &str) -> ServiceResult<String> {
    actor.require(permission)?;
    s.store.read(|c| regie_store::cases::pip(c, pip_id))?.map(|p| p.person_id).ok_or(ServiceError::NotFound)
}

fn open_draft(c: &mut regie_store::Conn, pip_id: &str, status: &str) -> ServiceResult<PipRow> {
    let pip = regie_store::cases::pip(c, pip_id)?.ok_or(ServiceError::NotFound)?;
    if pip.status != status {
        return Err(ServiceError::Conflict(match status {
            "concept" => {
                "Dit PIP is geen concept meer en kan niet worden gewijzigd; maak zo nodig een nieuwe versie.".into()
            }
            _ => "Dit PIP is niet ter controle aangeboden.".into(),
        }));
    }
    Ok(pip)
}

/// Changes a draft's content (only while it is a concept).
pub fn update_draft(s: &Services, actor: &Actor, pip_id: &str, content: &PipContent) -> ServiceResult<()> {
    let person_id = owner(s, actor, Permission::DecideCase, pip_id)?;
    let now = s.clock.naive();
    transition(
        s,
        actor,
        &person_id,
        Permission::DecideCase,
        "pip.update",
        |c, _, _| {
            open_draft(c, pip_id, "concept")?;
            Ok(Step { command: Command::RecordFacts, detail: "PIP-concept bijgewerkt".into() })
        },
        |c, _, _, _| {
            let mut pip = open_draft(c, pip_id, "concept")?;
            let route = Leerroute::parse(&pip.route).unwrap_or(Leerroute::B1);
            content.validate(route, false)?;
            pip.language_target = content.language_target.clone();
            pip.content = serde_json::to_string(content).map_err(|e| ServiceError::Internal(e.to_string()))?;
            pip.updated_at = now;
            regie_store::cases::save_pip(c, &pip)?;
            Ok(())
        },
    )
}

/// Offers a complete draft to a team lead.
pub fn submit(s: &Services, actor: &Actor, pip_id: &str) -> ServiceResult<()> {
    let person_id = owner(s, actor, Permission::DecideCase, pip_id)?;
    let now = s.clock.naive();
    transition(
        s,
        actor,
        &person_id,
        Permission::DecideCase,
        "pip.submit",
        |c, _, _| {
            let pip = open_draft(c, pip_id, "concept")?;
            let content: PipContent = serde_json::from_str(&pip.content).unwrap_or_default();
            content.validate(Leerroute::parse(&pip.route).unwrap_or(Leerroute::B1), true)?;
            Ok(Step { command: Command::SubmitPip, detail: format!("PIP versie {} ter controle", pip.version) })
        },
        |c, _, _, _| {
            let mut pip = open_draft(c, pip_id, "concept")?;
            pip.status = "ter_controle".into();
            pip.updated_at = now;
            regie_store::cases::save_pip(c, &pip)?;
            Ok(())
        },
    )
}

/// The team lead sends a draft back with a remark.
pub fn return_to_draft(s: &Services, actor: &Actor, pip_id: &str, remark: &str) -> ServiceResult<()> {
    actor.require(Permission::EstablishPip)?;
    let remark = remark.trim();
    if !(5..=2000).contains(&remark.chars().count()) {
        return Err(ServiceError::field("remark", "Schrijf wat er moet veranderen (5 tot 2000 tekens)."));
    }
    let person_id = owner(s, actor, Permission::EstablishPip, pip_id)?;
    let now = s.clock.naive();
    transition(
        s,
        actor,
        &person_id,
        Permission::EstablishPip,
        "pip.return",
        |c, _, _| {
            open_draft(c, pip_id, "ter_controle")?;
            Ok(Step { command: Command::ReturnPip, detail: format!("Teruggezet: {remark}") })
        },
        |c, _, _, _| {
            let mut pip = open_draft(c, pip_id, "ter_controle")?;
            pip.status = "concept".into();
            pip.updated_at = now;
            regie_store::cases::save_pip(c, &pip)?;
            Ok(())
        },
    )
}

/// Establishes the PIP as a decision dated today; the previous version is replaced. Someone
/// other than the drafter must do this.
pub fn establish(s: &Services, actor: &Actor, pip_id: &str) -> ServiceResult<PipRow> {
    let person_id = owner(s, actor, Permission::EstablishPip, pip_id)?;
    let today = s.clock.today();
    let now = s.clock.naive();
    transition(
        s,
        actor,
        &person_id,
        Permission::EstablishPip,
        "pip.establish",
        |c, _, case| {
            let pip = open_draft(c, pip_id, "ter_controle")?;
            // Hours can be withdrawn after the draft: afschalen must still hold on the day the
            // version is established, on the hours recorded then.
            if pip.reason_kind == "afschalen" {
                let hours = super::progress::keurmerk_language_hours(c, &person_id)?.whole_hours();
                regie_domain::inburgering::leerroute::check_afschalen(&s.rules, today, route_of(case)?, hours, true)
                    .map_err(|refused| ServiceError::Conflict(refused.to_string()))?;
            }
            Ok(Step {
                command: Command::EstablishPip { by_drafter: pip.drafted_by == actor.label },
                detail: format!("PIP versie {} vastgesteld", pip.version),
            })
        },
        |c, _, case, _| {
            for mut old in regie_store::cases::pips_of(c, &person_id)?.into_iter().filter(|p| p.status == "vastgesteld")
            {
                old.status = "vervangen".into();
                old.updated_at = now;
                regie_store::cases::save_pip(c, &old)?;
            }
            let mut pip = open_draft(c, pip_id, "ter_controle")?;
            pip.status = "vastgesteld".into();
            pip.checked_by = Some(actor.label.clone());
            pip.dagtekening = Some(today);
            pip.objection_until = Some(objection_deadline(&s.rules, today));
            pip.updated_at = now;
            regie_store::cases::save_pip(c, &pip)?;
            case.route = Some(pip.route.clone());
            Ok(pip)
        },
    )
}

/// Drops a draft of a new version; the established PIP stays in force.
pub fn discard_change(s: &Services, actor: &Actor, pip_id: &str) -> ServiceResult<()> {
    let person_id = owner(s, actor, Permission::DecideCase, pip_id)?;
    let now = s.clock.naive();
    transition(
        s,
        actor,
        &person_id,
        Permission::DecideCase,
        "pip.discard",
        |c, _, _| {
            let pip = regie_store::cases::pip(c, pip_id)?.ok_or(ServiceError::NotFound)?;
            if pip.dagtekening.is_some() || pip.status == "vervallen" {
                return Err(ServiceError::Conflict("Alleen een nieuwe versie in de maak kan vervallen.".into()));
            }
            Ok(Step { command: Command::DiscardPipChange, detail: format!("PIP versie {} vervallen", pip.version) })
        },
        |c, _, _, _| {
            let mut pip = regie_store::cases::pip(c, pip_id)?.ok_or(ServiceError::NotFound)?;
            pip.status = "vervallen".into();
            pip.updated_at = now;
            regie_store::cases::save_pip(c, &pip)?;
            Ok(())
        },
    )
}

/// Registers an objection (bezwaar) against an established version.
pub fn register_objection(
    s: &Services,
    actor: &Actor,
    pip_id: &str,
    received_on: &str,
    grounds: &str,
) -> ServiceResult<()> {
    actor.require(Permission::DecideCase)?;
    let person_id = owner(s, actor, Permission::DecideCase, pip_id)?;
    let today = s.clock.today();
    let mut e = Errors::default();
    let received = super::dossier::parse_date(&mut e, "receivedOn", &Some(received_on.to_string()), today);
    if received.is_none() && e.0.is_empty() {
        e.push("receivedOn", "Vul de datum van ontvangst in.");
    }
    check_text(&mut e, "grounds", grounds, true);
    e.into_result()?;
    let received = received.expect("checked");
    transition(
        s,
        actor,
        &person_id,
        Permission::DecideCase,
        "pip.objection",
        |c, _, _| {
            let pip = regie_store::cases::pip(c, pip_id)?.ok_or(ServiceError::NotFound)?;
            let Some(dagtekening) = pip.dagtekening else {
                return Err(ServiceError::Conflict("Tegen een concept kan geen bezwaar worden gemaakt.".into()));
            };
            if received < dagtekening {
                return Err(ServiceError::field(
                    "receivedOn",
                    "Het bezwaar kan niet ontvangen zijn vóór de dagtekening.",
                ));
            }
            let late = pip.objection_until.is_some_and(|until| received > until);
            Ok(Step {
                command: Command::RecordFacts,
                detail: format!(
                    "Bezwaar ontvangen tegen versie {}{}",
                    pip.version,
                    if late { " (na de bezwaartermijn)" } else { "" }
                ),
            })
        },
        |c, _, _, _| Ok(regie_store::cases::add_objection(c, pip_id, received, grounds.trim(), &actor.label)?),
    )
}

pub const OBJECTION_OUTCOMES: [(&str, &str); 4] = [
    ("gegrond", "Gegrond: het PIP wordt herzien"),
    ("ongegrond", "Ongegrond"),
    ("niet_ontvankelijk", "Niet-ontvankelijk"),
    ("ingetrokken", "Ingetrokken door de persoon"),
];

pub fn decide_objection(
    s: &Services,
    actor: &Actor,
    pip_id: &str,
    objection_id: i64,
    outcome: &str,
) -> ServiceResult<()> {
    actor.require(Permission::EstablishPip)?;
    if !OBJECTION_OUTCOMES.iter().any(|(c, _)| *c == outcome) {
        return Err(ServiceError::field("outcome", "Kies de beslissing op het bezwaar."));
    }
    let person_id = owner(s, actor, Permission::EstablishPip, pip_id)?;
    let today = s.clock.today();
    transition(
        s,
        actor,
        &person_id,
        Permission::EstablishPip,
        "pip.objection_decided",
        |_, _, _| Ok(Step { command: Command::RecordFacts, detail: format!("Beslissing op bezwaar: {outcome}") }),
        |c, _, _, _| {
            let belongs = regie_store::cases::objections_of(c, &[pip_id.to_string()])?
                .iter()
                .any(|o: &ObjectionRow| o.id == objection_id);
            if !belongs || !regie_store::cases::decide_objection(c, objection_id, today, outcome)? {
                return Err(ServiceError::Conflict("Dit bezwaar bestaat niet of is al beslist.".into()));
            }
            Ok(())
        },
    )
}

/// A person's PIP versions, oldest first (audited read).
pub fn versions(s: &Services, actor: &Actor, person_id: &str) -> ServiceResult<Vec<PipRow>> {
    let pips = s.store.read(|c| match load_scoped(c, actor, person_id, Permission::ReadPersons) {
        Ok(_) => Ok(Ok(regie_store::cases::pips_of(c, person_id)?)),
        Err(e) => Ok(Err(e)),
    })??;
    audit_pip_read(s, actor, person_id, "pip.list", "")?;
    Ok(pips)
}

/// One version with its person (audited read).
pub fn get(
    s: &Services,
    actor: &Actor,
    pip_id: &str,
) -> ServiceResult<(PipRow, regie_store::persons::PersonRow, regie_store::cases::CaseRow)> {
    actor.require(Permission::ReadPersons)?;
    let found = s.store.read(|c| {
        let Some(pip) = regie_store::cases::pip(c, pip_id)? else { return Ok(Err(ServiceError::NotFound)) };
        Ok(load_scoped(c, actor, &pip.person_id, Permission::ReadPersons).map(|(p, case)| (pip, p, case)))
    })??;
    audit_pip_read(s, actor, &found.1.id, "pip.read", pip_id)?;
    Ok(found)
}

fn audit_pip_read(s: &Services, actor: &Actor, person_id: &str, action: &str, pip_id: &str) -> ServiceResult<()> {
    s.audit_read(entry(
        s,
        actor,
        actor.role_for(Permission::ReadPersons),
        action,
        purpose::INBURGERING,
        vec![person_id.to_string()],
        ("pip", pip_id),
        "success",
    ))
}

/// Whether a stage allows drafting (for showing the right buttons).
pub fn can_draft_first(stage: Stage) -> bool {
    stage == Stage::RouteBepaald
}

fn nl(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%d-%m-%Y").to_string()).unwrap_or_else(|| "nog niet bekend".into())
}

/// The view model of the decision document for one version.
fn document_model(
    c: &mut regie_store::Conn,
    pip: &PipRow,
    person: &regie_store::persons::PersonRow,
    case: &regie_store::cases::CaseRow,
    organisation: &str,
) -> regie_store::StoreResult<regie_documents::pip::PipDocument> {
    use regie_documents::pip as doc;
    let content: PipContent = serde_json::from_str(&pip.content).unwrap_or_default();
    let municipality = regie_store::tenancy::get_municipality(c, &person.municipality_code)?
        .map(|m| m.name)
        .unwrap_or_else(|| person.municipality_code.clone());
    let case_worker = regie_store::users::find_by_username(c, &pip.drafted_by)?
        .map(|u| u.display_name)
        .unwrap_or_else(|| pip.drafted_by.clone());
    let label = |options: &[(&str, &str)], code: &str| {
        options.iter().find(|(c, _)| *c == code).map(|(_, l)| l.to_string()).unwrap_or_else(|| code.to_string())
    };
    Ok(doc::PipDocument {
        municipality_name: municipality,
        organisation_name: organisation.to_string(),
        person_name: if person.given_names.is_empty() {
            person.family_name.clone()
        } else {
            format!("{} {}", person.given_names, person.family_name)
        },
        person_reference: person.v_nummer.clone().map(|v| format!("V-nummer {v}")).unwrap_or_else(|| person.id.clone()),
        version: pip.version,
        dagtekening: nl(pip.dagtekening),
        objection_deadline: nl(pip.objection_until),
        version_reason: (!pip.reason.is_empty()).then(|| pip.reason.clone()),
        route_code: pip.route.clone(),
        language_target: pip.language_target.clone(),
        termijn_start: nl(case.termijn_start),
        termijn_end: nl(case.termijn_end),
        components: content
            .components
            .iter()
            .map(|c| doc::PipComponent { code: c.code.clone(), intensity: c.intensity.clone() })
            .collect(),
        goals: content
            .goals
            .iter()
            .map(|g| doc::PipGoal {
                life_domain: label(&LIFE_DOMAINS, &g.life_domain),
                goal: g.goal.clone(),
                actions: g
                    .actions
                    .iter()
                    .map(|a| doc::PipAction { who: a.who.clone(), what: a.what.clone(), by_when: a.by_when.clone() })
                    .collect(),
            })
            .collect(),
        preconditions: content.preconditions.clone(),
        ontzorging: (!content.ontzorging.trim().is_empty()).then(|| content.ontzorging.clone()),
        progress_interviews: content
            .progress_interviews
            .lines()
            .map(str::to_string)
            .filter(|l| !l.trim().is_empty())
            .collect(),
        person_view: content.person_view.clone(),
        person_agrees: content.person_agrees,
        case_worker_name: case_worker,
    })
}

/// The decision document of a version in Dutch plus `lang` (a PDF/A). An established version's
/// document is archived the first time it is issued and from then on returned as issued; a
/// draft is rendered fresh each time, as a preview.
pub fn document(s: &Services, actor: &Actor, pip_id: &str, lang: &str) -> ServiceResult<Vec<u8>> {
    actor.require(Permission::ReadPersons)?;
    let language = regie_documents::pip::PipLanguage::parse(lang)
        .ok_or_else(|| ServiceError::field("lang", "Kies een taal: nl, ar, ti, fa, prs, en, tr, so of uk."))?;
    let code = language.code();
    let (pip, person, case) = get(s, actor, pip_id)?;
    let established = pip.dagtekening.is_some();
    if established {
        if let Some(pdf) = s.store.read(|c| regie_store::cases::archived_document(c, pip_id, code))? {
            return Ok(pdf);
        }
    }
    let organisation = actor.organisation_name.clone();
    let model = s.store.read(|c| document_model(c, &pip, &person, &case, &organisation))?;
    let pdf = regie_documents::pip::render_pip(&model, language).map_err(|e| ServiceError::Internal(e.to_string()))?;
    if established {
        use sha2::Digest;
        let hash = hex::encode(sha2::Sha256::digest(&pdf));
        let now = s.clock.naive();
        s.store.write(|c| regie_store::cases::archive_document(c, pip_id, code, &pdf, &hash, now))?;
        // Another request may have archived first: the archived copy is the issued one.
        if let Some(archived) = s.store.read(|c| regie_store::cases::archived_document(c, pip_id, code))? {
            return Ok(archived);
        }
    }
    Ok(pdf)
}
