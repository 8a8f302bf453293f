//! Reproducible training of the three models from the shared corpora.
//!
//! Training is single-threaded and seeded, so the same data and options give the same model
//! file, byte for byte. Each function keeps the epoch that scores best on the development file
//! (model selection only; the development data is never trained on) and writes the model.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use crate::clusters::Clusters;
use crate::corpus::{self, NerFormat};
use crate::feat::TokFeat;
use crate::model::{Reader, Writer};
use crate::ModelError;

/// Training options.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Seed of the shuffling generator.
    pub seed: u64,
    /// Passes over the training data.
    pub epochs: usize,
    /// Feature rows whose largest averaged weight is below this are dropped.
    pub prune: f32,
    /// NER only: share of training sentences added again uppercased, and again lowercased.
    pub case_augment: f64,
    /// NER only: add a second stage that sees the first stage's labels for the whole document.
    pub two_stage: bool,
    /// Parser only: folds for jackknifed part-of-speech tags.
    pub folds: usize,
    /// Print progress to stderr.
    pub verbose: bool,
    /// A word-cluster file written by [`build_clusters`]; `None` trains without clusters.
    pub clusters: Option<PathBuf>,
    /// Texts whose words (nothing else is read) the finished model labels to learn its
    /// decision shortcuts, each a file of sentences (CoNLL-U `.conllu`, IOB2 `.iob2` or
    /// CoNLL-2003 `.txt`) or a folder of plain-text articles (`*.txt`, one document each,
    /// segmented and tokenized as `dossier build` does); none learns no shortcuts. Use text the
    /// model was not trained on. Checked before training.
    pub shortcut_text: Vec<PathBuf>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            seed: 1,
            epochs: 10,
            prune: 0.05,
            case_augment: 0.0,
            two_stage: false,
            folds: 4,
            verbose: false,
            clusters: None,
            shortcut_text: Vec::new(),
        }
    }
}

/// What a training run produced.
#[derive(Clone, Debug, Serialize)]
pub struct TrainReport {
    /// "pos", "ner" or "parser".
    pub model: String,
    /// Development score after each epoch (accuracy, F1 or LAS, in percent); for models with
    /// later passes (the tagger's reviser, the parser's relabeller and head corrector), each
    /// pass's epochs follow the previous pass's.
    pub dev_curve: Vec<f64>,
    /// The best development score (the epoch that was kept).
    pub best_dev: f64,
    /// Feature rows kept in the model.
    pub features: usize,
    /// Size of the written model file in bytes.
    pub bytes: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// The bytes of the file at `path`, an I/O error naming it otherwise.
fn read(path: &Path) -> Result<Vec<u8>, ModelError> {
    std::fs::read(path).map_err(|err| ModelError::Io {
        path: path.display().to_string(),
        err,
    })
}

fn write(out: &Path, bytes: &[u8]) -> Result<(), ModelError> {
    std::fs::write(out, bytes).map_err(|err| ModelError::Io {
        path: out.display().to_string(),
        err,
    })
}

/// Final pruning of the parser: (transition rows, label rows) below these largest weights go.
pub const PARSER_PRUNE: (f32, f32) = (0.5, 1.0);

/// Final prunings tried on dev, hardest first (see [`train_parser`]).
pub const PARSER_PRUNE_CHOICES: [(f32, f32); 4] =
    [PARSER_PRUNE, (0.3, 1.0), (0.3, 0.6), (0.15, 0.3)];

/// Largest parser file (without the relabeller) the milder prunings may produce; the
/// relabeller adds about 6 MB and the whole file must stay within 30 MB.
pub const PARSER_MAX_BYTES: usize = 23_500_000;

/// Largest parser file (first pass, relabeller and head corrector): the head corrector keeps
/// as many of its weights as fit.
pub const PARSER_FILE_MAX_BYTES: usize = 30_000_000;

/// Kind string of a cluster file.
const CLUSTERS_KIND: &str = "clusters";

fn load_clusters(opts: &TrainOptions) -> Result<Clusters, ModelError> {
    let Some(path) = &opts.clusters else {
        return Ok(Clusters::default());
    };
    let bytes = read(path)?;
    let mut reader = Reader::new(&bytes)?;
    if reader.str()? != CLUSTERS_KIND {
        return Err(ModelError::Format("not a cluster file".into()));
    }
    Clusters::read(&mut reader)
}

/// Learns word clusters from unlabelled text: every file under each of `text_dirs` (markup between
/// `<` and `>` is dropped) plus the words of the CoNLL-U and CoNLL-2003 files in `extra`
/// (their words only, never their annotation). Writes a cluster file to `out` and returns the
/// number of clustered words.
pub fn build_clusters(
    text_dirs: &[PathBuf],
    extra: &[PathBuf],
    seed: u64,
    out: &Path,
) -> Result<usize, ModelError> {
    let mut files: Vec<PathBuf> = Vec::new();
    for text_dir in text_dirs {
        let mut in_dir: Vec<PathBuf> = std::fs::read_dir(text_dir)
            .map_err(|err| ModelError::Io {
                path: text_dir.display().to_string(),
                err,
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        in_dir.sort();
        files.extend(in_dir);
    }
    let mut texts = Vec::with_capacity(files.len());
    for file in &files {
        let raw = std::fs::read_to_string(file).map_err(|err| ModelError::Io {
            path: file.display().to_string(),
            err,
        })?;
        texts.push(strip_markup(&raw));
    }
    let mut sequences = Vec::new();
    for path in extra {
        let sentences = if path.extension().is_some_and(|e| e == "conllu") {
            corpus::read_conllu(path)?
        } else {
            corpus::read_ner(path, NerFormat::Conll)?
        };
        sequences.extend(sentences.into_iter().map(|s| s.words));
    }
    let clusters = crate::clusters::learn_from(&texts, &sequences, seed);
    let mut writer = Writer::new();
    writer.str(CLUSTERS_KIND);
    clusters.write(&mut writer);
    write(out, &writer.into_bytes())?;
    Ok(clusters.len())
}

/// Drops XML markup and decodes the five predefined entities.
fn strip_markup(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut in_tag = false;
    for c in raw.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
}

/// The training and development sentences of CoNLL-U files; training data without a
/// sentence is an error, not an empty model.
fn conllu_pair(
    train: &Path,
    dev: &Path,
) -> Result<(Vec<corpus::Sentence>, Vec<corpus::Sentence>), ModelError> {
    let train_s = corpus::read_conllu(train)?;
    if train_s.is_empty() {
        return Err(ModelError::Data(format!(
            "no training sentences in {}",
            train.display()
        )));
    }
    Ok((train_s, corpus::read_conllu(dev)?))
}

/// Writes a trained model's `bytes` to `out` and reports on it (`curve`: dev score per
/// epoch; `started`: when training began).
fn report(
    model: &str,
    bytes: Vec<u8>,
    features: usize,
    curve: Vec<f64>,
    out: &Path,
    started: Instant,
) -> Result<TrainReport, ModelError> {
    write(out, &bytes)?;
    Ok(TrainReport {
        model: model.into(),
        best_dev: best(&curve),
        dev_curve: curve,
        features,
        bytes: bytes.len(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn best(curve: &[f64]) -> f64 {
    curve.iter().copied().fold(f64::MIN, f64::max)
}

/// The first-pass tagger recipe these options give (with `clusters`).
fn first_pass_recipe<'a>(
    opts: &TrainOptions,
    clusters: &'a Clusters,
) -> crate::pos::FirstPassRecipe<'a> {
    crate::pos::FirstPassRecipe {
        epochs: opts.epochs,
        seed: opts.seed,
        prune: opts.prune,
        clusters,
    }
}

/// Trains the part-of-speech tagger on CoNLL-U `train`, selects on `dev`, then trains its
/// second pass on jackknifed first-pass tags of `train` (see `pos`), learns its word
/// shortcuts from `opts.shortcut_text` (if given), and writes `out`.
/// `best_dev` is the dev accuracy of the written tagger.
pub fn train_pos(
    train: &Path,
    dev: &Path,
    opts: &TrainOptions,
    out: &Path,
) -> Result<TrainReport, ModelError> {
    let started = Instant::now();
    let (train_s, dev_s) = conllu_pair(train, dev)?;
    let clusters = load_clusters(opts)?;
    check_shortcut_text(opts)?;
    let recipe = first_pass_recipe(opts, &clusters);
    let (tagger, curve) = recipe.train(&train_s, &dev_s);
    if opts.verbose {
        eprintln!("pos dev accuracy per epoch: {curve:?}");
    }
    let verbose = opts.verbose;
    let (tagger, revise_curve) = crate::pos::train_reviser(
        &tagger,
        &train_s,
        &dev_s,
        opts.folds,
        recipe,
        |epoch, share, acc| {
            if verbose && epoch < crate::pos::REVISE_EPOCHS {
                eprintln!("pos reviser epoch {epoch}: dev accuracy {acc:.2} (revising {share}%)");
            } else if verbose {
                eprintln!("pos reviser revising {share}% of scored words: dev accuracy {acc:.2}");
            }
        },
    );
    let mut curve = curve;
    curve.extend(revise_curve);
    let tagger = add_word_shortcuts(&tagger.with_shortcut(true), opts)?;
    // The kept share of revised words may tag a little below the best epoch's figure.
    let kept = crate::eval::pos_accuracy(&tagger, &dev_s).accuracy;
    let mut report = report(
        "pos",
        tagger.to_bytes(),
        tagger.n_features(),
        curve,
        out,
        started,
    )?;
    report.best_dev = kept;
    Ok(report)
}

/// The sentences of the shortcut texts ([`TrainOptions::shortcut_text`]), in order.
fn read_shortcut_texts(paths: &[PathBuf]) -> Result<Vec<corpus::Sentence>, ModelError> {
    let mut sentences = Vec::new();
    for path in paths {
        sentences.extend(read_shortcut_text(path)?);
    }
    Ok(sentences)
}

/// The sentences of one shortcut text: a folder of plain-text articles, CoNLL-U (`.conllu`),
/// IOB2 (`.iob2`) or CoNLL-2003 (`.txt`).
fn read_shortcut_text(path: &Path) -> Result<Vec<corpus::Sentence>, ModelError> {
    if path.is_dir() {
        return plain_text_sentences(path);
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some("conllu") => corpus::read_conllu(path),
        Some("iob2") => corpus::read_ner(path, NerFormat::Iob2),
        Some("txt") => corpus::read_ner(path, NerFormat::Conll),
        _ => Err(ModelError::Data(format!(
            "{}: a shortcut text must be a folder of .txt articles or a .conllu, .iob2 or \
             CoNLL-2003 .txt file",
            path.display()
        ))),
    }
}

/// The `*.txt` articles in `dir`, by file name; an unreadable folder or entry, or a folder
/// without articles, is an error naming the folder.
fn article_files(dir: &Path) -> Result<Vec<PathBuf>, ModelError> {
    let io = |err| ModelError::Io {
        path: dir.display().to_string(),
        err,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.extension().is_some_and(|e| e == "txt") {
            files.push(path);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(ModelError::Data(format!(
            "{}: no .txt articles for shortcuts",
            dir.display()
        )));
    }
    Ok(files)
}

/// The sentences of every `*.txt` article in `dir` (by file name; each opens a document),
/// segmented and tokenized by `dossier-nlp`.
fn plain_text_sentences(dir: &Path) -> Result<Vec<corpus::Sentence>, ModelError> {
    let files = article_files(dir)?;
    let mut sentences = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|err| ModelError::Io {
            path: file.display().to_string(),
            err,
        })?;
        let mut doc = dossier_core::Doc::new(dossier_core::Meta::default(), text);
        dossier_nlp::segment(&mut doc);
        let mut doc_start = true;
        for s in &doc.sentences {
            let words: Vec<String> = (s.token_start..s.token_end)
                .map(|t| doc.token_text(t as usize).to_string())
                .collect();
            if words.is_empty() {
                continue;
            }
            sentences.push(corpus::Sentence {
                words,
                tags: Vec::new(),
                heads: Vec::new(),
                deps: Vec::new(),
                doc_start,
            });
            doc_start = false;
        }
    }
    Ok(sentences)
}

/// Fails early, before any training, when a shortcut text cannot be read.
fn check_shortcut_text(opts: &TrainOptions) -> Result<(), ModelError> {
    for path in &opts.shortcut_text {
        if !path.exists() {
            return Err(ModelError::Data(format!(
                "{}: shortcut text not found",
                path.display()
            )));
        }
        if path.is_dir() {
            article_files(path)?;
        } else {
            read_shortcut_text(path)?;
        }
    }
    Ok(())
}

/// Learns the recognizer's word shortcuts (see [`crate::shortcut`]) from its own labels of
/// the words of `opts.shortcut_text`; returns the recognizer unchanged without shortcut texts.
fn add_ner_shortcuts(
    ner: &crate::ner::Ner,
    opts: &TrainOptions,
) -> Result<crate::ner::Ner, ModelError> {
    if opts.shortcut_text.is_empty() {
        return Ok(ner.clone());
    }
    let text = read_shortcut_texts(&opts.shortcut_text)?;
    let with = ner.with_word_shortcuts(&text);
    if opts.verbose {
        let (one, two) = with.word_shortcut_contexts().unwrap_or((0, 0));
        eprintln!(
            "ner shortcuts from {} sentences: {one} first-stage and {two} second-stage word \
             contexts",
            text.len()
        );
    }
    Ok(with)
}

/// Learns only the word shortcuts of the recognizer file `base` (any it has are replaced)
/// and writes the result to `out`: what `train_ner` does last, without retraining the rest.
pub fn train_ner_shortcuts(
    dev: &Path,
    opts: &TrainOptions,
    base: &Path,
    out: &Path,
) -> Result<TrainReport, ModelError> {
    let started = Instant::now();
    let dev_s = corpus::read_ner(dev, NerFormat::Conll)?;
    let bytes = read(base)?;
    let ner = crate::ner::Ner::from_bytes(&bytes)?.without_word_shortcuts();
    let ner = add_ner_shortcuts(&ner, opts)?;
    let f1 = crate::eval::ner_report(&ner, &dev_s, false).f1;
    report(
        "ner",
        ner.to_bytes(),
        ner.n_features(),
        vec![f1],
        out,
        started,
    )
}

/// Learns the tagger's word shortcuts (see [`crate::shortcut`]) from its own tags of the
/// words of `opts.shortcut_text`; returns the tagger unchanged without shortcut texts.
fn add_word_shortcuts(
    tagger: &crate::pos::PosTagger,
    opts: &TrainOptions,
) -> Result<crate::pos::PosTagger, ModelError> {
    if opts.shortcut_text.is_empty() {
        return Ok(tagger.clone());
    }
    let text = read_shortcut_texts(&opts.shortcut_text)?;
    let with = tagger.with_word_shortcuts(&text);
    if opts.verbose {
        eprintln!(
            "pos shortcuts from {} sentences: {} word contexts",
            text.len(),
            with.word_shortcut_contexts().unwrap_or(0)
        );
    }
    Ok(with)
}

/// Learns only the word shortcuts of the tagger file `base` (any it has are replaced) and
/// writes the result to `out`: what `train_pos` does last, without retraining the rest.
pub fn train_pos_shortcuts(
    dev: &Path,
    opts: &TrainOptions,
    base: &Path,
    out: &Path,
) -> Result<TrainReport, ModelError> {
    let started = Instant::now();
    let dev_s = corpus::read_conllu(dev)?;
    let bytes = read(base)?;
    let tagger = crate::pos::PosTagger::from_bytes(&bytes)?.without_word_shortcuts();
    let tagger = add_word_shortcuts(&tagger, opts)?;
    let accuracy = crate::eval::pos_accuracy(&tagger, &dev_s).accuracy;
    report(
        "pos",
        tagger.to_bytes(),
        tagger.n_features(),
        vec![accuracy],
        out,
        started,
    )
}

/// Trains the entity recognizer on CoNLL-2003 `train`, selects on `dev`, learns its word
/// shortcuts from `opts.shortcut_text` (if given), and writes `out`; `best_dev` is the dev F1
/// of the written recognizer.
pub fn train_ner(
    train: &Path,
    dev: &Path,
    opts: &TrainOptions,
    out: &Path,
) -> Result<TrainReport, ModelError> {
    let started = Instant::now();
    let train_s = corpus::read_ner(train, NerFormat::Conll)?;
    let dev_s = corpus::read_ner(dev, NerFormat::Conll)?;
    if train_s.is_empty() {
        return Err(ModelError::Data("no training sentences".into()));
    }
    check_shortcut_text(opts)?;
    let ner_opts = crate::ner::NerTrainOptions {
        epochs: opts.epochs,
        seed: opts.seed,
        prune: opts.prune,
        case_augment: opts.case_augment,
        two_stage: opts.two_stage,
    };
    let verbose = opts.verbose;
    let clusters = load_clusters(opts)?;
    let (ner, curve) = crate::ner::train(&train_s, &dev_s, &ner_opts, &clusters, |epoch, f1| {
        if verbose {
            eprintln!("ner epoch {epoch}: dev F1 {f1:.2}");
        }
    });
    let ner = add_ner_shortcuts(&ner.with_shortcut(true), opts)?;
    // With the shortcuts the kept model may score a little off the best epoch's figure.
    let kept = crate::eval::ner_report(&ner, &dev_s, false).f1;
    let mut report = report("ner", ner.to_bytes(), ner.n_features(), curve, out, started)?;
    report.best_dev = kept;
    Ok(report)
}

/// Passes of the parser's second-pass relabeller over the training trees.
pub const RELABEL_EPOCHS: usize = 10;

/// Training sentences with jackknifed part-of-speech tags (each fold tagged by a tagger
/// trained on the other folds) and a tagger trained on all of `train_s` for dev.
pub(crate) fn parser_examples(
    train_s: &[corpus::Sentence],
    dev_s: &[corpus::Sentence],
    opts: &TrainOptions,
    clusters: &Clusters,
) -> (Vec<crate::parser::ParseExample>, crate::pos::PosTagger) {
    // Selection on dev keeps the fold taggers as good as the shipped one; they tag without
    // the shortcut, as the parser was always trained.
    let recipe = first_pass_recipe(opts, clusters);
    let predicted = crate::pos::jackknifed(train_s, dev_s, opts.folds, recipe, false, |fold| {
        if opts.verbose {
            eprintln!("parser: jackknife fold {fold} tagged");
        }
    });
    let (full_tagger, _) = recipe.train(train_s, dev_s);
    let examples: Vec<crate::parser::ParseExample> = train_s
        .iter()
        .zip(predicted)
        .map(|(s, first)| crate::parser::ParseExample {
            toks: {
                let mut toks: Vec<TokFeat> = s.words.iter().map(|w| TokFeat::new(w)).collect();
                clusters.fill(&mut toks);
                toks
            },
            tags: first.tags,
            heads: s.heads.clone(),
            labels: s
                .deps
                .iter()
                .map(|d| dossier_core::DepLabel::parse(d).0)
                .collect(),
        })
        .collect();
    (examples, full_tagger)
}

/// Trains the parser's second-pass relabeller (see [`RELABEL_EPOCHS`]) on the trees `parser`
/// builds for `examples`, selecting the epoch on dev; logs when `verbose`.
fn add_relabeller(
    parser: &crate::parser::Parser,
    examples: &[crate::parser::ParseExample],
    dev_s: &[corpus::Sentence],
    full_tagger: &crate::pos::PosTagger,
    opts: &TrainOptions,
) -> (crate::parser::Parser, Vec<f64>) {
    let verbose = opts.verbose;
    crate::parser::train_relabeller(
        parser,
        examples,
        dev_s,
        full_tagger,
        RELABEL_EPOCHS,
        opts.seed,
        PARSER_PRUNE.1,
        |epoch, value, report| {
            if verbose && epoch < RELABEL_EPOCHS {
                eprintln!(
                    "relabeller epoch {epoch} mix {value}: dev UAS {:.2} LAS {:.2}",
                    report.uas, report.las
                );
            } else if verbose {
                eprintln!(
                    "relabeller margin threshold {value}: dev UAS {:.2} LAS {:.2}",
                    report.uas, report.las
                );
            }
        },
    )
}

/// Label prunings (both passes) tried, mildest first, to leave room for the head corrector.
pub const REATTACH_LABEL_PRUNES: [f32; 5] = [1.0, 1.3, 1.6, 2.0, 3.0];

/// Room the head corrector takes in the parser file (its two tables and a little more).
pub const REATTACH_BYTES: usize = (1 << crate::reattach::RANKER_BITS) + (1 << 16) + 4096;

/// Passes of the first passes that parse the training folds for the head corrector.
pub const REATTACH_FOLD_EPOCHS: usize = 10;
/// Passes of the head corrector over the jackknifed training trees.
pub const REATTACH_EPOCHS: usize = 8;

/// Trains the parser's second-pass head corrector (see `reattach`) on jackknifed first-pass
/// trees of `examples` (folds as for the tags), selecting on dev; logs when `verbose`.
fn add_reattacher(
    parser: &crate::parser::Parser,
    examples: &[crate::parser::ParseExample],
    dev_s: &[corpus::Sentence],
    full_tagger: &crate::pos::PosTagger,
    opts: &TrainOptions,
    clusters: &Clusters,
) -> (crate::parser::Parser, Vec<f64>) {
    let verbose = opts.verbose;
    let trees = crate::reattach::fold_trees(
        examples,
        dev_s,
        full_tagger,
        opts.folds,
        REATTACH_FOLD_EPOCHS,
        opts.seed,
        opts.prune,
        clusters,
        verbose,
    );
    crate::reattach::train_reattacher(
        parser,
        examples,
        &trees,
        dev_s,
        full_tagger,
        opts.folds,
        REATTACH_EPOCHS,
        opts.seed,
        crate::reattach::WINDOW,
        PARSER_FILE_MAX_BYTES,
        |epoch, threshold, report| {
            if verbose && epoch < REATTACH_EPOCHS {
                eprintln!(
                    "head corrector epoch {epoch}: dev UAS {:.2} LAS {:.2}",
                    report.uas, report.las
                );
            } else if verbose {
                eprintln!(
                    "head corrector revising {}% of words (detector threshold {threshold}): \
                     dev UAS {:.2} LAS {:.2}",
                    epoch - REATTACH_EPOCHS,
                    report.uas,
                    report.las
                );
            }
        },
    )
}

/// Learns the parser's decision shortcuts (see [`crate::shortcut`]) from its own parses of
/// the words of `opts.shortcut_text`, tagged by `tagger` (in training, the first-pass tagger
/// trained on all of train, which `train_parser_shortcuts` retrains identically; at run time
/// the tags come from the shipped two-pass tagger, so the contexts' counts differ a little from
/// what the parser meets there); returns the parser unchanged and no figure without shortcut texts,
/// else the parser with shortcuts and its dev LAS (logged with the LAS without them when
/// `verbose`).
fn add_shortcuts(
    parser: &crate::parser::Parser,
    dev_s: &[corpus::Sentence],
    tagger: &crate::pos::PosTagger,
    opts: &TrainOptions,
) -> Result<(crate::parser::Parser, Option<f64>), ModelError> {
    if opts.shortcut_text.is_empty() {
        return Ok((parser.clone(), None));
    }
    let text = read_shortcut_texts(&opts.shortcut_text)?;
    let with = parser.with_shortcuts(&text, tagger);
    let las = crate::eval::parser_scores(&with, tagger, dev_s).las;
    if opts.verbose {
        let without = crate::eval::parser_scores(&parser.without_shortcuts(), tagger, dev_s).las;
        let (moves, labels) = with.shortcut_contexts().unwrap_or((0, 0));
        eprintln!(
            "parser shortcuts from {} sentences: {moves} transition and {labels} label \
             contexts; dev LAS {las:.2} (without {without:.2})",
            text.len()
        );
    }
    Ok((with, Some(las)))
}

/// Learns only the decision shortcuts of the parser file `base` (any it has are replaced)
/// and writes the result to `out`: what `train_parser` does last, without retraining the
/// rest. `opts` must match those `base` was trained with (its tagger is retrained from them).
pub fn train_parser_shortcuts(
    train: &Path,
    dev: &Path,
    opts: &TrainOptions,
    base: &Path,
    out: &Path,
) -> Result<TrainReport, ModelError> {
    let started = Instant::now();
    let (train_s, dev_s) = conllu_pair(train, dev)?;
    let bytes = read(base)?;
    let parser = crate::parser::Parser::from_bytes(&bytes)?.without_shortcuts();
    let clusters = load_clusters(opts)?;
    let (full_tagger, _) = first_pass_recipe(opts, &clusters).train(&train_s, &dev_s);
    let (parser, las) = add_shortcuts(&parser, &dev_s, &full_tagger, opts)?;
    report(
        "parser",
        parser.to_bytes(),
        parser.n_features(),
        las.into_iter().collect(),
        out,
        started,
    )
}

/// Trains only the second-pass relabeller for the parser file `base` (its relabeller, if any,
/// is replaced) and writes the result to `out`: a quick way to try relabeller features
/// without retraining the transitions. `opts` must match those `base` was trained with.
pub fn train_parser_relabeller(
    train: &Path,
    dev: &Path,
    opts: &TrainOptions,
    base: &Path,
    out: &Path,
) -> Result<TrainReport, ModelError> {
    let started = Instant::now();
    let (train_s, dev_s) = conllu_pair(train, dev)?;
    let bytes = read(base)?;
    // Shortcuts are learned from the finished parser, never used while training: they are
    // dropped here and learned again at the end (with `opts.shortcut_text`).
    let parser = crate::parser::Parser::from_bytes(&bytes)?.without_shortcuts();
    let clusters = load_clusters(opts)?;
    check_shortcut_text(opts)?;
    let (examples, full_tagger) = parser_examples(&train_s, &dev_s, opts, &clusters);
    let (parser, curve) = add_relabeller(&parser, &examples, &dev_s, &full_tagger, opts);
    let (parser, _) = add_shortcuts(&parser, &dev_s, &full_tagger, opts)?;
    report(
        "parser",
        parser.to_bytes(),
        parser.n_features(),
        curve,
        out,
        started,
    )
}

/// Trains the dependency parser on CoNLL-U `train` with jackknifed predicted tags, selects
/// on `dev` (tagged by a tagger trained on all of `train` with the same options), then trains
/// its second-pass relabeller on the trees it builds for `train` and its second-pass head
/// corrector on jackknifed trees (see `reattach`), learns its decision shortcuts from
/// `opts.shortcut_text` (if given), and writes `out`; `best_dev` is then the dev LAS of the
/// written parser.
pub fn train_parser(
    train: &Path,
    dev: &Path,
    opts: &TrainOptions,
    out: &Path,
) -> Result<TrainReport, ModelError> {
    let started = Instant::now();
    let (train_s, dev_s) = conllu_pair(train, dev)?;
    let clusters = load_clusters(opts)?;
    check_shortcut_text(opts)?;
    let (examples, full_tagger) = parser_examples(&train_s, &dev_s, opts, &clusters);
    let verbose = opts.verbose;
    let (parser, curve) = crate::parser::train(
        &examples,
        &dev_s,
        &full_tagger,
        opts.epochs,
        opts.seed,
        opts.prune,
        &clusters,
        |epoch, report| {
            if verbose {
                eprintln!(
                    "parser epoch {epoch}: dev UAS {:.2} LAS {:.2}",
                    report.uas, report.las
                );
            }
        },
    );
    // The parser makes many more updates per word than the taggers, so its weights are larger
    // and it is pruned harder. How hard is chosen on dev like the epoch: the hardest pruning
    // of `PARSER_PRUNE_CHOICES` unless a milder one gains at least 0.05 LAS, within
    // `PARSER_MAX_BYTES` (every row kept costs memory and lookups at run time).
    let mut chosen: Option<(f64, crate::parser::Parser, f32)> = None;
    for (moves_min, labels_min) in PARSER_PRUNE_CHOICES {
        let candidate = parser.pruned(moves_min, labels_min);
        if candidate.to_bytes().len() > PARSER_MAX_BYTES && chosen.is_some() {
            continue;
        }
        let las = crate::eval::parser_scores(&candidate, &full_tagger, &dev_s).las;
        if verbose {
            eprintln!("parser pruned at ({moves_min}, {labels_min}): dev LAS {las:.2}");
        }
        if chosen
            .as_ref()
            .is_none_or(|(best, _, _)| las >= best + 0.05)
        {
            chosen = Some((las, candidate, moves_min));
        }
    }
    let (parser, moves_min) = match chosen {
        Some((_, parser, moves_min)) => (parser, moves_min),
        None => (
            parser.pruned(PARSER_PRUNE.0, PARSER_PRUNE.1),
            PARSER_PRUNE.0,
        ),
    };
    let (parser, relabel_curve) = add_relabeller(&parser, &examples, &dev_s, &full_tagger, opts);
    // The head corrector needs room in the file: the label rows of both passes are pruned
    // harder until it fits (on EWT dev 1.6 instead of 1.0 cost 0.05 LAS and freed 4 MB).
    let parser = REATTACH_LABEL_PRUNES
        .iter()
        .map(|labels_min| parser.pruned(moves_min, *labels_min))
        .find(|p| p.to_bytes().len() + REATTACH_BYTES <= PARSER_FILE_MAX_BYTES)
        .unwrap_or(parser);
    let (parser, reattach_curve) =
        add_reattacher(&parser, &examples, &dev_s, &full_tagger, opts, &clusters);
    let (parser, shortcut_las) = add_shortcuts(&parser, &dev_s, &full_tagger, opts)?;
    let mut curve = curve;
    curve.extend(relabel_curve);
    curve.extend(reattach_curve);
    let mut report = report(
        "parser",
        parser.to_bytes(),
        parser.n_features(),
        curve,
        out,
        started,
    )?;
    // The shipped model's figure, with its shortcuts, rather than the best pass's.
    if let Some(las) = shortcut_las {
        report.best_dev = las;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcut_texts_read_article_folders_and_refuse_other_files() {
        let dir =
            std::env::temp_dir().join(format!("dossier-shortcut-text-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("b.txt"), "The council met. It voted twice.\n").unwrap();
        std::fs::write(dir.join("a.txt"), "Rain fell on Monday.\n").unwrap();
        std::fs::write(dir.join("notes.md"), "Not an article.\n").unwrap();
        let sentences = read_shortcut_text(&dir).unwrap();
        let words: Vec<String> = sentences.iter().map(|s| s.words.join(" ")).collect();
        // Files in name order, each opening a document; other files ignored.
        assert_eq!(
            words,
            [
                "Rain fell on Monday .",
                "The council met .",
                "It voted twice ."
            ]
        );
        let starts: Vec<bool> = sentences.iter().map(|s| s.doc_start).collect();
        assert_eq!(starts, [true, true, false]);
        let opts = TrainOptions {
            shortcut_text: vec![dir.join("notes.md")],
            ..TrainOptions::default()
        };
        assert!(
            check_shortcut_text(&opts).is_err(),
            "an unknown file type is refused"
        );
        let opts = TrainOptions {
            shortcut_text: vec![dir.join("missing")],
            ..TrainOptions::default()
        };
        assert!(
            check_shortcut_text(&opts).is_err(),
            "a missing text is refused"
        );
        let empty = dir.join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        assert!(
            read_shortcut_text(&empty).is_err(),
            "a folder without articles is refused"
        );
        let opts = TrainOptions {
            shortcut_text: vec![empty.clone()],
            ..TrainOptions::default()
        };
        assert!(
            check_shortcut_text(&opts).is_err(),
            "refused before training, too"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Trains a relabeller for an existing parser file (`RELABEL_BASE`, default
    /// models/parser.bin) into `RELABEL_OUT` (default /tmp/parser-relabel.bin), with the
    /// options the shipped parser was trained with (`--epochs 20`; with the same code this
    /// rebuilds the shipped relabeller byte for byte):
    /// `cargo test --release -p dossier-tagger relabel_only -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn relabel_only() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        let ewt = root.join("../shared/data/ud-english-ewt");
        if !ewt.exists() {
            println!("skipped: {} not found", ewt.display());
            return;
        }
        let env = |k: &str, d: PathBuf| std::env::var_os(k).map(PathBuf::from).unwrap_or(d);
        let opts = TrainOptions {
            epochs: 20,
            verbose: true,
            clusters: Some(env(
                "RELABEL_CLUSTERS",
                PathBuf::from("/tmp/dossier-clusters.bin"),
            )),
            ..TrainOptions::default()
        };
        let report = train_parser_relabeller(
            &ewt.join("en_ewt-ud-train.conllu"),
            &ewt.join("en_ewt-ud-dev.conllu"),
            &opts,
            &env("RELABEL_BASE", root.join("models/parser.bin")),
            &env("RELABEL_OUT", PathBuf::from("/tmp/parser-relabel.bin")),
        );
        println!("{report:?}");
        assert!(report.is_ok());
    }
}
