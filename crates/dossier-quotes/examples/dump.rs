//! Writes the quotes found in every `text/*.txt` of a folder as JSON lines (one article per
//! line), for error analysis: `cargo run -p dossier-quotes --release --example dump -- DIR`.

use dossier_core::{Annotator, Doc, Meta};
use dossier_quotes::QuoteFinder;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: dump DIR");
        std::process::exit(2);
    };
    let text_dir = std::path::Path::new(&dir).join("text");
    let Ok(entries) = std::fs::read_dir(&text_dir) else {
        eprintln!("error: cannot read {}", text_dir.display());
        std::process::exit(1);
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let mut doc = Doc::new(Meta::default(), text);
        dossier_nlp::segment(&mut doc);
        QuoteFinder.annotate(&mut doc);
        let record = serde_json::json!({
            "file": path.file_stem().and_then(|s| s.to_str()),
            "quotes": doc.quotes,
        });
        println!("{record}");
    }
}
