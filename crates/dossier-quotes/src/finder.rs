//! The quote rules: direct quotes from paired quotation marks and the cue next to them,
//! indirect quotes from speech verbs with a subject and a content clause, scare quotes
//! told apart, and the speaker of each resolved through [`crate::names`].
//!
//! Words used here: the *cue* is the verb or phrase that marks speech ("said", "according
//! to"); the *speaker phrase* is the noun phrase naming who spoke ("White House press
//! secretary Josh Earnest", "he"); the *content* is what was said.

use dossier_core::{CharSpan, Doc, Quote, QuoteKind, Speaker};

use crate::names::{is_non_name_cap, is_particle, pronoun_gender, Names};
use crate::scan::{find_quoted, scan_words, Quoted, WordKind, Words};

/// How many words a speaker phrase may have.
const MAX_PHRASE: usize = 10;

/// The attribution of one quote: its cue and speaker phrase (word ranges).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Attribution {
    /// Cue words `[start, end)`.
    cue: (usize, usize),
    /// Speaker phrase words `[start, end)`, if any.
    speaker: Option<(usize, usize)>,
}

/// A quote found, before speakers are resolved.
#[derive(Clone, Copy, Debug)]
struct Found {
    content: CharSpan,
    kind: QuoteKind,
    attribution: Option<Attribution>,
    /// Speaker inherited from an earlier quote (index into the found list).
    inherit: Option<usize>,
    /// A quotation inside a sentence ("X said the plan was “a disaster for all of us.”"):
    /// dropped when an indirect quote covers it, since the reported clause is the quote.
    partial: bool,
}

/// Finds the quotes of `doc` (which needs only its text and paragraphs; sentences are used
/// when present).
pub(crate) fn find_quotes(doc: &Doc) -> Vec<Quote> {
    let chars: Vec<char> = doc.text.chars().collect();
    let mut words = scan_words(&chars);
    let blocks = line_blocks(&chars, &doc.paragraphs);
    let quoted = find_quoted(&chars, &blocks);
    mark_quoted_words(&mut words, &quoted);
    let sentences = sentence_ranges(doc, &words);
    let mut found = direct_quotes(&words, &chars, &quoted, &blocks);
    indirect_quotes(&words, &sentences, &mut found);
    found.sort_by_key(|f| (f.content.start, f.content.end));
    let mut names = Names::collect(doc, &words);
    let mut speakers: Vec<Option<Speaker>> = Vec::with_capacity(found.len());
    let mut quotes = Vec::with_capacity(found.len());
    // Sorting moved quotes, so inherited speakers are looked up by content start.
    let mut resolved: Vec<(u32, Option<Speaker>)> = Vec::new();
    for item in &found {
        let speaker = match (item.kind, item.attribution, item.inherit) {
            (QuoteKind::Term, _, _) => None,
            (
                _,
                Some(Attribution {
                    speaker: Some((a, b)),
                    ..
                }),
                _,
            ) => names.speaker(&chars, &words, a, b),
            (_, _, Some(start)) => resolved
                .iter()
                .rev()
                .find(|(at, _)| *at as usize == start)
                .and_then(|(_, s)| s.clone()),
            _ => None,
        };
        resolved.push((item.content.start, speaker.clone()));
        speakers.push(speaker.clone());
        let cue = item.attribution.and_then(|a| {
            let first = words.list.get(a.cue.0)?;
            let last = words.list.get(a.cue.1.checked_sub(1)?)?;
            Some(CharSpan::new(first.start, last.end))
        });
        let sentence = doc
            .sentence_at(item.content.start)
            .unwrap_or_else(|| sentences.partition_point(|s| s.2 <= item.content.start))
            as u32;
        quotes.push(Quote {
            span: item.content,
            kind: item.kind,
            speaker,
            cue,
            sentence,
        });
    }
    quotes
}

/// The lines of each paragraph (trimmed, empty ones left out): some sources break
/// paragraphs with a single newline, and a quote never runs on past a line without a new
/// opening mark, so lines are the unit of quote pairing.
fn line_blocks(chars: &[char], paragraphs: &[CharSpan]) -> Vec<CharSpan> {
    let mut blocks = Vec::with_capacity(paragraphs.len());
    for paragraph in paragraphs {
        let end = (paragraph.end as usize).min(chars.len());
        let first = (paragraph.start as usize).min(end);
        let mut line_start = first;
        for idx in first..=end {
            if idx == end || chars[idx] == '\n' {
                let mut a = line_start;
                let mut b = idx;
                while a < b && chars[a].is_whitespace() {
                    a += 1;
                }
                while b > a && chars[b - 1].is_whitespace() {
                    b -= 1;
                }
                if b > a {
                    blocks.push(CharSpan::new(a as u32, b as u32));
                }
                line_start = idx + 1;
            }
        }
    }
    blocks
}

/// Marks the words inside top-level quotations.
///
/// Apostrophes that paired with nothing and follow a letter ("Sanders’ campaign") are
/// folded into the word before them as a possessive, so they break no phrase.
fn mark_quoted_words(words: &mut Words, quoted: &[Quoted]) {
    let mut used_marks: Vec<u32> = Vec::with_capacity(quoted.len() * 2);
    for q in quoted {
        used_marks.push(q.open);
        if let Some(close) = q.close {
            used_marks.push(close);
        }
    }
    used_marks.sort_unstable();
    let mut kept: Vec<crate::scan::Word> = Vec::with_capacity(words.list.len());
    for (idx, word) in words.list.iter().enumerate() {
        let stray_apostrophe = word.kind == WordKind::Quote
            && matches!(word.ch, '’' | '\'')
            && used_marks.binary_search(&word.start).is_err()
            && words
                .list
                .get(idx + 1)
                .is_none_or(|next| next.start > word.end);
        if let Some(prev) = kept.last_mut().filter(|prev| {
            stray_apostrophe && prev.kind == WordKind::Alpha && prev.end == word.start
        }) {
            prev.end = word.end;
            prev.possessive = true;
        } else {
            kept.push(*word);
        }
    }
    words.list = kept;
    for q in quoted {
        let first = words.first_at(q.content.start);
        let last = words.first_at(q.content.end);
        for word in words.list.iter_mut().take(last).skip(first) {
            word.in_quote = true;
        }
    }
}

/// Sentences as word ranges `[first, last)` with the code point where each ends: the doc's
/// own sentences when segmentation ran, otherwise a simple split of each paragraph at
/// sentence-final punctuation outside quotations.
fn sentence_ranges(doc: &Doc, words: &Words) -> Vec<(usize, usize, u32)> {
    if !doc.sentences.is_empty() {
        return doc
            .sentences
            .iter()
            .map(|s| {
                (
                    words.first_at(s.span.start),
                    words.first_at(s.span.end),
                    s.span.end,
                )
            })
            .collect();
    }
    let mut out = Vec::new();
    for paragraph in &doc.paragraphs {
        let first = words.first_at(paragraph.start);
        let last = words.first_at(paragraph.end);
        let mut start = first;
        for idx in first..last {
            let word = words.list[idx];
            let ends = word.kind == WordKind::Punct
                && matches!(word.ch, '.' | '!' | '?')
                && !word.in_quote
                && idx + 1 < last
                && words.list[idx + 1].cap
                && !(idx > 0 && is_abbreviation(words.lower(idx - 1)));
            if ends {
                out.push((start, idx + 1, word.end));
                start = idx + 1;
            }
        }
        if start < last {
            out.push((start, last, paragraph.end));
        }
    }
    out
}

/// Abbreviations after which a period does not end a sentence.
fn is_abbreviation(lower: &str) -> bool {
    matches!(
        lower,
        "mr" | "mrs"
            | "ms"
            | "dr"
            | "st"
            | "jr"
            | "sr"
            | "sen"
            | "rep"
            | "gov"
            | "gen"
            | "lt"
            | "col"
            | "sgt"
            | "capt"
            | "prof"
            | "no"
            | "vs"
            | "u.s"
            | "u.k"
            | "inc"
            | "corp"
    ) || (lower.chars().count() == 1)
}

/// True when word `idx` may belong to a speaker phrase.
fn is_phrase_word(words: &Words, idx: usize) -> bool {
    let Some(word) = words.list.get(idx) else {
        return false;
    };
    if word.kind != WordKind::Alpha || word.in_quote {
        return false;
    }
    let lower = words.lower(idx);
    if word.info.verb && !word.cap {
        return false;
    }
    (word.cap && !is_non_name_cap(lower))
        || word.info.speaker
        || word.info.title
        || is_particle(lower)
}

/// True when word `idx` may stand between a speaker phrase and its verb.
fn is_skippable(words: &Words, idx: usize) -> bool {
    words
        .list
        .get(idx)
        .is_some_and(|w| w.kind == WordKind::Alpha && !w.in_quote)
        && words.list[idx].info.skippable
}

/// True when word `idx` is a personal pronoun.
fn is_pronoun(words: &Words, idx: usize) -> bool {
    words.list.get(idx).is_some_and(|w| !w.in_quote) && pronoun_gender(words.lower(idx)).is_some()
}

/// True when word `idx` is a determiner or particle that cannot end or open a phrase.
fn is_function_word(words: &Words, idx: usize) -> bool {
    let lower = words.lower(idx);
    is_particle(lower) || matches!(lower, "the" | "a" | "an" | "and" | "for")
}

/// True when word `idx` is a determiner that opens a speaker phrase.
fn is_determiner(words: &Words, idx: usize) -> bool {
    matches!(
        words.lower(idx),
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "its"
            | "their"
            | "another"
            | "one"
            | "some"
            | "many"
            | "several"
            | "two"
            | "three"
            | "other"
            | "most"
    ) && words.list.get(idx).is_some_and(|w| !w.in_quote)
}

/// True for a lowercase word outside quotations that is not a cue or a function word:
/// a modifier or noun the lexicon does not know ("editorial", "pollster").
fn is_plain_lower(words: &Words, idx: usize) -> bool {
    words
        .list
        .get(idx)
        .is_some_and(|w| w.kind == WordKind::Alpha && !w.cap && !w.in_quote && !w.info.verb)
        && !is_function_word(words, idx)
        && !is_determiner(words, idx)
        && !is_skippable(words, idx)
        && !matches!(
            words.lower(idx),
            "that"
                | "who"
                | "which"
                | "as"
                | "but"
                | "and"
                | "or"
                | "nor"
                | "neither"
                | "either"
                | "not"
                | "whose"
                | "whom"
        )
}

/// True when a phrase `[first, last)` has a word that can name a speaker.
fn has_head(words: &Words, first: usize, last: usize) -> bool {
    if last > first + 1 && is_determiner(words, first) && is_plain_lower(words, last - 1) {
        return true;
    }
    (first..last).any(|idx| {
        let word = words.list[idx];
        word.info.title
            || (!is_function_word(words, idx)
                && (word.info.speaker || (word.cap && !is_non_name_cap(words.lower(idx)))))
    })
}

/// The speaker phrase ending just before the cue at `cue` (not reaching before `lo`).
fn phrase_before(words: &Words, lo: usize, cue: usize) -> Option<(usize, usize)> {
    let mut end = cue;
    while end > lo && is_skippable(words, end - 1) {
        end -= 1;
    }
    // An appositive between commas: "Trump, the Republican nominee, said".
    if end > lo && words.is_punct(end - 1, ',') {
        let floor = lo.max(end.saturating_sub(30));
        let mut comma = None;
        let mut k = end - 1;
        while k > floor {
            k -= 1;
            let word = words.list[k];
            if words.is_punct(k, ',') {
                comma = Some(k);
                break;
            }
            if word.kind != WordKind::Alpha
                && word.kind != WordKind::Number
                && !is_inner_period(words, k)
                && !(words.is_punct(k, '.') && words.is_punct(k + 1, ','))
                && !words.is_punct(k, '-')
            {
                break;
            }
        }
        let comma = comma?;
        // Any short stretch between commas reads as an appositive ("Steve Cohen, Democrat of
        // Tennessee, told"), as long as a name or noun phrase stands before it.
        if comma <= lo {
            return None;
        }
        end = comma;
        while end > lo && is_skippable(words, end - 1) {
            end -= 1;
        }
    }
    // A parenthesis after the name: "Sen. Marco Rubio (R-Fla.) said".
    if end > lo && words.is_punct(end - 1, ')') {
        let floor = lo.max(end.saturating_sub(10));
        let paren = (floor..end - 1).rev().find(|&k| words.is_punct(k, '('))?;
        end = paren;
    }
    if end == lo {
        return None;
    }
    if is_pronoun(words, end - 1) {
        return Some((end - 1, end));
    }
    let mut start = end;
    while start > lo
        && end - start < MAX_PHRASE
        && (is_phrase_word(words, start - 1) || is_inner_period(words, start - 1))
    {
        start -= 1;
    }
    while start < end
        && is_function_word(words, start)
        && !words.is(start, "the")
        && !words.is(start, "a")
        && !words.is(start, "an")
    {
        start += 1;
    }
    // Words the lexicon does not know, back to a determiner: "the editorial board", "The
    // New York businessman", "a prominent committee member".
    if !(start < end && is_determiner(words, start)) {
        let mut k = start;
        let mut n_plain = 0;
        while k > lo && end - k < MAX_PHRASE {
            if is_phrase_word(words, k - 1) && !is_determiner(words, k - 1) {
                k -= 1;
            } else if n_plain < 4 && is_plain_lower(words, k - 1) {
                n_plain += 1;
                k -= 1;
            } else {
                break;
            }
        }
        if k < start && k > lo && is_determiner(words, k - 1) {
            start = k - 1;
        }
    }
    (start < end && has_head(words, start, end)).then_some((start, end))
}

/// The speaker phrase starting just after word `from` ("said Patrushev, a former ...").
fn phrase_after(words: &Words, from: usize, limit: usize) -> Option<(usize, usize)> {
    if from < limit && is_pronoun(words, from) {
        return Some((from, from + 1));
    }
    // Up to three unknown lowercase words before a name: "said pollster Frank Luntz".
    let mut name_start = from;
    while name_start < limit && name_start - from < 3 && is_plain_lower(words, name_start) {
        name_start += 1;
    }
    if name_start > from
        && !words
            .list
            .get(name_start)
            .is_some_and(|w| w.cap && is_phrase_word(words, name_start))
    {
        name_start = from;
    }
    let mut end = name_start;
    let mut n_plain = 0;
    while end < limit && end - from < MAX_PHRASE {
        if is_phrase_word(words, end) || is_inner_period(words, end) {
            end += 1;
        } else if n_plain < 3
            && is_determiner(words, from)
            && !(n_plain > 0 && looks_like_verb(words, end))
            && (is_plain_lower(words, end)
                || words.list[end].kind == WordKind::Number && !words.list[end].in_quote)
        {
            // Modifiers after a determiner: "said a prominent committee member".
            n_plain += 1;
            end += 1;
        } else {
            break;
        }
    }
    while end > from && is_function_word(words, end - 1) {
        end -= 1;
    }
    (end > from && has_head(words, from, end)).then_some((from, end))
}

/// True when words `at` and `at + 1` are "according to".
fn is_according_to(words: &Words, at: usize) -> bool {
    words.is(at, "according") && words.is(at + 1, "to")
}

/// True when word `idx` ends a clause for the purposes of attribution search.
fn is_clause_end(words: &Words, idx: usize) -> bool {
    words.list.get(idx).is_none_or(|w| {
        w.kind == WordKind::Quote
            || (w.kind == WordKind::Punct
                && matches!(w.ch, '.' | '!' | '?' | ';' | '…')
                && !is_inner_period(words, idx)
                && !(w.ch == '.' && words.is_punct(idx + 1, ',')))
    })
}

/// True when word `idx` is the period of an abbreviation or initial inside a name
/// ("Mr. Putin", "Elaine C. Kamarck").
fn is_inner_period(words: &Words, idx: usize) -> bool {
    words.is_punct(idx, '.')
        && idx > 0
        && words
            .list
            .get(idx + 1)
            .is_some_and(|w| w.cap && w.kind == WordKind::Alpha)
        && words.list.get(idx - 1).is_some_and(|w| {
            w.kind == WordKind::Alpha
                && w.cap
                && (w.end - w.start == 1 || is_abbreviation(words.lower(idx - 1)) || w.info.title)
        })
}

/// The attribution right after a closing quotation mark: "…,” he said", "…,” said Trump".
/// `open_ended` is true when the quote ends in a comma (or ? or !) that asks for one, which
/// lets verbs outside the lexicon count ("…,” he surmised").
fn attribution_after(
    words: &Words,
    close: u32,
    limit: u32,
    open_ended: bool,
) -> Option<Attribution> {
    let n = words.len();
    let mut start = words.first_at(close + 1);
    while start < n
        && words.list[start].start < limit
        && matches!(words.list[start].kind, WordKind::Punct | WordKind::Quote)
        && (matches!(words.list[start].ch, ',' | '—' | '–' | '-' | '(')
            || (words.list[start].kind == WordKind::Quote && words.list[start].start <= close + 1))
    {
        start += 1;
    }
    let stop = words.first_at(limit).min(start + 30);
    // "“…” ― Jane Doe": a dash and a name closing the line.
    let dash = words.first_at(close + 1);
    if words
        .list
        .get(dash)
        .is_some_and(|w| w.kind == WordKind::Punct && matches!(w.ch, '―' | '—' | '–'))
    {
        if let Some(phrase) = phrase_after(words, dash + 1, stop) {
            if is_clause_end(words, phrase.1) || phrase.1 >= words.first_at(limit) {
                return Some(Attribution {
                    cue: (dash, dash + 1),
                    speaker: Some(phrase),
                });
            }
        }
    }
    lexicon_cue_after(words, start, stop, limit).or_else(|| {
        if open_ended {
            unknown_verb_after(words, start, stop)
        } else {
            None
        }
    })
}

/// A cue from the lexicon after a quote, with its speaker phrase.
fn lexicon_cue_after(words: &Words, start: usize, stop: usize, limit: u32) -> Option<Attribution> {
    for idx in start..stop {
        if is_clause_end(words, idx) {
            return None;
        }
        if is_according_to(words, idx) && idx == start {
            return Some(Attribution {
                cue: (idx, idx + 2),
                speaker: phrase_after(words, idx + 2, stop),
            });
        }
        let word = words.list[idx];
        if !(word.info.verb && word.kind == WordKind::Alpha && !word.cap) {
            continue;
        }
        if idx == start {
            let speaker = phrase_after(words, idx + 1, words.first_at(limit))?;
            return Some(Attribution {
                cue: (idx, idx + 1),
                speaker: Some(speaker),
            });
        }
        let (first, last) = phrase_before(words, start, idx)?;
        // The phrase must open right after the quote ("…,” the ministry said"), or after a
        // few words the lexicon does not know ("…,” former policy planning director X wrote").
        let lead_in_ok = first == start
            || (first - start <= 5
                && !is_pronoun(words, first)
                && (start..first).all(|w| {
                    (is_plain_lower(words, w) && !is_conjunction(words.lower(w)))
                        || is_phrase_word(words, w)
                }));
        if !lead_in_ok {
            return None;
        }
        return Some(Attribution {
            cue: (idx, idx + 1),
            speaker: Some((start, last)),
        });
    }
    None
}

/// The subject opening the clause `[lo, cue)`: at its start, or after an introductory
/// phrase ending in a comma ("Before the convention, Police Chief Calvin Williams lobbied
/// to …, saying").
fn clause_subject(words: &Words, lo: usize, cue: usize) -> Option<(usize, usize)> {
    let after_intro = (lo..cue).find(|&w| words.is_punct(w, ',')).map(|c| c + 1);
    [Some(lo), after_intro]
        .into_iter()
        .flatten()
        .filter(|&start| start < cue)
        .find_map(|start| {
            let phrase = phrase_after(words, start, cue)?;
            let next = words.list.get(phrase.1)?;
            (phrase.0 == start && next.kind == WordKind::Alpha && !next.cap).then_some(phrase)
        })
}

/// Subordinating words that open a clause, never a speaker phrase.
fn is_conjunction(lower: &str) -> bool {
    matches!(
        lower,
        "when"
            | "where"
            | "while"
            | "if"
            | "because"
            | "after"
            | "before"
            | "since"
            | "until"
            | "as"
            | "so"
            | "then"
            | "than"
            | "though"
            | "although"
            | "whether"
            | "once"
    )
}

/// True when word `idx` looks like a past-tense or present verb outside the lexicon.
fn looks_like_verb(words: &Words, idx: usize) -> bool {
    let lower = words.lower(idx);
    words
        .list
        .get(idx)
        .is_some_and(|w| w.kind == WordKind::Alpha && !w.cap && !w.in_quote && !w.possessive)
        && lower.len() > 3
        && (lower.ends_with("ed") || lower.ends_with('s'))
        && !is_function_word(words, idx)
}

/// "…,” he surmised" and "…,” posited Jane Doe": a verb outside the lexicon next to a name.
fn unknown_verb_after(words: &Words, start: usize, stop: usize) -> Option<Attribution> {
    if start >= stop {
        return None;
    }
    if looks_like_verb(words, start) && words.lower(start).ends_with("ed") {
        let speaker = phrase_after(words, start + 1, stop)?;
        return Some(Attribution {
            cue: (start, start + 1),
            speaker: Some(speaker),
        });
    }
    let (first, last) = phrase_after(words, start, stop)?;
    let mut verb = last;
    while verb < stop && is_skippable(words, verb) {
        verb += 1;
    }
    (first == start && verb < stop && looks_like_verb(words, verb)).then_some(Attribution {
        cue: (verb, verb + 1),
        speaker: Some((first, last)),
    })
}

/// The attribution just before an opening quotation mark: "He added: “…", "Trump told
/// reporters, “…", "according to the ministry, “…".
fn attribution_before(words: &Words, open: u32, floor: u32) -> Option<Attribution> {
    let mut mark = words.first_at(open);
    // The first half of a doubled '' mark.
    while mark > 0
        && words
            .list
            .get(mark - 1)
            .is_some_and(|w| w.kind == WordKind::Quote && w.end == open)
    {
        mark -= 1;
    }
    let before = mark.checked_sub(1)?;
    let lead = words.list.get(before)?;
    let leads_in = (lead.kind == WordKind::Punct && matches!(lead.ch, ':' | ',' | '—' | '–'))
        || words.is(before, "that")
        || (lead.info.verb && !lead.cap);
    if !leads_in {
        return None;
    }
    let lo_word = words.first_at(floor);
    let mut lo = before;
    while lo > lo_word && !is_clause_end(words, lo - 1) {
        lo -= 1;
    }
    let mut idx = before + 1;
    while idx > lo {
        idx -= 1;
        if before - idx > 9 {
            return None;
        }
        let word = words.list[idx];
        if word.in_quote {
            return None;
        }
        if is_according_to(words, idx) {
            return Some(Attribution {
                cue: (idx, idx + 2),
                speaker: phrase_after(words, idx + 2, before + 1),
            });
        }
        if word.info.verb && word.kind == WordKind::Alpha && !word.cap {
            // A participle ("… an email to supporters stating, “…"): its subject opens the
            // clause; the phrase just before it is usually an object.
            let participle = words.lower(idx).ends_with("ing")
                && !words
                    .list
                    .get(idx.wrapping_sub(1))
                    .is_some_and(|w| w.info.skippable);
            let speaker = participle
                .then(|| clause_subject(words, lo, idx))
                .flatten()
                .or_else(|| phrase_before(words, lo, idx))
                .or_else(|| {
                    // After a verb that takes a hearer ("telling the crowd, “…"), the phrase
                    // is the hearer, not the speaker.
                    phrase_after(words, idx + 1, before + 1)
                        .filter(|_| !words.list[idx].info.takes_object)
                })
                .or_else(|| {
                    // "Bush hit back, tweeting: “…" and "Trump called on her to resign and
                    // said, “…": the verb's subject opens the sentence.
                    if words.lower(idx).ends_with("ing") || (idx > 0 && words.is(idx - 1, "and")) {
                        clause_subject(words, lo, idx)
                    } else {
                        None
                    }
                });
            speaker?;
            return Some(Attribution {
                cue: (idx, idx + 1),
                speaker,
            });
        }
    }
    // "Mark Doe, an analyst at a bank, agreed: “…": a colon after a verb the lexicon does not
    // know, with a name opening the sentence.
    if words.is_punct(before, ':') {
        let (first, last) = phrase_after(words, lo, before)?;
        let mut verb = last;
        if words.is_punct(verb, ',') {
            verb = (verb + 1..before).find(|&w| words.is_punct(w, ','))? + 1;
        }
        while verb < before && is_skippable(words, verb) {
            verb += 1;
        }
        if first == lo && verb + 1 == before && looks_like_verb(words, verb) {
            return Some(Attribution {
                cue: (verb, verb + 1),
                speaker: Some((first, last)),
            });
        }
    }
    None
}

/// Direct quotes and terms from the quoted spans.
fn direct_quotes(
    words: &Words,
    chars: &[char],
    quoted: &[Quoted],
    blocks: &[CharSpan],
) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::with_capacity(quoted.len());
    // For each quote, how its attribution was found (after or before it), for continuations.
    let mut after_of: Vec<bool> = Vec::with_capacity(quoted.len());
    for (q_idx, q) in quoted.iter().enumerate() {
        let paragraph_end = blocks
            .get(q.last_paragraph)
            .map_or(q.content.end, |p| p.end);
        let paragraph_start = blocks.get(q.paragraph).map_or(0, |p| p.start);
        let next_open = quoted
            .get(q_idx + 1)
            .filter(|next| next.paragraph == q.last_paragraph)
            .map_or(paragraph_end, |next| next.open);
        let prev = q_idx.checked_sub(1).and_then(|p| quoted.get(p));
        let floor = prev
            .filter(|p| p.last_paragraph == q.paragraph)
            .and_then(|p| p.close)
            .map_or(paragraph_start, |c| c + 1);
        let open_ended = last_char(chars, q.content).is_some_and(|c| matches!(c, ',' | '?' | '!'))
            || q.close
                .and_then(|c| chars.get(c as usize + 1))
                .is_some_and(|c| *c == ',');
        let after = q
            .close
            .and_then(|close| attribution_after(words, close, next_open, open_ended));
        let before = if after.is_none() {
            attribution_before(words, q.open, floor)
        } else {
            None
        };
        // Introduced by a cue and a colon or comma ("and said, “We’ll see.”"): a quote,
        // however short.
        let introduced = before.is_some() && {
            let mark = words.first_at(q.open);
            (mark.saturating_sub(2)..mark).any(|w| words.is_punct(w, ':') || words.is_punct(w, ','))
        };
        let n_words = count_words(words, q.content);
        let ends_in_punct = last_char(chars, q.content)
            .is_some_and(|c| matches!(c, '.' | ',' | '!' | '?' | '…' | ':'));
        let opens_sentence = opens_sentence(chars, q.open, paragraph_start);
        let own = after.or(before);
        let mut item = Found {
            content: q.content,
            kind: QuoteKind::Direct,
            attribution: own,
            inherit: None,
            partial: !opens_sentence,
        };
        if own.is_none() {
            // An interrupted quote: "…,” he said. “…" takes the speaker of the part before.
            let previous = found.len().checked_sub(1);
            let continued = previous.filter(|&p| {
                let prev_q = quoted[p];
                let prev_found = found[p];
                prev_q.last_paragraph + 1 >= q.paragraph
                    && prev_found.kind == QuoteKind::Direct
                    && (prev_found.attribution.is_some() || prev_found.inherit.is_some())
                    && (after_of[p]
                        || prev_q.last_paragraph < q.paragraph
                        || prev_found.inherit.is_some())
            });
            let long = n_words >= 5 || (ends_in_punct && n_words >= 2);
            // Right after the attribution of the part before: "“The risk,” said X, “is …".
            let after_previous_attribution = continued.is_some_and(|p| {
                let between = quoted[p].close.map_or(q.open, |c| c + 1) as usize..q.open as usize;
                let gap = chars.get(between).unwrap_or(&[]);
                after_of[p]
                    && quoted[p].last_paragraph == q.paragraph
                    && !opens_sentence
                    && gap.iter().rev().find(|c| !c.is_whitespace()) == Some(&',')
                    && !gap.iter().any(|c| matches!(c, '.' | '!' | '?'))
            });
            if (opens_sentence && long || after_previous_attribution) && continued.is_some() {
                item.inherit = continued.map(|p| found[p].inherit.unwrap_or(p));
                item.attribution = continued.and_then(|p| {
                    let a = found[p].attribution?;
                    Some(Attribution {
                        cue: a.cue,
                        speaker: None,
                    })
                });
            } else if n_words <= 4
                || title_like(words, q.content)
                || (!ends_in_punct && !opens_sentence)
            {
                item.kind = QuoteKind::Term;
            }
        } else if n_words == 0
            || (!introduced && !opens_sentence && n_words <= 3)
            || (!introduced && title_like(words, q.content) && n_words <= 12 && !opens_sentence)
        {
            item.kind = QuoteKind::Term;
            item.attribution = None;
        }
        after_of.push(after.is_some());
        found.push(item);
    }
    // Inherited speakers point at the content start of the quote they come from.
    let starts: Vec<u32> = found.iter().map(|f| f.content.start).collect();
    for item in found.iter_mut() {
        if let Some(p) = item.inherit {
            item.inherit = starts.get(p).map(|s| *s as usize);
        }
    }
    found
}

/// Number of words (letters or digits) in `span`.
fn count_words(words: &Words, span: CharSpan) -> usize {
    let first = words.first_at(span.start);
    let last = words.first_at(span.end);
    words.list[first..last.max(first)]
        .iter()
        .filter(|w| matches!(w.kind, WordKind::Alpha | WordKind::Number))
        .count()
}

/// The last character of `span`.
fn last_char(chars: &[char], span: CharSpan) -> Option<char> {
    span.end
        .checked_sub(1)
        .and_then(|i| chars.get(i as usize))
        .copied()
}

/// True when the quote opening at `open` starts a sentence (nothing but a sentence end, a
/// colon or a dash before it in the paragraph).
fn opens_sentence(chars: &[char], open: u32, paragraph_start: u32) -> bool {
    let mut idx = open as usize;
    while idx > paragraph_start as usize {
        idx -= 1;
        let c = chars.get(idx).copied().unwrap_or(' ');
        if c.is_whitespace() || (c == '\'' && idx + 1 == open as usize) {
            continue;
        }
        return matches!(
            c,
            '.' | '!' | '?' | ':' | '—' | '–' | '(' | '”' | '»' | '"' | '›' | '’' | '…'
        );
    }
    true
}

/// True when most words of `span` are capitalised, as in titles of books, films and laws.
fn title_like(words: &Words, span: CharSpan) -> bool {
    let first = words.first_at(span.start);
    let last = words.first_at(span.end).max(first);
    let alpha: Vec<bool> = words.list[first..last]
        .iter()
        .filter(|w| w.kind == WordKind::Alpha && w.end - w.start > 3)
        .map(|w| w.cap)
        .collect();
    !alpha.is_empty() && alpha.iter().filter(|c| **c).count() * 3 >= alpha.len() * 2
}

/// Indirect quotes: "X said (that) …", "…, X said", "according to X, …", "X told Y that …".
fn indirect_quotes(words: &Words, sentences: &[(usize, usize, u32)], found: &mut Vec<Found>) {
    let direct: Vec<CharSpan> = found
        .iter()
        .filter(|f| f.kind == QuoteKind::Direct && !f.partial)
        .map(|f| f.content)
        .collect();
    let mut cues_used: Vec<usize> = found
        .iter()
        .filter(|f| !f.partial)
        .filter_map(|f| f.attribution.map(|a| a.cue.0))
        .collect();
    let n_direct = found.len();
    for &(s_first, s_last, s_end) in sentences {
        let mut taken: Option<CharSpan> = None;
        for idx in s_first..s_last {
            let word = words.list[idx];
            if word.in_quote || word.kind != WordKind::Alpha || cues_used.contains(&idx) {
                continue;
            }
            let candidate = if is_according_to(words, idx) {
                according_to(words, s_first, s_last, s_end, idx)
            } else if word.info.verb && !word.cap {
                speech_verb(words, s_first, s_last, s_end, idx)
            } else {
                None
            };
            let Some((content, second, attribution)) = candidate else {
                continue;
            };
            let taken_before = taken;
            let acceptable = |span: CharSpan| {
                count_words(words, span) >= 1
                    && !taken_before.is_some_and(|t| t.overlaps(span))
                    && !direct
                        .iter()
                        .any(|d| overlap_len(*d, span) * 2 > span.len().min(d.len()))
            };
            if count_words(words, content) + second.map_or(0, |s| count_words(words, s)) < 3
                || !acceptable(content)
            {
                continue;
            }
            taken = Some(content);
            cues_used.push(idx);
            found.push(Found {
                content,
                kind: QuoteKind::Indirect,
                attribution: Some(attribution),
                inherit: None,
                partial: false,
            });
            if let Some(second) = second.filter(|s| acceptable(*s)) {
                taken = Some(CharSpan::new(content.start, second.end));
                found.push(Found {
                    content: second,
                    kind: QuoteKind::Indirect,
                    attribution: Some(attribution),
                    inherit: None,
                    partial: false,
                });
            }
        }
    }
    let indirect: Vec<CharSpan> = found[n_direct..].iter().map(|f| f.content).collect();
    // The indirect span may stop before the comma and mark that end the quotation.
    found.retain(|f| {
        !(f.partial
            && f.kind == QuoteKind::Direct
            && indirect
                .iter()
                .any(|i| i.start <= f.content.start && i.end + 2 >= f.content.end))
    });
    // A quotation continuing a sentence in lower case with no cue of its own ("the race “is
    // a dead heat right now”") is reported speech with quoted words, not a direct quote.
    for item in found.iter_mut() {
        let continues_sentence = words
            .list
            .get(words.first_at(item.content.start))
            .is_some_and(|w| w.kind == WordKind::Alpha && !w.cap);
        if item.partial
            && item.kind == QuoteKind::Direct
            && item.attribution.is_none()
            && item.inherit.is_none()
            && continues_sentence
        {
            item.kind = QuoteKind::Indirect;
            // Its speaker is the subject of the nearest cue before it in the sentence
            // ("Clinton said the race “is a dead heat”").
            let sentence_idx = sentences.partition_point(|s| s.2 <= item.content.start);
            let s_first = sentences.get(sentence_idx).map_or(0, |s| s.0);
            let quote_word = words.first_at(item.content.start);
            item.attribution = (s_first..quote_word.min(words.len()))
                .rev()
                .filter(|&w| {
                    let word = words.list[w];
                    word.info.verb && !word.cap && !word.in_quote && word.kind == WordKind::Alpha
                })
                .find_map(|w| {
                    let speaker = phrase_before(words, s_first, w)?;
                    Some(Attribution {
                        cue: (w, w + 1),
                        speaker: Some(speaker),
                    })
                });
        }
    }
}

/// Length of the overlap of two spans.
fn overlap_len(a: CharSpan, b: CharSpan) -> u32 {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// The span from word `first` to the end of the sentence, without final punctuation.
fn span_to_end(words: &Words, first: usize, s_last: usize, s_end: u32) -> Option<CharSpan> {
    let mut last = s_last;
    while last > first
        && words.list.get(last - 1).is_some_and(|w| {
            w.kind == WordKind::Punct && matches!(w.ch, '.' | '!' | '?' | ',' | ';' | ':')
        })
    {
        last -= 1;
    }
    let start = words.list.get(first)?.start;
    let end = words.list.get(last.checked_sub(1)?)?.end.min(s_end);
    (end > start).then(|| CharSpan::new(start, end))
}

/// The span of words `[first, last)`, trimmed of punctuation at the end.
fn span_of(words: &Words, first: usize, mut last: usize) -> Option<CharSpan> {
    while last > first
        && words
            .list
            .get(last - 1)
            .is_some_and(|w| w.kind == WordKind::Punct)
    {
        last -= 1;
    }
    let start = words.list.get(first)?.start;
    let end = words.list.get(last.checked_sub(1)?)?.end;
    (end > start && last > first).then(|| CharSpan::new(start, end))
}

/// The word after the hearer of "told": "told him", "told reporters", "told the BBC",
/// "told Reuters"; `from` itself when no hearer is seen.
fn skip_hearer(words: &Words, from: usize, s_last: usize) -> usize {
    let mut at = from;
    if matches!(words.lower(at), "the" | "a" | "an") {
        at += 1;
    }
    if at < s_last && words.list[at].info.hearer && !matches!(words.lower(at), "the" | "a" | "an") {
        return at + 1;
    }
    let mut end = at;
    while end < s_last
        && end - at < 6
        && words
            .list
            .get(end)
            .is_some_and(|w| w.cap && w.kind == WordKind::Alpha && !w.in_quote)
    {
        end += 1;
    }
    if end > at {
        end
    } else {
        from
    }
}

/// "According to X, …", "…, according to X." and "…, according to X, …".
fn according_to(
    words: &Words,
    s_first: usize,
    s_last: usize,
    s_end: u32,
    idx: usize,
) -> Option<Reported> {
    // The source runs to the next comma or the sentence end: "according to complete but
    // unofficial returns", "according to a fact sheet lawmakers released Monday".
    let source_start = idx + 2;
    let mut source_end = source_start;
    while source_end < s_last
        && source_end - source_start < 14
        && !words.is_punct(source_end, ',')
        && !is_clause_end(words, source_end)
    {
        source_end += 1;
    }
    while source_end > source_start
        && words
            .list
            .get(source_end - 1)
            .is_some_and(|w| w.kind != WordKind::Alpha && w.kind != WordKind::Number)
    {
        source_end -= 1;
    }
    if source_end == source_start {
        return None;
    }
    let speaker = phrase_after(words, source_start, source_end)
        .filter(|p| p.1 == source_end)
        .unwrap_or((source_start, source_end));
    let attribution = Attribution {
        cue: (idx, idx + 2),
        speaker: Some(speaker),
    };
    let before = (idx > s_first + 1 && words.is_punct(idx - 1, ','))
        .then(|| span_of(words, s_first, idx - 1))
        .flatten();
    let after = words
        .is_punct(source_end, ',')
        .then(|| span_to_end(words, source_end + 1, s_last, s_end))
        .flatten()
        .filter(|span| count_words(words, *span) >= 3);
    match (after, before) {
        (Some(after), before) => {
            // The part before is content too ("Fundraising, according to the campaign, has
            // surged"), unless it is an introductory phrase ("In addition, …").
            let intro = words.list[s_first].info.preposition
                || words.list[s_first].info.non_name
                || words.list[s_first].info.skippable;
            let before = before.filter(|_| !intro);
            Some(match before {
                Some(before) => (before, Some(after), attribution),
                None => (after, None, attribution),
            })
        }
        (None, Some(before)) => Some((before, None, attribution)),
        (None, None) => None,
    }
}

/// An indirect quote found at one cue: its content, a second content piece when the
/// attribution sits inside the sentence ("Many closures, he said, were public ones"),
/// and the attribution.
type Reported = (CharSpan, Option<CharSpan>, Attribution);

/// True when the words from `after` to the sentence end are only a short tail that may
/// follow a final attribution ("…, X said in a statement on Monday.").
fn tail_is_short(words: &Words, after: usize, s_last: usize) -> bool {
    let mut end = s_last;
    while end > after
        && words
            .list
            .get(end - 1)
            .is_some_and(|w| matches!(w.kind, WordKind::Punct | WordKind::Quote))
    {
        end -= 1;
    }
    if after >= end {
        return true;
    }
    let first = words.lower(after);
    let opens_tail = words.list.get(after).is_some_and(|w| w.info.preposition)
        || is_skippable(words, after)
        || matches!(
            first,
            "late" | "earlier" | "yesterday" | "today" | "afterward" | "afterwards"
        );
    end - after <= 8 && opens_tail && !(after..end).any(|w| words.is(w, "that"))
}

/// "X said (that) …", "X told Y that …", "…, X said", "…, said X", "…, X said, …".
fn speech_verb(
    words: &Words,
    s_first: usize,
    s_last: usize,
    s_end: u32,
    idx: usize,
) -> Option<Reported> {
    let info = words.list[idx].info;
    // An -ing form is a verb here only after an auxiliary or as a participle after a comma
    // or "and"; otherwise it is a noun ("a clear warning").
    if words.lower(idx).ends_with("ing") {
        let prev = idx.checked_sub(1)?;
        let verbal = words.is_punct(prev, ',')
            || matches!(
                words.lower(prev),
                "is" | "was" | "are" | "were" | "been" | "be" | "am" | "and" | "also" | "not"
            );
        if !verbal {
            return None;
        }
    }
    let subject = phrase_before(words, s_first, idx).or_else(|| {
        // "… and said she had been hurt": the subject opens the clause.
        if idx > s_first && matches!(words.lower(idx - 1), "and" | "but") {
            clause_subject(words, s_first, idx - 1)
        } else {
            None
        }
    });
    // "…, X said [in a statement]." and "…, said X.": the content is what comes before.
    // The comma may sit inside a closing quotation mark: 'They "were finger marks," he wrote'.
    let is_comma = |c: usize| {
        c > s_first
            && (words.is_punct(c, ',')
                || (words.list[c].kind == WordKind::Quote
                    && c > s_first + 1
                    && words.is_punct(c - 1, ',')))
    };
    let comma_before = match subject {
        Some((first, _)) => first.checked_sub(1).filter(|&c| is_comma(c)),
        None => idx.checked_sub(1).filter(|&c| is_comma(c)),
    };
    if let Some(comma) = comma_before {
        let speaker = subject.or_else(|| phrase_after(words, idx + 1, s_last))?;
        let mut after = if subject.is_some() {
            idx + 1
        } else {
            speaker.1
        };
        if info.takes_object && !words.is(after, "that") {
            after = skip_hearer(words, after, s_last);
        }
        let attribution = Attribution {
            cue: (idx, idx + 1),
            speaker: Some(speaker),
        };
        if tail_is_short(words, after, s_last) {
            return Some((span_of(words, s_first, comma)?, None, attribution));
        }
        if words.is_punct(after, ',') {
            // A parenthetical attribution: the content is on both sides of it.
            let mut second = after + 1;
            if words.is(second, "that") {
                second += 1;
            }
            let first_part = span_of(words, s_first, comma)?;
            let second_part = span_to_end(words, second, s_last, s_end);
            return Some((first_part, second_part, attribution));
        }
    }
    let subject = subject?;
    // "cited X as saying …": the speaker is the object.
    let (speaker, mut rest, cue) =
        if matches!(words.lower(idx), "cited" | "quoted" | "cites" | "quotes") {
            let object = phrase_after(words, idx + 1, s_last)?;
            if !(words.is(object.1, "as")
                && words.list.get(object.1 + 1).is_some_and(|w| w.info.verb))
            {
                return None;
            }
            (object, object.1 + 2, object.1 + 1)
        } else {
            (subject, idx + 1, idx)
        };
    if info.takes_object && !words.is(rest, "that") {
        rest = skip_hearer(words, rest, s_last);
    }
    let lower = words.lower(idx);
    // "asked (him) whether …", "asked the crowd to …": a question or a request.
    if matches!(lower, "asked" | "asks" | "asking") {
        let mut after = rest;
        if !matches!(
            words.lower(after),
            "whether" | "if" | "who" | "what" | "why" | "how" | "when" | "which" | "where"
        ) {
            after = skip_hearer(words, rest, s_last);
        }
        let opens = matches!(
            words.lower(after),
            "whether" | "if" | "who" | "what" | "why" | "how" | "when" | "which" | "where" | "to"
        );
        if opens && after > idx {
            let content = span_to_end(words, after, s_last, s_end)?;
            return Some((
                content,
                None,
                Attribution {
                    cue: (idx, idx + 1),
                    speaker: Some(speaker),
                },
            ));
        }
    }
    // "called the program “worse than amnesty”": what was said of someone, in quotes.
    if matches!(lower, "called" | "calls" | "calling") {
        let quote_mark = (rest..s_last.min(rest + 8))
            .find(|&w| words.list[w].kind == WordKind::Quote || words.list[w].in_quote);
        if quote_mark.is_some_and(|m| m > rest) {
            let content = span_to_end(words, rest, s_last, s_end)?;
            return Some((
                content,
                None,
                Attribution {
                    cue: (idx, idx + 1),
                    speaker: Some(speaker),
                },
            ));
        }
        return None;
    }
    let mut has_that = false;
    if words.is(rest, "that") {
        rest += 1;
        has_that = true;
    } else if words.list.get(rest).is_some_and(|w| w.info.preposition) || words.is_punct(rest, ',')
    {
        // "said in a statement on Monday that …", "said, among other things, that …".
        if let Some(that) = (rest..s_last.min(rest + 15)).find(|&w| words.is(w, "that")) {
            if (rest..that).all(|w| words.list[w].kind != WordKind::Punct || words.is_punct(w, ','))
            {
                rest = that + 1;
                has_that = true;
            }
        }
    }
    if info.needs_that && !has_that && cue == idx {
        return None;
    }
    // "believe in …", "thought about …": a preposition bound to the verb opens no content.
    let cognition = matches!(
        words.lower(idx),
        "believe" | "believes" | "believed" | "think" | "thinks" | "thought"
    );
    if cognition && !has_that && matches!(words.lower(rest), "in" | "about" | "of") {
        return None;
    }
    let next = words.list.get(rest)?;
    // A colon or comma then a quotation mark introduces a direct quote, handled elsewhere.
    if next.kind == WordKind::Punct || (next.kind == WordKind::Quote && !has_that) {
        return None;
    }
    if rest >= s_last {
        return None;
    }
    let content = span_to_end(words, rest, s_last, s_end)?;
    // Without "that", a short object is rarely reported speech ("confirmed the fact").
    if !has_that && count_words(words, content) < 4 {
        return None;
    }
    Some((
        content,
        None,
        Attribution {
            cue: (cue, cue + 1),
            speaker: Some(speaker),
        },
    ))
}
