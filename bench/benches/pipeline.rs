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

/// The share of each annotation stage in the pipeline's time, over 300 generated articles
/// (one thread): the quote finder must add under 10%, event coding under 20%.
fn stage_shares(c: &mut Criterion) {
    use dossier_core::Annotator;
    let models = dossier_tagger::Models::load_default().expect("embedded models");
    let docs: Vec<dossier_core::Doc> = dossier_bench::generate(300, 7)
        .into_iter()
        .filter_map(|article| {
            let raw = dossier_core::RawArticle {
                meta: dossier_core::Meta {
                    source_path: article.name,
                    ..Default::default()
                },
                body: article.text,
                removed: Vec::new(),
            };
            dossier_clean::clean(raw).ok()
        })
        .collect();
    let mut annotated = docs.clone();
    for doc in &mut annotated {
        dossier_nlp::segment(doc);
        models.pos.annotate(doc);
        if let Some(parser) = &models.parser {
            parser.annotate(doc);
        }
        if let Some(ner) = &models.ner {
            ner.annotate(doc);
        }
        dossier_time::TimeTagger.annotate(doc);
    }
    let ontology = dossier_events::Ontology::shipped().expect("ontology");
    let actors = dossier_events::NameResolver::new();
    let mut group = c.benchmark_group("stages");
    group
        .sample_size(10)
        .throughput(Throughput::Elements(docs.len() as u64));
    group.bench_function("all-annotators/300", |b| {
        b.iter(|| {
            for doc in &docs {
                let mut doc = doc.clone();
                dossier_nlp::segment(&mut doc);
                models.pos.annotate(&mut doc);
                if let Some(parser) = &models.parser {
                    parser.annotate(&mut doc);
                }
                if let Some(ner) = &models.ner {
                    ner.annotate(&mut doc);
                }
                dossier_time::TimeTagger.annotate(&mut doc);
                dossier_quotes::QuoteFinder.annotate(&mut doc);
            }
        })
    });
    group.bench_function("quotes-only/300", |b| {
        b.iter(|| {
            for doc in &annotated {
                let mut doc = doc.clone();
                dossier_quotes::QuoteFinder.annotate(&mut doc);
            }
        })
    });
    group.bench_function("clone-only/300", |b| {
        b.iter(|| {
            for doc in &annotated {
                std::hint::black_box(doc.clone());
            }
        })
    });
    group.bench_function("events-only/300", |b| {
        b.iter(|| {
            let mut n = 0;
            for doc in &annotated {
                n += dossier_events::code_doc(doc, &ontology, &actors).len();
            }
            n
        })
    });
    group.finish();
}

criterion_group!(benches, ingest_clean_segment, stage_shares);
criterion_main!(benches);
