//! The route advice: which leerroute the intake points to, and why.
//!
//! The advice is a recommendation, not a decision: it lists every fact that led to it (so a case
//! worker, a team lead and a judge can follow it) and always says explicitly whether the
//! onderwijsroute fits and why (not), because route decisions that skipped that question were
//! annulled in court. The numbers come from the dated [`RuleSet`]: the LBT threshold in force on
//! the test date, the indicative onderwijsroute age on the day of the advice.
//!
//! Never reads the clock; the decision date is passed in.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::leerbaarheid::{LbtOutcome, Leerbaarheidstoets};
use super::leerroute::Leerroute;
use super::params::RuleSet;
use crate::person::PartialDate;
use crate::Invalid;

/// The intake facts the advice looks at (assessment codes as in [`super::intake::IntakeTopic`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdviceFacts {
    pub lbt: Option<Leerbaarheidstoets>,
    pub birth_date: Option<PartialDate>,
    pub education: Option<String>,
    pub learnability: Option<String>,
    pub physical_health: Option<String>,
    pub mental_health: Option<String>,
}

/// One fact and what it did to the advice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub fact: String,
    pub effect: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteAdvice {
    /// `None` when the intake lacks what is needed to advise (no LBT and no assessment).
    pub route: Option<Leerroute>,
    pub reasons: Vec<Reason>,
    pub onderwijsroute_fits: bool,
    /// Why the onderwijsroute does or does not fit, in one sentence.
    pub onderwijsroute_reason: String,
}

const SUITABLE_EDUCATION: [&str; 3] = ["voortgezet", "mbo", "hbo_wo"];

fn reason(fact: impl Into<String>, effect: impl Into<String>) -> Reason {
    Reason { fact: fact.into(), effect: effect.into() }
}

/// The advice on `on` from the intake facts.
pub fn advise(rules: &RuleSet, facts: &AdviceFacts, on: NaiveDate) -> RouteAdvice {
    let mut reasons = Vec::new();
    let lbt_outcome = facts.lbt.as_ref().map(|t| t.outcome(rules));
    let b1_haalbaar = match lbt_outcome {
        Some(LbtOutcome::Haalbaar) => {
            reasons.push(reason(lbt_fact(rules, facts), "De B1-route is haalbaar."));
            Some(true)
        }
        Some(LbtOutcome::NietHaalbaar) => {
            reasons.push(reason(lbt_fact(rules, facts), "De B1-route is niet haalbaar: de Z-route ligt voor de hand."));
            Some(false)
        }
        Some(LbtOutcome::Exempt(ground)) => {
            // No test result: the case worker's own assessment of learnability decides.
            let own = facts.learnability.as_deref();
            let haalbaar = own.map(|l| l != "laag");
            reasons.push(reason(
                format!("{}.", ground.label()),
                match haalbaar {
                    Some(true) => "Geen toetsuitslag; de eigen beoordeling van de leerbaarheid is voldoende voor de B1-route.",
                    Some(false) => "Geen toetsuitslag; de eigen beoordeling van de leerbaarheid is laag: de Z-route ligt voor de hand.",
                    None => "Geen toetsuitslag en nog geen eigen beoordeling van de leerbaarheid: geen advies mogelijk.",
                },
            ));
            haalbaar
        }
        None => {
            reasons.push(reason(
                "De leerbaarheidstoets is nog niet gemaakt.",
                "Geen advies mogelijk zonder toets of vrijstelling.",
            ));
            None
        }
    };

    let max_age = rules.at(on).onderwijsroute_indicative_max_age;
    let age = facts.birth_date.map(|b| b.age_on(on));
    let education_fits = facts.education.as_deref().is_some_and(|e| SUITABLE_EDUCATION.contains(&e));
    let (onderwijsroute_fits, onderwijsroute_reason) = match (b1_haalbaar, age) {
        (Some(false) | None, _) => (false, "De onderwijsroute vraagt een leerbaarheid waarmee de B1-route haalbaar is; die is niet vastgesteld.".to_string()),
        (Some(true), Some(a)) if a > max_age as i32 => (
            false,
            format!("De persoon is {a} jaar; de onderwijsroute is bedoeld voor mensen tot ongeveer {max_age} jaar. Onderzoek of een uitzondering past."),
        ),
        (Some(true), None) => (false, "De leeftijd is onbekend; beoordeel zelf of de onderwijsroute past.".to_string()),
        (Some(true), Some(_)) if !education_fits => (
            false,
            "De vooropleiding is niet (of nog niet vastgesteld) op het niveau van voortgezet onderwijs of hoger.".to_string(),
        ),
        (Some(true), Some(a)) => (
            true,
            format!("B1 haalbaar, {a} jaar (tot ongeveer {max_age}) en een vooropleiding op voortgezet niveau of hoger."),
        ),
    };
    reasons.push(reason(
        "De onderwijsroute is onderzocht.",
        if onderwijsroute_fits { "De onderwijsroute past." } else { "De onderwijsroute past (nog) niet." },
    ));

    let route = match b1_haalbaar {
        Some(true) if onderwijsroute_fits => Some(Leerroute::Onderwijsroute),
        Some(true) => Some(Leerroute::B1),
        Some(false) => Some(Leerroute::ZRoute),
        None => None,
    };

    for (label, value) in [("fysieke", &facts.physical_health), ("mentale", &facts.mental_health)] {
        if value.as_deref() == Some("ernstige_belemmering") {
            reasons.push(reason(
                format!("Er is een ernstige {label} belemmering vastgelegd."),
                "Aandachtspunt: weeg mee of de gekozen route en de intensiteit haalbaar zijn.",
            ));
        }
    }
    RouteAdvice { route, reasons, onderwijsroute_fits, onderwijsroute_reason }
}

fn lbt_fact(rules: &RuleSet, facts: &AdviceFacts) -> String {
    match facts.lbt {
        Some(Leerbaarheidstoets::Taken { date, score }) => format!(
            "Leerbaarheidstoets op {}: score {score} van {}, grens op die datum {}.",
            super::nl_date(date),
            rules.at(date).lbt_max_score,
            rules.at(date).lbt_threshold
        ),
        _ => String::new(),
    }
}

/// A route decision as the case worker takes it, checked against the advice: a decision that
/// deviates needs grounds, and when the onderwijsroute is not chosen the reason is recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteDecision {
    pub route: Leerroute,
    pub grounds: String,
    pub onderwijsroute_reason: String,
}

/// Shortest grounds that count as an explanation.
const MIN_GROUNDS: usize = 10;

impl RouteDecision {
    pub fn new(
        advice: &RouteAdvice,
        route: Leerroute,
        grounds: &str,
        onderwijsroute_reason: &str,
    ) -> Result<Self, Invalid> {
        let grounds = grounds.trim();
        let onderwijsroute_reason = onderwijsroute_reason.trim();
        if advice.route != Some(route) && grounds.chars().count() < MIN_GROUNDS {
            return Err(Invalid::new(
                "Het besluit wijkt af van het advies (of er is geen advies): leg de motivering vast (minstens 10 tekens).",
            ));
        }
        if route != Leerroute::Onderwijsroute && onderwijsroute_reason.chars().count() < MIN_GROUNDS {
            return Err(Invalid::new(
                "Leg vast waarom de onderwijsroute niet is gekozen (minstens 10 tekens): die moet altijd zijn overwogen.",
            ));
        }
        if grounds.chars().count() > 4000 || onderwijsroute_reason.chars().count() > 4000 {
            return Err(Invalid::new("De motivering is te lang (meer dan 4000 tekens)."));
        }
        Ok(Self { route, grounds: grounds.to_string(), onderwijsroute_reason: onderwijsroute_reason.to_string() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inburgering::LbtExemption;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }
    fn facts(score: Option<(NaiveDate, u8)>, born: i32, education: &str) -> AdviceFacts {
        AdviceFacts {
            lbt: score.map(|(date, score)| Leerbaarheidstoets::Taken { date, score }),
            birth_date: Some(PartialDate { year: born, month: Some(1), day: Some(1) }),
            education: Some(education.into()),
            ..Default::default()
        }
    }

    #[test]
    fn young_and_schooled_with_a_passing_score_gets_the_onderwijsroute() {
        let a = advise(&RuleSet::default(), &facts(Some((d(2024, 5, 1), 30)), 2000, "voortgezet"), d(2024, 6, 1));
        assert_eq!(a.route, Some(Leerroute::Onderwijsroute));
        assert!(a.onderwijsroute_fits);
        assert!(a.reasons.iter().any(|r| r.fact.contains("score 30 van 40, grens op die datum 28")));
    }

    #[test]
    fn the_threshold_is_the_one_on_the_test_date() {
        // 29 passes since 2023-04-12 (28) but not before (31).
        let before = advise(&RuleSet::default(), &facts(Some((d(2023, 4, 11), 29)), 1980, "geen"), d(2023, 6, 1));
        assert_eq!(before.route, Some(Leerroute::ZRoute));
        let after = advise(&RuleSet::default(), &facts(Some((d(2023, 4, 12), 29)), 1980, "geen"), d(2023, 6, 1));
        assert_eq!(after.route, Some(Leerroute::B1));
    }

    #[test]
    fn over_the_indicative_age_the_onderwijsroute_is_considered_and_explained() {
        let a = advise(&RuleSet::default(), &facts(Some((d(2024, 5, 1), 35)), 1990, "hbo_wo"), d(2024, 6, 1));
        assert_eq!(a.route, Some(Leerroute::B1));
        assert!(!a.onderwijsroute_fits);
        assert!(a.onderwijsroute_reason.contains("34 jaar") && a.onderwijsroute_reason.contains("28"));
    }

    #[test]
    fn exemption_uses_the_own_assessment_and_no_facts_means_no_advice() {
        let mut f = facts(None, 1990, "geen");
        assert_eq!(advise(&RuleSet::default(), &f, d(2024, 6, 1)).route, None);
        f.lbt = Some(Leerbaarheidstoets::exempt(LbtExemption::VisualImpairment));
        assert_eq!(advise(&RuleSet::default(), &f, d(2024, 6, 1)).route, None);
        f.learnability = Some("laag".into());
        assert_eq!(advise(&RuleSet::default(), &f, d(2024, 6, 1)).route, Some(Leerroute::ZRoute));
        f.learnability = Some("gemiddeld".into());
        assert_eq!(advise(&RuleSet::default(), &f, d(2024, 6, 1)).route, Some(Leerroute::B1));
    }

    #[test]
    fn deviating_needs_grounds_and_skipping_the_onderwijsroute_needs_a_reason() {
        let a = advise(&RuleSet::default(), &facts(Some((d(2024, 5, 1), 35)), 1990, "hbo_wo"), d(2024, 6, 1));
        let err = RouteDecision::new(&a, Leerroute::ZRoute, "", "te oud voor de onderwijsroute").unwrap_err();
        assert!(err.message.contains("wijkt af"));
        let err = RouteDecision::new(&a, Leerroute::B1, "", "").unwrap_err();
        assert!(err.message.contains("onderwijsroute"));
        assert!(RouteDecision::new(&a, Leerroute::B1, "", "Ouder dan 28 en wil snel werken").is_ok());
        assert!(RouteDecision::new(&a, Leerroute::Onderwijsroute, "Wil studeren, uitzondering op leeftijd", "").is_ok());
    }
}
