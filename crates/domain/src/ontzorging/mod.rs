//! Ontzorging (art. 56a Participatiewet): for six months the municipality pays an
//! asielstatushouder's fixed costs (rent, energy, water, health insurance and other configured
//! cost types) out of the welfare benefit and pays the rest to the person.
//!
//! This module holds the pure rules: the calendar month, the dated table of welfare norms, the
//! payment arithmetic of one plan in one month (pro rata, rounding with exact totals, costs above
//! the benefit) and the plan's lifecycle and signals. It must never read a clock or touch a
//! database: the service layer passes in the facts and stores the outcome.

pub mod month;
pub mod norms;
pub mod payment;
pub mod plan;

pub use month::Month;
pub use norms::{HouseholdType, NormTable};
pub use payment::{CostPeriod, MonthCost, MonthOutcome, PlanMonth};
pub use plan::{PlanFacts, PlanSignal, PlanStatus};
