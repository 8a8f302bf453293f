//! `dossier export`: the stored record as files, per the export contract in DESIGN.md.
//!
//! `--format jsonl` writes `documents.jsonl`, `entities.jsonl`, `mentions.jsonl`, `times.jsonl`,
//! `quotes.jsonl` and `events.jsonl`, one JSON object per line, with the field names the contract
//! fixes; `--format csv` writes the same records as CSV with list fields joined by `; `.
//! Offsets are code points into the document's cleaned `text`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use dossier_core::{Doc, EntityKind};
use serde_json::{json, Value};

use crate::flags::{ExportArgs, ExportFormat};
use crate::present::open_store;

/// The record files of the contract, in the order they are written.
const RECORDS: [&str; 6] = [
    "documents",
    "entities",
    "mentions",
    "times",
    "quotes",
    "events",
];

pub(crate) fn run(db: &Path, args: ExportArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(db)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    if args.format == ExportFormat::Gdelt {
        return write_gdelt(&store, &args.out);
    }
    let mut writers = Vec::with_capacity(RECORDS.len());
    for name in RECORDS {
        let extension = match args.format {
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Csv | ExportFormat::Gdelt => "csv",
        };
        let path = args.out.join(format!("{name}.{extension}"));
        let file =
            File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
        writers.push(RecordWriter::new(args.format, name, BufWriter::new(file)));
    }
    let mut counts = [0u64; RECORDS.len()];
    // Entities resolved across the corpus by the link stage; per-document groupings only
    // for a database built before linking existed.
    let linked = store.entities(&dossier_store::EntityFilter {
        limit: None,
        ..Default::default()
    })?;
    let entities_idx = 1;
    for row in &linked {
        let record: Value =
            serde_json::from_str(&row.record).context("an entity record is unreadable")?;
        writers[entities_idx].write(&record)?;
        counts[entities_idx] += 1;
    }
    for id in store.doc_ids()? {
        let Some(doc) = store.load_doc(&id)? else {
            continue;
        };
        for (idx, records) in doc_records(&doc).into_iter().enumerate() {
            if idx == entities_idx && !linked.is_empty() {
                continue;
            }
            for record in records {
                writers[idx].write(&record)?;
                counts[idx] += 1;
            }
        }
    }
    // Events are corpus-level: the timeline, merged across documents and outlets.
    let events_idx = RECORDS.len() - 1;
    for event in crate::timeline::load_timeline(&store)? {
        writers[events_idx].write(&event_record(&event))?;
        counts[events_idx] += 1;
    }
    for writer in writers {
        writer.finish()?;
    }
    let summary: Vec<String> = RECORDS
        .iter()
        .zip(counts)
        .map(|(name, n)| format!("{n} {name}"))
        .collect();
    println!("wrote {} to {}", summary.join(", "), args.out.display());
    Ok(ExitCode::SUCCESS)
}

/// The records of one doc, per record file (same order as [`RECORDS`]).
pub(crate) fn doc_records(doc: &Doc) -> [Vec<Value>; 6] {
    let id = doc.id.as_str();
    let meta = &doc.meta;
    let document = json!({
        "id": id,
        "source_path": meta.source_path,
        "title": meta.title,
        "outlet": meta.outlet,
        "authors": meta.authors,
        "url": meta.url,
        "published": meta.published.map(|date| date.to_string()),
        "published_from": meta.published_from.map(|from| from.as_str()),
        "published_confidence": meta.published_confidence,
        "language": meta.language,
        "format": meta.format.as_str(),
        "origins": meta.origins,
        "sources": meta.sources,
        "text": doc.text,
        "removed": doc.removed.iter().map(|block| json!({
            "text": block.text, "reason": block.reason.as_str(), "at": block.at,
        })).collect::<Vec<_>>(),
    });

    let entities = doc_entities(doc);
    let mut mentions = Vec::with_capacity(doc.mentions.len());
    for (idx, mention) in doc.mentions.iter().enumerate() {
        let entity = mention.entity.clone().or_else(|| {
            entities
                .iter()
                .find(|entity| entity.mentions.contains(&idx))
                .map(|entity| entity.id.clone())
        });
        mentions.push(json!({
            "doc": id, "entity": entity, "text": doc.slice(mention.span),
            "start": mention.span.start, "end": mention.span.end, "kind": mention.kind.as_str(),
        }));
    }
    let entity_records = entities
        .iter()
        .map(|entity| {
            json!({
                "id": entity.id, "name": entity.name, "kind": entity.kind.as_str(),
                "aliases": entity.aliases, "country": Value::Null, "roles": [],
                "documents": [id], "mentions": entity.mentions.len(),
            })
        })
        .collect();

    let times = doc
        .times
        .iter()
        .map(|time| {
            json!({
                "doc": id, "text": doc.slice(time.span), "start": time.span.start, "end": time.span.end,
                "value": time.value, "type": time.timex_type, "anchor": time.anchor, "sentence": time.sentence,
            })
        })
        .collect();

    let quotes = doc
        .quotes
        .iter()
        .enumerate()
        .map(|(idx, quote)| {
            let speaker = quote.speaker.as_ref().map(|speaker| {
                let entity = speaker.mention.and_then(|m| {
                    entities
                        .iter()
                        .find(|entity| entity.mentions.contains(&(m as usize)))
                        .map(|e| e.id.clone())
                });
                json!({ "entity": entity, "name": speaker.name })
            });
            json!({
                "id": format!("{id}:q{idx}"), "doc": id, "text": doc.slice(quote.span),
                "start": quote.span.start, "end": quote.span.end, "kind": quote.kind.as_str(),
                "speaker": speaker, "cue": quote.cue.map(|cue| doc.slice(cue)),
            })
        })
        .collect();

    [
        vec![document],
        entity_records,
        mentions,
        times,
        quotes,
        Vec::new(),
    ]
}

/// One `events.jsonl` record: the contract's fields, then what the timeline adds
/// (conflicting dates, counts and conflicting counts, outlet names, the merged records).
fn event_record(event: &dossier_timeline::TimelineEvent) -> Value {
    json!({
        "id": event.id, "date": event.date, "date_text": event.date_text, "cameo": event.cameo,
        "plover": event.plover, "modality": event.modality, "label": event.label,
        "actors": event.actors, "recipients": event.recipients, "location": event.location,
        "evidence": event.evidence, "outlets": event.outlets,
        "reported": event.reported, "date_conflicts": event.date_conflicts,
        "quantities": event.quantities, "quantity_conflicts": event.quantity_conflicts,
        "outlet_names": event.outlet_names, "records": event.records,
    })
}

/// `--format gdelt`: the timeline as a GDELT 2.0 event table (tab-separated, no header, dyads
/// exploded from actors × recipients, QuadClass and Goldstein from the CAMEO code), written to
/// `events.gdelt.tsv`, with the column names in `events.gdelt.columns.txt`.
fn write_gdelt(store: &dossier_store::Store, out_dir: &Path) -> anyhow::Result<ExitCode> {
    use dossier_events::{DateSource, Event, Evidence, Location, Modality, Participant, Plover};
    let ontology = dossier_events::Ontology::shipped().context("cannot load the event ontology")?;
    let urls: std::collections::HashMap<String, String> = {
        let filter = dossier_store::DocFilter {
            limit: None,
            ..dossier_store::DocFilter::default()
        };
        store
            .documents(&filter)?
            .into_iter()
            .map(|doc| (doc.id, doc.source_path))
            .collect()
    };
    let path = out_dir.join("events.gdelt.tsv");
    let mut out = BufWriter::new(
        File::create(&path).with_context(|| format!("cannot create {}", path.display()))?,
    );
    let mut numeric_id: u64 = 1;
    let mut n_rows = 0u64;
    let participants = |list: &[dossier_timeline::Participant]| -> Vec<Participant> {
        list.iter()
            .map(|p| Participant {
                entity: p.entity.clone(),
                name: p.name.clone(),
                code: p.code.clone(),
                span: Default::default(),
            })
            .collect()
    };
    for event in crate::timeline::load_timeline(store)? {
        let modality = match event.modality.as_str() {
            "negated" => Modality::Negated,
            "future" => Modality::Future,
            "hypothetical" => Modality::Hypothetical,
            _ => Modality::Asserted,
        };
        let first = event.evidence.first();
        let coded = Event {
            id: event.id.clone(),
            date: event.date.clone(),
            date_precision: None,
            date_source: DateSource::Sentence,
            date_text: event.date_text.clone(),
            cameo: event.cameo.clone(),
            plover: Plover {
                category: event.plover.category.clone(),
                mode: event.plover.mode.clone(),
                context: event.plover.context.clone(),
            },
            modality,
            reported: event.reported,
            label: event.label.clone(),
            actors: participants(&event.actors),
            recipients: participants(&event.recipients),
            location: event.location.as_ref().map(|l| Location {
                name: l.name.clone(),
                country: l.country.clone(),
            }),
            evidence: event
                .evidence
                .iter()
                .map(|e| Evidence {
                    doc: e.doc.clone(),
                    sentence: e.sentence,
                    start: e.start,
                    end: e.end,
                })
                .collect(),
            outlets: event.outlets,
            sentence: first.map_or(0, |e| e.sentence),
            span: Default::default(),
            trigger: Default::default(),
            pattern: String::new(),
            quantities: Vec::new(),
        };
        let url = first
            .and_then(|e| urls.get(&e.doc))
            .map(String::as_str)
            .unwrap_or("");
        let rows = dossier_events::gdelt::gdelt_rows(&coded, &ontology, numeric_id, url);
        numeric_id += rows.len() as u64;
        for row in rows {
            writeln!(out, "{}", row.join("\t"))?;
            n_rows += 1;
        }
    }
    out.flush()?;
    std::fs::write(
        out_dir.join("events.gdelt.columns.txt"),
        dossier_events::gdelt::COLUMNS.join("\n") + "\n",
    )?;
    println!("wrote {n_rows} GDELT rows to {}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// A document-level entity: mentions of one name within one doc.
pub(crate) struct DocEntity {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) kind: EntityKind,
    pub(crate) aliases: Vec<String>,
    pub(crate) mentions: Vec<usize>,
}

/// Groups a doc's mentions into entities until cross-document resolution exists:
/// the same kind and the same name, or a person's surname alone after their full name.
pub(crate) fn doc_entities(doc: &Doc) -> Vec<DocEntity> {
    let mut entities: Vec<DocEntity> = Vec::new();
    for (idx, mention) in doc.mentions.iter().enumerate() {
        let text = doc
            .slice(mention.span)
            .trim_end_matches("'s")
            .trim_end_matches("’s");
        let found = entities.iter_mut().find(|entity| {
            entity.kind == mention.kind
                && (entity.aliases.iter().any(|alias| alias == text)
                    || (mention.kind == EntityKind::Person
                        && entity.name.split_whitespace().last() == Some(text)))
        });
        match found {
            Some(entity) => {
                entity.mentions.push(idx);
                if !entity.aliases.iter().any(|alias| alias == text) {
                    entity.aliases.push(text.to_string());
                }
                if text.chars().count() > entity.name.chars().count() {
                    entity.name = text.to_string();
                }
            }
            None => entities.push(DocEntity {
                id: format!("{}:e{}", doc.id, entities.len()),
                name: text.to_string(),
                kind: mention.kind,
                aliases: vec![text.to_string()],
                mentions: vec![idx],
            }),
        }
    }
    entities
}

/// Writes one record file in the chosen format.
struct RecordWriter {
    format: ExportFormat,
    out: BufWriter<File>,
    columns: Option<Vec<String>>,
    name: &'static str,
}

impl RecordWriter {
    fn new(format: ExportFormat, name: &'static str, out: BufWriter<File>) -> RecordWriter {
        RecordWriter {
            format,
            out,
            columns: None,
            name,
        }
    }

    fn write(&mut self, record: &Value) -> anyhow::Result<()> {
        match self.format {
            ExportFormat::Jsonl => {
                serde_json::to_writer(&mut self.out, record)?;
                writeln!(self.out)?;
            }
            ExportFormat::Csv | ExportFormat::Gdelt => {
                let Value::Object(map) = record else {
                    return Ok(());
                };
                if self.columns.is_none() {
                    let columns: Vec<String> = map.keys().cloned().collect();
                    write_csv_row(&mut self.out, columns.iter().map(String::as_str))?;
                    self.columns = Some(columns);
                }
                let cells: Vec<String> = self
                    .columns
                    .iter()
                    .flatten()
                    .map(|column| csv_cell(map.get(column).unwrap_or(&Value::Null)))
                    .collect();
                write_csv_row(&mut self.out, cells.iter().map(String::as_str))?;
            }
        }
        Ok(())
    }

    fn finish(mut self) -> anyhow::Result<()> {
        self.out
            .flush()
            .with_context(|| format!("cannot write {}", self.name))
    }
}

/// A CSV cell: strings as they are, lists joined by "; ", objects as JSON.
fn csv_cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(csv_cell).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

/// One RFC 4180 row: cells with commas, quotes or newlines are quoted.
fn write_csv_row<'a>(
    out: &mut impl Write,
    cells: impl Iterator<Item = &'a str>,
) -> std::io::Result<()> {
    let mut first = true;
    for cell in cells {
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        if cell.contains([',', '"', '\n', '\r']) {
            write!(out, "\"{}\"", cell.replace('"', "\"\""))?;
        } else {
            out.write_all(cell.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::{CharSpan, Mention, Meta};

    fn mention(doc: &Doc, text: &str, kind: EntityKind) -> Mention {
        let byte = doc.text.find(text).unwrap_or(0);
        let start = doc.text[..byte].chars().count() as u32;
        Mention {
            span: CharSpan::new(start, start + text.chars().count() as u32),
            token_start: 0,
            token_end: 0,
            kind,
            entity: None,
        }
    }

    #[test]
    fn surname_joins_full_name_within_a_doc() {
        let mut doc = Doc::new(
            Meta::default(),
            "Ana Kovač spoke. Kovač left. Kovač Ltd grew.".into(),
        );
        doc.mentions = vec![
            mention(&doc, "Ana Kovač", EntityKind::Person),
            mention(&doc, "Kovač left", EntityKind::Person),
            mention(&doc, "Kovač Ltd", EntityKind::Organization),
        ];
        doc.mentions[1].span.end = doc.mentions[1].span.start + 5;
        let entities = doc_entities(&doc);
        assert_eq!(entities.len(), 2);
        assert_eq!(entities[0].name, "Ana Kovač");
        assert_eq!(entities[0].mentions, vec![0, 1]);
    }

    #[test]
    fn csv_rows_are_quoted_when_needed() {
        let mut out = Vec::new();
        write_csv_row(&mut out, ["a", "b,c", "say \"hi\""].into_iter()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a,\"b,c\",\"say \"\"hi\"\"\"\r\n"
        );
    }
}
