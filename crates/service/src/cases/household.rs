//! The household of a person: the other members registered with the same household (COA's
//! household number at the koppeling), as far as the caller may see them. Members outside the
//! caller's scope (another municipality, or housed persons for a COA case manager) are never
//! read: they are simply absent, and neither their number nor their names leak. Reading the
//! household is a read of the members shown, audited as such.
//!
//! Nareizigers (family who follow later) are not a stored fact of their own; the brede intake
//! records when a person expects them (topic gezinssituatie), which [`expects_nareizigers`]
//! answers for the dossier.

use super::load_scoped;
use crate::audit::{entry, purpose};
use crate::persons::Person;
use crate::{Actor, Permission, ServiceResult, Services};
use regie_domain::inburgering::IntakeTopic;
use regie_store::cases::TopicRow;

/// The intake answer of topic gezinssituatie saying family members will follow.
pub const NAREIZIGERS_EXPECTED: &str = "nareizigers_verwacht";

/// Whether the intake says the person expects family members to follow (nareizigers).
pub fn expects_nareizigers(topics: &[TopicRow]) -> bool {
    topics.iter().any(|t| {
        IntakeTopic::parse(&t.topic) == Some(IntakeTopic::Gezinssituatie) && t.assessment == NAREIZIGERS_EXPECTED
    })
}

/// The other members of the person's household within the caller's scope, by year of birth.
pub fn members(s: &Services, actor: &Actor, person_id: &str) -> ServiceResult<Vec<Person>> {
    let scope = actor.require_scope(Permission::ReadPersons)?;
    let rows = s.store.read(|c| {
        Ok(load_scoped(c, actor, person_id, Permission::ReadPersons).and_then(|(person, _)| {
            let mut rows = regie_store::persons::household_members(c, &person.household_id, &person.id, &scope)?;
            crate::persons::drop_unreachable(c, actor, &mut rows)?;
            Ok(rows)
        }))
    })??;
    if !rows.is_empty() {
        s.audit_read(entry(
            s,
            actor,
            actor.role_for(Permission::ReadPersons),
            "person.household",
            purpose::INBURGERING,
            rows.iter().map(|p| p.id.clone()).collect(),
            ("person", person_id),
            "success",
        ))?;
    }
    Ok(rows.into_iter().map(Person::from).collect())
}

/// Demo data: a family of four linked by COA to Alkmaar, two of them with the Alkmaar case
/// worker (assigned by the team lead, so the case history shows it), the younger daughter
/// handed back to Team Alkmaar, and the adult son since moved to Heiloo, out of the Alkmaar
/// case worker's sight.
pub fn demo(s: &Services) -> ServiceResult<()> {
    use regie_domain::inburgering::koppeling::KoppelingFields;
    let user = |name: &str| -> ServiceResult<Actor> {
        let row = s.store.read(|c| regie_store::users::find_by_username(c, name))?;
        crate::auth::actor_for_user(s, &row.ok_or(crate::ServiceError::NotFound)?)
    };
    let lead = user("teamleider")?;
    let importer = super::koppeling::operator_importer(s)?;
    let today = s.clock.today();
    let linked = (today - chrono::Days::new(40)).format("%d-%m-%Y").to_string();
    let family = [
        ("1999000001", "Yousef", "12-03-1979", "M"),
        ("1999000002", "Rania", "00-07-1983", "V"),
        ("1999000003", "Omar", "00-00-2005", "M"),
        ("1999000004", "Lina", "21-11-2006", "V"),
    ];
    let mut ids = Vec::new();
    for (v, given, born, gender) in family {
        let fields = KoppelingFields {
            line: 1,
            vnummer: v.into(),
            achternaam: "Khoury".into(),
            voornamen: given.into(),
            geboortedatum: born.into(),
            geslacht: gender.into(),
            nationaliteit: "Syrische".into(),
            taal: "Arabisch".into(),
            gemeentecode: "GM0361".into(),
            koppelingsdatum: linked.clone(),
            huishoudnummer: "DEMO-KHOURY".into(),
            ..Default::default()
        };
        ids.push(super::koppeling::register(s, &importer, &fields)?);
    }
    let km = s.store.read(|c| regie_store::users::find_by_username(c, "klantmanager"))?.map(|u| u.id);
    for id in &ids[..2] {
        super::assignment::assign(s, &lead, id, km, None)?;
    }
    // The younger daughter was the Alkmaar case worker's too, until the team lead took her back
    // into the team: she waits on Team Alkmaar's worklist without a case worker.
    super::assignment::assign(s, &lead, &ids[3], km, None)?;
    super::assignment::assign(s, &lead, &ids[3], None, None)?;
    let topic = super::intake::TopicInput {
        topic: IntakeTopic::Gezinssituatie.code().into(),
        assessment: NAREIZIGERS_EXPECTED.into(),
        notes: "Een dochter van 16 volgt via gezinshereniging.".into(),
        source: "persoon".into(),
    };
    super::intake::save(s, &lead, &ids[0], &super::intake::IntakeInput { topics: vec![topic], ..Default::default() })?;
    let now = s.clock.naive();
    s.store.write(|c| regie_store::persons::move_to(c, &ids[2..3], "GM0399", today, "verhuizing", now))?;
    Ok(())
}
