//! `dossier eval …`: each stage measured against gold data; figures as a table or JSON.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;

use crate::flags::{EvalArgs, EvalCommand};

pub(crate) fn run(
    kb_files: &[std::path::PathBuf],
    command: EvalCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        EvalCommand::Extract(args) => {
            let clean = |raw: dossier_core::RawArticle| {
                dossier_clean::clean(raw)
                    .map(|doc| doc.text)
                    .unwrap_or_default()
            };
            let report =
                dossier_ingest::eval::score_extraction(&args.gold, &clean).with_context(|| {
                    format!("cannot evaluate extraction on {}", args.gold.display())
                })?;
            print_report(&args, &report)
        }
        EvalCommand::Segment(args) => {
            let report = dossier_nlp::eval::eval_segmentation(&args.gold).with_context(|| {
                format!("cannot evaluate segmentation on {}", args.gold.display())
            })?;
            print_report(&args, &report)
        }
        EvalCommand::Time(args) => {
            let report = dossier_time::eval::eval_timeml(&args.gold).with_context(|| {
                format!(
                    "cannot evaluate time expressions on {}",
                    args.gold.display()
                )
            })?;
            print_report(&args, &report)
        }
        EvalCommand::Coref(args) => {
            let report = dossier_link::eval::eval_meantime(&args.gold).with_context(|| {
                format!("cannot evaluate coreference on {}", args.gold.display())
            })?;
            print_report(&args, &report)
        }
        EvalCommand::Pos(args) => crate::models::eval_pos(&args),
        EvalCommand::Ner(args) => crate::models::eval_ner(&args),
        EvalCommand::Parser(args) => crate::models::eval_parser(&args),
        EvalCommand::Events(args) => eval_events(kb_files, &args),
        EvalCommand::Quotes(args) => {
            let report = dossier_quotes::eval::eval_polnear(&args.gold)
                .with_context(|| format!("cannot evaluate quotes on {}", args.gold.display()))?;
            print_report(&args, &report)
        }
    }
}

/// Prints a report as JSON (`--json`) or as its human table.
fn print_report<R: Serialize + std::fmt::Display>(
    args: &EvalArgs,
    report: &R,
) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, report)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{report}")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `dossier eval events`: root-code accuracy and full-triple precision/recall on PETRARCH records.
fn eval_events(kb_files: &[std::path::PathBuf], args: &EvalArgs) -> anyhow::Result<ExitCode> {
    use dossier_events::{eval, import_petrarch_verbs, Ontology, PetrarchActors};
    let xml = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("cannot read {}", args.gold.display()))?;
    let records = eval::parse_records(&xml);
    if records.is_empty() {
        anyhow::bail!("{} holds no <Sentence> records", args.gold.display());
    }
    let pipeline = crate::pipeline::Pipeline::new(kb_files)?;
    let annotate = |text: &str, date: Option<chrono::NaiveDate>| {
        let meta = dossier_core::Meta {
            published: date,
            ..dossier_core::Meta::default()
        };
        let mut doc = dossier_core::Doc::new(meta, text.to_string());
        pipeline.annotate(&mut doc);
        doc
    };
    let dir = args.gold.parent().unwrap_or(std::path::Path::new("."));
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).ok();
    let report = match (
        read("PETR.Validate.verbs.txt"),
        read("PETR.Validate.actors.txt"),
    ) {
        // The PETRARCH validation setting: their dictionaries, our parse.
        (Some(verbs), Some(actors)) => {
            let mut ontology = Ontology::codes_only().context("cannot load the CAMEO codes")?;
            ontology.add_patterns(import_petrarch_verbs(&verbs).patterns);
            let agents = read("PETR.Validate.agents.txt").unwrap_or_default();
            let resolver = PetrarchActors::new(&actors, &agents);
            eval::evaluate(&records, &ontology, &resolver, &annotate)
        }
        _ => {
            let coding = crate::pipeline::EventCoding::new(kb_files)?;
            coding.evaluate(&records, &annotate)
        }
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", report.to_text())?;
    }
    Ok(ExitCode::SUCCESS)
}
