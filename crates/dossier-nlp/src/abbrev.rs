//! The abbreviation list (`data/abbreviations.txt`, embedded) and the shapes of abbreviations.
//!
//! The tokenizer asks whether a word followed by a full stop keeps the stop ("Mr.", "U.S.",
//! "J."); the sentence splitter asks what an abbreviation's stop means for a sentence end.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The list as shipped, readable text in the repository's `data/` folder.
const ABBREVIATIONS_TXT: &str = include_str!("../../../data/abbreviations.txt");

/// How an abbreviation's full stop is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AbbrevClass {
    /// A title before a name: its stop never ends a sentence ("Mr.", "Gen.").
    Title,
    /// An abbreviation only before a number ("No. 5").
    Number,
    /// An abbreviation that may end a sentence ("Inc.", "U.S."), and initials ("J.").
    Other,
    /// An abbreviation that often ends a sentence ("p.m.", "etc.").
    End,
}

/// Abbreviations (with their final stop) and their class, parsed once.
static ABBREVIATIONS: LazyLock<HashMap<&'static str, AbbrevClass>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    let mut class = AbbrevClass::Other;
    for line in ABBREVIATIONS_TXT.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line {
            "[title]" => class = AbbrevClass::Title,
            "[number]" => class = AbbrevClass::Number,
            "[other]" => class = AbbrevClass::Other,
            "[end]" => class = AbbrevClass::End,
            _ => {
                map.insert(line, class);
            }
        }
    }
    map
});

/// Longest abbreviation we look up, in bytes; longer words are never abbreviations.
const MAX_ABBREV_BYTES: usize = 24;

/// The class of `word` (with its final stop) in the list, if listed.
///
/// The word arrives as code points; it is copied into a stack buffer, so a lookup never
/// allocates.
pub(crate) fn lookup(word: &[char]) -> Option<AbbrevClass> {
    let mut buf = [0u8; MAX_ABBREV_BYTES];
    let mut len = 0;
    for &c in word {
        let n = c.len_utf8();
        if len + n > MAX_ABBREV_BYTES {
            return None;
        }
        c.encode_utf8(&mut buf[len..len + n]);
        len += n;
    }
    let text = std::str::from_utf8(&buf[..len]).ok()?;
    ABBREVIATIONS.get(text).copied()
}

/// True for letters-and-stops shapes that are abbreviations whatever the list says:
/// `core` (without the final stop) is one uppercase letter ("J"), or short letter groups
/// joined by stops ("U.S", "e.g", "Ph.D").
pub(crate) fn is_abbrev_shape(core: &[char]) -> bool {
    match core {
        [c] => c.is_uppercase(),
        _ => {
            if !core.contains(&'.') {
                return false;
            }
            core.split(|c| *c == '.').all(|group| {
                (1..=2).contains(&group.len()) && group.iter().all(|c| c.is_alphabetic())
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn list_is_parsed_by_section() {
        assert_eq!(lookup(&chars("Mr.")), Some(AbbrevClass::Title));
        assert_eq!(lookup(&chars("No.")), Some(AbbrevClass::Number));
        assert_eq!(lookup(&chars("Inc.")), Some(AbbrevClass::Other));
        assert_eq!(lookup(&chars("Jan.")), Some(AbbrevClass::Other));
        assert_eq!(lookup(&chars("p.m.")), Some(AbbrevClass::End));
        assert_eq!(lookup(&chars("Belgrade.")), None);
        assert_eq!(lookup(&chars("Vučić.")), None);
    }

    #[test]
    fn shapes() {
        assert!(is_abbrev_shape(&chars("J")));
        assert!(is_abbrev_shape(&chars("U.S")));
        assert!(is_abbrev_shape(&chars("Ph.D")));
        assert!(!is_abbrev_shape(&chars("a")));
        assert!(!is_abbrev_shape(&chars("bbc.co.uk")));
        assert!(!is_abbrev_shape(&chars("3.5")));
    }
}
