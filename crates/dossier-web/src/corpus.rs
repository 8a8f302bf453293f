//! The corpus index: what pages need across documents (actors, dated items), built once
//! from the read-only store when the server starts and shared by every request.
//!
//! *Actor* here means a named entity grouped across documents by kind and name, the way
//! `dossier export` groups mentions within one document, until cross-document resolution
//! (dossier-link) stores entity ids; then [`Corpus::build`] should group by `Mention::entity`.
//! *Timeline item* is anything with a date that points at a sentence: today dated time
//! expressions and publication dates; events are meant to become a third [`ItemKind`].

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use chrono::NaiveDate;
use dossier_core::{Doc, EntityKind, QuoteKind};
use dossier_store::{Counts, Store};
use serde::Serialize;

use crate::WebError;

/// A document as lists show it.
#[derive(Clone, Debug, Serialize)]
pub struct DocRef {
    /// Document id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
}

/// A named entity grouped across documents.
#[derive(Clone, Debug, Serialize)]
pub struct Actor {
    /// Stable key: `kind/name`.
    pub key: String,
    /// The longest name seen.
    pub name: String,
    /// Person, organization, location, other.
    pub kind: EntityKind,
    /// Every surface form seen, most frequent first.
    pub aliases: Vec<String>,
    /// Number of mentions.
    pub n_mentions: u64,
    /// Indexes into [`Corpus::docs`] of the documents mentioning it, in corpus order.
    pub docs: Vec<usize>,
    /// First sentence mentioning it in each of those documents (same order as `docs`).
    pub first_sentence: Vec<u32>,
    /// Quotes attributed to it.
    pub quotes: Vec<QuoteRef>,
    /// Other actors in the same documents: actor index and number of shared documents,
    /// most shared first.
    pub co_actors: Vec<(usize, u64)>,
    /// Dated events naming it as actor or recipient, by date.
    pub events: Vec<TimelineItem>,
}

/// A quote with where it is.
#[derive(Clone, Debug, Serialize)]
pub struct QuoteRef {
    /// Index into [`Corpus::docs`].
    pub doc: usize,
    /// Sentence index in the document.
    pub sentence: u32,
    /// The quote's words.
    pub text: String,
    /// Direct or indirect.
    pub kind: QuoteKind,
    /// The speaker's name as the document resolved it.
    pub speaker: String,
}

/// What a timeline item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A resolved time expression in a sentence.
    TimeExpression,
    /// A document's publication date.
    Publication,
    /// A coded event (from `dossier build`'s event stage), dated by its sentence.
    Event,
}

impl ItemKind {
    /// The snake_case name used in JSON and CSS classes.
    pub fn as_str(&self) -> &'static str {
        match self {
            ItemKind::TimeExpression => "time_expression",
            ItemKind::Publication => "publication",
            ItemKind::Event => "event",
        }
    }
}

/// One dated thing on the timeline.
#[derive(Clone, Debug, Serialize)]
pub struct TimelineItem {
    /// What it is.
    pub kind: ItemKind,
    /// Its date as precise as known: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: String,
    /// Index into [`Corpus::docs`].
    pub doc: usize,
    /// The sentence it comes from (0 for publications).
    pub sentence: u32,
    /// A short label: the time expression and its sentence, or the headline.
    pub label: String,
    /// The text that gave the date (the expression itself, or the publication date).
    pub date_text: String,
    /// For events, the PLOVER category (`None` when the code has none).
    pub category: Option<String>,
    /// For events, the modality: asserted, negated, future or hypothetical.
    pub modality: Option<String>,
}

/// The cross-document index.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Every document, in the store's order (publication date, then id).
    pub docs: Vec<DocRef>,
    /// Document index by id.
    pub doc_by_id: HashMap<String, usize>,
    /// Actors, most mentioned first.
    pub actors: Vec<Actor>,
    /// Actor index by key.
    pub actor_by_key: HashMap<String, usize>,
    /// Timeline items sorted by date, then document and sentence.
    pub timeline: Vec<TimelineItem>,
    /// Distinct outlets with their document counts.
    pub outlets: BTreeMap<String, u64>,
    /// For each document (same order as `docs`), the actors it mentions, by index.
    pub doc_actors: Vec<Vec<usize>>,
    /// Dated events on the timeline.
    pub n_events: u64,
    /// Row counts of the store when the index was built (counting tokens of a large corpus
    /// takes a while, so pages use these).
    pub counts: Counts,
}

/// Documents per unit of work when loading in parallel.
const LOAD_CHUNK: usize = 32;

/// Longest label kept for a timeline item, in characters.
const LABEL_CHARS: usize = 220;

impl Corpus {
    /// Reads every document once and indexes it, on the calling thread.
    pub fn build(store: &Store) -> Result<Corpus, WebError> {
        let mut corpus = Corpus::default();
        let mut aliases: Vec<HashMap<String, u64>> = Vec::new();
        for id in store.doc_ids()? {
            let Some(doc) = store.load_doc(&id)? else {
                continue;
            };
            corpus.add(&doc, &mut aliases);
        }
        corpus.add_events(store)?;
        corpus.finish(aliases);
        corpus.counts = store.counts()?;
        Ok(corpus)
    }

    /// Like [`Corpus::build`], with documents read by several threads, each on its own
    /// read-only connection to `db`: reading and decoding rows is most of the work, while
    /// indexing stays sequential, in the store's document order.
    pub fn load(db: &Path) -> Result<Corpus, WebError> {
        let first = Store::open_read_only(db)?;
        let ids = first.doc_ids()?;
        let n_threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 4);
        let chunks: Vec<&[String]> = ids.chunks(LOAD_CHUNK).collect();
        let next_chunk = AtomicUsize::new(0);
        let mut corpus = Corpus::default();
        let mut aliases: Vec<HashMap<String, u64>> = Vec::new();
        std::thread::scope(|scope| -> Result<(), WebError> {
            let (sender, receiver) =
                mpsc::sync_channel::<(usize, Result<Vec<Doc>, WebError>)>(n_threads * 2);
            for _ in 0..n_threads {
                let sender = sender.clone();
                let (chunks, next_chunk) = (&chunks, &next_chunk);
                scope.spawn(move || {
                    let store = match Store::open_read_only(db) {
                        Ok(store) => store,
                        Err(err) => {
                            let _ = sender.send((usize::MAX, Err(err.into())));
                            return;
                        }
                    };
                    loop {
                        let chunk_idx = next_chunk.fetch_add(1, Ordering::Relaxed);
                        let Some(chunk) = chunks.get(chunk_idx) else {
                            return;
                        };
                        let docs: Result<Vec<Doc>, WebError> = chunk
                            .iter()
                            .filter_map(|id| store.load_doc(id).transpose())
                            .map(|doc| doc.map_err(WebError::from))
                            .collect();
                        let failed = docs.is_err();
                        if sender.send((chunk_idx, docs)).is_err() || failed {
                            return;
                        }
                    }
                });
            }
            drop(sender);
            // Chunks arrive in any order; index them in corpus order.
            let mut waiting: BTreeMap<usize, Vec<Doc>> = BTreeMap::new();
            let mut expected = 0;
            for (chunk_idx, docs) in receiver {
                waiting.insert(chunk_idx, docs?);
                while let Some(docs) = waiting.remove(&expected) {
                    for doc in &docs {
                        corpus.add(doc, &mut aliases);
                    }
                    expected += 1;
                }
            }
            Ok(())
        })?;
        corpus.add_events(&first)?;
        corpus.finish(aliases);
        corpus.counts = first.counts()?;
        Ok(corpus)
    }

    /// Adds the dated events of the store to the timeline (after every document is in).
    fn add_events(&mut self, store: &Store) -> Result<(), WebError> {
        for row in store.events()? {
            let Some(date) = row.date.as_deref().and_then(calendar_date) else {
                continue;
            };
            let Some(&doc) = self.doc_by_id.get(&row.doc) else {
                continue;
            };
            self.n_events += 1;
            let item = TimelineItem {
                kind: ItemKind::Event,
                date: date.to_string(),
                doc,
                sentence: row.sentence,
                label: row.label.clone(),
                date_text: row.cameo.clone(),
                category: (!row.plover.is_empty()).then(|| row.plover.clone()),
                modality: Some(row.modality.clone()),
            };
            for name in event_participants(&row.record) {
                for kind in ACTOR_KINDS {
                    if let Some(&actor) = self.actor_by_key.get(&actor_key(kind, &name)) {
                        if let Some(actor) = self.actors.get_mut(actor) {
                            actor.events.push(item.clone());
                        }
                    }
                }
            }
            self.timeline.push(item);
        }
        Ok(())
    }

    /// Adds one document.
    fn add(&mut self, doc: &Doc, aliases: &mut Vec<HashMap<String, u64>>) {
        let doc_idx = self.docs.len();
        self.docs.push(DocRef {
            id: doc.id.to_string(),
            title: doc.meta.title.clone(),
            outlet: doc.meta.outlet.clone(),
            published: doc.meta.published,
        });
        self.doc_by_id.insert(doc.id.to_string(), doc_idx);
        if let Some(outlet) = &doc.meta.outlet {
            *self.outlets.entry(outlet.clone()).or_default() += 1;
        }
        if let Some(date) = doc.meta.published {
            self.timeline.push(TimelineItem {
                kind: ItemKind::Publication,
                date: date.to_string(),
                doc: doc_idx,
                sentence: 0,
                label: doc
                    .meta
                    .title
                    .clone()
                    .unwrap_or_else(|| "(untitled)".to_string()),
                date_text: date.to_string(),
                category: None,
                modality: None,
            });
        }
        for time in &doc.times {
            let Some(date) = time.value.as_deref().and_then(calendar_date) else {
                continue;
            };
            let sentence_text = doc
                .sentences
                .get(time.sentence as usize)
                .map(|sentence| doc.slice(sentence.span))
                .unwrap_or("");
            self.timeline.push(TimelineItem {
                kind: ItemKind::TimeExpression,
                date: date.to_string(),
                doc: doc_idx,
                sentence: time.sentence,
                label: truncate(sentence_text, LABEL_CHARS),
                date_text: doc.slice(time.span).to_string(),
                category: None,
                modality: None,
            });
        }

        // Actors of this document, then their cross-document records.
        let entities = doc_entities(doc);
        let mut here = Vec::with_capacity(entities.len());
        for entity in &entities {
            let key = actor_key(entity.kind, &entity.name);
            let actor_idx = match self.actor_by_key.get(&key) {
                Some(&idx) => idx,
                None => {
                    let idx = self.actors.len();
                    self.actors.push(Actor {
                        key: key.clone(),
                        name: entity.name.clone(),
                        kind: entity.kind,
                        aliases: Vec::new(),
                        n_mentions: 0,
                        docs: Vec::new(),
                        first_sentence: Vec::new(),
                        quotes: Vec::new(),
                        co_actors: Vec::new(),
                        events: Vec::new(),
                    });
                    aliases.push(HashMap::new());
                    self.actor_by_key.insert(key, idx);
                    idx
                }
            };
            let Some(actor) = self.actors.get_mut(actor_idx) else {
                continue;
            };
            actor.n_mentions += entity.mentions.len() as u64;
            if actor.docs.last() != Some(&doc_idx) {
                actor.docs.push(doc_idx);
                let first = entity
                    .mentions
                    .first()
                    .and_then(|&m| doc.mentions.get(m))
                    .and_then(|m| doc.sentence_at(m.span.start))
                    .unwrap_or(0);
                actor.first_sentence.push(first as u32);
            }
            if let Some(counts) = aliases.get_mut(actor_idx) {
                for &m in &entity.mentions {
                    if let Some(mention) = doc.mentions.get(m) {
                        *counts
                            .entry(clean_name(doc.slice(mention.span)).to_string())
                            .or_default() += 1;
                    }
                }
            }
            here.push(actor_idx);
        }
        for quote in &doc.quotes {
            if quote.kind == QuoteKind::Term {
                continue;
            }
            let Some(speaker) = &quote.speaker else {
                continue;
            };
            // The speaker's mention decides the entity; else its name matched by alias.
            let entity = speaker
                .mention
                .and_then(|m| {
                    entities
                        .iter()
                        .position(|e| e.mentions.contains(&(m as usize)))
                })
                .or_else(|| {
                    entities.iter().position(|e| {
                        e.kind == EntityKind::Person
                            && (e.name == speaker.name || e.aliases.contains(&speaker.name))
                    })
                });
            let Some(actor_idx) = entity.and_then(|e| here.get(e)).copied() else {
                continue;
            };
            if let Some(actor) = self.actors.get_mut(actor_idx) {
                actor.quotes.push(QuoteRef {
                    doc: doc_idx,
                    sentence: quote.sentence,
                    text: doc.slice(quote.span).to_string(),
                    kind: quote.kind,
                    speaker: speaker.name.clone(),
                });
            }
        }
        here.sort_unstable();
        here.dedup();
        self.doc_actors.push(here.clone());
        for &a in &here {
            for &b in &here {
                if a == b {
                    continue;
                }
                if let Some(actor) = self.actors.get_mut(a) {
                    match actor.co_actors.iter_mut().find(|(other, _)| *other == b) {
                        Some((_, n)) => *n += 1,
                        None => actor.co_actors.push((b, 1)),
                    }
                }
            }
        }
    }

    /// Sorts everything once all documents are in.
    fn finish(&mut self, aliases: Vec<HashMap<String, u64>>) {
        for (actor, counts) in self.actors.iter_mut().zip(aliases) {
            let mut forms: Vec<(String, u64)> = counts.into_iter().collect();
            forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            actor.aliases = forms.into_iter().map(|(form, _)| form).collect();
            actor
                .co_actors
                .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            actor.events.sort_by(|a, b| a.date.cmp(&b.date));
        }
        // Actors are reordered by mentions; co-actor references are remapped to match.
        let mut order: Vec<usize> = (0..self.actors.len()).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&self.actors[a], &self.actors[b]);
            y.n_mentions
                .cmp(&x.n_mentions)
                .then_with(|| x.name.cmp(&y.name))
        });
        let mut new_index = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        let mut old_actors: Vec<Option<Actor>> = std::mem::take(&mut self.actors)
            .into_iter()
            .map(Some)
            .collect();
        for &old in &order {
            if let Some(mut actor) = old_actors.get_mut(old).and_then(Option::take) {
                for co in &mut actor.co_actors {
                    co.0 = new_index.get(co.0).copied().unwrap_or(0);
                }
                self.actors.push(actor);
            }
        }
        for actors in &mut self.doc_actors {
            for actor in actors.iter_mut() {
                *actor = new_index.get(*actor).copied().unwrap_or(0);
            }
            actors.sort_unstable();
        }
        self.actor_by_key = self
            .actors
            .iter()
            .enumerate()
            .map(|(idx, actor)| (actor.key.clone(), idx))
            .collect();
        let docs = &self.docs;
        self.timeline.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then_with(|| {
                    let pa = docs.get(a.doc).and_then(|d| d.published);
                    let pb = docs.get(b.doc).and_then(|d| d.published);
                    pa.cmp(&pb)
                })
                .then_with(|| a.doc.cmp(&b.doc))
                .then_with(|| a.sentence.cmp(&b.sentence))
        });
    }

    /// The actor with `key`, if any.
    pub fn actor(&self, key: &str) -> Option<(usize, &Actor)> {
        let idx = *self.actor_by_key.get(key)?;
        Some((idx, self.actors.get(idx)?))
    }
}

/// Every entity kind, for looking a bare name up.
const ACTOR_KINDS: [EntityKind; 4] = [
    EntityKind::Person,
    EntityKind::Organization,
    EntityKind::Location,
    EntityKind::Other,
];

/// The names of an event's actors and recipients, from its JSON record (the export
/// contract's `actors[].name` and `recipients[].name`); none when the record is unreadable.
fn event_participants(record: &str) -> Vec<String> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(record) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for field in ["actors", "recipients"] {
        for participant in value
            .get(field)
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
        {
            if let Some(name) = participant.get("name").and_then(|n| n.as_str()) {
                if !names.iter().any(|known| known == name) {
                    names.push(name.to_string());
                }
            }
        }
    }
    names
}

/// The key of an actor: its kind and its name folded to lower case.
pub fn actor_key(kind: EntityKind, name: &str) -> String {
    format!("{}/{}", kind.as_str(), name.to_lowercase())
}

/// For each mention of `doc`, the key of the actor it belongs to (as [`Corpus::build`]
/// groups them), so a document page can link mentions to actor pages.
pub fn mention_keys(doc: &Doc) -> Vec<Option<String>> {
    let mut keys = vec![None; doc.mentions.len()];
    for entity in doc_entities(doc) {
        let key = actor_key(entity.kind, &entity.name);
        for idx in entity.mentions {
            if let Some(slot) = keys.get_mut(idx) {
                *slot = Some(key.clone());
            }
        }
    }
    keys
}

/// The calendar part of a TIMEX3 value when it is a year, month or day (`None` otherwise).
fn calendar_date(value: &str) -> Option<&str> {
    let bytes = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    let ok = match bytes.len() {
        4 => digits(0..4),
        7 => digits(0..4) && bytes.get(4) == Some(&b'-') && digits(5..7),
        10 => {
            digits(0..4)
                && bytes.get(4) == Some(&b'-')
                && digits(5..7)
                && bytes.get(7) == Some(&b'-')
                && digits(8..10)
        }
        _ => false,
    };
    ok.then_some(value)
}

/// `text` cut to at most `max` characters, with `…` when cut.
pub fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((byte, _)) => format!("{}…", text.get(..byte).unwrap_or(text).trim_end()),
        None => text.to_string(),
    }
}

/// A mention's text without a possessive ending.
fn clean_name(text: &str) -> &str {
    text.trim_end_matches("'s").trim_end_matches("’s")
}

/// A document-level entity: mentions of one name within one doc.
#[derive(Debug)]
struct DocEntity {
    name: String,
    kind: EntityKind,
    aliases: Vec<String>,
    mentions: Vec<usize>,
}

/// Groups a doc's mentions as `dossier export` does: the same kind and the same name, or a
/// person's surname alone after their full name.
fn doc_entities(doc: &Doc) -> Vec<DocEntity> {
    let mut entities: Vec<DocEntity> = Vec::new();
    for (idx, mention) in doc.mentions.iter().enumerate() {
        let text = clean_name(doc.slice(mention.span));
        if text.is_empty() {
            continue;
        }
        let found = entities.iter_mut().find(|entity| {
            entity.kind == mention.kind
                && (entity.aliases.iter().any(|alias| alias == text)
                    || (mention.kind == EntityKind::Person
                        && entity.name.split_whitespace().last() == Some(text)))
        });
        match found {
            Some(entity) => {
                entity.mentions.push(idx);
                if !entity.aliases.iter().any(|alias| alias == text) {
                    entity.aliases.push(text.to_string());
                }
                if text.chars().count() > entity.name.chars().count() {
                    entity.name = text.to_string();
                }
            }
            None => entities.push(DocEntity {
                name: text.to_string(),
                kind: mention.kind,
                aliases: vec![text.to_string()],
                mentions: vec![idx],
            }),
        }
    }
    entities
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_dates_only() {
        assert_eq!(calendar_date("2017-05-23"), Some("2017-05-23"));
        assert_eq!(calendar_date("2017-05"), Some("2017-05"));
        assert_eq!(calendar_date("2017"), Some("2017"));
        assert_eq!(calendar_date("P3D"), None);
        assert_eq!(calendar_date("2017-W21"), None);
        assert_eq!(calendar_date("PRESENT_REF"), None);
    }

    #[test]
    fn truncation_counts_characters() {
        assert_eq!(truncate("Vučić spoke", 5), "Vučić…");
        assert_eq!(truncate("short", 10), "short");
    }
}
