//! Runs the pipeline (segment, tag, parse, NER, time) on a text file or on the text given as
//! arguments, and prints each sentence's parse and the coded events, for debugging patterns.
//!
//! `cargo run -p dossier-events --example code_text -- [--date YYYY-MM-DD] FILE|TEXT...`

use chrono::NaiveDate;
use dossier_core::{Annotator, Doc, Meta};
use dossier_events::{code_doc, ActorResolver, Ontology};

struct Kb(dossier_kb::KnowledgeBase);

impl ActorResolver for Kb {
    fn code(&self, name: &str, date: Option<NaiveDate>) -> Option<String> {
        self.0
            .actor_code(name, date.or_else(|| NaiveDate::from_ymd_opt(2020, 1, 1))?)
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut published = None;
    if args.first().map(String::as_str) == Some("--date") && args.len() > 1 {
        published = NaiveDate::parse_from_str(&args[1], "%Y-%m-%d").ok();
        args.drain(..2);
    }
    let joined = args.join(" ");
    // A file goes through cleaning (title, byline, dateline out); text is taken as is.
    let mut doc = match std::fs::read_to_string(&joined) {
        Ok(body) => {
            let raw = dossier_core::RawArticle {
                body,
                ..dossier_core::RawArticle::default()
            };
            match dossier_clean::clean(raw) {
                Ok(doc) => doc,
                Err(err) => {
                    eprintln!("cannot clean: {err}");
                    return;
                }
            }
        }
        Err(_) => Doc::new(
            Meta {
                published,
                ..Meta::default()
            },
            joined,
        ),
    };
    let models = match dossier_tagger::Models::load_default() {
        Ok(models) => models,
        Err(err) => {
            eprintln!("cannot load models: {err}");
            return;
        }
    };
    dossier_nlp::segment(&mut doc);
    models.pos.annotate(&mut doc);
    if let Some(ner) = &models.ner {
        ner.annotate(&mut doc);
    }
    if let Some(parser) = &models.parser {
        parser.annotate(&mut doc);
    }
    dossier_time::TimeTagger.annotate(&mut doc);
    let ontology = match Ontology::shipped() {
        Ok(o) => o,
        Err(err) => {
            eprintln!("{err}");
            return;
        }
    };
    let kb = match dossier_kb::KnowledgeBase::shipped() {
        Ok(kb) => Kb(kb),
        Err(err) => {
            eprintln!("{err}");
            return;
        }
    };
    let events = code_doc(&doc, &ontology, &kb);
    for (si, sentence) in doc.sentences.iter().enumerate() {
        println!("# s{si}: {}", doc.slice(sentence.span));
        for ti in sentence.token_range() {
            let token = &doc.tokens[ti];
            let ent = doc
                .mentions
                .iter()
                .find(|m| m.token_start as usize <= ti && ti < m.token_end as usize)
                .map_or("-", |m| m.kind.as_str());
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}",
                ti - sentence.token_start as usize + 1,
                doc.token_text(ti),
                token.pos.map_or("_", |p| p.as_str()),
                token
                    .head
                    .map_or(0, |h| h as usize + 1 - sentence.token_start as usize),
                token.dep.map_or("_", |d| d.as_str()),
                ent
            );
        }
        for event in events.iter().filter(|e| e.sentence as usize == si) {
            println!(
                ">> {} {} {:?} date={:?} ({:?} {:?}) :: {}",
                event.cameo,
                event.modality.as_str(),
                event.reported,
                event.date,
                event.date_source,
                event.date_text,
                event.label
            );
        }
    }
}
