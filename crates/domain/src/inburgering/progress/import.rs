//! A provider's hour file (urenopgave): the hours a language school or MAP/PVT provider reports
//! for many newcomers at once, read from CSV or XLSX by `regie-documents` into
//! [`HourRowFields`] and validated here, every row before any is applied (all rows or none).
//!
//! # Columns
//!
//! The person is named by `vnummer`, by `bsn`, or by both (then both must name the same person;
//! the service checks that). At least one of the two columns is in the header
//! ([`HOUR_PERSON_COLUMNS`]) and every row fills at least one. The other columns are required
//! ([`HOUR_REQUIRED_COLUMNS`]):
//!
//! | column | content |
//! |---|---|
//! | `vnummer` | V-nummer, 10 digits |
//! | `bsn` | BSN, 9 digits with the elfproef |
//! | `aanbieder` | the provider's name as it reports (2–200 characters) |
//! | `onderdeel` | `taal`, `map`, `pvt`, `knm` or `participatie` (any case) |
//! | `periode_van`, `periode_tot` | `dd-mm-jjjj`; the end not before the start, not in the future |
//! | `uren_aanwezig`, `uren_gepland` | whole or half hours, `12` or `12,5`, from 0 to 500 |
//! | `keurmerk` | whether the provider holds the quality mark over the period: `ja` or `nee` (also `j`/`n`, `1`/`0`, `waar`/`onwaar`, `true`/`false`) |
//!
//! # Rules
//!
//! Each field as on the form ([`HalfHours::parse`], [`check_period`]), and one report per
//! person, provider, component and period in a file (a repeat is an error on the later line,
//! naming the first). A report that is already recorded with the same hours is not recorded
//! again, so a file can be imported twice; one recorded with other hours is an error of its row
//! ([`compare_with_recorded`]).
//!
//! Messages never quote a V-nummer, BSN or name; this module never reads the clock.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::hours::{check_period, Component, HalfHours, HourReport};
use crate::ids::{Bsn, VNummer};
use crate::inburgering::koppeling::{complete_date, quoted, text, vnummer, RowCheck, RowError, MAX_TEXT_CHARS};

/// The columns of which at least one names the person.
pub const HOUR_PERSON_COLUMNS: [&str; 2] = ["vnummer", "bsn"];

/// The columns every hour file must have, in the order of the documented header.
pub const HOUR_REQUIRED_COLUMNS: [&str; 7] =
    ["aanbieder", "onderdeel", "periode_van", "periode_tot", "uren_aanwezig", "uren_gepland", "keurmerk"];

/// One row of an hour file as read: raw trimmed strings and the line it came from.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct HourRowFields {
    pub line: usize,
    pub vnummer: String,
    pub bsn: String,
    pub aanbieder: String,
    pub onderdeel: String,
    pub periode_van: String,
    pub periode_tot: String,
    pub uren_aanwezig: String,
    pub uren_gepland: String,
    pub keurmerk: String,
}

impl HourRowFields {
    /// The field behind a column name of [`HOUR_PERSON_COLUMNS`] or [`HOUR_REQUIRED_COLUMNS`]
    /// (exact, lower case); `None` for any other name.
    pub fn field_mut(&mut self, column: &str) -> Option<&mut String> {
        Some(match column {
            "vnummer" => &mut self.vnummer,
            "bsn" => &mut self.bsn,
            "aanbieder" => &mut self.aanbieder,
            "onderdeel" => &mut self.onderdeel,
            "periode_van" => &mut self.periode_van,
            "periode_tot" => &mut self.periode_tot,
            "uren_aanwezig" => &mut self.uren_aanwezig,
            "uren_gepland" => &mut self.uren_gepland,
            "keurmerk" => &mut self.keurmerk,
            _ => return None,
        })
    }
}

/// Only the line number: the fields hold identifiers.
impl std::fmt::Debug for HourRowFields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HourRowFields {{ line: {} }}", self.line)
    }
}

/// Who a row is about: a V-nummer, a BSN, or both.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PersonRef {
    pub vnummer: Option<VNummer>,
    pub bsn: Option<Bsn>,
}

/// A valid row: the person it names, the provider and the report.
#[derive(Clone, PartialEq, Eq)]
pub struct ImportedHours {
    pub line: usize,
    pub person: PersonRef,
    pub provider: String,
    pub report: HourReport,
}

impl std::fmt::Debug for ImportedHours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ImportedHours {{ line: {} }}", self.line)
    }
}

/// Validates every row: the valid reports, and every error of every other row (in line order).
/// The caller checks the valid ones against the database too, so that one answer names every
/// bad row; it applies nothing unless both lists of errors are empty.
pub fn check_hour_rows(rows: &[HourRowFields], today: NaiveDate) -> (Vec<ImportedHours>, Vec<RowError>) {
    let mut errors = Vec::new();
    let mut valid = Vec::with_capacity(rows.len());
    let mut first_line_of: HashMap<(PersonRef, String, Component, NaiveDate, NaiveDate), usize> = HashMap::new();
    for row in rows {
        let mut check = RowCheck { line: row.line, errors: &mut errors };
        let Some(hours) = validate_row(row, today, &mut check) else { continue };
        let key = (
            hours.person.clone(),
            hours.provider.to_lowercase(),
            hours.report.component,
            hours.report.from,
            hours.report.to,
        );
        match first_line_of.get(&key) {
            Some(first) => errors.push(RowError {
                line: row.line,
                column: "periode_van",
                message: format!(
                    "deze persoon, aanbieder, dit onderdeel en deze periode staan ook op regel {first}; \
                     meld elke periode één keer"
                ),
            }),
            None => {
                first_line_of.insert(key, row.line);
                valid.push(hours);
            }
        }
    }
    errors.sort_by_key(|e| e.line);
    (valid, errors)
}

/// Validates every row and returns all reports, or every error of every row (in line order).
pub fn validate_hour_rows(rows: &[HourRowFields], today: NaiveDate) -> Result<Vec<ImportedHours>, Vec<RowError>> {
    match check_hour_rows(rows, today) {
        (valid, errors) if errors.is_empty() => Ok(valid),
        (_, errors) => Err(errors),
    }
}

fn validate_row(f: &HourRowFields, today: NaiveDate, c: &mut RowCheck<'_>) -> Option<ImportedHours> {
    let v = c.optional("vnummer", &f.vnummer, vnummer);
    let b = c.optional("bsn", &f.bsn, |v| Bsn::parse(v).map_err(|e| format!("is geen geldig BSN. {}", e.message)));
    if f.vnummer.trim().is_empty() && f.bsn.trim().is_empty() {
        c.check::<()>("vnummer", Err("vul het V-nummer of het BSN van de persoon in".to_string()));
    }
    let provider = c.required("aanbieder", &f.aanbieder, |v| {
        let v = text(v, MAX_TEXT_CHARS, false)?;
        if v.chars().count() < 2 {
            return Err("is te kort (minstens 2 tekens)".to_string());
        }
        Ok(v)
    });
    let component = c.required("onderdeel", &f.onderdeel, component);
    let from = c.required("periode_van", &f.periode_van, |v| complete_date(v, today));
    let to = c.required("periode_tot", &f.periode_tot, |v| complete_date(v, NaiveDate::MAX));
    let attended = c.required("uren_aanwezig", &f.uren_aanwezig, hours);
    let planned = c.required("uren_gepland", &f.uren_gepland, hours);
    let keurmerk = c.required("keurmerk", &f.keurmerk, keurmerk);
    if let (Some(from), Some(to)) = (from, to) {
        for (_, message) in check_period(from, to, today) {
            c.check::<()>("periode_tot", Err(lower_first(message)));
        }
    }
    let (vnummer, bsn) = (v?, b?);
    if vnummer.is_none() && bsn.is_none() {
        return None;
    }
    let (from, to) = (from?, to?);
    if !check_period(from, to, today).is_empty() {
        return None;
    }
    Some(ImportedHours {
        line: f.line,
        person: PersonRef { vnummer, bsn },
        provider: provider?,
        report: HourReport {
            component: component?,
            from,
            to,
            attended: attended?,
            planned: planned?,
            keurmerk: keurmerk?,
        },
    })
}

fn lower_first(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn component(value: &str) -> Result<Component, String> {
    Component::parse(&value.to_lowercase())
        .ok_or_else(|| format!("{} is geen onderdeel (gebruik taal, map, pvt, knm of participatie)", quoted(value)))
}

fn hours(value: &str) -> Result<HalfHours, String> {
    HalfHours::parse(value).map_err(|_| {
        format!("{} is geen aantal uren (van 0 tot 500, in hele of halve uren, bijvoorbeeld 12 of 12,5)", quoted(value))
    })
}

fn keurmerk(value: &str) -> Result<bool, String> {
    match value.to_lowercase().as_str() {
        "ja" | "j" | "1" | "waar" | "true" | "yes" | "y" => Ok(true),
        "nee" | "n" | "0" | "onwaar" | "false" | "no" => Ok(false),
        _ => Err(format!("{} is geen ja of nee", quoted(value))),
    }
}

/// How a valid row stands against the reports already recorded for its person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgainstRecorded {
    /// Nothing recorded for this provider, component and period: record it.
    New,
    /// Recorded before with the same hours and quality mark: skip it (a repeated import).
    AlreadyRecorded,
    /// Recorded before with other hours: an error of the row.
    Conflicts(String),
}

/// Compares a row with the reports recorded for its person, each with its provider's name.
/// Providers are compared without regard to case and surrounding spaces.
pub fn compare_with_recorded(row: &ImportedHours, recorded: &[(String, HourReport)]) -> AgainstRecorded {
    let same_period = recorded.iter().find(|(provider, r)| {
        provider.trim().to_lowercase() == row.provider.trim().to_lowercase()
            && r.component == row.report.component
            && r.from == row.report.from
            && r.to == row.report.to
    });
    match same_period {
        None => AgainstRecorded::New,
        Some((_, r)) if *r == row.report => AgainstRecorded::AlreadyRecorded,
        Some((_, r)) => AgainstRecorded::Conflicts(format!(
            "voor deze persoon is van deze aanbieder al een urenopgave voor dit onderdeel en deze periode \
             vastgelegd, met andere gegevens ({} uur aanwezig, {} uur gepland, keurmerk {}); een correctie \
             kan niet via een bestand",
            r.attended,
            r.planned,
            if r.keurmerk { "ja" } else { "nee" }
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2026, 6, 1);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    fn row(line: usize) -> HourRowFields {
        HourRowFields {
            line,
            vnummer: "1234567890".into(),
            bsn: String::new(),
            aanbieder: "Taalschool Noord".into(),
            onderdeel: "Taal".into(),
            periode_van: "01-05-2026".into(),
            periode_tot: "31-05-2026".into(),
            uren_aanwezig: "42,5".into(),
            uren_gepland: "48".into(),
            keurmerk: "ja".into(),
        }
    }

    fn errors_of(rows: &[HourRowFields]) -> Vec<RowError> {
        validate_hour_rows(rows, today()).unwrap_err()
    }

    #[test]
    fn a_good_row_becomes_a_report() {
        let ok = validate_hour_rows(&[row(2)], today()).unwrap();
        assert_eq!(ok.len(), 1);
        let r = &ok[0];
        assert_eq!((r.line, r.provider.as_str()), (2, "Taalschool Noord"));
        assert_eq!(r.person.vnummer.as_ref().map(|v| v.as_str().to_string()), Some("1234567890".to_string()));
        assert_eq!(r.person.bsn, None);
        assert_eq!(r.report.component, Component::Taal);
        assert_eq!((r.report.from, r.report.to), (d(2026, 5, 1), d(2026, 5, 31)));
        assert_eq!((r.report.attended, r.report.planned, r.report.keurmerk), (HalfHours(85), HalfHours(96), true));
    }

    #[test]
    fn a_bsn_alone_names_the_person_and_one_of_the_two_is_needed() {
        let mut by_bsn = row(2);
        by_bsn.vnummer.clear();
        by_bsn.bsn = "111222333".into();
        let ok = validate_hour_rows(&[by_bsn.clone()], today()).unwrap();
        assert_eq!(ok[0].person.vnummer, None);
        assert!(ok[0].person.bsn.is_some());
        by_bsn.bsn.clear();
        let e = errors_of(&[by_bsn]);
        assert_eq!((e[0].line, e[0].column), (2, "vnummer"));
        assert!(e[0].message.contains("V-nummer of het BSN"));
        let mut bad_bsn = row(3);
        bad_bsn.bsn = "111222334".into();
        assert_eq!(errors_of(&[bad_bsn])[0].column, "bsn");
    }

    #[test]
    fn every_bad_field_of_every_row_is_named_and_no_identifier_is_quoted() {
        let mut a = row(2);
        a.vnummer = "12345".into();
        a.onderdeel = "rekenen".into();
        a.uren_aanwezig = "12,25".into();
        let mut b = row(5);
        b.periode_van = "31-02-2026".into();
        b.keurmerk = "misschien".into();
        b.aanbieder = "X".into();
        let mut c = row(7);
        c.periode_tot = "15-06-2026".into();
        let mut dd = row(9);
        dd.periode_van = "10-05-2026".into();
        dd.periode_tot = "09-05-2026".into();
        let e = errors_of(&[a, row(3), b, c, dd]);
        let named: Vec<(usize, &str)> = e.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(
            named,
            vec![
                (2, "vnummer"),
                (2, "onderdeel"),
                (2, "uren_aanwezig"),
                (5, "aanbieder"),
                (5, "periode_van"),
                (5, "keurmerk"),
                (7, "periode_tot"),
                (9, "periode_tot"),
            ]
        );
        assert!(!e[0].message.contains("12345"), "a V-nummer is never quoted: {}", e[0].message);
        assert!(e[1].message.contains("'rekenen'"));
        assert!(e[6].message.contains("toekomst"), "{}", e[6].message);
        assert!(e[7].message.contains("vóór het begin"), "{}", e[7].message);
    }

    #[test]
    fn hours_components_and_quality_marks_are_read_as_people_write_them() {
        let read = |f: &dyn Fn(&mut HourRowFields)| {
            let mut r = row(2);
            f(&mut r);
            validate_hour_rows(&[r], today()).map(|v| v[0].report.clone())
        };
        assert_eq!(read(&|r| r.onderdeel = "MAP".into()).unwrap().component, Component::Map);
        assert_eq!(read(&|r| r.uren_aanwezig = "12.5".into()).unwrap().attended, HalfHours(25));
        for yes in ["ja", "J", "1", "WAAR", "true"] {
            assert!(read(&|r| r.keurmerk = yes.into()).unwrap().keurmerk, "{yes}");
        }
        for no in ["nee", "N", "0", "ONWAAR", "false"] {
            assert!(!read(&|r| r.keurmerk = no.into()).unwrap().keurmerk, "{no}");
        }
        assert!(read(&|r| r.uren_gepland = "501".into()).is_err());
        assert!(read(&|r| r.keurmerk = String::new()).is_err(), "keurmerk is required");
    }

    #[test]
    fn one_period_once_per_file() {
        let mut again = row(4);
        again.aanbieder = " taalschool noord".into();
        let mut other_component = row(5);
        other_component.onderdeel = "knm".into();
        let e = errors_of(&[row(2), row(3), again, other_component]);
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].line, e[1].line), (3, 4));
        assert!(e[0].message.contains("regel 2"));
    }

    #[test]
    fn a_recorded_report_is_skipped_when_equal_and_refused_when_different() {
        let new = validate_hour_rows(&[row(2)], today()).unwrap().remove(0);
        assert_eq!(compare_with_recorded(&new, &[]), AgainstRecorded::New);
        let same = ("TAALSCHOOL NOORD ".to_string(), new.report.clone());
        assert_eq!(compare_with_recorded(&new, &[same]), AgainstRecorded::AlreadyRecorded);
        let mut changed = new.report.clone();
        changed.attended = HalfHours(80);
        let AgainstRecorded::Conflicts(message) =
            compare_with_recorded(&new, &[("Taalschool Noord".to_string(), changed)])
        else {
            panic!("a different report for the same period conflicts");
        };
        assert!(message.contains("40 uur aanwezig"), "{message}");
        let mut other_period = new.report.clone();
        other_period.from = d(2026, 4, 1);
        assert_eq!(
            compare_with_recorded(&new, &[("Taalschool Noord".to_string(), other_period)]),
            AgainstRecorded::New
        );
    }
}
