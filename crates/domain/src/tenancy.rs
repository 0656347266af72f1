//! Municipalities and executing organisations change over time: validity periods,
//! successors after a merger (herindeling) and dated mandates are rules, not fixed facts.

use chrono::NaiveDate;

/// A half-open validity period `[from, to)`; `to = None` means still valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Validity {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

impl Validity {
    pub fn contains(&self, day: NaiveDate) -> bool {
        day >= self.from && self.to.is_none_or(|to| day < to)
    }
}

/// Why a proposed merger cannot be carried out; each message is fit to show in Dutch.
pub fn check_merger(sources: &[(String, Validity)], successor_code: &str, date: NaiveDate) -> Result<(), &'static str> {
    if sources.is_empty() {
        return Err("Kies ten minste één gemeente die opgaat in de nieuwe gemeente.");
    }
    if sources.iter().any(|(code, _)| code == successor_code) {
        return Err("Een gemeente kan niet in zichzelf opgaan.");
    }
    if sources.iter().any(|(_, v)| !v.contains(date)) {
        return Err("Een van de gekozen gemeenten bestaat niet (meer) op de datum van de herindeling.");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn validity_is_half_open() {
        let v = Validity { from: d(1990, 1, 1), to: Some(d(2022, 1, 1)) };
        assert!(v.contains(d(2021, 12, 31)));
        assert!(!v.contains(d(2022, 1, 1)));
        assert!(Validity { from: d(2022, 1, 1), to: None }.contains(d(2099, 1, 1)));
    }

    #[test]
    fn merger_rules() {
        let v = Validity { from: d(1990, 1, 1), to: None };
        assert!(check_merger(&[], "GM1980", d(2022, 1, 1)).is_err());
        assert!(check_merger(&[("GM1980".into(), v)], "GM1980", d(2022, 1, 1)).is_err());
        assert!(check_merger(&[("GM0398".into(), v)], "GM1980", d(2022, 1, 1)).is_ok());
        let ended = Validity { from: d(1990, 1, 1), to: Some(d(2022, 1, 1)) };
        assert!(check_merger(&[("GM0398".into(), ended)], "GM1980", d(2023, 1, 1)).is_err());
    }
}
