//! Synthetic cases for the demo region and benchmarks: each generated person gets a case in a
//! stage that fits how long ago COA linked them, with the dates, PIP versions and (in detail,
//! for the demo) the intake and route decision that such a stage implies. Every stage occurs.
//! Deterministic for a given generator state.

use super::deadlines::{compute, ClockFacts};
use super::new_case_row;
use super::pip::{PipAction, PipComponent, PipContent, PipGoal};
use crate::synth::Rng;
use chrono::{Days, NaiveDate, NaiveDateTime};
use regie_domain::inburgering::deadlines::objection_deadline;
use regie_domain::inburgering::{IntakeTopic, Leerroute, RuleSet, Stage};
use regie_store::cases::{CaseRow, IntakeRow, NewRouteDecision, PipRow, TopicRow};
use regie_store::persons::PersonRow;
use std::collections::HashSet;

#[derive(Default)]
pub struct CaseSeed {
    pub cases: Vec<CaseRow>,
    pub pips: Vec<PipRow>,
    pub intakes: Vec<IntakeRow>,
    pub topics: Vec<TopicRow>,
    pub decisions: Vec<NewRouteDecision>,
}

fn plus(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_add_days(Days::new(days)).unwrap_or(d)
}

fn pick_stage(rng: &mut Rng, days_since_koppeling: i64) -> Stage {
    use Stage::*;
    match days_since_koppeling {
        ..=20 => Aangemeld,
        21..=50 => Intake,
        51..=80 => *rng.pick(&[IntakeAfgerond, RouteBepaald, PipConcept, PipTerControle]),
        _ => match rng.below(100) {
            0..=1 => Ingetrokken,
            2..=4 => WijzigingConcept,
            5..=6 => WijzigingTerControle,
            _ if days_since_koppeling > 3 * 365 + 120 => Afgerond,
            _ => Uitvoering,
        },
    }
}

/// The demo shows every open stage in every municipality whatever the date of its start: a
/// newcomer whose dates fit a stage not yet shown in their municipality gets that stage instead
/// of the drawn one (a draw alone left the rarest stages out of a municipality now and then).
fn cover_every_stage(shown: &mut HashSet<(String, Stage)>, municipality: &str, days: i64, drawn: Stage) -> Stage {
    use Stage::*;
    let fitting: &[Stage] = match days {
        51..=80 => &[IntakeAfgerond, RouteBepaald, PipConcept, PipTerControle],
        81..=1215 => &[Uitvoering, WijzigingConcept, WijzigingTerControle],
        _ => &[],
    };
    let stage = fitting.iter().copied().find(|s| !shown.contains(&(municipality.to_string(), *s))).unwrap_or(drawn);
    shown.insert((municipality.to_string(), stage));
    stage
}

fn route(rng: &mut Rng) -> Leerroute {
    match rng.below(100) {
        0..=59 => Leerroute::B1,
        60..=84 => Leerroute::Onderwijsroute,
        _ => Leerroute::ZRoute,
    }
}

fn content(route: Leerroute) -> PipContent {
    let target = if route == Leerroute::ZRoute { "A1" } else { "B1" };
    let mut components = vec![
        PipComponent { code: "taal".into(), intensity: "12 uur per week".into() },
        PipComponent { code: "knm".into(), intensity: "Als onderdeel van de lessen".into() },
        PipComponent { code: "pvt".into(), intensity: "12 uur, in het eerste halfjaar".into() },
    ];
    if route.has_map() {
        components.push(PipComponent { code: "map".into(), intensity: "40 uur praktijk, 8 thema's".into() });
    }
    PipContent {
        language_target: target.into(),
        components,
        goals: vec![
            PipGoal {
                life_domain: "taal".into(),
                goal: format!("Taalniveau {target} halen"),
                actions: vec![PipAction {
                    who: "Inburgeraar".into(),
                    what: "Lessen volgen bij de taalschool".into(),
                    by_when: "Doorlopend".into(),
                }],
            },
            PipGoal {
                life_domain: "werk".into(),
                goal: "Vrijwilligerswerk in de buurt vinden".into(),
                actions: vec![PipAction {
                    who: "Klantmanager".into(),
                    what: "Kennismaking met het vrijwilligerspunt regelen".into(),
                    by_when: "Binnen drie maanden".into(),
                }],
            },
        ],
        preconditions: vec!["Kinderopvang op lesdagen".into()],
        ontzorging: "Zes maanden vaste lasten via de gemeente".into(),
        progress_interviews: "Elke drie maanden".into(),
        person_view: "Ik wil snel Nederlands leren en werken.".into(),
        person_agrees: true,
    }
}

/// Cases for `persons` as of `today`. `detailed` adds intakes, topic assessments and route
/// decisions (the demo); benchmarks need only the case rows and PIP versions.
pub fn cases(
    rng: &mut Rng,
    rules: &RuleSet,
    persons: &mut [PersonRow],
    today: NaiveDate,
    now: NaiveDateTime,
    detailed: bool,
) -> CaseSeed {
    let mut out = CaseSeed::default();
    let mut shown = HashSet::new();
    for p in persons.iter_mut() {
        // The demo shows every stage: part of its newcomers arrived in the last three months.
        if detailed && rng.chance(40) {
            p.residence_date = today.checked_sub_days(Days::new(10 + rng.below(90)));
        }
        let koppeling = plus(p.residence_date.unwrap_or(today), 7 + rng.below(8));
        let koppeling = koppeling.min(today);
        let days = (today - koppeling).num_days();
        let mut stage = pick_stage(rng, days);
        if detailed {
            stage = cover_every_stage(&mut shown, &p.municipality_code, days, stage);
        }
        let mut case = new_case_row(&p.id, "koppeling_import", now);
        case.stage = stage.code().to_string();
        case.gender = if rng.chance(50) { "M" } else { "V" }.into();
        case.language =
            rng.pick(&["Arabisch", "Tigrinya", "Turks", "Dari", "Engels", "Somalisch", "Oekraïens"]).to_string();
        case.literacy =
            rng.pick(&["gealfabetiseerd_latijns", "gealfabetiseerd_ander_schrift", "niet_gealfabetiseerd"]).to_string();
        case.koppeling_date = Some(koppeling);
        case.azc = Some(rng.pick(&["AZC Heerhugowaard", "AZC Alkmaar", "AZC Amsterdam", "AZC Budel"]).to_string());
        let kennisgeving = plus(koppeling, 10 + rng.below(10));
        if kennisgeving <= today {
            case.kennisgeving_date = Some(kennisgeving);
            case.brp_date = Some(plus(koppeling, 5 + rng.below(10)).min(today));
        }
        let housed = plus(koppeling, 40 + rng.below(40));
        if housed <= today {
            case.housed_on = Some(housed);
            case.address = Some("Adres bekend bij de gemeente".into());
        }
        let r = route(rng);
        if !matches!(stage, Stage::Aangemeld | Stage::Intake | Stage::IntakeAfgerond) && stage != Stage::Ingetrokken {
            case.route = Some(r.code().to_string());
        }
        // Benchmark seeds keep one goal per plan: a million full plans would only add bytes.
        let mut plan = content(r);
        if !detailed {
            plan.goals.truncate(1);
            plan.components.truncate(1);
            plan.preconditions.clear();
        }
        let body = serde_json::to_string(&plan).unwrap_or_default();
        let pip = |version: i32, status: &str, dagtekening: Option<NaiveDate>, reason_kind: &str| PipRow {
            id: uuid::Uuid::from_u64_pair(0x9199_0000_0000_0000 | version as u64, rng_id(&p.id)).to_string(),
            person_id: p.id.clone(),
            version,
            status: status.into(),
            route: r.code().into(),
            language_target: if r == Leerroute::ZRoute { "A1" } else { "B1" }.into(),
            content: body.clone(),
            reason_kind: reason_kind.into(),
            reason: if version > 1 { "Bijstelling na voortgangsgesprek".into() } else { String::new() },
            drafted_by: "klantmanager".into(),
            checked_by: dagtekening.map(|_| "teamleider".into()),
            dagtekening,
            objection_until: dagtekening.map(|d| objection_deadline(rules, d)),
            created_at: now,
            updated_at: now,
        };
        let first_dagtekening = plus(kennisgeving, 50 + rng.below(25)).min(today);
        let mut pips = Vec::new();
        match stage {
            Stage::PipConcept => pips.push(pip(1, "concept", None, "eerste")),
            Stage::PipTerControle => pips.push(pip(1, "ter_controle", None, "eerste")),
            Stage::Uitvoering | Stage::Afgerond => pips.push(pip(1, "vastgesteld", Some(first_dagtekening), "eerste")),
            Stage::WijzigingConcept | Stage::WijzigingTerControle => {
                pips.push(pip(1, "vastgesteld", Some(first_dagtekening), "eerste"));
                let status = if stage == Stage::WijzigingConcept { "concept" } else { "ter_controle" };
                pips.push(pip(2, status, None, "bijstelling"));
            }
            _ => {}
        }
        match stage {
            Stage::Afgerond => p.status = "afgerond".into(),
            Stage::Ingetrokken => {
                p.status = "ingetrokken".into();
                case.withdrawn_reason = Some("Correctie DUO: ten onrechte inburgeringsplichtig".into());
            }
            _ => {}
        }
        let (_, next) =
            compute(rules, &ClockFacts { case: &case, pips: &pips, verlengingen: &[], last_progress_interview: None });
        let (deadlines, _) =
            compute(rules, &ClockFacts { case: &case, pips: &pips, verlengingen: &[], last_progress_interview: None });
        case.pip_due = deadlines.pip_due;
        case.termijn_start = deadlines.termijn_start;
        case.termijn_end = deadlines.termijn_end;
        case.next_due = next.map(|(_, d)| d);
        case.next_due_kind = next.map(|(k, _)| k.code().to_string());
        if detailed && stage != Stage::Aangemeld {
            seed_intake(rng, &mut out, p, stage, koppeling, r, now);
        }
        out.pips.extend(pips);
        out.cases.push(case);
    }
    out
}

fn rng_id(person_id: &str) -> u64 {
    // Stable per person: the PIP ids follow the person's id.
    person_id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

fn seed_intake(
    rng: &mut Rng,
    out: &mut CaseSeed,
    p: &PersonRow,
    stage: Stage,
    koppeling: NaiveDate,
    r: Leerroute,
    now: NaiveDateTime,
) {
    let complete = stage != Stage::Intake;
    let lbt_date = plus(koppeling, 20);
    let score = match r {
        Leerroute::ZRoute => 10 + rng.below(15) as i32,
        _ => 29 + rng.below(11) as i32,
    };
    out.intakes.push(IntakeRow {
        person_id: p.id.clone(),
        started_at: now,
        completed_at: complete.then_some(now),
        lbt_date: complete.then_some(lbt_date),
        lbt_score: complete.then_some(score),
        lbt_exemption: None,
        level_reading: Some("a0".into()),
        level_listening: Some("a1".into()),
        level_writing: Some("a0".into()),
        level_speaking: Some("a1".into()),
        vve_informed: true,
        solo_interview_offered: true,
        updated_at: now,
    });
    let topics: &[IntakeTopic] = if complete { &IntakeTopic::ALL } else { &IntakeTopic::ALL[1..6] };
    for t in topics {
        let options = t.options();
        let answer = match (t, r) {
            (IntakeTopic::Opleiding, Leerroute::Onderwijsroute) => "voortgezet",
            (IntakeTopic::Leerbaarheid, Leerroute::ZRoute) => "laag",
            (IntakeTopic::Leerbaarheid, _) => "gemiddeld",
            _ => options[rng.below(options.len() as u64) as usize].0,
        };
        let answer = if *t == IntakeTopic::Opleiding && r != Leerroute::Onderwijsroute && answer == "voortgezet" {
            "basis"
        } else {
            answer
        };
        out.topics.push(TopicRow {
            person_id: p.id.clone(),
            topic: t.code().into(),
            assessment: answer.into(),
            notes: if t.is_health() { "Besproken in het gesprek zonder partner.".into() } else { String::new() },
            source: if rng.chance(30) { "coa" } else { "persoon" }.into(),
            updated_by: "klantmanager".into(),
            updated_at: now,
        });
    }
    if !matches!(stage, Stage::Intake | Stage::IntakeAfgerond | Stage::Ingetrokken) {
        out.decisions.push(NewRouteDecision {
            person_id: p.id.clone(),
            advice: r.code().into(),
            advice_facts: "{}".into(),
            route: r.code().into(),
            grounds: String::new(),
            onderwijsroute_reason: if r == Leerroute::Onderwijsroute {
                String::new()
            } else {
                "Onderwijsroute onderzocht: leeftijd of vooropleiding past niet.".into()
            },
            decided_by: "klantmanager".into(),
            decided_at: now,
        });
    }
}

/// Stores a seed in the caller's transaction (persons must already be there).
pub fn store(c: &mut regie_store::Conn, seed: &CaseSeed) -> regie_store::StoreResult<()> {
    regie_store::cases::insert_many(c, &seed.cases)?;
    regie_store::cases::insert_pips(c, &seed.pips)?;
    for i in &seed.intakes {
        regie_store::cases::save_intake(c, i)?;
    }
    for t in &seed.topics {
        regie_store::cases::save_topic(c, t)?;
    }
    for d in &seed.decisions {
        regie_store::cases::add_route_decision(c, d)?;
    }
    Ok(())
}
