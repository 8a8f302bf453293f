//! RSS 2.0, RSS 1.0 and Atom feeds through `feed-rs`: one article per item, with the item's
//! content (or summary) converted from HTML to text and the feed's title as outlet.

use dossier_core::{Meta, PublishedFrom, RawArticle, SourceFormat};

use crate::decode::normalise_newlines;
use crate::html::{html_to_text, looks_like_html};
use crate::read::Sink;
use crate::read::{push_article, StreamContext};
use crate::skip::{SkipReason, Skipped};

/// Reads a whole feed document; item N (from 1) is `file#N`.
pub(crate) fn read_feed(bytes: &[u8], ctx: &StreamContext<'_>, out: &mut Sink<'_>) {
    let parser = feed_rs::parser::Builder::new()
        .sanitize_content(false)
        .build();
    let feed = match parser.parse(bytes) {
        Ok(feed) => feed,
        Err(err) => {
            out.skipped.push(Skipped::new(
                ctx.name,
                SkipReason::BadFeed {
                    error: err.to_string(),
                },
            ));
            return;
        }
    };
    let outlet = feed
        .title
        .as_ref()
        .map(|t| text_of(&t.content))
        .filter(|t| !t.is_empty());
    if feed.entries.is_empty() {
        out.skipped.push(Skipped::new(ctx.name, SkipReason::NoText));
        return;
    }
    for (idx, entry) in feed.entries.iter().enumerate() {
        let source = format!("{}#{}", ctx.name, idx + 1);
        let mut meta = Meta {
            source_path: source.clone(),
            format: SourceFormat::Feed,
            ..Meta::default()
        };
        let body_html = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .filter(|b| !b.trim().is_empty())
            .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()));
        let body = body_html.as_deref().map(text_of).unwrap_or_default();
        if let Some(title) = entry
            .title
            .as_ref()
            .map(|t| text_of(&t.content))
            .filter(|t| !t.is_empty())
        {
            meta.title = Some(title.replace("\n\n", " "));
            meta.set_origin("title", "feed:item");
        }
        let link = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or_else(|| entry.links.first());
        if let Some(link) = link {
            meta.url = Some(link.href.trim().to_string());
            meta.set_origin("url", "feed:item");
        }
        if let Some(date) = entry.published.or(entry.updated) {
            meta.published = Some(date.date_naive());
            meta.published_from = Some(PublishedFrom::Metadata);
            meta.set_origin("published", "feed:item");
        }
        let authors: Vec<String> = entry
            .authors
            .iter()
            .map(|p| person_name(&p.name))
            .filter(|n| !n.is_empty())
            .collect();
        if !authors.is_empty() {
            meta.authors = authors;
            meta.set_origin("authors", "feed:item");
        }
        if let Some(outlet) = &outlet {
            meta.outlet = Some(outlet.clone());
            meta.set_origin("outlet", "feed:channel");
        }
        if let Some(language) = entry.language.as_ref().or(feed.language.as_ref()) {
            if let Some(code) = language.split(['-', '_']).next().filter(|c| c.len() == 2) {
                meta.language = Some(code.to_ascii_lowercase());
                meta.set_origin("language", "feed:language");
            }
        }
        push_article(
            RawArticle {
                meta,
                body,
                removed: Vec::new(),
            },
            source,
            out,
        );
    }
}

/// Text from a feed field that may hold HTML.
fn text_of(content: &str) -> String {
    if looks_like_html(content) || content.contains("&") {
        html_to_text(content)
    } else {
        normalise_newlines(content)
    }
}

/// A person's name from RSS's `email (Name)` form, or the name as given.
fn person_name(raw: &str) -> String {
    let raw = raw.trim();
    if let (Some(open), true) = (raw.find('('), raw.ends_with(')')) {
        if raw.get(..open).is_some_and(|before| before.contains('@')) {
            return raw
                .get(open + 1..raw.len() - 1)
                .unwrap_or("")
                .trim()
                .to_string();
        }
    }
    raw.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_author_form_is_read() {
        assert_eq!(person_name("desk@example.org (Lena Tests)"), "Lena Tests");
        assert_eq!(person_name("Lena Tests"), "Lena Tests");
    }
}
