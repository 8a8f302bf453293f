//! Reading one input: opening it, gzip, format detection by extension and content, and
//! dispatch to the format readers. Whole-file formats are size-checked before reading.

use std::io::{BufRead, BufReader, Cursor, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use dossier_core::{RawArticle, SourceFormat};
use flate2::read::MultiGzDecoder;

use crate::decode::{decode, html_declared_encoding, looks_binary, Decoded};
use crate::skip::{SkipReason, Skipped};
use crate::{feed, html, jsonl, text, warc, InputItem, InputSource, ReadOptions, ReadOutcome};

/// How many bytes are looked at to detect the format.
const SNIFF_BYTES: usize = 16 * 1024;

/// The format an input was detected as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// An HTML page.
    Html,
    /// One JSON object per line.
    Jsonl,
    /// A whole JSON document (an array of article objects, or one object).
    JsonDocument,
    /// WARC records.
    Warc,
    /// RSS or Atom.
    Feed,
    /// Something dossier does not read; the text says what.
    Unsupported(String),
}

/// Where readers put what they find: articles go to a callback as soon as they are read,
/// skips and warnings are gathered.
pub(crate) struct Sink<'a> {
    /// Inputs or records left out.
    pub skipped: Vec<Skipped>,
    /// Repairs made.
    pub warnings: Vec<Skipped>,
    /// Receives each article.
    emit: &'a mut dyn FnMut(RawArticle),
}

impl<'a> Sink<'a> {
    /// A sink sending articles to `emit`.
    fn new(emit: &'a mut dyn FnMut(RawArticle)) -> Sink<'a> {
        Sink {
            skipped: Vec::new(),
            warnings: Vec::new(),
            emit,
        }
    }

    /// Hands one article on.
    fn article(&mut self, article: RawArticle) {
        (self.emit)(article);
    }

    /// The outcome without articles (they went to the callback).
    fn into_outcome(self) -> ReadOutcome {
        ReadOutcome {
            articles: Vec::new(),
            skipped: self.skipped,
            warnings: self.warnings,
        }
    }
}

/// Reads one input into raw articles. Never panics (a panic inside a parser becomes a
/// skipped entry) and reads nothing but this input.
///
/// All articles of the input are returned together; for very large containers prefer
/// [`read_item_each`], which hands each article on as soon as it is read.
pub fn read_item(item: &InputItem, options: &ReadOptions) -> ReadOutcome {
    let mut articles = Vec::new();
    let mut outcome = read_item_each(item, options, &mut |article| articles.push(article));
    outcome.articles = articles;
    outcome
}

/// Reads one input, calling `on_article` for each article as soon as it is read, so a
/// 100 MB JSON Lines or WARC file is processed in memory bounded by one article.
/// The returned outcome holds the skips and warnings; its `articles` is empty.
/// A manifest entry of the item is applied before each article is handed on.
pub fn read_item_each(
    item: &InputItem,
    options: &ReadOptions,
    on_article: &mut dyn FnMut(RawArticle),
) -> ReadOutcome {
    let name = item.display_name();
    let mut emit = |mut article: RawArticle| {
        if let Some(entry) = &item.manifest {
            entry.apply(&mut article.meta);
        }
        on_article(article);
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut sink = Sink::new(&mut emit);
        read_source(item, &name, options, &mut sink);
        sink.into_outcome()
    }));
    result.unwrap_or_else(|_| panicked(&name))
}

/// Reads an already open stream (a pipe, a socket, bytes in memory) as if it were a file
/// called `name`: the name's extension helps format detection and every `source_path`
/// starts with it. Same guarantees as [`read_item`]; no manifest applies.
pub fn read_reader(reader: impl Read, name: &str, options: &ReadOptions) -> ReadOutcome {
    let ext = extension(Path::new(name));
    let mut articles = Vec::new();
    let mut emit = |article: RawArticle| articles.push(article);
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut sink = Sink::new(&mut emit);
        read_stream(Box::new(reader), None, name, &ext, options, &mut sink);
        sink.into_outcome()
    }));
    let mut outcome = result.unwrap_or_else(|_| panicked(name));
    outcome.articles = articles;
    outcome
}

/// The outcome of an input whose parser panicked: one skipped entry naming it.
fn panicked(name: &str) -> ReadOutcome {
    ReadOutcome {
        skipped: vec![Skipped::new(
            name,
            SkipReason::BadRecord {
                detail: "a parser failed unexpectedly on this input".to_string(),
            },
        )],
        ..ReadOutcome::default()
    }
}

/// Opens the item and reads it.
fn read_source(item: &InputItem, name: &str, options: &ReadOptions, out: &mut Sink<'_>) {
    match &item.source {
        InputSource::Stdin => {
            read_stream(Box::new(std::io::stdin()), None, name, "", options, out);
        }
        InputSource::File(path) => {
            let file = match std::fs::File::open(path) {
                Ok(file) => file,
                Err(err) => {
                    out.skipped
                        .push(Skipped::new(name, crate::discover::io_reason(&err, path)));
                    return;
                }
            };
            let size = file.metadata().ok().map(|m| m.len());
            if file.metadata().is_ok_and(|m| m.is_dir()) {
                out.skipped.push(Skipped::new(
                    name,
                    SkipReason::Unsupported {
                        what: "a folder given as a file".to_string(),
                    },
                ));
                return;
            }
            let ext = extension(path);
            read_stream(Box::new(file), size, name, &ext, options, out);
        }
    }
}

/// The lowercase extension, without a trailing `.gz` (so `a.jsonl.gz` gives `jsonl`).
pub(crate) fn extension(path: &Path) -> String {
    let lower = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let stem = lower.strip_suffix(".gz").unwrap_or(&lower);
    match stem.rsplit_once('.') {
        Some((before, ext)) if !before.is_empty() => ext.to_string(),
        _ => String::new(),
    }
}

/// Reads the first bytes of a stream without losing them: returns the head and a reader
/// that yields the whole stream again.
fn peek<'a>(mut reader: Box<dyn Read + 'a>) -> std::io::Result<(Vec<u8>, Box<dyn Read + 'a>)> {
    let mut head = vec![0u8; SNIFF_BYTES];
    let mut filled = 0;
    while filled < head.len() {
        let Some(slot) = head.get_mut(filled..) else {
            break;
        };
        match reader.read(slot) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => {
                if filled == 0 {
                    return Err(err);
                }
                // Keep what came before the error; the reader reports it again later.
                break;
            }
        }
    }
    head.truncate(filled);
    let again: Box<dyn Read + 'a> = Box::new(Cursor::new(head.clone()).chain(reader));
    Ok((head, again))
}

/// Reads a stream: gzip is unwrapped, the format detected, and the right reader called.
fn read_stream<'a>(
    reader: Box<dyn Read + 'a>,
    size: Option<u64>,
    name: &str,
    ext: &str,
    options: &ReadOptions,
    out: &mut Sink<'_>,
) {
    let (head, reader) = match peek(reader) {
        Ok(peeked) => peeked,
        Err(err) => {
            out.skipped.push(Skipped::new(
                name,
                SkipReason::Unreadable {
                    error: err.to_string(),
                },
            ));
            return;
        }
    };
    if head.iter().all(u8::is_ascii_whitespace) {
        out.skipped.push(Skipped::new(name, SkipReason::Empty));
        return;
    }
    let is_gzip = head.starts_with(&[0x1F, 0x8B]);
    let (head, reader, size) = if is_gzip {
        let decoder: Box<dyn Read + 'a> = Box::new(MultiGzDecoder::new(reader));
        match peek(decoder) {
            Ok((head, reader)) => (head, reader, None),
            Err(err) => {
                out.skipped.push(Skipped::new(
                    name,
                    SkipReason::TruncatedGzip {
                        error: err.to_string(),
                    },
                ));
                return;
            }
        }
    } else {
        (head, reader, size)
    };
    if head.iter().all(u8::is_ascii_whitespace) {
        out.skipped.push(Skipped::new(name, SkipReason::Empty));
        return;
    }
    let ctx = StreamContext {
        name,
        is_gzip,
        options,
    };
    match detect(ext, &head) {
        Format::Unsupported(what) => {
            out.skipped
                .push(Skipped::new(name, SkipReason::Unsupported { what }));
        }
        _ if looks_binary(&head) => {
            out.skipped.push(Skipped::new(name, SkipReason::Binary));
        }
        Format::Jsonl => {
            let mut buffered = BufReader::with_capacity(64 * 1024, reader);
            jsonl::read_lines(&mut buffered, &ctx, out);
        }
        Format::Warc => {
            let mut buffered = BufReader::with_capacity(64 * 1024, reader);
            warc::read_records(&mut buffered, &ctx, out);
        }
        format => {
            let Some(bytes) = read_whole(reader, size, &ctx, out) else {
                return;
            };
            read_document(&format, &bytes, &ctx, out);
        }
    }
}

/// What the format readers need to know about the stream they read.
pub(crate) struct StreamContext<'a> {
    /// The input's display name, the prefix of every `source_path`.
    pub name: &'a str,
    /// True when the bytes came out of gzip (read errors then mean a truncated stream).
    pub is_gzip: bool,
    /// Limits.
    pub options: &'a ReadOptions,
}

impl StreamContext<'_> {
    /// The skip entry for a read error part-way through the stream.
    pub(crate) fn stream_error(&self, source: String, err: &std::io::Error) -> Skipped {
        if self.is_gzip {
            Skipped::new(
                source,
                SkipReason::TruncatedGzip {
                    error: err.to_string(),
                },
            )
        } else {
            Skipped::new(
                source,
                SkipReason::Unreadable {
                    error: err.to_string(),
                },
            )
        }
    }
}

/// Reads a whole document within `max_file_bytes`; `None` when it was skipped.
fn read_whole(
    reader: Box<dyn Read + '_>,
    size: Option<u64>,
    ctx: &StreamContext<'_>,
    out: &mut Sink<'_>,
) -> Option<Vec<u8>> {
    let limit = ctx.options.max_file_bytes;
    if let Some(size) = size.filter(|&size| size > limit) {
        out.skipped
            .push(Skipped::new(ctx.name, SkipReason::TooLarge { size, limit }));
        return None;
    }
    let mut bytes = Vec::new();
    let mut limited = reader.take(limit.saturating_add(1));
    if let Err(err) = limited.read_to_end(&mut bytes) {
        out.skipped
            .push(ctx.stream_error(ctx.name.to_string(), &err));
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
    }
    if bytes.len() as u64 > limit {
        out.skipped.push(Skipped::new(
            ctx.name,
            SkipReason::TooLarge {
                size: bytes.len() as u64,
                limit,
            },
        ));
        return None;
    }
    Some(bytes)
}

/// Decodes a whole document and reads it in its format.
fn read_document(format: &Format, bytes: &[u8], ctx: &StreamContext<'_>, out: &mut Sink<'_>) {
    let name = ctx.name;
    if *format == Format::Feed {
        feed::read_feed(bytes, ctx, out);
        return;
    }
    let declared = if *format == Format::Html {
        html_declared_encoding(bytes)
    } else {
        None
    };
    let (decoded, fallback_at) = match decode(bytes, declared) {
        Decoded::Text { text, fallback_at } => (text, fallback_at),
        Decoded::Binary => {
            out.skipped.push(Skipped::new(name, SkipReason::Binary));
            return;
        }
    };
    if let Some(at) = fallback_at {
        out.warnings
            .push(Skipped::new(name, SkipReason::InvalidUtf8 { at }));
    }
    if decoded.trim().is_empty() {
        out.skipped.push(Skipped::new(name, SkipReason::Empty));
        return;
    }
    let article = match format {
        Format::Markdown => text::read_markdown(&decoded, name),
        Format::Html => html::read_html(&decoded, name, SourceFormat::Html, &mut out.warnings),
        Format::JsonDocument => {
            jsonl::read_document(&decoded, ctx, out);
            return;
        }
        _ => text::read_plain(&decoded, name),
    };
    push_article(article, name.to_string(), out);
}

/// Keeps an article with text, or reports it as having none.
pub(crate) fn push_article(article: RawArticle, source: String, out: &mut Sink<'_>) {
    if article.body.trim().is_empty() {
        out.skipped.push(Skipped::new(source, SkipReason::NoText));
    } else {
        out.article(article);
    }
}

/// Extensions that are never text.
const UNSUPPORTED_EXTENSIONS: &[(&str, &str)] = &[
    ("pdf", "pdf document"),
    ("doc", "word document"),
    ("docx", "word document"),
    ("odt", "opendocument text"),
    ("rtf", "rich text document"),
    ("xls", "spreadsheet"),
    ("xlsx", "spreadsheet"),
    ("ods", "spreadsheet"),
    ("ppt", "presentation"),
    ("pptx", "presentation"),
    ("odp", "presentation"),
    ("epub", "e-book"),
    ("png", "image"),
    ("jpg", "image"),
    ("jpeg", "image"),
    ("gif", "image"),
    ("webp", "image"),
    ("bmp", "image"),
    ("tif", "image"),
    ("tiff", "image"),
    ("ico", "image"),
    ("svg", "svg image"),
    ("mp3", "audio"),
    ("wav", "audio"),
    ("ogg", "audio"),
    ("mp4", "video"),
    ("mov", "video"),
    ("avi", "video"),
    ("webm", "video"),
    ("zip", "zip archive"),
    ("tar", "tar archive"),
    ("7z", "7z archive"),
    ("rar", "rar archive"),
    ("bz2", "bzip2 archive"),
    ("xz", "xz archive"),
    ("zst", "zstd archive"),
    ("exe", "executable"),
    ("dll", "executable"),
    ("so", "shared library"),
    ("woff", "font"),
    ("woff2", "font"),
    ("ttf", "font"),
    ("sqlite", "database"),
    ("db", "database"),
];

/// Magic numbers of binary formats dossier does not read.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF", "pdf document"),
    (b"PK\x03\x04", "zip archive (docx, odt, epub, ...)"),
    (b"\xD0\xCF\x11\xE0", "ole document (doc, xls, ppt)"),
    (b"{\\rtf", "rich text document"),
    (b"\x89PNG", "png image"),
    (b"GIF8", "gif image"),
    (b"\xFF\xD8\xFF", "jpeg image"),
    (b"RIFF", "riff media (webp, wav, avi)"),
    (b"7z\xBC\xAF", "7z archive"),
    (b"Rar!", "rar archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xFD7zXZ\x00", "xz archive"),
    (b"\x28\xB5\x2F\xFD", "zstd archive"),
    (b"SQLite format 3", "sqlite database"),
    (b"\x7FELF", "executable"),
];

/// Detects the format from the (decompressed) first bytes and the extension.
/// Content wins where it is unambiguous (WARC, feeds, HTML, binary signatures);
/// the extension decides between plain text and Markdown.
pub(crate) fn detect(ext: &str, head: &[u8]) -> Format {
    for (magic, what) in MAGIC {
        if head.starts_with(magic) {
            return Format::Unsupported(what.to_string());
        }
    }
    if let Some((_, what)) = UNSUPPORTED_EXTENSIONS.iter().find(|(e, _)| *e == ext) {
        return Format::Unsupported(format!("{what} (.{ext})"));
    }
    let sniff = sniff_text(head);
    let start = sniff.trim_start();
    if start.starts_with("warc/1.") || start.starts_with("warc/0.") {
        return Format::Warc;
    }
    if ext == "warc" {
        return Format::Warc;
    }
    if start.starts_with('<') {
        let window: String = start.chars().take(2048).collect();
        let body_start = skip_prolog(&window);
        if body_start.starts_with("<rss")
            || body_start.starts_with("<feed")
            || body_start.starts_with("<rdf:rdf")
        {
            return Format::Feed;
        }
        if body_start.starts_with("<!doctype html")
            || body_start.starts_with("<html")
            || window.contains("<body")
            || window.contains("<head")
            || matches!(
                ext,
                "html" | "htm" | "xhtml" | "shtml" | "php" | "asp" | "aspx"
            )
        {
            return Format::Html;
        }
        if matches!(ext, "xml" | "rss" | "atom") {
            return Format::Unsupported("xml document that is not an rss or atom feed".into());
        }
        if body_start.starts_with("<p")
            || body_start.starts_with("<div")
            || body_start.starts_with("<article")
        {
            return Format::Html;
        }
    }
    if matches!(ext, "html" | "htm" | "xhtml") {
        return Format::Html;
    }
    if matches!(ext, "rss" | "atom") {
        return Format::Feed;
    }
    if start.starts_with('{') {
        let first_line = start.lines().next().unwrap_or("");
        let parses = serde_json::from_str::<serde_json::Value>(first_line)
            .map(|v| v.is_object())
            .unwrap_or(false);
        if parses || matches!(ext, "jsonl" | "ndjson") {
            return Format::Jsonl;
        }
        if ext == "json" {
            return Format::JsonDocument;
        }
    }
    if start.starts_with('[') && ext == "json" {
        return Format::JsonDocument;
    }
    if matches!(ext, "jsonl" | "ndjson") {
        return Format::Jsonl;
    }
    if matches!(ext, "md" | "markdown" | "mdown" | "mkd" | "mkdn") {
        return Format::Markdown;
    }
    // Without an extension (standard input, bare names), an opening `# Heading` or YAML
    // front matter is taken as Markdown.
    if ext.is_empty() && (start.starts_with("# ") || start.starts_with("---\ntitle:")) {
        return Format::Markdown;
    }
    Format::Text
}

/// The head as lowercase text for sniffing (UTF-16 decoded, byte-order mark dropped).
fn sniff_text(head: &[u8]) -> String {
    let text = match decode(head, None) {
        Decoded::Text { text, .. } => text,
        Decoded::Binary => String::from_utf8_lossy(head).into_owned(),
    };
    text.trim_start_matches('\u{FEFF}').to_lowercase()
}

/// Skips an XML declaration, comments, processing instructions and a doctype other
/// than HTML's, returning the text from the first real element.
fn skip_prolog(text: &str) -> &str {
    let mut rest = text.trim_start();
    for _ in 0..32 {
        if let Some(after) = rest.strip_prefix("<?") {
            rest = after.split_once("?>").map_or("", |(_, r)| r).trim_start();
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.split_once("-->").map_or("", |(_, r)| r).trim_start();
        } else if rest.starts_with("<!doctype") && !rest.starts_with("<!doctype html") {
            rest = rest.split_once('>').map_or("", |(_, r)| r).trim_start();
        } else {
            break;
        }
    }
    rest
}

/// Reads one line of at most `limit` bytes into `buf` (without the newline).
/// Longer lines are consumed without being kept, so memory stays bounded.
pub(crate) fn read_bounded_line(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: u64,
) -> std::io::Result<LineRead> {
    buf.clear();
    let mut total: u64 = 0;
    let mut seen_any = false;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(if !seen_any {
                LineRead::Eof
            } else if total > limit {
                LineRead::TooLong(total)
            } else {
                LineRead::Line
            });
        }
        seen_any = true;
        let (chunk, used, done) = match memchr::memchr(b'\n', available) {
            Some(pos) => (&available[..pos], pos + 1, true),
            None => (available, available.len(), false),
        };
        total += chunk.len() as u64;
        if total <= limit {
            buf.extend_from_slice(chunk);
        } else if !buf.is_empty() {
            buf.clear();
            buf.shrink_to(64 * 1024);
        }
        reader.consume(used);
        if done {
            return Ok(if total > limit {
                LineRead::TooLong(total)
            } else {
                LineRead::Line
            });
        }
    }
}

/// What [`read_bounded_line`] read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum LineRead {
    /// A line is in the buffer.
    Line,
    /// The line was longer than the limit; it was consumed, the buffer is empty.
    TooLong(u64),
    /// The end of the stream.
    Eof,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_detected_by_content_and_extension() {
        assert_eq!(detect("txt", b"Hello"), Format::Text);
        assert_eq!(detect("", b"Hello"), Format::Text);
        assert_eq!(detect("md", b"# Hi"), Format::Markdown);
        assert_eq!(detect("", b"# Hi\n\nText"), Format::Markdown);
        assert_eq!(detect("txt", b"# Hi\n\nText"), Format::Text);
        assert_eq!(detect("txt", b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(
            detect("xml", b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"),
            Format::Feed
        );
        assert_eq!(
            detect(
                "",
                b"<?xml version=\"1.0\"?><!-- c --><feed xmlns=\"http://www.w3.org/2005/Atom\">"
            ),
            Format::Feed
        );
        assert_eq!(detect("gz", b"WARC/1.0\r\n"), Format::Warc);
        assert_eq!(
            detect("", b"{\"text\": \"x\"}\n{\"text\": \"y\"}"),
            Format::Jsonl
        );
        assert_eq!(detect("json", b"[{\"text\": \"x\"}]"), Format::JsonDocument);
        assert!(matches!(detect("txt", b"%PDF-1.4"), Format::Unsupported(_)));
        assert!(matches!(
            detect("docx", b"anything"),
            Format::Unsupported(_)
        ));
        assert!(matches!(
            detect("xml", b"<config><a/></config>"),
            Format::Unsupported(_)
        ));
    }

    #[test]
    fn extensions_ignore_gz() {
        assert_eq!(extension(Path::new("a/b.JSONL.gz")), "jsonl");
        assert_eq!(extension(Path::new("a/README")), "");
        assert_eq!(extension(Path::new(".bashrc")), "");
    }

    #[test]
    fn bounded_lines_drop_long_lines() {
        let data = b"short\nthis line is too long\nok\nlast";
        let mut reader = BufReader::with_capacity(4, &data[..]);
        let mut buf = Vec::new();
        let mut got = Vec::new();
        loop {
            match read_bounded_line(&mut reader, &mut buf, 8) {
                Ok(LineRead::Eof) | Err(_) => break,
                Ok(LineRead::Line) => got.push(String::from_utf8_lossy(&buf).into_owned()),
                Ok(LineRead::TooLong(n)) => got.push(format!("<{n}>")),
            }
        }
        assert_eq!(got, ["short", "<21>", "ok", "last"]);
    }
}
