//! The leerbaarheidstoets (LBT): the learnability test of the brede intake and what its score
//! means for the B1-route.
//!
//! The outcome is judged by the threshold in force on the test date, never on the day someone
//! looks at it: a score of 29 in March 2023 stays "niet haalbaar" after the threshold dropped to
//! 28. The outcome is advice: the municipality may deviate from it in the route decision, with
//! reasons; that deviation is recorded there, not here. This module must never read the clock.

use crate::Invalid;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::params::RuleSet;

/// Why a person did not take the LBT.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LbtExemption {
    VisualImpairment,
    HearingImpairment,
}

impl LbtExemption {
    pub fn label(&self) -> &'static str {
        match self {
            Self::VisualImpairment => "Vrijgesteld wegens een visuele beperking",
            Self::HearingImpairment => "Vrijgesteld wegens een auditieve beperking",
        }
    }
}

/// A leerbaarheidstoets as recorded: taken on a date with a validated score, or exempted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Leerbaarheidstoets {
    Taken { date: NaiveDate, score: u8 },
    Exempt { ground: LbtExemption },
}

/// What the LBT says about the B1-route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LbtOutcome {
    Haalbaar,
    NietHaalbaar,
    Exempt(LbtExemption),
}

impl Leerbaarheidstoets {
    /// A taken test; the score must lie between 0 and the maximum score in force on `date`.
    pub fn taken(rules: &RuleSet, date: NaiveDate, score: i32) -> Result<Self, Invalid> {
        if score < 0 {
            return Err(Invalid::new("De score van de leerbaarheidstoets kan niet negatief zijn."));
        }
        let max = rules.at(date).lbt_max_score;
        match u8::try_from(score) {
            Ok(s) if s <= max => Ok(Self::Taken { date, score: s }),
            _ => Err(Invalid::new(
                "De score van de leerbaarheidstoets kan niet hoger zijn dan de maximumscore van de toets.",
            )),
        }
    }

    pub fn exempt(ground: LbtExemption) -> Self {
        Self::Exempt { ground }
    }

    /// The outcome by the threshold in force on the test date.
    pub fn outcome(&self, rules: &RuleSet) -> LbtOutcome {
        match *self {
            Self::Taken { date, score } if score >= rules.at(date).lbt_threshold => LbtOutcome::Haalbaar,
            Self::Taken { .. } => LbtOutcome::NietHaalbaar,
            Self::Exempt { ground } => LbtOutcome::Exempt(ground),
        }
    }

    /// Whether the B1-route is haalbaar; `None` for an exemption (no test result to go by).
    pub fn haalbaar(&self, rules: &RuleSet) -> Option<bool> {
        match self.outcome(rules) {
            LbtOutcome::Haalbaar => Some(true),
            LbtOutcome::NietHaalbaar => Some(false),
            LbtOutcome::Exempt(_) => None,
        }
    }
}

impl LbtOutcome {
    pub fn label(&self) -> &'static str {
        match self {
            Self::Haalbaar => "B1-route haalbaar",
            Self::NietHaalbaar => "B1-route niet haalbaar",
            Self::Exempt(g) => g.label(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn haalbaar(date: NaiveDate, score: i32) -> Option<bool> {
        let rs = RuleSet::default();
        Leerbaarheidstoets::taken(&rs, date, score).unwrap().haalbaar(&rs)
    }

    #[test]
    fn score_28_is_haalbaar_from_2023_04_12_only() {
        assert_eq!(haalbaar(d(2023, 4, 12), 28), Some(true));
        assert_eq!(haalbaar(d(2023, 4, 11), 28), Some(false));
        assert_eq!(haalbaar(d(2023, 4, 12), 27), Some(false));
    }

    #[test]
    fn before_the_change_31_is_needed() {
        assert_eq!(haalbaar(d(2023, 4, 11), 30), Some(false));
        assert_eq!(haalbaar(d(2023, 4, 11), 31), Some(true));
        assert_eq!(haalbaar(d(2022, 1, 1), 31), Some(true));
    }

    #[test]
    fn the_test_date_decides_not_a_later_change_of_the_threshold() {
        let rs = RuleSet::default();
        let lbt = Leerbaarheidstoets::taken(&rs, d(2023, 3, 1), 29).unwrap();
        assert_eq!(lbt.outcome(&rs), LbtOutcome::NietHaalbaar);
        assert_eq!(lbt.outcome(&rs).label(), "B1-route niet haalbaar");
    }

    #[test]
    fn scores_outside_0_to_40_are_refused_in_dutch() {
        let rs = RuleSet::default();
        assert!(Leerbaarheidstoets::taken(&rs, d(2024, 1, 1), 0).is_ok());
        assert!(Leerbaarheidstoets::taken(&rs, d(2024, 1, 1), 40).is_ok());
        let err = Leerbaarheidstoets::taken(&rs, d(2024, 1, 1), 41).unwrap_err();
        assert!(err.message.contains("maximumscore"));
        assert!(Leerbaarheidstoets::taken(&rs, d(2024, 1, 1), 300).is_err());
        let err = Leerbaarheidstoets::taken(&rs, d(2024, 1, 1), -1).unwrap_err();
        assert_eq!(err.message, "De score van de leerbaarheidstoets kan niet negatief zijn.");
    }

    #[test]
    fn an_exemption_has_no_haalbaar_outcome() {
        let rs = RuleSet::default();
        for g in [LbtExemption::VisualImpairment, LbtExemption::HearingImpairment] {
            let lbt = Leerbaarheidstoets::exempt(g);
            assert_eq!(lbt.outcome(&rs), LbtOutcome::Exempt(g));
            assert_eq!(lbt.haalbaar(&rs), None);
        }
        assert_eq!(
            LbtOutcome::Exempt(LbtExemption::HearingImpairment).label(),
            "Vrijgesteld wegens een auditieve beperking"
        );
    }

    proptest! {
        #[test]
        fn haalbaar_is_exactly_score_at_least_the_threshold_of_the_test_date(
            days in 0i64..3_000, score in 0i32..=40,
        ) {
            let rs = RuleSet::default();
            let date = d(2022, 1, 1) + chrono::Duration::days(days);
            let threshold = if date < d(2023, 4, 12) { 31 } else { 28 };
            prop_assert_eq!(haalbaar(date, score), Some(score >= threshold));
            prop_assert!(Leerbaarheidstoets::taken(&rs, date, score + 41).is_err());
        }
    }
}
