//! The document: one article's cleaned text, metadata, removed boilerplate and annotation layers.
//!
//! Words used across dossier:
//! - *article*: one news story as it arrives (a file, a JSON line, a WARC record, a feed item);
//! - *raw article* ([`RawArticle`]): what a reader made of it, before cleaning;
//! - *doc* ([`Doc`]): the cleaned article and every annotation layer, addressed by [`DocId`].

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{CharSpan, Diagnostic, Mention, Quote, Sentence, TimeExpr, Token};

/// A document's identity: the first 16 hex digits of the SHA-256 of its cleaned text.
///
/// The same text read twice (from two files, or on a second build) has the same id,
/// which is how dossier adds nothing the second time.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub String);

impl DocId {
    /// The id of a cleaned text.
    pub fn of_text(text: &str) -> DocId {
        let digest = Sha256::digest(text.as_bytes());
        let mut hex = String::with_capacity(16);
        for byte in &digest[..8] {
            hex.push_str(&format!("{byte:02x}"));
        }
        DocId(hex)
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DocId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The container format an article came in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// Plain text.
    #[default]
    Text,
    /// Markdown (read as text, with markup stripped).
    Markdown,
    /// An HTML page.
    Html,
    /// One article per line of a JSON Lines file.
    Jsonl,
    /// A response record of a WARC file.
    Warc,
    /// An item of an RSS 2.0 or Atom feed.
    Feed,
}

impl SourceFormat {
    /// The lowercase name used in exports and the database.
    pub fn as_str(&self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Markdown => "markdown",
            SourceFormat::Html => "html",
            SourceFormat::Jsonl => "jsonl",
            SourceFormat::Warc => "warc",
            SourceFormat::Feed => "feed",
        }
    }
}

/// Where a document's publication date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PublishedFrom {
    /// The container said so: a JSON field, an HTML meta tag, a feed item, a manifest.
    Metadata,
    /// The text states it: a dateline or a closing source line.
    Text,
    /// Estimated from the text's own evidence (see [`Meta::published_confidence`]).
    Inferred,
}

impl PublishedFrom {
    /// The lowercase name used in exports and the database.
    pub fn as_str(&self) -> &'static str {
        match self {
            PublishedFrom::Metadata => "metadata",
            PublishedFrom::Text => "text",
            PublishedFrom::Inferred => "inferred",
        }
    }
}

/// What is known about an article besides its text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// The file the article came from; for containers, `file#locator`
    /// (`feed.jsonl#3` is line 3, `crawl.warc.gz#12` is record 12, `-` is standard input).
    pub source_path: String,
    /// The container format.
    pub format: SourceFormat,
    /// Headline.
    pub title: Option<String>,
    /// The publication or website.
    pub outlet: Option<String>,
    /// Every outlet the article credits as its source, in the order given — a closing
    /// "(Outlet, Other Outlet, 26.10.2016)" line or "Sources: A, B" — the outlet first.
    /// Empty when the article credits none; a wire story compiled from three outlets
    /// counts as evidence from all three in the timeline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Bylined authors, in order.
    pub authors: Vec<String>,
    /// The article's address.
    pub url: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Where `published` came from.
    pub published_from: Option<PublishedFrom>,
    /// For inferred dates: how sure, from 0 to 1; otherwise `None`.
    pub published_confidence: Option<f32>,
    /// ISO 639-1 language code when known.
    pub language: Option<String>,
    /// For each filled field (`title`, `outlet`, `authors`, `url`, `published`, `language`),
    /// where its value was found, e.g. `"html:og:title"`, `"text:byline"`, `"manifest"`.
    pub origins: BTreeMap<String, String>,
}

impl Meta {
    /// Records where `field` came from.
    pub fn set_origin(&mut self, field: &str, origin: impl Into<String>) {
        self.origins.insert(field.to_string(), origin.into());
    }
}

/// Why a block of the source was left out of the cleaned text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovedReason {
    /// The headline, moved to [`Meta::title`] (or a repeat of it).
    Title,
    /// A "By A, B" line, moved to [`Meta::authors`].
    Byline,
    /// A dateline or a line holding only the date, moved to [`Meta::published`].
    Dateline,
    /// A closing "(Outlet, Other, 26.10.2016)" line or an outlet header/footer line.
    SourceLine,
    /// A link back to the article's own address.
    Url,
    /// A request for donations or subscriptions.
    Donation,
    /// Share buttons, "Share this post".
    Share,
    /// Comment forms and widgets, "Leave a Reply".
    Comments,
    /// "Read also", "Top reads", related-article lists.
    Related,
    /// Navigation: menus, section labels, "scroll to top", search boxes.
    Navigation,
    /// Cookie and consent notices.
    Cookie,
    /// "Читать на русском", "This post is also available in: …".
    LanguageSwitch,
    /// "Bookmark/Search this post with" and the like.
    Bookmark,
    /// Page furniture outside the main text found by HTML extraction.
    PageFurniture,
}

impl RemovedReason {
    /// The snake_case name used in exports and the database.
    pub fn as_str(&self) -> &'static str {
        match self {
            RemovedReason::Title => "title",
            RemovedReason::Byline => "byline",
            RemovedReason::Dateline => "dateline",
            RemovedReason::SourceLine => "source_line",
            RemovedReason::Url => "url",
            RemovedReason::Donation => "donation",
            RemovedReason::Share => "share",
            RemovedReason::Comments => "comments",
            RemovedReason::Related => "related",
            RemovedReason::Navigation => "navigation",
            RemovedReason::Cookie => "cookie",
            RemovedReason::LanguageSwitch => "language_switch",
            RemovedReason::Bookmark => "bookmark",
            RemovedReason::PageFurniture => "page_furniture",
        }
    }
}

/// A block removed from the source during cleaning. Nothing disappears unseen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Removed {
    /// The block's text as it was in the source (after decoding).
    pub text: String,
    /// Why it was removed.
    pub reason: RemovedReason,
    /// Code-point offset in the cleaned text where the block stood.
    pub at: u32,
}

/// What a reader made of one article: decoded text and container metadata, not yet cleaned.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RawArticle {
    /// Metadata the container gave (`source_path` and `format` are always set).
    pub meta: Meta,
    /// The article text, decoded to UTF-8, paragraphs separated by blank lines.
    /// For HTML this is the extracted main text.
    pub body: String,
    /// Blocks the reader itself left out (HTML page furniture), already recorded.
    pub removed: Vec<Removed>,
}

/// One cleaned article and all its annotation layers.
///
/// Invariants: `id == DocId::of_text(&text)`; paragraphs are separated in `text` by exactly
/// one blank line (`"\n\n"`) and never contain one; every span of every layer lies inside
/// `text`; sentences never cross a paragraph boundary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Doc {
    /// Hash of `text`.
    pub id: DocId,
    /// Metadata, with where each field came from.
    pub meta: Meta,
    /// The cleaned text: every offset in dossier counts code points of this string.
    pub text: String,
    /// Paragraph spans, in order.
    pub paragraphs: Vec<CharSpan>,
    /// Boilerplate and metadata lines removed during cleaning.
    pub removed: Vec<Removed>,
    /// Sentences, in order (segmentation stage).
    pub sentences: Vec<Sentence>,
    /// Tokens, in order (segmentation stage; tagging fills their part of speech and heads).
    pub tokens: Vec<Token>,
    /// Named-entity mentions, in order.
    pub mentions: Vec<Mention>,
    /// Time expressions, in order.
    pub times: Vec<TimeExpr>,
    /// Direct and indirect quotes, in order.
    pub quotes: Vec<Quote>,
    /// Notes from the stages that built this doc.
    pub diagnostics: Vec<Diagnostic>,
}

impl Doc {
    /// A doc with `text` (already cleaned) and no annotation; paragraphs are found from blank lines.
    pub fn new(meta: Meta, text: String) -> Doc {
        let paragraphs = paragraph_spans(&text);
        Doc {
            id: DocId::of_text(&text),
            meta,
            text,
            paragraphs,
            removed: Vec::new(),
            sentences: Vec::new(),
            tokens: Vec::new(),
            mentions: Vec::new(),
            times: Vec::new(),
            quotes: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// The text of a span. Out-of-range spans are clamped, so this never panics.
    pub fn slice(&self, span: CharSpan) -> &str {
        slice_chars(&self.text, span)
    }

    /// The text of token `token_idx` (empty when out of range).
    pub fn token_text(&self, token_idx: usize) -> &str {
        self.tokens
            .get(token_idx)
            .map(|token| self.slice(token.span))
            .unwrap_or("")
    }

    /// The index of the paragraph holding code point `at`, if any.
    pub fn paragraph_at(&self, at: u32) -> Option<usize> {
        let idx = self.paragraphs.partition_point(|p| p.end <= at);
        (idx < self.paragraphs.len() && self.paragraphs[idx].start <= at).then_some(idx)
    }

    /// The index of the sentence holding code point `at`, if any.
    pub fn sentence_at(&self, at: u32) -> Option<usize> {
        let idx = self.sentences.partition_point(|s| s.span.end <= at);
        (idx < self.sentences.len() && self.sentences[idx].span.start <= at).then_some(idx)
    }
}

/// Paragraph spans of a cleaned text: maximal runs between blank lines, trimmed of spaces.
fn paragraph_spans(text: &str) -> Vec<CharSpan> {
    let mut spans = Vec::new();
    let mut char_pos: u32 = 0;
    for block in text.split("\n\n") {
        let n_chars = block.chars().count() as u32;
        let lead = block.chars().take_while(|c| c.is_whitespace()).count() as u32;
        let trail = block
            .chars()
            .rev()
            .take_while(|c| c.is_whitespace())
            .count() as u32;
        if lead < n_chars {
            spans.push(CharSpan::new(char_pos + lead, char_pos + n_chars - trail));
        }
        char_pos += n_chars + 2;
    }
    spans
}

/// The code points `span` of `text`, clamped to its length.
fn slice_chars(text: &str, span: CharSpan) -> &str {
    let mut indices = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()));
    let start = indices.nth(span.start as usize).unwrap_or(text.len());
    let end = if span.end > span.start {
        indices
            .nth((span.end - span.start - 1) as usize)
            .unwrap_or(text.len())
    } else {
        start
    };
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let doc = Doc::new(
            Meta::default(),
            "One.\n\nTwo «ž».\nStill two.\n\nThree.".into(),
        );
        let texts: Vec<&str> = doc.paragraphs.iter().map(|p| doc.slice(*p)).collect();
        assert_eq!(texts, ["One.", "Two «ž».\nStill two.", "Three."]);
        assert_eq!(doc.paragraph_at(7), Some(1));
        assert_eq!(doc.paragraph_at(4), None);
    }

    #[test]
    fn slice_is_clamped() {
        let doc = Doc::new(Meta::default(), "Vučić".into());
        assert_eq!(doc.slice(CharSpan::new(2, 99)), "čić");
        assert_eq!(doc.slice(CharSpan::new(50, 99)), "");
    }

    #[test]
    fn id_depends_only_on_text() {
        let a = Doc::new(
            Meta {
                title: Some("A".into()),
                ..Meta::default()
            },
            "Same.".into(),
        );
        let b = Doc::new(Meta::default(), "Same.".into());
        assert_eq!(a.id, b.id);
        assert_ne!(a.id, DocId::of_text("Other."));
    }
}
