//! A koppeling file from COA: which permit holder COA linked (*koppelde*) to which municipality,
//! with the information profile COA sends along (DOMAIN.md §2 and §4).
//!
//! The import reads a CSV or XLSX file into [`KoppelingFields`] (raw, trimmed strings, one per
//! row, with the row's line number in the file), validates **every** row with [`validate_rows`],
//! and only when no row has an error applies all of them: all rows or none. This module holds
//! the validation; reading the bytes lives in `regie-documents` (`koppeling::read_koppeling_file`).
//!
//! # Columns
//!
//! Column names are lower case in the file's header (the reader ignores case and surrounding
//! spaces). The required columns, in any order ([`REQUIRED_COLUMNS`]):
//!
//! | column | content |
//! |---|---|
//! | `vnummer` | V-nummer, 10 digits |
//! | `achternaam` | family name |
//! | `voornamen` | given names |
//! | `geboortedatum` | `dd-mm-jjjj` (also `d-m-jjjj`, `jjjj-mm-dd` or a bare year); `00` for an unknown day or month, e.g. `00-00-1990` |
//! | `geslacht` | `M` (man), `V` (vrouw), `X` or `O` (onbekend); `man`, `vrouw`, `onbekend` are accepted too |
//! | `nationaliteit` | nationality as COA writes it (free text) |
//! | `taal` | main language (free text) |
//! | `gemeentecode` | CBS code `GM0361`; plain digits `0361` (or `361`, as a spreadsheet drops the zero) get the `GM` prefix |
//! | `koppelingsdatum` | `dd-mm-jjjj` (also `d-m-jjjj` or `jjjj-mm-dd`), a complete date |
//! | `huishoudnummer` | COA's household number: rows with the same number form one household |
//!
//! The optional profile columns ([`PROFILE_COLUMNS`]); an empty cell or a missing column means
//! "not given":
//!
//! | column | content |
//! |---|---|
//! | `opleiding` | education (free text, line breaks allowed) |
//! | `werkervaring` | work experience (free text, line breaks allowed) |
//! | `talen_overig` | other languages spoken (free text, line breaks allowed) |
//! | `beperkingen` | visible physical limitations (free text, line breaks allowed) |
//! | `bsn` | BSN when already known; must pass the elfproef |
//! | `geboorteland` | country of birth |
//! | `telefoon` | phone number: digits, spaces and `+ - ( ) . /` only |
//! | `email` | e-mail address: one `@` with text on both sides, a dot in the domain, no spaces |
//! | `azc` | the AZC the person lives in |
//!
//! # Rules
//!
//! Every required field is filled in, except `voornamen` (many newcomers have one name only); text has no control characters (free profile text may hold
//! line breaks and tabs) and is at most 200 characters (2000 for free profile text); the V-nummer
//! is valid ([`VNummer`]) and appears once in the file (a repeat is an error on the later line,
//! naming the first); the birth date exists, is not in the future and gives an age of at most 120
//! years; the koppelingsdatum exists, is not in the future and not before 2013; the gemeentecode
//! is one of the known municipalities; the BSN, when given, passes the elfproef ([`Bsn`]).
//!
//! # Privacy
//!
//! A [`RowError`] message quotes the rejected value only for dates, codes and the gender field,
//! never a name, V-nummer, BSN, phone number or e-mail address. It is meant for the person who
//! uploaded the file; it still holds personal data (a birth date) and does not belong in a log
//! line. The `Debug` output of the row types shows only the line number.
//!
//! This module never reads the clock: "today" is passed in.

use std::collections::HashMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::nl_date;
use crate::ids::{Bsn, CbsCode, VNummer};
use crate::person::PartialDate;
use crate::Invalid;

/// The columns every koppeling file must have, in the order of the documented header.
pub const REQUIRED_COLUMNS: [&str; 10] = [
    "vnummer",
    "achternaam",
    "voornamen",
    "geboortedatum",
    "geslacht",
    "nationaliteit",
    "taal",
    "gemeentecode",
    "koppelingsdatum",
    "huishoudnummer",
];

/// The optional columns of COA's information profile.
pub const PROFILE_COLUMNS: [&str; 9] =
    ["opleiding", "werkervaring", "talen_overig", "beperkingen", "bsn", "geboorteland", "telefoon", "email", "azc"];

/// Maximum length in characters of a name and of other short text.
pub const MAX_TEXT_CHARS: usize = 200;
/// Maximum length in characters of free profile text (opleiding, werkervaring, talen_overig,
/// beperkingen).
pub const MAX_FREE_TEXT_CHARS: usize = 2000;

/// The optional profile columns of one row, as raw trimmed strings; empty means not given.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct KoppelingProfileFields {
    pub opleiding: String,
    pub werkervaring: String,
    pub talen_overig: String,
    /// Visible physical limitations.
    pub beperkingen: String,
    pub bsn: String,
    pub geboorteland: String,
    pub telefoon: String,
    pub email: String,
    pub azc: String,
}

/// One row of a koppeling file as read: raw trimmed strings and the line it came from
/// (the physical line of a CSV file, header = 1; the row number of a spreadsheet).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct KoppelingFields {
    pub line: usize,
    pub vnummer: String,
    pub achternaam: String,
    pub voornamen: String,
    pub geboortedatum: String,
    pub geslacht: String,
    pub nationaliteit: String,
    pub taal: String,
    pub gemeentecode: String,
    pub koppelingsdatum: String,
    pub huishoudnummer: String,
    pub profile: KoppelingProfileFields,
}

impl KoppelingFields {
    /// The field behind a column name of [`REQUIRED_COLUMNS`] or [`PROFILE_COLUMNS`]
    /// (exact, lower case); `None` for any other name.
    pub fn field_mut(&mut self, column: &str) -> Option<&mut String> {
        let p = &mut self.profile;
        Some(match column {
            "vnummer" => &mut self.vnummer,
            "achternaam" => &mut self.achternaam,
            "voornamen" => &mut self.voornamen,
            "geboortedatum" => &mut self.geboortedatum,
            "geslacht" => &mut self.geslacht,
            "nationaliteit" => &mut self.nationaliteit,
            "taal" => &mut self.taal,
            "gemeentecode" => &mut self.gemeentecode,
            "koppelingsdatum" => &mut self.koppelingsdatum,
            "huishoudnummer" => &mut self.huishoudnummer,
            "opleiding" => &mut p.opleiding,
            "werkervaring" => &mut p.werkervaring,
            "talen_overig" => &mut p.talen_overig,
            "beperkingen" => &mut p.beperkingen,
            "bsn" => &mut p.bsn,
            "geboorteland" => &mut p.geboorteland,
            "telefoon" => &mut p.telefoon,
            "email" => &mut p.email,
            "azc" => &mut p.azc,
            _ => return None,
        })
    }
}

/// Geslacht as COA records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Man,
    Vrouw,
    Onbekend,
}

impl Gender {
    pub const ALL: [Gender; 3] = [Self::Man, Self::Vrouw, Self::Onbekend];

    /// `M`, `V` or `X`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Man => "M",
            Self::Vrouw => "V",
            Self::Onbekend => "X",
        }
    }

    pub fn label_nl(&self) -> &'static str {
        match self {
            Self::Man => "man",
            Self::Vrouw => "vrouw",
            Self::Onbekend => "onbekend",
        }
    }

    /// `M`, `V`, `X` or `O` (onbekend), or the words `man`, `vrouw`, `onbekend`; any case.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        match input.trim().to_lowercase().as_str() {
            "m" | "man" => Ok(Self::Man),
            "v" | "vrouw" => Ok(Self::Vrouw),
            "x" | "o" | "onbekend" => Ok(Self::Onbekend),
            _ => Err(Invalid::new("Geslacht is M (man), V (vrouw) of X (onbekend; O mag ook).")),
        }
    }
}

/// The validated optional profile; `None` where the file left the cell empty.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct KoppelingProfile {
    pub opleiding: Option<String>,
    pub werkervaring: Option<String>,
    pub talen_overig: Option<String>,
    /// Visible physical limitations.
    pub beperkingen: Option<String>,
    pub geboorteland: Option<String>,
    pub telefoon: Option<String>,
    pub email: Option<String>,
    pub azc: Option<String>,
}

/// One validated koppeling: the person, the municipality COA linked them to, and the profile.
#[derive(Clone, PartialEq, Eq)]
pub struct Koppeling {
    /// The line of the file it came from, for messages when applying it.
    pub line: usize,
    pub vnummer: VNummer,
    pub achternaam: String,
    pub voornamen: String,
    pub geboortedatum: PartialDate,
    pub geslacht: Gender,
    pub nationaliteit: String,
    pub taal: String,
    pub gemeentecode: CbsCode,
    pub koppelingsdatum: NaiveDate,
    pub huishoudnummer: String,
    pub bsn: Option<Bsn>,
    pub profile: KoppelingProfile,
}

// Rows hold names and identifiers: debug output shows only where they came from.
impl fmt::Debug for KoppelingFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KoppelingFields").field("line", &self.line).finish_non_exhaustive()
    }
}
impl fmt::Debug for KoppelingProfileFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KoppelingProfileFields").finish_non_exhaustive()
    }
}
impl fmt::Debug for Koppeling {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Koppeling")
            .field("line", &self.line)
            .field("gemeentecode", &self.gemeentecode)
            .finish_non_exhaustive()
    }
}
impl fmt::Debug for KoppelingProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KoppelingProfile").finish_non_exhaustive()
    }
}

/// What is wrong with one field of one row; a row can have several.
/// Shown as `regel 12 (geboortedatum): '31-02-1990' is geen bestaande datum (verwacht dd-mm-jjjj)`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("regel {line} ({column}): {message}")]
pub struct RowError {
    pub line: usize,
    /// The column name as in [`REQUIRED_COLUMNS`] or [`PROFILE_COLUMNS`].
    pub column: &'static str,
    pub message: String,
}

/// Validates every row and returns all koppelingen, or every error of every row (in line order).
/// `today` bounds the dates; `known_municipalities` are the gemeentecodes the file may name.
pub fn validate_rows(
    rows: &[KoppelingFields],
    today: NaiveDate,
    known_municipalities: &[CbsCode],
) -> Result<Vec<Koppeling>, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut valid = Vec::with_capacity(rows.len());
    let mut first_line_of: HashMap<VNummer, usize> = HashMap::new();
    for row in rows {
        let mut check = RowCheck { line: row.line, errors: &mut errors };
        if let Some(k) = validate_row(row, today, known_municipalities, &mut check, &mut first_line_of) {
            valid.push(k);
        }
    }
    if errors.is_empty() {
        Ok(valid)
    } else {
        Err(errors)
    }
}

/// Collects the errors of one row (shared with the other row imports, such as provider hours).
pub(crate) struct RowCheck<'a> {
    pub(crate) line: usize,
    pub(crate) errors: &'a mut Vec<RowError>,
}

impl RowCheck<'_> {
    /// Records the error, if any, and passes the value on.
    pub(crate) fn check<T>(&mut self, column: &'static str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(message) => {
                self.errors.push(RowError { line: self.line, column, message });
                None
            }
        }
    }

    /// A required field: an empty value is an error, otherwise `parse` decides.
    pub(crate) fn required<T>(
        &mut self,
        column: &'static str,
        value: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let value = value.trim();
        if value.is_empty() {
            return self.check(column, Err("is verplicht maar leeg".to_string()));
        }
        self.check(column, parse(value))
    }

    /// An optional field: empty gives `Some(None)`, otherwise `parse` decides.
    pub(crate) fn optional<T>(
        &mut self,
        column: &'static str,
        value: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<Option<T>> {
        let value = value.trim();
        if value.is_empty() {
            return Some(None);
        }
        self.check(column, parse(value)).map(Some)
    }
}

fn validate_row(
    f: &KoppelingFields,
    today: NaiveDate,
    known: &[CbsCode],
    c: &mut RowCheck<'_>,
    first_line_of: &mut HashMap<VNummer, usize>,
) -> Option<Koppeling> {
    let short = |v: &str| text(v, MAX_TEXT_CHARS, false);
    let free = |v: &str| text(v, MAX_FREE_TEXT_CHARS, true);

    let vnummer = c.required("vnummer", &f.vnummer, vnummer);
    let vnummer = match vnummer {
        Some(v) => match first_line_of.get(&v) {
            Some(first) => c.check(
                "vnummer",
                Err::<VNummer, _>(format!(
                    "dit V-nummer staat ook op regel {first}; elke persoon mag maar één keer in het bestand staan"
                )),
            ),
            None => {
                first_line_of.insert(v.clone(), f.line);
                Some(v)
            }
        },
        None => None,
    };
    let achternaam = c.required("achternaam", &f.achternaam, short);
    // Many newcomers have one name only: COA then leaves voornamen empty.
    let voornamen = c.check("voornamen", short(f.voornamen.trim()));
    let geboortedatum = c.required("geboortedatum", &f.geboortedatum, |v| birth_date(v, today));
    let geslacht = c.required("geslacht", &f.geslacht, |v| {
        Gender::parse(v)
            .map_err(|_| format!("{} is geen geldig geslacht (gebruik M, V of X; O mag ook voor onbekend)", quoted(v)))
    });
    let nationaliteit = c.required("nationaliteit", &f.nationaliteit, short);
    let taal = c.required("taal", &f.taal, short);
    let gemeentecode = c.required("gemeentecode", &f.gemeentecode, |v| municipality(v, known));
    let koppelingsdatum = c.required("koppelingsdatum", &f.koppelingsdatum, |v| koppelingsdatum(v, today));
    let huishoudnummer = c.required("huishoudnummer", &f.huishoudnummer, short);

    let p = &f.profile;
    let bsn = c.optional("bsn", &p.bsn, |v| Bsn::parse(v).map_err(|e| format!("is geen geldig BSN. {}", e.message)));
    let profile = (
        c.optional("opleiding", &p.opleiding, free),
        c.optional("werkervaring", &p.werkervaring, free),
        c.optional("talen_overig", &p.talen_overig, free),
        c.optional("beperkingen", &p.beperkingen, free),
        c.optional("geboorteland", &p.geboorteland, short),
        c.optional("telefoon", &p.telefoon, telefoon),
        c.optional("email", &p.email, email),
        c.optional("azc", &p.azc, short),
    );
    let (
        Some(opleiding),
        Some(werkervaring),
        Some(talen_overig),
        Some(beperkingen),
        Some(geboorteland),
        Some(telefoon),
        Some(email),
        Some(azc),
    ) = profile
    else {
        return None;
    };
    Some(Koppeling {
        line: f.line,
        vnummer: vnummer?,
        achternaam: achternaam?,
        voornamen: voornamen?,
        geboortedatum: geboortedatum?,
        geslacht: geslacht?,
        nationaliteit: nationaliteit?,
        taal: taal?,
        gemeentecode: gemeentecode?,
        koppelingsdatum: koppelingsdatum?,
        huishoudnummer: huishoudnummer?,
        bsn: bsn?,
        profile: KoppelingProfile {
            opleiding,
            werkervaring,
            talen_overig,
            beperkingen,
            geboorteland,
            telefoon,
            email,
            azc,
        },
    })
}

/// A rejected value in quotes, shortened and with control characters made visible,
/// so that a message stays one readable line.
pub(crate) fn quoted(value: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::from("'");
    for (i, ch) in value.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        if ch.is_control() {
            out.extend(ch.escape_default());
        } else {
            out.push(ch);
        }
    }
    out.push('\'');
    out
}

/// Text without control characters (line breaks and tabs allowed in free text) of bounded length.
pub(crate) fn text(value: &str, max_chars: usize, free_text: bool) -> Result<String, String> {
    let allowed = |c: char| free_text && matches!(c, '\n' | '\r' | '\t');
    if value.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(if free_text {
            "bevat een onzichtbaar stuurteken; verwijder het".to_string()
        } else {
            "bevat een onzichtbaar stuurteken (bijvoorbeeld een tab of regeleinde); verwijder het".to_string()
        });
    }
    let n = value.chars().count();
    if n > max_chars {
        return Err(format!("is te lang ({n} tekens; hoogstens {max_chars})"));
    }
    Ok(value.to_string())
}

pub(crate) fn vnummer(value: &str) -> Result<VNummer, String> {
    VNummer::parse(value).map_err(|e| {
        let digits = value.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let hint = if !digits.is_empty() && digits.len() < 10 && digits.bytes().all(|b| b.is_ascii_digit()) {
            " Komt het bestand uit een spreadsheet, kijk dan of een voorloopnul is weggevallen."
        } else {
            ""
        };
        format!("is geen geldig V-nummer. {}{hint}", e.message)
    })
}

/// `d-m-jjjj`/`dd-mm-jjjj` (also with `/`) or `jjjj-mm-dd` split into day, month and year,
/// without checking that the date exists.
fn split_date(value: &str) -> Option<(u32, u32, i32)> {
    let parts: Vec<&str> = value.split(['-', '/']).collect();
    let digits =
        |p: &str, min: usize, max: usize| (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [d, m, y] if digits(d, 1, 2) && digits(m, 1, 2) && digits(y, 4, 4) => {
            Some((d.parse().ok()?, m.parse().ok()?, y.parse().ok()?))
        }
        [y, m, d] if digits(y, 4, 4) && digits(m, 2, 2) && digits(d, 2, 2) => {
            Some((d.parse().ok()?, m.parse().ok()?, y.parse().ok()?))
        }
        _ => None,
    }
}

const DATE_FORMAT: &str = "verwacht dd-mm-jjjj, bijvoorbeeld 07-03-2024";

/// The earliest koppelingsdatum that can be right: COA koppelingen under any current regime are
/// no older than 2013.
pub fn earliest_koppelingsdatum() -> NaiveDate {
    NaiveDate::from_ymd_opt(2013, 1, 1).expect("valid date")
}

/// A complete date (`dd-mm-jjjj`, `d-m-jjjj` or `jjjj-mm-dd`) that exists and is not after
/// `today`.
pub(crate) fn complete_date(value: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let Some((d, m, y)) = split_date(value) else {
        return Err(format!("{} is geen datum ({DATE_FORMAT})", quoted(value)));
    };
    if d == 0 || m == 0 {
        return Err(format!(
            "{} is geen volledige datum: een onbekende dag of maand (00) kan hier niet ({DATE_FORMAT})",
            quoted(value)
        ));
    }
    let Some(date) = NaiveDate::from_ymd_opt(y, m, d) else {
        return Err(format!("{} is geen bestaande datum ({DATE_FORMAT})", quoted(value)));
    };
    if date > today {
        return Err(format!("{} ligt in de toekomst (vandaag is {})", quoted(value), nl_date(today)));
    }
    Ok(date)
}

fn koppelingsdatum(value: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let date = complete_date(value, today)?;
    if date < earliest_koppelingsdatum() {
        return Err(format!(
            "{} ligt vóór {}; zo'n oude koppeling kan niet kloppen",
            quoted(value),
            nl_date(earliest_koppelingsdatum())
        ));
    }
    Ok(date)
}

/// The oldest age a birth date may give.
pub const MAX_AGE_YEARS: i32 = 120;

fn birth_date(value: &str, today: NaiveDate) -> Result<PartialDate, String> {
    const FORMAT: &str = "verwacht dd-mm-jjjj; een onbekende dag of maand schrijft u als 00, bijvoorbeeld 00-00-1990";
    let too_old = || format!("{} geeft een leeftijd van meer dan {MAX_AGE_YEARS} jaar", quoted(value));
    let future = || format!("{} ligt in de toekomst (vandaag is {})", quoted(value), nl_date(today));
    let date = match PartialDate::parse(value) {
        Ok(date) => date,
        Err(_) => {
            // PartialDate only takes years 1900..=2100; name the real problem where we can.
            let year = split_date(value).map(|(_, _, y)| y).or_else(|| {
                (value.len() == 4 && value.bytes().all(|b| b.is_ascii_digit())).then(|| value.parse().ok()).flatten()
            });
            return Err(match year {
                Some(y) if y > today.year() => future(),
                Some(y) if today.year() - y > MAX_AGE_YEARS => too_old(),
                Some(_) => format!("{} is geen bestaande datum ({FORMAT})", quoted(value)),
                None => format!("{} is geen datum ({FORMAT})", quoted(value)),
            });
        }
    };
    // The earliest day the (partly unknown) date can stand for must not lie after today.
    let earliest = NaiveDate::from_ymd_opt(date.year, date.month.unwrap_or(1), date.day.unwrap_or(1));
    if earliest.is_none_or(|e| e > today) {
        return Err(future());
    }
    // With unknown parts the youngest possible age counts: only reject who is surely too old.
    if date.age_on(today) > MAX_AGE_YEARS {
        return Err(too_old());
    }
    Ok(date)
}

fn municipality(value: &str, known: &[CbsCode]) -> Result<CbsCode, String> {
    let candidate = if value.len() <= 4 && value.bytes().all(|b| b.is_ascii_digit()) {
        format!("GM{value:0>4}")
    } else {
        value.to_string()
    };
    let code = CbsCode::parse(&candidate)
        .map_err(|e| format!("{} is geen geldige gemeentecode. {}", quoted(value), e.message))?;
    if known.contains(&code) {
        return Ok(code);
    }
    let listing = if known.is_empty() {
        " (er zijn geen gemeenten bekend)".to_string()
    } else if known.len() <= 12 {
        format!(" (bekend: {})", known.iter().map(CbsCode::as_str).collect::<Vec<_>>().join(", "))
    } else {
        String::new()
    };
    Err(format!("{code} is geen bekende gemeente{listing}"))
}

fn telefoon(value: &str) -> Result<String, String> {
    let ok_chars = value.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.' | '/'));
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if !ok_chars || !(6..=20).contains(&digits) {
        return Err(
            "is geen geldig telefoonnummer (6 tot 20 cijfers; verder alleen spaties en + - ( ) . /)".to_string()
        );
    }
    Ok(value.to_string())
}

fn email(value: &str) -> Result<String, String> {
    const MSG: &str = "is geen geldig e-mailadres (verwacht naam@domein.nl, zonder spaties)";
    let ok = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.chars().any(|c| c.is_whitespace() || c.is_control())
                && value.chars().count() <= MAX_TEXT_CHARS
        }
        None => false,
    };
    if ok {
        Ok(value.to_string())
    } else {
        Err(MSG.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn today() -> NaiveDate {
        d(2026, 5, 1)
    }

    fn known() -> Vec<CbsCode> {
        ["GM0361", "GM0373", "GM0383", "GM0399", "GM0450", "GM1980"]
            .iter()
            .map(|c| CbsCode::parse(c).unwrap())
            .collect()
    }

    fn row(line: usize, vnummer: &str) -> KoppelingFields {
        KoppelingFields {
            line,
            vnummer: vnummer.into(),
            achternaam: "Haile".into(),
            voornamen: "Selam Tesfaye".into(),
            geboortedatum: "07-03-1991".into(),
            geslacht: "V".into(),
            nationaliteit: "Eritrese".into(),
            taal: "Tigrinya".into(),
            gemeentecode: "GM0361".into(),
            koppelingsdatum: "15-04-2026".into(),
            huishoudnummer: "H-2026-0042".into(),
            profile: KoppelingProfileFields::default(),
        }
    }

    fn errors_of(rows: &[KoppelingFields]) -> Vec<RowError> {
        validate_rows(rows, today(), &known()).expect_err("expected errors")
    }

    /// The single error of one row with one field changed.
    fn one_error(change: impl FnOnce(&mut KoppelingFields)) -> RowError {
        let mut r = row(2, "1234567890");
        change(&mut r);
        let errs = errors_of(&[r]);
        assert_eq!(errs.len(), 1, "{errs:?}");
        errs.into_iter().next().unwrap()
    }

    fn accepted(change: impl FnOnce(&mut KoppelingFields)) -> Koppeling {
        let mut r = row(2, "1234567890");
        change(&mut r);
        let mut ok = validate_rows(&[r], today(), &known()).unwrap_or_else(|e| panic!("{e:?}"));
        ok.remove(0)
    }

    #[test]
    fn a_good_row_becomes_a_koppeling() {
        let k = accepted(|r| {
            r.profile.bsn = "111222333".into();
            r.profile.werkervaring = "Kapper, 6 jaar\nTaxichauffeur".into();
            r.profile.email = "selam@example.org".into();
            r.profile.telefoon = "+31 6 1234 5678".into();
        });
        assert_eq!(k.line, 2);
        assert_eq!(k.vnummer.as_str(), "1234567890");
        assert_eq!(k.geboortedatum, PartialDate { year: 1991, month: Some(3), day: Some(7) });
        assert_eq!(k.geslacht, Gender::Vrouw);
        assert_eq!(k.gemeentecode.as_str(), "GM0361");
        assert_eq!(k.koppelingsdatum, d(2026, 4, 15));
        assert_eq!(k.huishoudnummer, "H-2026-0042");
        assert_eq!(k.bsn.unwrap().as_str(), "111222333");
        assert_eq!(k.profile.werkervaring.as_deref(), Some("Kapper, 6 jaar\nTaxichauffeur"));
        assert_eq!(k.profile.opleiding, None);
    }

    #[test]
    fn display_names_line_and_column() {
        let e = one_error(|r| r.geboortedatum = "31-02-1990".into());
        assert_eq!(e.column, "geboortedatum");
        assert_eq!(
            e.to_string(),
            "regel 2 (geboortedatum): '31-02-1990' is geen bestaande datum (verwacht dd-mm-jjjj; een onbekende dag of \
             maand schrijft u als 00, bijvoorbeeld 00-00-1990)"
        );
    }

    #[test]
    fn every_required_field_must_be_filled() {
        let mut r = row(5, "");
        for column in REQUIRED_COLUMNS {
            *r.field_mut(column).unwrap() = "  ".into();
        }
        let errs = errors_of(&[r]);
        let columns: Vec<&str> = errs.iter().map(|e| e.column).collect();
        // The voornamen column must be there, but may be empty (one name only).
        let filled: Vec<&str> = REQUIRED_COLUMNS.into_iter().filter(|c| *c != "voornamen").collect();
        assert_eq!(columns, filled);
        assert!(errs.iter().all(|e| e.line == 5 && e.message == "is verplicht maar leeg"));
    }

    #[test]
    fn all_errors_of_all_rows_are_collected() {
        let mut a = row(2, "123");
        a.geslacht = "Q".into();
        let b = row(3, "1234567891");
        let mut c = row(4, "1234567892");
        c.gemeentecode = "GM9999".into();
        let errs = errors_of(&[a, b, c]);
        let got: Vec<(usize, &str)> = errs.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(got, vec![(2, "vnummer"), (2, "geslacht"), (4, "gemeentecode")]);
    }

    #[test]
    fn vnummer_uses_the_vnummer_rule() {
        let e = one_error(|r| r.vnummer = "12345678AB".into());
        assert_eq!(e.column, "vnummer");
        assert!(e.message.contains("10 cijfers"), "{}", e.message);
        assert!(!e.message.contains("12345678AB"), "identifiers are not repeated");
        let e = one_error(|r| r.vnummer = "234567890".into());
        assert!(e.message.contains("voorloopnul"), "{}", e.message);
        assert_eq!(accepted(|r| r.vnummer = " 1234 567 890 ".into()).vnummer.as_str(), "1234567890");
    }

    #[test]
    fn a_repeated_vnummer_is_an_error_on_the_later_line_naming_the_first() {
        let rows = [row(2, "1234567890"), row(3, "1111111111"), row(7, "1234 567890"), row(9, "1234567890")];
        let errs = errors_of(&rows);
        assert_eq!(errs.len(), 2);
        assert_eq!((errs[0].line, errs[0].column), (7, "vnummer"));
        assert!(errs[0].message.contains("regel 2"), "{}", errs[0].message);
        assert_eq!(errs[1].line, 9);
        assert!(errs[1].message.contains("regel 2"));
    }

    #[test]
    fn birth_dates_accept_unknown_parts_and_short_forms() {
        let g = |s: &str| accepted(|r| r.geboortedatum = s.into()).geboortedatum;
        assert_eq!(g("00-00-1990"), PartialDate { year: 1990, month: None, day: None });
        assert_eq!(g("00-07-1990"), PartialDate { year: 1990, month: Some(7), day: None });
        assert_eq!(g("7-3-1991"), PartialDate { year: 1991, month: Some(3), day: Some(7) });
        assert_eq!(g("1991-03-07"), PartialDate { year: 1991, month: Some(3), day: Some(7) });
        // Born this year, month unknown: the earliest possible day lies before today.
        assert_eq!(g("00-00-2026").year, 2026);
    }

    #[test]
    fn birth_dates_that_cannot_be() {
        let msg = |s: &str| one_error(|r| r.geboortedatum = s.into()).message;
        assert!(msg("31-02-1990").contains("geen bestaande datum"));
        assert!(msg("05-00-1990").contains("geen bestaande datum"));
        assert!(msg("1990.03.07").contains("geen datum"));
        assert!(msg("gisteren").contains("geen datum"));
        assert!(msg("02-05-2026").contains("in de toekomst"));
        assert!(msg("00-06-2026").contains("in de toekomst"));
        assert!(msg("01-01-2150").contains("in de toekomst"));
        assert!(msg("30-04-1905").contains("meer dan 120 jaar"));
        assert!(msg("01-01-1850").contains("meer dan 120 jaar"));
        // 120 exactly (the youngest possible age with unknown parts) is still plausible.
        assert_eq!(accepted(|r| r.geboortedatum = "00-00-1906".into()).geboortedatum.year, 1906);
        assert_eq!(accepted(|r| r.geboortedatum = "01-05-1906".into()).geboortedatum.year, 1906);
    }

    #[test]
    fn koppelingsdatum_is_a_complete_date_from_2013_up_to_today() {
        let k = |s: &str| accepted(|r| r.koppelingsdatum = s.into()).koppelingsdatum;
        assert_eq!(k("1-5-2026"), d(2026, 5, 1));
        assert_eq!(k("01/01/2013"), d(2013, 1, 1));
        assert_eq!(k("2024-02-29"), d(2024, 2, 29));
        let msg = |s: &str| one_error(|r| r.koppelingsdatum = s.into()).message;
        assert_eq!(msg("02-05-2026"), "'02-05-2026' ligt in de toekomst (vandaag is 01-05-2026)");
        assert!(msg("31-12-2012").contains("vóór 01-01-2013"));
        assert!(msg("30-02-2024").contains("geen bestaande datum"));
        assert!(msg("00-04-2026").contains("geen volledige datum"));
        assert!(msg("april 2026").contains("geen datum"));
        assert!(msg("15-04-26").contains("geen datum"));
    }

    #[test]
    fn gender_codes() {
        for (input, want) in [
            ("M", Gender::Man),
            ("v", Gender::Vrouw),
            ("X", Gender::Onbekend),
            ("o", Gender::Onbekend),
            ("Vrouw", Gender::Vrouw),
        ] {
            assert_eq!(accepted(|r| r.geslacht = input.into()).geslacht, want);
        }
        assert_eq!(Gender::Vrouw.code(), "V");
        assert_eq!(Gender::Onbekend.label_nl(), "onbekend");
        for g in Gender::ALL {
            assert_eq!(Gender::parse(g.code()).unwrap(), g);
            assert_eq!(Gender::parse(g.label_nl()).unwrap(), g);
        }
        let e = one_error(|r| r.geslacht = "F".into());
        assert_eq!(e.column, "geslacht");
        assert!(e.message.starts_with("'F' is geen geldig geslacht"));
    }

    #[test]
    fn gemeentecode_must_be_known_and_may_lack_the_prefix() {
        assert_eq!(accepted(|r| r.gemeentecode = "gm1980".into()).gemeentecode.as_str(), "GM1980");
        assert_eq!(accepted(|r| r.gemeentecode = "0373".into()).gemeentecode.as_str(), "GM0373");
        assert_eq!(accepted(|r| r.gemeentecode = "373".into()).gemeentecode.as_str(), "GM0373");
        let e = one_error(|r| r.gemeentecode = "GM0398".into());
        assert!(e.message.starts_with("GM0398 is geen bekende gemeente (bekend: GM0361, GM0373"), "{}", e.message);
        let e = one_error(|r| r.gemeentecode = "Alkmaar".into());
        assert!(e.message.starts_with("'Alkmaar' is geen geldige gemeentecode"), "{}", e.message);
        let e = one_error(|r| r.gemeentecode = "GM03610".into());
        assert!(e.message.contains("GM gevolgd door 4 cijfers"));
        // Non-ASCII of six bytes (once a panic in CbsCode::parse, found by the proptest below).
        let e = one_error(|r| r.gemeentecode = "&𐖔&".into());
        assert!(e.message.contains("GM gevolgd door 4 cijfers"));
    }

    #[test]
    fn household_number_is_required() {
        let e = one_error(|r| r.huishoudnummer = String::new());
        assert_eq!((e.column, e.message.as_str()), ("huishoudnummer", "is verplicht maar leeg"));
    }

    #[test]
    fn names_have_no_control_characters_and_at_most_200_characters() {
        let e = one_error(|r| r.achternaam = "Haile\u{0}".into());
        assert_eq!(e.column, "achternaam");
        assert!(e.message.contains("stuurteken"));
        let e = one_error(|r| r.voornamen = "Selam\tTesfaye".into());
        assert_eq!(e.column, "voornamen");
        let e = one_error(|r| r.voornamen = "é".repeat(201));
        assert_eq!(e.message, "is te lang (201 tekens; hoogstens 200)");
        assert_eq!(accepted(|r| r.achternaam = "ś".repeat(200)).achternaam.chars().count(), 200);
        assert_eq!(accepted(|r| r.achternaam = "Al-Ḥaddād".into()).achternaam, "Al-Ḥaddād");
        assert_eq!(accepted(|r| r.voornamen = String::new()).voornamen, "", "one name only is allowed");
    }

    #[test]
    fn bsn_is_optional_but_must_pass_the_elfproef() {
        assert_eq!(accepted(|_| {}).bsn, None);
        let e = one_error(|r| r.profile.bsn = "123456789".into());
        assert_eq!(e.column, "bsn");
        assert!(e.message.contains("elfproef"));
        assert!(!e.message.contains("123456789"));
    }

    #[test]
    fn profile_text_phone_and_email() {
        let e = one_error(|r| r.profile.opleiding = "x".repeat(MAX_FREE_TEXT_CHARS + 1));
        assert_eq!(e.column, "opleiding");
        let e = one_error(|r| r.profile.beperkingen = "loopt met\u{7}krukken".into());
        assert_eq!(e.column, "beperkingen");
        let e = one_error(|r| r.profile.geboorteland = "Eritrea\n".repeat(2));
        assert_eq!(e.column, "geboorteland");
        let e = one_error(|r| r.profile.telefoon = "onbekend".into());
        assert_eq!(e.column, "telefoon");
        let e = one_error(|r| r.profile.email = "selam at example.org".into());
        assert_eq!(e.column, "email");
        assert!(one_error(|r| r.profile.email = "a@b".into()).column == "email");
        let k = accepted(|r| {
            r.profile.azc = "AZC Heerhugowaard".into();
            r.profile.talen_overig = "Arabisch, Engels".into();
        });
        assert_eq!(k.profile.azc.as_deref(), Some("AZC Heerhugowaard"));
        assert_eq!(k.profile.talen_overig.as_deref(), Some("Arabisch, Engels"));
    }

    #[test]
    fn field_mut_knows_every_documented_column() {
        let mut r = KoppelingFields::default();
        for column in REQUIRED_COLUMNS.iter().chain(PROFILE_COLUMNS.iter()) {
            *r.field_mut(column).unwrap() = (*column).to_string();
        }
        assert_eq!(r.vnummer, "vnummer");
        assert_eq!(r.profile.talen_overig, "talen_overig");
        assert!(r.field_mut("VNUMMER").is_none());
        assert!(r.field_mut("geboortedatun").is_none());
    }

    #[test]
    fn debug_output_shows_no_personal_data() {
        let r = row(4, "1234567890");
        let shown = format!("{r:?}");
        assert_eq!(shown, "KoppelingFields { line: 4, .. }");
        let k = accepted(|_| {});
        assert!(!format!("{k:?}").contains("Haile"));
    }

    #[test]
    fn rejected_values_are_quoted_readably() {
        assert_eq!(quoted("a\u{1}b"), "'a\\u{1}b'");
        assert_eq!(quoted(&"x".repeat(50)), format!("'{}…'", "x".repeat(40)));
    }

    proptest! {
        #[test]
        fn validation_never_panics(
            fields in proptest::collection::vec(any::<String>(), 19),
            line in any::<usize>(),
            dates in ("[0-9]{1,3}[-/][0-9]{1,3}[-/][0-9]{1,5}", "[0-9]{1,3}[-/][0-9]{1,3}[-/][0-9]{1,5}"),
            code in "(GM|gm)?[0-9]{0,6}",
        ) {
            let mut r = KoppelingFields { line, ..Default::default() };
            for (column, value) in REQUIRED_COLUMNS.iter().chain(PROFILE_COLUMNS.iter()).zip(fields) {
                *r.field_mut(column).unwrap() = value;
            }
            let mut shaped = r.clone();
            shaped.geboortedatum = dates.0;
            shaped.koppelingsdatum = dates.1;
            shaped.gemeentecode = code;
            let _ = validate_rows(&[r.clone(), shaped, r], today(), &known());
        }

        #[test]
        fn every_existing_date_in_range_is_accepted(days in 0i64..4800) {
            let date = d(2013, 1, 1) + chrono::Duration::days(days);
            prop_assume!(date <= today());
            let k = accepted(|r| r.koppelingsdatum = nl_date(date));
            prop_assert_eq!(k.koppelingsdatum, date);
        }
    }
}
