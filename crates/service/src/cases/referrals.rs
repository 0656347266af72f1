//! Referrals (verwijzingen) of a person to partner organisations: the partner, its kind, the
//! date and the goal, and later the outcome, recorded once. A referral that shares the
//! person's data needs a consent to share with partners that holds on the day of the referral.
//! A referral to health care is health data: hidden from, and not made by, roles that may not
//! see health fields.

use super::dossier_parts::{referral_visible, required_date, write};
use super::load_scoped;
use crate::error::Errors;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use regie_domain::inburgering::dossier::{
    self as rules, ConsentKind, ConsentSpan, Outcome, ReferralKind, ReferralOutcome,
};
use regie_store::dossier::{NewOutcome, NewReferral, ReferralRow};

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReferralInput {
    pub partner_name: String,
    pub kind: String,
    /// `dd-mm-jjjj` or ISO.
    pub referred_on: String,
    pub goal: String,
    /// Whether the person's data is shared with the partner (needs a consent).
    #[serde(default)]
    pub shares_data: bool,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OutcomeInput {
    pub outcome: String,
    /// `dd-mm-jjjj` or ISO.
    pub outcome_on: String,
    #[serde(default)]
    pub note: String,
}

/// Records a referral; returns its id. Sharing data without a consent that holds on the day
/// is refused (on the `sharesData` field) and nothing is stored.
pub fn create(s: &Services, actor: &Actor, person_id: &str, input: &ReferralInput) -> ServiceResult<i64> {
    actor.require(Permission::WritePersons)?;
    let mut e = Errors::default();
    let partner = input.partner_name.trim();
    if !(2..=200).contains(&partner.chars().count()) {
        e.push("partnerName", "Vul de naam van de partnerorganisatie in (2 tot 200 tekens).");
    }
    let kind = ReferralKind::parse(input.kind.trim());
    match kind {
        None => e.push("kind", "Kies het soort partner."),
        Some(k) if k.is_health() && !actor.can(Permission::ReadHealth) => e.push(
            "kind",
            "Een verwijzing naar de gezondheidszorg kan alleen een klantmanager of teamleider vastleggen.",
        ),
        Some(_) => {}
    }
    let on =
        required_date(&mut e, "referredOn", &input.referred_on, s.clock.today(), "Vul de datum van de verwijzing in.");
    let goal = input.goal.trim();
    if !(1..=2000).contains(&goal.chars().count()) {
        e.push("goal", "Beschrijf de reden of het doel van de verwijzing (hoogstens 2000 tekens).");
    }
    e.into_result()?;
    let (kind, on) = (kind.expect("checked"), on.expect("checked"));
    let now = s.clock.naive();
    let detail = if kind.is_health() {
        "Verwijzing vastgelegd".to_string()
    } else {
        format!("Verwijzing: {}", kind.label().to_lowercase())
    };
    write(s, actor, person_id, "referral.create", detail, |c, person| {
        let consents: Vec<_> = regie_store::dossier::consents_of(c, &person.id)?
            .into_iter()
            .filter(|k| k.kind == ConsentKind::DelenMetPartners.code())
            .collect();
        let spans: Vec<ConsentSpan> =
            consents.iter().map(|k| ConsentSpan { given_on: k.given_on, withdrawn_on: k.withdrawn_on }).collect();
        rules::check_referral(input.shares_data, on, &spans).map_err(|m| ServiceError::field("sharesData", m))?;
        let consent_id = if input.shares_data {
            consents.iter().zip(&spans).find(|(_, span)| span.holds_on(on)).map(|(k, _)| k.id)
        } else {
            None
        };
        Ok(regie_store::dossier::insert_referral(
            c,
            &NewReferral {
                person_id: &person.id,
                partner_name: partner,
                kind: kind.code(),
                referred_on: on,
                goal,
                shares_data: input.shares_data,
                consent_id,
                created_by: &actor.label,
                created_at: now,
            },
        )?)
    })
}

/// The recorded outcome of a referral, if any.
fn recorded(r: &ReferralRow) -> Option<Outcome> {
    Some(Outcome {
        outcome: ReferralOutcome::parse(r.outcome.as_deref()?)?,
        on: r.outcome_on?,
        note: r.outcome_note.clone().unwrap_or_default(),
    })
}

/// A referral of the person that the caller may see.
fn visible(c: &mut regie_store::Conn, health: bool, person_id: &str, id: i64) -> ServiceResult<ReferralRow> {
    regie_store::dossier::referral(c, person_id, id)?
        .filter(|r| referral_visible(health, r))
        .ok_or(ServiceError::NotFound)
}

/// Records the outcome of a referral, once. The same outcome again changes nothing and
/// returns `false`; a different one is refused (409).
pub fn record_outcome(
    s: &Services,
    actor: &Actor,
    person_id: &str,
    referral_id: i64,
    input: &OutcomeInput,
) -> ServiceResult<bool> {
    actor.require(Permission::WritePersons)?;
    let mut e = Errors::default();
    let outcome = ReferralOutcome::parse(input.outcome.trim());
    if outcome.is_none() {
        e.push("outcome", "Kies wat de uitkomst van de verwijzing is.");
    }
    let on = required_date(&mut e, "outcomeOn", &input.outcome_on, s.clock.today(), "Vul de datum van de uitkomst in.");
    if input.note.chars().count() > 2000 {
        e.push("note", "De toelichting heeft hoogstens 2000 tekens.");
    }
    e.into_result()?;
    let new =
        Outcome { outcome: outcome.expect("checked"), on: on.expect("checked"), note: input.note.trim().to_string() };
    let health = actor.can(Permission::ReadHealth);
    // The same outcome again: answered without writing anything.
    let current = s.store.read(|c| {
        Ok(load_scoped(c, actor, person_id, Permission::WritePersons)
            .and_then(|_| visible(c, health, person_id, referral_id)))
    })??;
    if rules::outcome_step(current.referred_on, recorded(&current).as_ref(), &new).map_err(|m| conflict(&current, m))? {
        let now = s.clock.naive();
        let detail = format!("Uitkomst van een verwijzing: {}", new.outcome.label().to_lowercase());
        write(s, actor, person_id, "referral.outcome", detail, |c, person| {
            let row = visible(c, health, &person.id, referral_id)?;
            if rules::outcome_step(row.referred_on, recorded(&row).as_ref(), &new).map_err(|m| conflict(&row, m))? {
                let o =
                    NewOutcome { outcome: new.outcome.code(), on: new.on, note: &new.note, by: &actor.label, at: now };
                regie_store::dossier::set_outcome(c, &person.id, referral_id, &o)?;
            }
            Ok(())
        })?;
        return Ok(true);
    }
    Ok(false)
}

/// A refused outcome: a date before the referral is the date field's mistake, a second
/// different outcome a conflict.
fn conflict(row: &ReferralRow, message: &'static str) -> ServiceError {
    if row.outcome.is_none() {
        ServiceError::field("outcomeOn", message)
    } else {
        ServiceError::Conflict(message.to_string())
    }
}

/// The Dutch label of a stored code, for screens.
pub fn outcome_label(code: &str) -> &'static str {
    ReferralOutcome::parse(code).map(|o| o.label()).unwrap_or("")
}
