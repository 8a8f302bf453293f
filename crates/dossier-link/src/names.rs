//! Name helpers: cleaning a mention's text, the parts of a person name, acronyms and initials,
//! and the slug used in entity ids.

use dossier_kb::fold::{fold, normalize_word, phonetic_key, strip_possessive};

/// Generational suffixes: two people whose names differ only in one are different people.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv", "junior", "senior"];

/// Words skipped when taking the initials of an organisation's name.
const INITIAL_STOPWORDS: &[&str] = &["of", "the", "and", "for", "on", "in", "de", "du", "la", "&"];

/// A mention's text ready for comparison: possessive and surrounding quotes or punctuation
/// removed, a leading "the" dropped.
pub(crate) fn clean_mention(text: &str) -> String {
    let trimmed = text.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '“' | '”' | '«' | '»' | ',' | ';' | ':' | '(' | ')')
    });
    let stripped = strip_possessive(trimmed);
    let stripped = match stripped.get(..4) {
        Some(head) if head.eq_ignore_ascii_case("the ") => stripped.get(4..).unwrap_or(""),
        _ => stripped,
    };
    stripped.trim().to_string()
}

/// The parts of a person's name after folding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PersonName {
    /// Folded given names (possibly initials), in order.
    pub(crate) given: Vec<String>,
    /// The folded surname (last word that is not a suffix).
    pub(crate) surname: String,
    /// A generational suffix ("jr"), if any.
    pub(crate) suffix: Option<String>,
}

impl PersonName {
    /// Splits a person name; `None` when it has no letters.
    pub(crate) fn parse(name: &str) -> Option<PersonName> {
        let folded = fold(name);
        let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        let mut suffix = None;
        if words.len() > 1 {
            if let Some(last) = words.last() {
                if SUFFIXES.contains(last) {
                    suffix = Some(normalize_suffix(last).to_string());
                    words.pop();
                }
            }
        }
        let surname = words.pop()?.to_string();
        Some(PersonName {
            given: words.iter().map(|w| w.to_string()).collect(),
            surname,
            suffix,
        })
    }

    /// True when only a surname is written.
    pub(crate) fn surname_only(&self) -> bool {
        self.given.is_empty()
    }

    /// The key blocking candidates by surname: its phonetic skeleton.
    pub(crate) fn surname_block(&self) -> String {
        phonetic_key(&self.surname)
    }

    /// A second surname key, so that a typo changing a consonant still meets its name:
    /// the first four letters of the normalised surname.
    pub(crate) fn surname_prefix_block(&self) -> String {
        let normalized = normalize_word(&self.surname);
        let prefix: String = normalized.chars().take(4).collect();
        format!("p:{prefix}")
    }
}

fn normalize_suffix(suffix: &str) -> &str {
    match suffix {
        "junior" => "jr",
        "senior" => "sr",
        other => other,
    }
}

/// The acronym key of a name written in capitals ("FSB", "U.N.", "G-7"): its letters and
/// digits in capitals, when the name is one word of at most seven such characters.
pub(crate) fn acronym(name: &str) -> Option<String> {
    let trimmed = name.trim();
    if trimmed.contains(' ') && !trimmed.contains('.') {
        return None;
    }
    let mut key = String::new();
    for ch in trimmed.chars() {
        if ch.is_alphabetic() {
            if !ch.is_uppercase() {
                return None;
            }
            key.push(ch);
        } else if ch.is_ascii_digit() {
            key.push(ch);
        } else if !matches!(ch, '.' | '-' | '&' | ' ') {
            return None;
        }
    }
    let n_letters = key.chars().filter(|c| c.is_alphabetic()).count();
    (n_letters >= 2 && key.chars().count() <= 7).then(|| fold(&key).to_ascii_uppercase())
}

/// The initials of a name of several capitalised words ("North Atlantic Treaty
/// Organization" → `NATO`), skipping function words; `None` for one word.
pub(crate) fn initials(name: &str) -> Option<String> {
    let mut key = String::new();
    let mut n_words = 0;
    for word in name.split(|c: char| c.is_whitespace() || c == '-') {
        if word.is_empty() || INITIAL_STOPWORDS.contains(&word.to_lowercase().as_str()) {
            continue;
        }
        let first = word.chars().next()?;
        if !first.is_uppercase() {
            return None;
        }
        n_words += 1;
        key.push(first);
    }
    (n_words >= 2).then(|| fold(&key).to_ascii_uppercase())
}

/// The slug of a name in an entity id: its folded words joined by hyphens.
pub(crate) fn slug(name: &str) -> String {
    fold(name).replace(' ', "-")
}

/// Title case of a phrase: each word's first letter in capitals, except function words.
pub(crate) fn title_case(phrase: &str) -> String {
    let mut out = String::with_capacity(phrase.len());
    for (idx, word) in phrase.split_whitespace().enumerate() {
        if idx > 0 {
            out.push(' ');
        }
        let lower = word.to_lowercase();
        if idx > 0 && matches!(lower.as_str(), "of" | "the" | "and" | "for" | "on" | "in") {
            out.push_str(&lower);
            continue;
        }
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_strips_possessives_quotes_and_the() {
        assert_eq!(clean_mention("Serbia’s"), "Serbia");
        assert_eq!(clean_mention("“the Kremlin”"), "Kremlin");
        assert_eq!(clean_mention(" Vučić's "), "Vučić");
    }

    #[test]
    fn person_names_split_into_parts() {
        let name = PersonName::parse("Vladimir Popov Jr.").unwrap();
        assert_eq!(name.given, ["vladimir"]);
        assert_eq!(name.surname, "popov");
        assert_eq!(name.suffix.as_deref(), Some("jr"));
        assert!(PersonName::parse("Popov").unwrap().surname_only());
        assert!(PersonName::parse("!!").is_none());
    }

    #[test]
    fn acronyms_and_initials() {
        assert_eq!(acronym("FSB").as_deref(), Some("FSB"));
        assert_eq!(acronym("U.N.").as_deref(), Some("UN"));
        assert_eq!(acronym("Nato"), None);
        assert_eq!(acronym("A"), None);
        assert_eq!(
            initials("North Atlantic Treaty Organization").as_deref(),
            Some("NATO")
        );
        assert_eq!(
            initials("Ministry of Foreign Affairs").as_deref(),
            Some("MFA")
        );
        assert_eq!(initials("Serbia"), None);
    }

    #[test]
    fn slugs_and_title_case() {
        assert_eq!(slug("Nebojša Stefanović"), "nebojsa-stefanovic");
        assert_eq!(
            title_case("secretary of the security council"),
            "Secretary of the Security Council"
        );
    }
}
