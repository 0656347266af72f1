//! One-sheet XLSX export of a table: what staff download to open in Excel (payment runs,
//! overviews). Money is a real number with a euro format, so sums and filters work.
//!
//! This module writes values only. It must never write a formula, not even for text that looks
//! like one (`=`, `+`, `-`, `@`): every text is a string cell, so a spreadsheet cannot run
//! caller data. It does no rounding of money either: the cell holds cents / 100.

use regie_domain::ids::Cents;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

/// One cell of the table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Always a string cell, never a formula.
    Text(String),
    /// A whole number. Beyond ±999,999,999,999,999 (15 digits, Excel's precision) it is written
    /// as text so that no digit is lost.
    Int(i64),
    /// Euros as a number with the format `€ #,##0.00`.
    Money(Cents),
}

/// Why no spreadsheet was made. Messages are Dutch and may be shown to staff as they are.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    #[error("De tabel heeft {rows} rijen; Excel kan er hoogstens 1.048.575 onder de kopregel tonen.")]
    TooManyRows { rows: usize },
    #[error("De tabel heeft {columns} kolommen; Excel kan er hoogstens 16.384 tonen.")]
    TooManyColumns { columns: usize },
    #[error("De tekst in rij {row}, kolom {column} is langer dan 32.767 tekens; Excel kan dat niet opslaan.")]
    TextTooLong { row: usize, column: usize },
    #[error("Het Excel-bestand kon niet worden gemaakt: {0}")]
    Write(#[from] rust_xlsxwriter::XlsxError),
}

/// Excel's limits.
const MAX_ROWS: usize = 1_048_576;
const MAX_COLUMNS: usize = 16_384;
const MAX_TEXT: usize = 32_767;
/// Largest integer a spreadsheet holds exactly (15 significant digits).
const MAX_EXACT_INT: i64 = 999_999_999_999_999;
/// Column widths in characters: never so narrow a header is cut, never wider than a screen.
const MIN_WIDTH: usize = 8;
const MAX_WIDTH: usize = 60;

/// One worksheet with a bold header row, frozen header, column widths fitted, money as a number with format `€ #,##0.00` (value = cents/100 written exactly).
///
/// `sheet_name` is made acceptable to Excel: at most 31 characters, `[ ] : * ? / \` replaced by
/// `-`, no leading or trailing `'`; an empty name becomes `Blad1`. Rows may be shorter or longer
/// than the header.
pub fn table(sheet_name: &str, header: &[&str], rows: &[Vec<Cell>]) -> Result<Vec<u8>, XlsxError> {
    if rows.len() >= MAX_ROWS {
        return Err(XlsxError::TooManyRows { rows: rows.len() });
    }
    let columns = rows.iter().map(Vec::len).chain([header.len()]).max().unwrap_or(0);
    if columns > MAX_COLUMNS {
        return Err(XlsxError::TooManyColumns { columns });
    }

    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name_for_excel(sheet_name))?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("€ #,##0.00");
    let mut widths = vec![0usize; columns];

    for (c, title) in header.iter().enumerate() {
        check_text(title, 0, c)?;
        sheet.write_string_with_format(0, col(c), *title, &bold)?;
        // Bold text is a little wider.
        widths[c] = widths[c].max(title.chars().count() + 1);
    }
    for (r, row) in rows.iter().enumerate() {
        // Bounded by MAX_ROWS above.
        let excel_row = (r + 1) as u32;
        for (c, cell) in row.iter().enumerate() {
            let width = write_cell(sheet, excel_row, c, cell, &money)?;
            widths[c] = widths[c].max(width);
        }
    }

    sheet.set_freeze_panes(1, 0)?;
    for (c, width) in widths.iter().enumerate() {
        sheet.set_column_width(col(c), (width + 2).clamp(MIN_WIDTH, MAX_WIDTH) as f64)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// Writes one cell and returns its width in characters as Excel shows it.
fn write_cell(sheet: &mut Worksheet, row: u32, c: usize, cell: &Cell, money: &Format) -> Result<usize, XlsxError> {
    Ok(match cell {
        Cell::Text(text) => {
            check_text(text, row as usize, c)?;
            // A string cell: text such as `=HYPERLINK(...)` stays text.
            sheet.write_string(row, col(c), text)?;
            text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
        }
        Cell::Int(i) if i.unsigned_abs() > MAX_EXACT_INT as u64 => {
            let text = i.to_string();
            sheet.write_string(row, col(c), &text)?;
            text.len()
        }
        Cell::Int(i) => {
            // Exact: |i| < 2^53.
            sheet.write_number(row, col(c), *i as f64)?;
            i.to_string().len()
        }
        Cell::Money(cents) => {
            // The nearest double to the decimal amount: both operands are exact below 2^53 and
            // IEEE division rounds correctly, so Excel shows exactly the cents.
            sheet.write_number_with_format(row, col(c), cents.0 as f64 / 100.0, money)?;
            cents.display_nl().chars().count()
        }
    })
}

fn check_text(text: &str, row: usize, c: usize) -> Result<(), XlsxError> {
    // Byte length bounds the character count: only count when it could matter.
    if text.len() > MAX_TEXT && text.chars().count() > MAX_TEXT {
        return Err(XlsxError::TextTooLong { row: row + 1, column: c + 1 });
    }
    Ok(())
}

/// Column index; callers checked `c < MAX_COLUMNS`.
fn col(c: usize) -> u16 {
    c as u16
}

/// A sheet name Excel accepts (see [`table`]).
fn sheet_name_for_excel(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() { '-' } else { c })
        .take(31)
        .collect();
    let trimmed = replaced.trim().trim_matches('\'').trim();
    if trimmed.is_empty() {
        "Blad1".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use std::io::Cursor;

    fn read(bytes: Vec<u8>, sheet: &str) -> Vec<Vec<Data>> {
        let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("valid xlsx");
        assert_eq!(workbook.sheet_names(), [sheet]);
        let range = workbook.worksheet_range(sheet).expect("sheet");
        range.rows().map(<[Data]>::to_vec).collect()
    }

    #[test]
    fn values_come_back() {
        let rows = vec![
            vec![Cell::Text("Woonstichting De Sleutel".into()), Cell::Int(42), Cell::Money(Cents(123_450))],
            vec![Cell::Text("Één & twee".into()), Cell::Int(-7), Cell::Money(Cents(1))],
            vec![Cell::Text(String::new()), Cell::Int(i64::MAX), Cell::Money(Cents(-99_999_999_999))],
        ];
        let bytes = table("Betalingen juni", &["Naam", "Aantal", "Bedrag"], &rows).unwrap();
        let cells = read(bytes, "Betalingen juni");
        assert_eq!(
            cells[0],
            [Data::String("Naam".into()), Data::String("Aantal".into()), Data::String("Bedrag".into())]
        );
        assert_eq!(cells[1], [Data::String("Woonstichting De Sleutel".into()), Data::Float(42.0), Data::Float(1234.5)]);
        assert_eq!(cells[2], [Data::String("Één & twee".into()), Data::Float(-7.0), Data::Float(0.01)]);
        assert_eq!(cells[3][1], Data::String(i64::MAX.to_string()));
        assert_eq!(cells[3][2], Data::Float(-999_999_999.99));
    }

    #[test]
    fn formula_like_text_stays_text() {
        let hostile = ["=1+1", "+31 6 1234", "-2", "@SUM(A1)", "=HYPERLINK(\"http://x\")"];
        let rows: Vec<Vec<Cell>> = hostile.iter().map(|h| vec![Cell::Text(h.to_string())]).collect();
        let bytes = table("Blad", &["Tekst"], &rows).unwrap();
        let cells = read(bytes, "Blad");
        for (i, h) in hostile.iter().enumerate() {
            assert_eq!(cells[i + 1][0], Data::String(h.to_string()));
        }
        let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(table("Blad", &["Tekst"], &rows).unwrap())).unwrap();
        let formulas = workbook.worksheet_formula("Blad").unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "a formula was written");
    }

    #[test]
    fn money_has_the_euro_format_and_header_is_bold() {
        let rows = [vec![Cell::Text("huur".into()), Cell::Money(Cents(5))]];
        let bytes = table("Geld", &["Soort", "Bedrag"], &rows).unwrap();
        let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        let styles = workbook.worksheet_style("Geld").unwrap();
        let bold = |pos| styles.get(pos).and_then(|s| s.font.as_ref()).is_some_and(|f| f.is_bold());
        assert!(bold((0, 0)) && bold((0, 1)), "header not bold");
        assert!(!bold((1, 0)), "body is bold");
        let format = styles.get((1, 1)).and_then(|s| s.number_format.as_ref()).map(|f| f.format_code.clone());
        assert_eq!(format.as_deref(), Some("€ #,##0.00"));
    }

    #[test]
    fn sheet_names_and_limits() {
        assert_eq!(sheet_name_for_excel("Betalingen [juni/juli]: *?"), "Betalingen -juni-juli-- --");
        assert_eq!(sheet_name_for_excel("  'x'  "), "x");
        assert_eq!(sheet_name_for_excel("''"), "Blad1");
        assert_eq!(sheet_name_for_excel(&"a".repeat(40)).len(), 31);
        assert!(table("", &[], &[]).is_ok());
        let long = vec![vec![Cell::Text("x".repeat(MAX_TEXT + 1))]];
        let err = table("x", &["a"], &long).unwrap_err();
        assert!(matches!(err, XlsxError::TextTooLong { row: 2, column: 1 }), "{err}");
    }
}
