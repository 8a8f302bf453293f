//! The SQLite store: schema and migrations, transactional writes, queries and FTS5 full-text search.
