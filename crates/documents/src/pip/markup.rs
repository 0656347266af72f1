//! Builds the typst source of the PIP decision. The escaping and bidi helpers are also used by
//! the letters (`crate::letters`), so every document the crate renders follows the same rules.
//!
//! Injection safety: caller data never enters the source as markup. Every caller string (and
//! every fixed label too) is written as a typst *string literal* in code position (`"..."` as a
//! function argument, or `#"...";` inside a content block), escaped by [`lit`]. A string value is
//! shown as plain text by typst: `#`, `*`, `$`, `]`, `//`, `<`, `@` and the like have no meaning
//! inside it, and the literal cannot be left because `"` and `\` are escaped.

use std::fmt::Write as _;

use super::fonts::{ARABIC, ETHIOPIC, LATIN};
use super::labels::Labels;
use super::{PipDocument, PipLanguage};

/// A typst string literal holding `s` as plain text.
///
/// Escapes `\` and `"`, writes line breaks and tabs as escapes, drops other control characters
/// and drops the explicit bidi embedding/override/isolate controls (U+202A–U+202E,
/// U+2066–U+2069) so that caller text cannot reorder the text around it.
pub(crate) fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The direction of the first strong character of `s` (the HTML `dir="auto"` rule): `Some(true)`
/// for right-to-left, `Some(false)` for left-to-right, `None` when `s` has no letter at all.
fn first_strong_rtl(s: &str) -> Option<bool> {
    for c in s.chars() {
        let cp = c as u32;
        let rtl = matches!(cp,
            0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF);
        if rtl {
            return Some(true);
        }
        if c.is_alphabetic() {
            return Some(false);
        }
    }
    None
}

/// A typst string literal holding `s` as a bidi isolate (FSI ... PDI): inside a paragraph of the
/// other direction it keeps its own order. Without it a date like `02-10-2026` after Arabic
/// letters is shown as `2026-10-02` (its digits become Arabic numbers and the hyphens neutrals).
pub(crate) fn iso(s: &str) -> String {
    let l = lit(s);
    format!("\"\u{2068}{}\u{2069}\"", &l[1..l.len() - 1])
}

/// Wraps the typst expression `expr` in a block of the direction of `text`, aligned to that
/// direction's start; neutral text just follows the section.
fn directed(text: &str, expr: String) -> String {
    match first_strong_rtl(text) {
        Some(true) => format!("pip-rtl({expr})"),
        Some(false) => format!("pip-ltr({expr})"),
        None => expr,
    }
}

/// A block-level free text written by a person: its own paragraph direction follows its first
/// strong character, whatever the surrounding section's direction.
pub(crate) fn free(s: &str) -> String {
    directed(s, lit(s))
}

/// One piece of an inline text.
pub(crate) enum Piece<'a> {
    /// A fixed text.
    Text(&'a str),
    /// A caller value, in bold, isolated.
    Strong(&'a str),
    /// A caller value, isolated.
    Value(&'a str),
}

/// Splits a label at `{name}` placeholders and fills them; values are set in bold.
pub(crate) fn fill<'a>(template: &'a str, args: &[(&str, &'a str)]) -> Vec<Piece<'a>> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|i| open + i) else { break };
        let name = &rest[open + 1..close];
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => {
                if open > 0 {
                    pieces.push(Piece::Text(&rest[..open]));
                }
                pieces.push(Piece::Strong(value));
            }
            None => pieces.push(Piece::Text(&rest[..=close])),
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    pieces
}

/// A content block `[...]` of the pieces, with no markup but string literals.
pub(crate) fn inline(pieces: &[Piece<'_>]) -> String {
    let mut out = String::from("[");
    for p in pieces {
        match p {
            Piece::Text(t) => {
                let _ = write!(out, "#{};", lit(t));
            }
            Piece::Strong(t) => {
                let _ = write!(out, "#strong({});", iso(t));
            }
            Piece::Value(t) => {
                let _ = write!(out, "#{};", iso(t));
            }
        }
    }
    out.push(']');
    out
}

pub(crate) fn filled(template: &str, args: &[(&str, &str)]) -> String {
    inline(&fill(template, args))
}

/// The municipality name without a leading "gemeente" (the labels add their own word for it).
fn municipality(doc: &PipDocument) -> &str {
    let name = doc.municipality_name.trim();
    let lower = name.to_lowercase();
    if lower.starts_with("gemeente ") {
        name["gemeente ".len()..].trim_start()
    } else {
        name
    }
}

fn typst_lang(lang: PipLanguage) -> &'static str {
    lang.code()
}

/// Font order for a language: the script's own font first.
pub(crate) fn font_list(lang: PipLanguage) -> String {
    let order: [&str; 3] = match lang {
        PipLanguage::Ar | PipLanguage::Fa | PipLanguage::Prs => [ARABIC, LATIN, ETHIOPIC],
        PipLanguage::Ti => [ETHIOPIC, LATIN, ARABIC],
        _ => [LATIN, ARABIC, ETHIOPIC],
    };
    format!("({}, {}, {})", lit(order[0]), lit(order[1]), lit(order[2]))
}

/// The whole typst source for `doc`, Dutch first and then, unless `lang` is Dutch, the
/// translation.
pub(crate) fn build(doc: &PipDocument, lang: PipLanguage) -> String {
    let mut s = String::with_capacity(16 * 1024);
    let nl = Labels::for_language(PipLanguage::Nl);
    let _ = write!(
        s,
        r#"#set document(title: {title}, author: {author})
#set page(paper: "a4", margin: (x: 2.2cm, top: 2cm, bottom: 2.4cm), footer: context {{
  set text(size: 8pt, fill: luma(35%), lang: "nl", dir: ltr, font: {fonts_nl})
  {footer}
  h(1fr)
  counter(page).display("1 / 1", both: true)
}})
#set text(font: {fonts_nl}, size: 10pt, lang: "nl", hyphenate: false)
#set par(leading: 0.62em, spacing: 0.95em)
#show heading.where(level: 1): set text(size: 14pt)
#show heading.where(level: 2): set text(size: 11.5pt)
#show heading.where(level: 3): set text(size: 10pt)
#show heading: set block(above: 1.3em, below: 0.7em)
#set table(stroke: 0.5pt + luma(55%), inset: 5pt)
#show table.cell.where(y: 0): set text(weight: "bold")
#let pip-ltr(body) = block(width: 100%, {{ set text(dir: ltr); set align(left); body }})
#let pip-rtl(body) = block(width: 100%, {{ set text(dir: rtl); set align(right); body }})
"#,
        title = lit(nl.title),
        author = lit(&doc.organisation_name),
        fonts_nl = font_list(PipLanguage::Nl),
        footer = inline(&[
            Piece::Text(nl.reference),
            Piece::Text(" "),
            Piece::Value(&doc.person_reference),
            Piece::Text(" · "),
            Piece::Text(nl.version),
            Piece::Text(" "),
            Piece::Value(&doc.version.to_string()),
        ]),
    );

    section(&mut s, doc, PipLanguage::Nl);

    if lang != PipLanguage::Nl {
        let labels = Labels::for_language(lang);
        let announce = format!(
            "Vertaling in het {}. Deze vertaling is een hulpmiddel: alleen de Nederlandse tekst hiervoor is het besluit.",
            lang.name_nl()
        );
        let _ = write!(
            s,
            "\n#pagebreak()\n#block(width: 100%, inset: (y: 6pt), stroke: (top: 2pt + black, bottom: 0.5pt + black), text(size: 9pt, {}))\n",
            lit(&announce)
        );
        let _ = write!(
            s,
            "#[\n#set text(lang: {}, dir: {}, font: {})\n#heading(level: 1, outlined: false, {})\n#block(width: 100%, fill: luma(94%), inset: 8pt, radius: 2pt)[#par({}) #par({})]\n",
            lit(typst_lang(lang)),
            if lang.is_rtl() { "rtl" } else { "ltr" },
            font_list(lang),
            lit(labels.translation_heading),
            lit(labels.translation_note),
            lit(labels.original_note),
        );
        section(&mut s, doc, lang);
        s.push_str("]\n");
    }
    s
}

/// One full copy of the decision in `lang`.
fn section(s: &mut String, doc: &PipDocument, lang: PipLanguage) {
    let l = Labels::for_language(lang);
    let m = municipality(doc);
    let version = doc.version.to_string();
    let p = |s: &mut String, body: String| {
        let _ = writeln!(s, "#par({body})");
    };
    let h2 = |s: &mut String, text: &str| {
        let _ = writeln!(s, "#heading(level: 2, {})", lit(text));
    };

    // Letterhead.
    let _ = writeln!(
        s,
        "#text(size: 15pt, weight: \"bold\", {})\\\n#text(size: 9pt, {})",
        filled(l.municipality_heading, &[("municipality", m)]),
        iso(&doc.organisation_name)
    );
    let _ = writeln!(
        s,
        "#v(6pt)\n#grid(columns: (auto, 1fr), column-gutter: 12pt, row-gutter: 5pt, {}, {}, {}, {}, {}, {}, {}, {})",
        lit(l.to),
        iso(&doc.person_name),
        lit(l.reference),
        iso(&doc.person_reference),
        lit(l.version),
        iso(&version),
        lit(l.dagtekening),
        iso(&doc.dagtekening),
    );
    let _ = writeln!(s, "#heading(level: 1, {})", lit(l.title));
    p(s, filled(l.intro, &[("municipality", m)]));

    let reason = doc.version_reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    if doc.version > 1 || reason.is_some() {
        p(s, lit(l.version_replaces));
        if let Some(reason) = reason {
            let _ = writeln!(s, "#par(strong({}))", lit(l.version_reason));
            let _ = writeln!(s, "#block(inset: (x: 8pt), {})", free(reason));
        }
    }

    // Route.
    h2(s, l.route_heading);
    let route = match doc.route_code.trim().to_lowercase().as_str() {
        "b1" | "b1-route" | "b1route" => Some(0),
        "onderwijsroute" | "onderwijs" | "or" => Some(1),
        "z" | "z_route" | "z-route" | "zroute" => Some(2),
        _ => None,
    };
    match route {
        Some(i) => {
            let (name, explanation) = l.routes[i];
            let _ = writeln!(s, "#par(strong({}))", lit(name));
            p(s, lit(explanation));
        }
        None => {
            let _ = writeln!(s, "#par(strong({}))", iso(&doc.route_code));
        }
    }
    if !doc.language_target.trim().is_empty() {
        p(s, inline(&[Piece::Text(l.language_target), Piece::Text(" "), Piece::Strong(&doc.language_target)]));
    }

    // Components.
    h2(s, l.components_heading);
    if doc.components.is_empty() {
        p(s, lit(l.none));
    } else {
        let _ =
            write!(s, "#table(columns: (1.6fr, 1fr), table.header({}, {})", lit(l.component_col), lit(l.intensity_col));
        for c in &doc.components {
            let name = match c.code.trim().to_lowercase().as_str() {
                "map" => lit(l.components[0]),
                "knm" => lit(l.components[1]),
                "pvt" => lit(l.components[2]),
                "taal" => lit(l.components[3]),
                _ => free(&c.code),
            };
            let _ = write!(s, ", {name}, {}", free(&c.intensity));
        }
        s.push_str(")\n");
    }

    // Goals and actions.
    h2(s, l.goals_heading);
    if doc.goals.is_empty() {
        p(s, lit(l.none));
    }
    for g in &doc.goals {
        let _ = writeln!(s, "#heading(level: 3, [#{}; #{}])", lit(&format!("{}:", l.life_domain)), iso(&g.life_domain));
        let _ = writeln!(s, "#par(strong({}))", lit(l.goal));
        let _ = writeln!(s, "#block(inset: (x: 8pt), {})", free(&g.goal));
        if g.actions.is_empty() {
            p(s, lit(l.no_actions));
        } else {
            let _ = write!(
                s,
                "#table(columns: (1fr, 2.4fr, 1fr), table.header({}, {}, {})",
                lit(l.who),
                lit(l.what),
                lit(l.when)
            );
            for a in &g.actions {
                let _ = write!(s, ", {}, {}, {}", free(&a.who), free(&a.what), free(&a.by_when));
            }
            s.push_str(")\n");
        }
    }

    // Preconditions.
    h2(s, l.preconditions_heading);
    list(s, &doc.preconditions, l.none);

    // Ontzorging.
    h2(s, l.ontzorging_heading);
    match doc.ontzorging.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        Some(o) => {
            let _ = writeln!(s, "#block({})", free(o));
        }
        None => p(s, lit(l.ontzorging_none)),
    }

    // Progress interviews.
    h2(s, l.progress_heading);
    if !doc.progress_interviews.is_empty() {
        p(s, lit(l.progress_intro));
    }
    list(s, &doc.progress_interviews, l.none);

    // The person's view.
    h2(s, l.view_heading);
    if !doc.person_view.trim().is_empty() {
        let _ = writeln!(s, "#block(inset: (x: 8pt), {})", free(&doc.person_view));
    }
    p(s, lit(if doc.person_agrees { l.agrees_yes } else { l.agrees_no }));

    // Termijn.
    h2(s, l.termijn_heading);
    p(s, filled(l.termijn_text, &[("start", &doc.termijn_start), ("end", &doc.termijn_end)]));

    // Bezwaar.
    h2(s, l.bezwaar_heading);
    for para in l.bezwaar {
        p(s, filled(para, &[("deadline", &doc.objection_deadline), ("municipality", m)]));
    }

    // Signature.
    let _ = writeln!(
        s,
        "#v(10pt)\n#par({})\n#v(14pt)\n#par([#{};\\ #text(size: 9pt, [#{}; · #{};])])",
        filled(l.closing, &[("municipality", m)]),
        iso(&doc.case_worker_name),
        lit(l.case_worker),
        iso(&doc.organisation_name),
    );
}

/// A bulleted list of free texts; the list as a whole takes the direction of its first item
/// that has a letter, so bullets and text stay on the same side.
fn list(s: &mut String, items: &[String], none: &str) {
    let items: Vec<&String> = items.iter().filter(|i| !i.trim().is_empty()).collect();
    if items.is_empty() {
        let _ = writeln!(s, "#par({})", lit(none));
        return;
    }
    let mut expr = String::from("list(");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            expr.push_str(", ");
        }
        expr.push_str(&iso(item));
    }
    expr.push(')');
    let lead = items.iter().find(|i| first_strong_rtl(i).is_some()).map_or("", |i| i.as_str());
    let _ = writeln!(s, "#{}", directed(lead, expr));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lit_escapes_quotes_backslashes_and_controls() {
        assert_eq!(lit(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(lit("x\ny\tz\u{7}"), r#""x\ny\tz""#);
        assert_eq!(lit("\u{202E}evil\u{2066}"), r#""evil""#);
        // Markup characters stay as they are: inside a string literal they are plain text.
        assert_eq!(lit("#*$]//<@"), r##""#*$]//<@""##);
    }

    #[test]
    fn lit_cannot_be_left() {
        // Whatever the input, the literal ends only at its last character.
        for hostile in [r#"\"); #panic("x") //"#, "\\\"", "\"\"\"", "\\"] {
            let l = lit(hostile);
            let inner = &l[1..l.len() - 1];
            let mut escaped = false;
            for c in inner.chars() {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else {
                    assert_ne!(c, '"', "unescaped quote in {l}");
                }
            }
            assert!(!escaped, "dangling backslash in {l}");
        }
    }

    #[test]
    fn fill_replaces_known_placeholders_only() {
        let pieces = fill("uiterlijk op {deadline}, {unknown} en {deadline}", &[("deadline", "01-02-2027")]);
        let rendered: Vec<String> = pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => format!("T({t})"),
                Piece::Strong(t) => format!("S({t})"),
                Piece::Value(t) => format!("V({t})"),
            })
            .collect();
        assert_eq!(rendered, ["T(uiterlijk op )", "S(01-02-2027)", "T(, {unknown})", "T( en )", "S(01-02-2027)"]);
    }

    #[test]
    fn direction_of_free_text() {
        assert_eq!(first_strong_rtl("  12 أحمد"), Some(true));
        assert_eq!(first_strong_rtl("Ahmed أحمد"), Some(false));
        assert_eq!(first_strong_rtl("ትግርኛ"), Some(false));
        assert_eq!(first_strong_rtl("12-03-2027"), None);
    }

    #[test]
    fn iso_wraps_an_escaped_literal_in_an_isolate() {
        assert_eq!(iso("a\"b"), "\"\u{2068}a\\\"b\u{2069}\"");
        // Caller isolates are dropped, so the builder's own ones always pair up.
        assert_eq!(iso("\u{2069}x"), "\"\u{2068}x\u{2069}\"");
    }
}
