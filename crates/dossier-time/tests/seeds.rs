//! The seed story: the four seed articles in the shared folder, read at run time.
//!
//! 001 and 003 get the publication date the cleaning stage finds in their source and date
//! lines; 000 and 002 have none and must be inferred. Skipped (with a reason) when the
//! shared folder is absent.

use std::path::PathBuf;

use chrono::NaiveDate;
use dossier_core::{Annotator, Doc, Meta, PublishedFrom};
use dossier_time::TimeTagger;

fn shared() -> PathBuf {
    match std::env::var_os("DOSSIER_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}

/// The seed whose file name starts with `prefix`, annotated; `None` when absent.
fn seed(prefix: &str, published: Option<NaiveDate>) -> Option<Doc> {
    let dir = shared().join("corpus/seeds");
    let entries = std::fs::read_dir(&dir).ok()?;
    let path = entries.flatten().map(|e| e.path()).find(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
    })?;
    let text = std::fs::read_to_string(path).ok()?;
    let meta = Meta {
        published,
        published_from: published.map(|_| PublishedFrom::Text),
        ..Meta::default()
    };
    let mut doc = Doc::new(meta, text);
    dossier_nlp::segment(&mut doc);
    TimeTagger.annotate(&mut doc);
    Some(doc)
}

/// The value of the first time expression overlapping the first occurrence of `phrase`.
fn value_at(doc: &Doc, phrase: &str) -> Option<String> {
    let byte = doc.text.find(phrase)?;
    let start = doc.text[..byte].chars().count() as u32;
    let end = start + phrase.chars().count() as u32;
    doc.times
        .iter()
        .find(|t| t.span.start < end && start < t.span.end)
        .and_then(|t| t.value.clone())
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn seed_001_next_year() {
    let Some(doc) = seed("001", date(2016, 10, 26)) else {
        eprintln!("skipped: seeds not found under {}", shared().display());
        return;
    };
    assert_eq!(value_at(&doc, "next year").as_deref(), Some("2017"));
    assert_eq!(
        value_at(&doc, "on Wednesday").as_deref(),
        Some("2016-10-26")
    );
}

#[test]
fn seed_003_thursday_and_full_date() {
    let Some(doc) = seed("003", date(2018, 3, 12)) else {
        eprintln!("skipped: seeds not found under {}", shared().display());
        return;
    };
    assert_eq!(value_at(&doc, "on Thursday").as_deref(), Some("2018-03-08"));
    assert_eq!(
        value_at(&doc, "May 23, 2017").as_deref(),
        Some("2017-05-23")
    );
    // Sentences know the time expression that dates them.
    let dated = doc
        .sentences
        .iter()
        .filter(|s| s.time_context.is_some())
        .count();
    assert!(dated > 0);
}

#[test]
fn seed_002_monday_without_a_year() {
    let Some(doc) = seed("002", None) else {
        eprintln!("skipped: seeds not found under {}", shared().display());
        return;
    };
    let published = doc.meta.published;
    for d in &doc.diagnostics {
        eprintln!("{}: {}", d.stage, d.message);
    }
    assert!(
        published.is_some_and(
            |d| d >= NaiveDate::from_ymd_opt(2022, 2, 21).unwrap_or_default()
                && d <= NaiveDate::from_ymd_opt(2022, 2, 28).unwrap_or_default()
        ),
        "published {published:?}"
    );
    assert_eq!(doc.meta.published_from, Some(PublishedFrom::Inferred));
    assert!(doc
        .meta
        .published_confidence
        .is_some_and(|c| c > 0.0 && c < 1.0));
    assert!(doc
        .meta
        .origins
        .get("published")
        .is_some_and(|o| o.starts_with("inferred:")));
    assert!(doc.diagnostics.iter().any(|d| d.stage == "time"));
    assert_eq!(
        value_at(&doc, "Monday (21.02)").as_deref(),
        Some("2022-02-21")
    );
}

#[test]
fn seed_000_late_october_2016() {
    let Some(doc) = seed("000", None) else {
        eprintln!("skipped: seeds not found under {}", shared().display());
        return;
    };
    let published = doc.meta.published;
    for d in &doc.diagnostics {
        eprintln!("{}: {}", d.stage, d.message);
    }
    assert!(
        published.is_some_and(
            |d| d >= NaiveDate::from_ymd_opt(2016, 10, 20).unwrap_or_default()
                && d <= NaiveDate::from_ymd_opt(2016, 10, 31).unwrap_or_default()
        ),
        "published {published:?}"
    );
    assert_eq!(value_at(&doc, "in 2017").as_deref(), Some("2017"));
}
