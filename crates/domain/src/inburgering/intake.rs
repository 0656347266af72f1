//! The brede intake: the region's 13 topics, the assessment that fits each topic, where an
//! assessment came from, and when an intake is complete enough to decide a route on.
//!
//! This module holds no answers itself and reads no clock; it only says what a valid answer is.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::leerbaarheid::Leerbaarheidstoets;
use crate::Invalid;

/// The 13 intake topics of the region (DOMAIN.md §4), in the order of the intake form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntakeTopic {
    Leerbaarheid,
    Opleiding,
    Werkervaring,
    PraktischeCompetenties,
    Werknemersvaardigheden,
    Taalniveau,
    Motivatie,
    Zelfredzaamheid,
    DigitaleVaardigheden,
    Gezinssituatie,
    FysiekeGezondheid,
    MentaleGezondheid,
    SociaalNetwerk,
}

/// Four steps used by the topics that are a matter of degree.
const SCALE: &[(&str, &str)] = &[("zwak", "Zwak"), ("matig", "Matig"), ("voldoende", "Voldoende"), ("sterk", "Sterk")];
const HEALTH: &[(&str, &str)] = &[
    ("geen_belemmering", "Geen belemmering"),
    ("beperkte_belemmering", "Beperkte belemmering"),
    ("ernstige_belemmering", "Ernstige belemmering"),
    ("onbekend", "Nog onbekend"),
];

impl IntakeTopic {
    pub const ALL: [Self; 13] = [
        Self::Leerbaarheid,
        Self::Opleiding,
        Self::Werkervaring,
        Self::PraktischeCompetenties,
        Self::Werknemersvaardigheden,
        Self::Taalniveau,
        Self::Motivatie,
        Self::Zelfredzaamheid,
        Self::DigitaleVaardigheden,
        Self::Gezinssituatie,
        Self::FysiekeGezondheid,
        Self::MentaleGezondheid,
        Self::SociaalNetwerk,
    ];

    pub fn code(&self) -> &'static str {
        match self {
            Self::Leerbaarheid => "leerbaarheid",
            Self::Opleiding => "opleiding",
            Self::Werkervaring => "werkervaring",
            Self::PraktischeCompetenties => "praktische_competenties",
            Self::Werknemersvaardigheden => "werknemersvaardigheden",
            Self::Taalniveau => "taalniveau",
            Self::Motivatie => "motivatie",
            Self::Zelfredzaamheid => "zelfredzaamheid",
            Self::DigitaleVaardigheden => "digitale_vaardigheden",
            Self::Gezinssituatie => "gezinssituatie",
            Self::FysiekeGezondheid => "fysieke_gezondheid",
            Self::MentaleGezondheid => "mentale_gezondheid",
            Self::SociaalNetwerk => "sociaal_netwerk",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::Leerbaarheid => "Leerbaarheid",
            Self::Opleiding => "Opleiding",
            Self::Werkervaring => "Werkervaring",
            Self::PraktischeCompetenties => "Praktische competenties",
            Self::Werknemersvaardigheden => "Werknemersvaardigheden",
            Self::Taalniveau => "Taalniveau",
            Self::Motivatie => "Motivatie en interesse",
            Self::Zelfredzaamheid => "(Financiële) zelfredzaamheid",
            Self::DigitaleVaardigheden => "Digitale vaardigheden",
            Self::Gezinssituatie => "Gezinssituatie",
            Self::FysiekeGezondheid => "Fysieke gezondheid",
            Self::MentaleGezondheid => "Mentale gezondheid",
            Self::SociaalNetwerk => "Sociaal netwerk",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// Health data (a special category under the GDPR): hidden from roles without a need.
    pub fn is_health(&self) -> bool {
        matches!(self, Self::FysiekeGezondheid | Self::MentaleGezondheid)
    }

    /// The answers that fit this topic: `(code, label)`.
    pub fn options(&self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::Leerbaarheid => &[
                ("hoog", "Hoog: leert snel en zelfstandig"),
                ("gemiddeld", "Gemiddeld"),
                ("laag", "Laag: heeft veel herhaling en begeleiding nodig"),
            ],
            Self::Opleiding => &[
                ("geen", "Geen of weinig onderwijs"),
                ("basis", "Basisonderwijs"),
                ("voortgezet", "Voortgezet onderwijs"),
                ("mbo", "Beroepsopleiding (vergelijkbaar met mbo)"),
                ("hbo_wo", "Hoger onderwijs (vergelijkbaar met hbo of wo)"),
            ],
            Self::Werkervaring => &[
                ("geen", "Geen"),
                ("tot_2_jaar", "Minder dan 2 jaar"),
                ("2_tot_5_jaar", "2 tot 5 jaar"),
                ("meer_dan_5_jaar", "Meer dan 5 jaar"),
            ],
            Self::Taalniveau => {
                &[("geen", "Nog geen Nederlands"), ("a1", "A1"), ("a2", "A2"), ("b1", "B1"), ("b2", "B2 of hoger")]
            }
            Self::Gezinssituatie => &[
                ("alleenstaand", "Alleenstaand"),
                ("alleenstaande_ouder", "Alleenstaande ouder"),
                ("partner_zonder_kinderen", "Met partner, zonder kinderen"),
                ("gezin_met_kinderen", "Gezin met kinderen"),
                ("nareizigers_verwacht", "Gezinsleden reizen na"),
            ],
            Self::FysiekeGezondheid | Self::MentaleGezondheid => HEALTH,
            _ => SCALE,
        }
    }

    pub fn option_label(&self, code: &str) -> Option<&'static str> {
        self.options().iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
    }
}

/// Where an assessment came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentSource {
    Persoon,
    Coa,
    Toets,
    Document,
}

impl AssessmentSource {
    pub const ALL: [Self; 4] = [Self::Persoon, Self::Coa, Self::Toets, Self::Document];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Persoon => "persoon",
            Self::Coa => "coa",
            Self::Toets => "toets",
            Self::Document => "document",
        }
    }
    pub fn label(&self) -> &'static str {
        match self {
            Self::Persoon => "De persoon zelf",
            Self::Coa => "COA",
            Self::Toets => "Een toets",
            Self::Document => "Een document",
        }
    }
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Longest free text kept per topic.
pub const MAX_NOTES: usize = 4000;

/// One topic's assessment, validated: the answer fits the topic and the notes are not too long.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicAssessment {
    pub topic: IntakeTopic,
    pub assessment: String,
    pub notes: String,
    pub source: AssessmentSource,
}

impl TopicAssessment {
    pub fn new(topic: IntakeTopic, assessment: &str, notes: &str, source: AssessmentSource) -> Result<Self, Invalid> {
        if topic.option_label(assessment).is_none() {
            return Err(Invalid::new("Kies een van de antwoorden die bij dit onderwerp horen."));
        }
        if notes.chars().count() > MAX_NOTES {
            return Err(Invalid::new("De toelichting is te lang (meer dan 4000 tekens)."));
        }
        if notes.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
            return Err(Invalid::new("De toelichting bevat tekens die niet zijn toegestaan."));
        }
        Ok(Self { topic, assessment: assessment.to_string(), notes: notes.trim().to_string(), source })
    }
}

/// CEFR levels for the language skills measured at intake.
pub const LANGUAGE_LEVELS: [&str; 7] = ["geen", "a0", "a1", "a2", "b1", "b2", "c1"];

pub fn language_level_label(code: &str) -> Option<&'static str> {
    Some(match code {
        "geen" => "Niet getest",
        "a0" => "Onder A1",
        "a1" => "A1",
        "a2" => "A2",
        "b1" => "B1",
        "b2" => "B2",
        "c1" => "C1 of hoger",
        _ => return None,
    })
}

/// Why an intake cannot be completed yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntakeIncomplete {
    pub missing_topics: Vec<IntakeTopic>,
    pub lbt_missing: bool,
}

impl fmt::Display for IntakeIncomplete {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "De brede intake is nog niet compleet:")?;
        if self.lbt_missing {
            write!(f, " de leerbaarheidstoets (uitslag of vrijstelling) ontbreekt;")?;
        }
        if !self.missing_topics.is_empty() {
            let names: Vec<&str> = self.missing_topics.iter().map(|t| t.label()).collect();
            write!(f, " nog niet beoordeeld: {}.", names.join(", "))?;
        }
        Ok(())
    }
}

/// Whether an intake with these assessed topics and this LBT is complete: every topic assessed
/// and the leerbaarheidstoets taken or exempted.
pub fn check_complete(assessed: &[IntakeTopic], lbt: Option<&Leerbaarheidstoets>) -> Result<(), IntakeIncomplete> {
    let missing_topics: Vec<IntakeTopic> = IntakeTopic::ALL.into_iter().filter(|t| !assessed.contains(t)).collect();
    let lbt_missing = lbt.is_none();
    if missing_topics.is_empty() && !lbt_missing {
        Ok(())
    } else {
        Err(IntakeIncomplete { missing_topics, lbt_missing })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inburgering::LbtExemption;

    #[test]
    fn there_are_thirteen_topics_with_distinct_codes_and_options() {
        let mut codes: Vec<_> = IntakeTopic::ALL.iter().map(|t| t.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 13);
        for t in IntakeTopic::ALL {
            assert_eq!(IntakeTopic::parse(t.code()), Some(t));
            assert!(t.options().len() >= 3, "{t:?}");
        }
        let health: Vec<_> = IntakeTopic::ALL.into_iter().filter(|t| t.is_health()).collect();
        assert_eq!(health, vec![IntakeTopic::FysiekeGezondheid, IntakeTopic::MentaleGezondheid]);
    }

    #[test]
    fn an_answer_must_fit_its_topic() {
        assert!(TopicAssessment::new(IntakeTopic::Opleiding, "hbo_wo", "", AssessmentSource::Document).is_ok());
        let err = TopicAssessment::new(IntakeTopic::Opleiding, "sterk", "", AssessmentSource::Persoon).unwrap_err();
        assert!(err.message.contains("Kies een van de antwoorden"));
        let long = "x".repeat(MAX_NOTES + 1);
        assert!(TopicAssessment::new(IntakeTopic::Motivatie, "sterk", &long, AssessmentSource::Persoon).is_err());
        assert!(TopicAssessment::new(IntakeTopic::Motivatie, "sterk", "a\u{0}b", AssessmentSource::Persoon).is_err());
    }

    #[test]
    fn complete_needs_every_topic_and_the_lbt() {
        let all = IntakeTopic::ALL.to_vec();
        let lbt = Leerbaarheidstoets::exempt(LbtExemption::HearingImpairment);
        assert_eq!(check_complete(&all, Some(&lbt)), Ok(()));
        let err = check_complete(&all, None).unwrap_err();
        assert!(err.lbt_missing);
        assert!(err.to_string().contains("leerbaarheidstoets"));
        let err = check_complete(&all[..11], Some(&lbt)).unwrap_err();
        assert_eq!(err.missing_topics, vec![IntakeTopic::MentaleGezondheid, IntakeTopic::SociaalNetwerk]);
        assert!(err.to_string().contains("Mentale gezondheid, Sociaal netwerk"));
    }
}
