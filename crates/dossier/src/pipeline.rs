//! The pipeline driver: the per-document stages in their order, run in parallel over documents.
//!
//! Reading and cleaning turn an input into docs; the annotators listed in [`Pipeline::new`]
//! then add their layers to each doc. The order is checked once, up front, with
//! [`dossier_core::check_pipeline`], so a stage never meets a doc without the layers it needs.

use anyhow::Context;
use dossier_core::{check_pipeline, Annotator, Doc, RawArticle};
use dossier_ingest::{InputItem, ReadOptions, SkipReason, Skipped};

/// Longest text (in bytes) that every stage runs on; see [`Pipeline::annotate`].
pub(crate) const MAX_ANNOTATED_BYTES: usize = 256 * 1024;

/// The per-document annotation stages, in order.
pub(crate) struct Pipeline {
    stages: Vec<Box<dyn Annotator>>,
}

impl Pipeline {
    /// Every stage dossier has, loaded and checked; `kb_files` extend the knowledge base.
    pub(crate) fn new(kb_files: &[std::path::PathBuf]) -> anyhow::Result<Pipeline> {
        let models =
            dossier_tagger::Models::load_default().context("cannot load the embedded models")?;
        let has_ner = models.ner.is_some();
        // The tagger stage runs the tagger, the parser and the recognizer (see `Models`).
        let mut stages: Vec<Box<dyn Annotator>> =
            vec![Box::new(dossier_nlp::Segmenter), Box::new(models)];
        let kb = crate::kb::knowledge_base(kb_files)?;
        if has_ner {
            stages.push(Box::new(dossier_link::NameVariants::new(kb.clone())));
        }
        stages.push(Box::new(dossier_time::TimeTagger));
        stages.push(Box::new(dossier_quotes::QuoteFinder));
        stages.push(Box::new(RoleSpeakers {
            kb: crate::kb::knowledge_base(kb_files)?,
        }));
        let refs: Vec<&dyn Annotator> = stages.iter().map(|stage| stage.as_ref()).collect();
        check_pipeline(&refs)
            .map_err(|err| anyhow::anyhow!("{err}"))
            .context("pipeline order")?;
        Ok(Pipeline { stages })
    }

    /// Names of the stages, in order.
    pub(crate) fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|stage| stage.name()).collect()
    }

    /// Runs every stage on `doc`. A text longer than [`MAX_ANNOTATED_BYTES`] (a book, a
    /// changelog, a dump — not a news article) gets sentences and tokens only, so it is
    /// searchable, and a warning says so; the other stages are not made to run on it.
    pub(crate) fn annotate(&self, doc: &mut Doc) {
        self.annotate_batch(std::slice::from_mut(doc));
    }

    /// Runs every stage on each of `docs`, stage by stage: each stage finishes the whole
    /// batch before the next starts ([`Annotator::annotate_batch`]; the tagger stage also runs
    /// its three models one after another over the batch), so a model's often-used weight
    /// rows, code and page-table entries stay warm for a batch instead of being evicted by the
    /// next model's after every document (as spaCy's `nlp.pipe` also does; on the benchmark
    /// texts the three models ran about 10–20% faster this way).
    /// Each doc gets exactly what [`Pipeline::annotate`] gives it.
    pub(crate) fn annotate_batch(&self, docs: &mut [Doc]) {
        let (long, mut docs): (Vec<&mut Doc>, Vec<&mut Doc>) = docs
            .iter_mut()
            .partition(|doc| doc.text.len() > MAX_ANNOTATED_BYTES);
        for doc in long {
            self.sentences_only(doc);
        }
        for stage in &self.stages {
            stage.annotate_batch(&mut docs);
        }
    }

    /// What a text longer than [`MAX_ANNOTATED_BYTES`] gets: the first stage (sentences and
    /// tokens) and a warning.
    fn sentences_only(&self, doc: &mut Doc) {
        if let Some(segment) = self.stages.first() {
            segment.annotate(doc);
        }
        doc.diagnostics.push(dossier_core::Diagnostic::warning(
            "pipeline",
            format!(
                "text of {} KB is longer than the {} KB a news article is analysed up to; stored with sentences and tokens only",
                doc.text.len() / 1024,
                MAX_ANNOTATED_BYTES / 1024
            ),
        ));
    }
}

/// Names quote speakers given only by a role ("the Serbian president said") with the person
/// who held that role on the document's date, from the knowledge base's dated office holders.
///
/// The quote finder already resolves a role to a person the same document names with that
/// title; this stage handles the rest, so "the Serbian president" in 2016 and in 2019 name
/// different people. A phrase the knowledge base cannot read is left as it is.
struct RoleSpeakers {
    kb: dossier_kb::KnowledgeBase,
}

impl Annotator for RoleSpeakers {
    fn name(&self) -> &'static str {
        "speaker-roles"
    }

    fn requires(&self) -> &'static [dossier_core::Layer] {
        &[dossier_core::Layer::Quotes]
    }

    fn assigns(&self) -> &'static [dossier_core::Layer] {
        &[dossier_core::Layer::Quotes]
    }

    fn annotate(&self, doc: &mut Doc) {
        let Some(date) = doc.meta.published else {
            return;
        };
        for quote in &mut doc.quotes {
            let Some(speaker) = quote.speaker.as_mut() else {
                continue;
            };
            let lower = speaker.name.to_lowercase();
            if speaker.mention.is_some()
                || !(lower.starts_with("the ") || lower.contains('’') || lower.contains('\''))
            {
                continue;
            }
            if let Some(person) = self.kb.holder_of_phrase(&speaker.name, date) {
                doc.diagnostics.push(dossier_core::Diagnostic::info(
                    "speaker-roles",
                    format!("“{}” on {date} is {}", speaker.name, person.name),
                ));
                speaker.name = person.name.clone();
            }
        }
    }
}

/// What reading and cleaning one input gave.
pub(crate) struct ItemDocs {
    /// Cleaned docs.
    pub(crate) docs: Vec<Doc>,
    /// Articles or whole inputs that were skipped, with reasons.
    pub(crate) skipped: Vec<Skipped>,
    /// Things repaired or guessed on the way (decoding fallbacks, bad manifests).
    pub(crate) warnings: Vec<Skipped>,
}

/// Reads one input and cleans every article as soon as it is read (a large container never
/// holds all its raw articles in memory). Never fails: problems become `skipped`.
pub(crate) fn read_and_clean(item: &InputItem, options: &ReadOptions) -> ItemDocs {
    let mut docs = Vec::new();
    let mut cleaning_skips = Vec::new();
    let outcome = dossier_ingest::read_item_each(item, options, &mut |raw| {
        let source = raw.meta.source_path.clone();
        match clean_article(raw) {
            Ok(doc) => docs.push(doc),
            Err(reason) => cleaning_skips.push(Skipped { source, reason }),
        }
    });
    let mut skipped = outcome.skipped;
    skipped.extend(cleaning_skips);
    ItemDocs {
        docs,
        skipped,
        warnings: outcome.warnings,
    }
}

/// Cleans one raw article; an article with no text left is a skip reason, not an error.
pub(crate) fn clean_article(raw: RawArticle) -> Result<Doc, SkipReason> {
    dossier_clean::clean(raw).map_err(|err| match err {
        dossier_clean::CleanError::NoText => SkipReason::NoText,
        other => SkipReason::BadRecord {
            detail: other.to_string(),
        },
    })
}

/// The event coder with its ontology and the knowledge base that codes actors.
pub(crate) struct EventCoding {
    ontology: dossier_events::Ontology,
    actors: KbActors,
}

impl EventCoding {
    /// The shipped ontology, and the shipped knowledge base extended by `kb_files`.
    pub(crate) fn new(kb_files: &[std::path::PathBuf]) -> anyhow::Result<EventCoding> {
        let ontology =
            dossier_events::Ontology::shipped().context("cannot load the event ontology")?;
        let kb = crate::kb::knowledge_base(kb_files)?;
        Ok(EventCoding {
            ontology,
            actors: KbActors { kb },
        })
    }

    /// The events of one annotated doc, as store rows (the full record as JSON).
    pub(crate) fn code(&self, doc: &Doc) -> Vec<dossier_store::EventRow> {
        let events = dossier_events::code_doc(doc, &self.ontology, &self.actors);
        events
            .iter()
            .enumerate()
            .filter_map(|(idx, event)| {
                // Serialising plain data cannot fail; an event that somehow does is left out
                // rather than stopping the build.
                let record = serde_json::to_string(event).ok()?;
                Some(dossier_store::EventRow {
                    doc: doc.id.0.clone(),
                    idx: idx as u32,
                    sentence: event.sentence,
                    date: event.date.clone(),
                    cameo: event.cameo.clone(),
                    plover: event.plover.category.clone(),
                    modality: event.modality.as_str().to_string(),
                    label: event.label.clone(),
                    record,
                })
            })
            .collect()
    }
}

impl EventCoding {
    /// Scores our own dictionaries and knowledge base on PETRARCH-format records.
    pub(crate) fn evaluate(
        &self,
        records: &[dossier_events::eval::Record],
        annotate: &dyn Fn(&str, Option<chrono::NaiveDate>) -> Doc,
    ) -> dossier_events::eval::EvalReport {
        dossier_events::eval::evaluate(records, &self.ontology, &self.actors, annotate)
    }
}

/// CAMEO actor codes from the shipped knowledge base, valid at the event date.
struct KbActors {
    kb: dossier_kb::KnowledgeBase,
}

impl dossier_events::ActorResolver for KbActors {
    fn code(&self, name: &str, date: Option<chrono::NaiveDate>) -> Option<String> {
        let date = date.unwrap_or_else(|| chrono::Utc::now().date_naive());
        self.kb.actor_code(name, date)
    }

    fn country_of_place(&self, place: &str) -> Option<String> {
        if let Some(country) = self.kb.country(place) {
            return Some(country.alpha3.clone());
        }
        self.kb
            .place(place, None)
            .map(|place| place.country.clone())
    }

    fn country_name(&self, word: &str) -> Option<String> {
        self.kb.country(word).map(|country| country.name.clone())
    }
}

/// Rebuilds the merged timeline from every stored event, its participants linked to the
/// entities of `links`; returns the number of timeline events.
pub(crate) fn relink_timeline(
    store: &mut dossier_store::Store,
    links: &crate::entities::MentionLinks,
) -> anyhow::Result<usize> {
    let rows = store.events().context("cannot read the stored events")?;
    let mut records = Vec::with_capacity(rows.len());
    for row in &rows {
        match serde_json::from_str::<dossier_timeline::EventRecord>(&row.record) {
            Ok(mut record) => {
                // The store's key is unique even when a coder gives two events one id.
                record.id = format!("{}#{}", row.doc, row.idx);
                for participant in record.actors.iter_mut().chain(&mut record.recipients) {
                    if let (Some(start), Some(end)) = (participant.start, participant.end) {
                        if let Some(entity) = links.entity_at(&row.doc, start, end) {
                            participant.entity = Some(entity.to_string());
                        }
                    }
                }
                records.push(record);
            }
            Err(err) => eprintln!(
                "warning: event {}#{} has an unreadable record: {err}",
                row.doc, row.idx
            ),
        }
    }
    let filter = dossier_store::DocFilter {
        limit: None,
        ..dossier_store::DocFilter::default()
    };
    let docs: std::collections::HashMap<String, dossier_timeline::DocInfo> = store
        .documents(&filter)
        .context("cannot read the stored documents")?
        .into_iter()
        .map(|doc| {
            let info = dossier_timeline::DocInfo {
                outlet: doc.outlet,
                sources: doc.sources,
                published: doc.published.map(|date| date.to_string()),
            };
            (doc.id, info)
        })
        .collect();
    let merged = dossier_timeline::merge(&records, &docs);
    let mut timeline_rows = Vec::with_capacity(merged.len());
    for event in &merged {
        timeline_rows.push(dossier_store::TimelineRow {
            id: event.id.clone(),
            date: event.date.clone(),
            cameo: event.cameo.clone(),
            plover: event.plover.category.clone(),
            modality: event.modality.clone(),
            label: event.label.clone(),
            outlets: event.outlets,
            record: serde_json::to_string(event).context("cannot serialise a timeline event")?,
            evidence: event
                .evidence
                .iter()
                .map(|e| (e.doc.clone(), e.sentence, e.start, e.end))
                .collect(),
        });
    }
    store
        .replace_timeline(&timeline_rows)
        .context("cannot write the timeline")?;
    Ok(merged.len())
}
