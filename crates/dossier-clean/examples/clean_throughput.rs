//! Measures cleaning throughput and checks it stays linear in text size.
//!
//! Usage: `cargo run --release -p dossier-clean --example clean_throughput -- FILE...`
//! Cleans the files many times over (small articles), then their concatenation
//! repeated 1, 10 and 100 times (one large article), and prints MB/s for each.

use std::time::Instant;

use dossier_core::RawArticle;

fn clean_once(body: &str) -> usize {
    let raw = RawArticle {
        body: body.to_string(),
        ..RawArticle::default()
    };
    dossier_clean::clean(raw).map_or(0, |doc| doc.text.len())
}

fn main() {
    let bodies: Vec<String> = std::env::args()
        .skip(1)
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .collect();
    if bodies.is_empty() {
        eprintln!("usage: throughput FILE...");
        return;
    }
    // Warm up: compile the rules once, outside the timings.
    clean_once("Warm up.");

    let n_bytes: usize = bodies.iter().map(String::len).sum();
    let rounds = 200;
    let start = Instant::now();
    let mut kept = 0;
    for _ in 0..rounds {
        for body in &bodies {
            kept += clean_once(body);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let total = (n_bytes * rounds) as f64;
    println!(
        "small articles: {} docs, {:.1} MB in {:.3} s = {:.1} MB/s ({:.0} docs/s), kept {kept} bytes",
        bodies.len() * rounds,
        total / 1e6,
        secs,
        total / 1e6 / secs,
        (bodies.len() * rounds) as f64 / secs
    );

    let start = Instant::now();
    let mut n_out = 0;
    for _ in 0..rounds {
        for body in &bodies {
            n_out += dossier_clean::normalize(body).len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "normalize alone: {:.1} MB/s ({n_out} bytes out)",
        total / 1e6 / secs
    );

    let joined = bodies.join("\n\n");
    for times in [1, 10, 100] {
        let big = vec![joined.as_str(); times].join("\n\n");
        let start = Instant::now();
        let kept = clean_once(&big);
        let secs = start.elapsed().as_secs_f64();
        println!(
            "one article x{times:>3}: {:.2} MB in {:.4} s = {:.1} MB/s, kept {kept} bytes",
            big.len() as f64 / 1e6,
            secs,
            big.len() as f64 / 1e6 / secs
        );
    }
}
