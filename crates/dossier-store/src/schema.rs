//! Schema versions and migrations.
//!
//! The schema version is SQLite's `PRAGMA user_version`: 0 for a new file, `n` once the first
//! `n` entries of [`MIGRATIONS`] have run. Each migration runs in its own transaction together
//! with the version bump, so a failed migration leaves the file at the previous version.
//! To change the schema, append a file under `src/migrations/` to [`MIGRATIONS`] (never edit
//! one that has shipped) and describe the change in `SCHEMA.md`.

use rusqlite::Connection;

use crate::StoreError;

/// The migrations, in order; entry `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[include_str!("migrations/0001_documents.sql")];

/// The schema version this binary writes and reads.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The file's schema version.
pub(crate) fn user_version(conn: &Connection) -> Result<u32, StoreError> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    // A negative or huge user_version was not written by dossier; report it as too new
    // rather than wrapping it into a plausible number.
    Ok(u32::try_from(version).unwrap_or(u32::MAX))
}

/// Brings the schema up to [`SCHEMA_VERSION`]; refuses a file newer than that.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found = user_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (idx, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = idx as u32 + 1;
        let failed = |source| StoreError::Migration { version, source };
        // IMMEDIATE takes the write lock up front, so two processes opening a new file at
        // once cannot both apply the same migration.
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(failed)?;
        // Another process may have migrated between our read of the version and the lock.
        if user_version(&tx)? >= version {
            continue;
        }
        tx.execute_batch(sql).map_err(failed)?;
        tx.pragma_update(None, "user_version", version)
            .map_err(failed)?;
        tx.commit().map_err(failed)?;
    }
    Ok(())
}
