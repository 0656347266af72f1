//! Withdrawing an hour report or a participation recorded in error. The row stays in the
//! progress record with who withdrew it, when and why; from then on it counts nowhere: not in
//! the totals per component or kind, not towards the hours afschalen needs, and not as a period
//! already reported (so a provider's corrected file may report that period again). A correction
//! is a withdrawal followed by the right report. Exam results, interim tests, the MAP final
//! interview and the PVT signing are not withdrawn here: they come from DUO or are recorded once.

use super::super::documents::reason_ok;
use super::super::dossier_parts::{row_id, write};
use crate::error::Errors;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
pub use regie_store::progress::Withdrawable;

/// Withdraws one current hour report or participation of the person (`id` as in a path or a
/// form) with the reason. An id that is not one of the person's current rows of that kind is
/// not found.
pub fn withdraw(
    s: &Services,
    actor: &Actor,
    person_id: &str,
    which: Withdrawable,
    id: &str,
    reason: &str,
) -> ServiceResult<()> {
    actor.require(Permission::WritePersons)?;
    let id = row_id(id)?;
    let mut e = Errors::default();
    reason_ok(&mut e, "reason", reason);
    e.into_result()?;
    let (action, detail) = match which {
        Withdrawable::HourReport => ("progress.hour_report_withdrawn", "Urenopgave ingetrokken"),
        Withdrawable::Participation => ("progress.participation_withdrawn", "Participatie ingetrokken"),
    };
    let now = s.clock.naive();
    write(s, actor, person_id, action, detail.to_string(), |c, person| {
        if !regie_store::progress::withdraw(c, which, &person.id, id, (now, &actor.label, reason.trim()))? {
            return Err(ServiceError::NotFound);
        }
        Ok(())
    })
}
