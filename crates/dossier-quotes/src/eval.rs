//! Evaluation on PolNeAR: content spans, cues and speakers of the quote stage scored against
//! the corpus's brat standoff attributions (Source, Cue, Content), separately for direct and
//! indirect quotes.
//!
//! How the gold is read:
//! - every `E` line with a Content is one attribution; its content may have several
//!   fragments ("…,” he said. “…"), and each fragment is one gold content span (fragments
//!   separated only by spaces or quotation marks are joined first);
//! - an attribution is *direct* when its content opens and closes with a quotation mark
//!   (inside the span or just outside it, as some annotators left the marks out), and
//!   *indirect* otherwise (so partly quoted reported speech counts as indirect);
//! - articles annotated twice are scored against the first annotation file only.
//!
//! Spans are compared after trimming spaces, quotation marks and `, . ; : — –` from both
//! ends, since PolNeAR's content includes the marks and the punctuation inside them.
//! A predicted quote *matches* a gold one (overlap) when they share a code point, one-to-one,
//! largest overlap first. On matched pairs, the *cue* is right when the predicted cue overlaps
//! the gold cue, and the *speaker* is right when the predicted speaker's span overlaps the gold
//! Source or its name ends with the Source's last word (or both have none).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use dossier_core::{Annotator, CharSpan, Doc, Meta, Quote, QuoteKind};
use serde::Serialize;

use crate::scan::is_quote_char;
use crate::QuoteFinder;

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file or folder could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The folder has no `text/*.txt` with a matching `attributions/*.ann`.
    #[error("no annotated articles in {0} (expected text/*.txt and attributions/*.ann)")]
    NoDocuments(PathBuf),
}

/// Precision, recall and F1, in percent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Correct predictions over predictions.
    pub precision: f64,
    /// Found gold items over gold items.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
}

impl Prf {
    /// From counts: `found` gold items recovered, `correct` predictions right.
    fn of(correct: usize, predicted: usize, found: usize, gold: usize) -> Prf {
        let precision = percent(correct, predicted);
        let recall = percent(found, gold);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// Scores for one kind of quote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct KindScores {
    /// Gold content spans.
    pub gold: usize,
    /// Predicted content spans.
    pub predicted: usize,
    /// Exact span match (after trimming marks and edge punctuation).
    pub exact: Prf,
    /// Any overlap, one-to-one.
    pub overlap: Prf,
    /// Matched (overlap) pairs, on which cue and speaker are scored.
    pub matched: usize,
    /// Matched pairs whose cue is right, in percent.
    pub cue_accuracy: f64,
    /// Matched pairs whose speaker is right, in percent.
    pub speaker_accuracy: f64,
}

/// The result of [`eval_polnear`].
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct QuoteReport {
    /// The split folder evaluated.
    pub dir: String,
    /// Articles scored.
    pub documents: usize,
    /// Direct quotes (gold content in quotation marks).
    pub direct: KindScores,
    /// Indirect quotes and other attributions.
    pub indirect: KindScores,
    /// Both kinds together, the predicted kind ignored.
    pub all: KindScores,
    /// Time spent segmenting, in the extra stages and finding quotes, in seconds.
    pub seconds: f64,
    /// Of that, time spent in the quote stage alone, in seconds.
    pub quote_seconds: f64,
}

impl fmt::Display for QuoteReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "quotes on {} ({} articles)", self.dir, self.documents)?;
        writeln!(
            f,
            "{:<9} {:>6} {:>6}   {:>17}   {:>17}   {:>6} {:>6}",
            "kind", "gold", "pred", "exact P/R/F1", "overlap P/R/F1", "cue%", "spkr%"
        )?;
        for (name, s) in [
            ("direct", &self.direct),
            ("indirect", &self.indirect),
            ("all", &self.all),
        ] {
            writeln!(
                f,
                "{:<9} {:>6} {:>6}   {:>5.1}/{:>5.1}/{:>5.1}   {:>5.1}/{:>5.1}/{:>5.1}   {:>6.1} {:>6.1}",
                name,
                s.gold,
                s.predicted,
                s.exact.precision,
                s.exact.recall,
                s.exact.f1,
                s.overlap.precision,
                s.overlap.recall,
                s.overlap.f1,
                s.cue_accuracy,
                s.speaker_accuracy
            )?;
        }
        write!(
            f,
            "time: {:.2} s (quote stage {:.2} s)",
            self.seconds, self.quote_seconds
        )
    }
}

/// One gold content span with its attribution.
#[derive(Clone, Debug)]
struct GoldSpan {
    content: CharSpan,
    direct: bool,
    cue: Vec<CharSpan>,
    source: Option<(Vec<CharSpan>, String)>,
}

/// Scores the quote stage on a PolNeAR split folder (`dir/text/*.txt`,
/// `dir/attributions/*.ann`); segmentation runs first, as in the pipeline, and speakers are
/// found without entity mentions.
pub fn eval_polnear(dir: &Path) -> Result<QuoteReport, EvalError> {
    eval_polnear_with(dir, &[])
}

/// Like [`eval_polnear`], with `stages` (a tagger, entity recognition) run between
/// segmentation and the quote stage, so that speakers are found through entity mentions.
/// Their time is counted in [`QuoteReport::seconds`].
pub fn eval_polnear_with(dir: &Path, stages: &[&dyn Annotator]) -> Result<QuoteReport, EvalError> {
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");
    let read_dir = |path: &Path| -> Result<Vec<PathBuf>, EvalError> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|source| EvalError::Io {
                path: path.to_path_buf(),
                source,
            })?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .collect();
        paths.sort();
        Ok(paths)
    };
    let texts = read_dir(&text_dir)?;
    let anns = read_dir(&ann_dir)?;
    let mut first_ann: HashMap<String, PathBuf> = HashMap::new();
    for path in &anns {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let stem = name
            .strip_suffix(".ann")
            .and_then(|n| n.rsplit_once('_'))
            .map(|(stem, _)| stem);
        if let Some(stem) = stem {
            first_ann
                .entry(stem.to_string())
                .or_insert_with(|| path.clone());
        }
    }
    let finder = QuoteFinder;
    let mut totals = [Tally::default(), Tally::default(), Tally::default()];
    let mut documents = 0;
    let mut seconds = 0.0;
    let mut quote_seconds = 0.0;
    for text_path in &texts {
        let Some(stem) = text_path
            .file_stem()
            .and_then(|s| s.to_str())
            .filter(|_| text_path.extension().is_some_and(|e| e == "txt"))
        else {
            continue;
        };
        // The first annotation file of this article: `<stem>_<annotator>.ann`.
        let Some(ann_path) = first_ann.get(stem) else {
            continue;
        };
        let read = |path: &Path| {
            std::fs::read_to_string(path).map_err(|source| EvalError::Io {
                path: path.to_path_buf(),
                source,
            })
        };
        let text = read(text_path)?;
        let ann = read(ann_path)?;
        let started = Instant::now();
        let mut doc = Doc::new(Meta::default(), text);
        dossier_nlp::segment(&mut doc);
        for stage in stages {
            stage.annotate(&mut doc);
        }
        let quote_started = Instant::now();
        finder.annotate(&mut doc);
        quote_seconds += quote_started.elapsed().as_secs_f64();
        seconds += started.elapsed().as_secs_f64();
        let chars: Vec<char> = doc.text.chars().collect();
        let gold = parse_brat(&ann, &chars);
        documents += 1;
        let direct_pred: Vec<&Quote> = doc
            .quotes
            .iter()
            .filter(|q| q.kind == QuoteKind::Direct)
            .collect();
        let indirect_pred: Vec<&Quote> = doc
            .quotes
            .iter()
            .filter(|q| q.kind == QuoteKind::Indirect)
            .collect();
        let all_pred: Vec<&Quote> = direct_pred
            .iter()
            .chain(indirect_pred.iter())
            .copied()
            .collect();
        let direct_gold: Vec<&GoldSpan> = gold.iter().filter(|g| g.direct).collect();
        let indirect_gold: Vec<&GoldSpan> = gold.iter().filter(|g| !g.direct).collect();
        let all_gold: Vec<&GoldSpan> = gold.iter().collect();
        totals[0].add(&doc, &chars, &direct_gold, &direct_pred);
        totals[1].add(&doc, &chars, &indirect_gold, &indirect_pred);
        totals[2].add(&doc, &chars, &all_gold, &all_pred);
    }
    if documents == 0 {
        return Err(EvalError::NoDocuments(dir.to_path_buf()));
    }
    Ok(QuoteReport {
        dir: dir.display().to_string(),
        documents,
        direct: totals[0].scores(),
        indirect: totals[1].scores(),
        all: totals[2].scores(),
        seconds,
        quote_seconds,
    })
}

/// Counts summed over documents for one kind.
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    gold: usize,
    predicted: usize,
    exact: usize,
    matched: usize,
    cue_right: usize,
    speaker_right: usize,
}

impl Tally {
    /// Adds one document's gold and predicted spans.
    fn add(&mut self, doc: &Doc, chars: &[char], gold: &[&GoldSpan], predicted: &[&Quote]) {
        self.gold += gold.len();
        self.predicted += predicted.len();
        let gold_spans: HashSet<CharSpan> =
            gold.iter().map(|g| trim_span(chars, g.content)).collect();
        let pred_spans: Vec<CharSpan> =
            predicted.iter().map(|q| trim_span(chars, q.span)).collect();
        let mut seen = HashSet::new();
        for span in &pred_spans {
            if gold_spans.contains(span) && seen.insert(*span) {
                self.exact += 1;
            }
        }
        // One-to-one overlap matching, largest overlap first.
        let mut pairs: Vec<(u32, usize, usize)> = Vec::new();
        for (g_idx, g) in gold.iter().enumerate() {
            let g_span = trim_span(chars, g.content);
            for (p_idx, p_span) in pred_spans.iter().enumerate() {
                let overlap = g_span
                    .end
                    .min(p_span.end)
                    .saturating_sub(g_span.start.max(p_span.start));
                if overlap > 0 {
                    pairs.push((overlap, g_idx, p_idx));
                }
            }
        }
        pairs.sort_by_key(|pair| std::cmp::Reverse(pair.0));
        let mut gold_used = vec![false; gold.len()];
        let mut pred_used = vec![false; predicted.len()];
        for (_, g_idx, p_idx) in pairs {
            if gold_used[g_idx] || pred_used[p_idx] {
                continue;
            }
            gold_used[g_idx] = true;
            pred_used[p_idx] = true;
            self.matched += 1;
            let g = gold[g_idx];
            let p = predicted[p_idx];
            if p.cue.is_some_and(|c| g.cue.iter().any(|gc| gc.overlaps(c))) {
                self.cue_right += 1;
            }
            if speaker_right(doc, g, p) {
                self.speaker_right += 1;
            }
        }
    }

    /// The scores of these counts.
    fn scores(&self) -> KindScores {
        KindScores {
            gold: self.gold,
            predicted: self.predicted,
            exact: Prf::of(self.exact, self.predicted, self.exact, self.gold),
            overlap: Prf::of(self.matched, self.predicted, self.matched, self.gold),
            matched: self.matched,
            cue_accuracy: percent(self.cue_right, self.matched),
            speaker_accuracy: percent(self.speaker_right, self.matched),
        }
    }
}

/// True when the predicted speaker agrees with the gold Source.
fn speaker_right(doc: &Doc, gold: &GoldSpan, predicted: &Quote) -> bool {
    match (&gold.source, &predicted.speaker) {
        (None, None) => true,
        (None, Some(_)) | (Some(_), None) => false,
        (Some((spans, text)), Some(speaker)) => {
            if speaker
                .span
                .is_some_and(|s| spans.iter().any(|g| g.overlaps(s)))
            {
                return true;
            }
            // A resolved name matches a Source that contains its last word
            // ("Claire McCaskill" for "Democratic Sen. Claire McCaskill (D-Mo.)").
            let _ = doc;
            let words = |s: &str| -> Vec<String> {
                s.split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty() && *w != "s")
                    .map(|w| w.to_lowercase())
                    .collect()
            };
            let source_words = words(text);
            words(&speaker.name)
                .last()
                .is_some_and(|last| source_words.contains(last))
        }
    }
}

/// `part` of `whole` in percent (0 when `whole` is 0).
fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// True for characters trimmed from span edges before comparing.
fn is_edge(c: char) -> bool {
    c.is_whitespace() || is_quote_char(c) || matches!(c, ',' | '.' | ';' | ':' | '—' | '–')
}

/// `span` without edge characters at either end.
fn trim_span(chars: &[char], span: CharSpan) -> CharSpan {
    let mut start = span.start.min(chars.len() as u32);
    let mut end = span.end.min(chars.len() as u32).max(start);
    while start < end && is_edge(chars[start as usize]) {
        start += 1;
    }
    while end > start && is_edge(chars[end as usize - 1]) {
        end -= 1;
    }
    CharSpan::new(start, end)
}

/// A `T` line: its label and fragments.
struct TextBound {
    id: String,
    label: String,
    spans: Vec<CharSpan>,
}

/// Reads the attributions of a brat `.ann` file; malformed lines are skipped.
fn parse_brat(ann: &str, chars: &[char]) -> Vec<GoldSpan> {
    let mut bounds: Vec<TextBound> = Vec::new();
    let mut events: Vec<Vec<(String, String)>> = Vec::new();
    for line in ann.lines() {
        let mut fields = line.split('\t');
        let (Some(id), Some(body)) = (fields.next(), fields.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((label, offsets)) = body.split_once(' ') else {
                continue;
            };
            let spans: Vec<CharSpan> = offsets
                .split(';')
                .filter_map(|pair| {
                    let (a, b) = pair.trim().split_once(' ')?;
                    Some(CharSpan::new(a.parse().ok()?, b.parse().ok()?))
                })
                .collect();
            bounds.push(TextBound {
                id: id.to_string(),
                label: label.to_string(),
                spans,
            });
        } else if id.starts_with('E') {
            events.push(
                body.split_whitespace()
                    .filter_map(|arg| {
                        let (role, target) = arg.split_once(':')?;
                        Some((role.to_string(), target.to_string()))
                    })
                    .collect(),
            );
        }
    }
    let find = |id: &str| bounds.iter().find(|b| b.id == id);
    let text_of = |spans: &[CharSpan]| -> String {
        spans
            .iter()
            .flat_map(|s| chars.iter().skip(s.start as usize).take(s.len() as usize))
            .collect()
    };
    let mut gold = Vec::new();
    for event in &events {
        let mut contents: Vec<CharSpan> = Vec::new();
        let mut cue = Vec::new();
        let mut source = None;
        for (role, target) in event {
            let Some(bound) = find(target) else { continue };
            if role.starts_with("Content") && bound.label.starts_with("Content") {
                contents.extend(bound.spans.iter().copied());
            } else if role == "Cue" {
                cue.extend(bound.spans.iter().copied());
            } else if role == "Source" {
                source = Some((bound.spans.clone(), text_of(&bound.spans)));
            }
        }
        if contents.is_empty() {
            continue;
        }
        contents.sort();
        let whole = text_of(&contents);
        let trimmed = whole.trim();
        // Some annotators left the quotation marks outside the span, so the characters
        // just outside it count too.
        let first_start = contents.first().map_or(0, |c| c.start as usize);
        let last_end = contents.last().map_or(0, |c| c.end as usize);
        let mark_before = chars
            .get(..first_start)
            .and_then(|before| before.iter().rev().find(|c| !c.is_whitespace()))
            .is_some_and(|c| is_quote_char(*c));
        let mark_after = chars
            .get(last_end..)
            .and_then(|after| {
                after
                    .iter()
                    .find(|c| !c.is_whitespace() && !matches!(c, '.' | ',' | ';' | ':' | '!' | '?'))
            })
            .is_some_and(|c| is_quote_char(*c));
        let direct = (trimmed.chars().next().is_some_and(is_quote_char) || mark_before)
            && (trimmed
                .trim_end_matches(['.', ',', ';', ':', ')', '!', '?'])
                .chars()
                .last()
                .is_some_and(is_quote_char)
                || mark_after);
        // Join fragments separated only by spaces or quotation marks.
        let mut merged: Vec<CharSpan> = Vec::new();
        for span in contents {
            if let Some(last) = merged.last_mut() {
                let gap_is_blank = span.start >= last.end
                    && chars
                        .iter()
                        .skip(last.end as usize)
                        .take((span.start - last.end) as usize)
                        .all(|c| c.is_whitespace() || is_quote_char(*c));
                if gap_is_blank {
                    last.end = last.end.max(span.end);
                    continue;
                }
            }
            merged.push(span);
        }
        for content in merged {
            gold.push(GoldSpan {
                content,
                direct,
                cue: cue.clone(),
                source: source.clone(),
            });
        }
    }
    gold
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brat_fragments_and_kinds() {
        let text = "“One two,” he said. “Three four.” Then X said five six seven.";
        let chars: Vec<char> = text.chars().collect();
        let ann = "T1\tSource 11 13\the\nT2\tCue 14 18\tsaid\nT3\tContent 0 10;20 33\t…\n\
T4\tAttribution 14 18\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n\
T5\tSource 39 40\tX\nT6\tCue 41 45\tsaid\nT7\tContent 46 61\tfive six seven\n\
E2\tAttribution:T4 Source:T5 Cue:T6 Content:T7\nbroken line\n";
        let gold = parse_brat(ann, &chars);
        assert_eq!(gold.len(), 3);
        assert!(gold[0].direct && gold[1].direct && !gold[2].direct);
        assert_eq!(trim_span(&chars, gold[0].content), CharSpan::new(1, 8));
        assert_eq!(gold[2].source.as_ref().map(|s| s.1.as_str()), Some("X"));
    }

    #[test]
    fn prf_arithmetic() {
        let prf = Prf::of(1, 2, 1, 4);
        assert!((prf.precision - 50.0).abs() < 1e-9);
        assert!((prf.recall - 25.0).abs() < 1e-9);
        assert!((prf.f1 - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(Prf::of(0, 0, 0, 0).f1, 0.0);
    }

    #[test]
    fn missing_folder_is_an_error() {
        let err = eval_polnear(Path::new("/nonexistent/polnear/dev"));
        assert!(matches!(err, Err(EvalError::Io { .. })));
    }
}
