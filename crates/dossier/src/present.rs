//! `dossier documents` and `dossier search`: stored records as tables or JSON Lines on stdout.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use dossier_store::{DocFilter, SearchOptions, Store};
use serde_json::json;

use crate::flags::{DocumentsArgs, QuotesArgs, SearchArgs};

/// Opens the database read-only, with an error that says how to make one.
pub(crate) fn open_store(db: &Path) -> anyhow::Result<Store> {
    if !db.exists() {
        anyhow::bail!(
            "no database at {} (run `dossier build PATH...` first, or pass --db FILE)",
            db.display()
        );
    }
    Store::open_read_only(db).with_context(|| format!("cannot open database {}", db.display()))
}

/// Parses an optional `YYYY-MM-DD` flag value.
pub(crate) fn parse_date_flag(
    name: &str,
    value: Option<&str>,
) -> anyhow::Result<Option<NaiveDate>> {
    value
        .map(|text| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .with_context(|| format!("--{name} {text:?} is not a date of the form YYYY-MM-DD"))
        })
        .transpose()
}

pub(crate) fn documents(db: &Path, args: DocumentsArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(db)?;
    let filter = DocFilter {
        outlet: args.outlet.clone(),
        from: parse_date_flag("from", args.from.as_deref())?,
        to: parse_date_flag("to", args.to.as_deref())?,
        limit: Some(u64::from(args.limit)),
        offset: 0,
    };
    let docs = store.documents(&filter)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        for doc in &docs {
            let value = json!({
                "id": doc.id, "title": doc.title, "outlet": doc.outlet,
                "published": doc.published.map(|date| date.to_string()),
                "published_from": doc.published_from.map(|from| from.as_str()),
                "source_path": doc.source_path, "sentences": doc.n_sentences, "removed": doc.n_removed,
            });
            serde_json::to_writer(&mut out, &value)?;
            writeln!(out)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{:<16}  {:<10}  {:<9}  {:<20}  {:>5}  TITLE",
        "ID", "PUBLISHED", "FROM", "OUTLET", "SENTS"
    )?;
    for doc in &docs {
        writeln!(
            out,
            "{:<16}  {:<10}  {:<9}  {:<20}  {:>5}  {}",
            doc.id,
            doc.published
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into()),
            doc.published_from.map(|from| from.as_str()).unwrap_or("-"),
            clip(doc.outlet.as_deref().unwrap_or("-"), 20),
            doc.n_sentences,
            doc.title.as_deref().unwrap_or(&doc.source_path),
        )?;
    }
    writeln!(out, "{} documents", docs.len())?;
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn search(db: &Path, args: SearchArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(db)?;
    let query = args.query.join(" ");
    let color = !args.json && std::io::IsTerminal::is_terminal(&std::io::stdout());
    let highlight = if color {
        ("\u{1b}[1;31m".to_string(), "\u{1b}[0m".to_string())
    } else {
        ("[".to_string(), "]".to_string())
    };
    let options = SearchOptions {
        limit: u64::from(args.limit),
        offset: 0,
        from: parse_date_flag("from", args.from.as_deref())?,
        to: parse_date_flag("to", args.to.as_deref())?,
        outlet: args.outlet.clone(),
        highlight,
        ..SearchOptions::default()
    };
    let hits = store.search(&query, &options)?;
    let mut out = std::io::stdout().lock();
    for hit in &hits {
        if args.json {
            let value = json!({
                "doc": hit.doc_id, "sentence": hit.sentence, "title": hit.title,
                "published": hit.published.map(|date| date.to_string()), "outlet": hit.outlet,
                "start": hit.span.start, "end": hit.span.end,
                "snippet": hit.snippet, "score": hit.score,
            });
            serde_json::to_writer(&mut out, &value)?;
            writeln!(out)?;
        } else {
            writeln!(
                out,
                "{}  {}  {}  (doc {}, sentence {})\n    {}",
                hit.published
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "----------".into()),
                hit.outlet.as_deref().unwrap_or("-"),
                hit.title.as_deref().unwrap_or("(untitled)"),
                hit.doc_id,
                hit.sentence,
                hit.snippet.replace('\n', " "),
            )?;
        }
    }
    if !args.json {
        writeln!(out, "{} hits", hits.len())?;
    }
    // grep's convention: 1 when nothing matched, so scripts can test for hits.
    Ok(if hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub(crate) fn quotes(db: &Path, args: QuotesArgs) -> anyhow::Result<ExitCode> {
    if let Some(kind) = &args.kind {
        if !["direct", "indirect", "term"].contains(&kind.as_str()) {
            anyhow::bail!("--kind {kind:?} is not one of direct, indirect, term");
        }
    }
    let store = open_store(db)?;
    let filter = dossier_store::QuoteFilter {
        speaker: args.speaker.clone(),
        doc: args.doc.clone(),
        kind: args.kind.clone(),
        limit: Some(args.limit),
    };
    let quotes = store.quotes(&filter)?;
    let mut out = std::io::stdout().lock();
    for quote in &quotes {
        if args.json {
            let value = json!({
                "id": format!("{}:q{}", quote.doc, quote.idx), "doc": quote.doc, "text": quote.text,
                "start": quote.start, "end": quote.end, "kind": quote.kind,
                "speaker": quote.speaker.as_ref().map(|name| json!({"entity": null, "name": name})),
                "cue": quote.cue, "title": quote.title, "outlet": quote.outlet, "published": quote.published,
            });
            serde_json::to_writer(&mut out, &value)?;
            writeln!(out)?;
        } else {
            writeln!(
                out,
                "{}  {} ({}{}):\n    {}\n    — {}, {} ({}, sentence {})",
                quote.published.as_deref().unwrap_or("----------"),
                quote.speaker.as_deref().unwrap_or("(no speaker)"),
                quote.kind,
                quote
                    .cue
                    .as_deref()
                    .map(|cue| format!(", “{cue}”"))
                    .unwrap_or_default(),
                clip(&quote.text.replace('\n', " "), 400),
                quote.outlet.as_deref().unwrap_or("-"),
                quote.title.as_deref().unwrap_or("(untitled)"),
                quote.doc,
                quote.sentence,
            )?;
        }
    }
    if !args.json {
        writeln!(out, "{} quotes", quotes.len())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `text` cut to `max_chars` code points, with an ellipsis when cut.
pub(crate) fn clip(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut short: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    short.push('…');
    short
}
