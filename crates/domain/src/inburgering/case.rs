//! The case state machine: every change of an integration case is a [`Command`] checked here.
//!
//! The stages follow the chain of DOMAIN.md §4: aangemeld (koppeling or DUO signal) -> intake ->
//! intake afgerond -> route bepaald -> PIP concept -> PIP ter controle -> uitvoering (the PIP is a
//! decision and the termijn runs) -> afgerond; a later PIP version goes through its own concept
//! and check while the established PIP stays in force; a DUO correction withdraws a case from any
//! open stage. A command carries the evidence its rule needs (the missing intake topics, the
//! route-switch facts); the caller gathers it, this module decides. An illegal step returns a
//! [`Refused`] with a Dutch sentence a case worker can act on.
//!
//! Never reads the clock and never stores anything.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

use super::intake::IntakeIncomplete;
use super::leerroute::{check_afschalen, check_route_switch, AfschalenRefused, Leerroute, RouteSwitchRefused};
use super::params::RuleSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Aangemeld,
    Intake,
    IntakeAfgerond,
    RouteBepaald,
    PipConcept,
    PipTerControle,
    Uitvoering,
    WijzigingConcept,
    WijzigingTerControle,
    Afgerond,
    Ingetrokken,
}

impl Stage {
    pub const ALL: [Self; 11] = [
        Self::Aangemeld,
        Self::Intake,
        Self::IntakeAfgerond,
        Self::RouteBepaald,
        Self::PipConcept,
        Self::PipTerControle,
        Self::Uitvoering,
        Self::WijzigingConcept,
        Self::WijzigingTerControle,
        Self::Afgerond,
        Self::Ingetrokken,
    ];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Aangemeld => "aangemeld",
            Self::Intake => "intake",
            Self::IntakeAfgerond => "intake_afgerond",
            Self::RouteBepaald => "route_bepaald",
            Self::PipConcept => "pip_concept",
            Self::PipTerControle => "pip_ter_controle",
            Self::Uitvoering => "uitvoering",
            Self::WijzigingConcept => "wijziging_concept",
            Self::WijzigingTerControle => "wijziging_ter_controle",
            Self::Afgerond => "afgerond",
            Self::Ingetrokken => "ingetrokken",
        }
    }
    pub fn label(&self) -> &'static str {
        match self {
            Self::Aangemeld => "Aangemeld",
            Self::Intake => "Brede intake loopt",
            Self::IntakeAfgerond => "Intake afgerond",
            Self::RouteBepaald => "Leerroute bepaald",
            Self::PipConcept => "PIP in concept",
            Self::PipTerControle => "PIP ter controle",
            Self::Uitvoering => "PIP vastgesteld, in uitvoering",
            Self::WijzigingConcept => "Nieuwe PIP-versie in concept",
            Self::WijzigingTerControle => "Nieuwe PIP-versie ter controle",
            Self::Afgerond => "Afgerond",
            Self::Ingetrokken => "Ingetrokken",
        }
    }
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
    /// Closed cases take no further step.
    pub fn is_closed(&self) -> bool {
        matches!(self, Self::Afgerond | Self::Ingetrokken)
    }
    /// Whether a PIP has been established (the termijn runs).
    pub fn pip_established(&self) -> bool {
        matches!(self, Self::Uitvoering | Self::WijzigingConcept | Self::WijzigingTerControle | Self::Afgerond)
    }
    /// Whether the intake may still be edited.
    pub fn intake_open(&self) -> bool {
        matches!(self, Self::Aangemeld | Self::Intake)
    }
}

/// Why a new PIP version is made (a PIP is only ever replaced, never edited once a decision).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PipChange {
    RouteSwitch {
        from: Leerroute,
        to: Leerroute,
        termijn_start: NaiveDate,
        on: NaiveDate,
    },
    Afschalen {
        route: Leerroute,
        quality_marked_course_hours: u32,
        effort_sufficient: bool,
        on: NaiveDate,
    },
    /// After a move to another municipality: a new PIP, same route.
    Verhuizing,
    /// Other changes of goals, actions or intensity.
    Bijstelling,
}

impl PipChange {
    pub fn code(&self) -> &'static str {
        match self {
            Self::RouteSwitch { .. } => "routewissel",
            Self::Afschalen { .. } => "afschalen",
            Self::Verhuizing => "verhuizing",
            Self::Bijstelling => "bijstelling",
        }
    }
    pub fn label(&self) -> &'static str {
        match self {
            Self::RouteSwitch { .. } => "Wisseling van leerroute",
            Self::Afschalen { .. } => "Afschalen van B1 naar A2",
            Self::Verhuizing => "Verhuizing naar een andere gemeente",
            Self::Bijstelling => "Bijstelling van het plan",
        }
    }
}

/// How an obligation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompletionGround {
    Voldaan,
    Ontheffing,
    Vrijstelling,
    TermijnVerstreken,
}

impl CompletionGround {
    pub const ALL: [Self; 4] = [Self::Voldaan, Self::Ontheffing, Self::Vrijstelling, Self::TermijnVerstreken];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Voldaan => "voldaan",
            Self::Ontheffing => "ontheffing",
            Self::Vrijstelling => "vrijstelling",
            Self::TermijnVerstreken => "termijn_verstreken",
        }
    }
    pub fn label(&self) -> &'static str {
        match self {
            Self::Voldaan => "Voldaan: examens, MAP en PVT afgerond",
            Self::Ontheffing => "Ontheffing door DUO",
            Self::Vrijstelling => "Vrijstelling door DUO",
            Self::TermijnVerstreken => "Termijn verstreken zonder te voldoen",
        }
    }
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.code() == code)
    }
}

/// A step on a case, with the evidence its rule needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// A change of the case's facts (dates, contact, housing, notes) that does not move it.
    RecordFacts,
    /// The first intake conversation (or a partial save of the intake).
    RecordIntake,
    /// Close the intake; `check` is the outcome of [`super::intake::check_complete`].
    CompleteIntake {
        check: Result<(), IntakeIncomplete>,
    },
    DecideRoute,
    /// A first PIP (`change` is `None`) or a new version of an established one.
    DraftPip {
        change: Option<PipChange>,
    },
    SubmitPip,
    /// The team lead sends the draft back.
    ReturnPip,
    /// The team lead establishes the draft as a decision; `by_drafter` when the checker drafted it.
    EstablishPip {
        by_drafter: bool,
    },
    /// Drop a draft of a new version; the established PIP stays in force.
    DiscardPipChange,
    Complete(CompletionGround),
    /// A DUO correction: the person was wrongly placed under the law.
    Withdraw,
    /// The person withdraws a consent they gave. Allowed in every stage, a closed case too:
    /// withdrawing must be as easy as giving (AVG art. 7(3)), whatever happened to the case.
    WithdrawConsent,
}

impl Command {
    pub fn code(&self) -> &'static str {
        match self {
            Self::RecordFacts => "gegevens_vastleggen",
            Self::RecordIntake => "intake_vastleggen",
            Self::CompleteIntake { .. } => "intake_afronden",
            Self::DecideRoute => "route_besluiten",
            Self::DraftPip { .. } => "pip_opstellen",
            Self::SubmitPip => "pip_ter_controle",
            Self::ReturnPip => "pip_teruggezet",
            Self::EstablishPip { .. } => "pip_vastgesteld",
            Self::DiscardPipChange => "pip_wijziging_vervallen",
            Self::Complete(_) => "afgerond",
            Self::Withdraw => "ingetrokken",
            Self::WithdrawConsent => "toestemming_ingetrokken",
        }
    }
}

/// Why a step is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The step does not fit the stage the case is in.
    Stage {
        stage: Stage,
        step: &'static str,
        needs: &'static str,
    },
    IntakeIncomplete(IntakeIncomplete),
    RouteSwitch(RouteSwitchRefused),
    Afschalen(AfschalenRefused),
    FourEyes,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Stage { stage, step, needs } => {
                write!(f, "{step} kan niet in de fase \u{201c}{}\u{201d}: {needs}", stage.label())
            }
            Self::IntakeIncomplete(e) => e.fmt(f),
            Self::RouteSwitch(e) => e.fmt(f),
            Self::Afschalen(e) => e.fmt(f),
            Self::FourEyes => write!(
                f,
                "Wie het PIP heeft opgesteld, kan het niet zelf vaststellen: een andere teamleider controleert en stelt vast."
            ),
        }
    }
}

impl std::error::Error for Refused {}

/// The stage after `command`, or why the step is not allowed.
pub fn next(rules: &RuleSet, stage: Stage, command: &Command) -> Result<Stage, Refused> {
    use Stage::*;
    let refuse = |step: &'static str, needs: &'static str| Err(Refused::Stage { stage, step, needs });
    if *command == Command::WithdrawConsent {
        return Ok(stage);
    }
    if stage.is_closed() {
        return refuse("Deze stap", "de zaak is gesloten.");
    }
    match command {
        Command::RecordFacts => Ok(stage),
        Command::RecordIntake => match stage {
            Aangemeld | Intake => Ok(Intake),
            _ => refuse("De intake wijzigen", "de intake is al afgerond."),
        },
        Command::CompleteIntake { check } => match stage {
            Aangemeld | Intake => check.clone().map(|()| IntakeAfgerond).map_err(Refused::IntakeIncomplete),
            _ => refuse("De intake afronden", "de intake is al afgerond."),
        },
        Command::DecideRoute => match stage {
            IntakeAfgerond | RouteBepaald => Ok(RouteBepaald),
            Aangemeld | Intake => refuse("Een leerroute bepalen", "rond eerst de brede intake af."),
            _ => refuse(
                "Een leerroute bepalen",
                "er is al een PIP; een andere leerroute gaat via een nieuwe PIP-versie (routewissel).",
            ),
        },
        Command::DraftPip { change: None } => match stage {
            RouteBepaald => Ok(PipConcept),
            Aangemeld | Intake | IntakeAfgerond => refuse(
                "Een PIP opstellen",
                "een PIP kan pas worden opgesteld na een afgeronde brede intake en een besluit over de leerroute.",
            ),
            PipConcept | PipTerControle | WijzigingConcept | WijzigingTerControle => {
                refuse("Een PIP opstellen", "er is al een concept; werk dat bij.")
            }
            _ => refuse(
                "Een eerste PIP opstellen",
                "er is al een vastgesteld PIP; maak een nieuwe versie met een reden.",
            ),
        },
        Command::DraftPip { change: Some(change) } => match stage {
            Uitvoering => {
                check_change(rules, change)?;
                Ok(WijzigingConcept)
            }
            WijzigingConcept | WijzigingTerControle => {
                refuse("Een nieuwe PIP-versie opstellen", "er is al een nieuwe versie in de maak.")
            }
            _ => refuse("Een nieuwe PIP-versie opstellen", "er is nog geen vastgesteld PIP om te vervangen."),
        },
        Command::SubmitPip => match stage {
            PipConcept => Ok(PipTerControle),
            WijzigingConcept => Ok(WijzigingTerControle),
            _ => refuse("Ter controle aanbieden", "er is geen PIP in concept."),
        },
        Command::ReturnPip => match stage {
            PipTerControle => Ok(PipConcept),
            WijzigingTerControle => Ok(WijzigingConcept),
            _ => refuse("Terugzetten", "er is geen PIP ter controle."),
        },
        Command::EstablishPip { by_drafter } => match stage {
            PipTerControle | WijzigingTerControle if *by_drafter => Err(Refused::FourEyes),
            PipTerControle | WijzigingTerControle => Ok(Uitvoering),
            PipConcept | WijzigingConcept => refuse("Vaststellen", "bied het PIP eerst ter controle aan."),
            _ => refuse("Vaststellen", "er is geen PIP ter controle."),
        },
        Command::DiscardPipChange => match stage {
            WijzigingConcept | WijzigingTerControle => Ok(Uitvoering),
            _ => refuse("Een wijziging laten vervallen", "er is geen nieuwe PIP-versie in de maak."),
        },
        Command::Complete(_) => match stage {
            Uitvoering => Ok(Afgerond),
            _ => refuse(
                "Afronden",
                "alleen een zaak met een vastgesteld PIP en zonder open wijziging kan worden afgerond.",
            ),
        },
        Command::Withdraw => Ok(Ingetrokken),
        Command::WithdrawConsent => Ok(stage),
    }
}

fn check_change(rules: &RuleSet, change: &PipChange) -> Result<(), Refused> {
    match *change {
        PipChange::RouteSwitch { from, to, termijn_start, on } => {
            check_route_switch(rules, termijn_start, from, to, on).map_err(Refused::RouteSwitch)
        }
        PipChange::Afschalen { route, quality_marked_course_hours, effort_sufficient, on } => {
            check_afschalen(rules, on, route, quality_marked_course_hours, effort_sufficient)
                .map_err(Refused::Afschalen)
        }
        PipChange::Verhuizing | PipChange::Bijstelling => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inburgering::intake::IntakeTopic;
    use Stage::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }
    fn step(stage: Stage, c: Command) -> Result<Stage, Refused> {
        next(&RuleSet::default(), stage, &c)
    }

    #[test]
    fn the_happy_path_runs_from_koppeling_to_completion() {
        let mut s = Aangemeld;
        for c in [
            Command::RecordIntake,
            Command::CompleteIntake { check: Ok(()) },
            Command::DecideRoute,
            Command::DraftPip { change: None },
            Command::SubmitPip,
            Command::EstablishPip { by_drafter: false },
            Command::DraftPip { change: Some(PipChange::Bijstelling) },
            Command::SubmitPip,
            Command::EstablishPip { by_drafter: false },
            Command::Complete(CompletionGround::Voldaan),
        ] {
            s = step(s, c).unwrap();
        }
        assert_eq!(s, Afgerond);
    }

    #[test]
    fn a_pip_without_a_completed_intake_is_refused_in_dutch() {
        for s in [Aangemeld, Intake, IntakeAfgerond] {
            let err = step(s, Command::DraftPip { change: None }).unwrap_err();
            assert!(err.to_string().contains("na een afgeronde brede intake"), "{err}");
        }
        let incomplete = IntakeIncomplete { missing_topics: vec![IntakeTopic::SociaalNetwerk], lbt_missing: false };
        let err = step(Intake, Command::CompleteIntake { check: Err(incomplete) }).unwrap_err();
        assert!(err.to_string().contains("Sociaal netwerk"));
    }

    #[test]
    fn a_route_switch_after_18_months_is_refused_except_to_b1_from_onderwijsroute() {
        let start = d(2023, 1, 2);
        let late = d(2024, 7, 3);
        let switch = |from, to| PipChange::RouteSwitch { from, to, termijn_start: start, on: late };
        let err =
            step(Uitvoering, Command::DraftPip { change: Some(switch(Leerroute::B1, Leerroute::ZRoute)) }).unwrap_err();
        assert!(err.to_string().contains("18 maanden"), "{err}");
        assert_eq!(
            step(Uitvoering, Command::DraftPip { change: Some(switch(Leerroute::Onderwijsroute, Leerroute::B1)) }),
            Ok(WijzigingConcept)
        );
    }

    #[test]
    fn afschalen_with_too_few_hours_is_refused() {
        let change = PipChange::Afschalen {
            route: Leerroute::B1,
            quality_marked_course_hours: 599,
            effort_sufficient: true,
            on: d(2024, 1, 1),
        };
        let err = step(Uitvoering, Command::DraftPip { change: Some(change) }).unwrap_err();
        assert!(err.to_string().contains("600 lesuren"), "{err}");
    }

    #[test]
    fn the_drafter_cannot_establish_and_closed_cases_take_no_step() {
        assert_eq!(step(PipTerControle, Command::EstablishPip { by_drafter: true }), Err(Refused::FourEyes));
        assert!(step(PipConcept, Command::EstablishPip { by_drafter: false }).is_err());
        for s in [Afgerond, Ingetrokken] {
            assert!(step(s, Command::Withdraw).is_err());
            assert!(step(s, Command::RecordIntake).is_err());
            assert!(step(s, Command::RecordFacts).is_err());
        }
        for s in Stage::ALL.into_iter().filter(|s| !s.is_closed()) {
            assert_eq!(step(s, Command::Withdraw), Ok(Ingetrokken));
        }
    }

    #[test]
    fn a_consent_can_be_withdrawn_in_every_stage_and_moves_nothing() {
        for s in Stage::ALL {
            assert_eq!(step(s, Command::WithdrawConsent), Ok(s));
        }
    }

    #[test]
    fn every_stage_has_a_distinct_code_that_parses_back() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.code()), Some(s));
        }
    }
}
