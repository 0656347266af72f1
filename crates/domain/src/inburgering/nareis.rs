//! Nareizigers: family members who follow a status holder to the Netherlands through family
//! reunification (nareis, gezinshereniging). The case worker records who is expected, with their
//! relation to the person, and follows the application to its end: submitted, granted (mvv),
//! refused, arrived, or no longer coming. The municipality plans housing, schooling and the
//! household's ontzorging on it, and a nareiziger who arrives becomes obliged to integrate too.
//!
//! The steps ([`next_status`]): an application follows "expected"; a decision (granted or
//! refused) follows the application; arrival follows a grant; a refused application may be
//! submitted again (objection or new application); "no longer coming" may end any open status.
//! Arrived and no longer coming are final. A step is dated, not in the future and not before
//! the step before it.
//!
//! Nothing here stores or reads the clock; the caller passes "today".

use crate::inburgering::dossier::code_list;
use chrono::NaiveDate;

code_list! {
    /// How a nareiziger is related to the person they follow.
    FamilyRelation {
        Partner => ("partner", "Echtgenoot of partner"),
        Kind => ("kind", "Kind"),
        Ouder => ("ouder", "Ouder"),
        Overig => ("overig", "Ander gezinslid"),
    }
}

code_list! {
    /// Where a nareiziger's family reunification stands.
    NareisStatus {
        Verwacht => ("verwacht", "Verwacht, nog geen aanvraag"),
        Aangevraagd => ("aangevraagd", "Aanvraag gezinshereniging ingediend"),
        Ingewilligd => ("ingewilligd", "Aanvraag ingewilligd (mvv)"),
        Afgewezen => ("afgewezen", "Aanvraag afgewezen"),
        Aangekomen => ("aangekomen", "Aangekomen in Nederland"),
        Vervallen => ("vervallen", "Reist niet meer na"),
    }
}

impl NareisStatus {
    /// Whether nothing follows this status.
    pub fn is_final(self) -> bool {
        matches!(self, NareisStatus::Aangekomen | NareisStatus::Vervallen)
    }

    /// The statuses that may follow this one.
    pub fn successors(self) -> &'static [NareisStatus] {
        use NareisStatus::*;
        match self {
            Verwacht => &[Aangevraagd, Vervallen],
            Aangevraagd => &[Ingewilligd, Afgewezen, Vervallen],
            Ingewilligd => &[Aangekomen, Vervallen],
            Afgewezen => &[Aangevraagd, Vervallen],
            Aangekomen | Vervallen => &[],
        }
    }
}

/// Whether a nareiziger with this status may be linked to their own person record: only once
/// they have arrived (before that they have no case of their own here).
pub fn may_link_own_dossier(status: NareisStatus) -> Result<(), StepRefused> {
    if status == NareisStatus::Aangekomen {
        Ok(())
    } else {
        Err(refused(
            "status",
            format!(
                "Koppel een nareiziger pas aan een dossier als de stand \"{}\" is.",
                NareisStatus::Aangekomen.label()
            ),
        ))
    }
}

/// The statuses a nareiziger may be recorded with at first: anything but an end.
pub fn first_statuses() -> &'static [NareisStatus] {
    use NareisStatus::*;
    &[Verwacht, Aangevraagd, Ingewilligd]
}

/// Why a status step is refused, as (field, Dutch message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepRefused {
    pub field: &'static str,
    pub message: String,
}

fn refused(field: &'static str, message: impl Into<String>) -> StepRefused {
    StepRefused { field, message: message.into() }
}

/// The date of a first status or a step: not in the future.
pub fn check_status_date(on: NaiveDate, today: NaiveDate) -> Result<(), StepRefused> {
    if on > today {
        return Err(refused("statusOn", "De datum ligt in de toekomst."));
    }
    Ok(())
}

/// Checks a step from `from` (recorded on `since`) to `to` on `on`.
pub fn next_status(
    from: NareisStatus,
    since: NaiveDate,
    to: NareisStatus,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<(), StepRefused> {
    if from.is_final() {
        return Err(refused(
            "status",
            format!("De stand is al \"{}\"; daarna kan niets meer worden vastgelegd.", from.label()),
        ));
    }
    if !from.successors().contains(&to) {
        let allowed: Vec<String> = from.successors().iter().map(|s| format!("\"{}\"", s.label())).collect();
        return Err(refused("status", format!("Na \"{}\" kan alleen {} volgen.", from.label(), allowed.join(" of "))));
    }
    check_status_date(on, today)?;
    if on < since {
        return Err(refused("statusOn", "De datum ligt vóór de datum van de vorige status."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use NareisStatus::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn an_application_runs_from_expected_to_arrival() {
        let today = d(2026, 11, 1);
        assert!(next_status(Verwacht, d(2026, 1, 1), Aangevraagd, d(2026, 2, 1), today).is_ok());
        assert!(next_status(Aangevraagd, d(2026, 2, 1), Ingewilligd, d(2026, 6, 1), today).is_ok());
        assert!(next_status(Ingewilligd, d(2026, 6, 1), Aangekomen, d(2026, 6, 1), today).is_ok(), "the same day");
        assert!(next_status(Aangevraagd, d(2026, 2, 1), Afgewezen, d(2026, 6, 1), today).is_ok());
        assert!(next_status(Afgewezen, d(2026, 6, 1), Aangevraagd, d(2026, 7, 1), today).is_ok(), "applied again");
        for from in [Verwacht, Aangevraagd, Ingewilligd, Afgewezen] {
            assert!(next_status(from, d(2026, 1, 1), Vervallen, d(2026, 2, 1), today).is_ok(), "{from:?}");
        }
    }

    #[test]
    fn only_an_arrived_nareiziger_is_linked_to_a_dossier_of_their_own() {
        assert!(may_link_own_dossier(Aangekomen).is_ok());
        for status in [Verwacht, Aangevraagd, Ingewilligd, Afgewezen, Vervallen] {
            let refused = may_link_own_dossier(status).unwrap_err();
            assert!(refused.message.contains("Aangekomen in Nederland"), "{status:?}: {}", refused.message);
        }
    }

    #[test]
    fn skipped_steps_final_statuses_and_bad_dates_are_refused() {
        let today = d(2026, 11, 1);
        let e = next_status(Verwacht, d(2026, 1, 1), Aangekomen, d(2026, 2, 1), today).unwrap_err();
        assert_eq!(e.field, "status");
        assert!(
            e.message.contains("\"Aanvraag gezinshereniging ingediend\" of \"Reist niet meer na\""),
            "{}",
            e.message
        );
        assert!(next_status(Verwacht, d(2026, 1, 1), Ingewilligd, d(2026, 2, 1), today).is_err());
        for end in [Aangekomen, Vervallen] {
            let e = next_status(end, d(2026, 1, 1), Aangevraagd, d(2026, 2, 1), today).unwrap_err();
            assert!(e.message.contains("daarna kan niets meer"), "{}", e.message);
        }
        let e = next_status(Verwacht, d(2026, 3, 1), Aangevraagd, d(2026, 2, 28), today).unwrap_err();
        assert_eq!(e.field, "statusOn");
        let e = next_status(Verwacht, d(2026, 3, 1), Aangevraagd, d(2026, 11, 2), today).unwrap_err();
        assert_eq!((e.field, e.message.as_str()), ("statusOn", "De datum ligt in de toekomst."));
    }

    #[test]
    fn a_first_status_is_never_an_end() {
        assert!(first_statuses().iter().all(|s| !s.is_final() && *s != Afgewezen));
    }
}
