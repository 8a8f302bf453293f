//! Prints what cleaning makes of text files: metadata, removed blocks and the cleaned text.
//!
//! Usage: `cargo run -p dossier-clean --example show -- FILE...`

use dossier_core::{Meta, RawArticle};

fn main() {
    for path in std::env::args().skip(1) {
        let body = match std::fs::read_to_string(&path) {
            Ok(body) => body,
            Err(err) => {
                eprintln!("{path}: {err}");
                continue;
            }
        };
        let raw = RawArticle {
            meta: Meta {
                source_path: path.clone(),
                ..Meta::default()
            },
            body,
            removed: Vec::new(),
        };
        println!("=== {path}");
        match dossier_clean::clean(raw) {
            Ok(doc) => {
                let meta = &doc.meta;
                println!("id: {}", doc.id);
                println!("title: {:?}", meta.title);
                println!("authors: {:?}", meta.authors);
                println!("outlet: {:?}", meta.outlet);
                println!("url: {:?}", meta.url);
                println!(
                    "published: {:?} from {:?}",
                    meta.published, meta.published_from
                );
                println!("origins: {:?}", meta.origins);
                for block in &doc.removed {
                    let short: String = block.text.chars().take(90).collect();
                    println!(
                        "removed {:>16} at {:>5}: {short:?}",
                        block.reason.as_str(),
                        block.at
                    );
                }
                println!("paragraphs: {}", doc.paragraphs.len());
                for para in &doc.paragraphs {
                    let text = doc.slice(*para);
                    let short: String = text.chars().take(70).collect();
                    println!("  | {short}");
                }
            }
            Err(err) => println!("skipped: {err}"),
        }
    }
}
