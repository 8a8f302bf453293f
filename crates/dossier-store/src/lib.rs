/*!
The SQLite store of dossier: the only crate that knows SQL.

# Brief overview

A dossier database is one SQLite file that anyone can read with the `sqlite3` shell.
Tables are normalised and documented in `SCHEMA.md` (next to this crate's `Cargo.toml`):
one row per document in `documents`, one row per item of each layer (paragraphs, removed
blocks, sentences, tokens, mentions, times, quotes, diagnostics) keyed by `(doc, idx)`,
one row per `dossier build` run in `builds`, and an FTS5 index over sentences.
Offsets are Unicode code points of `documents.text`, as in dossier-core.

[`Store::open`] creates the file if needed and applies the [`MIGRATIONS`] it lacks;
[`Store::open_read_only`] refuses a file that is missing or at another schema version.
[`Store::insert_docs`] writes a batch in one transaction and skips ids already stored,
so building the same input twice adds nothing.
[`Store::search`] takes what a user typed (words, `"phrases"`, `prefix*`) and never passes
it to FTS5 unescaped.

# Extending the schema

Later stages (entities, events) add their tables with a new file in `src/migrations/`,
appended to [`MIGRATIONS`] (never edit a shipped one); a database opened for writing picks
it up, and a read-only open of a not-yet-migrated file says to run `dossier build`.
Their writes go in a module beside `write.rs`, one transaction per call, statements through
`prepare_cached`; their tables go in `SCHEMA.md`.

# Example

```
use dossier_core::{Doc, Meta, CharSpan, Sentence};
use dossier_store::{SearchOptions, Store};

let mut store = Store::in_memory()?;
let mut doc = Doc::new(Meta::default(), "Talks resumed in Geneva.".to_string());
doc.sentences.push(Sentence { span: CharSpan::new(0, 24), ..Sentence::default() });

let stats = store.insert_docs(&[doc.clone(), doc.clone()])?;
assert_eq!((stats.added, stats.duplicates), (1, 1));
assert_eq!(store.load_doc(doc.id.as_str())?, Some(doc));

let hits = store.search("geneva", &SearchOptions::default())?;
assert_eq!(hits[0].snippet, "Talks resumed in [Geneva].");
# Ok::<(), dossier_store::StoreError>(())
```
*/
#![deny(missing_docs)]

mod entities;
mod error;
mod events;
mod names;
mod quotes;
mod read;
mod schema;
mod search;
mod web;
mod write;

use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use dossier_core::{CharSpan, Doc, PublishedFrom};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

pub use entities::{DecisionRow, EntityFilter, EntityRoleRow, EntityRow, MentionEntityRow};
pub use error::StoreError;
pub use events::{EventRow, TimelineRow};
pub use quotes::{QuoteFilter, QuoteRow};
pub use schema::{MIGRATIONS, SCHEMA_VERSION};
pub use web::{
    EntityDocRow, EntitySummary, EvidenceRef, InteractionRow, PeriodCount, TimelineEntry,
    TimelineQuery, RANK_WINDOW,
};

/// A dossier database: one SQLite connection, opened for writing or read-only.
///
/// Writes take `&mut self` because each is a transaction on the one connection.
/// A `Store` is `Send` but not `Sync`: a server shares one behind a mutex, or better opens
/// one read-only store per worker; WAL mode lets any number of readers work while one
/// `dossier build` writes.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    read_only: bool,
}

/// What [`Store::insert_docs`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct InsertStats {
    /// Documents written.
    pub added: usize,
    /// Documents skipped because their id was already stored or earlier in the batch.
    pub duplicates: usize,
}

/// One file (or container item) a build could not use, and why.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SkippedFile {
    /// The path, or `file#locator` for an item inside a container.
    pub source: String,
    /// A short lowercase kind, stable for grouping ("unsupported_format", "empty", "io").
    pub reason: String,
    /// The full message for people.
    pub message: String,
}

/// One `dossier build` run, as [`Store::record_build`] stores it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BuildRecord {
    /// When the run started.
    pub started_at: DateTime<Utc>,
    /// The paths given on the command line.
    pub inputs: Vec<String>,
    /// Files (and container items) read.
    pub files_seen: u64,
    /// Documents added to the store.
    pub docs_added: u64,
    /// Documents already stored (or repeated in the input).
    pub duplicates: u64,
    /// Files that could not be used; their count is stored as `builds.n_skipped`.
    pub skipped: Vec<SkippedFile>,
    /// Wall time of the run in milliseconds.
    pub duration_ms: u64,
}

/// Row counts of the main tables.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Documents.
    pub documents: u64,
    /// Sentences.
    pub sentences: u64,
    /// Tokens.
    pub tokens: u64,
    /// Entity mentions.
    pub mentions: u64,
    /// Time expressions.
    pub times: u64,
    /// Quotes (all kinds).
    pub quotes: u64,
    /// Recorded builds.
    pub builds: u64,
}

/// A build record read back, with the id the database gave it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredBuild {
    /// `builds.id`: runs are numbered from 1 in the order they were recorded.
    pub id: i64,
    /// The record.
    pub record: BuildRecord,
}

/// Which documents [`Store::documents`] lists. The default lists all of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocFilter {
    /// Only this outlet (compared without regard to ASCII case).
    pub outlet: Option<String>,
    /// Only documents published on or after this day (undated documents are left out).
    pub from: Option<NaiveDate>,
    /// Only documents published on or before this day (undated documents are left out).
    pub to: Option<NaiveDate>,
    /// At most this many.
    pub limit: Option<u64>,
    /// Skip this many first.
    pub offset: u64,
}

/// One line of a document listing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocSummary {
    /// The document id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication.
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Where the date came from.
    pub published_from: Option<PublishedFrom>,
    /// The file (or `file#locator`) it came from.
    pub source_path: String,
    /// Number of sentences.
    pub n_sentences: u64,
    /// Number of removed boilerplate blocks.
    pub n_removed: u64,
    /// The outlets it credits as its sources (see `dossier_core::Meta::sources`).
    pub sources: Vec<String>,
}

/// How [`Store::search`] filters, pages and highlights.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchOptions {
    /// At most this many hits (default 20).
    pub limit: u64,
    /// Skip this many best hits first.
    pub offset: u64,
    /// Only documents published on or after this day.
    pub from: Option<NaiveDate>,
    /// Only documents published on or before this day.
    pub to: Option<NaiveDate>,
    /// Only this outlet (compared without regard to ASCII case).
    pub outlet: Option<String>,
    /// Markers put before and after each matched term in the snippet (default `[` and `]`).
    pub highlight: (String, String),
    /// Longest snippet in tokens, 1 to 64 (default 40); longer sentences are cut with `…`.
    pub snippet_tokens: u32,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            limit: 20,
            offset: 0,
            from: None,
            to: None,
            outlet: None,
            highlight: ("[".to_string(), "]".to_string()),
            snippet_tokens: 40,
        }
    }
}

/// One sentence matching a search.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchHit {
    /// The document id.
    pub doc_id: String,
    /// Index of the sentence in the document.
    pub sentence: u32,
    /// The sentence's span in the document text.
    pub span: CharSpan,
    /// The document's headline.
    pub title: Option<String>,
    /// The document's publication date.
    pub published: Option<NaiveDate>,
    /// The document's outlet.
    pub outlet: Option<String>,
    /// The sentence (or its best part) with matched terms between the highlight markers.
    pub snippet: String,
    /// Relevance: the negated FTS5 bm25 score, so higher is better.
    pub score: f64,
}

impl Store {
    /// Opens `path` for reading and writing, creating it if missing, and migrates it to
    /// [`SCHEMA_VERSION`]. Refuses a database newer than this binary.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let with_path = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(with_path)?;
        // A file that is not a database first fails here, in setup; name the file.
        Store::setup(conn, true).map_err(|err| match err {
            StoreError::Sqlite(source) => with_path(source),
            other => other,
        })
    }

    /// Opens an existing database read-only. Errors when the file is missing or its schema
    /// is not exactly [`SCHEMA_VERSION`] (an older one needs `dossier build` to migrate).
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let found = schema::user_version(&conn).map_err(|err| match err {
            StoreError::Sqlite(source) => StoreError::Open {
                path: path.to_path_buf(),
                source,
            },
            other => other,
        })?;
        if found == 0 {
            return Err(StoreError::NotInitialised(path.to_path_buf()));
        }
        if found > SCHEMA_VERSION {
            return Err(StoreError::SchemaTooNew {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        if found < SCHEMA_VERSION {
            return Err(StoreError::SchemaTooOld {
                found,
                expected: SCHEMA_VERSION,
            });
        }
        conn.set_prepared_statement_cache_capacity(64);
        Ok(Store {
            conn,
            read_only: true,
        })
    }

    /// A fresh database in memory, for tests.
    pub fn in_memory() -> Result<Store, StoreError> {
        Store::setup(Connection::open_in_memory()?, false)
    }

    /// Sets the connection up for writing and migrates it.
    fn setup(mut conn: Connection, on_disk: bool) -> Result<Store, StoreError> {
        // Another dossier process may hold the write lock briefly; wait rather than fail.
        conn.busy_timeout(Duration::from_secs(5))?;
        if on_disk {
            // WAL lets readers (the web app, a sqlite3 shell) work during a build, and with
            // synchronous=NORMAL a commit is durable against a crash of dossier itself; only
            // a power loss can take back the last commits, never corrupt the file.
            // Some file systems cannot do WAL; SQLite then keeps its rollback journal,
            // which is slower but just as safe, so the mode it reports is not checked.
            let _mode: String =
                conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            // A large build grows the WAL file to the size of its transaction; let SQLite
            // truncate it back to 64 MiB after each checkpoint instead of keeping it.
            conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // A 32 MiB page cache (negative means KiB) keeps the B-tree interiors in memory
        // during large batches.
        conn.pragma_update(None, "cache_size", -32_000)?;
        // One slot per statement the store uses, so none is ever re-prepared.
        conn.set_prepared_statement_cache_capacity(64);
        schema::migrate(&mut conn)?;
        Ok(Store {
            conn,
            read_only: false,
        })
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        schema::user_version(&self.conn)
    }

    /// True when opened with [`Store::open_read_only`].
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Every stored document id, so a build can skip documents before annotating them.
    pub fn known_ids(&self) -> Result<HashSet<String>, StoreError> {
        read::known_ids(&self.conn)
    }

    /// Stores `docs` with every layer, in one transaction: either all new documents are
    /// stored or, on error, none. Documents whose id is already stored, or appears earlier
    /// in `docs`, are skipped and counted as duplicates.
    pub fn insert_docs(&mut self, docs: &[Doc]) -> Result<InsertStats, StoreError> {
        self.writable()?;
        let tx = self.conn.transaction()?;
        let stats = write::insert_docs(&tx, docs)?;
        tx.commit()?;
        Ok(stats)
    }

    /// Stores `docs` and the events coded in them in one transaction (see
    /// [`Store::insert_docs`]); events of documents that were already stored are left as
    /// they are.
    pub fn insert_docs_with_events(
        &mut self,
        docs: &[Doc],
        events: &[EventRow],
    ) -> Result<InsertStats, StoreError> {
        self.writable()?;
        let tx = self.conn.transaction()?;
        let stats = write::insert_docs(&tx, docs)?;
        events::insert_events(&tx, events)?;
        tx.commit()?;
        Ok(stats)
    }

    /// Quotes matching `filter` with their documents' titles and dates.
    pub fn quotes(&self, filter: &QuoteFilter) -> Result<Vec<QuoteRow>, StoreError> {
        quotes::quotes(&self.conn, filter)
    }

    /// Every stored event, by date (undated last), then document and index.
    pub fn events(&self) -> Result<Vec<EventRow>, StoreError> {
        events::events(&self.conn)
    }

    /// Replaces the merged timeline in one transaction.
    pub fn replace_timeline(&mut self, rows: &[TimelineRow]) -> Result<(), StoreError> {
        self.writable()?;
        let tx = self.conn.transaction()?;
        events::replace_timeline(&tx, rows)?;
        tx.commit()?;
        Ok(())
    }

    /// The merged timeline's records (JSON), by date (undated last), then id.
    pub fn timeline(&self) -> Result<Vec<String>, StoreError> {
        events::timeline(&self.conn)
    }

    /// Stores the record of one `dossier build` run and the files it skipped.
    pub fn record_build(&mut self, build: &BuildRecord) -> Result<(), StoreError> {
        self.writable()?;
        let tx = self.conn.transaction()?;
        write::record_build(&tx, build)?;
        tx.commit()?;
        Ok(())
    }

    /// How many rows each layer holds, for build summaries and benchmarks.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        read::counts(&self.conn)
    }

    /// Merges the full-text index into one segment and refreshes query-planner statistics.
    /// Worth calling after a large build (searches get faster); it rewrites the whole index,
    /// so it takes time in proportion to the corpus.
    pub fn optimize(&mut self) -> Result<(), StoreError> {
        self.writable()?;
        self.conn.execute_batch(
            "INSERT INTO sentences_fts (sentences_fts) VALUES ('optimize');
             PRAGMA analysis_limit = 1000; PRAGMA optimize;",
        )?;
        Ok(())
    }

    /// Every recorded build, oldest first.
    pub fn builds(&self) -> Result<Vec<StoredBuild>, StoreError> {
        read::builds(&self.conn)
    }

    /// Documents matching `filter`, by publication date (undated last), then id.
    pub fn documents(&self, filter: &DocFilter) -> Result<Vec<DocSummary>, StoreError> {
        read::documents(&self.conn, filter)
    }

    /// Number of stored documents.
    pub fn count_documents(&self) -> Result<u64, StoreError> {
        read::count_documents(&self.conn)
    }

    /// The stored document `id` with every layer, exactly as it was inserted;
    /// `None` when no such document is stored.
    pub fn load_doc(&self, id: &str) -> Result<Option<Doc>, StoreError> {
        read::load_doc(&self.conn, id)
    }

    /// Every stored document id, by publication date (undated last), then id.
    pub fn doc_ids(&self) -> Result<Vec<String>, StoreError> {
        read::doc_ids(&self.conn)
    }

    /// Sentences matching `query`, best first (FTS5 bm25), with highlighted snippets.
    /// The query holds words (all must match, ignoring case and diacritics), `"phrases"`,
    /// `prefix*` and capital `OR`/`AND`/`NOT` between terms; anything else is searched as
    /// text, so user input is never FTS5 syntax. An empty query (or one with no letters or digits) finds nothing; a query FTS5 still
    /// rejects is a [`StoreError::BadQuery`].
    pub fn search(
        &self,
        query: &str,
        options: &SearchOptions,
    ) -> Result<Vec<SearchHit>, StoreError> {
        search::search(&self.conn, query, options)
    }

    /// Errors unless the store was opened for writing.
    fn writable(&self) -> Result<(), StoreError> {
        if self.read_only {
            Err(StoreError::ReadOnly)
        } else {
            Ok(())
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if !self.read_only {
            // Lets SQLite refresh its query-planner statistics for tables that changed a lot.
            // The analysis limit samples instead of reading whole tables (the token table of a
            // large corpus has millions of rows); a failure costs only planning quality.
            let _ = self
                .conn
                .execute_batch("PRAGMA analysis_limit = 1000; PRAGMA optimize;");
        }
    }
}
