//! Trains or evaluates the models from the shared corpora:
//! `train pos|ner|parser|pos-shortcuts|ner-shortcuts|parser-shortcuts|eval|all` (the
//! `-shortcuts` commands relearn only the shortcuts of that model's file in `models/`, in
//! place).
//!
//! Run from the workspace root:
//! `cargo run --release -p dossier-tagger --example train -- all`.
//! The shared data folder is `$DOSSIER_SHARED`, else `../shared` beside the workspace.

use std::path::PathBuf;

use dossier_tagger::train::{
    train_ner, train_ner_shortcuts, train_parser, train_parser_shortcuts, train_pos,
    train_pos_shortcuts, TrainOptions,
};
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
        } else if let Some(v) = arg.strip_prefix("--folds=") {
            opts.folds = v.parse()?;
        } else if arg == "--two-stage" {
            opts.two_stage = true;
        } else if let Some(v) = arg.strip_prefix("--clusters=") {
            opts.clusters = Some(PathBuf::from(v));
        }
    }
    if what == "clusters" || what == "all" {
        // Unlabelled news text plus the words (not the tags) of the training files.
        let out = opts
            .clusters
            .clone()
            .unwrap_or_else(|| std::env::temp_dir().join("dossier-clusters.bin"));
        let n = dossier_tagger::train::build_clusters(
            &[
                data.join("tempeval3/silver"),
                data.join("polnear/train/text"),
            ],
            &[ewt.join("en_ewt-ud-train.conllu"), conll.join("train.txt")],
            opts.seed,
            &out,
        )?;
        println!("clustered {n} words into {}", out.display());
        opts.clusters = Some(out);
    }
    // As `dossier train pos` and `dossier train parser`: shortcuts from the words of
    // CoNLL-2003 train and the PolNeAR train articles.
    let polnear = data.join("polnear/train/text");
    opts.shortcut_text = vec![conll.join("train.txt"), polnear.clone()];
    if what == "pos" || what == "all" {
        let report = train_pos(
            &ewt.join("en_ewt-ud-train.conllu"),
            &ewt.join("en_ewt-ud-dev.conllu"),
            &opts,
            &models.join("pos.bin"),
        )?;
        println!("{}", serde_json::to_string(&report)?);
    }
    if what == "ner" || what == "all" || what == "ner-shortcuts" {
        // As `dossier train ner`: shortcuts from the words of EWT train and the PolNeAR
        // train articles.
        opts.shortcut_text = vec![ewt.join("en_ewt-ud-train.conllu"), polnear.clone()];
    }
    if what == "ner-shortcuts" {
        let file = models.join("ner.bin");
        let report = train_ner_shortcuts(&conll.join("valid.txt"), &opts, &file, &file)?;
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
    // As `dossier train parser`: shortcuts from the words of CoNLL-2003 train and PolNeAR.
    opts.shortcut_text = vec![conll.join("train.txt"), polnear];
    if what == "parser" || what == "all" {
        let report = train_parser(
            &ewt.join("en_ewt-ud-train.conllu"),
            &ewt.join("en_ewt-ud-dev.conllu"),
            &opts,
            &models.join("parser.bin"),
        )?;
        println!("{}", serde_json::to_string(&report)?);
    }
    if what == "pos-shortcuts" {
        let file = models.join("pos.bin");
        let report = train_pos_shortcuts(&ewt.join("en_ewt-ud-dev.conllu"), &opts, &file, &file)?;
        println!("{}", serde_json::to_string(&report)?);
    }
    if what == "parser-shortcuts" {
        let file = models.join("parser.bin");
        let report = train_parser_shortcuts(
            &ewt.join("en_ewt-ud-train.conllu"),
            &ewt.join("en_ewt-ud-dev.conllu"),
            &opts,
            &file,
            &file,
        )?;
        println!("{}", serde_json::to_string(&report)?);
    }
    if what == "eval" {
        // Evaluates the model files on disk (not the embedded ones, which may be older).
        let read = |name: &str| std::fs::read(models.join(name));
        let pos = dossier_tagger::PosTagger::from_bytes(&read("pos.bin")?)?;
        let report = eval::eval_pos(&pos, &ewt.join("en_ewt-ud-dev.conllu"))?;
        println!("pos ewt-dev {}", serde_json::to_string(&report)?);
        let first = pos.without_reviser();
        let report = eval::eval_pos(&first, &ewt.join("en_ewt-ud-dev.conllu"))?;
        println!(
            "pos ewt-dev (first pass only) {}",
            serde_json::to_string(&report)?
        );
        let plain = pos.clone().with_shortcut(false);
        let report = eval::eval_pos(&plain, &ewt.join("en_ewt-ud-dev.conllu"))?;
        println!(
            "pos ewt-dev (no shortcut) {}",
            serde_json::to_string(&report)?
        );
        if let Ok(bytes) = read("ner.bin") {
            if !bytes.is_empty() {
                let ner = dossier_tagger::Ner::from_bytes(&bytes)?;
                // With the decoding shortcut (as shipped), then scoring every word.
                for (ner, how) in [
                    (ner.clone(), ""),
                    (ner.with_shortcut(false), " (no shortcut)"),
                ] {
                    let r = eval::eval_ner(&ner, &conll.join("valid.txt"), NerFormat::Conll)?;
                    println!("ner conll-valid{how} {}", serde_json::to_string(&r)?);
                    let r = eval::eval_ner(
                        &ner,
                        &data.join("uner-english-ewt/en_ewt-ud-dev.iob2"),
                        NerFormat::Iob2,
                    )?;
                    println!("ner uner-ewt-dev{how} {}", serde_json::to_string(&r)?);
                }
            }
        }
        if let Ok(bytes) = read("parser.bin") {
            if !bytes.is_empty() {
                let parser = dossier_tagger::Parser::from_bytes(&bytes)?;
                let r = eval::eval_parser(&parser, &pos, &ewt.join("en_ewt-ud-dev.conllu"))?;
                println!("parser ewt-dev {}", serde_json::to_string(&r)?);
                let r = eval::eval_parser(&parser, &first, &ewt.join("en_ewt-ud-dev.conllu"))?;
                println!(
                    "parser ewt-dev (first-pass POS) {}",
                    serde_json::to_string(&r)?
                );
                // Every decision scored, with tags from both passes scored on every word.
                let r = eval::eval_parser(
                    &parser.without_shortcuts(),
                    &plain,
                    &ewt.join("en_ewt-ud-dev.conllu"),
                )?;
                println!(
                    "parser ewt-dev (no shortcuts in tagger or parser) {}",
                    serde_json::to_string(&r)?
                );
            }
        }
    }
    if what == "shrink" {
        // Tries post-hoc pruning thresholds on the parser file on disk.
        let pos = dossier_tagger::PosTagger::from_bytes(&std::fs::read(models.join("pos.bin"))?)?;
        let parser =
            dossier_tagger::Parser::from_bytes(&std::fs::read(models.join("parser.bin"))?)?;
        for (m, l) in [(0.0, 0.0), (0.2, 0.5), (0.5, 1.0), (1.0, 2.0), (2.0, 4.0)] {
            let small = parser.pruned(m, l);
            // Fastest of three evaluations (tagging and parsing EWT dev), for the size/speed trade.
            let mut best = f64::MAX;
            let mut las = 0.0;
            for _ in 0..3 {
                let started = std::time::Instant::now();
                let r = eval::eval_parser(&small, &pos, &ewt.join("en_ewt-ud-dev.conllu"))?;
                best = best.min(started.elapsed().as_secs_f64());
                las = r.las;
            }
            println!(
                "moves>={m} labels>={l}: {} bytes, LAS {las:.2}, eval {best:.3} s",
                small.to_bytes().len(),
            );
        }
        if args.iter().any(|a| a == "--write") {
            let (m, l) = dossier_tagger::train::PARSER_PRUNE;
            std::fs::write(models.join("parser.bin"), parser.pruned(m, l).to_bytes())?;
        }
    }
    if what == "probe" {
        // Tags whitespace-tokenised lines from stdin with the model files on disk.
        let ner = dossier_tagger::Ner::from_bytes(&std::fs::read(models.join("ner.bin"))?)?;
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)?;
        let sentences: Vec<Vec<&str>> = text
            .lines()
            .map(|l| l.split_whitespace().collect())
            .collect();
        for (words, tags) in sentences.iter().zip(ner.tag_document(&sentences)) {
            let line: Vec<String> = words
                .iter()
                .zip(tags)
                .map(|(w, t)| {
                    if t == "O" {
                        w.to_string()
                    } else {
                        format!("{w}/{t}")
                    }
                })
                .collect();
            println!("{}", line.join(" "));
        }
    }
    if what == "speed" {
        // Words per CPU second of each model on EWT dev words (one thread, models on disk).
        // Each model makes seven passes over the words, each timed in this thread's CPU time;
        // the fastest pass (least disturbed by other jobs on a shared machine) and the median
        // are reported. The parser pass includes tagging, whose fastest pass is subtracted.
        let read = |name: &str| std::fs::read(models.join(name));
        let pos = dossier_tagger::PosTagger::from_bytes(&read("pos.bin")?)?;
        let ner = dossier_tagger::Ner::from_bytes(&read("ner.bin")?)?;
        let parser = dossier_tagger::Parser::from_bytes(&read("parser.bin")?)?;
        let gold = dossier_tagger::corpus::read_conllu(&ewt.join("en_ewt-ud-dev.conllu"))?;
        let sentences: Vec<Vec<&str>> = gold
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        let n_words = sentences.iter().map(Vec::len).sum::<usize>() as f64;
        const PASSES: usize = 7;
        let time = |f: &dyn Fn()| -> (f64, f64) {
            let mut secs: Vec<f64> = (0..PASSES)
                .map(|_| {
                    let started = cpu_secs();
                    f();
                    cpu_secs() - started
                })
                .collect();
            secs.sort_by(f64::total_cmp);
            (secs[0], secs[PASSES / 2])
        };
        let pos_s = time(&|| {
            for words in &sentences {
                std::hint::black_box(pos.tag_words(words));
            }
        });
        let ner_s = time(&|| {
            std::hint::black_box(ner.tag_document(&sentences));
        });
        let both_s = time(&|| {
            std::hint::black_box(eval::parser_scores(&parser, &pos, &gold));
        });
        let parse_s = (both_s.0 - pos_s.0, both_s.1 - pos_s.1);
        let rate = |s: f64| n_words / s.max(1e-9);
        println!(
            "{n_words} words, fastest of {PASSES} passes (median): pos {:.0} ({:.0}) w/s, \
             ner {:.0} ({:.0}) w/s, parser {:.0} ({:.0}) w/s, all three {:.0} ({:.0}) w/s \
             (thread CPU time)",
            rate(pos_s.0),
            rate(pos_s.1),
            rate(ner_s.0),
            rate(ner_s.1),
            rate(parse_s.0),
            rate(parse_s.1),
            rate(pos_s.0 + ner_s.0 + parse_s.0),
            rate(pos_s.1 + ner_s.1 + parse_s.1),
        );
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

/// CPU seconds the calling thread has run so far (Linux `/proc/thread-self/schedstat`, in
/// nanoseconds; 0 elsewhere), so time spent waiting for a core on a loaded machine is not counted.
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}
