//! The interaction index: who acts on whom in the merged timeline, read once from the
//! store's `timeline` rows (the events merged across documents and outlets) and the linked
//! entities, for the network page and the actor pages' events and counterparts.
//!
//! Everything else the pages show is read per request with bounded SQL queries; this index
//! exists because the participants of an event live in its JSON record, which SQL cannot
//! index, and because counting and ordering every event of a period (the timeline's zoom
//! buckets) or every quote of every actor is a scan per request in SQL but a few
//! milliseconds over this compact list. It is built on a background thread when the server
//! starts (startup does not wait for it) and the first page needing it waits until it is
//! ready.

use std::collections::HashMap;

use chrono::NaiveDate;
use dossier_core::EntityKind;
use dossier_store::{Counts, PeriodCount, Store, TimelineQuery};
use serde::{Deserialize, Serialize};

use crate::WebError;

/// A participant as a timeline record names it.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Participant {
    /// The linked entity id, when the link stage resolved it.
    #[serde(default)]
    pub entity: Option<String>,
    /// The name as written.
    #[serde(default)]
    pub name: String,
    /// CAMEO actor code at the event's date.
    #[serde(default)]
    pub code: Option<String>,
}

/// A date one source gives for a merged event.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct DateClaim {
    /// The date.
    #[serde(default)]
    pub date: String,
    /// The document.
    #[serde(default)]
    pub doc: String,
    /// Its outlet.
    #[serde(default)]
    pub outlet: Option<String>,
}

/// A count one source gives for a merged event whose sources count differently.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct CountClaim {
    /// What is counted ("activists").
    #[serde(default)]
    pub noun: String,
    /// The number.
    #[serde(default)]
    pub value: u64,
    /// The words as written ("seven environmental activists").
    #[serde(default)]
    pub text: String,
    /// The document.
    #[serde(default)]
    pub doc: String,
    /// Its outlet.
    #[serde(default)]
    pub outlet: Option<String>,
}

/// Where an event happened.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Place {
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Its country (alpha-3).
    #[serde(default)]
    pub country: Option<String>,
}

/// The parts of a merged timeline record (`dossier-timeline`'s `TimelineEvent`) pages show;
/// unknown or missing fields are tolerated so the record can grow.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct RecordView {
    /// The words giving the date.
    #[serde(default)]
    pub date_text: Option<String>,
    /// Every date a source gives, when they differ.
    #[serde(default)]
    pub date_conflicts: Vec<DateClaim>,
    /// Every count a source gives for a thing the sources count differently.
    #[serde(default)]
    pub quantity_conflicts: Vec<CountClaim>,
    /// True when every source only reports or alleges it.
    #[serde(default)]
    pub reported: bool,
    /// Who acts.
    #[serde(default)]
    pub actors: Vec<Participant>,
    /// Who is acted upon.
    #[serde(default)]
    pub recipients: Vec<Participant>,
    /// Where.
    #[serde(default)]
    pub location: Option<Place>,
    /// The outlets reporting it.
    #[serde(default)]
    pub outlet_names: Vec<String>,
}

impl RecordView {
    /// The record's view; an unreadable record reads as empty.
    pub fn parse(record: &str) -> RecordView {
        serde_json::from_str(record).unwrap_or_default()
    }
}

/// One linked entity as the index knows it.
#[derive(Clone, Debug)]
pub struct EntityInfo {
    /// Stable id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Its kind.
    pub kind: EntityKind,
}

/// One merged event as an interaction: source entities act on target entities.
#[derive(Clone, Debug)]
pub struct Interaction {
    /// Timeline event id.
    pub id: String,
    /// Its day, when known to the day, month or year (the first day of the period).
    pub day: Option<NaiveDate>,
    /// Its date as stored.
    pub date: Option<String>,
    /// PLOVER category ("" when none).
    pub category: String,
    /// Modality.
    pub modality: String,
    /// Number of distinct outlets reporting it.
    pub outlets: u32,
    /// Indexes into [`Index::entities`] of the actors.
    pub sources: Vec<u32>,
    /// Indexes into [`Index::entities`] of the recipients.
    pub targets: Vec<u32>,
}

/// The index.
#[derive(Debug, Default)]
pub struct Index {
    /// Row counts of the store (counting tokens of a large corpus takes a while).
    pub counts: Counts,
    /// Every linked entity.
    pub entities: Vec<EntityInfo>,
    /// Entity index by id.
    pub entity_by_id: HashMap<String, u32>,
    /// Merged events, by date.
    pub events: Vec<Interaction>,
    /// For each entity, the events naming it (indexes into `events`, by date).
    pub by_entity: Vec<Vec<u32>>,
    /// Events whose participants matched no linked entity.
    pub unlinked_events: u64,
    /// Quotes attributed to each entity (same order as `entities`).
    pub quotes: Vec<u64>,
    /// Event indexes in timeline order: by date (undated last), most outlets first, id.
    pub order: Vec<u32>,
    /// PLOVER categories with their event counts, most frequent first.
    pub categories: Vec<(String, u64)>,
}

/// The entity kind named by the store's `kind` column.
pub fn entity_kind(kind: &str) -> EntityKind {
    match kind {
        "person" => EntityKind::Person,
        "organization" => EntityKind::Organization,
        "location" => EntityKind::Location,
        _ => EntityKind::Other,
    }
}

/// The first day of a date given as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub fn first_day(date: &str) -> Option<NaiveDate> {
    match date.len() {
        4 => NaiveDate::parse_from_str(&format!("{date}-01-01"), "%Y-%m-%d").ok(),
        7 => NaiveDate::parse_from_str(&format!("{date}-01"), "%Y-%m-%d").ok(),
        _ => NaiveDate::parse_from_str(date.get(..10)?, "%Y-%m-%d").ok(),
    }
}

impl Index {
    /// Reads the linked entities and the merged timeline.
    pub fn build(store: &Store) -> Result<Index, WebError> {
        let mut index = Index {
            counts: store.counts()?,
            ..Index::default()
        };
        let (entities, _) = store.entity_page(None, None, u64::MAX >> 1, 0)?;
        for entity in entities {
            index
                .entity_by_id
                .insert(entity.id.clone(), index.entities.len() as u32);
            index.entities.push(EntityInfo {
                id: entity.id,
                name: entity.name,
                kind: entity_kind(&entity.kind),
            });
        }
        index.by_entity = vec![Vec::new(); index.entities.len()];
        let aliases = store.alias_index()?;
        let resolve = |p: &Participant| -> Option<u32> {
            let id = match &p.entity {
                Some(id) => id.as_str(),
                None => aliases.get(&p.name.to_lowercase())?.as_str(),
            };
            index.entity_by_id.get(id).copied()
        };
        let mut events = Vec::new();
        let mut by_entity = index.by_entity.clone();
        for row in store.interactions()? {
            let record = RecordView::parse(&row.record);
            let mut sources: Vec<u32> = record.actors.iter().filter_map(resolve).collect();
            let mut targets: Vec<u32> = record.recipients.iter().filter_map(resolve).collect();
            sources.sort_unstable();
            sources.dedup();
            targets.sort_unstable();
            targets.dedup();
            let event_idx = events.len() as u32;
            let mut named: Vec<u32> = sources.iter().chain(&targets).copied().collect();
            named.sort_unstable();
            named.dedup();
            if named.is_empty() {
                index.unlinked_events += 1;
            }
            for entity in named {
                if let Some(list) = by_entity.get_mut(entity as usize) {
                    list.push(event_idx);
                }
            }
            events.push(Interaction {
                day: row.date.as_deref().and_then(first_day),
                date: row.date,
                category: row.plover,
                modality: row.modality,
                outlets: row.outlets,
                id: row.id,
                sources,
                targets,
            });
        }
        let mut order: Vec<u32> = (0..events.len() as u32).collect();
        order.sort_by(|&a, &b| {
            let (Some(x), Some(y)) = (events.get(a as usize), events.get(b as usize)) else {
                return a.cmp(&b);
            };
            (
                x.date.is_none(),
                &x.date,
                std::cmp::Reverse(x.outlets),
                &x.id,
            )
                .cmp(&(
                    y.date.is_none(),
                    &y.date,
                    std::cmp::Reverse(y.outlets),
                    &y.id,
                ))
        });
        // Each entity's events in timeline order too.
        let mut rank = vec![0u32; events.len()];
        for (position, &event) in order.iter().enumerate() {
            if let Some(slot) = rank.get_mut(event as usize) {
                *slot = position as u32;
            }
        }
        for list in &mut by_entity {
            list.sort_by_key(|&e| rank.get(e as usize).copied().unwrap_or(0));
        }
        let mut categories: HashMap<&str, u64> = HashMap::new();
        for event in events.iter().filter(|e| !e.category.is_empty()) {
            *categories.entry(event.category.as_str()).or_default() += 1;
        }
        let mut categories: Vec<(String, u64)> = categories
            .into_iter()
            .map(|(c, n)| (c.to_string(), n))
            .collect();
        categories.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let quotes = store.entity_quote_totals()?;
        index.quotes = index
            .entities
            .iter()
            .map(|e| quotes.get(&e.id).copied().unwrap_or(0))
            .collect();
        index.categories = categories;
        index.order = order;
        index.events = events;
        index.by_entity = by_entity;
        Ok(index)
    }

    /// The events matching `query` (its limit and offset ignored), in timeline order.
    pub fn select(&self, query: &TimelineQuery) -> Vec<u32> {
        let end = query.period.as_ref().map(|p| format!("{p}\u{7f}"));
        self.order
            .iter()
            .copied()
            .filter(|&e| {
                let Some(event) = self.events.get(e as usize) else {
                    return false;
                };
                if let (Some(period), Some(end)) = (&query.period, &end) {
                    match &event.date {
                        Some(date) if date >= period && date < end => {}
                        _ => return false,
                    }
                }
                query.category.as_ref().is_none_or(|c| *c == event.category)
                    && query.modality.as_ref().is_none_or(|m| *m == event.modality)
                    && query.min_outlets.is_none_or(|n| event.outlets >= n)
            })
            .collect()
    }

    /// `selected` events counted by the first `len` characters of their date (events dated
    /// less precisely are not counted), by period.
    pub fn periods(&self, selected: &[u32], len: usize) -> Vec<PeriodCount> {
        let mut out: Vec<PeriodCount> = Vec::new();
        for event in selected.iter().filter_map(|&e| self.events.get(e as usize)) {
            let Some(period) = event.date.as_deref().and_then(|d| d.get(..len)) else {
                continue;
            };
            // Weeks, quarters and seasons ("2020-W21", "2020-Q3") have no month or day.
            if !period.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
                continue;
            }
            // `selected` is in date order, so equal periods are adjacent.
            match out.last_mut() {
                Some(last) if last.period == period => {
                    last.events += 1;
                    last.reports += u64::from(event.outlets);
                }
                _ => out.push(PeriodCount {
                    period: period.to_string(),
                    events: 1,
                    reports: u64::from(event.outlets),
                }),
            }
        }
        out
    }

    /// The first and last dates on the timeline.
    pub fn extent(&self) -> (Option<&str>, Option<&str>) {
        let dated = |&e: &u32| self.events.get(e as usize).and_then(|e| e.date.as_deref());
        (
            self.order.iter().find_map(dated),
            self.order.iter().rev().find_map(dated),
        )
    }

    /// Quotes attributed to entity `id`.
    pub fn quote_count(&self, id: &str) -> u64 {
        self.entity(id)
            .and_then(|(idx, _)| self.quotes.get(idx as usize).copied())
            .unwrap_or(0)
    }

    /// The entity with `id`, with its index.
    pub fn entity(&self, id: &str) -> Option<(u32, &EntityInfo)> {
        let idx = *self.entity_by_id.get(id)?;
        Some((idx, self.entities.get(idx as usize)?))
    }

    /// The entities `id` interacts with (as actor or recipient of the same events), with
    /// the number of such events, most first.
    pub fn counterparts(&self, id: &str) -> Vec<(&EntityInfo, u64)> {
        let Some((me, _)) = self.entity(id) else {
            return Vec::new();
        };
        let mut counts: HashMap<u32, u64> = HashMap::new();
        for &event in self.by_entity.get(me as usize).into_iter().flatten() {
            let Some(event) = self.events.get(event as usize) else {
                continue;
            };
            let mut others: Vec<u32> = event
                .sources
                .iter()
                .chain(&event.targets)
                .copied()
                .filter(|&e| e != me)
                .collect();
            others.sort_unstable();
            others.dedup();
            for other in others {
                *counts.entry(other).or_default() += 1;
            }
        }
        let mut out: Vec<(&EntityInfo, u64)> = counts
            .into_iter()
            .filter_map(|(e, n)| Some((self.entities.get(e as usize)?, n)))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.id.cmp(&b.0.id)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_parse_leniently() {
        let view = RecordView::parse(
            r#"{"actors":[{"entity":"person:a","name":"A"}],"recipients":[{"name":"B"}],"extra":1,
                "date_conflicts":[{"date":"2020-01-02","doc":"d1","outlet":null}],
                "quantity_conflicts":[{"noun":"people","value":7,"text":"seven people","doc":"d1","outlet":"W"}]}"#,
        );
        assert_eq!(view.actors[0].entity.as_deref(), Some("person:a"));
        assert_eq!(view.recipients[0].name, "B");
        assert_eq!(view.date_conflicts.len(), 1);
        assert_eq!(view.quantity_conflicts[0].value, 7);
        assert!(RecordView::parse("not json").actors.is_empty());
    }

    #[test]
    fn first_days_of_periods() {
        assert_eq!(first_day("2020"), NaiveDate::from_ymd_opt(2020, 1, 1));
        assert_eq!(first_day("2020-05"), NaiveDate::from_ymd_opt(2020, 5, 1));
        assert_eq!(first_day("2020-05-09"), NaiveDate::from_ymd_opt(2020, 5, 9));
        assert_eq!(first_day("2020-W21"), None);
    }
}
