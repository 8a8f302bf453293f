//! The `dossier` command: parses the command line and hands each subcommand to its module.
//!
//! The binary is glue (as in ripgrep's `crates/core`): the work lives in the library crates,
//! and the modules here turn flags into calls and results into output.

mod build;
mod entities;
mod eval;
mod export;
mod flags;
mod kb;
mod models;
mod pipeline;
mod present;
mod timeline;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use flags::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`dossier documents | head`) is not an error: the reader has
            // what it wanted. Everything else is reported with its chain of causes.
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "dossier: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build::run(&cli.db, &cli.kb, args),
        Command::Documents(args) => present::documents(&cli.db, args),
        Command::Search(args) => present::search(&cli.db, args),
        Command::Entities(args) => entities::entities(&cli.db, args),
        Command::Entity(args) => entities::entity(&cli.db, args),
        Command::Network(args) => entities::network(&cli.db, &cli.kb, args),
        Command::Quotes(args) => present::quotes(&cli.db, args),
        Command::Timeline(args) => timeline::timeline(&cli.db, args),
        Command::Events(args) => timeline::events(&cli.db, args),
        Command::Export(args) => export::run(&cli.db, args),
        Command::Serve(args) => {
            present::open_store(&cli.db)?;
            dossier_web::serve(dossier_web::ServeOptions {
                db: cli.db.clone(),
                addr: args.addr,
            })
            .map_err(|err| anyhow::anyhow!(err))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Report(args) => {
            present::open_store(&cli.db)?;
            let summary = dossier_web::write_report(&cli.db, &args.out)
                .map_err(|err| anyhow::anyhow!(err))?;
            println!(
                "wrote {} ({} bytes): {} timeline items, {} actors, {} quotes, {} documents",
                args.out.display(),
                summary.bytes,
                summary.timeline_items,
                summary.actors,
                summary.quotes,
                summary.documents
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(args) => eval::run(&cli.kb, args),
        Command::Kb(command) => kb::run(&cli.kb, command),
        Command::Train(command) => models::train(command),
        Command::Tag(args) => models::tag(args),
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
