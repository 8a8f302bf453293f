/*!
The shipped knowledge base of dossier: countries, places, organisations and office holders,
with dated CAMEO actor codes, so entity resolution and event coding have names to resolve
against.

# Brief overview

* [`KnowledgeBase::shipped`] parses the files of `data/kb/` (embedded in the binary):
  `countries.tsv` (every ISO 3166-1 entry plus Kosovo, with alternative names and demonyms),
  `places.tsv` (capitals, major cities and a few regions, with coordinates),
  `organizations.tsv` (international and major national organisations with CAMEO codes) and
  `officeholders.tsv` (heads of state and government, foreign, interior and defence
  ministers and other office holders, with dates).
* [`KnowledgeBase::extend_from_file`] adds a user KB file (the TSV format of
  [`userfile`]), and [`import_petrarch_actors`] reads PETRARCH/TABARI actor and agent
  dictionaries into [`KbEntry`] values that [`KnowledgeBase::add_entries`] adds.
* Lookups are case-, diacritic- and script-insensitive through [`fold`]: [`KnowledgeBase::country`]
  (codes, names, alternative names, demonyms, possessives), [`KnowledgeBase::place`] (with the
  document's country to settle ambiguous names), [`KnowledgeBase::organization`],
  [`KnowledgeBase::officeholders`], [`KnowledgeBase::holder_of`] and
  [`KnowledgeBase::actor_code`] (the CAMEO code valid at a date); [`KnowledgeBase::resolve`]
  does what the entity-resolution stage needs for one mention of a known [`EntityKind`]
  (an entity id, a canonical name, a country and the code on the date).

Lookups cost a few microseconds (they fold the query once); parsing the shipped files takes
about 10 ms in a release build and happens once per process.

Words used here: an *entry* is one thing a name may refer to; an *actor code* is a CAMEO
code such as `RUSGOV` (country + sector); a *role* is one tenure of one office by one person.

# Example

```
use chrono::NaiveDate;
use dossier_kb::KnowledgeBase;

let kb = KnowledgeBase::shipped().unwrap();
assert_eq!(kb.country("Serbia’s").map(|c| c.alpha3.as_str()), Some("SRB"));
assert_eq!(kb.place("Kiev", None).map(|p| p.country.as_str()), Some("UKR"));
assert_eq!(kb.organization("FSB").map(|o| o.cameo.as_str()), Some("RUSSPY"));
let date = NaiveDate::from_ymd_opt(2016, 6, 1).unwrap();
let president = kb.holder_of("president", "Serbia", date).unwrap();
assert_eq!(president.name, "Tomislav Nikolić");
assert_eq!(kb.actor_code("Nikolay Patrushev", date).as_deref(), Some("RUSGOV"));
assert_eq!(kb.actor_code("the Serbian president", date).as_deref(), Some("SRBGOV"));
```
*/
#![deny(missing_docs)]

pub mod fold;
mod kb;
mod model;
mod parse;
mod petrarch;
pub mod userfile;

pub use kb::{KnowledgeBase, Resolution};
pub use model::{
    Country, DatedCode, EntryKind, KbDate, KbEntry, Organization, Person, Place, PlaceKind, Role,
};
pub use petrarch::import_petrarch_actors;

pub use dossier_core::EntityKind;

use std::path::PathBuf;

/// Why a knowledge-base file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KbError {
    /// A line of a KB file or dictionary does not follow its format.
    #[error("{file}:{line}: {message}")]
    Parse {
        /// The file (a path, or the name of a shipped file).
        file: String,
        /// The 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A file could not be read.
    #[error("cannot read {}: {message}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's message.
        message: String,
    },
}
