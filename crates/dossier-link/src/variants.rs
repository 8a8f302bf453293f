//! Misspelt and retyped surnames within one document: document-level consistency for names.
//!
//! A recognizer that tags "Nikolai Patrushev" as a person may miss "Petrusev" (a typo) later in
//! the same article, or tag "Petrushev" as a place. This stage runs per document, after entity
//! recognition and before the link stage: a capitalised word, or a one-word mention of
//! another kind, that is a close spelling of the surname of a person the document names in
//! full becomes a person mention, so the link stage can join it to that person. Known places,
//! countries and organisations are never retyped.

use dossier_core::{Annotator, Doc, EntityKind, Layer, Mention, TokenKind};
use dossier_kb::fold::fold;
use dossier_kb::KnowledgeBase;

/// The per-document stage; see the module documentation.
pub struct NameVariants {
    kb: KnowledgeBase,
}

impl NameVariants {
    /// The stage, with the knowledge base that says which names are places or organisations.
    pub fn new(kb: KnowledgeBase) -> NameVariants {
        NameVariants { kb }
    }

    /// True when the knowledge base knows `word` as a country, place or organisation.
    fn known_non_person(&self, word: &str) -> bool {
        self.kb.country(word).is_some()
            || self.kb.place(word, None).is_some()
            || self.kb.organization(word).is_some()
    }
}

/// Shortest surname considered: shorter names are too easily one letter from another word.
const MIN_SURNAME_CHARS: usize = 6;

/// Edit distance allowed between a surname and a variant of it: one letter for short names,
/// two from eight letters on ("Patrushev" / "Petrusev").
fn allowed_distance(len: usize) -> usize {
    if len >= 8 {
        2
    } else {
        1
    }
}

/// Levenshtein distance of two short ASCII-folded words, giving up above `limit`.
fn distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a = a.as_bytes();
    let b = b.as_bytes();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        let mut row_min = current[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
            row_min = row_min.min(current[j + 1]);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let d = previous[b.len()];
    (d <= limit).then_some(d)
}

/// The surname `word` is a variant of, if any: same first letter, within the allowed distance,
/// not identical (identical surnames are the link stage's ordinary case).
fn variant_of<'a>(word: &str, surnames: &'a [String]) -> Option<&'a String> {
    let first = word.chars().next()?;
    surnames.iter().find(|surname| {
        surname.as_str() != word
            && surname.starts_with(first)
            && distance_within(
                surname,
                word,
                allowed_distance(surname.len().max(word.len())),
            )
            .is_some()
    })
}

impl Annotator for NameVariants {
    fn name(&self) -> &'static str {
        "name-variants"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Mentions]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Mentions]
    }

    fn annotate(&self, doc: &mut Doc) {
        // Slicing by code point from the start of the text is linear; index it once.
        let index = dossier_core::CharIndex::new(&doc.text);
        let text_of = |span| doc.text.get(index.bytes(span)).unwrap_or("");
        // Surnames of the people the document names with at least two words, or by the
        // surname alone at least twice (the full name may sit inside a mistagged phrase).
        let mut surnames: Vec<String> = Vec::new();
        let mut single: Vec<(String, u32)> = Vec::new();
        for mention in doc.mentions.iter().filter(|m| m.kind == EntityKind::Person) {
            let folded = fold(
                text_of(mention.span)
                    .trim_end_matches("'s")
                    .trim_end_matches("’s"),
            );
            let Some(last) = folded.split(' ').next_back() else {
                continue;
            };
            if last.len() < MIN_SURNAME_CHARS {
                continue;
            }
            let repeated = if folded.contains(' ') {
                true
            } else {
                match single.iter_mut().find(|(word, _)| word == last) {
                    Some((_, n)) => {
                        *n += 1;
                        *n >= 2
                    }
                    None => {
                        single.push((last.to_string(), 1));
                        false
                    }
                }
            };
            if repeated && !surnames.iter().any(|s| s == last) {
                surnames.push(last.to_string());
            }
        }
        if surnames.is_empty() {
            return;
        }
        let mut changed = Vec::new();
        // One-word mentions of another kind that spell a surname ("Petrushev" as a place).
        for (idx, mention) in doc.mentions.iter().enumerate() {
            if mention.kind == EntityKind::Person || mention.token_end != mention.token_start + 1 {
                continue;
            }
            let text = text_of(mention.span)
                .trim_end_matches("'s")
                .trim_end_matches("’s");
            if self.known_non_person(text) {
                continue;
            }
            if let Some(surname) = variant_of(&fold(text), &surnames) {
                changed.push((
                    idx,
                    format!(
                        "“{text}” ({}) read as a variant of the surname {surname}",
                        mention.kind.as_str()
                    ),
                ));
            }
        }
        for (idx, note) in changed {
            if let Some(mention) = doc.mentions.get_mut(idx) {
                mention.kind = EntityKind::Person;
                doc.diagnostics
                    .push(dossier_core::Diagnostic::info("name-variants", note));
            }
        }
        // Capitalised words outside every mention that spell a surname ("Petrusev came").
        let mut covered = vec![false; doc.tokens.len()];
        for mention in &doc.mentions {
            for flag in covered
                .iter_mut()
                .take(mention.token_end as usize)
                .skip(mention.token_start as usize)
            {
                *flag = true;
            }
        }
        let mut added = Vec::new();
        for (idx, token) in doc.tokens.iter().enumerate() {
            if covered.get(idx).copied().unwrap_or(true) || token.kind != TokenKind::Word {
                continue;
            }
            let text = doc.text.get(index.bytes(token.span)).unwrap_or("");
            if text.chars().count() < MIN_SURNAME_CHARS
                || !text.chars().next().is_some_and(char::is_uppercase)
            {
                continue;
            }
            // An all-capitals word is a headline or an acronym, not a misspelt surname.
            if text.chars().all(|c| !c.is_lowercase()) || self.known_non_person(text) {
                continue;
            }
            if let Some(surname) = variant_of(&fold(text), &surnames) {
                added.push((
                    Mention {
                        span: token.span,
                        token_start: idx as u32,
                        token_end: idx as u32 + 1,
                        kind: EntityKind::Person,
                        entity: None,
                    },
                    format!("“{text}” read as a variant of the surname {surname}"),
                ));
            }
        }
        if added.is_empty() {
            return;
        }
        for (mention, note) in added {
            doc.mentions.push(mention);
            doc.diagnostics
                .push(dossier_core::Diagnostic::info("name-variants", note));
        }
        doc.mentions
            .sort_by_key(|mention| (mention.span.start, mention.span.end));
    }
}

#[cfg(test)]
mod tests {
    use dossier_core::{CharSpan, Meta};

    use super::*;

    /// A doc tokenised on spaces, with the given (word index range, kind) mentions.
    fn doc(text: &str, mentions: &[(usize, usize, EntityKind)]) -> Doc {
        let mut doc = Doc::new(Meta::default(), text.to_string());
        let mut start = 0u32;
        for word in text.split(' ') {
            let len = word.chars().count() as u32;
            doc.tokens.push(dossier_core::Token {
                span: CharSpan::new(start, start + len),
                ..Default::default()
            });
            start += len + 1;
        }
        for &(first, last, kind) in mentions {
            let span = CharSpan::new(doc.tokens[first].span.start, doc.tokens[last - 1].span.end);
            doc.mentions.push(Mention {
                span,
                token_start: first as u32,
                token_end: last as u32,
                kind,
                entity: None,
            });
        }
        doc
    }

    fn stage() -> NameVariants {
        NameVariants::new(KnowledgeBase::shipped().expect("shipped KB"))
    }

    #[test]
    fn a_misspelt_surname_becomes_a_person_mention() {
        let mut doc = doc(
            "Nikolai Patrushev came to Belgrade . Later Petrusev met Petrushev there",
            &[
                (0, 2, EntityKind::Person),
                (4, 5, EntityKind::Location),
                (9, 10, EntityKind::Location),
            ],
        );
        stage().annotate(&mut doc);
        let people: Vec<&str> = doc
            .mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Person)
            .map(|m| doc.slice(m.span))
            .collect();
        assert_eq!(people, ["Nikolai Patrushev", "Petrusev", "Petrushev"]);
        // Belgrade is a known place and stays one.
        assert_eq!(doc.mentions[1].kind, EntityKind::Location);
        assert!(doc
            .mentions
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start));
    }

    #[test]
    fn a_surname_named_alone_twice_is_enough() {
        let mut doc = doc(
            "Patrushev came . Patrushev spoke . Petrushev left . Markov stayed . Markova went",
            &[
                (0, 1, EntityKind::Person),
                (3, 4, EntityKind::Person),
                (6, 7, EntityKind::Location),
                (9, 10, EntityKind::Person),
                (12, 13, EntityKind::Location),
            ],
        );
        stage().annotate(&mut doc);
        let kinds: Vec<EntityKind> = doc.mentions.iter().map(|m| m.kind).collect();
        // Petrushev is read as Patrushev; Markov, named once, anchors nothing.
        assert_eq!(kinds[2], EntityKind::Person);
        assert_eq!(kinds[4], EntityKind::Location);
    }

    #[test]
    fn unrelated_words_and_other_names_are_left_alone() {
        let mut doc = doc(
            "Ana Kovač met Vladimir Popov . Later Markov and Kovacs spoke , and POPOV left",
            &[(0, 2, EntityKind::Person), (3, 5, EntityKind::Person)],
        );
        stage().annotate(&mut doc);
        // "Kovač" and "Popov" are too short to guess variants of; "Markov" is not close to
        // either; all-capitals words are headlines or acronyms.
        assert_eq!(doc.mentions.len(), 2);
    }

    #[test]
    fn distance_is_bounded() {
        assert_eq!(distance_within("patrushev", "petrusev", 2), Some(2));
        assert_eq!(distance_within("patrushev", "putin", 2), None);
        assert_eq!(distance_within("stefanovic", "stefanovic", 0), Some(0));
    }
}
