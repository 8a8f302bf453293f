//! Lists, per benchmark page, the snippets our HTML reader got wrong (for tuning).
//!
//! Usage: `cargo run --release -p dossier-ingest --example eval_misses GOLD_DIR`

use std::collections::BTreeMap;
use std::path::PathBuf;

use dossier_ingest::{read_item, InputItem, ReadOptions};

fn main() {
    let gold_dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_default();
    let text = std::fs::read_to_string(gold_dir.join("evaldata.json")).unwrap_or_default();
    let pages: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&text).unwrap_or_default();
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for page in pages.values() {
        let file = page["file"].as_str().unwrap_or_default();
        let path = gold_dir.join("cache").join(file);
        if !path.is_file() {
            continue;
        }
        let outcome = read_item(&InputItem::file(path), &ReadOptions::default());
        let body: String = outcome
            .articles
            .iter()
            .map(|a| a.body.clone())
            .collect::<Vec<_>>()
            .join("\n");
        let body = squash(&body);
        for snippet in page["with"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str())
        {
            if !body.contains(&squash(snippet)) {
                println!("FN {file}: {snippet}");
            }
        }
        for snippet in page["without"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str())
        {
            if body.contains(&squash(snippet)) {
                println!("FP {file}: {snippet}");
            }
        }
    }
}
