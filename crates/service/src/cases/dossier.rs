//! The dossier: everything about one person's case in one read, and the small changes of its
//! facts (dates that start the clock, contact, housing, notes and contact moments, DUO
//! extensions, a DUO correction that withdraws the case, completion).

use super::deadlines::{self, ClockFacts, Deadlines};
use super::{load_scoped, transition, Step};
use crate::audit::{entry, purpose};
use crate::error::Errors;
use crate::persons::Person;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use chrono::NaiveDate;
use regie_domain::inburgering::{Command, CompletionGround, IntakeTopic, Stage, VerlengingGround};
use regie_store::cases::{
    CaseEventRow, CaseRow, IntakeRow, NoteRow, ObjectionRow, PipRow, RouteDecisionRow, TopicRow, VerlengingRow,
};
use regie_store::persons::PersonMunicipalityRow;

pub struct Dossier {
    pub person: Person,
    pub case: CaseRow,
    pub stage: Stage,
    pub deadlines: Deadlines,
    pub history: Vec<PersonMunicipalityRow>,
    pub intake: Option<IntakeRow>,
    /// Assessed topics; health topics only for roles that may see health data.
    pub topics: Vec<TopicRow>,
    pub health_hidden: bool,
    pub route_decisions: Vec<RouteDecisionRow>,
    pub pips: Vec<PipRow>,
    pub objections: Vec<ObjectionRow>,
    pub verlengingen: Vec<VerlengingRow>,
    pub notes: Vec<NoteRow>,
    pub events: Vec<CaseEventRow>,
}

/// Reads a whole dossier (audited as a read of the person).
pub fn get(s: &Services, actor: &Actor, person_id: &str) -> ServiceResult<Dossier> {
    let health = actor.can(Permission::ReadHealth);
    let d = s.store.read(|c| {
        let (person, case) = match load_scoped(c, actor, person_id, Permission::ReadPersons) {
            Ok(found) => found,
            Err(ServiceError::NotFound) => return Ok(None),
            Err(e) => return Ok(Some(Err(e))),
        };
        let pips = regie_store::cases::pips_of(c, person_id)?;
        let verlengingen = regie_store::cases::verlengingen_of(c, person_id)?;
        let notes = regie_store::cases::notes_of(c, person_id)?;
        let last = notes.iter().filter(|n| n.kind == "voortgangsgesprek").map(|n| n.at.date()).max();
        let (deadlines, _) = deadlines::compute(
            &s.rules,
            &ClockFacts { case: &case, pips: &pips, verlengingen: &verlengingen, last_progress_interview: last },
        );
        let pip_ids: Vec<String> = pips.iter().map(|p| p.id.clone()).collect();
        let mut topics = regie_store::cases::topics(c, person_id)?;
        if !health {
            topics.retain(|t| IntakeTopic::parse(&t.topic).is_some_and(|t| !t.is_health()));
        }
        Ok(Some(Ok(Dossier {
            stage: Stage::parse(&case.stage).unwrap_or(Stage::Aangemeld),
            history: regie_store::persons::history(c, person_id)?,
            intake: regie_store::cases::intake(c, person_id)?,
            topics,
            health_hidden: !health,
            route_decisions: regie_store::cases::route_decisions(c, person_id)?,
            objections: regie_store::cases::objections_of(c, &pip_ids)?,
            events: regie_store::cases::events(c, person_id)?,
            person: person.into(),
            case,
            deadlines,
            pips,
            verlengingen,
            notes,
        })))
    })?;
    let dossier = d.ok_or(ServiceError::NotFound)??;
    s.audit_read(entry(
        s,
        actor,
        actor.role_for(Permission::ReadPersons),
        "case.read",
        purpose::INBURGERING,
        vec![dossier.person.id.clone()],
        ("case", &dossier.person.id),
        "success",
    ))?;
    Ok(dossier)
}

/// The facts of a case that a case worker records as they become known.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseFacts {
    pub kennisgeving_date: Option<String>,
    pub brp_date: Option<String>,
    #[serde(default)]
    pub third_party_awaited: bool,
    pub third_party_received: Option<String>,
    pub housed_on: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub language: Option<String>,
    pub literacy: Option<String>,
}

pub const LITERACY: [(&str, &str); 4] = [
    ("", "Nog onbekend"),
    ("gealfabetiseerd_latijns", "Gealfabetiseerd in het Latijnse schrift"),
    ("gealfabetiseerd_ander_schrift", "Gealfabetiseerd in een ander schrift"),
    ("niet_gealfabetiseerd", "Niet gealfabetiseerd"),
];

fn text(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(String::from)
}

/// A `dd-mm-jjjj` (or ISO) date from a form or the API; empty is `None`.
pub(crate) fn parse_date(e: &mut Errors, field: &str, v: &Option<String>, today: NaiveDate) -> Option<NaiveDate> {
    let raw = text(v)?;
    let parsed = NaiveDate::parse_from_str(&raw, "%d-%m-%Y").or_else(|_| NaiveDate::parse_from_str(&raw, "%Y-%m-%d"));
    match parsed {
        Ok(d) if d > today => {
            e.push(field, "Deze datum ligt in de toekomst.");
            None
        }
        Ok(d) if d.year_ce().1 < 2000 => {
            e.push(field, "Deze datum ligt te ver in het verleden.");
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            e.push(field, "Vul een bestaande datum in als dd-mm-jjjj.");
            None
        }
    }
}

use chrono::Datelike;

pub fn update_facts(s: &Services, actor: &Actor, person_id: &str, input: &CaseFacts) -> ServiceResult<()> {
    actor.require(Permission::WritePersons)?;
    let today = s.clock.today();
    let mut e = Errors::default();
    let kennisgeving = parse_date(&mut e, "kennisgevingDate", &input.kennisgeving_date, today);
    let brp = parse_date(&mut e, "brpDate", &input.brp_date, today);
    let received = parse_date(&mut e, "thirdPartyReceived", &input.third_party_received, today);
    let housed = parse_date(&mut e, "housedOn", &input.housed_on, today);
    let email = text(&input.email);
    if email.as_deref().is_some_and(|m| !m.contains('@') || m.len() > 200 || m.contains(char::is_whitespace)) {
        e.push("email", "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.");
    }
    let phone = text(&input.phone);
    if phone.as_deref().is_some_and(|p| p.len() > 30 || !p.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c))) {
        e.push("phone", "Vul een telefoonnummer in met cijfers (en eventueel +, -, spaties).");
    }
    let literacy = input.literacy.clone().unwrap_or_default();
    if !LITERACY.iter().any(|(c, _)| *c == literacy) {
        e.push("literacy", "Kies een van de mogelijkheden voor alfabetisering.");
    }
    for (field, v) in [("address", &input.address), ("language", &input.language)] {
        if v.as_deref().is_some_and(|t| t.chars().count() > 200) {
            e.push(field, "Hoogstens 200 tekens.");
        }
    }
    e.into_result()?;
    transition(
        s,
        actor,
        person_id,
        Permission::WritePersons,
        "case.facts",
        |_, _, _| Ok(Step { command: Command::RecordFacts, detail: "Gegevens bijgewerkt".into() }),
        |_, _, case, _| {
            case.kennisgeving_date = kennisgeving;
            case.brp_date = brp;
            case.third_party_awaited = input.third_party_awaited || received.is_some();
            case.third_party_received = received;
            case.housed_on = housed;
            case.address = text(&input.address);
            case.phone = phone.clone();
            case.email = email.clone();
            case.language = text(&input.language).unwrap_or_default();
            case.literacy = literacy.clone();
            Ok(())
        },
    )
}

pub const NOTE_KINDS: [(&str, &str); 3] =
    [("notitie", "Notitie"), ("contactmoment", "Contactmoment"), ("voortgangsgesprek", "Voortgangsgesprek")];
pub const CHANNELS: [(&str, &str); 5] = [
    ("", "Niet van toepassing"),
    ("gesprek", "Gesprek op locatie"),
    ("telefoon", "Telefoon"),
    ("video", "Videobellen"),
    ("brief", "Brief of e-mail"),
];

/// Adds a note, contact moment or progress interview (the last moves the interview clock).
pub fn add_note(
    s: &Services,
    actor: &Actor,
    person_id: &str,
    kind: &str,
    channel: &str,
    body: &str,
) -> ServiceResult<()> {
    actor.require(Permission::WritePersons)?;
    let mut e = Errors::default();
    if !NOTE_KINDS.iter().any(|(c, _)| *c == kind) {
        e.push("kind", "Kies notitie, contactmoment of voortgangsgesprek.");
    }
    if !CHANNELS.iter().any(|(c, _)| *c == channel) {
        e.push("channel", "Kies hoe het contact was.");
    }
    let body = body.trim();
    if body.is_empty() || body.chars().count() > 4000 {
        e.push("body", "Schrijf de notitie (hoogstens 4000 tekens).");
    }
    e.into_result()?;
    let now = s.clock.naive();
    transition(
        s,
        actor,
        person_id,
        Permission::WritePersons,
        "case.note",
        |_, _, _| {
            Ok(Step { command: Command::RecordFacts, detail: format!("{} toegevoegd", label(&NOTE_KINDS, kind)) })
        },
        |c, _, _, _| Ok(regie_store::cases::add_note(c, person_id, kind, channel, body, now, &actor.label)?),
    )
}

pub(crate) fn label(options: &[(&'static str, &'static str)], code: &str) -> &'static str {
    options.iter().find(|(c, _)| *c == code).map(|(_, l)| *l).unwrap_or("")
}

/// Registers a DUO extension of the termijn.
pub fn add_verlenging(
    s: &Services,
    actor: &Actor,
    person_id: &str,
    ground: &str,
    months: i32,
    note: &str,
) -> ServiceResult<()> {
    actor.require(Permission::DecideCase)?;
    let mut e = Errors::default();
    let ground = VerlengingGround::parse(ground);
    if ground.is_none() {
        e.push("ground", "Kies de grond waarop DUO de termijn heeft verlengd.");
    }
    if !(1..=36).contains(&months) {
        e.push("months", "Een verlenging is 1 tot 36 maanden.");
    }
    if note.chars().count() > 2000 {
        e.push("note", "De toelichting heeft hoogstens 2000 tekens.");
    }
    e.into_result()?;
    let ground = ground.expect("checked");
    let today = s.clock.today();
    transition(
        s,
        actor,
        person_id,
        Permission::DecideCase,
        "case.verlenging",
        |_, _, case| {
            if case.termijn_start.is_none() {
                return Err(ServiceError::Conflict(
                    "Een verlenging kan pas als er een vastgesteld PIP is: de termijn loopt nog niet.".into(),
                ));
            }
            Ok(Step {
                command: Command::RecordFacts,
                detail: format!("Verlenging {months} maanden: {}", ground.label()),
            })
        },
        |c, _, _, _| Ok(regie_store::cases::add_verlenging(c, person_id, ground.code(), months, today, note.trim())?),
    )
}

/// A DUO correction: the person should never have been under the law. The case closes with
/// the reason; its history and audit trail stay.
pub fn withdraw(s: &Services, actor: &Actor, person_id: &str, reason: &str) -> ServiceResult<()> {
    actor.require(Permission::DecideCase)?;
    let reason = reason.trim();
    if reason.chars().count() < 5 || reason.chars().count() > 2000 {
        return Err(ServiceError::field("reason", "Geef de reden van de intrekking (5 tot 2000 tekens)."));
    }
    transition(
        s,
        actor,
        person_id,
        Permission::DecideCase,
        "case.withdraw",
        |_, _, _| Ok(Step { command: Command::Withdraw, detail: format!("Ingetrokken: {reason}") }),
        |c, person, case, _| {
            case.withdrawn_reason = Some(reason.to_string());
            regie_store::persons::set_status(c, &person.id, "ingetrokken", s.clock.naive())?;
            Ok(())
        },
    )
}

/// Closes a case whose obligation has ended.
pub fn complete(s: &Services, actor: &Actor, person_id: &str, ground: &str) -> ServiceResult<()> {
    actor.require(Permission::DecideCase)?;
    let ground = CompletionGround::parse(ground)
        .ok_or_else(|| ServiceError::field("ground", "Kies hoe de inburgeringsplicht is geëindigd."))?;
    transition(
        s,
        actor,
        person_id,
        Permission::DecideCase,
        "case.complete",
        |_, _, _| Ok(Step { command: Command::Complete(ground), detail: ground.label().to_string() }),
        |c, person, _, _| Ok(regie_store::persons::set_status(c, &person.id, "afgerond", s.clock.naive())?),
    )
}

/// A signal from DUO about a person known by V-nummer.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct DuoSignal {
    /// `kennisgeving`: the obligation is notified on `date` (starts the PIP clock);
    /// `correctie`: the person was wrongly placed under the law (withdraws the case).
    pub kind: String,
    pub v_nummer: String,
    pub date: String,
    pub reason: String,
}

/// Applies a DUO signal; returns the person's id. An unknown V-nummer (or one outside the
/// caller's scope) is not found: DUO signals follow a koppeling or a registration.
pub fn duo_signal(s: &Services, actor: &Actor, signal: &DuoSignal) -> ServiceResult<String> {
    actor.require(Permission::WritePersons)?;
    let v = regie_domain::VNummer::parse(&signal.v_nummer).map_err(|e| ServiceError::from_invalid("vNummer", e))?;
    let scope = actor.require_scope(Permission::WritePersons)?;
    let found = s.store.read(|c| {
        regie_store::persons::search_scoped(c, &scope, regie_store::persons::PersonQuery::VNummer(v.as_str()), 1)
    })?;
    let person_id = found.into_iter().next().map(|p| p.id).ok_or(ServiceError::NotFound)?;
    match signal.kind.as_str() {
        "kennisgeving" => {
            let mut e = Errors::default();
            let date = parse_date(&mut e, "date", &Some(signal.date.clone()), s.clock.today());
            if date.is_none() && e.0.is_empty() {
                e.push("date", "Vul de datum van de kennisgeving in.");
            }
            e.into_result()?;
            transition(
                s,
                actor,
                &person_id,
                Permission::WritePersons,
                "duo.kennisgeving",
                |_, _, _| Ok(Step { command: Command::RecordFacts, detail: "Kennisgeving van DUO ontvangen".into() }),
                |_, _, case, _| {
                    case.kennisgeving_date = date;
                    Ok(())
                },
            )?;
        }
        "correctie" if signal.reason.trim().chars().count() < 5 => {
            return Err(ServiceError::field("reason", "Geef de reden van de correctie (minstens 5 tekens)."))
        }
        "correctie" => withdraw(s, actor, &person_id, &format!("Correctie DUO: {}", signal.reason.trim()))?,
        _ => return Err(ServiceError::field("kind", "Kies kennisgeving of correctie.")),
    }
    Ok(person_id)
}
