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
}

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
                "speakers" | "titles" | "female" | "male" => {
                    for word in line.split_whitespace() {
                        let info = lexicon
                            .words
                            .entry(word.trim_end_matches('.').to_lowercase())
                            .or_default();
                        match section {
                            "speakers" => info.speaker = true,
                            "titles" => info.title = true,
                            "female" => info.female = true,
                            _ => info.male = true,
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

/// The shipped lexicon, parsed on first use.
pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::parse(CUES_TXT));

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
        assert!(LEXICON
            .phrases
            .iter()
            .any(|p| p == &["according".to_string(), "to".to_string()]));
        assert_eq!(LEXICON.get("banana"), WordInfo::default());
    }
}
