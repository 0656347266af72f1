//! The progress record of a case (DOMAIN.md §4 "Progress" and "Completion", §5): exam attempts
//! with their results, and the hours providers report per component (taal, MAP, PVT, KNM,
//! participatie). The fixed lists and the rules on them live here: which attempt is refused (a
//! date in the future, an exam already passed), which attempt is free and which is paid (the
//! number of free attempts is the dated setting `free_exam_attempts_asielstatushouder`, and an
//! exam at a level below the PIP's language target gets none), how hours are counted (whole or
//! half hours, at most 500 per report) and whether the MAP and PVT minimums (dated settings
//! `map_min_hours`, `pvt_min_hours`) are met.
//!
//! Nothing here stores, reads or reads the clock; the caller passes the facts and "today".

use super::dossier::code_list;
use super::params::Rules;
use crate::person::TargetGroup;
use chrono::NaiveDate;
use std::fmt;

/// A language level of the common European framework, ordered from low to high.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    A1,
    A2,
    B1,
    B2,
}

impl Level {
    /// A PIP's language target as stored (`A1`, `A2`, `B1`, `B2`).
    pub fn parse(code: &str) -> Option<Level> {
        match code.trim() {
            "A1" => Some(Level::A1),
            "A2" => Some(Level::A2),
            "B1" => Some(Level::B1),
            "B2" => Some(Level::B2),
            _ => None,
        }
    }
}

code_list! {
    /// An exam (or exam part) that completes the obligation: A2 by DUO, B1/B2 as Staatsexamen NT2,
    /// KNM by DUO.
    ExamKind {
        Knm => ("knm", "KNM (Kennis van de Nederlandse Maatschappij)"),
        A2Lezen => ("a2_lezen", "A2 lezen"),
        A2Luisteren => ("a2_luisteren", "A2 luisteren"),
        A2Schrijven => ("a2_schrijven", "A2 schrijven"),
        A2Spreken => ("a2_spreken", "A2 spreken"),
        B1Lezen => ("b1_lezen", "B1 lezen"),
        B1Luisteren => ("b1_luisteren", "B1 luisteren"),
        B1Schrijven => ("b1_schrijven", "B1 schrijven"),
        B1Spreken => ("b1_spreken", "B1 spreken"),
        B2 => ("b2", "B2 (Staatsexamen NT2 programma II)"),
    }
}

impl ExamKind {
    /// The language level the exam tests; KNM tests none.
    pub fn level(self) -> Option<Level> {
        use ExamKind::*;
        match self {
            Knm => None,
            A2Lezen | A2Luisteren | A2Schrijven | A2Spreken => Some(Level::A2),
            B1Lezen | B1Luisteren | B1Schrijven | B1Spreken => Some(Level::B1),
            B2 => Some(Level::B2),
        }
    }
}

code_list! {
    /// The result of an exam attempt. Not appearing uses the attempt up all the same.
    ExamResult {
        Geslaagd => ("geslaagd", "Geslaagd"),
        Gezakt => ("gezakt", "Gezakt"),
        NietVerschenen => ("niet_verschenen", "Niet verschenen"),
    }
}

/// An exam attempt as far as the rules need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub exam: ExamKind,
    pub on: NaiveDate,
    pub result: ExamResult,
}

/// Why an exam attempt cannot be recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttemptRefused {
    /// The exam date lies after today.
    InFuture,
    /// The exam was passed already; another attempt makes no sense.
    AlreadyPassed,
}

impl AttemptRefused {
    pub fn message(self) -> &'static str {
        match self {
            AttemptRefused::InFuture => "De examendatum ligt in de toekomst. Leg een resultaat vast na het examen.",
            AttemptRefused::AlreadyPassed => "Voor dit examen is al een geslaagde poging vastgelegd.",
        }
    }

    /// The input field the refusal is about.
    pub fn field(self) -> &'static str {
        match self {
            AttemptRefused::InFuture => "examDate",
            AttemptRefused::AlreadyPassed => "exam",
        }
    }
}

/// Whether `new` may be recorded next to the attempts already `recorded` (of any exam).
pub fn check_attempt(new: &Attempt, today: NaiveDate, recorded: &[Attempt]) -> Result<(), AttemptRefused> {
    if new.on > today {
        return Err(AttemptRefused::InFuture);
    }
    if recorded.iter().any(|a| a.exam == new.exam && a.result == ExamResult::Geslaagd) {
        return Err(AttemptRefused::AlreadyPassed);
    }
    Ok(())
}

/// The number of free attempts at `exam` for a person of `group` whose PIP aims at
/// `pip_target` (none while no PIP is established): the dated setting for asielstatushouders,
/// none for other groups, and none for an exam at a level below the PIP's target. Ask with the
/// rules in force on the exam date.
pub fn free_attempts(rules: &Rules, group: TargetGroup, pip_target: Option<Level>, exam: ExamKind) -> u32 {
    let below_target = matches!((exam.level(), pip_target), (Some(level), Some(target)) if level < target);
    if below_target {
        0
    } else {
        rules.free_exam_attempts(group)
    }
}

/// Whether the attempt after `earlier` attempts at the same exam is paid ("betaalde poging").
pub fn is_paid(earlier: usize, free: u32) -> bool {
    earlier >= free as usize
}

/// Where a person stands with one exam.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExamStatus {
    pub exam: ExamKind,
    pub attempts: usize,
    pub passed: bool,
    pub free: u32,
    /// Free attempts still open; `None` once the exam is passed.
    pub free_left: Option<u32>,
}

/// The status of `exam` from the person's attempts (of any exam) and the free attempts it has.
pub fn exam_status(exam: ExamKind, attempts: &[Attempt], free: u32) -> ExamStatus {
    let mine = attempts.iter().filter(|a| a.exam == exam);
    let count = mine.clone().count();
    let passed = mine.clone().any(|a| a.result == ExamResult::Geslaagd);
    let used = u32::try_from(count).unwrap_or(u32::MAX);
    ExamStatus { exam, attempts: count, passed, free, free_left: (!passed).then(|| free.saturating_sub(used)) }
}

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

    fn attempt(exam: ExamKind, on: NaiveDate, result: ExamResult) -> Attempt {
        Attempt { exam, on, result }
    }

    #[test]
    fn codes_round_trip_and_have_dutch_labels() {
        for e in ExamKind::ALL {
            assert_eq!(ExamKind::parse(e.code()), Some(*e));
            assert!(!e.label().is_empty());
        }
        assert_eq!(ExamKind::ALL.len(), 10);
        assert_eq!(ExamResult::parse("niet_verschenen"), Some(ExamResult::NietVerschenen));
        assert_eq!(Component::parse("pvt").map(Component::label), Some("PVT (participatieverklaringstraject)"));
        assert_eq!(ExamKind::parse("c1"), None);
        assert_eq!(ExamKind::B1Spreken.level(), Some(Level::B1));
        assert_eq!(ExamKind::Knm.level(), None);
    }

    #[test]
    fn an_attempt_in_the_future_or_after_a_pass_is_refused() {
        let today = d(2026, 6, 1);
        let new = attempt(ExamKind::B1Lezen, d(2026, 6, 2), ExamResult::Gezakt);
        assert_eq!(check_attempt(&new, today, &[]), Err(AttemptRefused::InFuture));
        let on_today = attempt(ExamKind::B1Lezen, today, ExamResult::Gezakt);
        assert_eq!(check_attempt(&on_today, today, &[]), Ok(()));
        let passed = [attempt(ExamKind::B1Lezen, d(2026, 3, 1), ExamResult::Geslaagd)];
        assert_eq!(check_attempt(&on_today, today, &passed), Err(AttemptRefused::AlreadyPassed));
        // A pass of another exam does not matter; nor does a failed attempt of the same one.
        let other = attempt(ExamKind::B1Luisteren, today, ExamResult::Geslaagd);
        assert_eq!(check_attempt(&other, today, &passed), Ok(()));
        let failed = [attempt(ExamKind::B1Lezen, d(2026, 3, 1), ExamResult::Gezakt)];
        assert_eq!(check_attempt(&on_today, today, &failed), Ok(()));
        assert_eq!(AttemptRefused::InFuture.field(), "examDate");
    }

    #[test]
    fn asielstatushouders_get_two_free_attempts_per_exam_others_none() {
        let r = rules();
        assert_eq!(free_attempts(&r, TargetGroup::Asielstatushouder, Some(Level::B1), ExamKind::B1Lezen), 2);
        assert_eq!(free_attempts(&r, TargetGroup::Asielstatushouder, None, ExamKind::Knm), 2);
        assert_eq!(free_attempts(&r, TargetGroup::Gezinsmigrant, Some(Level::B1), ExamKind::B1Lezen), 0);
        assert!(!is_paid(0, 2));
        assert!(!is_paid(1, 2));
        assert!(is_paid(2, 2), "the third attempt is paid");
        assert!(is_paid(0, 0));
    }

    #[test]
    fn no_free_attempt_at_a_level_below_the_pip() {
        let r = rules();
        let asz = TargetGroup::Asielstatushouder;
        assert_eq!(free_attempts(&r, asz, Some(Level::B1), ExamKind::A2Spreken), 0);
        assert_eq!(free_attempts(&r, asz, Some(Level::A2), ExamKind::A2Spreken), 2);
        assert_eq!(free_attempts(&r, asz, Some(Level::A2), ExamKind::B1Spreken), 2, "above the target is free");
        assert_eq!(free_attempts(&r, asz, Some(Level::B2), ExamKind::Knm), 2, "KNM has no level");
        assert_eq!(Level::parse("B1"), Some(Level::B1));
        assert_eq!(Level::parse(""), None);
    }

    #[test]
    fn the_number_of_free_attempts_is_a_dated_setting() {
        let mut rs = RuleSet::default();
        rs.free_exam_attempts_asielstatushouder = rs.free_exam_attempts_asielstatushouder.with(d(2027, 1, 1), 3);
        let asz = TargetGroup::Asielstatushouder;
        assert_eq!(free_attempts(&rs.at(d(2026, 12, 31)), asz, None, ExamKind::Knm), 2);
        assert_eq!(free_attempts(&rs.at(d(2027, 1, 1)), asz, None, ExamKind::Knm), 3);
    }

    #[test]
    fn the_status_counts_attempts_and_free_ones_left() {
        let a = [
            attempt(ExamKind::Knm, d(2026, 1, 1), ExamResult::NietVerschenen),
            attempt(ExamKind::B1Lezen, d(2026, 1, 1), ExamResult::Gezakt),
        ];
        let knm = exam_status(ExamKind::Knm, &a, 2);
        assert_eq!((knm.attempts, knm.passed, knm.free_left), (1, false, Some(1)));
        let b = [a[0], attempt(ExamKind::Knm, d(2026, 3, 1), ExamResult::Gezakt), a[0]];
        assert_eq!(exam_status(ExamKind::Knm, &b, 2).free_left, Some(0), "never below zero");
        let c = [a[0], attempt(ExamKind::Knm, d(2026, 3, 1), ExamResult::Geslaagd)];
        let s = exam_status(ExamKind::Knm, &c, 2);
        assert!(s.passed);
        assert_eq!(s.free_left, None);
        assert_eq!(exam_status(ExamKind::B2, &a, 2).attempts, 0);
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
}
