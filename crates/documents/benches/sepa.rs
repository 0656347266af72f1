//! Time to write a SEPA credit transfer file of 100,000 transfers in 6 batches (a region's
//! monthly ontzorging run, generously sized). Names carry diacritics and `&` so the character
//! set conversion is part of what is measured.
//! `cargo bench -p regie-documents --bench sepa`

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use regie_documents::sepa::{control_totals, pain001, CreditTransferFile, PaymentBatch, Transfer};
use regie_domain::ids::{Cents, Iban};

const TRANSFERS: usize = 100_000;
const BATCHES: usize = 6;

fn file() -> CreditTransferFile {
    let creditor_ibans: Vec<Iban> = ["NL91ABNA0417164300", "NL20INGB0001234567", "NL39RABO0300065264"]
        .iter()
        .map(|s| Iban::parse(s).expect("valid IBAN"))
        .collect();
    let names = ["Woonstichting De Sleutel", "Vattenfall Klantenservice", "Zorgverzekeraar Zilveren Kruis", "Vitens"];
    let odd_names = ["Wooncorporatie Élan & Zonen", "Müller Energie", "Ørsted Æble"];
    let per_batch = TRANSFERS / BATCHES;
    let batches = (0..BATCHES)
        .map(|b| {
            let count = if b == BATCHES - 1 { TRANSFERS - per_batch * (BATCHES - 1) } else { per_batch };
            let transfers = (0..count)
                .map(|i| {
                    let n = b * per_batch + i;
                    let creditor_name =
                        if n.is_multiple_of(10) { odd_names[n % odd_names.len()] } else { names[n % names.len()] }
                            .to_string();
                    Transfer {
                        end_to_end_id: format!("REGIE-202706-{n:08}"),
                        amount: Cents(1 + (n as i64 * 7919) % 150_000),
                        creditor_name,
                        creditor_iban: creditor_ibans[n % creditor_ibans.len()].clone(),
                        remittance: format!("Ontzorging juni 2027 dossier {n} contract {}", n * 3),
                    }
                })
                .collect();
            PaymentBatch {
                payment_info_id: format!("ONTZ-202706-{b}"),
                execution_date: NaiveDate::from_ymd_opt(2027, 6, 1).unwrap(),
                debtor_name: "Gemeente Súdwest-Fryslân".into(),
                debtor_iban: Iban::parse("NL02ABNA0123456789").unwrap(),
                debtor_bic: if b.is_multiple_of(2) { Some("ABNANL2A".into()) } else { None },
                transfers,
            }
        })
        .collect();
    CreditTransferFile {
        message_id: "REGIE-202706-RUN-1".into(),
        created_at: NaiveDate::from_ymd_opt(2027, 5, 28).unwrap().and_hms_opt(14, 30, 0).unwrap(),
        initiating_party: "Gemeente Súdwest-Fryslân".into(),
        batches,
    }
}

fn bench(c: &mut Criterion) {
    let f = file();
    assert_eq!(control_totals(&f).0, TRANSFERS);
    let mut group = c.benchmark_group("sepa");
    group.sample_size(10);
    group.throughput(Throughput::Elements(TRANSFERS as u64));
    group.bench_function("pain001_100k_transfers_6_batches", |b| {
        b.iter(|| pain001(std::hint::black_box(&f)).expect("pain001"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
