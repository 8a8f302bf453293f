//! `dossier report`: one self-contained HTML file (inline CSS and SVG, no script, no
//! external request) with the merged timeline, the linked actors with their roles and
//! quotes, and the sources, for sharing by e-mail.

use std::collections::{BTreeMap, HashMap};

use dossier_store::{DocFilter, Store, TimelineQuery};
use serde::Serialize;

use crate::html::Html;
use crate::index::{entity_kind, Index, RecordView};
use crate::pages::{outlets_word, APP_CSS};
use crate::render::{kind_class, kind_label};
use crate::WebError;

/// What [`crate::write_report`] wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReportSummary {
    /// Documents listed as sources.
    pub documents: usize,
    /// Actors listed.
    pub actors: usize,
    /// Timeline events shown.
    pub timeline_items: usize,
    /// Quotes shown.
    pub quotes: usize,
    /// Size of the file in bytes.
    pub bytes: usize,
}

/// Most timeline events in a report; a larger corpus is better read in `dossier serve`.
const MAX_ITEMS: u64 = 3000;
/// Most actors in a report.
const MAX_ACTORS: u64 = 300;
/// Most quotes per actor in a report.
const MAX_QUOTES_PER_ACTOR: u64 = 20;

/// A numbered link to a source in the list at the end of the report.
fn source_ref(html: &mut Html, numbers: &HashMap<String, usize>, doc: &str) {
    if let Some(&n) = numbers.get(doc) {
        html.raw(" <a class=\"ref\" href=\"#d")
            .num(n as u64)
            .raw("\">[")
            .num(n as u64)
            .raw("]</a>");
    }
}

/// The report of the database behind `store`.
pub(crate) fn render(store: &Store, index: &Index) -> Result<(String, ReportSummary), WebError> {
    let counts = index.counts;
    let docs = store.documents(&DocFilter::default())?;
    let numbers: HashMap<String, usize> = docs
        .iter()
        .enumerate()
        .map(|(idx, doc)| (doc.id.clone(), idx + 1))
        .collect();
    let (actors, n_actors) = store.entity_page(None, None, MAX_ACTORS, 0)?;
    let (events, n_events) = store.timeline_page(&TimelineQuery {
        limit: MAX_ITEMS,
        ..TimelineQuery::default()
    })?;
    let mut summary = ReportSummary {
        documents: docs.len(),
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
        .num(n_events).raw(" timeline events, ")
        .num(n_actors).raw(" linked actors, ")
        .num(counts.quotes).raw(" quotes.</p><nav class=\"crumbs\"><a href=\"#timeline\">Timeline</a> · <a href=\"#actors\">Actors</a> · <a href=\"#sources\">Sources</a></nav>");

    // Timeline: a chart by year, then the merged events grouped by month.
    html.raw("<section class=\"report\" id=\"timeline\"><h2>Timeline</h2><p class=\"note\">One row per happening, merged across documents and outlets, with the number of outlets, its sources and the dates they disagree on.</p>");
    let per_year: BTreeMap<String, u64> = store
        .timeline_periods(&TimelineQuery::default(), 4)?
        .into_iter()
        .map(|p| (p.period, p.events))
        .collect();
    year_chart(&mut html, &per_year);
    let mut month = String::new();
    for event in &events {
        let date = event.date.as_deref().unwrap_or("undated");
        let event_month = date.get(..7).unwrap_or(date);
        if event_month != month || summary.timeline_items == 0 {
            if summary.timeline_items > 0 {
                html.raw("</ol>");
            }
            month = event_month.to_string();
            html.raw("<h3>")
                .text(&month)
                .raw("</h3><ol class=\"timeline\">");
        }
        summary.timeline_items += 1;
        let record = RecordView::parse(&event.record);
        html.raw("<li class=\"item k-event\"");
        if !event.plover.is_empty() {
            html.raw(" data-plover=\"").text(&event.plover).raw("\"");
        }
        html.raw("><time>")
            .text(date)
            .raw("</time> <span class=\"plover\">")
            .text(if event.plover.is_empty() {
                "event"
            } else {
                &event.plover
            })
            .raw("</span> ")
            .text(&event.label);
        if event.modality != "asserted" {
            html.raw(" <span class=\"modality\">")
                .text(&event.modality)
                .raw("</span>");
        }
        html.raw(" <span class=\"outlets\">")
            .num(u64::from(event.outlets))
            .raw(outlets_word(event.outlets))
            .raw("</span>");
        crate::pages::disagreements(
            &mut html,
            &record.date_conflicts,
            &record.quantity_conflicts,
        );
        let mut seen: Vec<&str> = Vec::new();
        for evidence in &event.evidence {
            if !seen.contains(&evidence.doc.as_str()) {
                seen.push(&evidence.doc);
                source_ref(&mut html, &numbers, &evidence.doc);
            }
        }
        html.raw("</li>");
    }
    if summary.timeline_items > 0 {
        html.raw("</ol>");
    } else {
        html.raw("<p class=\"note\">No events in the database.</p>");
    }
    if n_events > summary.timeline_items as u64 {
        html.raw("<p class=\"note\">The first ")
            .num(summary.timeline_items as u64)
            .raw(" of ")
            .num(n_events)
            .raw(" events are shown; `dossier serve` shows them all.</p>");
    }
    html.raw("</section>");

    // Actors with their roles and quotes.
    html.raw("<section class=\"report\" id=\"actors\"><h2>Actors</h2><p class=\"note\">Entities resolved across documents, most mentioned first.</p>");
    for actor in &actors {
        let Some(entity) = store.entity(&actor.id)? else {
            continue;
        };
        summary.actors += 1;
        let kind = entity_kind(&entity.kind);
        let n_events = index
            .entity(&entity.id)
            .and_then(|(idx, _)| index.by_entity.get(idx as usize))
            .map_or(0, Vec::len);
        let quotes = store.entity_quotes(&entity.id, MAX_QUOTES_PER_ACTOR)?;
        html.raw("<details><summary><span class=\"ent ")
            .raw(kind_class(kind))
            .raw("\">")
            .text(&entity.name)
            .raw("<span class=\"lbl\">")
            .raw(kind_label(kind))
            .raw("</span></span> <span class=\"count\">")
            .num(entity.mentions)
            .raw(" mentions, ")
            .num(entity.n_documents)
            .raw(" documents, ")
            .num(n_events as u64)
            .raw(" events, ")
            .num(quotes.len() as u64)
            .raw(" quotes</span></summary><p>Also written: ");
        for (idx, alias) in entity.aliases.iter().enumerate() {
            if idx > 0 {
                html.raw(", ");
            }
            html.text(alias);
        }
        html.raw("</p>");
        if !entity.roles.is_empty() {
            html.raw("<ul class=\"roles\">");
            let mut roles: Vec<_> = entity.roles.iter().collect();
            roles.sort_by(|a, b| a.as_of.cmp(&b.as_of));
            for role in roles {
                html.raw("<li><time>")
                    .text(role.as_of.as_deref().unwrap_or("undated"))
                    .raw("</time> ")
                    .raw(if role.former { "former " } else { "" })
                    .text(&role.title);
                if let Some(org) = &role.organization {
                    html.raw(", ").text(org);
                }
                match &role.doc {
                    Some(doc) => source_ref(&mut html, &numbers, doc),
                    None => {
                        html.raw(" <span class=\"src\">(")
                            .text(&role.source)
                            .raw(")</span>");
                    }
                }
                html.raw("</li>");
            }
            html.raw("</ul>");
        }
        if !quotes.is_empty() {
            html.raw("<ul class=\"quotes\">");
            for quote in &quotes {
                summary.quotes += 1;
                html.raw("<li>“")
                    .text(&quote.text)
                    .raw("” <span class=\"who\">(")
                    .text(&quote.kind)
                    .raw(")</span>");
                source_ref(&mut html, &numbers, &quote.doc);
                html.raw("</li>");
            }
            html.raw("</ul>");
        }
        html.raw("</details>");
    }
    html.raw("</section>");

    // Sources.
    html.raw("<section class=\"report\" id=\"sources\"><h2>Sources</h2><ol>");
    for (idx, doc) in docs.iter().enumerate() {
        html.raw("<li id=\"d")
            .num(idx as u64 + 1)
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
fn year_chart(html: &mut Html, per_year: &BTreeMap<String, u64>) {
    if per_year.is_empty() {
        return;
    }
    let max = per_year.values().copied().max().unwrap_or(1).max(1);
    let bar = 28u64;
    let width = bar * per_year.len() as u64 + 10;
    html.raw("<svg role=\"img\" aria-label=\"events per year\" width=\"")
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
