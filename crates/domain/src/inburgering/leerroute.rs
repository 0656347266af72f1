//! The three learning routes (DOMAIN.md §5), when a route may be switched, and when the B1-route
//! may be afgeschaald to A2.
//!
//! The switch window runs from the termijn start, not from the latest PIP version, and a DUO
//! verlenging does not widen it. Its last day follows [`super::calendar`]: 18 months after the
//! first dagtekening, at the month end when that day does not exist (a termijn starting on
//! 2023-09-01 may switch until 2025-02-28). This module must never read the clock: the date of
//! the switch is passed in.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

use super::nl_date;
use super::params::{RuleSet, Rules};
use crate::person::TargetGroup;

/// Leerroute: the route a person follows, decided after the brede intake and laid down in the PIP.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Leerroute {
    B1,
    Onderwijsroute,
    ZRoute,
}

impl Leerroute {
    pub const ALL: [Self; 3] = [Self::B1, Self::Onderwijsroute, Self::ZRoute];
    pub fn code(&self) -> &'static str {
        match self {
            Self::B1 => "b1",
            Self::Onderwijsroute => "onderwijsroute",
            Self::ZRoute => "z_route",
        }
    }
    pub fn label(&self) -> &'static str {
        match self {
            Self::B1 => "B1-route",
            Self::Onderwijsroute => "Onderwijsroute",
            Self::ZRoute => "Z-route",
        }
    }
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
    /// The Module Arbeidsmarkt en Participatie; the onderwijsroute has study-career guidance instead.
    pub fn has_map(&self) -> bool {
        !matches!(self, Self::Onderwijsroute)
    }
    /// Every route includes the participatieverklaringstraject.
    pub fn has_pvt(&self) -> bool {
        true
    }
    /// Only the B1-route can be afgeschaald (to A2).
    pub fn allows_afschalen(&self) -> bool {
        matches!(self, Self::B1)
    }
    /// The indicative volume as (language or course hours, other hours): the onderwijsroute
    /// 1,000 + 500, the Z-route for asielstatushouders 800 + 800; `None` where DOMAIN.md fixes none.
    pub fn indicative_hours(&self, rules: &Rules, group: TargetGroup) -> Option<(u32, u32)> {
        match (self, group) {
            (Self::Onderwijsroute, _) => Some((rules.onderwijsroute_dutch_hours, rules.onderwijsroute_other_hours)),
            (Self::ZRoute, TargetGroup::Asielstatushouder) => {
                Some((rules.zroute_course_hours, rules.zroute_participation_hours))
            }
            _ => None,
        }
    }
}

/// Whether an age falls within the age the onderwijsroute is meant for. A hint for the route
/// advice only: there is no legal age limit, so it never refuses anything.
pub fn onderwijsroute_age_fits(rules: &Rules, age: i32) -> bool {
    u32::try_from(age).is_ok_and(|a| a <= rules.onderwijsroute_indicative_max_age)
}

/// The last day a route may be switched (other than onderwijsroute to B1-route).
pub fn route_switch_window_end(rules: &RuleSet, termijn_start: NaiveDate) -> NaiveDate {
    let first_dagtekening = termijn_start.pred_opt().unwrap_or(NaiveDate::MIN);
    rules.at(first_dagtekening).route_switch_window.after(first_dagtekening)
}

/// Why a route switch is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteSwitchRefused {
    SameRoute,
    WindowClosed { window_end: NaiveDate, window: super::Period },
}

impl fmt::Display for RouteSwitchRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SameRoute => write!(f, "De nieuwe leerroute is dezelfde als de huidige; kies een andere leerroute."),
            Self::WindowClosed { window_end, window } => write!(
                f,
                "Wisselen van leerroute kan alleen binnen {} na de start van de inburgeringstermijn, \
                 dus uiterlijk op {}. Alleen van de onderwijsroute naar de B1-route kan altijd.",
                window.label_nl(),
                nl_date(*window_end)
            ),
        }
    }
}

impl std::error::Error for RouteSwitchRefused {}

/// Whether a switch `from` -> `to` on `on` is allowed: within the window from the termijn start,
/// and onderwijsroute to B1-route at any time.
pub fn check_route_switch(
    rules: &RuleSet,
    termijn_start: NaiveDate,
    from: Leerroute,
    to: Leerroute,
    on: NaiveDate,
) -> Result<(), RouteSwitchRefused> {
    if from == to {
        return Err(RouteSwitchRefused::SameRoute);
    }
    if (from, to) == (Leerroute::Onderwijsroute, Leerroute::B1) {
        return Ok(());
    }
    let window_end = route_switch_window_end(rules, termijn_start);
    if on > window_end {
        let window = rules.at(termijn_start.pred_opt().unwrap_or(NaiveDate::MIN)).route_switch_window;
        return Err(RouteSwitchRefused::WindowClosed { window_end, window });
    }
    Ok(())
}

/// Why afschalen from B1 to A2 is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AfschalenRefused {
    NotB1Route(Leerroute),
    TooFewHours { required: u32, recorded: u32 },
    EffortInsufficient,
}

impl fmt::Display for AfschalenRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotB1Route(r) => write!(f, "Afschalen naar A2 kan alleen in de B1-route, niet in de {}.", r.label()),
            Self::TooFewHours { required, recorded } => write!(
                f,
                "Afschalen naar A2 kan pas na minstens {required} lesuren bij een school met een keurmerk; \
                 er zijn er {recorded} geregistreerd."
            ),
            Self::EffortInsufficient => {
                write!(f, "Afschalen naar A2 kan alleen als de inspanning als voldoende is beoordeeld.")
            }
        }
    }
}

impl std::error::Error for AfschalenRefused {}

/// Whether the B1-route may be afgeschaald on `on`: enough course hours at a quality-marked
/// provider (hours elsewhere do not count, so the caller passes only those) and sufficient effort.
pub fn check_afschalen(
    rules: &RuleSet,
    on: NaiveDate,
    route: Leerroute,
    quality_marked_course_hours: u32,
    effort_sufficient: bool,
) -> Result<(), AfschalenRefused> {
    if !route.allows_afschalen() {
        return Err(AfschalenRefused::NotB1Route(route));
    }
    let required = rules.at(on).afschalen_min_course_hours;
    if quality_marked_course_hours < required {
        return Err(AfschalenRefused::TooFewHours { required, recorded: quality_marked_course_hours });
    }
    if !effort_sufficient {
        return Err(AfschalenRefused::EffortInsufficient);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use Leerroute::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }
    fn switch(start: NaiveDate, from: Leerroute, to: Leerroute, on: NaiveDate) -> Result<(), RouteSwitchRefused> {
        check_route_switch(&RuleSet::default(), start, from, to, on)
    }

    #[test]
    fn switch_window_is_18_months_from_the_termijn_start() {
        let start = d(2024, 3, 16);
        assert_eq!(route_switch_window_end(&RuleSet::default(), start), d(2025, 9, 15));
        assert_eq!(switch(start, B1, ZRoute, d(2025, 9, 15)), Ok(()));
        let err = switch(start, B1, ZRoute, d(2025, 9, 16)).unwrap_err();
        assert_eq!(
            err,
            RouteSwitchRefused::WindowClosed {
                window_end: d(2025, 9, 15),
                window: crate::inburgering::Period::Months(18)
            }
        );
        assert_eq!(
            err.to_string(),
            "Wisselen van leerroute kan alleen binnen 18 maanden na de start van de inburgeringstermijn, \
             dus uiterlijk op 15-09-2025. Alleen van de onderwijsroute naar de B1-route kan altijd."
        );
        assert!(switch(start, ZRoute, Onderwijsroute, d(2026, 1, 1)).is_err());
        assert!(switch(start, Onderwijsroute, ZRoute, d(2026, 1, 1)).is_err());
        assert!(switch(start, B1, Onderwijsroute, d(2026, 1, 1)).is_err());
    }

    #[test]
    fn onderwijsroute_to_b1_is_allowed_any_time() {
        assert_eq!(switch(d(2024, 3, 16), Onderwijsroute, B1, d(2027, 3, 1)), Ok(()));
        assert_eq!(switch(d(2024, 3, 16), Onderwijsroute, B1, d(2030, 1, 1)), Ok(()));
    }

    #[test]
    fn switching_to_the_same_route_is_refused() {
        let err = switch(d(2024, 3, 16), B1, B1, d(2024, 4, 1)).unwrap_err();
        assert_eq!(err.to_string(), "De nieuwe leerroute is dezelfde als de huidige; kies een andere leerroute.");
    }

    #[test]
    fn window_end_at_month_ends() {
        let rs = RuleSet::default();
        assert_eq!(route_switch_window_end(&rs, d(2023, 9, 1)), d(2025, 2, 28));
        assert_eq!(route_switch_window_end(&rs, d(2022, 9, 1)), d(2024, 2, 29));
        assert_eq!(route_switch_window_end(&rs, d(2024, 2, 29)), d(2025, 8, 28));
        assert_eq!(route_switch_window_end(&rs, d(2024, 3, 1)), d(2025, 8, 29));
    }

    #[test]
    fn afschalen_needs_b1_600_quality_hours_and_effort() {
        let rs = RuleSet::default();
        let on = d(2025, 1, 1);
        assert_eq!(check_afschalen(&rs, on, B1, 600, true), Ok(()));
        let err = check_afschalen(&rs, on, B1, 599, true).unwrap_err();
        assert_eq!(err, AfschalenRefused::TooFewHours { required: 600, recorded: 599 });
        assert!(err.to_string().starts_with("Afschalen naar A2 kan pas na minstens 600 lesuren"));
        assert_eq!(check_afschalen(&rs, on, B1, 900, false), Err(AfschalenRefused::EffortInsufficient));
        assert_eq!(check_afschalen(&rs, on, ZRoute, 900, true), Err(AfschalenRefused::NotB1Route(ZRoute)));
        assert!(check_afschalen(&rs, on, Onderwijsroute, 900, true).is_err());
    }

    #[test]
    fn route_contents() {
        assert!(B1.has_map() && ZRoute.has_map() && !Onderwijsroute.has_map());
        assert!(Leerroute::ALL.iter().all(Leerroute::has_pvt));
        assert!(B1.allows_afschalen() && !ZRoute.allows_afschalen() && !Onderwijsroute.allows_afschalen());
        let r = RuleSet::default().at(d(2025, 1, 1));
        assert_eq!(Onderwijsroute.indicative_hours(&r, TargetGroup::Gezinsmigrant), Some((1000, 500)));
        assert_eq!(ZRoute.indicative_hours(&r, TargetGroup::Asielstatushouder), Some((800, 800)));
        assert_eq!(ZRoute.indicative_hours(&r, TargetGroup::OverigeMigrant), None);
        assert_eq!(B1.indicative_hours(&r, TargetGroup::Asielstatushouder), None);
        assert!(
            onderwijsroute_age_fits(&r, 28) && !onderwijsroute_age_fits(&r, 29) && !onderwijsroute_age_fits(&r, -1)
        );
        for route in Leerroute::ALL {
            assert_eq!(Leerroute::parse(route.code()), Some(route));
        }
    }

    proptest! {
        #[test]
        fn a_switch_is_allowed_exactly_until_the_window_end(start in 0i64..3_000, after in 0i64..1_500, a in 0usize..3, b in 0usize..3) {
            let (from, to) = (Leerroute::ALL[a], Leerroute::ALL[b]);
            let start = d(2022, 1, 2) + chrono::Duration::days(start);
            let on = start + chrono::Duration::days(after);
            let end = route_switch_window_end(&RuleSet::default(), start);
            let expected = from != to && (on <= end || (from, to) == (Onderwijsroute, B1));
            prop_assert_eq!(switch(start, from, to, on).is_ok(), expected);
        }
    }
}
