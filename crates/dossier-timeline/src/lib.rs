/*!
The timeline: the same happening told by several documents becomes one event with all its
sources.

# Brief overview

The event coder works one document at a time and writes [`EventRecord`]s (the fields of the
`events.jsonl` export contract). [`merge`] groups the records that tell the same happening —
same CAMEO root category, same modality, overlapping participants, compatible dates and
places — into [`TimelineEvent`]s that keep every piece of evidence, count distinct outlets and
keep conflicting details (two outlets giving two different days) instead of averaging them.

Merging uses blocking: records are grouped by (root category, modality, year) and sorted by
date, and a record is compared only with the clusters of its block whose dates can still be
compatible, so a million events merge in about `n log n`, not `n²`.

# Example

```
use std::collections::HashMap;
use dossier_timeline::{merge, DocInfo, EventRecord};

let record = |doc: &str, date: &str| -> EventRecord {
    serde_json::from_value(serde_json::json!({
        "id": format!("{doc}:1"), "date": date, "cameo": "036", "modality": "asserted",
        "label": "Ana Kovač met Ivo Horvat", "actors": [{"name": "Ana Kovač"}],
        "recipients": [{"name": "Ivo Horvat"}],
        "evidence": [{"doc": doc, "sentence": 1, "start": 0, "end": 10}],
    })).unwrap()
};
let mut docs = HashMap::new();
docs.insert("a".to_string(), DocInfo { outlet: Some("Ledger".into()), ..DocInfo::default() });
docs.insert("b".to_string(), DocInfo { outlet: Some("Wire".into()), ..DocInfo::default() });
let merged = merge(&[record("a", "2020-02-26"), record("b", "2020-02-26")], &docs);
assert_eq!(merged.len(), 1);
assert_eq!(merged[0].outlets, 2);
```
*/
#![deny(missing_docs)]

mod merge;

pub use merge::{merge, DateClaim, QuantityClaim, TimelineEvent};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// PLOVER category, mode and context of an event.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plover {
    /// Event category ("CONSULT").
    #[serde(default)]
    pub category: String,
    /// Mode ("visit").
    #[serde(default)]
    pub mode: String,
    /// Context ("diplomatic").
    #[serde(default)]
    pub context: String,
}

/// An actor or recipient.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// Resolved entity id, when entities are resolved.
    #[serde(default)]
    pub entity: Option<String>,
    /// The name as written.
    pub name: String,
    /// CAMEO actor code valid at the event date.
    #[serde(default)]
    pub code: Option<String>,
    /// Where the name is in its document (code points), as the coder recorded it; read to
    /// link the participant to its entity, not written (a merged event spans documents).
    #[serde(default, skip_serializing)]
    pub start: Option<u32>,
    /// End of the name (exclusive), with `start`.
    #[serde(default, skip_serializing)]
    pub end: Option<u32>,
}

/// Where an event took place.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// The place name.
    pub name: String,
    /// ISO alpha-3 country.
    #[serde(default)]
    pub country: Option<String>,
}

/// A passage reporting an event.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// Document id.
    pub doc: String,
    /// Sentence index.
    pub sentence: u32,
    /// Start of the passage (code points into the document's text).
    pub start: u32,
    /// End of the passage.
    pub end: u32,
}

/// One event as the coder found it in one document (the `events.jsonl` fields).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// Stable id within the corpus.
    pub id: String,
    /// Date as precise as known: `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `YYYY-Www`...
    #[serde(default)]
    pub date: Option<String>,
    /// The words giving the date.
    #[serde(default)]
    pub date_text: Option<String>,
    /// Where the date came from ("sentence", "paragraph", "published", "unknown").
    #[serde(default)]
    pub date_source: Option<String>,
    /// CAMEO event code.
    pub cameo: String,
    /// PLOVER category, mode, context.
    #[serde(default)]
    pub plover: Plover,
    /// "asserted", "negated", "future" or "hypothetical".
    pub modality: String,
    /// True when only reported or alleged.
    #[serde(default)]
    pub reported: bool,
    /// A short human sentence.
    #[serde(default)]
    pub label: String,
    /// Who acts.
    #[serde(default)]
    pub actors: Vec<Participant>,
    /// Who is acted upon.
    #[serde(default)]
    pub recipients: Vec<Participant>,
    /// Where.
    #[serde(default)]
    pub location: Option<Location>,
    /// The passages reporting it.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// Counts the passage gives ("twenty people").
    #[serde(default)]
    pub quantities: Vec<Quantity>,
}

/// A count a source gives about an event.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Quantity {
    /// The number.
    pub value: u64,
    /// What is counted, lowercase ("people").
    pub noun: String,
    /// The words as written.
    pub text: String,
}

impl EventRecord {
    /// The CAMEO root category: the first two digits of the code.
    pub fn root(&self) -> &str {
        self.cameo.get(..2).unwrap_or(&self.cameo)
    }
}

/// What the timeline needs to know of a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocInfo {
    /// Its outlet.
    pub outlet: Option<String>,
    /// Every outlet it credits as its source, the outlet first (empty when none is
    /// credited besides the outlet); each counts as an outlet reporting its events.
    pub sources: Vec<String>,
    /// Its publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
}

/// Which timeline events to show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimelineFilter {
    /// Only events with a participant whose name or entity contains this (folded).
    pub actor: Option<String>,
    /// Only events dated on or after this (`YYYY-MM-DD`; compared by prefix).
    pub from: Option<String>,
    /// Only events dated on or before this.
    pub to: Option<String>,
    /// Only this PLOVER category or CAMEO root code ("CONSULT", "04").
    pub category: Option<String>,
    /// Only this modality.
    pub modality: Option<String>,
}

impl TimelineFilter {
    /// True when `event` passes every filter that is set.
    pub fn accepts(&self, event: &TimelineEvent) -> bool {
        if let Some(actor) = &self.actor {
            let wanted = fold(actor);
            let hit = event.actors.iter().chain(&event.recipients).any(|p| {
                fold(&p.name).contains(&wanted)
                    || p.entity
                        .as_deref()
                        .is_some_and(|e| fold(e).contains(&wanted))
            });
            if !hit {
                return false;
            }
        }
        let date = event.date.as_deref().unwrap_or("");
        if let Some(from) = &self.from {
            // A partial date ("2016-10") passes when its period can reach `from`.
            if date.is_empty() || *date < *from.get(..date.len().min(from.len())).unwrap_or(from) {
                return false;
            }
        }
        if let Some(to) = &self.to {
            if date.is_empty() || date.get(..to.len().min(date.len())).unwrap_or(date) > to.as_str()
            {
                return false;
            }
        }
        if let Some(category) = &self.category {
            let root = event.cameo.get(..2).unwrap_or(&event.cameo);
            if !category.eq_ignore_ascii_case(&event.plover.category)
                && category != root
                && category != &event.cameo
            {
                return false;
            }
        }
        if let Some(modality) = &self.modality {
            if !modality.eq_ignore_ascii_case(&event.modality) {
                return false;
            }
        }
        true
    }
}

/// Lowercase, diacritics removed, spaces collapsed: how names are compared.
pub fn fold(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    ascii
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Counts events per PLOVER category (for summaries).
pub fn count_by_category(events: &[TimelineEvent]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for event in events {
        let key = if event.plover.category.is_empty() {
            event.cameo.clone()
        } else {
            event.plover.category.clone()
        };
        *counts.entry(key).or_default() += 1;
    }
    counts
}
