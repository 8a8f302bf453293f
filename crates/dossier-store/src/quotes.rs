//! Quote listings across documents: who said what, where, with the document's title and date.

use rusqlite::{params_from_iter, types::Value, Connection};
use serde::Serialize;

use crate::StoreError;

/// Which quotes to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuoteFilter {
    /// Only quotes whose speaker's name contains this (case-insensitive).
    pub speaker: Option<String>,
    /// Only quotes of this document.
    pub doc: Option<String>,
    /// Only this kind ("direct", "indirect", "term"); `None` lists direct and indirect quotes.
    pub kind: Option<String>,
    /// At most this many.
    pub limit: Option<u64>,
}

/// A quote with its document's metadata.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteRow {
    /// Document id.
    pub doc: String,
    /// Index of the quote in the document.
    pub idx: u32,
    /// "direct", "indirect" or "term".
    pub kind: String,
    /// What was said.
    pub text: String,
    /// Start of the content (code points).
    pub start: u32,
    /// End of the content.
    pub end: u32,
    /// Index of the sentence it starts in.
    pub sentence: u32,
    /// The speaker's name, when attributed.
    pub speaker: Option<String>,
    /// The cue word or phrase.
    pub cue: Option<String>,
    /// The document's title.
    pub title: Option<String>,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Its publication date.
    pub published: Option<String>,
}

/// Quotes matching `filter`, by publication date, document and position.
pub(crate) fn quotes(conn: &Connection, filter: &QuoteFilter) -> Result<Vec<QuoteRow>, StoreError> {
    let mut sql = String::from(
        "SELECT q.doc, q.idx, q.kind, q.text, q.start, q.end, q.sentence, q.speaker_name, \
         CASE WHEN q.cue_start IS NULL THEN NULL \
              ELSE substr(d.text, q.cue_start + 1, q.cue_end - q.cue_start) END, \
         d.title, d.outlet, d.published \
         FROM quotes q JOIN documents d ON d.id = q.doc WHERE 1 = 1",
    );
    let mut values: Vec<Value> = Vec::new();
    match &filter.kind {
        Some(kind) => {
            sql.push_str(" AND q.kind = ?");
            values.push(Value::Text(kind.clone()));
        }
        None => sql.push_str(" AND q.kind <> 'term'"),
    }
    if let Some(speaker) = &filter.speaker {
        sql.push_str(" AND q.speaker_name LIKE ? ESCAPE '\\'");
        let escaped = speaker
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        values.push(Value::Text(format!("%{escaped}%")));
    }
    if let Some(doc) = &filter.doc {
        sql.push_str(" AND q.doc = ?");
        values.push(Value::Text(doc.clone()));
    }
    sql.push_str(" ORDER BY d.published IS NULL, d.published, q.doc, q.idx");
    if let Some(limit) = filter.limit {
        sql.push_str(" LIMIT ?");
        values.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
    }
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(params_from_iter(values), |row| {
        Ok(QuoteRow {
            doc: row.get(0)?,
            idx: row.get(1)?,
            kind: row.get(2)?,
            text: row.get(3)?,
            start: row.get(4)?,
            end: row.get(5)?,
            sentence: row.get(6)?,
            speaker: row.get(7)?,
            cue: row.get(8)?,
            title: row.get(9)?,
            outlet: row.get(10)?,
            published: row.get(11)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use dossier_core::{CharSpan, Doc, Meta, Quote, QuoteKind, Speaker};

    use super::*;
    use crate::Store;

    #[test]
    fn quotes_are_listed_with_speakers_cues_and_filters() {
        let mut store = Store::in_memory().unwrap();
        let text = "“We will build it,” said Ana Kovač. The «dirty deal» was signed 50% faster.";
        let mut doc = Doc::new(
            Meta {
                title: Some("Dam".into()),
                ..Meta::default()
            },
            text.into(),
        );
        doc.quotes = vec![
            Quote {
                span: CharSpan::new(1, 17),
                kind: QuoteKind::Direct,
                speaker: Some(Speaker {
                    name: "Ana Kovač".into(),
                    span: Some(CharSpan::new(25, 34)),
                    mention: None,
                }),
                cue: Some(CharSpan::new(20, 24)),
                sentence: 0,
            },
            Quote {
                span: CharSpan::new(41, 51),
                kind: QuoteKind::Term,
                speaker: None,
                cue: None,
                sentence: 1,
            },
        ];
        store.insert_docs(&[doc]).unwrap();
        let all = store.quotes(&QuoteFilter::default()).unwrap();
        assert_eq!(all.len(), 1, "terms are left out unless asked for");
        assert_eq!(all[0].text, "We will build it");
        assert_eq!(all[0].cue.as_deref(), Some("said"));
        assert_eq!(all[0].speaker.as_deref(), Some("Ana Kovač"));
        assert_eq!(all[0].title.as_deref(), Some("Dam"));
        let by_speaker = |name: &str| {
            store.quotes(&QuoteFilter {
                speaker: Some(name.into()),
                ..QuoteFilter::default()
            })
        };
        assert_eq!(by_speaker("kovač").unwrap().len(), 1);
        assert_eq!(by_speaker("50%").unwrap().len(), 0);
        let terms = store
            .quotes(&QuoteFilter {
                kind: Some("term".into()),
                ..QuoteFilter::default()
            })
            .unwrap();
        assert_eq!(terms[0].text, "dirty deal");
    }
}
