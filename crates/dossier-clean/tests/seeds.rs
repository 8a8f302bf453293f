//! Cleaning the five seed articles of the shared corpus: titles, bylines, dates and outlets
//! found, all their boilerplate removed with reasons, every body line kept.
//!
//! The seeds are third-party text, so they are read at run time from the shared folder
//! (`DOSSIER_SHARED`, else `<workspace>/../shared`) and only short identifying fragments
//! appear here. When the folder is absent the test prints why and passes.

use std::path::PathBuf;

use chrono::NaiveDate;
use dossier_core::{Doc, Meta, RawArticle, RemovedReason};

/// The shared folder, if present.
fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("DOSSIER_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    dir.join("corpus/seeds").is_dir().then_some(dir)
}

/// The seed whose file name starts with `prefix`, cleaned; `None` when the seeds are absent.
fn seed(prefix: &str) -> Option<(String, Doc)> {
    let Some(dir) = shared_dir() else {
        println!("skipped: shared corpus not found (set DOSSIER_SHARED)");
        return None;
    };
    let seeds = dir.join("corpus/seeds");
    let entries = std::fs::read_dir(&seeds).ok()?;
    let path = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(prefix))
        });
    let Some(path) = path else {
        println!("skipped: no seed {prefix}_* in {}", seeds.display());
        return None;
    };
    let body = std::fs::read_to_string(&path).ok()?;
    let raw = RawArticle {
        meta: Meta {
            source_path: path.display().to_string(),
            ..Meta::default()
        },
        body: body.clone(),
        removed: Vec::new(),
    };
    match dossier_clean::clean(raw) {
        Ok(doc) => Some((body, doc)),
        Err(err) => panic!("{prefix}: {err}"),
    }
}

/// Asserts that a block containing `fragment` was removed for `reason`.
fn assert_removed(doc: &Doc, reason: RemovedReason, fragment: &str) {
    let found = doc
        .removed
        .iter()
        .any(|block| block.reason == reason && block.text.contains(fragment));
    let got: Vec<(&str, String)> = doc
        .removed
        .iter()
        .map(|block| (block.reason.as_str(), block.text.chars().take(40).collect()))
        .collect();
    assert!(
        found,
        "expected {reason:?} block with {fragment:?}; got {got:?}"
    );
    assert!(
        !doc.text.contains(fragment),
        "{fragment:?} still in the text"
    );
}

/// Asserts the body: every normalised line from the one starting with `first` to the one
/// starting with `last` is in the cleaned text, the text starts and ends with them, and
/// every other line of the source is in some removed block. Lines inside the body that
/// contain one of `removed_inside` are expected among the removed blocks instead.
fn assert_body(raw: &str, doc: &Doc, first: &str, last: &str, removed_inside: &[&str]) {
    let normalized = dossier_clean::normalize(raw);
    let lines: Vec<&str> = normalized.lines().filter(|l| !l.is_empty()).collect();
    let start = lines.iter().position(|l| l.starts_with(first));
    let end = lines.iter().rposition(|l| l.starts_with(last));
    let (Some(start), Some(end)) = (start, end) else {
        panic!("body markers {first:?} / {last:?} not found in the source");
    };
    for (idx, line) in lines.iter().enumerate() {
        let expected_removed = removed_inside.iter().any(|f| line.contains(f));
        if (start..=end).contains(&idx) && !expected_removed {
            assert!(doc.text.contains(line), "body line lost: {line:?}");
        } else {
            let in_removed = doc.removed.iter().any(|block| block.text.contains(line));
            assert!(in_removed, "line neither kept nor recorded: {line:?}");
        }
    }
    assert!(
        doc.text.starts_with(first),
        "text starts with something else"
    );
    let last_para = doc.paragraphs.last().map(|p| doc.slice(*p)).unwrap_or("");
    assert!(last_para.starts_with(last), "text ends with {last_para:?}");
    for block in &doc.removed {
        assert!(block.at as usize <= doc.text.chars().count());
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn seed_000_title_byline_outlet_footer() {
    let Some((raw, doc)) = seed("000") else {
        return;
    };
    assert!(doc
        .meta
        .title
        .as_deref()
        .is_some_and(|t| t.starts_with("Russia Security Chief")));
    assert_eq!(doc.meta.authors, ["Dusica Tomovic", "Milivoje Pantovic"]);
    assert_eq!(
        doc.meta.origins.get("authors").map(String::as_str),
        Some("text:byline")
    );
    assert!(doc
        .meta
        .outlet
        .as_deref()
        .is_some_and(|o| o.contains("Balkan Insight")));
    assert_eq!(doc.meta.published, None);
    let n_titles = doc
        .removed
        .iter()
        .filter(|b| b.reason == RemovedReason::Title)
        .count();
    assert_eq!(n_titles, 1, "the title and its repeat form one block");
    assert_removed(&doc, RemovedReason::Title, "Advocates Closer Ties");
    assert_removed(&doc, RemovedReason::Byline, "By Dusica");
    assert_removed(&doc, RemovedReason::SourceLine, "The Balkan Insight");
    assert_removed(&doc, RemovedReason::Bookmark, "Bookmark/Search");
    assert_body(
        &raw,
        &doc,
        "Russian Security Council chief",
        "They do want Montenegro",
        &[],
    );
}

#[test]
fn seed_001_closing_source_line_and_widgets() {
    let Some((raw, doc)) = seed("001") else {
        return;
    };
    assert!(doc
        .meta
        .title
        .as_deref()
        .is_some_and(|t| t.starts_with("Patrushev meets")));
    assert_eq!(doc.meta.published, date(2016, 10, 26));
    assert_eq!(
        doc.meta.published_from,
        Some(dossier_core::PublishedFrom::Text)
    );
    assert_eq!(
        doc.meta.origins.get("published").map(String::as_str),
        Some("text:source_line")
    );
    assert_eq!(doc.meta.outlet.as_deref(), Some("B92"));
    assert_removed(&doc, RemovedReason::SourceLine, "(B92,");
    assert_removed(&doc, RemovedReason::Donation, "small favour");
    assert_removed(&doc, RemovedReason::Donation, "Since 2013");
    assert_removed(&doc, RemovedReason::LanguageSwitch, "also available in");
    assert_removed(&doc, RemovedReason::Share, "Share this post");
    assert_removed(&doc, RemovedReason::Comments, "Leave a Reply");
    assert_removed(&doc, RemovedReason::Comments, "Required fields");
    assert_removed(&doc, RemovedReason::Navigation, "scroll to top");
    assert_body(
        &raw,
        &doc,
        "Russia’s top security official",
        "“It is our task",
        &[],
    );
}

#[test]
fn seed_002_title_only() {
    let Some((raw, doc)) = seed("002") else {
        return;
    };
    assert!(doc
        .meta
        .title
        .as_deref()
        .is_some_and(|t| t.starts_with("Putin Sends")));
    // "Monday (21.02)" has no year: no date is guessed.
    assert_eq!(doc.meta.published, None);
    assert_eq!(doc.removed.len(), 1);
    assert_body(
        &raw,
        &doc,
        "Russian President Vladimir Putin",
        "Western officials",
        &[],
    );
}

#[test]
fn seed_003_date_line_outlet_line_and_url() {
    let Some((raw, doc)) = seed("003") else {
        return;
    };
    assert!(doc
        .meta
        .title
        .as_deref()
        .is_some_and(|t| t.starts_with("SERBIA-RUSSIA")));
    assert_eq!(doc.meta.published, date(2018, 3, 12));
    assert_eq!(
        doc.meta.published_from,
        Some(dossier_core::PublishedFrom::Text)
    );
    assert_eq!(doc.meta.outlet.as_deref(), Some("Balkan Insight"));
    assert!(doc
        .meta
        .url
        .as_deref()
        .is_some_and(|u| u.starts_with("http://www.balkaninsight.com/")));
    assert_removed(&doc, RemovedReason::Dateline, "12.03.2018");
    assert_removed(&doc, RemovedReason::SourceLine, "(12 March 2018)");
    assert_removed(&doc, RemovedReason::Url, "<http://");
    assert!(doc
        .removed
        .iter()
        .any(|b| b.reason == RemovedReason::Navigation && b.text == "-"));
    assert_body(
        &raw,
        &doc,
        "An agreement between",
        "Djordjevic said it would",
        &[],
    );
}

#[test]
fn seed_004_crumbs_appeal_related_lists() {
    let Some((raw, doc)) = seed("004") else {
        return;
    };
    assert!(doc
        .meta
        .title
        .as_deref()
        .is_some_and(|t| t.starts_with("Moscow is wary")));
    assert_eq!(doc.meta.published, None);
    assert_removed(&doc, RemovedReason::Navigation, "Foreign policy");
    assert_removed(&doc, RemovedReason::Navigation, "Russia - World");
    assert_removed(&doc, RemovedReason::LanguageSwitch, "Читать на");
    assert_removed(&doc, RemovedReason::Related, "Top reads");
    assert_removed(&doc, RemovedReason::Related, "Not a New Axis");
    assert_removed(&doc, RemovedReason::Donation, "feel forced");
    assert_removed(&doc, RemovedReason::Related, "Read also");
    assert_removed(&doc, RemovedReason::Related, "March Mertz?");
    assert_removed(&doc, RemovedReason::Related, "Precarious Diversification");
    assert_removed(&doc, RemovedReason::Navigation, "Search");
    assert_body(
        &raw,
        &doc,
        "Serbia is attempting",
        "In fact, the best thing",
        &["Читать на"],
    );
}
