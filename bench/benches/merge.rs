//! Merging 1,000,000 per-document events into timeline events (blocking, not all pairs).
//!
//! Run with `cargo bench -p dossier-bench --bench merge`. The generated events form 100,000
//! happenings told by ten sources each, spread over ten years, 20 root categories and
//! 5,000 actors, so blocks are realistic in size.

use std::collections::HashMap;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dossier_timeline::{merge, DocInfo, EventRecord, Evidence, Participant};

const N_EVENTS: u32 = 1_000_000;

/// A person's name with a surname spelled from `n` ("Ana Kobadi…"), so that every actor has
/// its own surname, as in real news.
fn surname(given: &str, n: u32) -> String {
    const SYLLABLES: [&str; 16] = [
        "ko", "va", "ro", "mi", "la", "do", "sa", "ne", "pe", "tri", "ja", "zo", "li", "gu", "bra",
        "ni",
    ];
    let mut name = String::from(given);
    name.push(' ');
    let mut rest = n;
    loop {
        name.push_str(SYLLABLES[(rest % 16) as usize]);
        rest /= 16;
        if rest == 0 {
            break;
        }
    }
    name.push_str("vić");
    name
}

fn events() -> (Vec<EventRecord>, HashMap<String, DocInfo>) {
    let mut records = Vec::with_capacity(N_EVENTS as usize);
    let mut docs = HashMap::new();
    for i in 0..N_EVENTS {
        let happening = i % 100_000;
        let source = i / 100_000;
        let doc = format!("d{source}-{}", happening % 1000);
        docs.entry(doc.clone()).or_insert_with(|| DocInfo {
            outlet: Some(format!("Outlet {source}")),
            ..DocInfo::default()
        });
        let year = 2015 + happening % 10;
        let day = 1 + (happening / 10) % 28;
        let month = 1 + (happening / 280) % 12;
        records.push(EventRecord {
            id: format!("{doc}#{i}"),
            date: Some(format!("{year}-{month:02}-{day:02}")),
            cameo: format!("{:02}0", 1 + happening % 20),
            modality: "asserted".into(),
            label: "generated".into(),
            actors: vec![Participant {
                name: surname("Ana", happening % 5_000),
                ..Participant::default()
            }],
            recipients: vec![Participant {
                name: surname("Ivo", 5_000 + happening % 3_000),
                ..Participant::default()
            }],
            evidence: vec![Evidence {
                doc,
                sentence: source,
                start: 0,
                end: 10,
            }],
            ..EventRecord::default()
        });
    }
    (records, docs)
}

fn merge_million(c: &mut Criterion) {
    let (records, docs) = events();
    let mut group = c.benchmark_group("timeline");
    group
        .sample_size(10)
        .throughput(Throughput::Elements(u64::from(N_EVENTS)));
    group.bench_function("merge/1M-events", |b| {
        b.iter(|| {
            let merged = merge(&records, &docs);
            // 100,000 happenings; a few share a date, a category and a participant and merge.
            assert!(
                merged.len() > 80_000 && merged.len() <= 100_000,
                "{} events",
                merged.len()
            );
        })
    });
    group.finish();
}

criterion_group!(benches, merge_million);
criterion_main!(benches);
