//! JSON Lines (one article per line, streamed) and whole JSON documents (an array of
//! article objects). Fields: text|body|content, title, url, published|date, outlet|source,
//! authors (array or string); HTML in the text field is converted to text.

use std::io::BufRead;

use dossier_core::{Meta, PublishedFrom, RawArticle, SourceFormat};
use serde_json::{Map, Value};

use crate::date::parse_date;
use crate::decode::{decode, normalise_newlines, Decoded};
use crate::html::{html_to_text, looks_like_html, person_names, read_html};
use crate::read::Sink;
use crate::read::{push_article, read_bounded_line, LineRead, StreamContext};
use crate::skip::{SkipReason, Skipped};

/// Text fields, best first.
const TEXT_FIELDS: &[&str] = &["text", "body", "content", "maintext", "article", "html"];
/// Title fields.
const TITLE_FIELDS: &[&str] = &["title", "headline"];
/// Address fields.
const URL_FIELDS: &[&str] = &["url", "link", "uri", "canonical_url"];
/// Date fields.
const DATE_FIELDS: &[&str] = &[
    "published",
    "date",
    "published_at",
    "publish_date",
    "pubdate",
    "date_published",
    "datepublished",
    "created_at",
];
/// Outlet fields.
const OUTLET_FIELDS: &[&str] = &[
    "outlet",
    "source",
    "site",
    "site_name",
    "publisher",
    "domain",
];
/// Author fields.
const AUTHOR_FIELDS: &[&str] = &["authors", "author", "byline", "creator"];
/// Language fields.
const LANGUAGE_FIELDS: &[&str] = &["language", "lang"];

/// Streams a JSON Lines input: one article per line, each line bounded by
/// `max_article_bytes`; a bad line is reported as `file#LINE` and the rest are read.
pub(crate) fn read_lines(reader: &mut dyn BufRead, ctx: &StreamContext<'_>, out: &mut Sink<'_>) {
    let mut buf = Vec::new();
    let mut line_no: u64 = 0;
    loop {
        line_no += 1;
        let source = format!("{}#{line_no}", ctx.name);
        match read_bounded_line(reader, &mut buf, ctx.options.max_article_bytes) {
            Ok(LineRead::Eof) => break,
            Ok(LineRead::TooLong(size)) => out.skipped.push(Skipped::new(
                source,
                SkipReason::TooLarge {
                    size,
                    limit: ctx.options.max_article_bytes,
                },
            )),
            Ok(LineRead::Line) => read_line(&buf, source, out),
            Err(err) => {
                out.skipped.push(ctx.stream_error(source, &err));
                break;
            }
        }
    }
}

/// Reads one JSON line into an article, or a skip entry.
fn read_line(bytes: &[u8], source: String, out: &mut Sink<'_>) {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        // Blank lines separate nothing in JSON Lines; they are not records.
        return;
    }
    let text = match decode(bytes, None) {
        Decoded::Text { text, fallback_at } => {
            if let Some(at) = fallback_at {
                out.warnings
                    .push(Skipped::new(source.clone(), SkipReason::InvalidUtf8 { at }));
            }
            text
        }
        Decoded::Binary => {
            out.skipped.push(Skipped::new(source, SkipReason::Binary));
            return;
        }
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => read_object(&map, source, SourceFormat::Jsonl, out),
        Ok(_) => out.skipped.push(Skipped::new(
            source,
            SkipReason::BadRecord {
                detail: "line is not a json object".to_string(),
            },
        )),
        Err(err) => out.skipped.push(Skipped::new(
            source,
            SkipReason::BadJson {
                error: err.to_string(),
            },
        )),
    }
}

/// Reads a whole JSON document: an array of article objects (item N is `file#N`), or a
/// single article object.
pub(crate) fn read_document(text: &str, ctx: &StreamContext<'_>, out: &mut Sink<'_>) {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => {
            for (idx, item) in items.iter().enumerate() {
                let source = format!("{}#{}", ctx.name, idx + 1);
                match item {
                    Value::Object(map) => read_object(map, source, SourceFormat::Jsonl, out),
                    _ => out.skipped.push(Skipped::new(
                        source,
                        SkipReason::BadRecord {
                            detail: "array item is not a json object".to_string(),
                        },
                    )),
                }
            }
        }
        Ok(Value::Object(map)) => read_object(&map, ctx.name.to_string(), SourceFormat::Jsonl, out),
        Ok(_) => out.skipped.push(Skipped::new(
            ctx.name,
            SkipReason::BadRecord {
                detail: "json document is neither an object nor an array".to_string(),
            },
        )),
        Err(err) => out.skipped.push(Skipped::new(
            ctx.name,
            SkipReason::BadJson {
                error: err.to_string(),
            },
        )),
    }
}

/// The first field of `keys` present in `map` (keys compared case-insensitively).
fn field<'a>(
    map: &'a Map<String, Value>,
    keys: &[&'static str],
) -> Option<(&'static str, &'a Value)> {
    keys.iter().find_map(|key| {
        map.iter()
            .find(|(name, value)| name.eq_ignore_ascii_case(key) && !value.is_null())
            .map(|(_, value)| (*key, value))
    })
}

/// A string value (or an object's `name`), trimmed and non-empty.
fn string_of(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Object(map) => map.get("name").and_then(Value::as_str)?.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// Builds an article from one JSON object.
fn read_object(map: &Map<String, Value>, source: String, format: SourceFormat, out: &mut Sink<'_>) {
    let Some((text_key, text_value)) = field(map, TEXT_FIELDS) else {
        out.skipped.push(Skipped::new(
            source,
            SkipReason::BadRecord {
                detail: "no text, body or content field".to_string(),
            },
        ));
        return;
    };
    let Some(raw_text) = text_value.as_str() else {
        out.skipped.push(Skipped::new(
            source,
            SkipReason::BadRecord {
                detail: format!("field `{text_key}` is not a string"),
            },
        ));
        return;
    };
    if raw_text.trim().is_empty() {
        out.skipped.push(Skipped::new(source, SkipReason::Empty));
        return;
    }
    let mut meta = Meta {
        source_path: source.clone(),
        format,
        ..Meta::default()
    };
    let mut removed = Vec::new();
    let body = if is_full_page(raw_text) {
        // A whole page: its own metadata fills what the JSON fields do not give below.
        let page = read_html(raw_text, &source, format, &mut out.warnings);
        meta = page.meta;
        removed = page.removed;
        page.body
    } else if looks_like_html(raw_text) {
        html_to_text(raw_text)
    } else {
        normalise_newlines(raw_text)
    };

    if let Some((key, value)) = field(map, TITLE_FIELDS) {
        if let Some(title) = string_of(value) {
            meta.title = Some(title);
            meta.set_origin("title", format!("jsonl:{key}"));
        }
    }
    if let Some((key, value)) = field(map, URL_FIELDS) {
        if let Some(url) = string_of(value) {
            meta.url = Some(url);
            meta.set_origin("url", format!("jsonl:{key}"));
        }
    }
    if let Some((key, date)) = DATE_FIELDS.iter().find_map(|key| {
        field(map, &[key])
            .and_then(|(k, v)| string_of(v).and_then(|s| parse_date(&s)).map(|d| (k, d)))
    }) {
        meta.published = Some(date);
        meta.published_from = Some(PublishedFrom::Metadata);
        meta.set_origin("published", format!("jsonl:{key}"));
    }
    if let Some((key, value)) = field(map, OUTLET_FIELDS) {
        if let Some(outlet) = string_of(value) {
            meta.outlet = Some(outlet);
            meta.set_origin("outlet", format!("jsonl:{key}"));
        }
    }
    if let Some((key, value)) = field(map, AUTHOR_FIELDS) {
        let authors = person_names(value);
        if !authors.is_empty() {
            meta.authors = authors;
            meta.set_origin("authors", format!("jsonl:{key}"));
        }
    }
    if let Some((key, value)) = field(map, LANGUAGE_FIELDS) {
        if let Some(language) = string_of(value) {
            meta.language = Some(language.to_ascii_lowercase());
            meta.set_origin("language", format!("jsonl:{key}"));
        }
    }
    meta.source_path = source.clone();
    meta.format = format;
    push_article(
        RawArticle {
            meta,
            body,
            removed,
        },
        source,
        out,
    );
}

/// True when a text field holds a whole HTML page rather than a fragment.
fn is_full_page(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    head.contains("<html") || head.contains("<!doctype html") || head.contains("<body")
}
