//! Full-text search over sentences: turning what a user typed into a safe FTS5 query,
//! and running it with filters, bm25 ranking and highlighted snippets.
//!
//! Query language, kept small so that no input is an error:
//! - words match in any order (`vucic belgrade`), without regard to case or diacritics;
//! - `"two words"` matches a phrase; an unterminated quote runs to the end of the query;
//! - `term*` (and `"a phrase"*`) matches prefixes;
//! - `OR`, `AND` and `NOT` in capitals between two terms are operators, and are dropped
//!   anywhere else (a leading `OR`, a trailing `AND`); in lower case they are words (`and`).
//!
//! Every term is passed to FTS5 as a quoted string, so characters FTS5 treats as syntax
//! (`( ) : ^ - + ,` and column filters) are searched for as text, never interpreted.

use dossier_core::CharSpan;
use rusqlite::{params, Connection, ErrorCode};

use crate::names::*;
use crate::{SearchHit, SearchOptions, StoreError};

/// One piece of a parsed query.
#[derive(Debug, PartialEq)]
enum Piece {
    /// A quoted FTS5 string, possibly followed by `*`.
    Term(String),
    /// `OR`, `AND` or `NOT`.
    Operator(&'static str),
}

/// The FTS5 query for what a user typed; `None` when it holds nothing to search for.
pub(crate) fn fts_query(input: &str) -> Option<String> {
    let mut pieces = Vec::new();
    let mut rest = input;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        if let Some(body) = rest.strip_prefix('"') {
            let (phrase, after) = body.split_once('"').unwrap_or((body, ""));
            let prefix = after.starts_with('*');
            rest = after.trim_start_matches('*');
            push_term(&mut pieces, phrase, prefix);
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"')
                .unwrap_or(rest.len());
            let (word, after) = rest.split_at(end);
            rest = after;
            match word {
                "OR" => pieces.push(Piece::Operator("OR")),
                "AND" => pieces.push(Piece::Operator("AND")),
                "NOT" => pieces.push(Piece::Operator("NOT")),
                _ => {
                    let prefix = word.ends_with('*');
                    push_term(&mut pieces, word.trim_matches('*'), prefix);
                }
            }
        }
    }

    // Keep an operator only between two terms; FTS5 rejects any other placement.
    let mut query = String::new();
    let mut pending_operator: Option<&str> = None;
    let mut seen_term = false;
    for piece in &pieces {
        match piece {
            Piece::Operator(operator) => {
                if seen_term {
                    pending_operator = Some(operator);
                }
            }
            Piece::Term(term) => {
                if seen_term {
                    query.push(' ');
                    if let Some(operator) = pending_operator.take() {
                        query.push_str(operator);
                        query.push(' ');
                    }
                }
                query.push_str(term);
                seen_term = true;
            }
        }
    }
    seen_term.then_some(query)
}

/// Adds `text` as a quoted FTS5 string, unless it holds nothing the tokenizer would index.
fn push_term(pieces: &mut Vec<Piece>, text: &str, prefix: bool) {
    // FTS5's unicode61 tokenizer indexes letters and digits only; a term without any would be
    // an empty phrase, which matches nothing and would silently empty the whole AND.
    if !text.chars().any(char::is_alphanumeric) {
        return;
    }
    let mut quoted = String::with_capacity(text.len() + 3);
    quoted.push('"');
    // A double quote inside an FTS5 string is written twice.
    for c in text.chars() {
        if c == '"' {
            quoted.push('"');
        }
        quoted.push(c);
    }
    quoted.push('"');
    if prefix {
        quoted.push('*');
    }
    pieces.push(Piece::Term(quoted));
}

/// The error of a failed search statement: FTS5 reports malformed queries as a generic
/// SQLITE_ERROR (a [`StoreError::BadQuery`] naming the query); anything else (I/O,
/// corruption, locking) is a real database error.
pub(crate) fn bad_query(query: &str, err: rusqlite::Error) -> StoreError {
    match &err {
        rusqlite::Error::SqliteFailure(failure, message) if failure.code == ErrorCode::Unknown => {
            StoreError::BadQuery {
                query: query.to_string(),
                message: message.clone().unwrap_or_else(|| err.to_string()),
            }
        }
        _ => StoreError::Sqlite(err),
    }
}

/// Runs a search; see the module documentation for the query language.
pub(crate) fn search(
    conn: &Connection,
    query: &str,
    options: &SearchOptions,
) -> Result<Vec<SearchHit>, StoreError> {
    let Some(fts) = fts_query(query) else {
        return Ok(Vec::new());
    };
    let bad_query = |err| bad_query(query, err);
    let mut statement = conn.prepare_cached(
        "SELECT s.doc, s.idx, s.start, s.end, d.title, d.published, d.outlet,
                snippet(sentences_fts, 0, ?2, ?3, '…', ?4), bm25(sentences_fts) AS rank
         FROM sentences_fts
         JOIN sentences s ON s.id = sentences_fts.rowid
         JOIN documents d ON d.id = s.doc
         WHERE sentences_fts MATCH ?1
           AND (?5 IS NULL OR d.published >= ?5)
           AND (?6 IS NULL OR d.published <= ?6)
           AND (?7 IS NULL OR d.outlet = ?7 COLLATE NOCASE)
         ORDER BY rank, d.published IS NULL, d.published, s.doc, s.idx
         LIMIT ?8 OFFSET ?9",
    )?;
    let limit = i64::try_from(options.limit).unwrap_or(i64::MAX);
    let offset = i64::try_from(options.offset).unwrap_or(i64::MAX);
    let mut rows = statement
        .query(params![
            fts,
            options.highlight.0,
            options.highlight.1,
            options.snippet_tokens.clamp(1, 64),
            options.from.map(date_str),
            options.to.map(date_str),
            options.outlet,
            limit,
            offset,
        ])
        .map_err(bad_query)?;
    let mut hits = Vec::new();
    while let Some(row) = rows.next().map_err(bad_query)? {
        let published: Option<String> = row.get(5)?;
        let bm25: f64 = row.get(8)?;
        hits.push(SearchHit {
            doc_id: row.get(0)?,
            sentence: row.get(1)?,
            span: CharSpan {
                start: row.get(2)?,
                end: row.get(3)?,
            },
            title: row.get(4)?,
            published: published
                .map(|date| parse_date("documents", "published", &date))
                .transpose()?,
            outlet: row.get(6)?,
            snippet: row.get(7)?,
            // bm25() is lower for better matches; the hit's score is higher for better ones.
            score: -bm25,
        });
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted() {
        assert_eq!(
            fts_query("Vučić Belgrade").as_deref(),
            Some(r#""Vučić" "Belgrade""#)
        );
        assert_eq!(fts_query("a(b) c:d").as_deref(), Some(r#""a(b)" "c:d""#));
    }

    #[test]
    fn phrases_prefixes_and_operators() {
        assert_eq!(
            fts_query(r#""peace talks" minist*"#).as_deref(),
            Some(r#""peace talks" "minist"*"#)
        );
        assert_eq!(
            fts_query(r#""peace tal"*"#).as_deref(),
            Some(r#""peace tal"*"#)
        );
        assert_eq!(
            fts_query(r#"open "phrase"#).as_deref(),
            Some(r#""open" "phrase""#)
        );
        assert_eq!(fts_query("a OR b").as_deref(), Some(r#""a" OR "b""#));
        assert_eq!(fts_query("a NOT b").as_deref(), Some(r#""a" NOT "b""#));
        assert_eq!(fts_query("a or b").as_deref(), Some(r#""a" "or" "b""#));
    }

    #[test]
    fn hostile_input_yields_nothing_or_a_valid_query() {
        for input in [
            "", "   ", "\"", "\"\"", "*", ")(", "AND OR", "NOT", "OR a", "a AND",
        ] {
            let query = fts_query(input);
            if let Some(query) = &query {
                assert!(
                    !query.starts_with("OR") && !query.ends_with("AND"),
                    "{query}"
                );
            }
        }
        assert_eq!(fts_query("AND OR"), None);
        assert_eq!(fts_query("OR a AND").as_deref(), Some(r#""a""#));
        assert_eq!(fts_query("NEAR(").as_deref(), Some(r#""NEAR(""#));
    }
}
