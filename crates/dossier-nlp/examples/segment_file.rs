//! Prints the sentences and tokens dossier finds in a text file, for reading them by eye.
//!
//! Usage: `cargo run -p dossier-nlp --example segment_file -- FILE [--tokens]`.
//! The file is taken as cleaned text: paragraphs separated by blank lines.

use std::io::Write;

use dossier_core::{Doc, Meta};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: segment_file FILE [--tokens]");
        std::process::exit(2);
    };
    let show_tokens = args.any(|arg| arg == "--tokens");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("cannot read {path}: {err}");
            std::process::exit(1);
        }
    };
    let mut doc = Doc::new(Meta::default(), text);
    dossier_nlp::segment(&mut doc);
    let mut out = std::io::stdout().lock();
    for (idx, sentence) in doc.sentences.iter().enumerate() {
        if show_tokens {
            let tokens: Vec<&str> = sentence
                .token_range()
                .map(|token_idx| doc.token_text(token_idx))
                .collect();
            let joined = tokens.join(" \u{2423} ");
            // A closed pipe (`| head`) ends the listing quietly.
            if writeln!(out, "{idx:4} p{:<3} {joined}", sentence.paragraph).is_err() {
                return;
            }
        } else {
            let text = doc.slice(sentence.span).replace('\n', "¶");
            if writeln!(out, "{idx:4} p{:<3} {text}", sentence.paragraph).is_err() {
                return;
            }
        }
    }
}
