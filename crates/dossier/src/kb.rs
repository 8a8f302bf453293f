//! `dossier kb …`: the knowledge base — import PETRARCH dictionaries, look names up.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use crate::flags::{KbCommand, KbLookupArgs};

/// The shipped knowledge base extended with the user's `--kb` files (later files win).
pub(crate) fn knowledge_base(user_files: &[PathBuf]) -> anyhow::Result<dossier_kb::KnowledgeBase> {
    let mut kb =
        dossier_kb::KnowledgeBase::shipped().context("cannot load the shipped knowledge base")?;
    for path in user_files {
        kb.extend_from_file(path)
            .with_context(|| format!("cannot read the knowledge-base file {}", path.display()))?;
    }
    Ok(kb)
}

pub(crate) fn run(user_files: &[PathBuf], command: KbCommand) -> anyhow::Result<ExitCode> {
    match command {
        KbCommand::ImportPetrarch { file, out } => import_petrarch(&file, out.as_deref()),
        KbCommand::Lookup(args) => lookup(user_files, &args),
    }
}

/// Converts a PETRARCH/TABARI actor dictionary into a user KB file (`--kb` format).
fn import_petrarch(file: &Path, out: Option<&Path>) -> anyhow::Result<ExitCode> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let entries = dossier_kb::import_petrarch_actors(&text)
        .with_context(|| format!("{} is not a PETRARCH actor dictionary", file.display()))?;
    let tsv = dossier_kb::userfile::to_tsv(&entries);
    match out {
        Some(path) => {
            std::fs::write(path, &tsv)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "wrote {} entries to {} (use it with --kb {})",
                entries.len(),
                path.display(),
                path.display()
            );
        }
        None => std::io::stdout().lock().write_all(tsv.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints what the knowledge base knows of each name on a date.
fn lookup(user_files: &[PathBuf], args: &KbLookupArgs) -> anyhow::Result<ExitCode> {
    let kb = knowledge_base(user_files)?;
    let date = crate::present::parse_date_flag("date", args.date.as_deref())?
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let mut out = std::io::stdout().lock();
    let mut found_any = false;
    for name in &args.names {
        let mut found = false;
        for kind in [
            dossier_core::EntityKind::Person,
            dossier_core::EntityKind::Organization,
            dossier_core::EntityKind::Location,
        ] {
            if let Some(resolution) = kb.resolve(name, kind, None, date) {
                writeln!(
                    out,
                    "{name}\t{}\t{}\t{}\t{}\t{}",
                    resolution.kind.as_str(),
                    resolution.entity,
                    resolution.name,
                    resolution.country.as_deref().unwrap_or("-"),
                    resolution.code.as_deref().unwrap_or("-")
                )?;
                found = true;
                break;
            }
        }
        if !found {
            // Actor dictionaries (PETRARCH imports) give codes without an entity.
            match kb.actor_code(name, date) {
                Some(code) => {
                    writeln!(out, "{name}\tactor\t-\t{name}\t-\t{code}")?;
                    found = true;
                }
                None => writeln!(out, "{name}\tunknown")?,
            }
        }
        found_any |= found;
    }
    Ok(if found_any {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
