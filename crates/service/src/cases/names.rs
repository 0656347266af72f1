//! Other spellings of a person's name: as on a passport or residence document, in the BRP, in
//! COA's file, as the person writes it, also in Arabic or Ge'ez script. Search finds a person by
//! any current spelling: adding or withdrawing one rewrites the person's name-search rows in the
//! same transaction. A spelling is withdrawn, never deleted (who added and who withdrew it
//! stays). Writes are dossier changes ([`super::dossier_parts::write`]: scope, case history,
//! audit, one transaction; a closed case refuses them); reading is audited as a read of the
//! person.
//!
//! The case history says that a spelling changed, never the name itself.

use super::dossier_parts::{audit_read, row_id, write};
use super::load_scoped;
use crate::error::Errors;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use regie_domain::inburgering::dossier::NameSource;
use regie_domain::person::search_key;
use regie_store::names::NewPersonName;
/// The stored rows the use cases return (read-only for callers).
pub use regie_store::names::PersonNameRow;
use regie_store::persons::PersonRow;
use regie_store::Conn;

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SpellingInput {
    /// Empty for a person with one name only.
    #[serde(default)]
    pub given_names: String,
    pub family_name: String,
    /// A [`NameSource`] code.
    pub source: String,
}

/// The most characters of a name part.
const MAX_NAME_CHARS: usize = 200;

pub(crate) fn check_name(e: &mut Errors, field: &str, value: &str, required: bool) {
    if value.is_empty() {
        if required {
            e.push(field, "Vul de achternaam in zoals die in deze schrijfwijze staat.");
        }
        return;
    }
    if value.chars().any(char::is_control) {
        e.push(field, "De naam bevat een onzichtbaar stuurteken; verwijder het.");
    } else if value.chars().count() > MAX_NAME_CHARS {
        e.push(field, format!("De naam is te lang (hoogstens {MAX_NAME_CHARS} tekens)."));
    } else if !value.chars().any(char::is_alphabetic) {
        e.push(field, "Een naam bevat minstens één letter.");
    }
}

/// The current (not withdrawn) other spellings of a person, in the order added.
fn current(c: &mut Conn, person_id: &str) -> ServiceResult<Vec<PersonNameRow>> {
    let mut all = regie_store::names::of_person(c, person_id)?;
    all.retain(|n| n.withdrawn_at.is_none());
    Ok(all)
}

/// Rewrites the person's name-search rows from the name and every current spelling.
fn refresh_search(c: &mut Conn, person: &PersonRow) -> ServiceResult<()> {
    let keys: Vec<String> =
        current(c, &person.id)?.iter().map(|n| search_key(&n.given_names, &n.family_name)).collect();
    regie_store::persons::refresh_name_keys(c, person, &keys)?;
    Ok(())
}

/// Every spelling of a person within the caller's scope, withdrawn ones included (their
/// history stays visible). Audited as a read of the person.
pub fn list(s: &Services, actor: &Actor, person_id: &str) -> ServiceResult<Vec<PersonNameRow>> {
    let names = s.store.read(|c| {
        Ok(load_scoped(c, actor, person_id, Permission::ReadPersons)
            .and_then(|_| Ok(regie_store::names::of_person(c, person_id)?)))
    })??;
    audit_read(s, actor, "person.names.read", person_id, ("person", person_id))?;
    Ok(names)
}

/// Adds a spelling; returns its id. The person's own name and a current spelling are not
/// added again (compared without regard to case).
pub fn add(s: &Services, actor: &Actor, person_id: &str, input: &SpellingInput) -> ServiceResult<i64> {
    actor.require(Permission::WritePersons)?;
    let mut e = Errors::default();
    let (given, family) = (input.given_names.trim(), input.family_name.trim());
    check_name(&mut e, "givenNames", given, false);
    check_name(&mut e, "familyName", family, true);
    let source = NameSource::parse(input.source.trim());
    if source.is_none() {
        e.push("source", "Kies waar deze schrijfwijze vandaan komt.");
    }
    e.into_result()?;
    let now = s.clock.naive();
    let detail = "Andere schrijfwijze van de naam vastgelegd".to_string();
    write(s, actor, person_id, "person.name_spelling", detail, |c, person| {
        let same = |g: &str, f: &str| {
            g.trim().to_lowercase() == given.to_lowercase() && f.trim().to_lowercase() == family.to_lowercase()
        };
        if same(&person.given_names, &person.family_name)
            || current(c, &person.id)?.iter().any(|n| same(&n.given_names, &n.family_name))
        {
            return Err(ServiceError::field("familyName", "Deze schrijfwijze staat al bij de persoon."));
        }
        let id = regie_store::names::insert(
            c,
            &NewPersonName {
                person_id: &person.id,
                given_names: given,
                family_name: family,
                source: source.expect("checked").code(),
                recorded_by: &actor.label,
                recorded_at: now,
            },
        )?;
        refresh_search(c, person)?;
        Ok(id)
    })
}

/// Withdraws a current spelling (`name_id` as in a path or form); search no longer finds the
/// person by it.
pub fn withdraw(s: &Services, actor: &Actor, person_id: &str, name_id: &str) -> ServiceResult<()> {
    actor.require(Permission::WritePersons)?;
    let name_id = row_id(name_id)?;
    let now = s.clock.naive();
    let detail = "Schrijfwijze van de naam ingetrokken".to_string();
    write(s, actor, person_id, "person.name_spelling_withdrawn", detail, |c, person| {
        if !regie_store::names::withdraw(c, &person.id, name_id, &actor.label, now)? {
            return Err(ServiceError::NotFound);
        }
        refresh_search(c, person)
    })
}

/// The demo family's names as on their passports and in Arabic script, so that a search for
/// "Youssef" or for "يوسف" finds Yousef Khoury on first start (through the use case). Runs after
/// the household demo, which registers the family.
pub fn demo(s: &Services) -> ServiceResult<()> {
    let km = crate::ontzorging::runs::operator(s, "klantmanager")?;
    let spellings = [
        ("1999000001", "Youssef", "Al-Khouri", NameSource::Paspoort),
        ("1999000001", "يوسف", "خوري", NameSource::Persoon),
        ("1999000002", "رانيا", "خوري", NameSource::Persoon),
    ];
    for (vnummer, given, family, source) in spellings {
        let found = s.store.read(|c| regie_store::cases::existing_v_nummers(c, &[vnummer.to_string()]))?;
        let Some((_, id)) = found.into_iter().next() else { continue };
        let input =
            SpellingInput { given_names: given.into(), family_name: family.into(), source: source.code().into() };
        add(s, &km, &id, &input)?;
    }
    Ok(())
}
