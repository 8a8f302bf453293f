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
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_documents.sql"),
    include_str!("migrations/0002_events.sql"),
    include_str!("migrations/0003_entities.sql"),
    include_str!("migrations/0004_sources.sql"),
];

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
    migrate_with(conn, MIGRATIONS)
}

/// Applies the `migrations` a file lacks (a parameter so tests can use their own list).
fn migrate_with(conn: &mut Connection, migrations: &[&str]) -> Result<(), StoreError> {
    let supported = migrations.len() as u32;
    let found = user_version(conn)?;
    if found > supported {
        return Err(StoreError::SchemaTooNew { found, supported });
    }
    for (idx, sql) in migrations.iter().enumerate().skip(found as usize) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(conn: &Connection) -> Vec<String> {
        let mut statement = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap();
        let names = statement.query_map([], |row| row.get(0)).unwrap();
        names.collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn later_migrations_apply_on_top_and_only_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        let first = ["CREATE TABLE a (x INTEGER)"];
        migrate_with(&mut conn, &first).unwrap();
        assert_eq!(user_version(&conn).unwrap(), 1);
        conn.execute("INSERT INTO a VALUES (1)", []).unwrap();
        let both = [
            first[0],
            "CREATE TABLE b (y INTEGER); ALTER TABLE a ADD COLUMN z TEXT",
        ];
        migrate_with(&mut conn, &both).unwrap();
        migrate_with(&mut conn, &both).unwrap();
        assert_eq!(user_version(&conn).unwrap(), 2);
        assert_eq!(tables(&conn), ["a", "b"]);
        let n: i64 = conn
            .query_row("SELECT count(*) FROM a", [], |row| row.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn a_failing_migration_leaves_the_previous_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        let broken = [
            "CREATE TABLE a (x INTEGER)",
            "CREATE TABLE b (y INTEGER); CREATE TABLE a (duplicate INTEGER)",
        ];
        let err = migrate_with(&mut conn, &broken).unwrap_err();
        assert!(
            matches!(err, StoreError::Migration { version: 2, .. }),
            "{err}"
        );
        assert_eq!(user_version(&conn).unwrap(), 1);
        // The half-applied migration's first statement was rolled back with it.
        assert_eq!(tables(&conn), ["a"]);
    }

    #[test]
    fn the_shipped_migrations_apply_to_an_empty_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
        let names = tables(&conn);
        for table in [
            "documents",
            "sentences",
            "tokens",
            "quotes",
            "builds",
            "skipped_files",
        ] {
            assert!(names.iter().any(|name| name == table), "{table} missing");
        }
    }
}
