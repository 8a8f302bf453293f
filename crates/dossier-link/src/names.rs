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

/// Words dropped from an organisation's matching key when they end it: legal forms.
const LEGAL_SUFFIXES: &[&str] = &[
    "ltd",
    "limited",
    "plc",
    "corporation",
    "corp",
    "inc",
    "co",
    "llc",
    "spa",
    "group",
    "nv",
    "ag",
    "sa",
    "gmbh",
    "company",
    "holdings",
];

/// Honorifics dropped before a person's name.
const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "madam", "mme",
];

/// Function words that stay inside names ("Bank of America").
const FUNCTION_WORDS: &[&str] = &[
    "of", "and", "the", "for", "de", "du", "la", "on", "in", "&", "'s", "’s",
];

/// Words that start a sentence and that an entity recogniser sometimes takes into a
/// person's name ("What Patrushev will say"); never a given name.
const NOT_GIVEN_NAMES: &[&str] = &[
    "what",
    "when",
    "where",
    "why",
    "how",
    "who",
    "whom",
    "whose",
    "which",
    "while",
    "but",
    "and",
    "or",
    "as",
    "after",
    "before",
    "if",
    "though",
    "although",
    "because",
    "since",
    "then",
    "so",
    "yet",
    "still",
    "also",
    "both",
    "with",
    "without",
    "for",
    "from",
    "to",
    "by",
    "at",
    "in",
    "on",
    "of",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "your",
    "he",
    "she",
    "they",
    "we",
    "it",
    "i",
    "said",
    "says",
    "according",
    "meanwhile",
    "however",
    "yesterday",
    "today",
    "tomorrow",
];

/// What a mention's text gives once cleaned: the name, the title words written inside the
/// mention ("Senator", "Ryanair CEO"), and an acronym given in parentheses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct CleanName {
    /// The name to resolve and compare.
    pub(crate) name: String,
    /// Title words taken off a person's name, for role reading.
    pub(crate) title: String,
    /// "Singapore Airlines (SIA)": `SIA`.
    pub(crate) acronym: Option<String>,
}

/// Cleans a mention's text for its kind: cuts a parenthesis (keeping an acronym in it),
/// keeps the named side of a comma, drops descriptors before an organisation's or place's
/// name ("German airline Lufthansa") and honorifics and titles before a person's
/// ("Mr.", "Senator", "Ryanair CEO").
pub(crate) fn clean_name(
    text: &str,
    is_person: bool,
    is_title: impl Fn(&str) -> bool,
) -> CleanName {
    // Tokenised sources write "Japan 's"; join the possessive back to its word.
    let joined = text
        .replace(" 's", "'s")
        .replace(" ’s", "’s")
        .replace(" '", "'");
    let mut out = CleanName::default();
    let mut rest = joined.as_str();
    if let Some((left, inside)) = rest.split_once('(') {
        let inside = inside.split(')').next().unwrap_or("").trim();
        out.acronym = acronym(inside);
        rest = left;
    }
    if let Some((left, right)) = rest.split_once(',') {
        let left_named = if is_person {
            let left_has_title = left.split_whitespace().any(&is_title);
            let right_words: Vec<&str> = right
                .split_whitespace()
                .filter(|w| !HONORIFICS.contains(&fold(w).as_str()))
                .collect();
            let right_is_name = !right_words.is_empty()
                && right_words.len() <= 4
                && right_words.iter().all(|w| starts_upper(w) && !is_title(w));
            !(left_has_title && right_is_name)
                && left.split_whitespace().any(|w| {
                    starts_upper(w) && !is_title(w) && !HONORIFICS.contains(&fold(w).as_str())
                })
        } else {
            left.split_whitespace().last().is_some_and(starts_upper)
        };
        rest = if left_named || right.trim().is_empty() {
            left
        } else {
            right
        };
    }
    let cleaned = clean_mention(rest);
    let mut words: Vec<&str> = cleaned.split_whitespace().collect();
    if is_person {
        while words.len() > 1
            && words
                .first()
                .is_some_and(|w| NOT_GIVEN_NAMES.contains(&w.to_lowercase().as_str()))
        {
            words.remove(0);
        }
        let n_lead = words
            .iter()
            .take_while(|w| is_title(w) || HONORIFICS.contains(&fold(w).as_str()))
            .count();
        // "Ford Motor Company CEO Alan Mulally": the name follows the last title word.
        let last_title = words
            .iter()
            .rposition(|w| is_title(w))
            .map(|p| p + 1)
            .unwrap_or(0);
        let cut = n_lead.max(last_title);
        // What is left must look like a name: capitalised words (short particles such as
        // "de" or "bin" allowed), and two of them after a title inside the mention, so that
        // "Chief Executive Officer of General Motors" is not read as a person "Motors".
        let remainder = words.get(cut..).unwrap_or(&[]);
        let remainder_named = remainder.first().is_some_and(|w| starts_upper(w))
            && remainder
                .iter()
                .all(|w| starts_upper(w) || (w.len() <= 3 && !FUNCTION_WORDS.contains(w)))
            && (cut == n_lead || remainder.len() >= 2);
        if cut > 0 && remainder_named {
            out.title = words.get(..cut).unwrap_or(&[]).join(" ");
            words.drain(..cut);
        }
    } else {
        // Descriptors: lowercase words before the name ("European airframer Airbus").
        let last_lower = words.iter().rposition(|w| {
            !starts_upper(w)
                && !FUNCTION_WORDS.contains(&w.to_lowercase().as_str())
                && !w.chars().any(|c| c.is_ascii_digit())
        });
        if let Some(idx) = last_lower {
            if idx + 1 < words.len() {
                words.drain(..=idx);
            } else {
                // Trailing descriptors instead ("Nikkei stock index").
                let keep = words
                    .iter()
                    .rposition(|w| starts_upper(w) || w.chars().any(|c| c.is_ascii_digit()))
                    .map(|p| p + 1)
                    .unwrap_or(0);
                words.truncate(keep);
            }
        }
        while words
            .first()
            .is_some_and(|w| FUNCTION_WORDS.contains(&w.to_lowercase().as_str()))
        {
            words.remove(0);
        }
        // "Japan's Nikkei", "Singapore's Changi International Airport": the owner goes.
        if words.len() > 1
            && words
                .first()
                .is_some_and(|w| w.ends_with("'s") || w.ends_with("’s"))
        {
            words.remove(0);
        }
    }
    out.name = words.join(" ");
    if out.name.is_empty() {
        out.name = cleaned;
    }
    out
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The key organisations are compared by across documents: folded words without a final
/// legal form, each word's plural `s` dropped ("Ford Motors Co." and "Ford Motor Company"
/// both give `ford motor`).
pub(crate) fn org_key(name: &str) -> String {
    let folded = fold(name);
    let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    while words.len() > 1 && words.last().is_some_and(|w| LEGAL_SUFFIXES.contains(w)) {
        words.pop();
    }
    let singular: Vec<&str> = words
        .iter()
        .map(|w| {
            if w.len() > 4 && w.ends_with('s') && !w.ends_with("ss") {
                w.get(..w.len() - 1).unwrap_or(w)
            } else {
                w
            }
        })
        .collect();
    singular.join(" ")
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
    fn clean_names_by_kind() {
        let title = |w: &str| crate::roles::is_title_word(w);
        let org = |t: &str| clean_name(t, false, title);
        let person = |t: &str| clean_name(t, true, title);
        assert_eq!(org("German airline Lufthansa").name, "Lufthansa");
        assert_eq!(org("Irish low cost airline , Ryanair").name, "Ryanair");
        assert_eq!(org("Bank of America").name, "Bank of America");
        assert_eq!(org("the government of Germany").name, "Germany");
        assert_eq!(org("Toulouse , France").name, "Toulouse");
        assert_eq!(org("Japan 's Nikkei stock index").name, "Nikkei");
        let sia = org("Singapore Airlines ( SIA");
        assert_eq!(
            (sia.name.as_str(), sia.acronym.as_deref()),
            ("Singapore Airlines", Some("SIA"))
        );
        assert_eq!(person("Mr. Lee Hsien Loong").name, "Lee Hsien Loong");
        assert_eq!(person("What Patrushev").name, "Patrushev");
        assert_eq!(person("Senator John McCain ( R-AZ").name, "John McCain");
        let mulally = person("Ford Motor Company CEO Alan Mulally");
        assert_eq!(mulally.name, "Alan Mulally");
        assert_eq!(mulally.title, "Ford Motor Company CEO");
        assert_eq!(
            person("Ryanair CEO , Michael O' Leary").name,
            "Michael O' Leary"
        );
        assert_eq!(
            person("Jusman Syafii Djamal , minister of transport").name,
            "Jusman Syafii Djamal"
        );
        assert_eq!(
            person("Prime Minister of Canada").name,
            "Prime Minister of Canada"
        );
        assert_eq!(
            person("the Chief Executive Officer of General Motors").name,
            "Chief Executive Officer of General Motors"
        );
        assert_eq!(
            person("the Prime Minister of Singapore , Mr. Lee Hsien Loong").name,
            "Lee Hsien Loong"
        );
    }

    #[test]
    fn org_keys_drop_legal_forms() {
        assert_eq!(org_key("Ford Motors Co."), org_key("Ford Motor Company"));
        assert_eq!(org_key("AirTanker Ltd."), "airtanker");
        assert_eq!(org_key("Bank of America Corporation"), "bank of america");
        assert_ne!(org_key("General Motors"), org_key("General Electric"));
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
