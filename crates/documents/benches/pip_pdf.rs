//! Time to render a realistic PIP with its Arabic translation (5 pages, three scripts' fonts).
//! `cargo bench -p regie-documents --bench pip_pdf`
//!
//! typst memoizes across compilations in the process (comemo), so three cases are measured:
//! - `cold`: every cache emptied before each render (worst case, first render of a process
//!   after the fonts were loaded);
//! - `new_person`: a different person and reference each render (a server's normal case:
//!   the fixed texts are laid out from cache, the caller data are new);
//! - `dutch_only_new_person`: the same, without a translation.

#[path = "../tests/common/pip_sample.rs"]
mod pip_sample;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use regie_documents::pip::{render_pip, PipLanguage};

fn bench(c: &mut Criterion) {
    let doc = pip_sample::sample();
    // The first render parses the fonts and builds the standard library once per process.
    render_pip(&doc, PipLanguage::Ar).expect("render");
    let mut group = c.benchmark_group("pip_pdf");
    group.sample_size(20);
    group.bench_function("arabic_cold", |b| {
        b.iter_batched(
            || typst::comemo::evict(0),
            |()| render_pip(std::hint::black_box(&doc), PipLanguage::Ar).expect("render"),
            BatchSize::PerIteration,
        )
    });
    let mut n = 0u64;
    let mut next_doc = move || {
        n += 1;
        let mut d = pip_sample::sample();
        d.person_name = format!("Persoon {n}");
        d.person_reference = format!("V-2026-{n:06}");
        d
    };
    group.bench_function("arabic_new_person", |b| {
        b.iter_batched(&mut next_doc, |d| render_pip(&d, PipLanguage::Ar).expect("render"), BatchSize::PerIteration)
    });
    group.bench_function("dutch_only_new_person", |b| {
        b.iter_batched(&mut next_doc, |d| render_pip(&d, PipLanguage::Nl).expect("render"), BatchSize::PerIteration)
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
