//! Reading a provider's hour file (urenopgave), CSV or XLSX, into raw rows for
//! [`regie_domain::inburgering::progress::import::validate_hour_rows`]. The file's format,
//! encoding and header are checked by the shared reader ([`crate::table`]): every column of
//! [`HOUR_REQUIRED_COLUMNS`] and at least one of [`HOUR_PERSON_COLUMNS`] (`vnummer`, `bsn`).

pub use crate::table::FileError;
use crate::table::{read_rows, Columns};
use regie_domain::inburgering::progress::import::{HourRowFields, HOUR_PERSON_COLUMNS, HOUR_REQUIRED_COLUMNS};

/// The header of an hour file.
pub static HOUR_COLUMNS: Columns =
    Columns { required: &HOUR_REQUIRED_COLUMNS, one_of: &HOUR_PERSON_COLUMNS, optional: &[] };

/// Reads an hour file into one [`HourRowFields`] per non-empty row after the header.
pub fn read_hour_file(bytes: &[u8]) -> Result<Vec<HourRowFields>, FileError> {
    let rows = read_rows(bytes, &HOUR_COLUMNS)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let mut fields = HourRowFields { line: row.line, ..Default::default() };
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

    #[test]
    fn a_csv_file_with_a_bsn_column_only_is_read_by_line() {
        let text = "bsn;aanbieder;onderdeel;periode_van;periode_tot;uren_aanwezig;uren_gepland;keurmerk\r\n\
                    111222333;Taalschool Noord;taal;01-05-2026;31-05-2026;42,5;48;ja\r\n\r\n\
                    123456782;MAP Partners;map;01-05-2026;31-05-2026;10;10;nee\r\n";
        let rows = read_hour_file(text.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].line, rows[0].bsn.as_str(), rows[0].vnummer.as_str()), (2, "111222333", ""));
        assert_eq!((rows[0].uren_aanwezig.as_str(), rows[0].keurmerk.as_str()), ("42,5", "ja"));
        assert_eq!((rows[1].line, rows[1].aanbieder.as_str()), (4, "MAP Partners"));
    }

    #[test]
    fn the_header_needs_a_person_column_and_every_required_one() {
        let err = read_hour_file(b"aanbieder;onderdeel;periode_van;periode_tot;uren_aanwezig;keurmerk;uren\nx\n")
            .unwrap_err();
        let FileError::Header { missing, unknown, .. } = &err else { panic!("{err:?}") };
        assert_eq!(missing, &vec!["uren_gepland", "vnummer", "bsn"]);
        assert_eq!(unknown, &vec!["uren".to_string()]);
        let msg = err.to_string();
        assert!(msg.contains("Minstens één van deze kolommen moet er zijn: vnummer;bsn."), "{msg}");
        assert!(msg.contains("Verplicht zijn: aanbieder;onderdeel;"), "{msg}");
    }

    #[test]
    fn an_xlsx_file_gives_dates_and_half_hours_as_text() {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let header = [
            "vnummer",
            "aanbieder",
            "onderdeel",
            "periode_van",
            "periode_tot",
            "uren_aanwezig",
            "uren_gepland",
            "keurmerk",
        ];
        for (i, h) in header.iter().enumerate() {
            sheet.write_string(0, i as u16, *h).unwrap();
        }
        let date = Format::new().set_num_format("dd-mm-yyyy");
        sheet.write_number(1, 0, 1234567890.0).unwrap();
        sheet.write_string(1, 1, "Taalschool Noord").unwrap();
        sheet.write_string(1, 2, "taal").unwrap();
        sheet.write_date_with_format(1, 3, ExcelDateTime::from_ymd(2026, 5, 1).unwrap(), &date).unwrap();
        sheet.write_date_with_format(1, 4, ExcelDateTime::from_ymd(2026, 5, 31).unwrap(), &date).unwrap();
        sheet.write_number(1, 5, 12.5).unwrap();
        sheet.write_number(1, 6, 16.0).unwrap();
        sheet.write_string(1, 7, "ja").unwrap();
        let rows = read_hour_file(&book.save_to_buffer().unwrap()).unwrap();
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].vnummer, "1234567890");
        assert_eq!((rows[0].periode_van.as_str(), rows[0].periode_tot.as_str()), ("01-05-2026", "31-05-2026"));
        assert_eq!((rows[0].uren_aanwezig.as_str(), rows[0].uren_gepland.as_str()), ("12.5", "16"));
    }
}
