//! Every number of the chain (DOMAIN.md §4–5) as a dated, configurable parameter.
//!
//! A [`RuleSet`] holds, per parameter, a [`Timeline`]: the values it has had, each valid from a
//! date. [`RuleSet::default`] is the law and policy as DOMAIN.md describes them; a municipality
//! may load another set (every field may be left out of a stored set and then takes the default).
//! [`RuleSet::at`] gives the [`Rules`] in force on one date, and a rule always asks for the date
//! its facts are about (the test date for the LBT, the kennisgeving for the PIP clock, the first
//! dagtekening for the termijn), never "today", so a changed number never rewrites the past.
//!
//! This module must never hold a number elsewhere in code: when the law changes, a dated entry
//! is added here, not an `if` in a rule.

use crate::person::{Regime, TargetGroup};
use crate::{Cents, Invalid};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::calendar::Period;

/// A value valid from a date (inclusive) until the next entry of its [`Timeline`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dated<T> {
    pub from: NaiveDate,
    pub value: T,
}

/// The history of one parameter: at least one entry, ordered by date, no date twice.
/// The first entry also answers for dates before it, so a lookup never fails; the defaults start
/// at the day the Wet inburgering 2021 took effect, and these rules are only asked about Wi2021
/// cases.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Dated<T>>", into = "Vec<Dated<T>>")]
#[serde(bound(serialize = "T: Clone + Serialize", deserialize = "T: DeserializeOwned"))]
pub struct Timeline<T: Clone>(Vec<Dated<T>>);

impl<T: Clone> Timeline<T> {
    /// Validates a stored history: not empty, and no two entries from the same date.
    pub fn new(mut entries: Vec<Dated<T>>) -> Result<Self, Invalid> {
        if entries.is_empty() {
            return Err(Invalid::new("Een instelling heeft minstens één waarde met een ingangsdatum nodig."));
        }
        entries.sort_by_key(|e| e.from);
        if entries.windows(2).any(|w| w[0].from == w[1].from) {
            return Err(Invalid::new("Een instelling kan niet twee waarden met dezelfde ingangsdatum hebben."));
        }
        Ok(Self(entries))
    }

    /// One value, in force since the Wet inburgering 2021 took effect.
    pub fn constant(value: T) -> Self {
        Self(vec![Dated { from: Regime::wi2021_start(), value }])
    }

    /// The value in force on `date`.
    pub fn at(&self, date: NaiveDate) -> &T {
        let i = self.0.partition_point(|e| e.from <= date);
        &self.0[i.saturating_sub(1)].value
    }

    /// The same history with a value from `from` on (replacing an entry of that very date).
    pub fn with(mut self, from: NaiveDate, value: T) -> Self {
        self.0.retain(|e| e.from != from);
        let i = self.0.partition_point(|e| e.from < from);
        self.0.insert(i, Dated { from, value });
        self
    }

    pub fn entries(&self) -> &[Dated<T>] {
        &self.0
    }
}

impl<T: Clone> TryFrom<Vec<Dated<T>>> for Timeline<T> {
    type Error = Invalid;
    fn try_from(entries: Vec<Dated<T>>) -> Result<Self, Invalid> {
        Self::new(entries)
    }
}

impl<T: Clone> From<Timeline<T>> for Vec<Dated<T>> {
    fn from(t: Timeline<T>) -> Self {
        t.0
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid literal date")
}

/// The day the LBT threshold went from 31 to 28.
pub fn lbt_threshold_change() -> NaiveDate {
    date(2023, 4, 12)
}

macro_rules! rule_set {
    ($( $(#[$doc:meta])* $name:ident : $ty:ty = $default:expr; )*) => {
        /// Every parameter with its history; `Default` is DOMAIN.md §4–5.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(default)]
        pub struct RuleSet { $( $(#[$doc])* pub $name: Timeline<$ty>, )* }

        /// The parameters in force on one date (`on`), read by the rules.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct Rules { pub on: NaiveDate, $( $(#[$doc])* pub $name: $ty, )* }

        impl Default for RuleSet {
            fn default() -> Self {
                Self { $( $name: $default, )* }
            }
        }

        impl RuleSet {
            /// The parameters in force on `date`.
            pub fn at(&self, date: NaiveDate) -> Rules {
                Rules { on: date, $( $name: self.$name.at(date).clone(), )* }
            }
        }
    };
}

use Timeline as Tl;

rule_set! {
    /// LBT score from which the B1-route is "haalbaar": 31, and 28 since 2023-04-12.
    lbt_threshold: u8 = Tl::constant(31).with(lbt_threshold_change(), 28);
    /// Highest LBT score.
    lbt_max_score: u8 = Tl::constant(40);
    /// The PIP is due this long after the kennisgeving (or the later BRP registration).
    pip_due_after_kennisgeving: Period = Tl::constant(Period::Weeks(10));
    /// At most this long after awaited third-party information arrives.
    pip_after_third_party_info: Period = Tl::constant(Period::Weeks(2));
    /// Length of the inburgeringstermijn, before verlengingen.
    termijn: Period = Tl::constant(Period::Years(3));
    /// A route switch is allowed this long from the termijn start (except onderwijsroute to B1).
    route_switch_window: Period = Tl::constant(Period::Months(18));
    /// Bezwaartermijn after the dagtekening of a decision.
    objection_period: Period = Tl::constant(Period::Weeks(6));
    /// COA links a person to a municipality within this long after the permit.
    koppeling_after_permit: Period = Tl::constant(Period::Weeks(2));
    /// The municipality offers housing within this long after the koppeling ...
    housing_after_koppeling: Period = Tl::constant(Period::Weeks(10));
    /// ... and the person then has this long to move.
    housing_move: Period = Tl::constant(Period::Weeks(2));
    /// Afschalen from B1 to A2 needs at least these course hours at a quality-marked provider.
    afschalen_min_course_hours: u32 = Tl::constant(600);
    /// Indicative age up to which the onderwijsroute is meant (a policy setting, no legal limit).
    onderwijsroute_indicative_max_age: u32 = Tl::constant(28);
    /// Fixed fine for not appearing at the intake (art. 22).
    art22_fine: Cents = Tl::constant(Cents(25_000));
    /// Maximum fine for breach of PIP duties (art. 23).
    art23_max_fine: Cents = Tl::constant(Cents(80_000));
    /// MAP: at least this many hours.
    map_min_hours: u32 = Tl::constant(40);
    /// MAP: number of themes.
    map_themes: u32 = Tl::constant(8);
    /// PVT: at least this many hours on core values.
    pvt_min_hours: u32 = Tl::constant(12);
    /// Z-route for asielstatushouders: course hours ...
    zroute_course_hours: u32 = Tl::constant(800);
    /// ... and participation hours.
    zroute_participation_hours: u32 = Tl::constant(800);
    /// Onderwijsroute: about this many hours of Dutch ...
    onderwijsroute_dutch_hours: u32 = Tl::constant(1000);
    /// ... and of other subjects ...
    onderwijsroute_other_hours: u32 = Tl::constant(500);
    /// ... in about this long.
    onderwijsroute_indicative_duration: Period = Tl::constant(Period::Months(18));
    /// Free attempts per exam for asielstatushouders (other groups: none).
    free_exam_attempts_asielstatushouder: u32 = Tl::constant(2);
    /// Whether DUO fines an asielstatushouder who misses the termijn (no longer since 2025).
    duo_fine_for_asielstatushouders: bool = Tl::constant(true).with(date(2025, 1, 1), false);
    /// Expected time until DUO exam results (A2, KNM); indicative.
    exam_results_duo: Period = Tl::constant(Period::Weeks(8));
    /// Expected time until Staatsexamen NT2 results (B1/B2); indicative.
    exam_results_staatsexamen: Period = Tl::constant(Period::Weeks(5));
    /// Interval between progress interviews (no legal frequency: a setting).
    progress_interview_interval: Period = Tl::constant(Period::Weeks(13));
    /// A deadline within this many days counts as "due soon" on worklists.
    due_soon_days: u32 = Tl::constant(14);
}

impl Rules {
    /// Free attempts per exam for a target group; only asielstatushouders get any.
    pub fn free_exam_attempts(&self, group: TargetGroup) -> u32 {
        match group {
            TargetGroup::Asielstatushouder => self.free_exam_attempts_asielstatushouder,
            TargetGroup::Gezinsmigrant | TargetGroup::OverigeMigrant => 0,
        }
    }

    /// Whether DUO may fine a person of this group for missing the termijn; ask with the date the
    /// termijn ended.
    pub fn duo_fine_applies(&self, group: TargetGroup) -> bool {
        group != TargetGroup::Asielstatushouder || self.duo_fine_for_asielstatushouders
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lbt_threshold_is_31_before_2023_04_12_and_28_from_then() {
        let rs = RuleSet::default();
        assert_eq!(rs.at(date(2022, 1, 1)).lbt_threshold, 31);
        assert_eq!(rs.at(date(2023, 4, 11)).lbt_threshold, 31);
        assert_eq!(rs.at(date(2023, 4, 12)).lbt_threshold, 28);
        assert_eq!(rs.at(date(2030, 1, 1)).lbt_threshold, 28);
        assert_eq!(rs.at(date(2023, 4, 12)).lbt_max_score, 40);
    }

    #[test]
    fn every_default_number_of_domain_md_is_pinned() {
        let r = RuleSet::default().at(date(2024, 6, 1));
        assert_eq!(r.on, date(2024, 6, 1));
        assert_eq!(r.pip_due_after_kennisgeving, Period::Weeks(10));
        assert_eq!(r.pip_after_third_party_info, Period::Weeks(2));
        assert_eq!(r.termijn, Period::Years(3));
        assert_eq!(r.route_switch_window, Period::Months(18));
        assert_eq!(r.objection_period, Period::Weeks(6));
        assert_eq!(r.koppeling_after_permit, Period::Weeks(2));
        assert_eq!(r.housing_after_koppeling, Period::Weeks(10));
        assert_eq!(r.housing_move, Period::Weeks(2));
        assert_eq!(r.afschalen_min_course_hours, 600);
        assert_eq!(r.onderwijsroute_indicative_max_age, 28);
        assert_eq!(r.art22_fine, Cents(25_000));
        assert_eq!(r.art23_max_fine, Cents(80_000));
        assert_eq!((r.map_min_hours, r.map_themes, r.pvt_min_hours), (40, 8, 12));
        assert_eq!((r.zroute_course_hours, r.zroute_participation_hours), (800, 800));
        assert_eq!(r.zroute_course_hours + r.zroute_participation_hours, 1600);
        assert_eq!((r.onderwijsroute_dutch_hours, r.onderwijsroute_other_hours), (1000, 500));
        assert_eq!(r.onderwijsroute_indicative_duration, Period::Months(18));
        assert_eq!(r.free_exam_attempts_asielstatushouder, 2);
        assert_eq!((r.exam_results_duo, r.exam_results_staatsexamen), (Period::Weeks(8), Period::Weeks(5)));
        assert_eq!(r.progress_interview_interval, Period::Weeks(13));
        assert_eq!(r.due_soon_days, 14);
    }

    #[test]
    fn only_asielstatushouders_get_free_attempts() {
        let r = RuleSet::default().at(date(2024, 6, 1));
        assert_eq!(r.free_exam_attempts(TargetGroup::Asielstatushouder), 2);
        assert_eq!(r.free_exam_attempts(TargetGroup::Gezinsmigrant), 0);
        assert_eq!(r.free_exam_attempts(TargetGroup::OverigeMigrant), 0);
    }

    #[test]
    fn asielstatushouders_get_no_duo_fine_since_2025() {
        let rs = RuleSet::default();
        assert!(rs.at(date(2024, 12, 31)).duo_fine_applies(TargetGroup::Asielstatushouder));
        assert!(!rs.at(date(2025, 1, 1)).duo_fine_applies(TargetGroup::Asielstatushouder));
        assert!(rs.at(date(2025, 1, 1)).duo_fine_applies(TargetGroup::Gezinsmigrant));
        assert!(rs.at(date(2025, 1, 1)).duo_fine_applies(TargetGroup::OverigeMigrant));
    }

    #[test]
    fn the_first_entry_answers_for_earlier_dates() {
        let rs = RuleSet::default();
        assert_eq!(rs.at(date(2020, 1, 1)).lbt_threshold, 31);
    }

    #[test]
    fn a_municipality_may_configure_a_new_value_from_a_date() {
        let mut rs = RuleSet::default();
        rs.progress_interview_interval = rs.progress_interview_interval.with(date(2025, 1, 1), Period::Weeks(8));
        assert_eq!(rs.at(date(2024, 12, 31)).progress_interview_interval, Period::Weeks(13));
        assert_eq!(rs.at(date(2025, 1, 1)).progress_interview_interval, Period::Weeks(8));
        // Replacing the value of the same date keeps one entry.
        let t = rs.progress_interview_interval.with(date(2025, 1, 1), Period::Weeks(6));
        assert_eq!(t.entries().len(), 2);
        assert_eq!(*t.at(date(2026, 1, 1)), Period::Weeks(6));
    }

    #[test]
    fn a_stored_timeline_is_validated() {
        assert!(Timeline::<u8>::new(vec![]).is_err());
        let twice = vec![Dated { from: date(2024, 1, 1), value: 1u8 }, Dated { from: date(2024, 1, 1), value: 2 }];
        assert_eq!(
            Timeline::new(twice).unwrap_err().message,
            "Een instelling kan niet twee waarden met dezelfde ingangsdatum hebben."
        );
        let unordered = vec![Dated { from: date(2025, 1, 1), value: 2u8 }, Dated { from: date(2024, 1, 1), value: 1 }];
        let t = Timeline::new(unordered).unwrap();
        assert_eq!((*t.at(date(2024, 6, 1)), *t.at(date(2025, 6, 1))), (1, 2));
    }
}
