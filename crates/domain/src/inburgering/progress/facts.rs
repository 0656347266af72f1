//! The facts of a case's progress besides exams and provider hours (DOMAIN.md §4 "Progress" and
//! "Completion", §5): participation (werk, vrijwilligerswerk, opleiding, activering) with its
//! hours and the totals per kind, interim language tests per skill, the MAP final interview
//! (only in a route that has MAP) and the signing of the participatieverklaring. The final
//! interview and the signing happen once in a case; a second is refused.
//!
//! Nothing here stores or reads the clock; the caller passes the facts and "today".

use super::HalfHours;
use crate::inburgering::dossier::code_list;
use crate::inburgering::leerroute::Leerroute;
use chrono::NaiveDate;

code_list! {
    /// What a person participates in (the participation part of the PIP).
    ParticipationKind {
        Werk => ("werk", "Werk"),
        Vrijwilligerswerk => ("vrijwilligerswerk", "Vrijwilligerswerk"),
        Opleiding => ("opleiding", "Opleiding"),
        Activering => ("activering", "Activering"),
    }
}

code_list! {
    /// A language skill an interim test measures.
    Skill {
        Lezen => ("lezen", "Lezen"),
        Luisteren => ("luisteren", "Luisteren"),
        Schrijven => ("schrijven", "Schrijven"),
        Spreken => ("spreken", "Spreken"),
    }
}

/// A period of participation, as far as the totals need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Participation {
    pub kind: ParticipationKind,
    pub hours: HalfHours,
}

/// The participation of one kind over all its periods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParticipationTotal {
    pub kind: ParticipationKind,
    pub periods: usize,
    pub hours: HalfHours,
}

/// The totals per kind, every kind in list order (those without periods at zero).
pub fn participation_totals(all: &[Participation]) -> Vec<ParticipationTotal> {
    ParticipationKind::ALL
        .iter()
        .map(|&kind| {
            let mine = all.iter().filter(|p| p.kind == kind);
            ParticipationTotal {
                kind,
                periods: mine.clone().count(),
                hours: mine.fold(HalfHours(0), |acc, p| acc + p.hours),
            }
        })
        .collect()
}

code_list! {
    /// The level an interim language test finds, per skill (DOMAIN.md §9: below A1 counts too).
    /// Wider than the exam levels: a Z-route learner is often measured below A1 for a long
    /// time, and a learner on the onderwijsroute may test above B2. The codes of A1 to B2 are
    /// those of [`super::Level`], so the levels an exam tests read the same in both.
    InterimLevel {
        OnderA1 => ("A0", "Onder A1"),
        A1 => ("A1", "A1"),
        A2 => ("A2", "A2"),
        B1 => ("B1", "B1"),
        B2 => ("B2", "B2"),
        C1 => ("C1", "C1"),
    }
}

/// An interim language test, as far as the rules need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InterimTest {
    pub on: NaiveDate,
    pub skill: Skill,
    pub level: InterimLevel,
}

/// Why a fact of the progress record cannot be recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactRefused {
    /// The date lies after today; the field named is the date's.
    InFuture(&'static str),
    /// No learning route is decided yet, so it is not known whether MAP applies.
    NoRoute,
    /// The route has no MAP (the onderwijsroute: study and career guidance instead).
    NoMap(Leerroute),
    /// The MAP final interview was recorded already.
    MapInterviewRecorded,
    /// The signing of the participatieverklaring was recorded already.
    PvtSigned,
}

impl FactRefused {
    pub fn message(self) -> String {
        match self {
            FactRefused::InFuture(_) => "De datum ligt in de toekomst. Leg dit vast nadat het is gebeurd.".into(),
            FactRefused::NoRoute => {
                "Er is nog geen leerroute bepaald; het eindgesprek MAP hoort bij de B1-route en de Z-route.".into()
            }
            FactRefused::NoMap(route) => format!(
                "De {} heeft geen MAP (wel studie- en loopbaanbegeleiding), dus ook geen eindgesprek MAP.",
                route.label().to_lowercase()
            ),
            FactRefused::MapInterviewRecorded => {
                "Het eindgesprek MAP is al vastgelegd; het wordt één keer vastgelegd.".into()
            }
            FactRefused::PvtSigned => {
                "De ondertekening van de participatieverklaring is al vastgelegd; die wordt één keer vastgelegd.".into()
            }
        }
    }

    /// The input field a refusal is about; `None` when the dossier's state refuses it (a step
    /// that does not fit, whatever the input).
    pub fn field(self) -> Option<&'static str> {
        match self {
            FactRefused::InFuture(field) => Some(field),
            _ => None,
        }
    }
}

/// Whether the date in `field` is refused: a fact is recorded after it happened, so a date after
/// today is.
pub fn check_date(field: &'static str, on: NaiveDate, today: NaiveDate) -> Result<(), FactRefused> {
    if on > today {
        return Err(FactRefused::InFuture(field));
    }
    Ok(())
}

/// Whether an interim test on `on` may be recorded: not after today.
pub fn check_interim_test(test: &InterimTest, today: NaiveDate) -> Result<(), FactRefused> {
    check_date("testDate", test.on, today)
}

/// Whether the MAP final interview on `on` may be recorded for a case in `route` (none while
/// undecided), `recorded` telling whether one was recorded already.
pub fn check_map_interview(
    route: Option<Leerroute>,
    on: NaiveDate,
    today: NaiveDate,
    recorded: bool,
) -> Result<(), FactRefused> {
    let route = route.ok_or(FactRefused::NoRoute)?;
    if !route.has_map() {
        return Err(FactRefused::NoMap(route));
    }
    if recorded {
        return Err(FactRefused::MapInterviewRecorded);
    }
    check_date("interviewDate", on, today)
}

/// Whether the signing of the participatieverklaring on `on` may be recorded (every route has
/// the PVT), `recorded` telling whether it was recorded already.
pub fn check_pvt_signing(on: NaiveDate, today: NaiveDate, recorded: bool) -> Result<(), FactRefused> {
    if recorded {
        return Err(FactRefused::PvtSigned);
    }
    check_date("signingDate", on, today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn an_interim_test_may_find_a_level_below_a1_or_above_b2() {
        let codes: Vec<&str> = InterimLevel::ALL.iter().map(|l| l.code()).collect();
        assert_eq!(codes, ["A0", "A1", "A2", "B1", "B2", "C1"], "from low to high");
        assert_eq!(InterimLevel::OnderA1.label(), "Onder A1");
        for exam_level in super::super::Level::ALL {
            let interim = InterimLevel::parse(exam_level.code()).expect("every exam level is an interim level");
            assert_eq!(interim.label(), exam_level.code());
        }
        assert_eq!(InterimLevel::parse("a1"), None, "codes are exact");
    }

    #[test]
    fn participation_adds_up_per_kind_with_every_kind_listed() {
        let p = |kind, half| Participation { kind, hours: HalfHours(half) };
        let all = [
            p(ParticipationKind::Vrijwilligerswerk, 17),
            p(ParticipationKind::Werk, 64),
            p(ParticipationKind::Vrijwilligerswerk, 8),
        ];
        let t = participation_totals(&all);
        assert_eq!(t.iter().map(|x| x.kind).collect::<Vec<_>>(), ParticipationKind::ALL);
        assert_eq!((t[1].periods, t[1].hours.to_string()), (2, "12,5".to_string()));
        assert_eq!((t[0].periods, t[0].hours), (1, HalfHours(64)));
        assert_eq!((t[3].periods, t[3].hours), (0, HalfHours(0)));
        assert_eq!(ParticipationKind::parse("activering").map(ParticipationKind::label), Some("Activering"));
        assert_eq!(Skill::parse("spreken"), Some(Skill::Spreken));
        assert_eq!(Skill::parse("rekenen"), None);
    }

    #[test]
    fn an_interim_test_in_the_future_is_refused() {
        let today = d(2026, 6, 1);
        let test = |on| InterimTest { on, skill: Skill::Lezen, level: InterimLevel::A2 };
        assert_eq!(check_interim_test(&test(today), today), Ok(()));
        let refused = check_interim_test(&test(d(2026, 6, 2)), today).unwrap_err();
        assert_eq!(refused.field(), Some("testDate"));
        assert!(refused.message().contains("toekomst"));
    }

    #[test]
    fn the_map_final_interview_needs_a_route_with_map_and_is_recorded_once() {
        let today = d(2026, 6, 1);
        assert_eq!(check_map_interview(Some(Leerroute::B1), today, today, false), Ok(()));
        assert_eq!(check_map_interview(Some(Leerroute::ZRoute), today, today, false), Ok(()));
        let onderwijs = check_map_interview(Some(Leerroute::Onderwijsroute), today, today, false).unwrap_err();
        assert_eq!(onderwijs, FactRefused::NoMap(Leerroute::Onderwijsroute));
        assert!(onderwijs.message().contains("onderwijsroute heeft geen MAP"), "{}", onderwijs.message());
        assert_eq!(onderwijs.field(), None, "the dossier refuses it, not a field");
        assert_eq!(check_map_interview(None, today, today, false), Err(FactRefused::NoRoute));
        assert_eq!(
            check_map_interview(Some(Leerroute::B1), today, today, true),
            Err(FactRefused::MapInterviewRecorded)
        );
        assert_eq!(
            check_map_interview(Some(Leerroute::B1), d(2026, 6, 2), today, false),
            Err(FactRefused::InFuture("interviewDate"))
        );
    }

    #[test]
    fn the_pvt_signing_is_recorded_once_and_not_ahead() {
        let today = d(2026, 6, 1);
        assert_eq!(check_pvt_signing(d(2026, 5, 1), today, false), Ok(()));
        assert_eq!(check_pvt_signing(d(2026, 5, 1), today, true), Err(FactRefused::PvtSigned));
        assert_eq!(check_pvt_signing(d(2026, 6, 2), today, false), Err(FactRefused::InFuture("signingDate")));
        assert!(FactRefused::PvtSigned.message().contains("al vastgelegd"));
    }
}
