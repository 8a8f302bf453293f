//! Events and the timeline: rows the event coder and the timeline merger produce.
//!
//! The store does not know the event types of `dossier-events` or `dossier-timeline`: it keeps
//! each record as JSON beside the columns that queries filter on, so those crates can change
//! their records without a migration while SQL users still get dates, codes and evidence.

use rusqlite::{params, Connection, Transaction};
use serde::Serialize;

use crate::StoreError;

/// One event found in one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EventRow {
    /// The document.
    pub doc: String,
    /// Index of the event within the document.
    pub idx: u32,
    /// Index of its sentence.
    pub sentence: u32,
    /// Its date as precise as known.
    pub date: Option<String>,
    /// CAMEO code.
    pub cameo: String,
    /// PLOVER category ("" when none).
    pub plover: String,
    /// "asserted", "negated", "future" or "hypothetical".
    pub modality: String,
    /// A short human sentence.
    pub label: String,
    /// The full record as JSON.
    pub record: String,
}

/// One merged timeline event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimelineRow {
    /// Stable id.
    pub id: String,
    /// Date as precise as known.
    pub date: Option<String>,
    /// CAMEO code.
    pub cameo: String,
    /// PLOVER category.
    pub plover: String,
    /// Modality.
    pub modality: String,
    /// A short human sentence.
    pub label: String,
    /// Number of distinct outlets.
    pub outlets: u32,
    /// The full record as JSON.
    pub record: String,
    /// The passages reporting it: (doc, sentence, start, end).
    pub evidence: Vec<(String, u32, u32, u32)>,
}

const INSERT_EVENT: &str = "INSERT INTO events (doc, idx, sentence, date, cameo, root, plover, \
     modality, label, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
     ON CONFLICT (doc, idx) DO NOTHING";
const INSERT_TIMELINE: &str = "INSERT INTO timeline (id, date, cameo, plover, modality, label, \
     outlets, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
const INSERT_EVIDENCE: &str =
    "INSERT INTO timeline_evidence (event, doc, sentence, start, end) VALUES (?1, ?2, ?3, ?4, ?5)";

/// Inserts event rows inside `tx`; rows already stored are left as they are.
pub(crate) fn insert_events(tx: &Transaction<'_>, rows: &[EventRow]) -> Result<usize, StoreError> {
    let mut statement = tx.prepare_cached(INSERT_EVENT)?;
    let mut n_added = 0;
    for row in rows {
        let root = row.cameo.get(..2).unwrap_or(&row.cameo);
        n_added += statement.execute(params![
            row.doc,
            row.idx,
            row.sentence,
            row.date,
            row.cameo,
            root,
            row.plover,
            row.modality,
            row.label,
            row.record
        ])?;
    }
    Ok(n_added)
}

/// Every stored event, by date (undated last), document and index.
pub(crate) fn events(conn: &Connection) -> Result<Vec<EventRow>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT doc, idx, sentence, date, cameo, plover, modality, label, record FROM events \
         ORDER BY date IS NULL, date, doc, idx",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(EventRow {
            doc: row.get(0)?,
            idx: row.get(1)?,
            sentence: row.get(2)?,
            date: row.get(3)?,
            cameo: row.get(4)?,
            plover: row.get(5)?,
            modality: row.get(6)?,
            label: row.get(7)?,
            record: row.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Replaces the whole timeline inside `tx`.
pub(crate) fn replace_timeline(
    tx: &Transaction<'_>,
    rows: &[TimelineRow],
) -> Result<(), StoreError> {
    tx.execute("DELETE FROM timeline_evidence", [])?;
    tx.execute("DELETE FROM timeline", [])?;
    let mut insert_event = tx.prepare_cached(INSERT_TIMELINE)?;
    let mut insert_evidence = tx.prepare_cached(INSERT_EVIDENCE)?;
    for row in rows {
        insert_event.execute(params![
            row.id,
            row.date,
            row.cameo,
            row.plover,
            row.modality,
            row.label,
            row.outlets,
            row.record
        ])?;
        for (doc, sentence, start, end) in &row.evidence {
            insert_evidence.execute(params![row.id, doc, sentence, start, end])?;
        }
    }
    Ok(())
}

/// The timeline's records (JSON), by date (undated last) then id.
pub(crate) fn timeline(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut statement =
        conn.prepare_cached("SELECT record FROM timeline ORDER BY date IS NULL, date, id")?;
    let rows = statement.query_map([], |row| row.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use dossier_core::{Doc, Meta};

    use super::*;
    use crate::Store;

    fn event(doc: &str, idx: u32, date: &str) -> EventRow {
        EventRow {
            doc: doc.to_string(),
            idx,
            sentence: 0,
            date: Some(date.to_string()),
            cameo: "036".into(),
            plover: "CONSULT".into(),
            modality: "asserted".into(),
            label: "A met B".into(),
            record: "{}".into(),
        }
    }

    #[test]
    fn events_and_timeline_round_trip() {
        let mut store = Store::in_memory().unwrap();
        let doc = Doc::new(Meta::default(), "Ana met Ivo in Zagreb.".into());
        let id = doc.id.0.clone();
        let rows = vec![event(&id, 1, "2020-03-02"), event(&id, 0, "2019-01-01")];
        store
            .insert_docs_with_events(std::slice::from_ref(&doc), &rows)
            .unwrap();
        // A second build of the same document changes nothing.
        store.insert_docs_with_events(&[doc], &rows).unwrap();
        let stored = store.events().unwrap();
        assert_eq!(stored.len(), 2);
        assert_eq!(stored[0].date.as_deref(), Some("2019-01-01"));

        let timeline = |label: &str| TimelineRow {
            id: format!("ev-{label}"),
            date: Some("2020-03-02".into()),
            cameo: "036".into(),
            plover: "CONSULT".into(),
            modality: "asserted".into(),
            label: label.into(),
            outlets: 1,
            record: format!("{{\"label\":\"{label}\"}}"),
            evidence: vec![(id.clone(), 0, 0, 22)],
        };
        store.replace_timeline(&[timeline("first")]).unwrap();
        store.replace_timeline(&[timeline("second")]).unwrap();
        assert_eq!(
            store.timeline().unwrap(),
            vec!["{\"label\":\"second\"}".to_string()]
        );
    }

    #[test]
    fn events_of_unknown_documents_are_refused() {
        let mut store = Store::in_memory().unwrap();
        assert!(store
            .insert_docs_with_events(&[], &[event("nope", 0, "2020")])
            .is_err());
    }
}
