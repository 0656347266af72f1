//! Deadlines of the chain other than the termijn (see [`super::termijn`]): koppeling, housing,
//! the PIP due date, objection periods and progress interviews, and the [`Signal`] a deadline
//! gives on a worklist relative to a "today" that the caller passes in.
//!
//! Every last day is inclusive and follows [`super::calendar`]; the rules in force on the date
//! that starts a clock apply to that clock. This module must never read the clock: a worklist
//! computed twice with the same "today" gives the same signals.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::params::RuleSet;

/// COA links the person to a municipality at the latest on this day.
pub fn koppeling_due(rules: &RuleSet, permit: NaiveDate) -> NaiveDate {
    rules.at(permit).koppeling_after_permit.after(permit)
}

/// The housing deadlines after a koppeling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HousingDue {
    /// The municipality has housed (offered a home to) the person.
    pub housed_by: NaiveDate,
    /// The person has moved in: two more weeks, counted from `housed_by`.
    pub moved_by: NaiveDate,
}

pub fn housing_due(rules: &RuleSet, koppeling: NaiveDate) -> HousingDue {
    let r = rules.at(koppeling);
    let housed_by = r.housing_after_koppeling.after(koppeling);
    HousingDue { housed_by, moved_by: r.housing_move.after(housed_by) }
}

/// Third-party information (a doctor, a school, a former employer) the municipality waits for
/// before it can establish the PIP.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "arrived")]
pub enum ThirdPartyInfo {
    NotAwaited,
    Awaited,
    Arrived(NaiveDate),
}

/// The facts that start the PIP clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipClock {
    pub kennisgeving: NaiveDate,
    /// The BRP registration; `None` while the person is not yet registered.
    pub brp_registration: Option<NaiveDate>,
    pub third_party: ThirdPartyInfo,
}

/// The PIP due date:
/// - 10 weeks after the kennisgeving; when the person was registered in the BRP only after the
///   kennisgeving, 10 weeks after the registration; while not registered at all, not yet running
///   (`None`);
/// - when the municipality waits for third-party information, the PIP may come later, but at most
///   2 weeks after that information arrived. The later of the two dates counts: information that
///   arrives early never shortens the 10 weeks. While the information is awaited, the extended
///   date cannot be known yet (`None`); [`pip_due_base`] still gives the 10-week date for display.
///
/// The rules in force on the day the clock starts (kennisgeving or registration) apply.
pub fn pip_due(rules: &RuleSet, clock: &PipClock) -> Option<NaiveDate> {
    let base = pip_due_base(rules, clock)?;
    match clock.third_party {
        ThirdPartyInfo::NotAwaited => Some(base),
        ThirdPartyInfo::Awaited => None,
        ThirdPartyInfo::Arrived(arrived) => {
            let start = clock_start(clock)?;
            Some(base.max(rules.at(start).pip_after_third_party_info.after(arrived)))
        }
    }
}

/// The 10-week date alone, ignoring third-party information; `None` before BRP registration.
pub fn pip_due_base(rules: &RuleSet, clock: &PipClock) -> Option<NaiveDate> {
    let start = clock_start(clock)?;
    Some(rules.at(start).pip_due_after_kennisgeving.after(start))
}

fn clock_start(clock: &PipClock) -> Option<NaiveDate> {
    clock.brp_registration.map(|registered| registered.max(clock.kennisgeving))
}

/// The last day to object (bezwaar) to a decision with this dagtekening.
pub fn objection_deadline(rules: &RuleSet, dagtekening: NaiveDate) -> NaiveDate {
    rules.at(dagtekening).objection_period.after(dagtekening)
}

/// The next progress interview is due one interval after the last one, or after the PIP's
/// dagtekening when there has been none yet. An interview held before the dagtekening does not
/// count: the schedule belongs to the established PIP.
pub fn progress_interview_due(
    rules: &RuleSet,
    pip_dagtekening: NaiveDate,
    last_interview: Option<NaiveDate>,
) -> NaiveDate {
    let since = last_interview.map_or(pip_dagtekening, |last| last.max(pip_dagtekening));
    rules.at(since).progress_interview_interval.after(since)
}

/// How urgent a deadline is on a given day. Ordered by urgency, so sorting a worklist by
/// `(signal, due)` puts the longest-overdue first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    /// The last day has passed.
    Overdue,
    /// Today is the last day, or it falls within the next `due_soon_days` days.
    DueSoon,
    Later,
}

impl Signal {
    pub fn for_deadline(due: NaiveDate, today: NaiveDate, due_soon_days: u32) -> Self {
        let days_left = (due - today).num_days();
        if days_left < 0 {
            Self::Overdue
        } else if days_left <= i64::from(due_soon_days) {
            Self::DueSoon
        } else {
            Self::Later
        }
    }

    /// With the "due soon" window configured in the rules in force today.
    pub fn with_rules(rules: &RuleSet, due: NaiveDate, today: NaiveDate) -> Self {
        Self::for_deadline(due, today, rules.at(today).due_soon_days)
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::Overdue => "Te laat",
            Self::DueSoon => "Binnenkort",
            Self::Later => "Later",
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
    fn clock(kennisgeving: NaiveDate, brp: Option<NaiveDate>, third_party: ThirdPartyInfo) -> PipClock {
        PipClock { kennisgeving, brp_registration: brp, third_party }
    }

    #[test]
    fn koppeling_within_2_weeks_and_housing_10_plus_2() {
        let rs = RuleSet::default();
        assert_eq!(koppeling_due(&rs, d(2024, 1, 1)), d(2024, 1, 15));
        let h = housing_due(&rs, d(2024, 1, 15));
        assert_eq!((h.housed_by, h.moved_by), (d(2024, 3, 25), d(2024, 4, 8)));
    }

    #[test]
    fn pip_due_10_weeks_after_kennisgeving() {
        let rs = RuleSet::default();
        let c = clock(d(2024, 1, 1), Some(d(2023, 12, 1)), ThirdPartyInfo::NotAwaited);
        assert_eq!(pip_due(&rs, &c), Some(d(2024, 3, 11)));
    }

    #[test]
    fn pip_due_counts_from_a_later_brp_registration() {
        let rs = RuleSet::default();
        let c = clock(d(2024, 1, 1), Some(d(2024, 2, 1)), ThirdPartyInfo::NotAwaited);
        assert_eq!(pip_due(&rs, &c), Some(d(2024, 4, 11)));
        let not_registered = clock(d(2024, 1, 1), None, ThirdPartyInfo::NotAwaited);
        assert_eq!(pip_due(&rs, &not_registered), None);
        assert_eq!(pip_due_base(&rs, &not_registered), None);
    }

    #[test]
    fn third_party_information_extends_to_at_most_2_weeks_after_arrival() {
        let rs = RuleSet::default();
        let base = d(2024, 3, 11);
        let with = |t| pip_due(&rs, &clock(d(2024, 1, 1), Some(d(2024, 1, 1)), t));
        // Arrives late: two weeks after arrival.
        assert_eq!(with(ThirdPartyInfo::Arrived(d(2024, 3, 5))), Some(d(2024, 3, 19)));
        // Arrives early: the 10 weeks stand.
        assert_eq!(with(ThirdPartyInfo::Arrived(d(2024, 2, 1))), Some(base));
        assert_eq!(with(ThirdPartyInfo::Arrived(d(2024, 2, 26))), Some(base));
        // Still awaited: not known yet; the base is still there to show.
        assert_eq!(with(ThirdPartyInfo::Awaited), None);
        let awaited = clock(d(2024, 1, 1), Some(d(2024, 1, 1)), ThirdPartyInfo::Awaited);
        assert_eq!(pip_due_base(&rs, &awaited), Some(base));
    }

    #[test]
    fn objection_period_is_6_weeks_after_the_dagtekening() {
        let rs = RuleSet::default();
        assert_eq!(objection_deadline(&rs, d(2024, 1, 1)), d(2024, 2, 12));
        assert_eq!(objection_deadline(&rs, d(2024, 2, 29)), d(2024, 4, 11));
    }

    #[test]
    fn progress_interviews_follow_the_setting() {
        let rs = RuleSet::default();
        assert_eq!(progress_interview_due(&rs, d(2024, 1, 1), None), d(2024, 4, 1));
        assert_eq!(progress_interview_due(&rs, d(2024, 1, 1), Some(d(2024, 3, 1))), d(2024, 5, 31));
        assert_eq!(progress_interview_due(&rs, d(2024, 1, 1), Some(d(2023, 12, 1))), d(2024, 4, 1));
        let mut custom = RuleSet::default();
        custom.progress_interview_interval =
            custom.progress_interview_interval.with(d(2024, 1, 1), crate::inburgering::Period::Months(2));
        assert_eq!(progress_interview_due(&custom, d(2024, 1, 1), None), d(2024, 3, 1));
    }

    #[test]
    fn signals_around_the_due_day() {
        let due = d(2024, 3, 11);
        assert_eq!(Signal::for_deadline(due, d(2024, 3, 12), 14), Signal::Overdue);
        assert_eq!(Signal::for_deadline(due, d(2024, 3, 11), 14), Signal::DueSoon);
        assert_eq!(Signal::for_deadline(due, d(2024, 2, 26), 14), Signal::DueSoon);
        assert_eq!(Signal::for_deadline(due, d(2024, 2, 25), 14), Signal::Later);
        assert_eq!(Signal::for_deadline(due, d(2024, 3, 11), 0), Signal::DueSoon);
        assert_eq!(Signal::with_rules(&RuleSet::default(), due, d(2024, 2, 26)), Signal::DueSoon);
        assert_eq!(Signal::Overdue.label(), "Te laat");
        let mut list = vec![Signal::Later, Signal::DueSoon, Signal::Overdue];
        list.sort();
        assert_eq!(list, [Signal::Overdue, Signal::DueSoon, Signal::Later]);
    }

    proptest! {
        #[test]
        fn pip_due_is_never_before_10_weeks_after_the_later_start(
            k in 0i64..2_000, brp in -200i64..200, arrival in proptest::option::of(0i64..400),
        ) {
            let rs = RuleSet::default();
            let kennisgeving = d(2022, 1, 1) + chrono::Duration::days(k);
            let registered = kennisgeving + chrono::Duration::days(brp);
            let third_party = match arrival {
                Some(a) => ThirdPartyInfo::Arrived(kennisgeving + chrono::Duration::days(a)),
                None => ThirdPartyInfo::NotAwaited,
            };
            let due = pip_due(&rs, &clock(kennisgeving, Some(registered), third_party)).unwrap();
            prop_assert!(due >= kennisgeving.max(registered) + chrono::Duration::weeks(10));
            if let ThirdPartyInfo::Arrived(a) = third_party {
                prop_assert!(due >= a + chrono::Duration::weeks(2));
                prop_assert!(due == a + chrono::Duration::weeks(2) || due == kennisgeving.max(registered) + chrono::Duration::weeks(10));
            }
        }

        #[test]
        fn signals_move_only_towards_overdue_as_days_pass(due in 0i64..1_000, today in 0i64..1_000, soon in 0u32..60) {
            let due = d(2024, 1, 1) + chrono::Duration::days(due);
            let today = d(2024, 1, 1) + chrono::Duration::days(today);
            let now = Signal::for_deadline(due, today, soon);
            let tomorrow = Signal::for_deadline(due, today + chrono::Duration::days(1), soon);
            prop_assert!(tomorrow <= now);
            prop_assert_eq!(now == Signal::Overdue, today > due);
        }
    }
}
