//! Reading an import file, CSV or XLSX, into rows of named cells: the shared reader behind the
//! koppeling file ([`crate::koppeling`]) and the providers' hour file ([`crate::hours`]). No
//! validation of values happens here, only of the file's shape: its format, its encoding and
//! its header against a [`Columns`] description.
//!
//! - **XLSX** is recognised by the zip signature (`PK\x03\x04`); the first worksheet is read.
//!   Date cells come back as `dd-mm-jjjj`, whole numbers without `.0` (a V-nummer typed as a
//!   number stays `1234567890`). Line numbers are the spreadsheet's row numbers.
//! - **CSV** is semicolon-separated; a header line without a semicolon but with commas (or tabs)
//!   makes the file comma- (or tab-)separated, and Excel's `sep=;` first line is honoured.
//!   UTF-8 with or without byte-order mark; anything that is not valid UTF-8 is read as
//!   Windows-1252, the encoding of Dutch Excel. Line numbers are physical lines, header = 1.
//! - The first non-empty row is the header: names trimmed and case-insensitive, in any order.
//!   All required columns must be there, and one of the `one_of` columns when there are such;
//!   optional ones may be; any other name is an error, so a typo never silently drops a column.
//!   A column without a name is ignored as long as it holds no value.
//! - Fully empty rows are skipped; every cell is trimmed.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

/// The header a kind of import file must have.
#[derive(Debug, PartialEq, Eq)]
pub struct Columns {
    pub required: &'static [&'static str],
    /// Columns of which at least one must be there (none when empty).
    pub one_of: &'static [&'static str],
    pub optional: &'static [&'static str],
}

impl Columns {
    fn all(&self) -> impl Iterator<Item = &'static &'static str> + '_ {
        self.required.iter().chain(self.one_of).chain(self.optional)
    }

    /// The header rules in one Dutch sentence or two.
    fn describe(&self) -> String {
        let mut out = format!("Verplicht zijn: {}.", self.required.join(";"));
        if !self.one_of.is_empty() {
            out.push_str(&format!(" Minstens één van deze kolommen moet er zijn: {}.", self.one_of.join(";")));
        }
        if !self.optional.is_empty() {
            out.push_str(&format!(" Toegestaan zijn verder: {}.", self.optional.join(";")));
        }
        out
    }
}

/// One non-empty row after the header: its line in the file and its cells by column name
/// (columns the row does not reach are absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<(&'static str, String)>,
}

/// Why an import file cannot be read at all. The messages are for the person who uploaded it;
/// `detail` fields hold the technical cause for the log and are not part of the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("Het bestand is leeg.")]
    Empty,
    #[error("Het bestand heeft een kopregel maar verder geen enkele regel met gegevens.")]
    NoRows,
    #[error(
        "Het Excel-bestand kan niet worden gelezen. Sla het opnieuw op als Excel-werkmap (.xlsx) of als CSV \
         (puntkomma-gescheiden) en probeer het nog eens."
    )]
    UnreadableXlsx { detail: String },
    #[error("{reason} Lever een Excel-werkmap (.xlsx) of een CSV-bestand (puntkomma-gescheiden) aan.")]
    UnknownFormat { reason: &'static str },
    #[error("{}", header_message(columns, missing, unknown, duplicate))]
    Header {
        /// The columns the file should have had.
        columns: &'static Columns,
        /// Required columns that are not in the header.
        missing: Vec<&'static str>,
        /// Header names that are no known column, as written (trimmed).
        unknown: Vec<String>,
        /// Known columns that appear more than once.
        duplicate: Vec<&'static str>,
    },
    #[error(
        "regel {line}: kolom {column} heeft geen naam in de kopregel maar bevat wel een waarde. Geef de kolom een \
         naam of maak de cel leeg."
    )]
    ValueWithoutColumn { line: usize, column: usize },
    #[error("regel {line}: het CSV-bestand kan vanaf hier niet worden gelezen. Controleer de aanhalingstekens.")]
    UnreadableCsv { line: usize, detail: String },
}

fn header_message(
    columns: &Columns,
    missing: &[&'static str],
    unknown: &[String],
    duplicate: &[&'static str],
) -> String {
    let mut parts = vec!["De kopregel van het bestand klopt niet.".to_string()];
    if !missing.is_empty() {
        parts.push(format!("Deze verplichte kolommen ontbreken: {}.", missing.join(", ")));
    }
    if !unknown.is_empty() {
        let names: Vec<String> = unknown.iter().map(|n| quoted(n)).collect();
        parts.push(format!("Deze kolommen zijn onbekend (tikfout?): {}.", names.join(", ")));
    }
    if !duplicate.is_empty() {
        parts.push(format!("Deze kolommen staan er meer dan één keer in: {}.", duplicate.join(", ")));
    }
    parts.push(columns.describe());
    parts.join(" ")
}

/// A name from the file in quotes, shortened and with control characters made visible.
fn quoted(value: &str) -> String {
    let mut out = String::from("'");
    for (i, ch) in value.chars().enumerate() {
        if i == 40 {
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

/// Reads an import file (XLSX or CSV, told apart by content, not by name) into one [`Row`] per
/// non-empty row after the header, checking the header against `columns`.
pub fn read_rows(bytes: &[u8], columns: &'static Columns) -> Result<Vec<Row>, FileError> {
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if without_bom.iter().all(u8::is_ascii_whitespace) {
        return Err(FileError::Empty);
    }
    let table = if bytes.starts_with(b"PK\x03\x04") {
        xlsx_table(bytes)?
    } else {
        if let Some(reason) = not_a_text_file(bytes) {
            return Err(FileError::UnknownFormat { reason });
        }
        csv_table(&decode_text(without_bom))?
    };
    into_rows(table, columns)
}

/// A recognised format that is not ours, or binary content.
fn not_a_text_file(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        Some("Dit is een oud Excel-bestand (.xls); sla het op als Excel-werkmap (.xlsx).")
    } else if bytes.starts_with(b"%PDF") {
        Some("Dit is een PDF-bestand.")
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        Some("Dit bestand is opgeslagen als Unicode-tekst (UTF-16); sla het op als CSV UTF-8.")
    } else if bytes.contains(&0) {
        Some("Dit bestandsformaat wordt niet herkend.")
    } else {
        None
    }
}

/// UTF-8 when valid (the byte-order mark is already gone), otherwise Windows-1252.
fn decode_text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// Rows of cells with their line numbers, before the header is known.
struct Table {
    /// 1-based number of the first column, for messages.
    first_column: usize,
    rows: Vec<(usize, Vec<String>)>,
}

fn csv_table(text: &str) -> Result<Table, FileError> {
    let mut records = csv_records(text)?.into_iter().peekable();
    // Excel's own hint line, "sep=;", names the delimiter and is not the header.
    let hint = records.peek().map(|(_, r)| r.trim().to_ascii_lowercase()).unwrap_or_default();
    let delimiter = match hint.strip_prefix("sep=").map(str::as_bytes) {
        Some([d]) => {
            let d = *d;
            records.next();
            d
        }
        _ => {
            let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
            [b';', b',', b'\t'].into_iter().find(|d| header.as_bytes().contains(d)).unwrap_or(b';')
        }
    };
    let mut rows = Vec::new();
    for (line, raw) in records {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(raw.as_bytes());
        let mut record = csv::StringRecord::new();
        match reader.read_record(&mut record) {
            Ok(true) => rows.push((line, record.iter().map(|c| c.trim().to_string()).collect())),
            Ok(false) => {} // a blank line
            Err(e) => return Err(FileError::UnreadableCsv { line, detail: e.to_string() }),
        }
    }
    Ok(Table { first_column: 1, rows })
}

/// Splits CSV text into records, each with the physical line it starts on (1-based). A record
/// runs on over line breaks while a quoted field is open (an odd number of `"` so far); the csv
/// crate's own positions do not give the physical line (blank lines and CRLF shift them).
fn csv_records(text: &str) -> Result<Vec<(usize, String)>, FileError> {
    let mut records = Vec::new();
    let mut current = String::new();
    let mut start = 1;
    let mut open = false;
    for (i, line) in text.split('\n').enumerate() {
        if open {
            current.push('\n');
        } else {
            start = i + 1;
            current.clear();
        }
        current.push_str(line);
        open ^= line.bytes().filter(|b| *b == b'"').count() % 2 == 1;
        if !open {
            records.push((start, std::mem::take(&mut current)));
        }
    }
    if open {
        return Err(FileError::UnreadableCsv { line: start, detail: "unterminated quoted field".to_string() });
    }
    Ok(records)
}

fn xlsx_table(bytes: &[u8]) -> Result<Table, FileError> {
    let unreadable = |detail: String| FileError::UnreadableXlsx { detail };
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable("the workbook has no worksheet".to_string()))?
        .map_err(|e| unreadable(e.to_string()))?;
    let Some((first_row, first_column)) = range.start() else {
        return Ok(Table { first_column: 1, rows: Vec::new() });
    };
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| (first_row as usize + i + 1, cells.iter().map(cell_text).collect()))
        .collect();
    Ok(Table { first_column: first_column as usize + 1, rows })
}

/// A spreadsheet cell as the text a CSV file would have held.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "WAAR" } else { "ONWAAR" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (year, month, day, ..) = dt.to_ymd_hms_milli();
            format!("{day:02}-{month:02}-{year:04}")
        }
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::DateTimeIso(s) => iso_date_text(s),
        Data::DurationIso(s) => s.trim().to_string(),
        Data::Error(e) => e.to_string(),
    }
}

/// Whole numbers without a decimal part (`1234567890`, not `1234567890.0`).
fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// `2024-03-07` or `2024-03-07T00:00:00` as `07-03-2024`; anything else unchanged.
fn iso_date_text(s: &str) -> String {
    let s = s.trim();
    let date = s.get(..10).filter(|d| {
        let b = d.as_bytes();
        b[4] == b'-' && b[7] == b'-' && [0, 1, 2, 3, 5, 6, 8, 9].iter().all(|&i| b[i].is_ascii_digit())
    });
    match date {
        Some(d) if s.len() == 10 || s.as_bytes()[10] == b'T' || s.as_bytes()[10] == b' ' => {
            format!("{}-{}-{}", &d[8..10], &d[5..7], &d[..4])
        }
        _ => s.to_string(),
    }
}

/// Maps each header cell to its column; an empty name maps to `None` (ignored if empty).
fn map_header(header: &[String], spec: &'static Columns) -> Result<Vec<Option<&'static str>>, FileError> {
    let mut columns = Vec::with_capacity(header.len());
    let mut unknown = Vec::new();
    let mut duplicate = Vec::new();
    for cell in header {
        let name = cell.trim().to_lowercase();
        if name.is_empty() {
            columns.push(None);
            continue;
        }
        match spec.all().find(|c| **c == name) {
            Some(column) if columns.contains(&Some(*column)) => {
                if !duplicate.contains(column) {
                    duplicate.push(*column);
                }
                columns.push(None);
            }
            Some(column) => columns.push(Some(*column)),
            None => {
                unknown.push(cell.trim().to_string());
                columns.push(None);
            }
        }
    }
    let mut missing: Vec<&'static str> =
        spec.required.iter().copied().filter(|c| !columns.contains(&Some(*c))).collect();
    if !spec.one_of.is_empty() && !spec.one_of.iter().any(|c| columns.contains(&Some(*c))) {
        missing.extend(spec.one_of);
    }
    if missing.is_empty() && unknown.is_empty() && duplicate.is_empty() {
        Ok(columns)
    } else {
        Err(FileError::Header { columns: spec, missing, unknown, duplicate })
    }
}

fn into_rows(table: Table, spec: &'static Columns) -> Result<Vec<Row>, FileError> {
    let mut rows = table.rows.into_iter().filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    let Some((_, header)) = rows.next() else {
        return Err(FileError::Empty);
    };
    let columns = map_header(&header, spec)?;
    let mut out = Vec::new();
    for (line, cells) in rows {
        let mut row = Row { line, cells: Vec::with_capacity(columns.len()) };
        for (i, value) in cells.into_iter().enumerate() {
            match columns.get(i).copied().flatten() {
                Some(column) => row.cells.push((column, value)),
                None if value.is_empty() => {}
                None => return Err(FileError::ValueWithoutColumn { line, column: table.first_column + i }),
            }
        }
        out.push(row);
    }
    if out.is_empty() {
        Err(FileError::NoRows)
    } else {
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_conversions() {
        assert_eq!(number_text(1234567890.0), "1234567890");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(0.5), "0.5");
        assert_eq!(number_text(1e20), "100000000000000000000");
        assert_eq!(iso_date_text("2024-03-07"), "07-03-2024");
        assert_eq!(iso_date_text("2024-03-07T00:00:00"), "07-03-2024");
        assert_eq!(iso_date_text("2024-03"), "2024-03");
        assert_eq!(iso_date_text("vandaag en morgen"), "vandaag en morgen");
    }
}
