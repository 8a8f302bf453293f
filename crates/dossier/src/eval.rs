//! `dossier eval …`: each stage measured against gold data; figures as a table or JSON.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;

use crate::flags::{EvalArgs, EvalCommand};

pub(crate) fn run(command: EvalCommand) -> anyhow::Result<ExitCode> {
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
