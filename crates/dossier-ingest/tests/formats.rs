//! One test per input format, on fixtures written for dossier (tests/fixtures) or built here.

use chrono::NaiveDate;
use dossier_core::{PublishedFrom, RemovedReason, SourceFormat};
use dossier_ingest::{discover, read_item, ReadOptions};

use crate::util::{fixture, gzip, read, temp_dir, write};

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn plain_text_without_extension() {
    let dir = temp_dir();
    let path = write(
        dir.path(),
        "story",
        "First paragraph\nstill first.\r\n\r\nSecond.\n",
    );
    let outcome = read(&path);
    assert_eq!(outcome.articles.len(), 1);
    let article = &outcome.articles[0];
    assert_eq!(article.body, "First paragraph\nstill first.\n\nSecond.");
    assert_eq!(article.meta.format, SourceFormat::Text);
    assert_eq!(article.meta.source_path, path.display().to_string());
    assert!(outcome.skipped.is_empty() && outcome.warnings.is_empty());
}

#[test]
fn markdown_heading_becomes_title() {
    let dir = temp_dir();
    let path = write(
        dir.path(),
        "note.md",
        "# Bridge tolls to rise\n\nThe toll on the *east* bridge rises by [ten cents](https://x.example).\n\n* Cars pay more\n* Bikes stay free\n",
    );
    let article = &read(&path).articles[0];
    assert_eq!(article.meta.title.as_deref(), Some("Bridge tolls to rise"));
    assert_eq!(article.meta.origins["title"], "markdown:heading");
    assert_eq!(
        article.body,
        "The toll on the east bridge rises by ten cents.\n\nCars pay more\n\nBikes stay free"
    );
    assert_eq!(article.meta.format, SourceFormat::Markdown);
}

#[test]
fn html_page_main_text_metadata_and_furniture() {
    let outcome = read(&fixture("article.html"));
    assert_eq!(outcome.articles.len(), 1, "{:?}", outcome.skipped);
    let article = &outcome.articles[0];
    assert_eq!(article.meta.format, SourceFormat::Html);
    assert_eq!(
        article.meta.title.as_deref(),
        Some("Stadtrat beschließt neuen Radweg")
    );
    assert_eq!(article.meta.origins["title"], "html:og:title");
    assert_eq!(article.meta.outlet.as_deref(), Some("Beispielzeitung"));
    assert_eq!(article.meta.published, date(2021, 6, 15));
    assert_eq!(article.meta.origins["published"], "html:date");
    assert_eq!(article.meta.authors, ["Jana Beispiel"]);
    assert_eq!(
        article.meta.url.as_deref(),
        Some("https://zeitung.example/radweg")
    );
    assert_eq!(article.meta.language.as_deref(), Some("de"));
    assert!(
        article
            .body
            .contains("Uferstraße beschlossen.\n\nDie Arbeiten"),
        "{}",
        article.body
    );
    assert!(!article.body.contains("Impressum"), "{}", article.body);
    let furniture: Vec<&str> = article
        .removed
        .iter()
        .filter(|r| r.reason == RemovedReason::PageFurniture)
        .map(|r| r.text.as_str())
        .collect();
    assert!(
        furniture.iter().any(|t| t.contains("Impressum")),
        "{furniture:?}"
    );
    assert!(
        furniture.iter().any(|t| t.contains("Lokales")),
        "{furniture:?}"
    );
}

#[test]
fn jsonl_lines_are_articles_and_bad_lines_are_named() {
    let path = fixture("articles.jsonl");
    let outcome = read(&path);
    let name = path.display().to_string();
    assert_eq!(outcome.articles.len(), 3, "{:?}", outcome.skipped);
    let first = &outcome.articles[0];
    assert_eq!(first.meta.source_path, format!("{name}#1"));
    assert_eq!(first.meta.format, SourceFormat::Jsonl);
    assert_eq!(
        first.meta.title.as_deref(),
        Some("Council approves cycle lanes")
    );
    assert_eq!(first.meta.published, date(2022, 3, 1));
    assert_eq!(first.meta.published_from, Some(PublishedFrom::Metadata));
    assert_eq!(first.meta.origins["published"], "jsonl:published");
    assert_eq!(first.meta.outlet.as_deref(), Some("Town Crier"));
    assert_eq!(first.meta.authors, ["Ivo Ranta", "Mae Sol"]);
    assert_eq!(
        first.body,
        "The council voted to paint cycle lanes on the main road.\n\nWork starts in spring."
    );
    let second = &outcome.articles[1];
    assert_eq!(
        second.body,
        "A family bakery won the regional bread prize.\n\nIts rye loaf impressed the judges."
    );
    assert_eq!(second.meta.title.as_deref(), Some("Bakery wins prize"));
    assert_eq!(second.meta.outlet.as_deref(), Some("Town Crier"));
    assert_eq!(second.meta.published, date(2022, 3, 3));
    assert_eq!(second.meta.authors, ["Ivo Ranta"]);
    let third = &outcome.articles[2];
    assert_eq!(third.meta.source_path, format!("{name}#8"));
    assert_eq!(third.meta.published, date(2022, 3, 5));
    let skipped: Vec<(String, &str)> = outcome
        .skipped
        .iter()
        .map(|s| (s.source.replace(&name, ""), s.reason.kind()))
        .collect();
    assert_eq!(
        skipped,
        [
            ("#3".to_string(), "bad-json"),
            ("#4".to_string(), "bad-record"),
            ("#5".to_string(), "bad-record"),
            ("#6".to_string(), "empty"),
        ]
    );
}

#[test]
fn gzipped_jsonl_is_read() {
    let dir = temp_dir();
    let plain = std::fs::read(fixture("articles.jsonl")).unwrap_or_default();
    let path = write(dir.path(), "articles.jsonl.gz", gzip(&plain));
    let outcome = read(&path);
    assert_eq!(outcome.articles.len(), 3);
    assert_eq!(outcome.skipped.len(), 4);
}

#[test]
fn json_array_document_is_read() {
    let dir = temp_dir();
    let path = write(
        dir.path(),
        "batch.json",
        r#"[{"text": "One article.", "title": "One"}, 5, {"text": "Two articles."}]"#,
    );
    let outcome = read(&path);
    assert_eq!(outcome.articles.len(), 2);
    assert!(outcome.articles[1]
        .meta
        .source_path
        .ends_with("batch.json#3"));
    assert_eq!(outcome.skipped.len(), 1);
}

/// A WARC record with the given type, target and block.
pub fn warc_record(record_type: &str, uri: &str, block: &str) -> String {
    format!(
        "WARC/1.0\r\nWARC-Type: {record_type}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2023-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
        block.len()
    )
}

/// An HTTP response carrying a small HTML page.
pub fn http_page(body_paragraph: &str) -> String {
    let html = format!(
        "<html><head><title>T</title><meta property=\"og:title\" content=\"Page title\"></head><body><article><p>{body_paragraph}</p><p>A second paragraph with enough words to count as the main text of this test page.</p></article></body></html>"
    );
    format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}", html.len())
}

fn sample_warc() -> String {
    let mut warc = String::new();
    warc.push_str(&warc_record("warcinfo", "", "software: test\r\n"));
    warc.push_str(&warc_record(
        "request",
        "https://a.example/one",
        "GET /one HTTP/1.1\r\n\r\n",
    ));
    warc.push_str(&warc_record(
        "response",
        "https://a.example/one",
        &http_page(
            "The first crawled page tells of a storm that closed the coastal road for a day.",
        ),
    ));
    warc.push_str(&warc_record(
        "response",
        "https://a.example/style.css",
        "HTTP/1.1 200 OK\r\nContent-Type: text/css\r\n\r\nbody{}",
    ));
    warc.push_str(&warc_record(
        "response",
        "https://a.example/two",
        &http_page("The second crawled page reports that the road reopened after the clean-up."),
    ));
    warc
}

#[test]
fn warc_responses_become_articles() {
    let dir = temp_dir();
    let path = write(dir.path(), "crawl.warc", sample_warc());
    let outcome = read(&path);
    assert_eq!(outcome.articles.len(), 2, "{:?}", outcome.skipped);
    assert!(outcome.skipped.is_empty(), "{:?}", outcome.skipped);
    let first = &outcome.articles[0];
    assert!(first.meta.source_path.ends_with("crawl.warc#3"));
    assert_eq!(first.meta.format, SourceFormat::Warc);
    assert_eq!(first.meta.url.as_deref(), Some("https://a.example/one"));
    assert_eq!(first.meta.origins["url"], "warc:target-uri");
    assert_eq!(first.meta.title.as_deref(), Some("Page title"));
    assert!(first.body.contains("storm that closed"), "{}", first.body);
    assert!(outcome.articles[1]
        .meta
        .source_path
        .ends_with("crawl.warc#5"));
}

#[test]
fn multi_member_gzip_warc_is_read() {
    let dir = temp_dir();
    // Each record in its own gzip member, as crawlers write them.
    let mut bytes = Vec::new();
    let warc = sample_warc();
    for record in warc.split_inclusive("\r\n\r\n\r\n") {
        bytes.extend(gzip(record.as_bytes()));
    }
    let path = write(dir.path(), "crawl.warc.gz", &bytes);
    let outcome = read(&path);
    assert_eq!(outcome.articles.len(), 2, "{:?}", outcome.skipped);
}

#[test]
fn truncated_warc_keeps_earlier_records() {
    let dir = temp_dir();
    let warc = sample_warc();
    let cut = warc.len() - 60;
    let path = write(dir.path(), "cut.warc", &warc.as_bytes()[..cut]);
    let outcome = read(&path);
    assert_eq!(outcome.articles.len(), 2, "{:?}", outcome.skipped);
    assert_eq!(outcome.skipped.len(), 1);
    assert_eq!(outcome.skipped[0].reason.kind(), "truncated-record");
    assert!(outcome.skipped[0].source.ends_with("cut.warc#5"));

    let gz = gzip(warc.as_bytes());
    let path = write(dir.path(), "cut.warc.gz", &gz[..gz.len() * 2 / 3]);
    let outcome = read(&path);
    assert!(!outcome.articles.is_empty(), "{:?}", outcome.skipped);
    assert_eq!(outcome.skipped.len(), 1, "{:?}", outcome.skipped);
    assert_eq!(outcome.skipped[0].reason.kind(), "truncated-gzip");
}

#[test]
fn rss_items_are_articles() {
    let path = fixture("rss.xml");
    let outcome = read(&path);
    assert_eq!(outcome.articles.len(), 2, "{:?}", outcome.skipped);
    let first = &outcome.articles[0];
    assert_eq!(first.meta.format, SourceFormat::Feed);
    assert!(first.meta.source_path.ends_with("rss.xml#1"));
    assert_eq!(
        first.meta.title.as_deref(),
        Some("Orchard harvest starts early")
    );
    assert_eq!(
        first.meta.url.as_deref(),
        Some("https://gazette.example/orchard")
    );
    assert_eq!(first.meta.published, date(2023, 9, 5));
    assert_eq!(first.meta.authors, ["Pia Moreno"]);
    assert_eq!(first.meta.outlet.as_deref(), Some("Valley Gazette"));
    assert_eq!(first.meta.origins["outlet"], "feed:channel");
    assert!(
        first.body.starts_with("Growers in the upper valley"),
        "{}",
        first.body
    );
    assert!(first.body.contains(".\n\nA warm spring"), "{}", first.body);
    assert_eq!(
        outcome.articles[1].body,
        "The town library will stay open until nine on weekdays from October."
    );
    assert_eq!(outcome.skipped.len(), 1);
    assert_eq!(outcome.skipped[0].reason.kind(), "no-text");
    assert!(outcome.skipped[0].source.ends_with("rss.xml#3"));
}

#[test]
fn atom_entries_are_articles() {
    let outcome = read(&fixture("atom.xml"));
    assert_eq!(outcome.articles.len(), 1, "{:?}", outcome.skipped);
    let entry = &outcome.articles[0];
    assert_eq!(
        entry.meta.title.as_deref(),
        Some("New ferry enters service")
    );
    assert_eq!(entry.meta.published, date(2024, 2, 9));
    assert_eq!(entry.meta.authors, ["Tomas Reyes"]);
    assert_eq!(entry.meta.outlet.as_deref(), Some("Harbour Notes"));
    assert_eq!(
        entry.meta.url.as_deref(),
        Some("https://harbour.example/ferry")
    );
    assert_eq!(
        entry.body,
        "The island ferry made its first crossing with passengers on Friday.\n\nIt carries twice as many cars as the old boat."
    );
}

#[test]
fn manifest_values_win() {
    let dir = temp_dir();
    write(
        dir.path(),
        "page.html",
        std::fs::read(fixture("article.html")).unwrap_or_default(),
    );
    write(dir.path(), "notes.txt", "Just text.");
    write(
        dir.path(),
        "manifest.csv",
        "file,published,outlet,url,title,authors\npage.html,2020-01-02,Manifest Daily,https://m.example/p,Manifest title,A One;B Two\n",
    );
    let discovery = discover(&[dir.path().display().to_string()]);
    assert_eq!(discovery.items.len(), 2);
    // Sorted by name: notes.txt, then page.html.
    let outcome = read_item(&discovery.items[1], &ReadOptions::default());
    let meta = &outcome.articles[0].meta;
    assert_eq!(meta.title.as_deref(), Some("Manifest title"));
    assert_eq!(meta.outlet.as_deref(), Some("Manifest Daily"));
    assert_eq!(meta.published, date(2020, 1, 2));
    assert_eq!(meta.url.as_deref(), Some("https://m.example/p"));
    assert_eq!(meta.authors, ["A One", "B Two"]);
    assert!(
        meta.origins
            .values()
            .all(|o| o == "manifest" || o == "html:lang"),
        "{:?}",
        meta.origins
    );
    let notes = read_item(&discovery.items[0], &ReadOptions::default());
    assert_eq!(notes.articles[0].meta.title, None);
}

#[test]
fn malformed_manifest_is_a_warning() {
    let dir = temp_dir();
    write(dir.path(), "a.txt", "Text.");
    write(
        dir.path(),
        "manifest.csv",
        "name,title\na.txt,No file column\n",
    );
    let discovery = discover(&[dir.path().display().to_string()]);
    assert_eq!(discovery.items.len(), 1);
    assert_eq!(discovery.warnings.len(), 1);
    assert_eq!(discovery.warnings[0].reason.kind(), "bad-manifest");
    assert!(discovery.warnings[0].source.ends_with("manifest.csv"));
}

#[test]
fn streams_read_like_files() {
    let bytes = std::fs::read(fixture("articles.jsonl")).unwrap_or_default();
    let outcome = dossier_ingest::read_reader(
        std::io::Cursor::new(gzip(&bytes)),
        "-",
        &ReadOptions::default(),
    );
    assert_eq!(outcome.articles.len(), 3, "{:?}", outcome.skipped);
    assert_eq!(outcome.articles[0].meta.source_path, "-#1");
    let outcome =
        dossier_ingest::read_reader(&b"Piped plain text."[..], "-", &ReadOptions::default());
    assert_eq!(outcome.articles[0].meta.source_path, "-");
    assert_eq!(outcome.articles[0].body, "Piped plain text.");
}
