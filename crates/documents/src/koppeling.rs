//! Reading a COA koppeling file, CSV or XLSX, into raw rows for
//! [`regie_domain::inburgering::koppeling::validate_rows`]. No validation of values happens here,
//! only of the file's shape: its format, its encoding and its header.
//!
//! - **XLSX** is recognised by the zip signature (`PK\x03\x04`); the first worksheet is read.
//!   Date cells come back as `dd-mm-jjjj`, whole numbers without `.0` (a V-nummer typed as a
//!   number stays `1234567890`). Line numbers are the spreadsheet's row numbers.
//! - **CSV** is semicolon-separated; a header line without a semicolon but with commas (or tabs)
//!   makes the file comma- (or tab-)separated, and Excel's `sep=;` first line is honoured.
//!   UTF-8 with or without byte-order mark; anything that is not valid UTF-8 is read as
//!   Windows-1252, the encoding of Dutch Excel. Line numbers are physical lines, header = 1.
//! - The first non-empty row is the header: names trimmed and case-insensitive, in any order.
//!   All columns of [`REQUIRED_COLUMNS`] must be there; [`PROFILE_COLUMNS`] may be; any other
//!   name is an error, so a typo never silently drops a column. A column without a name is
//!   ignored as long as it holds no value.
//! - Fully empty rows are skipped; every cell is trimmed.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use regie_domain::inburgering::koppeling::{KoppelingFields, PROFILE_COLUMNS, REQUIRED_COLUMNS};

/// Why a koppeling file cannot be read at all. The messages are for the person who uploaded it;
/// `detail` fields hold the technical cause for the log and are not part of the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("Het bestand is leeg.")]
    Empty,
    #[error("Het bestand heeft een kopregel maar geen enkele regel met een koppeling.")]
    NoRows,
    #[error(
        "Het Excel-bestand kan niet worden gelezen. Sla het opnieuw op als Excel-werkmap (.xlsx) of als CSV \
         (puntkomma-gescheiden) en probeer het nog eens."
    )]
    UnreadableXlsx { detail: String },
    #[error("{reason} Lever een Excel-werkmap (.xlsx) of een CSV-bestand (puntkomma-gescheiden) aan.")]
    UnknownFormat { reason: &'static str },
    #[error("{}", header_message(missing, unknown, duplicate))]
    Header {
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

fn header_message(missing: &[&'static str], unknown: &[String], duplicate: &[&'static str]) -> String {
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
    parts.push(format!(
        "Verplicht zijn: {}. Toegestaan zijn verder: {}.",
        REQUIRED_COLUMNS.join(";"),
        PROFILE_COLUMNS.join(";")
    ));
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

/// Reads a koppeling file (XLSX or CSV, told apart by content, not by name) into one
/// [`KoppelingFields`] per non-empty row after the header.
pub fn read_koppeling_file(bytes: &[u8]) -> Result<Vec<KoppelingFields>, FileError> {
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
    into_fields(table)
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
fn map_header(header: &[String]) -> Result<Vec<Option<&'static str>>, FileError> {
    let mut columns = Vec::with_capacity(header.len());
    let mut unknown = Vec::new();
    let mut duplicate = Vec::new();
    for cell in header {
        let name = cell.trim().to_lowercase();
        if name.is_empty() {
            columns.push(None);
            continue;
        }
        match REQUIRED_COLUMNS.iter().chain(PROFILE_COLUMNS.iter()).find(|c| **c == name) {
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
    let missing: Vec<&'static str> =
        REQUIRED_COLUMNS.iter().copied().filter(|c| !columns.contains(&Some(*c))).collect();
    if missing.is_empty() && unknown.is_empty() && duplicate.is_empty() {
        Ok(columns)
    } else {
        Err(FileError::Header { missing, unknown, duplicate })
    }
}

fn into_fields(table: Table) -> Result<Vec<KoppelingFields>, FileError> {
    let mut rows = table.rows.into_iter().filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    let Some((_, header)) = rows.next() else {
        return Err(FileError::Empty);
    };
    let columns = map_header(&header)?;
    let mut out = Vec::new();
    for (line, cells) in rows {
        let mut fields = KoppelingFields { line, ..Default::default() };
        for (i, value) in cells.into_iter().enumerate() {
            match columns.get(i).copied().flatten().and_then(|c| fields.field_mut(c)) {
                Some(slot) => *slot = value,
                None if value.is_empty() => {}
                None => return Err(FileError::ValueWithoutColumn { line, column: table.first_column + i }),
            }
        }
        out.push(fields);
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
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

    const HEADER: &str =
        "vnummer;achternaam;voornamen;geboortedatum;geslacht;nationaliteit;taal;gemeentecode;koppelingsdatum;huishoudnummer";

    fn csv(lines: &[&str]) -> Vec<u8> {
        lines.join("\r\n").into_bytes()
    }

    #[test]
    fn utf8_csv_with_line_numbers_and_empty_lines_skipped() {
        let bytes = csv(&[
            HEADER,
            "1234567890;Haile;Selam;07-03-1991;V;Eritrese;Tigrinya;GM0361;15-04-2026;H1",
            "",
            ";;;;;;;;;",
            "  1234567891 ; Müller ;Jörg;00-00-1990;M;Duitse;Duits;0373;1-4-2026;H2  ",
        ]);
        let rows = read_koppeling_file(&bytes).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].vnummer, "1234567890");
        assert_eq!(rows[0].huishoudnummer, "H1");
        assert_eq!(rows[1].line, 5);
        assert_eq!(rows[1].vnummer, "1234567891");
        assert_eq!(rows[1].achternaam, "Müller");
        assert_eq!(rows[1].gemeentecode, "0373");
        assert_eq!(rows[1].huishoudnummer, "H2");
        assert_eq!(rows[1].profile.bsn, "");
    }

    #[test]
    fn utf8_with_bom_and_header_in_any_order_and_case() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(csv(&[
            " Achternaam ;VNUMMER;voornamen;geboortedatum;geslacht;nationaliteit;taal;gemeentecode;koppelingsdatum;\
             huishoudnummer;BSN;werkervaring",
            "Yılmaz;1234567890;Oğuz;00-07-1990;M;Turkse;Turks;GM1980;02-01-2026;H9;111222333;\"Lasser;\r\n8 jaar\"",
            "Haile;1234567891;Selam;07-03-1991;V;Eritrese;Tigrinya;GM0361;15-04-2026;H1;;",
        ]));
        let rows = read_koppeling_file(&bytes).unwrap();
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].vnummer, "1234567890");
        assert_eq!(rows[0].achternaam, "Yılmaz");
        assert_eq!(rows[0].voornamen, "Oğuz");
        assert_eq!(rows[0].profile.bsn, "111222333");
        assert_eq!(rows[0].profile.werkervaring, "Lasser;\r\n8 jaar");
        // The quoted field spans two physical lines: the next record starts on line 4.
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[1].achternaam, "Haile");
    }

    #[test]
    fn windows_1252_csv() {
        let text =
            format!("{HEADER}\r\n1234567890;Dubois;Françoise;07-03-1991;V;Franse;Frans;GM0361;15-04-2026;H1\r\n");
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&bytes).is_err(), "the test file must not be valid UTF-8");
        let rows = read_koppeling_file(&bytes).unwrap();
        assert_eq!(rows[0].voornamen, "Françoise");
    }

    #[test]
    fn comma_separated_when_the_header_has_no_semicolon() {
        let bytes = csv(&[
            &HEADER.replace(';', ","),
            "1234567890,\"Haile, Selam\",Selam,07-03-1991,V,Eritrese,Tigrinya,GM0361,15-04-2026,H1",
        ]);
        let rows = read_koppeling_file(&bytes).unwrap();
        assert_eq!(rows[0].achternaam, "Haile, Selam");
        assert_eq!(rows[0].huishoudnummer, "H1");
    }

    #[test]
    fn excel_sep_line_is_honoured_and_counted() {
        let bytes =
            csv(&["sep=;", HEADER, "1234567890;Haile;Selam;07-03-1991;V;Eritrese;Tigrinya;GM0361;15-04-2026;H1"]);
        let rows = read_koppeling_file(&bytes).unwrap();
        assert_eq!(rows[0].line, 3);
        assert_eq!(rows[0].vnummer, "1234567890");
    }

    #[test]
    fn missing_and_unknown_columns_are_all_named() {
        let bytes = csv(&[
            "vnummer;achternaam;voornamen;geboortedatun;geslacht;nationaliteit;gemeentecode;Huisnummer;taal;taal",
        ]);
        let err = read_koppeling_file(&bytes).unwrap_err();
        let FileError::Header { missing, unknown, duplicate } = &err else { panic!("{err:?}") };
        assert_eq!(missing, &vec!["geboortedatum", "koppelingsdatum", "huishoudnummer"]);
        assert_eq!(unknown, &vec!["geboortedatun".to_string(), "Huisnummer".to_string()]);
        assert_eq!(duplicate, &vec!["taal"]);
        let msg = err.to_string();
        assert!(
            msg.contains("Deze verplichte kolommen ontbreken: geboortedatum, koppelingsdatum, huishoudnummer."),
            "{msg}"
        );
        assert!(msg.contains("onbekend (tikfout?): 'geboortedatun', 'Huisnummer'."), "{msg}");
        assert!(msg.contains("meer dan één keer in: taal."), "{msg}");
    }

    #[test]
    fn only_unknown_columns_are_an_error_too() {
        let bytes = csv(&[&format!("{HEADER};opmerking"), "1234567890;a;b;c;d;e;f;g;h;i;j"]);
        let err = read_koppeling_file(&bytes).unwrap_err();
        assert_eq!(err, FileError::Header { missing: vec![], unknown: vec!["opmerking".into()], duplicate: vec![] });
    }

    #[test]
    fn values_outside_the_named_columns_are_refused_but_empty_ones_pass() {
        let ok = csv(&[&format!("{HEADER};"), "1234567890;a;b;c;d;e;f;g;h;i;;;"]);
        assert_eq!(read_koppeling_file(&ok).unwrap().len(), 1);
        let bad = csv(&[HEADER, "1234567890;a;b;c;d;e;f;g;h;i", "1234567891;a;b;c;d;e;f;g;h;i;extra"]);
        assert_eq!(read_koppeling_file(&bad).unwrap_err(), FileError::ValueWithoutColumn { line: 3, column: 11 });
    }

    #[test]
    fn an_unterminated_quote_names_its_line() {
        let bytes = csv(&[HEADER, "1234567890;a;b;c;d;e;f;g;h;i", "1234567891;\"a;b;c;d;e;f;g;h;i", "x;y"]);
        let err = read_koppeling_file(&bytes).unwrap_err();
        assert!(matches!(err, FileError::UnreadableCsv { line: 3, .. }), "{err:?}");
        assert!(err.to_string().starts_with("regel 3: "));
    }

    #[test]
    fn lf_line_ends_and_blank_lines_keep_physical_line_numbers() {
        let text = format!("\n{HEADER}\n\n\n1234567890;a;b;c;d;e;f;g;h;\"i\nj\"\n\n1234567891;a;b;c;d;e;f;g;h;i\n");
        let rows = read_koppeling_file(text.as_bytes()).unwrap();
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![5, 8]);
        assert_eq!(rows[0].huishoudnummer, "i\nj");
    }

    #[test]
    fn short_rows_leave_fields_empty_for_validation() {
        let rows = read_koppeling_file(&csv(&[HEADER, "1234567890;Haile"])).unwrap();
        assert_eq!(rows[0].achternaam, "Haile");
        assert_eq!(rows[0].huishoudnummer, "");
    }

    #[test]
    fn empty_files() {
        assert_eq!(read_koppeling_file(b"").unwrap_err(), FileError::Empty);
        assert_eq!(read_koppeling_file(b"\xEF\xBB\xBF \r\n\r\n").unwrap_err(), FileError::Empty);
        assert_eq!(read_koppeling_file(b";;;\r\n").unwrap_err(), FileError::Empty);
        assert_eq!(read_koppeling_file(HEADER.as_bytes()).unwrap_err(), FileError::NoRows);
        assert_eq!(FileError::Empty.to_string(), "Het bestand is leeg.");
    }

    #[test]
    fn unknown_and_unreadable_formats() {
        let xls = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0";
        assert!(matches!(read_koppeling_file(xls), Err(FileError::UnknownFormat { .. })));
        assert!(read_koppeling_file(xls).unwrap_err().to_string().contains(".xls"));
        assert!(matches!(read_koppeling_file(b"%PDF-1.7\n"), Err(FileError::UnknownFormat { .. })));
        assert!(matches!(read_koppeling_file(b"\xFF\xFEv\0n\0"), Err(FileError::UnknownFormat { .. })));
        assert!(matches!(read_koppeling_file(b"abc\0def"), Err(FileError::UnknownFormat { .. })));
        let broken_zip = b"PK\x03\x04this is no workbook";
        let err = read_koppeling_file(broken_zip).unwrap_err();
        assert!(matches!(err, FileError::UnreadableXlsx { .. }));
        assert!(err.to_string().starts_with("Het Excel-bestand kan niet worden gelezen."));
    }

    fn xlsx(write: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
        let mut workbook = Workbook::new();
        write(workbook.add_worksheet());
        workbook.add_worksheet().write_string(0, 0, "not this sheet").unwrap();
        workbook.save_to_buffer().unwrap()
    }

    #[test]
    fn xlsx_first_sheet_with_dates_and_numbers() {
        let bytes = xlsx(|ws| {
            let date = Format::new().set_num_format("dd-mm-yyyy");
            for (col, name) in HEADER.split(';').enumerate() {
                ws.write_string(0, col as u16, name.to_uppercase()).unwrap();
            }
            ws.write_string(0, 10, "bsn").unwrap();
            // Row 2 (index 1): a V-nummer stored as a number, dates as date cells.
            ws.write_number(1, 0, 1234567890).unwrap();
            ws.write_string(1, 1, " Dubois ").unwrap();
            ws.write_string(1, 2, "Françoise").unwrap();
            ws.write_date_with_format(1, 3, ExcelDateTime::from_ymd(1991, 3, 7).unwrap(), &date).unwrap();
            ws.write_string(1, 4, "V").unwrap();
            ws.write_string(1, 5, "Franse").unwrap();
            ws.write_string(1, 6, "Frans").unwrap();
            ws.write_number(1, 7, 361).unwrap();
            ws.write_date_with_format(1, 8, ExcelDateTime::from_ymd(2026, 4, 15).unwrap(), &date).unwrap();
            ws.write_number(1, 9, 42).unwrap();
            ws.write_number(1, 10, 111222333).unwrap();
            // Row 3 empty, row 4 a partly unknown birth date as text.
            ws.write_string(3, 0, "1234567891").unwrap();
            ws.write_string(3, 3, "00-00-1990").unwrap();
            ws.write_number(3, 9, 2.5).unwrap();
        });
        let rows = read_koppeling_file(&bytes).unwrap();
        assert_eq!(rows.len(), 2);
        let r = &rows[0];
        assert_eq!(r.line, 2);
        assert_eq!(r.vnummer, "1234567890");
        assert_eq!(r.achternaam, "Dubois");
        assert_eq!(r.voornamen, "Françoise");
        assert_eq!(r.geboortedatum, "07-03-1991");
        assert_eq!(r.gemeentecode, "361");
        assert_eq!(r.koppelingsdatum, "15-04-2026");
        assert_eq!(r.huishoudnummer, "42");
        assert_eq!(r.profile.bsn, "111222333");
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[1].vnummer, "1234567891");
        assert_eq!(rows[1].geboortedatum, "00-00-1990");
        assert_eq!(rows[1].huishoudnummer, "2.5");
    }

    #[test]
    fn an_xlsx_with_date_and_number_cells_passes_validation() {
        use regie_domain::inburgering::koppeling::validate_rows;
        use regie_domain::CbsCode;
        let bytes = xlsx(|ws| {
            let date = Format::new().set_num_format("d/m/yyyy");
            for (col, name) in HEADER.split(';').enumerate() {
                ws.write_string(0, col as u16, name).unwrap();
            }
            ws.write_number(1, 0, 1234567890).unwrap();
            for (col, text) in [(1, "Dubois"), (2, "Françoise"), (4, "V"), (5, "Franse"), (6, "Frans")] {
                ws.write_string(1, col, text).unwrap();
            }
            ws.write_date_with_format(1, 3, ExcelDateTime::from_ymd(1991, 3, 7).unwrap(), &date).unwrap();
            ws.write_number(1, 7, 361).unwrap();
            ws.write_date_with_format(1, 8, ExcelDateTime::from_ymd(2026, 4, 15).unwrap(), &date).unwrap();
            ws.write_number(1, 9, 42).unwrap();
        });
        let rows = read_koppeling_file(&bytes).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let known = [CbsCode::parse("GM0361").unwrap()];
        let k = validate_rows(&rows, today, &known).unwrap().remove(0);
        assert_eq!(k.vnummer.as_str(), "1234567890");
        assert_eq!(k.geboortedatum.to_string(), "07-03-1991");
        assert_eq!(k.gemeentecode.as_str(), "GM0361");
        assert_eq!(k.koppelingsdatum.to_string(), "2026-04-15");
    }

    #[test]
    fn xlsx_header_problems_and_empty_sheet() {
        let bytes = xlsx(|ws| {
            ws.write_string(2, 1, "vnummer").unwrap();
            ws.write_string(2, 2, "naam").unwrap();
        });
        let err = read_koppeling_file(&bytes).unwrap_err();
        let FileError::Header { missing, unknown, .. } = err else { panic!("{err:?}") };
        assert_eq!(missing.len(), 9);
        assert_eq!(unknown, vec!["naam".to_string()]);
        assert_eq!(read_koppeling_file(&xlsx(|_| {})).unwrap_err(), FileError::Empty);
    }

    #[test]
    fn xlsx_value_outside_columns_names_the_sheet_column() {
        let bytes = xlsx(|ws| {
            for (col, name) in HEADER.split(';').enumerate() {
                ws.write_string(0, col as u16 + 1, name).unwrap();
            }
            ws.write_string(4, 12, "los").unwrap();
        });
        // Columns start at B; the stray value sits in column M (13), row 5.
        assert_eq!(read_koppeling_file(&bytes).unwrap_err(), FileError::ValueWithoutColumn { line: 5, column: 13 });
    }

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
