//! The rules of the civic integration chain (DOMAIN.md §4–5): the dated parameters, the
//! leerbaarheidstoets outcome, the learning routes, the deadlines (PIP due, the inburgeringstermijn,
//! the route-switch window, objection periods, progress interviews) and the municipal fines.
//!
//! Every number the law or policy gives lives in [`params::RuleSet`] as a dated, configurable
//! value; the code below only ever reads it from there, at the date the rule is about (the test
//! date, the kennisgeving, the first dagtekening, the decision date).
//!
//! This module must never read the clock or do I/O: "today" and every fact are passed in, so a
//! deadline computed here is the same on every machine, in every test and in every replay.
//! It must never store anything either: it answers questions about facts the caller holds.

pub mod advice;
pub mod calendar;
pub mod case;
pub mod deadlines;
pub mod dossier;
pub mod fines;
pub mod intake;
pub mod koppeling;
pub mod leerbaarheid;
pub mod leerroute;
pub mod nareis;
pub mod params;
pub mod progress;
pub mod termijn;

pub use advice::{advise, AdviceFacts, RouteAdvice, RouteDecision};
pub use calendar::Period;
pub use case::{Command, CompletionGround, PipChange, Refused, Stage};
pub use deadlines::{pip_due, HousingDue, PipClock, Signal, ThirdPartyInfo};
pub use fines::{Art22Steps, FineRefused};
pub use intake::{AssessmentSource, IntakeTopic, TopicAssessment};
pub use koppeling::{
    validate_rows, Gender, Koppeling, KoppelingFields, KoppelingProfile, KoppelingProfileFields, RowError,
};
pub use leerbaarheid::{LbtExemption, LbtOutcome, Leerbaarheidstoets};
pub use leerroute::{AfschalenRefused, Leerroute, RouteSwitchRefused};
pub use params::{Dated, RuleSet, Rules, Timeline};
pub use termijn::{PipVersion, Termijn, Verlenging, VerlengingGround};

/// Dates on Dutch screens and in Dutch messages: `dd-mm-jjjj`.
pub(crate) fn nl_date(date: chrono::NaiveDate) -> String {
    date.format("%d-%m-%Y").to_string()
}
