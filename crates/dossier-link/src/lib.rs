/*!
Corpus-level entity resolution: the `link` stage, the only stage that looks across documents.

# Brief overview

[`Linker::link`] takes every annotated [`Doc`] of a corpus and returns [`Linked`]:

* [`Entity`] values with the fields of the export contract (`entities.jsonl`): a canonical
  name, aliases, kind, country, dated [`Role`]s learned from the text (title before a name,
  appositions, "former" roles) and from the knowledge base, the documents and a mention count,
  plus the CAMEO actor code and, for places, coordinates;
* [`MentionLink`]s from each mention (and each nominal role phrase such as "the Serbian
  president", which the linker finds itself) to its entity;
* [`Decision`]s saying why two names were merged or kept apart.

Resolution runs in three steps.
Within a document, mentions are grouped: a surname alone joins the one full name it can
belong to, an acronym in parentheses joins the name before it, a demonym or possessive joins
its country.
Each document-level group is then resolved against the [`KnowledgeBase`] (persons with their
variants and transliterations, organisations by acronym or name, countries, places settled by
the document's country).
What the knowledge base does not know is merged across documents by blocking on folded and
phonetic keys (so the work grows with the number of distinct names, not their pairs) and
deciding each candidate pair with guarded name comparison: different given names, a
"Jr."/"Sr." difference or conflicting countries keep two people apart.

[`network`] builds the co-occurrence and quotation network; [`eval`] scores the resolution
on MEANTIME's cross-document entity annotation.

# Figures (2026-11-26)

* MEANTIME (90 Wikinews articles, 3 topics, linked together; 700 gold named mentions in 197
  gold entities, 51 of them across documents; gold mention spans and kinds given):
  CoNLL F1 90.9 (MUC 95.0, B³ 91.9, CEAFe 85.8) against 70.3 for merging identical folded
  text. MEANTIME also served to develop the mention-cleaning rules, so the figure is
  optimistic. Run by the `meantime_cross_document_scores` test and [`eval::eval_meantime`].
* Seed story (five articles through segmentation, tagging, parsing and NER): every spelling of
  Patrushev is one entity in four articles with the role "Secretary of the Security Council"
  (Russia); Stefanović carries "Interior Minister" (Serbia) (`tests/seeds.rs`).
* Speed (`examples/bench_link.rs`, release, one core of a shared, busy machine): 10,000 generated
  documents (120,000 mentions) in 1.4–2.2 s, 100,000 (1.2 million mentions) in 22–27 s, about 20 µs
  per mention at both sizes.

Words used here: a *mention* is one span the NER stage found; a *local group* is the mentions
of one document taken to name one thing; an *entity* is what the linker says they name across
the corpus.

# Example

```
use dossier_core::{CharSpan, Doc, EntityKind, Meta, Mention};
use dossier_kb::KnowledgeBase;
use dossier_link::Linker;

fn doc(text: &str, names: &[&str]) -> Doc {
    let mut doc = Doc::new(Meta::default(), text.to_string());
    for name in names {
        let start = text.find(name).unwrap();
        let start = text[..start].chars().count() as u32;
        let end = start + name.chars().count() as u32;
        doc.mentions.push(Mention {
            span: CharSpan::new(start, end),
            token_start: 0,
            token_end: 0,
            kind: EntityKind::Person,
            entity: None,
        });
    }
    doc
}

let docs = [
    doc("Jovana Marković spoke. Marković left.", &["Jovana Marković", "Marković"]),
    doc("Jovana Markovic arrived.", &["Jovana Markovic"]),
];
let linker = Linker::new(KnowledgeBase::shipped().unwrap());
let linked = linker.link(&docs);
assert_eq!(linked.entities.len(), 1);
assert_eq!(linked.entities[0].mentions, 3);
assert_eq!(linked.entities[0].documents.len(), 2);

let mut docs = docs;
linked.assign(&mut docs);
assert_eq!(docs[1].mentions[0].entity.as_deref(), Some("person:jovana-markovic"));
```
*/
#![deny(missing_docs)]

pub mod eval;
mod linker;
mod names;
pub mod network;
mod roles;
mod variants;

use chrono::NaiveDate;
use dossier_core::EntityKind;
use serde::{Deserialize, Serialize};

pub use dossier_core::Doc;
pub use dossier_kb::KnowledgeBase;
pub use linker::Linker;
pub use network::{network, Network};
pub use variants::NameVariants;

/// A role a person held: learned from a document's text, or known to the knowledge base.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// The title as written, normalised to title case ("Interior Minister",
    /// "Secretary of the Security Council").
    pub title: String,
    /// The organisation the role is in, when named ("Security Council").
    pub organization: Option<String>,
    /// The country (ISO 3166-1 alpha-3, or `IGO`), when known.
    pub country: Option<String>,
    /// The date the role was true: the document's publication date for text roles
    /// (for "former" roles, a date by which it had ended).
    pub as_of: Option<NaiveDate>,
    /// The document that says so; `None` for roles from the knowledge base.
    pub doc: Option<String>,
    /// True for roles the text calls former ("former President ...").
    pub former: bool,
    /// Where the role comes from: `"text"` or `"kb"`.
    pub source: String,
    /// The CAMEO actor code the role implies (country + sector), when a country is known.
    pub code: Option<String>,
}

/// One entity of the corpus, with the fields of the export contract (`entities.jsonl`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id: the knowledge-base id (`person:nikolai-patrushev`, `country:SRB`,
    /// `org:RUS:fsb`, `place:SRB:belgrade`) or, for names the knowledge base does not know,
    /// the kind and the folded name (`person:jovana-markovic`).
    pub id: String,
    /// The canonical name.
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// Every distinct way the corpus writes it, sorted.
    pub aliases: Vec<String>,
    /// Country, ISO 3166-1 alpha-3 (`IGO` for international bodies), when known.
    pub country: Option<String>,
    /// Dated roles, oldest first.
    pub roles: Vec<Role>,
    /// Ids of the documents that mention it, sorted.
    pub documents: Vec<String>,
    /// Number of mentions.
    pub mentions: usize,
    /// The CAMEO actor code valid on the latest date it is mentioned, when one is known.
    pub code: Option<String>,
    /// Latitude, for places in the gazetteer.
    pub lat: Option<f64>,
    /// Longitude, for places in the gazetteer.
    pub lon: Option<f64>,
}

impl Entity {
    /// The CAMEO code valid on `date` from the entity's text roles: the latest role dated on
    /// or before `date` that is not former, else [`Entity::code`].
    pub fn code_on(&self, date: NaiveDate) -> Option<&str> {
        self.roles
            .iter()
            .filter(|role| !role.former && role.as_of.is_some_and(|d| d <= date))
            .filter(|role| role.code.is_some())
            .max_by_key(|role| role.as_of)
            .and_then(|role| role.code.as_deref())
            .or(self.code.as_deref())
    }
}

/// One mention linked to its entity (`mentions.jsonl`: doc, entity, text, start, end).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionLink {
    /// The document id.
    pub doc: String,
    /// Index into [`Doc::mentions`]; `None` for a nominal role phrase the linker found
    /// itself ("the Serbian president").
    pub mention: Option<u32>,
    /// The entity id.
    pub entity: String,
    /// The mention's text.
    pub text: String,
    /// First code point.
    pub start: u32,
    /// One past the last code point.
    pub end: u32,
}

/// What a [`Decision`] decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The two names were taken to name one entity.
    Merged,
    /// The two names were kept apart although they looked alike.
    KeptApart,
}

/// Why two names were merged or kept apart: the linker's explanation of itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Merged or kept apart.
    pub verdict: Verdict,
    /// The first name (or entity id).
    pub a: String,
    /// The second name (or entity id).
    pub b: String,
    /// The rule that decided, a short stable name (`kb`, `same_name_variant`,
    /// `given_names_differ`, `suffix_differs`, `country_conflict`, `surname_in_document`,
    /// `surname_ambiguous`, `acronym_in_parentheses`, `acronym_initials`, `same_folded_name`,
    /// `role_holder`).
    pub rule: String,
    /// The document the decision was made in, for decisions within one document.
    pub doc: Option<String>,
}

/// The result of linking a corpus.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Linked {
    /// The entities, by id.
    pub entities: Vec<Entity>,
    /// Every linked mention, by document then position.
    pub mention_entities: Vec<MentionLink>,
    /// Why names were merged or kept apart.
    pub decisions: Vec<Decision>,
}

impl Linked {
    /// The entity with `id`.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities
            .binary_search_by(|entity| entity.id.as_str().cmp(id))
            .ok()
            .and_then(|idx| self.entities.get(idx))
    }

    /// Sets [`dossier_core::Mention::entity`] on every linked mention of `docs` (and clears it
    /// on mentions left unlinked), so per-document views and exports carry the corpus-level
    /// ids.
    pub fn assign(&self, docs: &mut [Doc]) {
        let mut by_doc: std::collections::HashMap<&str, Vec<(u32, &str)>> =
            std::collections::HashMap::new();
        for link in &self.mention_entities {
            if let Some(idx) = link.mention {
                by_doc
                    .entry(link.doc.as_str())
                    .or_default()
                    .push((idx, link.entity.as_str()));
            }
        }
        for doc in docs {
            for mention in &mut doc.mentions {
                mention.entity = None;
            }
            let Some(links) = by_doc.get(doc.id.as_str()) else {
                continue;
            };
            for &(idx, entity) in links {
                if let Some(mention) = doc.mentions.get_mut(idx as usize) {
                    mention.entity = Some(entity.to_string());
                }
            }
        }
    }

    /// Entities whose name or an alias folds to the same as `name`, or whose id is `name`.
    pub fn find(&self, name: &str) -> Vec<&Entity> {
        if let Some(entity) = self.entity(name) {
            return vec![entity];
        }
        let key = dossier_kb::fold::fold(name);
        self.entities
            .iter()
            .filter(|entity| {
                dossier_kb::fold::fold(&entity.name) == key
                    || entity
                        .aliases
                        .iter()
                        .any(|alias| dossier_kb::fold::fold(alias) == key)
            })
            .collect()
    }
}
