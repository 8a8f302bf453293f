//! Roles learned from text: a title before a person's name ("Serbian Interior Minister
//! Nebojsa Stefanovic") and an apposition after it ("Nikolai Patrushev, secretary of
//! President Vladimir Putin's Security Council"), with "former" roles marked.
//!
//! The reader works on the words of the mention's sentence: a title is a run of title words
//! (heads such as "minister" or "spokesperson", modifiers such as "deputy" or "foreign",
//! capitalised names) ending in a head; the country comes from a demonym, a possessive, a
//! named organisation or a person of known country inside the phrase.

use chrono::NaiveDate;
use dossier_core::{CharSpan, Doc};
use dossier_kb::KnowledgeBase;

use crate::names::title_case;
use crate::Role;

/// Words that end a title: the office itself.
const TITLE_HEADS: &[&str] = &[
    "minister",
    "president",
    "secretary",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "chief",
    "head",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "ambassador",
    "premier",
    "leader",
    "mayor",
    "governor",
    "commander",
    "adviser",
    "advisor",
    "envoy",
    "ceo",
    "chancellor",
    "speaker",
    "judge",
    "prosecutor",
    "editor",
    "official",
    "king",
    "queen",
    "general",
    "lawmaker",
    "senator",
    "mp",
    "deputy",
];

/// Words that may stand inside a title before its head.
const TITLE_MODIFIERS: &[&str] = &[
    "former",
    "ex",
    "acting",
    "deputy",
    "then",
    "vice",
    "prime",
    "foreign",
    "interior",
    "defence",
    "defense",
    "security",
    "national",
    "top",
    "senior",
    "first",
    "state",
    "assistant",
    "council",
    "ministry",
    "affairs",
    "internal",
    "intelligence",
    "parliament",
    "parliamentary",
    "army",
    "police",
    "powerful",
    "chief",
    "general",
    "press",
    "opposition",
    "finance",
    "justice",
    "economy",
    "trade",
    "energy",
];

/// Words dropped at the start of an apposition.
const APPOSITION_LEADS: &[&str] = &["the", "a", "an", "now", "currently"];

/// True for a word that may be part of a title written before a name ("President",
/// "Interior", "Minister"), compared in lowercase.
pub(crate) fn is_title_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    is_head(&lower) || is_modifier(&lower)
}

fn is_head(word: &str) -> bool {
    TITLE_HEADS.contains(&word)
}

fn is_modifier(word: &str) -> bool {
    TITLE_MODIFIERS.contains(&word)
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A word without a trailing possessive, and whether it had one.
fn possessive(word: &str) -> (&str, bool) {
    for suffix in ["'s", "’s"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return (stem, true);
        }
    }
    for suffix in ["'", "’"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.ends_with('s') {
                return (stem, true);
            }
        }
    }
    (word, false)
}

/// The span of the sentence holding `span`, or the whole text when there are no sentences.
fn sentence_span(doc: &Doc, span: CharSpan) -> CharSpan {
    doc.sentence_at(span.start)
        .and_then(|idx| doc.sentences.get(idx))
        .map(|sentence| sentence.span)
        .unwrap_or_else(|| CharSpan::new(0, doc.text.chars().count() as u32))
}

/// The roles the text around a person mention gives: a title before it (`prefix` adds title
/// words the NER stage put inside the mention) and an apposition after it.
pub(crate) fn roles_around(
    doc: &Doc,
    span: CharSpan,
    prefix: &str,
    kb: &KnowledgeBase,
    date: Option<NaiveDate>,
) -> Vec<Role> {
    let sentence = sentence_span(doc, span);
    let before = doc.slice(CharSpan::new(sentence.start.min(span.start), span.start));
    let after = doc.slice(CharSpan::new(span.end, sentence.end.max(span.end)));
    let mut roles = Vec::new();
    let mut before_words: Vec<&str> = before.split_whitespace().collect();
    before_words.extend(prefix.split_whitespace());
    if let Some(role) = title_before(&before_words, kb, date, doc) {
        roles.push(role);
    }
    if let Some(role) = apposition_after(after, kb, date, doc) {
        roles.push(role);
    }
    roles
}

/// "Serbian Interior Minister" right before the name.
fn title_before(
    words: &[&str],
    kb: &KnowledgeBase,
    date: Option<NaiveDate>,
    doc: &Doc,
) -> Option<Role> {
    let mut run_start = words.len();
    for (idx, word) in words.iter().enumerate().rev() {
        // Punctuation ends the run: "said on Monday, Patrushev" has no title.
        if word.ends_with([',', ';', ':', '.', ')', '"', '”']) {
            break;
        }
        let (stem, _) = possessive(word);
        let lower = stem.to_lowercase();
        if is_head(&lower) || is_modifier(&lower) || starts_upper(stem) {
            run_start = idx;
        } else {
            break;
        }
    }
    let run = words.get(run_start..)?;
    let last = run.last()?;
    if !is_head(&possessive(last).0.to_lowercase()) {
        return None;
    }
    // The title starts at the first title word; the capitalised words before it name the
    // country or the organisation ("Russian Security Council chief").
    let first_title = run.iter().position(|w| {
        let lower = possessive(w).0.to_lowercase();
        is_head(&lower) || is_modifier(&lower)
    })?;
    let mut former = false;
    let mut country = None;
    let mut title_words = Vec::new();
    let mut org_words = Vec::new();
    for (idx, word) in run.iter().enumerate() {
        let (stem, _) = possessive(word);
        let lower = stem.to_lowercase();
        if lower == "former" || lower == "ex" {
            former = true;
            continue;
        }
        if lower == "then" || lower == "powerful" || lower == "top" {
            continue;
        }
        if country.is_none() {
            if let Some(c) = kb.country(stem) {
                country = Some(c.alpha3.clone());
                // Words before the country belong to the sentence, not the title
                // ("Later Serbian Interior Minister").
                org_words.clear();
                continue;
            }
        }
        if idx < first_title {
            org_words.push(stem);
        } else {
            title_words.push(stem);
        }
    }
    if title_words.is_empty() {
        return None;
    }
    let phrase = run.join(" ");
    if country.is_none() {
        country = country_of_phrase(kb, &phrase, &org_words);
    }
    let organization = (!org_words.is_empty()).then(|| org_words.join(" "));
    let mut title = title_case(&title_words.join(" "));
    if let Some(org) = &organization {
        title = format!("{} {title}", title_case(org));
    }
    Some(make_role(
        kb,
        title,
        organization,
        country,
        former,
        date,
        doc,
    ))
}

/// ", secretary of President Vladimir Putin's Security Council," right after the name.
fn apposition_after(
    after: &str,
    kb: &KnowledgeBase,
    date: Option<NaiveDate>,
    doc: &Doc,
) -> Option<Role> {
    let rest = after.trim_start().strip_prefix(',')?;
    let end = rest
        .find([',', ';', '(', ')', '—', '–', '"', '“', '”'])
        .unwrap_or(rest.len());
    let mut clause = rest.get(..end).unwrap_or(rest).trim();
    if let Some(idx) = clause.find(". ") {
        clause = clause.get(..idx).unwrap_or(clause);
    }
    let clause = clause.trim_end_matches('.');
    let words: Vec<&str> = clause.split_whitespace().take(16).collect();
    let mut idx = 0;
    while words
        .get(idx)
        .is_some_and(|w| APPOSITION_LEADS.contains(&w.to_lowercase().as_str()))
    {
        idx += 1;
    }
    // The title: a run of modifiers, country words and heads, within the first words.
    let mut former = false;
    let mut country = None;
    let mut title_words = Vec::new();
    let mut last_head = None;
    while let Some(word) = words.get(idx) {
        let (stem, possessed) = possessive(word);
        let lower = stem.to_lowercase();
        if lower == "former" || lower == "ex" {
            former = true;
        } else if is_head(&lower) {
            title_words.push(stem);
            last_head = Some(title_words.len());
        } else if is_modifier(&lower) {
            if !matches!(lower.as_str(), "then" | "powerful" | "top") {
                title_words.push(stem);
            }
        } else if let Some(c) = starts_upper(stem).then(|| kb.country(stem)).flatten() {
            country.get_or_insert_with(|| c.alpha3.clone());
        } else if possessed && starts_upper(stem) {
            // "the Kremlin's", "Gazprom's": the organisation the role is in.
            title_words.push(stem);
        } else {
            break;
        }
        idx += 1;
        if idx > 6 {
            break;
        }
    }
    let n_title = last_head?;
    title_words.truncate(n_title);
    let after_title = words.get(idx..).unwrap_or(&[]);
    let mut organization = None;
    let mut with_article = false;
    if let Some((first, org_phrase)) = after_title.split_first() {
        if matches!(first.to_lowercase().as_str(), "of" | "at" | "for" | "in") {
            // The last possessive splits "President Vladimir Putin's | Security Council".
            let split = org_phrase
                .iter()
                .rposition(|w| possessive(w).1)
                .map(|p| p + 1)
                .unwrap_or(0);
            let (owner, org) = org_phrase.split_at(split);
            with_article = split > 0;
            let mut org = org.to_vec();
            if org.first().is_some_and(|w| w.eq_ignore_ascii_case("the")) {
                org.remove(0);
                with_article = true;
            }
            // "head of the Russian Security Council": the demonym is the country.
            if org.len() > 1 {
                if let Some(c) = org.first().and_then(|w| kb.country(w)) {
                    country.get_or_insert_with(|| c.alpha3.clone());
                    org.remove(0);
                }
            }
            if org.first().is_some_and(|w| starts_upper(w)) {
                organization = Some(org.join(" "));
            }
            if country.is_none() && !owner.is_empty() {
                let owner_words: Vec<&str> = owner.iter().map(|w| possessive(w).0).collect();
                country = country_of_phrase(kb, &owner_words.join(" "), &owner_words);
            }
            if country.is_none() {
                if let Some(org) = &organization {
                    country = country_of_phrase(kb, org, &[]);
                }
            }
        }
    }
    let mut title = title_case(&title_words.join(" "));
    if let Some(org) = &organization {
        let article = if with_article { "the " } else { "" };
        title = format!("{title} of {article}{org}");
    }
    if country.is_none() {
        country = kb.role_phrase(clause).map(|(country, _)| country);
    }
    Some(make_role(
        kb,
        title,
        organization,
        country,
        former,
        date,
        doc,
    ))
}

/// The country a phrase implies: a demonym or country name among its words, an
/// organisation of known country ("Kremlin"), a person of known country ("President
/// Vladimir Putin"), or a role phrase the knowledge base reads.
fn country_of_phrase(kb: &KnowledgeBase, phrase: &str, words: &[&str]) -> Option<String> {
    for word in words {
        if let Some(country) = kb.country(word) {
            return Some(country.alpha3.clone());
        }
        if let Some(org) = kb.organization(word) {
            if org.country != "IGO" {
                return Some(org.country.clone());
            }
        }
    }
    if let Some(org) = kb.organization(phrase) {
        return Some(org.country.clone());
    }
    let names: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !is_head(&w.to_lowercase()) && starts_upper(w))
        .collect();
    if names.len() >= 2 {
        if let Some(person) = kb.person(&names.join(" ")) {
            return person.country.clone();
        }
    }
    kb.role_phrase(phrase).map(|(country, _)| country)
}

fn make_role(
    kb: &KnowledgeBase,
    title: String,
    organization: Option<String>,
    country: Option<String>,
    former: bool,
    date: Option<NaiveDate>,
    doc: &Doc,
) -> Role {
    let code = country.as_deref().map(|c| {
        let cameo = kb.cameo_country(c).unwrap_or(c);
        format!("{cameo}{}", sector(&title, organization.as_deref()))
    });
    Role {
        title,
        organization,
        country,
        as_of: date,
        doc: Some(doc.id.to_string()),
        former,
        source: "text".to_string(),
        code,
    }
}

/// The CAMEO sector a title implies; government unless a word says otherwise.
pub(crate) fn sector(title: &str, organization: Option<&str>) -> &'static str {
    let text = format!(" {} {} ", title, organization.unwrap_or("")).to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if has(&[
        "intelligence",
        "security service",
        " fsb",
        " svr",
        " gru",
        " bia",
        " cia",
        " spy",
    ]) {
        "SPY"
    } else if has(&[
        " army",
        "military",
        "general staff",
        "armed forces",
        "commander",
        " general ",
    ]) {
        "MIL"
    } else if has(&["court", " judge", "prosecutor"]) {
        "JUD"
    } else if has(&[
        "parliament",
        "assembly",
        " duma",
        "senator",
        "lawmaker",
        " mp ",
        "speaker",
        "congress",
    ]) {
        "LEG"
    } else if has(&[
        "journalist",
        " editor",
        "newspaper",
        " media",
        "reporter",
        "correspondent",
    ]) {
        "MED"
    } else if has(&["opposition"]) {
        "OPP"
    } else if has(&["rebel", "militia"]) {
        "REB"
    } else if has(&[" ngo", "activist", "foundation", "human rights"]) {
        "NGO"
    } else if has(&[" ceo", "company", "executive", " bank", "business"]) {
        "BUS"
    } else {
        "GOV"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::Meta;

    fn kb() -> KnowledgeBase {
        KnowledgeBase::shipped().unwrap()
    }

    fn roles_of(text: &str, name: &str) -> Vec<Role> {
        let doc = Doc::new(Meta::default(), text.to_string());
        let byte = text.find(name).unwrap();
        let start = text[..byte].chars().count() as u32;
        let span = CharSpan::new(start, start + name.chars().count() as u32);
        roles_around(&doc, span, "", &kb(), NaiveDate::from_ymd_opt(2017, 1, 1))
    }

    #[test]
    fn title_before_name_with_demonym() {
        let roles = roles_of(
            "Yesterday Ruritanian Interior Minister Petar Novak spoke. Later Serbian Interior Minister Dragan Petrov arrived.",
            "Dragan Petrov",
        );
        assert_eq!(roles.len(), 1, "{roles:?}");
        assert_eq!(roles[0].title, "Interior Minister");
        assert_eq!(roles[0].country.as_deref(), Some("SRB"));
        assert_eq!(roles[0].code.as_deref(), Some("SRBGOV"));
        assert!(!roles[0].former);
    }

    #[test]
    fn apposition_with_possessive_owner() {
        let roles = roles_of(
            "Ivan Sokolov, secretary of President Vladimir Putin's Security Council, arrived.",
            "Ivan Sokolov",
        );
        assert_eq!(roles.len(), 1, "{roles:?}");
        assert_eq!(roles[0].title, "Secretary of the Security Council");
        assert_eq!(roles[0].organization.as_deref(), Some("Security Council"));
        assert_eq!(roles[0].country.as_deref(), Some("RUS"));
    }

    #[test]
    fn apposition_with_country_possessive() {
        let roles = roles_of(
            "Olga Ivanova, spokesperson of Russia's Ministry of Foreign Affairs, said so.",
            "Olga Ivanova",
        );
        assert_eq!(roles.len(), 1, "{roles:?}");
        assert_eq!(
            roles[0].title,
            "Spokesperson of the Ministry of Foreign Affairs"
        );
        assert_eq!(roles[0].country.as_deref(), Some("RUS"));
    }

    #[test]
    fn a_demonym_inside_the_organisation_is_the_country() {
        let roles = roles_of(
            "Ivan Sokolov, the head of the Russian Security Council, arrived.",
            "Ivan Sokolov",
        );
        assert_eq!(roles.len(), 1, "{roles:?}");
        assert_eq!(roles[0].title, "Head of the Security Council");
        assert_eq!(roles[0].country.as_deref(), Some("RUS"));
    }

    #[test]
    fn former_roles_are_marked() {
        let roles = roles_of(
            "They met former Serbian President Marko Ilic in May.",
            "Marko Ilic",
        );
        assert_eq!(roles.len(), 1, "{roles:?}");
        assert!(roles[0].former);
        assert_eq!(roles[0].title, "President");
    }

    #[test]
    fn no_role_without_a_title_word() {
        assert!(roles_of(
            "On Monday in Belgrade Marko Ilic said, in short, no.",
            "Marko Ilic"
        )
        .is_empty());
        assert!(roles_of("Marko Ilic, who arrived late, said no.", "Marko Ilic").is_empty());
    }

    #[test]
    fn sectors_from_titles() {
        assert_eq!(sector("Director", Some("Federal Security Service")), "SPY");
        assert_eq!(sector("Chief of the General Staff", None), "MIL");
        assert_eq!(sector("Speaker of Parliament", None), "LEG");
        assert_eq!(sector("Interior Minister", None), "GOV");
        assert_eq!(sector("Opposition Leader", None), "OPP");
    }
}
