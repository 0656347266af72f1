//! Facts about a person that rules depend on: a date of birth that may be partly unknown,
//! the target group (doelgroep) and the legal regime.

use crate::Invalid;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A date of which the day, or the day and month, may be unknown.
/// Newcomers often have papers with `00-00-1990` or `00-07-1990`; that is recorded as such,
/// never silently turned into 1 January.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    pub fn new(year: i32, month: Option<u32>, day: Option<u32>) -> Result<Self, Invalid> {
        const BAD: &str =
            "Deze geboortedatum bestaat niet. Gebruik dd-mm-jjjj; een onbekende dag of maand schrijft u als 00.";
        if !(1900..=2100).contains(&year) {
            return Err(Invalid::new("Het geboortejaar moet tussen 1900 en 2100 liggen."));
        }
        match (month, day) {
            (None, Some(_)) => return Err(Invalid::new(BAD)),
            (Some(m), None) if !(1..=12).contains(&m) => return Err(Invalid::new(BAD)),
            (Some(m), Some(d)) if NaiveDate::from_ymd_opt(year, m, d).is_none() => return Err(Invalid::new(BAD)),
            _ => {}
        }
        Ok(Self { year, month, day })
    }

    /// Parses `dd-mm-jjjj` (Dutch screens and files) or `jjjj-mm-dd` (ISO, APIs);
    /// `00` stands for an unknown day or month, and a bare year is accepted too.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        const FORMAT: &str =
            "Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 07-03-1991; een onbekende dag of maand schrijft u als 00.";
        let s = input.trim();
        let parts: Vec<&str> = s.split(['-', '/']).collect();
        let num = |p: &str| -> Result<u32, Invalid> {
            if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Invalid::new(FORMAT));
            }
            p.parse().map_err(|_| Invalid::new(FORMAT))
        };
        let (y, m, d) = match parts.as_slice() {
            [y] if y.len() == 4 => (num(y)?, 0, 0),
            [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => (num(y)?, num(m)?, num(d)?),
            [d, m, y] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => (num(y)?, num(m)?, num(d)?),
            _ => return Err(Invalid::new(FORMAT)),
        };
        let month = (m != 0).then_some(m);
        let day = (d != 0).then_some(d);
        if month.is_none() && day.is_some() {
            return Err(Invalid::new("Een geboortedatum met een bekende dag maar onbekende maand kan niet."));
        }
        Self::new(y as i32, month, day)
    }

    pub fn is_complete(&self) -> bool {
        self.day.is_some()
    }

    /// ISO form with `00` for unknown parts (`1990-07-00`), as the API writes it.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month.unwrap_or(0), self.day.unwrap_or(0))
    }

    /// Age in whole years on a date. With unknown parts the youngest possible age is taken,
    /// so that nobody is treated as an adult before they can be.
    pub fn age_on(&self, on: NaiveDate) -> i32 {
        use chrono::Datelike;
        let m = self.month.unwrap_or(12);
        let d = self.day.unwrap_or_else(|| last_day_of_month(self.year, m));
        let mut age = on.year() - self.year;
        if (on.month(), on.day()) < (m, d) {
            age -= 1;
        }
        age
    }
}

fn last_day_of_month(year: i32, month: u32) -> u32 {
    (28..=31).rev().find(|d| NaiveDate::from_ymd_opt(year, month, *d).is_some()).unwrap_or(28)
}

impl fmt::Display for PartialDate {
    /// `dd-mm-jjjj` with `00` for unknown parts, as Dutch screens show it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}-{:04}", self.day.unwrap_or(0), self.month.unwrap_or(0), self.year)
    }
}

/// Doelgroep: decides who pays the route and who gets ontzorging.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetGroup {
    Asielstatushouder,
    Gezinsmigrant,
    OverigeMigrant,
}

impl TargetGroup {
    pub const ALL: [TargetGroup; 3] = [Self::Asielstatushouder, Self::Gezinsmigrant, Self::OverigeMigrant];
    pub fn code(&self) -> &'static str {
        match self {
            Self::Asielstatushouder => "asielstatushouder",
            Self::Gezinsmigrant => "gezinsmigrant",
            Self::OverigeMigrant => "overige_migrant",
        }
    }
    pub fn label(&self) -> &'static str {
        match self {
            Self::Asielstatushouder => "Asielstatushouder",
            Self::Gezinsmigrant => "Gezinsmigrant",
            Self::OverigeMigrant => "Overige migrant",
        }
    }
    pub fn parse(code: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|g| g.code() == code)
            .ok_or(Invalid::new("Kies een doelgroep: asielstatushouder, gezinsmigrant of overige migrant."))
    }
}

/// The law a person falls under: Wi2021 when the right of residence was announced on or after
/// the date the new law took effect, the Wi2013 before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Regime {
    Wi2013,
    Wi2021,
}

impl Regime {
    /// The day the Wet inburgering 2021 took effect.
    pub fn wi2021_start() -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 1, 1).expect("valid date")
    }
    pub fn for_residence_date(residence_from: NaiveDate) -> Self {
        if residence_from >= Self::wi2021_start() {
            Self::Wi2021
        } else {
            Self::Wi2013
        }
    }
    pub fn code(&self) -> &'static str {
        match self {
            Self::Wi2013 => "wi2013",
            Self::Wi2021 => "wi2021",
        }
    }
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "wi2013" => Some(Self::Wi2013),
            "wi2021" => Some(Self::Wi2021),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn partial_dates_parse_in_dutch_and_iso() {
        assert_eq!(PartialDate::parse("07-03-1991").unwrap(), PartialDate { year: 1991, month: Some(3), day: Some(7) });
        assert_eq!(PartialDate::parse("00-07-1990").unwrap(), PartialDate { year: 1990, month: Some(7), day: None });
        assert_eq!(PartialDate::parse("00-00-1990").unwrap(), PartialDate { year: 1990, month: None, day: None });
        assert_eq!(PartialDate::parse("1990-07-00").unwrap().to_string(), "00-07-1990");
        assert_eq!(PartialDate::parse("1990").unwrap().iso(), "1990-00-00");
        assert!(PartialDate::parse("31-02-1990").is_err());
        assert!(PartialDate::parse("05-00-1990").is_err());
        assert!(PartialDate::parse("1990/13/01").is_err());
        assert!(PartialDate::parse("gisteren").is_err());
    }

    #[test]
    fn age_with_unknown_parts_is_the_youngest_possible() {
        let born = PartialDate::parse("00-00-2008").unwrap();
        assert_eq!(born.age_on(d(2026, 12, 30)), 17);
        assert_eq!(born.age_on(d(2026, 12, 31)), 18);
        let born = PartialDate::parse("00-02-2008").unwrap();
        assert_eq!(born.age_on(d(2026, 2, 28)), 17);
        assert_eq!(born.age_on(d(2026, 3, 1)), 18);
    }

    #[test]
    fn regime_follows_the_residence_date() {
        assert_eq!(Regime::for_residence_date(d(2021, 12, 31)), Regime::Wi2013);
        assert_eq!(Regime::for_residence_date(d(2022, 1, 1)), Regime::Wi2021);
    }
}

/// A spelling-tolerant key of one name token, so that transliterations of the same name meet:
/// Mohammed, Muhammad and Mohamed all give `mhmd`; Abdulrahman and Abdel Rahman share `bdlrhmn`
/// once joined. Letters are folded to ASCII, vowels after the first letter dropped, `h` after a
/// consonant kept as-is, and doubled letters collapsed.
///
/// Names in Arabic script (Arabic, Dari/Persian) and in Ge'ez script (Tigrinya, Amharic) are
/// read as their consonants in the usual Latin transliteration (محمد and ተስፋይ give the keys of
/// Mohammed and Tesfay), so a name written as on a passport meets its Latin spellings. Both
/// scripts mostly leave short vowels out, which the key drops anyway.
pub fn name_key(token: &str) -> String {
    let mut folded = String::new();
    for c in token.chars() {
        fold_letter(c, &mut folded);
    }
    let article = token.to_lowercase().starts_with("al-") || token.starts_with("ال");
    let folded =
        folded.strip_prefix("al").filter(|rest| rest.len() > 2 && article).map(str::to_string).unwrap_or(folded);
    let mut out = String::new();
    for (i, c) in folded.chars().enumerate() {
        let c = match c {
            'y' if i > 0 => 'i',
            'w' if i > 0 => 'u',
            'q' => 'k',
            'z' => 's',
            other => other,
        };
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
        if i > 0 && vowel {
            continue;
        }
        if out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Appends the lowercase ASCII letters `c` stands for (none for marks, digits and punctuation).
fn fold_letter(c: char, out: &mut String) {
    if let Some(latin) = arabic_letter(c).or_else(|| geez_letter(c)) {
        out.push_str(latin);
        return;
    }
    let Some(c) = c.to_lowercase().next() else { return };
    let base = match c {
        'a'..='z' => c,
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'ē' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ı' | 'ī' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ç' => 'c',
        'ş' | 'š' => 's',
        'ğ' => 'g',
        'ñ' => 'n',
        'ž' => 'z',
        _ => return,
    };
    out.push(base);
}

/// An Arabic-script letter (with the Persian additions) in the Latin transliteration names
/// usually get on documents; vowel signs and hamza on its own give nothing.
fn arabic_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ا' | 'أ' | 'إ' | 'آ' | 'ى' | 'ع' => "a",
        'ب' => "b",
        'پ' => "p",
        'ت' | 'ط' => "t",
        'ث' => "th",
        'ج' => "j",
        'چ' => "ch",
        'ح' | 'ه' => "h",
        'خ' => "kh",
        'د' | 'ض' => "d",
        'ذ' => "dh",
        'ر' => "r",
        'ز' | 'ظ' => "z",
        'ژ' => "zh",
        'س' | 'ص' => "s",
        'ش' => "sh",
        'غ' => "gh",
        'ف' => "f",
        'ق' => "q",
        'ك' | 'ک' => "k",
        'گ' => "g",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        'و' | 'ؤ' => "w",
        'ي' | 'ی' | 'ئ' => "y",
        'ة' => "a",
        // Hamza alone, the tatweel and the vowel signs (harakat) carry no letter of the key.
        'ء' | 'ـ' | '\u{064B}'..='\u{0652}' => "",
        _ => return None,
    })
}

/// A Ge'ez (Ethiopic) syllable as its consonant in the usual Latin transliteration of Tigrinya
/// and Amharic names; the vowel carriers (አ, ዐ) give their vowel. The script's syllables come in
/// rows of eight per consonant, so the row names the consonant and the column the vowel.
fn geez_letter(c: char) -> Option<&'static str> {
    let code = c as u32;
    if !(0x1200..0x1358).contains(&code) {
        return None;
    }
    const ROWS: [&str; 43] = [
        "h", "l", "h", "m", "s", "r", "s", "sh", "q", "q", "q", "q", "b", "v", "t", "ch", "h", "h", "n", "n", "", "k",
        "k", "kh", "kh", "w", "", "z", "zh", "y", "d", "d", "j", "g", "g", "g", "t", "ch", "p", "ts", "ts", "f", "p",
    ];
    const CARRIER_VOWELS: [&str; 8] = ["a", "u", "i", "a", "e", "e", "o", "a"];
    let (row, column) = ((code - 0x1200) / 8, (code - 0x1200) % 8);
    Some(match ROWS[row as usize] {
        "" => CARRIER_VOWELS[column as usize],
        consonant => consonant,
    })
}

/// The search key stored with a person: every name token's key, each preceded by a space,
/// so that a query token matches as a word prefix with `LIKE '% key%'`.
pub fn search_key(given_names: &str, family_name: &str) -> String {
    let mut key = String::new();
    for token in given_names.split([' ', '-']).chain(family_name.split([' ', '-'])) {
        let k = name_key(token);
        if !k.is_empty() {
            key.push(' ');
            key.push_str(&k);
        }
    }
    // Joined family names ("Abdel Rahman" and "Abdelrahman") must meet too.
    let joined = name_key(&family_name.replace([' ', '-'], ""));
    if !joined.is_empty() && !key.contains(&format!(" {joined}")) {
        key.push(' ');
        key.push_str(&joined);
    }
    key
}

/// The order in which persons found by name are listed: family name, then given names,
/// compared as lowercase text (bytewise on both engines).
pub fn sort_name(given_names: &str, family_name: &str) -> String {
    format!("{} {}", family_name.trim().to_lowercase(), given_names.trim().to_lowercase())
}

#[cfg(test)]
mod name_tests {
    use super::*;

    #[test]
    fn transliterations_meet() {
        assert_eq!(name_key("Mohammed"), name_key("Muhammad"));
        assert_eq!(name_key("Mohamed"), name_key("Muhammed"));
        assert_eq!(name_key("Yusuf"), name_key("Youssef"));
        assert_eq!(name_key("Tesfaye"), name_key("Tesfay"));
        assert_ne!(name_key("Ahmed"), name_key("Hamid"));
    }

    #[test]
    fn names_in_arabic_and_geez_script_meet_their_latin_spellings() {
        for (script, latin) in [
            ("محمد", "Mohammed"),
            ("أحمد", "Ahmed"),
            ("خالد", "Khalid"),
            ("فاطمة", "Fatima"),
            ("يوسف", "Youssef"),
            ("عبدالله", "Abdullah"),
            ("الحسن", "al-Hassan"),
            ("شیرین", "Shirin"),
            ("ተስፋይ", "Tesfay"),
            ("ሃይለ", "Haile"),
            ("ሰላም", "Selam"),
            ("ጸጋይ", "Tsegay"),
            ("አብርሃም", "Abraham"),
            ("እዮብ", "Eyob"),
            ("መሓሪ", "Mehari"),
        ] {
            assert_eq!(name_key(script), name_key(latin), "{script} and {latin}");
        }
        assert_ne!(name_key("محمد"), name_key("Ahmed"));
        assert_ne!(name_key("ተስፋይ"), name_key("Haile"));
        assert_eq!(name_key("مُحَمَّد"), name_key("محمد"), "vowel signs change nothing");
        assert_eq!(name_key("ተስፋይ"), "tsf");
    }

    #[test]
    fn the_sort_name_puts_the_family_name_first() {
        assert!(sort_name("Selam", "Haile") < sort_name("Abdi", "Tesfay"));
        assert_eq!(sort_name(" Selam ", "HAILE"), "haile selam");
    }

    #[test]
    fn search_key_has_every_token_and_the_joined_family_name() {
        let k = search_key("Abdel", "Al Rahman");
        assert!(k.contains(&format!(" {}", name_key("Abdel"))));
        assert!(k.contains(&format!(" {}", name_key("AlRahman"))));
    }
}
