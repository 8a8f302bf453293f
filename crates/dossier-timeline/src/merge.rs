//! Merging per-document event records into timeline events, with blocking.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::{fold, DocInfo, EventRecord, Evidence, Location, Participant, Plover, Quantity};

/// A date one source gives for a merged event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateClaim {
    /// The date as that source gives it.
    pub date: String,
    /// The document.
    pub doc: String,
    /// Its outlet.
    pub outlet: Option<String>,
}

/// A count one source gives, kept when sources disagree.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct QuantityClaim {
    /// What is counted ("people").
    pub noun: String,
    /// The number that source gives.
    pub value: u64,
    /// The words as written.
    pub text: String,
    /// The document.
    pub doc: String,
    /// Its outlet.
    pub outlet: Option<String>,
}

/// One happening, with every passage and outlet that reports it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEvent {
    /// Stable id: a hash of the ids of the records merged into it.
    pub id: String,
    /// The date most sources agree on, at the best precision they give.
    pub date: Option<String>,
    /// The words giving that date in the first source that gives it.
    pub date_text: Option<String>,
    /// Every date a source gives, when they differ (kept, not averaged away).
    pub date_conflicts: Vec<DateClaim>,
    /// The counts the sources give ("twenty people"), each count once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quantities: Vec<Quantity>,
    /// Every count of a thing the sources count differently ("20 people" in one outlet,
    /// "14 people" in another), with who says so.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quantity_conflicts: Vec<QuantityClaim>,
    /// CAMEO code (the most specific one reported).
    pub cameo: String,
    /// PLOVER category, mode, context.
    pub plover: Plover,
    /// "asserted", "negated", "future" or "hypothetical".
    pub modality: String,
    /// True when every source only reports or alleges it.
    pub reported: bool,
    /// A short human sentence.
    pub label: String,
    /// Who acts (union over sources, first spelling kept).
    pub actors: Vec<Participant>,
    /// Who is acted upon.
    pub recipients: Vec<Participant>,
    /// Where.
    pub location: Option<Location>,
    /// Every passage reporting it.
    pub evidence: Vec<Evidence>,
    /// Number of distinct outlets reporting it (a document without an outlet counts as its own).
    pub outlets: u32,
    /// Their names.
    pub outlet_names: Vec<String>,
    /// The ids of the merged records.
    pub records: Vec<String>,
}

/// Largest gap in days between two day-precise dates still taken as the same happening
/// (sources disagree by a day on events near midnight or across time zones).
const MAX_DAY_GAP: i64 = 1;

/// Merges records telling the same happening. Output is sorted by date, then id.
pub fn merge(records: &[EventRecord], docs: &HashMap<String, DocInfo>) -> Vec<TimelineEvent> {
    // Blocking: only records of one (root, modality, year) block are ever compared.
    let mut blocks: BTreeMap<(String, String, String), Vec<usize>> = BTreeMap::new();
    for (idx, record) in records.iter().enumerate() {
        let year = record
            .date
            .as_deref()
            .and_then(|d| d.get(..4))
            .unwrap_or("")
            .to_string();
        blocks
            .entry((record.root().to_string(), record.modality.clone(), year))
            .or_default()
            .push(idx);
    }
    let keys: Vec<BTreeSet<String>> = records.iter().map(participant_keys).collect();
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    for (_, mut members) in blocks {
        members.sort_by(|a, b| {
            (&records[*a].date, &records[*a].id).cmp(&(&records[*b].date, &records[*b].id))
        });
        let mut block_clusters: Vec<Vec<usize>> = Vec::new();
        // Which clusters of this block hold a participant key: only those are candidates,
        // so each record is compared with the few clusters that share someone with it.
        let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
        for idx in members {
            let record = &records[idx];
            let mut candidates: Vec<usize> = keys[idx]
                .iter()
                .filter_map(|key| by_key.get(key.as_str()))
                .flatten()
                .copied()
                .collect();
            candidates.sort_unstable_by(|a, b| b.cmp(a));
            candidates.dedup();
            // A cluster's first and latest records stand for it: its members are all
            // compatible with one another, and checking two keeps the work per record small.
            let target = candidates.into_iter().find(|cluster| {
                let members = &block_clusters[*cluster];
                [members.first(), members.last()]
                    .into_iter()
                    .flatten()
                    .any(|other| same_happening(&records[*other], record))
            });
            let cluster = match target {
                Some(cluster) => {
                    block_clusters[cluster].push(idx);
                    cluster
                }
                None => {
                    block_clusters.push(vec![idx]);
                    block_clusters.len() - 1
                }
            };
            for key in &keys[idx] {
                let entry = by_key.entry(key.as_str()).or_default();
                if entry.last() != Some(&cluster) {
                    entry.push(cluster);
                }
            }
        }
        clusters.extend(block_clusters);
    }
    let mut events: Vec<TimelineEvent> = clusters
        .iter()
        .map(|cluster| combine(records, cluster, docs))
        .collect();
    events.sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));
    events
}

/// Same happening: same root category and modality, compatible dates and places
/// (the caller has already found a shared participant).
fn same_happening(a: &EventRecord, b: &EventRecord) -> bool {
    if a.root() != b.root() || a.modality != b.modality {
        return false;
    }
    let dates_fit = match (a.date.as_deref(), b.date.as_deref()) {
        (Some(x), Some(y)) => {
            x.starts_with(y)
                || y.starts_with(x)
                || days_apart(Some(x), Some(y)).is_some_and(|g| g <= MAX_DAY_GAP)
        }
        _ => false,
    };
    if !dates_fit {
        return false;
    }
    if let (Some(x), Some(y)) = (&a.location, &b.location) {
        if fold(&x.name) != fold(&y.name) && x.country.is_some() && x.country != y.country {
            return false;
        }
    }
    true
}

/// Keys naming a record's participants: entity ids, and folded surnames (last words).
fn participant_keys(record: &EventRecord) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for participant in record.actors.iter().chain(&record.recipients) {
        if let Some(entity) = &participant.entity {
            keys.insert(format!("e:{entity}"));
        }
        let folded = fold(&participant.name);
        if let Some(last) = folded.split(' ').next_back().filter(|w| w.len() > 2) {
            keys.insert(format!("n:{last}"));
        }
    }
    keys
}

/// Days between two day-precise dates; `None` when either is less precise.
fn days_apart(a: Option<&str>, b: Option<&str>) -> Option<i64> {
    let parse = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let (a, b) = (parse(a?)?, parse(b?)?);
    Some((a - b).num_days().abs())
}

/// One timeline event from a cluster of records.
fn combine(
    records: &[EventRecord],
    cluster: &[usize],
    docs: &HashMap<String, DocInfo>,
) -> TimelineEvent {
    let members: Vec<&EventRecord> = cluster.iter().map(|idx| &records[*idx]).collect();
    let outlet_of = |doc: &str| docs.get(doc).and_then(|info| info.outlet.clone());

    // The date: the most precise dates win; among them, the one most documents give.
    let mut votes: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for record in &members {
        if let Some(date) = record.date.as_deref() {
            for evidence in &record.evidence {
                votes.entry(date).or_default().insert(evidence.doc.as_str());
            }
        }
    }
    let best = votes
        .iter()
        .max_by(|a, b| {
            (a.0.len(), a.1.len(), std::cmp::Reverse(a.0)).cmp(&(
                b.0.len(),
                b.1.len(),
                std::cmp::Reverse(b.0),
            ))
        })
        .map(|(date, _)| *date);
    let precise: Vec<&str> = votes
        .keys()
        .copied()
        .filter(|d| d.len() == best.map_or(0, str::len))
        .collect();
    let date_conflicts = if precise.len() > 1 {
        let mut claims = Vec::new();
        for record in &members {
            if let Some(date) = record.date.as_deref().filter(|d| precise.contains(d)) {
                for evidence in &record.evidence {
                    claims.push(DateClaim {
                        date: date.to_string(),
                        doc: evidence.doc.clone(),
                        outlet: outlet_of(&evidence.doc),
                    });
                }
            }
        }
        claims.sort_by(|a, b| (&a.date, &a.doc).cmp(&(&b.date, &b.doc)));
        claims.dedup();
        claims
    } else {
        Vec::new()
    };
    // The code most records give names the happening ("met" told twice beats "visited"
    // told once), then the record naming most participants.
    let mut code_votes: HashMap<&str, usize> = HashMap::new();
    for record in &members {
        *code_votes.entry(record.cameo.as_str()).or_default() += 1;
    }
    let lead = members
        .iter()
        .copied()
        .filter(|r| r.date.as_deref() == best)
        .max_by_key(|r| {
            (
                code_votes.get(r.cameo.as_str()).copied().unwrap_or(0),
                r.actors.len() + r.recipients.len(),
                r.cameo.len(),
                std::cmp::Reverse(r.id.clone()),
            )
        })
        .or_else(|| members.first().copied());
    let lead = match lead {
        Some(lead) => lead,
        None => return TimelineEvent::empty(),
    };

    let mut evidence: Vec<Evidence> = members
        .iter()
        .flat_map(|r| r.evidence.iter().cloned())
        .collect();
    evidence.sort();
    evidence.dedup();
    let mut outlet_names: Vec<String> = Vec::new();
    let mut unnamed: BTreeSet<&str> = BTreeSet::new();
    for item in &evidence {
        let info = docs.get(&item.doc);
        let credited = info.map(|info| info.sources.as_slice()).unwrap_or_default();
        let named = info.and_then(|info| info.outlet.as_ref());
        if credited.is_empty() && named.is_none() {
            unnamed.insert(item.doc.as_str());
        }
        // A story compiled from several outlets is evidence from each of them.
        for outlet in named.into_iter().chain(credited) {
            if !outlet_names.iter().any(|o| fold(o) == fold(outlet)) {
                outlet_names.push(outlet.clone());
            }
        }
    }
    let outlets = (outlet_names.len() + unnamed.len()) as u32;
    let mut ids: Vec<String> = members.iter().map(|r| r.id.clone()).collect();
    ids.sort();
    // The merged records' ids: two events told in one sentence keep two ids.
    let key = ids.join(";");

    let actors = union_participants(members.iter().map(|r| &r.actors));
    let (quantities, quantity_conflicts) = counts(&members, docs);
    TimelineEvent {
        id: format!("ev-{}", dossier_core::DocId::of_text(&key)),
        date: best.map(str::to_string),
        date_text: lead.date_text.clone(),
        date_conflicts,
        quantities,
        quantity_conflicts,
        cameo: lead.cameo.clone(),
        plover: lead.plover.clone(),
        modality: lead.modality.clone(),
        reported: members.iter().all(|r| r.reported),
        label: lead.label.clone(),
        actors: actors.clone(),
        recipients: union_participants(members.iter().map(|r| &r.recipients))
            .into_iter()
            // One outlet's actor is never another's recipient of the same happening.
            .filter(|r| {
                !actors
                    .iter()
                    .any(|a| participant_key(a) == participant_key(r))
            })
            .collect(),
        location: members.iter().find_map(|r| r.location.clone()),
        evidence,
        outlets,
        outlet_names,
        records: ids,
    }
}

/// The distinct counts of a cluster, and the claims of every source for each counted thing
/// the sources give different numbers for.
fn counts(
    members: &[&EventRecord],
    docs: &HashMap<String, DocInfo>,
) -> (Vec<Quantity>, Vec<QuantityClaim>) {
    let mut quantities: Vec<Quantity> = Vec::new();
    let mut by_noun: BTreeMap<String, BTreeSet<u64>> = BTreeMap::new();
    for record in members {
        for quantity in &record.quantities {
            by_noun
                .entry(fold(&quantity.noun))
                .or_default()
                .insert(quantity.value);
            if !quantities
                .iter()
                .any(|q| q.value == quantity.value && fold(&q.noun) == fold(&quantity.noun))
            {
                quantities.push(quantity.clone());
            }
        }
    }
    let mut conflicts: Vec<QuantityClaim> = Vec::new();
    for record in members {
        for quantity in &record.quantities {
            let disputed = by_noun
                .get(&fold(&quantity.noun))
                .is_some_and(|values| values.len() > 1);
            if !disputed {
                continue;
            }
            for evidence in &record.evidence {
                conflicts.push(QuantityClaim {
                    noun: quantity.noun.clone(),
                    value: quantity.value,
                    text: quantity.text.clone(),
                    doc: evidence.doc.clone(),
                    outlet: docs.get(&evidence.doc).and_then(|info| info.outlet.clone()),
                });
            }
        }
    }
    conflicts.sort();
    conflicts.dedup();
    (quantities, conflicts)
}

/// Who a participant is across outlets: its entity id, else its folded surname.
fn participant_key(participant: &Participant) -> String {
    participant.entity.clone().unwrap_or_else(|| {
        fold(&participant.name)
            .split(' ')
            .next_back()
            .unwrap_or_default()
            .to_string()
    })
}

/// Participants of all records, each person once (by entity id or folded surname).
fn union_participants<'a>(lists: impl Iterator<Item = &'a Vec<Participant>>) -> Vec<Participant> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out: Vec<Participant> = Vec::new();
    for participant in lists.flatten() {
        let key = participant_key(participant);
        if seen.insert(key) {
            out.push(participant.clone());
        } else if let Some(existing) = out.iter_mut().find(|p| {
            p.entity.is_some() && p.entity == participant.entity
                || fold(&p.name).split(' ').next_back()
                    == fold(&participant.name).split(' ').next_back()
        }) {
            // Keep the fullest spelling ("Nikolai Patrushev" over "Patrushev").
            if participant.name.chars().count() > existing.name.chars().count() {
                existing.name = participant.name.clone();
            }
            if existing.code.is_none() {
                existing.code = participant.code.clone();
            }
        }
    }
    out
}

impl TimelineEvent {
    fn empty() -> TimelineEvent {
        TimelineEvent {
            id: String::new(),
            date: None,
            date_text: None,
            date_conflicts: Vec::new(),
            quantities: Vec::new(),
            quantity_conflicts: Vec::new(),
            cameo: String::new(),
            plover: Plover::default(),
            modality: String::new(),
            reported: false,
            label: String::new(),
            actors: Vec::new(),
            recipients: Vec::new(),
            location: None,
            evidence: Vec::new(),
            outlets: 0,
            outlet_names: Vec::new(),
            records: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(
        id: &str,
        doc: &str,
        date: Option<&str>,
        cameo: &str,
        actors: &[&str],
        recipients: &[&str],
    ) -> EventRecord {
        let people = |names: &[&str]| {
            names
                .iter()
                .map(|n| Participant {
                    name: n.to_string(),
                    ..Participant::default()
                })
                .collect()
        };
        EventRecord {
            id: id.to_string(),
            date: date.map(str::to_string),
            cameo: cameo.to_string(),
            modality: "asserted".into(),
            label: format!("{id} label"),
            actors: people(actors),
            recipients: people(recipients),
            evidence: vec![Evidence {
                doc: doc.to_string(),
                sentence: 0,
                start: 0,
                end: 5,
            }],
            ..EventRecord::default()
        }
    }

    fn docs() -> HashMap<String, DocInfo> {
        let mut docs = HashMap::new();
        for (doc, outlet) in [
            ("a", Some("Ledger")),
            ("b", Some("Wire")),
            ("c", Some("Courier")),
            ("d", None),
        ] {
            docs.insert(
                doc.to_string(),
                DocInfo {
                    outlet: outlet.map(str::to_string),
                    ..DocInfo::default()
                },
            );
        }
        docs
    }

    #[test]
    fn three_outlets_one_event_with_a_conflicting_day_kept() {
        let records = vec![
            record(
                "1",
                "a",
                Some("2020-02-26"),
                "057",
                &["Jelena Marković"],
                &["Amra Hadžić"],
            ),
            record("2", "b", Some("2020-02-26"), "057", &["Markovic"], &[]),
            record("3", "c", Some("2020-02-27"), "0571", &["Hadzic"], &[]),
        ];
        let merged = merge(&records, &docs());
        assert_eq!(merged.len(), 1, "{merged:#?}");
        let event = &merged[0];
        assert_eq!(event.outlets, 3);
        assert_eq!(event.date.as_deref(), Some("2020-02-26"));
        assert_eq!(event.date_conflicts.len(), 3);
        assert_eq!(event.actors[0].name, "Jelena Marković");
        assert_eq!(event.evidence.len(), 3);
    }

    #[test]
    fn different_counts_are_kept_with_their_sources() {
        let count = |value: u64, text: &str| Quantity {
            value,
            noun: "people".into(),
            text: text.into(),
        };
        let mut a = record("1", "a", Some("2020-02-26"), "173", &[], &["Marković"]);
        a.quantities = vec![count(20, "Twenty people")];
        let mut b = record("2", "b", Some("2020-02-26"), "173", &[], &["Markovic"]);
        b.quantities = vec![count(14, "14 people")];
        let mut c = record("3", "c", Some("2020-02-26"), "173", &[], &["Marković"]);
        c.quantities = vec![count(20, "20 people")];
        let merged = merge(&[a, b, c], &docs());
        assert_eq!(merged.len(), 1, "{merged:#?}");
        let event = &merged[0];
        assert_eq!(event.quantities.len(), 2);
        let claims: Vec<(u64, Option<&str>)> = event
            .quantity_conflicts
            .iter()
            .map(|c| (c.value, c.outlet.as_deref()))
            .collect();
        assert_eq!(
            claims,
            [
                (14, Some("Wire")),
                (20, Some("Courier")),
                (20, Some("Ledger"))
            ]
        );
        // Agreeing sources leave no conflict.
        let mut d = record("4", "a", Some("2020-02-26"), "173", &[], &["Marković"]);
        d.quantities = vec![count(20, "Twenty people")];
        let mut e = record("5", "b", Some("2020-02-26"), "173", &[], &["Marković"]);
        e.quantities = vec![count(20, "20 people")];
        let merged = merge(&[d, e], &docs());
        assert!(merged[0].quantity_conflicts.is_empty());
    }

    #[test]
    fn every_outlet_a_compiled_story_credits_counts() {
        let mut docs = docs();
        docs.insert(
            "e".to_string(),
            DocInfo {
                outlet: Some("Ledger".into()),
                sources: vec!["Ledger".into(), "Radio Sava".into(), "wire".into()],
                ..DocInfo::default()
            },
        );
        let records = vec![
            record("1", "a", Some("2020-02-26"), "057", &["Marković"], &[]),
            record("2", "e", Some("2020-02-26"), "057", &["Marković"], &[]),
            record("3", "b", Some("2020-02-26"), "057", &["Marković"], &[]),
        ];
        let merged = merge(&records, &docs);
        assert_eq!(merged.len(), 1, "{merged:#?}");
        // Ledger, Wire and the credited Radio Sava; "wire" is Wire again.
        assert_eq!(merged[0].outlets, 3);
        assert_eq!(merged[0].outlet_names, ["Ledger", "Wire", "Radio Sava"]);
    }

    #[test]
    fn different_people_or_categories_or_modalities_stay_apart() {
        let mut planned = record("4", "b", Some("2020-02-26"), "057", &["Marković"], &[]);
        planned.modality = "future".into();
        let records = vec![
            record("1", "a", Some("2020-02-26"), "057", &["Marković"], &[]),
            record("2", "b", Some("2020-02-26"), "057", &["Petrović"], &[]),
            record("3", "c", Some("2020-02-26"), "173", &["Marković"], &[]),
            planned,
            record("5", "d", Some("2020-03-20"), "057", &["Marković"], &[]),
        ];
        assert_eq!(merge(&records, &docs()).len(), 5);
    }

    #[test]
    fn partial_dates_join_precise_ones() {
        let records = vec![
            record(
                "1",
                "a",
                Some("2016-10"),
                "036",
                &["Patrushev"],
                &["Stefanovic"],
            ),
            record(
                "2",
                "b",
                Some("2016-10-26"),
                "036",
                &["Nikolai Patrushev"],
                &[],
            ),
        ];
        let merged = merge(&records, &docs());
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].date.as_deref(), Some("2016-10-26"));
        assert!(merged[0].date_conflicts.is_empty());
    }

    #[test]
    fn undated_records_are_not_merged() {
        let records = vec![
            record("1", "a", None, "036", &["Patrushev"], &[]),
            record("2", "b", None, "036", &["Patrushev"], &[]),
        ];
        assert_eq!(merge(&records, &docs()).len(), 2);
    }

    #[test]
    fn filters_by_actor_dates_and_category() {
        let mut records = vec![
            record(
                "1",
                "a",
                Some("2016-10-26"),
                "036",
                &["Nikolai Patrushev"],
                &["Nebojša Stefanović"],
            ),
            record("2", "b", Some("2019-12"), "036", &["Vučić"], &[]),
        ];
        records[0].plover.category = "CONSULT".into();
        let merged = merge(&records, &docs());
        let only =
            |filter: crate::TimelineFilter| merged.iter().filter(|e| filter.accepts(e)).count();
        assert_eq!(
            only(crate::TimelineFilter {
                actor: Some("stefanovic".into()),
                ..Default::default()
            }),
            1
        );
        assert_eq!(
            only(crate::TimelineFilter {
                from: Some("2019-12-04".into()),
                ..Default::default()
            }),
            1
        );
        assert_eq!(
            only(crate::TimelineFilter {
                to: Some("2016-12-31".into()),
                ..Default::default()
            }),
            1
        );
        assert_eq!(
            only(crate::TimelineFilter {
                category: Some("consult".into()),
                ..Default::default()
            }),
            1
        );
        assert_eq!(
            only(crate::TimelineFilter {
                category: Some("03".into()),
                ..Default::default()
            }),
            2
        );
    }

    #[test]
    fn many_events_merge_by_blocks() {
        // 2,000 happenings, each told 10 times, all in one block (same root, modality, year).
        let mut records = Vec::new();
        for i in 0..20_000u32 {
            let group = i % 2_000;
            let day = 1 + group % 28;
            let month = 1 + (group / 28) % 12;
            let name = format!("Person{group}");
            let date = format!("2020-{month:02}-{day:02}");
            records.push(record(
                &i.to_string(),
                "a",
                Some(&date),
                "036",
                &[&name],
                &[],
            ));
        }
        let merged = merge(&records, &docs());
        assert_eq!(merged.len(), 2_000);
        assert!(merged.iter().all(|event| event.records.len() == 10));
    }
}
