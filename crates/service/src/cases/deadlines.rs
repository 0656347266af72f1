//! The clock of a case: every deadline computed from the case's facts by the domain's dated
//! rules, and the most urgent one kept on the case row so that worklists sort by an index.
//!
//! Recomputed inside every transaction that changes a fact it depends on; never edited by hand.

use chrono::NaiveDate;
use regie_domain::inburgering::deadlines::{housing_due, objection_deadline, progress_interview_due};
use regie_domain::inburgering::leerroute::route_switch_window_end;
use regie_domain::inburgering::{
    pip_due, Period, PipClock, PipVersion, RuleSet, Stage, Termijn, ThirdPartyInfo, Verlenging, VerlengingGround,
};
use regie_store::cases::{CaseRow, PipRow, VerlengingRow};
use regie_store::{Conn, StoreResult};
use serde::Serialize;

/// Every deadline of a case; `None` while the facts that start it are unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Deadlines {
    pub pip_due: Option<NaiveDate>,
    pub termijn_start: Option<NaiveDate>,
    pub termijn_end: Option<NaiveDate>,
    pub route_switch_until: Option<NaiveDate>,
    pub next_progress_interview: Option<NaiveDate>,
    pub objection_until: Option<NaiveDate>,
    pub housing_due: Option<NaiveDate>,
}

/// A deadline that asks for action, for the worklist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadlineKind {
    Pip,
    Huisvesting,
    Voortgangsgesprek,
    Termijn,
}

impl DeadlineKind {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Pip => "pip",
            Self::Huisvesting => "huisvesting",
            Self::Voortgangsgesprek => "voortgangsgesprek",
            Self::Termijn => "termijn",
        }
    }
    pub fn label(code: &str) -> &'static str {
        match code {
            "pip" => "PIP vaststellen",
            "huisvesting" => "Huisvesting",
            "voortgangsgesprek" => "Voortgangsgesprek",
            "termijn" => "Einde inburgeringstermijn",
            _ => "Termijn",
        }
    }
}

/// Everything the clock looks at.
pub struct ClockFacts<'a> {
    pub case: &'a CaseRow,
    pub pips: &'a [PipRow],
    pub verlengingen: &'a [VerlengingRow],
    pub last_progress_interview: Option<NaiveDate>,
}

pub fn compute(rules: &RuleSet, f: &ClockFacts<'_>) -> (Deadlines, Option<(DeadlineKind, NaiveDate)>) {
    let case = f.case;
    let stage = Stage::parse(&case.stage).unwrap_or(Stage::Aangemeld);
    let third_party = match (case.third_party_awaited, case.third_party_received) {
        (_, Some(arrived)) => ThirdPartyInfo::Arrived(arrived),
        (true, None) => ThirdPartyInfo::Awaited,
        (false, None) => ThirdPartyInfo::NotAwaited,
    };
    let pip_due = case
        .kennisgeving_date
        .and_then(|k| pip_due(rules, &PipClock { kennisgeving: k, brp_registration: case.brp_date, third_party }));
    let versions: Vec<PipVersion> =
        f.pips.iter().map(|p| PipVersion { version: p.version.max(0) as u32, dagtekening: p.dagtekening }).collect();
    let extensions: Vec<Verlenging> = f
        .verlengingen
        .iter()
        .filter_map(|v| {
            Some(Verlenging {
                ground: VerlengingGround::parse(&v.ground)?,
                period: Period::Months(v.months.max(0) as u32),
            })
        })
        .collect();
    let termijn = Termijn::compute(rules, &versions, &extensions);
    let latest_established = f.pips.iter().filter(|p| p.dagtekening.is_some()).max_by_key(|p| p.version);
    let objection_until = latest_established.and_then(|p| p.dagtekening).map(|d| objection_deadline(rules, d));
    let next_progress_interview = match (stage, latest_established.and_then(|p| p.dagtekening)) {
        (Stage::Uitvoering | Stage::WijzigingConcept | Stage::WijzigingTerControle, Some(d)) => {
            Some(progress_interview_due(rules, d, f.last_progress_interview))
        }
        _ => None,
    };
    let housing = match (case.koppeling_date, case.housed_on) {
        (Some(k), None) => Some(housing_due(rules, k).housed_by),
        _ => None,
    };
    let deadlines = Deadlines {
        pip_due,
        termijn_start: termijn.map(|t| t.start),
        termijn_end: termijn.map(|t| t.end),
        route_switch_until: termijn.map(|t| route_switch_window_end(rules, t.start)),
        next_progress_interview,
        objection_until,
        housing_due: housing,
    };
    let mut actionable: Vec<(DeadlineKind, NaiveDate)> = Vec::new();
    if !stage.is_closed() {
        if !stage.pip_established() {
            actionable.extend(pip_due.map(|d| (DeadlineKind::Pip, d)));
        }
        actionable.extend(housing.map(|d| (DeadlineKind::Huisvesting, d)));
        actionable.extend(next_progress_interview.map(|d| (DeadlineKind::Voortgangsgesprek, d)));
        if stage.pip_established() {
            actionable.extend(termijn.map(|t| (DeadlineKind::Termijn, t.end)));
        }
    }
    let next = actionable.into_iter().min_by_key(|(_, d)| *d);
    (deadlines, next)
}

/// Loads the facts and stores the derived dates on `case` (not yet saved).
pub(crate) fn refresh(c: &mut Conn, rules: &RuleSet, case: &mut CaseRow, _today: NaiveDate) -> StoreResult<Deadlines> {
    let pips = regie_store::cases::pips_of(c, &case.person_id)?;
    let verlengingen = regie_store::cases::verlengingen_of(c, &case.person_id)?;
    let last = last_progress_interview(c, &case.person_id)?;
    let (d, next) =
        compute(rules, &ClockFacts { case, pips: &pips, verlengingen: &verlengingen, last_progress_interview: last });
    case.pip_due = d.pip_due;
    case.termijn_start = d.termijn_start;
    case.termijn_end = d.termijn_end;
    case.next_due = next.map(|(_, date)| date);
    case.next_due_kind = next.map(|(k, _)| k.code().to_string());
    Ok(d)
}

pub(crate) fn last_progress_interview(c: &mut Conn, person_id: &str) -> StoreResult<Option<NaiveDate>> {
    Ok(regie_store::cases::notes_of(c, person_id)?
        .into_iter()
        .filter(|n| n.kind == "voortgangsgesprek")
        .map(|n| n.at.date())
        .max())
}
