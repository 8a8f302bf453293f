/*!
The event coder of dossier: finds political actions in parsed documents and codes them with
CAMEO event codes and PLOVER categories, modes and contexts.

# Brief overview

* [`Ontology`] holds the CAMEO codes (`data/events/cameo.tsv`: name, root, QuadClass,
  Goldstein), the CAMEO→PLOVER mapping (`data/events/plover.tsv`, derived from the PLOVER
  project's table) and the verb-pattern dictionary (`data/events/verbs.txt`, format
  documented at its top); users add dictionaries with [`Ontology::add_patterns_text`] and
  PETRARCH verb dictionaries with [`import_petrarch_verbs`].
* [`code_doc`] reads a doc's dependency parse, entity mentions and time expressions and
  returns [`Event`]s: CAMEO code, PLOVER triple, [`Modality`], actors and recipients as
  lists, date with precision and the words that give it, location and evidence.
* [`ActorResolver`] gives actor codes valid at the event date (the knowledge base plugs in
  here; [`NameResolver`] is a simple list-based one).
* [`conformance`] runs the PETRARCH validation records through the coder; [`eval`] scores
  sentence-level gold in the PETRARCH record format; [`gdelt`] writes GDELT 2.0 event rows.

Words used here: a *trigger* is the verb or noun that names an action; a *pattern* is one
line of the dictionary; an *event* is one coded action of one sentence.

# Example

```
use dossier_events::{code_doc, NameResolver, Ontology};
use dossier_core::{Doc, Meta};

let ontology = Ontology::shipped().unwrap();
assert_eq!(ontology.cameo("057").unwrap().name, "Sign formal agreement");
assert_eq!(ontology.plover("042").unwrap().category, "CONSULT");
// Without a parse nothing is coded; the binary runs segmentation, tagging and parsing first.
let doc = Doc::new(Meta::default(), "Serbia signed an agreement.".to_string());
assert!(code_doc(&doc, &ontology, &NameResolver::new()).is_empty());
```
*/
#![deny(missing_docs)]

mod coder;
pub mod conformance;
pub mod eval;
pub mod gdelt;
mod lemma;
mod ontology;
mod petrarch;
#[cfg(test)]
mod testutil;

pub use coder::{
    code_doc, ActorResolver, DatePrecision, DateSource, Event, Evidence, Location, Modality,
    NameResolver, Participant,
};
pub use ontology::{parse_patterns, CameoCode, Ontology, Pattern, Plover, TriggerKind};
pub use petrarch::{import_petrarch_verbs, PetrarchActors, PetrarchVerbs};

/// Why an events file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EventsError {
    /// A line does not follow its file's format.
    #[error("{file}:{line}: {message}")]
    Parse {
        /// The file.
        file: String,
        /// The 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl EventsError {
    pub(crate) fn parse(file: &str, line: usize, message: &str) -> EventsError {
        EventsError::Parse {
            file: file.to_string(),
            line,
            message: message.to_string(),
        }
    }
}
