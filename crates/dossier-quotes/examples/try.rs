//! Prints the quotes found in the text read from standard input, one per line, for trying
//! the rules by hand: `echo 'X said …' | cargo run -p dossier-quotes --example try`.

use std::io::Read;

use dossier_core::{Annotator, Doc, Meta};
use dossier_quotes::QuoteFinder;

fn main() {
    let mut text = String::new();
    if std::io::stdin().read_to_string(&mut text).is_err() {
        eprintln!("error: cannot read standard input");
        std::process::exit(1);
    }
    let mut doc = Doc::new(Meta::default(), text);
    dossier_nlp::segment(&mut doc);
    QuoteFinder.annotate(&mut doc);
    for quote in &doc.quotes {
        println!(
            "{:<8} [{}] speaker={:?} cue={:?}",
            quote.kind.as_str(),
            doc.slice(quote.span),
            quote
                .speaker
                .as_ref()
                .map(|s| (s.name.as_str(), s.span.map(|sp| doc.slice(sp)))),
            quote.cue.map(|c| doc.slice(c))
        );
    }
}
