//! The progress record of a case (DOMAIN.md §4 "Progress" and "Completion", §5): exam attempts
//! with their results (here), the hours providers report per component ([`hours`]), and the
//! other facts the completion rests on ([`facts`]: participation, interim language tests, the
//! MAP final interview and the signing of the participatieverklaring), and a provider's hour
//! file ([`import`]). The fixed lists and the
//! rules on them live here: which attempt is refused (a date in the future, an exam already
//! passed), which attempt is free and which is paid (the number of free attempts is the dated
//! setting `free_exam_attempts_asielstatushouder`, and an exam at a level below the PIP's
//! language target gets none), how hours are counted and whether the MAP and PVT minimums are
//! met.
//!
//! Nothing here stores, reads or reads the clock; the caller passes the facts and "today".

mod facts;
mod hours;
pub mod import;

pub use facts::*;
pub use hours::*;

use super::dossier::code_list;
use super::params::Rules;
use crate::person::TargetGroup;
use chrono::NaiveDate;

/// A language level of the common European framework, ordered from low to high.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    A1,
    A2,
    B1,
    B2,
}

impl Level {
    pub const ALL: &'static [Level] = &[Level::A1, Level::A2, Level::B1, Level::B2];

    /// The code in forms, the API and the database; also the name on screens.
    pub fn code(self) -> &'static str {
        match self {
            Level::A1 => "A1",
            Level::A2 => "A2",
            Level::B1 => "B1",
            Level::B2 => "B2",
        }
    }

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
}
