//! The PIP decision (*persoonlijk plan inburgering en participatie*, a *beschikking*) as a
//! PDF/A-2u document: the Dutch decision, followed, for any other language, by the same content
//! translated into that language as an aid.
//!
//! Rendering uses typst as a library with fonts embedded in the binary (see [`fonts`]); nothing
//! is read from disk or the network at run time. Caller strings are passed to typst only as
//! escaped string literals (see `markup::lit`), so they cannot inject markup.

mod fonts;
mod labels;
// Shared with the letters (crate::letters): escaping, bidi isolation, fonts per language.
pub(crate) mod markup;
mod world;

use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use self::labels::Labels;
use self::world::PipWorld;

/// The languages a PIP can be rendered in (besides Dutch, which is always there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PipLanguage {
    /// Dutch only.
    Nl,
    /// Arabic (right-to-left).
    Ar,
    /// Tigrinya (Ge'ez script).
    Ti,
    /// Persian, Farsi (right-to-left).
    Fa,
    /// Dari (right-to-left).
    Prs,
    /// English.
    En,
    /// Turkish.
    Tr,
    /// Somali.
    So,
    /// Ukrainian.
    Uk,
}

impl PipLanguage {
    pub const ALL: [PipLanguage; 9] = [
        PipLanguage::Nl,
        PipLanguage::Ar,
        PipLanguage::Ti,
        PipLanguage::Fa,
        PipLanguage::Prs,
        PipLanguage::En,
        PipLanguage::Tr,
        PipLanguage::So,
        PipLanguage::Uk,
    ];

    /// Parses an ISO 639 code (`"ar"`, `"prs"`, ...), case-insensitively. `"fa-AF"` is Dari.
    pub fn parse(code: &str) -> Option<Self> {
        let code = code.trim().to_ascii_lowercase().replace('_', "-");
        if code == "fa-af" {
            return Some(PipLanguage::Prs);
        }
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The ISO 639 code: two letters, or `prs` for Dari.
    pub fn code(&self) -> &'static str {
        match self {
            PipLanguage::Nl => "nl",
            PipLanguage::Ar => "ar",
            PipLanguage::Ti => "ti",
            PipLanguage::Fa => "fa",
            PipLanguage::Prs => "prs",
            PipLanguage::En => "en",
            PipLanguage::Tr => "tr",
            PipLanguage::So => "so",
            PipLanguage::Uk => "uk",
        }
    }

    /// Whether the language is written right to left.
    pub fn is_rtl(&self) -> bool {
        matches!(self, PipLanguage::Ar | PipLanguage::Fa | PipLanguage::Prs)
    }

    /// The Dutch name of the language, as in "vertaling in het Arabisch".
    pub fn name_nl(&self) -> &'static str {
        match self {
            PipLanguage::Nl => "Nederlands",
            PipLanguage::Ar => "Arabisch",
            PipLanguage::Ti => "Tigrinya",
            PipLanguage::Fa => "Perzisch (Farsi)",
            PipLanguage::Prs => "Dari",
            PipLanguage::En => "Engels",
            PipLanguage::Tr => "Turks",
            PipLanguage::So => "Somalisch",
            PipLanguage::Uk => "Oekraïens",
        }
    }
}

/// The content of one PIP decision. All fields are plain text; the caller formats dates
/// (dd-mm-jjjj) and numbers.
#[derive(Debug, Clone, Default)]
pub struct PipDocument {
    /// Name of the municipality without the word "gemeente", e.g. `Zwolle` (a leading
    /// "Gemeente " is tolerated and dropped).
    pub municipality_name: String,
    /// The issuing organisation or department, e.g. `Team Inburgering`.
    pub organisation_name: String,
    pub person_name: String,
    /// V-nummer or dossier id; never a BSN.
    pub person_reference: String,
    pub version: i32,
    pub dagtekening: String,
    pub objection_deadline: String,
    pub version_reason: Option<String>,
    /// `b1`, `onderwijsroute` or `z`; anything else is shown as written, without explanation.
    pub route_code: String,
    /// Language target, e.g. `B1`.
    pub language_target: String,
    pub termijn_start: String,
    pub termijn_end: String,
    pub components: Vec<PipComponent>,
    pub goals: Vec<PipGoal>,
    pub preconditions: Vec<String>,
    pub ontzorging: Option<String>,
    /// Planned progress interviews (dates or date + subject).
    pub progress_interviews: Vec<String>,
    pub person_view: String,
    pub person_agrees: bool,
    pub case_worker_name: String,
}

/// A component of the plan with its intensity (e.g. `12 uur per week`).
#[derive(Debug, Clone, Default)]
pub struct PipComponent {
    /// `map`, `knm`, `pvt` or `taal`; anything else is shown as written.
    pub code: String,
    pub intensity: String,
}

/// A goal in one life domain, with the actions agreed for it.
#[derive(Debug, Clone, Default)]
pub struct PipGoal {
    pub life_domain: String,
    pub goal: String,
    pub actions: Vec<PipAction>,
}

/// Who does what, by when.
#[derive(Debug, Clone, Default)]
pub struct PipAction {
    pub who: String,
    pub what: String,
    pub by_when: String,
}

/// Rendering failed (a PIP or a letter). Messages carry typst's diagnostics, never document
/// content beyond them.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("PDF layout failed: {0}")]
    Compile(String),
    #[error("PDF export failed: {0}")]
    Export(String),
}

/// Renders the PIP decision as a PDF/A-2u: the Dutch decision, and for any `lang` other than
/// Dutch a separate translated section after it.
pub fn render_pip(doc: &PipDocument, lang: PipLanguage) -> Result<Vec<u8>, PdfError> {
    compile_pdfa(
        markup::build(doc, lang),
        format!("regie-pip-{}-{}", doc.person_reference, doc.version),
        document_date(&doc.dagtekening),
    )
}

/// Compiles a typst source (built from escaped literals only, see [`markup::lit`]) with the
/// embedded fonts to a PDF/A-2u. `ident` should be stable for the same document (only its hash
/// is written); `date` is the PDF creation date.
pub(crate) fn compile_pdfa(source: String, ident: String, date: Datetime) -> Result<Vec<u8>, PdfError> {
    let world = PipWorld::new(source);
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|diags| PdfError::Compile(join_diagnostics(diags.iter().map(|d| &d.message))))?;
    let standards = PdfStandards::new(&[PdfStandard::A_2u]).map_err(|e| PdfError::Export(e.message().to_string()))?;
    let options = PdfOptions {
        ident: Smart::Custom(ident),
        standards,
        timestamp: Some(Timestamp::new_utc(date)),
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options)
        .map_err(|diags| PdfError::Export(join_diagnostics(diags.iter().map(|d| &d.message))));
    // typst memoizes across compilations in a process-wide cache; drop what the last renders
    // did not use, so a long-running server does not grow without bound. What every document
    // shares (fixed texts, fonts) stays cached.
    typst::comemo::evict(CACHE_MAX_AGE);
    pdf
}

/// Renders after which an unused memoized result is dropped.
const CACHE_MAX_AGE: usize = 16;

/// The PDF creation date (PDF/A requires one): the dagtekening, so the same decision gives the
/// same bytes; today (UTC) only when the dagtekening is not a date.
fn document_date(dagtekening: &str) -> Datetime {
    parse_date(dagtekening).unwrap_or_else(today_utc)
}

/// Parses `dd-mm-jjjj` (also with `/` or `.`) or ISO `jjjj-mm-dd`.
fn parse_date(s: &str) -> Option<Datetime> {
    let parts: Vec<&str> = s.trim().split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else { return None };
    let (y, m, d) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    if y.len() != 4 {
        return None;
    }
    Datetime::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn today_utc() -> Datetime {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Datetime::from_ymd(year, month, day).expect("valid civil date")
}

fn join_diagnostics<'a>(messages: impl Iterator<Item = &'a typst::ecow::EcoString>) -> String {
    messages.map(|m| m.as_str()).collect::<Vec<_>>().join("; ")
}

/// Every fixed text of `lang` (for glyph-coverage tests).
#[doc(hidden)]
pub fn fixed_texts(lang: PipLanguage) -> Vec<&'static str> {
    Labels::for_language(lang).all()
}

/// The embedded font files as (file name, bytes) (for glyph-coverage tests).
#[doc(hidden)]
pub fn embedded_fonts() -> &'static [(&'static str, &'static [u8])] {
    &fonts::FONT_FILES
}

/// The typst source that [`render_pip`] compiles (for tests and debugging).
#[doc(hidden)]
pub fn typst_source(doc: &PipDocument, lang: PipLanguage) -> String {
    markup::build(doc, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_round_trip() {
        for lang in PipLanguage::ALL {
            assert_eq!(PipLanguage::parse(lang.code()), Some(lang));
            assert_eq!(PipLanguage::parse(&lang.code().to_uppercase()), Some(lang));
        }
        assert_eq!(PipLanguage::parse("fa-AF"), Some(PipLanguage::Prs));
        assert_eq!(PipLanguage::parse("xx"), None);
        assert!(PipLanguage::Prs.is_rtl() && PipLanguage::Fa.is_rtl() && PipLanguage::Ar.is_rtl());
        assert!(!PipLanguage::Ti.is_rtl() && !PipLanguage::Uk.is_rtl());
    }

    #[test]
    fn dates_parse() {
        assert_eq!(parse_date("14-12-2026"), Datetime::from_ymd(2026, 12, 14));
        assert_eq!(parse_date("2026-12-14"), Datetime::from_ymd(2026, 12, 14));
        assert_eq!(parse_date("31-02-2026"), None);
        assert_eq!(parse_date("morgen"), None);
        let today = today_utc();
        assert!(today.year().unwrap() >= 2024);
    }

    #[test]
    fn every_language_has_complete_labels() {
        for lang in PipLanguage::ALL {
            for text in fixed_texts(lang) {
                assert!(!text.trim().is_empty(), "{lang:?} has an empty label");
            }
        }
    }
}
