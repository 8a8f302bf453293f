//! `dossier build`: read inputs, clean and annotate them in parallel, store the new documents.
//!
//! Inputs are processed in chunks so memory stays bounded on large corpora: each chunk is
//! read, cleaned and annotated in parallel (rayon), then written in one transaction.
//! Documents already in the database (same content hash) are not annotated again.

use std::collections::{BTreeMap, HashSet};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use dossier_core::Doc;
use dossier_ingest::{ReadOptions, Skipped};
use dossier_store::{BuildRecord, SkippedFile, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::flags::BuildArgs;
use crate::pipeline::{read_and_clean, relink_timeline, EventCoding, Pipeline};

/// Inputs read, cleaned and annotated together before a write.
const CHUNK_ITEMS: usize = 512;
/// Most documents a worker annotates stage by stage ([`Pipeline::annotate_batch`]): the
/// larger the batch, the longer each model's often-read weights stay in the CPU cache (on the
/// speed benchmark 64 is about 6% faster than 16; larger gains nothing). Builds with fewer
/// than 128 documents per worker use smaller batches, never below 16.
const ANNOTATE_BATCH: usize = 64;

/// A document added by this build, as the summary lists it.
struct AddedDoc {
    id: String,
    title: Option<String>,
    outlet: Option<String>,
    published: Option<String>,
    source_path: String,
}

/// Totals of one build, printed as the summary.
#[derive(Default)]
struct Tally {
    files_seen: u64,
    articles_read: u64,
    added: u64,
    duplicates: u64,
    skipped: Vec<Skipped>,
    warnings: Vec<Skipped>,
    added_docs: Vec<AddedDoc>,
    read_time: Duration,
    annotate_time: Duration,
    store_time: Duration,
    events: u64,
    timeline_events: u64,
    entities: u64,
    link_time: Duration,
}

pub(crate) fn run(
    db: &Path,
    kb_files: &[std::path::PathBuf],
    args: BuildArgs,
) -> anyhow::Result<ExitCode> {
    if let Some(threads) = args.threads {
        // Only fails when a global pool already exists, which it cannot at this point.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global();
    }
    let started = Instant::now();
    let started_at = chrono::Utc::now();
    let pipeline = Pipeline::new(kb_files)?;
    let coding = EventCoding::new(kb_files)?;
    let mut store =
        Store::open(db).with_context(|| format!("cannot open database {}", db.display()))?;
    let mut known = store
        .known_ids()
        .context("cannot read the stored document ids")?;

    let mut discovery = dossier_ingest::discover(&args.paths);
    // The database (and its WAL files) may sit inside an input folder: it is not an article.
    let own_files: Vec<std::path::PathBuf> = ["", "-wal", "-shm", "-journal"]
        .iter()
        .filter_map(|suffix| {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            std::fs::canonicalize(std::path::PathBuf::from(name)).ok()
        })
        .collect();
    discovery.items.retain(|item| match &item.source {
        dossier_ingest::InputSource::File(path) => {
            !std::fs::canonicalize(path).is_ok_and(|path| own_files.contains(&path))
        }
        dossier_ingest::InputSource::Stdin => true,
    });
    let options = ReadOptions {
        max_file_bytes: args.max_file_mb.saturating_mul(1 << 20),
        ..ReadOptions::default()
    };
    let mut tally = Tally {
        files_seen: discovery.items.len() as u64,
        ..Tally::default()
    };
    tally.files_seen += discovery.skipped.len() as u64;
    tally.skipped.extend(discovery.skipped);
    tally.warnings.extend(discovery.warnings);

    let progress = progress_bar(discovery.items.len() as u64);
    for chunk in discovery.items.chunks(CHUNK_ITEMS) {
        let read_started = Instant::now();
        let results: Vec<_> = chunk
            .par_iter()
            .map(|item| read_and_clean(item, &options))
            .collect();
        tally.read_time += read_started.elapsed();

        let mut new_docs: Vec<Doc> = Vec::new();
        for result in results {
            tally.articles_read += result.docs.len() as u64;
            tally.skipped.extend(result.skipped);
            tally.warnings.extend(result.warnings);
            for doc in result.docs {
                // Same text as a stored doc, or as one earlier in this build: a duplicate.
                if known.insert(doc.id.0.clone()) {
                    new_docs.push(doc);
                } else {
                    tally.duplicates += 1;
                }
            }
        }

        let annotate_started = Instant::now();
        // Smaller batches (down to the 16 that were the rule before) when there are few
        // documents for the workers, so that every worker gets some.
        let batch = new_docs
            .len()
            .div_ceil(2 * rayon::current_num_threads())
            .clamp(16, ANNOTATE_BATCH);
        new_docs
            .par_chunks_mut(batch)
            .for_each(|docs| pipeline.annotate_batch(docs));
        for doc in &new_docs {
            if doc.text.len() > crate::pipeline::MAX_ANNOTATED_BYTES {
                eprintln!(
                    "warning: {}: text of {} KB is longer than a news article; stored with sentences only",
                    doc.meta.source_path,
                    doc.text.len() / 1024
                );
            }
        }
        let events: Vec<_> = new_docs
            .par_iter()
            .flat_map_iter(|doc| coding.code(doc))
            .collect();
        tally.annotate_time += annotate_started.elapsed();
        tally.events += events.len() as u64;

        let store_started = Instant::now();
        let stats = store
            .insert_docs_with_events(&new_docs, &events)
            .context("cannot write documents")?;
        tally.store_time += store_started.elapsed();
        tally.added += stats.added as u64;
        tally.duplicates += stats.duplicates as u64;
        for doc in &new_docs {
            tally.added_docs.push(AddedDoc {
                id: doc.id.0.clone(),
                title: doc.meta.title.clone(),
                outlet: doc.meta.outlet.clone(),
                published: doc.meta.published.map(|date| date.to_string()),
                source_path: doc.meta.source_path.clone(),
            });
        }
        progress.inc(chunk.len() as u64);
    }
    progress.finish_and_clear();

    // The timeline is corpus-wide: rebuilt from every stored event when the corpus grew.
    if tally.added > 0 {
        let link_started = Instant::now();
        let (entities, links) = crate::entities::relink_entities(&mut store, kb_files)?;
        tally.entities = entities as u64;
        tally.timeline_events = relink_timeline(&mut store, &links)? as u64;
        tally.link_time = link_started.elapsed();
    }

    let elapsed = started.elapsed();
    let record = BuildRecord {
        started_at,
        inputs: args.paths.clone(),
        files_seen: tally.files_seen,
        docs_added: tally.added,
        duplicates: tally.duplicates,
        skipped: tally
            .skipped
            .iter()
            .map(|skip| SkippedFile {
                source: skip.source.clone(),
                reason: skip.reason.kind().to_string(),
                message: skip.reason.to_string(),
            })
            .collect(),
        duration_ms: elapsed.as_millis() as u64,
    };
    store
        .record_build(&record)
        .context("cannot record the build")?;

    report(&tally, &pipeline, elapsed, args.quiet)?;
    if !args.quiet && tally.added > 0 {
        let events = crate::timeline::load_timeline(&store)?;
        let dated: Vec<_> = events
            .into_iter()
            .filter(|event| event.date.is_some())
            .collect();
        let titles = crate::timeline::document_titles(&store)?;
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "\nTimeline ({} dated events; `dossier timeline` for filters):",
            dated.len()
        )?;
        crate::timeline::print_timeline(&mut out, &dated, &titles, 40)?;
    }
    // Exit 0 when anything was read (new or already known), 1 when nothing could be.
    if tally.articles_read == 0 && tally.duplicates == 0 {
        Ok(ExitCode::from(1))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

fn progress_bar(len: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {pos}/{len} inputs [{elapsed_precise}] {wide_bar}")
    {
        bar.set_style(style);
    }
    bar
}

fn report(
    tally: &Tally,
    pipeline: &Pipeline,
    elapsed: Duration,
    quiet: bool,
) -> anyhow::Result<()> {
    let mut err = std::io::stderr().lock();
    for warning in &tally.warnings {
        writeln!(err, "warning: {}: {}", warning.source, warning.reason)?;
    }
    for skip in &tally.skipped {
        writeln!(err, "skipped: {}: {}", skip.source, skip.reason)?;
    }
    drop(err);

    let mut out = std::io::stdout().lock();
    if !quiet && !tally.added_docs.is_empty() {
        writeln!(
            out,
            "{:<16}  {:<10}  {:<20}  TITLE",
            "ID", "PUBLISHED", "OUTLET"
        )?;
        let mut rows: Vec<_> = tally.added_docs.iter().collect();
        rows.sort_by(|a, b| (&a.published, &a.source_path).cmp(&(&b.published, &b.source_path)));
        for AddedDoc {
            id,
            title,
            outlet,
            published,
            source_path,
        } in rows
        {
            writeln!(
                out,
                "{:<16}  {:<10}  {:<20}  {}",
                id,
                published.as_deref().unwrap_or("-"),
                crate::present::clip(outlet.as_deref().unwrap_or("-"), 20),
                title.as_deref().unwrap_or(source_path)
            )?;
        }
        writeln!(out)?;
    }
    let mut by_reason: BTreeMap<&str, u64> = BTreeMap::new();
    for skip in &tally.skipped {
        *by_reason.entry(skip.reason.kind()).or_default() += 1;
    }
    let reasons: Vec<String> = by_reason
        .iter()
        .map(|(kind, n)| format!("{kind}: {n}"))
        .collect();
    let skipped_sources: HashSet<&str> = tally
        .skipped
        .iter()
        .map(|skip| skip.source.as_str())
        .collect();
    writeln!(
        out,
        "{} files seen, {} articles read, {} documents added, {} duplicates, {} skipped{}, {} entities, {} events coded, {} on the timeline, in {:.2}s (read+clean {:.2}s, annotate {:.2}s [{} → events], store {:.2}s, link {:.2}s)",
        tally.files_seen,
        tally.articles_read,
        tally.added,
        tally.duplicates,
        skipped_sources.len(),
        if reasons.is_empty() { String::new() } else { format!(" ({})", reasons.join(", ")) },
        tally.entities,
        tally.events,
        tally.timeline_events,
        elapsed.as_secs_f64(),
        tally.read_time.as_secs_f64(),
        tally.annotate_time.as_secs_f64(),
        pipeline.stage_names().join(" → "),
        tally.store_time.as_secs_f64(),
        tally.link_time.as_secs_f64(),
    )?;
    Ok(())
}
