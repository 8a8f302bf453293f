//! Scores the segmenter against gold and prints the report (and its JSON with `--json`).
//!
//! Usage: `cargo run -p dossier-nlp --example eval_segmentation -- GOLD [--json]`, where GOLD
//! is a CoNLL-U file (`.conllu`), a folder of MEANTIME CAT articles, or a CoNLL-2003 file.

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: eval_segmentation GOLD [--json]");
        std::process::exit(2);
    };
    let json = args.any(|arg| arg == "--json");
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
            print!("{report}");
            for error in report.sentence_errors.iter().chain(&report.word_errors) {
                println!("  {:8} {}", error.what, error.context);
            }
            if json {
                match serde_json::to_string_pretty(&report) {
                    Ok(text) => println!("{text}"),
                    Err(err) => eprintln!("cannot write JSON: {err}"),
                }
            }
        }
        Err(err) => {
            eprintln!("{err}");
            std::process::exit(1);
        }
    }
}
