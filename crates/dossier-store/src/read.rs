//! Reads: document listings, whole documents with every layer, ids and build records.

use std::collections::HashSet;

use dossier_core::{
    CharSpan, DepLabel, Diagnostic, Doc, DocId, Mention, Meta, Quote, Removed, Sentence, Speaker,
    TimeExpr, Token,
};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::names::*;
use crate::{BuildRecord, Counts, DocFilter, DocSummary, SkippedFile, StoreError, StoredBuild};

/// Every stored document id.
pub(crate) fn known_ids(conn: &Connection) -> Result<HashSet<String>, StoreError> {
    let mut statement = conn.prepare_cached("SELECT id FROM documents")?;
    let ids = statement
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<Result<HashSet<_>, _>>()?;
    Ok(ids)
}

/// Every stored document id, by publication date (undated last), then id.
pub(crate) fn doc_ids(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut statement =
        conn.prepare_cached("SELECT id FROM documents ORDER BY published IS NULL, published, id")?;
    let ids = statement
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ids)
}

/// Number of stored documents.
pub(crate) fn count_documents(conn: &Connection) -> Result<u64, StoreError> {
    let n: i64 = conn.query_row("SELECT count(*) FROM documents", [], |row| row.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Row counts of the main tables.
pub(crate) fn counts(conn: &Connection) -> Result<Counts, StoreError> {
    let counted = conn.query_row(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sentences),
                (SELECT count(*) FROM tokens), (SELECT count(*) FROM mentions),
                (SELECT count(*) FROM times), (SELECT count(*) FROM quotes),
                (SELECT count(*) FROM builds)",
        [],
        |row| {
            let count = |idx| {
                row.get::<_, i64>(idx)
                    .map(|n| u64::try_from(n).unwrap_or(0))
            };
            Ok(Counts {
                documents: count(0)?,
                sentences: count(1)?,
                tokens: count(2)?,
                mentions: count(3)?,
                times: count(4)?,
                quotes: count(5)?,
                builds: count(6)?,
            })
        },
    )?;
    Ok(counted)
}

/// Documents matching `filter`, by publication date (undated last), then id.
pub(crate) fn documents(
    conn: &Connection,
    filter: &DocFilter,
) -> Result<Vec<DocSummary>, StoreError> {
    let mut statement = conn.prepare_cached(
        // The page is chosen first, so the per-document counts are computed for the listed
        // documents only, not for every match before sorting.
        "SELECT d.id, d.title, d.outlet, d.published, d.published_from, d.source_path,
                (SELECT count(*) FROM sentences s WHERE s.doc = d.id),
                (SELECT count(*) FROM removed r WHERE r.doc = d.id), d.sources
         FROM (SELECT id FROM documents
               WHERE (?1 IS NULL OR outlet = ?1 COLLATE NOCASE)
                 AND (?2 IS NULL OR published >= ?2)
                 AND (?3 IS NULL OR published <= ?3)
               ORDER BY published IS NULL, published, id
               LIMIT ?4 OFFSET ?5) AS page
         JOIN documents d ON d.id = page.id
         ORDER BY d.published IS NULL, d.published, d.id",
    )?;
    let limit = filter
        .limit
        .map_or(-1, |limit| i64::try_from(limit).unwrap_or(i64::MAX));
    let offset = i64::try_from(filter.offset).unwrap_or(i64::MAX);
    let mut rows = statement.query(params![
        filter.outlet,
        filter.from.map(date_str),
        filter.to.map(date_str),
        limit,
        offset,
    ])?;
    let mut summaries = Vec::new();
    while let Some(row) = rows.next()? {
        let published: Option<String> = row.get(3)?;
        let published_from: Option<String> = row.get(4)?;
        let sources: String = row.get(8)?;
        summaries.push(DocSummary {
            id: row.get(0)?,
            title: row.get(1)?,
            outlet: row.get(2)?,
            published: published
                .map(|date| parse_date("documents", "published", &date))
                .transpose()?,
            published_from: published_from
                .map(|name| parse_published_from(&name))
                .transpose()?,
            source_path: row.get(5)?,
            n_sentences: row.get(6)?,
            n_removed: row.get(7)?,
            sources: serde_json::from_str(&sources)?,
        });
    }
    Ok(summaries)
}

/// A span from two integer columns.
fn span(row: &Row<'_>, start: usize, end: usize) -> rusqlite::Result<CharSpan> {
    Ok(CharSpan {
        start: row.get(start)?,
        end: row.get(end)?,
    })
}

/// An optional span from two nullable integer columns (both set, or no span).
fn optional_span(row: &Row<'_>, start: usize, end: usize) -> rusqlite::Result<Option<CharSpan>> {
    let start: Option<u32> = row.get(start)?;
    let end: Option<u32> = row.get(end)?;
    Ok(start.zip(end).map(|(start, end)| CharSpan { start, end }))
}

/// The whole document `id` with every layer, or `None` when it is not stored.
pub(crate) fn load_doc(conn: &Connection, id: &str) -> Result<Option<Doc>, StoreError> {
    let found = conn
        .prepare_cached(
            "SELECT source_path, format, title, outlet, authors, url, published, published_from,
                    published_confidence, language, origins, text, sources
             FROM documents WHERE id = ?1",
        )?
        .query_row([id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, Option<String>>(5)?,
                row.get::<_, Option<String>>(6)?,
                row.get::<_, Option<String>>(7)?,
                row.get::<_, Option<f64>>(8)?,
                row.get::<_, Option<String>>(9)?,
                row.get::<_, String>(10)?,
                row.get::<_, String>(11)?,
                row.get::<_, String>(12)?,
            ))
        })
        .optional()?;
    let Some((
        source_path,
        format,
        title,
        outlet,
        authors,
        url,
        published,
        published_from,
        published_confidence,
        language,
        origins,
        text,
        sources,
    )) = found
    else {
        return Ok(None);
    };
    let meta = Meta {
        source_path,
        format: parse_format(&format)?,
        title,
        outlet,
        authors: serde_json::from_str(&authors)?,
        url,
        published: published
            .map(|date| parse_date("documents", "published", &date))
            .transpose()?,
        published_from: published_from
            .map(|name| parse_published_from(&name))
            .transpose()?,
        // Stored as REAL from an f32, so the narrowing gives back the same value.
        published_confidence: published_confidence.map(|value| value as f32),
        language,
        origins: serde_json::from_str(&origins)?,
        sources: serde_json::from_str(&sources)?,
    };

    let paragraphs = collect(
        conn,
        "SELECT start, end FROM paragraphs WHERE doc = ?1 ORDER BY idx",
        id,
        |row| Ok(span(row, 0, 1)?),
    )?;
    let removed = collect(
        conn,
        "SELECT reason, at, text FROM removed WHERE doc = ?1 ORDER BY idx",
        id,
        |row| {
            let reason: String = row.get(0)?;
            Ok(Removed {
                reason: parse_reason(&reason)?,
                at: row.get(1)?,
                text: row.get(2)?,
            })
        },
    )?;
    let sentences = collect(
        conn,
        "SELECT start, end, token_start, token_end, paragraph, time_context
         FROM sentences WHERE doc = ?1 ORDER BY idx",
        id,
        |row| {
            Ok(Sentence {
                span: span(row, 0, 1)?,
                token_start: row.get(2)?,
                token_end: row.get(3)?,
                paragraph: row.get(4)?,
                time_context: row.get(5)?,
            })
        },
    )?;
    let tokens = collect(
        conn,
        "SELECT start, end, kind, pos, head, dep FROM tokens WHERE doc = ?1 ORDER BY idx",
        id,
        |row| {
            // Borrowed column text: no allocation per token.
            let kind = row.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
            let pos = row
                .get_ref(3)?
                .as_str_or_null()
                .map_err(rusqlite::Error::from)?;
            let dep = row
                .get_ref(5)?
                .as_str_or_null()
                .map_err(rusqlite::Error::from)?;
            Ok(Token {
                span: span(row, 0, 1)?,
                kind: parse_token_kind(kind)?,
                pos: pos.map(parse_upos).transpose()?,
                head: row.get(4)?,
                dep: dep.map(DepLabel::parse),
            })
        },
    )?;
    let mentions = collect(
        conn,
        "SELECT start, end, token_start, token_end, kind, entity
         FROM mentions WHERE doc = ?1 ORDER BY idx",
        id,
        |row| {
            let kind: String = row.get(4)?;
            Ok(Mention {
                span: span(row, 0, 1)?,
                token_start: row.get(2)?,
                token_end: row.get(3)?,
                kind: parse_entity_kind(&kind)?,
                entity: row.get(5)?,
            })
        },
    )?;
    let times = collect(
        conn,
        "SELECT start, end, timex_type, value, anchor, sentence
         FROM times WHERE doc = ?1 ORDER BY idx",
        id,
        |row| {
            let timex_type: String = row.get(2)?;
            let anchor: Option<String> = row.get(4)?;
            Ok(TimeExpr {
                span: span(row, 0, 1)?,
                timex_type: parse_timex_type(&timex_type)?,
                value: row.get(3)?,
                anchor: anchor.map(|name| parse_anchor(&name)).transpose()?,
                sentence: row.get(5)?,
            })
        },
    )?;
    let quotes = collect(
        conn,
        "SELECT start, end, kind, sentence, speaker_name, speaker_start, speaker_end,
                speaker_mention, cue_start, cue_end
         FROM quotes WHERE doc = ?1 ORDER BY idx",
        id,
        |row| {
            let kind: String = row.get(2)?;
            let speaker_name: Option<String> = row.get(4)?;
            let speaker = match speaker_name {
                Some(name) => Some(Speaker {
                    name,
                    span: optional_span(row, 5, 6)?,
                    mention: row.get(7)?,
                }),
                None => None,
            };
            Ok(Quote {
                span: span(row, 0, 1)?,
                kind: parse_quote_kind(&kind)?,
                speaker,
                cue: optional_span(row, 8, 9)?,
                sentence: row.get(3)?,
            })
        },
    )?;
    let diagnostics = collect(
        conn,
        "SELECT stage, severity, message FROM diagnostics WHERE doc = ?1 ORDER BY idx",
        id,
        |row| {
            let severity: String = row.get(1)?;
            Ok(Diagnostic {
                stage: row.get(0)?,
                severity: parse_severity(&severity)?,
                message: row.get(2)?,
            })
        },
    )?;
    Ok(Some(Doc {
        id: DocId(id.to_string()),
        meta,
        text,
        paragraphs,
        removed,
        sentences,
        tokens,
        mentions,
        times,
        quotes,
        diagnostics,
    }))
}

/// Runs a per-document layer query and maps every row.
fn collect<T>(
    conn: &Connection,
    sql: &str,
    id: &str,
    mut map: impl FnMut(&Row<'_>) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut statement = conn.prepare_cached(sql)?;
    let mut rows = statement.query([id])?;
    let mut items = Vec::new();
    while let Some(row) = rows.next()? {
        items.push(map(row)?);
    }
    Ok(items)
}

/// Every build record, oldest first.
pub(crate) fn builds(conn: &Connection) -> Result<Vec<StoredBuild>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, started_at, inputs, files_seen, docs_added, duplicates, duration_ms
         FROM builds ORDER BY id",
    )?;
    let mut skipped_statement = conn.prepare_cached(
        "SELECT source, reason, message FROM skipped_files WHERE build = ?1 ORDER BY idx",
    )?;
    let mut rows = statement.query([])?;
    let mut builds = Vec::new();
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let started_at: String = row.get(1)?;
        let inputs: String = row.get(2)?;
        let skipped = skipped_statement
            .query_map([id], |row| {
                Ok(SkippedFile {
                    source: row.get(0)?,
                    reason: row.get(1)?,
                    message: row.get(2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        builds.push(StoredBuild {
            id,
            record: BuildRecord {
                started_at: chrono::DateTime::parse_from_rfc3339(&started_at)
                    .map_err(|_| bad("builds", "started_at", &started_at))?
                    .with_timezone(&chrono::Utc),
                inputs: serde_json::from_str(&inputs)?,
                files_seen: count(row.get(3)?),
                docs_added: count(row.get(4)?),
                duplicates: count(row.get(5)?),
                skipped,
                duration_ms: count(row.get(6)?),
            },
        });
    }
    Ok(builds)
}
