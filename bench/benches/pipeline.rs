//! Ingest + clean + segment throughput over a generated corpus of 10,000 documents.
//!
//! Run with `cargo bench -p dossier-bench`. Criterion prints MB/s (bytes of input) for the
//! `bytes` group and documents/s for the `docs` group; both run the same parallel work
//! that `dossier build` does before the store: discover files, read, clean, segment.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rayon::prelude::*;

const N_DOCS: usize = 10_000;

fn ingest_clean_segment(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let articles = dossier_bench::generate(N_DOCS, 42);
    let mut total_bytes = 0u64;
    for article in &articles {
        total_bytes += article.text.len() as u64;
        std::fs::write(dir.path().join(&article.name), &article.text).expect("write article");
    }
    let inputs = vec![dir.path().to_string_lossy().into_owned()];
    let options = dossier_ingest::ReadOptions::default();
    let run = || {
        let discovery = dossier_ingest::discover(&inputs);
        let n_sentences: usize = discovery
            .items
            .par_iter()
            .map(|item| {
                let outcome = dossier_ingest::read_item(item, &options);
                outcome
                    .articles
                    .into_iter()
                    .filter_map(|raw| dossier_clean::clean(raw).ok())
                    .map(|mut doc| {
                        dossier_nlp::segment(&mut doc);
                        doc.sentences.len()
                    })
                    .sum::<usize>()
            })
            .sum();
        assert!(n_sentences > N_DOCS);
    };

    let mut bytes = c.benchmark_group("bytes");
    bytes
        .sample_size(10)
        .throughput(Throughput::Bytes(total_bytes));
    bytes.bench_function("ingest+clean+segment/10k", |b| b.iter(run));
    bytes.finish();

    let mut docs = c.benchmark_group("docs");
    docs.sample_size(10)
        .throughput(Throughput::Elements(N_DOCS as u64));
    docs.bench_function("ingest+clean+segment/10k", |b| b.iter(run));
    docs.finish();
}

criterion_group!(benches, ingest_clean_segment);
criterion_main!(benches);
