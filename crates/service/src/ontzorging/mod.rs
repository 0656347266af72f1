//! Ontzorging (art. 56a Participatiewet): the plans that pay an asielstatushouder's fixed costs
//! out of the welfare benefit for six months, the monthly payment runs that do it (drafted by one
//! finance user, approved by another, exported as a SEPA file and booked in the ledger), the
//! handover at the end, the reports, and the settings behind them (norms, cost types, paying
//! accounts). Each public function is one use case behind the screens, the API and the CLI.
//!
//! This module must not compute payments itself (that is `regie_domain::ontzorging`), must not
//! write SQL (that is `regie_store::ontzorging`), and never lets a payment happen twice: a run
//! and its approval are each one transaction, and the store's keys refuse a second one.

mod letters;
pub mod plans;
pub mod reports;
pub mod runs;
pub mod settings;
pub mod synth;

use crate::audit::entry;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use regie_store::ontzorging::PlanRow;
use regie_store::Conn;

pub use regie_store::ontzorging::{
    CostRow, CostTypeRow, DocumentInfo, LedgerRow, LineRow, NormRow, PayerAccountRow, PlanEventRow, RunRow, SignalRow,
};

/// The processing purpose recorded with every audit entry of this module.
pub const PURPOSE: &str = "uitvoering_ontzorging_participatiewet";

/// The plan, when it lies within the actor's scope for `permission`.
pub(crate) fn load_plan(c: &mut Conn, actor: &Actor, plan_id: &str, permission: Permission) -> ServiceResult<PlanRow> {
    let scope = actor.require_scope(permission)?;
    let plan = regie_store::ontzorging::get_plan(c, plan_id)?.ok_or(ServiceError::NotFound)?;
    if !scope.contains(&plan.municipality_code) {
        return Err(ServiceError::NotFound);
    }
    Ok(plan)
}

/// Writes the audit record of a change to a plan, inside the caller's transaction.
pub(crate) fn audit_plan(c: &mut Conn, s: &Services, actor: &Actor, action: &str, plan: &PlanRow) -> ServiceResult<()> {
    let rec = entry(
        s,
        actor,
        actor.role_for(Permission::ManageOntzorging),
        action,
        PURPOSE,
        vec![plan.person_id.clone()],
        ("ontzorging_plan", &plan.id),
        "success",
    );
    regie_store::audit::append(c, &[rec])?;
    Ok(())
}
