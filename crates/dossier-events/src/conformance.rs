//! Conformance with PETRARCH: how many expected codings of its validation records the coder
//! produces when it runs on the record text with our own parse (not the records' Penn
//! Treebank parses) and the validation dictionaries imported.

use chrono::NaiveDate;
use dossier_core::Doc;

use crate::eval::{evaluate, parse_records, EvalReport};
use crate::ontology::Ontology;
use crate::petrarch::{import_petrarch_verbs, PetrarchActors};
use crate::EventsError;

/// The PETRARCH validation set: records and the dictionaries they are coded with.
pub struct ValidationSet<'a> {
    /// `PETR.UnitTest.records.xml`.
    pub records: &'a str,
    /// `PETR.Validate.verbs.txt`.
    pub verbs: &'a str,
    /// `PETR.Validate.actors.txt`.
    pub actors: &'a str,
    /// `PETR.Validate.agents.txt`.
    pub agents: &'a str,
    /// `PETR.Validate.discards.txt` (may be empty).
    pub discards: &'a str,
}

/// The phrases of a PETRARCH discard list, lowercase, padded with spaces: a sentence
/// holding one (story discards, marked `+`, included) is not coded.
fn discard_phrases(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .map(|line| line.trim_start_matches('+').trim())
        .filter(|line| !line.is_empty())
        .map(|line| format!(" {} ", line.to_lowercase().replace('_', " ")))
        .collect()
}

/// True when `text` holds a discard phrase as whole words.
fn discarded(text: &str, phrases: &[String]) -> bool {
    let mut padded = String::with_capacity(text.len() + 2);
    padded.push(' ');
    for c in text.chars() {
        if c.is_alphanumeric() {
            padded.extend(c.to_lowercase());
        } else {
            padded.push(' ');
        }
    }
    padded.push(' ');
    let collapsed = padded.split_whitespace().collect::<Vec<_>>().join(" ");
    let collapsed = format!(" {collapsed} ");
    phrases.iter().any(|p| collapsed.contains(p.as_str()))
}

/// What the conformance run gave.
#[derive(Clone, Debug)]
pub struct Conformance {
    /// The scores (`by_category` and `recall` count expected codings produced).
    pub report: EvalReport,
    /// Expected codings, counting `noevents` and `error` codings.
    pub expected: usize,
    /// Expected codings produced (`noevents` and `error` codings count when nothing was
    /// produced for their record).
    pub produced: usize,
    /// Imported verb patterns and untranslatable pattern lines.
    pub patterns: (usize, usize),
}

/// Runs the validation records through the coder with the validation dictionaries only.
pub fn run(
    set: &ValidationSet,
    annotate: &dyn Fn(&str, Option<NaiveDate>) -> Doc,
) -> Result<Conformance, EventsError> {
    let mut ontology = Ontology::codes_only()?;
    let imported = import_petrarch_verbs(set.verbs);
    let patterns = (imported.patterns.len(), imported.skipped);
    ontology.add_patterns(imported.patterns);
    let actors = PetrarchActors::new(set.actors, set.agents);
    let records = parse_records(set.records);
    let phrases = discard_phrases(set.discards);
    // A discarded sentence is coded from an empty doc, so it yields nothing.
    let with_discards = |text: &str, date: Option<NaiveDate>| -> Doc {
        if discarded(text, &phrases) {
            Doc::new(dossier_core::Meta::default(), String::new())
        } else {
            annotate(text, date)
        }
    };
    let report = evaluate(&records, &ontology, &actors, &with_discards);
    let expected = report.gold + report.no_event_codings.0;
    let produced =
        report.by_category.values().map(|(_, f)| f).sum::<usize>() + report.no_event_codings.1;
    Ok(Conformance {
        report,
        expected,
        produced,
        patterns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discards_match_whole_words() {
        let phrases = discard_phrases("# comment\n+TYPHOON # note\nAFRICAN NATIONS CUP\n");
        assert!(discarded("A typhoon hit the coast.", &phrases));
        assert!(discarded("the African  Nations Cup final", &phrases));
        assert!(!discarded("Typhoons are rare.", &phrases));
    }
}
