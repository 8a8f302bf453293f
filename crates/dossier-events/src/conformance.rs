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
    let report = evaluate(&records, &ontology, &actors, annotate);
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
