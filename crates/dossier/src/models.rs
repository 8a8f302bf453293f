//! `dossier train …`, `dossier eval pos|ner|parser` and `dossier tag`: the trained models.
//!
//! Training reads the shared data (`--data DIR`, default `../shared/data`) and writes model
//! files (default `models/NAME.bin`); the binary embeds the committed files, so a retrained
//! model is used after rebuilding dossier. Evaluation uses a model file when `--model` names
//! one, else the embedded model.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use dossier_tagger::train::{build_clusters, train_ner, train_parser, train_pos, TrainOptions};
use dossier_tagger::{eval, Models, Ner, NerFormat, Parser, PosTagger};

use crate::flags::{ModelEvalArgs, TagArgs, TagFormat, TrainCommand};

/// The shared data folder: `--data`, else `$DOSSIER_SHARED/data`, else `../shared/data`.
fn data_dir(flag: Option<&Path>) -> PathBuf {
    if let Some(dir) = flag {
        return dir.to_path_buf();
    }
    std::env::var_os("DOSSIER_SHARED")
        .map(|shared| PathBuf::from(shared).join("data"))
        .unwrap_or_else(|| PathBuf::from("../shared/data"))
}

pub(crate) fn train(command: TrainCommand) -> anyhow::Result<ExitCode> {
    let (what, args) = match &command {
        TrainCommand::Clusters(args) => ("clusters", args),
        TrainCommand::Pos(args) => ("pos", args),
        TrainCommand::Ner(args) => ("ner", args),
        TrainCommand::Parser(args) => ("parser", args),
    };
    let data = data_dir(args.data.as_deref());
    let ewt = data.join("ud-english-ewt");
    let conll = data.join("conll2003");
    let out = args.out.clone().unwrap_or_else(|| match what {
        "clusters" => std::env::temp_dir().join("dossier-clusters.bin"),
        name => PathBuf::from(format!("models/{name}.bin")),
    });
    let mut options = TrainOptions {
        seed: args.seed,
        verbose: true,
        clusters: args.clusters.clone(),
        ..TrainOptions::default()
    };
    if let Some(epochs) = args.epochs {
        options.epochs = epochs;
    }
    // The finished models learn their decision shortcuts from their own output on text they
    // were not trained on: the PolNeAR train articles (political news) and the words of
    // CoNLL-2003 train (news) for the tagger and the parser, of EWT train for the recognizer.
    let polnear = data.join("polnear/train/text");
    options.shortcut_text = match what {
        "pos" | "parser" => vec![conll.join("train.txt"), polnear],
        "ner" => vec![ewt.join("en_ewt-ud-train.conllu"), polnear],
        _ => Vec::new(),
    };
    let report = match what {
        "clusters" => {
            let n_words = build_clusters(
                &[
                    data.join("tempeval3/silver"),
                    data.join("polnear/train/text"),
                ],
                &[ewt.join("en_ewt-ud-train.conllu"), conll.join("train.txt")],
                args.seed,
                &out,
            )
            .context("cannot learn word clusters")?;
            println!(
                "clustered {n_words} words into {} (pass it to the other trainers with --clusters)",
                out.display()
            );
            return Ok(ExitCode::SUCCESS);
        }
        "pos" => train_pos(
            &ewt.join("en_ewt-ud-train.conllu"),
            &ewt.join("en_ewt-ud-dev.conllu"),
            &options,
            &out,
        ),
        "ner" => {
            // The shipped model's settings (models/README.md): a little case augmentation
            // for headlines and lowercase text, and the document-level second stage.
            options.case_augment = 0.05;
            options.two_stage = true;
            train_ner(
                &conll.join("train.txt"),
                &conll.join("valid.txt"),
                &options,
                &out,
            )
        }
        _ => {
            if args.epochs.is_none() {
                options.epochs = 16;
            }
            train_parser(
                &ewt.join("en_ewt-ud-train.conllu"),
                &ewt.join("en_ewt-ud-dev.conllu"),
                &options,
                &out,
            )
        }
    }
    .with_context(|| format!("cannot train the {what} model from {}", data.display()))?;
    println!("{}", serde_json::to_string(&report)?);
    eprintln!("wrote {}; rebuild dossier to embed it", out.display());
    Ok(ExitCode::SUCCESS)
}

/// Loads the embedded models, or one model file given with `--model`.
fn models_for(model: Option<&Path>, what: &str) -> anyhow::Result<Models> {
    let mut models = Models::load_default().context("cannot load the embedded models")?;
    if let Some(path) = model {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let bad = || format!("{} is not a {what} model", path.display());
        match what {
            "pos" => models.pos = PosTagger::from_bytes(&bytes).with_context(bad)?,
            "ner" => models.ner = Some(Ner::from_bytes(&bytes).with_context(bad)?),
            _ => models.parser = Some(Parser::from_bytes(&bytes).with_context(bad)?),
        }
    }
    Ok(models)
}

fn print<R: serde::Serialize>(json: bool, report: &R) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, report)?;
    } else {
        serde_json::to_writer_pretty(&mut out, report)?;
    }
    writeln!(out)?;
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn eval_pos(args: &ModelEvalArgs) -> anyhow::Result<ExitCode> {
    let models = models_for(args.model.as_deref(), "pos")?;
    let report = eval::eval_pos(&models.pos, &args.gold)
        .with_context(|| format!("cannot evaluate on {}", args.gold.display()))?;
    print(args.json, &report)
}

pub(crate) fn eval_parser(args: &ModelEvalArgs) -> anyhow::Result<ExitCode> {
    let models = models_for(args.model.as_deref(), "parser")?;
    let parser = models
        .parser
        .as_ref()
        .context("this build has no parser model")?;
    let report = eval::eval_parser(parser, &models.pos, &args.gold)
        .with_context(|| format!("cannot evaluate on {}", args.gold.display()))?;
    print(args.json, &report)
}

pub(crate) fn eval_ner(args: &ModelEvalArgs) -> anyhow::Result<ExitCode> {
    let models = models_for(args.model.as_deref(), "ner")?;
    let ner = models
        .ner
        .as_ref()
        .context("this build has no entity model")?;
    // UNER files are .iob2 (tab-separated, no MISC); anything else is read as CoNLL-2003.
    let format = if args.gold.extension().is_some_and(|ext| ext == "iob2") {
        NerFormat::Iob2
    } else {
        NerFormat::Conll
    };
    let report = eval::eval_ner(ner, &args.gold, format)
        .with_context(|| format!("cannot evaluate on {}", args.gold.display()))?;
    print(args.json, &report)
}

pub(crate) fn tag(args: TagArgs) -> anyhow::Result<ExitCode> {
    let models = Models::load_default().context("cannot load the embedded models")?;
    let format = match args.format {
        TagFormat::Conll => NerFormat::Conll,
        TagFormat::Iob2 => NerFormat::Iob2,
    };
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut output = std::io::BufWriter::new(stdout.lock());
    dossier_tagger::tag_stream(&models, &mut input, &mut output, format)
        .context("cannot tag standard input")?;
    output.flush()?;
    Ok(ExitCode::SUCCESS)
}
