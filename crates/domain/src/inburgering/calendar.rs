//! Lengths of time as the law writes them (days, weeks, months, years) and the one way this
//! crate adds them to a date.
//!
//! The convention, chosen once and used for every deadline: a period "of N after" an event runs
//! from the day after the event, and its last day is the day in the final month or year with the
//! same number as the event day; when that day does not exist in that month (31 April, 29
//! February in a common year) the last day of that month is taken. This is the European rule for
//! periods (Regulation 1182/71, art. 3) and what chrono's month arithmetic does. So:
//! - 10 weeks after a kennisgeving of 2024-01-01 ends on 2024-03-11 (70 days later, exact);
//! - 18 months after 2023-08-31 ends on 2025-02-28 (month end, not 3 March);
//! - 3 years after 2024-02-29 ends on 2027-02-28.
//!
//! Weekends and public holidays do not move a last day here (the Algemene termijnenwet would move
//! some statutory periods to the next working day; that needs a holiday calendar the caller owns).
//! This module must never read the clock.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A length of time in the unit the rule uses. Weeks and days are exact; months and years follow
/// the calendar (see the module docs for month ends).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Days(u32),
    Weeks(u32),
    Months(u32),
    Years(u32),
}

impl Period {
    /// The period as whole calendar months plus exact days; weeks are 7 days, years 12 months.
    pub fn parts(self) -> (u32, u32) {
        match self {
            Self::Days(d) => (0, d),
            Self::Weeks(w) => (0, w.saturating_mul(7)),
            Self::Months(m) => (m, 0),
            Self::Years(y) => (y.saturating_mul(12), 0),
        }
    }

    /// The last day of this period counted from `event` (the event day itself not counted).
    pub fn after(self, event: NaiveDate) -> NaiveDate {
        let (months, days) = self.parts();
        add_parts(event, months, days)
    }

    /// Dutch wording for messages, e.g. "18 maanden", "6 weken", "1 jaar".
    pub fn label_nl(self) -> String {
        let (n, one, many) = match self {
            Self::Days(n) => (n, "dag", "dagen"),
            Self::Weeks(n) => (n, "week", "weken"),
            Self::Months(n) => (n, "maand", "maanden"),
            Self::Years(n) => (n, "jaar", "jaar"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }
}

/// `event` plus whole months (month ends clamped), then plus days. Months come first so that a
/// sum of periods does not depend on the order they are listed in. Saturates at the largest date
/// chrono knows rather than panicking: no real case gets near it.
pub fn add_parts(event: NaiveDate, months: u32, days: u32) -> NaiveDate {
    event
        .checked_add_months(Months::new(months))
        .and_then(|d| d.checked_add_days(Days::new(u64::from(days))))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn weeks_and_days_are_exact() {
        assert_eq!(Period::Weeks(10).after(d(2024, 1, 1)), d(2024, 3, 11));
        assert_eq!(Period::Weeks(6).after(d(2024, 12, 31)), d(2025, 2, 11));
        assert_eq!(Period::Days(1).after(d(2024, 2, 28)), d(2024, 2, 29));
        assert_eq!(Period::Days(1).after(d(2023, 2, 28)), d(2023, 3, 1));
    }

    #[test]
    fn months_clamp_to_the_month_end() {
        assert_eq!(Period::Months(18).after(d(2023, 8, 31)), d(2025, 2, 28));
        assert_eq!(Period::Months(18).after(d(2022, 8, 31)), d(2024, 2, 29));
        assert_eq!(Period::Months(1).after(d(2024, 1, 31)), d(2024, 2, 29));
        assert_eq!(Period::Months(2).after(d(2024, 1, 31)), d(2024, 3, 31));
        assert_eq!(Period::Months(18).after(d(2024, 3, 15)), d(2025, 9, 15));
    }

    #[test]
    fn leap_day_plus_years_ends_on_28_february() {
        assert_eq!(Period::Years(3).after(d(2024, 2, 29)), d(2027, 2, 28));
        assert_eq!(Period::Years(4).after(d(2024, 2, 29)), d(2028, 2, 29));
        assert_eq!(Period::Years(3).after(d(2023, 2, 28)), d(2026, 2, 28));
    }

    #[test]
    fn years_are_twelve_months_and_weeks_seven_days() {
        assert_eq!(Period::Years(3).parts(), (36, 0));
        assert_eq!(Period::Weeks(2).parts(), (0, 14));
    }

    #[test]
    fn labels_are_dutch() {
        assert_eq!(Period::Months(18).label_nl(), "18 maanden");
        assert_eq!(Period::Weeks(1).label_nl(), "1 week");
        assert_eq!(Period::Years(3).label_nl(), "3 jaar");
        assert_eq!(Period::Days(2).label_nl(), "2 dagen");
    }

    #[test]
    fn far_future_saturates_instead_of_panicking() {
        assert_eq!(Period::Years(u32::MAX).after(d(2024, 1, 1)), NaiveDate::MAX);
    }

    proptest! {
        #[test]
        fn a_period_never_ends_before_its_event(days in 0i32..40_000, n in 0u32..400) {
            let event = d(2000, 1, 1) + chrono::Duration::days(i64::from(days));
            for p in [Period::Days(n), Period::Weeks(n), Period::Months(n), Period::Years(n)] {
                prop_assert!(p.after(event) >= event);
            }
        }

        #[test]
        fn month_arithmetic_lands_in_the_right_month_and_never_later_than_the_day(
            days in 0i32..40_000, months in 0u32..120,
        ) {
            use chrono::Datelike;
            let event = d(2000, 1, 1) + chrono::Duration::days(i64::from(days));
            let end = Period::Months(months).after(event);
            let total = event.year() * 12 + event.month0() as i32 + months as i32;
            prop_assert_eq!((end.year(), end.month0() as i32), (total.div_euclid(12), total.rem_euclid(12)));
            prop_assert!(end.day() <= event.day());
        }
    }
}
