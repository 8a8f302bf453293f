//! Speaker names: the candidate names of a document (entity mentions when the tagger ran,
//! otherwise runs of capitalised words), the fullest form of a name, and the resolution of
//! pronouns and definite nominals ("he", "the ministry") to an earlier name.

use std::collections::HashMap;

use dossier_core::{CharSpan, Doc, EntityKind, Speaker};

use crate::cues::LEXICON;
use crate::scan::{WordKind, Words};

/// Personal pronouns that can be the subject of a speech verb.
pub(crate) fn pronoun_gender(lower: &str) -> Option<Option<Gender>> {
    match lower {
        "he" => Some(Some(Gender::Male)),
        "she" => Some(Some(Gender::Female)),
        "they" | "we" | "i" | "it" | "you" => Some(None),
        _ => None,
    }
}

/// True for capitalised words that are never part of a name.
pub(crate) fn is_non_name_cap(lower: &str) -> bool {
    LEXICON.get(lower).non_name
}

/// True for particles that may sit inside a name.
pub(crate) fn is_particle(lower: &str) -> bool {
    LEXICON.get(lower).particle
}

/// A speaker's grammatical gender, as far as the text shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gender {
    /// "he", "Mr", "spokesman".
    Male,
    /// "she", "Mrs", "spokeswoman".
    Female,
}

/// A name in the document: a mention, or a run of capitalised words.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Candidate {
    /// First word (after any title).
    pub first: usize,
    /// One past its last word.
    pub last: usize,
    /// Its text span (a final possessive left out).
    pub span: CharSpan,
    /// The mention it is, when names come from mentions.
    pub mention: Option<u32>,
    /// Looks like a person (a person mention, or a multi-word run without organisation words).
    pub person: bool,
    /// Lies inside a quotation.
    pub in_quote: bool,
    /// Index of the title word just before it, if any ("President" in "President Putin").
    pub title: Option<usize>,
}

/// The names of a document and what is known of them.
#[derive(Debug, Default)]
pub(crate) struct Names {
    /// Candidates in text order.
    pub list: Vec<Candidate>,
    /// Candidate indices by the lowercase last word of the name.
    by_last: HashMap<String, Vec<usize>>,
    /// Gender learnt so far, by lowercase last word.
    gender: HashMap<String, Gender>,
}

impl Names {
    /// Collects the names of `doc`: its person and organisation mentions when there are any,
    /// else capitalised runs found by [`collect_runs`].
    pub fn collect(doc: &Doc, words: &Words) -> Names {
        let mut names = Names::default();
        if doc.mentions.is_empty() {
            collect_runs(words, &mut names.list);
        } else {
            for (mention_idx, mention) in doc.mentions.iter().enumerate() {
                if mention.kind == EntityKind::Location {
                    continue;
                }
                let first = words.first_at(mention.span.start);
                let last = words.first_at(mention.span.end).max(first);
                if first >= last {
                    continue;
                }
                let mut span = mention.span;
                if words.list.get(last - 1).is_some_and(|w| w.possessive) {
                    span.end = span.end.saturating_sub(2).max(span.start);
                }
                names.list.push(Candidate {
                    first,
                    last,
                    span,
                    mention: Some(mention_idx as u32),
                    person: mention.kind == EntityKind::Person,
                    in_quote: words.list.get(first).is_some_and(|w| w.in_quote),
                    title: title_before(words, first),
                });
            }
        }
        for (idx, candidate) in names.list.iter().enumerate() {
            let key = words.lower(candidate.last - 1).to_string();
            names.by_last.entry(key).or_default().push(idx);
        }
        // A name is a person's when any mention of it looks like one ("Trump said" makes
        // "As for Trump" a person too).
        for indices in names.by_last.values() {
            if indices.iter().any(|&i| names.list[i].person) {
                for &i in indices {
                    names.list[i].person = true;
                }
            }
        }
        // First names tell gender too ("Hillary Clinton", "Jelena Milić"): listed ones, and
        // otherwise names ending in -a, the female ending in Slavic and Romance languages.
        for candidate in &names.list {
            if !candidate.person || candidate.last - candidate.first < 2 {
                continue;
            }
            let first_name = words.lower(candidate.first);
            let info = words.list[candidate.first].info;
            let gender = if info.female_name {
                Some(Gender::Female)
            } else if info.male_name {
                Some(Gender::Male)
            } else if first_name.chars().count() > 2 && first_name.ends_with('a') {
                Some(Gender::Female)
            } else {
                None
            };
            if let Some(gender) = gender {
                names
                    .gender
                    .entry(words.lower(candidate.last - 1).to_string())
                    .or_insert(gender);
            }
        }
        // Titles tell gender ("Mrs Clinton"); a person's single surname inherits the
        // person-likeness of its fuller form.
        for idx in 0..names.list.len() {
            let candidate = names.list[idx];
            let key = words.lower(candidate.last - 1);
            if let Some(title) = candidate.title {
                let info = words.list[title].info;
                if info.female {
                    names.gender.insert(key.to_string(), Gender::Female);
                } else if info.male {
                    names.gender.insert(key.to_string(), Gender::Male);
                }
            }
            if !candidate.person {
                let fuller = names.fullest(idx, words);
                if fuller != idx && names.list[fuller].person {
                    names.list[idx].person = true;
                }
            }
        }
        names
    }

    /// The index of the fullest candidate naming the same entity as candidate `idx`:
    /// the longest with the same last word that contains all of its words.
    pub fn fullest(&self, idx: usize, words: &Words) -> usize {
        let Some(candidate) = self.list.get(idx) else {
            return idx;
        };
        let key = words.lower(candidate.last - 1);
        let mut best = idx;
        let mut best_len = candidate.last - candidate.first;
        for &other_idx in self.by_last.get(key).map(|v| v.as_slice()).unwrap_or(&[]) {
            let other = self.list[other_idx];
            let len = other.last - other.first;
            if len > best_len
                && (candidate.first..candidate.last)
                    .all(|w| (other.first..other.last).any(|o| words.lower(o) == words.lower(w)))
            {
                best = other_idx;
                best_len = len;
            }
        }
        best
    }

    /// The last candidate lying inside the word range `[first, last)`.
    pub fn inside(&self, first: usize, last: usize) -> Option<usize> {
        let end = self.list.partition_point(|c| c.first < last);
        self.list[..end]
            .iter()
            .rposition(|c| c.first >= first && c.last <= last)
    }

    /// Records that the entity named by candidate `idx` has `gender`.
    pub fn learn_gender(&mut self, idx: usize, gender: Gender, words: &Words) {
        if let Some(candidate) = self.list.get(idx) {
            self.gender
                .entry(words.lower(candidate.last - 1).to_string())
                .or_insert(gender);
        }
    }

    /// The most recent person named before word `before`, outside quotations, whose known
    /// gender does not contradict `gender`; among the last few people named, one whose gender
    /// is known to match is preferred.
    pub fn last_person(
        &self,
        before: usize,
        gender: Option<Gender>,
        words: &Words,
    ) -> Option<usize> {
        let end = self.list.partition_point(|c| c.first < before);
        let mut first_compatible = None;
        let mut n_seen = 0;
        for idx in (0..end).rev() {
            let c = self.list[idx];
            if !c.person || c.in_quote {
                continue;
            }
            let known = self.gender.get(words.lower(c.last - 1)).copied();
            match (gender, known) {
                (Some(wanted), Some(known)) if wanted == known => return Some(idx),
                (Some(wanted), Some(known)) if wanted != known => {}
                _ => {
                    if first_compatible.is_none() {
                        first_compatible = Some(idx);
                    }
                }
            }
            n_seen += 1;
            if n_seen >= 4 {
                break;
            }
        }
        first_compatible
    }

    /// The most recent name before word `before` that contains `head` (or whose title is
    /// `head`): "the ministry" → "the Russian Foreign Ministry".
    pub fn last_with_head(&self, before: usize, head: &str, words: &Words) -> Option<usize> {
        let end = self.list.partition_point(|c| c.first < before);
        self.list[..end].iter().rposition(|c| {
            c.title.is_some_and(|t| words.lower(t) == head)
                || (c.first..c.last).any(|w| words.lower(w) == head)
        })
    }

    /// The speaker for the speaker phrase `[first, last)`, resolving pronouns and definite
    /// nominals against earlier names.
    pub fn speaker(
        &mut self,
        chars: &[char],
        words: &Words,
        first: usize,
        mut last: usize,
    ) -> Option<Speaker> {
        // "The ministry’s statement said": the owner of the statement is the speaker.
        if last > first + 1 && words.list.get(last - 1).is_some_and(|w| w.info.noun) {
            if let Some(owner) = (first..last - 1).rev().find(|&w| words.list[w].possessive) {
                last = owner + 1;
            }
        }
        let phrase_first = words.list.get(first)?;
        let phrase_last = words.list.get(last.checked_sub(1)?)?;
        // A final possessive is not part of the name ("The ministry’s").
        let phrase_end = if phrase_last.possessive {
            phrase_last.end.saturating_sub(2).max(phrase_first.start)
        } else {
            phrase_last.end
        };
        let phrase_span = CharSpan::new(phrase_first.start, phrase_end);
        let phrase_text = || collapse_spaces(chars, phrase_span);
        let from_candidate = |names: &Names, idx: usize| {
            let fullest = names.fullest(idx, words);
            let candidate = names.list[fullest];
            let mention = names.list[idx].mention.or(candidate.mention);
            (collapse_spaces(chars, candidate.span), mention)
        };
        // A single pronoun: the last person who can speak, for "he" and "she".
        if last - first == 1 {
            if let Some(gender) = pronoun_gender(words.lower(first)) {
                let Some(gender) = gender else {
                    return Some(Speaker {
                        name: phrase_text(),
                        span: Some(phrase_span),
                        mention: None,
                    });
                };
                return Some(match self.last_person(first, Some(gender), words) {
                    Some(idx) => {
                        self.learn_gender(idx, gender, words);
                        let (name, mention) = from_candidate(self, idx);
                        Speaker {
                            name,
                            span: Some(phrase_span),
                            mention,
                        }
                    }
                    None => Speaker {
                        name: phrase_text(),
                        span: Some(phrase_span),
                        mention: None,
                    },
                });
            }
        }
        // A definite nominal ("the ministry", "the Serbian president"): the last name with that
        // head word, or with that title ("President Ana Lukić"); otherwise the phrase itself.
        // Capitalised modifiers ("Serbian") are not names here.
        let head_is_common = words
            .list
            .get(last - 1)
            .is_some_and(|w| !w.cap && w.kind == WordKind::Alpha);
        // Any other phrase headed by a common noun ("Serbian media", "Trump’s campaign", "a
        // former police chief") is named by itself, not by the name inside it.
        if head_is_common && !is_determiner_word(words.lower(first)) {
            return Some(Speaker {
                name: phrase_text(),
                span: Some(phrase_span),
                mention: None,
            });
        }
        if words.is(first, "the") && head_is_common {
            let head = words.lower(last - 1);
            let (name, mention) = match self.last_with_head(first, head, words) {
                Some(idx) => from_candidate(self, idx),
                None => (phrase_text(), None),
            };
            return Some(Speaker {
                name,
                span: Some(phrase_span),
                mention,
            });
        }
        // A name inside the phrase: its fullest form.
        if let Some(idx) = self.inside(first, last) {
            for w in first..last {
                let info = words.list[w].info;
                if info.female {
                    self.learn_gender(idx, Gender::Female, words);
                } else if info.male {
                    self.learn_gender(idx, Gender::Male, words);
                }
            }
            let (name, mention) = from_candidate(self, idx);
            return Some(Speaker {
                name,
                span: Some(phrase_span),
                mention,
            });
        }
        // Anything else is named by the phrase itself ("a source", "officials").
        Some(Speaker {
            name: phrase_text(),
            span: Some(phrase_span),
            mention: None,
        })
    }
}

/// The text of `span` with every run of white space (line breaks, no-break spaces) made one
/// space. Works on the code points, since slicing the doc text by code point is a scan.
fn collapse_spaces(chars: &[char], span: CharSpan) -> String {
    let start = (span.start as usize).min(chars.len());
    let end = (span.end as usize).min(chars.len()).max(start);
    let mut out = String::with_capacity(end - start);
    let mut pending_space = false;
    for &c in &chars[start..end] {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// True for the determiners that may open a definite or indefinite nominal.
fn is_determiner_word(lower: &str) -> bool {
    matches!(lower, "the" | "a" | "an" | "this" | "that")
}

/// The title word just before word `first`, if any (skipping a "." after abbreviations).
fn title_before(words: &Words, first: usize) -> Option<usize> {
    let mut idx = first.checked_sub(1)?;
    if words.is_punct(idx, '.') {
        idx = idx.checked_sub(1)?;
    }
    words.list.get(idx).filter(|w| w.info.title).map(|_| idx)
}

/// Finds runs of capitalised words (with particles inside), titles and sentence-opening
/// function words stripped from their front.
fn collect_runs(words: &Words, out: &mut Vec<Candidate>) {
    let n = words.len();
    let mut i = 0;
    while i < n {
        let word = words.list[i];
        if !(word.kind == WordKind::Alpha && word.cap) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < n {
            let next = words.list[end];
            let prev = words.list[end - 1];
            if prev.possessive || next.kind != WordKind::Alpha {
                break;
            }
            if next.cap {
                end += 1;
            } else if is_particle(words.lower(end))
                && words
                    .list
                    .get(end + 1)
                    .is_some_and(|w| w.cap && w.kind == WordKind::Alpha)
            {
                end += 2;
            } else {
                break;
            }
        }
        let mut first = i;
        let mut title = None;
        while first < end {
            let lower = words.lower(first);
            let info = words.list[first].info;
            if is_non_name_cap(lower) {
                first += 1;
            } else if info.title && first + 1 < end {
                title = Some(first);
                first += 1;
            } else {
                break;
            }
        }
        // Titles directly before the run ("the Serbian president Vucic") count too.
        if title.is_none() && first < end {
            title = title_before(words, first);
        }
        if first < end {
            let n_words = end - first;
            let orgish = (first..end).any(|w| words.list[w].info.org)
                || words.list[first..end].iter().any(|w| w.info.speaker);
            let titled = title.is_some_and(|t| !words.list[t].info.org);
            let last_word = words.list[end - 1];
            let end_char = if last_word.possessive {
                last_word.end.saturating_sub(2)
            } else {
                last_word.end
            };
            // A single name right before a speech verb ("Trump said") is taken for a person.
            let speaks = words
                .list
                .get(end)
                .is_some_and(|w| w.info.verb && !w.cap && w.kind == WordKind::Alpha);
            out.push(Candidate {
                first,
                last: end,
                span: CharSpan::new(words.list[first].start, end_char),
                mention: None,
                person: !orgish && (n_words >= 2 || titled || speaks),
                in_quote: words.list[first].in_quote,
                title,
            });
        }
        i = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::scan_words;
    use dossier_core::Meta;

    #[test]
    fn fullest_name_and_pronoun() {
        let text =
            "Yesterday President Nikolai Patrushev met Mrs Ana Brnabic. Patrushev spoke. She left.";
        let doc = Doc::new(Meta::default(), text.to_string());
        let chars: Vec<char> = text.chars().collect();
        let words = scan_words(&chars);
        let mut names = Names::collect(&doc, &words);
        let texts: Vec<&str> = names.list.iter().map(|c| doc.slice(c.span)).collect();
        assert_eq!(texts, ["Nikolai Patrushev", "Ana Brnabic", "Patrushev"]);
        let surname = words.first_at(text.find("Patrushev spoke").unwrap_or(0) as u32);
        let speaker = names.speaker(&chars, &words, surname, surname + 1);
        assert_eq!(
            speaker.map(|s| s.name).as_deref(),
            Some("Nikolai Patrushev")
        );
        let she = words.len() - 3;
        assert!(words.is(she, "she"));
        let speaker = names.speaker(&chars, &words, she, she + 1);
        assert_eq!(speaker.map(|s| s.name).as_deref(), Some("Ana Brnabic"));
    }
}
