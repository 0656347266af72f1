//! Consents (toestemmingen) of a person: to share data with partner organisations, the
//! machtiging for ontzorging. Given on a date, optionally with the signed document, and
//! withdrawn on a date with a reason; a withdrawn consent stays in the history. One consent of
//! a kind holds at a time.

use super::documents::reason_ok;
use super::dossier_parts::{document_visible, required_date, write, write_as};
use crate::error::Errors;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use regie_domain::inburgering::dossier::ConsentKind;
use regie_store::dossier::NewConsent;

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConsentInput {
    pub kind: String,
    /// `dd-mm-jjjj` or ISO.
    pub given_on: String,
    /// The signed consent among the person's documents.
    #[serde(default)]
    pub document_id: Option<i64>,
    #[serde(default)]
    pub note: String,
}

/// Records a consent; returns its id.
pub fn give(s: &Services, actor: &Actor, person_id: &str, input: &ConsentInput) -> ServiceResult<i64> {
    actor.require(Permission::WritePersons)?;
    let mut e = Errors::default();
    let kind = ConsentKind::parse(input.kind.trim());
    if kind.is_none() {
        e.push("kind", "Kies waarvoor de persoon toestemming geeft.");
    }
    let given_on =
        required_date(&mut e, "givenOn", &input.given_on, s.clock.today(), "Vul de datum van de toestemming in.");
    if input.note.chars().count() > 2000 {
        e.push("note", "De toelichting heeft hoogstens 2000 tekens.");
    }
    e.into_result()?;
    let (kind, given_on) = (kind.expect("checked"), given_on.expect("checked"));
    let health = actor.can(Permission::ReadHealth);
    let now = s.clock.naive();
    write(
        s,
        actor,
        person_id,
        "consent.give",
        format!("Toestemming vastgelegd: {}", kind.label().to_lowercase()),
        |c, person| {
            if let Some(doc) = input.document_id {
                let found = regie_store::dossier::document(c, &person.id, doc)?;
                if !found.is_some_and(|d| d.withdrawn_at.is_none() && document_visible(health, &d)) {
                    return Err(ServiceError::field("documentId", "Kies een document van deze persoon."));
                }
            }
            let consents = regie_store::dossier::consents_of(c, &person.id)?;
            if consents.iter().any(|k| k.kind == kind.code() && k.withdrawn_on.is_none()) {
                return Err(ServiceError::Conflict(
                    "Er is al een geldige toestemming van deze soort. Trek die eerst in als er een nieuwe nodig is."
                        .into(),
                ));
            }
            Ok(regie_store::dossier::insert_consent(
                c,
                &NewConsent {
                    person_id: &person.id,
                    kind: kind.code(),
                    given_on,
                    document_id: input.document_id,
                    note: input.note.trim(),
                    recorded_by: &actor.label,
                    recorded_at: now,
                },
            )?)
        },
    )
}

/// Withdraws a consent on a date with a reason. It stays visible in the history.
pub fn withdraw(
    s: &Services,
    actor: &Actor,
    person_id: &str,
    consent_id: i64,
    withdrawn_on: &str,
    reason: &str,
) -> ServiceResult<()> {
    actor.require(Permission::WritePersons)?;
    let mut e = Errors::default();
    let on = required_date(&mut e, "withdrawnOn", withdrawn_on, s.clock.today(), "Vul de datum van de intrekking in.");
    reason_ok(&mut e, "reason", reason);
    e.into_result()?;
    let on = on.expect("checked");
    // Also on a closed case: a consent can always be withdrawn (the case's rule allows it).
    let command = regie_domain::inburgering::Command::WithdrawConsent;
    write_as(s, actor, person_id, command, "consent.withdraw", "Toestemming ingetrokken".into(), |c, person| {
        let consents = regie_store::dossier::consents_of(c, &person.id)?;
        let consent = consents.iter().find(|k| k.id == consent_id).ok_or(ServiceError::NotFound)?;
        if consent.withdrawn_on.is_some() {
            return Err(ServiceError::Conflict("Deze toestemming is al ingetrokken.".into()));
        }
        if on < consent.given_on {
            return Err(ServiceError::field(
                "withdrawnOn",
                "De intrekking kan niet vóór de datum van de toestemming liggen.",
            ));
        }
        regie_store::dossier::withdraw_consent(c, &person.id, consent_id, on, &actor.label, reason.trim())?;
        Ok(())
    })
}
