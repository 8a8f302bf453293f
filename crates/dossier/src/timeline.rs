//! `dossier timeline` and `dossier events`: dated events in order, with modality, participants
//! and sources.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use dossier_timeline::{TimelineEvent, TimelineFilter};
use serde_json::json;

use crate::flags::TimelineArgs;
use crate::present::{open_store, parse_date_flag};

/// The stored timeline, parsed, in date order.
pub(crate) fn load_timeline(store: &dossier_store::Store) -> anyhow::Result<Vec<TimelineEvent>> {
    let mut events = Vec::new();
    for record in store.timeline().context("cannot read the timeline")? {
        match serde_json::from_str::<TimelineEvent>(&record) {
            Ok(event) => events.push(event),
            Err(err) => eprintln!("warning: a timeline record is unreadable: {err}"),
        }
    }
    Ok(events)
}

fn filter_of(args: &TimelineArgs) -> anyhow::Result<TimelineFilter> {
    Ok(TimelineFilter {
        actor: args.actor.clone(),
        from: parse_date_flag("from", args.from.as_deref())?.map(|d| d.to_string()),
        to: parse_date_flag("to", args.to.as_deref())?.map(|d| d.to_string()),
        category: args.category.clone(),
        modality: args.modality.clone(),
    })
}

pub(crate) fn timeline(db: &Path, args: TimelineArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(db)?;
    let filter = filter_of(&args)?;
    let events: Vec<TimelineEvent> = load_timeline(&store)?
        .into_iter()
        .filter(|event| event.date.is_some() && filter.accepts(event))
        .collect();
    let titles = document_titles(&store)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        for event in &events {
            serde_json::to_writer(&mut out, event)?;
            writeln!(out)?;
        }
    } else {
        print_timeline(&mut out, &events, &titles, usize::MAX)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `dossier events`: every coded event (dated or not) matching the filters, one per line.
pub(crate) fn events(db: &Path, args: TimelineArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(db)?;
    let filter = filter_of(&args)?;
    let events: Vec<TimelineEvent> = load_timeline(&store)?
        .into_iter()
        .filter(|event| filter.accepts(event))
        .collect();
    let mut out = std::io::stdout().lock();
    for event in &events {
        if args.json {
            let value = json!({
                "id": event.id, "date": event.date, "date_text": event.date_text, "cameo": event.cameo,
                "plover": event.plover, "modality": event.modality, "label": event.label,
                "actors": event.actors, "recipients": event.recipients, "location": event.location,
                "evidence": event.evidence, "outlets": event.outlets,
            });
            serde_json::to_writer(&mut out, &value)?;
            writeln!(out)?;
        } else {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}",
                event.date.as_deref().unwrap_or("-"),
                event.cameo,
                if event.plover.category.is_empty() {
                    "-"
                } else {
                    &event.plover.category
                },
                event.modality,
                event.outlets,
                event.label
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Outlet and title of each stored document, by id.
pub(crate) type Titles = std::collections::HashMap<String, (Option<String>, Option<String>)>;

/// Titles of stored documents by id, for source lines.
pub(crate) fn document_titles(store: &dossier_store::Store) -> anyhow::Result<Titles> {
    let filter = dossier_store::DocFilter {
        limit: None,
        ..dossier_store::DocFilter::default()
    };
    Ok(store
        .documents(&filter)
        .context("cannot read the stored documents")?
        .into_iter()
        .map(|doc| (doc.id, (doc.outlet, doc.title)))
        .collect())
}

/// Prints events as a readable timeline, at most `limit` of them.
pub(crate) fn print_timeline(
    out: &mut impl Write,
    events: &[TimelineEvent],
    titles: &Titles,
    limit: usize,
) -> std::io::Result<()> {
    for event in events.iter().take(limit) {
        let category = if event.plover.category.is_empty() {
            event.cameo.as_str()
        } else {
            &event.plover.category
        };
        let modality = match event.modality.as_str() {
            "asserted" => String::new(),
            other => format!(" [{}]", other.to_uppercase()),
        };
        writeln!(
            out,
            "{:<10}  {:<11} {}{}  (CAMEO {}{})",
            event.date.as_deref().unwrap_or("undated"),
            category,
            event.label,
            modality,
            event.cameo,
            event
                .location
                .as_ref()
                .map(|l| format!(", in {}", l.name))
                .unwrap_or_default()
        )?;
        if !event.date_conflicts.is_empty() {
            let claims: Vec<String> = event
                .date_conflicts
                .iter()
                .map(|claim| {
                    format!(
                        "{} ({})",
                        claim.date,
                        claim.outlet.as_deref().unwrap_or(&claim.doc)
                    )
                })
                .collect();
            writeln!(
                out,
                "{:<24}sources disagree on the date: {}",
                "",
                claims.join(", ")
            )?;
        }
        if !event.quantity_conflicts.is_empty() {
            let claims: Vec<String> = event
                .quantity_conflicts
                .iter()
                .map(|claim| {
                    format!(
                        "“{}” ({})",
                        claim.text,
                        claim.outlet.as_deref().unwrap_or(&claim.doc)
                    )
                })
                .collect();
            writeln!(
                out,
                "{:<24}sources disagree on the numbers: {}",
                "",
                claims.join(", ")
            )?;
        }
        let mut sources: Vec<String> = Vec::new();
        for evidence in &event.evidence {
            let (outlet, title) = titles.get(&evidence.doc).cloned().unwrap_or((None, None));
            let source = format!(
                "{} “{}” ({}, sentence {})",
                outlet.as_deref().unwrap_or("-"),
                title.as_deref().unwrap_or("untitled"),
                evidence.doc,
                evidence.sentence
            );
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
        writeln!(
            out,
            "{:<24}{} outlet{}: {}",
            "",
            event.outlets,
            if event.outlets == 1 { "" } else { "s" },
            sources.join("; ")
        )?;
    }
    if events.len() > limit {
        writeln!(
            out,
            "… and {} more (dossier timeline)",
            events.len() - limit
        )?;
    }
    Ok(())
}
