/*!
The event coder of dossier: finds political actions in parsed documents and codes them with
CAMEO event codes and PLOVER categories, modes and contexts.

# Brief overview

* [`Ontology`] holds the CAMEO codes (`data/events/cameo.tsv`: name, root, QuadClass,
  Goldstein), the CAMEO→PLOVER mapping (`data/events/plover.tsv`, derived from the PLOVER
  project's table, CC BY-SA 4.0) and the verb-pattern dictionary (`data/events/verbs.txt`,
  its format documented at its top: `CODE v|n LEMMA [prt= obj= prep= xcomp= recipient=]`).
  Users add dictionaries with [`Ontology::add_patterns_file`]; [`import_petrarch_verbs`]
  translates PETRARCH verb dictionaries and [`PetrarchActors`] reads PETRARCH actor and agent
  dictionaries.
* [`code_doc`] reads a doc's dependency parse, entity mentions and time expressions and
  returns [`Event`]s with the fields of the `events.jsonl` contract: CAMEO code, PLOVER
  triple, [`Modality`] (plus a `reported` flag), actors and recipients as lists (never
  exploded), date with its precision, source and the words that give it, location, evidence,
  and the trigger span.
* [`ActorResolver`] gives actor codes valid at the event date; the knowledge base plugs in
  here, [`NameResolver`] is a simple list-based one for tests.
* [`eval`] scores sentence-level gold in the PETRARCH record format (root-code accuracy,
  full-triple precision and recall); [`conformance`] runs PETRARCH's own validation records
  with its validation dictionaries; [`gdelt`] writes GDELT 2.0 event rows.

How the coder reads a sentence: a trigger is a verb or noun whose word form belongs to a
pattern lemma; the most specific matching pattern wins (a pattern coded `---` blocks). The
actor is the subject (the by-phrase of a passive, the possessor or "between" list of a noun,
the subject of the governing clause when the parse gives none); the recipient is the object
or the pattern's prepositional phrase. Because parses of news text are imperfect, surface
readings back the tree up: the names opening the clause, the first names after the verb
("in"/"at" places excepted), the list after "between". Modality comes from negation,
auxiliaries, governing verbs ("refused to", "is due to", "plans to"), if-clauses and
reporting verbs. The date is the nearest calendar expression in the trigger's own clause,
else the paragraph's latest earlier one, else the publication date; a clause dated only
vaguely ("recently") gets no date rather than a wrong one.

Words used here: a *trigger* is the verb or noun that names an action; a *pattern* is one
line of the dictionary; an *event* is one coded action of one sentence.

# Example

```
use dossier_core::{Doc, Meta};
use dossier_events::{code_doc, NameResolver, Ontology};

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
    NameResolver, Participant, Quantity,
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
    /// A file could not be read.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// The operating system's message.
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
