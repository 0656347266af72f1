//! Identifiers of persons, money and places that validate on construction.
//! A value of one of these types is always valid; parsing is the only way in.

use crate::Invalid;
use serde::{Deserialize, Serialize};
use std::fmt;

fn only_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Burgerservicenummer: nine digits passing the elfproef
/// (9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11, not all zeros).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Bsn(String);

impl Bsn {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let s: String = input.chars().filter(|c| !c.is_whitespace() && *c != '.').collect();
        if s.len() != 9 || !only_digits(&s) {
            return Err(Invalid::new("Een BSN bestaat uit precies 9 cijfers."));
        }
        let digits: Vec<i64> = s.bytes().map(|b| i64::from(b - b'0')).collect();
        if digits.iter().all(|d| *d == 0) {
            return Err(Invalid::new("Een BSN kan niet uit alleen nullen bestaan."));
        }
        let sum: i64 = digits[..8].iter().enumerate().map(|(i, d)| (9 - i as i64) * d).sum::<i64>() - digits[8];
        if sum % 11 != 0 {
            return Err(Invalid::new("Dit BSN klopt niet (de elfproef faalt). Controleer de cijfers."));
        }
        Ok(Self(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Alien number given by IND/COA: ten digits. It identifies a person before a BSN exists.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VNummer(String);

impl VNummer {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if s.len() != 10 || !only_digits(&s) {
            return Err(Invalid::new("Een V-nummer bestaat uit precies 10 cijfers."));
        }
        Ok(Self(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Dutch IBAN: NL, two check digits, four-letter bank code, ten digits; ISO 13616 mod-97.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Iban(String);

impl Iban {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect();
        let b = s.as_bytes();
        let shape_ok = s.len() == 18
            && s.is_ascii()
            && &s[..2] == "NL"
            && b[2..4].iter().all(u8::is_ascii_digit)
            && b[4..8].iter().all(u8::is_ascii_uppercase)
            && b[8..].iter().all(u8::is_ascii_digit);
        if !shape_ok {
            return Err(Invalid::new(
                "Een Nederlands IBAN heeft de vorm NL, 2 cijfers, 4 letters en 10 cijfers (bijvoorbeeld NL91 ABNA 0417 1643 00).",
            ));
        }
        if mod97(&(s[4..].to_string() + &s[..4])) != 1 {
            return Err(Invalid::new("Dit IBAN klopt niet (het controlegetal faalt). Controleer het nummer."));
        }
        Ok(Self(s))
    }
    /// The Dutch IBAN of a bank code (4 letters) and account number, with its check digits
    /// computed (for synthetic data and tests).
    pub fn nl(bank: &str, account: u64) -> Result<Self, Invalid> {
        let bban = format!("{bank}{account:010}");
        let check = 98 - mod97(&format!("{bban}NL00"));
        Self::parse(&format!("NL{check:02}{bban}"))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The IBAN in groups of four, as printed on Dutch letters and screens.
    pub fn grouped(&self) -> String {
        self.0.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect::<Vec<_>>().join(" ")
    }
}

/// ISO 7064 mod 97-10 over an alphanumeric string (letters count as 10..35).
fn mod97(s: &str) -> u32 {
    let mut rem: u32 = 0;
    for c in s.chars() {
        let v = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            _ => return u32::MAX,
        };
        rem = if v >= 10 { (rem * 100 + v) % 97 } else { (rem * 10 + v) % 97 };
    }
    rem
}

/// Dutch postcode: four digits (the first not 0) and two letters, stored as `1234AB`.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Postcode(String);

impl Postcode {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect();
        let b = s.as_bytes();
        let ok = b.len() == 6
            && (b'1'..=b'9').contains(&b[0])
            && b[1..4].iter().all(u8::is_ascii_digit)
            && b[4..].iter().all(u8::is_ascii_uppercase);
        if !ok {
            return Err(Invalid::new(
                "Een postcode bestaat uit 4 cijfers (niet beginnend met 0) en 2 letters, bijvoorbeeld 1811 AB.",
            ));
        }
        Ok(Self(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// `1811 AB`, the way it is written on Dutch screens and letters.
    pub fn display(&self) -> String {
        format!("{} {}", &self.0[..4], &self.0[4..])
    }
}

/// CBS code of a municipality: `GM` and four digits.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CbsCode(String);

impl CbsCode {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let s = input.trim().to_ascii_uppercase();
        let b = s.as_bytes();
        // Compare bytes: slicing the string would panic on a multi-byte character.
        if b.len() != 6 || &b[..2] != b"GM" || !b[2..].iter().all(u8::is_ascii_digit) {
            return Err(Invalid::new("Een gemeentecode heeft de vorm GM gevolgd door 4 cijfers, bijvoorbeeld GM0361."));
        }
        Ok(Self(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An amount of money in whole euro cents. Never a float.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Cents(pub i64);

impl Cents {
    /// Parses a Dutch-written amount such as `1.234,56`, `12,5` or `300`.
    pub fn parse_nl(input: &str) -> Result<Self, Invalid> {
        const MSG: &str = "Een bedrag schrijft u als euro's met hoogstens 2 decimalen, bijvoorbeeld 1.234,56.";
        let s = input.trim().trim_start_matches('€').trim();
        let (neg, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest.trim()),
            None => (false, s),
        };
        let (whole, frac) = match s.split_once(',') {
            Some((w, f)) => (w, f),
            None => (s, ""),
        };
        let whole: String = whole.chars().filter(|c| *c != '.').collect();
        if !only_digits(&whole) || frac.len() > 2 || !(frac.is_empty() || only_digits(frac)) {
            return Err(Invalid::new(MSG));
        }
        let euros: i64 = whole.parse().map_err(|_| Invalid::new(MSG))?;
        let cents: i64 = format!("{frac:0<2}").parse().map_err(|_| Invalid::new(MSG))?;
        let total = euros.checked_mul(100).and_then(|v| v.checked_add(cents)).ok_or(Invalid::new(MSG))?;
        Ok(Cents(if neg { -total } else { total }))
    }
    /// `€ 1.234,56` as Dutch screens write it.
    pub fn display_nl(&self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let euros = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, ch) in euros.chars().enumerate() {
            if i > 0 && (euros.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(ch);
        }
        format!("{sign}€ {grouped},{:02}", abs % 100)
    }
}

macro_rules! string_id_impls {
    ($($t:ty),*) => {$(
        impl TryFrom<String> for $t {
            type Error = Invalid;
            fn try_from(s: String) -> Result<Self, Invalid> { Self::parse(&s) }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String { v.0 }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(&self.0) }
        }
    )*};
}
string_id_impls!(Bsn, VNummer, Iban, Postcode, CbsCode);

// Identifiers of persons are personal data: debug output must not spill them into logs.
macro_rules! redacted_debug {
    ($($t:ty),*) => {$(
        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($t), "(***)"))
            }
        }
    )*};
}
redacted_debug!(Bsn, VNummer, Iban, Postcode);

impl fmt::Debug for CbsCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CbsCode({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_cbs_code_with_a_multibyte_character_is_refused_not_a_panic() {
        // Found by the koppeling proptest: six bytes, but not six characters.
        assert!(CbsCode::parse("G\u{e9}123").is_err());
        assert!(CbsCode::parse("\u{e9}\u{e9}12").is_err());
        assert_eq!(CbsCode::parse("gm0361").unwrap().as_str(), "GM0361");
    }

    #[test]
    fn bsn_elfproef() {
        assert!(Bsn::parse("111222333").is_ok());
        assert!(Bsn::parse("123456782").is_ok());
        assert!(Bsn::parse("123456789").is_err());
        assert!(Bsn::parse("000000000").is_err());
        assert!(Bsn::parse("12345678").is_err());
        assert!(Bsn::parse("12345678a").is_err());
        assert_eq!(Bsn::parse(" 1234.56.782 ").unwrap().as_str(), "123456782");
    }

    #[test]
    fn bsn_debug_is_redacted() {
        assert_eq!(format!("{:?}", Bsn::parse("111222333").unwrap()), "Bsn(***)");
    }

    #[test]
    fn vnummer_is_ten_digits() {
        assert!(VNummer::parse("1234567890").is_ok());
        assert!(VNummer::parse("123456789").is_err());
        assert!(VNummer::parse("12345678901").is_err());
    }

    #[test]
    fn iban_mod97() {
        assert_eq!(Iban::parse("nl91 abna 0417 1643 00").unwrap().as_str(), "NL91ABNA0417164300");
        assert_eq!(Iban::parse("NL91ABNA0417164300").unwrap().grouped(), "NL91 ABNA 0417 1643 00");
        assert!(Iban::parse("NL92ABNA0417164300").is_err());
        assert!(Iban::parse("DE89370400440532013000").is_err());
        assert!(Iban::parse("NL91ABNA041716430").is_err());
    }

    #[test]
    fn postcode_shape() {
        assert_eq!(Postcode::parse("1811 ab").unwrap().display(), "1811 AB");
        assert!(Postcode::parse("0811AB").is_err());
        assert!(Postcode::parse("1811A").is_err());
        assert!(Postcode::parse("18111AB").is_err());
    }

    #[test]
    fn cents_nl() {
        assert_eq!(Cents::parse_nl("1.234,56").unwrap(), Cents(123456));
        assert_eq!(Cents::parse_nl("12,5").unwrap(), Cents(1250));
        assert_eq!(Cents::parse_nl("€ 300").unwrap(), Cents(30000));
        assert!(Cents::parse_nl("12,345").is_err());
        assert!(Cents::parse_nl("abc").is_err());
        assert_eq!(Cents(123456).display_nl(), "€ 1.234,56");
        assert_eq!(Cents(-5).display_nl(), "-€ 0,05");
    }

    proptest! {
        #[test]
        fn every_bsn_with_valid_check_parses(first8 in proptest::collection::vec(0u8..10, 8)) {
            let sum: i64 = first8.iter().enumerate().map(|(i, d)| (9 - i as i64) * i64::from(*d)).sum();
            let check = sum.rem_euclid(11);
            prop_assume!(check < 10);
            let s: String = first8.iter().map(|d| char::from(b'0' + d)).collect::<String>()
                + &check.to_string();
            prop_assume!(s != "000000000");
            prop_assert!(Bsn::parse(&s).is_ok());
        }

        #[test]
        fn changing_one_bsn_digit_breaks_it(pos in 0usize..9, delta in 1u8..10) {
            let base = b"111222333";
            let mut v = base.to_vec();
            v[pos] = b'0' + (v[pos] - b'0' + delta) % 10;
            let s = String::from_utf8(v).unwrap();
            prop_assert!(Bsn::parse(&s).is_err());
        }

        #[test]
        fn cents_display_roundtrips(v in -1_000_000_000_i64..1_000_000_000_i64) {
            let shown = Cents(v).display_nl().replace("€ ", "");
            prop_assert_eq!(Cents::parse_nl(&shown).unwrap(), Cents(v));
        }
    }
}
