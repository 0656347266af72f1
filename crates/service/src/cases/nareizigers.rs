//! Nareizigers of a person: recorded with their relation, name, birth date (may be partly or
//! wholly unknown) and where the family reunification stands; then followed step by step
//! (the domain's `nareis` rules decide which step may follow which). Writes are dossier changes
//! ([`super::dossier_parts::write`]: scope, case history, audit, one transaction; a closed case
//! refuses them); reading is audited as a read of the person.
//!
//! A nareiziger who has arrived gets a case of their own (a koppeling or a DUO kennisgeving
//! registers them as a person); [`link_arrived`] then links the nareiziger record to that
//! person, found by V-nummer within the caller's scope, so each dossier leads to the other.
//!
//! The case history names the relation and the status, never the nareiziger's name.

use super::dossier_parts::{audit_read, required_date, row_id, write};
use super::duplicates::MERGED;
use super::load_scoped;
use super::names::check_name;
use crate::audit::{entry, purpose};
use crate::error::Errors;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use regie_domain::inburgering::nareis::{self, FamilyRelation, NareisStatus};
use regie_domain::inburgering::{Command, Stage};
use regie_domain::{PartialDate, VNummer};
use regie_store::cases::CaseRow;
/// The stored rows the use cases return (read-only for callers).
pub use regie_store::names::NareizigerRow;
use regie_store::names::NewNareiziger;
use regie_store::persons::PersonRow;
use regie_store::Conn;

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NareizigerInput {
    /// A [`FamilyRelation`] code.
    pub relation: String,
    #[serde(default)]
    pub given_names: String,
    pub family_name: String,
    /// `dd-mm-jjjj` or ISO with `00` for an unknown day or month, a bare year, or empty.
    #[serde(default)]
    pub birth_date: String,
    /// A [`NareisStatus`] code; only a status a reunification can start with.
    pub status: String,
    /// `dd-mm-jjjj` or ISO; not in the future.
    pub status_on: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatusInput {
    /// The next [`NareisStatus`] code.
    pub status: String,
    /// `dd-mm-jjjj` or ISO; not in the future, not before the current status's date.
    pub status_on: String,
}

/// Every nareiziger of a person within the caller's scope, in the order recorded. Audited as a
/// read of the person.
pub fn list(s: &Services, actor: &Actor, person_id: &str) -> ServiceResult<Vec<NareizigerRow>> {
    let rows = s.store.read(|c| {
        Ok(load_scoped(c, actor, person_id, Permission::ReadPersons).and_then(|_| {
            let mut rows = regie_store::names::nareizigers_of(c, person_id)?;
            hide_unreachable_arrivals(c, actor, &mut rows)?;
            Ok(rows)
        }))
    })??;
    audit_read(s, actor, "person.nareizigers.read", person_id, ("person", person_id))?;
    Ok(rows)
}

/// Records a nareiziger; returns their id.
pub fn add(s: &Services, actor: &Actor, person_id: &str, input: &NareizigerInput) -> ServiceResult<i64> {
    actor.require(Permission::WritePersons)?;
    let today = s.clock.today();
    let mut e = Errors::default();
    let relation = FamilyRelation::parse(input.relation.trim());
    if relation.is_none() {
        e.push("relation", "Kies hoe de nareiziger familie is van de persoon.");
    }
    let (given, family) = (input.given_names.trim(), input.family_name.trim());
    check_name(&mut e, "givenNames", given, false);
    check_name(&mut e, "familyName", family, true);
    let born = match input.birth_date.trim() {
        "" => None,
        raw => match PartialDate::parse(raw) {
            Ok(d)
                if chrono::NaiveDate::from_ymd_opt(d.year, d.month.unwrap_or(1), d.day.unwrap_or(1))
                    .is_some_and(|earliest| earliest > today) =>
            {
                e.push("birthDate", "De geboortedatum ligt in de toekomst.");
                None
            }
            Ok(d) => Some(d),
            Err(err) => {
                e.push("birthDate", err.message);
                None
            }
        },
    };
    let status = NareisStatus::parse(input.status.trim()).filter(|s| nareis::first_statuses().contains(s));
    if status.is_none() {
        e.push("status", "Kies waar de gezinshereniging staat: verwacht, aangevraagd of ingewilligd.");
    }
    let on = required_date(&mut e, "statusOn", &input.status_on, today, "Vul de datum van deze stand in.");
    let note = input.note.trim();
    if note.chars().count() > 2000 {
        e.push("note", "De toelichting heeft hoogstens 2000 tekens.");
    }
    e.into_result()?;
    let (relation, status, on) = (relation.expect("checked"), status.expect("checked"), on.expect("checked"));
    let now = s.clock.naive();
    let detail = format!("Nareiziger vastgelegd: {} ({})", relation.label().to_lowercase(), status.label());
    let part = |p: Option<u32>| p.map(|v| v as i32);
    write(s, actor, person_id, "person.nareiziger", detail, |c, person| {
        Ok(regie_store::names::insert_nareiziger(
            c,
            &NewNareiziger {
                person_id: &person.id,
                relation: relation.code(),
                given_names: given,
                family_name: family,
                birth_year: born.map(|b| b.year),
                birth_month: born.and_then(|b| part(b.month)),
                birth_day: born.and_then(|b| part(b.day)),
                status: status.code(),
                status_on: on,
                note,
                recorded_by: &actor.label,
                recorded_at: now,
                updated_by: &actor.label,
                updated_at: now,
            },
        )?)
    })
}

/// The next step of a nareiziger's reunification (`nareiziger_id` as in a path or form).
pub fn step(
    s: &Services,
    actor: &Actor,
    person_id: &str,
    nareiziger_id: &str,
    input: &StatusInput,
) -> ServiceResult<()> {
    actor.require(Permission::WritePersons)?;
    let id = row_id(nareiziger_id)?;
    let today = s.clock.today();
    let mut e = Errors::default();
    let to = NareisStatus::parse(input.status.trim());
    if to.is_none() {
        e.push("status", "Kies de nieuwe stand.");
    }
    let on = required_date(&mut e, "statusOn", &input.status_on, today, "Vul de datum van deze stand in.");
    e.into_result()?;
    let (to, on) = (to.expect("checked"), on.expect("checked"));
    let now = s.clock.naive();
    let detail = format!("Nareiziger: {}", to.label());
    write(s, actor, person_id, "person.nareiziger_status", detail, |c, person| {
        let rows = regie_store::names::nareizigers_of(c, &person.id)?;
        let current = rows.iter().find(|r| r.id == id).ok_or(ServiceError::NotFound)?;
        let from = NareisStatus::parse(&current.status)
            .ok_or_else(|| ServiceError::Internal("unknown nareis status".into()))?;
        nareis::next_status(from, current.status_on, to, on, today)
            .map_err(|r| ServiceError::field(r.field, r.message))?;
        if !regie_store::names::set_nareiziger_status(
            c,
            &person.id,
            id,
            from.code(),
            (to.code(), on),
            &actor.label,
            now,
        )? {
            return Err(ServiceError::Conflict(
                "Iemand anders heeft de stand van deze nareiziger intussen gewijzigd. Bekijk de stand en probeer het opnieuw."
                    .into(),
            ));
        }
        Ok(())
    })
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ArrivalInput {
    /// The V-nummer of the nareiziger's own person record.
    pub v_nummer: String,
}

/// Links an arrived nareiziger (`nareiziger_id` as in a path or form) to their own person
/// record, found by V-nummer among the persons the caller may change. Refused while the
/// nareiziger has not arrived, when the record is linked to someone else already, when the
/// V-nummer is the person's own or is linked to another nareiziger record, and when the
/// nareiziger's own case takes no more steps (closed). Linking the person already linked
/// changes nothing and succeeds, also when two identical requests meet. Recorded in both case
/// histories (both cases take the step) and audited with both persons as subjects, in one
/// transaction that judges everything again.
pub fn link_arrived(
    s: &Services,
    actor: &Actor,
    person_id: &str,
    nareiziger_id: &str,
    input: &ArrivalInput,
) -> ServiceResult<()> {
    actor.require(Permission::WritePersons)?;
    let id = row_id(nareiziger_id)?;
    let v_nummer = VNummer::parse(&input.v_nummer).map_err(|e| ServiceError::field("vNummer", e.message))?;
    let judged = |s: &Services| {
        s.store.read(|c| {
            Ok(load_scoped(c, actor, person_id, Permission::WritePersons)
                .and_then(|(person, _)| judge_link(c, s, actor, &person.id, id, &v_nummer)))
        })
    };
    // Already so: nothing is written, so a repeated request leaves no second history entry.
    if let Link::Already = judged(s)?? {
        return unchanged(s, actor, person_id);
    }
    let now = s.clock.naive();
    let written = write(
        s,
        actor,
        person_id,
        "person.nareiziger_arrived",
        "Nareiziger gekoppeld aan het eigen dossier".into(),
        |c, person| {
            let Link::New(found) = judge_link(c, s, actor, &person.id, id, &v_nummer)? else {
                return Err(ServiceError::PreconditionFailed);
            };
            let (arrived, mut case) = *found;
            if !regie_store::names::link_arrived_nareiziger(c, &person.id, id, &arrived.id, &actor.label, now)
                .or_else(|e| if e.is_unique_violation() { Ok(false) } else { Err(e) })?
            {
                return Err(ServiceError::Conflict(
                    "Iemand anders heeft deze nareiziger of deze persoon intussen gekoppeld. Bekijk het dossier en probeer het opnieuw."
                        .into(),
                ));
            }
            // The nareiziger's own case takes the step as well (judged by the state machine in
            // `judge_link`), with its version, so a concurrent change of it is refused.
            let expected = case.version;
            case.version += 1;
            case.updated_at = now;
            if !regie_store::cases::update(c, &case, expected)? {
                return Err(ServiceError::PreconditionFailed);
            }
            regie_store::cases::add_event(
                c,
                &regie_store::cases::NewCaseEvent {
                    person_id: &arrived.id,
                    at: now,
                    actor: &actor.label,
                    command: Command::RecordFacts.code(),
                    from_stage: &case.stage,
                    to_stage: &case.stage,
                    detail: "Gekoppeld als aangekomen nareiziger van een gezinslid",
                },
            )?;
            let record = entry(
                s,
                actor,
                actor.role_for(Permission::WritePersons),
                "person.nareiziger_arrived",
                purpose::INBURGERING,
                vec![arrived.id.clone()],
                ("person", &person.id),
                "success",
            );
            regie_store::audit::append(c, &[record])?;
            Ok(())
        },
    );
    match written {
        // An identical request got there first: what was asked is so, and nothing more is written.
        Err(ServiceError::Conflict(_) | ServiceError::PreconditionFailed)
            if matches!(judged(s), Ok(Ok(Link::Already))) =>
        {
            unchanged(s, actor, person_id)
        }
        Err(ServiceError::PreconditionFailed) => Err(ServiceError::Conflict(
            "Iemand anders heeft deze nareiziger of de aangekomen persoon intussen gewijzigd. Bekijk het dossier en probeer het opnieuw."
                .into(),
        )),
        other => other,
    }
}

/// A link asked for again: audited as such, nothing written.
fn unchanged(s: &Services, actor: &Actor, person_id: &str) -> ServiceResult<()> {
    s.audit_read(entry(
        s,
        actor,
        actor.role_for(Permission::WritePersons),
        "person.nareiziger_arrived",
        purpose::INBURGERING,
        vec![person_id.to_string()],
        ("person", person_id),
        "unchanged",
    ))?;
    Ok(())
}

/// What a link of nareiziger `id` of `person_id` to the person with `v_nummer` would be.
enum Link {
    /// Linked to that person already.
    Already,
    /// To be linked: the arrived person and their case.
    New(Box<(PersonRow, CaseRow)>),
}

/// Judges a link: the nareiziger must be the person's and have arrived, not be linked to
/// someone else; the arrived person must be within reach, not the person, not linked to another
/// record, and their case must take a step (not closed).
fn judge_link(
    c: &mut Conn,
    s: &Services,
    actor: &Actor,
    person_id: &str,
    id: i64,
    v_nummer: &VNummer,
) -> ServiceResult<Link> {
    let rows = regie_store::names::nareizigers_of(c, person_id)?;
    let current = rows.into_iter().find(|r| r.id == id).ok_or(ServiceError::NotFound)?;
    let (arrived, case) = arrived_person(c, actor, v_nummer)?;
    if let Some(linked) = &current.arrived_person_id {
        return if *linked == arrived.id {
            Ok(Link::Already)
        } else {
            Err(ServiceError::Conflict("Deze nareiziger is al gekoppeld aan een ander dossier.".into()))
        };
    }
    let status =
        NareisStatus::parse(&current.status).ok_or_else(|| ServiceError::Internal("unknown nareis status".into()))?;
    nareis::may_link_own_dossier(status).map_err(|r| ServiceError::Conflict(r.message))?;
    if arrived.id == person_id {
        return Err(ServiceError::field(
            "vNummer",
            "Dit is het V-nummer van de persoon zelf. Vul het V-nummer van de nareiziger in.",
        ));
    }
    if let Some(record) = regie_store::names::nareiziger_record_of(c, &arrived.id)? {
        // Statements outside a transaction each see the latest commit: an identical request
        // may have linked this very record since `current` was read. That is the link asked for.
        return if record.id == id {
            Ok(Link::Already)
        } else {
            Err(ServiceError::Conflict("De persoon met dit V-nummer is al gekoppeld als aangekomen nareiziger.".into()))
        };
    }
    let stage = Stage::parse(&case.stage).ok_or_else(|| ServiceError::Internal("unknown stage".into()))?;
    regie_domain::inburgering::case::next(&s.rules, stage, &Command::RecordFacts)
        .map_err(|refused| ServiceError::Conflict(format!("Het dossier van de nareiziger zelf: {refused}")))?;
    Ok(Link::New(Box::new((arrived, case))))
}

/// The person with this V-nummer among those the caller may change (for a COA case manager:
/// only while they live in the AZC), with their case; a record merged into another is passed
/// over (the V-nummer stays on it). The same answer whether there is none or they are out of
/// reach, so nothing leaks about other municipalities.
fn arrived_person(c: &mut Conn, actor: &Actor, v_nummer: &VNummer) -> ServiceResult<(PersonRow, CaseRow)> {
    let found = regie_store::cases::existing_v_nummers(c, &[v_nummer.as_str().to_string()])?;
    for (_, id) in found {
        match load_scoped(c, actor, &id, Permission::WritePersons) {
            Ok((person, _)) if person.status == MERGED => {}
            Ok(found) => return Ok(found),
            Err(ServiceError::NotFound) => {}
            Err(other) => return Err(other),
        }
    }
    Err(ServiceError::field(
        "vNummer",
        "Er is geen persoon met dit V-nummer in uw gemeenten. Registreer de nareiziger eerst met een koppeling of een DUO-kennisgeving.",
    ))
}

/// Shows a linked nareiziger's own person only to a caller who may open their dossier: one who
/// may not sees the record as not linked, so nothing leaks about who arrived where.
pub(crate) fn hide_unreachable_arrivals(c: &mut Conn, actor: &Actor, rows: &mut [NareizigerRow]) -> ServiceResult<()> {
    for row in rows.iter_mut() {
        if let Some(own) = row.arrived_person_id.clone() {
            match load_scoped(c, actor, &own, Permission::ReadPersons) {
                Ok(_) => {}
                Err(ServiceError::NotFound) => row.arrived_person_id = None,
                Err(other) => return Err(other),
            }
        }
    }
    Ok(())
}

/// The demo family's daughter who follows through family reunification: recorded and applied
/// for, so the dossier shows a nareiziger on first start. Runs after the household demo.
pub fn demo(s: &Services) -> ServiceResult<()> {
    let km = crate::ontzorging::runs::operator(s, "klantmanager")?;
    let found = s.store.read(|c| regie_store::cases::existing_v_nummers(c, &["1999000001".to_string()]))?;
    let Some((_, father)) = found.into_iter().next() else { return Ok(()) };
    let today = s.clock.today();
    let date = |days: u64| (today - chrono::Days::new(days)).format("%d-%m-%Y").to_string();
    let daughter = add(
        s,
        &km,
        &father,
        &NareizigerInput {
            relation: FamilyRelation::Kind.code().into(),
            given_names: "Maya".into(),
            family_name: "Khoury".into(),
            birth_date: "00-05-2010".into(),
            status: NareisStatus::Verwacht.code().into(),
            status_on: date(40),
            note: "Woont bij een tante in Beiroet.".into(),
        },
    )?;
    step(
        s,
        &km,
        &father,
        &daughter.to_string(),
        &StatusInput { status: NareisStatus::Aangevraagd.code().into(), status_on: date(20) },
    )
}
