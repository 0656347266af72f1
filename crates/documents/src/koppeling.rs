//! Reading a COA koppeling file, CSV or XLSX, into raw rows for
//! [`regie_domain::inburgering::koppeling::validate_rows`]. The file's format, encoding and
//! header are checked by the shared reader ([`crate::table`]): all columns of
//! [`REQUIRED_COLUMNS`] must be there, [`PROFILE_COLUMNS`] may be.

pub use crate::table::FileError;
use crate::table::{read_rows, Columns};
use regie_domain::inburgering::koppeling::{KoppelingFields, PROFILE_COLUMNS, REQUIRED_COLUMNS};

/// The header of a koppeling file.
pub static KOPPELING_COLUMNS: Columns =
    Columns { required: &REQUIRED_COLUMNS, one_of: &[], optional: &PROFILE_COLUMNS };

/// Reads a koppeling file (XLSX or CSV, told apart by content, not by name) into one
/// [`KoppelingFields`] per non-empty row after the header.
pub fn read_koppeling_file(bytes: &[u8]) -> Result<Vec<KoppelingFields>, FileError> {
    let rows = read_rows(bytes, &KOPPELING_COLUMNS)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let mut fields = KoppelingFields { line: row.line, ..Default::default() };
            for (column, value) in row.cells {
                if let Some(slot) = fields.field_mut(column) {
                    *slot = value;
                }
            }
            fields
        })
        .collect())
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
        let FileError::Header { missing, unknown, duplicate, .. } = &err else { panic!("{err:?}") };
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
        assert_eq!(
            err,
            FileError::Header {
                columns: &KOPPELING_COLUMNS,
                missing: vec![],
                unknown: vec!["opmerking".into()],
                duplicate: vec![]
            }
        );
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
}
