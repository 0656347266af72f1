//! Municipal fines: the fixed fine for not appearing at the brede intake (art. 22) and the fine
//! for breach of PIP duties, up to a maximum (art. 23).
//!
//! Each fine is a decision with its own objection period ([`super::deadlines::objection_deadline`]);
//! this module only says whether a fine may be imposed and for how much, by the rules in force on
//! the date of the decision. It must never read the clock.

use chrono::NaiveDate;
use std::fmt;

use super::params::RuleSet;
use crate::Cents;

/// The steps that must precede an art. 22 fine, with the day each happened.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Art22Steps {
    pub first_call: Option<NaiveDate>,
    pub written_warning: Option<NaiveDate>,
    pub second_call: Option<NaiveDate>,
}

/// Why a fine may not be imposed as proposed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FineRefused {
    /// A required step is missing; the name of the step in Dutch.
    MissingStep(&'static str),
    StepsOutOfOrder,
    AmountNotPositive,
    AboveMaximum {
        max: Cents,
    },
}

impl fmt::Display for FineRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingStep(step) => write!(
                f,
                "Een boete wegens niet verschijnen bij de intake kan pas na een oproep, een schriftelijke \
                 waarschuwing en een tweede oproep; {step} ontbreekt."
            ),
            Self::StepsOutOfOrder => write!(
                f,
                "De oproep, de schriftelijke waarschuwing en de tweede oproep moeten in die volgorde liggen, \
                 en vóór de datum van de boete."
            ),
            Self::AmountNotPositive => write!(f, "Het boetebedrag moet groter zijn dan nul."),
            Self::AboveMaximum { max } => {
                write!(f, "Een boete wegens het niet nakomen van het PIP is ten hoogste {}.", max.display_nl())
            }
        }
    }
}

impl std::error::Error for FineRefused {}

/// The art. 22 fine on `on`: only after a call, a written warning and a second call, in that
/// order and not after `on`. The amount is fixed by the rules; there is nothing to choose.
pub fn art22_fine(rules: &RuleSet, steps: &Art22Steps, on: NaiveDate) -> Result<Cents, FineRefused> {
    let first = steps.first_call.ok_or(FineRefused::MissingStep("de eerste oproep"))?;
    let warning = steps.written_warning.ok_or(FineRefused::MissingStep("de schriftelijke waarschuwing"))?;
    let second = steps.second_call.ok_or(FineRefused::MissingStep("de tweede oproep"))?;
    if !(first <= warning && warning <= second && second <= on) {
        return Err(FineRefused::StepsOutOfOrder);
    }
    Ok(rules.at(on).art22_fine)
}

/// Checks an art. 23 fine amount decided on `on`: more than zero and at most the maximum.
pub fn art23_fine(rules: &RuleSet, on: NaiveDate, amount: Cents) -> Result<Cents, FineRefused> {
    let max = rules.at(on).art23_max_fine;
    if amount.0 <= 0 {
        return Err(FineRefused::AmountNotPositive);
    }
    if amount > max {
        return Err(FineRefused::AboveMaximum { max });
    }
    Ok(amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn steps() -> Art22Steps {
        Art22Steps {
            first_call: Some(d(2024, 1, 10)),
            written_warning: Some(d(2024, 1, 20)),
            second_call: Some(d(2024, 2, 1)),
        }
    }

    #[test]
    fn art22_is_250_euro_after_all_three_steps() {
        let rs = RuleSet::default();
        assert_eq!(art22_fine(&rs, &steps(), d(2024, 2, 15)), Ok(Cents(25_000)));
        assert_eq!(art22_fine(&rs, &steps(), d(2024, 2, 1)), Ok(Cents(25_000)));
    }

    #[test]
    fn art22_refuses_missing_or_misordered_steps() {
        let rs = RuleSet::default();
        let on = d(2024, 3, 1);
        let no_warning = Art22Steps { written_warning: None, ..steps() };
        let err = art22_fine(&rs, &no_warning, on).unwrap_err();
        assert_eq!(err, FineRefused::MissingStep("de schriftelijke waarschuwing"));
        assert!(err.to_string().ends_with("de schriftelijke waarschuwing ontbreekt."));
        assert_eq!(art22_fine(&rs, &Art22Steps::default(), on), Err(FineRefused::MissingStep("de eerste oproep")));
        let second_missing = Art22Steps { second_call: None, ..steps() };
        assert_eq!(art22_fine(&rs, &second_missing, on), Err(FineRefused::MissingStep("de tweede oproep")));
        let swapped = Art22Steps { written_warning: Some(d(2024, 1, 5)), ..steps() };
        assert_eq!(art22_fine(&rs, &swapped, on), Err(FineRefused::StepsOutOfOrder));
        assert_eq!(art22_fine(&rs, &steps(), d(2024, 1, 31)), Err(FineRefused::StepsOutOfOrder));
    }

    #[test]
    fn art23_is_at_most_800_euro() {
        let rs = RuleSet::default();
        let on = d(2024, 6, 1);
        assert_eq!(art23_fine(&rs, on, Cents(80_000)), Ok(Cents(80_000)));
        assert_eq!(art23_fine(&rs, on, Cents(1)), Ok(Cents(1)));
        let err = art23_fine(&rs, on, Cents(80_001)).unwrap_err();
        assert_eq!(err.to_string(), "Een boete wegens het niet nakomen van het PIP is ten hoogste € 800,00.");
        assert_eq!(art23_fine(&rs, on, Cents(0)), Err(FineRefused::AmountNotPositive));
        assert_eq!(art23_fine(&rs, on, Cents(-5)), Err(FineRefused::AmountNotPositive));
    }
}
