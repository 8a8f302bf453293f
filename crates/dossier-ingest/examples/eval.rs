//! Scores the HTML reader on trafilatura's benchmark pages and prints the report.
//!
//! Usage: `cargo run --release -p dossier-ingest --example eval [GOLD_DIR] [--json]`
//! (default: `$DOSSIER_SHARED/data/trafilatura-eval`, else `../shared/data/trafilatura-eval`
//! beside the workspace).

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let gold_dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let shared = std::env::var_os("DOSSIER_SHARED")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
                });
            shared.join("data/trafilatura-eval")
        });
    match dossier_ingest::eval::score_extraction(&gold_dir, &|raw| raw.body) {
        Ok(report) if json => match serde_json::to_string_pretty(&report) {
            Ok(text) => println!("{text}"),
            Err(err) => eprintln!("error: {err}"),
        },
        Ok(report) => println!("{report}"),
        Err(err) => {
            eprintln!("error: {err}");
            std::process::exit(1);
        }
    }
}
