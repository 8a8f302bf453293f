//! The cue lexicon: speech verbs, attribution nouns and phrases, speaker words and titles,
//! read once from `data/quote-cues.txt` (embedded in the binary).

use std::collections::HashMap;
use std::sync::LazyLock;

/// The cue list as shipped, embedded so the binary works anywhere.
const CUES_TXT: &str = include_str!("../../../data/quote-cues.txt");

/// What the lexicon knows about one lowercase word.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct WordInfo {
    /// A form of a speech verb.
    pub verb: bool,
    /// The verb takes the hearer as object before its content ("told Reuters that").
    pub takes_object: bool,
    /// The verb introduces following content only with "that".
    pub needs_that: bool,
    /// An attribution noun ("statement").
    pub noun: bool,
    /// May be part of a speaker phrase without a capital letter.
    pub speaker: bool,
    /// A title stripped from the front of a name.
    pub title: bool,
    /// Marks a female speaker.
    pub female: bool,
    /// Marks a male speaker.
    pub male: bool,
    /// A common female first name.
    pub female_name: bool,
    /// A common male first name.
    pub male_name: bool,
    /// A capitalised word that is never part of a name ("However", "Monday").
    pub non_name: bool,
    /// A particle inside names ("of", "van").
    pub particle: bool,
    /// Marks an organisation or place ("ministry", "party").
    pub org: bool,
    /// May stand between a speaker phrase and its verb ("also", "later").
    pub skippable: bool,
    /// A hearer after "told" ("reporters", "him").
    pub hearer: bool,
    /// Opens a phrase between a verb and its "that" ("in", "on").
    pub preposition: bool,
}

/// Capitalised words that start sentences or name times, never people or organisations.
pub(crate) const NON_NAME_CAPS: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "but",
    "or",
    "so",
    "yet",
    "then",
    "however",
    "meanwhile",
    "in",
    "on",
    "at",
    "as",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "because",
    "although",
    "though",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "what",
    "why",
    "how",
    "who",
    "where",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "also",
    "still",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "last",
    "next",
    "earlier",
    "later",
    "according",
    "asked",
    "speaking",
    "for",
    "from",
    "with",
    "by",
    "to",
    "of",
    "not",
    "no",
    "yes",
    "all",
    "both",
    "each",
    "every",
    "some",
    "many",
    "most",
    "more",
    "such",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "mr",
    "mrs",
    "ms",
    "dr",
];

/// Lowercase particles that may sit inside a name ("Ludwig van Beethoven", "Ministry of Defence").
pub(crate) const PARTICLES: &[&str] = &[
    "of", "de", "van", "von", "bin", "al", "la", "le", "da", "del", "di", "du", "der", "den",
];

/// Words that mark a capitalised run as an organisation or a place rather than a person.
pub(crate) const ORG_WORDS: &[&str] = &[
    "ministry",
    "department",
    "house",
    "party",
    "council",
    "committee",
    "agency",
    "service",
    "news",
    "post",
    "times",
    "journal",
    "press",
    "reuters",
    "university",
    "union",
    "republic",
    "states",
    "kingdom",
    "federation",
    "court",
    "assembly",
    "parliament",
    "congress",
    "senate",
    "commission",
    "bank",
    "fund",
    "group",
    "institute",
    "center",
    "centre",
    "office",
    "army",
    "forces",
    "police",
    "government",
    "administration",
    "campaign",
    "foundation",
    "association",
    "organization",
    "organisation",
    "network",
    "tv",
    "radio",
    "company",
    "corporation",
    "inc",
    "ltd",
    "media",
    "magazine",
    "television",
    "county",
    "city",
    "street",
    "security",
    "nations",
    "democrats",
    "republicans",
    "cnn",
    "fbi",
    "nato",
    "eu",
    "un",
    "nbc",
    "abc",
    "cbs",
    "fox",
    "msnbc",
    "bbc",
    "ap",
    "afp",
    "tass",
    "serbia",
    "russia",
    "america",
    "washington",
    "moscow",
    "belgrade",
    "kremlin",
    "pentagon",
];

/// Words that may stand between a speaker phrase and its verb ("Trump later said",
/// "Clinton has repeatedly said", "Putin on Monday said").
pub(crate) const SKIPPABLE: &[&str] = &[
    "are",
    "be",
    "being",
    "can",
    "should",
    "must",
    "am",
    "to",
    "went",
    "goes",
    "go",
    "going",
    "wanted",
    "wants",
    "decided",
    "used",
    "tried",
    "also",
    "later",
    "then",
    "has",
    "have",
    "had",
    "was",
    "is",
    "were",
    "would",
    "will",
    "once",
    "further",
    "again",
    "recently",
    "previously",
    "reportedly",
    "repeatedly",
    "earlier",
    "publicly",
    "privately",
    "simply",
    "flatly",
    "quickly",
    "now",
    "today",
    "yesterday",
    "tonight",
    "last",
    "week",
    "night",
    "on",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "not",
    "did",
    "does",
    "could",
    "may",
    "might",
    "already",
    "subsequently",
    "separately",
    "explicitly",
    "specifically",
    "often",
    "even",
    "just",
    "always",
    "never",
    "previously",
    "repeatedly",
    "has",
    "had",
    "been",
    "who",
    "morning",
    "afternoon",
    "evening",
    "widely",
    "firmly",
    "strongly",
    "clearly",
    "openly",
];

/// Object pronouns and hearer nouns after "told" ("told reporters", "told him").
pub(crate) const HEARERS: &[&str] = &[
    "him",
    "her",
    "them",
    "us",
    "me",
    "you",
    "reporters",
    "journalists",
    "supporters",
    "the",
    "a",
    "an",
    "crowd",
    "audience",
    "lawmakers",
    "voters",
    "students",
    "viewers",
];

/// Prepositions that open a phrase between a verb and its "that" ("said in a statement that").
pub(crate) const PREPOSITIONS: &[&str] = &[
    "in", "on", "at", "during", "after", "before", "to", "via", "with", "through", "earlier",
    "this", "last", "late", "from", "over", "while",
];

/// The parsed lexicon.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    /// Per lowercase word.
    pub words: HashMap<String, WordInfo>,
    /// Multi-word phrases, as lowercase word lists ("according to").
    pub phrases: Vec<Vec<String>>,
}

impl Lexicon {
    /// Parses the text format described at the top of `data/quote-cues.txt`.
    pub fn parse(text: &str) -> Lexicon {
        let mut lexicon = Lexicon::default();
        let mut section = "";
        for raw_line in text.lines() {
            let line = raw_line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with('[') && line.ends_with(']') {
                section = line.trim_matches(|c| c == '[' || c == ']');
                continue;
            }
            match section {
                "verbs" => {
                    let takes_object = line.split_whitespace().any(|w| w == "+obj");
                    let needs_that = line.split_whitespace().any(|w| w == "+that");
                    for form in line.split_whitespace().filter(|w| !w.starts_with('+')) {
                        let info = lexicon.words.entry(form.to_lowercase()).or_default();
                        info.verb = true;
                        info.takes_object |= takes_object;
                        info.needs_that |= needs_that;
                    }
                }
                "nouns" => {
                    // A multi-word noun ("press release") is keyed by its last word.
                    if let Some(last) = line.split_whitespace().last() {
                        lexicon.words.entry(last.to_lowercase()).or_default().noun = true;
                    }
                }
                "phrases" => {
                    let words: Vec<String> =
                        line.split_whitespace().map(|w| w.to_lowercase()).collect();
                    if !words.is_empty() {
                        lexicon.phrases.push(words);
                    }
                }
                "speakers" | "titles" | "female" | "male" | "female-names" | "male-names" => {
                    for word in line.split_whitespace() {
                        let info = lexicon
                            .words
                            .entry(word.trim_end_matches('.').to_lowercase())
                            .or_default();
                        match section {
                            "speakers" => info.speaker = true,
                            "titles" => info.title = true,
                            "female" => info.female = true,
                            "male" => info.male = true,
                            "female-names" => info.female_name = true,
                            _ => info.male_name = true,
                        }
                    }
                }
                _ => {}
            }
        }
        lexicon
    }

    /// What the lexicon knows about `lower` (a lowercase word).
    pub fn get(&self, lower: &str) -> WordInfo {
        self.words.get(lower).copied().unwrap_or_default()
    }
}

/// Sets one flag of a word's entry.
type MarkFn = fn(&mut WordInfo);

/// The shipped lexicon, parsed on first use, with the closed word classes of the rules
/// folded in so that each word needs one lookup.
pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lexicon = Lexicon::parse(CUES_TXT);
    let classes: [(&[&str], MarkFn); 6] = [
        (NON_NAME_CAPS, |i| i.non_name = true),
        (PARTICLES, |i| i.particle = true),
        (ORG_WORDS, |i| i.org = true),
        (SKIPPABLE, |i| i.skippable = true),
        (HEARERS, |i| i.hearer = true),
        (PREPOSITIONS, |i| i.preposition = true),
    ];
    for (list, mark) in classes {
        for word in list {
            mark(lexicon.words.entry((*word).to_string()).or_default());
        }
    }
    lexicon
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_list_parses() {
        let said = LEXICON.get("said");
        assert!(said.verb && !said.needs_that);
        assert!(LEXICON.get("told").takes_object);
        assert!(LEXICON.get("continued").needs_that);
        assert!(LEXICON.get("statement").noun);
        assert!(LEXICON.get("ministry").speaker);
        assert!(LEXICON.get("president").title);
        assert!(LEXICON.get("she").female);
        assert!(LEXICON.get("hillary").female_name && LEXICON.get("nikola").male_name);
        assert!(LEXICON
            .phrases
            .iter()
            .any(|p| p == &["according".to_string(), "to".to_string()]));
        assert_eq!(LEXICON.get("banana"), WordInfo::default());
    }
}
