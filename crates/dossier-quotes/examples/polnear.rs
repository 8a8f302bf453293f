//! Prints the PolNeAR scores of the quote stage for a split folder:
//! `cargo run -p dossier-quotes --release --example polnear -- ../shared/data/polnear/dev [--json]`.

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let Some(dir) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: polnear DIR [--json]");
        std::process::exit(2);
    };
    match dossier_quotes::eval::eval_polnear(Path::new(dir)) {
        Ok(report) if json => match serde_json::to_string_pretty(&report) {
            Ok(text) => println!("{text}"),
            Err(err) => {
                eprintln!("error: {err}");
                std::process::exit(1);
            }
        },
        Ok(report) => println!("{report}"),
        Err(err) => {
            eprintln!("error: {err}");
            std::process::exit(1);
        }
    }
}
