//! Read-only queries for the web app and the HTML report: pages of linked entities, the
//! merged timeline by period with its evidence, quotes and documents of an entity, and a
//! full-text search that ranks before it builds snippets.
//!
//! Each query answers one page: it is bounded by `LIMIT` and uses an index, so a page costs
//! the same on a corpus of ten documents and of ten thousand.

use std::collections::HashMap;

use dossier_core::CharSpan;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::Serialize;

use crate::names::{date_str, parse_date};
use crate::search::fts_query;
use crate::{QuoteRow, SearchHit, SearchOptions, Store, StoreError};

/// An entity as lists show it (no aliases or roles).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntitySummary {
    /// Stable id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// `person`, `organization`, `location` or `other`.
    pub kind: String,
    /// ISO 3166-1 alpha-3 code, when known.
    pub country: Option<String>,
    /// CAMEO actor code, when known.
    pub code: Option<String>,
    /// Number of mentions.
    pub mentions: u64,
    /// Number of documents mentioning it.
    pub n_documents: u64,
}

/// A document mentioning an entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntityDocRow {
    /// Document id.
    pub doc: String,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date (`YYYY-MM-DD`).
    pub published: Option<String>,
    /// The sentence of the first linked mention.
    pub sentence: u32,
    /// Linked mentions in the document.
    pub mentions: u64,
}

/// What [`Store::timeline_page`] lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimelineQuery {
    /// Only events dated within this period: a prefix of their date (`2019`, `2019-05`,
    /// `2019-05-12`); all events, undated ones last, when `None`.
    pub period: Option<String>,
    /// Only this PLOVER category.
    pub category: Option<String>,
    /// Only this modality.
    pub modality: Option<String>,
    /// Only events reported by at least this many outlets.
    pub min_outlets: Option<u32>,
    /// At most this many.
    pub limit: u64,
    /// Skip this many first.
    pub offset: u64,
}

/// One passage reporting a merged event, with its document's metadata.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EvidenceRef {
    /// Document id.
    pub doc: String,
    /// Sentence index.
    pub sentence: u32,
    /// Start of the passage (code points).
    pub start: u32,
    /// End of the passage.
    pub end: u32,
    /// The document's headline.
    pub title: Option<String>,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Its publication date.
    pub published: Option<String>,
}

/// One merged timeline event with its evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimelineEntry {
    /// Stable id.
    pub id: String,
    /// Date as precise as known.
    pub date: Option<String>,
    /// CAMEO code.
    pub cameo: String,
    /// PLOVER category ("" when none).
    pub plover: String,
    /// Modality.
    pub modality: String,
    /// A short human sentence.
    pub label: String,
    /// Number of distinct outlets.
    pub outlets: u32,
    /// The merged record as JSON (`dossier-timeline`'s `TimelineEvent`).
    pub record: String,
    /// Every passage reporting it, by publication date.
    pub evidence: Vec<EvidenceRef>,
}

/// A count of timeline events in one period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PeriodCount {
    /// The period: a date prefix.
    pub period: String,
    /// Merged events in it.
    pub events: u64,
    /// Sum of their outlet counts.
    pub reports: u64,
}

/// A timeline row as the network reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InteractionRow {
    /// Event id.
    pub id: String,
    /// Date as precise as known.
    pub date: Option<String>,
    /// PLOVER category.
    pub plover: String,
    /// Modality.
    pub modality: String,
    /// Number of distinct outlets.
    pub outlets: u32,
    /// The merged record as JSON.
    pub record: String,
}

/// Above this many matches (after filters), [`Store::search_ranked`] ranks only the first
/// ones found (in index order, which is insertion order) instead of scoring every match.
pub const RANK_WINDOW: u64 = 5_000;

/// The upper bound of the dates starting with `prefix`, for an index range scan.
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{7f}")
}

fn summary_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<EntitySummary> {
    Ok(EntitySummary {
        id: row.get(0)?,
        name: row.get(1)?,
        kind: row.get(2)?,
        country: row.get(3)?,
        code: row.get(4)?,
        mentions: row.get(5)?,
        n_documents: row.get(6)?,
    })
}

const ENTITY_COLUMNS: &str = "e.id, e.name, e.kind, e.country, e.code, e.mentions, e.n_documents";

/// The `LIKE` pattern for "contains `text`", with its wildcards escaped.
fn contains_pattern(text: &str) -> String {
    format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}

fn timeline_where(query: &TimelineQuery) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let mut clauses = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if let Some(period) = &query.period {
        clauses.push("t.date >= ? AND t.date < ?");
        values.push(Value::Text(period.clone()));
        values.push(Value::Text(prefix_end(period)));
    }
    if let Some(category) = &query.category {
        clauses.push("t.plover = ?");
        values.push(Value::Text(category.clone()));
    }
    if let Some(modality) = &query.modality {
        clauses.push("t.modality = ?");
        values.push(Value::Text(modality.clone()));
    }
    if let Some(min) = query.min_outlets {
        clauses.push("t.outlets >= ?");
        values.push(Value::Integer(i64::from(min)));
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    (sql, values)
}

fn timeline_entries(
    conn: &Connection,
    sql: &str,
    values: &[rusqlite::types::Value],
) -> Result<Vec<TimelineEntry>, StoreError> {
    let mut statement = conn.prepare(sql)?;
    let rows = statement.query_map(params_from_iter(values.iter()), |row| {
        Ok(TimelineEntry {
            id: row.get(0)?,
            date: row.get(1)?,
            cameo: row.get(2)?,
            plover: row.get(3)?,
            modality: row.get(4)?,
            label: row.get(5)?,
            outlets: row.get(6)?,
            record: row.get(7)?,
            evidence: Vec::new(),
        })
    })?;
    let mut entries: Vec<TimelineEntry> = rows.collect::<Result<_, _>>()?;
    let mut evidence = conn.prepare_cached(
        "SELECT te.doc, te.sentence, te.start, te.end, d.title, d.outlet, d.published \
         FROM timeline_evidence te JOIN documents d ON d.id = te.doc WHERE te.event = ?1 \
         ORDER BY d.published IS NULL, d.published, te.doc, te.start",
    )?;
    for entry in &mut entries {
        entry.evidence = evidence
            .query_map([&entry.id], |row| {
                Ok(EvidenceRef {
                    doc: row.get(0)?,
                    sentence: row.get(1)?,
                    start: row.get(2)?,
                    end: row.get(3)?,
                    title: row.get(4)?,
                    outlet: row.get(5)?,
                    published: row.get(6)?,
                })
            })?
            .collect::<Result<_, _>>()?;
    }
    Ok(entries)
}

const TIMELINE_COLUMNS: &str =
    "t.id, t.date, t.cameo, t.plover, t.modality, t.label, t.outlets, t.record";

impl Store {
    /// A page of entities of `kind` whose name or an alias contains `name`
    /// (case-insensitive), most mentioned first, and how many match in all.
    pub fn entity_page(
        &self,
        kind: Option<&str>,
        name: Option<&str>,
        limit: u64,
        offset: u64,
    ) -> Result<(Vec<EntitySummary>, u64), StoreError> {
        let pattern = name.map(contains_pattern);
        let filter =
            "WHERE (?1 IS NULL OR e.kind = ?1) AND (?2 IS NULL OR e.name LIKE ?2 ESCAPE '\\' \
             OR e.id IN (SELECT entity FROM entity_aliases WHERE alias LIKE ?2 ESCAPE '\\'))";
        let total: u64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM entities e {filter}"))?
            .query_row(params![kind, pattern], |row| row.get(0))?;
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {ENTITY_COLUMNS} FROM entities e {filter} ORDER BY e.mentions DESC, e.id LIMIT ?3 OFFSET ?4"
        ))?;
        let rows = statement.query_map(
            params![
                kind,
                pattern,
                i64::try_from(limit).unwrap_or(i64::MAX),
                i64::try_from(offset).unwrap_or(i64::MAX)
            ],
            summary_of,
        )?;
        Ok((rows.collect::<Result<_, _>>()?, total))
    }

    /// The entities with these ids that exist, in no particular order.
    pub fn entity_summaries(&self, ids: &[&str]) -> Result<Vec<EntitySummary>, StoreError> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {ENTITY_COLUMNS} FROM entities e WHERE e.id = ?1"
        ))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(row) = statement.query_row([id], summary_of).optional()? {
                out.push(row);
            }
        }
        Ok(out)
    }

    /// Every alias (folded to lower case) and canonical name with the entity it names,
    /// the most mentioned entity winning a shared alias.
    pub fn alias_index(&self) -> Result<HashMap<String, String>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT a.alias, a.entity FROM entity_aliases a JOIN entities e ON e.id = a.entity \
             UNION ALL SELECT e.name, e.id FROM entities e",
        )?;
        let mut ranked = self
            .conn
            .prepare_cached("SELECT id, mentions FROM entities")?;
        let mentions: HashMap<String, u64> = ranked
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, u64>(1)?))
            })?
            .collect::<Result<_, _>>()?;
        let mut index: HashMap<String, String> = HashMap::new();
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (alias, entity) = row?;
            let key = alias.to_lowercase();
            let better = index.get(&key).is_none_or(|known| {
                mentions.get(known).copied().unwrap_or(0)
                    < mentions.get(&entity).copied().unwrap_or(0)
            });
            if better {
                index.insert(key, entity);
            }
        }
        Ok(index)
    }

    /// A page of the documents mentioning entity `id` (latest first), with the sentence of
    /// the first linked mention in each, and how many there are in all.
    pub fn entity_documents(
        &self,
        id: &str,
        limit: u64,
        offset: u64,
    ) -> Result<(Vec<EntityDocRow>, u64), StoreError> {
        let total: u64 = self
            .conn
            .prepare_cached("SELECT count(DISTINCT doc) FROM mention_entities WHERE entity = ?1")?
            .query_row([id], |row| row.get(0))?;
        let mut statement = self.conn.prepare_cached(
            "SELECT m.doc, d.title, d.outlet, d.published, m.first, m.n, \
                    (SELECT s.idx FROM sentences s WHERE s.doc = m.doc AND s.start <= m.first \
                     ORDER BY s.idx DESC LIMIT 1) \
             FROM (SELECT doc, min(start) AS first, count(*) AS n FROM mention_entities \
                   WHERE entity = ?1 GROUP BY doc) m JOIN documents d ON d.id = m.doc \
             ORDER BY d.published IS NULL, d.published DESC, m.doc LIMIT ?2 OFFSET ?3",
        )?;
        let rows = statement.query_map(
            params![
                id,
                i64::try_from(limit).unwrap_or(i64::MAX),
                i64::try_from(offset).unwrap_or(i64::MAX)
            ],
            |row| {
                Ok(EntityDocRow {
                    doc: row.get(0)?,
                    title: row.get(1)?,
                    outlet: row.get(2)?,
                    published: row.get(3)?,
                    mentions: row.get(5)?,
                    sentence: row.get::<_, Option<u32>>(6)?.unwrap_or(0),
                })
            },
        )?;
        Ok((rows.collect::<Result<_, _>>()?, total))
    }

    /// The ids of the documents mentioning entity `id`.
    pub fn entity_doc_ids(&self, id: &str) -> Result<Vec<String>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT DISTINCT doc FROM mention_entities WHERE entity = ?1")?;
        let rows = statement.query_map([id], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Quotes whose speaker mention is linked to entity `id`, latest first, at most `limit`.
    pub fn entity_quotes(&self, id: &str, limit: u64) -> Result<Vec<QuoteRow>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT q.doc, q.idx, q.kind, q.text, q.start, q.end, q.sentence, q.speaker_name, \
                    NULL, d.title, d.outlet, d.published \
             FROM mentions m JOIN quotes q ON q.doc = m.doc AND q.speaker_mention = m.idx \
             JOIN documents d ON d.id = q.doc \
             WHERE m.entity = ?1 AND q.kind <> 'term' \
             ORDER BY d.published IS NULL, d.published DESC, q.doc, q.idx LIMIT ?2",
        )?;
        let rows = statement.query_map(
            params![id, i64::try_from(limit).unwrap_or(i64::MAX)],
            |row| {
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
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Number of quotes attributed to each of these entities (by their speaker mention).
    pub fn entity_quote_counts(&self, ids: &[&str]) -> Result<Vec<u64>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT count(*) FROM mentions m JOIN quotes q ON q.doc = m.doc AND q.speaker_mention = m.idx \
             WHERE m.entity = ?1 AND q.kind <> 'term'",
        )?;
        ids.iter()
            .map(|id| Ok(statement.query_row([id], |row| row.get(0))?))
            .collect()
    }

    /// The entities mentioned in the most documents that also mention entity `id`, with the
    /// number of such documents, looking at no more than `max_docs` of its documents.
    pub fn entity_co_mentions(
        &self,
        id: &str,
        limit: u64,
        max_docs: u64,
    ) -> Result<Vec<(EntitySummary, u64)>, StoreError> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {ENTITY_COLUMNS}, c.n FROM \
               (SELECT o.entity AS entity, count(DISTINCT o.doc) AS n \
                FROM (SELECT DISTINCT doc FROM mention_entities WHERE entity = ?1 LIMIT ?3) mine \
                JOIN mention_entities o ON o.doc = mine.doc \
                WHERE o.entity <> ?1 GROUP BY o.entity) c \
             JOIN entities e ON e.id = c.entity ORDER BY c.n DESC, e.mentions DESC, e.id LIMIT ?2"
        ))?;
        let rows = statement.query_map(
            params![
                id,
                i64::try_from(limit).unwrap_or(i64::MAX),
                i64::try_from(max_docs).unwrap_or(i64::MAX)
            ],
            |row| Ok((summary_of(row)?, row.get(7)?)),
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The sentence of document `doc` that states entity `entity`'s role `title`: the first
    /// sentence holding both a linked mention of the entity and the title's words
    /// (case-insensitive), else the first with a linked mention.
    pub fn role_sentence(
        &self,
        entity: &str,
        doc: &str,
        title: &str,
    ) -> Result<Option<u32>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT s.idx FROM mention_entities me JOIN sentences s \
               ON s.doc = me.doc AND s.start <= me.start AND me.start < s.end \
             WHERE me.entity = ?1 AND me.doc = ?2 \
             ORDER BY instr(lower(s.text), lower(?3)) = 0, s.idx LIMIT 1",
        )?;
        Ok(statement
            .query_row(params![entity, doc, title], |row| row.get(0))
            .optional()?)
    }

    /// A page of the merged timeline matching `query`, by date (undated last), most reported
    /// first within a date, with every event's evidence; and how many match in all.
    pub fn timeline_page(
        &self,
        query: &TimelineQuery,
    ) -> Result<(Vec<TimelineEntry>, u64), StoreError> {
        let (filter, mut values) = timeline_where(query);
        let total: u64 = self
            .conn
            .prepare(&format!("SELECT count(*) FROM timeline t{filter}"))?
            .query_row(params_from_iter(values.iter()), |row| row.get(0))?;
        values.push(rusqlite::types::Value::Integer(
            i64::try_from(query.limit).unwrap_or(i64::MAX),
        ));
        values.push(rusqlite::types::Value::Integer(
            i64::try_from(query.offset).unwrap_or(i64::MAX),
        ));
        let sql = format!(
            "SELECT {TIMELINE_COLUMNS} FROM timeline t{filter} \
             ORDER BY t.date IS NULL, t.date, t.outlets DESC, t.id LIMIT ? OFFSET ?"
        );
        Ok((timeline_entries(&self.conn, &sql, &values)?, total))
    }

    /// Timeline events matching `query` (its limit and offset ignored) counted by the first
    /// `len` characters of their date; events dated less precisely are not counted.
    pub fn timeline_periods(
        &self,
        query: &TimelineQuery,
        len: usize,
    ) -> Result<Vec<PeriodCount>, StoreError> {
        let (filter, mut values) = timeline_where(query);
        let joiner = if filter.is_empty() { " WHERE" } else { " AND" };
        // The length is ?1, so the filter's anonymous parameters number from 2.
        values.insert(0, rusqlite::types::Value::Integer(len as i64));
        let sql = format!(
            "SELECT substr(t.date, 1, ?1) AS p, count(*), sum(t.outlets) FROM timeline t{filter}{joiner} \
             length(t.date) >= ?1 GROUP BY p ORDER BY p"
        );
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map(params_from_iter(values.iter()), |row| {
            Ok(PeriodCount {
                period: row.get(0)?,
                events: row.get(1)?,
                reports: row.get::<_, Option<u64>>(2)?.unwrap_or(0),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The timeline events with these ids, in the order given, with their evidence.
    pub fn timeline_entries(&self, ids: &[&str]) -> Result<Vec<TimelineEntry>, StoreError> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let values = [rusqlite::types::Value::Text((*id).to_string())];
            out.extend(timeline_entries(
                &self.conn,
                &format!("SELECT {TIMELINE_COLUMNS} FROM timeline t WHERE t.id = ?"),
                &values,
            )?);
        }
        Ok(out)
    }

    /// The merged timeline events a passage of document `doc` reports, in timeline order,
    /// with all their evidence (from every document).
    pub fn doc_events(&self, doc: &str) -> Result<Vec<TimelineEntry>, StoreError> {
        let values = [rusqlite::types::Value::Text(doc.to_string())];
        timeline_entries(
            &self.conn,
            &format!(
                "SELECT {TIMELINE_COLUMNS} FROM timeline t WHERE t.id IN \
                 (SELECT event FROM timeline_evidence WHERE doc = ?) \
                 ORDER BY t.date IS NULL, t.date, t.outlets DESC, t.id"
            ),
            &values,
        )
    }

    /// The earliest and latest timeline dates and the number of events.
    pub fn timeline_extent(&self) -> Result<(Option<String>, Option<String>, u64), StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT min(date), max(date), count(*) FROM timeline")?
            .query_row([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?)
    }

    /// The PLOVER categories on the timeline with their event counts, most frequent first.
    pub fn timeline_categories(&self) -> Result<Vec<(String, u64)>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT plover, count(*) FROM timeline WHERE plover <> '' GROUP BY plover \
             ORDER BY count(*) DESC, plover",
        )?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every timeline event with its date, category, modality, outlet count and record, for
    /// the interaction index.
    pub fn interactions(&self) -> Result<Vec<InteractionRow>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, date, plover, modality, outlets, record FROM timeline ORDER BY date, id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(InteractionRow {
                id: row.get(0)?,
                date: row.get(1)?,
                plover: row.get(2)?,
                modality: row.get(3)?,
                outlets: row.get(4)?,
                record: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The number of quotes (direct and indirect) attributed to each entity through its
    /// speaker mention; entities without any are left out.
    pub fn entity_quote_totals(&self) -> Result<HashMap<String, u64>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT m.entity, count(*) FROM quotes q \
             JOIN mentions m ON m.doc = q.doc AND m.idx = q.speaker_mention \
             WHERE q.kind <> 'term' AND m.entity IS NOT NULL GROUP BY m.entity",
        )?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A document's headline, outlet and publication date; `None` when it is not stored.
    pub fn doc_heading(&self, id: &str) -> Result<Option<EvidenceRef>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, title, outlet, published FROM documents WHERE id = ?1")?;
        Ok(statement
            .query_row([id], |row| {
                Ok(EvidenceRef {
                    doc: row.get(0)?,
                    sentence: 0,
                    start: 0,
                    end: 0,
                    title: row.get(1)?,
                    outlet: row.get(2)?,
                    published: row.get(3)?,
                })
            })
            .optional()?)
    }

    /// Distinct outlets with their document counts, by name.
    pub fn outlets(&self) -> Result<Vec<(String, u64)>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT outlet, count(*) FROM documents WHERE outlet IS NOT NULL GROUP BY outlet \
             ORDER BY outlet",
        )?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Like [`Store::search`], with the same query language and filters, but fast on words
    /// found in most sentences: the best hits are chosen first (bm25 over at most
    /// [`RANK_WINDOW`] matches: with more, the best of the first ones in index order, which
    /// is the order documents were stored), and snippets are made for the returned hits only.
    /// Pages beyond the window are empty.
    pub fn search_ranked(
        &self,
        query: &str,
        options: &SearchOptions,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let Some(fts) = fts_query(query) else {
            return Ok(Vec::new());
        };
        let bad_query = |err| crate::search::bad_query(query, err);
        let limit = i64::try_from(options.limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(options.offset).unwrap_or(i64::MAX);
        let window = i64::try_from(RANK_WINDOW).unwrap_or(i64::MAX);
        // The window's matches (all of them when there are fewer), filtered, then scored
        // among themselves: bm25 for at most RANK_WINDOW rows, no snippet yet.
        let ranked: Vec<(i64, f64)> = {
            let mut statement = self.conn.prepare_cached(
                "SELECT rowid, rank FROM (SELECT sentences_fts.rowid AS rowid, \
                 bm25(sentences_fts) AS rank FROM sentences_fts \
                 JOIN sentences s ON s.id = sentences_fts.rowid JOIN documents d ON d.id = s.doc \
                 WHERE sentences_fts MATCH ?1 AND (?2 IS NULL OR d.published >= ?2) \
                 AND (?3 IS NULL OR d.published <= ?3) \
                 AND (?4 IS NULL OR d.outlet = ?4 COLLATE NOCASE) LIMIT ?7) \
                 ORDER BY rank, rowid LIMIT ?5 OFFSET ?6",
            )?;
            let rows = statement
                .query_map(
                    params![
                        fts,
                        options.from.map(date_str),
                        options.to.map(date_str),
                        options.outlet,
                        limit,
                        offset,
                        window
                    ],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .map_err(bad_query)?;
            rows.collect::<Result<_, _>>().map_err(bad_query)?
        };
        // Snippets and metadata for those hits only.
        let mut detail = self.conn.prepare_cached(
            "SELECT s.doc, s.idx, s.start, s.end, d.title, d.published, d.outlet, \
                    snippet(sentences_fts, 0, ?3, ?4, '…', ?5) \
             FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid \
             JOIN documents d ON d.id = s.doc \
             WHERE sentences_fts MATCH ?1 AND sentences_fts.rowid = ?2",
        )?;
        let mut hits = Vec::with_capacity(ranked.len());
        for (rowid, bm25) in ranked {
            let row = detail
                .query_row(
                    params![
                        fts,
                        rowid,
                        options.highlight.0,
                        options.highlight.1,
                        options.snippet_tokens.clamp(1, 64)
                    ],
                    |row| {
                        Ok((
                            row.get::<_, String>(0)?,
                            row.get::<_, u32>(1)?,
                            row.get::<_, u32>(2)?,
                            row.get::<_, u32>(3)?,
                            row.get::<_, Option<String>>(4)?,
                            row.get::<_, Option<String>>(5)?,
                            row.get::<_, Option<String>>(6)?,
                            row.get::<_, String>(7)?,
                        ))
                    },
                )
                .optional()
                .map_err(bad_query)?;
            let Some((doc_id, sentence, start, end, title, published, outlet, snippet)) = row
            else {
                continue;
            };
            hits.push(SearchHit {
                doc_id,
                sentence,
                span: CharSpan { start, end },
                title,
                published: published
                    .map(|date| parse_date("documents", "published", &date))
                    .transpose()?,
                outlet,
                snippet,
                score: -bm25,
            });
        }
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use dossier_core::{
        CharSpan, Doc, EntityKind, Mention, Meta, Quote, QuoteKind, Sentence, Speaker,
    };

    use super::*;
    use crate::{EntityRoleRow, EntityRow, MentionEntityRow, TimelineRow};

    /// Two invented documents, their entities and one merged event reported by both.
    fn store() -> (Store, Vec<String>) {
        let mut store = Store::in_memory().unwrap();
        let mut docs = Vec::new();
        for (outlet, date) in [("Lake Herald", "2021-04-02"), ("Hill Times", "2021-04-03")] {
            // The same two sentences, then the outlet's name: two distinct documents.
            let text = format!(
                "Mayor Ana Kovač met Ivo Horvat. Kovač said the bridge opens soon. {outlet}."
            );
            let meta = Meta {
                outlet: Some(outlet.into()),
                published: chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
                source_path: format!("{outlet}.txt"),
                ..Meta::default()
            };
            let mut doc = Doc::new(meta, text);
            doc.sentences.push(Sentence {
                span: CharSpan::new(0, 31),
                ..Sentence::default()
            });
            doc.sentences.push(Sentence {
                span: CharSpan::new(32, 65),
                ..Sentence::default()
            });
            for (start, end) in [(6, 15), (20, 30), (32, 37)] {
                doc.mentions.push(Mention {
                    span: CharSpan::new(start, end),
                    token_start: 0,
                    token_end: 0,
                    kind: EntityKind::Person,
                    entity: None,
                });
            }
            doc.quotes.push(Quote {
                span: CharSpan::new(43, 64),
                kind: QuoteKind::Indirect,
                speaker: Some(Speaker {
                    name: "Ana Kovač".into(),
                    span: None,
                    mention: Some(2),
                }),
                cue: None,
                sentence: 1,
            });
            docs.push(doc);
        }
        store.insert_docs(&docs).unwrap();
        let ids: Vec<String> = docs.iter().map(|d| d.id.0.clone()).collect();
        let entity = |id: &str, name: &str, roles: Vec<EntityRoleRow>| EntityRow {
            id: id.into(),
            name: name.into(),
            kind: "person".into(),
            country: None,
            code: None,
            mentions: 4,
            n_documents: 2,
            aliases: vec![name.into()],
            roles,
            record: "{}".into(),
        };
        let role = EntityRoleRow {
            title: "Mayor".into(),
            organization: None,
            country: None,
            as_of: Some("2021-04-02".into()),
            doc: Some(ids[0].clone()),
            former: false,
            source: "text".into(),
            code: None,
        };
        let mut links = Vec::new();
        for doc in &docs {
            for (idx, entity) in [
                (0, "person:ana-kovac"),
                (1, "person:ivo-horvat"),
                (2, "person:ana-kovac"),
            ] {
                let span = doc.mentions[idx].span;
                links.push(MentionEntityRow {
                    doc: doc.id.0.clone(),
                    mention: Some(idx as u32),
                    entity: entity.into(),
                    text: doc.slice(span).into(),
                    start: span.start,
                    end: span.end,
                });
            }
        }
        store
            .replace_entities(
                &[
                    entity("person:ana-kovac", "Ana Kovač", vec![role]),
                    entity("person:ivo-horvat", "Ivo Horvat", Vec::new()),
                ],
                &links,
                &[],
            )
            .unwrap();
        store
            .replace_timeline(&[TimelineRow {
                id: "ev1".into(),
                date: Some("2021-04-01".into()),
                cameo: "036".into(),
                plover: "CONSULT".into(),
                modality: "asserted".into(),
                label: "Ana Kovač met Ivo Horvat".into(),
                outlets: 2,
                record: "{}".into(),
                evidence: vec![(ids[0].clone(), 0, 0, 31), (ids[1].clone(), 0, 0, 31)],
            }])
            .unwrap();
        (store, ids)
    }

    #[test]
    fn entity_pages_documents_quotes_and_co_mentions() {
        let (store, ids) = store();
        let (page, total) = store
            .entity_page(Some("person"), Some("horv"), 10, 0)
            .unwrap();
        assert_eq!((page.len(), total), (1, 1));
        assert_eq!(page[0].id, "person:ivo-horvat");
        let (docs, total) = store.entity_documents("person:ana-kovac", 1, 0).unwrap();
        assert_eq!((docs.len(), total), (1, 2));
        assert_eq!(docs[0].mentions, 2);
        assert_eq!(
            store.entity_quotes("person:ana-kovac", 10).unwrap().len(),
            2
        );
        assert_eq!(
            store.entity_quote_counts(&["person:ivo-horvat"]).unwrap(),
            vec![0]
        );
        let totals = store.entity_quote_totals().unwrap();
        assert_eq!(totals.get("person:ana-kovac"), Some(&2));
        assert_eq!(totals.get("person:ivo-horvat"), None);
        let co = store
            .entity_co_mentions("person:ana-kovac", 10, 100)
            .unwrap();
        assert_eq!(co[0].0.id, "person:ivo-horvat");
        assert_eq!(co[0].1, 2);
        assert_eq!(
            store
                .role_sentence("person:ana-kovac", &ids[0], "mayor")
                .unwrap(),
            Some(0)
        );
        assert_eq!(
            store
                .alias_index()
                .unwrap()
                .get("ana kovač")
                .map(String::as_str),
            Some("person:ana-kovac")
        );
    }

    #[test]
    fn timeline_by_period_with_evidence() {
        let (store, _) = store();
        let query = TimelineQuery {
            period: Some("2021".into()),
            limit: 10,
            ..TimelineQuery::default()
        };
        let (page, total) = store.timeline_page(&query).unwrap();
        assert_eq!(total, 1);
        assert_eq!(page[0].evidence.len(), 2);
        assert_eq!(page[0].evidence[0].outlet.as_deref(), Some("Lake Herald"));
        let months = store.timeline_periods(&query, 7).unwrap();
        assert_eq!(
            months,
            vec![PeriodCount {
                period: "2021-04".into(),
                events: 1,
                reports: 2
            }]
        );
        let none = TimelineQuery {
            period: Some("2020".into()),
            limit: 10,
            ..TimelineQuery::default()
        };
        assert_eq!(store.timeline_page(&none).unwrap().1, 0);
        let other = TimelineQuery {
            category: Some("FIGHT".into()),
            limit: 10,
            ..TimelineQuery::default()
        };
        assert_eq!(store.timeline_page(&other).unwrap().1, 0);
        assert_eq!(store.timeline_extent().unwrap().2, 1);
        let ids = store.doc_ids().unwrap();
        assert_eq!(store.doc_events(&ids[1]).unwrap().len(), 1);
        assert!(store.doc_events("nope").unwrap().is_empty());
        assert_eq!(store.interactions().unwrap()[0].outlets, 2);
    }

    #[test]
    fn ranked_search_agrees_with_search() {
        let (store, _) = store();
        let options = SearchOptions::default();
        let plain = store.search("bridge", &options).unwrap();
        let ranked = store.search_ranked("bridge", &options).unwrap();
        assert_eq!(ranked.len(), 2);
        assert_eq!(ranked[0].snippet, plain[0].snippet);
        let outlet = SearchOptions {
            outlet: Some("hill times".into()),
            ..SearchOptions::default()
        };
        assert_eq!(store.search_ranked("bridge", &outlet).unwrap().len(), 1);
        assert!(store.search_ranked("\"", &options).unwrap().is_empty());
    }
}
