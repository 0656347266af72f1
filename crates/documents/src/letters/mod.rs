//! Letters at the end of ontzorging (the period in which the municipality pays a newcomer's
//! fixed costs), as PDF/A-2u:
//!
//! - the handover letter to the person: from which month they pay which costs themselves, to
//!   whom, with which reference and how much, how to pay, that their allowances keep coming, and
//!   whom to ask. Plain language (B1) in the person's language; for any language other than
//!   Dutch the same letter follows in Dutch, so a helper or a creditor can read it too.
//! - the creditor letter (formal Dutch): the municipality stops paying on the person's behalf
//!   after a given month; from then on the person pays directly.
//!
//! Rendering reuses the PIP machinery (embedded fonts, escaping, bidi isolation, PDF/A export;
//! see [`crate::pip`]). Caller strings reach typst only as escaped string literals, so they
//! cannot inject markup. This module decides nothing: which costs, months and amounts a letter
//! shows is the caller's business, and it must never put more about the person in a creditor
//! letter than the creditor needs (no programme, benefit or case details).

mod labels;
mod markup;

use chrono::{Datelike, Months, NaiveDate};
use regie_domain::ids::Cents;
use typst::foundations::Datetime;

use crate::pip::{compile_pdfa, PdfError, PipLanguage};

use self::labels::{HandoverLabels, CREDITOR};

/// The letter to the person when ontzorging ends.
#[derive(Debug, Clone)]
pub struct HandoverLetter {
    /// Name of the municipality, e.g. `Zwolle` (a leading "Gemeente " is dropped).
    pub municipality_name: String,
    /// Date of the letter.
    pub date: NaiveDate,
    pub person_name: String,
    /// Postal address, one line each (street and number, postcode and town).
    pub address_lines: Vec<String>,
    /// The last day the municipality pays the costs.
    pub plan_end: NaiveDate,
    /// Any day of the first month the person pays the costs themselves; the letter shows the
    /// month and year, in the letter's language.
    pub first_own_month: NaiveDate,
    /// What the person must now pay themselves.
    pub costs: Vec<LetterCost>,
    /// Who to contact, e.g. `Klantmanager Sanne de Vries, 072 123 45 67`.
    pub contact: String,
}

/// One fixed cost the person takes over.
#[derive(Debug, Clone)]
pub struct LetterCost {
    /// `huur`, `energie`, `water`, `zorgverzekering` (named in the letter's language), or any
    /// other code (then `cost_type_label_nl` is shown as written).
    pub cost_type: String,
    /// The Dutch name of the cost type.
    pub cost_type_label_nl: String,
    pub creditor_name: String,
    /// The reference the creditor knows the person by (contract or customer number).
    pub reference: String,
    pub monthly_amount: Cents,
}

/// The letter to a creditor that the municipality stops paying on the person's behalf.
#[derive(Debug, Clone)]
pub struct CreditorLetter {
    /// Name of the municipality, e.g. `Zwolle` (a leading "Gemeente " is dropped).
    pub municipality_name: String,
    /// Date of the letter.
    pub date: NaiveDate,
    pub creditor_name: String,
    /// The creditor's reference for the person (contract or customer number).
    pub reference: String,
    pub person_name: String,
    /// Any day of the last month the municipality pays.
    pub last_paid_month: NaiveDate,
    /// Who to contact, e.g. `Team Ontzorging, 072 123 45 67, ontzorging@zwolle.nl`.
    pub contact: String,
}

/// The handover letter in `lang` (and, unless `lang` is Dutch, the same letter in Dutch after it).
pub fn handover_letter_pdf(letter: &HandoverLetter, lang: PipLanguage) -> Result<Vec<u8>, PdfError> {
    compile_pdfa(
        markup::handover(letter, lang),
        format!("regie-handover-{}-{}-{}", lang.code(), letter.date, letter.person_name),
        pdf_date(letter.date)?,
    )
}

/// The creditor letter, formal Dutch.
pub fn creditor_letter_pdf(letter: &CreditorLetter) -> Result<Vec<u8>, PdfError> {
    compile_pdfa(
        markup::creditor(letter),
        format!("regie-creditor-{}-{}-{}", letter.date, letter.creditor_name, letter.reference),
        pdf_date(letter.date)?,
    )
}

/// Every fixed text of the handover letter in `lang`; for Dutch also those of the creditor
/// letter (for glyph-coverage tests).
#[doc(hidden)]
pub fn fixed_texts(lang: PipLanguage) -> Vec<&'static str> {
    let mut texts = HandoverLabels::for_language(lang).all();
    if lang == PipLanguage::Nl {
        texts.extend(CREDITOR.all());
        texts.push(labels::DUTCH_COPY_NOTE);
    }
    texts
}

/// The typst source [`handover_letter_pdf`] compiles (for tests and debugging).
#[doc(hidden)]
pub fn handover_typst_source(letter: &HandoverLetter, lang: PipLanguage) -> String {
    markup::handover(letter, lang)
}

/// The PDF creation date (PDF/A requires one): the letter's date, so the same letter gives the
/// same bytes.
fn pdf_date(date: NaiveDate) -> Result<Datetime, PdfError> {
    let month = u8::try_from(date.month()).ok();
    let day = u8::try_from(date.day()).ok();
    month
        .zip(day)
        .and_then(|(m, d)| Datetime::from_ymd(date.year(), m, d))
        .ok_or_else(|| PdfError::Export(format!("letter date {date} is out of range")))
}

/// `juni 2027` (in the labels' language) for any day of that month.
fn month_year(l: &HandoverLabels, date: NaiveDate) -> String {
    l.month_year.replace("{month}", l.months[date.month0() as usize]).replace("{year}", &date.year().to_string())
}

/// `31 mei 2027` (in the labels' language).
fn full_date(l: &HandoverLabels, date: NaiveDate) -> String {
    l.full_date
        .replace("{day}", &date.day().to_string())
        .replace("{month}", l.months[date.month0() as usize])
        .replace("{year}", &date.year().to_string())
}

/// The first day of the month after `date`'s month.
fn next_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).and_then(|d| d.checked_add_months(Months::new(1))).unwrap_or(date)
}

/// Amounts as Dutch bills show them (`€ 1.234,56`) in every language: the person compares them
/// with Dutch bills and bank statements, so the same digits in the same form help most.
fn amount(cents: Cents) -> String {
    cents.display_nl()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_and_dates_in_each_language() {
        let nl = HandoverLabels::for_language(PipLanguage::Nl);
        assert_eq!(month_year(nl, d(2027, 6, 17)), "juni 2027");
        assert_eq!(full_date(nl, d(2027, 5, 31)), "31 mei 2027");
        let uk = HandoverLabels::for_language(PipLanguage::Uk);
        assert_eq!(month_year(uk, d(2027, 6, 1)), "червня 2027 року");
        let tr = HandoverLabels::for_language(PipLanguage::Tr);
        assert_eq!(full_date(tr, d(2027, 12, 1)), "1 Aralık 2027");
        for lang in PipLanguage::ALL {
            let l = HandoverLabels::for_language(lang);
            for (i, m) in l.months.iter().enumerate() {
                assert!(!m.trim().is_empty(), "{lang:?} month {i}");
            }
            assert!(l.month_year.contains("{month}") && l.month_year.contains("{year}"), "{lang:?}");
        }
    }

    #[test]
    fn next_month_rolls_over_the_year() {
        assert_eq!(next_month(d(2027, 5, 31)), d(2027, 6, 1));
        assert_eq!(next_month(d(2027, 12, 15)), d(2028, 1, 1));
        assert_eq!(next_month(d(2028, 1, 31)), d(2028, 2, 1));
    }

    #[test]
    fn pdf_date_is_the_letter_date() {
        assert_eq!(pdf_date(d(2027, 5, 14)).unwrap(), Datetime::from_ymd(2027, 5, 14).unwrap());
    }

    #[test]
    fn every_language_has_complete_labels_with_the_dutch_placeholders() {
        fn placeholders(l: &HandoverLabels) -> Vec<String> {
            let mut v: Vec<String> = l
                .all()
                .iter()
                .flat_map(|t| t.match_indices('{').map(move |(i, _)| t[i..].split('}').next().unwrap().to_string()))
                .collect();
            v.sort();
            v
        }
        let nl = placeholders(HandoverLabels::for_language(PipLanguage::Nl));
        for lang in PipLanguage::ALL {
            let l = HandoverLabels::for_language(lang);
            for text in l.all() {
                assert!(!text.trim().is_empty(), "{lang:?} has an empty label");
            }
            assert_eq!(placeholders(l), nl, "{lang:?}");
        }
    }
}
