//! The settings ontzorging runs on, kept by the functional administrator: the dated welfare norms
//! per household type, the list of cost types, and each municipality's paying account. Changing
//! a norm never changes a run already drafted: a run keeps the amounts it computed.

use crate::audit::{entry, purpose};
use crate::error::Errors;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use regie_domain::ontzorging::norms::Norm;
use regie_domain::ontzorging::HouseholdType;
use regie_domain::{Cents, Iban};
use regie_store::ontzorging::{CostTypeRow, NormRow, PayerAccountRow};

fn audit_change(
    s: &Services,
    actor: &Actor,
    c: &mut regie_store::Conn,
    action: &str,
    object: (&str, &str),
) -> ServiceResult<()> {
    let rec =
        entry(s, actor, actor.role_for(Permission::Administer), action, purpose::BEHEER, vec![], object, "success");
    regie_store::audit::append(c, &[rec])?;
    Ok(())
}

/// Anyone working with ontzorging, and the administrator, may see the settings.
fn require_read(actor: &Actor) -> ServiceResult<()> {
    if actor.can(Permission::ManageOntzorging)
        || actor.can(Permission::PaymentRuns)
        || actor.can(Permission::Administer)
    {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

pub fn norms(s: &Services, actor: &Actor) -> ServiceResult<Vec<NormRow>> {
    require_read(actor)?;
    Ok(s.store.read(regie_store::ontzorging::list_norms)?)
}

/// Sets the norm of a household type from a date (`dd-mm-jjjj` or ISO, the first of a month).
pub fn put_norm(
    s: &Services,
    actor: &Actor,
    household_type: &str,
    valid_from: &str,
    amount: &str,
) -> ServiceResult<()> {
    actor.require(Permission::Administer)?;
    let mut e = Errors::default();
    let t = e.check("householdType", HouseholdType::parse(household_type));
    let from = chrono::NaiveDate::parse_from_str(valid_from.trim(), "%d-%m-%Y")
        .or_else(|_| chrono::NaiveDate::parse_from_str(valid_from.trim(), "%Y-%m-%d"))
        .ok();
    if from.is_none() {
        e.push("validFrom", "Vul de ingangsdatum in als dd-mm-jjjj.");
    }
    let cents = e.check("amount", Cents::parse_nl(amount));
    e.into_result()?;
    let norm = Norm::new(t.unwrap_or(HouseholdType::Alleenstaand), from.unwrap_or_default(), cents.unwrap_or_default())
        .map_err(|err| ServiceError::from_invalid("amount", err))?;
    let now = s.clock.naive();
    s.store.write_with(|c| {
        regie_store::ontzorging::put_norm(
            c,
            &NormRow {
                household_type: norm.household_type.code().into(),
                valid_from: norm.valid_from,
                amount_cents: norm.amount.0,
                changed_by: actor.label.clone(),
                changed_at: now,
            },
        )?;
        audit_change(
            s,
            actor,
            c,
            "ontzorging.norm.put",
            ("benefit_norm", &format!("{}@{}", norm.household_type.code(), norm.valid_from)),
        )
    })
}

pub fn cost_types(s: &Services, actor: &Actor) -> ServiceResult<Vec<CostTypeRow>> {
    require_read(actor)?;
    Ok(s.store.read(regie_store::ontzorging::list_cost_types)?)
}

/// Adds a cost type to the list (for example municipal taxes or a funeral insurance).
pub fn add_cost_type(s: &Services, actor: &Actor, code: &str, label: &str) -> ServiceResult<()> {
    actor.require(Permission::Administer)?;
    let code = code.trim();
    let label = label.trim();
    let mut e = Errors::default();
    if code.is_empty() || code.len() > 40 || !code.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_') {
        e.push("code", "Een code bestaat uit kleine letters en liggende streepjes, hoogstens 40 tekens.");
    }
    if label.is_empty() || label.chars().count() > 80 {
        e.push("label", "Vul een omschrijving in van hoogstens 80 tekens.");
    }
    e.into_result()?;
    s.store.write_with(|c| {
        let existing = regie_store::ontzorging::list_cost_types(c)?;
        if existing.iter().any(|t| t.code == code) {
            return Err(ServiceError::field("code", "Deze code bestaat al."));
        }
        let order = existing.iter().map(|t| t.sort_order).max().unwrap_or(0) + 1;
        regie_store::ontzorging::insert_cost_type(
            c,
            &CostTypeRow { code: code.into(), label: label.into(), standard: false, active: true, sort_order: order },
        )?;
        audit_change(s, actor, c, "ontzorging.cost_type.add", ("cost_type", code))
    })
}

/// Switches a cost type on or off for new costs (existing costs keep being paid).
pub fn set_cost_type_active(s: &Services, actor: &Actor, code: &str, active: bool) -> ServiceResult<()> {
    actor.require(Permission::Administer)?;
    s.store.write_with(|c| {
        if !regie_store::ontzorging::set_cost_type_active(c, code, active)? {
            return Err(ServiceError::NotFound);
        }
        audit_change(s, actor, c, "ontzorging.cost_type.active", ("cost_type", code))
    })
}

pub fn payer_accounts(s: &Services, actor: &Actor) -> ServiceResult<Vec<PayerAccountRow>> {
    require_read(actor)?;
    Ok(s.store.read(regie_store::ontzorging::list_payer_accounts)?)
}

/// Sets the account a municipality pays from.
pub fn put_payer_account(
    s: &Services,
    actor: &Actor,
    code: &str,
    name: &str,
    iban: &str,
    bic: &str,
) -> ServiceResult<()> {
    actor.require(Permission::Administer)?;
    let mut e = Errors::default();
    let iban = e.check("iban", Iban::parse(iban));
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 70 {
        e.push("name", "Vul de naam van de rekeninghouder in (hoogstens 70 tekens).");
    }
    let bic = bic.trim().to_ascii_uppercase();
    if !bic.is_empty() && !((bic.len() == 8 || bic.len() == 11) && bic.chars().all(|ch| ch.is_ascii_alphanumeric())) {
        e.push("bic", "Een BIC heeft 8 of 11 letters en cijfers (of laat het leeg).");
    }
    e.into_result()?;
    s.store.write_with(|c| {
        if regie_store::tenancy::get_municipality(c, code)?.is_none() {
            return Err(ServiceError::NotFound);
        }
        regie_store::ontzorging::put_payer_account(
            c,
            &PayerAccountRow {
                municipality_code: code.into(),
                name: name.into(),
                iban: iban.clone().map(String::from).unwrap_or_default(),
                bic: (!bic.is_empty()).then(|| bic.clone()),
            },
        )?;
        audit_change(s, actor, c, "ontzorging.payer_account.put", ("payer_account", code))
    })
}
