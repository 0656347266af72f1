//! CSV as Dutch spreadsheet programs open it: semicolon-separated, UTF-8 with a byte-order mark
//! (so Excel detects the encoding), every field quoted where needed.

/// Writes a header and rows. Fields starting with `=`, `+`, `-` or `@` are prefixed with `'`
/// so that a spreadsheet never runs them as formulas.
pub fn semicolon_csv(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, csv::Error> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut out);
        w.write_record(header)?;
        for r in rows {
            w.write_record(r.iter().map(|f| defuse_formula(f).into_owned()))?;
        }
        w.flush()?;
    }
    Ok(out)
}

fn defuse_formula(field: &str) -> std::borrow::Cow<'_, str> {
    if field.starts_with(['=', '+', '-', '@']) {
        std::borrow::Cow::Owned(format!("'{field}"))
    } else {
        std::borrow::Cow::Borrowed(field)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn semicolons_bom_and_no_formulas() {
        let bytes = super::semicolon_csv(&["a", "b"], &[vec!["x;y".into(), "=1+1".into()]]).unwrap();
        let s = String::from_utf8(bytes).unwrap();
        assert!(s.starts_with('\u{feff}'));
        assert!(s.contains("a;b\n"));
        assert!(s.contains("\"x;y\";'=1+1"));
    }
}
