//! Import of PETRARCH verb dictionaries into dossier verb patterns.

use crate::ontology::Pattern;

/// What an imported PETRARCH verb dictionary gave.
#[derive(Clone, Debug, Default)]
pub struct PetrarchVerbs {
    /// The patterns, in dictionary order.
    pub patterns: Vec<Pattern>,
    /// Lines that could not be translated (pre-verb words, synset-only patterns).
    pub skipped: usize,
}

/// Translates a PETRARCH verb dictionary.
pub fn import_petrarch_verbs(_text: &str) -> PetrarchVerbs {
    PetrarchVerbs::default()
}
