//! Writes: documents with every layer, and build records. Each call is one transaction.

use chrono::SecondsFormat;
use dossier_core::{CharIndex, CharSpan, Doc};
use rusqlite::{params, Transaction};

use crate::names::*;
use crate::{BuildRecord, InsertStats, StoreError};

/// Statements used per document, prepared once per connection and reused from the cache.
const INSERT_DOCUMENT: &str = "INSERT INTO documents (id, source_path, format, title, \
     outlet, authors, url, published, published_from, published_confidence, language, origins, \
     text, added_at, sources) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, \
     ?14, ?15) \
     ON CONFLICT (id) DO NOTHING";
const INSERT_PARAGRAPH: &str =
    "INSERT INTO paragraphs (doc, idx, start, end) VALUES (?1, ?2, ?3, ?4)";
const INSERT_REMOVED: &str =
    "INSERT INTO removed (doc, idx, reason, at, text) VALUES (?1, ?2, ?3, ?4, ?5)";
const INSERT_SENTENCE: &str = "INSERT INTO sentences (doc, idx, start, end, token_start, \
     token_end, paragraph, time_context, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
const INSERT_SENTENCE_FTS: &str = "INSERT INTO sentences_fts (rowid, text) VALUES (?1, ?2)";
const INSERT_TOKEN: &str = "INSERT INTO tokens (doc, idx, start, end, kind, pos, head, dep) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
const INSERT_MENTION: &str = "INSERT INTO mentions (doc, idx, start, end, token_start, \
     token_end, kind, entity, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
const INSERT_TIME: &str = "INSERT INTO times (doc, idx, start, end, timex_type, value, anchor, \
     sentence, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
const INSERT_QUOTE: &str = "INSERT INTO quotes (doc, idx, start, end, kind, sentence, \
     speaker_name, speaker_start, speaker_end, speaker_mention, cue_start, cue_end, text) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
const INSERT_DIAGNOSTIC: &str =
    "INSERT INTO diagnostics (doc, idx, stage, severity, message) VALUES (?1, ?2, ?3, ?4, ?5)";

/// Inserts `docs` inside `tx`; the caller commits. Ids already stored, or seen earlier in the
/// batch, are skipped and counted as duplicates.
pub(crate) fn insert_docs(tx: &Transaction<'_>, docs: &[Doc]) -> Result<InsertStats, StoreError> {
    let added_at = chrono::Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut stats = InsertStats::default();
    for doc in docs {
        let inserted = insert_doc(tx, doc, &added_at).map_err(|err| match err {
            DocError::Sqlite(source) => StoreError::WithDoc {
                id: doc.id.0.clone(),
                source,
            },
            DocError::Json(err) => StoreError::Json(err),
        })?;
        if inserted {
            stats.added += 1;
        } else {
            stats.duplicates += 1;
        }
    }
    Ok(stats)
}

/// What can fail while writing one document.
enum DocError {
    Sqlite(rusqlite::Error),
    Json(serde_json::Error),
}

impl From<rusqlite::Error> for DocError {
    fn from(err: rusqlite::Error) -> DocError {
        DocError::Sqlite(err)
    }
}

impl From<serde_json::Error> for DocError {
    fn from(err: serde_json::Error) -> DocError {
        DocError::Json(err)
    }
}

/// Writes one document; false when its id was already stored.
fn insert_doc(tx: &Transaction<'_>, doc: &Doc, added_at: &str) -> Result<bool, DocError> {
    let id = doc.id.as_str();
    let meta = &doc.meta;
    let n_changed = tx.prepare_cached(INSERT_DOCUMENT)?.execute(params![
        id,
        meta.source_path,
        format_str(meta.format),
        meta.title,
        meta.outlet,
        serde_json::to_string(&meta.authors)?,
        meta.url,
        meta.published.map(date_str),
        meta.published_from.map(published_from_str),
        meta.published_confidence.map(f64::from),
        meta.language,
        serde_json::to_string(&meta.origins)?,
        doc.text,
        added_at,
        serde_json::to_string(&meta.sources)?,
    ])?;
    // The insert changes nothing when the id exists: the document (and so every layer, which
    // depends only on the text) is already stored. `ON CONFLICT (id)` rather than `OR IGNORE`,
    // so that any other constraint failure is still an error.
    if n_changed == 0 {
        return Ok(false);
    }

    // Sentence, mention, time and quote texts are stored beside their spans so the tables read
    // well in the sqlite3 shell and the FTS index has content; one index makes slicing cheap.
    let char_index = CharIndex::new(&doc.text);
    let slice = |span: CharSpan| -> &str { doc.text.get(char_index.bytes(span)).unwrap_or("") };

    let mut statement = tx.prepare_cached(INSERT_PARAGRAPH)?;
    for (idx, paragraph) in doc.paragraphs.iter().enumerate() {
        statement.execute(params![id, idx, paragraph.start, paragraph.end])?;
    }
    let mut statement = tx.prepare_cached(INSERT_REMOVED)?;
    for (idx, removed) in doc.removed.iter().enumerate() {
        statement.execute(params![
            id,
            idx,
            reason_str(removed.reason),
            removed.at,
            removed.text
        ])?;
    }
    let mut statement = tx.prepare_cached(INSERT_SENTENCE)?;
    let mut fts_statement = tx.prepare_cached(INSERT_SENTENCE_FTS)?;
    for (idx, sentence) in doc.sentences.iter().enumerate() {
        let text = slice(sentence.span);
        statement.execute(params![
            id,
            idx,
            sentence.span.start,
            sentence.span.end,
            sentence.token_start,
            sentence.token_end,
            sentence.paragraph,
            sentence.time_context,
            text,
        ])?;
        // See the migration: indexing here rather than in a trigger keeps FTS5 from flushing
        // its pending index at every sentence.
        fts_statement.execute(params![tx.last_insert_rowid(), text])?;
    }
    let mut statement = tx.prepare_cached(INSERT_TOKEN)?;
    for (idx, token) in doc.tokens.iter().enumerate() {
        statement.execute(params![
            id,
            idx,
            token.span.start,
            token.span.end,
            token_kind_str(token.kind),
            token.pos.map(|pos| pos.as_str()),
            token.head,
            token.dep.map(|dep| dep.as_str()),
        ])?;
    }
    let mut statement = tx.prepare_cached(INSERT_MENTION)?;
    for (idx, mention) in doc.mentions.iter().enumerate() {
        statement.execute(params![
            id,
            idx,
            mention.span.start,
            mention.span.end,
            mention.token_start,
            mention.token_end,
            entity_kind_str(mention.kind),
            mention.entity,
            slice(mention.span),
        ])?;
    }
    let mut statement = tx.prepare_cached(INSERT_TIME)?;
    for (idx, time) in doc.times.iter().enumerate() {
        statement.execute(params![
            id,
            idx,
            time.span.start,
            time.span.end,
            timex_type_str(time.timex_type),
            time.value,
            time.anchor.map(anchor_str),
            time.sentence,
            slice(time.span),
        ])?;
    }
    let mut statement = tx.prepare_cached(INSERT_QUOTE)?;
    for (idx, quote) in doc.quotes.iter().enumerate() {
        let speaker = quote.speaker.as_ref();
        let speaker_span = speaker.and_then(|speaker| speaker.span);
        statement.execute(params![
            id,
            idx,
            quote.span.start,
            quote.span.end,
            quote_kind_str(quote.kind),
            quote.sentence,
            speaker.map(|speaker| speaker.name.as_str()),
            speaker_span.map(|span| span.start),
            speaker_span.map(|span| span.end),
            speaker.and_then(|speaker| speaker.mention),
            quote.cue.map(|span| span.start),
            quote.cue.map(|span| span.end),
            slice(quote.span),
        ])?;
    }
    let mut statement = tx.prepare_cached(INSERT_DIAGNOSTIC)?;
    for (idx, diagnostic) in doc.diagnostics.iter().enumerate() {
        statement.execute(params![
            id,
            idx,
            diagnostic.stage,
            severity_str(diagnostic.severity),
            diagnostic.message,
        ])?;
    }
    Ok(true)
}

/// Writes one build record and its skipped files inside `tx`; returns the build's id.
pub(crate) fn record_build(tx: &Transaction<'_>, build: &BuildRecord) -> Result<i64, StoreError> {
    let clamp = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    tx.execute(
        "INSERT INTO builds (started_at, inputs, files_seen, docs_added, duplicates, n_skipped, \
         duration_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            build
                .started_at
                .to_rfc3339_opts(SecondsFormat::Millis, true),
            serde_json::to_string(&build.inputs)?,
            clamp(build.files_seen),
            clamp(build.docs_added),
            clamp(build.duplicates),
            build.skipped.len(),
            clamp(build.duration_ms),
        ],
    )?;
    let build_id = tx.last_insert_rowid();
    let mut statement = tx.prepare_cached(
        "INSERT INTO skipped_files (build, idx, source, reason, message) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (idx, skipped) in build.skipped.iter().enumerate() {
        statement.execute(params![
            build_id,
            idx,
            skipped.source,
            skipped.reason,
            skipped.message
        ])?;
    }
    Ok(build_id)
}
