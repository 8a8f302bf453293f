//! Annotates a text file as the pipeline stage would (without sentences) and prints the
//! inferred publication date and every time expression (development aid).
//!
//! `cargo run -p dossier-time --example annotate -- FILE [YYYY-MM-DD]`

use dossier_core::{Annotator, Doc, Meta};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: annotate FILE [YYYY-MM-DD]");
        return;
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            return;
        }
    };
    let published = args
        .next()
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    let mut doc = Doc::new(
        Meta {
            published,
            ..Meta::default()
        },
        text,
    );
    dossier_time::TimeTagger.annotate(&mut doc);
    for d in &doc.diagnostics {
        println!("# {}: {}", d.stage, d.message);
    }
    for t in &doc.times {
        println!(
            "{:?}\t{:?}\t{:?}\t{:?}",
            doc.slice(t.span),
            t.timex_type,
            t.value,
            t.anchor
        );
    }
}
