//! Reads inputs the way `dossier build` will and prints what came out.
//!
//! Usage: `cargo run --release -p dossier-ingest --example read -- [--json] PATH... | -`
//! Prints one summary line per input (or, with `--json`, each raw article as a JSON line),
//! then skipped inputs and warnings with their reasons.

use dossier_ingest::{discover, read_item_each, ReadOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let inputs: Vec<String> = args.into_iter().filter(|a| a != "--json").collect();
    let discovery = discover(&inputs);
    let options = ReadOptions::default();
    let mut n_articles = 0;
    let mut problems = discovery.skipped.clone();
    problems.extend(discovery.warnings.iter().cloned());
    for item in &discovery.items {
        // Articles are handled as they stream in, so memory stays bounded per article.
        let mut n_item_articles = 0;
        let mut n_chars = 0;
        let outcome = read_item_each(item, &options, &mut |article| {
            n_item_articles += 1;
            n_chars += article.body.chars().count();
            if json {
                match serde_json::to_string(&article) {
                    Ok(line) => println!("{line}"),
                    Err(err) => eprintln!("error: {err}"),
                }
            }
        });
        n_articles += n_item_articles;
        if !json {
            println!(
                "{}: {n_item_articles} article(s), {n_chars} chars",
                item.display_name()
            );
        }
        problems.extend(outcome.skipped);
        problems.extend(outcome.warnings);
    }
    for problem in &problems {
        eprintln!("{} [{}]", problem, problem.reason.kind());
    }
    eprintln!(
        "{} input(s), {} article(s), {} problem(s)",
        discovery.items.len(),
        n_articles,
        problems.len()
    );
}
