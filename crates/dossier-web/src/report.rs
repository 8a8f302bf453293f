//! `dossier report`: one self-contained HTML file (inline CSS and SVG, no script, no
//! external request) with the timeline, actors, quotes and sources, for sharing by e-mail.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::corpus::{Corpus, ItemKind};
use crate::html::Html;
use crate::pages::APP_CSS;
use crate::render::{kind_class, kind_label};
use crate::WebError;

/// What [`crate::write_report`] wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReportSummary {
    /// Documents listed as sources.
    pub documents: usize,
    /// Actors listed.
    pub actors: usize,
    /// Timeline items shown.
    pub timeline_items: usize,
    /// Quotes shown.
    pub quotes: usize,
    /// Size of the file in bytes.
    pub bytes: usize,
}

/// Most timeline items in a report; a larger corpus is better read in `dossier serve`.
const MAX_ITEMS: usize = 3000;
/// Most actors in a report.
const MAX_ACTORS: usize = 300;
/// Most quotes per actor in a report.
const MAX_QUOTES_PER_ACTOR: usize = 20;

/// The report of the corpus, from its index alone.
pub(crate) fn render(corpus: &Corpus) -> Result<(String, ReportSummary), WebError> {
    let counts = corpus.counts;
    let mut summary = ReportSummary {
        documents: corpus.docs.len(),
        ..ReportSummary::default()
    };
    let mut html = Html::new();
    html.raw("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        // The policy forbids every load: the report must open the same offline.
        .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>dossier report</title><style>")
        .raw(APP_CSS)
        .raw("\nsection.report { margin: 2rem 0; } .ref { font-size: .8rem; vertical-align: super; }</style></head><body><main>")
        .raw("<h1>Dossier report</h1><p class=\"lead\">")
        .num(counts.documents).raw(" documents, ")
        .num(corpus.actors.len() as u64).raw(" actors, ")
        .num(counts.times).raw(" time expressions, ")
        .num(counts.quotes).raw(" quotes.</p><nav class=\"crumbs\"><a href=\"#timeline\">Timeline</a> · <a href=\"#actors\">Actors</a> · <a href=\"#sources\">Sources</a></nav>");

    // Timeline: a chart by year, then items grouped by month.
    html.raw("<section class=\"report\" id=\"timeline\"><h2>Timeline</h2><p class=\"note\">Events are not in the database yet: the timeline lists dated time expressions and publication dates.</p>");
    let mut per_year: BTreeMap<&str, u64> = BTreeMap::new();
    for item in &corpus.timeline {
        if let Some(year) = item.date.get(..4) {
            *per_year.entry(year).or_default() += 1;
        }
    }
    year_chart(&mut html, &per_year);
    let mut month = "";
    html.raw("<div>");
    for item in corpus
        .timeline
        .iter()
        .filter(|i| i.kind == ItemKind::TimeExpression)
        .take(MAX_ITEMS)
    {
        let item_month = item.date.get(..7).unwrap_or(item.date.as_str());
        if item_month != month {
            if !month.is_empty() {
                html.raw("</ol>");
            }
            month = item_month;
            html.raw("<h3>")
                .text(month)
                .raw("</h3><ol class=\"timeline\">");
        }
        summary.timeline_items += 1;
        html.raw("<li class=\"item k-time_expression\"><time>")
            .text(&item.date)
            .raw("</time> <mark class=\"timex\">")
            .text(&item.date_text)
            .raw("</mark> ")
            .text(&item.label)
            .raw(" <a class=\"ref\" href=\"#d")
            .num(item.doc as u64)
            .raw("\">[")
            .num(item.doc as u64 + 1)
            .raw("]</a></li>");
    }
    if !month.is_empty() {
        html.raw("</ol>");
    }
    html.raw("</div>");
    let n_dated = corpus
        .timeline
        .iter()
        .filter(|i| i.kind == ItemKind::TimeExpression)
        .count();
    if n_dated > summary.timeline_items {
        html.raw("<p class=\"note\">The first ")
            .num(summary.timeline_items as u64)
            .raw(" of ")
            .num(n_dated as u64)
            .raw(" dated items are shown; `dossier serve` shows them all.</p>");
    }
    html.raw("</section>");

    // Actors with their quotes.
    html.raw("<section class=\"report\" id=\"actors\"><h2>Actors</h2><p class=\"note\">Entity mentions grouped by kind and name across documents.</p>");
    for actor in corpus.actors.iter().take(MAX_ACTORS) {
        summary.actors += 1;
        html.raw("<details><summary><span class=\"ent ")
            .raw(kind_class(actor.kind))
            .raw("\">")
            .text(&actor.name)
            .raw("<span class=\"lbl\">")
            .raw(kind_label(actor.kind))
            .raw("</span></span> <span class=\"count\">")
            .num(actor.n_mentions)
            .raw(" mentions, ")
            .num(actor.docs.len() as u64)
            .raw(" documents, ")
            .num(actor.quotes.len() as u64)
            .raw(" quotes</span></summary><p>Also written: ");
        for (idx, alias) in actor.aliases.iter().enumerate() {
            if idx > 0 {
                html.raw(", ");
            }
            html.text(alias);
        }
        html.raw("</p><p>Sources: ");
        for &doc in actor.docs.iter().take(50) {
            html.raw("<a class=\"ref\" href=\"#d")
                .num(doc as u64)
                .raw("\">[")
                .num(doc as u64 + 1)
                .raw("]</a> ");
        }
        html.raw("</p>");
        if !actor.quotes.is_empty() {
            html.raw("<ul class=\"quotes\">");
            for quote in actor.quotes.iter().take(MAX_QUOTES_PER_ACTOR) {
                summary.quotes += 1;
                html.raw("<li>“")
                    .text(&quote.text)
                    .raw("” <span class=\"who\">(")
                    .raw(quote.kind.as_str())
                    .raw(")</span> <a class=\"ref\" href=\"#d")
                    .num(quote.doc as u64)
                    .raw("\">[")
                    .num(quote.doc as u64 + 1)
                    .raw("]</a></li>");
            }
            html.raw("</ul>");
        }
        html.raw("</details>");
    }
    html.raw("</section>");

    // Sources.
    html.raw("<section class=\"report\" id=\"sources\"><h2>Sources</h2><ol>");
    for (idx, doc) in corpus.docs.iter().enumerate() {
        html.raw("<li id=\"d")
            .num(idx as u64)
            .raw("\">")
            .text(doc.title.as_deref().unwrap_or("(untitled)"))
            .raw(" <span class=\"src\">")
            .text(doc.outlet.as_deref().unwrap_or(""))
            .raw(" · ")
            .text(&doc.published.map(|d| d.to_string()).unwrap_or_default())
            .raw(" · id ")
            .text(&doc.id)
            .raw("</span></li>");
    }
    html.raw("</ol></section></main></body></html>\n");
    let out = html.into_string();
    summary.bytes = out.len();
    Ok((out, summary))
}

/// An inline SVG bar chart of items per year.
fn year_chart(html: &mut Html, per_year: &BTreeMap<&str, u64>) {
    if per_year.is_empty() {
        return;
    }
    let max = per_year.values().copied().max().unwrap_or(1).max(1);
    let bar = 28u64;
    let width = bar * per_year.len() as u64 + 10;
    html.raw("<svg role=\"img\" aria-label=\"dated items per year\" width=\"")
        .num(width)
        .raw("\" height=\"140\" viewBox=\"0 0 ")
        .num(width)
        .raw(" 140\" xmlns=\"http://www.w3.org/2000/svg\">");
    for (idx, (year, n)) in per_year.iter().enumerate() {
        let height = n * 100 / max;
        let x = idx as u64 * bar + 5;
        html.raw("<rect x=\"")
            .num(x)
            .raw("\" y=\"")
            .num(110 - height)
            .raw("\" width=\"")
            .num(bar - 6)
            .raw("\" height=\"")
            .num(height)
            .raw("\" fill=\"#1f5fa8\"><title>")
            .text(year)
            .raw(": ")
            .num(*n)
            .raw("</title></rect><text x=\"")
            .num(x)
            .raw("\" y=\"125\" font-size=\"8\">")
            .text(year)
            .raw("</text>");
    }
    html.raw("</svg>");
}
