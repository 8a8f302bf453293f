//! HTML: main text through `rs-trafilatura`, our own metadata rules, and the page furniture
//! (visible text blocks left out of the main text) recorded as removed blocks.
//!
//! Words used here:
//! - *block*: the text of one block-level element (paragraph, heading, list item, cell),
//!   whitespace collapsed, as a reader would see it on the page;
//! - *furniture*: visible blocks that are not part of the main text (menus, footers, teasers).

use std::collections::HashSet;
use std::sync::LazyLock;

use dossier_core::{Meta, PublishedFrom, RawArticle, Removed, RemovedReason, SourceFormat};
use ego_tree::iter::Edge;
use scraper::{Html, Node, Selector};

use crate::date::parse_date;
use crate::skip::{SkipReason, Skipped};

/// Elements whose content is never visible text.
const INVISIBLE: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas",
    "select", "math", "title",
];

/// Elements that start and end a block of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "figure",
    "figcaption",
    "form",
    "fieldset",
    "legend",
    "main",
    "address",
    "hr",
    "body",
    "html",
    "details",
    "summary",
    "menu",
    "center",
    "label",
    "button",
    "option",
];

/// Turns an HTML fragment or page into text: one paragraph per block-level element,
/// paragraphs separated by blank lines, `<br>` kept as a line break.
pub(crate) fn html_to_text(html: &str) -> String {
    if estimated_depth(html) > MAX_PARSE_DEPTH {
        return strip_tags(html);
    }
    let document = Html::parse_document(html);
    join_blocks(&visible_blocks(&document))
}

/// Tree depth beyond which rs-trafilatura is not run: its work grows with the square of
/// the depth (5,000 nested elements take 11 s), while real pages stay under about 100.
const MAX_EXTRACT_DEPTH: usize = 400;

/// Estimated depth beyond which a page is not parsed into a tree at all: the HTML parser's
/// work also grows with the square of the depth (20,000 nested elements take 4 s).
const MAX_PARSE_DEPTH: usize = 3000;

/// Elements that never hold content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "command",
];

/// Elements whose end tag may be left out (the parser closes them itself).
const IMPLIED_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rb",
    "rt", "rp", "colgroup", "caption", "html", "head", "body",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "noscript", "template",
];

/// One tag found by [`scan_tags`].
struct Tag<'a> {
    /// Lowercase-insensitive name as written.
    name: &'a str,
    /// True for `</name>`.
    closing: bool,
    /// True for `<name/>`.
    self_closing: bool,
    /// Byte offset where the tag starts.
    start: usize,
    /// Byte offset just past the tag (past the raw-text content and end tag, for raw-text
    /// elements).
    end: usize,
}

/// Scans the tags of an HTML string in one linear pass, calling `visit` for each tag;
/// comments are passed over and raw-text elements (script, style) jump to their end tag.
fn scan_tags<'a>(html: &'a str, mut visit: impl FnMut(&Tag<'a>)) {
    let bytes = html.as_bytes();
    let mut pos = 0;
    while let Some(offset) = memchr::memchr(b'<', bytes.get(pos..).unwrap_or(&[])) {
        let start = pos + offset;
        let rest = bytes.get(start + 1..).unwrap_or(&[]);
        if rest.starts_with(b"!--") {
            pos = memchr::memmem::find(bytes.get(start..).unwrap_or(&[]), b"-->")
                .map_or(bytes.len(), |p| start + p + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes
            .get(name_start..)
            .unwrap_or(&[])
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            pos = start + 1;
            continue;
        }
        let name = html.get(name_start..name_start + name_len).unwrap_or("");
        let tag_end = memchr::memchr(b'>', bytes.get(name_start..).unwrap_or(&[]))
            .map_or(bytes.len(), |p| name_start + p + 1);
        let self_closing = tag_end >= 2 && bytes.get(tag_end - 2) == Some(&b'/');
        let mut end = tag_end;
        if !closing && RAW_TEXT.iter().any(|raw| raw.eq_ignore_ascii_case(name)) {
            let lower_end = format!("</{}", name.to_ascii_lowercase());
            let finder = memchr::memmem::Finder::new(lower_end.as_bytes());
            // End tags are matched case-insensitively by lowering a bounded window.
            let tail = bytes.get(tag_end..).unwrap_or(&[]);
            let found = finder.find(tail).or_else(|| {
                let upper = lower_end.to_ascii_uppercase();
                memchr::memmem::find(tail, upper.as_bytes())
            });
            end = found.map_or(bytes.len(), |p| {
                let close_start = tag_end + p;
                memchr::memchr(b'>', bytes.get(close_start..).unwrap_or(&[]))
                    .map_or(bytes.len(), |q| close_start + q + 1)
            });
        }
        visit(&Tag {
            name,
            closing,
            self_closing,
            start,
            end,
        });
        pos = end.max(start + 1);
    }
}

/// The deepest element nesting the tags of `html` suggest, found in one linear pass
/// (void elements and elements with optional end tags are not counted).
fn estimated_depth(html: &str) -> usize {
    let mut depth: usize = 0;
    let mut max_depth: usize = 0;
    scan_tags(html, |tag| {
        let counted = !VOID.iter().any(|v| v.eq_ignore_ascii_case(tag.name))
            && !IMPLIED_END.iter().any(|v| v.eq_ignore_ascii_case(tag.name))
            && !RAW_TEXT.iter().any(|v| v.eq_ignore_ascii_case(tag.name));
        if !counted || tag.self_closing {
            return;
        }
        if tag.closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max_depth = max_depth.max(depth);
        }
    });
    max_depth
}

/// The text of `html` without building a tree: tags removed, block tags starting
/// paragraphs, script and style dropped, common entities decoded. Used only for pages
/// too deeply nested to parse.
fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len() / 2);
    let mut last = 0;
    scan_tags(html, |tag| {
        text.push_str(html.get(last..tag.start).unwrap_or(""));
        if BLOCKS.iter().any(|b| b.eq_ignore_ascii_case(tag.name))
            || tag.name.eq_ignore_ascii_case("br")
        {
            text.push_str("\n\n");
        } else {
            text.push(' ');
        }
        last = tag.end;
    });
    text.push_str(html.get(last..).unwrap_or(""));
    let text = decode_entities(&text);
    let mut body = String::new();
    for paragraph in text.split("\n\n") {
        let paragraph = squash(paragraph);
        if paragraph.is_empty() {
            continue;
        }
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        body.push_str(&paragraph);
    }
    body
}

/// Decodes the common named entities and numeric character references.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let after = rest.get(amp + 1..).unwrap_or("");
        let semi = after.find(';').filter(|&i| i <= 10);
        let decoded = semi.and_then(|i| {
            let entity = after.get(..i)?;
            let c = match entity {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                _ => {
                    let number = entity.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, i))
        });
        match decoded {
            Some((c, i)) => {
                out.push(c);
                rest = after.get(i + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The depth of the deepest element of a parsed document.
fn tree_depth(document: &Html) -> usize {
    let mut depth: usize = 0;
    let mut max_depth: usize = 0;
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(_) => {
                depth += 1;
                max_depth = max_depth.max(depth);
            }
            Edge::Close(_) => depth = depth.saturating_sub(1),
        }
    }
    max_depth
}

/// Joins blocks into a body: paragraphs separated by one blank line.
fn join_blocks(blocks: &[String]) -> String {
    let mut body = String::new();
    for block in blocks {
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        body.push_str(block);
    }
    body
}

/// The visible text blocks of a parsed document, in document order.
fn visible_blocks(document: &Html) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut hidden_depth: usize = 0;
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(element) => {
                    let name = element.name();
                    if hidden_depth > 0 || is_hidden(name, element) {
                        hidden_depth += 1;
                    } else if name == "br" {
                        current.push('\n');
                    } else if BLOCKS.contains(&name) {
                        flush_block(&mut current, &mut blocks);
                    } else if matches!(name, "img" | "input") {
                        current.push(' ');
                    }
                }
                Node::Text(text) if hidden_depth == 0 => current.push_str(text),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(element) = node.value() {
                    if hidden_depth > 0 {
                        hidden_depth -= 1;
                    } else if BLOCKS.contains(&element.name()) {
                        flush_block(&mut current, &mut blocks);
                    } else if matches!(element.name(), "td" | "th" | "span" | "a") {
                        current.push(' ');
                    }
                }
            }
        }
    }
    flush_block(&mut current, &mut blocks);
    blocks
}

/// True for elements whose content a reader never sees.
fn is_hidden(name: &str, element: &scraper::node::Element) -> bool {
    INVISIBLE.contains(&name)
        || element.attr("hidden").is_some()
        || element.attr("aria-hidden") == Some("true")
        || element
            .attr("style")
            .is_some_and(|style| style.replace(' ', "").contains("display:none"))
}

/// Moves the text gathered so far into `blocks` as paragraphs: whitespace collapsed within
/// lines, single line breaks kept, an empty line (two `<br>`) starting a new paragraph.
fn flush_block(current: &mut String, blocks: &mut Vec<String>) {
    if current.trim().is_empty() {
        current.clear();
        return;
    }
    let mut paragraph = String::new();
    for line in current.split('\n') {
        let mut collapsed = String::with_capacity(line.len());
        for word in line.split_whitespace() {
            if !collapsed.is_empty() {
                collapsed.push(' ');
            }
            collapsed.push_str(word);
        }
        if collapsed.is_empty() {
            if !paragraph.is_empty() {
                blocks.push(std::mem::take(&mut paragraph));
            }
        } else {
            if !paragraph.is_empty() {
                paragraph.push('\n');
            }
            paragraph.push_str(&collapsed);
        }
    }
    if !paragraph.is_empty() {
        blocks.push(paragraph);
    }
    current.clear();
}

/// Collapses all whitespace to single spaces, for comparing blocks with the main text.
fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Reads one HTML page into a raw article: main text, metadata and page furniture.
///
/// `source_path` and `format` are set by the caller's choice; a page without main text
/// still yields its visible text, so malformed HTML never vanishes. Pages nested too deeply
/// for main-text extraction keep all their visible text, with a warning in `warnings`.
pub(crate) fn read_html(
    html: &str,
    source_path: &str,
    format: SourceFormat,
    warnings: &mut Vec<Skipped>,
) -> RawArticle {
    let mut meta = Meta {
        source_path: source_path.to_string(),
        format,
        ..Meta::default()
    };
    let estimated = estimated_depth(html);
    if estimated > MAX_PARSE_DEPTH {
        warnings.push(Skipped::new(
            source_path,
            SkipReason::TooDeep {
                depth: estimated,
                limit: MAX_PARSE_DEPTH,
            },
        ));
        return RawArticle {
            meta,
            body: strip_tags(html),
            removed: Vec::new(),
        };
    }
    let document = Html::parse_document(html);
    read_metadata(&document, &mut meta);

    let blocks = visible_blocks(&document);
    let depth = tree_depth(&document);
    let extracted = if depth > MAX_EXTRACT_DEPTH {
        warnings.push(Skipped::new(
            source_path,
            SkipReason::TooDeep {
                depth,
                limit: MAX_EXTRACT_DEPTH,
            },
        ));
        None
    } else {
        rs_trafilatura::extract_with_options(html, &extract_options()).ok()
    };
    let main_text = extracted
        .as_ref()
        .map(|result| main_text_paragraphs(&result.content_text, result.content_html.as_deref()))
        .unwrap_or_default();
    if let Some(result) = &extracted {
        fill_from_trafilatura(&result.metadata, &mut meta);
    }

    let body = if main_text.trim().is_empty() {
        // Extraction found nothing: keep the visible text rather than lose the page.
        join_blocks(&blocks)
    } else {
        main_text
    };
    let removed = furniture(&blocks, &body);
    RawArticle {
        meta,
        body,
        removed,
    }
}

/// Options for rs-trafilatura: its defaults. On the 106 cached benchmark pages they scored
/// best (F1 0.857); `favor_precision` gave 0.848, `favor_recall` 0.853, no tables 0.849.
fn extract_options() -> rs_trafilatura::Options {
    rs_trafilatura::Options::default()
}

/// The main text as paragraphs: rs-trafilatura separates paragraphs by blank lines; lines
/// inside a paragraph keep their breaks, with whitespace collapsed. Its HTML output is the
/// fallback, because it sometimes keeps links its text output leaves out.
fn main_text_paragraphs(content_text: &str, content_html: Option<&str>) -> String {
    let mut body = String::new();
    for paragraph in content_text.split("\n\n") {
        let mut lines = String::new();
        for line in paragraph.lines() {
            let line = squash(line);
            if line.is_empty() {
                continue;
            }
            if !lines.is_empty() {
                lines.push('\n');
            }
            lines.push_str(&line);
        }
        if lines.is_empty() {
            continue;
        }
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        body.push_str(&lines);
    }
    if body.is_empty() {
        if let Some(content_html) = content_html {
            return html_to_text(content_html);
        }
    }
    body
}

/// How many body bytes the furniture matching may scan in substring searches per page.
/// Past it, blocks are matched to main-text paragraphs by exact equality only, so a huge
/// page with thousands of blocks stays linear instead of quadratic.
const SUBSTRING_BUDGET: usize = 64 * 1024 * 1024;

/// The visible blocks that are not part of `body`, as page furniture removed at the point
/// of the body where they stood (the end of the last main-text block seen before them).
fn furniture(blocks: &[String], body: &str) -> Vec<Removed> {
    // The body's lines are already whitespace-collapsed, so turning line breaks into spaces
    // keeps every offset while letting a block match across a `<br>`.
    let squashed_body = body.replace('\n', " ");
    let paragraphs: HashSet<String> = body.split("\n\n").map(squash).collect();
    let mut removed = Vec::new();
    let mut at: u32 = 0;
    let mut search_from: usize = 0;
    let mut budget = SUBSTRING_BUDGET;
    for block in blocks {
        let squashed = squash(block);
        if squashed.is_empty() {
            continue;
        }
        let mut kept = paragraphs.contains(&squashed);
        // Where the block stands in the body, searching forward from the last match; the
        // budget is charged with the bytes each search scans.
        let mut found_at = None;
        if budget > 0 {
            let rest = squashed_body.get(search_from..).unwrap_or("");
            found_at = memchr::memmem::find(rest.as_bytes(), squashed.as_bytes());
            budget = budget.saturating_sub(found_at.map_or(rest.len(), |p| p + squashed.len()));
            found_at = found_at.map(|pos| search_from + pos);
            if found_at.is_none() && !kept && budget > 0 {
                budget = budget.saturating_sub(squashed_body.len());
                kept =
                    memchr::memmem::find(squashed_body.as_bytes(), squashed.as_bytes()).is_some();
            }
            kept = kept || found_at.is_some();
        }
        if kept {
            if let Some(pos) = found_at {
                let end = pos + squashed.len();
                at += squashed_body
                    .get(search_from..end)
                    .map_or(0, |s| s.chars().count() as u32);
                search_from = end;
            }
        } else {
            removed.push(Removed {
                text: block.clone(),
                reason: RemovedReason::PageFurniture,
                at,
            });
        }
    }
    removed
}

/// Compiles a CSS selector known to be valid.
fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|_| unreachable!("invalid built-in selector {css}"))
}

static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
static H1: LazyLock<Selector> = LazyLock::new(|| selector("h1"));
static META: LazyLock<Selector> = LazyLock::new(|| selector("meta"));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| selector("link[rel~=canonical]"));
static JSON_LD: LazyLock<Selector> =
    LazyLock::new(|| selector("script[type=\"application/ld+json\"]"));
static HTML_ROOT: LazyLock<Selector> = LazyLock::new(|| selector("html"));
static TIME_PUBLISHED: LazyLock<Selector> = LazyLock::new(|| {
    selector("time[itemprop=datePublished], [itemprop=datePublished], time[pubdate]")
});

/// Meta names (lowercase) that give a publication date, best first.
const DATE_NAMES: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "bepress_citation_date",
    "prism.publicationdate",
    "og:published_time",
    "article.published",
    "dc.date.issued",
    "dc.date",
    "dc:date",
    "dcterms.issued",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "original-publish-date",
];

/// Meta names (lowercase) that give an author.
const AUTHOR_NAMES: &[&str] = &[
    "author",
    "article:author",
    "citation_author",
    "dc.creator",
    "byl",
    "sailthru.author",
    "parsely-author",
];

/// Reads `<title>`, meta tags, JSON-LD and the canonical link into `meta`, with origins.
fn read_metadata(document: &Html, meta: &mut Meta) {
    let mut metas: Vec<(String, String)> = Vec::new();
    for element in document.select(&META) {
        let key = element
            .attr("property")
            .or_else(|| element.attr("name"))
            .or_else(|| element.attr("itemprop"))
            .map(|k| k.trim().to_ascii_lowercase());
        let content = element.attr("content").map(squash);
        if let (Some(key), Some(content)) = (key, content) {
            if !content.is_empty() {
                metas.push((key, content));
            }
        }
    }
    let find = |name: &str| {
        metas
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    };
    let json_ld = JsonLd::from_document(document);

    // Title: the social title is usually the headline without the site suffix.
    if let Some(title) = find("og:title") {
        set(meta, "title", title, "html:og:title");
    } else if let Some(title) = find("twitter:title") {
        set(meta, "title", title, "html:twitter:title");
    } else if let Some(title) = json_ld.headline.clone() {
        set(meta, "title", title, "html:json-ld:headline");
    } else if let Some(title) = document
        .select(&TITLE)
        .next()
        .map(|el| squash(&el.text().collect::<String>()))
        .filter(|t| !t.is_empty())
    {
        set(meta, "title", title, "html:title");
    }
    // The page's own headline (its first `<h1>`) wins when the chosen title merely wraps
    // it with a site name, or when the JSON-LD headline agrees with it against og:title.
    let h1 = document
        .select(&H1)
        .map(|el| squash(&el.text().collect::<String>()))
        .find(|t| !t.is_empty());
    if let Some(h1) = h1.filter(|h| h.split_whitespace().count() >= 2 && h.chars().count() <= 300) {
        let title = meta.title.clone().unwrap_or_default();
        if json_ld.headline.as_deref() == Some(h1.as_str()) && title != h1 {
            set(meta, "title", h1, "html:json-ld:headline");
        } else if title != h1 && title.contains(h1.as_str()) {
            set(meta, "title", h1, "html:h1");
        }
    }

    if let Some(site) = find("og:site_name") {
        set(meta, "outlet", site, "html:og:site_name");
    } else if let Some(publisher) = json_ld.publisher.clone() {
        set(meta, "outlet", publisher, "html:json-ld:publisher");
    } else if let Some(site) = find("application-name") {
        set(meta, "outlet", site, "html:application-name");
    }

    let mut published = None;
    for name in DATE_NAMES {
        if let Some(date) = find(name).as_deref().and_then(parse_date) {
            published = Some((date, format!("html:{name}")));
            break;
        }
    }
    if published.is_none() {
        if let Some(date) = json_ld.date_published.as_deref().and_then(parse_date) {
            published = Some((date, "html:json-ld:datePublished".to_string()));
        }
    }
    if published.is_none() {
        published = document.select(&TIME_PUBLISHED).find_map(|el| {
            let value = el
                .attr("datetime")
                .or_else(|| el.attr("content"))
                .map(str::to_string)
                .unwrap_or_else(|| el.text().collect());
            parse_date(&value).map(|date| (date, "html:time".to_string()))
        });
    }
    if let Some((date, origin)) = published {
        meta.published = Some(date);
        meta.published_from = Some(PublishedFrom::Metadata);
        meta.set_origin("published", origin);
    }

    // JSON-LD names the article's people more reliably than meta tags, which often hold
    // the publisher or a social handle; meta tags fill in when it says nothing.
    if !json_ld.authors.is_empty() {
        meta.authors = dedup(json_ld.authors.clone());
        meta.set_origin("authors", "html:json-ld:author");
    } else {
        for name in AUTHOR_NAMES {
            let authors: Vec<String> = metas
                .iter()
                .filter(|(key, _)| key == name)
                .flat_map(|(_, value)| split_authors(value))
                .collect();
            if !authors.is_empty() {
                meta.authors = dedup(authors);
                meta.set_origin("authors", format!("html:{name}"));
                break;
            }
        }
    }

    let canonical = document.select(&CANONICAL).find_map(|el| {
        el.attr("href")
            .map(str::trim)
            .filter(|h| h.starts_with("http"))
    });
    if let Some(url) = canonical {
        set(meta, "url", url.to_string(), "html:canonical");
    } else if let Some(url) = find("og:url").filter(|u| u.starts_with("http")) {
        set(meta, "url", url, "html:og:url");
    } else if let Some(url) = json_ld.url.clone() {
        set(meta, "url", url, "html:json-ld:url");
    }

    let lang = document
        .select(&HTML_ROOT)
        .next()
        .and_then(|el| el.attr("lang"))
        .or_else(|| {
            metas
                .iter()
                .find(|(k, _)| k == "og:locale" || k == "content-language")
                .map(|(_, v)| v.as_str())
        });
    if let Some(code) = lang.and_then(language_code) {
        meta.language = Some(code);
        meta.set_origin("language", "html:lang");
    }
}

/// The ISO 639-1 part of a language tag (`de-AT` → `de`), if it looks like one.
fn language_code(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_lowercase())).then_some(primary)
}

/// Sets a string field of `meta` by name, with its origin.
fn set(meta: &mut Meta, field: &str, value: String, origin: &str) {
    match field {
        "title" => meta.title = Some(value),
        "outlet" => meta.outlet = Some(value),
        "url" => meta.url = Some(value),
        _ => return,
    }
    meta.set_origin(field, origin);
}

/// Fills fields our own rules left empty from rs-trafilatura's metadata.
fn fill_from_trafilatura(found: &rs_trafilatura::Metadata, meta: &mut Meta) {
    if meta.title.is_none() {
        if let Some(title) = found.title.clone().filter(|t| !t.trim().is_empty()) {
            set(meta, "title", squash(&title), "html:trafilatura");
        }
    }
    if meta.outlet.is_none() {
        if let Some(site) = found.sitename.clone().filter(|t| !t.trim().is_empty()) {
            set(meta, "outlet", squash(&site), "html:trafilatura");
        }
    }
    if meta.published.is_none() {
        if let Some(date) = found.date {
            meta.published = Some(date.date_naive());
            meta.published_from = Some(PublishedFrom::Metadata);
            meta.set_origin("published", "html:trafilatura");
        }
    }
    if meta.authors.is_empty() {
        if let Some(author) = &found.author {
            let authors = split_authors(author);
            if !authors.is_empty() {
                meta.authors = authors;
                meta.set_origin("authors", "html:trafilatura");
            }
        }
    }
}

/// Splits an author string on `;`, `|`, `,` and " and ", keeping non-empty names.
/// Addresses and social handles are not names and are dropped; stray punctuation at
/// either end (`John Walk -`) is trimmed.
pub(crate) fn split_authors(value: &str) -> Vec<String> {
    value
        .split([';', '|', ','])
        .flat_map(|part| part.split(" and "))
        .map(|name| {
            squash(name)
                .trim_matches(|c: char| {
                    matches!(c, '-' | '–' | '—' | ':' | '/' | '·' | '•') || c.is_whitespace()
                })
                .to_string()
        })
        .filter(|name| {
            !name.is_empty()
                && !name.starts_with('@')
                && !name.starts_with("http")
                && !name.contains("://")
        })
        .collect()
}

/// Removes repeated names, keeping the first of each.
fn dedup(names: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    names
        .into_iter()
        .filter(|name| seen.insert(name.clone()))
        .collect()
}

/// What the page's JSON-LD says about the article (the first article-like object wins).
#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    date_published: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
    url: Option<String>,
}

/// JSON-LD types that describe an article.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BlogPosting",
    "WebPage",
    "LiveBlogPosting",
    "ScholarlyArticle",
    "Report",
];

impl JsonLd {
    /// Reads every JSON-LD script of the page; malformed scripts are ignored.
    fn from_document(document: &Html) -> JsonLd {
        let mut candidates: Vec<serde_json::Value> = Vec::new();
        for script in document.select(&JSON_LD) {
            let text: String = script.text().collect();
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(text.trim()) {
                collect_objects(&value, &mut candidates, 0);
            }
        }
        // Prefer news articles, then other articles, then web pages.
        let rank = |value: &serde_json::Value| -> usize {
            let types = type_names(value);
            ARTICLE_TYPES
                .iter()
                .position(|t| types.iter().any(|x| x == t))
                .unwrap_or(usize::MAX)
        };
        let best = candidates
            .iter()
            .filter(|value| rank(value) != usize::MAX)
            .min_by_key(|value| rank(value));
        let Some(best) = best else {
            return JsonLd::default();
        };
        JsonLd {
            headline: str_field(best, "headline").or_else(|| str_field(best, "name")),
            date_published: str_field(best, "datePublished")
                .or_else(|| str_field(best, "dateCreated")),
            authors: best.get("author").map(person_names).unwrap_or_default(),
            publisher: best
                .get("publisher")
                .and_then(|p| person_names(p).into_iter().next()),
            url: str_field(best, "url").filter(|u| u.starts_with("http")),
        }
    }
}

/// Gathers JSON objects from a JSON-LD value: arrays and `@graph` are flattened.
fn collect_objects(value: &serde_json::Value, out: &mut Vec<serde_json::Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match value {
        serde_json::Value::Array(items) => {
            for item in items {
                collect_objects(item, out, depth + 1);
            }
        }
        serde_json::Value::Object(map) => {
            if let Some(graph) = map.get("@graph") {
                collect_objects(graph, out, depth + 1);
            }
            out.push(value.clone());
        }
        _ => {}
    }
}

/// The `@type` names of a JSON-LD object (a string or a list).
fn type_names(value: &serde_json::Value) -> Vec<String> {
    match value.get("@type") {
        Some(serde_json::Value::String(name)) => vec![name.clone()],
        Some(serde_json::Value::Array(names)) => names
            .iter()
            .filter_map(|n| n.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// A non-empty string field.
fn str_field(value: &serde_json::Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(|v| v.as_str())
        .map(squash)
        .filter(|s| !s.is_empty())
}

/// Names from a JSON-LD person/organisation value: a string, an object with `name`, or a list.
pub(crate) fn person_names(value: &serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::String(name) => split_authors(name),
        serde_json::Value::Object(map) => map
            .get("name")
            .and_then(|n| n.as_str())
            .map(squash)
            .filter(|n| !n.is_empty())
            .into_iter()
            .collect(),
        serde_json::Value::Array(items) => items.iter().flat_map(person_names).collect(),
        _ => Vec::new(),
    }
}

/// True when a text field holds HTML markup rather than plain text.
pub(crate) fn looks_like_html(text: &str) -> bool {
    static TAG: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?i)</?(p|br|div|span|a|em|strong|b|i|h[1-6]|ul|ol|li|blockquote|img|figure|table)\b[^>]*>")
            .unwrap_or_else(|_| unreachable!())
    });
    TAG.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html>
<html lang="en-GB"><head>
<title>Harbour bridge reopens | The Coastal Courier</title>
<meta property="og:title" content="Harbour bridge reopens">
<meta property="og:site_name" content="The Coastal Courier">
<meta property="article:published_time" content="2021-03-14T09:30:00+01:00">
<meta name="author" content="Mara Ellison">
<link rel="canonical" href="https://courier.example/bridge">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"x","datePublished":"2020-01-01","author":{"@type":"Person","name":"Someone Else"},"publisher":{"name":"Courier Group"}}</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Harbour bridge reopens</h1>
<p>The old swing bridge over the harbour mouth opened again on Saturday after eleven months of repairs to its rusted turning gear, the town council said.</p>
<p>Engineers replaced the central pivot and repainted the whole span in its original green, a job that cost far more than the first estimate had suggested.</p>
<p>Fishing crews who had taken the long road around the bay for most of the year said they were glad to save the half hour each morning.</p>
</article>
<footer><p>Copyright The Coastal Courier. All rights reserved.</p></footer>
</body></html>"#;

    #[test]
    fn metadata_rules_apply() {
        let raw = read_html(PAGE, "page.html", SourceFormat::Html, &mut Vec::new());
        assert_eq!(raw.meta.title.as_deref(), Some("Harbour bridge reopens"));
        assert_eq!(
            raw.meta.origins.get("title").map(String::as_str),
            Some("html:og:title")
        );
        assert_eq!(raw.meta.outlet.as_deref(), Some("The Coastal Courier"));
        assert_eq!(
            raw.meta.published,
            chrono::NaiveDate::from_ymd_opt(2021, 3, 14)
        );
        assert_eq!(raw.meta.published_from, Some(PublishedFrom::Metadata));
        // JSON-LD people win over the meta author tag.
        assert_eq!(raw.meta.authors, vec!["Someone Else".to_string()]);
        assert_eq!(
            split_authors("@handle, Ana Test -, https://x.example/a"),
            ["Ana Test"]
        );
        assert_eq!(
            raw.meta.url.as_deref(),
            Some("https://courier.example/bridge")
        );
        assert_eq!(raw.meta.language.as_deref(), Some("en"));
    }

    #[test]
    fn main_text_keeps_paragraphs_and_records_furniture() {
        let raw = read_html(PAGE, "page.html", SourceFormat::Html, &mut Vec::new());
        assert!(raw.body.contains("turning gear"), "{}", raw.body);
        assert!(raw.body.contains("\n\nEngineers replaced"), "{}", raw.body);
        assert!(!raw.body.contains("All rights reserved"), "{}", raw.body);
        let removed: Vec<&str> = raw.removed.iter().map(|r| r.text.as_str()).collect();
        assert!(
            removed.iter().any(|t| t.contains("All rights reserved")),
            "{removed:?}"
        );
        assert!(raw
            .removed
            .iter()
            .all(|r| r.reason == RemovedReason::PageFurniture));
        // Menus before the text stand at 0; the footer after it stands at the body's end.
        let body_len = raw.body.chars().count() as u32;
        let nav = raw.removed.iter().find(|r| r.text.contains("Home"));
        assert_eq!(nav.map(|r| r.at), Some(0), "{:?}", raw.removed);
        let footer = raw
            .removed
            .iter()
            .find(|r| r.text.contains("All rights reserved"));
        assert_eq!(
            footer.map(|r| r.at),
            Some(body_len),
            "{:?} {}",
            raw.removed,
            raw.body
        );
    }

    #[test]
    fn headline_wins_over_wrapped_title() {
        let page = "<html><head><title>Ferry timetable changes | Island Post</title></head><body><h1>Ferry timetable changes</h1><p>Text.</p></body></html>";
        let raw = read_html(page, "t.html", SourceFormat::Html, &mut Vec::new());
        assert_eq!(raw.meta.title.as_deref(), Some("Ferry timetable changes"));
        assert_eq!(
            raw.meta.origins.get("title").map(String::as_str),
            Some("html:h1")
        );
    }

    #[test]
    fn json_ld_fills_gaps() {
        let page = r#"<html><head><script type="application/ld+json">
        {"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
        {"@type":"NewsArticle","headline":"Ferry timetable changes","datePublished":"2019-07-02T10:00:00Z",
         "author":[{"@type":"Person","name":"Ann Example"},{"@type":"Person","name":"Bo Sample"}],
         "publisher":{"@type":"Organization","name":"Island Post"}}]}
        </script></head><body><p>Short.</p></body></html>"#;
        let raw = read_html(page, "x.html", SourceFormat::Html, &mut Vec::new());
        assert_eq!(raw.meta.title.as_deref(), Some("Ferry timetable changes"));
        assert_eq!(raw.meta.outlet.as_deref(), Some("Island Post"));
        assert_eq!(
            raw.meta.published,
            chrono::NaiveDate::from_ymd_opt(2019, 7, 2)
        );
        assert_eq!(raw.meta.authors, vec!["Ann Example", "Bo Sample"]);
        assert_eq!(raw.body, "Short.");
    }

    #[test]
    fn malformed_html_still_yields_text() {
        let raw = read_html(
            "<p>Unclosed <b>bold <div>and a stray </span> end",
            "m.html",
            SourceFormat::Html,
            &mut Vec::new(),
        );
        assert!(raw.body.contains("Unclosed bold"), "{}", raw.body);
        // What extraction leaves out is still there, as furniture.
        let everything = format!("{} {:?}", raw.body, raw.removed);
        assert!(everything.contains("and a stray end"), "{everything}");
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let mut warnings = Vec::new();
        let deep = format!(
            "<html><body>{}deep text{}</body></html>",
            "<div>".repeat(5000),
            "</div>".repeat(5000)
        );
        let started = std::time::Instant::now();
        let raw = read_html(&deep, "deep.html", SourceFormat::Html, &mut warnings);
        assert_eq!(raw.body, "deep text");
        assert_eq!(warnings[0].reason.kind(), "too-deep");
        let medium = format!(
            "<html><body>{}medium text{}</body></html>",
            "<div>".repeat(600),
            "</div>".repeat(600)
        );
        let raw = read_html(&medium, "medium.html", SourceFormat::Html, &mut warnings);
        assert_eq!(raw.body, "medium text");
        assert_eq!(warnings.len(), 2);
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }

    #[test]
    fn tags_strip_linearly() {
        assert_eq!(
            strip_tags("<p>One &amp; <b>two</b></p><script>var x = '<p>';</script><div>thr&#233;e&nbsp;</div>"),
            "One & two\n\nthrée"
        );
        assert_eq!(estimated_depth("<div><div><br><p>x</div><span/></div>"), 2);
    }

    #[test]
    fn fragments_become_paragraphs() {
        let text = html_to_text("<p>One <em>two</em>.</p><p>Three<br>four</p><script>x()</script><ul><li>a</li><li>b</li></ul>");
        assert_eq!(text, "One two.\n\nThree\nfour\n\na\n\nb");
        assert!(looks_like_html("<p>hi</p>"));
        assert!(!looks_like_html("3 < 4 and 5 > 2"));
    }
}
