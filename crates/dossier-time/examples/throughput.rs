//! Measures tagging throughput on one core (development aid and the Rust side of
//! `bench/time/run.sh`).
//!
//! `cargo run --release -p dossier-time --example throughput -- DIR [LIMIT]`
//!
//! DIR holds either plain-text files (`*.txt`, read as they are) or TimeML files (their
//! text). The first LIMIT texts in name order are tagged (all when LIMIT is 0 or absent),
//! three passes, and the fastest pass is printed as one line of `key=value` fields.

use std::path::Path;

/// The `*.txt` files of `dir` in name order, or `None` when it has none.
fn plain_texts(dir: &Path) -> Option<Vec<String>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    if paths.is_empty() {
        return None;
    }
    paths.sort();
    Some(
        paths
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect(),
    )
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| ".".into());
    let limit: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    let dir = Path::new(&dir);
    let mut texts = match plain_texts(dir) {
        Some(texts) => texts,
        None => match dossier_time::eval::read_gold_dir(dir) {
            Ok(docs) => docs.into_iter().map(|d| d.text).collect(),
            Err(e) => {
                eprintln!("{e}");
                return;
            }
        },
    };
    if limit > 0 {
        texts.truncate(limit);
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let bytes: usize = refs.iter().map(|t| t.len()).sum();
    // The first pass also warms the lexicon tables; the fastest of three is reported.
    let best = (0..3)
        .map(|_| dossier_time::measure_throughput(&refs))
        .fold(None::<dossier_time::Throughput>, |best, t| match best {
            Some(b) if b.docs_per_sec >= t.docs_per_sec => Some(b),
            _ => Some(t),
        });
    let Some(t) = best else {
        return;
    };
    let secs = refs.len() as f64 / t.docs_per_sec.max(1e-9);
    println!(
        "dossier-time docs={} bytes={bytes} secs={secs:.3} docs_per_sec={:.2} mb_per_sec={:.4} found={}",
        refs.len(),
        t.docs_per_sec,
        t.mb_per_sec,
        t.expressions
    );
}
