//! Builds the typst source of the letters, with the PIP's injection-safe helpers: every caller
//! string is an escaped string literal ([`lit`]), values inside running text are bidi isolates
//! ([`iso`]), and free text takes its own direction ([`free`]).

use std::fmt::Write as _;

use crate::pip::markup::{fill, filled, font_list, free, inline, iso, lit, Piece};
use crate::pip::PipLanguage;

use super::labels::{HandoverLabels, CREDITOR, DUTCH_COPY_NOTE};
use super::{amount, full_date, month_year, next_month, CreditorLetter, HandoverLetter};

/// The municipality name without a leading "gemeente" (the labels add their own word for it).
fn municipality(name: &str) -> &str {
    let name = name.trim();
    match name.get(..9) {
        Some(prefix) if prefix.eq_ignore_ascii_case("gemeente ") => name[9..].trim_start(),
        _ => name,
    }
}

/// Like [`filled`], but values are not set in bold.
fn filled_plain(template: &str, args: &[(&str, &str)]) -> String {
    let args: Vec<(&str, &str, bool)> = args.iter().map(|(name, value)| (*name, *value, false)).collect();
    styled(template, &args)
}

/// Like [`filled`], with bold only for the values whose flag is set.
fn styled(template: &str, args: &[(&str, &str, bool)]) -> String {
    let plain: Vec<(&str, &str)> = args.iter().map(|(name, value, _)| (*name, *value)).collect();
    let pieces: Vec<Piece<'_>> = fill(template, &plain)
        .into_iter()
        .map(|p| match p {
            // `fill` hands back the very `&str` it was given, so identity tells which argument
            // a value came from (two arguments with equal text can still differ in style).
            Piece::Strong(v) if !args.iter().any(|(_, value, bold)| *bold && std::ptr::eq(*value, v)) => {
                Piece::Value(v)
            }
            p => p,
        })
        .collect();
    inline(&pieces)
}

/// Page setup and styles shared by both letters; the body text is in `lang`.
fn preamble(s: &mut String, title: &str, author: &str, lang: PipLanguage) {
    let _ = write!(
        s,
        r#"#set document(title: {title}, author: {author})
#set page(paper: "a4", margin: (left: 2.4cm, right: 2.2cm, top: 2cm, bottom: 2.4cm), footer: context {{
  set text(size: 8pt, fill: luma(35%), lang: "nl", dir: ltr, font: {fonts_nl})
  h(1fr)
  counter(page).display("1 / 1", both: true)
}})
#set text(font: {fonts}, size: 10.5pt, lang: {lang}, dir: {dir}, hyphenate: false)
#set par(leading: 0.65em, spacing: 1em)
#show heading.where(level: 1): set text(size: 13.5pt)
#show heading.where(level: 2): set text(size: 11.5pt)
#show heading: set block(above: 1.3em, below: 0.7em)
#set table(stroke: 0.5pt + luma(55%), inset: 5pt)
#show table.cell.where(y: 0): set text(weight: "bold")
#let pip-ltr(body) = block(width: 100%, {{ set text(dir: ltr); set align(left); body }})
#let pip-rtl(body) = block(width: 100%, {{ set text(dir: rtl); set align(right); body }})
"#,
        title = lit(title),
        author = lit(author),
        fonts_nl = font_list(PipLanguage::Nl),
        fonts = font_list(lang),
        lang = lit(lang.code()),
        dir = if lang.is_rtl() { "rtl" } else { "ltr" },
    );
}

/// The letterhead and the address block. The address always sits left, left-to-right, where a
/// window envelope shows it, whatever the letter's language.
fn letterhead(s: &mut String, heading: String, recipient: &str, address_lines: &[String]) {
    let _ = writeln!(s, "#text(size: 15pt, weight: \"bold\", {heading})");
    let mut lines = vec![iso(recipient)];
    lines.extend(address_lines.iter().filter(|l| !l.trim().is_empty()).map(|l| iso(l)));
    let _ = writeln!(s, "#v(16pt)\n#pip-ltr(stack(dir: ttb, spacing: 5pt, {}))\n#v(16pt)", lines.join(", "));
}

/// The handover letter: in `lang`, then (unless `lang` is Dutch) in Dutch.
pub(crate) fn handover(letter: &HandoverLetter, lang: PipLanguage) -> String {
    let mut s = String::with_capacity(12 * 1024);
    let l = HandoverLabels::for_language(lang);
    let title = l.title.replace("{month}", &month_year(l, letter.first_own_month));
    let author = HandoverLabels::for_language(PipLanguage::Nl)
        .municipality_heading
        .replace("{municipality}", municipality(&letter.municipality_name));
    preamble(&mut s, &title, &author, lang);
    handover_section(&mut s, letter, lang);
    if lang != PipLanguage::Nl {
        let _ = write!(
            s,
            "\n#pagebreak()\n#[\n#set text(lang: \"nl\", dir: ltr, font: {})\n#block(width: 100%, inset: (y: 6pt), stroke: (bottom: 0.5pt + black), text(size: 9pt, {}))\n",
            font_list(PipLanguage::Nl),
            lit(DUTCH_COPY_NOTE)
        );
        handover_section(&mut s, letter, PipLanguage::Nl);
        s.push_str("]\n");
    }
    s
}

fn handover_section(s: &mut String, letter: &HandoverLetter, lang: PipLanguage) {
    let l = HandoverLabels::for_language(lang);
    let m = municipality(&letter.municipality_name);
    let month = month_year(l, letter.first_own_month);
    let end = full_date(l, letter.plan_end);
    let p = |s: &mut String, body: String| {
        let _ = writeln!(s, "#par({body})");
    };
    let h2 = |s: &mut String, text: &str| {
        let _ = writeln!(s, "#heading(level: 2, {})", lit(text));
    };

    letterhead(
        s,
        filled_plain(l.municipality_heading, &[("municipality", m)]),
        &letter.person_name,
        &letter.address_lines,
    );
    let _ = writeln!(
        s,
        "#grid(columns: (auto, 1fr), column-gutter: 12pt, {}, {})",
        lit(l.date),
        iso(&full_date(l, letter.date))
    );
    let _ = writeln!(s, "#heading(level: 1, {})", filled_plain(l.title, &[("month", &month)]));
    p(s, filled_plain(l.salutation, &[("name", &letter.person_name)]));
    p(s, filled(l.intro, &[("end", &end)]));
    p(s, filled(l.list_intro, &[("month", &month)]));

    if letter.costs.is_empty() {
        p(s, lit(l.no_costs));
    } else {
        let _ = write!(
            s,
            "#table(columns: (auto, 1fr, auto, auto), align: (start, start, start, end), table.header({}, {}, {}, {})",
            lit(l.col_type),
            lit(l.col_creditor),
            lit(l.col_reference),
            lit(l.col_amount)
        );
        let mut total: i64 = 0;
        for c in &letter.costs {
            let kind = match c.cost_type.trim().to_lowercase().as_str() {
                "huur" => lit(l.cost_types[0]),
                "energie" => lit(l.cost_types[1]),
                "water" => lit(l.cost_types[2]),
                "zorgverzekering" => lit(l.cost_types[3]),
                _ => iso(&c.cost_type_label_nl),
            };
            total = total.saturating_add(c.monthly_amount.0);
            let _ = write!(
                s,
                ", {kind}, {}, {}, {}",
                iso(&c.creditor_name),
                iso(&c.reference),
                iso(&amount(c.monthly_amount))
            );
        }
        let _ = writeln!(
            s,
            ", table.cell(colspan: 3, strong({})), strong({}))",
            lit(l.total),
            iso(&amount(regie_domain::ids::Cents(total)))
        );
    }

    h2(s, l.how_heading);
    let items: Vec<String> = l.how.iter().map(|t| lit(t)).collect();
    let _ = writeln!(s, "#list(spacing: 0.8em, {})", items.join(", "));

    h2(s, l.allowances_heading);
    p(s, lit(l.allowances));

    h2(s, l.contact_heading);
    p(s, lit(l.contact));
    let _ = writeln!(s, "#block(inset: (x: 8pt), {})", free(&letter.contact));

    let _ = writeln!(
        s,
        "#v(12pt)\n#par({})\n#par({})",
        lit(l.closing),
        filled_plain(l.municipality_heading, &[("municipality", m)])
    );
}

/// The creditor letter (Dutch).
pub(crate) fn creditor(letter: &CreditorLetter) -> String {
    let mut s = String::with_capacity(6 * 1024);
    let nl = HandoverLabels::for_language(PipLanguage::Nl);
    let c = &CREDITOR;
    let m = municipality(&letter.municipality_name);
    let last_month = month_year(nl, letter.last_paid_month);
    let next = month_year(nl, next_month(letter.last_paid_month));
    let person = letter.person_name.as_str();
    let title = c.title.replace("{person}", person);
    let author = c.municipality_heading.replace("{municipality}", m);
    preamble(&mut s, &title, &author, PipLanguage::Nl);

    letterhead(&mut s, filled_plain(c.municipality_heading, &[("municipality", m)]), &letter.creditor_name, &[]);
    let _ = writeln!(
        s,
        "#grid(columns: (auto, 1fr), column-gutter: 12pt, row-gutter: 5pt, {}, {}, {}, {}, {}, {})",
        lit(c.date),
        iso(&full_date(nl, letter.date)),
        lit(c.your_reference),
        iso(&letter.reference),
        lit(c.concerns),
        iso(person),
    );
    let _ = writeln!(s, "#heading(level: 1, {})", filled_plain(c.title, &[("person", person)]));
    let _ = writeln!(s, "#par({})", lit(c.salutation));
    let args = [
        ("municipality", m, false),
        ("person", person, false),
        ("reference", letter.reference.as_str(), true),
        ("last_month", last_month.as_str(), true),
        ("next_month", next.as_str(), true),
    ];
    for para in c.body {
        let _ = writeln!(s, "#par({})", styled(para, &args));
    }
    let _ = writeln!(s, "#block(inset: (x: 8pt), {})", free(&letter.contact));
    let _ = writeln!(
        s,
        "#v(12pt)\n#par({})\n#par({})",
        lit(c.closing),
        filled_plain(c.municipality_heading, &[("municipality", m)])
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn municipality_drops_the_word_gemeente() {
        assert_eq!(municipality("Gemeente Zwolle"), "Zwolle");
        assert_eq!(municipality(" gemeente  Den Haag "), "Den Haag");
        assert_eq!(municipality("Zwolle"), "Zwolle");
        // A multi-byte character where the prefix would end must not panic.
        assert_eq!(municipality("Gemeenteé"), "Gemeenteé");
        assert_eq!(municipality("Súdwest-Fryslân"), "Súdwest-Fryslân");
    }

    #[test]
    fn filled_plain_keeps_values_plain_and_isolated() {
        let out = filled_plain("Beste {name},", &[("name", "Amina \"#x\"")]);
        assert!(!out.contains("strong"));
        assert!(out.contains("\u{2068}Amina \\\"#x\\\"\u{2069}"));
    }

    #[test]
    fn styled_sets_only_flagged_values_in_bold() {
        let same = String::from("x");
        let out = styled("{a} {b} {a}", &[("a", "x", false), ("b", same.as_str(), true)]);
        assert_eq!(out.matches("#strong(").count(), 1, "{out}");
        assert_eq!(out.matches("\u{2068}x\u{2069}").count(), 3, "{out}");
    }
}
