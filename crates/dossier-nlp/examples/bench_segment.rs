//! Measures segmentation throughput on text files: `bench_segment FILE... [--repeat N]`.
//!
//! The files are joined (blank line between) and repeated N times (default 200) into one doc.

use std::time::Instant;

use dossier_core::{Doc, Meta};

fn main() {
    let mut repeat = 200usize;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--repeat" {
            repeat = args.next().and_then(|n| n.parse().ok()).unwrap_or(repeat);
        } else {
            paths.push(arg);
        }
    }
    let mut unit = String::new();
    for path in &paths {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                unit.push_str(text.trim());
                unit.push_str("\n\n");
            }
            Err(err) => eprintln!("cannot read {path}: {err}"),
        }
    }
    let text = unit.repeat(repeat);
    let n_bytes = text.len();
    let mut doc = Doc::new(Meta::default(), text);
    let started = Instant::now();
    dossier_nlp::segment(&mut doc);
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{} bytes, {} tokens, {} sentences in {:.3} s: {:.1} MB/s, {:.2} M tokens/s",
        n_bytes,
        doc.tokens.len(),
        doc.sentences.len(),
        seconds,
        n_bytes as f64 / seconds / 1e6,
        doc.tokens.len() as f64 / seconds / 1e6
    );
}
