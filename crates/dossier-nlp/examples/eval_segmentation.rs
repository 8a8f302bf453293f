//! Scores the segmenter on a CoNLL-U file and prints the report (and its JSON with `--json`).
//!
//! Usage: `cargo run -p dossier-nlp --example eval_segmentation -- FILE.conllu [--json]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: eval_segmentation FILE.conllu [--json]");
        std::process::exit(2);
    };
    let json = args.any(|arg| arg == "--json");
    match dossier_nlp::eval::eval_segmentation(std::path::Path::new(&path)) {
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
