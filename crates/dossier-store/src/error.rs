//! The store's error type: what can go wrong opening, migrating, writing, reading or searching.

use std::path::PathBuf;

/// An error from the store.
///
/// Messages are lowercase and name what to do when there is something to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// An SQLite call failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Opening the database file failed.
    #[error("cannot open database {path}: {source}")]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        source: rusqlite::Error,
    },
    /// A read-only open of a file that does not exist.
    #[error("database {0} does not exist; run `dossier build` first")]
    Missing(PathBuf),
    /// The file has no dossier schema (an empty file, or another program's database).
    #[error("{0} is not a dossier database (schema version 0); run `dossier build` to create one")]
    NotInitialised(PathBuf),
    /// The database was written by a newer dossier.
    #[error("database schema version {found} is newer than this dossier supports ({supported}); upgrade dossier")]
    SchemaTooNew {
        /// Version in the file.
        found: u32,
        /// Newest version this binary knows.
        supported: u32,
    },
    /// A read-only open of a database that needs migrating.
    #[error("database schema version {found} is older than {expected}; run `dossier build` to migrate it")]
    SchemaTooOld {
        /// Version in the file.
        found: u32,
        /// Version this binary expects.
        expected: u32,
    },
    /// Applying a migration failed; the database is left at the previous version.
    #[error("migration to schema version {version} failed: {source}")]
    Migration {
        /// The version the migration would have reached.
        version: u32,
        /// Why.
        source: rusqlite::Error,
    },
    /// A write on a store opened read-only.
    #[error("the database was opened read-only")]
    ReadOnly,
    /// Writing one document failed; the whole batch was rolled back.
    #[error("cannot store document {id} (batch rolled back): {source}")]
    WithDoc {
        /// The document's id.
        id: String,
        /// Why.
        source: rusqlite::Error,
    },
    /// A search query that FTS5 rejects even after escaping.
    #[error("invalid search query {query:?}: {message}")]
    BadQuery {
        /// The query as typed.
        query: String,
        /// What FTS5 said.
        message: String,
    },
    /// A stored value that does not parse back (a hand-edited or foreign row).
    #[error("unreadable value {value:?} in {table}.{column}")]
    BadValue {
        /// Table.
        table: &'static str,
        /// Column.
        column: &'static str,
        /// The value found.
        value: String,
    },
    /// JSON text in a column (authors, origins, inputs) failed to encode or decode.
    #[error("json in the database: {0}")]
    Json(#[from] serde_json::Error),
}
