//! Letters at the end of ontzorging as PDF/A: the handover letter renders in every language with
//! the creditors and amounts as extractable text, the creditor letter carries the reference,
//! fonts cover every fixed text, and hostile input stays text.
//!
//! Needs poppler-utils (`pdftotext`) on the PATH. The PDFs are written to
//! `$CARGO_TARGET_DIR/test-artifacts/` for inspection.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use regie_documents::letters::{
    creditor_letter_pdf, fixed_texts, handover_letter_pdf, handover_typst_source, CreditorLetter, HandoverLetter,
    LetterCost,
};
use regie_documents::pip::{embedded_fonts, PipLanguage};
use regie_domain::ids::Cents;

/// `$CARGO_TARGET_DIR/test-artifacts`, else the target folder this test binary lives in.
fn artifacts_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::current_exe().ok()?.ancestors().nth(3).map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("target"));
    let dir = target.join("test-artifacts");
    std::fs::create_dir_all(&dir).expect("create test-artifacts dir");
    dir
}

fn pdf_text(name: &str, pdf: &[u8]) -> String {
    let path = artifacts_dir().join(name);
    std::fs::write(&path, pdf).expect("write pdf");
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8", path.to_str().unwrap(), "-"])
        .output()
        .unwrap_or_else(|e| panic!("pdftotext not runnable ({e}); install poppler-utils"));
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("pdftotext output is UTF-8")
}

/// Text without whitespace and bidi controls, for comparisons that must not depend on line
/// breaking or on how pdftotext marks right-to-left runs.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

/// pdftotext may give right-to-left lines in visual order; accept the text either way round.
fn contains_either_order(haystack: &str, needle: &str) -> bool {
    let hay = squash(haystack);
    let needle = squash(needle);
    let reversed: String = needle.chars().rev().collect();
    hay.contains(&needle) || hay.contains(&reversed)
}

fn assert_pdfa(what: &str, pdf: &[u8]) {
    assert!(pdf.starts_with(b"%PDF-"), "{what}: not a PDF");
    let raw = String::from_utf8_lossy(pdf);
    assert!(raw.contains("pdfaid:part>2<") || raw.contains("pdfaid:part=\"2\""), "{what}: not PDF/A-2");
    assert!(raw.contains("/FontFile"), "{what}: no embedded font program");
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn cost(code: &str, label: &str, creditor: &str, reference: &str, cents: i64) -> LetterCost {
    LetterCost {
        cost_type: code.into(),
        cost_type_label_nl: label.into(),
        creditor_name: creditor.into(),
        reference: reference.into(),
        monthly_amount: Cents(cents),
    }
}

fn handover() -> HandoverLetter {
    HandoverLetter {
        municipality_name: "Gemeente Zwolle".into(),
        date: date(2027, 5, 14),
        person_name: "Amina Haile Tesfay".into(),
        address_lines: vec!["Assendorperstraat 12".into(), "8012 CH Zwolle".into()],
        plan_end: date(2027, 5, 31),
        first_own_month: date(2027, 6, 1),
        costs: vec![
            cost("huur", "Huur", "deltaWonen", "HUUR-48213", 72_550),
            cost("energie", "Energie", "Vattenfall", "KL 9876543", 13_900),
            cost("water", "Water", "Vitens", "VIT-2231-09", 2_245),
            cost("zorgverzekering", "Zorgverzekering", "Zilveren Kruis", "ZK 55 01 992", 14_375),
            cost("internet", "Internet en telefoon", "KPN", "KPN-77120", 4_500),
        ],
        contact: "Klantmanager Sanne de Vries, 038 498 00 00".into(),
    }
}

/// The start of the note before the Dutch copy of a translated letter.
const DUTCH_COPY_MARK: &str = "Hieronder staat dezelfde brief";

const AMOUNTS: [&str; 6] = ["€ 725,50", "€ 139,00", "€ 22,45", "€ 143,75", "€ 45,00", "€ 1.075,70"];

#[test]
fn handover_letter_renders_in_every_language() {
    let letter = handover();
    for lang in PipLanguage::ALL {
        let pdf = handover_letter_pdf(&letter, lang).unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        assert_pdfa(&format!("handover {lang:?}"), &pdf);
        let text = pdf_text(&format!("letter-handover-{}.pdf", lang.code()), &pdf);
        // The letter in `lang` comes first; for other languages the Dutch copy follows it.
        let (own, dutch) = match text.split_once(DUTCH_COPY_MARK) {
            Some((own, dutch)) => (own, Some(dutch)),
            None => (text.as_str(), None),
        };
        assert_eq!(dutch.is_some(), lang != PipLanguage::Nl, "{lang:?}: Dutch copy");
        for part in [Some(own), dutch].into_iter().flatten() {
            for c in &letter.costs {
                assert!(
                    contains_either_order(part, &c.creditor_name),
                    "{lang:?}: creditor {} missing",
                    c.creditor_name
                );
                assert!(contains_either_order(part, &c.reference), "{lang:?}: reference {} missing", c.reference);
            }
            for amount in AMOUNTS {
                assert!(contains_either_order(part, amount), "{lang:?}: amount {amount} missing:\n{part}");
            }
            assert!(contains_either_order(part, "Sanne de Vries"), "{lang:?}: contact missing");
        }
        let dutch = squash(dutch.unwrap_or(own));
        assert!(dutch.contains("Vanafjuni2027betaaltuuwvastelastenzelf"), "{lang:?}: Dutch title missing");
        if !lang.is_rtl() {
            let allowances_heading = fixed_texts(lang)[13];
            assert!(squash(own).contains(&squash(allowances_heading)), "{lang:?}: {allowances_heading:?} missing");
        }
    }
}

#[test]
fn handover_letter_names_the_month_in_the_letters_language() {
    let letter = handover();
    let cases = [
        (PipLanguage::En, "June 2027"),
        (PipLanguage::Tr, "Haziran 2027"),
        (PipLanguage::So, "Juun 2027"),
        (PipLanguage::Uk, "червня 2027 року"),
        (PipLanguage::Ti, "ሰነ 2027"),
        (PipLanguage::Ar, "يونيو"),
    ];
    for (lang, month) in cases {
        let pdf = handover_letter_pdf(&letter, lang).unwrap();
        let text = pdf_text(&format!("letter-month-{}.pdf", lang.code()), &pdf);
        assert!(contains_either_order(&text, month), "{lang:?}: {month} missing:\n{text}");
    }
}

#[test]
fn unknown_cost_types_fall_back_to_the_dutch_label() {
    let letter = handover();
    let source = handover_typst_source(&letter, PipLanguage::En);
    assert!(source.contains("Internet en telefoon"));
    assert!(source.contains("\"Rent\""));
}

#[test]
fn creditor_letter_contains_reference_person_and_months() {
    let letter = CreditorLetter {
        municipality_name: "Zwolle".into(),
        date: date(2027, 5, 14),
        creditor_name: "deltaWonen".into(),
        reference: "HUUR-48213".into(),
        person_name: "Amina Haile Tesfay".into(),
        last_paid_month: date(2027, 5, 20),
        contact: "Team Ontzorging, 038 498 00 00, ontzorging@zwolle.nl".into(),
    };
    let pdf = creditor_letter_pdf(&letter).expect("render");
    assert_pdfa("creditor", &pdf);
    let text = squash(&pdf_text("letter-creditor.pdf", &pdf));
    for needle in
        ["HUUR-48213", "deltaWonen", "AminaHaileTesfay", "mei2027", "Vanafjuni2027", "GemeenteZwolle", "14mei2027"]
    {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    // December rolls over into January of the next year.
    let december = CreditorLetter { last_paid_month: date(2027, 12, 1), ..letter };
    let text = squash(&pdf_text("letter-creditor-december.pdf", &creditor_letter_pdf(&december).unwrap()));
    assert!(text.contains("december2027") && text.contains("Vanafjanuari2028"), "{text}");
}

/// Every character of every fixed text is in the cmap of an embedded font, so no label can
/// render as .notdef (tofu).
#[test]
fn embedded_fonts_cover_every_fixed_text() {
    let faces: Vec<ttf_parser::Face> =
        embedded_fonts().iter().map(|(_, data)| ttf_parser::Face::parse(data, 0).expect("parse font")).collect();
    for lang in PipLanguage::ALL {
        for text in fixed_texts(lang) {
            for c in text.chars() {
                if c.is_whitespace() || matches!(c, '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}') {
                    continue;
                }
                assert!(
                    faces.iter().any(|f| f.glyph_index(c).is_some()),
                    "{lang:?}: {c:?} (U+{:04X}) in {text:?} has no glyph",
                    c as u32
                );
            }
        }
    }
}

#[test]
fn hostile_input_stays_text() {
    let hostile = ["#panic(\"injected\")", "\"); #panic(\"x\"); (\"", "] ) } *bold* $x$", "// comment", "<l> @ref"];
    let mut letter = handover();
    letter.municipality_name = hostile[0].into();
    letter.person_name = hostile[1].into();
    letter.address_lines = hostile.iter().map(|h| h.to_string()).collect();
    letter.contact = hostile[2].into();
    letter.costs = hostile.iter().map(|h| cost(h, h, h, h, 1)).collect();
    for lang in [PipLanguage::Nl, PipLanguage::Ar] {
        let pdf = handover_letter_pdf(&letter, lang).unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        let text = squash(&pdf_text(&format!("letter-hostile-{}.pdf", lang.code()), &pdf));
        for h in hostile {
            assert!(text.contains(&squash(h)), "{lang:?}: {h:?} not shown literally");
        }
    }
    let creditor = CreditorLetter {
        municipality_name: hostile[0].into(),
        date: date(2027, 1, 1),
        creditor_name: hostile[1].into(),
        reference: hostile[2].into(),
        person_name: hostile[3].into(),
        last_paid_month: date(2027, 1, 1),
        contact: hostile[4].into(),
    };
    let text = squash(&pdf_text("letter-hostile-creditor.pdf", &creditor_letter_pdf(&creditor).unwrap()));
    for h in hostile {
        assert!(text.contains(&squash(h)), "creditor: {h:?} not shown literally");
    }
}

#[test]
fn letter_without_costs_renders() {
    let mut letter = handover();
    letter.costs.clear();
    letter.address_lines.clear();
    for lang in [PipLanguage::Nl, PipLanguage::Fa, PipLanguage::Ti] {
        let pdf = handover_letter_pdf(&letter, lang).unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
