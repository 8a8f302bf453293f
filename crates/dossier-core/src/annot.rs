//! Annotation layers over a doc's text: entity mentions, time expressions and quotes.

use serde::{Deserialize, Serialize};

use crate::CharSpan;

/// The kind of a named entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person (CoNLL PER).
    Person,
    /// An organisation (CoNLL ORG).
    Organization,
    /// A place (CoNLL LOC).
    Location,
    /// Anything else named: nationalities, events, laws (CoNLL MISC).
    Other,
}

impl EntityKind {
    /// The lowercase name used in exports and the database.
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Location => "location",
            EntityKind::Other => "other",
        }
    }
}

/// A named-entity mention: a span of tokens naming a person, organisation, place or other.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Where it is in the text.
    pub span: CharSpan,
    /// Index of its first token.
    pub token_start: u32,
    /// One past its last token.
    pub token_end: u32,
    /// What it names.
    pub kind: EntityKind,
    /// The entity it refers to, once entities are resolved (stable id).
    pub entity: Option<String>,
}

/// TIMEX3 types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date or period ("May 23, 2017", "October 2016", "next year").
    Date,
    /// A time of day ("3 p.m.", "Tuesday morning").
    Time,
    /// A length of time ("three years", "two days").
    Duration,
    /// A recurrence ("every Monday", "annually").
    Set,
}

/// What a time expression's value was resolved against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Anchor {
    /// The document's publication date ("on Tuesday", "next year").
    Published,
    /// Nothing: the expression is complete ("May 23, 2017").
    Absolute,
    /// The previous time expression ("two days later", "three years on").
    Previous,
}

/// A time expression and its resolved value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    /// Where it is in the text.
    pub span: CharSpan,
    /// TIMEX3 type.
    pub timex_type: TimexType,
    /// TIMEX3 value: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-Www`, `YYY` (decade), `YYYY-SU`
    /// (season), `PnD`/`PnM`/`PnY` (durations), `PRESENT_REF`/`PAST_REF`/`FUTURE_REF`;
    /// `None` when it could not be resolved.
    pub value: Option<String>,
    /// What the value was resolved against; `None` when unresolved.
    pub anchor: Option<Anchor>,
    /// Index of its sentence.
    pub sentence: u32,
}

/// Whether a quote reproduces words or reports them, or is only a term in quotation marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// The speaker's own words in quotation marks.
    Direct,
    /// Reported speech: "X said that …", "according to X, …".
    Indirect,
    /// A scare quote, title or single term in quotation marks: never attributed.
    Term,
}

impl QuoteKind {
    /// The lowercase name used in exports and the database.
    pub fn as_str(&self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Term => "term",
        }
    }
}

/// Who said a quote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// The name as resolved in the document ("Nikolai Patrushev" for "he").
    pub name: String,
    /// Where the speaker is named or referred to in the text (the pronoun for "he said").
    pub span: Option<CharSpan>,
    /// Index into [`crate::Doc::mentions`] of the mention naming the speaker, if any.
    pub mention: Option<u32>,
}

/// A quote: what was said, how, and by whom.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The content: what was said, without the quotation marks.
    pub span: CharSpan,
    /// Direct, indirect or a term.
    pub kind: QuoteKind,
    /// The speaker; always `None` for terms.
    pub speaker: Option<Speaker>,
    /// The cue word or phrase ("said", "according to"), if any.
    pub cue: Option<CharSpan>,
    /// Index of the sentence the quote starts in.
    pub sentence: u32,
}
