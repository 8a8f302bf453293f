//! Extraction scoring against trafilatura's benchmark format: `evaldata.json` lists, per
//! page, snippets the extracted text must contain (`with`) and must not (`without`).
//!
//! Scoring follows trafilatura's own evaluation: each `with` snippet found in the output is
//! a true positive, else a false negative; each `without` snippet found is a false positive,
//! else a true negative. Whitespace is collapsed on both sides before matching, so a snippet
//! is not missed only because it spans a paragraph break.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dossier_core::RawArticle;
use serde::{Deserialize, Serialize};

use crate::{read_item, InputItem, ReadOptions};

/// Failure to read the gold data itself (pages that fail to parse are scored, not errors).
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// `evaldata.json` could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// `evaldata.json` is not the expected JSON.
    #[error("cannot parse {path}: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// The parser's error.
        source: serde_json::Error,
    },
}

/// The scores of one extraction run.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ExtractReport {
    /// Pages whose HTML file was present and scored.
    pub pages_scored: usize,
    /// Pages listed in `evaldata.json` whose HTML file is absent.
    pub pages_missing: usize,
    /// `with` snippets found.
    pub true_positives: usize,
    /// `without` snippets found.
    pub false_positives: usize,
    /// `without` snippets absent.
    pub true_negatives: usize,
    /// `with` snippets absent.
    pub false_negatives: usize,
    /// tp / (tp + fp).
    pub precision: f64,
    /// tp / (tp + fn).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// (tp + tn) / all snippets.
    pub accuracy: f64,
    /// Metadata the reader found, against the pages that give a gold value
    /// (title, date, author, sitename), before cleaning.
    pub metadata: Vec<FieldScore>,
}

/// How often one metadata field matched the gold value.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FieldScore {
    /// The gold field: `title`, `date`, `author` or `sitename`.
    pub field: String,
    /// Pages with a gold value for it.
    pub pages: usize,
    /// Pages where our value matched.
    pub correct: usize,
}

impl ExtractReport {
    /// Fills precision, recall, F1 and accuracy from the counts.
    fn finish(&mut self) {
        let ratio = |num: usize, den: usize| {
            if den == 0 {
                0.0
            } else {
                num as f64 / den as f64
            }
        };
        self.precision = ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        );
        self.recall = ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        );
        self.f1 = if self.precision + self.recall > 0.0 {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        } else {
            0.0
        };
        self.accuracy = ratio(
            self.true_positives + self.true_negatives,
            self.true_positives + self.true_negatives + self.false_positives + self.false_negatives,
        );
    }
}

impl std::fmt::Display for ExtractReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "pages scored   {:>6}", self.pages_scored)?;
        writeln!(f, "pages missing  {:>6}", self.pages_missing)?;
        writeln!(
            f,
            "snippets       tp {}  fp {}  tn {}  fn {}",
            self.true_positives, self.false_positives, self.true_negatives, self.false_negatives
        )?;
        writeln!(f, "precision      {:>6.3}", self.precision)?;
        writeln!(f, "recall         {:>6.3}", self.recall)?;
        writeln!(f, "f1             {:>6.3}", self.f1)?;
        write!(f, "accuracy       {:>6.3}", self.accuracy)?;
        for score in &self.metadata {
            write!(
                f,
                "\nmeta {:<9} {:>3} of {:>3} correct",
                score.field, score.correct, score.pages
            )?;
        }
        Ok(())
    }
}

/// One page of `evaldata.json`.
#[derive(Deserialize)]
struct GoldPage {
    file: String,
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    without: Vec<String>,
    #[serde(default)]
    title: Option<serde_json::Value>,
    #[serde(default)]
    date: Option<serde_json::Value>,
    #[serde(default)]
    author: Option<serde_json::Value>,
    #[serde(default)]
    sitename: Option<serde_json::Value>,
}

/// A gold metadata value as text: a string, or a list joined with `; `.
fn gold_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Array(items) => items
            .iter()
            .filter_map(|item| item.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        _ => String::new(),
    }
}

/// Metadata fields scored, in report order.
const META_FIELDS: [&str; 4] = ["title", "date", "author", "sitename"];

/// Whether our metadata matches a gold value: dates exactly, titles and site names
/// ignoring case and spacing, authors when every gold name appears among ours.
fn meta_matches(field: &str, gold: &str, meta: &dossier_core::Meta) -> bool {
    let fold = |text: &str| squash(text).to_lowercase();
    let gold_folded = fold(gold);
    match field {
        "title" => meta
            .title
            .as_deref()
            .is_some_and(|t| fold(t) == gold_folded),
        "date" => meta
            .published
            .is_some_and(|d| d.format("%Y-%m-%d").to_string() == gold.trim()),
        "author" => {
            let ours = fold(&meta.authors.join("; "));
            !ours.is_empty()
                && gold_folded
                    .split([';', ',', '|'])
                    .flat_map(|part| part.split(" und ").flat_map(|p| p.split(" and ")))
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
                    .all(|name| ours.contains(name))
        }
        "sitename" => meta.outlet.as_deref().is_some_and(|o| {
            let ours = fold(o);
            ours == gold_folded || ours.contains(&gold_folded) || gold_folded.contains(&ours)
        }),
        _ => false,
    }
}

/// Scores our HTML reader (followed by `clean`) on `gold_dir/evaldata.json` and the pages
/// present in `gold_dir/cache/`. Pages are scored in the order of their keys.
pub fn score_extraction(
    gold_dir: &Path,
    clean: &dyn Fn(RawArticle) -> String,
) -> Result<ExtractReport, EvalError> {
    let path = gold_dir.join("evaldata.json");
    let text = std::fs::read_to_string(&path).map_err(|source| EvalError::Io {
        path: path.clone(),
        source,
    })?;
    let pages: BTreeMap<String, GoldPage> =
        serde_json::from_str(&text).map_err(|source| EvalError::Json {
            path: path.clone(),
            source,
        })?;
    let mut report = ExtractReport {
        metadata: META_FIELDS
            .iter()
            .map(|field| FieldScore {
                field: field.to_string(),
                ..FieldScore::default()
            })
            .collect(),
        ..ExtractReport::default()
    };
    let options = ReadOptions::default();
    for page in pages.values() {
        let html_path = gold_dir.join("cache").join(&page.file);
        if !html_path.is_file() {
            report.pages_missing += 1;
            continue;
        }
        report.pages_scored += 1;
        let outcome = read_item(&InputItem::file(html_path), &options);
        let first_meta = outcome
            .articles
            .first()
            .map(|a| a.meta.clone())
            .unwrap_or_default();
        let gold_meta = [&page.title, &page.date, &page.author, &page.sitename];
        for (score, gold) in report.metadata.iter_mut().zip(gold_meta) {
            if let Some(gold) = gold
                .as_ref()
                .map(gold_text)
                .filter(|g| !g.trim().is_empty())
            {
                score.pages += 1;
                if meta_matches(&score.field, &gold, &first_meta) {
                    score.correct += 1;
                }
            }
        }
        let mut output = String::new();
        for article in outcome.articles {
            output.push_str(&clean(article));
            output.push('\n');
        }
        let output = squash(&output);
        for snippet in &page.with {
            if output.contains(&squash(snippet)) {
                report.true_positives += 1;
            } else {
                report.false_negatives += 1;
            }
        }
        for snippet in &page.without {
            if output.contains(&squash(snippet)) {
                report.false_positives += 1;
            } else {
                report.true_negatives += 1;
            }
        }
    }
    report.finish();
    Ok(report)
}

/// Collapses whitespace runs to one space.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_a_small_gold_set() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(dir.path().join("cache")).unwrap_or_default();
        std::fs::write(
            dir.path().join("evaldata.json"),
            r#"{"u1": {"file": "a.html", "with": ["keeps this line", "absent words"], "without": ["menu item"], "title": "A Page", "date": "2020-05-06"},
                "u2": {"file": "missing.html", "with": ["x"], "without": []}}"#,
        )
        .unwrap_or_default();
        std::fs::write(
            dir.path().join("cache/a.html"),
            "<html><head><title>a page</title><meta name=\"date\" content=\"2020-05-07\"></head><body><p>The page keeps this line and a second sentence.</p></body></html>",
        )
        .unwrap_or_default();
        let report = score_extraction(dir.path(), &|raw| raw.body).unwrap_or_default();
        assert_eq!(report.pages_scored, 1);
        assert_eq!(report.pages_missing, 1);
        assert_eq!(
            (
                report.true_positives,
                report.false_negatives,
                report.false_positives,
                report.true_negatives
            ),
            (1, 1, 0, 1)
        );
        assert!((report.precision - 1.0).abs() < 1e-9);
        assert!((report.recall - 0.5).abs() < 1e-9);
        assert!(report.to_string().contains("f1"));
        assert_eq!(
            (report.metadata[0].pages, report.metadata[0].correct),
            (1, 1)
        );
        assert_eq!(
            (report.metadata[1].pages, report.metadata[1].correct),
            (1, 0)
        );
        assert_eq!(report.metadata[2].pages, 0);
    }

    #[test]
    fn missing_gold_is_an_error() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            score_extraction(dir.path(), &|raw| raw.body),
            Err(EvalError::Io { .. })
        ));
    }
}
