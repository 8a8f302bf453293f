//! Rendering shared by the server pages and the report: the page frame, a document's text
//! with its layers highlighted (displaCy-like), removed blocks, metadata and pagers.

use dossier_core::{CharIndex, CharSpan, Doc, EntityKind, QuoteKind, Removed};

use crate::html::{url_encode, Html};
use crate::params::Paging;

/// Which part of the app a page belongs to, for the navigation bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Section {
    Home,
    Timeline,
    Actors,
    Network,
    Documents,
    Search,
}

/// A whole page of the server: head, navigation, `body`.
pub(crate) fn page(title: &str, section: Section, body: &Html) -> String {
    let mut html = Html::new();
    html.raw("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<title>")
        .text(title)
        .raw(" · dossier</title><link rel=\"stylesheet\" href=\"/static/app.css\">")
        .raw("<script src=\"/static/app.js\" defer></script></head><body><header><nav>")
        .raw("<a class=\"brand\" href=\"/\">dossier</a>");
    let links: [(Section, &'static str, &'static str); 5] = [
        (Section::Timeline, "/timeline", "Timeline"),
        (Section::Actors, "/actors", "Actors"),
        (Section::Network, "/network", "Network"),
        (Section::Documents, "/documents", "Documents"),
        (Section::Search, "/search", "Search"),
    ];
    for (which, href, label) in links {
        html.raw("<a href=\"").raw(href).raw("\"");
        if which == section {
            html.raw(" class=\"active\" aria-current=\"page\"");
        }
        html.raw(">").raw(label).raw("</a>");
    }
    html.raw("<form class=\"quick\" action=\"/search\" method=\"get\" role=\"search\">")
        .raw("<input type=\"search\" name=\"q\" placeholder=\"Search sentences\" aria-label=\"Search\">")
        .raw("</form></nav></header><main>")
        .append(body)
        .raw("</main></body></html>\n");
    html.into_string()
}

/// A query string built from name/value pairs, percent-encoded.
#[derive(Clone, Debug, Default)]
pub(crate) struct Query {
    pairs: Vec<(&'static str, String)>,
}

impl Query {
    /// Adds `name=value` when `value` is present.
    pub(crate) fn with(mut self, name: &'static str, value: Option<impl ToString>) -> Query {
        if let Some(value) = value {
            self.pairs.push((name, value.to_string()));
        }
        self
    }

    /// `path?pairs` with `page` set, escaped for an attribute.
    pub(crate) fn href(&self, path: &'static str, page: Option<u64>) -> String {
        let mut out = String::from(path);
        let mut sep = '?';
        for (name, value) in &self.pairs {
            out.push(sep);
            out.push_str(name);
            out.push('=');
            out.push_str(&url_encode(value));
            sep = '&';
        }
        if let Some(page) = page {
            out.push(sep);
            out.push_str("page=");
            out.push_str(&page.to_string());
        }
        out
    }
}

/// Previous/next links for a list; `has_next` says whether a further page exists.
pub(crate) fn pager(
    html: &mut Html,
    path: &'static str,
    query: &Query,
    paging: Paging,
    has_next: bool,
) {
    html.raw("<nav class=\"pager\">");
    if paging.page > 1 {
        html.raw("<a rel=\"prev\" href=\"")
            .text(&query.href(path, Some(paging.page - 1)))
            .raw("\">← previous</a>");
    }
    html.raw("<span>page ").num(paging.page).raw("</span>");
    if has_next {
        html.raw("<a rel=\"next\" href=\"")
            .text(&query.href(path, Some(paging.page + 1)))
            .raw("\">next →</a>");
    }
    html.raw("</nav>");
}

/// `text` cut to at most `max` characters, with `…` when cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((byte, _)) => format!("{}…", text.get(..byte).unwrap_or(text).trim_end()),
        None => text.to_string(),
    }
}

/// The CSS class of an entity kind.
pub(crate) fn kind_class(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "ent-person",
        EntityKind::Organization => "ent-org",
        EntityKind::Location => "ent-loc",
        EntityKind::Other => "ent-other",
    }
}

/// The short label of an entity kind, as displaCy shows it.
pub(crate) fn kind_label(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "PER",
        EntityKind::Organization => "ORG",
        EntityKind::Location => "LOC",
        EntityKind::Other => "MISC",
    }
}

/// One layer item to draw over the text.
#[derive(Clone, Copy, Debug)]
struct Mark {
    start: u32,
    end: u32,
    /// Nesting order: lower ranks enclose higher ones.
    rank: u8,
    what: MarkKind,
    /// True for the second and later pieces of an item split at an enclosing boundary.
    continued: bool,
}

#[derive(Clone, Copy, Debug)]
enum MarkKind {
    Sentence(usize),
    Quote(usize),
    Mention(usize),
    Time(usize),
}

/// The document's text as paragraphs, with sentences (`id="s{n}"`, the target of links from
/// other pages), quotes, mentions and time expressions marked, and removed blocks collapsed
/// where they stood. `mention_href` gives the link of a mention (to its actor), if any.
pub(crate) fn doc_text(doc: &Doc, mention_href: &dyn Fn(usize) -> Option<String>) -> Html {
    let index = CharIndex::new(&doc.text);
    let mut marks: Vec<Mark> = Vec::with_capacity(
        doc.sentences.len() + doc.quotes.len() + doc.mentions.len() + doc.times.len(),
    );
    let mut push = |span: CharSpan, rank: u8, what: MarkKind| {
        if !span.is_empty() {
            marks.push(Mark {
                start: span.start,
                end: span.end,
                rank,
                what,
                continued: false,
            });
        }
    };
    for (idx, sentence) in doc.sentences.iter().enumerate() {
        push(sentence.span, 0, MarkKind::Sentence(idx));
    }
    for (idx, quote) in doc.quotes.iter().enumerate() {
        push(quote.span, 1, MarkKind::Quote(idx));
    }
    for (idx, mention) in doc.mentions.iter().enumerate() {
        push(mention.span, 2, MarkKind::Mention(idx));
    }
    for (idx, time) in doc.times.iter().enumerate() {
        push(time.span, 2, MarkKind::Time(idx));
    }
    marks.sort_by(|a, b| {
        (a.start, a.rank, std::cmp::Reverse(a.end)).cmp(&(
            b.start,
            b.rank,
            std::cmp::Reverse(b.end),
        ))
    });

    let mut html = Html::new();
    html.raw("<div class=\"doctext\">");
    let mut removed = doc.removed.iter().peekable();
    let mut next_mark = 0;
    for paragraph in &doc.paragraphs {
        while let Some(block) = removed.next_if(|block| block.at <= paragraph.start) {
            removed_block(&mut html, block);
        }
        // Marks of this paragraph, clipped to it; marks never span paragraphs in practice,
        // but clipping keeps the markup well-formed whatever the store holds.
        let mut pending: Vec<Mark> = Vec::new();
        while let Some(mark) = marks.get(next_mark) {
            if mark.start >= paragraph.end {
                break;
            }
            next_mark += 1;
            let start = mark.start.max(paragraph.start);
            let end = mark.end.min(paragraph.end);
            if start < end {
                pending.push(Mark {
                    start,
                    end,
                    ..*mark
                });
            }
        }
        html.raw("<p>");
        render_marks(&mut html, doc, &index, *paragraph, pending, mention_href);
        html.raw("</p>");
    }
    for block in removed {
        removed_block(&mut html, block);
    }
    html.raw("</div>");
    html
}

/// Draws one paragraph: nested marks, splitting any mark that crosses an enclosing one.
fn render_marks(
    html: &mut Html,
    doc: &Doc,
    index: &CharIndex,
    paragraph: CharSpan,
    mut pending: Vec<Mark>,
    mention_href: &dyn Fn(usize) -> Option<String>,
) {
    let text = |start: u32, end: u32| {
        doc.text
            .get(index.bytes(CharSpan::new(start, end)))
            .unwrap_or("")
    };
    let mut stack: Vec<(u32, Html)> = Vec::new();
    let mut pos = paragraph.start;
    let mut i = 0;
    while let Some(&mark) = pending.get(i) {
        i += 1;
        while let Some((end, _)) = stack.last() {
            if *end > mark.start {
                break;
            }
            let end = *end;
            html.text(text(pos, end));
            pos = end;
            if let Some((_, close)) = stack.pop() {
                html.append(&close);
            }
        }
        let start = mark.start.max(pos);
        html.text(text(pos, start));
        pos = start;
        let mut end = mark.end;
        if let Some((outer_end, _)) = stack.last() {
            if end > *outer_end {
                // The rest continues after the enclosing mark closes.
                let rest = Mark {
                    start: *outer_end,
                    continued: true,
                    ..mark
                };
                let at = i + pending
                    .get(i..)
                    .unwrap_or(&[])
                    .partition_point(|m| (m.start, m.rank) <= (rest.start, rest.rank));
                pending.insert(at.min(pending.len()), rest);
                end = *outer_end;
            }
        }
        if end <= start {
            continue;
        }
        let close = open_mark(html, doc, mark, mention_href);
        stack.push((end, close));
    }
    while let Some((end, close)) = stack.pop() {
        html.text(text(pos, end));
        pos = end.max(pos);
        html.append(&close);
    }
    html.text(text(pos, paragraph.end));
}

/// Writes the opening markup of a mark and returns its closing markup.
fn open_mark(
    html: &mut Html,
    doc: &Doc,
    mark: Mark,
    mention_href: &dyn Fn(usize) -> Option<String>,
) -> Html {
    let mut close = Html::new();
    match mark.what {
        MarkKind::Sentence(idx) => {
            html.raw("<span class=\"sent\"");
            if !mark.continued {
                html.raw(" id=\"s").num(idx as u64).raw("\"");
            }
            html.raw(">");
            close.raw("</span>");
        }
        MarkKind::Quote(idx) => {
            let Some(quote) = doc.quotes.get(idx) else {
                return close;
            };
            html.raw("<span class=\"quote ").raw(match quote.kind {
                QuoteKind::Direct => "q-direct",
                QuoteKind::Indirect => "q-indirect",
                QuoteKind::Term => "q-term",
            });
            html.raw("\" title=\"")
                .raw(quote.kind.as_str())
                .raw(" quote");
            if let Some(speaker) = &quote.speaker {
                html.raw(" by ").text(&speaker.name);
            }
            html.raw("\">");
            close.raw("</span>");
        }
        MarkKind::Mention(idx) => {
            let Some(mention) = doc.mentions.get(idx) else {
                return close;
            };
            match mention_href(idx) {
                Some(href) => {
                    html.raw("<a class=\"ent ")
                        .raw(kind_class(mention.kind))
                        .raw("\" href=\"")
                        .text(&href)
                        .raw("\">");
                    close
                        .raw("<span class=\"lbl\">")
                        .raw(kind_label(mention.kind))
                        .raw("</span></a>");
                }
                None => {
                    html.raw("<mark class=\"ent ")
                        .raw(kind_class(mention.kind))
                        .raw("\">");
                    close
                        .raw("<span class=\"lbl\">")
                        .raw(kind_label(mention.kind))
                        .raw("</span></mark>");
                }
            }
        }
        MarkKind::Time(idx) => {
            let Some(time) = doc.times.get(idx) else {
                return close;
            };
            let value = time.value.as_deref().unwrap_or("?");
            html.raw("<mark class=\"timex\" title=\"TIMEX3 ")
                .text(value)
                .raw("\">");
            close
                .raw("<span class=\"lbl\">")
                .text(value)
                .raw("</span></mark>");
        }
    }
    close
}

/// A removed boilerplate block, collapsed.
fn removed_block(html: &mut Html, block: &Removed) {
    html.raw("<details class=\"removed\"><summary>removed: ")
        .raw(block.reason.as_str())
        .raw("</summary><pre>")
        .text(&block.text)
        .raw("</pre></details>");
}

/// The metadata table of a document, with where each field came from.
pub(crate) fn metadata(html: &mut Html, doc: &Doc) {
    let meta = &doc.meta;
    let origin = |field: &str| meta.origins.get(field).map(String::as_str).unwrap_or("");
    html.raw("<table class=\"meta\"><thead><tr><th>field</th><th>value</th><th>from</th></tr></thead><tbody>");
    let row = |html: &mut Html, label: &'static str, value: Option<String>, from: &str| {
        html.raw("<tr><th>").raw(label).raw("</th><td>");
        match value {
            Some(value) => html.text(&value),
            None => html.raw("<span class=\"none\">—</span>"),
        };
        html.raw("</td><td class=\"origin\">")
            .text(from)
            .raw("</td></tr>");
    };
    row(
        html,
        "id",
        Some(doc.id.to_string()),
        "hash of the cleaned text",
    );
    row(html, "title", meta.title.clone(), origin("title"));
    row(html, "outlet", meta.outlet.clone(), origin("outlet"));
    let authors = (!meta.authors.is_empty()).then(|| meta.authors.join(", "));
    row(html, "authors", authors, origin("authors"));
    let published = meta.published.map(|date| match meta.published_confidence {
        Some(confidence) => format!("{date} (confidence {confidence:.2})"),
        None => date.to_string(),
    });
    let published_from = match (origin("published"), meta.published_from) {
        ("", Some(from)) => from.as_str().to_string(),
        (origin, Some(from)) => format!("{} ({origin})", from.as_str()),
        (origin, None) => origin.to_string(),
    };
    row(html, "published", published, &published_from);
    row(html, "url", meta.url.clone(), origin("url"));
    row(html, "language", meta.language.clone(), origin("language"));
    row(
        html,
        "source",
        Some(meta.source_path.clone()),
        meta.format.as_str(),
    );
    html.raw("</tbody></table>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::{Mention, Meta, Quote, Sentence, Speaker};

    fn span_of(doc: &Doc, text: &str) -> CharSpan {
        let byte = doc.text.find(text).unwrap_or(0);
        let start = doc.text.get(..byte).unwrap_or("").chars().count() as u32;
        CharSpan::new(start, start + text.chars().count() as u32)
    }

    #[test]
    fn truncation_counts_characters() {
        assert_eq!(truncate("Vučić spoke", 5), "Vučić…");
        assert_eq!(truncate("short", 10), "short");
    }

    #[test]
    fn crossing_marks_stay_well_formed() {
        let mut doc = Doc::new(
            Meta::default(),
            "Ana said \"we <b>go</b>. Now.\" Then".to_string(),
        );
        let whole = span_of(&doc, "Ana said \"we <b>go</b>.");
        doc.sentences.push(Sentence {
            span: whole,
            ..Sentence::default()
        });
        let second = span_of(&doc, "Now.\" Then");
        doc.sentences.push(Sentence {
            span: second,
            ..Sentence::default()
        });
        // The quote crosses from the first sentence into the second.
        let quote = span_of(&doc, "we <b>go</b>. Now.");
        doc.quotes.push(Quote {
            span: quote,
            kind: QuoteKind::Direct,
            speaker: Some(Speaker {
                name: "Ana <i>".into(),
                span: None,
                mention: Some(0),
            }),
            cue: None,
            sentence: 0,
        });
        doc.mentions.push(Mention {
            span: span_of(&doc, "Ana"),
            token_start: 0,
            token_end: 1,
            kind: EntityKind::Person,
            entity: None,
        });
        let html = doc_text(&doc, &|_| Some("/actor?id=person%3Aana".to_string())).into_string();
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
        assert!(html.contains("id=\"s0\"") && html.contains("id=\"s1\""));
        assert!(html.contains("&lt;b&gt;go&lt;/b&gt;"));
        assert!(html.contains("by Ana &lt;i&gt;"));
        assert!(!html.contains("<b>"));
        assert_eq!(html.matches("class=\"quote q-direct\"").count(), 2);
    }
}
