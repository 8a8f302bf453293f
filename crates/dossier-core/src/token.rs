//! Sentences and tokens: the segmentation layer, which tagging and parsing fill in.

use serde::{Deserialize, Serialize};

use crate::CharSpan;

/// What kind of string a token is, decided by the tokenizer from its characters alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Letters, possibly with inner hyphens, apostrophes or periods ("Jean-Claude", "U.S.").
    #[default]
    Word,
    /// Digits, with decimal points or thousands separators ("3.5", "10,000", "1992-95").
    Number,
    /// A quotation mark of any kind.
    Quote,
    /// Other punctuation.
    Punct,
    /// A symbol ("%", "$", "€").
    Symbol,
    /// A web address.
    Url,
    /// An e-mail address.
    Email,
}

/// A token: a span of the text with the annotations later stages give it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Where it is in the text.
    pub span: CharSpan,
    /// Its kind.
    pub kind: TokenKind,
    /// Universal part of speech, once tagged.
    pub pos: Option<Upos>,
    /// Document-wide index of its syntactic head; `None` for the root or before parsing.
    pub head: Option<u32>,
    /// Its dependency relation to the head, once parsed.
    pub dep: Option<DepLabel>,
}

/// A sentence: a span of the text and the range of its tokens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Where it is in the text.
    pub span: CharSpan,
    /// Index of its first token in [`crate::Doc::tokens`].
    pub token_start: u32,
    /// One past its last token.
    pub token_end: u32,
    /// Index of its paragraph in [`crate::Doc::paragraphs`].
    pub paragraph: u32,
    /// Index into [`crate::Doc::times`] of the time expression that dates what this sentence
    /// reports (its own, else the paragraph's), once time expressions are resolved.
    pub time_context: Option<u32>,
}

impl Sentence {
    /// The token indices of this sentence.
    pub fn token_range(&self) -> std::ops::Range<usize> {
        self.token_start as usize..self.token_end as usize
    }
}

/// The 17 universal part-of-speech tags of Universal Dependencies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Upos {
    ADJ,
    ADP,
    ADV,
    AUX,
    CCONJ,
    DET,
    INTJ,
    NOUN,
    NUM,
    PART,
    PRON,
    PROPN,
    PUNCT,
    SCONJ,
    SYM,
    VERB,
    X,
}

impl Upos {
    /// All tags, in a fixed order (the order of their `as u8` values).
    pub const ALL: [Upos; 17] = [
        Upos::ADJ,
        Upos::ADP,
        Upos::ADV,
        Upos::AUX,
        Upos::CCONJ,
        Upos::DET,
        Upos::INTJ,
        Upos::NOUN,
        Upos::NUM,
        Upos::PART,
        Upos::PRON,
        Upos::PROPN,
        Upos::PUNCT,
        Upos::SCONJ,
        Upos::SYM,
        Upos::VERB,
        Upos::X,
    ];

    /// The tag as written in CoNLL-U.
    pub fn as_str(&self) -> &'static str {
        match self {
            Upos::ADJ => "ADJ",
            Upos::ADP => "ADP",
            Upos::ADV => "ADV",
            Upos::AUX => "AUX",
            Upos::CCONJ => "CCONJ",
            Upos::DET => "DET",
            Upos::INTJ => "INTJ",
            Upos::NOUN => "NOUN",
            Upos::NUM => "NUM",
            Upos::PART => "PART",
            Upos::PRON => "PRON",
            Upos::PROPN => "PROPN",
            Upos::PUNCT => "PUNCT",
            Upos::SCONJ => "SCONJ",
            Upos::SYM => "SYM",
            Upos::VERB => "VERB",
            Upos::X => "X",
        }
    }

    /// Parses a CoNLL-U tag; `None` for anything else (including `_`).
    pub fn parse(tag: &str) -> Option<Upos> {
        Upos::ALL.iter().copied().find(|upos| upos.as_str() == tag)
    }
}

/// Dependency relations of UD English (EWT, v2.16), including its subtypes.
/// [`DepLabel`] indexes this table; `"dep"` stands for any relation not listed.
pub const DEP_LABELS: &[&str] = &[
    "root",
    "punct",
    "case",
    "nsubj",
    "det",
    "advmod",
    "obj",
    "amod",
    "obl",
    "conj",
    "compound",
    "mark",
    "nmod",
    "cc",
    "aux",
    "cop",
    "advcl",
    "nmod:poss",
    "xcomp",
    "ccomp",
    "acl:relcl",
    "flat",
    "parataxis",
    "appos",
    "nummod",
    "acl",
    "aux:pass",
    "nsubj:pass",
    "obl:unmarked",
    "nmod:unmarked",
    "discourse",
    "compound:prt",
    "iobj",
    "list",
    "expl",
    "fixed",
    "nmod:desc",
    "obl:agent",
    "csubj",
    "nsubj:outer",
    "det:predet",
    "vocative",
    "goeswith",
    "advcl:relcl",
    "cc:preconj",
    "reparandum",
    "orphan",
    "csubj:pass",
    "dislocated",
    "dep",
    "csubj:outer",
    "obl:tmod",
    "obl:npmod",
    "nmod:tmod",
    "nmod:npmod",
    "flat:foreign",
];

/// A dependency relation: an index into [`DEP_LABELS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DepLabel(pub u8);

impl DepLabel {
    /// The label of `name`; relations not in [`DEP_LABELS`] become `dep`.
    pub fn parse(name: &str) -> DepLabel {
        let idx = DEP_LABELS
            .iter()
            .position(|label| *label == name)
            .or_else(|| DEP_LABELS.iter().position(|label| *label == "dep"))
            .unwrap_or(0);
        DepLabel(idx as u8)
    }

    /// The relation as written in CoNLL-U.
    pub fn as_str(&self) -> &'static str {
        DEP_LABELS.get(self.0 as usize).copied().unwrap_or("dep")
    }

    /// The universal part before any `:` subtype ("nmod:poss" → "nmod").
    pub fn universal(&self) -> &'static str {
        let name = self.as_str();
        name.split(':').next().unwrap_or(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip() {
        for name in DEP_LABELS {
            assert_eq!(DepLabel::parse(name).as_str(), *name);
        }
        assert_eq!(DepLabel::parse("made:up").as_str(), "dep");
        assert_eq!(DepLabel::parse("nmod:poss").universal(), "nmod");
    }

    #[test]
    fn upos_round_trip() {
        for upos in Upos::ALL {
            assert_eq!(Upos::parse(upos.as_str()), Some(upos));
        }
        assert_eq!(Upos::parse("_"), None);
    }
}
