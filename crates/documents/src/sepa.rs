//! SEPA credit transfer files: ISO 20022 `pain.001.001.03`, the XML a municipality uploads to its
//! bank to pay, for example, the rent and insurance of people in ontzorging.
//!
//! This module only turns payment instructions into bytes. It must never decide what is paid,
//! read a clock (the creation time is passed in), or change an identifier silently: message,
//! batch and end-to-end identifiers are how a payment run is reconciled and kept idempotent, so
//! an identifier the bank would not accept is an error, never a repair. Free text (names,
//! remittance information) is different: banks only carry the SEPA Latin character set, so it is
//! converted to that set and cut to the field's length, as every bank's own portal does.
//!
//! The output validates against the XSD in `tests/data/` (see `tests/sepa.rs`). The creditor's
//! bank (`CdtrAgt`) is not written: within SEPA the IBAN alone is enough.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use regie_domain::ids::{Cents, Iban};

/// The XML namespace of `pain.001.001.03`.
const NAMESPACE: &str = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";

/// Longest identifier (`Max35Text`).
const MAX_ID: usize = 35;
/// Longest name (`Max70Text` is the EPC limit for names, though the XSD allows 140).
const MAX_NAME: usize = 70;
/// Longest unstructured remittance line (`Max140Text`).
const MAX_REMITTANCE: usize = 140;
/// Largest amount of one SEPA credit transfer: EUR 999,999,999.99 (EPC rulebook).
const MAX_TRANSFER_CENTS: i64 = 99_999_999_999;
/// Largest control sum the XSD allows (`DecimalNumber`: 18 digits, here two after the point).
const MAX_TOTAL_CENTS: i64 = 999_999_999_999_999_999;

/// A whole file: one group header and one or more batches.
#[derive(Debug, Clone)]
pub struct CreditTransferFile {
    /// `GrpHdr/MsgId`: unique per file for the bank, at most 35 characters of the SEPA set.
    pub message_id: String,
    /// `GrpHdr/CreDtTm`, written as `YYYY-MM-DDTHH:MM:SS` (local time, no offset).
    pub created_at: NaiveDateTime,
    /// `InitgPty/Nm`: who sends the file (at most 70 characters after conversion).
    pub initiating_party: String,
    pub batches: Vec<PaymentBatch>,
}

/// One `PmtInf`: transfers from one account on one execution date, booked as one batch.
#[derive(Debug, Clone)]
pub struct PaymentBatch {
    /// `PmtInfId`: unique within the file, at most 35 characters of the SEPA set.
    pub payment_info_id: String,
    /// `ReqdExctnDt`.
    pub execution_date: NaiveDate,
    pub debtor_name: String,
    pub debtor_iban: Iban,
    /// The debtor bank's BIC; `None` writes `FinInstnId/Othr/Id` `NOTPROVIDED` (IBAN-only).
    pub debtor_bic: Option<String>,
    pub transfers: Vec<Transfer>,
}

/// One `CdtTrfTxInf`.
#[derive(Debug, Clone)]
pub struct Transfer {
    /// `PmtId/EndToEndId`: at most 35 characters of the SEPA set; the creditor sees it.
    pub end_to_end_id: String,
    /// Must be more than zero and at most the SEPA maximum of EUR 999,999,999.99.
    pub amount: Cents,
    /// `Cdtr/Nm` (at most 70 characters after conversion).
    pub creditor_name: String,
    pub creditor_iban: Iban,
    /// `RmtInf/Ustrd` (at most 140 characters after conversion); left out when empty.
    pub remittance: String,
}

/// Why no file was written. Messages are Dutch and may be shown to staff as they are.
#[derive(Debug, thiserror::Error)]
pub enum SepaError {
    #[error("Het betaalbestand bevat geen betaalopdrachten.")]
    EmptyFile,
    #[error("Betaalopdracht {payment_info_id} bevat geen betalingen.")]
    EmptyBatch { payment_info_id: String },
    #[error(
        "Betaling {end_to_end_id} heeft een bedrag van {}; een overboeking moet meer dan € 0,00 zijn.",
        .amount.display_nl()
    )]
    NonPositiveAmount { end_to_end_id: String, amount: Cents },
    #[error(
        "Betaling {end_to_end_id} heeft een bedrag van {}; dat is meer dan het SEPA-maximum van € 999.999.999,99.",
        .amount.display_nl()
    )]
    AmountTooLarge { end_to_end_id: String, amount: Cents },
    #[error("Het totaalbedrag van het betaalbestand is groter dan een SEPA-bestand kan bevatten. Verdeel de betalingen over meer bestanden.")]
    TotalTooLarge,
    #[error("{field} ontbreekt.")]
    EmptyId { field: &'static str },
    #[error("{field} \"{id}\" is {length} tekens lang; het mag hoogstens 35 tekens zijn.")]
    IdTooLong { field: &'static str, id: String, length: usize },
    #[error(
        "{field} \"{id}\" bevat tekens die niet in een SEPA-bestand mogen. Toegestaan zijn a-z, A-Z, 0-9, spaties en / - ? : ( ) . , ' +; het mag niet beginnen of eindigen met / en geen // bevatten."
    )]
    InvalidId { field: &'static str, id: String },
    #[error("{field} \"{id}\" komt meer dan eens voor in het betaalbestand; het moet uniek zijn.")]
    DuplicateId { field: &'static str, id: String },
    #[error("De naam van {party} bevat geen tekens die in een SEPA-bestand mogen (alleen Latijnse letters, cijfers en enkele leestekens). Vul de naam ook in Latijnse letters in.")]
    MissingName { party: String },
    #[error("De BIC \"{bic}\" van betaalopdracht {payment_info_id} is geen geldige BIC (8 of 11 letters en cijfers, bijvoorbeeld INGBNL2A).")]
    InvalidBic { payment_info_id: String, bic: String },
    #[error("Het SEPA-bestand kon niet worden geschreven: {0}")]
    Xml(#[from] io::Error),
}

const MSG_ID: &str = "Het berichtkenmerk (MsgId)";
const PMT_INF_ID: &str = "Het kenmerk van de betaalopdracht (PmtInfId)";
const END_TO_END_ID: &str = "Het betalingskenmerk (EndToEndId)";

/// Sum of all transfer amounts and their count, as written in the group header.
///
/// The sum saturates at `i64::MAX` cents; [`pain001`] refuses such a file.
pub fn control_totals(file: &CreditTransferFile) -> (usize, Cents) {
    file.batches.iter().fold((0, Cents(0)), |(count, sum), batch| {
        let (n, batch_sum) = batch_totals(batch);
        (count + n, Cents(sum.0.saturating_add(batch_sum.0)))
    })
}

fn batch_totals(batch: &PaymentBatch) -> (usize, Cents) {
    let sum = batch.transfers.iter().fold(0i64, |sum, t| sum.saturating_add(t.amount.0));
    (batch.transfers.len(), Cents(sum))
}

/// Writes the file as `pain.001.001.03` XML (UTF-8). Checks everything first, so a returned
/// file is complete and an error leaves nothing half-written.
pub fn pain001(file: &CreditTransferFile) -> Result<Vec<u8>, SepaError> {
    let checked = check(file)?;
    let transfers: usize = file.batches.iter().map(|b| b.transfers.len()).sum();
    // About 700 bytes per indented transfer; growing the buffer is the main cost otherwise.
    let mut xml = Xml::new(Vec::with_capacity(2048 + file.batches.len() * 1024 + transfers * 700));

    xml.declaration();
    xml.open_with("Document", &format!(" xmlns=\"{NAMESPACE}\""));
    xml.open("CstmrCdtTrfInitn")?;

    xml.open("GrpHdr")?;
    xml.leaf("MsgId", &file.message_id)?;
    xml.leaf("CreDtTm", &date_time(&file.created_at))?;
    xml.leaf("NbOfTxs", &transfers.to_string())?;
    xml.amount("CtrlSum", checked.total)?;
    xml.open("InitgPty")?;
    xml.leaf("Nm", &checked.initiating_party)?;
    xml.close("InitgPty")?;
    xml.close("GrpHdr")?;

    for (batch, b) in file.batches.iter().zip(&checked.batches) {
        xml.open("PmtInf")?;
        xml.leaf("PmtInfId", &batch.payment_info_id)?;
        xml.leaf("PmtMtd", "TRF")?;
        xml.leaf("BtchBookg", "true")?;
        xml.leaf("NbOfTxs", &batch.transfers.len().to_string())?;
        xml.amount("CtrlSum", b.total)?;
        xml.open("PmtTpInf")?;
        xml.open("SvcLvl")?;
        xml.leaf("Cd", "SEPA")?;
        xml.close("SvcLvl")?;
        xml.close("PmtTpInf")?;
        xml.leaf("ReqdExctnDt", &date(&batch.execution_date))?;
        xml.open("Dbtr")?;
        xml.leaf("Nm", &b.debtor_name)?;
        xml.close("Dbtr")?;
        xml.account("DbtrAcct", &batch.debtor_iban)?;
        xml.open("DbtrAgt")?;
        xml.open("FinInstnId")?;
        match &b.bic {
            Some(bic) => xml.leaf("BIC", bic)?,
            None => {
                xml.open("Othr")?;
                xml.leaf("Id", "NOTPROVIDED")?;
                xml.close("Othr")?;
            }
        }
        xml.close("FinInstnId")?;
        xml.close("DbtrAgt")?;
        xml.leaf("ChrgBr", "SLEV")?;

        for t in &batch.transfers {
            xml.open("CdtTrfTxInf")?;
            xml.open("PmtId")?;
            xml.leaf("EndToEndId", &t.end_to_end_id)?;
            xml.close("PmtId")?;
            xml.open("Amt")?;
            xml.amount_eur("InstdAmt", t.amount.0)?;
            xml.close("Amt")?;
            // Checked non-empty in `check`; converting twice is cheaper than keeping 100,000
            // converted names around.
            xml.open("Cdtr")?;
            xml.leaf("Nm", &sepa_text(&t.creditor_name, MAX_NAME))?;
            xml.close("Cdtr")?;
            xml.account("CdtrAcct", &t.creditor_iban)?;
            let remittance = sepa_text(&t.remittance, MAX_REMITTANCE);
            if !remittance.is_empty() {
                xml.open("RmtInf")?;
                xml.leaf("Ustrd", &remittance)?;
                xml.close("RmtInf")?;
            }
            xml.close("CdtTrfTxInf")?;
        }
        xml.close("PmtInf")?;
    }

    xml.close("CstmrCdtTrfInitn")?;
    xml.close("Document")?;
    let mut out = xml.out;
    out.push(b'\n');
    Ok(out)
}

/// What [`check`] worked out once: totals and converted header fields.
struct Checked {
    total: i64,
    initiating_party: String,
    batches: Vec<CheckedBatch>,
}

struct CheckedBatch {
    total: i64,
    debtor_name: String,
    bic: Option<String>,
}

/// Every rule the XSD and the EPC rulebook set, before a byte is written.
fn check(file: &CreditTransferFile) -> Result<Checked, SepaError> {
    check_id(MSG_ID, &file.message_id)?;
    let initiating_party = name(&file.initiating_party, || "de opdrachtgever (InitgPty)".to_string())?;
    if file.batches.is_empty() {
        return Err(SepaError::EmptyFile);
    }
    let mut batch_ids = std::collections::HashSet::with_capacity(file.batches.len());
    let mut total: i64 = 0;
    let mut batches = Vec::with_capacity(file.batches.len());
    for batch in &file.batches {
        let id = &batch.payment_info_id;
        check_id(PMT_INF_ID, id)?;
        if !batch_ids.insert(id.as_str()) {
            return Err(SepaError::DuplicateId { field: PMT_INF_ID, id: id.clone() });
        }
        if batch.transfers.is_empty() {
            return Err(SepaError::EmptyBatch { payment_info_id: id.clone() });
        }
        let debtor_name = name(&batch.debtor_name, || format!("de betaler van betaalopdracht {id}"))?;
        let bic = bic(batch)?;
        let mut batch_total: i64 = 0;
        for t in &batch.transfers {
            let e2e = &t.end_to_end_id;
            check_id(END_TO_END_ID, e2e)?;
            if t.amount.0 <= 0 {
                return Err(SepaError::NonPositiveAmount { end_to_end_id: e2e.clone(), amount: t.amount });
            }
            if t.amount.0 > MAX_TRANSFER_CENTS {
                return Err(SepaError::AmountTooLarge { end_to_end_id: e2e.clone(), amount: t.amount });
            }
            if sepa_text(&t.creditor_name, MAX_NAME).is_empty() {
                return Err(SepaError::MissingName { party: format!("de begunstigde van betaling {e2e}") });
            }
            batch_total += t.amount.0; // cannot overflow: checked against MAX_TOTAL_CENTS below
            if batch_total > MAX_TOTAL_CENTS {
                return Err(SepaError::TotalTooLarge);
            }
        }
        total = total.checked_add(batch_total).filter(|t| *t <= MAX_TOTAL_CENTS).ok_or(SepaError::TotalTooLarge)?;
        batches.push(CheckedBatch { total: batch_total, debtor_name, bic });
    }
    Ok(Checked { total, initiating_party, batches })
}

/// Whether a name can stand in a SEPA file: something is left of it in the SEPA Latin set (a
/// name in Arabic or Tigrinya script only is not, and would make the whole file fail).
pub fn is_sepa_name(raw: &str) -> bool {
    !sepa_text(raw, MAX_NAME).is_empty()
}

/// A name converted to the SEPA set; an error when nothing is left of it.
fn name(raw: &str, party: impl FnOnce() -> String) -> Result<String, SepaError> {
    let converted = sepa_text(raw, MAX_NAME);
    if converted.is_empty() {
        return Err(SepaError::MissingName { party: party() });
    }
    Ok(converted.into_owned())
}

/// The batch's BIC without spaces, in capitals; `None` when not given or blank.
fn bic(batch: &PaymentBatch) -> Result<Option<String>, SepaError> {
    let Some(raw) = batch.debtor_bic.as_deref() else { return Ok(None) };
    let bic: String = raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    if bic.is_empty() {
        return Ok(None);
    }
    // The XSD's BICIdentifier: [A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?
    let b = bic.as_bytes();
    let valid = (b.len() == 8 || b.len() == 11)
        && b[..6].iter().all(u8::is_ascii_uppercase)
        && (b[6].is_ascii_uppercase() || (b'2'..=b'9').contains(&b[6]))
        && ((b[7].is_ascii_uppercase() && b[7] != b'O') || b[7].is_ascii_digit())
        && b[8..].iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if !valid {
        return Err(SepaError::InvalidBic { payment_info_id: batch.payment_info_id.clone(), bic: raw.to_string() });
    }
    Ok(Some(bic))
}

/// Identifiers are written exactly as given, or not at all.
fn check_id(field: &'static str, id: &str) -> Result<(), SepaError> {
    if id.is_empty() {
        return Err(SepaError::EmptyId { field });
    }
    let bad_chars = !id.bytes().all(is_sepa_byte);
    // EPC rule for references: no leading or trailing slash, no double slash.
    let bad_slashes = id.starts_with('/') || id.ends_with('/') || id.contains("//");
    if bad_chars || bad_slashes || id.trim().is_empty() {
        return Err(SepaError::InvalidId { field, id: id.to_string() });
    }
    if id.len() > MAX_ID {
        return Err(SepaError::IdTooLong { field, id: id.to_string(), length: id.len() });
    }
    Ok(())
}

/// Whether `b` is a character of the SEPA Latin set: `a-z A-Z 0-9 / - ? : ( ) . , ' +` and space.
fn is_sepa_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(b, b'/' | b'-' | b'?' | b':' | b'(' | b')' | b'.' | b',' | b'\'' | b'+' | b' ')
}

/// Free text in the SEPA Latin set: letters with diacritics become their base letter (and `ß`,
/// `æ`, `œ`, `ĳ`, `þ` two letters), typographic quotes and dashes their ASCII form, anything else
/// a space; runs of spaces become one, leading and trailing spaces go, and the result is cut to
/// `max` characters. Text that is already clean is returned as it is, without copying.
fn sepa_text(input: &str, max: usize) -> Cow<'_, str> {
    let clean = input.len() <= max
        && input.bytes().all(is_sepa_byte)
        && !input.starts_with(' ')
        && !input.ends_with(' ')
        && !input.contains("  ");
    if clean {
        return Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len().min(max + 4));
    let mut space = false;
    let mut push = |out: &mut String, c: char| {
        if c == ' ' {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    };
    for c in input.chars() {
        match fold(c) {
            Folded::Zero => {}
            Folded::One(f) => push(&mut out, f),
            Folded::Two(a, b) => {
                push(&mut out, a);
                push(&mut out, b);
            }
        }
        if out.len() > max {
            break;
        }
    }
    // Everything pushed is ASCII, so byte and character positions agree.
    out.truncate(max);
    out.truncate(out.trim_end().len());
    Cow::Owned(out)
}

/// A character in the SEPA set: none for invisible marks, one, or two for ligatures and `ß`.
enum Folded {
    Zero,
    One(char),
    Two(char, char),
}

/// The SEPA-set form of one character (a space when it has none).
fn fold(c: char) -> Folded {
    use Folded::{One, Two};
    if c.is_ascii() {
        return One(if is_sepa_byte(c as u8) { c } else { ' ' });
    }
    let upper = c.is_uppercase();
    let case = |base: char| One(if upper { base.to_ascii_uppercase() } else { base });
    let case2 = |a: char, b: char| {
        if upper {
            Two(a.to_ascii_uppercase(), b.to_ascii_uppercase())
        } else {
            Two(a, b)
        }
    };
    match c {
        // Latin-1 Supplement.
        'À'..='Å' | 'à'..='å' => case('a'),
        'Æ' | 'æ' => case2('a', 'e'),
        'Ç' | 'ç' => case('c'),
        'È'..='Ë' | 'è'..='ë' => case('e'),
        'Ì'..='Ï' | 'ì'..='ï' => case('i'),
        'Ð' | 'ð' => case('d'),
        'Ñ' | 'ñ' => case('n'),
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' => case('o'),
        'Ù'..='Ü' | 'ù'..='ü' => case('u'),
        'Ý' | 'ý' | 'ÿ' => case('y'),
        'Þ' | 'þ' => case2('t', 'h'),
        'ß' => Two('s', 's'),
        'ẞ' => Two('S', 'S'),
        // Latin Extended-A, by base letter.
        '\u{0100}'..='\u{0105}' => case('a'),
        '\u{0106}'..='\u{010D}' => case('c'),
        '\u{010E}'..='\u{0111}' => case('d'),
        '\u{0112}'..='\u{011B}' => case('e'),
        '\u{011C}'..='\u{0123}' => case('g'),
        '\u{0124}'..='\u{0127}' => case('h'),
        '\u{0128}'..='\u{0131}' => case('i'),
        '\u{0132}' | '\u{0133}' => case2('i', 'j'),
        '\u{0134}' | '\u{0135}' => case('j'),
        '\u{0136}'..='\u{0138}' => case('k'),
        '\u{0139}'..='\u{0142}' => case('l'),
        '\u{0143}'..='\u{014B}' => case('n'),
        '\u{014C}'..='\u{0151}' => case('o'),
        '\u{0152}' | '\u{0153}' => case2('o', 'e'),
        '\u{0154}'..='\u{0159}' => case('r'),
        '\u{015A}'..='\u{0161}' => case('s'),
        '\u{0162}'..='\u{0167}' => case('t'),
        '\u{0168}'..='\u{0173}' => case('u'),
        '\u{0174}' | '\u{0175}' => case('w'),
        '\u{0176}'..='\u{0178}' => case('y'),
        '\u{0179}'..='\u{017E}' => case('z'),
        '\u{017F}' => One('s'),
        // Latin Extended-B: Romanian, pinyin tone marks, Vietnamese horned letters.
        'Ș' | 'ș' => case('s'),
        'Ț' | 'ț' => case('t'),
        'Ǎ' | 'ǎ' => case('a'),
        'Ǐ' | 'ǐ' => case('i'),
        'Ǒ' | 'ǒ' | 'Ơ' | 'ơ' => case('o'),
        'Ǔ'..='ǜ' | 'Ư' | 'ư' => case('u'),
        // Latin Extended Additional: Vietnamese letters with two marks.
        '\u{1EA0}'..='\u{1EB7}' => case('a'),
        '\u{1EB8}'..='\u{1EC7}' => case('e'),
        '\u{1EC8}'..='\u{1ECB}' => case('i'),
        '\u{1ECC}'..='\u{1EE3}' => case('o'),
        '\u{1EE4}'..='\u{1EF1}' => case('u'),
        '\u{1EF2}'..='\u{1EF9}' => case('y'),
        // Typographic apostrophes and dashes have an ASCII form in the set.
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '\u{00B4}' => One('\''),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => One('-'),
        // Combining marks (text in decomposed form) belong to the letter before them, and
        // invisible formatting characters are not there for the reader at all.
        '\u{0300}'..='\u{036F}' | '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => Folded::Zero,
        _ => One(' '),
    }
}

/// `1234.50` from 123450 cents: exact, no floating point.
fn write_amount(buf: &mut String, cents: i64) {
    let _ = write!(buf, "{}.{:02}", cents / 100, cents % 100);
}

fn date(d: &NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn date_time(t: &NaiveDateTime) -> String {
    format!("{}T{:02}:{:02}:{:02}", date(&t.date()), t.hour(), t.minute(), t.second())
}

/// A writer for the few shapes a pain.001 file is made of: one element per line, indented by
/// two spaces per level, text on the line of its element. Written by hand rather than through
/// an event writer because a run of 100,000 households has half a million transfers, and
/// because the bytes must never change (an approved file's hash is checked on every download):
/// `tests/sepa.rs` pins them.
struct Xml {
    out: Vec<u8>,
    depth: usize,
    /// Reused for every amount, so 100,000 transfers do not mean 100,000 allocations.
    buf: String,
}

impl Xml {
    fn new(out: Vec<u8>) -> Self {
        Self { out, depth: 0, buf: String::with_capacity(24) }
    }

    fn declaration(&mut self) {
        self.out.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    }

    fn new_line(&mut self) {
        self.out.push(b'\n');
        self.out.resize(self.out.len() + 2 * self.depth, b' ');
    }

    /// `<name attributes>` on a new line, one level deeper after it.
    fn open_with(&mut self, name: &str, attributes: &str) {
        self.new_line();
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(attributes.as_bytes());
        self.out.push(b'>');
        self.depth += 1;
    }

    fn open(&mut self, name: &str) -> io::Result<()> {
        self.open_with(name, "");
        Ok(())
    }

    fn close(&mut self, name: &str) -> io::Result<()> {
        self.depth -= 1;
        self.new_line();
        self.end_tag(name);
        Ok(())
    }

    fn end_tag(&mut self, name: &str) {
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b'>');
    }

    /// Element text with `<`, `>` and `&` escaped (quotes need no escaping in element text,
    /// and `D'Ancona` reads better in a bank's viewer than `D&apos;Ancona`).
    fn text(&mut self, text: &str) {
        if !text.bytes().any(|b| matches!(b, b'<' | b'>' | b'&')) {
            self.out.extend_from_slice(text.as_bytes());
            return;
        }
        for c in text.chars() {
            match c {
                '<' => self.out.extend_from_slice(b"&lt;"),
                '>' => self.out.extend_from_slice(b"&gt;"),
                '&' => self.out.extend_from_slice(b"&amp;"),
                c => self.out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            }
        }
    }

    /// `<name>text</name>` on one line.
    fn leaf(&mut self, name: &str, text: &str) -> io::Result<()> {
        self.leaf_with(name, "", text);
        Ok(())
    }

    fn leaf_with(&mut self, name: &str, attributes: &str, text: &str) {
        self.open_with(name, attributes);
        self.text(text);
        self.depth -= 1;
        self.end_tag(name);
    }

    fn amount(&mut self, name: &str, cents: i64) -> io::Result<()> {
        self.amount_with(name, "", cents);
        Ok(())
    }

    fn amount_eur(&mut self, name: &str, cents: i64) -> io::Result<()> {
        self.amount_with(name, " Ccy=\"EUR\"", cents);
        Ok(())
    }

    fn amount_with(&mut self, name: &str, attributes: &str, cents: i64) {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        write_amount(&mut buf, cents);
        self.leaf_with(name, attributes, &buf);
        self.buf = buf;
    }

    /// `<name><Id><IBAN>...</IBAN></Id></name>`.
    fn account(&mut self, name: &str, iban: &Iban) -> io::Result<()> {
        self.open(name)?;
        self.open("Id")?;
        self.leaf("IBAN", iban.as_str())?;
        self.close("Id")?;
        self.close(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iban(s: &str) -> Iban {
        Iban::parse(s).unwrap()
    }

    fn transfer(id: &str, cents: i64) -> Transfer {
        Transfer {
            end_to_end_id: id.into(),
            amount: Cents(cents),
            creditor_name: "Woonstichting De Sleutel".into(),
            creditor_iban: iban("NL91ABNA0417164300"),
            remittance: "Huur juni 2027".into(),
        }
    }

    fn file(transfers: Vec<Transfer>) -> CreditTransferFile {
        CreditTransferFile {
            message_id: "REGIE-2027-06".into(),
            created_at: NaiveDate::from_ymd_opt(2027, 5, 28).unwrap().and_hms_opt(9, 5, 7).unwrap(),
            initiating_party: "Gemeente Zwolle".into(),
            batches: vec![PaymentBatch {
                payment_info_id: "ONTZ-2027-06-1".into(),
                execution_date: NaiveDate::from_ymd_opt(2027, 6, 1).unwrap(),
                debtor_name: "Gemeente Zwolle".into(),
                debtor_iban: iban("NL02ABNA0123456789"),
                debtor_bic: None,
                transfers,
            }],
        }
    }

    fn text(s: &str) -> String {
        sepa_text(s, 140).into_owned()
    }

    #[test]
    fn diacritics_become_base_letters() {
        assert_eq!(text("Café Müller"), "Cafe Muller");
        assert_eq!(text("Straße"), "Strasse");
        assert_eq!(text("Søren Ærø"), "Soren AEro");
        assert_eq!(text("Œuvre ĳsselmeer Ĳmuiden"), "OEuvre ijsselmeer IJmuiden");
        assert_eq!(text("Şükrü Çağlar İyi ığdır"), "Sukru Caglar Iyi igdir");
        assert_eq!(text("Łódź Dvořák Þór"), "Lodz Dvorak THor");
        assert_eq!(text("Nguyễn Thị Hương"), "Nguyen Thi Huong");
        assert_eq!(text("Ștefan Țăranu"), "Stefan Taranu");
        // Decomposed text (letter + combining mark) and invisible characters.
        assert_eq!(text("Cafe\u{301} Mu\u{308}ller\u{AD}s"), "Cafe Mullers");
    }

    #[test]
    fn other_characters_become_single_spaces() {
        assert_eq!(text("Jansen & Zn."), "Jansen Zn.");
        assert_eq!(text("  Ahmed   أحمد  Ali "), "Ahmed Ali");
        assert_eq!(text("أحمد"), "");
        assert_eq!(text("a_b*c@d\te\nf"), "a b c d e f");
        assert_eq!(text("O’Brien – 12"), "O'Brien - 12");
        // Every allowed character survives.
        let allowed = "az AZ 09 /-?:().,'+";
        assert_eq!(text(allowed), allowed);
    }

    #[test]
    fn text_is_cut_to_the_field_length() {
        assert_eq!(sepa_text("abcdef", 4), "abcd");
        // A cut that would end in a space drops it.
        assert_eq!(sepa_text("abc def", 4), "abc");
        // ß counts as two characters after conversion.
        assert_eq!(sepa_text("aßßß", 4), "asss");
        assert_eq!(sepa_text(&"é".repeat(200), 70).len(), 70);
        // Clean text is not copied.
        assert!(matches!(sepa_text("Huur juni", 140), Cow::Borrowed(_)));
    }

    #[test]
    fn amounts_are_exact() {
        let fmt = |c: i64| {
            let mut s = String::new();
            write_amount(&mut s, c);
            s
        };
        assert_eq!(fmt(1), "0.01");
        assert_eq!(fmt(10), "0.10");
        assert_eq!(fmt(100), "1.00");
        assert_eq!(fmt(123_450), "1234.50");
        assert_eq!(fmt(MAX_TRANSFER_CENTS), "999999999.99");
        assert_eq!(fmt(MAX_TOTAL_CENTS), "9999999999999999.99");
    }

    #[test]
    fn control_totals_count_and_sum() {
        let f = file(vec![transfer("A", 1), transfer("B", 99_999_999_999), transfer("C", 72_550)]);
        assert_eq!(control_totals(&f), (3, Cents(100_000_072_550)));
        let xml = String::from_utf8(pain001(&f).unwrap()).unwrap();
        assert!(xml.contains("<NbOfTxs>3</NbOfTxs>"));
        assert!(xml.contains("<CtrlSum>1000000725.50</CtrlSum>"));
        assert!(xml.contains("<InstdAmt Ccy=\"EUR\">0.01</InstdAmt>"));
        assert!(xml.contains("<InstdAmt Ccy=\"EUR\">999999999.99</InstdAmt>"));
        assert!(xml.contains("<CreDtTm>2027-05-28T09:05:07</CreDtTm>"));
        assert!(xml.contains("<ReqdExctnDt>2027-06-01</ReqdExctnDt>"));
        assert!(xml.contains("<Othr>\n") && xml.contains("<Id>NOTPROVIDED</Id>"));
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    }

    #[test]
    fn amounts_must_be_positive_and_within_the_sepa_maximum() {
        let err = pain001(&file(vec![transfer("OK", 5), transfer("NUL-1", 0)])).unwrap_err();
        assert!(matches!(&err, SepaError::NonPositiveAmount { end_to_end_id, .. } if end_to_end_id == "NUL-1"));
        assert!(err.to_string().contains("NUL-1") && err.to_string().contains("€ 0,00"));
        let err = pain001(&file(vec![transfer("MIN", -250)])).unwrap_err();
        assert!(err.to_string().contains("-€ 2,50"), "{err}");
        let err = pain001(&file(vec![transfer("BIG", MAX_TRANSFER_CENTS + 1)])).unwrap_err();
        assert!(matches!(err, SepaError::AmountTooLarge { .. }));
    }

    #[test]
    fn identifiers_are_never_changed() {
        let long = "X".repeat(36);
        let err = pain001(&file(vec![transfer(&long, 5)])).unwrap_err();
        assert!(matches!(&err, SepaError::IdTooLong { id, length: 36, .. } if *id == long));
        assert!(err.to_string().contains(&long));
        for bad in ["Huur_juni", "Café-1", "/A", "A/", "A//B", " ", "A&B"] {
            let err = pain001(&file(vec![transfer(bad, 5)])).unwrap_err();
            assert!(matches!(&err, SepaError::InvalidId { id, .. } if id == bad), "{bad}: {err}");
        }
        let err = pain001(&file(vec![transfer("", 5)])).unwrap_err();
        assert!(matches!(err, SepaError::EmptyId { field: END_TO_END_ID }));
        let mut f = file(vec![transfer("A", 5)]);
        f.message_id = "M".repeat(35);
        assert!(pain001(&f).is_ok());
        f.message_id.push('M');
        assert!(matches!(pain001(&f).unwrap_err(), SepaError::IdTooLong { field: MSG_ID, .. }));
        let mut f = file(vec![transfer("A", 5)]);
        let second = f.batches[0].clone();
        f.batches.push(second);
        assert!(matches!(pain001(&f).unwrap_err(), SepaError::DuplicateId { field: PMT_INF_ID, .. }));
    }

    #[test]
    fn empty_file_batch_and_names_are_refused() {
        let mut f = file(vec![]);
        assert!(matches!(pain001(&f).unwrap_err(), SepaError::EmptyBatch { .. }));
        f.batches.clear();
        assert!(matches!(pain001(&f).unwrap_err(), SepaError::EmptyFile));
        let mut t = transfer("A", 5);
        t.creditor_name = "مؤسسة".into();
        let err = pain001(&file(vec![t])).unwrap_err();
        assert!(err.to_string().contains("begunstigde van betaling A"), "{err}");
        let mut f = file(vec![transfer("A", 5)]);
        f.initiating_party = "&&".into();
        assert!(matches!(pain001(&f).unwrap_err(), SepaError::MissingName { .. }));
    }

    #[test]
    fn bic_is_checked_and_normalised() {
        let mut f = file(vec![transfer("A", 5)]);
        f.batches[0].debtor_bic = Some("abna nl 2a".into());
        let xml = String::from_utf8(pain001(&f).unwrap()).unwrap();
        assert!(xml.contains("<BIC>ABNANL2A</BIC>") && !xml.contains("NOTPROVIDED"));
        f.batches[0].debtor_bic = Some("   ".into());
        assert!(String::from_utf8(pain001(&f).unwrap()).unwrap().contains("NOTPROVIDED"));
        for bad in ["ABNANL2", "ABNANL2O", "ABN1NL2A", "ABNANL2AXX"] {
            f.batches[0].debtor_bic = Some(bad.into());
            assert!(matches!(pain001(&f).unwrap_err(), SepaError::InvalidBic { .. }), "{bad}");
        }
    }

    #[test]
    fn empty_remittance_is_left_out_and_text_is_escaped() {
        let mut t = transfer("A", 5);
        t.remittance = "أحمد".into();
        t.creditor_name = "D'Ancona".into();
        let xml = String::from_utf8(pain001(&file(vec![t])).unwrap()).unwrap();
        assert!(!xml.contains("RmtInf"));
        assert!(xml.contains("<Nm>D'Ancona</Nm>"), "{xml}");
    }
}
