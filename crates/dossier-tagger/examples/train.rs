//! Trains or evaluates the models from the shared corpora: `train pos|ner|parser|eval|all`.
//!
//! Run from the workspace root:
//! `cargo run --release -p dossier-tagger --example train -- all`.
//! The shared data folder is `$DOSSIER_SHARED`, else `../shared` beside the workspace.

use std::path::PathBuf;

use dossier_tagger::train::{train_ner, train_parser, train_pos, TrainOptions};
use dossier_tagger::{eval, Models, NerFormat};

fn main() {
    if let Err(err) = run() {
        eprintln!("error: {err}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let what = args.first().map(String::as_str).unwrap_or("all");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = std::env::var_os("DOSSIER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared"));
    let data = shared.join("data");
    let models = root.join("models");
    let ewt = data.join("ud-english-ewt");
    let conll = data.join("conll2003");
    let mut opts = TrainOptions {
        verbose: true,
        ..TrainOptions::default()
    };
    for arg in &args[1.min(args.len())..] {
        if let Some(v) = arg.strip_prefix("--epochs=") {
            opts.epochs = v.parse()?;
        } else if let Some(v) = arg.strip_prefix("--seed=") {
            opts.seed = v.parse()?;
        } else if let Some(v) = arg.strip_prefix("--prune=") {
            opts.prune = v.parse()?;
        } else if let Some(v) = arg.strip_prefix("--case-augment=") {
            opts.case_augment = v.parse()?;
        }
    }
    if what == "pos" || what == "all" {
        let report = train_pos(
            &ewt.join("en_ewt-ud-train.conllu"),
            &ewt.join("en_ewt-ud-dev.conllu"),
            &opts,
            &models.join("pos.bin"),
        )?;
        println!("{}", serde_json::to_string(&report)?);
    }
    if what == "ner" || what == "all" {
        let report = train_ner(
            &conll.join("train.txt"),
            &conll.join("valid.txt"),
            &opts,
            &models.join("ner.bin"),
        )?;
        println!("{}", serde_json::to_string(&report)?);
    }
    if what == "parser" || what == "all" {
        let report = train_parser(
            &ewt.join("en_ewt-ud-train.conllu"),
            &ewt.join("en_ewt-ud-dev.conllu"),
            &opts,
            &models.join("parser.bin"),
        )?;
        println!("{}", serde_json::to_string(&report)?);
    }
    if what == "eval" {
        // Evaluates the model files on disk (not the embedded ones, which may be older).
        let read = |name: &str| std::fs::read(models.join(name));
        let pos = dossier_tagger::PosTagger::from_bytes(&read("pos.bin")?)?;
        let report = eval::eval_pos(&pos, &ewt.join("en_ewt-ud-dev.conllu"))?;
        println!("pos ewt-dev {}", serde_json::to_string(&report)?);
        if let Ok(bytes) = read("ner.bin") {
            if !bytes.is_empty() {
                let ner = dossier_tagger::Ner::from_bytes(&bytes)?;
                let r = eval::eval_ner(&ner, &conll.join("valid.txt"), NerFormat::Conll)?;
                println!("ner conll-valid {}", serde_json::to_string(&r)?);
                let r = eval::eval_ner(
                    &ner,
                    &data.join("uner-english-ewt/en_ewt-ud-dev.iob2"),
                    NerFormat::Iob2,
                )?;
                println!("ner uner-ewt-dev {}", serde_json::to_string(&r)?);
            }
        }
        if let Ok(bytes) = read("parser.bin") {
            if !bytes.is_empty() {
                let parser = dossier_tagger::Parser::from_bytes(&bytes)?;
                let r = eval::eval_parser(&parser, &pos, &ewt.join("en_ewt-ud-dev.conllu"))?;
                println!("parser ewt-dev {}", serde_json::to_string(&r)?);
            }
        }
    }
    if what == "load" {
        let started = std::time::Instant::now();
        let loaded = Models::load_default()?;
        println!(
            "loaded embedded models in {:.1} ms (ner: {}, parser: {})",
            started.elapsed().as_secs_f64() * 1000.0,
            loaded.ner.is_some(),
            loaded.parser.is_some()
        );
    }
    Ok(())
}
