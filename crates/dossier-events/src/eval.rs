//! Sentence-level evaluation against gold codings in the PETRARCH record format.
//!
//! A gold file holds `<Sentence id date category>` records, each with `<EventCoding
//! sourcecode targetcode eventcode>` entries (or `noevents="True"`) and a `<Text>`. Each
//! record's text is annotated by the caller's pipeline and coded; events are exploded into
//! (source, target, event) triples, one per actor × recipient with codes (`---` for a
//! missing side), and compared with the gold triples of the same record.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use dossier_core::Doc;
use serde::Serialize;

use crate::coder::{code_doc, ActorResolver, Event};
use crate::ontology::Ontology;

/// One gold coding: source actor code, target actor code, event code.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Coding {
    /// Source (actor) code, `---` when none.
    pub source: String,
    /// Target (recipient) code, `---` when none.
    pub target: String,
    /// Event code.
    pub event: String,
}

/// One record of a gold file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Record {
    /// Its id ("DEMO-01").
    pub id: String,
    /// Its category ("DEMO", "SYNSET", ...).
    pub category: String,
    /// Its date, used as the publication date.
    pub date: Option<NaiveDate>,
    /// The sentence text, whitespace collapsed.
    pub text: String,
    /// Expected codings.
    pub codings: Vec<Coding>,
    /// True when the record expects no event at all (`noevents`, or an `error` coding:
    /// a sentence PETRARCH discards).
    pub no_events: bool,
    /// Number of `noevents` and `error` codings in the record.
    pub no_event_codings: usize,
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(pos) = rest.find(name) {
        let after = rest.get(pos + name.len()..)?;
        let before_ok = pos == 0
            || rest
                .get(..pos)
                .and_then(|b| b.chars().last())
                .is_some_and(char::is_whitespace);
        let trimmed = after.trim_start();
        if before_ok {
            if let Some(value) = trimmed.strip_prefix('=') {
                let value = value.trim_start();
                let quote = value.chars().next()?;
                if quote == '"' || quote == '\'' {
                    let inner = value.get(1..)?;
                    let end = inner.find(quote)?;
                    return inner.get(..end).map(str::to_string);
                }
            }
        }
        rest = after;
    }
    None
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Parses the records of a PETRARCH-format gold file; malformed records are skipped.
pub fn parse_records(xml: &str) -> Vec<Record> {
    let mut records = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<Sentence ") {
        let Some(after) = rest.get(start..) else {
            break;
        };
        let end = after.find("</Sentence>").unwrap_or(after.len());
        let body = after.get(..end).unwrap_or("");
        rest = after.get(end..).unwrap_or("");
        if rest.starts_with("</Sentence>") {
            rest = rest.get("</Sentence>".len()..).unwrap_or("");
        }
        let tag_end = body.find('>').unwrap_or(body.len());
        let tag = body.get(..tag_end).unwrap_or("");
        // Comments may hold example markup; drop them before looking for codings.
        let mut clean = String::with_capacity(body.len());
        let mut scan = body;
        while let Some(c) = scan.find("<!--") {
            clean.push_str(scan.get(..c).unwrap_or(""));
            scan = match scan.get(c..).and_then(|s| s.find("-->")) {
                Some(e) => scan.get(c + e + 3..).unwrap_or(""),
                None => "",
            };
        }
        clean.push_str(scan);
        let mut codings = Vec::new();
        let mut no_events = false;
        let mut no_event_codings = 0;
        let mut coding_scan = clean.as_str();
        while let Some(c) = coding_scan.find("<EventCoding") {
            let Some(after_c) = coding_scan.get(c..) else {
                break;
            };
            let close = after_c.find('>').unwrap_or(after_c.len());
            let coding_tag = after_c.get(..close).unwrap_or("");
            if attribute(coding_tag, "noevents").is_some_and(|v| v.eq_ignore_ascii_case("true"))
                || attribute(coding_tag, "error").is_some()
            {
                no_events = true;
                no_event_codings += 1;
            } else if let Some(event) = attribute(coding_tag, "eventcode") {
                codings.push(Coding {
                    source: attribute(coding_tag, "sourcecode").unwrap_or_else(|| "---".into()),
                    target: attribute(coding_tag, "targetcode").unwrap_or_else(|| "---".into()),
                    event,
                });
            }
            coding_scan = after_c.get(close..).unwrap_or("");
        }
        let text = clean
            .find("<Text>")
            .and_then(|t| {
                let inner = clean.get(t + 6..)?;
                let e = inner.find("</Text>")?;
                inner.get(..e)
            })
            .map(|t| unescape(&t.split_whitespace().collect::<Vec<_>>().join(" ")))
            .unwrap_or_default();
        let date =
            attribute(tag, "date").and_then(|d| NaiveDate::parse_from_str(&d, "%Y%m%d").ok());
        records.push(Record {
            id: attribute(tag, "id").unwrap_or_default(),
            category: attribute(tag, "category").unwrap_or_default(),
            date,
            text,
            codings,
            no_events,
            no_event_codings,
        });
    }
    records
}

/// The (source, target, event) triples of an event: actors × recipients, `---` for a
/// missing side; participants without a code count as missing. An event with several
/// coded actors and no recipient gives every ordered pair of distinct actors.
pub fn triples(event: &Event) -> Vec<Coding> {
    let codes = |list: &[crate::coder::Participant]| -> Vec<String> {
        let codes: Vec<String> = list.iter().filter_map(|p| p.code.clone()).collect();
        if codes.is_empty() {
            vec!["---".to_string()]
        } else {
            codes
        }
    };
    let mut out = Vec::new();
    // Several actors and no recipient ("Gondor and Osgiliath renewed ties"): each acts on
    // each other, as PETRARCH and GDELT code symmetric events.
    let actor_codes: Vec<String> = event.actors.iter().filter_map(|p| p.code.clone()).collect();
    if event.recipients.is_empty() && actor_codes.len() >= 2 {
        for source in &actor_codes {
            for target in actor_codes.iter().filter(|t| *t != source) {
                let coding = Coding {
                    source: source.clone(),
                    target: target.clone(),
                    event: event.cameo.clone(),
                };
                if !out.contains(&coding) {
                    out.push(coding);
                }
            }
        }
        if !out.is_empty() {
            return out;
        }
    }
    for source in codes(&event.actors) {
        for target in codes(&event.recipients) {
            let coding = Coding {
                source: source.clone(),
                target,
                event: event.cameo.clone(),
            };
            if !out.contains(&coding) {
                out.push(coding);
            }
        }
    }
    out
}

/// Scores of a run over gold records.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EvalReport {
    /// Records read.
    pub records: usize,
    /// Gold codings (triples), not counting no-event records.
    pub gold: usize,
    /// Predicted triples.
    pub predicted: usize,
    /// Gold codings whose root code (first two digits) some predicted event of the record has.
    pub root_correct: usize,
    /// Gold codings whose event code some predicted event of the record has.
    pub code_correct: usize,
    /// Predicted triples equal to a gold triple of the record.
    pub triple_true_positives: usize,
    /// No-event records.
    pub no_event_records: usize,
    /// No-event records for which nothing was predicted.
    pub no_event_correct: usize,
    /// `noevents` and `error` codings, and those of them satisfied (nothing predicted).
    pub no_event_codings: (usize, usize),
    /// Root-code accuracy: `root_correct / gold`.
    pub root_accuracy: f64,
    /// Full-triple precision.
    pub precision: f64,
    /// Full-triple recall.
    pub recall: f64,
    /// Full-triple F1.
    pub f1: f64,
    /// Per category: (gold triples, gold triples produced).
    pub by_category: BTreeMap<String, (usize, usize)>,
}

impl EvalReport {
    /// A short plain-text summary.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "records {}, gold codings {}, predicted triples {}\n\
             root-code accuracy {:.1}% ({}/{}), event-code recall {:.1}%\n\
             full triples: precision {:.1}%, recall {:.1}%, F1 {:.1}%\n\
             no-event records left empty: {}/{}\n",
            self.records,
            self.gold,
            self.predicted,
            100.0 * self.root_accuracy,
            self.root_correct,
            self.gold,
            100.0 * ratio(self.code_correct, self.gold),
            100.0 * self.precision,
            100.0 * self.recall,
            100.0 * self.f1,
            self.no_event_correct,
            self.no_event_records,
        );
        for (category, (gold, found)) in &self.by_category {
            out.push_str(&format!("  {category:<10} {found}/{gold}\n"));
        }
        out
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The predicted triples of one record.
pub fn code_record(
    record: &Record,
    ontology: &Ontology,
    actors: &dyn ActorResolver,
    annotate: &dyn Fn(&str, Option<NaiveDate>) -> Doc,
) -> Vec<Coding> {
    let doc = annotate(&record.text, record.date);
    let mut out: Vec<Coding> = Vec::new();
    for event in code_doc(&doc, ontology, actors) {
        for triple in triples(&event) {
            if !out.contains(&triple) {
                out.push(triple);
            }
        }
    }
    out
}

/// Codes every record with `annotate` (text and date to an annotated doc) and scores it.
pub fn evaluate(
    records: &[Record],
    ontology: &Ontology,
    actors: &dyn ActorResolver,
    annotate: &dyn Fn(&str, Option<NaiveDate>) -> Doc,
) -> EvalReport {
    let mut report = EvalReport {
        records: records.len(),
        ..EvalReport::default()
    };
    for record in records {
        let predicted = code_record(record, ontology, actors, annotate);
        report.predicted += predicted.len();
        if record.no_events {
            report.no_event_records += 1;
            report.no_event_codings.0 += record.no_event_codings;
            if predicted.is_empty() {
                report.no_event_correct += 1;
                report.no_event_codings.1 += record.no_event_codings;
            }
        }
        let entry = report
            .by_category
            .entry(record.category.clone())
            .or_default();
        for gold in &record.codings {
            report.gold += 1;
            entry.0 += 1;
            let root = gold.event.get(..2).unwrap_or(&gold.event);
            if predicted.iter().any(|p| p.event.get(..2) == Some(root)) {
                report.root_correct += 1;
            }
            if predicted.iter().any(|p| p.event == gold.event) {
                report.code_correct += 1;
            }
            if predicted.contains(gold) {
                entry.1 += 1;
            }
        }
        report.triple_true_positives += predicted
            .iter()
            .filter(|p| record.codings.contains(p))
            .count();
    }
    let recall_hits: usize = report.by_category.values().map(|(_, found)| found).sum();
    report.root_accuracy = ratio(report.root_correct, report.gold);
    report.precision = ratio(report.triple_true_positives, report.predicted);
    report.recall = ratio(recall_hits, report.gold);
    report.f1 = if report.precision + report.recall > 0.0 {
        2.0 * report.precision * report.recall / (report.precision + report.recall)
    } else {
        0.0
    };
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLD: &str = r#"<Sentences>
<Sentence date="20170523" id="T-01" category="SIGN">
<!-- <EventCoding sourcecode="XXX" eventcode="999"></EventCoding> -->
<EventCoding sourcecode="SRB" targetcode="RUS" eventcode="057"></EventCoding>
<EventCoding sourcecode="RUS" targetcode="SRB" eventcode="057"></EventCoding>
<Text>
Serbia signed an agreement
   with Russia &amp; friends.
</Text>
<Parse>(ROOT)</Parse>
</Sentence>
<Sentence date="20170524" id="T-02" category="NONE">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing happened.</Text>
</Sentence>
</Sentences>"#;

    #[test]
    fn records_parse() {
        let records = parse_records(GOLD);
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].id, "T-01");
        assert_eq!(records[0].codings.len(), 2);
        assert_eq!(records[0].codings[0].target, "RUS");
        assert_eq!(
            records[0].text,
            "Serbia signed an agreement with Russia & friends."
        );
        assert_eq!(records[0].date, NaiveDate::from_ymd_opt(2017, 5, 23));
        assert!(records[1].no_events && records[1].codings.is_empty());
    }

    #[test]
    fn evaluation_counts_roots_and_triples() {
        use crate::testutil::parsed;
        let records = parse_records(GOLD);
        let ontology = Ontology::shipped().unwrap();
        let mut resolver = crate::coder::NameResolver::new();
        resolver.insert("Serbia", "SRB");
        resolver.insert("Russia", "RUS");
        let annotate = |text: &str, _date: Option<NaiveDate>| -> Doc {
            if text.starts_with("Serbia") {
                parsed(
                    "
Serbia PROPN 2 nsubj LOC
signed VERB 0 root
an DET 4 det
agreement NOUN 2 obj
with ADP 6 case
Russia PROPN 2 obl LOC",
                )
            } else {
                parsed("Nothing PRON 2 nsubj\nhappened VERB 0 root")
            }
        };
        let report = evaluate(&records, &ontology, &resolver, &annotate);
        assert_eq!(report.gold, 2);
        assert_eq!(report.predicted, 1);
        assert_eq!(report.root_correct, 2);
        assert_eq!(report.triple_true_positives, 1);
        assert!((report.precision - 1.0).abs() < 1e-9);
        assert!((report.recall - 0.5).abs() < 1e-9);
        assert_eq!(report.no_event_correct, 1);
        assert!(report.to_text().contains("F1"));
    }
}
