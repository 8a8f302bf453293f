//! Scores the segmenter against gold and prints the report (and its JSON with `--json`).
//!
//! Usage: `cargo run -p dossier-nlp --example eval_segmentation -- GOLD [--json] [--errors]`,
//! where GOLD is a CoNLL-U file (`.conllu`), a folder of MEANTIME CAT articles, or a CoNLL-2003 file.
//! `--errors` also prints the first disagreements. A closed output pipe ends it quietly.

use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: eval_segmentation GOLD [--json] [--errors]");
        std::process::exit(2);
    };
    let rest: Vec<String> = args.collect();
    let json = rest.iter().any(|arg| arg == "--json");
    let errors = rest.iter().any(|arg| arg == "--errors");
    let gold = std::path::Path::new(&path);
    let result = if gold.is_dir() {
        dossier_nlp::eval::eval_news_sentences(gold)
    } else if path.ends_with(".conllu") {
        dossier_nlp::eval::eval_segmentation(gold)
    } else {
        dossier_nlp::eval::eval_conll_sentences(gold)
    };
    match result {
        Ok(report) => {
            let mut out = std::io::stdout().lock();
            let mut text = report.to_string();
            if errors {
                for error in report.sentence_errors.iter().chain(&report.word_errors) {
                    text.push_str(&format!("  {:8} {}\n", error.what, error.context));
                }
            }
            if json {
                match serde_json::to_string_pretty(&report) {
                    Ok(json_text) => text.push_str(&json_text),
                    Err(err) => eprintln!("cannot write JSON: {err}"),
                }
            }
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = out.write_all(text.as_bytes());
        }
        Err(err) => {
            eprintln!("{err}");
            std::process::exit(1);
        }
    }
}
