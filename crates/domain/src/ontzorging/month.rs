//! A calendar month (`2026-11`), the unit in which ontzorging pays.

use crate::Invalid;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar month. Orders chronologically; written `YYYY-MM` in the API and the database.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Month {
    year: i32,
    month: u32,
}

const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

impl Month {
    /// Parses `YYYY-MM` (years 2000 to 2999).
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        const MSG: &str = "Een maand schrijft u als jaar-maand, bijvoorbeeld 2026-11.";
        let s = input.trim();
        let (y, m) = s.split_once('-').ok_or(Invalid::new(MSG))?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(Invalid::new(MSG));
        }
        let year: i32 = y.parse().map_err(|_| Invalid::new(MSG))?;
        let month: u32 = m.parse().map_err(|_| Invalid::new(MSG))?;
        if !(2000..=2999).contains(&year) || !(1..=12).contains(&month) {
            return Err(Invalid::new(MSG));
        }
        Ok(Self { year, month })
    }

    /// The month a date falls in.
    pub fn of(date: NaiveDate) -> Self {
        Self { year: date.year(), month: date.month() }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// 1 for January up to 12 for December.
    pub fn number(self) -> u32 {
        self.month
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a parsed month has a first day")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("a month has a last day")
    }

    pub fn days(self) -> u32 {
        self.last_day().day()
    }

    pub fn next(self) -> Self {
        self.plus(1)
    }

    pub fn prev(self) -> Self {
        self.plus(-1)
    }

    /// The month `n` months later (earlier when negative).
    pub fn plus(self, n: i32) -> Self {
        let index = self.year * 12 + self.month as i32 - 1 + n;
        Self { year: index.div_euclid(12), month: index.rem_euclid(12) as u32 + 1 }
    }

    /// Number of months from `self` to `later` (0 when the same month, negative when earlier).
    pub fn months_until(self, later: Month) -> i32 {
        (later.year - self.year) * 12 + later.month as i32 - self.month as i32
    }

    /// `november 2026`, as Dutch screens and letters write it.
    pub fn label_nl(self) -> String {
        format!("{} {}", MONTHS_NL[self.month as usize - 1], self.year)
    }

    /// `2026-11`.
    pub fn code(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl fmt::Debug for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Month({self})")
    }
}

impl TryFrom<String> for Month {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Invalid> {
        Self::parse(&s)
    }
}

impl From<Month> for String {
    fn from(m: Month) -> String {
        m.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(Month::parse("2026-11").unwrap().code(), "2026-11");
        for bad in ["2026-13", "2026-00", "26-11", "2026/11", "2026-1", "", "abcd-ef", "1999-12"] {
            assert!(Month::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn calendar_arithmetic() {
        let feb = Month::parse("2028-02").unwrap();
        assert_eq!(feb.days(), 29);
        assert_eq!(Month::parse("2027-02").unwrap().days(), 28);
        assert_eq!(Month::parse("2026-12").unwrap().next().code(), "2027-01");
        assert_eq!(Month::parse("2027-01").unwrap().prev().code(), "2026-12");
        assert_eq!(feb.plus(-14).code(), "2026-12");
        assert_eq!(Month::parse("2026-11").unwrap().months_until(Month::parse("2027-04").unwrap()), 5);
        assert_eq!(Month::parse("2026-11").unwrap().label_nl(), "november 2026");
    }
}
