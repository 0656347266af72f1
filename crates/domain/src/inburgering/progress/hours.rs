//! The hours providers report per component (taal, MAP, PVT, KNM, participatie): half-hour
//! steps, at most 500 hours per report, a period that ends after it starts and not in the
//! future, the totals per component against the MAP and PVT minimums (dated settings
//! `map_min_hours`, `pvt_min_hours`), and the quality-marked language hours that afschalen
//! counts.
//!
//! Nothing here stores or reads the clock.

use crate::inburgering::dossier::code_list;
use crate::inburgering::params::Rules;
use chrono::NaiveDate;
use std::fmt;

code_list! {
    /// A part of the route a provider reports hours on.
    Component {
        Taal => ("taal", "Taal"),
        Map => ("map", "MAP (Module Arbeidsmarkt en Participatie)"),
        Pvt => ("pvt", "PVT (participatieverklaringstraject)"),
        Knm => ("knm", "KNM (Kennis van de Nederlandse Maatschappij)"),
        Participatie => ("participatie", "Participatie"),
    }
}

impl Component {
    /// The minimum hours the component needs, in force in `rules` (MAP and PVT only).
    pub fn minimum_hours(self, rules: &Rules) -> Option<u32> {
        match self {
            Component::Map => Some(rules.map_min_hours),
            Component::Pvt => Some(rules.pvt_min_hours),
            Component::Taal | Component::Knm | Component::Participatie => None,
        }
    }
}

/// Hours counted in half hours, the finest unit providers report in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct HalfHours(pub u32);

impl HalfHours {
    /// The most one report may carry: 500 hours.
    pub const MAX_PER_REPORT: HalfHours = HalfHours(1000);

    /// Hours as typed on a screen or sent by the API: `12`, `12,5` or `12.5`; whole or half
    /// hours from 0 to 500.
    pub fn parse(raw: &str) -> Result<HalfHours, &'static str> {
        const BAD: &str = "Vul een aantal uren in van 0 tot 500, in hele of halve uren (bijvoorbeeld 12 of 12,5).";
        let raw = raw.trim().replace(',', ".");
        let (whole, frac) = raw.split_once('.').unwrap_or((&raw, ""));
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || whole.len() > 4 {
            return Err(BAD);
        }
        let half = match frac.trim_end_matches('0') {
            "" => 0,
            "5" => 1,
            _ => return Err(BAD),
        };
        let hh = HalfHours(whole.parse::<u32>().map_err(|_| BAD)? * 2 + half);
        if hh > Self::MAX_PER_REPORT {
            return Err(BAD);
        }
        Ok(hh)
    }

    pub fn hours(self) -> f64 {
        f64::from(self.0) / 2.0
    }

    /// Whether at least `hours` whole hours are counted.
    pub fn at_least(self, hours: u32) -> bool {
        u64::from(self.0) >= u64::from(hours) * 2
    }
}

impl std::ops::Add for HalfHours {
    type Output = HalfHours;
    fn add(self, other: HalfHours) -> HalfHours {
        HalfHours(self.0.saturating_add(other.0))
    }
}

/// Dutch notation: `12` or `12,5`.
impl fmt::Display for HalfHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_multiple_of(2) {
            write!(f, "{}", self.0 / 2)
        } else {
            write!(f, "{},5", self.0 / 2)
        }
    }
}

/// A provider's report of hours over a period, as far as the rules need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HourReport {
    pub component: Component,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub attended: HalfHours,
    pub planned: HalfHours,
    /// Whether the provider holds the quality mark (keurmerk) over the period.
    pub keurmerk: bool,
}

/// The period's own mistakes, as (field, Dutch message): an end before the start, or an end
/// after today (hours are reported after they were attended).
pub fn check_period(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Vec<(&'static str, &'static str)> {
    let mut out = vec![];
    if to < from {
        out.push(("periodTo", "Het einde van de periode ligt vóór het begin."));
    }
    if to > today {
        out.push(("periodTo", "Het einde van de periode ligt in de toekomst. Meld uren nadat ze zijn gevolgd."));
    }
    out
}

/// The hours of one component over all reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComponentTotal {
    pub component: Component,
    pub reports: usize,
    pub attended: HalfHours,
    pub planned: HalfHours,
    /// Attended hours at a provider with the quality mark (what afschalen counts).
    pub keurmerk_attended: HalfHours,
    pub minimum: Option<u32>,
}

impl ComponentTotal {
    /// Whether the minimum is met; `None` for a component without one.
    pub fn minimum_met(&self) -> Option<bool> {
        self.minimum.map(|m| self.attended.at_least(m))
    }
}

/// The totals per component, every component in list order (those without reports at zero),
/// with the minimums in force in `rules`.
pub fn totals(reports: &[HourReport], rules: &Rules) -> Vec<ComponentTotal> {
    Component::ALL
        .iter()
        .map(|&component| {
            let mine: Vec<_> = reports.iter().filter(|r| r.component == component).collect();
            let sum = |f: &dyn Fn(&HourReport) -> HalfHours| mine.iter().fold(HalfHours(0), |acc, r| acc + f(r));
            ComponentTotal {
                component,
                reports: mine.len(),
                attended: sum(&|r| r.attended),
                planned: sum(&|r| r.planned),
                keurmerk_attended: sum(&|r| if r.keurmerk { r.attended } else { HalfHours(0) }),
                minimum: component.minimum_hours(rules),
            }
        })
        .collect()
}

/// The course hours afschalen counts (DOMAIN.md §5): hours attended in language lessons
/// (component taal) at a provider with the quality mark. Hours elsewhere, planned hours and
/// other components do not count.
pub fn quality_marked_language_hours(reports: &[HourReport]) -> HalfHours {
    reports
        .iter()
        .filter(|r| r.component == Component::Taal && r.keurmerk)
        .fold(HalfHours(0), |acc, r| acc + r.attended)
}

impl HalfHours {
    /// The whole hours counted; a half hour short of a whole hour does not count.
    pub fn whole_hours(self) -> u32 {
        self.0 / 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inburgering::RuleSet;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn rules() -> Rules {
        RuleSet::default().at(d(2026, 6, 1))
    }

    #[test]
    fn hours_are_whole_or_half_from_0_to_500() {
        assert_eq!(HalfHours::parse("12"), Ok(HalfHours(24)));
        assert_eq!(HalfHours::parse("12,5"), Ok(HalfHours(25)));
        assert_eq!(HalfHours::parse(" 12.50 "), Ok(HalfHours(25)));
        assert_eq!(HalfHours::parse("0"), Ok(HalfHours(0)));
        assert_eq!(HalfHours::parse("500"), Ok(HalfHours(1000)));
        for bad in ["500,5", "501", "12,25", "-1", "", "abc", ",5", "1e3", "99999"] {
            assert!(HalfHours::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(HalfHours::parse(&7.5f64.to_string()), Ok(HalfHours(15)));
        assert_eq!(HalfHours::parse(&8f64.to_string()), Ok(HalfHours(16)));
        assert!(HalfHours::parse(&(-0.5f64).to_string()).is_err());
        assert_eq!((HalfHours(25).to_string(), HalfHours(24).to_string()), ("12,5".into(), "12".into()));
        assert_eq!(HalfHours(25).hours(), 12.5);
    }

    #[test]
    fn a_period_ends_after_it_starts_and_not_in_the_future() {
        let today = d(2026, 6, 1);
        assert!(check_period(d(2026, 5, 1), d(2026, 5, 31), today).is_empty());
        assert!(check_period(today, today, today).is_empty());
        assert_eq!(check_period(d(2026, 5, 2), d(2026, 5, 1), today)[0].0, "periodTo");
        assert_eq!(check_period(d(2026, 5, 1), d(2026, 6, 2), today).len(), 1);
    }

    #[test]
    fn map_needs_40_hours_and_pvt_12() {
        let report = |component, hours: u32, keurmerk| HourReport {
            component,
            from: d(2026, 1, 1),
            to: d(2026, 1, 31),
            attended: HalfHours(hours * 2),
            planned: HalfHours(hours * 2 + 2),
            keurmerk,
        };
        let reports = [
            report(Component::Map, 20, true),
            report(Component::Map, 19, false),
            report(Component::Pvt, 12, true),
            report(Component::Taal, 100, true),
            report(Component::Taal, 50, false),
        ];
        let t = totals(&reports, &rules());
        assert_eq!(t.len(), Component::ALL.len());
        let of = |c| t.iter().find(|x| x.component == c).unwrap();
        assert_eq!((of(Component::Map).attended, of(Component::Map).minimum), (HalfHours(78), Some(40)));
        assert_eq!(of(Component::Map).minimum_met(), Some(false), "39 of 40 hours");
        assert_eq!(of(Component::Pvt).minimum_met(), Some(true), "exactly 12");
        assert_eq!(of(Component::Taal).minimum_met(), None);
        assert_eq!(of(Component::Taal).keurmerk_attended, HalfHours(200));
        assert_eq!(of(Component::Taal).planned, HalfHours(304));
        assert_eq!((of(Component::Knm).reports, of(Component::Knm).attended), (0, HalfHours(0)));
        let more = [reports[0].clone(), reports[1].clone(), report(Component::Map, 1, false)];
        assert_eq!(totals(&more, &rules())[1].minimum_met(), Some(true));
    }

    #[test]
    fn the_minimums_are_dated_settings() {
        let mut rs = RuleSet::default();
        rs.map_min_hours = rs.map_min_hours.with(d(2027, 1, 1), 48);
        assert_eq!(Component::Map.minimum_hours(&rs.at(d(2026, 12, 31))), Some(40));
        assert_eq!(Component::Map.minimum_hours(&rs.at(d(2027, 1, 1))), Some(48));
        assert_eq!(Component::Pvt.minimum_hours(&rs.at(d(2027, 1, 1))), Some(12));
    }

    #[test]
    fn afschalen_counts_attended_language_hours_with_keurmerk_only() {
        let report = |component, attended: u32, keurmerk| HourReport {
            component,
            from: d(2026, 1, 1),
            to: d(2026, 1, 31),
            attended: HalfHours(attended),
            planned: HalfHours(2000),
            keurmerk,
        };
        let reports = [
            report(Component::Taal, 801, true),
            report(Component::Taal, 400, false),
            report(Component::Map, 100, true),
            report(Component::Taal, 398, true),
        ];
        let hours = quality_marked_language_hours(&reports);
        assert_eq!(hours, HalfHours(1199));
        assert_eq!(hours.whole_hours(), 599, "599,5 hours count as 599 whole hours");
        assert_eq!(quality_marked_language_hours(&[]), HalfHours(0));
    }
}
