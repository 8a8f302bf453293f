//! Speed benchmark: segments plain-text files and runs the part-of-speech tagger, the parser and
//! the entity recognizer over them on one thread, then prints one JSON line with the token count
//! and the tokens per second.
//!
//! Usage: `speed_text DIR [REPEATS]` (every `*.txt` file in `DIR`, sorted by name; the whole set
//! is processed `REPEATS` times, default 3, and the fastest and median passes are reported, and
//! the mean over all passes as `tokens_per_cpu_s_mean`).
//! The timed work starts from the raw text string: building the `Doc`, segmentation, tags,
//! parse and entities, the same span that `spaCy`'s `nlp.pipe` covers. Model loading is not timed.
//! Like `dossier build` on a large input, it runs the tagger stage over batches of 64 documents
//! (`Models::annotate_batch_timed`: token features once per document, then each model over the
//! whole batch before the next; `BATCH` in the environment changes the batch size).
//! `bench/spacy/run.sh` uses it for the side-by-side comparison with `spaCy`.
//!
//! It needs `dossier-nlp` as a dev-dependency of this crate for `dossier_nlp::segment`;
//! `bench/spacy/speed/Cargo.toml` builds the same file as a standalone binary until then.

use std::path::PathBuf;
use std::time::Instant;

use dossier_core::{Doc, Meta};
use dossier_tagger::Models;

fn main() {
    if let Err(err) = run() {
        eprintln!("error: {err}");
        std::process::exit(1);
    }
}

/// Totals of one pass over all texts.
struct Pass {
    /// Tokens produced by segmentation.
    tokens: usize,
    /// Sentences produced by segmentation.
    sentences: usize,
    /// Entity mentions found.
    mentions: usize,
    /// Wall-clock seconds of the pass.
    seconds: f64,
    /// CPU seconds this thread spent in the pass, when the system reports it.
    cpu_seconds: Option<f64>,
    /// Wall-clock seconds per stage: doc + segmentation, token features (computed once for
    /// the three models), tags, parse, entities.
    stages: [f64; 5],
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: speed_text DIR [REPEATS]")?);
    let repeats: usize = match args.next() {
        Some(r) => r.parse()?,
        None => 3,
    };
    let repeats = repeats.max(1);

    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    let texts = paths
        .iter()
        .map(std::fs::read_to_string)
        .collect::<Result<Vec<String>, _>>()?;
    if texts.is_empty() {
        return Err(format!("no .txt files in {}", dir.display()).into());
    }
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();

    let models = Models::load_default()?;
    if models.parser.is_none() || models.ner.is_none() {
        return Err("the parser and the entity model must both be shipped".into());
    }

    let mut passes = Vec::with_capacity(repeats);
    for _ in 0..repeats {
        passes.push(one_pass(&texts, &models));
    }
    // The rate over all passes (total tokens over total CPU seconds): what
    // `bench/spacy/run.sh` compares with a spaCy pass of similar length when it interleaves
    // the two.
    let cpu_total: Option<f64> = passes.iter().map(|p| p.cpu_seconds).sum();
    let tokens_total: usize = passes.iter().map(|p| p.tokens).sum();
    // Sorting by time gives the fastest and the median pass; on a shared machine the fastest is
    // the least disturbed by other load, the median the typical one. CPU time when the system
    // reports it (the rates per CPU second are then those of the fastest pass), else wall time.
    let time = |p: &Pass| p.cpu_seconds.unwrap_or(p.seconds);
    passes.sort_by(|a, b| time(a).total_cmp(&time(b)));
    let best = &passes[0];
    let median = &passes[passes.len() / 2];
    let json = serde_json::json!({
        "system": "dossier",
        "docs": texts.len(),
        "chars": chars,
        "tokens": best.tokens,
        "sentences": best.sentences,
        "mentions": best.mentions,
        "repeats": repeats,
        "seconds_best": best.seconds,
        "seconds_median": median.seconds,
        "tokens_per_s": best.tokens as f64 / best.seconds,
        "tokens_per_s_median": median.tokens as f64 / median.seconds,
        "chars_per_s": chars as f64 / best.seconds,
        "cpu_seconds_best": best.cpu_seconds,
        "tokens_per_cpu_s": best.cpu_seconds.map(|c| best.tokens as f64 / c),
        "cpu_seconds_total": cpu_total,
        "tokens_per_cpu_s_mean": cpu_total.map(|c| tokens_total as f64 / c),
        "stage_seconds_best": {
            "doc_and_segment": best.stages[0],
            "features": best.stages[1],
            "pos": best.stages[2],
            "parser": best.stages[3],
            "ner": best.stages[4],
        },
    });
    println!("{json}");
    Ok(())
}

/// Annotates every text once, from a fresh `Doc`, and returns the totals and the time taken.
fn one_pass(texts: &[String], models: &Models) -> Pass {
    let mut pass = Pass {
        tokens: 0,
        sentences: 0,
        mentions: 0,
        seconds: 0.0,
        cpu_seconds: None,
        stages: [0.0; 5],
    };
    let cpu_start = thread_cpu_seconds();
    let start = Instant::now();
    // Documents are annotated stage by stage in batches, as `dossier build` does
    // (`Pipeline::annotate_batch`) and as spaCy's `nlp.pipe` does; BATCH=1 runs every stage
    // on one document before the next document.
    let batch: usize = std::env::var("BATCH")
        .ok()
        .and_then(|b| b.parse().ok())
        .unwrap_or(64);
    for chunk in texts.chunks(batch.max(1)) {
        let t0 = Instant::now();
        let mut docs: Vec<Doc> = chunk
            .iter()
            .map(|text| {
                let mut doc = Doc::new(Meta::default(), text.clone());
                dossier_nlp::segment(&mut doc);
                doc
            })
            .collect();
        pass.stages[0] += t0.elapsed().as_secs_f64();
        let mut refs: Vec<&mut Doc> = docs.iter_mut().collect();
        let seconds = models.annotate_batch_timed(&mut refs);
        for (slot, s) in pass.stages[1..].iter_mut().zip(seconds) {
            *slot += s;
        }
        for doc in &docs {
            pass.tokens += doc.tokens.len();
            pass.sentences += doc.sentences.len();
            pass.mentions += doc.mentions.len();
        }
    }
    pass.seconds = start.elapsed().as_secs_f64();
    pass.cpu_seconds = cpu_start.zip(thread_cpu_seconds()).map(|(a, b)| b - a);
    pass
}

/// CPU seconds the calling thread has run so far (Linux `/proc/thread-self/schedstat`), so that
/// time spent waiting for a core on a loaded machine can be told apart from work.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
