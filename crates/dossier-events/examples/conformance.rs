//! Runs the PETRARCH validation records through the coder and prints, per record, the
//! expected and the produced codings: `cargo run -p dossier-events --example conformance
//! -- SHARED_DIR [CATEGORY]`.

use chrono::NaiveDate;
use dossier_core::{Annotator, Doc, Meta};
use dossier_events::eval::{code_record, parse_records};
use dossier_events::{import_petrarch_verbs, Ontology, PetrarchActors};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(shared) = args.first() else {
        eprintln!("usage: conformance SHARED_DIR [CATEGORY]");
        return;
    };
    let dir = std::path::Path::new(shared).join("data/petrarch-unit-tests");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
    let models = match dossier_tagger::Models::load_default() {
        Ok(m) => m,
        Err(err) => {
            eprintln!("{err}");
            return;
        }
    };
    let annotate = |text: &str, date: Option<NaiveDate>| -> Doc {
        let mut doc = Doc::new(
            Meta {
                published: date,
                ..Meta::default()
            },
            text.to_string(),
        );
        dossier_nlp::segment(&mut doc);
        models.pos.annotate(&mut doc);
        if let Some(ner) = &models.ner {
            ner.annotate(&mut doc);
        }
        if let Some(parser) = &models.parser {
            parser.annotate(&mut doc);
        }
        dossier_time::TimeTagger.annotate(&mut doc);
        doc
    };
    let Ok(mut ontology) = Ontology::codes_only() else {
        return;
    };
    ontology.add_patterns(import_petrarch_verbs(&read("PETR.Validate.verbs.txt")).patterns);
    let actors = PetrarchActors::new(
        &read("PETR.Validate.actors.txt"),
        &read("PETR.Validate.agents.txt"),
    );
    for record in parse_records(&read("PETR.UnitTest.records.xml")) {
        if args.get(1).is_some_and(|c| *c != record.category) {
            continue;
        }
        let predicted = code_record(&record, &ontology, &actors, &annotate);
        let hits = record
            .codings
            .iter()
            .filter(|c| predicted.contains(c))
            .count();
        println!(
            "{} [{}/{}] {}",
            record.id,
            hits,
            record.codings.len(),
            record.text
        );
        for c in &record.codings {
            println!("   want {} {} {}", c.source, c.target, c.event);
        }
        for c in &predicted {
            println!("   got  {} {} {}", c.source, c.target, c.event);
        }
    }
}
