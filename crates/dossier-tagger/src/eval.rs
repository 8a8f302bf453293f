//! Evaluation against gold files: POS accuracy, parser UAS/LAS, NER span precision/recall/F1.
//!
//! NER scoring follows conlleval: an entity counts as correct only when both its boundaries and
//! its type match a gold entity; precision, recall and F1 are given in percent, overall and per
//! type. Scores for UNER files (which have no MISC) drop MISC predictions first.
//! Documents are read whole so document-level features work as in the pipeline.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use dossier_core::DepLabel;

use crate::corpus::{self, NerFormat, Sentence};
use crate::feat::TokFeat;
use crate::ner::{bilou_from_iob, spans_of, Ner, TYPES};
use crate::parser::Parser;
use crate::pos::PosTagger;
use crate::ModelError;

/// Part-of-speech accuracy.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PosReport {
    /// Share of words tagged correctly, in percent.
    pub accuracy: f64,
    /// Number of words scored.
    pub tokens: usize,
}

/// Dependency accuracy (all words, punctuation included, as in the CoNLL 2018 shared task).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParserReport {
    /// Unlabelled attachment score in percent: words with the right head.
    pub uas: f64,
    /// Labelled attachment score in percent: right head and right universal relation
    /// (subtypes such as `:poss` ignored, as the CoNLL 2018 shared task's evaluation does).
    pub las: f64,
    /// Labelled attachment score with full relations, subtypes included (stricter).
    pub las_full: f64,
    /// Part-of-speech accuracy of the tagger feeding the parser, in percent.
    pub pos_accuracy: f64,
    /// Number of words scored.
    pub tokens: usize,
}

/// Span scores of one entity type.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TypeScore {
    /// Correct predicted spans / predicted spans, in percent.
    pub precision: f64,
    /// Correct predicted spans / gold spans, in percent.
    pub recall: f64,
    /// Harmonic mean of precision and recall, in percent.
    pub f1: f64,
    /// Gold spans.
    pub gold: usize,
    /// Predicted spans.
    pub predicted: usize,
    /// Predicted spans matching a gold span exactly (boundaries and type).
    pub correct: usize,
}

/// Entity span scores, overall and per type.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NerReport {
    /// Overall precision in percent.
    pub precision: f64,
    /// Overall recall in percent.
    pub recall: f64,
    /// Overall F1 in percent.
    pub f1: f64,
    /// Scores per type (PER, ORG, LOC, MISC).
    pub per_type: BTreeMap<String, TypeScore>,
}

fn pct(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        100.0 * num as f64 / den as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

impl TypeScore {
    fn from_counts(gold: usize, predicted: usize, correct: usize) -> TypeScore {
        let precision = pct(correct, predicted);
        let recall = pct(correct, gold);
        TypeScore {
            precision,
            recall,
            f1: f1(precision, recall),
            gold,
            predicted,
            correct,
        }
    }
}

/// Tagging accuracy of `tagger` on gold sentences.
pub fn pos_accuracy(tagger: &PosTagger, gold: &[Sentence]) -> PosReport {
    let mut scratch = crate::pos::Scratch::default();
    let mut correct = 0;
    let mut total = 0;
    for sentence in gold {
        scratch.toks.clear();
        scratch
            .toks
            .extend(sentence.words.iter().map(|w| TokFeat::new(w)));
        tagger.tag_scratch(&mut scratch);
        for (tag, gold_tag) in scratch.tags.iter().zip(&sentence.tags) {
            total += 1;
            if *tag == crate::pos::upos_index(gold_tag) {
                correct += 1;
            }
        }
    }
    PosReport {
        accuracy: pct(correct, total),
        tokens: total,
    }
}

/// Span scores of `ner` on gold sentences (IOB2 tags), each document tagged whole as in the
/// pipeline; `drop_misc` ignores MISC predictions.
pub fn ner_report(ner: &Ner, gold: &[Sentence], drop_misc: bool) -> NerReport {
    let mut counts = [(0usize, 0usize, 0usize); 4];
    for range in corpus::documents(gold) {
        let doc = gold.get(range).unwrap_or(&[]);
        let mut sents: Vec<Vec<TokFeat>> = doc
            .iter()
            .map(|s| s.words.iter().map(|w| TokFeat::new(w)).collect())
            .collect();
        let labels = ner.tag_doc(&mut sents);
        for (sentence, labels) in doc.iter().zip(&labels) {
            let mut predicted = spans_of(labels);
            if drop_misc {
                predicted.retain(|(_, _, t)| *t != 3);
            }
            let gold_spans = spans_of(&bilou_from_iob(&sentence.tags));
            for span in &gold_spans {
                if let Some(c) = counts.get_mut(span.2) {
                    c.0 += 1;
                }
            }
            for span in &predicted {
                if let Some(c) = counts.get_mut(span.2) {
                    c.1 += 1;
                    if gold_spans.contains(span) {
                        c.2 += 1;
                    }
                }
            }
        }
    }
    let mut per_type = BTreeMap::new();
    let (mut g, mut p, mut c) = (0, 0, 0);
    for (ty, (gold_n, pred_n, correct_n)) in counts.iter().enumerate() {
        if drop_misc && ty == 3 {
            continue;
        }
        g += gold_n;
        p += pred_n;
        c += correct_n;
        per_type.insert(
            TYPES[ty].to_string(),
            TypeScore::from_counts(*gold_n, *pred_n, *correct_n),
        );
    }
    let overall = TypeScore::from_counts(g, p, c);
    NerReport {
        precision: overall.precision,
        recall: overall.recall,
        f1: overall.f1,
        per_type,
    }
}

/// POS accuracy of `model` on a CoNLL-U file.
pub fn eval_pos(model: &PosTagger, gold: &Path) -> Result<PosReport, ModelError> {
    let sentences = corpus::read_conllu(gold)?;
    Ok(pos_accuracy(model, &sentences))
}

/// NER span scores of `model` on a CoNLL-2003 or IOB2 file (MISC predictions are dropped
/// for IOB2, whose UNER annotation has no MISC).
pub fn eval_ner(model: &Ner, gold: &Path, format: NerFormat) -> Result<NerReport, ModelError> {
    let sentences = corpus::read_ner(gold, format)?;
    Ok(ner_report(model, &sentences, format == NerFormat::Iob2))
}

/// Attachment scores of `parser` on a CoNLL-U file, with POS predicted by `tagger`.
pub fn eval_parser(
    parser: &Parser,
    tagger: &PosTagger,
    gold: &Path,
) -> Result<ParserReport, ModelError> {
    let sentences = corpus::read_conllu(gold)?;
    Ok(parser_scores(parser, tagger, &sentences))
}

/// Attachment scores on gold sentences, with POS predicted by `tagger`.
pub fn parser_scores(parser: &Parser, tagger: &PosTagger, gold: &[Sentence]) -> ParserReport {
    let mut pos_scratch = crate::pos::Scratch::default();
    let mut parse_scratch = crate::parser::Scratch::default();
    let (mut total, mut heads_ok, mut labels_ok, mut full_ok, mut pos_ok) = (0, 0, 0, 0, 0);
    for sentence in gold {
        tagger.tag_into(&sentence.words, &mut pos_scratch);
        parser.parse_scratch(&pos_scratch.toks, &pos_scratch.tags, &mut parse_scratch);
        for i in 0..sentence.words.len() {
            total += 1;
            let gold_head = sentence.heads.get(i).copied().unwrap_or(0);
            let gold_dep =
                DepLabel::parse(sentence.deps.get(i).map(String::as_str).unwrap_or("dep"));
            if pos_scratch.tags.get(i).copied()
                == sentence.tags.get(i).map(|t| crate::pos::upos_index(t))
            {
                pos_ok += 1;
            }
            if parse_scratch.heads.get(i).copied() == Some(gold_head) {
                heads_ok += 1;
                let label = DepLabel(parse_scratch.labels.get(i).copied().unwrap_or(0));
                if label.universal() == gold_dep.universal() {
                    labels_ok += 1;
                }
                if label == gold_dep {
                    full_ok += 1;
                }
            }
        }
    }
    ParserReport {
        uas: pct(heads_ok, total),
        las: pct(labels_ok, total),
        las_full: pct(full_ok, total),
        pos_accuracy: pct(pos_ok, total),
        tokens: total,
    }
}

/// Right-head, wrong-relation errors of `parser` on gold sentences (POS predicted by `tagger`),
/// counted per (gold, predicted) universal relation pair, most frequent first.
pub fn parser_label_errors(
    parser: &Parser,
    tagger: &PosTagger,
    gold: &[Sentence],
) -> Vec<(&'static str, &'static str, usize)> {
    let mut pos_scratch = crate::pos::Scratch::default();
    let mut parse_scratch = crate::parser::Scratch::default();
    let mut counts: BTreeMap<(&'static str, &'static str), usize> = BTreeMap::new();
    for sentence in gold {
        tagger.tag_into(&sentence.words, &mut pos_scratch);
        parser.parse_scratch(&pos_scratch.toks, &pos_scratch.tags, &mut parse_scratch);
        for i in 0..sentence.words.len() {
            let gold_head = sentence.heads.get(i).copied().unwrap_or(0);
            if parse_scratch.heads.get(i).copied() != Some(gold_head) {
                continue;
            }
            let gold_dep =
                DepLabel::parse(sentence.deps.get(i).map(String::as_str).unwrap_or("dep"));
            let label = DepLabel(parse_scratch.labels.get(i).copied().unwrap_or(0));
            if label.universal() != gold_dep.universal() {
                *counts
                    .entry((gold_dep.universal(), label.universal()))
                    .or_default() += 1;
            }
        }
    }
    let mut out: Vec<_> = counts.into_iter().map(|((g, p), n)| (g, p, n)).collect();
    out.sort_by_key(|e| std::cmp::Reverse(e.2));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f1_is_harmonic_mean() {
        assert_eq!(f1(0.0, 0.0), 0.0);
        assert!((f1(50.0, 100.0) - 66.666).abs() < 0.01);
        let score = TypeScore::from_counts(4, 2, 2);
        assert_eq!(score.precision, 100.0);
        assert_eq!(score.recall, 50.0);
        assert_eq!(pct(1, 0), 0.0);
    }

    /// Prints the parser's label confusions on EWT dev with the model files on disk
    /// (`cargo test --release -p dossier-tagger label_confusion -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn label_confusion() {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        let dev = root.join("../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu");
        let (Ok(pos), Ok(parser), Ok(gold)) = (
            std::fs::read(root.join("models/pos.bin")),
            std::fs::read(root.join("models/parser.bin")),
            corpus::read_conllu(&dev),
        ) else {
            println!("skipped: models or EWT dev not found");
            return;
        };
        let (Ok(pos), Ok(parser)) = (PosTagger::from_bytes(&pos), Parser::from_bytes(&parser))
        else {
            panic!("unreadable model files");
        };
        let errors = parser_label_errors(&parser, &pos, &gold);
        let total: usize = errors.iter().map(|e| e.2).sum();
        println!("right head, wrong label: {total}");
        for (g, p, n) in errors.iter().take(40) {
            println!("{g:>12} -> {p:<12} {n}");
        }
    }

    /// CPU seconds of the calling thread (Linux; 0 elsewhere).
    fn cpu_secs() -> f64 {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
            .map_or(0.0, |ns| ns / 1e9)
    }

    /// Parser words per thread-CPU second on EWT dev (tags predicted once beforehand) for the
    /// parser files in `PARSER_FILES` (comma-separated), interleaved, fastest of 7 rounds:
    /// `PARSER_FILES=a.bin,b.bin cargo test --release -p dossier-tagger parser_speed -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn parser_speed() {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        let dev = root.join("../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu");
        let files = std::env::var("PARSER_FILES").unwrap_or_default();
        let (Ok(pos), Ok(gold)) = (
            std::fs::read(root.join("models/pos.bin")),
            corpus::read_conllu(&dev),
        ) else {
            println!("skipped: models or EWT dev not found");
            return;
        };
        let Ok(pos) = PosTagger::from_bytes(&pos) else {
            panic!("unreadable POS model");
        };
        let mut tagged = Vec::new();
        let mut pos_scratch = crate::pos::Scratch::default();
        for sentence in &gold {
            pos.tag_into(&sentence.words, &mut pos_scratch);
            tagged.push((pos_scratch.toks.clone(), pos_scratch.tags.clone()));
        }
        let words: usize = tagged.iter().map(|t| t.0.len()).sum();
        let parsers: Vec<(String, Parser)> = files
            .split(',')
            .filter(|f| !f.is_empty())
            .filter_map(|f| {
                let bytes = std::fs::read(f).ok()?;
                Some((f.to_string(), Parser::from_bytes(&bytes).ok()?))
            })
            .flat_map(|(name, parser)| {
                let first = (
                    format!("{name} (first pass only)"),
                    parser.without_relabeller(),
                );
                [(name, parser), first]
            })
            .collect();
        let mut best = vec![f64::MAX; parsers.len()];
        let mut scratch = crate::parser::Scratch::default();
        for _ in 0..7 {
            for (k, (_, parser)) in parsers.iter().enumerate() {
                let started = cpu_secs();
                for (toks, tags) in &tagged {
                    parser.parse_scratch(toks, tags, &mut scratch);
                }
                best[k] = best[k].min(cpu_secs() - started);
            }
        }
        for ((name, _), secs) in parsers.iter().zip(&best) {
            println!("{name}: {:.0} words/CPU-s", words as f64 / secs.max(1e-9));
        }
    }
}
