//! The route decision: the advice computed from the intake, and the case worker's decision
//! with its grounds (mandatory when it deviates) and the recorded reason when the
//! onderwijsroute is not chosen.

use super::intake::lbt_of;
use super::{load_scoped, transition, Step};
use crate::audit::{entry, purpose};
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use regie_domain::inburgering::{advise, AdviceFacts, Command, Leerroute, RouteAdvice, RouteDecision};
use regie_domain::PartialDate;
use regie_store::cases::NewRouteDecision;
use regie_store::Conn;

fn facts(s: &Services, c: &mut Conn, person_id: &str, birth: PartialDate) -> ServiceResult<AdviceFacts> {
    let intake = regie_store::cases::intake(c, person_id)?;
    let topics = regie_store::cases::topics(c, person_id)?;
    let answer = |code: &str| topics.iter().find(|t| t.topic == code).map(|t| t.assessment.clone());
    Ok(AdviceFacts {
        lbt: intake.as_ref().and_then(|r| lbt_of(s, r)),
        birth_date: Some(birth),
        education: answer("opleiding"),
        learnability: answer("leerbaarheid"),
        physical_health: answer("fysieke_gezondheid"),
        mental_health: answer("mentale_gezondheid"),
    })
}

fn birth_of(p: &regie_store::persons::PersonRow) -> PartialDate {
    PartialDate { year: p.birth_year, month: p.birth_month.map(|m| m as u32), day: p.birth_day.map(|d| d as u32) }
}

/// The advice for a person as of today (the rules in force today and on the test date).
/// An audited read: the advice shows the learnability score and health limitations.
pub fn advice(s: &Services, actor: &Actor, person_id: &str) -> ServiceResult<RouteAdvice> {
    let today = s.clock.today();
    let advice = s.store.read(|c| {
        let (person, _) = match load_scoped(c, actor, person_id, Permission::DecideCase) {
            Ok(found) => found,
            Err(e) => return Ok(Err(e)),
        };
        Ok(match facts(s, c, person_id, birth_of(&person)) {
            Ok(f) => Ok(advise(&s.rules, &f, today)),
            Err(e) => Err(e),
        })
    })??;
    s.audit_read(entry(
        s,
        actor,
        actor.role_for(Permission::DecideCase),
        "route.advice.read",
        purpose::INBURGERING,
        vec![person_id.to_string()],
        ("person", person_id),
        "success",
    ))?;
    Ok(advice)
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecisionInput {
    pub route: String,
    #[serde(default)]
    pub grounds: String,
    #[serde(default)]
    pub onderwijsroute_reason: String,
}

/// Records the route decision (again, while no PIP exists yet).
pub fn decide(s: &Services, actor: &Actor, person_id: &str, input: &DecisionInput) -> ServiceResult<RouteAdvice> {
    actor.require(Permission::DecideCase)?;
    let route = Leerroute::parse(input.route.trim())
        .ok_or_else(|| ServiceError::field("route", "Kies de B1-route, de onderwijsroute of de Z-route."))?;
    let today = s.clock.today();
    let now = s.clock.naive();
    transition(
        s,
        actor,
        person_id,
        Permission::DecideCase,
        "route.decide",
        |_, _, _| Ok(Step { command: Command::DecideRoute, detail: format!("Leerroute: {}", route.label()) }),
        |c, person, case, _| {
            let f = facts(s, c, person_id, birth_of(person))?;
            let advice = advise(&s.rules, &f, today);
            let decision =
                RouteDecision::new(&advice, route, &input.grounds, &input.onderwijsroute_reason).map_err(|e| {
                    ServiceError::field(
                        if e.message.contains("onderwijsroute niet") { "onderwijsrouteReason" } else { "grounds" },
                        e.message,
                    )
                })?;
            regie_store::cases::add_route_decision(
                c,
                &NewRouteDecision {
                    person_id: person_id.to_string(),
                    advice: advice.route.map(|r| r.code()).unwrap_or("").to_string(),
                    advice_facts: serde_json::to_string(&advice).unwrap_or_default(),
                    route: route.code().to_string(),
                    grounds: decision.grounds,
                    onderwijsroute_reason: decision.onderwijsroute_reason,
                    decided_by: actor.label.clone(),
                    decided_at: now,
                },
            )?;
            case.route = Some(route.code().to_string());
            Ok(advice)
        },
    )
}
