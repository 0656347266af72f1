//! The welfare norms (bijstandsnormen) of the Participatiewet as a dated table: the net monthly
//! benefit, holiday pay included, per household type. The norms are indexed on 1 January and
//! 1 July; an administrator adds each new set, so no amount lives in code except the demo values
//! in [`NormTable::demo`].

use crate::{Cents, Invalid};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The household types the norms distinguish (the under-21 norms are much lower: parents are
/// expected to contribute).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum HouseholdType {
    Alleenstaand,
    AlleenstaandeOuder,
    Gehuwd,
    AlleenstaandJong,
    AlleenstaandeOuderJong,
    GehuwdJong,
}

impl HouseholdType {
    pub const ALL: [HouseholdType; 6] = [
        HouseholdType::Alleenstaand,
        HouseholdType::AlleenstaandeOuder,
        HouseholdType::Gehuwd,
        HouseholdType::AlleenstaandJong,
        HouseholdType::AlleenstaandeOuderJong,
        HouseholdType::GehuwdJong,
    ];

    /// The identifier in the database, the API and forms.
    pub fn code(self) -> &'static str {
        match self {
            HouseholdType::Alleenstaand => "alleenstaand",
            HouseholdType::AlleenstaandeOuder => "alleenstaande_ouder",
            HouseholdType::Gehuwd => "gehuwd",
            HouseholdType::AlleenstaandJong => "alleenstaand_jonger_dan_21",
            HouseholdType::AlleenstaandeOuderJong => "alleenstaande_ouder_jonger_dan_21",
            HouseholdType::GehuwdJong => "gehuwd_beiden_jonger_dan_21",
        }
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            HouseholdType::Alleenstaand => "Alleenstaande (21 jaar tot AOW-leeftijd)",
            HouseholdType::AlleenstaandeOuder => "Alleenstaande ouder (21 jaar tot AOW-leeftijd)",
            HouseholdType::Gehuwd => "Gehuwden of samenwonenden (21 jaar tot AOW-leeftijd)",
            HouseholdType::AlleenstaandJong => "Alleenstaande jonger dan 21",
            HouseholdType::AlleenstaandeOuderJong => "Alleenstaande ouder jonger dan 21",
            HouseholdType::GehuwdJong => "Gehuwden of samenwonenden, beiden jonger dan 21",
        }
    }

    pub fn parse(code: &str) -> Result<Self, Invalid> {
        Self::ALL.into_iter().find(|t| t.code() == code).ok_or(Invalid::new(
            "Kies een huishoudtype: alleenstaand, alleenstaande ouder of gehuwd/samenwonend (eventueel jonger dan 21).",
        ))
    }
}

/// One norm: the net monthly benefit for a household type from a date on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Norm {
    pub household_type: HouseholdType,
    pub valid_from: NaiveDate,
    pub amount: Cents,
}

/// The highest net monthly norm we accept; anything above is a typing error.
pub const MAX_NORM: Cents = Cents(500_000);

impl Norm {
    /// A norm as an administrator enters it: positive, not absurd, valid from the first of a month
    /// (indexation happens on 1 January and 1 July, but a correction may start another month).
    pub fn new(household_type: HouseholdType, valid_from: NaiveDate, amount: Cents) -> Result<Self, Invalid> {
        if amount.0 <= 0 || amount > MAX_NORM {
            return Err(Invalid::new("Een norm is een positief bedrag per maand van hoogstens € 5.000,00."));
        }
        if chrono::Datelike::day(&valid_from) != 1 {
            return Err(Invalid::new("Een norm gaat in op de eerste dag van een maand (meestal 1 januari of 1 juli)."));
        }
        Ok(Self { household_type, valid_from, amount })
    }
}

/// All norms, of all household types and dates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NormTable {
    norms: Vec<Norm>,
}

impl NormTable {
    pub fn new(mut norms: Vec<Norm>) -> Self {
        norms.sort_by_key(|n| (n.household_type, n.valid_from));
        Self { norms }
    }

    /// The norm in force on `date`, or `None` when the table has no norm for that type yet.
    pub fn at(&self, household_type: HouseholdType, date: NaiveDate) -> Option<Cents> {
        self.norms
            .iter()
            .filter(|n| n.household_type == household_type && n.valid_from <= date)
            .max_by_key(|n| n.valid_from)
            .map(|n| n.amount)
    }

    pub fn norms(&self) -> &[Norm] {
        &self.norms
    }

    /// The values the demo region starts with: the net monthly norms including holiday pay for
    /// 2026 as published by the ministry's half-yearly indexation letters, rounded to the cent.
    /// Demo values only; a live installation enters its own and keeps them current.
    pub fn demo() -> Self {
        use HouseholdType::*;
        let d = |y, m| NaiveDate::from_ymd_opt(y, m, 1).expect("valid date");
        let rows = [
            (d(2026, 1), [(Alleenstaand, 140_425), (AlleenstaandeOuder, 140_425), (Gehuwd, 200_607)]),
            (d(2026, 7), [(Alleenstaand, 142_114), (AlleenstaandeOuder, 142_114), (Gehuwd, 203_020)]),
        ];
        let young = [
            (d(2026, 1), [(AlleenstaandJong, 33_561), (AlleenstaandeOuderJong, 33_561), (GehuwdJong, 67_122)]),
            (d(2026, 7), [(AlleenstaandJong, 33_964), (AlleenstaandeOuderJong, 33_964), (GehuwdJong, 67_928)]),
        ];
        let mut norms = Vec::new();
        for (from, values) in rows.into_iter().chain(young) {
            for (t, cents) in values {
                norms.push(Norm { household_type: t, valid_from: from, amount: Cents(cents) });
            }
        }
        Self::new(norms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn indexation_takes_effect_on_its_date() {
        let t = NormTable::demo();
        assert_eq!(t.at(HouseholdType::Gehuwd, d(2026, 6, 30)), Some(Cents(200_607)));
        assert_eq!(t.at(HouseholdType::Gehuwd, d(2026, 7, 1)), Some(Cents(203_020)));
        assert_eq!(t.at(HouseholdType::Gehuwd, d(2025, 12, 31)), None);
        assert!(
            t.at(HouseholdType::AlleenstaandJong, d(2026, 8, 1)).unwrap()
                < t.at(HouseholdType::Alleenstaand, d(2026, 8, 1)).unwrap()
        );
    }

    #[test]
    fn codes_roundtrip_and_bad_norms_are_refused() {
        for t in HouseholdType::ALL {
            assert_eq!(HouseholdType::parse(t.code()).unwrap(), t);
        }
        assert!(HouseholdType::parse("student").is_err());
        assert!(Norm::new(HouseholdType::Gehuwd, d(2026, 7, 1), Cents(0)).is_err());
        assert!(Norm::new(HouseholdType::Gehuwd, d(2026, 7, 1), Cents(900_000)).is_err());
        assert!(Norm::new(HouseholdType::Gehuwd, d(2026, 7, 2), Cents(200_000)).is_err());
        assert!(Norm::new(HouseholdType::Gehuwd, d(2026, 7, 1), Cents(200_000)).is_ok());
    }
}
