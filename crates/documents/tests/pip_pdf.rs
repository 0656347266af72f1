//! PIP decision as PDF/A: every language renders, fonts are embedded and cover every fixed text,
//! Arabic and Tigrinya come back as text, hostile input stays text.
//!
//! Needs poppler-utils (`pdftoppm`, `pdftotext`, `pdffonts`) on the PATH. PNG pages of the
//! Arabic and Tigrinya PDFs are written to `$CARGO_TARGET_DIR/test-artifacts/` for inspection.

#[path = "common/pip_sample.rs"]
mod pip_sample;

use std::path::{Path, PathBuf};
use std::process::Command;

use regie_documents::pip::{
    embedded_fonts, fixed_texts, render_pip, typst_source, PipAction, PipComponent, PipDocument, PipGoal, PipLanguage,
};

use pip_sample::sample;

/// `$CARGO_TARGET_DIR/test-artifacts`, else the target folder this test binary lives in, else
/// `target/test-artifacts`.
fn artifacts_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            // <target>/<profile>/deps/<test binary>
            std::env::current_exe().ok()?.ancestors().nth(3).map(Path::to_path_buf)
        })
        .unwrap_or_else(|| PathBuf::from("target"));
    let dir = target.join("test-artifacts");
    std::fs::create_dir_all(&dir).expect("create test-artifacts dir");
    dir
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} not runnable ({e}); install poppler-utils"));
    assert!(out.status.success(), "{name} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("tool output is UTF-8")
}

fn write_pdf(name: &str, pdf: &[u8]) -> PathBuf {
    let path = artifacts_dir().join(name);
    std::fs::write(&path, pdf).expect("write pdf");
    path
}

fn pdf_text(path: &Path) -> String {
    tool("pdftotext", &["-enc", "UTF-8", path.to_str().unwrap(), "-"])
}

/// Text without whitespace and bidi controls (pdftotext adds embeddings around right-to-left
/// runs), for comparisons that must not depend on line breaking.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

fn assert_pdfa_with_embedded_fonts(lang: PipLanguage, pdf: &[u8]) {
    assert!(pdf.starts_with(b"%PDF-"), "{lang:?}: not a PDF");
    let raw = String::from_utf8_lossy(pdf);
    assert!(raw.contains("pdfaid:part"), "{lang:?}: no PDF/A identification in XMP");
    assert!(raw.contains("pdfaid:part>2<") || raw.contains("pdfaid:part=\"2\""), "{lang:?}: not PDF/A-2");
    assert!(raw.contains("/FontFile"), "{lang:?}: no embedded font program");
}

#[test]
fn every_language_renders_as_pdfa_with_embedded_fonts() {
    let doc = sample();
    for lang in PipLanguage::ALL {
        let pdf = render_pip(&doc, lang).unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        assert_pdfa_with_embedded_fonts(lang, &pdf);
        // Own file name: the Arabic and Tigrinya tests write pip-ar.pdf / pip-ti.pdf in parallel.
        let path = write_pdf(&format!("pip-check-{}.pdf", lang.code()), &pdf);
        // Every font that pdffonts lists is embedded (column "emb" = yes).
        let fonts = tool("pdffonts", &[path.to_str().unwrap()]);
        let rows: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
        assert!(!rows.is_empty(), "{lang:?}: no fonts listed");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type [encoding...] emb sub uni object ID: emb is the 5th column from the end.
            assert_eq!(cols[cols.len() - 5], "yes", "{lang:?}: font not embedded: {row}");
            assert_eq!(cols[cols.len() - 3], "yes", "{lang:?}: font without ToUnicode: {row}");
        }
        // The Dutch decision is always there, and its bezwaar deadline.
        let text = squash(&pdf_text(&path));
        assert!(text.contains(&squash("Besluit: persoonlijk plan inburgering en participatie (PIP)")), "{lang:?}");
        assert!(text.contains("25-01-2027"), "{lang:?}: objection deadline missing");
        if lang != PipLanguage::Nl {
            let heading = fixed_texts(lang)[0];
            assert!(text.contains(&squash(heading)) || lang.is_rtl(), "{lang:?}: translation heading missing");
        }
    }
}

/// Renders `lang`, writes PDF and PNG pages to the artifacts folder and returns the PDF text.
fn render_with_artifacts(lang: PipLanguage) -> String {
    let pdf = render_pip(&sample(), lang).expect("render");
    let path = write_pdf(&format!("pip-{}.pdf", lang.code()), &pdf);
    let prefix = artifacts_dir().join(format!("pip-{}", lang.code()));
    tool("pdftoppm", &["-png", "-r", "80", path.to_str().unwrap(), prefix.to_str().unwrap()]);
    let pages: Vec<PathBuf> = std::fs::read_dir(artifacts_dir())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            name.starts_with(&format!("pip-{}-", lang.code())) && name.ends_with(".png")
        })
        .collect();
    assert!(pages.len() >= 2, "{lang:?}: expected PNG pages, got {pages:?}");
    for page in &pages {
        assert!(std::fs::metadata(page).unwrap().len() > 1000, "{page:?} is empty");
    }
    pdf_text(&path)
}

/// pdftotext may give right-to-left lines in visual order; accept the text either way round.
fn contains_either_order(haystack: &str, needle: &str) -> bool {
    let hay = squash(haystack);
    let needle = squash(needle);
    let reversed: String = needle.chars().rev().collect();
    hay.contains(&needle) || hay.contains(&reversed)
}

#[test]
fn arabic_comes_back_as_text_and_png() {
    let text = render_with_artifacts(PipLanguage::Ar);
    // Headings without diacritics or brackets: pdftotext puts a shadda on a line of its own and
    // mirrors brackets in visual order, which says nothing about the PDF.
    for heading in ["الأهداف والإجراءات", "أجزاء خطتك", "مدة الاندماج الخاصة بك", "مقابلات متابعة التقدم"]
    {
        assert!(contains_either_order(&text, heading), "Arabic heading {heading} not extractable:\n{text}");
    }
}

#[test]
fn tigrinya_comes_back_as_text_and_png() {
    let text = render_with_artifacts(PipLanguage::Ti);
    for heading in ["ትርጉም፡ ትግርኛ", "ዕላማታትን ስጉምትታትን", "ተቓውሞ (bezwaar)", "ውሳነ፡ ውልቃዊ መደብ ምውህሃድን ተሳትፎን (PIP)"]
    {
        assert!(squash(&text).contains(&squash(heading)), "Tigrinya heading {heading} not extractable:\n{text}");
    }
}

/// Every character of every fixed text is in the cmap of at least one embedded font, so no
/// label can render as .notdef (tofu).
#[test]
fn embedded_fonts_cover_every_fixed_text() {
    let faces: Vec<(&str, ttf_parser::Face)> = embedded_fonts()
        .iter()
        .map(|(name, data)| (*name, ttf_parser::Face::parse(data, 0).expect("parse font")))
        .collect();
    for lang in PipLanguage::ALL {
        for text in fixed_texts(lang) {
            for c in text.chars() {
                if c.is_whitespace() || matches!(c, '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}') {
                    continue;
                }
                let covered: Vec<&str> =
                    faces.iter().filter(|(_, f)| f.glyph_index(c).is_some()).map(|(n, _)| *n).collect();
                assert!(!covered.is_empty(), "{lang:?}: {c:?} (U+{:04X}) in {text:?} has no glyph", c as u32);
                // Script letters must come from the script's own font.
                let cp = c as u32;
                if (0x0600..=0x06FF).contains(&cp) {
                    assert!(covered.iter().any(|n| n.starts_with("NotoNaskhArabic")), "{c:?}");
                }
                if (0x1200..=0x139F).contains(&cp) {
                    assert!(covered.iter().any(|n| n.starts_with("NotoSansEthiopic")), "{c:?}");
                }
            }
        }
    }
}

/// Placeholders in the translations match the Dutch ones, so no value goes missing.
#[test]
fn translations_keep_the_placeholders() {
    fn placeholders(texts: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = texts
            .iter()
            .flat_map(|t| t.match_indices('{').map(move |(i, _)| t[i..].split('}').next().unwrap().to_string()))
            .collect();
        v.sort();
        v
    }
    let nl = placeholders(&fixed_texts(PipLanguage::Nl));
    for lang in PipLanguage::ALL {
        assert_eq!(placeholders(&fixed_texts(lang)), nl, "{lang:?}");
    }
}

const HOSTILE: &[&str] = &[
    "#panic(\"injected\")",
    "\"); #panic(\"injected\"); (\"",
    "*bold* _emph_ `raw`",
    "$x^2$ and $",
    "] ] ]) } }",
    "\\ \\\\ \\\"",
    "// line comment",
    "/* block comment",
    "<label> @reference",
    "= Heading\n- list\n+ enum",
    "#set page(fill: red)",
    "#{ \"code\" }",
    "~ -- --- ... 'quote'",
];

fn hostile_document() -> PipDocument {
    let h = |i: usize| HOSTILE[i % HOSTILE.len()].to_string();
    PipDocument {
        municipality_name: h(0),
        organisation_name: h(1),
        person_name: h(2),
        person_reference: h(3),
        version: -1,
        dagtekening: h(4),
        objection_deadline: h(5),
        version_reason: Some(h(6)),
        route_code: h(7),
        language_target: h(8),
        termijn_start: h(9),
        termijn_end: h(10),
        components: vec![PipComponent { code: h(11), intensity: h(12) }],
        goals: vec![PipGoal {
            life_domain: h(0),
            goal: h(1),
            actions: vec![PipAction { who: h(2), what: h(3), by_when: h(4) }],
        }],
        preconditions: HOSTILE.iter().map(|s| s.to_string()).collect(),
        ontzorging: Some(h(5)),
        progress_interviews: vec![h(6), h(7)],
        person_view: HOSTILE.join(" "),
        person_agrees: false,
        case_worker_name: h(8),
    }
}

#[test]
fn hostile_input_stays_text() {
    let doc = hostile_document();
    for lang in [PipLanguage::Nl, PipLanguage::Ar] {
        let pdf = render_pip(&doc, lang).unwrap_or_else(|e| panic!("{lang:?}: hostile input broke rendering: {e}"));
        assert_pdfa_with_embedded_fonts(lang, &pdf);
        let path = write_pdf(&format!("pip-hostile-{}.pdf", lang.code()), &pdf);
        let text = squash(&pdf_text(&path));
        // Each hostile string comes back literally (as the preconditions list shows them all).
        for h in HOSTILE {
            assert!(text.contains(&squash(h)), "{lang:?}: {h:?} not shown literally");
        }
    }
    // No page was coloured and no extra heading was made: the source has exactly the headings
    // the builder writes and no caller text outside string literals.
    let source = typst_source(&doc, PipLanguage::Nl);
    assert!(!source.contains("\n#set page(fill"));
    assert!(!source.contains("\n= Heading"));
}

#[test]
fn empty_document_renders() {
    let doc = PipDocument::default();
    for lang in [PipLanguage::Nl, PipLanguage::Fa, PipLanguage::Ti] {
        let pdf = render_pip(&doc, lang).unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
