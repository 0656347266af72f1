//! SEPA credit transfer files validate against the ISO 20022 `pain.001.001.03` schema, and the
//! control totals in the XML agree with the transfers and with `control_totals`.
//!
//! Needs `xmllint` (Debian `libxml2-utils`) on the PATH. The schema is kept in `tests/data/`.

use std::path::PathBuf;
use std::process::Command;

use chrono::NaiveDate;
use quick_xml::events::Event;
use quick_xml::Reader;
use regie_documents::sepa::{control_totals, pain001, CreditTransferFile, PaymentBatch, Transfer};
use regie_domain::ids::{Cents, Iban};

const IBANS: [&str; 4] = ["NL91ABNA0417164300", "NL02ABNA0123456789", "NL20INGB0001234567", "NL39RABO0300065264"];

fn iban(i: usize) -> Iban {
    Iban::parse(IBANS[i % IBANS.len()]).expect("valid test IBAN")
}

fn transfer(id: &str, cents: i64, creditor: &str, remittance: &str) -> Transfer {
    Transfer {
        end_to_end_id: id.into(),
        amount: Cents(cents),
        creditor_name: creditor.into(),
        creditor_iban: iban(id.len()),
        remittance: remittance.into(),
    }
}

fn batch(id: &str, bic: Option<&str>, transfers: Vec<Transfer>) -> PaymentBatch {
    PaymentBatch {
        payment_info_id: id.into(),
        execution_date: NaiveDate::from_ymd_opt(2027, 6, 1).unwrap(),
        debtor_name: "Gemeente Súdwest-Fryslân".into(),
        debtor_iban: iban(1),
        debtor_bic: bic.map(String::from),
        transfers,
    }
}

fn file(message_id: &str, batches: Vec<PaymentBatch>) -> CreditTransferFile {
    CreditTransferFile {
        message_id: message_id.into(),
        created_at: NaiveDate::from_ymd_opt(2027, 5, 28).unwrap().and_hms_opt(14, 30, 0).unwrap(),
        initiating_party: "Gemeente Súdwest-Fryslân, Team Inburgering & Ontzorging".into(),
        batches,
    }
}

/// A folder of its own under the system's temporary folder.
fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("regie-sepa-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// Writes `xml` and validates it with xmllint against the pain.001.001.03 schema.
fn assert_schema_valid(name: &str, xml: &[u8]) {
    let path = temp_dir().join(format!("{name}.xml"));
    std::fs::write(&path, xml).expect("write xml");
    let xsd = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/pain.001.001.03.xsd");
    let out = Command::new("xmllint").args(["--noout", "--schema"]).arg(&xsd).arg(&path).output().unwrap_or_else(|e| {
        panic!("xmllint is not runnable ({e}); install libxml2-utils (apt-get install libxml2-utils)")
    });
    assert!(
        out.status.success(),
        "{name}: not valid against pain.001.001.03 ({}):\n{}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_file(&path);
}

/// Text of every element named `name`, in document order.
fn texts(xml: &[u8], name: &str) -> Vec<String> {
    let mut reader = Reader::from_reader(xml);
    let mut out = Vec::new();
    let mut inside = false;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == name => {
                inside = true;
                out.push(String::new());
            }
            Event::Text(t) if inside => {
                out.last_mut().unwrap().push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if inside => {
                let c = match &*r {
                    "apos" => '\'',
                    "quot" => '"',
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    other => panic!("unexpected entity {other}"),
                };
                out.last_mut().unwrap().push(c);
            }
            Event::End(e) if e.name().as_ref() == name => inside = false,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// `1234.50` from cents, the way the file should write it.
fn decimal(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// The header and every batch carry the right count and sum, and `control_totals` agrees.
fn assert_totals(f: &CreditTransferFile, xml: &[u8]) {
    let (count, sum) = control_totals(f);
    let all_transfers: Vec<&Transfer> = f.batches.iter().flat_map(|b| &b.transfers).collect();
    assert_eq!(count, all_transfers.len());
    assert_eq!(sum.0, all_transfers.iter().map(|t| t.amount.0).sum::<i64>());

    let counts = texts(xml, "NbOfTxs");
    let sums = texts(xml, "CtrlSum");
    assert_eq!(counts.len(), 1 + f.batches.len(), "one NbOfTxs in the header and one per batch");
    assert_eq!(counts[0], count.to_string());
    assert_eq!(sums[0], decimal(sum.0));
    for (i, b) in f.batches.iter().enumerate() {
        assert_eq!(counts[i + 1], b.transfers.len().to_string(), "batch {}", b.payment_info_id);
        assert_eq!(sums[i + 1], decimal(b.transfers.iter().map(|t| t.amount.0).sum()), "batch {}", b.payment_info_id);
    }
    let amounts: Vec<String> = all_transfers.iter().map(|t| decimal(t.amount.0)).collect();
    assert_eq!(texts(xml, "InstdAmt"), amounts);
    let ids: Vec<String> = all_transfers.iter().map(|t| t.end_to_end_id.clone()).collect();
    assert_eq!(texts(xml, "EndToEndId"), ids);
}

#[test]
fn one_batch_validates() {
    let f = file(
        "REGIE-GM1900-202706",
        vec![batch(
            "ONTZ-202706-1",
            Some("ABNANL2A"),
            vec![
                transfer("E2E-1", 72_550, "Woonstichting De Sleutel", "Huur juni 2027 contract 12345"),
                transfer("E2E-2", 13_900, "Vattenfall", "Klantnummer 9876543 juni"),
            ],
        )],
    );
    let xml = pain001(&f).expect("pain001");
    assert_schema_valid("one-batch", &xml);
    assert_totals(&f, &xml);
    let s = String::from_utf8(xml).unwrap();
    assert!(s.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(s.contains("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\">"));
    assert!(s.contains("<BIC>ABNANL2A</BIC>"));
    assert!(!s.contains("CdtrAgt"), "the creditor agent is left out (IBAN-only)");
}

#[test]
fn several_batches_validate() {
    let batches = (1..=4usize)
        .map(|b| {
            let bic = if b.is_multiple_of(2) { None } else { Some("INGBNL2A") };
            let transfers = (1..=b * 3)
                .map(|t| transfer(&format!("B{b}-T{t}"), (b * 1000 + t) as i64, "Menzis Zorgverzekeraar", "Premie"))
                .collect();
            batch(&format!("ONTZ-202706-{b}"), bic, transfers)
        })
        .collect();
    let f = file("REGIE-MULTI-1", batches);
    let xml = pain001(&f).expect("pain001");
    assert_schema_valid("several-batches", &xml);
    assert_totals(&f, &xml);
    assert_eq!(texts(&xml, "Id").iter().filter(|id| *id == "NOTPROVIDED").count(), 2);
}

#[test]
fn names_with_diacritics_arabic_and_ampersands_validate_as_sepa_latin() {
    let f = file(
        "REGIE-NAMES-1",
        vec![batch(
            "ONTZ-NAMES",
            None,
            vec![
                transfer("N1", 100, "Wooncorporatie Élan & Zonen B.V.", "Huur – juni 2027 (contract ‘A-12’)"),
                transfer("N2", 200, "Ahmad Al-Hassan أحمد الحسن", "دفعة الإيجار Huur juni"),
                transfer("N3", 300, "Ørsted Energi Æble Straße Œuvre", "Energie <juni> \"2027\" & meer; 50% @ #1"),
                transfer("N4", 400, "Şükrü Çağlar İnşaat", ""),
                transfer("N5", 500, &format!("{} einde", "Léa ".repeat(30)), &"Ü".repeat(300)),
            ],
        )],
    );
    let xml = pain001(&f).expect("pain001");
    assert_schema_valid("names", &xml);
    assert_totals(&f, &xml);
    let names = texts(&xml, "Nm");
    assert_eq!(names[0], "Gemeente Sudwest-Fryslan, Team Inburgering Ontzorging");
    assert_eq!(names[1], "Gemeente Sudwest-Fryslan");
    assert_eq!(names[2], "Wooncorporatie Elan Zonen B.V.");
    assert_eq!(names[3], "Ahmad Al-Hassan");
    assert_eq!(names[4], "Orsted Energi AEble Strasse OEuvre");
    assert_eq!(names[5], "Sukru Caglar Insaat");
    assert_eq!(names[6].chars().count(), 70);
    let remittances = texts(&xml, "Ustrd");
    assert_eq!(remittances[0], "Huur - juni 2027 (contract 'A-12')");
    assert_eq!(remittances[1], "Huur juni");
    assert_eq!(remittances[2], "Energie juni 2027 meer 50 1");
    // N4 has no remittance information at all; N5's is cut to 140 characters.
    assert_eq!(remittances.len(), 4);
    assert_eq!(remittances[3], "U".repeat(140));
    // Every text is in the SEPA Latin set.
    let allowed = |c: char| c.is_ascii_alphanumeric() || "/-?:().,'+ ".contains(c);
    for t in names.iter().chain(&remittances) {
        assert!(t.chars().all(allowed), "{t:?} has characters outside the SEPA set");
    }
}

#[test]
fn one_cent_and_large_amounts_are_exact() {
    let f = file(
        "REGIE-AMOUNTS",
        vec![batch(
            "ONTZ-AMOUNTS",
            None,
            vec![
                transfer("CENT", 1, "Waternet", "1 cent"),
                transfer("MAX", 99_999_999_999, "Woonstichting", "SEPA maximum"),
                transfer("ODD", 123_456_789, "Eneco", "Odd cents"),
                transfer("ROUND", 100_000, "Eneco", "Round"),
            ],
        )],
    );
    let xml = pain001(&f).expect("pain001");
    assert_schema_valid("amounts", &xml);
    assert_totals(&f, &xml);
    assert_eq!(texts(&xml, "InstdAmt"), ["0.01", "999999999.99", "1234567.89", "1000.00"]);
    assert_eq!(texts(&xml, "CtrlSum")[0], "1001235567.89");
    assert_eq!(control_totals(&f), (4, Cents(100_123_556_789)));
}

#[test]
fn a_thousand_transfers_validate() {
    let transfers: Vec<Transfer> = (0..1000)
        .map(|i| {
            transfer(
                &format!("REGIE-2027-06-{i:06}"),
                1 + (i * 7919) % 250_000,
                &format!("Crediteur {i} Müller & Zn"),
                &format!("Ontzorging juni 2027 dossier {i}"),
            )
        })
        .collect();
    let f = file("REGIE-1000", vec![batch("ONTZ-1000", Some("RABONL2U"), transfers)]);
    let xml = pain001(&f).expect("pain001");
    assert_schema_valid("thousand", &xml);
    assert_totals(&f, &xml);
}

#[test]
fn errors_name_the_offending_payment() {
    let f = file(
        "REGIE-ERR",
        vec![batch("ONTZ-ERR", None, vec![transfer("GOED", 100, "A", "x"), transfer("FOUT-7", 0, "B", "y")])],
    );
    let err = pain001(&f).unwrap_err().to_string();
    assert!(err.contains("FOUT-7"), "{err}");
    let f = file("REGIE-ERR", vec![batch("ONTZ-ERR", None, vec![transfer("kenmerk_met_underscore", 100, "A", "x")])]);
    let err = pain001(&f).unwrap_err().to_string();
    assert!(err.contains("kenmerk_met_underscore"), "{err}");
}

/// The bytes of a file are fixed forever: an approved run's hash is checked on every download,
/// so the writer may never change its output. The expected file was written by the first
/// version of the writer.
#[test]
fn the_output_is_byte_for_byte_stable() {
    let f = file(
        "REGIE-GOLDEN-1",
        vec![
            batch(
                "ONTZ-GOLDEN-A",
                Some("ingb nl2a"),
                vec![
                    transfer("G1", 100, "Wooncorporatie Élan & Zonen B.V.", "Huur – juni 2027 (contract ‘A-12’)"),
                    transfer("G2", 12_345_678, "Ahmad Al-Hassan أحمد الحسن", ""),
                ],
            ),
            batch("ONTZ-GOLDEN-B", None, vec![transfer("G3", 5, "D'Ancona <zorg>", "Premie 2027-06")]),
        ],
    );
    let xml = pain001(&f).expect("pain001");
    let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pain001-golden.xml");
    if std::env::var_os("REGIE_WRITE_GOLDEN").is_some() {
        std::fs::write(&golden, &xml).expect("write golden file");
    }
    let expected = std::fs::read(&golden).expect("golden file");
    assert_eq!(String::from_utf8_lossy(&xml), String::from_utf8_lossy(&expected));
}
