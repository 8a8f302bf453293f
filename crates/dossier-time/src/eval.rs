//! Evaluation of the tagger on TimeML (TempEval-3 `.tml`) and MEANTIME CAT (`.xml`) files.
//!
//! Scoring follows the TempEval-3 definitions: a relaxed match is any overlap between a gold
//! and a predicted expression (one-to-one, in text order), a strict match an identical span;
//! type and value accuracy are taken over relaxed matches, and value F1 is value accuracy ×
//! relaxed F1, as the official script computes attribute F1. The document creation time is
//! input, not a prediction: it is given to the tagger and left out of gold and predictions.
//! Values are compared after [`normalise_value`] (week-number padding, whole hours).

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use dossier_core::{CharSpan, TimexType};
use serde::Serialize;

use crate::tag_text;

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file or directory could not be read.
    #[error("cannot read {path}: {source}; check the path and its permissions")]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// No `.tml` (or MEANTIME `.xml`) file was found.
    #[error(
        "no TimeML files (.tml, or MEANTIME .xml) under {0}; point --gold at a folder of them"
    )]
    Empty(PathBuf),
}

/// A gold or predicted expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Timex {
    /// Span in code points of the document text.
    pub span: CharSpan,
    /// TIMEX3 type.
    pub timex_type: TimexType,
    /// TIMEX3 value.
    pub value: String,
}

/// One gold document: text, creation time, gold expressions.
#[derive(Clone, Debug)]
pub struct GoldDoc {
    /// The file it came from.
    pub path: PathBuf,
    /// The document text (markup removed).
    pub text: String,
    /// The document creation time.
    pub dct: Option<NaiveDate>,
    /// Span of the creation time inside the text, when it is there (MEANTIME).
    pub dct_span: Option<CharSpan>,
    /// Gold time expressions, creation time excluded.
    pub timexes: Vec<Timex>,
    /// Where annotation stops, when only the start of the text was annotated (MEANTIME
    /// annotates the first sentences of each article): predictions after it are not scored.
    pub annotated_until: Option<u32>,
}

/// Precision, recall and F1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

impl Prf {
    fn new(tp: usize, n_pred: usize, n_gold: usize) -> Prf {
        let p = if n_pred == 0 {
            0.0
        } else {
            tp as f64 / n_pred as f64
        };
        let r = if n_gold == 0 {
            0.0
        } else {
            tp as f64 / n_gold as f64
        };
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        Prf {
            precision: p,
            recall: r,
            f1: f,
        }
    }
}

/// Scores of the tagger over a set of gold documents.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TimeReport {
    /// Documents read.
    pub documents: usize,
    /// Gold expressions.
    pub gold: usize,
    /// Predicted expressions.
    pub predicted: usize,
    /// Relaxed (overlap) matches.
    pub relaxed_matches: usize,
    /// Strict (same span) matches.
    pub strict_matches: usize,
    /// Relaxed matches with the right type.
    pub type_correct: usize,
    /// Relaxed matches with the right value.
    pub value_correct: usize,
    /// Strict span precision, recall, F1.
    pub strict: Prf,
    /// Relaxed span precision, recall, F1.
    pub relaxed: Prf,
    /// Type accuracy over relaxed matches.
    pub type_accuracy: f64,
    /// Value accuracy over relaxed matches.
    pub value_accuracy: f64,
    /// Type F1 (type accuracy × relaxed F1).
    pub type_f1: f64,
    /// Value F1 (value accuracy × relaxed F1).
    pub value_f1: f64,
}

impl TimeReport {
    fn finish(&mut self) {
        self.strict = Prf::new(self.strict_matches, self.predicted, self.gold);
        self.relaxed = Prf::new(self.relaxed_matches, self.predicted, self.gold);
        let m = self.relaxed_matches.max(1) as f64;
        self.type_accuracy = self.type_correct as f64 / m;
        self.value_accuracy = self.value_correct as f64 / m;
        self.type_f1 = self.type_accuracy * self.relaxed.f1;
        self.value_f1 = self.value_accuracy * self.relaxed.f1;
    }
}

impl fmt::Display for TimeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |x: f64| x * 100.0;
        writeln!(
            f,
            "documents {}  gold {}  predicted {}  relaxed matches {}  strict matches {}",
            self.documents, self.gold, self.predicted, self.relaxed_matches, self.strict_matches
        )?;
        writeln!(
            f,
            "strict   P {:5.1}  R {:5.1}  F1 {:5.1}",
            pct(self.strict.precision),
            pct(self.strict.recall),
            pct(self.strict.f1)
        )?;
        writeln!(
            f,
            "relaxed  P {:5.1}  R {:5.1}  F1 {:5.1}",
            pct(self.relaxed.precision),
            pct(self.relaxed.recall),
            pct(self.relaxed.f1)
        )?;
        writeln!(
            f,
            "type   accuracy {:5.1}  F1 {:5.1}",
            pct(self.type_accuracy),
            pct(self.type_f1)
        )?;
        write!(
            f,
            "value  accuracy {:5.1}  F1 {:5.1}",
            pct(self.value_accuracy),
            pct(self.value_f1)
        )
    }
}

/// Computes the derived figures (P/R/F1, accuracies) of a report filled by [`score_doc`].
pub fn finish(mut report: TimeReport) -> TimeReport {
    report.finish();
    report
}

/// Evaluates the tagger on every `.tml` (and MEANTIME `.xml`) file under `dir`, recursively.
pub fn eval_timeml(dir: &Path) -> Result<TimeReport, EvalError> {
    let docs = read_gold_dir(dir)?;
    if docs.is_empty() {
        return Err(EvalError::Empty(dir.to_path_buf()));
    }
    let mut report = TimeReport::default();
    for doc in &docs {
        score_doc(doc, &mut report, &mut |_, _, _| {});
    }
    report.finish();
    Ok(report)
}

/// A callback seeing (gold, predicted, document text) pairs while scoring.
pub type PairFn<'a> = dyn FnMut(Option<&Timex>, Option<&Timex>, &str) + 'a;

/// Scores one document into `report`, calling `on_pair(gold, predicted, text)` for every
/// gold expression (with its relaxed match, if any) and every unmatched prediction.
pub fn score_doc(doc: &GoldDoc, report: &mut TimeReport, on_pair: &mut PairFn<'_>) {
    // A document without a creation time is dated as the pipeline would date it: from its
    // own text.
    let dct = doc.dct.or_else(|| {
        crate::infer::infer_from_text(&doc.text, chrono::Utc::now().date_naive()).map(|i| i.date)
    });
    let predicted: Vec<Timex> = tag_text(&doc.text, dct)
        .into_iter()
        .filter(|m| doc.dct_span.is_none_or(|d| !d.overlaps(m.span)))
        .filter(|m| doc.annotated_until.is_none_or(|end| m.span.start < end))
        .map(|m| Timex {
            span: m.span,
            timex_type: m.timex_type,
            value: m.value.unwrap_or_default(),
        })
        .collect();
    report.documents += 1;
    report.gold += doc.timexes.len();
    report.predicted += predicted.len();
    let mut used = vec![false; predicted.len()];
    for gold in &doc.timexes {
        let hit = predicted
            .iter()
            .enumerate()
            .find(|(k, p)| !used.get(*k).copied().unwrap_or(true) && p.span.overlaps(gold.span));
        match hit {
            Some((k, p)) => {
                if let Some(u) = used.get_mut(k) {
                    *u = true;
                }
                report.relaxed_matches += 1;
                report.strict_matches += usize::from(p.span == gold.span);
                report.type_correct += usize::from(p.timex_type == gold.timex_type);
                report.value_correct +=
                    usize::from(normalise_value(&p.value) == normalise_value(&gold.value));
                on_pair(Some(gold), Some(p), &doc.text);
            }
            None => on_pair(Some(gold), None, &doc.text),
        }
    }
    for (p, u) in predicted.iter().zip(&used) {
        if !u {
            on_pair(None, Some(p), &doc.text);
        }
    }
}

/// How well the publication date is inferred from the text alone, against the gold
/// creation time.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PublishedReport {
    /// Documents with a gold creation time.
    pub documents: usize,
    /// Documents for which a date was inferred.
    pub inferred: usize,
    /// Inferred dates equal to the creation time.
    pub exact: usize,
    /// Inferred dates within 3 days of it.
    pub within_3_days: usize,
    /// Inferred dates within 31 days of it.
    pub within_31_days: usize,
    /// Inferred dates in the same year.
    pub same_year: usize,
}

impl fmt::Display for PublishedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |n: usize| 100.0 * n as f64 / self.documents.max(1) as f64;
        write!(
            f,
            "publication date inferred for {} of {} documents; exact {:.1}%, within 3 days {:.1}%, within 31 days {:.1}%, same year {:.1}%",
            self.inferred,
            self.documents,
            pct(self.exact),
            pct(self.within_3_days),
            pct(self.within_31_days),
            pct(self.same_year)
        )
    }
}

/// Infers the publication date of every gold document under `dir` from its text alone
/// (the creation time hidden) and compares it with the creation time.
///
/// In MEANTIME the text still holds its dateline, which makes that corpus easy; TimeBank
/// and AQUAINT texts mostly do not.
pub fn eval_published(dir: &Path) -> Result<PublishedReport, EvalError> {
    let docs = read_gold_dir(dir)?;
    if docs.is_empty() {
        return Err(EvalError::Empty(dir.to_path_buf()));
    }
    let today = chrono::Utc::now().date_naive();
    let mut report = PublishedReport::default();
    for doc in &docs {
        let Some(dct) = doc.dct else { continue };
        report.documents += 1;
        let Some(inferred) = crate::infer::infer_from_text(&doc.text, today) else {
            continue;
        };
        let days = (inferred.date - dct).num_days().abs();
        report.inferred += 1;
        report.exact += usize::from(days == 0);
        report.within_3_days += usize::from(days <= 3);
        report.within_31_days += usize::from(days <= 31);
        report.same_year +=
            usize::from(chrono::Datelike::year(&inferred.date) == chrono::Datelike::year(&dct));
    }
    Ok(report)
}

/// A TIMEX3 value in one spelling of its meaning: week numbers zero-padded ("2000-W7" is
/// "2000-W07") and whole hours without minutes ("T17:00" is "T17"), so that the corpora's
/// spelling variants are not scored as different values.
pub fn normalise_value(value: &str) -> String {
    let mut out = value.to_string();
    if let Some(at) = out.find("-W") {
        let digits = out.get(at + 2..).map_or(0, |rest| {
            rest.bytes().take_while(u8::is_ascii_digit).count()
        });
        if digits == 1 {
            out.insert(at + 2, '0');
        }
    }
    if let Some(rest) = out.strip_suffix(":00") {
        if rest.len() >= 3 && rest.get(rest.len() - 3..rest.len() - 2) == Some("T") {
            out = rest.to_string();
        }
    }
    out
}

/// Reads every gold document under `dir` (sorted by path).
pub fn read_gold_dir(dir: &Path) -> Result<Vec<GoldDoc>, EvalError> {
    let mut files = Vec::new();
    collect_files(dir, &mut files)?;
    files.sort();
    let mut docs = Vec::new();
    for path in files {
        let xml = std::fs::read_to_string(&path).map_err(|source| EvalError::Io {
            path: path.clone(),
            source,
        })?;
        let doc = if path.extension().is_some_and(|e| e == "tml") {
            parse_timeml(&xml)
        } else {
            parse_cat(&xml)
        };
        if let Some(mut doc) = doc {
            doc.path = path;
            docs.push(doc);
        }
    }
    Ok(docs)
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), EvalError> {
    let entries = std::fs::read_dir(dir).map_err(|source| EvalError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "tml" || e == "xml") {
            out.push(path);
        }
    }
    Ok(())
}

/// The value of attribute `name` in a start tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    loop {
        let at = rest.find(name)?;
        let before_ok = at == 0
            || rest
                .as_bytes()
                .get(at - 1)
                .is_some_and(u8::is_ascii_whitespace);
        let after = rest.get(at + name.len()..)?;
        if before_ok && after.starts_with("=\"") {
            let value = after.get(2..)?;
            let end = value.find('"')?;
            return value.get(..end);
        }
        rest = rest.get(at + name.len()..)?;
    }
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn timex_type(s: &str) -> TimexType {
    match s {
        "TIME" => TimexType::Time,
        "DURATION" => TimexType::Duration,
        "SET" => TimexType::Set,
        _ => TimexType::Date,
    }
}

fn parse_date(value: &str) -> Option<NaiveDate> {
    let v = value.get(..10)?;
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(v, "%d-%m-%Y"))
        .ok()
}

/// Parses a TimeML document: DCT, and TEXT with inline TIMEX3 tags.
pub fn parse_timeml(xml: &str) -> Option<GoldDoc> {
    let dct = xml
        .find("functionInDocument=\"CREATION_TIME\"")
        .and_then(|at| {
            let start = xml.get(..at)?.rfind('<')?;
            let end = at + xml.get(at..)?.find('>')?;
            attr(xml.get(start..end)?, "value").and_then(parse_date)
        });
    let body_start = xml.find("<TEXT>")? + "<TEXT>".len();
    let body_end = xml.find("</TEXT>")?;
    let body = xml.get(body_start..body_end)?;
    let mut text = String::with_capacity(body.len());
    let mut chars = 0u32;
    let mut timexes = Vec::new();
    let mut open: Option<(u32, TimexType, String)> = None;
    let mut rest = body;
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        let piece = unescape(rest.get(..lt).unwrap_or(""));
        chars += piece.chars().count() as u32;
        text.push_str(&piece);
        rest = rest.get(lt..).unwrap_or("");
        if rest.is_empty() {
            break;
        }
        let gt = rest.find('>').map_or(rest.len(), |g| g + 1);
        let tag = rest.get(..gt).unwrap_or("");
        if tag.starts_with("<TIMEX3") {
            let ty = timex_type(attr(tag, "type").unwrap_or("DATE"));
            let value = attr(tag, "value").unwrap_or("").to_string();
            open = Some((chars, ty, value));
        } else if tag.starts_with("</TIMEX3") {
            if let Some((start, ty, value)) = open.take() {
                timexes.push(Timex {
                    span: CharSpan::new(start, chars),
                    timex_type: ty,
                    value,
                });
            }
        }
        rest = rest.get(gt..).unwrap_or("");
    }
    Some(GoldDoc {
        path: PathBuf::new(),
        text,
        dct,
        dct_span: None,
        timexes,
        annotated_until: None,
    })
}

/// The last fully annotated sentence of a MEANTIME document (0-based).
const CAT_FULL_SENTENCES: u32 = 5;

/// Parses a MEANTIME CAT document: tokens joined by spaces (sentences by line breaks), and
/// TIMEX3 markables over token ids. The creation time is a dateline inside the text.
pub fn parse_cat(xml: &str) -> Option<GoldDoc> {
    if !xml.contains("<token ") {
        return None;
    }
    let mut text = String::new();
    let mut chars = 0u32;
    let mut spans: std::collections::HashMap<String, (CharSpan, u32)> =
        std::collections::HashMap::new();
    let mut sentence_end: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
    let mut last_sentence: Option<String> = None;
    let mut rest = xml;
    while let Some(at) = rest.find("<token ") {
        rest = rest.get(at..)?;
        let gt = rest.find('>')?;
        let tag = rest.get(..gt)?;
        let close = rest.find("</token>")?;
        let word = unescape(rest.get(gt + 1..close)?);
        let id = attr(tag, "t_id").unwrap_or("").to_string();
        let sentence = attr(tag, "sentence").map(str::to_string);
        if last_sentence.is_some() {
            let sep = if sentence != last_sentence { '\n' } else { ' ' };
            text.push(sep);
            chars += 1;
        }
        last_sentence = sentence;
        let n = word.chars().count() as u32;
        let sentence_no: u32 = last_sentence
            .as_deref()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        spans.insert(id, (CharSpan::new(chars, chars + n), sentence_no));
        text.push_str(&word);
        chars += n;
        sentence_end.insert(sentence_no, chars);
        rest = rest.get(close + "</token>".len()..)?;
    }
    let mut timexes = Vec::new();
    let mut dct = None;
    let mut dct_span = None;
    let mut timex_sentence: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
    let mut rest = xml;
    while let Some(at) = rest.find("<TIMEX3 ") {
        rest = rest.get(at..)?;
        let gt = rest.find('>')?;
        let tag = rest.get(..gt)?;
        // A self-closing TIMEX3 (an instance with no tokens) covers no text.
        let self_closing = tag.ends_with('/');
        let close = if self_closing {
            gt
        } else {
            rest.find("</TIMEX3>").unwrap_or(gt)
        };
        let inner = rest.get(gt..close).unwrap_or("");
        let mut span: Option<CharSpan> = None;
        let mut inner_rest = inner;
        while let Some(a) = inner_rest.find("t_id=\"") {
            inner_rest = inner_rest.get(a + 6..)?;
            let end = inner_rest.find('"')?;
            if let Some((s, sentence_no)) = spans.get(inner_rest.get(..end)?) {
                timex_sentence.insert(s.start, *sentence_no);
                span = Some(match span {
                    Some(x) => CharSpan::new(x.start.min(s.start), x.end.max(s.end)),
                    None => *s,
                });
            }
        }
        let value = attr(tag, "value").unwrap_or("").to_string();
        if attr(tag, "functionInDocument") == Some("CREATION_TIME") {
            dct = parse_date(&value);
            dct_span = span;
        } else if let Some(span) = span {
            timexes.push(Timex {
                span,
                timex_type: timex_type(attr(tag, "type").unwrap_or("DATE")),
                value,
            });
        }
        rest = rest.get(gt..)?;
    }
    timexes.sort_by_key(|t| t.span);
    // MEANTIME annotates fully only the title, the date line and the first sentences
    // (sentences 0 to 5); later sentences carry only the cross-document event and entity
    // mentions, so predictions there are not scored.
    let last_annotated = timexes
        .iter()
        .filter_map(|t| timex_sentence.get(&t.span.start).copied())
        .max()
        .map_or(CAT_FULL_SENTENCES, |s| s.max(CAT_FULL_SENTENCES));
    let last_annotated = Some(last_annotated);
    let annotated_until = last_annotated.and_then(|s| sentence_end.get(&s).copied());
    Some(GoldDoc {
        path: PathBuf::new(),
        text,
        dct,
        dct_span,
        timexes,
        annotated_until,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TML: &str = r#"<?xml version="1.0" ?>
<TimeML><DOCID>x</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2016-10-26" temporalFunction="false" functionInDocument="CREATION_TIME">20161026</TIMEX3></DCT>
<TEXT>The minister &amp; his aide <EVENT eid="e1">spoke</EVENT> <TIMEX3 tid="t1" type="DATE" value="2016-10-25">on Tuesday</TIMEX3> for <TIMEX3 tid="t2" type="DURATION" value="PT2H">two hours</TIMEX3>, and <TIMEX3 tid="t3" type="DATE" value="2017">next year</TIMEX3> too.</TEXT>
</TimeML>"#;

    #[test]
    fn timeml_is_read_and_scored() {
        let doc = parse_timeml(TML);
        assert!(doc.is_some());
        let Some(doc) = doc else { return };
        assert_eq!(doc.dct, NaiveDate::from_ymd_opt(2016, 10, 26));
        assert!(doc
            .text
            .starts_with("The minister & his aide spoke on Tuesday"));
        assert_eq!(doc.timexes.len(), 3);
        let mut report = TimeReport::default();
        score_doc(&doc, &mut report, &mut |_, _, _| {});
        report.finish();
        assert_eq!(report.gold, 3);
        assert_eq!(report.relaxed_matches, 3);
        // "on Tuesday" is predicted as "Tuesday": relaxed but not strict.
        assert_eq!(report.strict_matches, 2);
        assert_eq!(report.value_correct, 3);
        assert!((report.value_f1 - 1.0).abs() < 1e-9);
        assert!(report.to_string().contains("value  accuracy 100.0"));
    }

    #[test]
    fn cat_is_read() {
        let xml = r#"<Document><token t_id="1" sentence="0" number="0">June</token><token t_id="2" sentence="0" number="1">13</token>
<token t_id="3" sentence="1" number="2">It</token><token t_id="4" sentence="1" number="3">fell</token><token t_id="5" sentence="1" number="4">in</token><token t_id="6" sentence="1" number="5">2009</token>
<Markables><TIMEX3 m_id="1" functionInDocument="CREATION_TIME" type="DATE" value="2005-06-13"><token_anchor t_id="1"/><token_anchor t_id="2"/></TIMEX3>
<TIMEX3 m_id="2" functionInDocument="NONE" type="DATE" value="2009"><token_anchor t_id="6"/></TIMEX3></Markables></Document>"#;
        let doc = parse_cat(xml);
        assert!(doc.is_some());
        let Some(doc) = doc else { return };
        assert_eq!(doc.text, "June 13\nIt fell in 2009");
        assert_eq!(doc.dct_span, Some(CharSpan::new(0, 7)));
        assert_eq!(doc.timexes.len(), 1);
        let mut report = TimeReport::default();
        score_doc(&doc, &mut report, &mut |_, _, _| {});
        assert_eq!(report.predicted, 1);
        assert_eq!(report.value_correct, 1);
    }

    #[test]
    fn value_spellings_are_normalised() {
        assert_eq!(normalise_value("2000-W7"), "2000-W07");
        assert_eq!(normalise_value("2000-W07-WE"), "2000-W07-WE");
        assert_eq!(normalise_value("1989-10-27T24:00"), "1989-10-27T24");
        assert_eq!(normalise_value("1989-10-27T10:35"), "1989-10-27T10:35");
        assert_eq!(normalise_value("P1W"), "P1W");
    }

    #[test]
    fn missing_dir_is_an_error() {
        assert!(eval_timeml(Path::new("/nonexistent/dossier")).is_err());
    }
}
