//! Integration tests through the real pipeline (segmentation, tagging, parsing, NER, time
//! expressions) on the shared seed story and the PETRARCH validation records. Each test
//! returns early, with a message, when the shared folder is absent.

use std::path::PathBuf;
use std::sync::LazyLock;

use chrono::NaiveDate;
use dossier_core::{Annotator, Doc, RawArticle};
use dossier_events::{code_doc, ActorResolver, Event, Modality, Ontology};
use dossier_kb::KnowledgeBase;
use dossier_tagger::Models;

fn shared() -> PathBuf {
    match std::env::var_os("DOSSIER_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}

/// The tagger's models; `None` (and the tests skip) while they cannot be loaded, e.g. when
/// another stage is rewriting the model files of the checkout.
static MODELS: LazyLock<Option<Models>> = LazyLock::new(|| match Models::load_default() {
    Ok(models) => Some(models),
    Err(err) => {
        eprintln!("skipped: tagger models cannot be loaded: {err}");
        None
    }
});

/// Segments, tags, parses, recognises entities and time expressions; false without models.
fn annotate(doc: &mut Doc) -> bool {
    let Some(models) = MODELS.as_ref() else {
        return false;
    };
    dossier_nlp::segment(doc);
    models.pos.annotate(doc);
    if let Some(ner) = &models.ner {
        ner.annotate(doc);
    }
    if let Some(parser) = &models.parser {
        parser.annotate(doc);
    }
    dossier_time::TimeTagger.annotate(doc);
    true
}

struct Kb(KnowledgeBase);

impl ActorResolver for Kb {
    fn code(&self, name: &str, date: Option<NaiveDate>) -> Option<String> {
        let date = date.or_else(|| NaiveDate::from_ymd_opt(2020, 1, 1))?;
        self.0.actor_code(name, date)
    }

    fn country_of_place(&self, place: &str) -> Option<String> {
        self.0.place(place, None).map(|p| p.country.clone())
    }

    fn country_name(&self, word: &str) -> Option<String> {
        self.0.country(word).map(|c| c.name.clone())
    }
}

fn seed_events(prefix: &str) -> Option<(Doc, Vec<Event>)> {
    let dir = shared().join("corpus/seeds");
    let entry = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))?;
    let body = std::fs::read_to_string(entry.path()).ok()?;
    let raw = RawArticle {
        body,
        ..RawArticle::default()
    };
    let mut doc = dossier_clean::clean(raw).ok()?;
    if !annotate(&mut doc) {
        return None;
    }
    let kb = Kb(KnowledgeBase::shipped().unwrap());
    let ontology = Ontology::shipped().unwrap();
    let started = std::time::Instant::now();
    let events = code_doc(&doc, &ontology, &kb);
    eprintln!(
        "coded {} sentences in {:?} ({} events)",
        doc.sentences.len(),
        started.elapsed(),
        events.len()
    );
    Some((doc, events))
}

fn print(doc: &Doc, events: &[Event]) {
    eprintln!("published {:?}", doc.meta.published);
    for e in events {
        eprintln!(
            "s{} {} {:?} {:?} {} [{}] date={:?}/{:?} text={:?} loc={:?} :: {}",
            e.sentence,
            e.cameo,
            e.modality,
            e.reported,
            e.label,
            e.actors
                .iter()
                .chain(&e.recipients)
                .map(|p| p.code.clone().unwrap_or_default())
                .collect::<Vec<_>>()
                .join(","),
            e.date,
            e.date_source,
            e.date_text,
            e.location.as_ref().map(|l| (&l.name, &l.country)),
            doc.slice(e.trigger),
        );
    }
}

#[test]
fn seed_story_events() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let Some((doc, events)) = seed_events(prefix) else {
            eprintln!(
                "skipped: seeds or models not found under {}",
                shared().display()
            );
            return;
        };
        eprintln!("==== {prefix}");
        print(&doc, &events);
    }
}

/// True when some event has the code, modality and date, and an actor or recipient whose
/// name contains each of `names`.
fn has(events: &[Event], cameo: &str, modality: Modality, date: &str, names: &[&str]) -> bool {
    events.iter().any(|e| {
        e.cameo == cameo
            && e.modality == modality
            && e.date.as_deref() == Some(date)
            && names.iter().all(|name| {
                e.actors
                    .iter()
                    .chain(&e.recipients)
                    .any(|p| p.name.contains(name))
            })
    })
}

/// What the seed story must give; the rest of the seed events are printed, not asserted.
#[test]
fn seed_story_key_events() {
    let Some((_, events)) = seed_events("000") else {
        eprintln!(
            "skipped: seeds or models not found under {}",
            shared().display()
        );
        return;
    };
    // The Patrushev–Stefanović meeting, dated by the publication date.
    assert!(
        has(
            &events,
            "040",
            Modality::Asserted,
            "2016-10-26",
            &["Patrushev", "Stefanovic"]
        ),
        "{events:#?}"
    );
    let meeting = events.iter().find(|e| e.cameo == "040").unwrap();
    assert_eq!(meeting.actors[0].code.as_deref(), Some("RUSGOV"));
    assert_eq!(
        meeting.location.as_ref().map(|l| l.name.as_str()),
        Some("Belgrade")
    );
    // The memorandum was signed on 2017-05-23, as the sentence itself says.
    if let Some((_, events)) = seed_events("003") {
        assert!(
            has(
                &events,
                "057",
                Modality::Asserted,
                "2017-05-23",
                &["Interior Ministry"]
            ),
            "{events:#?}"
        );
        let signing = events
            .iter()
            .find(|e| e.date.as_deref() == Some("2017-05-23"))
            .unwrap();
        assert_eq!(signing.date_text.as_deref(), Some("May 23, 2017"));
    }
    // The envoy's announced trip "in the coming days": future, and no date
    // rather than the publication date.
    if let Some((_, events)) = seed_events("002") {
        let arrival = events
            .iter()
            .find(|e| e.cameo == "042" && e.actors.iter().any(|a| a.name.contains("Patrushev")))
            .unwrap_or_else(|| panic!("{events:#?}"));
        assert_eq!(arrival.modality, Modality::Future);
        assert_eq!(arrival.date, None);
        assert_eq!(arrival.date_text.as_deref(), Some("the coming days"));
        assert!(arrival.recipients.iter().any(|r| r.name == "Belgrade"));
    }
    // The planned Vučić–Putin meeting in Sochi on December 4.
    if let Some((_, events)) = seed_events("004") {
        assert!(
            has(
                &events,
                "040",
                Modality::Future,
                "2019-12-04",
                &["Vučić", "Putin"]
            ),
            "{events:#?}"
        );
        let planned = events
            .iter()
            .find(|e| e.date.as_deref() == Some("2019-12-04") && e.cameo == "040")
            .unwrap();
        assert_eq!(
            planned.location.as_ref().map(|l| l.name.as_str()),
            Some("Sochi")
        );
        assert_eq!(planned.recipients.len(), 0);
    }
}

fn annotate_text(text: &str, date: Option<NaiveDate>) -> Doc {
    let mut doc = Doc::new(
        dossier_core::Meta {
            published: date,
            ..dossier_core::Meta::default()
        },
        text.to_string(),
    );
    annotate(&mut doc);
    doc
}

/// PETRARCH conformance: the validation records coded on their text with our own parse and
/// the validation dictionaries. The floor is the count measured when this test was written.
#[test]
fn petrarch_conformance_floor() {
    let dir = shared().join("data/petrarch-unit-tests");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).ok();
    let (Some(records), Some(verbs), Some(actors), Some(agents), Some(discards)) = (
        read("PETR.UnitTest.records.xml"),
        read("PETR.Validate.verbs.txt"),
        read("PETR.Validate.actors.txt"),
        read("PETR.Validate.agents.txt"),
        read("PETR.Validate.discards.txt"),
    ) else {
        eprintln!(
            "skipped: PETRARCH records not found under {}",
            dir.display()
        );
        return;
    };
    if MODELS.is_none() {
        return;
    }
    let set = dossier_events::conformance::ValidationSet {
        records: &records,
        verbs: &verbs,
        actors: &actors,
        agents: &agents,
        discards: &discards,
    };
    let result = dossier_events::conformance::run(&set, &annotate_text).unwrap();
    eprintln!(
        "PETRARCH conformance: {}/{} expected codings produced; patterns imported {}, skipped {}\n{}",
        result.produced,
        result.expected,
        result.patterns.0,
        result.patterns.1,
        result.report.to_text()
    );
    assert_eq!(result.expected, 385);
    assert!(result.produced >= FLOOR, "{} < {FLOOR}", result.produced);
}

/// Measured 157 to 164 of 385 on 2026-11-26, depending on the tagger models of the hour
/// (they were being retrained); the floor leaves room for parses that vary with retrained
/// models, not for regressions of the coder.
const FLOOR: usize = 160;
