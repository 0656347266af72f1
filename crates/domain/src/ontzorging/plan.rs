//! The lifecycle of an ontzorging plan and the signals it gives the people who run it.
//!
//! concept → actief (only with a signed machtiging) → afgesloten (after the handover letters),
//! or gestopt from concept or actief (benefit ended, moved away, the person withdrew the
//! machtiging). Closed and stopped plans take no changes. Everything here is a pure function of
//! the plan's facts and a date passed in.

use super::Month;
use crate::Invalid;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PlanStatus {
    Concept,
    Actief,
    Afgesloten,
    Gestopt,
}

impl PlanStatus {
    pub const ALL: [PlanStatus; 4] =
        [PlanStatus::Concept, PlanStatus::Actief, PlanStatus::Afgesloten, PlanStatus::Gestopt];

    pub fn code(self) -> &'static str {
        match self {
            PlanStatus::Concept => "concept",
            PlanStatus::Actief => "actief",
            PlanStatus::Afgesloten => "afgesloten",
            PlanStatus::Gestopt => "gestopt",
        }
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            PlanStatus::Concept => "In voorbereiding",
            PlanStatus::Actief => "Actief",
            PlanStatus::Afgesloten => "Afgesloten (overgedragen)",
            PlanStatus::Gestopt => "Gestopt",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn is_open(self) -> bool {
        matches!(self, PlanStatus::Concept | PlanStatus::Actief)
    }
}

/// Most months a plan may run (six by default; longer only with a reason, and never more than
/// this, which would no longer be ontzorging but budget management).
pub const MAX_MONTHS: u32 = 24;

/// The facts of a plan that the rules look at.
#[derive(Clone, Debug)]
pub struct PlanFacts {
    pub status: PlanStatus,
    pub benefit_start: NaiveDate,
    pub months: u32,
    pub machtiging_signed_on: Option<NaiveDate>,
    pub handover_planned_on: Option<NaiveDate>,
    /// Whether some month's costs exceed the benefit with no decided order.
    pub needs_priority_decision: bool,
    pub cost_count: usize,
}

impl PlanFacts {
    /// The last day the plan pays: the day before the same date `months` later.
    pub fn end(&self) -> NaiveDate {
        end_of(self.benefit_start, self.months)
    }

    /// The plan's month number (1 = the month the benefit starts) on `today`.
    pub fn month_number(&self, today: NaiveDate) -> i32 {
        Month::of(self.benefit_start).months_until(Month::of(today)) + 1
    }
}

/// The last day of a plan of `months` starting on `start`.
pub fn end_of(start: NaiveDate, months: u32) -> NaiveDate {
    start.checked_add_months(chrono::Months::new(months)).and_then(|d| d.pred_opt()).unwrap_or(start)
}

/// Something a person should act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum PlanSignal {
    /// No signed machtiging yet: nothing can be paid.
    GeenMachtiging,
    /// No fixed costs recorded yet.
    GeenVasteLasten,
    /// Costs exceed the benefit: decide which creditors go first.
    TekortBesluitNodig,
    /// From the fourth month: plan the handover (training, letters).
    OverdrachtPlannen,
    /// The plan has ended: send the letters and close it.
    Afsluiten,
}

impl PlanSignal {
    pub fn code(&self) -> &'static str {
        match self {
            PlanSignal::GeenMachtiging => "geen_machtiging",
            PlanSignal::GeenVasteLasten => "geen_vaste_lasten",
            PlanSignal::TekortBesluitNodig => "tekort_besluit_nodig",
            PlanSignal::OverdrachtPlannen => "overdracht_plannen",
            PlanSignal::Afsluiten => "afsluiten",
        }
    }

    pub fn text_nl(&self) -> &'static str {
        match self {
            PlanSignal::GeenMachtiging => "Er is nog geen getekende machtiging: er kan niets worden betaald.",
            PlanSignal::GeenVasteLasten => "Er zijn nog geen vaste lasten vastgelegd.",
            PlanSignal::TekortBesluitNodig => {
                "De vaste lasten zijn hoger dan de uitkering. Besluit welke schuldeisers eerst worden betaald; tot dan wordt niets betaald."
            }
            PlanSignal::OverdrachtPlannen => {
                "Het ontzorgen loopt af: plan de overdracht (training, budgetcoaching, afspraken over zelf betalen)."
            }
            PlanSignal::Afsluiten => "De periode is voorbij: verstuur de brieven en sluit het plan af.",
        }
    }
}

/// The signals of a plan on `today`.
pub fn signals(plan: &PlanFacts, today: NaiveDate, handover_from_month: i32) -> Vec<PlanSignal> {
    let mut out = Vec::new();
    if !plan.status.is_open() {
        return out;
    }
    if plan.machtiging_signed_on.is_none() {
        out.push(PlanSignal::GeenMachtiging);
    }
    if plan.cost_count == 0 {
        out.push(PlanSignal::GeenVasteLasten);
    }
    if plan.needs_priority_decision {
        out.push(PlanSignal::TekortBesluitNodig);
    }
    if plan.status == PlanStatus::Actief {
        if today > plan.end() {
            out.push(PlanSignal::Afsluiten);
        } else if plan.month_number(today) >= handover_from_month && plan.handover_planned_on.is_none() {
            out.push(PlanSignal::OverdrachtPlannen);
        }
    }
    out
}

/// Checks that a plan may become active: open as concept and a signed machtiging recorded.
pub fn check_activation(plan: &PlanFacts) -> Result<(), Invalid> {
    if plan.status != PlanStatus::Concept {
        return Err(Invalid::new("Alleen een plan in voorbereiding kan worden geactiveerd."));
    }
    if plan.machtiging_signed_on.is_none() {
        return Err(Invalid::new(
            "Er is nog geen getekende machtiging vastgelegd. Zonder machtiging kan de gemeente niets namens de inburgeraar betalen.",
        ));
    }
    Ok(())
}

/// Checks a change of the plan's length: within limits, and a reason when it deviates from the
/// standard length.
pub fn check_months(months: u32, standard: u32, reason: &str) -> Result<(), Invalid> {
    if months == 0 || months > MAX_MONTHS {
        return Err(Invalid::new("De duur van het ontzorgen is 1 tot en met 24 maanden."));
    }
    if months != standard && reason.trim().is_empty() {
        return Err(Invalid::new("Geef een reden als het ontzorgen langer of korter duurt dan de standaardduur."));
    }
    Ok(())
}

/// Checks that changes are possible at all.
pub fn check_open(status: PlanStatus) -> Result<(), Invalid> {
    if status.is_open() {
        Ok(())
    } else {
        Err(Invalid::new("Dit plan is afgesloten of gestopt en kan niet meer worden gewijzigd."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn facts(status: PlanStatus) -> PlanFacts {
        PlanFacts {
            status,
            benefit_start: d(2026, 6, 15),
            months: 6,
            machtiging_signed_on: Some(d(2026, 6, 10)),
            handover_planned_on: None,
            needs_priority_decision: false,
            cost_count: 4,
        }
    }

    #[test]
    fn six_months_end_the_day_before() {
        assert_eq!(facts(PlanStatus::Actief).end(), d(2026, 12, 14));
        assert_eq!(end_of(d(2026, 8, 31), 6), d(2027, 2, 27));
    }

    #[test]
    fn handover_signal_from_the_fourth_month() {
        let p = facts(PlanStatus::Actief);
        assert!(signals(&p, d(2026, 8, 31), 4).is_empty());
        assert_eq!(signals(&p, d(2026, 9, 1), 4), vec![PlanSignal::OverdrachtPlannen]);
        assert_eq!(signals(&p, d(2026, 12, 15), 4), vec![PlanSignal::Afsluiten]);
        let planned = PlanFacts { handover_planned_on: Some(d(2026, 9, 3)), ..p };
        assert!(signals(&planned, d(2026, 10, 1), 4).is_empty());
    }

    #[test]
    fn no_activation_without_machtiging() {
        let mut p = facts(PlanStatus::Concept);
        assert!(check_activation(&p).is_ok());
        p.machtiging_signed_on = None;
        assert!(check_activation(&p).unwrap_err().message.contains("machtiging"));
        assert!(signals(&p, d(2026, 6, 1), 4).contains(&PlanSignal::GeenMachtiging));
        assert!(check_activation(&facts(PlanStatus::Actief)).is_err());
    }

    #[test]
    fn length_needs_a_reason_to_deviate() {
        assert!(check_months(6, 6, "").is_ok());
        assert!(check_months(9, 6, "").is_err());
        assert!(check_months(9, 6, "Nog geen budgetcursus gevolgd").is_ok());
        assert!(check_months(0, 6, "x").is_err());
        assert!(check_months(25, 6, "x").is_err());
        assert!(check_open(PlanStatus::Gestopt).is_err());
    }
}
