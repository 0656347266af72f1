//! The inburgeringstermijn: three years, starting the day after the dagtekening of the first PIP,
//! extended only by DUO (verlenging) on a recognised ground.
//!
//! The start is pinned by the earliest established PIP version: a new version (route switch,
//! afschalen, move) never moves it, and neither does the order in which versions are listed.
//! The last day follows the calendar convention of [`super::calendar`]: the termijn after a
//! dagtekening of 2024-02-29 runs from 2024-03-01 to 2027-02-28, after 2024-02-28 from 2024-02-29
//! to 2027-02-28. Verlengingen are added as whole months plus days, counted from the dagtekening
//! together with the three years, so their order does not change the end.
//! This module must never read the clock.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::{add_parts, Period};
use super::params::RuleSet;

/// One version of a person's PIP; `dagtekening` is `None` while it is a draft, not yet a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PipVersion {
    pub version: u32,
    pub dagtekening: Option<NaiveDate>,
}

/// The grounds on which DUO may extend the termijn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerlengingGround {
    Illness,
    LiteracyCourseFirst,
    Education,
    Pregnancy,
    DeathInFamily,
    Homelessness,
    StayInInstitution,
}

impl VerlengingGround {
    pub const ALL: [Self; 7] = [
        Self::Illness,
        Self::LiteracyCourseFirst,
        Self::Education,
        Self::Pregnancy,
        Self::DeathInFamily,
        Self::Homelessness,
        Self::StayInInstitution,
    ];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Illness => "ziekte",
            Self::LiteracyCourseFirst => "alfabetisering",
            Self::Education => "opleiding",
            Self::Pregnancy => "zwangerschap",
            Self::DeathInFamily => "overlijden_in_gezin",
            Self::Homelessness => "dakloosheid",
            Self::StayInInstitution => "verblijf_in_instelling",
        }
    }
    pub fn label(&self) -> &'static str {
        match self {
            Self::Illness => "Ziekte",
            Self::LiteracyCourseFirst => "Eerst een alfabetiseringscursus",
            Self::Education => "Opleiding",
            Self::Pregnancy => "Zwangerschap",
            Self::DeathInFamily => "Overlijden in het gezin",
            Self::Homelessness => "Dakloosheid",
            Self::StayInInstitution => "Verblijf in een instelling",
        }
    }
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.code() == code)
    }
}

/// A verlenging of the termijn granted by DUO.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Verlenging {
    pub ground: VerlengingGround,
    pub period: Period,
}

/// A person's termijn, all days inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Termijn {
    /// The dagtekening of the first PIP; the rules in force on this date apply.
    pub first_dagtekening: NaiveDate,
    /// The first day of the termijn: the day after the first dagtekening.
    pub start: NaiveDate,
    /// The last day without verlengingen.
    pub base_end: NaiveDate,
    /// The last day with every verlenging.
    pub end: NaiveDate,
}

impl Termijn {
    /// The dagtekening that starts the termijn: the earliest among established versions.
    pub fn first_dagtekening(versions: &[PipVersion]) -> Option<NaiveDate> {
        versions.iter().filter_map(|v| v.dagtekening).min()
    }

    /// The termijn, or `None` while no PIP version has been established.
    pub fn compute(rules: &RuleSet, versions: &[PipVersion], verlengingen: &[Verlenging]) -> Option<Self> {
        let first = Self::first_dagtekening(versions)?;
        let (months, days) = rules.at(first).termijn.parts();
        let (extra_months, extra_days) = verlengingen.iter().fold((0u32, 0u32), |(m, d), v| {
            let (vm, vd) = v.period.parts();
            (m.saturating_add(vm), d.saturating_add(vd))
        });
        Some(Self {
            first_dagtekening: first,
            start: first.succ_opt().unwrap_or(NaiveDate::MAX),
            base_end: add_parts(first, months, days),
            end: add_parts(first, months.saturating_add(extra_months), days.saturating_add(extra_days)),
        })
    }

    /// Whether `date` lies within the (extended) termijn.
    pub fn contains(&self, date: NaiveDate) -> bool {
        (self.start..=self.end).contains(&date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }
    fn v(version: u32, dagtekening: NaiveDate) -> PipVersion {
        PipVersion { version, dagtekening: Some(dagtekening) }
    }
    fn termijn(versions: &[PipVersion], verlengingen: &[Verlenging]) -> Option<Termijn> {
        Termijn::compute(&RuleSet::default(), versions, verlengingen)
    }

    #[test]
    fn three_years_from_the_day_after_the_first_dagtekening() {
        let t = termijn(&[v(1, d(2024, 3, 15))], &[]).unwrap();
        assert_eq!(
            (t.first_dagtekening, t.start, t.base_end, t.end),
            (d(2024, 3, 15), d(2024, 3, 16), d(2027, 3, 15), d(2027, 3, 15))
        );
        assert!(!t.contains(d(2024, 3, 15)));
        assert!(t.contains(d(2024, 3, 16)) && t.contains(d(2027, 3, 15)));
        assert!(!t.contains(d(2027, 3, 16)));
    }

    #[test]
    fn a_new_pip_version_does_not_move_the_start() {
        let first = [v(1, d(2024, 3, 15))];
        let later = [v(1, d(2024, 3, 15)), v(2, d(2025, 1, 10)), v(3, d(2025, 9, 1))];
        assert_eq!(termijn(&first, &[]), termijn(&later, &[]));
        // Listed out of order, the earliest dagtekening still counts.
        let shuffled = [v(3, d(2025, 9, 1)), v(1, d(2024, 3, 15)), v(2, d(2025, 1, 10))];
        assert_eq!(termijn(&shuffled, &[]).unwrap().start, d(2024, 3, 16));
    }

    #[test]
    fn drafts_do_not_start_the_termijn() {
        assert_eq!(termijn(&[], &[]), None);
        assert_eq!(termijn(&[PipVersion { version: 1, dagtekening: None }], &[]), None);
        let t = termijn(&[PipVersion { version: 2, dagtekening: None }, v(1, d(2024, 5, 1))], &[]).unwrap();
        assert_eq!(t.start, d(2024, 5, 2));
    }

    #[test]
    fn leap_day_edges() {
        // Starting on 29 February: three years later the last day is 28 February.
        let t = termijn(&[v(1, d(2024, 2, 28))], &[]).unwrap();
        assert_eq!((t.start, t.end), (d(2024, 2, 29), d(2027, 2, 28)));
        // A dagtekening on 29 February: the same day number does not exist in 2027.
        let t = termijn(&[v(1, d(2024, 2, 29))], &[]).unwrap();
        assert_eq!((t.start, t.end), (d(2024, 3, 1), d(2027, 2, 28)));
        // Over a year end.
        let t = termijn(&[v(1, d(2024, 12, 31))], &[]).unwrap();
        assert_eq!((t.start, t.end), (d(2025, 1, 1), d(2027, 12, 31)));
    }

    #[test]
    fn verlengingen_add_to_the_end_only() {
        let ext = [
            Verlenging { ground: VerlengingGround::Illness, period: Period::Months(6) },
            Verlenging { ground: VerlengingGround::Pregnancy, period: Period::Weeks(16) },
        ];
        let t = termijn(&[v(1, d(2024, 3, 15))], &ext).unwrap();
        assert_eq!(t.start, d(2024, 3, 16));
        assert_eq!(t.base_end, d(2027, 3, 15));
        assert_eq!(t.end, d(2027, 9, 15) + chrono::Duration::days(112));
    }

    #[test]
    fn every_verlenging_ground_has_a_code_and_a_dutch_label() {
        assert_eq!(VerlengingGround::ALL.len(), 7);
        for g in VerlengingGround::ALL {
            assert_eq!(VerlengingGround::parse(g.code()), Some(g));
            assert!(!g.label().is_empty());
        }
        assert_eq!(VerlengingGround::parse("vakantie"), None);
    }

    fn arb_period() -> impl Strategy<Value = Period> {
        prop_oneof![
            (0u32..400).prop_map(Period::Days),
            (0u32..60).prop_map(Period::Weeks),
            (0u32..36).prop_map(Period::Months),
            (0u32..3).prop_map(Period::Years),
        ]
    }

    proptest! {
        #[test]
        fn the_termijn_start_never_moves_when_versions_are_added(
            first in 0i64..4_000, later in proptest::collection::vec((0i64..2_000, any::<bool>()), 0..8),
        ) {
            let first = d(2022, 1, 1) + chrono::Duration::days(first);
            let mut versions = vec![v(1, first)];
            let before = termijn(&versions, &[]).unwrap();
            for (i, (offset, draft)) in later.into_iter().enumerate() {
                let dagtekening = (!draft).then(|| first + chrono::Duration::days(offset));
                versions.push(PipVersion { version: i as u32 + 2, dagtekening });
                prop_assert_eq!(termijn(&versions, &[]).unwrap(), before);
                versions.reverse();
                prop_assert_eq!(termijn(&versions, &[]).unwrap(), before);
            }
        }

        #[test]
        fn verlengingen_never_shorten_and_their_order_does_not_matter(
            first in 0i64..4_000, periods in proptest::collection::vec(arb_period(), 0..6),
        ) {
            let versions = [v(1, d(2022, 1, 1) + chrono::Duration::days(first))];
            let ext: Vec<Verlenging> =
                periods.iter().map(|p| Verlenging { ground: VerlengingGround::Illness, period: *p }).collect();
            let t = termijn(&versions, &ext).unwrap();
            prop_assert!(t.end >= t.base_end);
            prop_assert!(t.base_end > t.start);
            let mut reversed = ext.clone();
            reversed.reverse();
            prop_assert_eq!(termijn(&versions, &reversed).unwrap(), t);
        }
    }
}
